"""What the article view renders fits the width and loses no character, for any text.

The layout measures each row as the view shows it (`display.displayable_cells`):
a BiDi control, a C0 or C1 control or a lone surrogate is a visible placeholder
of one cell there, so measuring the raw character (no cell) made a row one cell
too long for each, and the view's crop to the width cut its last character off.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.containers import Vertical

from tui_reader.display import displayable_cells
from tui_reader.document import Article
from tui_reader.ui.article_view import ArticleView

Result = TypeVar("Result")

TRICKY = [
    *"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",  # BiDi embeddings, isolates
    "\u200e\u200f\u061c",  # BiDi marks (no cell, and none shown)
    *(chr(code) for code in (0x00, 0x01, 0x07, 0x08, 0x0B, 0x0C, 0x1B, 0x1C, 0x1F, 0x7F)),
    *(chr(code) for code in (0x80, 0x85, 0x9B, 0x9F)),  # C1, NEL among them
    "\u200b\u200c\u200d\ufe0f\ufeff",  # zero width: space, non-joiner, joiner, VS16, BOM
    "東京の市長",  # wide CJK
    "😀👩",  # wide emoji (joined by U+200D above)
    "\u0301\u0308\u20dd",  # combining marks
    "\ud800\udbff\udc00\udfff",  # lone surrogates
    "\u00a0\u3000\u2028",  # no-break, ideographic and line-separator space
]
ALPHABET = st.sampled_from([*"abc de\n\n\t\r-", *"".join(TRICKY)])
TEXTS = st.text(alphabet=ALPHABET, min_size=1, max_size=160)
WIDTHS = st.integers(min_value=10, max_value=24)


class ViewApp(App[None]):
    """Nothing but a column the article views are mounted in, one at a time."""

    def compose(self) -> ComposeResult:
        yield Vertical(id="column")


class LiveView:
    """One app kept running across examples (starting one per example is too slow)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.app = ViewApp()
        self._running = self.app.run_test(size=(40, 200))
        # Textual keeps the running app in context variables: every step runs in one context.
        self._variables = contextvars.copy_context()
        self.pilot = self._run(self._running.__aenter__())

    def _run(self, step: Coroutine[Any, Any, Result]) -> Result:
        return self.loop.run_until_complete(self.loop.create_task(step, context=self._variables))

    def rows(self, text: str, width: int) -> tuple[ArticleView, list[str]]:
        """Show `text` in a view `width` cells wide; the text of every row it renders."""
        return self._run(self._rows(text, width))

    async def _rows(self, text: str, width: int) -> tuple[ArticleView, list[str]]:
        column = self.app.query_one("#column")
        await column.remove_children()
        view = ArticleView(Article(text=text, name="story.txt"))
        view.styles.width = width  # no scrollbar: every row fits in the screen's height
        await column.mount(view)
        await self.pilot.pause()
        layout = view.wrapped
        assert layout.width == width, (layout.width, width)
        layout.wrap_more(len(text) + 1)
        assert layout.row_count <= view.size.height
        rendered = []
        for y in range(layout.row_count):
            strip = view.render_line(y)
            assert strip.cell_length <= width, (y, strip.text)
            rendered.append(strip.text)
        return view, rendered

    def close(self) -> None:
        self._run(self._running.__aexit__(None, None, None))
        self.loop.close()


@pytest.fixture(scope="module")
def live_view() -> Iterator[LiveView]:
    live = LiveView()
    yield live
    live.close()


@settings(max_examples=40, deadline=None)
@given(text=TEXTS, width=WIDTHS)
@example(text="\u0301aaaaaaaaa\u3000", width=10)
@example(text="aaaaaaaaaa\u00e1\u20dd\u3000\u3000\u0301 ", width=15)  # a mark on the last cell
def test_every_row_fits_and_shows_all_of_its_text(
    live_view: LiveView, text: str, width: int
) -> None:
    view, rendered = live_view.rows(text, width)
    layout = view.wrapped
    spans = [layout.row_span(row) for row in range(layout.row_count)]
    # The rows hold the whole text in order (what lies between them is line breaks).
    covered = "".join(
        text[layout.row_start(r) : layout.next_row_start(r)] for r in range(len(spans))
    )
    assert covered == text
    for row, (start, end) in enumerate(spans):
        # Each row shows every character it holds, bar white space hanging past the edge.
        expected = displayable_cells(text[start:end]).rstrip()
        assert rendered[row].startswith(expected), (row, expected, rendered[row])


@pytest.mark.parametrize(
    "text",
    [
        "\u202e" * 3 + "abcdefghijklmnop",
        "ab\u2066cd\u2069ef\x01ghijklmnop",
        "\ud800abcdefghijklmn",
        "\u0301abcdefghijklmnop",  # a mark with nothing to sit on: ◌, not a lost cell
    ],
)
def test_a_row_with_invisible_controls_keeps_its_last_character(
    live_view: LiveView, text: str
) -> None:
    _, rendered = live_view.rows(text, 10)
    assert "".join(row.rstrip() for row in rendered) == displayable_cells(text)
