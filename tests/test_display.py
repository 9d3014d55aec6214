"""Making text displayable: every character a terminal acts on becomes a visible picture."""

from __future__ import annotations

import io
import re

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from tui_reader.display import (
    TAB_SHOWN,
    display_assemble,
    display_text,
    displayable,
    displayable_cells,
    one_line,
)
from tui_reader.display_console import DisplayConsole

ACTED_ON = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
SGR_OR_NOTHING = re.compile(r"\x1b\[[0-9;]*m")
"""The only escape sequences Rich writes for styles (links are OSC 8, and there are none)."""

HOSTILE = st.text(
    alphabet=st.one_of(
        st.sampled_from("[]/@=:\\\x1b\x07\x9b\r\n\t\x00\x7f\x85\u202e\u2066\u2069\ud800\udfff"),
        st.characters(codec=None),
    ),
    max_size=60,
)


def test_each_kind_of_character_has_its_picture() -> None:
    assert displayable("a\x1b]52;c;SGk=\x1b\\b") == "a␛]52;c;SGk=␛\\b"
    assert displayable("\x00\x07\x08\x7f") == "␀␇␈␡"
    assert displayable("\x85\x9b\u202e\u2067\ud800") == "�����"
    assert displayable("tab\tand\nline") == "tab\tand\nline"
    assert displayable("crlf\r\nlone\r") == "crlf\nlone␍"
    assert one_line("two\nlines\r\n") == "two␤lines␤"


def test_text_without_such_characters_is_returned_as_it_is() -> None:
    text = "Le ministre a dit « 20 morts » — 東京 [/] [link=x] 🙂"
    assert displayable(text) is text


@given(HOSTILE)
def test_displayable_leaves_nothing_a_terminal_acts_on(text: str) -> None:
    shown = displayable(text)
    assert ACTED_ON.search(shown) is None
    assert displayable(shown) == shown
    assert "\n" not in one_line(text) and ACTED_ON.search(one_line(text)) is None


@given(HOSTILE)
def test_displayable_cells_keeps_one_code_point_per_code_point(text: str) -> None:
    shown = displayable_cells(text)
    assert len(shown) == len(text)
    assert ACTED_ON.search(shown) is None and "\t" not in shown and "\n" not in shown
    for original, picture in zip(text, shown, strict=True):
        if ACTED_ON.match(original) or original in "\t\n\r":
            assert cell_len(picture) == 1
        assert (picture == TAB_SHOWN) == (original == "\t")  # a tab is seen, as ⇥


@given(HOSTILE)
def test_display_text_is_never_markup(text: str) -> None:
    shown = display_text(text, style="bold")
    assert shown.plain == displayable(text)
    assert shown.spans == []
    assembled = display_assemble(("label ", "bold"), text)
    assert assembled.plain == "label " + displayable(text)


@given(st.lists(HOSTILE, min_size=1, max_size=4), HOSTILE)
def test_a_display_console_table_writes_only_style_sequences(cells: list[str], title: str) -> None:
    output = io.StringIO()
    console = DisplayConsole(file=output, force_terminal=True, width=100)
    table = Table(*(f"c{i}" for i in range(len(cells))), title=title)
    table.add_row(*cells)
    table.add_row(*(Text(cell, style="red") for cell in cells))  # raw Text: cleaned when rendered
    console.print(table)
    console.print(title)
    written = output.getvalue()
    assert "\x1b" not in SGR_OR_NOTHING.sub("", written)
    assert ACTED_ON.search(SGR_OR_NOTHING.sub("", written).replace("\n", "")) is None


def test_a_display_console_shows_markup_and_emoji_codes_as_text() -> None:
    output = io.StringIO()
    console = DisplayConsole(file=output, width=100)
    console.print("[link=file:///etc/passwd]x[/link] [bold]b[/] :warning: [/]")
    assert output.getvalue() == "[link=file:///etc/passwd]x[/link] [bold]b[/] :warning: [/]\n"
