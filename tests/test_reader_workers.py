"""Slow work runs in workers while the app keeps answering: tag suggestions, export,
opening an article from the library, locating a moved file. Real keys, real files."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from test_library import build_library
from textual.widgets import DataTable, Input, Static

from tui_reader.document import Article
from tui_reader.model import Kind, make_annotation
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.dialogs import TagDialog
from tui_reader.ui.library_screen import LibraryScreen
from tui_reader.ui.reader_screen import ReaderScreen

SIZE = (120, 40)


def reader(article_path: Path, db_path: Path) -> ReaderApp:
    session = ReadingSession(Article.load(article_path), Store(db_path))
    return ReaderApp(session.store, session=session)


def notices(app: ReaderApp) -> list[str]:
    return [str(notice.message) for notice in app._notifications]


class Threads:
    """Which threads a real function ran in (it still does its work)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> None:
        self.names: list[str] = []
        real = getattr(owner, name)

        def recorded(*args: object, **kwargs: object) -> object:
            self.names.append(threading.current_thread().name)
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, recorded)

    @property
    def off_the_ui_thread(self) -> bool:
        main = threading.main_thread().name
        return bool(self.names) and main not in self.names


async def test_tag_suggestions_come_from_a_worker_and_are_kept_until_the_database_changes(
    tmp_path: Path, article_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other.txt"
    other.write_text("Another story about the ferry and the harbour.\n", encoding="utf-8")
    earlier = ReadingSession(Article.load(other), Store(db_path))
    text, digest = earlier.article.text, earlier.article.content_hash
    earlier.add(make_annotation(text, digest, Kind.TAG, 0, 7, tags=("ferry", "council")))
    app = reader(article_path, db_path)
    reads = Threads(monkeypatch, ReadingSession, "known_tags")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        assert isinstance(app.screen, TagDialog)  # at once, before the tags are read
        await app.workers.wait_for_complete()
        assert reads.off_the_ui_thread
        await pilot.pause()
        hint = str(app.screen.query_one("#tags-known", Static).render())
        assert "ferry, council" in hint
        await pilot.press(*"fe")
        await pilot.pause()
        await pilot.press("right", "enter")  # the suggestion the worker found completes
        await pilot.pause()
        tagged = [a for a in app.session.annotations if a.kind is Kind.TAG]
        assert [a.tags for a in tagged] == [("ferry",)]
        # Saved: the database changed, the tags are read again (now "ferry" twice).
        assert app.session.cached_known_tags() is None
        app.screen.view.move_cursor(app.session.article.text.index("Opponents"))
        app.screen.save_position()  # now: saved later, it would change the database below
        await pilot.press("t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session.cached_known_tags() == ["ferry", "council"]
        await pilot.press("escape")
        await pilot.pause()
        read = len(reads.names)
        await pilot.press("t")  # nothing saved since: not read again, the tags are known
        await app.workers.wait_for_complete()
        assert len(reads.names) == read
        hint = str(app.screen.query_one("#tags-known", Static).render())
        assert "ferry, council" in hint


async def test_export_runs_in_a_worker_and_says_when_it_is_done(
    article_path: Path, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_reader import export

    writes = Threads(monkeypatch, export, "write_export")
    app = reader(article_path, db_path)
    target = tmp_path / "out" / "harbour.json"
    target.parent.mkdir()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("a", *"to export", "ctrl+s")
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("#export-format").value = "json"
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        assert any(n.startswith("Exporting json to") for n in notices(app))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert writes.off_the_ui_thread
        assert any(n.startswith(f"Exported json to {target}") for n in notices(app))
        bad = tmp_path / "a-file"
        bad.write_text("x")
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = str(bad / "inside.md")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)  # an error is a notice, not a crash
        assert sum("Exported" in n for n in notices(app)) == 1
    bodies = [a["body"] for a in json.loads(target.read_text())["annotations"]]
    assert bodies == ["to export"]


async def test_the_library_opens_an_article_in_a_worker(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = build_library(tmp_path, db_path)
    loads = Threads(monkeypatch, Article, "load")
    app = ReaderApp(Store(db_path))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        table = app.screen.query_one(DataTable)
        harbour = next(r for r in range(2) if "Harbour" in str(table.get_row_at(r)[0]))
        table.move_cursor(row=harbour)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert loads.off_the_ui_thread
        await pilot.press("q")
        await pilot.pause()
        # The file is replaced by a directory after the library listed it: an error, said.
        paths["harbour_vote.txt"].unlink()
        paths["harbour_vote.txt"].mkdir()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_a_moved_file_is_located_in_a_worker(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_reader.ui import library_screen

    paths = build_library(tmp_path, db_path)
    searches = Threads(monkeypatch, library_screen, "locate")
    archive = tmp_path / "archive"
    archive.mkdir()
    for number in range(30):
        (archive / f"other-{number}.txt").write_text(f"Story {number}.\n", encoding="utf-8")
    moved = archive / "renamed.txt"
    paths["harbour_vote.txt"].rename(moved)
    app = ReaderApp(Store(db_path))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        row = next(i for i, e in enumerate(screen.entries) if "Harbour" in e.record.title)
        screen.table.move_cursor(row=row)
        await pilot.press("l")
        screen.query_one("#library-locate", Input).value = str(archive)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        assert searches.off_the_ui_thread
        await pilot.pause()
        assert f"Found: {moved.resolve()}" in notices(app)
        assert not next(e for e in screen.entries if "Harbour" in e.record.title).missing


@pytest.mark.parametrize("where", ["nowhere", "empty"])
async def test_locating_in_vain_says_so(tmp_path: Path, db_path: Path, where: str) -> None:
    paths = build_library(tmp_path, db_path)
    paths["harbour_vote.txt"].unlink()
    place = tmp_path / where
    if where == "empty":
        place.mkdir()
    app = ReaderApp(Store(db_path))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        row = next(i for i, e in enumerate(screen.entries) if "Harbour" in e.record.title)
        screen.table.move_cursor(row=row)
        await pilot.press("l")
        screen.query_one("#library-locate", Input).value = str(place)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any(n.startswith("No file there has the text of") for n in notices(app))


async def test_tags_read_after_the_dialog_closed_are_kept_and_nothing_breaks(
    article_path: Path, db_path: Path
) -> None:
    app = reader(article_path, db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "escape", "t", "escape")  # closed before the tags are read
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.session.cached_known_tags() == []
