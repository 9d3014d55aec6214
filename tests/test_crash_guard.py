"""A bug in tui-reader costs no note: the crash guard and the journal of unsaved changes.

A real code path is made to raise (a session method the `t` key calls, the
article loader), in the app driven by Pilot, in a subprocess, and in a real
pseudo-terminal. Whatever was waiting to be saved is saved, or kept in a
journal that the next start offers to save; the traceback goes to a log file
in the data directory; one line on stderr, after the terminal is restored,
says where; the exit code is 70. A full disk is a failing `atomic_write` in
the database's storage (the journal, like a second disk, still works).
"""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.terminal import start
from textual.worker import WorkerFailed

from tui_reader.config import data_directory
from tui_reader.crash import EXIT_CRASH, report_crash
from tui_reader.document import Article
from tui_reader.model import ArticleRecord, Kind, make_annotation
from tui_reader.session import ReadingSession
from tui_reader.store import Keep, Store
from tui_reader.store import storage as storage_module
from tui_reader.store.changes import DeleteAnnotation, PutAnnotation, PutArticle, ResolveConflict
from tui_reader.store.journal import change_from_dict, change_to_dict, find_journals
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.recovery import Unsaved, UnsavedChangesApp

SIZE = (120, 40)
REPO = Path(__file__).parent.parent


REAL_ATOMIC_WRITE = storage_module.atomic_write


def disk_full(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def break_tags(*args: object) -> list[str]:
    raise RuntimeError("tag index broke")


def bodies(db_path: Path) -> list[str]:
    return sorted(a["body"] for a in json.loads(db_path.read_text())["annotations"].values())


async def crash_with_a_pending_note(
    article_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[ReaderApp, Store]:
    store = Store(db_path)
    app = ReaderApp(store, session=ReadingSession(Article.load(article_path), store))
    monkeypatch.setattr(ReadingSession, "known_tags", break_tags)
    # the tags are read in a worker: its exception reaches the test wrapped
    with pytest.raises((RuntimeError, WorkerFailed), match="tag index broke"):
        async with app.run_test(size=SIZE) as pilot:
            monkeypatch.setattr(storage_module, "atomic_write", disk_full)
            await pilot.press("a", *"keep me", "ctrl+s")
            await pilot.pause()
            assert store.pending_count >= 1
            await pilot.press("t")
            await pilot.pause()
    return app, store


async def test_a_crash_keeps_the_unsaved_note_in_a_journal_and_the_traceback_in_a_log(
    article_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, store = await crash_with_a_pending_note(article_path, db_path, monkeypatch)
    assert isinstance(app.crash, RuntimeError)
    assert app._exit_renderables == []  # no traceback for the terminal

    stderr = io.StringIO()
    assert report_crash(app.crash, store, stderr) == EXIT_CRASH == 70
    line = stderr.getvalue()
    assert line.count("\n") == 1 and "Traceback" not in line
    assert "RuntimeError: tag index broke" in line and "offered at the next start" in line
    logs = list(data_directory().glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in line
    log = logs[0].read_text()
    assert "Traceback" in log and "break_tags" in log and "RuntimeError: tag index broke" in log

    monkeypatch.setattr(storage_module, "atomic_write", REAL_ATOMIC_WRITE)  # room again
    journals, unreadable = find_journals(db_path, [data_directory()])
    assert unreadable == [] and len(journals) == 1 and str(journals[0].path) in line
    assert journals[0].describe().startswith("1 change to annotations, kept on ")
    Store(db_path).save_recovered(journals[0].changes)
    assert bodies(db_path) == ["keep me"]


async def test_a_crash_once_the_disk_has_room_saves_the_change(
    article_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, store = await crash_with_a_pending_note(article_path, db_path, monkeypatch)
    monkeypatch.setattr(storage_module, "atomic_write", REAL_ATOMIC_WRITE)
    stderr = io.StringIO()
    assert app.crash is not None
    assert report_crash(app.crash, store, stderr) == EXIT_CRASH
    assert "unsaved change" in stderr.getvalue() and "now saved" in stderr.getvalue()
    assert bodies(db_path) == ["keep me"]
    assert find_journals(db_path, [data_directory()]) == ([], [])


def test_every_kind_of_change_survives_the_journal(article_path: Path) -> None:
    article = Article.load(article_path)
    note = make_annotation(article.text, article.content_hash, Kind.NOTE, 0, 7, body="n")
    changes = [
        PutAnnotation(note.touched(body="edited"), note),
        PutAnnotation(note),
        DeleteAnnotation(note.id, note),
        PutArticle(ArticleRecord(content_hash=article.content_hash, title="t", path="p")),
        ResolveConflict("c1", Keep.OURS),
    ]
    assert [change_from_dict(json.loads(json.dumps(change_to_dict(c)))) for c in changes] == changes


def test_a_crash_before_the_reader_starts_is_a_log_and_one_line(
    tmp_path: Path, article_path: Path
) -> None:
    code = (
        "from tui_reader.document import Article\n"
        "def broken(source): raise KeyError('decoder table')\n"
        "Article.load = broken\n"
        "from tui_reader.cli import main\n"
        f"raise SystemExit(main([{str(article_path)!r}, '--db', 'db.json']))\n"
    )
    data = tmp_path / "data"
    run = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "XDG_DATA_HOME": str(data)},
        timeout=60,
    )
    assert run.returncode == EXIT_CRASH
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert "KeyError: 'decoder table'" in run.stderr
    logs = list((data / "tui-reader").glob("crash-*.log"))
    assert len(logs) == 1 and "def broken" not in run.stderr and "broken" in logs[0].read_text()


FULL_DISK_AND_BROKEN_TAGS = """
import errno
from tui_reader.session import ReadingSession
from tui_reader.store import storage
def full(*args, **kwargs): raise OSError(errno.ENOSPC, "No space left on device")
def broken(self): raise RuntimeError("tag index broke")
storage.atomic_write = full
ReadingSession.known_tags = broken
"""


def reader_code(article: Path, prelude: str = "") -> str:
    return (
        prelude
        + "from tui_reader.cli import main\n"
        + f"raise SystemExit(main([{str(article)!r}, '--db', 'db.json', '--ner', 'off']))\n"
    )


def test_in_a_terminal_a_crash_says_one_line_after_restoring_it_and_nothing_is_lost(
    tmp_path: Path, article_path: Path
) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "data")}
    first = start(reader_code(article_path, FULL_DISK_AND_BROKEN_TAGS), tmp_path, env)
    assert first.wait_for(b"Harbour council")
    first.send("a")
    assert first.wait_for(b"Cancel")  # the note dialog is open
    first.send("keep me")
    first.send("\x13")  # ctrl+s: not saved (the disk is full), kept
    assert first.wait_for(b"device")  # "No space left on device", in a notice
    first.send("t")  # the bug
    assert first.finish() == EXIT_CRASH
    said = first.after_restore
    assert said.count("\n") == 1 and "Traceback" not in said, said
    assert "tag index broke" in said and "kept in" in said and "crash-" in said

    second = start(reader_code(article_path), tmp_path, env)
    assert second.wait_for(b"stopped last time with changes it could not save")
    second.send("a")  # save them now
    assert second.wait_for(b"keep me")  # in the panel of the reader
    second.send("q")
    assert second.finish() == 0
    assert bodies(tmp_path / "db.json") == ["keep me"]
    assert find_journals(tmp_path / "db.json", [tmp_path / "data" / "tui-reader"]) == ([], [])


def test_in_a_terminal_quitting_with_unsaved_changes_keeps_them(
    tmp_path: Path, article_path: Path
) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "data")}
    run = start(reader_code(article_path, FULL_DISK_AND_BROKEN_TAGS), tmp_path, env)
    assert run.wait_for(b"Harbour council")
    run.send("a")
    assert run.wait_for(b"Cancel")
    run.send("keep me")
    run.send("\x13")
    assert run.wait_for(b"device")
    run.send("q")
    assert run.wait_for(b"Press")  # told that changes are unsaved ("Press x to export")
    run.send("q")  # leaves anyway
    assert run.finish() == 0
    said = run.after_restore
    assert said.count("\n") == 1 and "kept in" in said, said
    journals, _ = find_journals(tmp_path / "db.json", [tmp_path / "data" / "tui-reader"])
    assert len(journals) == 1


async def test_the_offer_of_unsaved_changes_answers_by_key() -> None:
    for key, answer in (("a", Unsaved.APPLY), ("l", Unsaved.LATER), ("d", Unsaved.DISCARD)):
        app = UnsavedChangesApp([])
        async with app.run_test() as pilot:
            await pilot.press(key)
        assert app.return_value is answer
