"""The article view's cursor and selection, and the motions and the mouse that move them.

The cursor is an offset in the text and the selection runs from an anchor to
it; moving either repaints only the rows that showed or now show them (counted
first: counting rows renumbers those after them), keeps the cursor on screen,
and posts one `CursorMoved`. The motions go by the article's words, sentences
and paragraphs (`document.py`) or by the layout's rows (`layout.py`), keeping
the column of the first vertical move. What is drawn is the article view's
(`article_view.py`); the keys bound to the motions are `article_keys.py`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import events
from textual.message import Message

from tui_reader.document import Article, Span
from tui_reader.ui.text_scroll import WrappedScrollView


class CursorView(WrappedScrollView):
    """A wrapped article with a cursor and a selection the keys and the mouse move."""

    @dataclass
    class CursorMoved(Message):
        """The cursor or the selection changed (coalesced: only the latest matters)."""

        view: CursorView
        offset: int
        selection: Span | None

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, CursorView.CursorMoved)

    def __init__(
        self,
        article: Article,
        *,
        cursor: int = 0,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(article, cursor=cursor, name=name, id=id, classes=classes)
        self._anchor: int | None = None
        self.visual = False
        """True while the motions extend the selection (`v` pressed once)."""
        self._goal_column: int | None = None
        self._mouse_selecting = False

    # Cursor and selection ----------------------------------------------------------

    @property
    def selection(self) -> Span | None:
        """The selected span (start, end), or None; the end is exclusive."""
        if self._anchor is None or self._anchor == self.cursor:
            return None
        return (min(self._anchor, self.cursor), max(self._anchor, self.cursor))

    def select(self, start: int, end: int) -> None:
        """Select text[start:end] and put the cursor at its end."""
        self._set_selection_and_cursor(anchor=start, cursor=end)

    def clear_selection(self) -> None:
        self.visual = False
        if self._anchor is not None:
            self._set_selection_and_cursor(anchor=None, cursor=self.cursor)

    def move_cursor(self, offset: int, *, extend: bool = False, keep_goal: bool = False) -> None:
        """Move the cursor, extending the selection or dropping it."""
        offset = min(max(offset, 0), len(self.text))
        if extend or self.visual:
            anchor = self.cursor if self._anchor is None else self._anchor
        else:
            anchor = None
        if not keep_goal:
            self._goal_column = None
        self._set_selection_and_cursor(anchor=anchor, cursor=offset)

    def _set_selection_and_cursor(self, anchor: int | None, cursor: int) -> None:
        old_cursor, old_selection = self.cursor, self.selection
        self._anchor = anchor
        self.cursor = min(max(cursor, 0), len(self.text))
        # Count the rows at every offset involved first: counting rows renumbers those
        # after them, and the rows refreshed must be numbered as they are shown.
        layout = self.wrapped
        for offset in (old_cursor, *(old_selection or ()), *(self.selection or ())):
            layout.row_of(offset)
        self._wrap_near(self.cursor)
        old_rows = self._rows_showing(old_cursor, old_selection)
        new_rows = self._rows_showing(self.cursor, self.selection)
        for first, last in _changed_row_ranges(old_rows, new_rows):
            self.refresh_lines(first, last - first + 1)
        self._scroll_cursor_into_view()
        self.post_message(self.CursorMoved(self, self.cursor, self.selection))

    def _rows_showing(self, cursor: int, selection: Span | None) -> list[tuple[int, int]]:
        """Row ranges (first, last) whose rendering depends on the cursor and selection."""
        layout = self.wrapped
        cursor_row = layout.row_of(cursor)
        ranges = [(cursor_row, cursor_row)]
        if selection:
            top = int(self.scroll_y)
            bottom = top + self.scrollable_content_region.height
            first = max(layout.row_of(selection[0]), top)
            last = min(layout.row_of(selection[1]), bottom)
            if first <= last:
                ranges.append((first, last))
        return ranges

    def _scroll_cursor_into_view(self) -> None:
        self._wrap_near(self.cursor)  # the rows a scroll brings in are real rows
        row = self.wrapped.row_of(self.cursor)
        self._sync_virtual_size(reach=row + 1)  # the cursor may be past the estimated count
        height = max(self.scrollable_content_region.height, 1)
        top = int(self.scroll_y)
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False, immediate=True)

    # Motions -------------------------------------------------------------------

    def _target(self, motion: str) -> int:
        """Where `motion` takes the cursor from where it is."""
        article, layout, cursor = self.article, self.wrapped, self.cursor
        height = max(self.scrollable_content_region.height, 1)
        simple: dict[str, Callable[[], int]] = {
            "left": lambda: cursor - 1,
            "right": lambda: cursor + 1,
            "word_next": lambda: article.next_word_start(cursor),
            "word_previous": lambda: article.previous_word_start(cursor),
            "sentence_next": lambda: article.next_sentence_start(cursor),
            "sentence_previous": lambda: article.previous_sentence_start(cursor),
            "paragraph_next": lambda: article.next_paragraph_start(cursor),
            "paragraph_previous": lambda: article.previous_paragraph_start(cursor),
            "top": lambda: 0,
            "bottom": lambda: len(self.text),
        }
        if motion in simple:
            return simple[motion]()
        rows = {
            "up": -1,
            "down": 1,
            "page_down": height - 1,
            "page_up": -(height - 1),
            "half_page_down": height // 2,
            "half_page_up": -(height // 2),
        }[motion]
        # Rows counted from the cursor's must be real rows, and the view's too.
        layout.wrap_around(cursor, 2 * height, 2 * height)
        self._follow_recount()
        if self._goal_column is None:
            self._goal_column = layout.column_of(cursor)
        row = layout.row_of(cursor) + rows
        while layout.has_row(row) and layout.is_spacer(row):
            row += 1 if rows > 0 else -1
        if row < 0:
            return 0
        if not layout.has_row(row):
            return len(self.text)
        if abs(rows) > 1:
            self.scroll_to(y=int(self.scroll_y) + rows, animate=False, immediate=True)
        return layout.offset_at(row, self._goal_column)

    def action_move(self, motion: str) -> None:
        vertical = motion in {
            "up",
            "down",
            "page_down",
            "page_up",
            "half_page_down",
            "half_page_up",
        }
        self.move_cursor(self._target(motion), keep_goal=vertical)

    def action_extend(self, motion: str) -> None:
        vertical = motion in {"up", "down"}
        self.move_cursor(self._target(motion), extend=True, keep_goal=vertical)

    def action_toggle_visual(self) -> None:
        """`v` starts a selection the motions extend; `v` again ends it, keeping it."""
        if self.visual:
            self.visual = False
        else:
            self.visual = True
            self._set_selection_and_cursor(anchor=self.cursor, cursor=self.cursor)
        self.post_message(self.CursorMoved(self, self.cursor, self.selection))

    def action_select_sentence(self) -> None:
        sentence = self.article.sentence_at(self.cursor)
        if sentence is not None:
            self.visual = False
            self.select(*sentence)

    def action_clear_selection(self) -> None:
        self.clear_selection()

    # Mouse ---------------------------------------------------------------------

    def _offset_at_mouse(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        return self.wrapped.offset_at(int(self.scroll_y) + offset.y, int(self.scroll_x) + offset.x)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        position = self._offset_at_mouse(event)
        if position is None or event.button != 1:
            return
        self.focus()
        self.visual = False
        self._mouse_selecting = True
        self.capture_mouse()
        self._set_selection_and_cursor(anchor=position, cursor=position)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if not self._mouse_selecting:
            return
        position = self._offset_at_mouse(event)
        if position is not None and position != self.cursor:
            self._set_selection_and_cursor(anchor=self._anchor, cursor=position)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._mouse_selecting:
            self._mouse_selecting = False
            self.release_mouse()


def _changed_row_ranges(
    old: list[tuple[int, int]], new: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Rows to repaint: every range that showed or now shows the cursor or selection."""
    return sorted(set(old) | set(new))
