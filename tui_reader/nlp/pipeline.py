"""Entities of an article: from the cache, or computed in the order a reader needs them.

One place decides the cache key (content hash, backend name, backend version,
which includes the personal gazetteer), so the reader, the CLI and library
search agree on what is cached and never compute the same article twice. The
reader's worker consumes `entity_updates`: the visible paragraphs first, the
fast rules before a slow statistical model, each stage cached when complete.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
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

    entities: list[Entity]
    covering: Span | None
    """The text range these entities replace; None: the whole article."""
    backend: str
    progress: float
    final: bool
    """The last update: nothing better is coming."""


SLOW_BACKENDS = frozenset({"spacy"})
CHUNK_PARAGRAPHS = 200


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
) -> Iterator[EntityUpdate]:
    """Entities of the article, the `visible` paragraphs first, then the rest.

    Each stage (see `recognition_stages`) ends with an update for the whole
    article, which is cached; a cached stage is one update at once.
    """
    stages = recognition_stages(recognizer)
    paragraphs = article.paragraphs
    for number, stage in enumerate(stages):
        last_stage = number == len(stages) - 1
        cached = cached_entities(article, stage, cache)
        if cached is not None:
            yield EntityUpdate(cached, None, stage.name, 1.0, last_stage)
            continue
        found: list[Entity] = []
        if visible and paragraphs:
            shown = [paragraphs[index] for index in visible]
            first = recognize_spans(stage, article, shown)
            yield EntityUpdate(first, (shown[0][0], shown[-1][1]), stage.name, 0.0, False)
            found += first
        if stage.name in SLOW_BACKENDS:
            rest = [index for index in range(len(paragraphs)) if index not in visible]
            for done, chunk in _contiguous_chunks(rest, CHUNK_PARAGRAPHS):
                spans = [paragraphs[index] for index in chunk]
                part = recognize_spans(stage, article, spans)
                found += part
                progress = done / max(len(rest), 1)
                yield EntityUpdate(part, (spans[0][0], spans[-1][1]), stage.name, progress, False)
            found.sort()
        else:
            # Fast enough to read the whole article in one call, which lets the
            # rules carry what they learnt (a full name) to later paragraphs.
            found = recognize_article(stage, article)
        remember_entities(article, stage, found, cache)
        yield EntityUpdate(found, None, stage.name, 1.0, last_stage)


def _contiguous_chunks(indexes: list[int], size: int) -> Iterator[tuple[int, list[int]]]:
    """Runs of consecutive indexes of at most `size`, with how many were given so far."""
    chunk: list[int] = []
    given = 0
    for index in indexes:
        if chunk and (index != chunk[-1] + 1 or len(chunk) == size):
            given += len(chunk)
            yield given, chunk
            chunk = []
        chunk.append(index)
    if chunk:
        yield given + len(chunk), chunk
