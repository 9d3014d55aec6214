"""Text of user or article origin made safe to show on a terminal.

Articles, notes, tags, claim fields, file names and imported labels may come
from people who mean harm. Written to a terminal as they are, an escape
sequence in a note can write the user's clipboard (OSC 52) or clear the
screen, a BiDi override can reorder what the reader sees, and a lone
surrogate cannot even be encoded; read as Rich or Textual markup, `[/]`
crashes a widget and `[link=…]` or `[@click=…]` becomes a live link or action.

So everything shown goes through this module: `displayable` replaces every
character a terminal would act on, rather than show, with a visible
placeholder of one cell, and `display_text` builds a `rich.text.Text` from it,
which no widget reads as markup. `DisplayConsole` is a Rich console for the
command line that does the same to every string and every rendered segment.

Replaced (tab and line feed are kept, as text needs them):

- C0 controls U+0000–U+001F -> the Control Pictures ␀ … ␟ (ESC shows as ␛);
- DEL U+007F -> ␡;
- C1 controls U+0080–U+009F, the BiDi embeddings, overrides and isolates
  (U+202A–U+202E, U+2066–U+2069) and lone surrogates (U+D800–U+DFFF) -> �.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rich.console import (
    Console,
    ConsoleOptions,
    HighlighterType,
    JustifyMethod,
    OverflowMethod,
    RenderableType,
)
from rich.segment import Segment
from rich.style import Style, StyleType
from rich.text import Text

NOT_SHOWN = "\ufffd"
"""What a character with no picture of its own is shown as (C1, BiDi, surrogates)."""

_C0_PICTURES = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}
_OTHERS = {
    0x7F: "\u2421",
    **{code: NOT_SHOWN for code in range(0x80, 0xA0)},
    **{code: NOT_SHOWN for code in range(0x202A, 0x202F)},
    **{code: NOT_SHOWN for code in range(0x2066, 0x206A)},
    **{code: NOT_SHOWN for code in range(0xD800, 0xE000)},
}
_PLACEHOLDERS = str.maketrans({**_C0_PICTURES, **_OTHERS})
_ONE_LINE = str.maketrans({**_C0_PICTURES, **_OTHERS, 0x0A: "\u2424"})
_ONE_CELL = str.maketrans({**_C0_PICTURES, **_OTHERS, 0x09: " ", 0x0A: " ", 0x0D: " "})

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""Any character `displayable` replaces (tab and line feed are safe)."""


def displayable(text: str) -> str:
    """`text` with every character a terminal would act on shown as a placeholder.

    A CR LF line end becomes a plain line feed (a CR alone shows as ␍). Text
    without such characters, nearly all of it, is returned as it is.
    """
    if UNSAFE.search(text) is None:
        return text
    return text.replace("\r\n", "\n").translate(_PLACEHOLDERS)


def one_line(text: str) -> str:
    """Like `displayable`, but line breaks shown as ␤ too: for one-line messages."""
    if UNSAFE.search(text) is None and "\n" not in text:
        return text
    return text.replace("\r\n", "\n").translate(_ONE_LINE)


def displayable_cells(text: str) -> str:
    """Like `displayable`, but one code point stays exactly one code point of one cell.

    For views that map screen columns to text offsets (the article view):
    tab, line feed and carriage return become a space, every other control
    its placeholder, so offsets and columns stay aligned.
    """
    return text.translate(_ONE_CELL)


def display_text(text: str = "", style: StyleType = "", **options: Any) -> Text:
    """A `Text` showing `text` literally: no markup, controls made visible."""
    return Text(displayable(text), style=style, **options)


def display_assemble(*parts: str | tuple[str, StyleType], style: StyleType = "") -> Text:
    """Like `Text.assemble`, each part made displayable: `("bold", "bold"), user_text, …`."""
    text = Text(style=style)
    for part in parts:
        if isinstance(part, str):
            text.append(displayable(part))
        else:
            text.append(displayable(part[0]), style=part[1])
    return text


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
