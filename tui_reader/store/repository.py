"""The annotations database: one JSON file holding articles, annotations and conflicts.

`Store` is what the rest of tui-reader uses. Its promises:

- Every write is one locked read-modify-write of the whole file, replaced
  atomically (`storage.AtomicJSONStorage`), so two tui-readers sharing a file
  never overwrite each other's work and a crash never leaves half a change.
  Records are keyed by our own ids (uuids for annotations, content hashes for
  articles), never by TinyDB's per-instance counters, which collide when two
  instances insert at once.
- A change that cannot be written (full disk, damaged or locked file) is kept
  in memory, shown by every read as if saved, and written by the next write or
  `retry_pending()`; the write raises `NotSaved` to say so. Only a read-only
  database refuses changes outright (`ReadOnlyDatabase`).
- A save made with the version it was based on (`base=`) detects another
  instance's change to the same annotation and keeps both (`conflicts.py`).
- `changed()` tells cheaply whether another instance wrote, for polling.
- A file damaged by another program after it was opened (say, left invalid
  JSON) is a failed save like any other: the change stays pending and is
  retried, reads show the last good tables with the pending changes, and
  `damage` says what is wrong so the UI can offer a backup.

The file is TinyDB's format and `AtomicJSONStorage` is a TinyDB storage, so
`storage.open_tinydb(path)` queries it with TinyDB; the store itself works on
the tables directly, because each of its writes must be a single transaction
across records and tables (TinyDB's table methods each write on their own), and
its reads must show the pending changes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar, cast

from tui_reader.anchoring import ReanchorResult, reanchor
from tui_reader.metadata.fields import Value as MetadataValue
from tui_reader.model import Annotation, ArticleRecord, SourceLink
from tui_reader.store.backups import BACKUP_COUNT
from tui_reader.store.changes import (
    ANNOTATIONS,
    ARTICLES,
    CONFLICTS,
    SOURCE_LINKS,
    Change,
    ConflictsTold,
    DeleteAnnotation,
    DeleteSourceLink,
    PutAnnotation,
    PutArticle,
    PutSourceLink,
    ResolveConflict,
    SetArticleMetadata,
    TableEdit,
)
from tui_reader.store.conflicts import Conflict, Keep
from tui_reader.store.errors import (
    DamagedDatabase,
    DatabaseError,
    NotSaved,
    ReadOnlyDatabase,
    StaleWrite,
)
from tui_reader.store.fileformat import Tables, line_of
from tui_reader.store.storage import AtomicJSONStorage

STALE_RETRIES = 5
_RECORD_ERRORS = (KeyError, TypeError, ValueError, AttributeError)

Record = TypeVar("Record")

AnnotationChange = tuple[Annotation | None, Annotation | None]
"""(before, after): after None deletes, before None adds, both edits."""
MetadataEdit = tuple[str, str, MetadataValue]
"""(content hash, field, value): set one metadata field of an article (empty clears it)."""


class Store:
    """Repository functions over the database file (see the module docstring)."""

    def __init__(
        self, path: str | Path, read_only: bool | None = None, *, backups: int = BACKUP_COUNT
    ) -> None:
        self.path = Path(path)
        self._storage = AtomicJSONStorage(self.path, read_only=read_only, backups=backups)
        self._mutex = threading.RLock()
        self._pending: list[Change] = []
        self._last_good: Tables | None = None
        """The tables of the last read that parsed, shown while the file is damaged."""
        self.damage: DamagedDatabase | None = None
        """Why the file, good when opened, cannot be read now (None when it can)."""
        self._annotations: dict[str, tuple[dict[str, Any], Annotation]] = {}
        """Annotations decoded, by id, with the document each came from: a document
        still in the tables (the same object: they are never changed in place) is
        not decoded again, nor one the storage decoded when it checked the file."""
        self._read_tables()  # parsed by the storage when it opened: no second parse

    @property
    def read_only(self) -> bool:
        return self._storage.read_only

    @property
    def generation(self) -> int:
        """Counts the saves to the file by any instance, as of this store's last read or write."""
        return self._storage.generation

    @property
    def pending_count(self) -> int:
        """How many changes are waiting to be written (see `retry_pending`)."""
        return len(self._pending)

    def changed(self) -> bool:
        """Whether the file changed since this store last read or wrote it.

        Cheap enough to poll every second: when True, read again (`annotations`,
        `conflicts`), which also resets it.
        """
        return self._storage.changed()

    # Reading -------------------------------------------------------------------

    def annotations(self, article_hash: str | None = None) -> list[Annotation]:
        """The annotations of one article (or of all), in text order, orphans included."""
        with self._mutex:  # workers read too
            documents = self._view().get(ANNOTATIONS, {})
            records = [
                self._annotation(key, document)
                for key, document in documents.items()
                if article_hash is None or document.get("article") == article_hash
            ]
            if len(self._annotations) > 2 * len(documents):  # many deleted: forget them
                kept = self._annotations.items()
                self._annotations = {k: v for k, v in kept if k in documents}
        return sorted(records, key=lambda record: (record.start, record.end, record.created))

    def _annotation(self, key: str, document: dict[str, Any]) -> Annotation:
        known = self._annotations.get(key)
        if known is None or known[0] is not document:
            checked = self._storage.decoded(ANNOTATIONS).get(key)
            if checked is not None and checked[0] is document:
                record = cast(Annotation, checked[1])
            else:
                record = self._decode(Annotation.from_dict, "annotation", key, document)
            known = self._annotations[key] = (document, record)
        return known[1]

    def annotation(self, annotation_id: str) -> Annotation | None:
        document = self._view().get(ANNOTATIONS, {}).get(annotation_id)
        if document is None:
            return None
        return self._decode(Annotation.from_dict, "annotation", annotation_id, document)

    def article(self, content_hash: str) -> ArticleRecord | None:
        document = self._view().get(ARTICLES, {}).get(content_hash)
        if document is None:
            return None
        return self._decode(ArticleRecord.from_dict, "article", content_hash, document)

    def articles(self) -> list[ArticleRecord]:
        documents = self._view().get(ARTICLES, {})
        return [
            self._decode(ArticleRecord.from_dict, "article", key, document)
            for key, document in documents.items()
        ]

    def conflicts(self, article_hash: str | None = None) -> list[Conflict]:
        """Unresolved conflicts (of one article, or all), oldest first."""
        documents = self._view().get(CONFLICTS, {})
        records = [
            self._decode(Conflict.from_dict, "conflict", key, document)
            for key, document in documents.items()
            if article_hash is None or document.get("article") == article_hash
        ]
        return sorted(records, key=lambda conflict: conflict.detected)

    def source_links(self) -> list[SourceLink]:
        """The user's merges and splits of sources, in the order they were made."""
        documents = self._view().get(SOURCE_LINKS, {})
        records = [
            self._decode(SourceLink.from_dict, "source link", key, document)
            for key, document in documents.items()
        ]
        return sorted(records, key=lambda link: (link.created, link.id))

    # Writing -------------------------------------------------------------------

    def put_annotation(
        self, annotation: Annotation, base: Annotation | None = None
    ) -> list[Conflict]:
        """Insert or replace an annotation (by id).

        `base` is the version the edit started from; without it the write is
        blind (right for a new annotation). Returns the conflicts found, with
        this change or with earlier pending ones.
        """
        return self._save([PutAnnotation(annotation, base)])

    def put_annotations(
        self,
        annotations: Iterable[Annotation],
        articles: Iterable[ArticleRecord] = (),
        metadata: Iterable[MetadataEdit] = (),
    ) -> list[Conflict]:
        """Insert or replace several annotations, article records and metadata fields in
        one write (blind, as for an import: all of it is saved, or none)."""
        changes: list[Change] = [PutAnnotation(annotation) for annotation in annotations]
        changes += [PutArticle(record) for record in articles]
        changes += [SetArticleMetadata(*edit) for edit in metadata]
        return self._save(changes)

    def delete_annotation(
        self, annotation_id: str, base: Annotation | None = None
    ) -> list[Conflict]:
        """Delete an annotation; with `base`, not if another instance changed it since."""
        return self._save([DeleteAnnotation(annotation_id, base)])

    def save_changes(
        self, changes: Iterable[AnnotationChange], metadata: Iterable[MetadataEdit] = ()
    ) -> list[Conflict]:
        """Apply (before, after) pairs in one write, each checked against its `before`,
        and the article metadata edits with them.

        One user action (an undo step, "apply to all") is then saved whole or
        not at all.
        """
        operations: list[Change] = []
        for before, after in changes:
            if after is not None:
                operations.append(PutAnnotation(after, before))
            elif before is not None:
                operations.append(DeleteAnnotation(before.id, before))
        operations += [SetArticleMetadata(*edit) for edit in metadata]
        return self._save(operations)

    def put_article(self, record: ArticleRecord) -> list[Conflict]:
        return self._save([PutArticle(record)])

    def set_article_metadata(self, content_hash: str, name: str, value: MetadataValue) -> None:
        """Set one metadata field of a stored article (an empty value clears it).

        The value must already be checked (`metadata.fields.clean_value`); only
        this field of the record is written. An article not in the library is
        left alone.
        """
        self._save([SetArticleMetadata(content_hash, name, value)])

    def put_source_link(self, link: SourceLink) -> None:
        """Keep a merge or split of sources the user made."""
        self._save([PutSourceLink(link)])

    def delete_source_link(self, link_id: str) -> None:
        """Remove a merge or split of sources (to undo it)."""
        self._save([DeleteSourceLink(link_id)])

    def resolve_conflict(self, conflict_id: str, keep: Keep | str = Keep.BOTH) -> list[Conflict]:
        """Settle a conflict: keep both versions, or only theirs, or only ours."""
        return self._save([ResolveConflict(conflict_id, Keep(keep))])

    def mark_told(self, conflict_ids: Iterable[str]) -> None:
        """Remember that the user was told of these conflicts (see `Conflict.told`)."""
        ids = tuple(conflict_ids)
        if ids:
            self._save([ConflictsTold(ids)])

    def reanchor_article(self, text: str, content_hash: str, path: str) -> ReanchorResult | None:
        """Move the annotations of earlier versions of the article at `path` onto `text`.

        An article is identified by its content hash, so an edited file is a new
        article; its earlier versions are the article records with the same
        path. Their annotations are re-anchored (see `anchoring.reanchor`) and
        saved under `content_hash`, orphans included. Returns None when there
        was nothing to move.
        """
        articles = self._view().get(ARTICLES, {})
        earlier = {
            key
            for key, document in articles.items()
            if path and key != content_hash and document.get("path") == path
        }
        annotations = [a for a in self.annotations() if a.article in earlier] if earlier else []
        if not annotations:
            return None
        result = reanchor(text, annotations, content_hash)
        before = {annotation.id: annotation for annotation in annotations}
        self.save_changes((before[after.id], after) for after in result.annotations)
        return result

    def pending_changes(self) -> list[Change]:
        """The changes waiting to be written, oldest first (to keep them in a journal)."""
        with self._mutex:
            return list(self._pending)

    def save_recovered(self, changes: Iterable[Change]) -> list[Conflict]:
        """Save changes kept from an earlier run (`journal.py`), checked like any others."""
        return self._save(list(changes))

    def retry_pending(self) -> list[Conflict]:
        """Write the changes kept after a failed write; raises `NotSaved` if it fails again."""
        with self._mutex:
            if not self._pending:
                return []
            changes = list(self._pending)
            try:
                conflicts = self._transaction(changes)
            except DatabaseError as error:
                count = len(changes)
                noun = "change is" if count == 1 else "changes are"
                raise NotSaved(
                    f"{error}. {count} unsaved {noun} kept in memory and will be saved again"
                ) from None
            del self._pending[: len(changes)]
            return conflicts

    def close(self) -> None:
        """Write what is pending; raises `NotSaved` rather than drop a change silently."""
        self.retry_pending()

    # Internals -------------------------------------------------------------------

    def _save(self, changes: list[Change]) -> list[Conflict]:
        if self.read_only:
            raise ReadOnlyDatabase(f"{self.path}: opened read-only; the change was not saved")
        if not changes:
            return []
        for change in changes:  # a record the database could not read back is never kept
            change.check()
        with self._mutex:
            self._pending.extend(changes)
            return self.retry_pending()

    def _transaction(self, changes: list[Change]) -> list[Conflict]:
        """Apply `changes` to fresh data under the lock and write once; redo if the file moved."""
        for _ in range(STALE_RETRIES):
            with self._storage.locked():
                edit = TableEdit(self._read_tables())
                conflicts = [
                    conflict for change in changes if (conflict := change.apply(edit)) is not None
                ]
                if not edit.changed:
                    return conflicts
                try:
                    self._storage.write(edit.tables)
                except StaleWrite:
                    continue
                return conflicts
        raise DatabaseError(
            f"{self.path}: the file kept changing during the save "
            "(another program writes it without locking)"
        )

    def _view(self) -> Tables:
        """The tables as saved, with the pending changes applied on top."""
        with self._mutex:
            try:
                tables = self._read_tables()
            except DamagedDatabase:
                if self._last_good is None:
                    raise  # damaged when opened: the caller offers a backup
                tables = self._last_good
            if not self._pending:
                return tables
            edit = TableEdit(tables)
            for change in self._pending:
                change.apply(edit)
            return edit.tables

    def _read_tables(self) -> Tables:
        """The tables on disk; a damaged file is remembered in `damage` (and raised)."""
        try:
            tables = self._storage.read() or {}
        except DamagedDatabase as damage:
            self.damage = damage
            raise
        self.damage = None
        self._last_good = tables
        return tables

    def _decode(
        self,
        decode: Callable[[dict[str, Any]], Record],
        what: str,
        key: str,
        document: dict[str, Any],
    ) -> Record:
        try:
            return decode(document)
        except _RECORD_ERRORS as error:
            detail = f"missing field {error}" if isinstance(error, KeyError) else str(error)
            raise DamagedDatabase(
                f"{self.path}: line {self._line_of(key)}: {what} {key!r} is not valid "
                f"({detail}); the file was left untouched"
            ) from None

    def _line_of(self, key: str) -> int | None:
        try:
            return line_of(self.path.read_bytes(), key)
        except OSError:
            return None
