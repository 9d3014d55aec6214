"""Entities of an article: from the cache, or computed in the order a reader needs them.

One place decides the cache key (content hash, backend name, backend version,
which includes the personal gazetteer), so the reader, the CLI and library
search agree on what is cached and never compute the same article twice. The
reader's worker consumes `entity_updates`: the visible paragraphs first, the
fast rules before a slow statistical model, each stage cached when complete.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tui_reader.config import cache_directory
from tui_reader.document import Article, Span
from tui_reader.nlp.cache import EntityCache
from tui_reader.nlp.entities import Entity, Recognizer, recognize_article, recognize_spans


def default_cache() -> EntityCache:
    return EntityCache(cache_directory())


def cached_entities(
    article: Article, recognizer: Recognizer | None, cache: EntityCache | None = None
) -> list[Entity] | None:
    """The article's entities if this recogniser's are cached, else None (nothing computed)."""
    if recognizer is None:
        return []
    cache = cache or default_cache()
    return cache.load(article.content_hash, recognizer.name, recognizer.version)


def remember_entities(
    article: Article,
    recognizer: Recognizer,
    entities: list[Entity],
    cache: EntityCache | None = None,
) -> None:
    """Cache computed entities; a cache that cannot be written is only a lost speed-up."""
    cache = cache or default_cache()
    with contextlib.suppress(OSError):
        cache.save(article.content_hash, recognizer.name, recognizer.version, entities)


def article_entities(
    article: Article, recognizer: Recognizer | None, cache: EntityCache | None = None
) -> list[Entity]:
    """All entities of the article: cached, or computed now and cached."""
    if recognizer is None:
        return []
    found = cached_entities(article, recognizer, cache)
    if found is None:
        found = recognize_article(recognizer, article)
        remember_entities(article, recognizer, found, cache)
    return found


@dataclass(frozen=True)
class EntityUpdate:
    """Entities found for part of an article, to show while the rest is computed."""

    entities: list[Entity] | None
    """The entities found; None for an update that only reports progress."""
    covering: Span | None
    """The text range these entities replace; None: the whole article."""
    backend: str
    progress: float
    final: bool
    """The last update: nothing better is coming."""


SLOW_BACKENDS = frozenset({"spacy"})
CHUNK_CHARACTERS = 100_000
"""A slow backend's results are shown every this many characters read."""
PROGRESS_CHARACTERS = 1_000_000
"""A fast backend (whose results show at the end) reports progress this often."""


def recognition_stages(recognizer: Recognizer) -> list[Recognizer]:
    """The recogniser, preceded by the rules when it is slow: the rules' entities show
    in milliseconds and are replaced, part by part, as the slow backend gets there."""
    if recognizer.name in SLOW_BACKENDS:
        from tui_reader.nlp.backends import get_recognizer

        fast = get_recognizer("rules")
        assert fast is not None
        return [fast, recognizer]
    return [recognizer]


def entity_updates(
    article: Article,
    recognizer: Recognizer,
    visible: range,
    cache: EntityCache | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[EntityUpdate]:
    """Entities of the article, the `visible` paragraphs first, then the rest.

    Each stage (see `recognition_stages`) ends with an update for the whole
    article, which is cached; a cached stage is one update at once. The article
    is read paragraph by paragraph and `cancelled` is asked between them, so a
    reader who quits is not kept waiting for a 50 MB article to be read.
    """
    stages = recognition_stages(recognizer)
    for number, stage in enumerate(stages):
        last_stage = number == len(stages) - 1
        cached = cached_entities(article, stage, cache)
        if cached is not None:
            yield EntityUpdate(cached, None, stage.name, 1.0, last_stage)
            continue
        found: list[Entity] = []
        for update in _stage_updates(article, stage, visible, cancelled):
            if update.covering is None and update.entities is not None:
                found = update.entities
            else:
                yield update
        if cancelled():
            return
        remember_entities(article, stage, found, cache)
        yield EntityUpdate(found, None, stage.name, 1.0, last_stage)


def _stage_updates(
    article: Article, stage: Recognizer, visible: range, cancelled: Callable[[], bool]
) -> Iterator[EntityUpdate]:
    """One stage: the visible paragraphs, then the others (a slow backend) or all of them in
    one pass (the rules, which carry what they learnt, a full name, to later paragraphs);
    the last update holds the whole article's entities."""
    paragraphs, text = article.paragraphs, article.text
    slow = stage.name in SLOW_BACKENDS
    first: list[Entity] = []
    if visible and paragraphs:
        shown = [paragraphs[index] for index in visible]
        first = recognize_spans(stage, article, shown)
        yield EntityUpdate(first, (shown[0][0], shown[-1][1]), stage.name, 0.0, False)
    indexes = [i for i in range(len(paragraphs)) if not (slow and i in visible)]
    total = sum(paragraphs[i][1] - paragraphs[i][0] for i in indexes) or 1
    results = stage.recognize((paragraphs[i][0], text[slice(*paragraphs[i])]) for i in indexes)
    found = list(first) if slow else []
    chunk: list[Entity] = []
    chunk_start: int | None = None
    read = unreported = 0
    for position, (index, entities) in enumerate(zip(indexes, results, strict=True)):
        if cancelled():
            return
        start, end = paragraphs[index]
        found += entities
        read += end - start
        unreported += end - start
        if not slow:
            if unreported >= PROGRESS_CHARACTERS:
                unreported = 0
                yield EntityUpdate(None, None, stage.name, read / total, False)
            continue
        chunk += entities
        chunk_start = start if chunk_start is None else chunk_start
        following = indexes[position + 1] if position + 1 < len(indexes) else None
        if unreported >= CHUNK_CHARACTERS or following != index + 1:
            # A chunk ends where the text it covers would reach the visible paragraphs.
            yield EntityUpdate(chunk, (chunk_start, end), stage.name, read / total, False)
            chunk, chunk_start, unreported = [], None, 0
    found.sort()
    yield EntityUpdate(found, None, stage.name, 1.0, False)
