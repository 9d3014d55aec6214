"""The library: every article in the database, and search across all of them.

An article is known by its content hash; its record remembers where the file
was. A file that moved is found again by hashing candidate files, and search
looks in the annotations (through the store, unsaved changes included) and in the
articles' text, naming the entities the mentions are (from the entity cache).
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from tui_reader.document import HTML_SUFFIXES, Article, smart_case_pattern
from tui_reader.errors import UserError
from tui_reader.model import Annotation, ArticleRecord, Kind
from tui_reader.nlp.entities import Entity
from tui_reader.store import Store

STATUSES = ("unread", "reading", "done")
ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", *HTML_SUFFIXES})
"""Files looked at when searching a directory for a moved article."""
LOCATE_MAX_FILES = 5000
SNIPPET_CONTEXT = 40
TABLE_COLUMNS = ("title", "status", "read", "notes", "tags", "claims", "last opened", "file")


@dataclass(frozen=True)
class LibraryEntry:
    """An article as the library lists it."""

    record: ArticleRecord
    notes: int
    tags: int
    claims: int
    orphans: int
    earlier_version: bool = False
    """The file at its path was since read with other contents (edited): this record is
    listed only because annotations of its own are on it."""

    @property
    def progress(self) -> float:
        """How far the reader got, 0 to 1 (the reading position over the length)."""
        return min(self.record.position / self.record.length, 1.0) if self.record.length else 0.0

    @property
    def missing(self) -> bool:
        return not self.record.path or not Path(self.record.path).is_file()

    def cells(self) -> tuple[str, ...]:
        """The entry as the library's table shows it (`TABLE_COLUMNS`, but for the file)."""
        record = self.record
        return (
            f"(earlier) {record.title}" if self.earlier_version else record.title,
            record.status,
            f"{self.progress:.0%}",
            str(self.notes),
            str(self.tags),
            str(self.claims),
            record.last_opened[:16].replace("T", " "),
        )

    def to_json(self) -> dict[str, object]:
        record = self.record
        return {
            "content_hash": record.content_hash,
            "title": record.title,
            "path": record.path,
            "missing": self.missing,
            "status": record.status,
            "progress": round(self.progress, 3),
            "notes": self.notes,
            "tags": self.tags,
            "claims": self.claims,
            "orphans": self.orphans,
            "last_opened": record.last_opened,
            "earlier_version": self.earlier_version,
        }


def library(store: Store) -> list[LibraryEntry]:
    """Every article of the database, most recently opened first.

    A file read again after an edit is a new record (a new content hash): each path
    is listed once, as its newest version; an earlier version is listed too, marked
    so, only while annotations of its own are on it (else nothing is lost by not
    listing it, and two rows of one title misled).
    """
    counts: dict[str, Counter[str]] = {}
    for annotation in store.annotations():
        counter = counts.setdefault(annotation.article, Counter())
        counter[annotation.kind] += 1
        counter["orphans"] += annotation.orphan
    records = sorted(store.articles(), key=lambda record: record.last_opened)
    newest = {record.path: record.content_hash for record in records if record.path}
    entries = []
    for record in records:
        counter = counts.get(record.content_hash, Counter())
        earlier = bool(record.path) and newest[record.path] != record.content_hash
        if earlier and not sum(counter.values()):
            continue
        entries.append(
            LibraryEntry(
                record=record,
                notes=counter[Kind.NOTE],
                tags=counter[Kind.TAG],
                claims=counter[Kind.CLAIM],
                orphans=counter["orphans"],
                earlier_version=earlier,
            )
        )
    return sorted(
        entries,
        key=lambda entry: (entry.record.last_opened, not entry.earlier_version),
        reverse=True,
    )


def set_status(store: Store, record: ArticleRecord, status: str) -> ArticleRecord:
    """Mark an article unread, reading or done."""
    if status not in STATUSES:
        raise UserError(f"unknown status {status!r} (choose from {', '.join(STATUSES)})")
    updated = replace(record, status=status)
    store.put_article(updated)
    return updated


def next_status(status: str) -> str:
    return (
        STATUSES[(STATUSES.index(status) + 1) % len(STATUSES)] if status in STATUSES else "unread"
    )


# Moved files -------------------------------------------------------------------------


def _candidates(place: Path) -> Iterator[Path]:
    if place.is_file():
        yield place
        return
    seen = 0
    for directory, subdirectories, files in os.walk(place):
        subdirectories[:] = [d for d in subdirectories if not d.startswith(".")]
        for name in files:
            if Path(name).suffix.lower() in ARTICLE_SUFFIXES:
                seen += 1
                if seen > LOCATE_MAX_FILES:
                    return
                yield Path(directory) / name


def locate(store: Store, record: ArticleRecord, place: Path) -> ArticleRecord | None:
    """Find a moved article by its content in `place` (a file, or a directory searched
    below); remember the new path. None when nothing there has the same text."""
    for candidate in _candidates(place):
        try:
            article = Article.load(candidate)
        except UserError:
            continue
        if article.content_hash == record.content_hash:
            updated = replace(record, path=str(article.path))
            store.put_article(updated)
            return updated
    return None


# Search ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    """One place where the query was found, with what it is and where to open."""

    content_hash: str
    title: str
    kind: str
    """note, tags, quote, claim, entity LABEL, text or title."""
    snippet: str
    start: int
    annotation_id: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "content_hash": self.content_hash,
            "title": self.title,
            "kind": self.kind,
            "snippet": self.snippet,
            "start": self.start,
            "annotation_id": self.annotation_id,
        }


def query_pattern(query: str) -> re.Pattern[str]:
    """Literal and smart-case, as in the reader; an empty query is an error."""
    if not query.strip():
        raise UserError("the search query is empty")
    return smart_case_pattern(query.strip())


def _snippet(text: str, start: int, end: int) -> str:
    left = max(0, start - SNIPPET_CONTEXT)
    right = min(len(text), end + SNIPPET_CONTEXT)
    piece = " ".join(text[left:right].split())
    return ("…" if left else "") + piece + ("…" if right < len(text) else "")


def _annotation_hits(
    store: Store, pattern: re.Pattern[str], titles: dict[str, str]
) -> list[SearchHit]:
    """Annotations whose note, tags, quote, claim source or status match.

    Read through the store, so changes kept unsaved (a failed write, retried
    later) are found too, and a record the store cannot decode is named, not
    skipped.
    """
    hits = []
    for found in store.annotations():
        if not _matches(found, pattern):
            continue
        kind, text = _what_matched(found, pattern)
        hits.append(
            SearchHit(
                content_hash=found.article,
                title=titles.get(found.article, found.article[:12]),
                kind=kind,
                snippet=text,
                start=found.start,
                annotation_id=found.id,
            )
        )
    return hits


def _matches(annotation: Annotation, pattern: re.Pattern[str]) -> bool:
    claim = annotation.claim
    return bool(
        pattern.search(annotation.body)
        or any(pattern.search(tag) for tag in annotation.tags)
        or pattern.search(annotation.quote.exact)
        or (claim is not None and (pattern.search(claim.source) or pattern.search(claim.status)))
    )


def _what_matched(annotation: Annotation, pattern: re.Pattern[str]) -> tuple[str, str]:
    claim = annotation.claim
    if annotation.body and pattern.search(annotation.body):
        return ("claim note" if claim else str(annotation.kind)), annotation.body.strip()
    if any(pattern.search(tag) for tag in annotation.tags):
        return "tags", ", ".join(annotation.tags)
    if claim is not None and (pattern.search(claim.source) or pattern.search(claim.status)):
        return "claim", f"{claim.status.upper()} · {claim.source}: “{annotation.quote.exact}”"
    return "quote", f"“{' '.join(annotation.quote.exact.split())}”"


EntityLookup = Callable[[Article], list[Entity]]
"""Entities of an article as far as they are known without computing (the cache)."""


def _text_hits(
    record: ArticleRecord, pattern: re.Pattern[str], entities_of: EntityLookup | None
) -> list[SearchHit]:
    """Mentions in the article's text, named as entities where the entities say so."""
    if not record.path:
        return []
    try:
        article = Article.load(record.path)
    except UserError:
        return []
    if article.content_hash != record.content_hash:
        return []
    text = article.text
    occurrences = [match.span() for match in pattern.finditer(text)]
    if not occurrences:
        return []
    entities = sorted(entities_of(article)) if entities_of is not None else []
    starts = [entity.start for entity in entities]

    def entity_around(span: tuple[int, int]) -> Entity | None:
        index = bisect_right(starts, span[0]) - 1
        if index >= 0 and entities[index].end >= span[1]:
            return entities[index]
        return None

    named = [(span, entity) for span in occurrences if (entity := entity_around(span))]
    if named:
        first, kind = named[0][0], f"entity {named[0][1].label}"
    else:
        first, kind = occurrences[0], "text"
    count = len(occurrences)
    mentions = f" ({count} mentions)" if count > 1 else ""
    return [
        SearchHit(
            content_hash=record.content_hash,
            title=record.title,
            kind=kind,
            snippet=_snippet(text, *first) + mentions,
            start=first[0],
        )
    ]


def search(store: Store, query: str, entities_of: EntityLookup | None = None) -> list[SearchHit]:
    """Everything that matches `query`: titles, annotations, and mentions in the texts."""
    pattern = query_pattern(query)
    records = store.articles()
    titles = {record.content_hash: record.title for record in records}
    hits = [
        SearchHit(record.content_hash, record.title, "title", record.title, 0)
        for record in records
        if pattern.search(record.title)
    ]
    hits += _annotation_hits(store, pattern, titles)
    for record in records:
        hits += _text_hits(record, pattern, entities_of)
    order = {record.content_hash: index for index, record in enumerate(records)}
    return sorted(hits, key=lambda hit: (order.get(hit.content_hash, len(order)), hit.start))
