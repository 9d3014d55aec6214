"""The echoes of one article's claims: where else in the library each passage appears.

The reader asks this when an article opens (in a worker): for every passage of
the article that belongs to an echo group (`echoes.find_echoes`), the other
articles' appearances, so the Claims tab can say "also in 3 articles" on a
claim or a suggestion, and a key can open the other article at the passage.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tui_reader.across.echoes import EchoGroup, EchoKind
from tui_reader.across.verdicts import CarriedVerdict
from tui_reader.model import Evidence


@dataclass(frozen=True, slots=True)
class Elsewhere:
    """One appearance of an echoed passage in another article."""

    content_hash: str
    title: str
    path: str
    """The article's file, as the library knows it ("" when unknown)."""
    start: int
    end: int
    text: str
    kind: EchoKind


@dataclass(frozen=True, slots=True)
class EchoedPassage:
    """A passage of this article and its appearances in other articles, oldest first."""

    start: int
    end: int
    elsewhere: tuple[Elsewhere, ...]


def article_echoes(groups: Iterable[EchoGroup], content_hash: str) -> tuple[EchoedPassage, ...]:
    """Every passage of the article `content_hash` that other articles echo, in text order."""
    found = []
    for group in groups:
        here = [a for a in group.appearances if a.article.content_hash == content_hash]
        if not here:
            continue
        others = tuple(
            Elsewhere(
                content_hash=a.article.content_hash,
                title=a.article.title,
                path=a.article.record.path if a.article.record else a.article.entry.path,
                start=a.claim.start,
                end=a.claim.end,
                text=a.claim.text,
                kind=group.kind,
            )
            for a in group.appearances
            if a.article.content_hash != content_hash
        )
        found += [EchoedPassage(a.claim.start, a.claim.end, others) for a in here]
    return tuple(sorted(found, key=lambda p: (p.start, p.end)))


@dataclass(frozen=True, slots=True)
class CarriedOver:
    """A verdict the user gave a claim in another article, suggested for the same claim
    here (`verdicts.carried_verdicts`): nothing is written until the user confirms it."""

    start: int
    end: int
    status: str
    rationale: str
    evidence: tuple[Evidence, ...]
    from_title: str
    from_hash: str
    """The content hash of the article where the verdict was given."""


def carried_here(verdicts: Iterable[CarriedVerdict], content_hash: str) -> tuple[CarriedOver, ...]:
    """The verdicts carried over to claims of the article `content_hash`, in text order."""
    found = [
        CarriedOver(
            start=v.target.claim.start,
            end=v.target.claim.end,
            status=v.status,
            rationale=v.rationale,
            evidence=v.evidence,
            from_title=v.rated.article.title,
            from_hash=v.rated.article.content_hash,
        )
        for v in verdicts
        if v.target.article.content_hash == content_hash
    ]
    return tuple(sorted(found, key=lambda c: (c.start, c.end)))


def echoes_at(passages: Sequence[EchoedPassage], start: int, end: int) -> tuple[Elsewhere, ...]:
    """The other articles echoing the span `start`-`end` of this article (one appearance
    per article, the first found): the passages that overlap it."""
    by_article: dict[str, Elsewhere] = {}
    for passage in passages:
        if passage.start < end and start < passage.end:
            for other in passage.elsewhere:
                by_article.setdefault(other.content_hash, other)
    return tuple(by_article.values())
