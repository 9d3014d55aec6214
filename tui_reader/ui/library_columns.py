"""How the library's table fits the terminal: its columns, their widths, its cut cells.

The title and the file are what tell articles apart (two clippings of one
story often share a title, never a path), so they get the room the other
columns leave: the whole path when it fits beside a readable title, else the
whole title when the file's name fits beside it, else the path's end cut at a
folder, so that the file's name and the folder nearest it show. At 80 columns
the other columns alone would nearly fill the row, so the time of "last
opened" goes first, then the column, before the title and the file are cut
any shorter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text

from tui_reader.display import display_text
from tui_reader.library import STATUSES, TABLE_COLUMNS, LibraryEntry

TABLE_MARGIN = 4
"""Cells of the screen the table does not get: its scroll bar and its edges."""
PADDING = 2
"""Cells of padding a column has, one either side."""
MIN_TITLE = 16
"""The title is never cut shorter (a table still too wide scrolls sideways)."""
TITLE_BESIDE_PATH = 24
"""The least title the whole path is shown beside; with less room, the path is cut."""
SHORT_FILE, MIN_FILE = 24, 12
"""The file's room before dates are shortened, and the least it is ever given."""
MISSING = "missing (l to locate)"
TITLE, STATUS, LAST_OPENED, FILE = 0, 1, TABLE_COLUMNS.index("last opened"), len(TABLE_COLUMNS) - 1


@dataclass(frozen=True)
class FittedTable:
    """The library's table as shown at one width."""

    headings: list[str]
    widths: list[int]
    rows: list[list[Text]]


def library_table(entries: Sequence[LibraryEntry], available: int) -> FittedTable:
    """The table of `entries` fitted to `available` cells (see the module's docstring)."""
    cells = [list(entry.cells()) for entry in entries]
    paths = [None if entry.missing else shown_path(entry.record.path) for entry in entries]
    headings = list(TABLE_COLUMNS)
    widths = [
        max([len(heading), *(cell_len(row[i]) for row in cells)])
        for i, heading in enumerate(headings[:FILE])
    ]
    widths[STATUS] = max(widths[STATUS], *(len(status) for status in STATUSES))
    file_width = max([len("file"), *(cell_len(p) if p else len(MISSING) for p in paths)])
    title_width, widths = widths[TITLE], widths[TITLE + 1 :]

    def room() -> int:  # for the title and the file together
        return available - sum(widths) - PADDING * (len(widths) + 2)

    least = MIN_TITLE + min(file_width, SHORT_FILE)
    dates = LAST_OPENED - 1  # its index among the columns between title and file
    if room() < least and dates < len(widths):  # the day is enough to tell them apart
        for row in cells:
            row[LAST_OPENED] = row[LAST_OPENED][:10]
        widths[dates] = max(len(headings[LAST_OPENED]), *(len(r[LAST_OPENED]) for r in cells))
    if room() < least:  # then without it
        del widths[dates], headings[LAST_OPENED]
        for row in cells:
            del row[LAST_OPENED]
    title, file = _title_and_file(room(), title_width, file_width, paths)
    rows = []
    for row, path in zip(cells, paths, strict=True):
        shown = [_cut_end(display_text(row[TITLE]), title), *map(display_text, row[1:])]
        if path is None:
            shown.append(_cut_end(Text(MISSING, style="bold red"), file))
        else:
            shown.append(display_text(cut_path(path, file), style="dim"))
        rows.append(shown)
    return FittedTable(headings, [title, *widths, file], rows)


def _title_and_file(
    room: int, title_width: int, file_width: int, paths: Sequence[str | None]
) -> tuple[int, int]:
    """How `room` cells are shared between the title and the file: both whole; else the
    whole path beside a readable title; else the whole title beside the file's name;
    else the file's name and folder (or its name, or what is left beside the least
    title), the title the rest."""
    if title_width + file_width <= room:
        return title_width, file_width
    if room - file_width >= TITLE_BESIDE_PATH:
        return room - file_width, file_width
    shown = [path for path in paths if path]
    name = min(max((cell_len(_end(p, 1)) for p in shown), default=MIN_FILE), file_width)
    if room - title_width >= name:
        return title_width, room - title_width
    folder = min(max((cell_len(_end(p, 2)) for p in shown), default=MIN_FILE), file_width)
    file = next((w for w in (folder, name) if room - w >= MIN_TITLE), room - MIN_TITLE)
    file = max(file, MIN_FILE)
    title = min(max(room - file, MIN_TITLE), title_width)
    return title, min(max(room - title, file), file_width)


def shown_path(path: str) -> str:
    """A path as the library shows it: under the home directory, from ~."""
    try:
        return "~/" + Path(path).relative_to(Path.home()).as_posix()
    except (ValueError, RuntimeError):  # elsewhere, or no home directory known
        return path


def _end(path: str, parts: int) -> str:
    """The last `parts` parts of `path` after an ellipsis: …/march/vote.txt for 2."""
    pieces = path.rsplit("/", parts)
    return path if len(pieces) <= parts else "…/" + "/".join(pieces[1:])


def cut_path(path: str, width: int) -> str:
    """`path` in at most `width` cells: its end, cut at a folder where it can be (…/a/b.txt),
    else the end of the file's name."""
    if cell_len(path) <= width:
        return path
    for index, character in enumerate(path):
        if character == "/" and cell_len(path[index:]) < width:
            return "…" + path[index:]
    start = 0
    while cell_len(path[start:]) > width - 1:
        start += 1
    return "…" + path[start:]


def _cut_end(cell: Text, width: int) -> Text:
    """`cell` in at most `width` cells, an ellipsis at its end where it was cut."""
    if cell.cell_len <= width:
        return cell
    cut = cell.copy()
    cut.truncate(width, overflow="ellipsis")
    return cut
