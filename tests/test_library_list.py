"""The library's table on its first render, and an article edited since it was read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers.screen import screen_lines
from textual.widgets import DataTable

from tui_reader.document import Article
from tui_reader.library import library
from tui_reader.model import Kind, make_annotation
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.library_screen import LibraryScreen

DATA = Path(__file__).parent / "data"


def deep_article(tmp_path: Path) -> Path:
    folder = tmp_path / "desk" / "council" / "2026" / "march"
    folder.mkdir(parents=True)
    path = folder / "harbour_vote.txt"
    shutil.copy(DATA / "harbour_vote.txt", path)
    return path


async def test_the_first_render_shows_whole_statuses_and_the_file_s_name(
    tmp_path: Path, db_path: Path
) -> None:
    path = deep_article(tmp_path)
    store = Store(db_path)
    ReadingSession(Article.load(path), store)
    app = ReaderApp(store)
    async with app.run_test(size=(120, 30)) as pilot:
        assert isinstance(app.screen, LibraryScreen)
        await pilot.pause()
        row = next(line for line in screen_lines(app) if "Harbour" in line)
        assert "unread" in row and row.rstrip().endswith("march/harbour_vote.txt"), row
        await pilot.press("s")  # unread -> reading: one letter longer
        await pilot.pause()
        row = next(line for line in screen_lines(app) if "Harbour" in line)
        assert " reading " in row, row
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1


async def test_an_edited_article_is_listed_once_its_earlier_version_if_annotated(
    tmp_path: Path, db_path: Path
) -> None:
    path = deep_article(tmp_path)
    store = Store(db_path)
    first = ReadingSession(Article.load(path), store)
    path.write_text(path.read_text(encoding="utf-8") + "\nA correction was added.\n", "utf-8")
    ReadingSession(Article.load(path), store)
    assert len(library(store)) == 1  # the earlier version has nothing of its own
    text, digest = first.article.text, first.article.content_hash
    store.put_annotation(make_annotation(text, digest, Kind.NOTE, 0, 7, body="kept"))
    entries = library(store)
    assert [entry.earlier_version for entry in entries] == [False, True]
    assert entries[1].cells()[0].startswith("(earlier) ")
    app = ReaderApp(store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 2
        lines = screen_lines(app)
        assert any("(earlier) " in line for line in lines), lines[:6]


def two_clippings(tmp_path: Path, db_path: Path) -> Store:
    """Two versions of one story under one title, told apart by their files only."""
    store = Store(db_path)
    for folder, name, extra in (
        ("march", "vote_monday.txt", "Monday"),
        ("april", "vote_tuesday.txt", "Tuesday"),
    ):
        place = tmp_path / "desk" / "council" / "2026" / folder
        place.mkdir(parents=True)
        text = (DATA / "harbour_vote.txt").read_text(encoding="utf-8")
        (place / name).write_text(f"{text}\nUpdated on {extra}.\n", encoding="utf-8")
        ReadingSession(Article.load(place / name), store)
    return store


async def test_the_table_fits_each_width_and_shows_what_tells_articles_apart(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # paths under it are shown from ~
    app = ReaderApp(two_clippings(tmp_path, db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.virtual_size.width <= table.size.width  # nothing off to the right
        lines = screen_lines(app)
        header = next(line for line in lines if "title" in line)
        assert "last opened" not in header and "file" in header
        rows = [line for line in lines if "Harbour council" in line]
        assert len(rows) == 2
        assert sorted(row.rstrip().rsplit("…", 1)[-1] for row in rows) == [
            "/vote_monday.txt",
            "/vote_tuesday.txt",
        ]
        for width, ends in (
            (120, ("…/april/vote_tuesday.txt", "…/march/vote_monday.txt")),
            (
                140,
                (
                    "~/desk/council/2026/april/vote_tuesday.txt",
                    "~/desk/council/2026/march/vote_monday.txt",
                ),
            ),
        ):
            await pilot.resize_terminal(width, 40)
            await pilot.pause()
            assert table.virtual_size.width <= table.size.width, width
            lines = screen_lines(app)
            assert "last opened" in next(line for line in lines if "title" in line)
            rows = [line.rstrip() for line in lines if "Harbour council" in line]
            assert len(rows) == 2 and all(any(r.endswith(e) for r in rows) for e in ends), rows
