"""Echoes: the same claim reported in more than one article.

Two kinds are found:

- **quoted**: the same words quoted (`quotes.quotations`, normalised), or a
  quotation that another article quotes within a longer one ("a total
  disaster for our country" inside "it's a total disaster for our country,
  believe me", for a passage of `MIN_WORDS_WITHIN` words or more); a group
  is the articles quoting one passage, and a shorter passage is listed apart
  only when more articles quote it than the longer;
- **figures**: claims that give the same figure (`figures.figures`: "$1.2
  billion" and "1.2 billion dollars"), name the same entity in their content
  ("Clinton", "the Pentagon") or come from the same speaker, and say it in
  words that overlap (`SAME_WORDS` of their content words, Jaccard), since one
  figure and one name are shared by many different claims ("30,000 emails");
  a figure more than `COMMON_FIGURE` claims give is too common to tell.

Each group lists its appearances (article, span, source), the oldest article
first, so the first is where the index saw the claim first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from tui_reader.across.answers import short_line
from tui_reader.across.entry import IndexedClaim
from tui_reader.across.identity import speaker_for
from tui_reader.across.index import CrossIndex, IndexedArticle
from tui_reader.across.quotes import contains, content_words, normalise
from tui_reader.across.sources import Appearance

MIN_WORDS_WITHIN = 6
"""Words a quotation needs to be found within a longer one: "a lot of people" is
everybody's phrase, "the American people deserve better than this" is a quotation."""
COMMON_FIGURE = 60
"""A figure given by more claims of the library than this ("10", "50%") names no claim."""
SAME_WORDS = 0.3
"""The share of content words (Jaccard) two claims with a figure in common need."""
ANCHOR_WORDS = 4
"""Quotations are looked up by their first words (every kept one has this many)."""
_QUOTED_TEXT = re.compile(r"“([^“”]+)”?|\"([^\"]+)\"?|(?:''|``)((?:(?!'').)+)(?:'')?", re.DOTALL)


class EchoKind(StrEnum):
    QUOTE = "quote"
    FIGURE = "figure"


@dataclass(frozen=True, slots=True)
class EchoGroup:
    """One claim as it appears in several articles."""

    kind: EchoKind
    key: str
    """The normalised quotation, or the figure ("$1200000000")."""
    text: str
    """What the articles share, as the first of them writes it."""
    appearances: tuple[Appearance, ...]

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.article.content_hash for a in self.appearances))

    def source_of(self, appearance: Appearance, names: Mapping[tuple[str, int], str]) -> str:
        """The source of an appearance: the name of its source across the library when
        `names` (`sources.source_names`) files it, else as its article names it."""
        key = (appearance.article.content_hash, appearance.claim.start)
        return names.get(key, appearance.claim.source)

    def to_json(self, names: Mapping[tuple[str, int], str] | None = None) -> dict[str, object]:
        return {
            "text": self.text,
            "kind": str(self.kind),
            "appearances": [
                {
                    "content_hash": a.article.content_hash,
                    "start": a.claim.start,
                    "end": a.claim.end,
                    "source": self.source_of(a, names or {}),
                    "status": a.claim.status,
                }
                for a in self.appearances
            ],
        }


def find_echoes(index: CrossIndex) -> list[EchoGroup]:
    """Every echo of the library: quoted ones, then figures; the widest first."""
    quoted = quote_groups(
        (article, claim)
        for article in index.articles
        for claim in (*article.claims, *article.entry.quotations)
    )
    seen = {(a.article.content_hash, a.claim.start) for group in quoted for a in group.appearances}
    figures = figure_groups(
        (article, claim)
        for article in index.articles
        for claim in article.claims
        if (article.content_hash, claim.start) not in seen
    )
    return sorted(
        [*quoted, *figures],
        key=lambda g: (g.kind != EchoKind.QUOTE, -len(g.articles), g.key),
    )


def quote_groups(claims: Iterable[tuple[IndexedArticle, IndexedClaim]]) -> list[EchoGroup]:
    """Groups of claims quoting the same passage in two articles or more."""
    quoting: dict[str, list[Appearance]] = {}
    for article, claim in claims:
        for quote in claim.quotes:
            quoting.setdefault(quote, []).append(Appearance(article, claim))
    by_anchor: dict[str, set[str]] = {}
    for quote in quoting:
        words = quote.split()
        for position in range(len(words) - ANCHOR_WORDS + 1):
            anchor = " ".join(words[position : position + ANCHOR_WORDS])
            by_anchor.setdefault(anchor, set()).add(quote)
    groups = []
    within: dict[str, list[str]] = {}
    for quote, appearances in quoting.items():
        words = quote.split()
        # a longer quotation holding this one holds its first and its last words: the
        # quotations holding both are few, even where many begin alike ("We will not …")
        first, last = " ".join(words[:ANCHOR_WORDS]), " ".join(words[-ANCHOR_WORDS:])
        candidates = (
            by_anchor.get(first, set()) & by_anchor.get(last, set())
            if len(words) >= MIN_WORDS_WITHIN
            else set()
        )
        longer = sorted(
            other for other in candidates if len(other) > len(quote) and contains(other, quote)
        )
        within[quote] = longer
        members = _distinct([*appearances, *(a for other in longer for a in quoting[other])])
        if len({a.article.content_hash for a in members}) >= 2:
            groups.append((quote, members))
    articles_of = {quote: {a.article.content_hash for a in members} for quote, members in groups}
    kept = []
    for quote, members in groups:
        # a shorter passage whose group is no wider than a longer one's says nothing more
        if any(articles_of.get(other) == articles_of[quote] for other in within[quote]):
            continue
        ordered = tuple(sorted(members, key=_oldest_first))
        kept.append(EchoGroup(EchoKind.QUOTE, quote, _written(quote, ordered), ordered))
    return kept


FigureClaim = tuple[Appearance, frozenset[str], frozenset[str]]
"""A claim with a figure, what it is about (names, its speaker) and its content words."""


def figure_facts(
    article: IndexedArticle, claim: IndexedClaim
) -> tuple[frozenset[str], frozenset[str]] | None:
    """What a claim with figures is about and its content words; None for a claim with
    no figure or about nothing named (it joins no figure echo)."""
    if not claim.figures:
        return None
    speaker = speaker_for(claim, article.entry)
    about = set(claim.names)
    if speaker is not None:
        about.add("speaker:" + "|".join(speaker.node))
    if not about:
        return None
    return frozenset(about), frozenset(claim.words or content_words(claim.text))


def figure_groups(claims: Iterable[tuple[IndexedArticle, IndexedClaim]]) -> list[EchoGroup]:
    """Groups of claims of different articles giving one figure about one named thing."""
    by_figure: dict[str, list[FigureClaim]] = {}
    for article, claim in claims:
        facts = figure_facts(article, claim)
        if facts is None:
            continue
        for figure in claim.figures:
            by_figure.setdefault(figure, []).append((Appearance(article, claim), *facts))
    groups: dict[frozenset[tuple[str, int]], EchoGroup] = {}
    for figure, found in by_figure.items():
        for group in groups_of_figure(figure, found):
            # the same claims giving two figures ("45.4 percent to 42 percent") are one echo
            groups.setdefault(claims_of(group), group)
    return list(groups.values())


def groups_of_figure(figure: str, found: Sequence[FigureClaim]) -> list[EchoGroup]:
    """The echoes of one figure, among the claims giving it (in library order)."""
    if len(found) > COMMON_FIGURE:
        return []
    groups = []
    for members in _connected(found):
        if len({a.article.content_hash for a in members}) >= 2:
            ordered = tuple(sorted(members, key=_oldest_first))
            groups.append(EchoGroup(EchoKind.FIGURE, figure, ordered[0].claim.text, ordered))
    return groups


def claims_of(group: EchoGroup) -> frozenset[tuple[str, int]]:
    return frozenset((a.article.content_hash, a.claim.start) for a in group.appearances)


def _connected(found: Sequence[FigureClaim]) -> list[list[Appearance]]:
    """Claims joined when they share a name and enough words (a figure's claims are few:
    pairs are cheap)."""
    group_of = list(range(len(found)))

    def root(i: int) -> int:
        while group_of[i] != i:
            group_of[i] = group_of[group_of[i]]
            i = group_of[i]
        return i

    for i, (first, names, said) in enumerate(found):
        for j in range(i + 1, len(found)):
            second, other_names, other_said = found[j]
            if first.article is second.article or not names & other_names:
                continue
            union = len(said | other_said)
            if union and len(said & other_said) >= SAME_WORDS * union:
                group_of[root(j)] = root(i)
    components: dict[int, list[Appearance]] = {}
    for i, (appearance, _, _) in enumerate(found):
        components.setdefault(root(i), []).append(appearance)
    return list(components.values())


def _distinct(appearances: Iterable[Appearance]) -> list[Appearance]:
    seen: dict[tuple[str, int], Appearance] = {}
    for appearance in appearances:
        seen.setdefault((appearance.article.content_hash, appearance.claim.start), appearance)
    return list(seen.values())


def _oldest_first(appearance: Appearance) -> tuple[str, str, int]:
    return (appearance.article.when, appearance.article.content_hash, appearance.claim.start)


def _written(quote: str, appearances: Sequence[Appearance]) -> str:
    """The quotation as an article writes it (the first whose own quotation it is)."""
    for appearance in appearances:
        for match in _QUOTED_TEXT.finditer(appearance.claim.text):
            inner = next(part for part in match.groups() if part is not None)
            if normalise(inner) == quote:
                return " ".join(inner.split())
    return quote


def echo_row(group: EchoGroup, names: Mapping[tuple[str, int], str]) -> list[str]:
    """An echo's row in the table of `echoes`."""
    sources = dict.fromkeys(name for a in group.appearances if (name := group.source_of(a, names)))
    statuses = sorted({a.claim.status for a in group.appearances})
    return [
        f"“{short_line(group.text)}”",
        str(group.kind),
        str(len(group.articles)),
        ", ".join(sources),
        ", ".join(statuses),
    ]
