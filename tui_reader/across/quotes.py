"""Quotations in a claim's content, normalised so that the same words quoted by two
outlets compare equal.

Outlets quote with “curly”, "straight" or ''doubled'' marks (the New York Times'
house style), change the case of the first word, the punctuation at the end
("great," against "great.") and the apostrophes. Single quotation marks are
left out: they cannot be told from apostrophes. A quotation of fewer than
`MIN_WORDS` words ("rigged", "a disaster") is a scare quote rather than a
statement and recurs by chance, so it makes no echo.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tui_reader.nlp.claim_lexicon import words

MIN_WORDS = 4
"""Words a quotation needs to count as the same statement when it recurs."""

_QUOTATION = re.compile(
    r"“(?P<curly>[^“”]+)(?:”|$)"
    r"|\"(?P<straight>[^\"]+)(?:\"|$)"
    r"|(?:''|``)(?P<doubled>(?:(?!'').)+?)(?:''|$)",
    re.DOTALL,
)
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_SMALL_WORDS = words("a an the and or but of in on at to for with by from as is")


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """A quotation in a text: where its words are, and the words normalised."""

    start: int
    end: int
    quote: str


def normalise(text: str) -> str:
    """Lower case, words only (apostrophes unified), one space between them."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    return " ".join(_WORD.findall(folded))


def quotation_spans(text: str, start: int = 0, end: int | None = None) -> list[QuotedSpan]:
    """The quotations of `text[start:end]` of at least `MIN_WORDS` words, in order, with
    where their words are; titles ("This Week With George Stephanopoulos") left out.

    A quotation left open at the end (a claim or a paragraph stops before its
    closing mark) counts up to there.
    """
    found = []
    for match in _QUOTATION.finditer(text, start, len(text) if end is None else end):
        group = "curly" if match["curly"] else "straight" if match["straight"] else "doubled"
        inner = match[group] or ""
        words = normalise(inner)
        if words.count(" ") + 1 >= MIN_WORDS and not _is_title(inner):
            found.append(QuotedSpan(match.start(group), match.end(group), words))
    return found


def quotations(content: str) -> tuple[str, ...]:
    """The normalised quotations of `content` (see `quotation_spans`)."""
    return tuple(span.quote for span in quotation_spans(content))


def _is_title(inner: str) -> bool:
    """A show, a book or a slogan's title: every word but the small ones capitalised."""
    words = [w for w in _WORD.findall(inner) if w.casefold() not in _SMALL_WORDS]
    return bool(words) and all(w[:1].isupper() or w[:1].isdigit() for w in words)


_OPENING = "“\"'`"
_CLOSING = "”\"',.;:!?"
_REACH = 3
"""Characters looked at beyond a content's ends for its quotation marks."""


def quotations_around(text: str, start: int, end: int) -> tuple[str, ...]:
    """The quotations of the content `text[start:end]`, its own quotation marks included.

    A finder often gives a quotation's content without its marks ('"We will win,"
    she said' has the content 'We will win'), so the marks just outside the
    content are taken in.
    """
    left = start
    while left > max(0, start - _REACH) and text[left - 1] in _OPENING + " ":
        left -= 1
    right = end
    while right < min(len(text), end + _REACH) and text[right] in _CLOSING + " ":
        right += 1
    return quotations(text[left:right])


def contains(longer: str, shorter: str) -> bool:
    """Whether the quotation `shorter` is quoted within `longer` (on word boundaries)."""
    return f" {shorter} " in f" {longer} "


_UNSAID = words(
    """a an the and or but of in on at to for with by from as is are was were be been it its
    that this these those he she they we i you his her their our my your not no so if than
    then there here has have had will would can could should may might do does did about
    more most percent per cent million billion thousand"""
)


def content_words(text: str) -> tuple[str, ...]:
    """The words of a claim that carry its meaning (no small words, no figures), once each."""
    return tuple(
        dict.fromkeys(w for w in normalise(text).split() if w not in _UNSAID and not w.isdigit())
    )
