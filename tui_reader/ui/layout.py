"""Soft-wrapping an article into screen rows, fast enough for a 50 MB file.

The rows are kept as one flat array of start offsets into the text: a screen row
maps to text with an index, and an offset to a row with a bisection. Wrapping is
done by one compiled regular expression per width, which runs in C; only lines
holding wide or zero-width characters (CJK, emoji, combining marks) take the
slower, cell-aware path, because there one code point is not one cell.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from functools import lru_cache

from rich.cells import cell_len, get_character_cell_size

# Characters known to take exactly one cell: Latin (with extensions), Greek,
# Cyrillic, common punctuation and currency. A line with anything else is
# measured cell by cell before it is trusted to the fast path.
_MAYBE_NOT_ONE_CELL = re.compile(
    "[^\x00-\u02ff\u0370-\u0482\u048a-\u052f\u1e00-\u1fff\u2010-\u2027\u2030-\u205e\u20a0-\u20c0]"
)


def _all_one_cell(line: str) -> bool:
    """True if every character of `line` takes exactly one cell.

    (Comparing the line's total width with its length is not enough: a wide
    character and a zero-width one would cancel out.)
    """
    return all(
        get_character_cell_size(found.group()) == 1 for found in _MAYBE_NOT_ONE_CELL.finditer(line)
    )


@lru_cache(maxsize=8)
def _row_pattern(width: int) -> re.Pattern[str]:
    """One match per row: up to `width` characters ending before white space, else a hard
    break at `width`; trailing spaces and the line break belong to the row."""
    return re.compile(rf"(?:[^\n]{{1,{width}}}(?=\s|\Z)|[^\n]{{{width}}}|)[^\S\n]*\n?")


def wrap_by_cells(line: str, width: int) -> list[int]:
    """Row starts (offsets into `line`) for a line whose characters are not all one cell.

    Breaks after white space where it can, between wide characters (CJK has no
    spaces), and anywhere when a run is wider than the row.
    """
    starts = [0]
    column = 0
    last_break = 0
    for index, character in enumerate(line):
        cells = get_character_cell_size(character)
        # Break at the last opportunity; if the carried-over part still does not
        # fit with this character, break again right before it.
        while column + cells > width and index > starts[-1] and not character.isspace():
            row_start = last_break if last_break > starts[-1] else index
            starts.append(row_start)
            column = cell_len(line[row_start:index])
        column += cells
        if character.isspace() or cells == 2:
            last_break = index + 1
    return starts


# A line start right after a non-blank line, in front of another non-blank line.
_BETWEEN_PARAGRAPH_LINES = re.compile(r"(?:(?<=[^\n\r]\n)|(?<=[^\n\r]\r\n))(?=[^\r\n])")


WRAP_CHUNK = 1 << 20
"""Characters wrapped per step of a lazy layout (about 7 ms of work)."""
_FIRST_CHUNK = 1 << 18
"""A lazy layout's first step, which the row count is estimated from."""


class WrappedLayout:
    """The rows of `text` wrapped to `width` cells.

    With `paragraph_gap`, a blank spacer row is shown between consecutive lines,
    for articles written one paragraph per line with no blank line between (most
    news copy), which would otherwise read as one block. A spacer row has the
    same start offset as the row after it, so no offset ever maps to it.

    A `lazy` layout wraps the text in steps, from the start: each question about
    a row or an offset wraps as far as it needs, and `wrap_more` goes on in the
    background, so a 50 MB article shows its first screen after wrapping a few
    hundred kilobytes instead of all of it. Lines are wrapped independently, so
    a step always ends at a line start and the rows do not depend on the steps.
    Until the whole text is wrapped, `row_count` is an estimate.
    """

    def __init__(
        self, text: str, width: int, paragraph_gap: bool = False, *, lazy: bool = False
    ) -> None:
        self.text = text
        self.width = max(width, 1)
        self.paragraph_gap = paragraph_gap
        self._rows: array[int] = array("q")
        self._wrapped_to = 0
        """Rows are known for text[:_wrapped_to], which ends at a line start (or the end)."""
        self._complete = False
        self._estimated_rows = 0
        """The row count extrapolated from the first step (kept, so the scrollbar is steady)."""
        if lazy:
            self.wrap_more(_FIRST_CHUNK)
        else:
            self.wrap_more(len(text))

    # Wrapping ------------------------------------------------------------------

    @property
    def complete(self) -> bool:
        """True once every row is known (and `row_count` is exact)."""
        return self._complete

    def wrap_more(self, chars: int = WRAP_CHUNK) -> bool:
        """Wrap about `chars` more characters (whole lines); returns `complete`."""
        if self._complete:
            return True
        text = self.text
        start = self._wrapped_to
        line_break = text.find("\n", start + max(chars, 1) - 1)
        end = len(text) if line_break == -1 else line_break + 1
        last = end == len(text)
        rows = self._wrap(start, end, last)
        if self.paragraph_gap:
            spacers = [m.start() for m in _BETWEEN_PARAGRAPH_LINES.finditer(text, start, end)]
            if spacers:
                rows = array("q", sorted([*rows, *spacers]))
        self._rows.extend(rows)
        self._wrapped_to = end
        self._complete = last
        if not last and not self._estimated_rows:
            self._estimated_rows = round(len(self._rows) * len(text) / end)
        return last

    def _wrap_to_offset(self, offset: int) -> None:
        while not self._complete and self._wrapped_to <= offset:
            self.wrap_more()

    def _wrap_to_row(self, row: int) -> None:
        """Wrap until row `row` and the start of the one after it are known."""
        while not self._complete and len(self._rows) <= row + 1:
            self.wrap_more()

    def _wrap(self, start: int, end: int, last: bool) -> array[int]:
        """Rows of text[start:end], whole lines; `last` if `end` is the end of the text."""
        text, width = self.text, self.width
        pattern = _row_pattern(width)
        rows: array[int] = array("q")
        position = start
        search = _MAYBE_NOT_ONE_CELL.search
        found = search(text, start, end)
        while found:
            line_start = max(text.rfind("\n", start, found.start()) + 1, start)
            line_end = text.find("\n", found.start(), end)
            line_end = end if line_end == -1 else line_end
            line = text[line_start:line_end]
            if not _all_one_cell(line):
                self._fast_rows(pattern, position, line_start, rows)
                rows.extend(line_start + row_start for row_start in wrap_by_cells(line, width))
                position = line_end + 1
            found = search(text, line_end + 1, end) if line_end < end else None
        self._fast_rows(pattern, position, end, rows, last=last)
        return rows

    def _fast_rows(
        self, pattern: re.Pattern[str], start: int, end: int, rows: array[int], last: bool = False
    ) -> None:
        """Append the rows of text[start:end] (whole lines) found by the row pattern.

        The pattern also matches the empty string where the region ends; that is a
        row only for the empty last line of a text ending in a line break.
        """
        if start > end:
            return
        text = self.text
        before = len(rows)
        rows.extend(match.start() for match in pattern.finditer(text, start, end))
        if len(rows) > before and rows[-1] == end:
            # A match starting at `end` can only be the empty one.
            is_empty_last_line = last and (end == 0 or text[end - 1] == "\n")
            if not is_empty_last_line:
                rows.pop()

    # Rows ----------------------------------------------------------------------

    @property
    def rows(self) -> array[int]:
        """The start offset of every row (wraps the whole text first)."""
        self._wrap_to_offset(len(self.text))
        return self._rows

    @property
    def row_count(self) -> int:
        """How many rows there are: exact once `complete`, estimated before."""
        known = len(self._rows)
        return known if self._complete else max(known, self._estimated_rows)

    def has_row(self, row: int) -> bool:
        """Whether row `row` exists (wrapping as far as needed to tell)."""
        self._wrap_to_row(row)
        return 0 <= row < len(self._rows)

    def row_start(self, row: int) -> int:
        self._wrap_to_row(row)
        return self._rows[row]

    def next_row_start(self, row: int) -> int:
        """Where the next row starts (the text's length after the last row)."""
        self._wrap_to_row(row)
        rows = self._rows
        return rows[row + 1] if row + 1 < len(rows) else len(self.text)

    def row_span(self, row: int) -> tuple[int, int]:
        """(start, end) of the row's visible text: without the line break or a "\\r"."""
        start = self.row_start(row)
        end = self.next_row_start(row)
        text = self.text
        if end > start and text[end - 1] == "\n":
            end -= 1
        if end > start and text[end - 1] == "\r":
            end -= 1
        return start, end

    def is_spacer(self, row: int) -> bool:
        """True for a blank row shown between paragraphs (it holds no text)."""
        self._wrap_to_row(row)
        rows = self._rows
        return row + 1 < len(rows) and rows[row] == rows[row + 1]

    def row_of(self, offset: int) -> int:
        self._wrap_to_offset(offset)
        return max(bisect_right(self._rows, offset) - 1, 0)

    def column_of(self, offset: int) -> int:
        """The cell column of `offset` within its row."""
        start = self._rows[self.row_of(offset)]
        prefix = self.text[start:offset]
        return len(prefix) if prefix.isascii() else cell_len(prefix)

    def offset_at(self, row: int, column: int) -> int:
        """The offset shown at (row, column), clamped to the row's text."""
        self._wrap_to_row(row)
        row = min(max(row, 0), len(self._rows) - 1)
        start, end = self.row_span(row)
        segment = self.text[start:end]
        if segment.isascii():
            return start + min(max(column, 0), end - start)
        used = 0
        for index, character in enumerate(segment):
            used += get_character_cell_size(character)
            if used > column:
                return start + index
        return end
