"""The database file as a hostile or careless hand leaves it, and faults around it.

- A record edited into the wrong shape is an error naming the line, the record
  and the field, with the last good backup offered; never a traceback, never a
  crash of `list`, an export or the app, and never a backup of the bad record.
- The lock holds while something deletes files beside the database.
- Links planted beside it are never written through; a database path that is a
  link is written through to its target, and stays a link.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from helpers.writers import concurrent_writers, lock_file_deleted

from tui_reader.cli import main
from tui_reader.document import Article
from tui_reader.model import Annotation, ArticleRecord, Claim, Kind, make_annotation
from tui_reader.schema import InvalidRecord
from tui_reader.store import (
    DamagedDatabase,
    NotSaved,
    Store,
    latest_good_backup,
    restore_backup,
)
from tui_reader.store.backups import backup_path
from tui_reader.store.lock import FlockLock, LockTimeout

DATA = Path(__file__).parent / "data"
ARTICLE = DATA / "harbour_vote.txt"


def cli(*args: str | Path) -> tuple[int, str]:
    """Run the real command line in this process: (exit code, what it wrote to stderr)."""
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        code = main([str(arg) for arg in args])
    return code, stderr.getvalue()


def saved_database(folder: Path) -> tuple[Path, str]:
    """A database holding a note and a claim on the test article; (path, the note's id)."""
    article = Article.load(ARTICLE)
    text, digest = article.text, article.content_hash
    database = folder / "annotations.json"
    store = Store(database)
    store.put_article(ArticleRecord(digest, article.title, str(article.path), len(text)))
    note = make_annotation(text, digest, Kind.NOTE, 0, 7, body="mine", tags=("ferry",))
    store.put_annotation(note)
    claim = Claim(source="the council", cue="said")
    store.put_annotation(make_annotation(text, digest, Kind.CLAIM, 8, 15, claim=claim))
    return database, note.id


Edit = Callable[[dict[str, Any], dict[str, Any]], object]
"""Changes (tables, the note's record): a hand edit of the file."""


def claim_of(tables: dict[str, Any]) -> dict[str, Any]:
    claim: dict[str, Any] = next(
        record for record in tables["annotations"].values() if record["kind"] == "claim"
    )
    return claim


POISONS: list[tuple[str, Edit, str]] = [
    ("string-offset", lambda t, n: n["position"].update(start="0"), "position.start"),
    ("float-offset", lambda t, n: n["position"].update(end=7.0), "position.end"),
    ("negative-offset", lambda t, n: n["position"].update(start=-3), "position.start"),
    ("start-after-end", lambda t, n: n["position"].update(start=9), "start (9) is after end (7)"),
    ("boolean-offset", lambda t, n: n["position"].update(end=True), "position.end"),
    ("integer-created", lambda t, n: n.update(created=1700000000), "created"),
    ("tags-string", lambda t, n: n.update(tags="abc"), "tags: must be a list of strings"),
    ("orphan-integer", lambda t, n: n.update(orphan=1), "orphan: must be true or false"),
    ("integer-quote", lambda t, n: n["quote"].update(exact=5), "quote.exact"),
    ("integer-claim-source", lambda t, n: claim_of(t)["claim"].update(source=5), "claim.source"),
    ("claim-string", lambda t, n: claim_of(t).update(claim="str"), "claim: must be an object"),
    ("id-not-its-key", lambda t, n: n.update(id="someone-else"), "holds the id"),
    (
        "article-position-string",
        lambda t, n: next(iter(t["articles"].values())).update(position="12"),
        "position: must be a whole number",
    ),
    ("deep-nesting", lambda t, n: n.update(extra=_nested(300)), "nests too deeply"),
]


def _nested(depth: int) -> Any:
    value: Any = 0
    for _ in range(depth):
        value = [value]
    return value


def poison(database: Path, note_id: str, edit: Edit) -> bytes:
    tables = json.loads(database.read_text(encoding="utf-8"))
    edit(tables, tables["annotations"][note_id])
    raw = json.dumps(tables, indent=2).encode("utf-8")
    database.write_bytes(raw)
    return raw


@pytest.mark.parametrize(
    ("edit", "field"), [pytest.param(edit, field, id=case) for case, edit, field in POISONS]
)
def test_a_poisoned_record_is_named_by_line_record_and_field(
    tmp_path: Path, edit: Edit, field: str
) -> None:
    database, note_id = saved_database(tmp_path)
    raw = poison(database, note_id, edit)

    with pytest.raises(DamagedDatabase) as caught:
        Store(database)
    message = str(caught.value)
    assert "\n" not in message
    assert field in message and "line " in message and "line None" not in message
    for command in (["list"], ["list", "--format", "json"], ["export", ARTICLE, "-f", "json"]):
        code, stderr = cli(*command, "--db", database)
        assert code == 2, stderr
        assert len(stderr.strip().splitlines()) == 1, stderr
        assert field in stderr and "the last good backup is annotations.json.bak1" in stderr
    assert database.read_bytes() == raw


def test_nan_in_the_file_is_invalid_json_not_a_number(tmp_path: Path) -> None:
    database, _ = saved_database(tmp_path)
    text = database.read_text(encoding="utf-8").replace('"start": 0', '"start": NaN', 1)
    database.write_text(text, encoding="utf-8")
    with pytest.raises(DamagedDatabase, match="not valid JSON at line"):
        Store(database)


def test_a_poisoned_backup_is_never_offered(tmp_path: Path) -> None:
    database, note_id = saved_database(tmp_path)
    good_backup = backup_path(database, 1).read_bytes()
    raw = poison(database, note_id, lambda t, n: n.update(tags="abc"))
    backup_path(database, 2).write_bytes(raw)  # a copy of the poisoned file among the backups
    backup_path(database, 3).write_bytes(raw)

    backup = latest_good_backup(database)

    assert backup is not None and backup.path == backup_path(database, 1)
    restore_backup(database, backup)
    assert {a.body for a in Store(database).annotations()} == {"mine", ""}
    assert backup_path(database, 1).read_bytes() == good_backup


def test_an_import_cannot_put_a_poisoned_record_in_the_backup(tmp_path: Path) -> None:
    """What the issue saw: the import wrote, and `.bak1` already held the poisoned copy."""
    database, _ = saved_database(tmp_path)
    exported = tmp_path / "export.json"
    assert cli("export", ARTICLE, "-f", "json", "-o", exported, "--db", database)[0] == 0
    document = json.loads(exported.read_text(encoding="utf-8"))
    document["annotations"][0]["position"]["start"] = float("nan")
    document["annotations"][0]["id"] = "a-new-id"
    exported.write_text(json.dumps(document), encoding="utf-8")
    backups = {number: backup_path(database, number).read_bytes() for number in (1, 2)}

    code, _ = cli("import", exported, "--db", database, "--article", ARTICLE)

    assert code == 2
    assert {number: backup_path(database, number).read_bytes() for number in (1, 2)} == backups
    Store(database)  # still opens


def test_five_writers_lose_nothing_while_the_lock_file_is_deleted(tmp_path: Path) -> None:
    """A cleanup deleting `*.lock` let two writers hold the lock at once (17 of 1,500 saves
    lost); the lock is now one nothing beside the database can delete."""
    database = tmp_path / "shared.json"
    with lock_file_deleted(database, every=0.001):
        written, found = concurrent_writers(database, writers=5, saves=60)
    assert written <= found


@pytest.mark.parametrize("use_directory", [True, False])
def test_the_lock_excludes_a_second_holder(tmp_path: Path, use_directory: bool) -> None:
    first = FlockLock(tmp_path / "db.json", timeout=1, use_directory=use_directory)
    second = FlockLock(tmp_path / "db.json", timeout=0.05, use_directory=use_directory)
    first.acquire()
    with pytest.raises(LockTimeout):
        second.acquire()
    first.release()
    second.acquire()
    second.release()


def test_a_lock_file_planted_as_a_link_is_not_followed(tmp_path: Path) -> None:
    """Where the lock is a file: opening it must not create or truncate a link's target."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    (tmp_path / "db.json.lock").symlink_to(victim)
    lock = FlockLock(tmp_path / "db.json", timeout=0.05, use_directory=False)
    with pytest.raises(OSError, match="symbolic link"):
        lock.acquire()
    assert victim.read_text(encoding="utf-8") == "precious"


# Links planted beside the database ---------------------------------------------------


def note_on(text: str = "A passage to annotate, long enough for a note.") -> Annotation:
    return make_annotation(text, "c" * 64, Kind.NOTE, 0, 9, body="note")


@pytest.mark.parametrize("planted", ["symlink", "hard link"])
def test_a_planted_backup_link_is_never_written_through(tmp_path: Path, planted: str) -> None:
    """`NAME.bak1` pointing at another file made every save overwrite that file."""
    victim = tmp_path / "victim.txt"
    victim.write_text("someone's precious file\n", encoding="utf-8")
    database = tmp_path / "db.json"
    store = Store(database)
    store.put_annotation(note_on())
    store.put_annotation(note_on())  # bak1 and a recent bak2: no rotation for a while
    bak1 = backup_path(database, 1)
    bak1.unlink()
    if planted == "symlink":
        bak1.symlink_to(victim)
    else:
        os.link(victim, bak1)

    store.put_annotation(note_on())
    store.put_annotation(note_on())

    assert victim.read_text(encoding="utf-8") == "someone's precious file\n"
    assert not bak1.is_symlink() and bak1.stat().st_nlink == 1
    assert bak1.read_bytes() == database.read_bytes()


def test_a_planted_backup_fifo_does_not_hang_a_save(tmp_path: Path) -> None:
    database = tmp_path / "db.json"
    store = Store(database)
    store.put_annotation(note_on())
    store.put_annotation(note_on())
    backup_path(database, 1).unlink()
    os.mkfifo(backup_path(database, 1))
    store.put_annotation(note_on())
    assert backup_path(database, 1).read_bytes() == database.read_bytes()


def test_a_backup_that_is_a_link_is_not_offered(tmp_path: Path) -> None:
    database, _ = saved_database(tmp_path)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(database.read_bytes())
    backup_path(database, 1).unlink()
    backup_path(database, 1).symlink_to(elsewhere)
    offered = latest_good_backup(database)
    assert offered is None or offered.path != backup_path(database, 1)


def test_a_database_path_that_is_a_link_is_written_through(tmp_path: Path) -> None:
    """Saving renamed a new file over the link: the link became a file, its target stale."""
    real = tmp_path / "synced" / "annotations.json"
    real.parent.mkdir()
    link = tmp_path / "annotations.json"
    link.symlink_to(real)

    store = Store(link)
    first, second = note_on(), note_on()
    store.put_annotation(first)
    store.put_annotation(second)

    assert link.is_symlink() and link.resolve() == real
    assert {a.id for a in Store(real).annotations()} == {first.id, second.id}
    assert backup_path(real, 1).is_file() and not backup_path(link, 1).exists()
    assert latest_good_backup(link) is not None


def test_the_store_refuses_to_write_a_record_it_could_not_read_back(tmp_path: Path) -> None:
    """The last guard: whatever code builds a wrong record, it never reaches the file."""
    database, _ = saved_database(tmp_path)
    before = database.read_bytes()
    wrong = replace(note_on(), created=5)  # type: ignore[arg-type]
    store = Store(database)
    with pytest.raises(InvalidRecord, match="created"):
        store.put_annotation(wrong)
    assert database.read_bytes() == before and store.pending_count == 0
    store.put_annotation(note_on())  # the store goes on working
    assert len(Store(database).annotations()) == 3


@pytest.mark.parametrize(
    "edit",
    [
        lambda t, n: n["position"].update(end=7.0),  # equal to 7 in Python, not in JSON
        lambda t, n: n.update(orphan=0),  # equal to false in Python, not in JSON
        lambda t, n: n.update(tags="abc"),
    ],
    ids=["float-equal-to-int", "zero-equal-to-false", "tags-string"],
)
def test_a_record_poisoned_while_a_store_is_open_is_caught_on_the_next_read(
    tmp_path: Path, edit: Edit
) -> None:
    """Records equal to ones already checked are not decoded again: equal as JSON only.

    A store that was reading the file when it was poisoned says so (`damage`),
    goes on showing what it read last (never the poisoned record) and writes
    nothing over it: a change stays pending, as for any failed save, so the app
    does not stop. A store opening the file refuses it.
    """
    database, note_id = saved_database(tmp_path)
    store = Store(database)
    assert len(store.annotations()) == 2
    poison(database, note_id, edit)
    assert len(store.annotations()) == 2
    assert store.damage is not None and "is not valid" in str(store.damage)
    poisoned = database.read_bytes()
    with pytest.raises(NotSaved, match="is not valid"):
        store.put_annotation(note_on())
    assert database.read_bytes() == poisoned and store.pending_count == 1
    with pytest.raises(DamagedDatabase, match="is not valid"):
        Store(database)
