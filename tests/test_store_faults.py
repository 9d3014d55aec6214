"""Fault injection: every system call of a save fails in turn, with ENOSPC and with EIO.

Whatever step fails, nothing acknowledged is lost, the file on disk is the old
version byte for byte (or, when only the final directory flush failed, the
complete new one), no temporary file is left, and the change, kept in memory,
is saved once the disk works again.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tui_reader.model import Annotation, Kind, make_annotation
from tui_reader.store import NotSaved, Store

TEXT = "The harbour council met on Tuesday. The mayor said the budget would rise by 4%."
HASH = "f" * 64
FAULTY_CALLS = ("open", "write", "fsync", "fchmod", "close", "replace", "ftruncate", "rename")


def note(body: str) -> Annotation:
    return make_annotation(TEXT, HASH, Kind.NOTE, 4, 11, body=body)


class Faults:
    """Counts the file system calls of a save and makes the `fail_at`-th one fail."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, fail_at: int, code: int) -> None:
        self.calls: list[str] = []
        self.fail_at = fail_at
        self.code = code
        self.failed: str | None = None
        self.replaced = False
        for name in FAULTY_CALLS:
            monkeypatch.setattr(os, name, self._wrap(name, getattr(os, name)))

    def _wrap(self, name: str, call: Callable) -> Callable:
        def faulty(*args, **kwargs):
            self.calls.append(name)
            if len(self.calls) == self.fail_at:
                self.failed = name
                if name == "close":  # a failing close still releases the descriptor
                    call(*args, **kwargs)
                raise OSError(self.code, os.strerror(self.code))
            result = call(*args, **kwargs)
            if name == "replace":
                self.replaced = True
            return result

        return faulty


def calls_in_one_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    database = tmp_path / "count.json"
    store = Store(database)
    store.put_annotation(note("first"))
    with monkeypatch.context() as patch:
        faults = Faults(patch, fail_at=0, code=errno.EIO)
        store.put_annotation(note("second"))
    return faults.calls


def test_a_save_makes_the_expected_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = calls_in_one_save(tmp_path, monkeypatch)
    for needed in ("write", "fsync", "replace"):
        assert needed in calls
    assert calls.count("fsync") == 2, "the file and its directory"


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
def test_a_failure_at_any_step_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    steps = len(calls_in_one_save(tmp_path, monkeypatch))
    for step in range(1, steps + 1):
        directory = tmp_path / f"step{step}"
        directory.mkdir()
        check_failure_at(directory / "annotations.json", step, code, monkeypatch)


def check_failure_at(database: Path, step: int, code: int, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(database)
    saved = [note("one"), note("two")]
    store.put_annotations(saved)
    old_bytes = database.read_bytes()
    new = note("new")

    with monkeypatch.context() as patch:
        faults = Faults(patch, fail_at=step, code=code)
        try:
            store.put_annotation(new)
            acknowledged = True
        except NotSaved as error:
            acknowledged = False
            assert os.strerror(code) in str(error)
            assert "kept in memory" in str(error)
    where = f"failure of {faults.failed} (call {step}, {errno.errorcode[code]})"

    on_disk = {a.id: a for a in Store(database, read_only=True).annotations()}
    assert all(on_disk.get(a.id) == a for a in saved), where
    if acknowledged:
        assert on_disk.get(new.id) == new, where
    elif database.read_bytes() != old_bytes:
        assert faults.replaced, f"{where}: the file changed although the save failed before it"
        assert on_disk.get(new.id) == new, where
    else:
        assert store.pending_count == 1, where
        assert store.annotation(new.id) == new, f"{where}: a pending change must be shown"
    leftovers = [path.name for path in database.parent.iterdir() if path.name.startswith(".")]
    assert leftovers == [], f"{where}: temporary files left: {leftovers}"

    store.retry_pending()
    assert store.pending_count == 0
    final = {a.id: a for a in Store(database).annotations()}
    assert final == {a.id: a for a in [*saved, new]}, where


def test_changes_wait_in_memory_while_the_disk_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "annotations.json"
    store = Store(database)
    kept = note("kept")
    store.put_annotation(kept)

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(os, "write", disk_full)
        first, second = note("first"), note("second")
        with pytest.raises(NotSaved, match=r"No space left on device.*1 unsaved change is kept"):
            store.put_annotation(first)
        with pytest.raises(NotSaved, match="2 unsaved changes are kept"):
            store.delete_annotation(kept.id)
        with pytest.raises(NotSaved, match="3 unsaved changes are kept"):
            store.put_annotation(second)
        assert {a.body for a in store.annotations()} == {"first", "second"}
        assert {a.body for a in Store(database).annotations()} == {"kept"}
        with pytest.raises(NotSaved):
            store.close()

    assert store.retry_pending() == []
    assert {a.body for a in Store(database).annotations()} == {"first", "second"}
    store.close()
