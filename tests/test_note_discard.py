"""Escape in the note dialog: typed text is never thrown away without asking."""

from __future__ import annotations

import json
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import TextArea

from tui_reader.document import Article
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.dialogs import DiscardDialog, NoteDialog
from tui_reader.ui.reader_screen import ReaderScreen

SIZE = (100, 30)


def make_app(article_path: Path, db_path: Path) -> ReaderApp:
    store = Store(db_path)
    return ReaderApp(store, session=ReadingSession(Article.load(article_path), store))


def notes(db_path: Path) -> list[str]:
    if not db_path.exists():
        return []
    records = json.loads(db_path.read_text()).get("annotations", {}).values()
    return [record["body"] for record in records if record["kind"] == "note"]


async def wait_for(pilot: Pilot, screen_type: type) -> None:
    for _ in range(40):
        if isinstance(pilot.app.screen, screen_type):
            return
        await pilot.pause(0.05)
    raise AssertionError(f"{screen_type.__name__} not shown, {pilot.app.screen} is")


async def test_escape_after_typing_asks_and_n_keeps_the_text(
    article_path: Path, db_path: Path
) -> None:
    app = make_app(article_path, db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("a")
        await wait_for(pilot, NoteDialog)
        await pilot.press(*"Check the vote count")
        await pilot.press("escape")
        await wait_for(pilot, DiscardDialog)
        await pilot.press("n")
        await wait_for(pilot, NoteDialog)
        area = app.screen.query_one(TextArea)
        assert area.text == "Check the vote count" and area.has_focus
        await pilot.press(*" twice", "ctrl+s")
        await wait_for(pilot, ReaderScreen)
    assert notes(db_path) == ["Check the vote count twice"]


async def test_escape_after_typing_and_y_discards(article_path: Path, db_path: Path) -> None:
    app = make_app(article_path, db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("a")
        await wait_for(pilot, NoteDialog)
        await pilot.press(*"a stray thought", "escape")
        await wait_for(pilot, DiscardDialog)
        await pilot.press("y")
        await wait_for(pilot, ReaderScreen)
    assert notes(db_path) == []


async def test_escape_with_nothing_typed_closes_at_once(article_path: Path, db_path: Path) -> None:
    app = make_app(article_path, db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("a")
        await wait_for(pilot, NoteDialog)
        await pilot.press("escape")
        await wait_for(pilot, ReaderScreen)
    assert notes(db_path) == []
