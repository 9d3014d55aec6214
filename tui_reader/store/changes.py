"""The changes a `Store` writes, each applied to the tables inside one transaction.

A change is data (what to put or delete, and the version it was based on), not
a write: the store can apply it now, or keep it in memory when the disk refuses
it and apply it again later on fresh data. Applying one detects conflicts with
other instances' work (see `conflicts.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Protocol

from tui_reader.metadata.fields import EMPTY, MetadataError
from tui_reader.metadata.fields import Value as MetadataValue
from tui_reader.model import Annotation, ArticleRecord, SourceLink, new_id
from tui_reader.schema import InvalidRecord
from tui_reader.store.conflicts import Conflict, ConflictKind, Keep
from tui_reader.store.fileformat import Tables

ANNOTATIONS = "annotations"
ARTICLES = "articles"
CONFLICTS = "conflicts"
SOURCE_LINKS = "source_links"

Document = dict[str, Any]


class TableEdit:
    """The database's tables during one read-modify-write.

    The tables come from the storage's memory of the file, shared with later
    reads, so a table is copied before its first change and documents are
    replaced, never changed in place: a write that fails leaves nothing behind.
    """

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self.changed = False
        self._copied: set[str] = set()

    def get(self, table: str, key: str) -> Document | None:
        return self.tables.get(table, {}).get(key)

    def put(self, table: str, key: str, document: Document) -> None:
        self._writable(table)[key] = document

    def delete(self, table: str, key: str) -> None:
        if key in self.tables.get(table, {}):
            del self._writable(table)[key]

    def _writable(self, table: str) -> dict[str, Document]:
        if table not in self._copied:
            self.tables[table] = dict(self.tables.get(table, {}))
            self._copied.add(table)
        self.changed = True
        return self.tables[table]


class Change(Protocol):
    def apply(self, edit: TableEdit) -> Conflict | None:
        """Make the change in `edit`; a conflict with another instance's work is returned."""
        ...

    def check(self) -> None:
        """Raise `InvalidRecord` if what the change writes would not read back (a bug)."""
        ...


@dataclass(frozen=True)
class PutAnnotation:
    """Insert or replace an annotation; `base` is the version the edit started from."""

    annotation: Annotation
    base: Annotation | None = None

    def check(self) -> None:
        Annotation.from_dict(self.annotation.to_dict())

    def apply(self, edit: TableEdit) -> Conflict | None:
        ours = self.annotation
        stored_document = edit.get(ANNOTATIONS, ours.id)
        stored = _decoded(stored_document)
        if self.base is None or stored == self.base or stored == ours:
            edit.put(ANNOTATIONS, ours.id, ours.to_dict())
            return None
        if stored_document is None:
            edit.put(ANNOTATIONS, ours.id, ours.to_dict())
            return _record(
                edit,
                Conflict(ConflictKind.EDITED_DELETED, ours.article, ours.id, summary=_name(ours)),
            )
        copy = replace(ours, id=new_id())
        edit.put(ANNOTATIONS, copy.id, copy.to_dict())
        return _record(
            edit,
            Conflict(
                ConflictKind.EDITED_TWICE,
                ours.article,
                ours.id,
                copy_id=copy.id,
                summary=_name(ours),
            ),
        )


@dataclass(frozen=True)
class DeleteAnnotation:
    """Delete an annotation, unless another instance changed it since `base`."""

    annotation_id: str
    base: Annotation | None = None

    def check(self) -> None:
        """A deletion writes nothing."""

    def apply(self, edit: TableEdit) -> Conflict | None:
        stored_document = edit.get(ANNOTATIONS, self.annotation_id)
        if stored_document is None:
            return None
        if self.base is not None and _decoded(stored_document) != self.base:
            return _record(
                edit,
                Conflict(
                    ConflictKind.DELETED_EDITED,
                    self.base.article,
                    self.annotation_id,
                    summary=_name(self.base),
                ),
            )
        edit.delete(ANNOTATIONS, self.annotation_id)
        return None


@dataclass(frozen=True)
class PutArticle:
    """Insert or replace an article's record, but for the metadata of a stored one.

    The metadata changes only through `SetArticleMetadata`, field by field, so a
    record saved from an older read (a reading position, a status) never undoes
    what the user set meanwhile, here or in another instance.
    """

    record: ArticleRecord

    def check(self) -> None:
        ArticleRecord.from_dict(self.record.to_dict())

    def apply(self, edit: TableEdit) -> Conflict | None:
        document = self.record.to_dict()
        stored = edit.get(ARTICLES, self.record.content_hash)
        if stored is not None and isinstance(stored.get("metadata"), dict):
            document["metadata"] = stored["metadata"]
        edit.put(ARTICLES, self.record.content_hash, document)
        return None


@dataclass(frozen=True)
class SetArticleMetadata:
    """Set one metadata field of an article's record (an empty value clears it).

    Only that field is written, on the record as it is in the file now, so a
    reading position or another field saved meanwhile by another instance stays.
    Two instances setting the same field: the later one wins.
    """

    content_hash: str
    name: str
    value: MetadataValue

    def check(self) -> None:
        try:
            EMPTY.with_value(self.name, self.value)
        except (TypeError, MetadataError) as error:
            raise InvalidRecord(f"metadata.{self.name}", str(error)) from None

    def apply(self, edit: TableEdit) -> Conflict | None:
        document = edit.get(ARTICLES, self.content_hash)
        if document is None:
            return None
        stored = document.get("metadata")
        metadata = dict(stored) if isinstance(stored, dict) else {}
        if self.value:
            metadata[self.name] = list(self.value) if isinstance(self.value, tuple) else self.value
        else:
            metadata.pop(self.name, None)
        edit.put(ARTICLES, self.content_hash, {**document, "metadata": metadata})
        return None


@dataclass(frozen=True)
class ResolveConflict:
    """Settle a conflict: keep both versions, only theirs, or only ours (under the original id)."""

    conflict_id: str
    keep: Keep

    def check(self) -> None:
        """It writes only records already stored."""

    def apply(self, edit: TableEdit) -> Conflict | None:
        document = edit.get(CONFLICTS, self.conflict_id)
        if document is None:
            return None
        conflict = Conflict.from_dict(document)
        copy = edit.get(ANNOTATIONS, conflict.copy_id) if conflict.copy_id else None
        if copy is not None and self.keep is Keep.OURS:
            edit.put(ANNOTATIONS, conflict.annotation_id, {**copy, "id": conflict.annotation_id})
        if copy is not None and self.keep is not Keep.BOTH:
            edit.delete(ANNOTATIONS, copy["id"])
        edit.delete(CONFLICTS, self.conflict_id)
        return None


@dataclass(frozen=True)
class PutSourceLink:
    """Insert a merge or split of sources the user made."""

    link: SourceLink

    def check(self) -> None:
        SourceLink.from_dict(self.link.to_dict())

    def apply(self, edit: TableEdit) -> Conflict | None:
        edit.put(SOURCE_LINKS, self.link.id, self.link.to_dict())
        return None


@dataclass(frozen=True)
class DeleteSourceLink:
    """Remove a merge or split of sources (undoing it)."""

    link_id: str

    def check(self) -> None:
        """A deletion writes nothing."""

    def apply(self, edit: TableEdit) -> Conflict | None:
        edit.delete(SOURCE_LINKS, self.link_id)
        return None


@dataclass(frozen=True)
class ConflictsTold:
    """Remember that the user was told of these conflicts, so no instance says them again."""

    conflict_ids: tuple[str, ...]

    def check(self) -> None:
        """It writes only records already stored."""

    def apply(self, edit: TableEdit) -> Conflict | None:
        for conflict_id in self.conflict_ids:
            document = edit.get(CONFLICTS, conflict_id)
            if document is not None:
                edit.put(CONFLICTS, conflict_id, {**document, "told": True})
        return None


def _record(edit: TableEdit, conflict: Conflict) -> Conflict:
    edit.put(CONFLICTS, conflict.id, conflict.to_dict())
    return conflict


def _decoded(document: Document | None) -> Annotation | None:
    """The stored annotation, or None when absent or unreadable (then it matches nothing)."""
    if document is None:
        return None
    try:
        return Annotation.from_dict(document)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _name(annotation: Annotation) -> str:
    """A short name for the annotation in a message: its summary, else its quote."""
    text = annotation.summary() or annotation.quote.exact
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"
