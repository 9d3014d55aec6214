"""The reader and its database: other instances, failed saves, edited articles, orphans."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import pytest

from tui_reader.document import Article
from tui_reader.model import Kind, make_annotation
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.annotation_list import AnnotationList
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.article_view import ArticleView

SIZE = (120, 40)


def make_app(article_path: Path, db_path: Path) -> ReaderApp:
    store = Store(db_path)
    return ReaderApp(store, session=ReadingSession(Article.load(article_path), store))


def stored_bodies(db_path: Path) -> list[str]:
    return sorted(a["body"] for a in json.loads(db_path.read_text())["annotations"].values())


async def test_another_instance_changes_show_within_two_seconds(
    article_path: Path, db_path: Path
) -> None:
    app = make_app(article_path, db_path)
    article = app.session.article
    async with app.run_test(size=SIZE) as pilot:
        other = Store(db_path)  # a second tui-reader on the same file
        start = article.text.index("Opponents")
        other.put_annotation(
            make_annotation(
                article.text,
                article.content_hash,
                Kind.NOTE,
                start,
                start + 9,
                body="from the other window",
            )
        )
        notes = app.screen.query_one("#notes-list", AnnotationList)
        for _ in range(25):
            await asyncio.sleep(0.1)
            if notes.option_count:
                break
        assert notes.option_count == 1
        assert [a.body for a in app.session.annotations] == ["from the other window"]
        await pilot.press("a", *"mine", "ctrl+s")
        await pilot.pause()
    assert stored_bodies(db_path) == ["from the other window", "mine"]


async def test_both_edits_of_one_annotation_are_kept_and_the_user_told(
    article_path: Path, db_path: Path
) -> None:
    app = make_app(article_path, db_path)
    article = app.session.article
    note = make_annotation(article.text, article.content_hash, Kind.NOTE, 0, 7, body="original")
    app.session.add(note)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "e")  # the edit starts from "original"...
        Store(db_path).put_annotation(note.touched(body="their edit"), base=note)
        await pilot.press("end", *" (my edit)", "ctrl+s")  # ...and is saved after theirs
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("both versions are kept" in message for message in messages)
    assert stored_bodies(db_path) == ["original (my edit)", "their edit"]


async def test_a_failed_save_is_kept_and_written_later(
    article_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(article_path, db_path)
    real_replace = os.replace

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(os, "replace", disk_full)
        await pilot.press("a", *"written later", "ctrl+s")
        await pilot.pause()
        assert [a.body for a in app.session.annotations] == ["written later"]
        assert any("kept in memory" in n.message for n in app._notifications)
        assert app.session.store.pending_count == 1
        monkeypatch.setattr(os, "replace", real_replace)
        for _ in range(25):
            await asyncio.sleep(0.1)
            if not app.session.store.pending_count:
                break
        assert stored_bodies(db_path) == ["written later"]


async def test_edited_article_keeps_notes_and_lists_orphans_to_reattach(
    tmp_path: Path, article_path: Path, db_path: Path
) -> None:
    path = tmp_path / "article.txt"
    original = article_path.read_text()
    path.write_text(original)
    first = ReadingSession(Article.load(path), Store(db_path))
    text, digest = first.article.text, first.article.content_hash
    kept_at = text.index("Shipbuilder Nordvik Marine")
    lost_at = text.index("Opponents were not convinced.")
    first.add(make_annotation(text, digest, Kind.NOTE, kept_at, kept_at + 26, body="kept"))
    first.add(make_annotation(text, digest, Kind.NOTE, lost_at, lost_at + 29, body="lost"))

    edited = "Editor's note: updated.\n\n" + original.replace("Opponents were not convinced. ", "")
    path.write_text(edited)
    app = make_app(path, db_path)
    async with app.run_test(size=SIZE) as pilot:
        by_body = {a.body: a for a in app.session.annotations}
        assert app.session.article.text[by_body["kept"].start :].startswith("Shipbuilder")
        assert by_body["lost"].orphan
        notes = app.screen.query_one("#notes-list", AnnotationList)
        prompts = [str(notes.get_option_at_index(i).prompt) for i in range(notes.option_count)]
        assert any(prompt.startswith("Orphans (1)") for prompt in prompts)
        # Re-attach the orphan: select a passage, then `r` on the orphan in the panel.
        view = app.screen.query_one(ArticleView)
        new_start = app.session.article.text.index("The Elsmere Residents")
        view.select(new_start, new_start + 34)
        await pilot.press("tab")
        notes.highlight_id(by_body["lost"].id)
        await pilot.press("r")
        await pilot.pause()
        reattached = next(a for a in app.session.annotations if a.body == "lost")
        assert not reattached.orphan
        assert reattached.quote.exact == "The Elsmere Residents' Association"
    saved = Store(db_path).annotation(by_body["lost"].id)
    assert not saved.orphan and saved.start == new_start


async def test_quit_with_unsaved_changes_warns_first(
    article_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(article_path, db_path)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(os, "replace", disk_full)
        await pilot.press("a", *"precious", "ctrl+s", "q")
        await pilot.pause()
        assert app.is_running
        assert any("q again" in n.message for n in app._notifications)
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_damaged_database_offers_the_last_good_backup(db_path: Path) -> None:
    from tui_reader.store import latest_good_backup, restore_backup
    from tui_reader.ui.recovery import Recovery, RecoveryApp

    store = Store(db_path)
    article = Article.from_bytes(b"A short text about Portwell.\n", "short.txt")
    store.put_annotation(
        make_annotation(article.text, article.content_hash, Kind.NOTE, 0, 7, body="safe")
    )
    store.put_annotation(
        make_annotation(article.text, article.content_hash, Kind.NOTE, 8, 13, body="also safe")
    )
    db_path.write_text('{"annotations": {broken')
    backup = latest_good_backup(db_path)
    assert backup is not None
    app = RecoveryApp("damaged", backup)
    async with app.run_test() as pilot:
        await pilot.press("r")
    assert app.return_value is Recovery.RESTORE
    restore_backup(db_path, backup)
    assert sorted(a.body for a in Store(db_path).annotations()) == ["also safe", "safe"]
