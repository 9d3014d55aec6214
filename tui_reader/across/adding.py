"""`tui-reader add`: articles put into the library without being read.

Each file is decoded as the reader would decode it (`Article.load`), hashed,
given its title, entities and claims (the rules by default, so that a folder
of clippings goes in at several megabytes a second), and its index entry is
cached; the library gets one record per new article, all in one save. Files
named on the command line must all be readable before anything is written;
inside a directory, a file that cannot be read (binary, too large) is skipped
and counted, as a directory of clippings holds other things too.

With more than one processor and enough files the work is shared among
processes (the texts are independent); the store is written by this process
only.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tui_reader.across.build import build_entry, made_by
from tui_reader.across.entry import ArticleEntry, entry_to_bytes
from tui_reader.across.index import IndexCache
from tui_reader.document import Article
from tui_reader.errors import UserError
from tui_reader.library import ARTICLE_SUFFIXES
from tui_reader.model import ArticleRecord
from tui_reader.nlp.cache import EntityCache
from tui_reader.nlp.entities import Recognizer
from tui_reader.store import Store

PARALLEL_FROM = 16
"""Files below this many are read in this process (starting workers costs more)."""
_CHUNK = 8


@dataclass
class AddReport:
    """What `add` did, for its one line of output."""

    added: int = 0
    known: int = 0
    """Already in the library (the same text, under any name)."""
    indexed: int = 0
    """Entries computed (the others were in the cache)."""
    skipped: list[str] = field(default_factory=list)
    """Files of a directory that could not be read, with why."""
    characters: int = 0

    def summary(self) -> str:
        parts = [f"{self.added} added", f"{self.known} already in the library"]
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped (not readable as articles)")
        return "tui-reader add: " + ", ".join(parts)


def article_files(paths: Iterable[Path]) -> Iterator[tuple[Path, bool]]:
    """(file, named): each file named, and the article files under each directory named
    (hidden ones and links to directories left out), in name order."""
    for path in paths:
        if path.is_dir():
            for directory, subdirectories, files in os.walk(path):
                subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and Path(name).suffix.lower() in ARTICLE_SUFFIXES:
                        yield Path(directory) / name, False
        else:
            yield path, True


def check_paths(paths: Iterable[Path]) -> None:
    """Every path must exist: a mistyped one is an error before anything is read."""
    for path in paths:
        if not path.exists():
            raise UserError(f"{path}: no such file or directory")
        if not (path.is_file() or path.is_dir()):
            raise UserError(f"{path}: not a regular file or a directory")


def index_article(
    article: Article,
    recognizer: Recognizer | None,
    finder: str,
    stored: ArticleRecord | None,
    entity_cache: EntityCache | None = None,
) -> ArticleEntry:
    """The article's index entry: its entities (cached, as the reader caches them) and
    the claims of `finder` ("rules" or "spacy"). Pass the `entity_cache` when indexing
    many articles: one cache trims its directory every so many saves, a new one at its
    first."""
    from tui_reader.nlp.claims import find_with
    from tui_reader.nlp.pipeline import article_entities

    entities = article_entities(article, recognizer, entity_cache) if recognizer else []
    candidates = find_with(article, entities or None, finder)
    name = f"{recognizer.name}-{recognizer.version}" if recognizer else "off"
    return build_entry(
        article,
        entities,
        candidates,
        stored.metadata if stored else None,
        made_by(name, finder),
    )


@dataclass(frozen=True, slots=True)
class _Indexed:
    """What `add` keeps of an entry computed now (written to its file already): the
    fields of the library record, and the entry's cache file for the pack."""

    content_hash: str
    title: str
    length: int
    data: bytes


def _indexed(entry: ArticleEntry, cache: IndexCache) -> _Indexed:
    """The entry's cache file, written once: to its own file here, to the pack later."""
    data = entry_to_bytes(entry)
    cache.write_file(entry.content_hash, data)
    return _Indexed(entry.content_hash, entry.title, entry.length, data)


@dataclass
class _Worker:
    """What a worker process makes once (`_start_worker`) for all its articles: its
    entity cache (which trims its directory every so many saves), and the recogniser
    of each `--ner` choice (building one per article, its tables and the personal
    gazetteer's file read again, cost half a millisecond each)."""

    entity_cache: EntityCache
    recognizers: dict[str, Recognizer | None] = field(default_factory=dict)

    def recognizer(self, ner: str) -> Recognizer | None:
        if ner not in self.recognizers:
            from tui_reader.nlp.backends import get_recognizer

            self.recognizers[ner] = get_recognizer(ner)
        return self.recognizers[ner]


_worker: list[_Worker] = []
"""The worker process's `_Worker`, once started."""


def _start_worker() -> None:
    from tui_reader.nlp.pipeline import default_cache

    _worker.append(_Worker(default_cache()))


def _index_file(task: tuple[str, str, str, str]) -> tuple[str, _Indexed | None, str]:
    """In a worker: (path, the entry computed and written to its file or None, error).
    Only the entry's bytes come back, not the entry: decoding it again would cost the
    main process as much as encoding it costs here."""
    path, ner, finder, directory = task
    worker = _worker[0]
    try:
        article = Article.load(path)
    except UserError as error:
        return path, None, str(error)
    entry = index_article(article, worker.recognizer(ner), finder, None, worker.entity_cache)
    return path, _indexed(entry, IndexCache(Path(directory))), ""


def add_articles(
    store: Store,
    paths: list[Path],
    ner: str,
    finder: str = "rules",
    cache: IndexCache | None = None,
    workers: int | None = None,
) -> AddReport:
    """Put the articles at `paths` (files, directories) into the library and the index."""
    check_paths(paths)
    cache = cache or IndexCache()
    files = list(article_files(paths))
    report = AddReport()
    wanted = made_by_for(ner, finder)
    entries: list[tuple[Path, ArticleEntry | _Indexed]] = []
    articles: dict[Path, Article] = {}
    loaded: list[tuple[Path, bool, Article]] = []
    for path, named in files:
        try:
            article = Article.load(path)
        except UserError as error:
            if named:
                raise
            report.skipped.append(f"{path}: {error}")
            continue
        report.characters += len(article.text)
        loaded.append((path, named, article))
    known_entries = cache.load_many(article.content_hash for _, _, article in loaded)
    for path, _, article in loaded:
        cached = known_entries.get(article.content_hash)
        if cached is not None and cached.made_by == wanted:
            entries.append((path, cached))
        else:
            articles[path] = article
    computed = list(_compute(articles, ner, finder, cache, workers))
    cache.pack.append_encoded(indexed.data for _, indexed in computed)
    entries.extend(computed)
    report.indexed += len(computed)
    known = {record.content_hash for record in store.articles()}
    records = []
    for path, entry in entries:
        if entry.content_hash in known:
            report.known += 1
            continue
        known.add(entry.content_hash)
        records.append(
            ArticleRecord(
                content_hash=entry.content_hash,
                title=entry.title,
                path=str(path.resolve()),
                length=entry.length,
            )
        )
        report.added += 1
    if records:
        store.put_annotations((), articles=records)
    return report


def made_by_for(ner: str, finder: str) -> str:
    """The `made_by` an entry computed with these choices carries."""
    from tui_reader.nlp.backends import get_recognizer

    recognizer = get_recognizer(ner)
    name = f"{recognizer.name}-{recognizer.version}" if recognizer else "off"
    return made_by(name, finder)


def _compute(
    articles: dict[Path, Article], ner: str, finder: str, cache: IndexCache, workers: int | None
) -> Iterator[tuple[Path, _Indexed]]:
    """Entries of the articles, each written to its file, in this process or shared among
    worker processes."""
    count = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if count <= 1 or len(articles) < PARALLEL_FROM or finder != "rules":
        from tui_reader.nlp.backends import get_recognizer
        from tui_reader.nlp.pipeline import default_cache

        recognizer = get_recognizer(ner)
        entity_cache = default_cache()
        for path, article in articles.items():
            entry = index_article(article, recognizer, finder, None, entity_cache)
            yield path, _indexed(entry, cache)
        return
    tasks = [(str(path), ner, finder, str(cache.directory)) for path in articles]
    with ProcessPoolExecutor(max_workers=count, initializer=_start_worker) as pool:
        for name, indexed, error in pool.map(_index_file, tasks, chunksize=_CHUNK):
            if indexed is None:
                raise UserError(f"{name}: {error or 'could not be indexed'}")
            yield Path(name), indexed
