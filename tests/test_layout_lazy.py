"""A lazy layout, wrapped in steps as rows are asked for, gives exactly the eager rows."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.ui.layout import WrappedLayout

TEXTS = st.text(alphabet=st.sampled_from("ab cé\n\r\t-東😀\u0301"), max_size=300)


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.integers(min_value=2, max_value=30), st.booleans(), st.integers(1, 40))
def test_rows_do_not_depend_on_the_steps(text: str, width: int, gap: bool, step: int) -> None:
    eager = WrappedLayout(text, width, paragraph_gap=gap)
    lazy = WrappedLayout(text, width, paragraph_gap=gap, lazy=True)
    while not lazy.wrap_more(step):
        assert lazy.row_count >= 1
    assert list(lazy.rows) == list(eager.rows)
    assert lazy.row_count == eager.row_count


@settings(max_examples=100, deadline=None)
@given(TEXTS, st.integers(min_value=2, max_value=30), st.data())
def test_questions_wrap_as_far_as_they_need(text: str, width: int, data: st.DataObject) -> None:
    eager = WrappedLayout(text, width, paragraph_gap=True)
    offset = data.draw(st.integers(0, len(text)))
    row = data.draw(st.integers(0, eager.row_count + 2))
    lazy = WrappedLayout(text, width, paragraph_gap=True, lazy=True)
    assert lazy.row_of(offset) == eager.row_of(offset)
    assert lazy.has_row(row) == (row < eager.row_count)
    if row < eager.row_count:
        assert lazy.row_span(row) == eager.row_span(row)
        assert lazy.is_spacer(row) == eager.is_spacer(row)
        assert lazy.offset_at(row, 3) == eager.offset_at(row, 3)


def test_a_long_text_is_wrapped_only_as_far_as_asked() -> None:
    text = "A line of words that wraps. " * 40_000 + "\n"
    text = text * 4
    layout = WrappedLayout(text, 60, lazy=True)
    assert not layout.complete
    assert layout.row_span(0) == (0, 58)  # two sentences and "A ", with its space
    estimate = layout.row_count
    assert not layout.complete
    assert layout.row_of(len(text)) == layout.row_count - 1
    assert layout.complete
    assert abs(estimate - layout.row_count) / layout.row_count < 0.01
