"""The kinds of attribution real news writes that the finder once missed, one sentence of
our own for each, on both paths: the rules always, spaCy's parser where it is installed."""

from __future__ import annotations

import pytest

from tui_reader.document import Article
from tui_reader.nlp.backends import installed_reference_model
from tui_reader.nlp.claim_cues import ClaimKind
from tui_reader.nlp.claim_parser import ClaimParser, find_claims_parsed
from tui_reader.nlp.claims import ClaimCandidate, find_claims
from tui_reader.nlp.entities import recognize_article
from tui_reader.nlp.rules import RuleRecognizer

# (sentence, source as written, its resolved name or None, cue, content)
Expected = tuple[str, str, str | None, str, str]

QUOTE_FIRST: list[Expected] = [
    (
        "“The pier will be rebuilt,” the harbour master said on Friday.",
        "the harbour master",
        None,
        "said",
        "The pier will be rebuilt",
    ),
    (
        "“The ferry is perfectly safe,” the operator said sarcastically.",
        "the operator",
        None,
        "said",
        "The ferry is perfectly safe",
    ),
    (
        "“Nothing was decided,” the councillor said after the meeting.",
        "the councillor",
        None,
        "said",
        "Nothing was decided",
    ),
]
APPOSITIONS: list[Expected] = [
    (
        "Sen. Jane Roe (D-Ore.) said the ferry subsidy would end in June.",
        "Sen. Jane Roe (D-Ore.)",
        None,
        "said",
        "the ferry subsidy would end in June",
    ),
    (
        "Tom Berg, a fisherman from the north shore, said the harbour was silting up.",
        "Tom Berg, a fisherman from the north shore",
        None,
        "said",
        "the harbour was silting up",
    ),
    (
        "The fares were raised by the operator, which said fuel costs had doubled.",
        "which",
        "the operator",
        "said",
        "fuel costs had doubled",
    ),
]
QUOTATION_MARKS: list[Expected] = [
    (
        "''The pier will not be ready,'' the engineer said.",
        "the engineer",
        None,
        "said",
        "The pier will not be ready",
    ),
    (
        "«The port will stay open», the mayor said.",
        "the mayor",
        None,
        "said",
        "The port will stay open",
    ),
    ("„The ferry runs on,“ said the captain.", "the captain", None, "said", "The ferry runs on"),
    ("‘We expected more,’ the skipper said.", "the skipper", None, "said", "We expected more"),
]
OTHER_CUES: list[Expected] = [
    (
        "The new ferry, the mayor said, will carry two hundred passengers.",
        "the mayor",
        None,
        "said",
        "The new ferry, the mayor said, will carry two hundred passengers",
    ),
    (
        "BERG: We will not leave the harbour without a fight.",
        "BERG",
        None,
        ":",
        "We will not leave the harbour without a fight.",
    ),
    (
        "Ferry Fares Will Rise in May, Council Says",
        "Council",
        None,
        "Says",
        "Ferry Fares Will Rise in May",
    ),
]
RULES_CASES = QUOTE_FIRST + APPOSITIONS + QUOTATION_MARKS + OTHER_CUES


def claims(text: str, finder: str) -> list[ClaimCandidate]:
    """The claims of one path, given the built-in recogniser's entities as the reader does."""
    article = Article(text=text, name="test")
    entities = recognize_article(RuleRecognizer(), article)
    if finder == "rules":
        return find_claims(article, entities)
    assert PARSER is not None
    return find_claims_parsed(article, entities, PARSER)


def described(text: str, claim: ClaimCandidate) -> Expected:
    resolved = text[slice(*claim.resolved)] if claim.resolved else None
    return (
        text,
        text[slice(*claim.source)],
        resolved,
        text[slice(*claim.cue)],
        text[slice(*claim.content)],
    )


@pytest.mark.parametrize("case", RULES_CASES, ids=lambda case: case[0][:40])
def test_rule_path(case: Expected) -> None:
    text = case[0]
    assert [described(text, c) for c in claims(text, "rules")] == [case]


def test_rule_path_tells_beliefs_from_statements() -> None:
    text = "Farmers believe the drought will last until autumn."
    (claim,) = claims(text, "rules")
    assert claim.kind is ClaimKind.BELIEF
    assert text[slice(*claim.content)] == "the drought will last until autumn"


SPACY = installed_reference_model()
needs_spacy = pytest.mark.skipif(SPACY is None, reason="spaCy and an English model not installed")
PARSER = ClaimParser(SPACY) if SPACY else None

PARSER_CASES: list[Expected] = [
    *RULES_CASES,
    (
        "Sen. Jane Roe (D-Ore.) told reporters the ferry subsidy would end in June.",
        "Sen. Jane Roe (D-Ore.)",
        "Jane Roe",
        "told",
        "the ferry subsidy would end in June",
    ),
    (
        "The council issued a statement saying the bridge would close for a week.",
        "The council",
        None,
        "saying",
        "the bridge would close for a week",
    ),
    (
        "The union's claim that wages had fallen was never answered.",
        "The union's",
        None,
        "claim",
        "wages had fallen",
    ),
]


@needs_spacy
@pytest.mark.parametrize("case", PARSER_CASES, ids=lambda case: case[0][:40])
def test_parser_path(case: Expected) -> None:
    text = case[0]
    found = [described(text, c) for c in claims(text, "spacy")]
    # The parser names people in full where it can; compare the rest as written.
    if case[2] is None:
        found = [(t, s, None, c, x) for t, s, _, c, x in found]
    assert found == [case]


@needs_spacy
@pytest.mark.parametrize(
    ("text", "kind", "content"),
    [
        (
            "Farmers believe the drought will last until autumn.",
            ClaimKind.BELIEF,
            "the drought will last until autumn",
        ),
        (
            "The council plans to raise fares next year.",
            ClaimKind.INTENTION,
            "to raise fares next year",
        ),
        ("The operator wants a longer contract.", ClaimKind.INTENTION, "a longer contract"),
        ("Islanders were critical of the new timetable.", ClaimKind.BELIEF, "the new timetable"),
    ],
)
def test_parser_path_finds_beliefs_and_intentions(text: str, kind: ClaimKind, content: str) -> None:
    (claim,) = claims(text, "spacy")
    assert (claim.kind, text[slice(*claim.content)]) == (kind, content)


@needs_spacy
def test_parser_path_keeps_a_claim_without_a_source_with_an_empty_one() -> None:
    text = "The bridge is expected to reopen in May."
    (claim,) = claims(text, "spacy")
    assert claim.source[0] == claim.source[1] == claim.cue[0]
    assert claim.source_text(text) == ""
    assert text[slice(*claim.content)] == "The bridge is expected to reopen in May"


@needs_spacy
@pytest.mark.parametrize(
    "text",
    [
        "Under the new rules, state inspectors check every boat.",
        "The questions about the budget remain unanswered.",
        "The ministry did not say how many boats were lost.",
        "The report was printed on Tuesday.",
    ],
)
def test_parser_path_reads_nouns_as_nouns_and_skips_non_claims(text: str) -> None:
    assert claims(text, "spacy") == []


@needs_spacy
def test_parser_path_resolves_sources_to_their_best_name() -> None:
    text = (
        "Marta Lindqvist, the council's transport chief, opened the meeting.\n\n"
        "Lindqvist said fares would rise. She added that the ferry would run daily."
    )
    found = [(text[slice(*c.source)], c.source_text(text)) for c in claims(text, "spacy")]
    assert found == [("Lindqvist", "Marta Lindqvist"), ("She", "Marta Lindqvist")]
