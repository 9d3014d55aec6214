"""A paragraph cut the way the claim finder reads it: quotations, units and tokens.

A unit is a sentence, except that sentences inside one quotation stay together:
in `"We won. They lost," she said.` the speaker is two sentences away from the
first words she said. Tokens keep article-wide offsets, so every span the finder
builds slices straight out of `Article.text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from tui_reader.document import Span

_TOKEN = re.compile(r"''|``|(?:[A-Za-z]\.){2,}|\d+(?:[.,:/]\d+)*|\w+(?:[’'\-]\w+)*|[^\w\s]")
DOUBLE_MARKS = '“”"«»„'
"""Characters that are quotation marks wherever they stand."""
_MARK = re.compile(r"''|``|[“”\"«»„‘’']")
_CLOSERS: dict[str, tuple[str, ...]] = {
    "“": ("”", '"'),
    '"': ('"', "”"),
    "''": ("''",),
    "``": ("''",),
    "«": ("»",),
    "„": ("“", "”"),
    "‘": ("’",),
    "'": ("'",),
}
"""Opening mark -> the marks that close it (German „ closes with “, NYT copy writes '' '')."""
_SINGLE = frozenset("‘’'")
_BEFORE_OPENING = " \t\r\n([{—–-/"


@dataclass(frozen=True, slots=True)
class Quotation:
    """A quotation: from its opening mark to just after its closing mark.

    A quotation in double marks left open runs to the end of its paragraph, as
    news copy does when a quote continues in the next paragraph.
    """

    start: int
    end: int
    closed: bool
    opening: int = 1
    """Length of the opening mark ('' is two characters)."""
    closing: int = 1

    @property
    def inner(self) -> Span:
        return self.start + self.opening, self.end - self.closing if self.closed else self.end


class Token(NamedTuple):
    """A word or a mark of a unit; a named tuple, as a paragraph makes hundreds (a frozen
    dataclass takes three times as long to make)."""

    start: int
    end: int
    text: str
    lower: str
    in_quote: bool
    """True for a quotation mark and for every token between a pair of them."""
    mark: str = ""
    """ "open" or "close" for the marks of a quotation, else empty."""

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def is_capitalised(self) -> bool:
        return self.text[0].isupper()

    @property
    def is_opening_quote(self) -> bool:
        return self.mark == "open"

    @property
    def is_quote_mark(self) -> bool:
        """A mark of a quotation, or a double mark left unpaired."""
        return bool(self.mark) or self.text in DOUBLE_MARKS or self.text in ("''", "``")


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
    """Pair the quotation marks of text[start:end] (the outermost quotations only).

    “ ” and « » say which way they face, and so do „ “ (German) and `` '';
    a straight " or '' opens after a space or an opening bracket and closes
    otherwise. Single marks (‘ ’ and ') double as apostrophes, so they only
    count outside double quotation marks, when they open before a letter after a
    space and close before a space or punctuation ("the players' union" is no
    quotation), and only when closed within the paragraph.
    """
    found: list[Quotation] = []
    opened: tuple[int, str] | None = None
    for match in _MARK.finditer(text, start, end):
        position, mark = match.start(), match.group()
        if opened is None:
            if _opens(text, position, mark, start, end):
                opened = position, mark
            continue
        opener_at, opener = opened
        if mark in _CLOSERS[opener] and (
            opener not in _SINGLE or _closes_single(text, match.end(), end)
        ):
            found.append(Quotation(opener_at, match.end(), True, len(opener), len(mark)))
            opened = None
    if opened is not None and opened[1] not in _SINGLE:
        found.append(Quotation(opened[0], end, False, len(opened[1]), 0))
    return found


def _opens(text: str, position: int, mark: str, start: int, end: int) -> bool:
    if mark in "“«„" or mark == "``":
        return True
    after = text[position + len(mark)] if position + len(mark) < end else " "
    spaced = position == start or text[position - 1] in _BEFORE_OPENING
    if mark in ('"', "''"):
        return spaced and not after.isspace()
    if mark in "‘'":
        return spaced and after.isalpha()
    return False


def _closes_single(text: str, after: int, end: int) -> bool:
    """A single mark closes a quotation before a space, punctuation or the end."""
    return after >= end or not text[after].isalnum()


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


_new_token = tuple.__new__
"""Makes a `Token` from its fields without the Python-level `__new__` of a named tuple."""


def _tokens(text: str, start: int, end: int, quotations: tuple[Quotation, ...]) -> list[Token]:
    if not quotations:  # most units: nothing quoted, no marks paired
        words = [
            (match.start(), match.end(), match[0]) for match in _TOKEN.finditer(text, start, end)
        ]
        return [
            _new_token(Token, (first, last, word, word.lower(), False, ""))
            for first, last, word in words
        ]
    openings = {q.start for q in quotations}
    closings = {q.end - q.closing for q in quotations if q.closed}
    tokens = []
    pending = list(quotations)  # in text order: walk them along with the tokens
    current = 0
    for match in _TOKEN.finditer(text, start, end):
        word = match.group()
        position = match.start()
        while current < len(pending) and pending[current].end <= position:
            current += 1
        quoted = current < len(pending) and pending[current].start <= position
        mark = "open" if position in openings else "close" if position in closings else ""
        tokens.append(Token(position, match.end(), word, word.lower(), quoted, mark))
    return tokens
