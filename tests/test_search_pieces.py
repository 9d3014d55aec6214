"""Searching every match piece by piece finds exactly what one `finditer` finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.document import smart_case_matches, smart_case_pattern
from tui_reader.ui.search_bar import first_match_after

# Letters in both cases, ones whose case folds to another letter (ſ, K, ß), repeats.
ALPHABET = st.sampled_from("aAbB sſSKkK\u212aßé\n.")


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=ALPHABET, max_size=120),
    st.text(alphabet=ALPHABET, min_size=1, max_size=5),
    st.integers(min_value=1, max_value=25),
)
def test_pieces_find_what_one_search_finds(text: str, query: str, piece: int) -> None:
    expected = [match.span() for match in smart_case_pattern(query).finditer(text)]
    assert smart_case_matches(query, text, piece) == expected


def test_a_match_across_two_pieces_is_found_once() -> None:
    text = "x" * 9 + "quillan point" + "x" * 9
    assert smart_case_matches("quillan point", text, piece=10) == [(9, 22)]
    assert smart_case_matches("aa", "aaaaa", piece=2) == [(0, 2), (2, 4)]


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=ALPHABET, max_size=120),
    st.text(alphabet=ALPHABET, min_size=1, max_size=5),
    st.integers(min_value=0, max_value=125),
    st.integers(min_value=1, max_value=25),
)
def test_the_first_match_after_a_place_is_what_one_search_finds(
    text: str, query: str, start: int, piece: int
) -> None:
    pattern = smart_case_pattern(query)
    expected = pattern.search(text, start) or pattern.search(text)
    found = first_match_after(query, text, start, piece)
    assert found == (None if expected is None else expected.span())
