"""What a verdict or a figure in one article says about the others.

- **Carried-over verdicts.** When the user rated a claim (false, disputed,
  supported ...) and the same claim appears in another article (an echo), that
  appearance is suggested there with the verdict, its rationale and evidence,
  marked as carried over, for the user to confirm: nothing is written into the
  other article until then.
- **Disagreements across articles.** Figures counting the same thing (the same
  event, the same counted group, the same names qualifying it) whose plausible
  ranges do not meet, in claims of different articles (`nlp.disagreements`
  does the same inside one article, and reads the figures).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tui_reader.across.answers import short_line
from tui_reader.across.echoes import EchoGroup
from tui_reader.across.entry import SUGGESTED, Count
from tui_reader.across.index import CrossIndex
from tui_reader.across.sources import Appearance
from tui_reader.model import Annotation, ClaimStatus, Evidence

_UNRATED = frozenset({SUGGESTED, str(ClaimStatus.UNVERIFIED)})
_SLACK = 1.05
_MAX_RATIO = 10.0


@dataclass(frozen=True, slots=True)
class CarriedVerdict:
    """A verdict suggested for a claim because the user gave it to the same claim elsewhere."""

    target: Appearance
    rated: Appearance
    """Where the user gave the verdict."""
    status: str
    rationale: str
    evidence: tuple[Evidence, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "content_hash": self.target.article.content_hash,
            "start": self.target.claim.start,
            "end": self.target.claim.end,
            "status": self.status,
            "carried_from": {
                "content_hash": self.rated.article.content_hash,
                "start": self.rated.claim.start,
                "end": self.rated.claim.end,
                "annotation_id": self.rated.claim.annotation_id,
            },
            "rationale": self.rationale,
            "evidence": [
                {"url": e.url, "quote": e.quote, "stance": e.stance, "note": e.note}
                for e in self.evidence
            ],
        }


def rated(appearance: Appearance) -> bool:
    return appearance.claim.status not in _UNRATED


def carried_verdicts(index: CrossIndex, groups: Iterable[EchoGroup]) -> list[CarriedVerdict]:
    """For each echo holding a rated claim, its verdict suggested at every other appearance
    that the user has not rated (the most recently rated claim wins when several are)."""
    found: dict[tuple[str, int], CarriedVerdict] = {}
    for group in groups:
        ratings = [a for a in group.appearances if rated(a)]
        if not ratings:
            continue
        source = max(ratings, key=lambda a: _rated_at(index.annotations.get(a.claim.annotation_id)))
        annotation = index.annotations.get(source.claim.annotation_id)
        claim = annotation.claim if annotation else None
        for target in group.appearances:
            if rated(target) or target.article is source.article:
                continue
            key = (target.article.content_hash, target.claim.start)
            found.setdefault(
                key,
                CarriedVerdict(
                    target=target,
                    rated=source,
                    status=source.claim.status,
                    rationale=claim.rationale if claim else "",
                    evidence=claim.evidence if claim else (),
                ),
            )
    return list(found.values())


def _rated_at(annotation: Annotation | None) -> str:
    if annotation is None or annotation.claim is None:
        return ""
    return annotation.claim.log[-1].at if annotation.claim.log else annotation.modified


@dataclass(frozen=True, slots=True)
class CrossDisagreement:
    """Two articles' claims whose figures for the same thing do not agree."""

    first: Appearance
    first_count: Count
    second: Appearance
    second_count: Count

    @property
    def event(self) -> str:
        return min(set(self.first_count.events) & set(self.second_count.events))

    def to_json(self) -> dict[str, object]:
        def side(appearance: Appearance, count: Count) -> dict[str, object]:
            return {
                "content_hash": appearance.article.content_hash,
                "start": count.start,
                "end": count.end,
                "text": _count_text(appearance, count),
                "source": appearance.claim.source,
            }

        return {
            "event": self.event,
            "first": side(self.first, self.first_count),
            "second": side(self.second, self.second_count),
        }


def _count_text(appearance: Appearance, count: Count) -> str:
    claim = appearance.claim
    return claim.text[count.start - claim.start : count.end - claim.start]


def cross_disagreements(index: CrossIndex) -> list[CrossDisagreement]:
    """Figures of different articles that count the same thing and do not agree.

    Across articles "the same thing" is stricter than within one: the names that
    qualify the counted group must be given, and be the same ("Wagner
    personnel" killed, not just "people" killed), since two articles' "people"
    are seldom the same dead.
    """
    by_thing: dict[tuple[str, tuple[str, ...]], list[tuple[Appearance, Count]]] = {}
    for article in index.articles:
        for claim in article.claims:
            for count in claim.counts:
                if count.names:
                    by_thing.setdefault((count.group, count.names), []).append(
                        (Appearance(article, claim), count)
                    )
    found = []
    for counts in by_thing.values():
        found += conflicts(counts)
    return found


def conflicts(counts: Sequence[tuple[Appearance, Count]]) -> list[CrossDisagreement]:
    """The disagreements among the counts of one thing, in the order they are given."""
    found = []
    for i, (first, a) in enumerate(counts):
        for second, b in counts[i + 1 :]:
            if first.article is second.article or not set(a.events) & set(b.events):
                continue
            apart = a.high * _SLACK < b.low or b.high * _SLACK < a.low
            near = max(a.low, b.low) <= _MAX_RATIO * max(1.0, min(a.high, b.high))
            if apart and near:
                found.append(CrossDisagreement(first, a, second, b))
    return found


def echo_lines(
    carried: Sequence[CarriedVerdict], disagreements: Sequence[CrossDisagreement]
) -> list[str]:
    """The lines `echoes` prints after its table: verdicts carried over, disagreements."""
    lines = [
        f"carried over: {verdict.status} → {verdict.target.article.title}: "
        f"“{short_line(verdict.target.claim.text)}” (rated in {verdict.rated.article.title})"
        for verdict in carried
    ]
    for disagreement in disagreements:
        first, second = disagreement.to_json()["first"], disagreement.to_json()["second"]
        assert isinstance(first, dict) and isinstance(second, dict)
        lines.append(
            f"figures disagree ({disagreement.event}): {first['source']}: {first['text']!r} "
            f"({disagreement.first.article.title}) vs {second['source']}: "
            f"{second['text']!r} ({disagreement.second.article.title})"
        )
    return lines
