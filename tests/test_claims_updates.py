"""Claims as the reader gets them: the rule path at once, the parser path chunk by chunk,
cached for the next opening; and the Claims tab showing the parser path's finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_reader.document import Article
from tui_reader.nlp.backends import installed_reference_model
from tui_reader.nlp.claim_cache import ClaimCache, entities_digest
from tui_reader.nlp.claim_cues import ClaimKind
from tui_reader.nlp.claim_parser import ClaimParser, find_claims_parsed
from tui_reader.nlp.claim_updates import ClaimUpdate, apply_update, claim_updates
from tui_reader.nlp.claims import ClaimCandidate, find_claims
from tui_reader.nlp.entities import Entity
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.claims_panel import ClaimList

STORY = """Harbour fares rise

The island council said on Monday that ferry fares would rise by a fifth in May.

“We have no other choice,” said Marta Lindqvist, the council's transport chief.

Islanders were critical of the new timetable, and many fear the harbour will close.

The ferry operator wants a longer contract and said fuel costs had doubled.
"""
SPACY = installed_reference_model()
needs_spacy = pytest.mark.skipif(SPACY is None, reason="spaCy and an English model not installed")


def article() -> Article:
    return Article(text=STORY, name="harbour")


def test_without_a_parser_the_rule_path_is_the_final_update(tmp_path: Path) -> None:
    updates = list(claim_updates(article(), None, None, cache=ClaimCache(tmp_path)))
    assert [(u.path, u.covering, u.final) for u in updates] == [("rules", None, True)]
    assert updates[0].candidates == find_claims(article())


def test_an_update_replaces_the_claims_of_the_text_it_covers() -> None:
    def claim(at: int) -> ClaimCandidate:
        return ClaimCandidate((at, at + 1), (at + 2, at + 3), (at + 4, at + 9), None, 0.5)

    current = [claim(0), claim(20), claim(40), claim(60)]
    chunk = ClaimUpdate([claim(25), claim(30)], (15, 45), "spacy", 0.5, False)
    assert apply_update(current, chunk) == [claim(0), claim(25), claim(30), claim(60)]
    whole = ClaimUpdate([claim(5)], None, "spacy", 1.0, True)
    assert apply_update(current, whole) == [claim(5)]


def test_the_cache_keeps_claims_per_article_version_and_entities(tmp_path: Path) -> None:
    cache = ClaimCache(tmp_path)
    claims = [
        ClaimCandidate((0, 3), (4, 8), (9, 20), (30, 40), 0.9, ClaimKind.BELIEF),
        ClaimCandidate((50, 52), (53, 57), (58, 70), None, 0.75),
    ]
    digest = entities_digest([Entity(0, 3, "PERSON")])
    cache.save("hash", "1/spacy", digest, claims)
    assert cache.load("hash", "1/spacy", digest) == claims
    assert cache.load("hash", "2/spacy", digest) is None
    assert cache.load("hash", "1/spacy", entities_digest(None)) is None
    for path in (tmp_path / "claims").glob("*.json"):
        path.write_bytes(b"{not json")
    assert cache.load("hash", "1/spacy", digest) is None


@needs_spacy
def test_the_parser_path_streams_chunks_then_the_whole_list_cached(tmp_path: Path) -> None:
    assert SPACY is not None
    parser = ClaimParser(SPACY)
    cache = ClaimCache(tmp_path)
    updates = list(claim_updates(article(), None, parser, cache=cache, chunk_characters=80))
    assert updates[0].path == "rules" and not updates[0].final
    chunks = [u for u in updates if u.covering is not None]
    assert len(chunks) >= 3 and all(u.path == "spacy" for u in chunks)
    assert [u.progress for u in chunks] == sorted(u.progress for u in chunks)
    final = updates[-1]
    assert final.final and final.covering is None
    assert final.candidates == find_claims_parsed(article(), None, parser)
    shown: list[ClaimCandidate] = []
    for update in updates[:-1]:
        shown = apply_update(shown, update)
    assert shown == final.candidates  # the chunks add up to the whole
    again = list(claim_updates(article(), None, parser, cache=cache))
    assert [(u.path, u.final) for u in again] == [("rules", False), ("spacy", True)]
    assert again[-1].candidates == final.candidates
    cancelled = list(claim_updates(article(), [], parser, lambda: True, cache))
    assert cancelled == []  # asked between paragraphs, it stops at once


@needs_spacy
async def test_the_claims_tab_shows_what_only_the_parser_finds(tmp_path: Path) -> None:
    path = tmp_path / "harbour.txt"
    path.write_text(STORY, encoding="utf-8")
    store = Store(tmp_path / "db.json")
    app = ReaderApp(store, session=ReadingSession(Article.load(path), store), backend="spacy")
    async with app.run_test(size=(130, 44)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("3")
        claims = pilot.app.screen.query_one(ClaimList)
        kinds = {claim.kind for claim in claims.workbench.suggestions}
        assert {ClaimKind.STATEMENT, ClaimKind.BELIEF, ClaimKind.INTENTION} <= kinds
        cues = {STORY[slice(*claim.cue)] for claim in claims.workbench.suggestions}
        assert "were critical" in cues  # the rule path has no such cue
        prompts = [str(claims.get_option_at_index(i).prompt) for i in range(claims.option_count)]
        assert any(p.startswith(" SUGGESTED  belief ") for p in prompts)
