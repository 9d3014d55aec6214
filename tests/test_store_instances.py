"""Two tui-readers on one database: seeing each other's changes, conflicts, processes."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.writers import concurrent_writers, write_annotations, writer_ids

from tui_reader.atomic_files import atomic_write
from tui_reader.model import Annotation, Kind, make_annotation
from tui_reader.store import ConflictKind, Keep, Store
from tui_reader.store.fileformat import serialise
from tui_reader.store.storage import AtomicJSONStorage

TEXT = "The harbour council met on Tuesday. The mayor said the budget would rise by 4%."
HASH = "b" * 64


def note(body: str = "", start: int = 4, end: int = 11) -> Annotation:
    return make_annotation(TEXT, HASH, Kind.NOTE, start, end, body=body)


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Store, Store]:
    database = tmp_path / "annotations.json"
    return Store(database), Store(database)


def test_changed_tells_when_the_other_instance_wrote(pair: tuple[Store, Store]) -> None:
    mine, theirs = pair
    assert not mine.changed()
    theirs.put_annotation(note("from the other window"))
    assert mine.changed()
    assert [a.body for a in mine.annotations(HASH)] == ["from the other window"]
    assert not mine.changed()
    mine.put_annotation(note("mine"))
    assert not mine.changed()
    assert theirs.changed()


def test_changed_sees_a_hand_edit(pair: tuple[Store, Store]) -> None:
    mine, _ = pair
    mine.put_annotation(note("saved"))
    mine.path.write_bytes(mine.path.read_bytes().replace(b'"saved"', b'"edited"'))
    assert mine.changed()
    assert [a.body for a in mine.annotations()] == ["edited"]


def test_writes_in_turns_keep_every_write(pair: tuple[Store, Store]) -> None:
    mine, theirs = pair
    written = []
    for number in range(10):
        store = mine if number % 2 else theirs
        annotation = note(str(number))
        store.put_annotation(annotation)
        written.append(annotation.id)
    for store in pair:
        assert sorted(a.id for a in store.annotations()) == sorted(written)


def test_edits_of_different_annotations_do_not_conflict(pair: tuple[Store, Store]) -> None:
    mine, theirs = pair
    one, two = note("one"), note("two")
    mine.put_annotations([one, two])
    assert theirs.put_annotation(two.touched(body="two, edited there"), base=two) == []
    assert mine.put_annotation(one.touched(body="one, edited here"), base=one) == []
    assert {a.body for a in theirs.annotations()} == {"one, edited here", "two, edited there"}


def test_both_edit_the_same_annotation_and_both_versions_are_kept(
    pair: tuple[Store, Store],
) -> None:
    mine, theirs = pair
    original = note("original")
    mine.put_annotation(original)
    theirs.put_annotation(original.touched(body="their version"), base=original)

    conflicts = mine.put_annotation(original.touched(body="my version"), base=original)

    assert len(conflicts) == 1
    conflict = conflicts[0]
    assert conflict.kind is ConflictKind.EDITED_TWICE
    assert conflict.annotation_id == original.id
    assert "both versions are kept" in conflict.message()
    assert "my version" in conflict.message()
    assert theirs.annotation(original.id).body == "their version"
    assert theirs.annotation(conflict.copy_id).body == "my version"
    assert theirs.conflicts(HASH) == [conflict]


@pytest.mark.parametrize(
    ("keep", "bodies"),
    [
        (Keep.BOTH, {"their version", "my version"}),
        (Keep.THEIRS, {"their version"}),
        (Keep.OURS, {"my version"}),
    ],
)
def test_resolving_a_conflict(pair: tuple[Store, Store], keep: Keep, bodies: set[str]) -> None:
    mine, theirs = pair
    original = note("original")
    mine.put_annotation(original)
    theirs.put_annotation(original.touched(body="their version"), base=original)
    [conflict] = mine.put_annotation(original.touched(body="my version"), base=original)

    theirs.resolve_conflict(conflict.id, keep)

    assert {a.body for a in mine.annotations()} == bodies
    assert mine.conflicts() == []
    if keep is Keep.OURS:
        assert mine.annotation(original.id).body == "my version"


def test_edit_of_an_annotation_deleted_elsewhere_is_kept(pair: tuple[Store, Store]) -> None:
    mine, theirs = pair
    original = note("original")
    mine.put_annotation(original)
    theirs.delete_annotation(original.id, base=original)

    [conflict] = mine.put_annotation(original.touched(body="my edit"), base=original)
    assert conflict.kind is ConflictKind.EDITED_DELETED
    assert theirs.annotation(original.id).body == "my edit"


def test_delete_of_an_annotation_edited_elsewhere_is_not_applied(
    pair: tuple[Store, Store],
) -> None:
    mine, theirs = pair
    original = note("original")
    mine.put_annotation(original)
    theirs.put_annotation(original.touched(body="their edit"), base=original)

    [conflict] = mine.delete_annotation(original.id, base=original)
    assert conflict.kind is ConflictKind.DELETED_EDITED
    assert "not deleted" in conflict.message()
    assert theirs.annotation(original.id).body == "their edit"


def test_save_changes_writes_a_whole_step_at_once(pair: tuple[Store, Store]) -> None:
    mine, theirs = pair
    old, gone = note("old"), note("gone")
    mine.put_annotations([old, gone])
    generation = mine.generation
    new = note("new")
    edited = old.touched(body="edited")

    assert mine.save_changes([(None, new), (old, edited), (gone, None)]) == []
    assert mine.generation == generation + 1
    assert {a.body for a in theirs.annotations()} == {"new", "edited"}


def test_two_processes_writing_in_turns(tmp_path: Path) -> None:
    database = tmp_path / "annotations.json"
    everything: set[str] = set()
    for turn in range(4):
        written, found = concurrent_writers(database, writers=1, saves=5, name=f"turn{turn}-")
        everything |= written
        assert found == everything
    assert len(everything) == 20


def test_two_processes_writing_at_once_keep_every_write(tmp_path: Path) -> None:
    database = tmp_path / "annotations.json"
    write_annotations(database, writer_ids(99, 3))
    written, found = concurrent_writers(database, writers=2, saves=40)
    assert len(written) == 80
    assert found == written | set(writer_ids(99, 3))


def test_a_write_based_on_a_stale_read_is_redone_on_fresh_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A program that writes without the lock slips a save in between our read and
    our write: the generation check catches it and the change is redone on top."""
    database = tmp_path / "annotations.json"
    store = Store(database)
    store.put_annotation(note("first"))
    intruder = note("written without the lock")
    original_read = AtomicJSONStorage.read
    reads = []

    def read_then_intrude(self: AtomicJSONStorage):
        tables = original_read(self)
        reads.append(self.generation)
        if len(reads) == 1:
            annotations = {**tables["annotations"], intruder.id: intruder.to_dict()}
            payload = serialise({**tables, "annotations": annotations}, self.generation + 1)
            atomic_write(database, payload)
        return tables

    monkeypatch.setattr(AtomicJSONStorage, "read", read_then_intrude)
    mine = note("mine")
    store.put_annotation(mine)
    monkeypatch.undo()

    assert len(reads) == 2, "the write was refused once and redone"
    assert {a.body for a in Store(database).annotations()} == {
        "first",
        "written without the lock",
        "mine",
    }
    assert store.generation == 3, "ours came after the intruder's save (2)"
