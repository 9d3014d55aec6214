"""What the user does with a verdict carried over from another article: confirm it (the
claim here takes its status, rationale and evidence) or dismiss it (remembered).

The verdicts come from the cross-article index (`across.article_echoes.CarriedOver`);
each decision here is a `history.Step`, committed like an edit and undone with `u`.
A dismissal is a DECISION annotation on the claim's passage, so the verdict is not
offered again there. Nothing here knows of Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from tui_reader.across.article_echoes import CarriedOver
from tui_reader.document import Article
from tui_reader.history import Change, Step
from tui_reader.model import Annotation, ClaimStatus, Decision, Kind, make_annotation


def _overlaps(carried: CarriedOver, start: int, end: int) -> bool:
    return carried.start < end and start < carried.end


def _dismissed(carried: CarriedOver, annotations: Iterable[Annotation]) -> bool:
    return any(
        a.kind is Kind.DECISION
        and a.label == Decision.CARRIED_VERDICT_DISMISSED
        and a.body == carried.from_hash
        and _overlaps(carried, a.start, a.end)
        for a in annotations
    )


def _rated_here(carried: CarriedOver, annotations: Iterable[Annotation]) -> bool:
    """Whether a claim of this article on the passage has a verdict already."""
    return any(
        a.kind is Kind.CLAIM
        and a.claim is not None
        and a.claim.status is not ClaimStatus.UNVERIFIED
        and _overlaps(carried, a.start, a.end)
        for a in annotations
    )


def open_verdicts(
    carried: Iterable[CarriedOver], annotations: Sequence[Annotation]
) -> tuple[CarriedOver, ...]:
    """The carried-over verdicts still to decide: not dismissed, and on no claim the user
    rated here (a confirmed one is rated)."""
    return tuple(
        c for c in carried if not _dismissed(c, annotations) and not _rated_here(c, annotations)
    )


def verdict_at(carried: Sequence[CarriedOver], start: int, end: int) -> CarriedOver | None:
    """The carried-over verdict on the span `start`-`end`, if any."""
    return next((c for c in carried if _overlaps(c, start, end)), None)


def adopted(claim: Annotation, carried: CarriedOver) -> Annotation:
    """The claim with the carried verdict: its status (logged), its rationale when the
    claim has none, its evidence added after the claim's own (none listed twice)."""
    assert claim.claim is not None
    own = claim.claim
    evidence = (*own.evidence, *(e for e in carried.evidence if e not in own.evidence))
    rated = own.with_status(ClaimStatus(carried.status))
    return claim.touched(
        claim=replace(rated, rationale=own.rationale or carried.rationale, evidence=evidence)
    )


def confirm_step(claim: Annotation, carried: CarriedOver, new: bool) -> Step:
    """Confirm the verdict on `claim`: an edit of it, or (`new`: a suggestion just
    accepted) its addition with the verdict."""
    after = adopted(claim, carried)
    words = f"carried-over verdict confirmed ({carried.status})"
    return Step(words, (Change(None if new else claim, after),))


def dismiss_step(article: Article, carried: CarriedOver) -> Step:
    """Remember that the verdict carried over from `carried.from_hash` does not hold here."""
    decision = make_annotation(
        article.text,
        article.content_hash,
        Kind.DECISION,
        carried.start,
        carried.end,
        label=Decision.CARRIED_VERDICT_DISMISSED,
        body=carried.from_hash,
    )
    return Step("carried-over verdict dismissed", (Change(None, decision),))
