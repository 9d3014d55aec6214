"""The entity pipeline: visible paragraphs first, stages, and the cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_reader.document import Article
from tui_reader.nlp.backends import get_recognizer
from tui_reader.nlp.cache import EntityCache
from tui_reader.nlp.entities import recognize_article
from tui_reader.nlp.pipeline import article_entities, entity_updates, recognition_stages

SAMPLES = Path(__file__).parent.parent / "sample_data"


def test_visible_first_then_whole_article_then_cached(tmp_path: Path) -> None:
    article = Article.load(SAMPLES / "wind_farm_inquiry.txt")
    recognizer = get_recognizer("rules")
    cache = EntityCache(tmp_path)
    visible = range(5, 8)
    updates = list(entity_updates(article, recognizer, visible, cache))
    first, last = updates[0], updates[-1]
    start, end = article.paragraphs[5][0], article.paragraphs[7][1]
    assert first.covering == (start, end)
    assert first.entities and all(start <= e.start and e.end <= end for e in first.entities)
    assert not first.final
    assert last.covering is None and last.final
    assert last.entities == recognize_article(recognizer, article)
    again = list(entity_updates(article, recognizer, visible, cache))
    assert len(again) == 1 and again[0].entities == last.entities and again[0].final
    assert article_entities(article, recognizer, cache) == last.entities


def test_a_slow_backend_is_preceded_by_the_rules(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    spacy = get_recognizer("spacy")
    assert [stage.name for stage in recognition_stages(spacy)] == ["rules", "spacy"]
    article = Article.load(SAMPLES / "harbour_strike.txt")
    updates = list(entity_updates(article, spacy, range(0, 2), EntityCache(tmp_path)))
    backends = [update.backend for update in updates]
    assert backends[0] == "rules" and backends[-1] == "spacy"
    finals = [update for update in updates if update.covering is None]
    assert [update.final for update in finals] == [False, True]


class SlowBackend:
    """The rules under a slow backend's name, to drive the chunked path without spaCy."""

    name = "spacy"

    def __init__(self) -> None:
        self.inner = get_recognizer("rules", personal=False)
        self.version = "test-" + self.inner.version

    def recognize(self, paragraphs):
        return self.inner.recognize(paragraphs)


def test_a_slow_stage_shows_chunks_that_never_cover_the_visible_paragraphs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_reader.nlp import pipeline

    monkeypatch.setattr(pipeline, "CHUNK_CHARACTERS", 2000)
    article = Article.load(SAMPLES / "wind_farm_inquiry.txt")
    visible = range(10, 13)
    updates = list(entity_updates(article, SlowBackend(), visible, EntityCache(tmp_path)))
    slow = [u for u in updates if u.backend == "spacy"]
    shown_start, shown_end = article.paragraphs[10][0], article.paragraphs[12][1]
    chunks = [u for u in slow[1:] if u.covering is not None]
    assert len(chunks) > 3
    for chunk in chunks:
        start, end = chunk.covering
        assert end <= shown_start or start >= shown_end
        assert all(start <= e.start and e.end <= end for e in chunk.entities)
    assert [u.progress for u in chunks] == sorted(u.progress for u in chunks)
    assert slow[-1].final and slow[-1].covering is None
    every = sorted(e for u in slow[:-1] if u.entities for e in u.entities)
    assert every == slow[-1].entities  # the chunks and the visible part add up to the whole


def test_cancelling_stops_between_paragraphs_and_caches_nothing(tmp_path: Path) -> None:
    article = Article.load(SAMPLES / "wind_farm_inquiry.txt")
    cache = EntityCache(tmp_path)
    asked = 0

    def cancelled() -> bool:
        nonlocal asked
        asked += 1
        return asked > 5

    recognizer = get_recognizer("rules")
    updates = list(entity_updates(article, recognizer, range(0, 2), cache, cancelled))
    assert not any(update.final for update in updates)
    assert asked < len(article.paragraphs)
    assert cache.load(article.content_hash, recognizer.name, recognizer.version) is None
