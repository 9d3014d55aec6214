"""The annotations database: one TinyDB file holding articles and annotations.

Every method is one locked read-modify-write, so two tui-readers sharing a file
never overwrite each other's work. Documents are keyed by our own ids (uuids for
annotations, content hashes for articles), never by TinyDB's per-instance
counters, which collide when two instances insert at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from tinydb import TinyDB
from tinydb.table import Document, Table

from tui_reader.model import Annotation, ArticleRecord
from tui_reader.store.storage import AtomicJSONStorage, StaleWrite

ANNOTATIONS = "annotations"
ARTICLES = "articles"
STALE_RETRIES = 5

T = TypeVar("T")


class KeyedTable(Table):
    """A TinyDB table keyed by string ids, without a query cache.

    The cache would hide another instance's changes, and string keys let us use
    stable ids that mean the same thing in every copy of the database.
    """

    document_id_class = str  # type: ignore[assignment]
    default_query_cache_capacity = 0


class KeyedTinyDB(TinyDB):
    table_class = KeyedTable


class Store:
    """Repository functions over the database file."""

    def __init__(self, path: str | Path, read_only: bool | None = None) -> None:
        self.path = Path(path)
        self._db = KeyedTinyDB(self.path, storage=AtomicJSONStorage, read_only=read_only)
        self._storage: AtomicJSONStorage = self._db.storage  # type: ignore[assignment]

    @property
    def read_only(self) -> bool:
        return self._storage.read_only

    @property
    def generation(self) -> int:
        """Counts the writes to the file, by any instance; changes when someone saves."""
        return self._storage.generation

    def _transaction(self, operation: Callable[[], T]) -> T:
        """Run `operation` under the file lock, redoing it if the file changed under us."""
        for _ in range(STALE_RETRIES):
            with self._storage.locked():
                try:
                    return operation()
                except StaleWrite:
                    continue
        raise StaleWrite(str(self.path))

    def _table(self, name: str) -> Table:
        return self._db.table(name)

    def _put(self, table_name: str, key: str, data: dict[str, Any]) -> None:
        table = self._table(table_name)

        def operation() -> None:
            if table.contains(doc_id=key):
                table.update(_replace_with(data), doc_ids=[key])
            else:
                table.insert(Document(data, doc_id=key))

        self._transaction(operation)

    # Annotations ---------------------------------------------------------------

    def annotations(self, article_hash: str | None = None) -> list[Annotation]:
        """The annotations of one article (or of all), in text order."""

        def operation() -> list[dict[str, Any]]:
            return list(self._table(ANNOTATIONS).all())

        records = [Annotation.from_dict(data) for data in self._transaction(operation)]
        if article_hash is not None:
            records = [record for record in records if record.article == article_hash]
        return sorted(records, key=lambda record: (record.start, record.end, record.created))

    def annotation(self, annotation_id: str) -> Annotation | None:
        data = self._transaction(lambda: self._table(ANNOTATIONS).get(doc_id=annotation_id))
        return Annotation.from_dict(data) if data else None

    def put_annotation(self, annotation: Annotation) -> None:
        """Insert or replace an annotation (by id)."""
        self._put(ANNOTATIONS, annotation.id, annotation.to_dict())

    def put_annotations(self, annotations: Iterable[Annotation]) -> None:
        """Insert or replace several annotations in one write."""
        records = {annotation.id: annotation.to_dict() for annotation in annotations}
        if not records:
            return
        table = self._table(ANNOTATIONS)

        def operation() -> None:
            existing = [key for key in records if table.contains(doc_id=key)]
            if existing:
                table.remove(doc_ids=existing)
            table.insert_multiple(Document(data, doc_id=key) for key, data in records.items())

        self._transaction(operation)

    def delete_annotation(self, annotation_id: str) -> None:
        table = self._table(ANNOTATIONS)

        def operation() -> None:
            if table.contains(doc_id=annotation_id):
                table.remove(doc_ids=[annotation_id])

        self._transaction(operation)

    # Articles ------------------------------------------------------------------

    def article(self, content_hash: str) -> ArticleRecord | None:
        data = self._transaction(lambda: self._table(ARTICLES).get(doc_id=content_hash))
        return ArticleRecord.from_dict(data) if data else None

    def articles(self) -> list[ArticleRecord]:
        records = self._transaction(lambda: list(self._table(ARTICLES).all()))
        return [ArticleRecord.from_dict(data) for data in records]

    def put_article(self, record: ArticleRecord) -> None:
        self._put(ARTICLES, record.content_hash, record.to_dict())

    def close(self) -> None:
        self._db.close()


def _replace_with(data: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    """A TinyDB update operation that replaces the whole document (dropping old keys)."""

    def transform(document: dict[str, Any]) -> None:
        document.clear()
        document.update(data)

    return transform
