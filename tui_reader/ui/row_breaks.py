"""Where the rows of one line of text start, at a width in terminal cells.

Two paths: a compiled regular expression per width, for lines whose every
character takes one cell (the common case, run in C), and a grapheme-by-grapheme
measure for the rest (CJK, emoji, combining marks: one code point is not one
cell there). `layout.py` picks the path per line and keeps the rows of the text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.cells import cell_len, get_character_cell_size, split_graphemes

# Characters known to take exactly one cell: Latin (with extensions), Greek,
# Cyrillic, common punctuation and currency. A line with anything else is
# measured cell by cell before it is trusted to the fast path.
MAYBE_NOT_ONE_CELL = re.compile(
    "[^\x00-\u02ff\u0370-\u0482\u048a-\u052f\u1e00-\u1fff\u2010-\u2027\u2030-\u205e\u20a0-\u20c0]"
)


# White space to the row pattern (a place to break, and trailing space that may hang
# past the edge), but shown as a visible picture (⇥ for a tab, ␋ ␌ ␜ ␝ ␞ ␟, � for NEL).
PICTURED_WHITE_SPACE = re.compile("[\t\x0b\x0c\x1c-\x1f\x85]")


NEEDS_MEASURING = re.compile(f"{MAYBE_NOT_ONE_CELL.pattern}|{PICTURED_WHITE_SPACE.pattern}")
"""A character that sends its line to the cell-aware path."""


def all_one_cell(line: str) -> bool:
    """True if every character of `line` takes exactly one cell.

    (Comparing the line's total width with its length is not enough: a wide
    character and a zero-width one would cancel out.)
    """
    return all(
        get_character_cell_size(found.group()) == 1 for found in MAYBE_NOT_ONE_CELL.finditer(line)
    )


@lru_cache(maxsize=8)
def row_pattern(width: int) -> re.Pattern[str]:
    """One match per row: up to `width` characters ending before white space, else a hard
    break at `width`; trailing spaces and the line break belong to the row."""
    return re.compile(rf"(?:[^\n]{{1,{width}}}(?=\s|\Z)|[^\n]{{{width}}}|)[^\S\n]*\n?")


def wrap_by_cells(line: str, width: int) -> list[int]:
    """Row starts (offsets into `line`) for a line whose characters are not all one cell
    (the line as shown: see `displayable_cells`).

    Measured by grapheme, as Rich measures (and crops) a rendered row: a combining
    mark, or an emoji joined by U+200D, stays with the character before it. Breaks
    after white space where it can, between wide characters (CJK has no spaces),
    and anywhere when a run is wider than the row.
    """
    graphemes, _ = split_graphemes(line)
    starts = [0]
    column = 0
    last_break = 0
    for start, end, cells in graphemes:
        blank = line[start:end].isspace()
        # Break at the last opportunity; if the carried-over part still does not
        # fit with this grapheme, break again right before it.
        while column + cells > width and start > starts[-1] and not blank:
            row_start = last_break if last_break > starts[-1] else start
            starts.append(row_start)
            column = cell_len(line[row_start:start])
        column += cells
        if blank or cells == 2:
            last_break = end
    return starts
