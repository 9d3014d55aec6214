"""Claims of an article in the order a reader needs them: the rules at once, the parser
path as it gets through the text.

The rule path reads a 10 MB article in seconds; the parser path takes minutes. The
reader's worker consumes `claim_updates`: first every claim of the rule path,
then, when spaCy is at hand, the parser path's claims chunk by chunk, each
replacing the rule path's claims of the text it covers (`apply_update`), and
last the whole parser path's list, which is cached for the next opening.
"""

from __future__ import annotations

import contextlib
import time
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tui_reader.document import Article, Span
from tui_reader.nlp.claim_cache import ClaimCache, entities_digest
from tui_reader.nlp.claim_parser import (
    CHUNK_CHARACTERS,
    ClaimParser,
    finder_version,
    parsed_chunks,
)
from tui_reader.nlp.claims import ClaimCandidate, claims_by_paragraph
from tui_reader.nlp.entities import Entity


@dataclass(frozen=True)
class ClaimUpdate:
    """Claims found for part of an article, to show while the rest is read."""

    candidates: list[ClaimCandidate]
    covering: Span | None
    """The text whose claims these replace (by cue); None: the whole article."""
    path: str
    """ "rules" or "spacy"."""
    progress: float
    final: bool
    """Nothing better is coming."""


def default_cache() -> ClaimCache:
    from tui_reader.config import cache_directory

    return ClaimCache(cache_directory())


def claim_updates(
    article: Article,
    entities: list[Entity] | None,
    parser: ClaimParser | None,
    cancelled: Callable[[], bool] = lambda: False,
    cache: ClaimCache | None = None,
    chunk_characters: int = CHUNK_CHARACTERS,
) -> Iterator[ClaimUpdate]:
    """The rule path's claims, then (with a parser) the parser path's, chunk by chunk.

    Between paragraphs the worker asks `cancelled` and lets other threads run: the
    finder is Python, and without a pause the reader's thread would wait for the
    interpreter lock up to the switch interval at every key.
    """
    rules: list[ClaimCandidate] = []
    for batch in claims_by_paragraph(article, range(len(article.paragraphs)), entities):
        rules += batch
        time.sleep(0)
        if cancelled():
            return
    rules.sort(key=lambda c: (c.cue, c.content))
    yield ClaimUpdate(rules, None, "rules", 1.0 if parser is None else 0.0, parser is None)
    if parser is None or cancelled():
        return
    cache = cache or default_cache()
    version = finder_version(parser)
    digest = entities_digest(entities)
    cached = cache.load(article.content_hash, version, digest)
    if cached is not None:
        yield ClaimUpdate(cached, None, "spacy", 1.0, True)
        return
    found: list[ClaimCandidate] = []
    total = max(len(article.text), 1)
    chunks = parsed_chunks(article, entities, parser, None, chunk_characters, cancelled)
    for covering, chunk in chunks:
        found += chunk
        yield ClaimUpdate(chunk, covering, "spacy", covering[1] / total, False)
    if cancelled():
        return
    with contextlib.suppress(OSError):  # a cache that cannot be written is a lost speed-up
        cache.save(article.content_hash, version, digest, found)
    yield ClaimUpdate(found, None, "spacy", 1.0, True)


def apply_update(current: list[ClaimCandidate], update: ClaimUpdate) -> list[ClaimCandidate]:
    """The claims after an update: those whose cue lies in the covered text replaced."""
    if update.covering is None:
        return list(update.candidates)
    start, end = update.covering
    cues = [candidate.cue[0] for candidate in current]
    low, high = bisect_left(cues, start), bisect_left(cues, end)
    return current[:low] + list(update.candidates) + current[high:]
