"""Soft-wrapping an article into screen rows, fast enough for a 50 MB file.

The rows are kept as one flat array of start offsets into the text: a screen row
maps to text with an index, and an offset to a row with a bisection. Wrapping is
done by one compiled regular expression per width, which runs in C; only lines
holding wide or zero-width characters (CJK, emoji, combining marks) take the
slower, cell-aware path, because there one code point is not one cell (both are
`row_breaks.py`'s: where one line's rows start).

What is measured is what the view shows: `display.displayable_cells` of the text,
where a control character, a BiDi control or a lone surrogate is a visible
placeholder of one cell (measured as the raw character, which takes no cell,
each would push the row's last character off the screen).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from rich.cells import cell_len, split_graphemes

from tui_reader.display import displayable_cells
from tui_reader.ui.row_breaks import (
    NEEDS_MEASURING,
    PICTURED_WHITE_SPACE,
    all_one_cell,
    row_pattern,
    wrap_by_cells,
)

# A line start right after a non-blank line, in front of another non-blank line.
_BETWEEN_PARAGRAPH_LINES = re.compile(r"(?:(?<=[^\n\r]\n)|(?<=[^\n\r]\r\n))(?=[^\r\n])")


CHUNK_CHARS = 1 << 16
"""About how many characters a chunk holds: the unit that is wrapped at once (whole
lines, about 0.5 ms of work); a line longer than this is a chunk of its own."""
WRAP_CHUNK = 1 << 18
"""Characters wrapped per background step of a lazy layout (about 2 ms of work: a key
pressed meanwhile waits no longer than that)."""


@dataclass(frozen=True)
class RowAnchor:
    """A row named by its text rather than its number, which estimates can change."""

    start: int
    """The row's start offset."""
    spacer: bool
    """True for the blank spacer row in front of the row starting at `start`."""


class WrappedLayout:
    """The rows of `text` wrapped to `width` cells.

    With `paragraph_gap`, a blank spacer row is shown between consecutive lines,
    for articles written one paragraph per line with no blank line between (most
    news copy), which would otherwise read as one block. A spacer row has the
    same start offset as the row after it, so no offset ever maps to it.

    The text is cut into chunks of whole lines (about `chunk_chars` characters
    each), and lines wrap independently, so a chunk's rows never depend on any
    other chunk. A `lazy` layout wraps only the first chunk at once; every other
    chunk counts as an estimated number of rows (its length times the rows per
    character of the first chunk) until it is wrapped: when a question about a row
    or an offset reaches it, or by `wrap_more` in the background. So a jump to the
    end of a 50 MB article wraps the last chunk, not the 50 MB before it.

    Row numbers count the estimates of the chunks before, so wrapping a chunk
    renumbers every row after it (by the estimate's error). A row keeps its
    number only while nothing before it is wrapped: hold a `RowAnchor` (see
    `anchor_of`) to find it again afterwards. `generation` counts those changes.
    """

    def __init__(
        self,
        text: str,
        width: int,
        paragraph_gap: bool = False,
        *,
        lazy: bool = False,
        chunk_chars: int = CHUNK_CHARS,
    ) -> None:
        self.text = text
        self.width = max(width, 1)
        self.paragraph_gap = paragraph_gap
        self._starts = _chunk_starts(text, max(chunk_chars, 1))
        """Where each chunk starts: 0, then line starts about `chunk_chars` apart."""
        chunks = len(self._starts)
        self._chunk_rows: list[array[int] | None] = [None] * chunks
        """Each wrapped chunk's row starts (offsets into the text); None until wrapped."""
        self._counts = [0] * chunks
        """Each chunk's rows: exact once wrapped, estimated before."""
        self._before: list[int] = []
        """Rows before each chunk (prefix sums of `_counts`), and the total at the end."""
        self._unwrapped = chunks
        self._next_to_wrap = 0
        """No chunk before this one is left for `wrap_more`."""
        self._all_rows: array[int] | None = None
        self.generation = 0
        """Bumped whenever a chunk's exact row count replaced a different estimate."""
        self._wrap_chunk(0, recount=False)
        rows_per_character = self._counts[0] / max(self._chunk_end(0), 1)
        for chunk in range(1, chunks):
            length = self._chunk_end(chunk) - self._starts[chunk]
            self._counts[chunk] = max(round(length * rows_per_character), 1)
        self._count_rows_before()
        if not lazy:
            self.wrap_more(len(text) + 1)

    # Chunks ----------------------------------------------------------------------

    def _chunk_end(self, chunk: int) -> int:
        return self._starts[chunk + 1] if chunk + 1 < len(self._starts) else len(self.text)

    def _count_rows_before(self) -> None:
        self._before = list(accumulate(self._counts, initial=0))

    def _wrap_chunk(self, chunk: int, recount: bool = True) -> bool:
        """Wrap one chunk (if it is not yet); True if that changed any row number.

        Without `recount`, the caller counts the rows before each chunk again
        (`_count_rows_before`) once it has wrapped several.
        """
        if self._chunk_rows[chunk] is not None:
            return False
        start, end = self._starts[chunk], self._chunk_end(chunk)
        rows = self._wrap(start, end, last=end == len(self.text))
        if self.paragraph_gap:
            spacers = [m.start() for m in _BETWEEN_PARAGRAPH_LINES.finditer(self.text, start, end)]
            if spacers:
                rows = array("q", sorted([*rows, *spacers]))
        self._chunk_rows[chunk] = rows
        self._unwrapped -= 1
        changed = len(rows) != self._counts[chunk]
        self._counts[chunk] = len(rows)
        if changed:
            self.generation += 1
            if recount:
                self._count_rows_before()
        return changed

    def _chunk_of_offset(self, offset: int) -> int:
        return max(bisect_right(self._starts, offset) - 1, 0)

    def _chunk_of_row(self, row: int) -> int:
        """The chunk that row `row` falls in by the current count (the last one past the end)."""
        return min(max(bisect_right(self._before, row) - 1, 0), len(self._starts) - 1)

    def _locate(self, row: int) -> tuple[int, array[int], int]:
        """(its chunk, the chunk's rows, its index in them) of row `row`, wrapping the
        chunk first.

        Wrapping a chunk changes the count of the rows in it and after it, so the
        chunk is looked up again until `row` falls in a wrapped one. The index is
        out of range for a row past the end.
        """
        while True:
            chunk = self._chunk_of_row(row)
            rows = self._chunk_rows[chunk]
            if rows is not None:
                return chunk, rows, row - self._before[chunk]
            self._wrap_chunk(chunk)

    # Wrapping ------------------------------------------------------------------

    @property
    def complete(self) -> bool:
        """True once every row is known (and `row_count` is exact)."""
        return self._unwrapped == 0

    def wrap_more(self, chars: int = WRAP_CHUNK) -> bool:
        """Wrap about `chars` more characters (whole chunks, from the top, skipping those
        already wrapped); returns `complete`."""
        wrapped = 0
        changed = False
        chunk = self._next_to_wrap
        while chunk < len(self._starts) and wrapped < chars:
            if self._chunk_rows[chunk] is None:
                changed |= self._wrap_chunk(chunk, recount=False)
                wrapped += self._chunk_end(chunk) - self._starts[chunk]
            chunk += 1
        self._next_to_wrap = chunk
        if changed:
            self._count_rows_before()
        return self.complete

    def wrap_rows(self, first: int, last: int) -> None:
        """Wrap every chunk that rows `first` to `last` fall in (say, the rows on screen).

        From the top down: wrapping a chunk renumbers only the rows after its start,
        so the rows already looked at keep their numbers.
        """
        row = max(first, 0)
        while row <= last:
            chunk = self._chunk_of_row(row)
            if self._wrap_chunk(chunk):
                continue  # renumbered from this chunk on: look again
            if chunk == len(self._starts) - 1:
                return
            row = self._before[chunk + 1]

    def wrap_around(self, offset: int, before: int, after: int) -> None:
        """Wrap the chunks holding `offset`'s row, `before` rows before it and `after` after.

        Then rows counted from `offset`'s row (a page up, the rows above a jump's
        target) are real rows: no later question about them renumbers anything.
        """
        chunk = self._chunk_of_offset(min(max(offset, 0), len(self.text)))
        changed = self._wrap_chunk(chunk, recount=False)
        rows = self._chunk_rows[chunk]
        assert rows is not None
        missing = before - (bisect_right(rows, offset) - 1)
        while missing > 0 and chunk > 0:
            chunk -= 1
            changed |= self._wrap_chunk(chunk, recount=False)
            missing -= self._counts[chunk]
        if changed:
            self._count_rows_before()
        row = self.row_of(offset)
        self.wrap_rows(row, row + after)

    def _wrap(self, start: int, end: int, last: bool) -> array[int]:
        """Rows of text[start:end], whole lines; `last` if `end` is the end of the text."""
        text, width = self.text, self.width
        pattern = row_pattern(width)
        rows: array[int] = array("q")
        position = start
        search = NEEDS_MEASURING.search
        found = search(text, start, end)
        while found:
            line_start = max(text.rfind("\n", start, found.start()) + 1, start)
            line_end = text.find("\n", found.start(), end)
            line_end = end if line_end == -1 else line_end
            line = text[line_start:line_end]
            shown = displayable_cells(line)
            if not all_one_cell(shown) or PICTURED_WHITE_SPACE.search(line):
                self._fast_rows(pattern, position, line_start, rows)
                rows.extend(line_start + row_start for row_start in wrap_by_cells(shown, width))
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
        if self._all_rows is None:
            self.wrap_more(len(self.text) + 1)
            self._all_rows = array("q")
            for rows in self._chunk_rows:
                assert rows is not None
                self._all_rows.extend(rows)
        return self._all_rows

    @property
    def row_count(self) -> int:
        """How many rows there are: exact once `complete`, estimated before."""
        return self._before[-1]

    def has_row(self, row: int) -> bool:
        """Whether row `row` exists (wrapping its chunk, or the last, to tell)."""
        if row < 0:
            return False
        _, rows, index = self._locate(row)
        return index < len(rows)

    def row_start(self, row: int) -> int:
        _, rows, index = self._locate(row)
        return rows[index]

    def next_row_start(self, row: int) -> int:
        """Where the next row starts (the text's length after the last row)."""
        chunk, rows, index = self._locate(row)
        return rows[index + 1] if index + 1 < len(rows) else self._chunk_end(chunk)

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
        """True for a blank row shown between paragraphs (it holds no text).

        (A spacer is never the last row of a chunk: it comes right before the row
        of the line it stands in front of, at the same offset.)
        """
        _, rows, index = self._locate(row)
        return index + 1 < len(rows) and rows[index] == rows[index + 1]

    def row_of(self, offset: int) -> int:
        """The row showing `offset` (wrapping its chunk, which renumbers the rows after)."""
        offset = min(max(offset, 0), len(self.text))
        chunk = self._chunk_of_offset(offset)
        self._wrap_chunk(chunk)
        rows = self._chunk_rows[chunk]
        assert rows is not None
        return self._before[chunk] + max(bisect_right(rows, offset) - 1, 0)

    def anchor_of(self, row: int) -> RowAnchor:
        """What names row `row` whatever its number becomes (see `row_of_anchor`)."""
        _, rows, index = self._locate(row)
        index = min(index, len(rows) - 1)
        spacer = index + 1 < len(rows) and rows[index] == rows[index + 1]
        return RowAnchor(rows[index], spacer)

    def row_of_anchor(self, anchor: RowAnchor) -> int:
        """The number the anchored row has now."""
        row = self.row_of(anchor.start)
        return row - 1 if anchor.spacer else row

    def column_of(self, offset: int) -> int:
        """The cell column of `offset` within its row."""
        start = self.row_start(self.row_of(offset))
        prefix = self.text[start:offset]
        return len(prefix) if prefix.isascii() else cell_len(displayable_cells(prefix))

    def offset_at(self, row: int, column: int) -> int:
        """The offset shown at (row, column), clamped to the row's text."""
        if not self.has_row(row):
            row = 0 if row < 0 else self.row_count - 1
        start, end = self.row_span(row)
        segment = self.text[start:end]
        if segment.isascii():
            return start + min(max(column, 0), end - start)
        graphemes, _ = split_graphemes(displayable_cells(segment))
        used = 0
        for grapheme_start, _, cells in graphemes:
            used += cells
            if used > column:
                return start + grapheme_start
        return end


def _chunk_starts(text: str, chunk_chars: int) -> list[int]:
    """0, then the first line start at least `chunk_chars` after the previous chunk's
    start, and so on (a line start at the very end is not a chunk: the empty last line
    belongs to the chunk before)."""
    starts = [0]
    find = text.find
    while True:
        line_break = find("\n", starts[-1] + chunk_chars - 1)
        if line_break == -1 or line_break + 1 >= len(text):
            return starts
        starts.append(line_break + 1)
