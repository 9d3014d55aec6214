"""Conflicts between two readers on one database file: told once, across opens, and
settled from the Notes tab with both versions shown. Two real stores, real keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_reader.document import Article
from tui_reader.model import Kind, make_annotation
from tui_reader.session import ReadingSession
from tui_reader.store import ConflictKind, Keep, Store
from tui_reader.ui.annotation_list import CONFLICT, AnnotationList
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.conflict_screen import ConflictScreen

SIZE = (120, 40)


def open_reader(article_path: Path, db_path: Path) -> ReaderApp:
    session = ReadingSession(Article.load(article_path), Store(db_path))
    return ReaderApp(session.store, session=session)


def edited_twice(article_path: Path, db_path: Path) -> str:
    """A note edited in two windows at once: the second save conflicts. Its id."""
    article = Article.load(article_path)
    mine, theirs = Store(db_path), Store(db_path)
    original = make_annotation(
        article.text, article.content_hash, Kind.NOTE, 0, 14, body="first words"
    )
    mine.put_annotation(original)
    ReadingSession(article, theirs)  # the article in the library
    theirs.put_annotation(original.touched(body="their words"), base=original)
    [conflict] = mine.put_annotation(original.touched(body="my words"), base=original)
    assert conflict.kind is ConflictKind.EDITED_TWICE
    return conflict.id


def told(app: ReaderApp) -> list[str]:
    return [str(n.message) for n in app._notifications if "another window" in str(n.message)]


async def open_conflict(pilot, app: ReaderApp, conflict_id: str) -> ConflictScreen:
    await pilot.press("1")
    notes = app.screen.query_one("#notes-list", AnnotationList)
    assert notes.highlight_id(f"{CONFLICT}{conflict_id}")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, ConflictScreen)
    return app.screen


async def test_a_conflict_is_told_once_across_opens(article_path: Path, db_path: Path) -> None:
    conflict_id = edited_twice(article_path, db_path)
    first = open_reader(article_path, db_path)
    async with first.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert len(told(first)) == 1 and "both versions are kept" in told(first)[0]
        await pilot.press("a", *"another note", "ctrl+s")  # a commit tells what is new only
        await pilot.pause()
        assert len(told(first)) == 1
    assert [c.told for c in Store(db_path).conflicts()] == [True]
    again = open_reader(article_path, db_path)
    async with again.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert told(again) == []  # said the first time, in whichever instance
        notes = again.screen.query_one("#notes-list", AnnotationList)
        assert notes.highlight_id(f"{CONFLICT}{conflict_id}")  # still listed, to settle


@pytest.mark.parametrize(
    ("key", "bodies"),
    [("m", ["my words"]), ("t", ["their words"]), ("b", ["my words", "their words"])],
)
async def test_both_versions_are_shown_and_the_choice_is_saved(
    article_path: Path, db_path: Path, key: str, bodies: list[str]
) -> None:
    conflict_id = edited_twice(article_path, db_path)
    app = open_reader(article_path, db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_conflict(pilot, app, conflict_id)
        shown = str(screen.query_one("#conflict-sides").query(".conflict-side")[0].render())
        shown += str(screen.query_one("#conflict-sides").query(".conflict-side")[1].render())
        assert "my words" in shown and "their words" in shown
        await pilot.press(key)
        await pilot.pause()
        notes = app.screen.query_one("#notes-list", AnnotationList)
        assert not notes.highlight_id(f"{CONFLICT}{conflict_id}")  # settled: gone
    other = Store(db_path)  # the other instance sees the choice
    assert other.conflicts() == []
    assert sorted(a.body for a in other.annotations()) == bodies


async def test_escape_leaves_the_conflict_to_settle_later(
    article_path: Path, db_path: Path
) -> None:
    conflict_id = edited_twice(article_path, db_path)
    app = open_reader(article_path, db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_conflict(pilot, app, conflict_id)
        await pilot.press("escape")
        await pilot.pause()
    assert [c.id for c in Store(db_path).conflicts()] == [conflict_id]


async def test_an_edit_of_a_deleted_note_is_understood_with_enter(
    article_path: Path, db_path: Path
) -> None:
    article = Article.load(article_path)
    mine, theirs = Store(db_path), Store(db_path)
    original = make_annotation(article.text, article.content_hash, Kind.NOTE, 0, 14, body="x")
    mine.put_annotation(original)
    ReadingSession(article, theirs)
    theirs.delete_annotation(original.id, base=original)
    [conflict] = mine.put_annotation(original.touched(body="kept edit"), base=original)
    app = open_reader(article_path, db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_conflict(pilot, app, conflict.id)
        await pilot.press("m")  # no choice of versions here: nothing happens
        assert app.screen is screen
        await pilot.press("enter")
        await pilot.pause()
    assert Store(db_path).conflicts() == []
    assert [a.body for a in Store(db_path).annotations()] == ["kept edit"]


def test_told_is_remembered_by_the_store_and_journalled(db_path: Path) -> None:
    from tui_reader.store.changes import ConflictsTold
    from tui_reader.store.journal import change_from_dict, change_to_dict

    change = ConflictsTold(("a1", "b2"))
    assert change_from_dict(change_to_dict(change)) == change
    assert Keep("both") is Keep.BOTH
