"""A lazy layout wraps chunks wherever it is asked about, estimates the rest, and once
every chunk is wrapped it holds exactly the eager rows."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.ui.layout import WrappedLayout

TEXTS = st.text(alphabet=st.sampled_from("ab cé\n\r\t-東😀\u0301"), max_size=300)
WIDTHS = st.integers(min_value=2, max_value=30)
CHUNKS = st.integers(min_value=1, max_value=60)
"""Characters per chunk: small, so that a short text has many chunks."""


def lazy_layout(text: str, width: int, gap: bool, chunk: int) -> WrappedLayout:
    return WrappedLayout(text, width, paragraph_gap=gap, lazy=True, chunk_chars=chunk)


def ask(layout: WrappedLayout, question: tuple[str, int, int]) -> None:
    """Ask the layout one question of the kind the view asks (each may wrap a chunk)."""
    kind, first, second = question
    if kind == "offset":
        layout.row_of(min(first, len(layout.text)))
    elif kind == "row":
        if layout.has_row(first):
            layout.row_span(first)
            layout.is_spacer(first)
    elif kind == "screen":
        layout.wrap_rows(first, first + second)
    else:
        layout.wrap_more(second + 1)


QUESTIONS = st.lists(
    st.tuples(
        st.sampled_from(["offset", "row", "screen", "background"]),
        st.integers(0, 320),
        st.integers(0, 40),
    ),
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(TEXTS, WIDTHS, st.booleans(), st.integers(1, 40))
def test_rows_do_not_depend_on_the_steps(text: str, width: int, gap: bool, step: int) -> None:
    eager = WrappedLayout(text, width, paragraph_gap=gap)
    lazy = WrappedLayout(text, width, paragraph_gap=gap, lazy=True)
    while not lazy.wrap_more(step):
        assert lazy.row_count >= 1
    assert list(lazy.rows) == list(eager.rows)
    assert lazy.row_count == eager.row_count


@settings(max_examples=300, deadline=None)
@given(TEXTS, WIDTHS, st.booleans(), CHUNKS, QUESTIONS)
def test_once_every_chunk_is_wrapped_the_rows_are_the_eager_ones(
    text: str,
    width: int,
    gap: bool,
    chunk: int,
    questions: list[tuple[str, int, int]],
) -> None:
    eager = WrappedLayout(text, width, paragraph_gap=gap)
    lazy = lazy_layout(text, width, gap, chunk)
    for question in questions:
        ask(lazy, question)
        assert lazy.row_count >= 1
    lazy.wrap_more(len(text) + 1)
    assert lazy.complete
    assert list(lazy.rows) == list(eager.rows)
    assert lazy.row_count == eager.row_count
    for offset in range(0, len(text) + 1, 7):
        assert lazy.row_of(offset) == eager.row_of(offset)


@settings(max_examples=300, deadline=None)
@given(TEXTS, WIDTHS, st.booleans(), CHUNKS, QUESTIONS, st.data())
def test_offset_row_offset_round_trips_before_the_layout_is_complete(
    text: str,
    width: int,
    gap: bool,
    chunk: int,
    questions: list[tuple[str, int, int]],
    data: st.DataObject,
) -> None:
    eager = WrappedLayout(text, width, paragraph_gap=gap)
    lazy = lazy_layout(text, width, gap, chunk)
    for question in questions:
        ask(lazy, question)
    offset = data.draw(st.integers(0, len(text)))
    row = lazy.row_of(offset)
    start, end = lazy.row_start(row), lazy.next_row_start(row)
    assert start <= offset <= end
    assert offset < end or offset == len(text)
    assert not lazy.is_spacer(row)
    assert lazy.row_of(start) == row
    # The row found holds what the eager layout's row holds.
    assert (start, end) == (
        eager.row_start(eager.row_of(offset)),
        eager.next_row_start(eager.row_of(offset)),
    )
    assert lazy.column_of(offset) == eager.column_of(offset)
    assert lazy.offset_at(row, 3) == eager.offset_at(eager.row_of(offset), 3)


@settings(max_examples=300, deadline=None)
@given(TEXTS, WIDTHS, st.booleans(), CHUNKS, QUESTIONS, QUESTIONS, st.data())
def test_an_anchor_finds_its_row_again_after_other_chunks_are_wrapped(
    text: str,
    width: int,
    gap: bool,
    chunk: int,
    before: list[tuple[str, int, int]],
    after: list[tuple[str, int, int]],
    data: st.DataObject,
) -> None:
    lazy = lazy_layout(text, width, gap, chunk)
    for question in before:
        ask(lazy, question)
    row = data.draw(st.integers(0, lazy.row_count - 1))
    if not lazy.has_row(row):
        return  # past the end once its chunk was wrapped
    shown = (lazy.row_span(row), lazy.is_spacer(row))
    anchor = lazy.anchor_of(row)
    for question in after:
        ask(lazy, question)
    again = lazy.row_of_anchor(anchor)
    assert (lazy.row_span(again), lazy.is_spacer(again)) == shown


@settings(max_examples=200, deadline=None)
@given(TEXTS, WIDTHS, st.booleans(), CHUNKS, st.data())
def test_wrapping_further_on_does_not_renumber_the_rows_before(
    text: str, width: int, gap: bool, chunk: int, data: st.DataObject
) -> None:
    lazy = lazy_layout(text, width, gap, chunk)
    offset = data.draw(st.integers(0, len(text)))
    row = lazy.row_of(offset)
    generation = lazy.generation
    lazy.row_of(data.draw(st.integers(offset, len(text))))
    lazy.wrap_rows(row, row + data.draw(st.integers(0, 50)))
    assert lazy.row_of(offset) == row
    if lazy.generation != generation:
        assert not lazy.complete or lazy.row_count >= row


def test_a_jump_to_the_end_wraps_the_end_only() -> None:
    paragraph = "A sentence of words that wraps. " * 12
    text = "\n\n".join([paragraph] * 10_000) + "\n"  # 3.9 MB
    layout = WrappedLayout(text, 60, lazy=True)
    assert not layout.complete
    assert (
        text[slice(*layout.row_span(0))]
        == "A sentence of words that wraps. A sentence of words that "
    )
    estimate = layout.row_count
    last = layout.row_of(len(text))
    assert last == layout.row_count - 1
    assert not layout.complete  # the middle is still an estimate
    assert layout.row_span(last) == (len(text), len(text))  # the empty line after the last "\n"
    layout.wrap_more(len(text))
    assert layout.complete
    assert abs(estimate - layout.row_count) / layout.row_count < 0.01


def test_a_line_longer_than_a_chunk_is_one_chunk() -> None:
    text = "word " * 100_000 + "\nend\n"
    layout = WrappedLayout(text, 40, lazy=True, chunk_chars=1000)
    assert layout.row_of(len(text) - 2) == layout.row_count - 2
    assert layout.complete
    assert list(layout.rows) == list(WrappedLayout(text, 40).rows)


@settings(max_examples=300, deadline=None)
@given(TEXTS, WIDTHS, st.booleans(), CHUNKS, QUESTIONS, st.data())
def test_rows_around_an_offset_are_real_rows_once_wrapped_around_it(
    text: str,
    width: int,
    gap: bool,
    chunk: int,
    questions: list[tuple[str, int, int]],
    data: st.DataObject,
) -> None:
    eager = WrappedLayout(text, width, paragraph_gap=gap)
    lazy = lazy_layout(text, width, gap, chunk)
    for question in questions:
        ask(lazy, question)
    offset = data.draw(st.integers(0, len(text)))
    before, after = data.draw(st.integers(0, 20)), data.draw(st.integers(0, 20))
    lazy.wrap_around(offset, before, after)
    generation = lazy.generation
    row, eager_row = lazy.row_of(offset), eager.row_of(offset)
    for step in range(-before, after + 1):
        if 0 <= eager_row + step < eager.row_count:
            assert lazy.row_span(row + step) == eager.row_span(eager_row + step)
    assert lazy.generation == generation  # nothing was renumbered on the way
