"""The state of the Claims tab, without the screen: what is suggested, flagged and listed.

`ClaimWorkbench` holds what the claim finder found (candidates, disagreements),
what of it is still open given the annotations (suggestions, flags with their
decisions), and how the user wants the claims listed (status filter, order).
Its methods answer the Claims tab's keys with a `history.Step` for the reader
to commit, or change the listing; the panel only shows it. Suggestions and
flags are named by ids (`suggestion_id`, `flag_id`) that stay the same while
the list is rebuilt, so a message naming one cannot hit its neighbour.

The workflow's rules (what is open, what a decision is) live in `workbench.py`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace
from hashlib import blake2b
from typing import TYPE_CHECKING

from tui_reader.document import Article
from tui_reader.history import Change, Step
from tui_reader.model import Annotation, ClaimStatus, Kind
from tui_reader.nlp.entities import Entity
from tui_reader.workbench import (
    Flag,
    claim_from_candidate,
    claims_view,
    decide,
    flags,
    open_suggestions,
    rejection,
)

if TYPE_CHECKING:
    from tui_reader.nlp.claims import ClaimCandidate
    from tui_reader.nlp.disagreements import Disagreement

MAX_LISTED = 200
"""Suggestions listed at once: a 10 MB article has tens of thousands, and nobody reads
such a list; the ones from the reader's position on are listed."""
STATUS_FILTERS: tuple[ClaimStatus | None, ...] = (None, *ClaimStatus)
"""What `f` cycles through: every claim, then each status in turn."""


SUGGESTION = "suggestion:"
FLAG = "flag:"
"""How the ids of suggestions and of flags begin (an annotation's id never does)."""


def suggestion_id(candidate: ClaimCandidate) -> str:
    """A suggestion's name in messages: the place of its content."""
    return f"{SUGGESTION}{candidate.content[0]}-{candidate.content[1]}"


def flag_id(flag: Flag) -> str:
    """A flag's name in messages: its figure and what it says."""
    start, end = flag.key
    digest = blake2b(flag.description.encode("utf-8"), digest_size=6).hexdigest()
    return f"{FLAG}{start}-{end}-{digest}"


class ClaimWorkbench:
    """Suggestions, flags and the claim listing of one article (see the module docstring)."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.entities: Sequence[Entity] = ()
        """The entities the claim finder was given, to type an accepted claim's source."""
        self.candidates: list[ClaimCandidate] = []
        self.disagreements: list[Disagreement] = []
        self.suggestions: list[ClaimCandidate] = []
        """Candidates neither accepted nor rejected, in text order."""
        self.flags: list[Flag] = []
        self.claims: list[Annotation] = []
        """The accepted claims as listed: filtered and sorted, orphans last."""
        self.status_filter: ClaimStatus | None = None
        self.by_status = False
        self.reading_position = 0
        """Where the reader is; a long list of suggestions is listed from there."""

    # What the claim finder and the session say ------------------------------------------

    def found(
        self,
        candidates: list[ClaimCandidate],
        disagreements: list[Disagreement],
        entities: Sequence[Entity],
    ) -> None:
        self.candidates = candidates
        self.disagreements = disagreements
        self.entities = entities

    def refresh(self, annotations: list[Annotation]) -> None:
        """Work out what is open and listed, as the annotations now stand."""
        self.suggestions = open_suggestions(self.candidates, annotations)
        self.flags = flags(self.article, self.disagreements, annotations)
        claims = claims_view(annotations, self.status_filter, self.by_status)
        orphans = [a for a in annotations if a.kind is Kind.CLAIM and a.orphan]
        self.claims = claims + [a for a in orphans if a not in claims]

    # Listing ------------------------------------------------------------------------------

    def listed_suggestions(self) -> list[ClaimCandidate]:
        """The suggestions to list: all, or `MAX_LISTED` from the reading position on."""
        count = len(self.suggestions)
        if count <= MAX_LISTED:
            return self.suggestions
        first = bisect_left([c.content[1] for c in self.suggestions], self.reading_position)
        first = min(first, count - MAX_LISTED)
        return self.suggestions[first : first + MAX_LISTED]

    def cycle_filter(self) -> None:
        index = STATUS_FILTERS.index(self.status_filter)
        self.status_filter = STATUS_FILTERS[(index + 1) % len(STATUS_FILTERS)]

    def toggle_sort(self) -> None:
        self.by_status = not self.by_status

    def suggestion(self, wanted: str) -> ClaimCandidate | None:
        return next((c for c in self.suggestions if suggestion_id(c) == wanted), None)

    def flag(self, wanted: str) -> Flag | None:
        return next((f for f in self.flags if flag_id(f) == wanted), None)

    # Decisions, as steps --------------------------------------------------------------

    def accept(self, wanted: str, status: ClaimStatus | None = None) -> Step | None:
        """The suggestion becomes a claim (unverified, or `status` when a status key
        accepted it: both entries in its log), its source typed if named."""
        candidate = self.suggestion(wanted)
        if candidate is None:
            return None
        claim = claim_from_candidate(self.article, candidate, self.entities)
        if status is None or claim.claim is None:
            return Step("accept claim", (Change(None, claim),))
        rated = replace(claim, claim=claim.claim.with_status(status))
        return Step(f"accept claim as {status}", (Change(None, rated),))

    def reject(self, wanted: str) -> Step | None:
        """Remembered as not a claim: it is not suggested again."""
        candidate = self.suggestion(wanted)
        if candidate is None:
            return None
        return Step("reject suggestion", (Change(None, rejection(self.article, candidate)),))

    def accept_all(self) -> Step | None:
        if not self.suggestions:
            return None
        claims = [claim_from_candidate(self.article, c, self.entities) for c in self.suggestions]
        return Step(f"accept {len(claims)} claims", tuple(Change(None, c) for c in claims))

    def decide(self, wanted: str, confirmed: bool) -> Step | None:
        """Confirm or dismiss a flag; None when it already says so."""
        flag = self.flag(wanted)
        if flag is None:
            return None
        after = decide(self.article, flag, confirmed)
        words = "disagreement confirmed" if confirmed else "flag dismissed"
        before = flag.decision
        if before is not None and before.label == after.label:
            return None
        return Step(words, (Change(before, after),))
