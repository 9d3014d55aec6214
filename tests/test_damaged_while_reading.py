"""The database damaged by another program while the reader has it open.

Another program (a sync client, a hand edit) leaves the file invalid JSON. The
next save must not crash: the change stays pending, the reader is told once
that the file was damaged by something else and is offered the last good
backup; restoring it saves the pending changes into it. Real files, real keys.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from helpers.screen import shown_soon

from tui_reader.document import Article
from tui_reader.model import Kind, make_annotation
from tui_reader.session import ReadingSession
from tui_reader.store import NotSaved, Store, latest_good_backup, restore_backup
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.article_view import ArticleView
from tui_reader.ui.recovery import DamagedDatabaseDialog

SIZE = (120, 40)


def bodies(db_path: Path) -> list[str]:
    return sorted(a["body"] for a in json.loads(db_path.read_text())["annotations"].values())


def test_a_store_keeps_changes_pending_while_the_file_is_damaged(
    article_path: Path, db_path: Path
) -> None:
    article = Article.load(article_path)
    store = Store(db_path)
    session = ReadingSession(article, store)
    text, digest = article.text, article.content_hash
    session.add(make_annotation(text, digest, Kind.NOTE, 0, 7, body="before"))
    db_path.write_text("{ not json", encoding="utf-8")

    with pytest.raises(NotSaved, match="not valid JSON"):
        session.add(make_annotation(text, digest, Kind.NOTE, 8, 12, body="during"))
    assert store.damage is not None and "not valid JSON" in str(store.damage)
    assert store.pending_count == 1
    assert sorted(a.body for a in store.annotations()) == ["before", "during"]  # no crash
    assert store.conflicts() == [] and not session.reload()

    backup = latest_good_backup(db_path)
    assert backup is not None
    restore_backup(db_path, backup)
    store.retry_pending()
    assert store.damage is None and store.pending_count == 0
    assert bodies(db_path) == ["before", "during"]


async def test_the_reader_says_so_once_offers_the_backup_and_saves_into_it(
    article_path: Path, db_path: Path
) -> None:
    store = Store(db_path)
    app = ReaderApp(store, session=ReadingSession(Article.load(article_path), store))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("a", *"before", "ctrl+s")
        await pilot.pause()
        db_path.write_text('{"_meta": {"schema": 1, "generation": 9}, "annot', encoding="utf-8")
        await asyncio.sleep(1.2)  # the poll finds it: the dialog opens unasked
        await pilot.pause()
        assert isinstance(app.screen, DamagedDatabaseDialog)
        shown = await shown_soon(pilot, "damaged by another program")
        assert "damaged by another program" in shown and "not valid" in shown
        assert ".bak1" in shown  # the backup offered
        await pilot.press("r", "escape")  # a letter typed meanwhile restores nothing
        await pilot.pause()
        assert not isinstance(app.screen, DamagedDatabaseDialog)

        view = app.screen.query_one(ArticleView)
        view.move_cursor(app.session.article.text.index("Opponents"))
        await pilot.press("a", *"during", "ctrl+s")  # a save: no crash, no second dialog
        await pilot.pause()
        await asyncio.sleep(1.2)  # a poll retries, and fails again
        await pilot.pause()
        assert not isinstance(app.screen, DamagedDatabaseDialog)
        assert "Kept unsaved: the database file is still damaged" in await shown_soon(
            pilot, "Kept unsaved"
        )
        assert [a.body for a in app.session.annotations] == ["before", "during"]
        assert app.is_running and store.pending_count >= 1  # the note (and the position)

        app.screen.offer_backup(force=True)  # as the command palette's entry does
        await pilot.pause()
        assert isinstance(app.screen, DamagedDatabaseDialog)
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert store.pending_count == 0 and store.damage is None
        assert "saved into the restored backup" in await shown_soon(pilot, "restored backup")
    assert bodies(db_path) == ["before", "during"]
    kept = list(db_path.parent.glob(f"{db_path.name}.replaced-*"))
    assert len(kept) == 1 and kept[0].read_text().endswith('"annot')  # the damaged file, kept
