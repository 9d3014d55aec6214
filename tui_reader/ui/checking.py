"""The fact-checker's keys: a verdict in one key, evidence from the text, links between claims.

Which claim a key acts on:

- a status key (`S` `P` `D` `F` `C` `U`), `T`, `J`, `!` and `&` act on the claim
  *here*: the one highlighted in the Claims tab while the focus is there, else
  the claim under the text cursor, else the suggested claim under it (a status
  key accepts a suggestion with that status);
- the *target claim* is the last claim given a status with a key, or chosen
  with `T`; the status line shows it. Evidence goes to it, and `J` `!` `&`
  link the claim here with it;
- without a target, evidence goes to the claim under the cursor, else the
  nearest one before it.

The evidence passage is the selection, else the passage picked with `p` (in
this article or another one of the library: the app remembers it while it
runs), else the sentence under the cursor. So the usual path is: rate the
claim (it becomes the target), go to the passage that bears on it, `+`.

`Checking` turns each key into a step of `claim_actions` and commits it; it
knows the reader only through `Checker`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from tui_reader import claim_actions
from tui_reader.claim_actions import Passage
from tui_reader.claim_workbench import SUGGESTION, ClaimWorkbench, suggestion_id
from tui_reader.document import Article, Span
from tui_reader.history import Step
from tui_reader.model import Annotation, ClaimStatus, Kind, LinkRelation
from tui_reader.session import ReadingSession
from tui_reader.ui.article_view import ArticleView
from tui_reader.ui.reading_modes import ReadingModes
from tui_reader.ui.side_panel import SidePanel
from tui_reader.ui.status_line import StatusLine
from tui_reader.ui.telling import Notifier


@dataclass
class ReaderMemory:
    """What the app keeps from one article to the next while it runs: the reading
    modes and the passage picked as evidence."""

    modes: ReadingModes = field(default_factory=ReadingModes)
    picked: Passage | None = None


class Checker(Notifier, Protocol):
    """What the checking keys need of the reader screen."""

    session: ReadingSession
    workbench: ClaimWorkbench
    memory: ReaderMemory

    @property
    def article(self) -> Article: ...

    @property
    def view(self) -> ArticleView: ...

    @property
    def panel(self) -> SidePanel: ...

    @property
    def status_line(self) -> StatusLine: ...

    def target_span(self) -> Span | None: ...

    def writable(self) -> bool: ...

    def commit(self, step: Step | None, notice: str) -> None: ...

    def annotation(self, annotation_id: str) -> Annotation | None: ...


def _short(text: str, length: int = 30) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


def claim_words(annotation: Annotation) -> str:
    """A claim named in a notice or the status line: its source and the passage's start."""
    source = annotation.claim.source if annotation.claim else ""
    return f"{_short(source, 24) or 'unknown source'}: “{_short(annotation.quote.exact)}”"


class Checking:
    """The checking keys of one reader (see the module docstring)."""

    def __init__(self, reader: Checker) -> None:
        self.reader = reader
        self.target_id: str | None = None

    # Which claim -------------------------------------------------------------------------

    def here(self) -> tuple[Annotation | None, str | None]:
        """The claim here, or the id of the suggestion here (see the module docstring)."""
        reader = self.reader
        claims = reader.panel.claims
        if claims.has_focus:
            option_id = claims.highlighted_id or ""
            if option_id.startswith(SUGGESTION):
                return None, option_id
            highlighted = reader.annotation(option_id)
            is_claim = highlighted is not None and highlighted.kind is Kind.CLAIM
            return (highlighted if is_claim else None), None
        cursor = reader.view.cursor
        here = reader.session.annotations_at(cursor)  # indexed: asked on every cursor move
        claim = claim_actions.claim_at(here, cursor)
        if claim is not None:
            return claim, None
        suggestion = claim_actions.suggestion_at(reader.workbench.suggestions, cursor)
        return None, suggestion_id(suggestion) if suggestion is not None else None

    def target(self) -> Annotation | None:
        """The target claim, if it is still there."""
        found = self.reader.annotation(self.target_id) if self.target_id else None
        if found is None or found.kind is not Kind.CLAIM or found.orphan:
            self.target_id = None
            return None
        return found

    def aim(self, claim: Annotation | None) -> None:
        self.target_id = claim.id if claim is not None else None
        self.show()

    def show(self) -> None:
        """The target claim and the picked passage in the status line."""
        parts = []
        if (target := self.target()) is not None:
            parts.append(f"→ {claim_words(target)}")
        if (picked := self.reader.memory.picked) is not None:
            parts.append(f"picked “{_short(picked.quote, 24)}”")
        self.reader.status_line.checking = "  ".join(parts)

    # The Claims tab's decisions ------------------------------------------------------------

    def accept(self, suggestion: str) -> None:
        self.reader.commit(self.reader.workbench.accept(suggestion), "Claim accepted")

    def reject(self, suggestion: str) -> None:
        step = self.reader.workbench.reject(suggestion)
        self.reader.commit(step, "Not a claim: it will not be suggested again (u to undo)")

    def accept_all(self) -> None:
        step = self.reader.workbench.accept_all()
        self.reader.commit(step, f"{len(step.changes) if step else 0} accepted")

    def decide(self, flag: str, confirmed: bool) -> None:
        step = self.reader.workbench.decide(flag, confirmed)
        self.reader.commit(step, step.description.capitalize() if step else "")

    # Keys ------------------------------------------------------------------------------------

    def status(self, status: ClaimStatus) -> None:
        """Give the claim here `status` (accepting a suggestion here with it)."""
        reader = self.reader
        claim, suggestion = self.here()
        if claim is None and suggestion is None:
            reader.notify("No claim here: move onto a claim (or a suggested one).", timeout=3)
            return
        if claim is not None:
            step = claim_actions.status_step(claim, status)
            if step is None:
                reader.notify(f"Already {status}", timeout=2)
            reader.commit(step, f"Marked {status} (u to undo)")
            self.aim(claim)
            return
        assert suggestion is not None
        step = reader.workbench.accept(suggestion, status)
        reader.commit(step, f"Claim accepted as {status} (u to undo)")
        accepted = step.changes[0].after if step is not None else None
        self.aim(reader.annotation(accepted.id) if accepted is not None else None)

    def choose_target(self) -> None:
        """`T`: the claim here becomes the target (again: no target)."""
        claim, suggestion = self.here()
        if claim is None:
            words = "accept it first (a status key)" if suggestion else "move onto a claim"
            self.reader.notify(f"No claim here to target: {words}.", timeout=3)
            return
        if claim.id == self.target_id:
            self.aim(None)
            self.reader.notify("No target claim", timeout=2)
            return
        self.aim(claim)
        self.reader.notify(f"Target claim: {claim_words(claim)}", timeout=3)

    def pick(self) -> None:
        """`p`: remember the selection (or the sentence) as evidence for a claim of this
        article or another; `p` on the same passage again forgets it."""
        reader = self.reader
        span = reader.target_span()
        if span is None:
            return
        passage = claim_actions.passage_of(reader.article, span, reader.session.metadata().url)
        memory = reader.memory
        if memory.picked == passage:
            memory.picked = None
            reader.notify("Picked passage forgotten", timeout=2)
        else:
            memory.picked = passage
            reader.notify("Evidence picked: + - = on a claim attach it (in any article)")
        reader.view.clear_selection()
        self.show()

    def stance(self, stance: str) -> None:
        """`+` `-` `=`: the evidence passage attached to the target claim with `stance`."""
        reader = self.reader
        if not reader.writable():
            return
        passage, picked = self._evidence_passage()
        claim = self.target() or claim_actions.nearest_claim(
            reader.session.annotations, reader.view.cursor
        )
        if passage is None or claim is None:
            reader.notify("No claim to attach evidence to: rate one first (S P D F C U).")
            return
        own = passage.content_hash == reader.article.content_hash
        if own and passage.start < claim.end and claim.start < passage.end:
            reader.notify("That is the claim's own passage: go to the evidence, then press it.")
            return
        step = claim_actions.evidence_step(claim, passage, stance)
        words = claim_actions.STANCE_WORDS.get(stance, stance)
        reader.commit(step, f"Evidence ({words}) added to {claim_words(claim)}")
        if picked:
            reader.memory.picked = None
        self.aim(claim)

    def _evidence_passage(self) -> tuple[Passage | None, bool]:
        """The selection, else the picked passage, else the sentence; and whether picked."""
        reader = self.reader
        url = reader.session.metadata().url
        if reader.view.selection is None and reader.memory.picked is not None:
            return reader.memory.picked, True
        span = reader.target_span()
        return (claim_actions.passage_of(reader.article, span, url) if span else None), False

    def link(self, relation: LinkRelation | None) -> None:
        """`!` `&`: link the claim here with the target (again: unlink); `J` (None): put it
        into the target's disagreement group (again: take it out)."""
        reader = self.reader
        claim, _ = self.here()
        target = self.target()
        if claim is None or target is None or claim.id == target.id:
            reader.notify("Choose the other claim first (T on it), then press this on a claim.")
            return
        if relation is None:
            step, grouped = claim_actions.group_toggle_step(claim, target)
            words = "in a disagreement with" if grouped else "out of the disagreement with"
        else:
            step, linked = claim_actions.link_toggle_step(claim, target, relation)
            words = f"linked: {relation.value}" if linked else "unlinked from"
        reader.commit(step, f"{claim_words(claim)} {words} {claim_words(target)}")
