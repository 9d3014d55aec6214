"""The Rich console of the command line: every string and segment shown literally.

The tables `tui-reader` prints (list, search, entities, claims, the
evaluations) hold titles, file names and article text; printed by this console
none of it is read as markup, and nothing in it a terminal would act on is
written raw (see `tui_reader.display`).
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import (
    Console,
    ConsoleOptions,
    HighlighterType,
    JustifyMethod,
    OverflowMethod,
    RenderableType,
)
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from tui_reader.display import UNSAFE, displayable


def displayable_segments(segments: Iterable[Segment]) -> Iterable[Segment]:
    """Rendered segments with their text made displayable (control segments kept)."""
    for segment in segments:
        if segment.control or UNSAFE.search(segment.text) is None:
            yield segment
        else:
            yield Segment(displayable(segment.text), segment.style)


class DisplayConsole(Console):
    """A Rich console that shows every string literally, with controls made visible.

    Strings are never read as markup or emoji codes (so `[link=…]` in an
    article title stays text), and every segment is made displayable before
    it is written, whatever renderable produced it. Styles the program sets
    (a `Text` with a style, a table's column style) are kept.
    """

    def render_str(
        self,
        text: str,
        *,
        style: str | Style = "",
        justify: JustifyMethod | None = None,
        overflow: OverflowMethod | None = None,
        emoji: bool | None = None,
        markup: bool | None = None,
        highlight: bool | None = None,
        highlighter: HighlighterType | None = None,
    ) -> Text:
        return super().render_str(
            displayable(text),
            style=style,
            justify=justify,
            overflow=overflow,
            emoji=False,
            markup=False,
            highlight=highlight,
            highlighter=highlighter,
        )

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        return displayable_segments(super().render(renderable, options))
