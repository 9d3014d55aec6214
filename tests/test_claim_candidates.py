"""The constructions a cue's content may be (`claim_spans`), the longer contents the
content model may prefer to the rules' (`claim_learned.decide`), and names hidden from
the features even inside compounds. Paragraphs of our own."""

from __future__ import annotations

import pytest

from tui_reader.nlp.backends import installed_reference_model
from tui_reader.nlp.claim_cues import ClaimKind
from tui_reader.nlp.claim_features import article_names
from tui_reader.nlp.claim_learned import Weighed, decide
from tui_reader.nlp.claim_syntax import Found

SPACY = installed_reference_model()
needs_spacy = pytest.mark.skipif(SPACY is None, reason="spaCy and an English model not installed")


def candidates_of(text: str, cue: str) -> dict[str, str]:
    """Each candidate content of the first word `cue` of `text`: construction -> words."""
    from tui_reader.nlp.claim_features import ParagraphView
    from tui_reader.nlp.claim_parser import ClaimParser
    from tui_reader.nlp.claim_spans import content_candidates

    assert SPACY is not None
    doc = next(iter(ClaimParser(SPACY).parse([text])))
    view = ParagraphView.of(doc, [], article_names(text))
    token = next(t for t in doc if t.text == cue)
    found = {}
    for candidate in content_candidates(token, view):
        for kind in candidate.kind.split("+"):
            found[kind] = text[candidate.span[0] : candidate.span[1]]
    return found


@needs_spacy
def test_a_stance_of_a_copula_and_an_adjective_offers_what_its_preposition_governs() -> None:
    found = candidates_of("The ferry union is critical of the plan to sell the old pier.", "is")
    assert found["complement-prep"] == "the plan to sell the old pier"


@needs_spacy
def test_a_stance_with_a_clause_offers_the_clause() -> None:
    found = candidates_of("The harbour master is confident that the dredging will end soon.", "is")
    assert found["complement-clause"] == "that the dredging will end soon"


@needs_spacy
def test_a_content_may_run_over_the_following_sentences_of_its_paragraph() -> None:
    text = (
        "The skipper said: The nets were empty all week. Nobody can live on that. "
        "We will sail south."
    )
    found = candidates_of(text, "said")
    assert found["next-sentence"] == "The nets were empty all week. Nobody can live on that"
    assert found["paragraph-rest"] == (
        "The nets were empty all week. Nobody can live on that. We will sail south"
    )


@needs_spacy
def test_the_last_sentence_of_a_paragraph_offers_no_later_sentences() -> None:
    found = candidates_of("The warden said the gate stays shut.", "said")
    assert "next-sentence" not in found and "paragraph-rest" not in found


def _found(cue: tuple[int, int], content: tuple[int, int]) -> Found:
    return Found((0, 0), cue, content, ClaimKind.STATEMENT, 0.8)


def test_a_longer_content_the_model_prefers_replaces_the_rules_one() -> None:
    rule = _found((10, 14), (15, 30))
    weighed = Weighed([(rule, 0.9)], [], {id(rule): (15, 60)})
    assert [f.content for f in decide(weighed, 0.1, 0.6)] == [(15, 60)]


def test_a_longer_content_never_takes_in_another_attribution() -> None:
    first, second = _found((10, 14), (15, 30)), _found((45, 49), (50, 70))
    weighed = Weighed([(first, 0.9), (second, 0.9)], [], {id(first): (15, 60)})
    assert [f.content for f in decide(weighed, 0.1, 0.6)] == [(15, 30), (50, 70)]


def test_a_name_stays_a_name_when_the_article_also_writes_it_inside_a_compound() -> None:
    text = (
        "Brenner spoke at the quay. The anti-brenner vote grew; see "
        "example.org/a-brenner-rally-in-town for the photographs."
    )
    assert "brenner" in article_names(text)
    assert "brenner" not in article_names(text + " Prices will brenner the rest.")


@needs_spacy
def test_a_name_inside_a_compound_is_hidden_from_the_features() -> None:
    from tui_reader.nlp.claim_features import ParagraphView, word_of
    from tui_reader.nlp.claim_parser import ClaimParser

    assert SPACY is not None
    text = "Brenner lost. Anti-Brenner voters cheered, and anti-brenner posters went up."
    doc = next(iter(ClaimParser(SPACY).parse([text])))
    view = ParagraphView.of(doc, [], article_names(text))
    words = [word_of(token, view) for token in doc]
    assert not any("brenner" in word for word in words), words


@needs_spacy
def test_a_compound_kept_whole_has_its_name_part_hidden() -> None:
    from spacy.tokens import Doc

    from tui_reader.nlp.claim_features import ParagraphView, word_of
    from tui_reader.nlp.claim_parser import ClaimParser

    assert SPACY is not None
    vocab = ClaimParser(SPACY).load().vocab
    doc = Doc(vocab, words=["anti-Brenner", "voters", "of", "2016-style", "rallies"])
    view = ParagraphView.of(doc, [], frozenset({"brenner"}))
    assert [word_of(token, view) for token in doc] == [
        "anti-<NAME>",
        "voters",
        "of",
        "<NUM>-style",
        "rallies",
    ]


@needs_spacy
def test_the_shipped_finder_takes_the_longer_content_the_rules_cut_short() -> None:
    from tui_reader.document import Article
    from tui_reader.nlp.claim_parser import ClaimParser, find_claims_parsed, rules_reader
    from tui_reader.nlp.claims import ClaimCandidate

    assert SPACY is not None
    text = "A survey of dock workers shows the harbour board with a narrow lead over the council."
    article = Article.from_bytes(text.encode(), "survey")
    parser = ClaimParser(SPACY)

    def contents(found: list[ClaimCandidate]) -> list[str]:
        return [text[c.content[0] : c.content[1]] for c in found]

    assert contents(find_claims_parsed(article, None, parser, rules_reader)) == [
        "the harbour board"
    ]
    assert contents(find_claims_parsed(article, None, parser)) == [
        "the harbour board with a narrow lead over the council"
    ]


@needs_spacy
def test_a_quoted_sentence_ends_its_content_at_the_closing_mark() -> None:
    from tui_reader.document import Article
    from tui_reader.nlp.claim_parser import ClaimParser, find_claims_parsed

    assert SPACY is not None
    text = (
        'The warden said "the quay is old and the harbour needs money" at a meeting '
        "on Tuesday with the ferrymen.\n\nThe clerk said “the levy” is too high."
    )
    claims = find_claims_parsed(Article.from_bytes(text.encode(), "t.txt"), [], ClaimParser(SPACY))
    contents = [text[c.content[0] : c.content[1]] for c in claims]
    assert "the quay is old and the harbour needs money" in contents
    # A quoted phrase inside the writer's clause is not what was said by itself.
    assert "the levy" not in contents
