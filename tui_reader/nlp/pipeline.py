"""Entities of an article, from the cache when they were computed before.

One place decides the cache key (content hash, backend name, backend version,
which includes the personal gazetteer), so the reader, the CLI and library
search agree on what is cached and never compute the same article twice.
"""

from __future__ import annotations

import contextlib

from tui_reader.config import cache_directory
from tui_reader.document import Article
from tui_reader.nlp.cache import EntityCache
from tui_reader.nlp.entities import Entity, Recognizer, recognize_article


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
