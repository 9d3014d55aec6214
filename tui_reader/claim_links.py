"""Claims the reader links: disagreement groups, and claims that support or contradict others.

A flagged disagreement pairs two claims; the reader often knows of a third
that belongs with them ("dozens" besides "20 or more" and "50"), or that one
claim confirms or refutes another. Both live on the claims themselves
(`Claim.group`, `Claim.links`), so every change is an ordinary `Step` of
annotation changes: saved as one write, undone in one `u`, merged with other
instances like any edit. A link is kept on both claims, so either shows it.

These functions only compute the step; `ReadingSession` applies it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from tui_reader.history import Change, Step
from tui_reader.model import Annotation, Claim, ClaimLink, Kind, LinkRelation, new_id


class NotLinkable(ValueError):
    """The annotations asked for cannot be linked (not claims, the same claim, too few)."""


def link_step(first: Annotation, second: Annotation, relation: LinkRelation) -> Step:
    """Link two claims both ways with `relation` (replacing a link they had)."""
    one, other = _claim(first), _claim(second)
    if first.id == second.id:
        raise NotLinkable("a claim cannot be linked to itself")
    changes = (
        _changed(first, _relinked(one, second.id, relation)),
        _changed(second, _relinked(other, first.id, relation)),
    )
    return Step(f"link claims as {relation.value}", changes)


def unlink_step(first: Annotation, second: Annotation) -> Step:
    """Remove the link between two claims, on both."""
    changes = tuple(
        _changed(annotation, _relinked(_claim(annotation), partner.id, None))
        for annotation, partner in ((first, second), (second, first))
    )
    return Step("unlink claims", changes)


def group_step(claims: Sequence[Annotation], group: str = "") -> Step:
    """Put claims into one disagreement group.

    `group` names it (a flag's decision id); without one, the group a claim is
    already in is joined (so adding a third claim to a pair keeps their group),
    else a new one is made. Claims in another group move to this one.
    """
    if len({claim.id for claim in claims}) < 2 and not group:
        raise NotLinkable("a disagreement group needs two claims or more")
    current = [_claim(annotation).group for annotation in claims]
    name = group or next((found for found in current if found), "") or new_id()
    changes = tuple(
        _changed(annotation, replace(_claim(annotation), group=name))
        for annotation in claims
        if _claim(annotation).group != name
    )
    return Step("group claims in a disagreement", changes)


def ungroup_step(claim: Annotation) -> Step:
    """Take a claim out of its disagreement group."""
    return Step("take claim out of its group", (_changed(claim, replace(_claim(claim), group="")),))


def links_to(deleted: Annotation, annotations: Iterable[Annotation]) -> tuple[Change, ...]:
    """The changes that remove every link to a claim being deleted (part of its delete step)."""
    changes = []
    for annotation in annotations:
        claim = annotation.claim
        if claim is None or annotation.id == deleted.id:
            continue
        if any(link.claim == deleted.id for link in claim.links):
            changes.append(_changed(annotation, _relinked(claim, deleted.id, None)))
    return tuple(changes)


def groups(annotations: Iterable[Annotation]) -> dict[str, list[Annotation]]:
    """Every disagreement group with its claims, in text order of their first claim."""
    found: dict[str, list[Annotation]] = defaultdict(list)
    for annotation in annotations:
        if annotation.kind is Kind.CLAIM and annotation.claim and annotation.claim.group:
            found[annotation.claim.group].append(annotation)
    return dict(found)


def link_pairs(
    annotations: Sequence[Annotation],
) -> list[tuple[Annotation, Annotation, LinkRelation]]:
    """Each link once: (earlier claim, later claim, relation), in text order.

    A link whose other claim is not among `annotations` (deleted by an older
    version, or in a partial import) is left out rather than shown dangling.
    """
    by_id = {a.id: a for a in annotations if a.kind is Kind.CLAIM and a.claim is not None}
    order = {annotation_id: index for index, annotation_id in enumerate(by_id)}
    pairs = []
    for annotation in by_id.values():
        assert annotation.claim is not None
        for link in annotation.claim.links:
            other = by_id.get(link.claim)
            if other is not None and order[annotation.id] < order[other.id]:
                pairs.append((annotation, other, link.relation))
    return pairs


def _claim(annotation: Annotation) -> Claim:
    if annotation.kind is not Kind.CLAIM or annotation.claim is None:
        raise NotLinkable(f"only claims can be linked, not a {annotation.kind}")
    return annotation.claim


def _relinked(claim: Claim, other: str, relation: LinkRelation | None) -> Claim:
    """`claim` with its link to `other` replaced by one of `relation` (None: removed)."""
    kept = tuple(link for link in claim.links if link.claim != other)
    added = (ClaimLink(relation, other),) if relation is not None else ()
    return replace(claim, links=kept + added)


def _changed(annotation: Annotation, claim: Claim) -> Change:
    return Change(annotation, annotation.touched(claim=claim))
