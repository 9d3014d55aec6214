"""The app's export dialog: the file named from the article's folder (shown in
full), a file that exists replaced only after asking, the last format and folder
remembered per database. Real keys, real files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static

from tui_reader.document import Article
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp

SIZE = (120, 40)


def reader(article: Path, db_path: Path) -> ReaderApp:
    session = ReadingSession(Article.load(article), Store(db_path))
    return ReaderApp(session.store, session=session)


async def test_export_names_asks_and_remembers(
    tmp_path: Path, article_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    article = folder / "vote.txt"
    shutil.copy(article_path, article)
    started_in = tmp_path / "elsewhere"
    started_in.mkdir()
    monkeypatch.chdir(started_in)
    expected = folder / "vote.csv"

    app = reader(article, db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("#export-format", Select).value = "csv"
        await pilot.pause()
        assert app.screen.query_one("#export-path", Input).value == str(expected)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert expected.is_file() and not list(started_in.iterdir())
    expected.write_text("the user's own file\n", encoding="utf-8")

    app = reader(article, db_path)  # a new run: format and folder remembered
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert dialog.query_one("#export-format", Select).value == "csv"
        assert dialog.query_one("#export-path", Input).value == str(expected)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog  # asked first, nothing written
        hint = str(dialog.query_one("#export-hint", Static).render())
        assert "exists: enter again replaces it" in hint
        assert expected.read_text(encoding="utf-8") == "the user's own file\n"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert expected.read_text(encoding="utf-8").startswith("id,")  # replaced by the export
