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
