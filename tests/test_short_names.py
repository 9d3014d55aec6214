"""The short name of a claim's source, on text written for these tests."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui_reader.nlp.entities import Entity
from tui_reader.nlp.short_names import (
    _DEFINITIONS,
    MAX_LENGTH,
    _definition_matches,
    short_source_name,
)

HARBOUR = (
    "PORT ELLIN – The ferry operators' association, known as the Coastal Ferry Alliance or "
    "CFA, said fares would rise. The Harbour Workers Union (HWU) disputed the figure, and "
    "councillor Tomas Berg said the city council had not been told. LRB, its acronym in "
    "Danish, is the regional port board."
)


def entity(text: str, passage: str, label: str) -> Entity:
    start = text.index(passage)
    return Entity(start, start + len(passage), label)


ENTITIES = [
    entity(HARBOUR, "Tomas Berg", "PERSON"),
    entity(HARBOUR, "city council", "ORG"),
    entity(HARBOUR, "Harbour Workers Union", "ORG"),
]


def short(source: str) -> str:
    return short_source_name(source, HARBOUR, ENTITIES)


def test_an_acronym_the_article_defines_with_or() -> None:
    source = "The ferry operators' association, known as the Coastal Ferry Alliance or CFA"
    assert short(source) == "CFA"


def test_the_long_form_of_an_acronym_in_parentheses() -> None:
    assert short("the Harbour Workers Union") == "HWU"


def test_an_acronym_the_article_calls_one() -> None:
    assert short("LRB") == "LRB"


def test_the_person_a_source_ends_with() -> None:
    assert short("councillor Tomas Berg") == "Tomas Berg"


def test_an_entity_without_its_article() -> None:
    assert short("the city council") == "city council"


def test_a_description_cut_before_its_clause() -> None:
    source = "The spokeswoman who had handled the talks since the spring of last year"
    assert short(source) == "spokeswoman"


def test_a_long_description_cut_between_words() -> None:
    source = "an unusually large and well organised group of retired harbour pilots"
    name = short(source)
    assert name == "unusually large and well…"
    assert len(name) <= MAX_LENGTH


def test_capitals_that_are_not_a_defined_acronym_stay_words() -> None:
    assert short("the NEW owners") == "NEW owners"


def test_empty_and_white_space_sources() -> None:
    assert short("") == "" and short(" \n ") == ""


@given(st.text(max_size=200))
def test_any_source_gives_a_short_name_from_its_words(source: str) -> None:
    name = short_source_name(source, HARBOUR + source, [])
    assert len(name) <= MAX_LENGTH
    assert "\n" not in name
    assert name.removesuffix("…") in " ".join(source.split())


DEFINITION_WORDS = st.sampled_from(
    [
        "Harbour",
        "Workers",
        "Union",
        "of",
        "the",
        "and",
        "or",
        "for",
        "said",
        "xFoo",
        "U.S.",
        "(HWU)",
        "( HWU )",
        "HWU",
        "CSP",
        "CSPX12345",
        "Door",
        "(",
        ")",
        ",",
        "Alliance,",
        "known",
        "as",
        "\n",
        "  ",
        "É",
        "Bar(FB)",
        "AB&",
        "ABCDEFG&",
        "A1",
        "the",
        "(Ab)",
        "O'Neill",
        "&",
    ]
)


@given(st.lists(DEFINITION_WORDS, max_size=60), st.lists(st.sampled_from([" ", "", "\n"])))
def test_the_definitions_found_from_their_endings_are_those_of_the_whole_pattern(
    words: list[str], separators: list[str]
) -> None:
    """The fast search (`_definition_matches`) gives what the pattern tried at every
    capital gives, on texts made of the words definitions are made of and around them."""
    text = "".join(
        word + (separators[index] if index < len(separators) else " ")
        for index, word in enumerate(words)
    )
    expected = [(m.span(), m.group()) for m in _DEFINITIONS.finditer(text)]
    assert [(m.span(), m.group()) for m in _definition_matches(text)] == expected
