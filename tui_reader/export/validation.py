"""The checks every import passes before anything is written, whatever its format.

Import files come from other people and other tools, so they are read as
hostile: an import is all or nothing, and a bad record stops it with one line
naming the file, the record and the field. A format reader plugs in by

1. reading its file with `read_import_text` (a regular file, at most
   `MAX_IMPORT_BYTES`, UTF-8) and, for JSON, parsing it with `parse_json`
   (no NaN or Infinity, no number beyond 64 bits, no lone surrogate, at most
   `MAX_JSON_DEPTH` levels of nesting);
2. reading each record inside `with record("annotation 3"):`, its fields
   through `schema.Fields`, so that a wrong field raises `InvalidRecord` and
   the error names the record;
3. handing back `Incoming` records. The importer places them on their article
   and passes every annotation and article record it is about to write
   through `checked_annotation` / `checked_article`: the schema the database
   itself is read with, so nothing an import writes can make the database
   unreadable.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from tui_reader.errors import UserError
from tui_reader.input_files import read_regular_file
from tui_reader.limits import MAX_IMPORT_BYTES, MAX_JSON_DEPTH
from tui_reader.model import Annotation, ArticleRecord
from tui_reader.schema import Fields, InvalidRecord


class BadRecord(Exception):
    """A record of an import file that does not fit the schema (see `record`)."""

    def __init__(self, label: str, error: InvalidRecord) -> None:
        super().__init__(f"{label}: {error}")
        self.label = label
        self.error = error


@contextlib.contextmanager
def record(label: str) -> Iterator[None]:
    """Name the record being read ("annotation 3", "line 12") in any `InvalidRecord`."""
    try:
        yield
    except InvalidRecord as error:
        raise BadRecord(label, error) from None


def read_import_text(path: Path) -> str:
    """The text of an import file: a regular file, not too large, in UTF-8."""
    data = read_regular_file(path, MAX_IMPORT_BYTES, "an annotation file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text, so not an annotation file") from None


def parse_json(content: str, path: Path) -> Any:
    """Parse strict JSON (orjson: no NaN, Infinity or lone surrogates), nested no deeper
    than `MAX_JSON_DEPTH`."""
    try:
        document = orjson.loads(content)
    except orjson.JSONDecodeError as error:
        raise UserError(
            f"{path}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    if _depth_beyond(document, MAX_JSON_DEPTH):
        raise UserError(
            f"{path}: nested more than {MAX_JSON_DEPTH} levels deep; "
            "no annotation format needs that, so this is not an annotation file"
        )
    return document


def looks_like_jsonl(content: str) -> bool:
    """Whether a text that is not one JSON document is JSON lines: its first line is an
    object of its own and more lines follow."""
    lines = [line for line in content.splitlines() if line.strip()]
    if len(lines) < 2 or not lines[0].lstrip().startswith("{"):
        return False
    try:
        return isinstance(orjson.loads(lines[0]), dict)
    except orjson.JSONDecodeError:
        return False


def parse_jsonl(content: str, path: Path) -> list[tuple[int, Any]]:
    """The records of a JSON lines file, each with its line number; blank lines skipped.

    Each line is parsed as `parse_json` parses a file; an error names the line
    and says the file is JSONL (one JSON value a line), not one JSON document.
    """
    records = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            raise UserError(
                f"{path}: line {number} is not valid JSON (column {error.colno}: {error.msg}); "
                "a JSONL file holds one JSON object a line"
            ) from None
        if _depth_beyond(value, MAX_JSON_DEPTH):
            raise UserError(
                f"{path}: line {number} is nested more than {MAX_JSON_DEPTH} levels deep; "
                "no annotation format needs that, so this is not an annotation file"
            )
        records.append((number, value))
    return records


def _depth_beyond(document: Any, limit: int) -> bool:
    """Whether arrays and objects nest deeper than `limit` (walked without recursion)."""
    if not isinstance(document, dict | list):
        return False
    pending: list[tuple[Any, int]] = [(document, 1)]
    while pending:
        value, depth = pending.pop()
        children = value.values() if isinstance(value, dict) else value
        for child in children:
            if isinstance(child, dict | list):
                if depth >= limit:
                    return True
                pending.append((child, depth + 1))
    return False


def time_of(fields: Fields, key: str, fallback: str) -> str:
    """A record's time as ISO 8601 with a timezone (UTC when it gives none); `fallback`
    when the field is absent or null; an `InvalidRecord` when it is not a time."""
    if fields.data.get(key) is None:
        return fallback
    value = fields.text(key).strip()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise fields.wrong(key, "an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC).isoformat()
    return value


def checked_annotation(annotation: Annotation) -> Annotation:
    """The annotation as the database will read it back; `InvalidRecord` if it could not be.

    What a reader built goes through the same decoder as the database, so an
    import can never store a record that would make the database unreadable.
    """
    return Annotation.from_dict(annotation.to_dict())


def checked_article(article: ArticleRecord) -> ArticleRecord:
    """The article record as the database will read it back (see `checked_annotation`)."""
    return ArticleRecord.from_dict(article.to_dict())


def fits(annotation: Annotation, text: str) -> bool:
    """Whether the annotation's offsets lie in `text` and slice out exactly its quote."""
    start, end = annotation.start, annotation.end
    return 0 <= start <= end <= len(text) and text[start:end] == annotation.quote.exact
