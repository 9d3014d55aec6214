"""The store on real files: saving, damaged files, backups, read-only, schema migration."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import orjson
import pytest
from tinydb import Query

from tui_reader.model import Annotation, ArticleRecord, Kind, make_annotation
from tui_reader.store import (
    DamagedDatabase,
    DatabaseError,
    NotSaved,
    ReadOnlyDatabase,
    Store,
    latest_good_backup,
    list_backups,
    migrations,
    restore_backup,
)
from tui_reader.store import backups as backups_module
from tui_reader.store.storage import open_tinydb

TEXT = "The harbour council met on Tuesday. The mayor said the budget would rise by 4%."
HASH = "a" * 64


def note(start: int = 4, end: int = 11, **fields) -> Annotation:
    return make_annotation(TEXT, HASH, Kind.NOTE, start, end, **fields)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "annotations.json"


def test_saved_annotations_and_articles_come_back_in_a_new_instance(database: Path) -> None:
    first, second = note(body="first"), note(40, 48, body="second", tags=("budget",))
    store = Store(database)
    store.put_annotation(second)
    store.put_annotation(first)
    store.put_article(ArticleRecord(content_hash=HASH, title="Harbour", position=12))

    reopened = Store(database)
    assert reopened.annotations(HASH) == [first, second]
    assert reopened.annotations("other") == []
    assert reopened.annotation(second.id) == second
    assert reopened.article(HASH).position == 12
    assert [record.title for record in reopened.articles()] == ["Harbour"]


def test_put_replaces_by_id_and_delete_removes(database: Path) -> None:
    store = Store(database)
    original = note(body="draft")
    store.put_annotation(original)
    store.put_annotation(original.touched(body="final"))
    store.delete_annotation("no-such-id")
    assert [a.body for a in Store(database).annotations()] == ["final"]

    store.delete_annotation(original.id)
    assert Store(database).annotations() == []


def test_put_annotations_is_one_write(database: Path) -> None:
    store = Store(database)
    store.put_annotation(note())
    generation = store.generation
    batch = [note(body=str(number)) for number in range(5)]
    store.put_annotations(batch)
    assert store.generation == generation + 1
    assert len(Store(database).annotations()) == 6


def test_ids_are_our_own_keys_and_tinydb_queries_the_file(database: Path) -> None:
    annotation = note(tags=("budget",))
    Store(database).put_annotation(annotation)
    raw = orjson.loads(database.read_bytes())
    assert list(raw) == ["_meta", "annotations"]
    assert list(raw["annotations"]) == [annotation.id]

    found = open_tinydb(database).table("annotations").search(Query().tags.any(["budget"]))
    assert [document["id"] for document in found] == [annotation.id]


def test_generation_counts_every_save_and_keeps_file_mode(database: Path) -> None:
    store = Store(database)
    store.put_annotation(note())
    database.chmod(0o640)
    store.put_annotation(note())
    assert store.generation == 2
    assert orjson.loads(database.read_bytes())["_meta"] == {
        "schema": migrations.SCHEMA_VERSION,
        "generation": 2,
    }
    assert database.stat().st_mode & 0o777 == 0o640


# Damaged files ------------------------------------------------------------------


def test_invalid_json_is_an_error_with_line_and_column_and_is_never_written(
    database: Path,
) -> None:
    Store(database).put_annotation(note())
    damaged = database.read_bytes().replace(b'"kind": "note",', b'"kind": "note"', 1)
    database.write_bytes(damaged)

    with pytest.raises(DamagedDatabase) as caught:
        Store(database)
    line = damaged[: damaged.index(b'"kind": "note"')].count(b"\n") + 2
    assert f"line {line}, column" in str(caught.value)
    assert str(database) in str(caught.value)
    assert database.read_bytes() == damaged


@pytest.mark.parametrize("content", [b"", b"  \n", b"[]", b'{"annotations": []}'])
def test_empty_or_foreign_file_is_never_read_as_an_empty_database(
    database: Path, content: bytes
) -> None:
    database.write_bytes(content)
    with pytest.raises(DamagedDatabase):
        Store(database)
    assert database.read_bytes() == content


def test_a_broken_record_names_its_line(database: Path) -> None:
    annotation = note()
    Store(database).put_annotation(annotation)
    data = orjson.loads(database.read_bytes())
    del data["annotations"][annotation.id]["kind"]
    damaged = orjson.dumps(data, option=orjson.OPT_INDENT_2)
    database.write_bytes(damaged)

    with pytest.raises(DamagedDatabase) as caught:
        Store(database)
    line = damaged[: damaged.index(annotation.id.encode())].count(b"\n") + 1
    assert f"line {line}: annotation '{annotation.id}'" in str(caught.value)
    assert "kind" in str(caught.value)
    assert database.read_bytes() == damaged


def test_a_file_damaged_while_open_is_not_overwritten_and_the_change_waits(
    database: Path,
) -> None:
    store = Store(database)
    store.put_annotation(note(body="kept"))
    database.write_bytes(b'{"_meta": {"schema": 1, "generation": 1}, ')

    pending = note(body="waiting")
    with pytest.raises(NotSaved, match=r"not valid JSON.*kept in memory"):
        store.put_annotation(pending)
    assert database.read_bytes() == b'{"_meta": {"schema": 1, "generation": 1}, '
    assert store.pending_count == 1

    restore_backup(database, latest_good_backup(database))
    assert store.retry_pending() == []
    assert {a.body for a in Store(database).annotations()} == {"kept", "waiting"}


def test_a_newer_schema_is_refused(database: Path) -> None:
    database.write_bytes(b'{"_meta": {"schema": 99, "generation": 3}}')
    with pytest.raises(DatabaseError, match="newer tui-reader"):
        Store(database)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="is a directory"):
        Store(tmp_path)


# Backups -------------------------------------------------------------------------


def test_backup_holds_the_last_save_and_can_be_restored(database: Path) -> None:
    store = Store(database)
    first, second = note(body="one"), note(body="two")
    store.put_annotation(first)
    store.put_annotation(second)
    database.write_bytes(b"{ damaged by hand")

    backup = latest_good_backup(database)
    assert backup is not None
    assert backup.annotations == 2
    assert "2 annotations" in backup.describe()
    assert {a.body for a in Store(backup.path, read_only=True).annotations()} == {"one", "two"}

    kept = restore_backup(database, backup)
    assert kept is not None
    assert kept.read_bytes() == b"{ damaged by hand"
    restored = Store(database)
    assert {a.id for a in restored.annotations()} == {first.id, second.id}
    assert restored.generation > backup.generation


def test_backups_rotate_to_keep_older_versions(database: Path) -> None:
    store = Store(database)
    for number in range(3):
        store.put_annotation(note(body=str(number)))
        _age_backups(database)
    store.put_annotation(note(body="3"))

    backups = list_backups(database)
    assert [backup.annotations for backup in backups] == [4, 3, 2]
    assert backups[0].path == backups_module.backup_path(database, 1)


def test_recent_backups_are_not_rotated(database: Path) -> None:
    store = Store(database)
    for number in range(4):
        store.put_annotation(note(body=str(number)))
    assert [backup.annotations for backup in list_backups(database)] == [4, 1]


def test_damaged_backups_are_not_offered(database: Path) -> None:
    store = Store(database)
    store.put_annotation(note())
    backups_module.backup_path(database, 1).write_bytes(b"{")
    assert latest_good_backup(database) is None


def _age_backups(database: Path) -> None:
    """Make the backups look older than the rotation interval."""
    old = os.path.getmtime(database) - backups_module.ROTATE_AFTER_SECONDS - 60
    for number in range(1, backups_module.BACKUP_COUNT + 1):
        path = backups_module.backup_path(database, number)
        if path.exists():
            os.utime(path, (old, old))


# Read-only --------------------------------------------------------------------------


def test_read_only_store_reads_and_refuses_writes(database: Path) -> None:
    Store(database).put_annotation(note(body="saved"))
    before = database.read_bytes()
    store = Store(database, read_only=True)

    assert store.read_only
    assert [a.body for a in store.annotations()] == ["saved"]
    with pytest.raises(ReadOnlyDatabase, match="read-only"):
        store.put_annotation(note())
    with pytest.raises(ReadOnlyDatabase):
        store.delete_annotation(store.annotations()[0].id)
    assert store.pending_count == 0
    assert database.read_bytes() == before


@pytest.mark.parametrize("locked", ["directory", "file"])
def test_unwritable_directory_or_file_opens_read_only(locked: str) -> None:
    """Real permissions. Root ignores them, so as root the check runs in a child
    process that has given up root for the `nobody` user."""
    directory = Path(tempfile.mkdtemp())
    try:
        database = directory / "annotations.json"
        Store(database).put_annotation(note(body="saved"))
        database.chmod(0o644)
        if locked == "directory":
            directory.chmod(0o755)
        else:
            directory.chmod(0o777)
            database.chmod(0o444)
        before = database.read_bytes()
        if os.geteuid() == 0:
            _run_as_nobody(lambda: _check_opens_read_only(database))
        else:
            directory.chmod(0o555 if locked == "directory" else 0o755)
            _check_opens_read_only(database)
        assert database.read_bytes() == before
    finally:
        directory.chmod(0o755)
        for path in directory.iterdir():
            path.unlink()
        directory.rmdir()


def _check_opens_read_only(database: Path) -> None:
    store = Store(database)
    assert store.read_only
    assert [a.body for a in store.annotations()] == ["saved"]
    with pytest.raises(ReadOnlyDatabase):
        store.put_annotation(note())


def _run_as_nobody(check) -> None:
    nobody = 65534
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        status = 1
        try:
            os.setgid(nobody)
            os.setuid(nobody)
            check()
            status = 0
        finally:
            os._exit(status)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "the check failed in the unprivileged child"


# Schema migration -----------------------------------------------------------------


def test_a_file_of_an_older_schema_is_migrated_on_read_and_kept_before_upgrade(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The current file format plays the old one: a test-only next schema lowercases tags."""
    annotation = note(tags=("Budget", "HARBOUR"))
    Store(database).put_annotation(annotation)
    old_file = database.read_bytes()

    def lowercase_tags(tables: dict) -> dict:
        annotations = {
            key: {**document, "tags": [tag.lower() for tag in document["tags"]]}
            for key, document in tables["annotations"].items()
        }
        return {**tables, "annotations": annotations}

    current = migrations.SCHEMA_VERSION
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(migrations.MIGRATIONS, current, lowercase_tags)

    store = Store(database)
    assert store.annotation(annotation.id).tags == ("budget", "harbour")
    assert database.read_bytes() == old_file

    store.put_annotation(note(body="after the upgrade"))
    upgraded = orjson.loads(database.read_bytes())
    assert upgraded["_meta"]["schema"] == current + 1
    assert upgraded["annotations"][annotation.id]["tags"] == ["budget", "harbour"]
    assert database.with_name(f"{database.name}.schema{current}").read_bytes() == old_file


def test_a_missing_migration_is_a_clear_error(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store(database).put_annotation(note())
    current = migrations.SCHEMA_VERSION
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", current + 1)
    with pytest.raises(DatabaseError, match=f"no migration from schema {current} to {current + 1}"):
        Store(database)


# Re-anchoring an edited article ------------------------------------------------------


def test_annotations_of_an_edited_article_move_to_its_new_version(database: Path) -> None:
    store = Store(database)
    path = "/articles/harbour.txt"
    store.put_article(ArticleRecord(content_hash=HASH, title="Harbour", path=path))
    store.put_article(ArticleRecord(content_hash="9" * 64, title="Other", path="/other.txt"))
    mayor_at, budget_at = TEXT.index("mayor said"), TEXT.index("budget")
    mayor = make_annotation(TEXT, HASH, Kind.NOTE, mayor_at, mayor_at + 10, body="mayor")
    budget = make_annotation(TEXT, HASH, Kind.TAG, budget_at, budget_at + 6, tags=("money",))
    store.put_annotations([mayor, budget])
    edited = "Updated. " + TEXT.replace("the budget would rise", "costs would rise")
    new_hash = "e" * 64

    result = store.reanchor_article(edited, new_hash, path)

    assert [a.id for a in result.placed] == [mayor.id]
    assert [a.id for a in result.orphans] == [budget.id]
    saved = {a.id: a for a in Store(database).annotations(new_hash)}
    assert edited[saved[mayor.id].start : saved[mayor.id].end] == "mayor said"
    assert saved[budget.id].orphan
    assert Store(database).annotations(HASH) == []
    assert store.reanchor_article(edited, new_hash, path) is None
    assert store.reanchor_article(edited, new_hash, "") is None
