"""Property-based tests: edits around a passage, and line-ending conversion, never move
an annotation off its words.

Texts are built from a seed (Hypothesis draws the seed), so they read like
prose made of a fixed vocabulary instead of shrinking to "aaaa", where no
passage could be told from its neighbours. Edits are drawn by Hypothesis.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tui_reader.anchoring import locate, reanchor, selectors_for
from tui_reader.model import Kind, make_annotation


def prose(seed: int, vocabulary_size: int, words: int, line_end: str = "\n") -> str:
    """Sentences of words from a seeded vocabulary, in lines and paragraphs."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = [
        "".join(rng.choice(letters) for _ in range(rng.randint(2, 8)))
        for _ in range(vocabulary_size)
    ]
    pieces = []
    for index in range(words):
        word = rng.choice(vocabulary)
        pieces.append(word.capitalize() if index % 9 == 0 else word)
        if index % 9 == 8:
            pieces.append("." + (line_end * rng.choice((1, 2)) if rng.random() < 0.4 else " "))
        else:
            pieces.append(" ")
    return "".join(pieces).strip()


def word_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], None
    for index, character in enumerate(text + " "):
        if character.isalpha() and start is None:
            start = index
        elif not character.isalpha() and start is not None:
            spans.append((start, index))
            start = None
    return spans


@dataclass
class Tracked:
    """A text under edit and the zone [low, high) no edit may touch, which holds the passage."""

    text: str
    low: int
    high: int
    start: int
    end: int

    def insert(self, fraction: float, content: str) -> None:
        places = (self.low + 1) + (len(self.text) - self.high + 1)
        choice = min(places - 1, int(fraction * places))
        at = choice if choice <= self.low else self.high + choice - (self.low + 1)
        self.text = self.text[:at] + content + self.text[at:]
        if at <= self.low:
            self._shift(len(content))

    def delete(self, fraction: float, length: int) -> None:
        before, after = self.low, len(self.text) - self.high
        if before + after == 0:
            return
        offset = min(before + after - 1, int(fraction * (before + after)))
        if offset < before:
            length = min(length, before - offset)
            self.text = self.text[:offset] + self.text[offset + length :]
            self._shift(-length)
        else:
            at = self.high + offset - before
            self.text = self.text[:at] + self.text[at + length :]

    def _shift(self, amount: int) -> None:
        self.low += amount
        self.high += amount
        self.start += amount
        self.end += amount


edits = st.lists(
    st.tuples(
        st.sampled_from(("insert", "delete")),
        st.floats(min_value=0, max_value=1),
        st.integers(min_value=1, max_value=40),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz .,\n", min_size=1, max_size=40),
    ),
    min_size=1,
    max_size=12,
)


def apply_edits(tracked: Tracked, drawn: list[tuple[str, float, int, str]]) -> None:
    for kind, fraction, length, content in drawn:
        if kind == "insert":
            tracked.insert(fraction, content)
        else:
            tracked.delete(fraction, length)


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 2**32), where=st.floats(0, 1), drawn=edits)
def test_edits_outside_a_passage_never_move_it(seed: int, where: float, drawn: list) -> None:
    """A sentence-length passage: edits anywhere outside it, even right next to it."""
    text = prose(seed, vocabulary_size=300, words=300)
    spans = word_spans(text)
    first = min(len(spans) - 1, int(where * len(spans)))
    last = first
    while last + 1 < len(spans) and spans[last][1] - spans[first][0] < 32:
        last += 1
    start, end = spans[first][0], spans[last][1]
    assume(end - start >= 32)
    _, quote = selectors_for(text, start, end)

    tracked = Tracked(text, start, end, start, end)
    apply_edits(tracked, drawn)

    found = locate(tracked.text, quote.exact, quote.prefix, quote.suffix, hint=start)
    assert found == (tracked.start, tracked.end)


@settings(max_examples=150, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    where=st.floats(0, 1),
    words=st.integers(1, 2),
    drawn=edits,
    with_hint=st.booleans(),
)
def test_short_repeated_quotes_stay_on_their_words(
    seed: int, where: float, words: int, drawn: list, with_hint: bool
) -> None:
    """One or two words from a small vocabulary (so they recur many times): edits
    anywhere outside the passage and its remembered context."""
    text = prose(seed, vocabulary_size=25, words=250)
    spans = word_spans(text)
    first = min(len(spans) - words, int(where * (len(spans) - words + 1)))
    start, end = spans[first][0], spans[first + words - 1][1]
    _, quote = selectors_for(text, start, end)
    assume(text.count(quote.exact) > 1)

    low, high = start - len(quote.prefix), end + len(quote.suffix)
    tracked = Tracked(text, low, high, start, end)
    apply_edits(tracked, drawn)
    assume(tracked.text.count(quote.prefix + quote.exact + quote.suffix) == 1)

    hint = start if with_hint else None
    found = locate(tracked.text, quote.exact, quote.prefix, quote.suffix, hint=hint)
    assert found == (tracked.start, tracked.end)


@settings(max_examples=100, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    picks=st.lists(st.tuples(st.floats(0, 1), st.integers(1, 6)), min_size=1, max_size=8),
    to_lf=st.booleans(),
)
def test_line_ending_conversion_keeps_every_annotation_on_its_words(
    seed: int, picks: list[tuple[float, int]], to_lf: bool
) -> None:
    """CRLF to LF, or LF to CRLF, over the whole file: every annotation, short or long
    and even across line ends, lands on the same words."""
    original = prose(seed, vocabulary_size=60, words=250, line_end="\r\n" if to_lf else "\n")
    converted = original.replace("\r\n", "\n") if to_lf else original.replace("\n", "\r\n")
    spans = word_spans(original)
    annotations = []
    for where, words in picks:
        first = min(len(spans) - 1, int(where * len(spans)))
        last = min(len(spans) - 1, first + words - 1)
        annotations.append(
            make_annotation(original, "0" * 64, Kind.NOTE, spans[first][0], spans[last][1])
        )
    for annotation in annotations:
        window = annotation.quote.prefix + annotation.quote.exact + annotation.quote.suffix
        assume(original.count(window) == 1)

    result = reanchor(converted, annotations, "1" * 64)

    assert result.orphans == ()
    for annotation in result.placed:
        expected = annotation_words(original, annotations, annotation.id)
        assert converted[annotation.start : annotation.end].split() == expected
        assert (annotation.start, annotation.end) == mapped(
            original, annotations, annotation.id, to_lf
        )


def annotation_words(original: str, annotations: list, identifier: str) -> list[str]:
    before = next(a for a in annotations if a.id == identifier)
    return original[before.start : before.end].split()


def mapped(original: str, annotations: list, identifier: str, to_lf: bool) -> tuple[int, int]:
    """Where the annotation's offsets go when the line endings change."""
    before = next(a for a in annotations if a.id == identifier)

    def move(offset: int) -> int:
        if to_lf:
            return offset - original.count("\r\n", 0, offset)
        return offset + original.count("\n", 0, offset)

    return move(before.start), move(before.end)
