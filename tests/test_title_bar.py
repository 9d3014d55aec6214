"""The header names the article: its title (the user's, the page's, the text's), then
its file's name when there is room for both; a file with no title found, its name once."""

from __future__ import annotations

from pathlib import Path

from helpers.screen import screen_lines

from tui_reader.document import Article
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp

BYLINE_FIRST = (
    "By Ines Alvarez\n"
    "PORTWELL (Coastline) - The council voted on Thursday to fund the new ferry, "
    "after a debate that ran past midnight.\n"
)
HEADLINE = "Harbour council backs ferry plan after heated debate\n\n"


def header(app: ReaderApp) -> str:
    return " ".join(screen_lines(app)[0].split())


async def test_the_header_shows_the_title_then_the_file_name_if_there_is_room(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ferry_vote.txt"
    path.write_text(HEADLINE + BYLINE_FIRST, encoding="utf-8")
    store = Store(tmp_path / "annotations.json")
    app = ReaderApp(store, session=ReadingSession(Article.load(path), store))
    title = "Harbour council backs ferry plan after heated debate"
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert header(app) == f"⭘ {title} — ferry_vote.txt"
        await pilot.resize_terminal(80, 24)  # no room for both: the title whole, alone
        await pilot.pause()
        assert header(app) == f"⭘ {title}"
        await pilot.resize_terminal(140, 42)
        await pilot.pause()
        assert header(app) == f"⭘ {title} — ferry_vote.txt"


async def test_no_title_found_is_the_file_name_once_and_a_title_set_is_shown(
    tmp_path: Path,
) -> None:
    path = tmp_path / "clip_0412.txt"
    path.write_text(BYLINE_FIRST, encoding="utf-8")
    store = Store(tmp_path / "annotations.json")
    session = ReadingSession(Article.load(path), store)
    app = ReaderApp(store, session=session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert header(app) == "⭘ clip_0412.txt"
    session.set_metadata("title", "Ferry [b]vote[/b] passes")  # kept in the library
    again = ReadingSession(Article.load(path), Store(tmp_path / "annotations.json"))
    app = ReaderApp(again.store, session=again)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert header(app) == "⭘ Ferry [b]vote[/b] passes — clip_0412.txt"
