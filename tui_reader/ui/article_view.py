"""The reader widget: the article soft-wrapped, with a cursor, a selection and marks.

A Line-API widget (`ScrollView.render_line`): only the rows on screen are ever
rendered, each from a small slice of the text, and each rendered row is cached
under a key holding everything that can change it (the text it shows, the width,
a generation bumped when entities, annotations or search hits change, and the
part of the cursor and selection inside it). A cursor move refreshes the two rows
it touched and nothing else, so a key press costs the same in a 3 KB article and
in a 50 MB one.

The wrapping, and the scrolling kept steady while row estimates are corrected,
are `WrappedScrollView`'s (`text_scroll.py`); the cursor, the selection and the
motions are `CursorView`'s (`article_cursor.py`); the marks on the text and the
cutting of a row into styled pieces are `text_marks.py`'s; the keys are
`article_keys.py`'s.
The scrollbar spans the estimated row count (0.4% off on the benchmark's articles,
3-4% on a mix of different articles), exact once the background wrapping is done;
the status line's "line N/M" counts the text's lines, not rows, and is always exact.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.strip import Strip

from tui_reader.display import displayable_cells
from tui_reader.document import Article, Span
from tui_reader.model import Annotation
from tui_reader.nlp.entities import Entity
from tui_reader.ui.article_cursor import CursorView
from tui_reader.ui.article_keys import ARTICLE_BINDINGS
from tui_reader.ui.text_marks import ENTITY_GROUPS, GROUP_OF_LABEL, TextMarks, styled_segments

__all__ = ["ENTITY_GROUPS", "GROUP_OF_LABEL", "ArticleView"]
"""The entity groups are defined in `text_marks`; the screens take them from here too."""

_RowKey = tuple[int, int, int, int, int, Span | None]
"""A rendered row's cache key: its text's start and end, the width, the marks' generation,
the cursor (-1: not in the row) and the part of the selection in the row."""


class ArticleView(CursorView, can_focus=True):
    """Shows an article with its marks, rendering only the rows on screen; the cursor,
    the selection and the motions are `CursorView`'s."""

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
        self.marks = TextMarks()
        self._row_cache: LRUCache[_RowKey, Strip] = LRUCache(1024)
        self._styles: dict[str, Style] = {}
        self._base_style: Style | None = None

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
        if cell_len(shown) > width:
            # The white space hanging past the edge is left out rather than cropped:
            # Rich crops before a zero-width mark on the row's last cell, losing it.
            shown = shown.rstrip()
            end = start + len(shown)
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

    # Jumps to marks ------------------------------------------------------------------

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
