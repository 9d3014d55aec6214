"""A paragraph cut the way the claim finder reads it: quotations, units and tokens.

A unit is a sentence, except that sentences inside one quotation stay together:
in `"We won. They lost," she said.` the speaker is two sentences away from the
first words she said. Tokens keep article-wide offsets, so every span the finder
builds slices straight out of `Article.text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui_reader.document import Span

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\d+(?:[.,:/]\d+)*|\w+(?:[’'\-]\w+)*|[^\w\s]")
OPENING_QUOTES = "“"
CLOSING_QUOTES = "”"
NEUTRAL_QUOTES = '"'
QUOTE_MARKS = OPENING_QUOTES + CLOSING_QUOTES + NEUTRAL_QUOTES
_BEFORE_OPENING = " \t\r\n([—–-"


@dataclass(frozen=True, slots=True)
class Quotation:
    """A quotation: from its opening mark to just after its closing mark.

    A quotation left open runs to the end of its paragraph, as news copy does when
    a quote continues in the next paragraph.
    """

    start: int
    end: int
    closed: bool

    @property
    def inner(self) -> Span:
        return self.start + 1, self.end - 1 if self.closed else self.end


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    lower: str
    in_quote: bool
    """True for a quotation mark and for every token between a pair of them."""

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def is_capitalised(self) -> bool:
        return self.text[0].isupper()

    @property
    def is_opening_quote(self) -> bool:
        return self.text in OPENING_QUOTES + NEUTRAL_QUOTES

    @property
    def is_quote_mark(self) -> bool:
        return self.text in QUOTE_MARKS


@dataclass(frozen=True, slots=True)
class Unit:
    """A sentence (or sentences joined by a quotation) with its tokens."""

    start: int
    end: int
    tokens: tuple[Token, ...]
    quotations: tuple[Quotation, ...]

    def quotation_opening_at(self, offset: int) -> Quotation | None:
        return next((quote for quote in self.quotations if quote.start == offset), None)

    def quotation_closing_at(self, offset: int) -> Quotation | None:
        """The quotation whose closing mark ends at `offset`."""
        return next((q for q in self.quotations if q.closed and q.end == offset), None)


def find_quotations(text: str, start: int, end: int) -> list[Quotation]:
    """Pair the double quotation marks of text[start:end].

    Curly marks say which way they face; a straight mark opens after a space or
    an opening bracket and closes otherwise.
    """
    found: list[Quotation] = []
    opened: int | None = None
    for match in re.finditer(f"[{QUOTE_MARKS}]", text[start:end]):
        position = start + match.start()
        mark = match.group()
        if opened is None:
            opens = mark in OPENING_QUOTES or (
                mark in NEUTRAL_QUOTES
                and (position == start or text[position - 1] in _BEFORE_OPENING)
            )
            if opens:
                opened = position
        elif mark in CLOSING_QUOTES + NEUTRAL_QUOTES:
            found.append(Quotation(opened, position + 1, closed=True))
            opened = None
    if opened is not None:
        found.append(Quotation(opened, end, closed=False))
    return found


def paragraph_units(text: str, paragraph: Span, sentences: list[Span]) -> list[Unit]:
    """The units of one paragraph, given its sentences."""
    quotations = find_quotations(text, *paragraph)
    merged: list[list[int]] = []
    for start, end in sentences:
        if merged and any(q.start < merged[-1][1] and q.end > start for q in quotations):
            merged[-1][1] = end
        else:
            merged.append([start, end])
    units = []
    for start, end in merged:
        inside = tuple(q for q in quotations if start <= q.start < end)
        units.append(Unit(start, end, tuple(_tokens(text, start, end, inside)), inside))
    return units


def _tokens(text: str, start: int, end: int, quotations: tuple[Quotation, ...]) -> list[Token]:
    tokens = []
    for match in _TOKEN.finditer(text, start, end):
        word = match.group()
        position = match.start()
        quoted = any(q.start <= position < q.end for q in quotations)
        tokens.append(Token(position, match.end(), word, word.lower(), quoted))
    return tokens
