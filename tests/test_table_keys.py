"""The tables of the library and of its Sources screen move with the list keys: `j`/`k`
a row, `g`/`G` to the first/last, so that the key pressed next acts on the row moved to.

The library is the three articles of `tests/data/across`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tui_reader.across.adding import add_articles
from tui_reader.library import library
from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.library_screen import LibraryScreen
from tui_reader.ui.sources_screen import MARK, SourcesScreen

ARTICLES = Path(__file__).parent / "data" / "across"
SIZE = (140, 36)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "db.json")
    assert add_articles(store, [ARTICLES], "rules").added == 3
    return store


async def settle(app: ReaderApp, pilot: Pilot[None]) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def statuses(db_path: Path) -> dict[str, str]:
    """Each article's status as the database keeps it, by content hash."""
    return {e.record.content_hash: e.record.status for e in library(Store(db_path))}


async def test_j_j_then_s_cycles_the_status_of_the_third_article(store: Store) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen) and screen.table.row_count == 3
        await pilot.press("j", "j")
        assert screen.table.cursor_row == 2
        third = screen.entries[2].record.content_hash
        await pilot.press("s")
        await pilot.pause()
        assert screen.table.cursor_row == 2
    kept = statuses(store.path)
    assert kept.pop(third) == "reading"
    assert set(kept.values()) == {"unread"}


async def test_k_g_and_G_move_in_the_library(store: Store) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await pilot.press("G")
        assert screen.table.cursor_row == 2
        await pilot.press("k")
        assert screen.table.cursor_row == 1
        await pilot.press("g")
        assert screen.table.cursor_row == 0


async def test_j_and_k_are_letters_in_the_library_search(store: Store) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await pilot.press("slash", *"jkgG")
        assert screen.query_one("#library-search", Input).value == "jkgG"
        assert screen.table.cursor_row == 0


async def test_j_then_m_marks_the_second_source_and_g_G_go_first_last(store: Store) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("S")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SourcesScreen) and len(screen.sources) > 2
        await pilot.press("j", "m")
        assert screen.marked == 1
        assert str(screen.table.get_row_at(1)[0]) == MARK + screen.sources[1].name
        await pilot.press("G")
        assert screen.table.cursor_row == len(screen.sources) - 1
        await pilot.press("g")
        assert screen.table.cursor_row == 0
        await pilot.press("j", "j", "k")
        assert screen.table.cursor_row == 1
