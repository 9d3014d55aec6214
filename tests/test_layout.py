"""Soft wrapping: rows cover the text exactly, fit the width, and map both ways."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tui_reader.ui.layout import WrappedLayout


def rows_of(layout: WrappedLayout) -> list[str]:
    return [layout.text[slice(*layout.row_span(row))] for row in range(layout.row_count)]


def check_layout(text: str, width: int) -> None:
    layout = WrappedLayout(text, width)
    rows = layout.rows
    assert rows[0] == 0
    assert list(rows) == sorted(rows)
    for row, shown in enumerate(rows_of(layout)):
        # Trailing spaces may hang past the edge; the visible text must fit.
        assert cell_len(shown.rstrip()) <= width, (row, shown)
    # Every character belongs to exactly one row, in order.
    assert "".join(text[rows[i] : layout.next_row_start(i)] for i in range(len(rows))) == text
    for offset in range(len(text) + 1):
        row = layout.row_of(offset)
        assert rows[row] <= offset


@pytest.mark.parametrize("width", [1, 5, 12, 40])
def test_examples(width: int) -> None:
    for text in ["", "a", "abc\n", "a\n\nb\r\nc", "word " * 30, "x" * 100, "\n\n\n"]:
        check_layout(text, width)


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab cé\n\r\t-東😀\u0301"), max_size=200),
    st.integers(min_value=2, max_value=30),
)
def test_any_text_any_width(text: str, width: int) -> None:
    check_layout(text, width)


def test_words_are_not_broken_when_they_fit() -> None:
    layout = WrappedLayout("the quick brown fox jumps over", 11)
    assert [row.rstrip() for row in rows_of(layout)] == ["the quick", "brown fox", "jumps over"]


def test_wide_characters_take_two_cells() -> None:
    layout = WrappedLayout("東京の市長は月曜日に", 6)
    assert rows_of(layout) == ["東京の", "市長は", "月曜日", "に"]
    assert layout.column_of(4) == 2
    assert layout.offset_at(1, 2) == 4


def test_empty_last_line_is_a_row() -> None:
    layout = WrappedLayout("one\ntwo\n", 10)
    assert rows_of(layout) == ["one", "two", ""]
    assert layout.row_of(len("one\ntwo\n")) == 2


def test_paragraph_gap_adds_spacers_that_no_offset_maps_to() -> None:
    text = "First line.\nSecond line.\n\nAfter a blank.\n"
    layout = WrappedLayout(text, 40, paragraph_gap=True)
    assert rows_of(layout) == ["First line.", "", "Second line.", "", "After a blank.", ""]
    assert layout.is_spacer(1)
    assert not layout.is_spacer(3)  # a real blank line
    assert {layout.row_of(offset) for offset in range(len(text) + 1)} == {0, 2, 3, 4, 5}


def test_offset_at_clamps_to_the_row() -> None:
    layout = WrappedLayout("short\nlonger line here", 40)
    assert layout.offset_at(0, 30) == 5
    assert layout.offset_at(1, 3) == 9
    assert layout.offset_at(99, 0) == 6


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab \t\t\n-é"), max_size=120),
    st.integers(min_value=2, max_value=20),
)
def test_a_tab_is_one_shown_cell_and_offsets_map_both_ways(text: str, width: int) -> None:
    from tui_reader.display import TAB_SHOWN, displayable_cells

    layout = WrappedLayout(text, width)
    for row in range(layout.row_count):
        start, end = layout.row_span(row)
        shown = displayable_cells(text[start:end])
        assert shown.count(TAB_SHOWN) == text[start:end].count("\t")
        # As the view shows it (a tab is ⇥, not white space that may hang): it fits.
        assert cell_len(shown.rstrip()) <= width, (row, shown)
        for offset in range(start, end):
            column = layout.column_of(offset)
            assert column == offset - start
            assert layout.offset_at(row, column) == offset
