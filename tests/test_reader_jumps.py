"""Jumps far into an article before it is wrapped: the reader shows the place at once, and
the text on screen stays put while the estimated rows before it are counted.

The article's first chunk has short lines and the rest long paragraphs, so the row
estimate taken from the first chunk is far off for the rest (about three times too
many rows) and every correction renumbers the rows on screen. Chunks are made small
(a few kilobytes) and the background wrapping is paused, so each test decides when
the estimates are corrected.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from tui_reader.document import Article
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui import text_scroll
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.article_view import ArticleView
from tui_reader.ui.layout import WrappedLayout

SIZE = (120, 40)
HEAD = "\n".join(f"Short line number {number}." for number in range(300))
BODY = "\n\n".join(
    f"Paragraph {number} opens here, and " + "the harbour board met again to talk. " * 25
    for number in range(400)
)
ENDING = "The very last line of the story."
TEXT = f"{HEAD}\n\n{BODY}\n\nThe ferry from Quillan Point is late.\n\n{BODY}\n\n{ENDING}\n"

WrapStep = Callable[[ArticleView, WrappedLayout], None]


@pytest.fixture
def paused_wrapping(monkeypatch: pytest.MonkeyPatch) -> WrapStep:
    """Small chunks, and no background wrapping: returns the step to run it by hand."""
    monkeypatch.setattr(text_scroll, "WrappedLayout", partial(WrappedLayout, chunk_chars=4000))
    step = ArticleView._wrap_in_background
    monkeypatch.setattr(ArticleView, "_wrap_in_background", lambda view, layout: None)
    return step


def make_app(tmp_path: Path, db_path: Path) -> ReaderApp:
    path = tmp_path / "story.txt"
    path.write_text(TEXT, encoding="utf-8")
    session = ReadingSession(Article.load(path), Store(db_path))
    return ReaderApp(session.store, session=session)


def shown(view: ArticleView) -> list[str]:
    """The article's rows as the view renders them now."""
    return [view.render_line(y).text.rstrip() for y in range(view.size.height)]


def status(app: ReaderApp) -> str:
    """What the status line under the article says."""
    return str(app.screen.query_one("#status").render())


async def wrap_the_rest(view: ArticleView, step: WrapStep, pilot: object) -> None:
    layout = view.wrapped
    while not layout.complete:
        step(view, layout)
    await pilot.pause()  # type: ignore[attr-defined]


async def test_g_shows_the_end_at_once_and_it_stays_while_the_rest_is_counted(
    tmp_path: Path, db_path: Path, paused_wrapping: WrapStep
) -> None:
    app = make_app(tmp_path, db_path)
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(ArticleView)
        await pilot.press("G")
        layout = view.wrapped
        assert not layout.complete  # the middle is still an estimate
        assert view.cursor == len(TEXT)
        lines = TEXT.count("\n") + 1
        assert f"line {lines}/{lines}" in status(app)
        before = shown(view)
        assert ENDING in before
        estimated = layout.row_count
        await wrap_the_rest(view, paused_wrapping, pilot)
        assert layout.complete
        assert layout.row_count < estimated * 0.7  # the estimate was far off
        assert shown(view) == before  # the same text on screen
        assert view.virtual_size.height == layout.row_count
        assert view.scroll_y == view.max_scroll_y  # the scrollbar at the bottom
        await pilot.press("k")
        assert view.wrapped.row_of(view.cursor) == layout.row_count - 2


async def test_search_hit_far_down_is_shown_and_stays(
    tmp_path: Path, db_path: Path, paused_wrapping: WrapStep
) -> None:
    app = make_app(tmp_path, db_path)
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(ArticleView)
        await pilot.press("slash", *"quillan", "enter")
        assert TEXT[view.cursor :].startswith("Quillan")
        assert not view.wrapped.complete
        before = shown(view)
        assert any("Quillan Point" in line for line in before)
        await wrap_the_rest(view, paused_wrapping, pilot)
        assert shown(view) == before
        row = view.wrapped.row_of(view.cursor)
        assert view.scroll_y <= row < view.scroll_y + view.size.height


async def test_scrolling_into_estimated_rows_shows_whole_rows(
    tmp_path: Path, db_path: Path, paused_wrapping: WrapStep
) -> None:
    """Dragging the scrollbar to the middle shows rows of text from the middle, with no
    gaps, and the same text once the rows before are counted."""
    app = make_app(tmp_path, db_path)
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(ArticleView)
        layout = view.wrapped
        await pilot.pause()  # placed at the reading position (the top) first
        view.scroll_to(y=layout.row_count // 2, animate=False)
        await pilot.pause()
        before = shown(view)
        top = layout.row_start(int(view.scroll_y))
        assert len(TEXT) * 0.3 < top < len(TEXT) * 0.7
        eager = WrappedLayout(TEXT, layout.width, paragraph_gap=layout.paragraph_gap)
        first = eager.row_of(top)
        rows = range(first, first + view.size.height)
        assert before == [TEXT[slice(*eager.row_span(row))].rstrip() for row in rows]
        await wrap_the_rest(view, paused_wrapping, pilot)
        assert shown(view) == before
        assert layout.row_start(int(view.scroll_y)) == top


async def test_dragging_the_scrollbar_to_the_bottom_shows_the_last_screen(
    tmp_path: Path, db_path: Path, paused_wrapping: WrapStep
) -> None:
    """The estimate says there are more rows than there are: the view does not show a
    screen of nothing past the end, it comes to rest on the last screen."""
    app = make_app(tmp_path, db_path)
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(ArticleView)
        await pilot.pause()
        estimated = view.virtual_size.height
        view.scroll_to(y=view.max_scroll_y, animate=False)
        await pilot.pause()
        await pilot.pause()
        assert view.virtual_size.height < estimated  # the end counted, the scrollbar told
        assert shown(view)[-2:] == [ENDING, ""]  # the empty line after the last line break
        assert not view.wrapped.complete


async def test_moving_the_cursor_back_counts_rows_before_the_view_without_a_jump(
    tmp_path: Path, db_path: Path, paused_wrapping: WrapStep
) -> None:
    """From the end, pages up wrap chunk after chunk above the view; the cursor stays in
    view and each page moves the text by a page."""
    app = make_app(tmp_path, db_path)
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(ArticleView)
        await pilot.press("G")
        for _ in range(12):
            first_shown = view.wrapped.row_start(int(view.scroll_y))
            await pilot.press("pageup")
            layout = view.wrapped
            row = layout.row_of(view.cursor)
            assert view.scroll_y <= row < view.scroll_y + view.size.height
            assert layout.row_start(int(view.scroll_y)) < first_shown


async def test_scrolling_up_from_the_end_moves_the_text_by_the_rows_scrolled(
    tmp_path: Path, db_path: Path, paused_wrapping: WrapStep
) -> None:
    """A mouse wheel's three rows up, again and again, from the end into estimated rows:
    the text moves down by three rows each time, never by an estimate's error."""
    app = make_app(tmp_path, db_path)
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(ArticleView)
        await pilot.press("G")
        before = shown(view)
        for _ in range(60):
            view.scroll_relative(y=-3, animate=False)
            await pilot.pause()
            now = shown(view)
            assert now[3:] == before[:-3]
            before = now
        assert not view.wrapped.complete


async def test_resize_far_down_keeps_the_first_line_shown(
    tmp_path: Path, db_path: Path, paused_wrapping: WrapStep
) -> None:
    app = make_app(tmp_path, db_path)
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(ArticleView)
        await pilot.press("slash", *"quillan", "enter")
        view.scroll_cursor_to_top()  # as a jump from the panel does: the cursor stays in view
        await pilot.pause()
        first_shown = view.wrapped.row_start(int(view.scroll_y))
        await pilot.resize_terminal(100, 40)
        layout = view.wrapped
        assert layout.width != SIZE[0]
        start = layout.row_start(int(view.scroll_y))
        assert start <= first_shown < layout.next_row_start(int(view.scroll_y))
        row = layout.row_of(view.cursor)
        assert view.scroll_y <= row < view.scroll_y + view.size.height
