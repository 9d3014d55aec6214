"""A scroll view over an article soft-wrapped by a lazy layout, kept honest as the
layout's row estimates are replaced by counts.

The layout (see `layout.py`) wraps the text where the view looks and estimates
the rest, so a jump anywhere is as quick as a move on the first screen. Its row
numbers change as estimates are replaced by counts; the view holds its top row
by its text (a `RowAnchor`) and scrolls by as much as the rows before it were
renumbered, so the reader never sees the text move unasked. The scrollbar spans
the estimated row count, exact once the background wrapping is done. What is
drawn in the rows, and the cursor, are the article view's (`article_view.py`).
"""

from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView

from tui_reader.document import Article
from tui_reader.ui.layout import RowAnchor, WrappedLayout


class WrappedScrollView(ScrollView):
    """The article's rows, wrapped as they come into view and in the background."""

    def __init__(
        self,
        article: Article,
        *,
        cursor: int = 0,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.article = article
        self.text = article.text
        self.cursor = min(max(cursor, 0), len(self.text))
        """The cursor's offset in the text (moved by the article view)."""
        self._layout: WrappedLayout | None = None
        self._top: RowAnchor | None = None
        """The row at the top of the view, kept by its text: its number changes as the
        rows before it are counted instead of estimated."""
        self._counted = 0
        """The layout's generation the view's scroll position and size agree with."""
        self._placed = False
        """True once the view was scrolled to the initial cursor (after the first layout)."""

    def rewrapped(self) -> None:
        """Called when the layout was replaced for a new width (after the view kept its
        first line at the top)."""

    @property
    def wrapped(self) -> WrappedLayout:
        """The article wrapped to the view's width (not `layout`: Textual's `Widget.layout`)."""
        if self._layout is None:
            self._layout = self._new_layout(self._wrap_width())
        return self._layout

    def _new_layout(self, width: int) -> WrappedLayout:
        """A lazy layout: what is shown is wrapped at once (so is wherever a jump
        goes), the rest a step at a time between other events, so a big article
        shows, and jumps, without waiting for all of it."""
        gap = self.article.one_paragraph_per_line
        layout = WrappedLayout(self.text, width, paragraph_gap=gap, lazy=True)
        self._top = None
        self._counted = layout.generation
        if not layout.complete:
            self.call_after_refresh(self._wrap_in_background, layout)
        return layout

    def _wrap_in_background(self, layout: WrappedLayout) -> None:
        """Wrap one more step (a few milliseconds), then let keys and repaints in.

        Each step comes after a refresh: steps posted with `call_later` were taken
        from the queue one after the other, and held the repaint back until the
        whole text was wrapped.
        """
        if layout is not self._layout:
            return  # replaced by a layout for another width
        complete = layout.wrap_more()
        self._follow_recount()
        if not complete:
            self.call_after_refresh(self._wrap_in_background, layout)

    def _follow_recount(self) -> None:
        """After estimated rows were counted: keep the same text at the top of the view.

        The rows before the top may have been renumbered (an estimate replaced by
        the real count): the view scrolls by as much, which the reader does not
        see, and the scrollbar takes the new row count. Only the thumb moves, by
        the estimate's error.
        """
        layout = self.wrapped
        if layout.generation == self._counted:
            return
        self._counted = layout.generation
        if self._top is None:
            self._sync_virtual_size()
            return
        row = layout.row_of_anchor(self._top)
        self._sync_virtual_size(reach=row + self.size.height)
        if row != int(self.scroll_y):
            self.scroll_to(y=row, animate=False, immediate=True)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Wrap the rows coming into view before they are shown, and remember the top row.

        Wrapping from the top of the view down renumbers only rows further down,
        so the rows shown are those at the position scrolled to. A screen above
        is wrapped after the repaint (which renumbers the rows shown, see
        `_follow_recount`), so that scrolling up a little meets real rows.
        """
        layout = self.wrapped
        top = int(new_value)
        height = self.size.height
        layout.wrap_rows(top, top + 2 * height)
        self._top = layout.anchor_of(top)
        super().watch_scroll_y(old_value, new_value)
        if not layout.has_row(top + height - 1):
            self.call_after_refresh(self._sync_virtual_size, 0, True)  # no blank rows at the end
        elif layout.generation != self._counted:
            self._counted = layout.generation
            self.call_after_refresh(self._sync_virtual_size, top + height)
        if not layout.complete:
            self.call_after_refresh(self._wrap_near, self._top.start)

    def _wrap_near(self, offset: int) -> None:
        """Wrap a screen of rows above and below `offset` (the cursor, the top row), so that
        rows counted from it are real, and keep the view where it is."""
        height = max(self.size.height, 1)
        self.wrapped.wrap_around(offset, height, height)
        self._follow_recount()

    def _sync_virtual_size(self, reach: int = 0, exact: bool = False) -> None:
        """Let the scrollbar span the layout's rows (an estimate until it is complete),
        and at least `reach` of them.

        Setting the virtual size lays the whole screen out again (tens of ms), and
        while the background wrapping counts a big article's rows it would do so
        at every step, holding keys up for seconds. So until the count is complete
        it is set only when it moved by more than 1% (the thumb then moves by less
        than an eighth of a cell), when a row past it is to be reached, or when
        it is asked to be `exact` (the view reaches the end of the text).
        """
        layout = self.wrapped
        shown, total = self.virtual_size, layout.row_count
        if shown.width == layout.width and shown.height == total:
            return
        close = abs(total - shown.height) * 100 <= total and reach <= shown.height
        if shown.width == layout.width and close and not (exact or layout.complete):
            return
        self.virtual_size = Size(layout.width, total)

    def _wrap_width(self) -> int:
        return max(self.scrollable_content_region.width, 10)

    def on_resize(self, event: events.Resize) -> None:
        """Rewrap when the width changes, keeping the first visible line at the top."""
        width = self._wrap_width()
        if self._layout is None or self._layout.width != width:
            first_shown = self._layout.row_start(int(self.scroll_y)) if self._layout else 0
            self._layout = self._new_layout(width)
            self._sync_virtual_size()
            if self._placed:
                self.scroll_to(y=self._layout.row_of(first_shown), animate=False, immediate=True)
            self.rewrapped()
        else:
            self._sync_virtual_size()
        if not self._placed:
            self._placed = True
            self.call_after_refresh(self._place, self.cursor)

    def _place(self, opened_at: int) -> None:
        """Show the reading position near the top, unless the reader has moved already."""
        if self.cursor == opened_at:
            self.scroll_cursor_to_top()

    def scroll_cursor_to_top(self) -> None:
        """Put the cursor's row near the top (used when reopening where reading stopped)."""
        self._wrap_near(self.cursor)
        row = self.wrapped.row_of(self.cursor)
        self._sync_virtual_size(reach=row + self.size.height)
        self.scroll_to(y=max(row - 2, 0), animate=False, immediate=True)
