"""The reader widget: the article soft-wrapped, with a cursor, a selection and marks.

A Line-API widget (`ScrollView.render_line`): only the rows on screen are ever
rendered, each from a small slice of the text, and each rendered row is cached
under a key holding everything that can change it (the text it shows, the width,
a generation bumped when entities, annotations or search hits change, and the
part of the cursor and selection inside it). A cursor move refreshes the two rows
it touched and nothing else, so a key press costs the same in a 3 KB article and
in a 50 MB one.

The layout (see `layout.py`) wraps the text where the view looks and estimates
the rest, so a jump anywhere is as quick as a move on the first screen. Its row
numbers change as estimates are replaced by counts; the view holds its top row
by its text (a `RowAnchor`) and scrolls by as much as the rows before it were
renumbered, so the reader never sees the text move unasked. The scrollbar spans
the estimated row count (0.4% off on the benchmark's articles, 3-4% on a mix of
different articles), exact once the background wrapping is done; the status
line's "line N/M" counts the text's lines, not rows, and is always exact.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui_reader.display import displayable_cells
from tui_reader.document import Article, Span
from tui_reader.model import Annotation, Kind
from tui_reader.nlp.entities import Entity
from tui_reader.ui.layout import RowAnchor, WrappedLayout

ENTITY_GROUPS: dict[str, tuple[str, ...]] = {
    "person": ("PERSON",),
    "org": ("ORG",),
    "place": ("GPE", "LOC", "FAC"),
    "norp": ("NORP",),
    "date": ("DATE", "TIME"),
    "number": ("CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"),
    "misc": ("EVENT", "PRODUCT", "LAW", "WORK_OF_ART", "LANGUAGE"),
}
"""Entity labels grouped into the colours shown in the text and the legend."""

GROUP_OF_LABEL = {label: group for group, labels in ENTITY_GROUPS.items() for label in labels}

_RowKey = tuple[int, int, int, int, int, Span | None]
"""A rendered row's cache key: its text's start and end, the width, the marks' generation,
the cursor (-1: not in the row) and the part of the selection in the row."""


class _SpanIndex:
    """Spans sorted by start, found by bisection: which of them touch [start, end)?"""

    def __init__(self, spans: Iterable[tuple[int, int, str]]) -> None:
        self.spans = sorted(spans)
        self.starts = [span[0] for span in self.spans]
        self.longest = max((end - start for start, end, _ in self.spans), default=0)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, str]]:
        first = bisect_left(self.starts, start - self.longest)
        last = bisect_left(self.starts, end)
        return [span for span in self.spans[first:last] if span[1] > start]

    def replace(self, start: int, end: int, spans: Iterable[tuple[int, int, str]]) -> None:
        """Put `spans` (all starting in [start, end)) in place of those starting there."""
        new = sorted(spans)
        low, high = bisect_left(self.starts, start), bisect_left(self.starts, end)
        self.spans[low:high] = new
        self.starts[low:high] = [span[0] for span in new]
        self.longest = max(self.longest, max((e - s for s, e, _ in new), default=0))

    def covering(self, offset: int) -> list[tuple[int, int, str]]:
        return [span for span in self.overlapping(offset, offset + 1) if span[0] <= offset]

    def __len__(self) -> int:
        return len(self.spans)


class ArticleView(ScrollView, can_focus=True):
    """Shows an article and lets the reader move and select by keyboard and mouse."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--cursor",
        "article-view--selection",
        "article-view--search",
        "article-view--note",
        "article-view--tag",
        "article-view--claim",
        "article-view--correction",
        "article-view--suggestion",
        *(f"article-view--{group}" for group in ENTITY_GROUPS),
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "move('left')", "Left", show=False, id="cursor_left"),
        Binding("right,l", "move('right')", "Right", show=False, id="cursor_right"),
        Binding("up,k", "move('up')", "Up", show=False, id="cursor_up"),
        Binding("down,j", "move('down')", "Down", show=False, id="cursor_down"),
        Binding("w", "move('word_next')", "Next word", show=False, id="word_next"),
        Binding("b", "move('word_previous')", "Previous word", show=False, id="word_previous"),
        Binding(")", "move('sentence_next')", "Next sentence", show=False, id="sentence_next"),
        Binding(
            "(",
            "move('sentence_previous')",
            "Previous sentence",
            show=False,
            id="sentence_previous",
        ),
        Binding("}", "move('paragraph_next')", "Next paragraph", show=False, id="paragraph_next"),
        Binding(
            "{",
            "move('paragraph_previous')",
            "Previous paragraph",
            show=False,
            id="paragraph_previous",
        ),
        Binding("g,home", "move('top')", "Top", show=False, id="top"),
        Binding("G,end", "move('bottom')", "End", show=False, id="bottom"),
        Binding("pagedown", "move('page_down')", "Page down", show=False, id="page_down"),
        Binding("pageup", "move('page_up')", "Page up", show=False, id="page_up"),
        Binding(
            "ctrl+d", "move('half_page_down')", "Half page down", show=False, id="half_page_down"
        ),
        Binding("ctrl+u", "move('half_page_up')", "Half page up", show=False, id="half_page_up"),
        Binding("shift+left", "extend('left')", "Extend left", show=False, id="extend_left"),
        Binding("shift+right", "extend('right')", "Extend right", show=False, id="extend_right"),
        Binding("shift+up", "extend('up')", "Extend up", show=False, id="extend_up"),
        Binding("shift+down", "extend('down')", "Extend down", show=False, id="extend_down"),
        Binding("v", "toggle_visual", "Select", id="visual"),
        Binding("s", "select_sentence", "Sentence", id="select_sentence"),
        Binding("escape", "clear_selection", "Clear selection", show=False, id="clear_selection"),
        Binding("]", "next_annotation", "Next annotation", show=False, id="next_annotation"),
        Binding(
            "[",
            "previous_annotation",
            "Previous annotation",
            show=False,
            id="previous_annotation",
        ),
        Binding("n", "search_next", "Next match", show=False, id="search_next"),
        Binding("N", "search_previous", "Previous match", show=False, id="search_previous"),
    ]

    @dataclass
    class CursorMoved(Message):
        """The cursor or the selection changed (coalesced: only the latest matters)."""

        view: ArticleView
        offset: int
        selection: Span | None

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ArticleView.CursorMoved)

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
        self._anchor: int | None = None
        self.visual = False
        """True while the motions extend the selection (`v` pressed once)."""
        self._goal_column: int | None = None
        self._layout: WrappedLayout | None = None
        self._top: RowAnchor | None = None
        """The row at the top of the view, kept by its text: its number changes as the
        rows before it are counted instead of estimated."""
        self._counted = 0
        """The layout's generation the view's scroll position and size agree with."""
        self._generation = 0
        self._row_cache: LRUCache[_RowKey, Strip] = LRUCache(1024)
        self._styles: dict[str, Style] = {}
        self._base_style: Style | None = None
        self._entities = _SpanIndex(())
        self._annotations = _SpanIndex(())
        self._search = _SpanIndex(())
        self._suggestions = _SpanIndex(())
        self.hidden_groups: set[str] = set()
        """Entity groups whose colours are hidden (see ENTITY_GROUPS)."""
        self.entity_colours = True
        """False: no entity is coloured (a reading mode, `ui/reading_modes.py`)."""
        self._mouse_selecting = False
        self._placed = False
        """True once the view was scrolled to the initial cursor (after the first layout)."""

    # Content -------------------------------------------------------------------

    def set_entities(self, entities: Sequence[Entity]) -> None:
        self._entities = _SpanIndex((e.start, e.end, e.label) for e in entities)
        self._changed()

    def replace_entities(self, start: int, end: int, entities: Sequence[Entity]) -> None:
        """Show `entities` in place of those starting in text[start:end] (a part read
        again by a slower recogniser): only the rows showing that part are rendered
        again, where `set_entities` sorts every entity and repaints every row (0.15 s
        for a 10 MB article's, every few seconds while spaCy reads)."""
        self._entities.replace(start, end, ((e.start, e.end, e.label) for e in entities))
        cached = self._row_cache.keys()  # an LRUCache is not iterable itself
        stale = [key for key in cached if key[0] < end and key[1] > start]
        for key in stale:
            self._row_cache.discard(key)
        shown_start, shown_end = self.shown_span()
        if start < shown_end and end > shown_start:
            self.refresh()

    def shown_span(self) -> Span:
        """The text on screen, from the first row's start to the last row's end."""
        layout = self.wrapped
        first_row = int(self.scroll_y)
        last_row = min(first_row + self.size.height, layout.row_count) - 1
        if not layout.has_row(last_row):
            last_row = layout.row_count - 1
        return layout.row_start(first_row), layout.next_row_start(max(last_row, first_row))

    def set_annotations(self, annotations: Sequence[Annotation]) -> None:
        marks: list[tuple[int, int, str]] = []
        for annotation in annotations:
            if annotation.orphan or annotation.kind is Kind.DECISION:
                continue  # a decision is about a suggestion, not a mark of the reader's
            kind = "correction" if annotation.kind is Kind.ENTITY else str(annotation.kind)
            marks.append((annotation.start, annotation.end, kind))
        self._annotations = _SpanIndex(marks)
        self._changed()

    def set_suggestions(self, spans: Iterable[Span]) -> None:
        """Passages the claim finder suggests as claims (shown dimmed)."""
        self._suggestions = _SpanIndex((start, end, "suggestion") for start, end in spans)
        self._changed()

    def set_search_matches(self, matches: Iterable[Span]) -> None:
        self._search = _SpanIndex((start, end, "search") for start, end in matches)
        self._changed()

    @property
    def search_match_count(self) -> int:
        return len(self._search)

    def set_hidden_groups(self, groups: Iterable[str]) -> None:
        """Hide the colours of these entity groups (see ENTITY_GROUPS)."""
        self.hidden_groups = set(groups)
        self._changed()

    def set_entity_colours(self, shown: bool) -> None:
        if shown != self.entity_colours:
            self.entity_colours = shown
            self._changed()

    def _changed(self) -> None:
        """Marks changed: every cached row is stale."""
        self._generation += 1
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._base_style = None
        self._row_cache.clear()

    @property
    def base_style(self) -> Style:
        """The view's own text style, kept until the styles change.

        Textual works `rich_style` out from every ancestor's background each
        time it is asked: asked for every row rendered, it was three quarters
        of the time spent rendering the rows of a page.
        """
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style

    def mark_style(self, name: str) -> Style:
        """The style of a mark, as a layer to add on top of others.

        Only what the stylesheet sets for the component is kept (so an entity's
        colour shows through a note's background), but a background is taken
        blended with the view's own, so "$warning 25%" is a tint, not the full colour.
        """
        style = self._styles.get(name)
        if style is None:
            component = f"article-view--{name}"
            partial = self.get_component_rich_style(component, partial=True)
            blended = self.get_component_rich_style(component)
            colours = Style(
                color=partial.color, bgcolor=blended.bgcolor if partial.bgcolor else None
            )
            style = partial.without_color + colours
            self._styles[name] = style
        return style

    # Layout --------------------------------------------------------------------

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
            self._row_cache.clear()
            self._sync_virtual_size()
            if self._placed:
                self.scroll_to(y=self._layout.row_of(first_shown), animate=False, immediate=True)
                self._scroll_cursor_into_view()
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

    # Rendering -----------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        layout = self.wrapped
        row = int(self.scroll_y) + y
        generation = layout.generation
        if not layout.has_row(row):
            return Strip.blank(width, self.base_style)
        start = layout.row_start(row)
        row_end = layout.next_row_start(row)
        if layout.generation != generation:
            # A row not wrapped before it was shown (the view grew): the rows of a
            # frame are rendered from the top down, so only those below are renumbered.
            self.call_after_refresh(self._follow_recount)
        cursor = self.cursor
        cursor_here = start <= cursor < row_end or (cursor == row_end == len(self.text))
        selection = self.selection
        selection_here = None
        if selection and selection[0] < row_end and selection[1] > start:
            selection_here = (max(selection[0], start), min(selection[1], row_end))
        # Keyed by the row's text, not its number, which changes as rows are counted.
        key = (
            start,
            row_end,
            width,
            self._generation,
            cursor if cursor_here else -1,
            selection_here,
        )
        strip = self._row_cache.get(key)
        if strip is None:
            strip = self._render_row(row, width, cursor if cursor_here else None, selection_here)
            self._row_cache[key] = strip
        return strip

    def _render_row(
        self, row: int, width: int, cursor: int | None, selection: Span | None
    ) -> Strip:
        start, end = self.wrapped.row_span(row)
        shown = displayable_cells(self.text[start:end])
        layers: list[tuple[int, int, Style]] = []
        for span_start, span_end, label in self._entities.overlapping(start, end):
            group = GROUP_OF_LABEL.get(label, "misc")
            if self.entity_colours and group not in self.hidden_groups:
                layers.append((span_start, span_end, self.mark_style(group)))
        for span_start, span_end, _ in self._suggestions.overlapping(start, end):
            layers.append((span_start, span_end, self.mark_style("suggestion")))
        for span_start, span_end, kind in self._annotations.overlapping(start, end):
            layers.append((span_start, span_end, self.mark_style(kind)))
        for span_start, span_end, _ in self._search.overlapping(start, end):
            layers.append((span_start, span_end, self.mark_style("search")))
        if selection:
            layers.append((selection[0], selection[1], self.mark_style("selection")))
        cursor_style = self.mark_style("cursor")
        if cursor is not None and cursor < end:
            layers.append((cursor, cursor + 1, cursor_style))
        base = self.base_style
        segments = _segments(shown, start, layers, base)
        if cursor is not None and cursor >= end:
            segments.append(Segment(" ", base + cursor_style))
        strip = Strip(segments)
        return strip.crop_extend(0, width, base)

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

    def _stops(self) -> list[tuple[int, int, str]]:
        """Where `]` and `[` stop: notes, tags and claims, not entity corrections."""
        return [s for s in self._annotations.spans if s[2] != "correction"]

    def action_next_annotation(self) -> None:
        following = [s for s in self._stops() if s[0] > self.cursor]
        if following:
            self.move_cursor(min(following)[0])

    def action_previous_annotation(self) -> None:
        preceding = [s for s in self._stops() if s[0] < self.cursor]
        if preceding:
            self.move_cursor(max(preceding)[0])

    def action_search_next(self) -> None:
        index = bisect_right(self._search.starts, self.cursor)
        if self._search.spans:
            self.move_cursor(self._search.starts[index % len(self._search)])

    def action_search_previous(self) -> None:
        index = bisect_left(self._search.starts, self.cursor) - 1
        if self._search.spans:
            self.move_cursor(self._search.starts[index % len(self._search)])

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


def _segments(
    shown: str, row_start: int, layers: list[tuple[int, int, Style]], base: Style
) -> list[Segment]:
    """Cut the row's text where any layer starts or ends and style each piece.

    Later layers win over earlier ones (entity colour < annotation < search <
    selection < cursor), because Rich styles add left to right.
    """
    length = len(shown)
    if not layers:
        return [Segment(shown, base)]
    cuts = {0, length}
    clipped = []
    for start, end, style in layers:
        start, end = max(start - row_start, 0), min(end - row_start, length)
        if start < end:
            clipped.append((start, end, style))
            cuts.update((start, end))
    points = sorted(cuts)
    segments = []
    for left, right in pairwise(points):
        style = base
        for start, end, layer in clipped:
            if start <= left and right <= end:
                style = style + layer
        segments.append(Segment(shown[left:right], style))
    return segments


def _changed_row_ranges(
    old: list[tuple[int, int]], new: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Rows to repaint: every range that showed or now shows the cursor or selection."""
    return sorted(set(old) | set(new))
