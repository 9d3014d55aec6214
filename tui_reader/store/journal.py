"""Changes that could not be saved, kept in a file until they can be: the recovery journal.

A `Store` keeps a change it could not write (a full disk, a damaged database)
in memory and retries it. If tui-reader then stops (an unexpected error, or
quitting anyway), those changes are written here, as data: each the same
`Change` the store would have applied, with the version it was based on, so
applying it later still detects another instance's edit in between and keeps
both. The next start finds the journals of its database and offers to apply
them; a journal is deleted only once its changes are saved.

The caller names the directories to try, in order (the data directory, then
the temporary directory when the data directory's disk is the full one).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from tui_reader.atomic_files import atomic_write
from tui_reader.model import Annotation, ArticleRecord, SourceLink
from tui_reader.store.changes import (
    Change,
    ConflictsTold,
    DeleteAnnotation,
    DeleteSourceLink,
    PutAnnotation,
    PutArticle,
    PutSourceLink,
    ResolveConflict,
)
from tui_reader.store.conflicts import Keep

FORMAT = "tui-reader unsaved changes"
_DECODE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, orjson.JSONDecodeError)


@dataclass(frozen=True)
class Journal:
    """One journal file: the database it belongs to, when it was written, its changes."""

    path: Path
    database: Path
    saved: datetime
    changes: tuple[Change, ...]

    def describe(self) -> str:
        """One line for a prompt: how many changes, of what, and when."""
        edits = sum(
            1 for change in self.changes if not isinstance(change, PutArticle | ConflictsTold)
        )
        parts = [f"{edits} change{'' if edits == 1 else 's'} to annotations"] if edits else []
        if len(self.changes) > edits:
            parts.append("reading positions")
        when = self.saved.astimezone().strftime("%Y-%m-%d %H:%M")
        return f"{' and '.join(parts)}, kept on {when} in {self.path}"


def journal_name(database: Path) -> str:
    """The prefix of the journals of `database`: its resolved path, hashed."""
    digest = hashlib.sha256(str(database.resolve()).encode("utf-8", "surrogateescape"))
    return f"unsaved-{digest.hexdigest()[:16]}-"


def write_journal(database: Path, changes: Sequence[Change], directories: Sequence[Path]) -> Path:
    """Write `changes` to a new journal in the first directory that takes it.

    Raises the last `OSError` when none does.
    """
    saved = datetime.now(UTC)
    payload = orjson.dumps(
        {
            "format": FORMAT,
            "database": str(database.resolve()),
            "saved": saved.isoformat(),
            "changes": [change_to_dict(change) for change in changes],
        },
        option=orjson.OPT_INDENT_2,
    )
    stamp = saved.strftime("%Y%m%dT%H%M%S%fZ")
    failure: OSError = OSError("no directory to write the journal in")
    for directory in directories:
        path = directory / f"{journal_name(database)}{stamp}-{os.getpid()}.json"
        try:
            directory.mkdir(parents=True, exist_ok=True)
            atomic_write(path, payload)
        except OSError as error:
            failure = error
            continue
        return path
    raise failure


def find_journals(database: Path, directories: Sequence[Path]) -> tuple[list[Journal], list[Path]]:
    """The journals of `database`, oldest first, and those that cannot be read (left alone)."""
    journals: list[Journal] = []
    unreadable: list[Path] = []
    prefix = journal_name(database)
    for directory in dict.fromkeys(directories):
        try:
            paths = sorted(directory.glob(f"{prefix}*.json"))
        except OSError:
            continue
        for path in paths:
            try:
                journals.append(read_journal(path))
            except (OSError, *_DECODE_ERRORS):
                unreadable.append(path)
    return sorted(journals, key=lambda journal: journal.saved), unreadable


def read_journal(path: Path) -> Journal:
    data = orjson.loads(path.read_bytes())
    if data.get("format") != FORMAT:
        raise ValueError(f"{path}: not a journal of unsaved changes")
    return Journal(
        path=path,
        database=Path(data["database"]),
        saved=datetime.fromisoformat(data["saved"]),
        changes=tuple(change_from_dict(item) for item in data["changes"]),
    )


def change_to_dict(change: Change) -> dict[str, Any]:
    if isinstance(change, PutAnnotation):
        return {"op": "put_annotation", "annotation": change.annotation.to_dict(), **_base(change)}
    if isinstance(change, DeleteAnnotation):
        return {"op": "delete_annotation", "id": change.annotation_id, **_base(change)}
    if isinstance(change, PutArticle):
        return {"op": "put_article", "record": change.record.to_dict()}
    if isinstance(change, ResolveConflict):
        return {"op": "resolve_conflict", "conflict": change.conflict_id, "keep": str(change.keep)}
    if isinstance(change, PutSourceLink):
        return {"op": "put_source_link", "link": change.link.to_dict()}
    if isinstance(change, DeleteSourceLink):
        return {"op": "delete_source_link", "id": change.link_id}
    if isinstance(change, ConflictsTold):
        return {"op": "conflicts_told", "conflicts": list(change.conflict_ids)}
    raise TypeError(f"no journal form for {type(change).__name__}")


def change_from_dict(data: dict[str, Any]) -> Change:
    base = Annotation.from_dict(data["base"]) if data.get("base") is not None else None
    operation = data["op"]
    if operation == "put_annotation":
        return PutAnnotation(Annotation.from_dict(data["annotation"]), base)
    if operation == "delete_annotation":
        return DeleteAnnotation(str(data["id"]), base)
    if operation == "put_article":
        return PutArticle(ArticleRecord.from_dict(data["record"]))
    if operation == "resolve_conflict":
        return ResolveConflict(str(data["conflict"]), Keep(data["keep"]))
    if operation == "put_source_link":
        return PutSourceLink(SourceLink.from_dict(data["link"]))
    if operation == "delete_source_link":
        return DeleteSourceLink(str(data["id"]))
    if operation == "conflicts_told":
        return ConflictsTold(tuple(str(item) for item in data["conflicts"]))
    raise ValueError(f"unknown change {operation!r}")


def _base(change: PutAnnotation | DeleteAnnotation) -> dict[str, Any]:
    return {"base": change.base.to_dict() if change.base is not None else None}
