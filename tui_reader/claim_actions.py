"""The fact-checker's one-key actions on claims: a verdict, a piece of evidence, a link.

The reader's keys (`ui/checking.py`) name a claim (the one under the cursor,
highlighted in the Claims tab, or the *target claim* chosen before) and what
to do with it; the functions here find that claim and make the `Step`, so a
verdict given with one key is logged, saved and undone like an edit in the
claim editor. Nothing here knows of Textual.

Evidence taken from the text is a `Passage`: its words and where they come
from (the article's content hash, title and web address), so a passage picked
in one article can be attached to a claim in another.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tui_reader.claim_links import group_step, link_step, ungroup_step, unlink_step
from tui_reader.document import Article, Span
from tui_reader.history import Change, Step
from tui_reader.model import Annotation, Claim, ClaimStatus, Evidence, Kind, LinkRelation

if TYPE_CHECKING:
    from tui_reader.nlp.claims import ClaimCandidate

STANCE_WORDS = {"supports": "supports", "refutes": "contradicts", "context": "context"}
"""The stances evidence takes (as `Evidence.stance` stores them) and how the keys say them."""
QUOTE_LIMIT = 2_000
"""Characters of a passage kept as an evidence quote: a whole chapter selected by
mistake would make every export of the claim unreadable."""


@dataclass(frozen=True)
class Passage:
    """A passage of an article, kept to be attached to a claim as evidence."""

    quote: str
    content_hash: str
    title: str
    url: str
    """The article's web address when it is known ("" otherwise)."""
    start: int
    end: int

    def evidence(self, stance: str) -> Evidence:
        """The evidence item: the quote, the article's address, and a note naming the
        article by title and content hash (`tui-reader list --format json` finds it)."""
        where = f"from “{self.title}” (article {self.content_hash[:12]}"
        where += f", characters {self.start}–{self.end})"
        return Evidence(url=self.url, quote=self.quote, stance=stance, note=where)


def passage_of(article: Article, span: Span, url: str = "") -> Passage:
    """The passage of `article` at `span`, its white space flattened for the quote."""
    quote = " ".join(article.text[span[0] : span[1]].split())
    if len(quote) > QUOTE_LIMIT:
        quote = quote[: QUOTE_LIMIT - 1] + "…"
    return Passage(quote, article.content_hash, article.title, url, span[0], span[1])


# Which claim ---------------------------------------------------------------------------


def placed_claims(annotations: Sequence[Annotation]) -> list[Annotation]:
    """The claims that have a place in the text, in text order."""
    claims = [a for a in annotations if a.kind is Kind.CLAIM and a.claim and not a.orphan]
    return sorted(claims, key=lambda a: (a.start, a.end))


def claim_at(annotations: Sequence[Annotation], offset: int) -> Annotation | None:
    """The claim under `offset`: the shortest of those covering it (a claim quoted
    inside a longer one is the one the reader points at)."""
    covering = [c for c in placed_claims(annotations) if c.start <= offset < c.end]
    return min(covering, key=lambda c: c.end - c.start, default=None)


def nearest_claim(annotations: Sequence[Annotation], offset: int) -> Annotation | None:
    """The claim under `offset`, else the last one before it, else the first after it:
    evidence usually follows the claim it bears on."""
    claims = placed_claims(annotations)
    if (here := claim_at(claims, offset)) is not None:
        return here
    before = bisect_right([c.start for c in claims], offset)
    if before:
        return claims[before - 1]
    return claims[0] if claims else None


SUGGESTIONS_LOOKED_BACK = 8
"""Suggestions before the cursor looked at for one covering it: contents overlap only
within a sentence or two, and a 10 MB article has tens of thousands of suggestions."""


def suggestion_at(suggestions: Sequence[ClaimCandidate], offset: int) -> ClaimCandidate | None:
    """The suggested claim whose content is under `offset` (the shortest), in a list in
    text order (a bisect: asked on every cursor move, for the footer)."""
    after = bisect_right(suggestions, offset, key=lambda c: c.content[0])
    nearby = suggestions[max(after - SUGGESTIONS_LOOKED_BACK, 0) : after]
    covering = [c for c in nearby if c.content[0] <= offset < c.content[1]]
    return min(covering, key=lambda c: c.content[1] - c.content[0], default=None)


def link_summary(claim: Claim) -> str:
    """What a claim's links say in a list: "contradicts 1 · supports 2 · grouped"."""
    parts = [
        f"{relation.value} {count}"
        for relation in LinkRelation
        if (count := sum(link.relation is relation for link in claim.links))
    ]
    if claim.group:
        parts.append("in a disagreement group")
    return " · ".join(parts)


# Steps -----------------------------------------------------------------------------------


def status_step(annotation: Annotation, status: ClaimStatus) -> Step | None:
    """The claim's verdict set to `status`, logged with its time (None: already so)."""
    claim = annotation.claim
    if claim is None or claim.status == status:
        return None
    after = annotation.touched(claim=claim.with_status(status))
    return Step(f"mark claim {status}", (Change(annotation, after),))


def evidence_step(annotation: Annotation, passage: Passage, stance: str) -> Step:
    """The passage added to the claim's evidence with `stance` (supports, refutes, context).

    The same quote of the same article already there has its stance changed
    rather than being listed twice (pressing another stance key corrects one)."""
    claim = annotation.claim
    if claim is None:
        raise ValueError(f"evidence goes on a claim, not a {annotation.kind}")
    item = passage.evidence(stance)
    same = [e for e in claim.evidence if e.quote == item.quote and e.note == item.note]
    kept = tuple(e for e in claim.evidence if e not in same)
    after = annotation.touched(claim=replace(claim, evidence=(*kept, item)))
    words = STANCE_WORDS.get(stance, stance)
    return Step(f"add evidence ({words})", (Change(annotation, after),))


def link_toggle_step(
    claim: Annotation, other: Annotation, relation: LinkRelation
) -> tuple[Step, bool]:
    """Link the two claims with `relation`, or unlink them when they are linked so
    already; the step and whether it links."""
    assert claim.claim is not None
    linked = any(link.claim == other.id and link.relation is relation for link in claim.claim.links)
    if linked:
        return unlink_step(claim, other), False
    return link_step(claim, other, relation), True


def group_toggle_step(claim: Annotation, other: Annotation) -> tuple[Step, bool]:
    """Put `claim` into `other`'s disagreement group (a new group of the two when
    `other` has none), or take it out when it is there already; the step and whether
    it groups."""
    assert claim.claim is not None and other.claim is not None
    if claim.claim.group and claim.claim.group == other.claim.group:
        return ungroup_step(claim), False
    return group_step([other, claim], other.claim.group), True
