"""The cross-article index: an entry per article in the cache directory, the user's
claims from the notes database laid over it.

The entries are computed once per content hash (`adding.index_article`) and
kept as one small JSON file each under `CACHE_SUBDIRECTORY` of the cache
directory, so adding an article costs one file and reading the index costs
one read per article, never a pass over the texts. Nothing of it goes into
the notes database: deleting the cache loses no work, only time.

What the user decided stays in the store and is read fresh every time: an
accepted claim replaces the suggestion on the same passage (with its status),
a rejected suggestion is left out.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from tui_reader.across.entry import ArticleEntry, IndexedClaim, entry_from_bytes, entry_to_bytes
from tui_reader.across.figures import figures
from tui_reader.across.names import clean
from tui_reader.across.pack import CACHE_SUBDIRECTORY, IndexPack, index_directory
from tui_reader.across.quotes import quotations_around
from tui_reader.atomic_files import atomic_write
from tui_reader.model import Annotation, ArticleRecord, Decision, Kind
from tui_reader.store import Store

__all__ = ["CACHE_SUBDIRECTORY", "CrossIndex", "IndexCache", "IndexedArticle", "load_index"]


class IndexCache:
    """The entries of the index, one file per content hash, and all of them in one pack
    (`pack.py`) for reading the whole index at once."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or index_directory()
        self.pack = IndexPack(self.directory)

    def path_for(self, content_hash: str) -> Path:
        return self.directory / f"{content_hash}.json"

    def load(self, content_hash: str) -> ArticleEntry | None:
        """The cached entry, or None (never computed, damaged, or of another version)."""
        try:
            entry = entry_from_bytes(self.path_for(content_hash).read_bytes())
        except OSError:
            return None
        return entry if entry is not None and entry.content_hash == content_hash else None

    def save(self, entry: ArticleEntry) -> None:
        """Write an entry atomically; a cache that cannot be written only costs time later."""
        self.save_many((entry,))

    def save_many(self, entries: Iterable[ArticleEntry]) -> None:
        """Write each entry's file, then append them all to the pack in one write."""
        encoded = [(entry.content_hash, entry_to_bytes(entry)) for entry in entries]
        for content_hash, data in encoded:
            self.write_file(content_hash, data)
        self.pack.append_encoded(data for _, data in encoded)

    def write_file(self, content_hash: str, data: bytes) -> None:
        """Write one entry's file (`entry_to_bytes`) atomically; a cache that cannot be
        written only costs time later. The pack is not touched (`IndexPack.append_encoded`)."""
        with contextlib.suppress(OSError):
            self.directory.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path_for(content_hash), data, durable=False)

    def load_many(self, content_hashes: Iterable[str]) -> dict[str, ArticleEntry]:
        """The cached entries of these articles (those with none left out), from the pack;
        what the pack lacks is read from the entry files and added to it, and a damaged
        or outgrown pack is written again."""
        wanted = list(dict.fromkeys(content_hashes))
        contents = self.pack.read()
        found = {h: contents.entries[h] for h in wanted if h in contents.entries}
        added = [entry for h in wanted if h not in found and (entry := self.load(h)) is not None]
        found.update((entry.content_hash, entry) for entry in added)
        if not contents.whole and contents.records == 0 and not found:
            return found  # no pack, and nothing to put in one
        if not contents.whole or self.pack.needs_compacting(contents):
            self.pack.rewrite({**contents.entries, **found}.values())
        elif added:
            self.pack.append(added)
        return found


@dataclass(frozen=True, slots=True)
class IndexedArticle:
    """An article of the library as the index knows it."""

    entry: ArticleEntry
    record: ArticleRecord | None
    claims: tuple[IndexedClaim, ...]
    """The finder's open suggestions and the user's claims, in text order."""

    @property
    def content_hash(self) -> str:
        return self.entry.content_hash

    @property
    def title(self) -> str:
        return self.record.title if self.record and self.record.title else self.entry.title

    @property
    def when(self) -> str:
        """The article's date for ordering: published (metadata), else first read or added."""
        stored = self.record.metadata.published if self.record else ""
        return stored or self.entry.published or (self.record.first_opened if self.record else "")


@dataclass(frozen=True)
class CrossIndex:
    """Every indexed article, and the user's claim annotations by id (with their evidence)."""

    articles: tuple[IndexedArticle, ...]
    annotations: dict[str, Annotation]
    unindexed: tuple[ArticleRecord, ...] = ()
    """Library articles with no entry and no readable file: left out, and said so."""

    def article(self, content_hash: str) -> IndexedArticle | None:
        return next((a for a in self.articles if a.content_hash == content_hash), None)


EntryMaker = Callable[[ArticleRecord], ArticleEntry | None]
"""Computes a missing entry from the article's file (None when it cannot be read)."""


def load_index(
    store: Store, cache: IndexCache | None = None, make_missing: EntryMaker | None = None
) -> CrossIndex:
    """The index of every article in the library, computing missing entries with
    `make_missing` (and caching them) when it is given."""
    cache = cache or IndexCache()
    by_article = decided_by_article(store)
    articles = []
    unindexed = []
    records = store.articles()
    cached = cache.load_many(record.content_hash for record in records)
    for record in records:
        entry = cached.get(record.content_hash)
        if entry is None and make_missing is not None:
            entry = make_missing(record)
            if entry is not None:
                cache.save(entry)
        if entry is None:
            unindexed.append(record)
            continue
        decided = by_article.get(record.content_hash, [])
        articles.append(IndexedArticle(entry, record, merged_claims(entry.claims, decided)))
    return CrossIndex(tuple(articles), claim_annotations(by_article), tuple(unindexed))


def decided_by_article(store: Store) -> dict[str, list[Annotation]]:
    """Content hash -> the user's claims and decisions on that article (orphans aside),
    in text order: what is laid over its entry (`merged_claims`)."""
    by_article: dict[str, list[Annotation]] = {}
    for annotation in store.annotations():
        if not annotation.orphan and annotation.kind in (Kind.CLAIM, Kind.DECISION):
            by_article.setdefault(annotation.article, []).append(annotation)
    return by_article


def claim_annotations(by_article: dict[str, list[Annotation]]) -> dict[str, Annotation]:
    """The user's claim annotations by id (`CrossIndex.annotations`)."""
    return {
        annotation.id: annotation
        for annotations in by_article.values()
        for annotation in annotations
        if annotation.kind is Kind.CLAIM
    }


def _same_passage(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shorter = min(a[1] - a[0], b[1] - b[0])
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    return shorter > 0 and overlap * 2 >= shorter


def merged_claims(
    suggestions: Iterable[IndexedClaim], decided: Iterable[Annotation]
) -> tuple[IndexedClaim, ...]:
    """The user's claims with their status, and the suggestions nobody decided on.

    An accepted claim keeps what the suggestion on its passage knew (the source's
    type, the names in it) and takes the user's source and status.
    """
    suggestions = list(suggestions)
    decisions = [a for a in decided if a.kind is Kind.DECISION and a.label == Decision.NOT_A_CLAIM]
    claims = [a for a in decided if a.kind is Kind.CLAIM and a.claim is not None]
    spans = [(a.start, a.end) for a in (*decisions, *claims)]
    found = [
        s for s in suggestions if not any(_same_passage((s.start, s.end), span) for span in spans)
    ]
    for annotation in claims:
        assert annotation.claim is not None
        span = (annotation.start, annotation.end)
        twin = next((s for s in suggestions if _same_passage((s.start, s.end), span)), None)
        text = annotation.quote.exact
        source = clean(annotation.claim.source)
        user = IndexedClaim(
            start=annotation.start,
            end=annotation.end,
            text=text,
            source=source,
            written=twin.written if twin and twin.source == source else source,
            source_label=annotation.claim.source_label or (twin.source_label if twin else ""),
            cue=annotation.claim.cue,
            kind=twin.kind if twin else "statement",
            quotes=quotations_around(
                annotation.quote.prefix + text + annotation.quote.suffix,
                len(annotation.quote.prefix),
                len(annotation.quote.prefix) + len(text),
            ),
            figures=figures(text),
            names=twin.names if twin else (),
            counts=twin.counts if twin else (),
        )
        found.append(
            replace(user, status=str(annotation.claim.status), annotation_id=annotation.id)
        )
    return tuple(sorted(found, key=lambda c: (c.start, c.end)))
