"""The claims workbench without the screen: suggestions, accepted claims, disagreements.

The claim finder suggests claims; the user accepts them (they become CLAIM
annotations) or rejects them (a DECISION annotation remembers it, so they are
not suggested again). Disagreements between suggested figures are flagged and
the user confirms or dismisses each flag, also remembered as a DECISION.
Everything the user decides is an annotation, so it is saved, undoable and
exported like the rest.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui_reader.document import Article, Span
from tui_reader.model import (
    Annotation,
    Claim,
    ClaimStatus,
    Decision,
    Kind,
    make_annotation,
)
from tui_reader.nlp.entities import Entity
from tui_reader.nlp.labels import SOURCE_LABELS

if TYPE_CHECKING:  # the claim finder loads with its first run, not with the reader
    from tui_reader.nlp.claims import ClaimCandidate
    from tui_reader.nlp.disagreements import Disagreement

STATUS_ORDER = {status: index for index, status in enumerate(ClaimStatus)}
"""The order of "sort by status": unverified first, as the work still to do."""


def _overlap(first: Span, second: Span) -> int:
    return max(0, min(first[1], second[1]) - max(first[0], second[0]))


def _same_passage(first: Span, second: Span) -> bool:
    """Two spans are one passage when they overlap by half the shorter one or more."""
    shorter = min(first[1] - first[0], second[1] - second[0])
    return shorter > 0 and _overlap(first, second) * 2 >= shorter


def open_suggestions(
    candidates: Iterable[ClaimCandidate], annotations: Iterable[Annotation]
) -> list[ClaimCandidate]:
    """Candidates the user has neither accepted (a claim on the same passage) nor rejected."""
    decided = sorted(
        (a.start, a.end)
        for a in annotations
        if not a.orphan
        and (a.kind is Kind.CLAIM or (a.kind is Kind.DECISION and a.label == Decision.NOT_A_CLAIM))
    )
    if not decided:
        return list(candidates)
    starts = [start for start, _ in decided]
    longest = max(end - start for start, end in decided)

    def is_decided(content: Span) -> bool:
        # Only spans starting within `longest` before the content's end can overlap it.
        first = bisect_left(starts, content[0] - longest)
        last = bisect_left(starts, content[1])
        return any(_same_passage(content, span) for span in decided[first:last])

    return [candidate for candidate in candidates if not is_decided(candidate.content)]


def label_of_named_source(source: str, entities: Iterable[Entity], text: str) -> str:
    """The type of the entity whose text is `source` (a claim's source typed by the user)."""
    wanted = " ".join(source.split())
    for entity in entities:
        if entity.label in SOURCE_LABELS and " ".join(entity.text_in(text).split()) == wanted:
            return entity.label
    return ""


def source_label(candidate: ClaimCandidate, entities: Iterable[Entity]) -> str:
    """The entity type of the candidate's (resolved) source, if it is a named entity."""
    start, end = candidate.resolved or candidate.source
    for entity in entities:
        if entity.label in SOURCE_LABELS and _same_passage(
            (entity.start, entity.end), (start, end)
        ):
            return entity.label
    return ""


def claim_from_candidate(
    article: Article, candidate: ClaimCandidate, entities: Iterable[Entity]
) -> Annotation:
    """The claim annotation an accepted suggestion becomes: on its content, with its source."""
    text = article.text
    claim = Claim(
        source=" ".join(candidate.source_text(text).split()),
        cue=text[candidate.cue[0] : candidate.cue[1]],
        source_label=source_label(candidate, entities),
    ).with_status(ClaimStatus.UNVERIFIED)
    start, end = candidate.content
    return make_annotation(text, article.content_hash, Kind.CLAIM, start, end, claim=claim)


def rejection(article: Article, candidate: ClaimCandidate) -> Annotation:
    """What remembers that a suggestion is not a claim."""
    start, end = candidate.content
    return make_annotation(
        article.text, article.content_hash, Kind.DECISION, start, end, label=Decision.NOT_A_CLAIM
    )


# Disagreements ---------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    """A disagreement as the workbench shows it, with the user's decision if any."""

    disagreement: Disagreement
    description: str
    decision: Annotation | None

    @property
    def state(self) -> str:
        if self.decision is None:
            return "flagged"
        return (
            "confirmed" if self.decision.label == Decision.DISAGREEMENT_CONFIRMED else "dismissed"
        )

    @property
    def key(self) -> Span:
        """Where its decision is anchored: the first claim's figure."""
        return self.disagreement.first_figure


def flags(
    article: Article, disagreements: Iterable[Disagreement], annotations: Iterable[Annotation]
) -> list[Flag]:
    """Each disagreement with the decision taken on it (matched by figure and description)."""
    decisions = {
        ((a.start, a.end), a.body): a
        for a in annotations
        if a.kind is Kind.DECISION and a.label != Decision.NOT_A_CLAIM and not a.orphan
    }
    found = []
    for disagreement in disagreements:
        description = disagreement.describe(article.text)
        decision = decisions.get((disagreement.first_figure, description))
        found.append(Flag(disagreement, description, decision))
    return found


def decide(article: Article, flag: Flag, confirmed: bool) -> Annotation:
    """The decision annotation for a flag (replacing an earlier one is the caller's change)."""
    start, end = flag.key
    label = Decision.DISAGREEMENT_CONFIRMED if confirmed else Decision.DISAGREEMENT_DISMISSED
    if flag.decision is not None:
        return flag.decision.touched(label=label)
    return make_annotation(
        article.text,
        article.content_hash,
        Kind.DECISION,
        start,
        end,
        label=label,
        body=flag.description,
    )


# Listing ---------------------------------------------------------------------------


def claims_view(
    annotations: Iterable[Annotation], status: ClaimStatus | None, by_status: bool
) -> list[Annotation]:
    """Accepted claims, filtered by status (None: all), by position or by status."""
    claims = [a for a in annotations if a.kind is Kind.CLAIM and a.claim is not None]
    if status is not None:
        claims = [a for a in claims if a.claim is not None and a.claim.status == status]
    if by_status:
        return sorted(
            claims,
            key=lambda a: (STATUS_ORDER[a.claim.status] if a.claim else 0, a.start),
        )
    return sorted(claims, key=lambda a: a.start)
