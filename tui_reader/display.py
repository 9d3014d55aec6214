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
which no widget reads as markup. `display_console.DisplayConsole` is a Rich
console for the command line that does the same to every string and segment.

Replaced (tab and line feed are kept, as text needs them):

- C0 controls U+0000–U+001F -> the Control Pictures ␀ … ␟ (ESC shows as ␛);
- DEL U+007F -> ␡;
- C1 controls U+0080–U+009F, the BiDi embeddings, overrides and isolates
  (U+202A–U+202E, U+2066–U+2069) and lone surrogates (U+D800–U+DFFF) -> �.

In a row of the article view (`displayable_cells`), where one code point is
one cell, a tab is shown as ⇥ (a space would hide it, and spaces to the next
tab stop would break that rule the offsets of the cursor, the selection and
the marks rely on), and a character of no width that starts the row (a
combining mark, a joiner with nothing before it to sit on) is shown as ◌, the
dotted circle fonts draw such marks on: alone it would take no cell and vanish
from the row, and a cursor on it with it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Rich is loaded by the first Text made, not by `tui-reader --version`
    from rich.style import StyleType
    from rich.text import Text

NOT_SHOWN = "\ufffd"
"""What a character with no picture of its own is shown as (C1, BiDi, surrogates)."""
LONE_MARK = "\u25cc"
"""What a mark of no width with nothing to sit on is shown as, in a row (◌)."""
TAB_SHOWN = "\u21e5"
"""What a tab is shown as in a row (⇥: one cell wide in every terminal, unlike →)."""

_C0_PICTURES = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}
_OTHERS = {
    0x7F: "\u2421",
    **{code: NOT_SHOWN for code in range(0x80, 0xA0)},
    **{code: NOT_SHOWN for code in range(0x202A, 0x202F)},
    **{code: NOT_SHOWN for code in range(0x2066, 0x206A)},
}
_PLACEHOLDERS = str.maketrans({**_C0_PICTURES, **_OTHERS})
_ONE_LINE = str.maketrans({**_C0_PICTURES, **_OTHERS, 0x0A: "\u2424"})
_ONE_CELL = str.maketrans({**_C0_PICTURES, **_OTHERS, 0x09: TAB_SHOWN, 0x0A: " ", 0x0D: " "})
_SURROGATES = re.compile("[\ud800-\udfff]")
"""Left out of the tables above, which would take a 2,048-entry dict each."""

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""Any character `displayable` replaces (tab and line feed are safe)."""
NOT_IN_A_ROW = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""Any character `displayable_cells` replaces: in one rendered row, tab and line feed too."""


_NOT_SHOWN_CLASS = "\ufffd\x80-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_SHOWN_FOR = {
    **{picture: re.escape(chr(code)) for code, picture in _C0_PICTURES.items()},
    "\u2409": "\t",  # ␉, though a row shows a tab as ⇥
    TAB_SHOWN: "\t",
    "\u2421": "\x7f",
    NOT_SHOWN: _NOT_SHOWN_CLASS[1:],
}
"""A placeholder -> (a regular-expression class of) the characters shown as it."""


def as_seen_pattern(query: str) -> str:
    """A regular expression matching `query` literally, or as the reader sees the text.

    A control character is shown as its picture (ESC as ␛, a tab as ⇥), so a
    user searching for what is on the screen types the picture: each one in
    `query` matches itself or the characters shown as it. Every character of
    `query` still matches exactly one character of the text.
    """
    if not any(character in _SHOWN_FOR for character in query):
        return re.escape(query)
    return "".join(
        f"[{re.escape(character)}{_SHOWN_FOR[character]}]"
        if character in _SHOWN_FOR
        else re.escape(character)
        for character in query
    )


def displayable(text: str) -> str:
    """`text` with every character a terminal would act on shown as a placeholder.

    A CR LF line end becomes a plain line feed (a CR alone shows as ␍). Text
    without such characters, nearly all of it, is returned as it is.
    """
    if UNSAFE.search(text) is None:
        return text
    return _without_surrogates(text.replace("\r\n", "\n").translate(_PLACEHOLDERS))


QUOTE_MARKS = "\"'“”„‟‘’‚‛«»‹›「」『』"
"""Marks a passage can begin or end with, which `quoted` does not double."""


def quoted(passage: str, length: int | None = None) -> str:
    """A passage on one line between “ ”, at most `length` characters inside them.

    A passage that is itself a quotation ("“We will rebuild,” she said") would
    otherwise show its own marks beside ours: ““We will rebuild,” she said”.
    """
    flat = " ".join(passage.split()).strip(QUOTE_MARKS).strip()
    if length is not None and len(flat) > length:
        flat = flat[: length - 1] + "…"
    return f"“{flat}”"


def one_line(text: str) -> str:
    """Like `displayable`, but line breaks shown as ␤ too: for one-line messages."""
    if UNSAFE.search(text) is None and "\n" not in text:
        return text
    return _without_surrogates(text.replace("\r\n", "\n").translate(_ONE_LINE))


def displayable_cells(text: str) -> str:
    """Like `displayable`, but one code point stays exactly one code point of one cell.

    For views that map screen columns to text offsets (the article view):
    a tab becomes ⇥, line feed and carriage return a space, every other
    control its placeholder, so offsets and columns stay aligned; a character
    of no width that starts `text` (a row) is shown as ◌.
    """
    shown = _without_surrogates(text.translate(_ONE_CELL))
    if shown and shown[0] > "\x7f" and _takes_no_cell(shown[0]):
        return LONE_MARK + shown[1:]
    return shown


def _takes_no_cell(character: str) -> bool:
    from rich.cells import get_character_cell_size

    return get_character_cell_size(character) == 0


def _without_surrogates(text: str) -> str:
    return _SURROGATES.sub(NOT_SHOWN, text) if _SURROGATES.search(text) else text


def display_text(text: str = "", style: StyleType = "", **options: Any) -> Text:
    """A `Text` showing `text` literally: no markup, controls made visible."""
    from rich.text import Text

    return Text(displayable(text), style=style, **options)


def display_assemble(*parts: str | tuple[str, StyleType], style: StyleType = "") -> Text:
    """Like `Text.assemble`, each part made displayable: `("bold", "bold"), user_text, …`."""
    from rich.text import Text

    text = Text(style=style)
    for part in parts:
        if isinstance(part, str):
            text.append(displayable(part))
        else:
            text.append(displayable(part[0]), style=part[1])
    return text
