"""The reader widget: the article soft-wrapped, with a cursor, a selection and marks.

A Line-API widget (`ScrollView.render_line`): only the rows on screen are ever
rendered, each from a small slice of the text, and each rendered row is cached
under a key holding everything that can change it (the text it shows, the width,
a generation bumped when entities, annotations or search hits change, and the
part of the cursor and selection inside it). A cursor move refreshes the two rows
it touched and nothing else, so a key press costs the same in a 3 KB article and
in a 50 MB one.

The wrapping, and the scrolling kept steady while row estimates are corrected,
are `WrappedScrollView`'s (`text_scroll.py`); the marks on the text and the cutting
of a row into styled pieces are `text_marks.py`'s; the keys are `article_keys.py`'s.
The scrollbar spans the estimated row count (0.4% off on the benchmark's articles,
3-4% on a mix of different articles), exact once the background wrapping is done;
the status line's "line N/M" counts the text's lines, not rows, and is always exact.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.message import Message
from textual.strip import Strip

from tui_reader.display import displayable_cells
from tui_reader.document import Article, Span
from tui_reader.model import Annotation
from tui_reader.nlp.entities import Entity
from tui_reader.ui.article_keys import ARTICLE_BINDINGS
from tui_reader.ui.text_marks import ENTITY_GROUPS, GROUP_OF_LABEL, TextMarks, styled_segments
from tui_reader.ui.text_scroll import WrappedScrollView

__all__ = ["ENTITY_GROUPS", "GROUP_OF_LABEL", "ArticleView"]
"""The entity groups are defined in `text_marks`; the screens take them from here too."""

_RowKey = tuple[int, int, int, int, int, Span | None]
"""A rendered row's cache key: its text's start and end, the width, the marks' generation,
the cursor (-1: not in the row) and the part of the selection in the row."""


class ArticleView(WrappedScrollView, can_focus=True):
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

    BINDINGS: ClassVar[list[BindingType]] = ARTICLE_BINDINGS

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
        super().__init__(article, cursor=cursor, name=name, id=id, classes=classes)
        self._anchor: int | None = None
        self.visual = False
        """True while the motions extend the selection (`v` pressed once)."""
        self._goal_column: int | None = None
        self.marks = TextMarks()
        self._row_cache: LRUCache[_RowKey, Strip] = LRUCache(1024)
        self._styles: dict[str, Style] = {}
        self._base_style: Style | None = None
        self._mouse_selecting = False

    # Content -------------------------------------------------------------------

    def set_entities(self, entities: Sequence[Entity]) -> None:
        self.marks.set_entities(entities)
        self.refresh()

    def replace_entities(self, start: int, end: int, entities: Sequence[Entity]) -> None:
        """Show `entities` in place of those starting in text[start:end] (a part read
        again by a slower recogniser): only the rows showing that part are rendered
        again, where `set_entities` sorts every entity and repaints every row (0.15 s
        for a 10 MB article's, every few seconds while spaCy reads)."""
        self.marks.replace_entities(start, end, entities)
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
        self.marks.set_annotations(annotations)
        self.refresh()

    def set_suggestions(self, spans: Iterable[Span]) -> None:
        """Passages the claim finder suggests as claims (shown dimmed)."""
        self.marks.set_suggestions(spans)
        self.refresh()

    def set_search_matches(self, matches: Iterable[Span]) -> None:
        self.marks.set_search_matches(matches)
        self.refresh()

    @property
    def search_match_count(self) -> int:
        return len(self.marks.search)

    @property
    def hidden_groups(self) -> set[str]:
        """Entity groups whose colours are hidden (see ENTITY_GROUPS)."""
        return self.marks.hidden_groups

    def set_hidden_groups(self, groups: Iterable[str]) -> None:
        """Hide the colours of these entity groups (see ENTITY_GROUPS)."""
        self.marks.set_hidden_groups(groups)
        self.refresh()

    @property
    def entity_colours(self) -> bool:
        """False: no entity is coloured (a reading mode, `ui/reading_modes.py`)."""
        return self.marks.entity_colours

    def set_entity_colours(self, shown: bool) -> None:
        if self.marks.set_entity_colours(shown):
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

    def rewrapped(self) -> None:
        """The layout was replaced for a new width: no cached row is right any more."""
        self._row_cache.clear()
        if self._placed:
            self._scroll_cursor_into_view()

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
            self.marks.generation,
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
        layers = self.marks.layers(start, end, self.mark_style)
        if selection:
            layers.append((selection[0], selection[1], self.mark_style("selection")))
        cursor_style = self.mark_style("cursor")
        if cursor is not None and cursor < end:
            layers.append((cursor, cursor + 1, cursor_style))
        base = self.base_style
        segments = styled_segments(shown, start, layers, base)
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
        return [s for s in self.marks.annotations.spans if s[2] != "correction"]

    def action_next_annotation(self) -> None:
        following = [s for s in self._stops() if s[0] > self.cursor]
        if following:
            self.move_cursor(min(following)[0])

    def action_previous_annotation(self) -> None:
        preceding = [s for s in self._stops() if s[0] < self.cursor]
        if preceding:
            self.move_cursor(max(preceding)[0])

    def action_search_next(self) -> None:
        index = bisect_right(self.marks.search.starts, self.cursor)
        if self.marks.search.spans:
            self.move_cursor(self.marks.search.starts[index % len(self.marks.search)])

    def action_search_previous(self) -> None:
        index = bisect_left(self.marks.search.starts, self.cursor) - 1
        if self.marks.search.spans:
            self.move_cursor(self.marks.search.starts[index % len(self.marks.search)])

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
