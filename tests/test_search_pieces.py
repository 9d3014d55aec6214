"""Searching every match piece by piece finds exactly what one `finditer` finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.display import displayable_cells
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


# Controls and what looks like their pictures, BiDi controls, a lone surrogate, tabs.
SHOWN = st.sampled_from("ab A\t\x1b\x07\x00\x7f\x85\u202e\ud800\ufffd␛⇥[")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=SHOWN, min_size=1, max_size=60), st.data())
def test_what_the_reader_shows_finds_the_text_shown_so(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    end = data.draw(st.integers(min_value=start + 1, max_value=len(text)))
    seen = displayable_cells(text)[start:end]  # what the screen shows there
    found = smart_case_pattern(seen).match(text, start)
    assert found is not None and found.end() == end
    # Typed as they are, the characters find themselves (plain search is unchanged).
    assert smart_case_pattern(text[start:end]).match(text, start) is not None


def test_a_picture_finds_its_control_and_itself_and_nothing_else() -> None:
    text = "red \x1b[31m, a bell \x07, a drawn ␛ and a tab\there"
    assert [m.group() for m in smart_case_pattern("␛").finditer(text)] == ["\x1b", "␛"]
    assert smart_case_matches("␇", text) == [(text.index("\x07"), text.index("\x07") + 1)]
    assert smart_case_matches("tab⇥h", text) == [(text.index("tab\t"), text.index("tab\t") + 5)]
    assert smart_case_matches("[31m", text) == [(5, 9)]  # brackets are literal
    assert smart_case_matches("␛[", "\x1b(") == []
