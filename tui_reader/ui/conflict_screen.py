"""A conflict with another instance, both versions side by side, and the user's choice.

Opened from the Notes tab (`enter` on a conflict). When both instances edited
the same annotation, both versions were kept (yours as a copy): `m` keeps
yours, `t` keeps theirs, `b` keeps both. When one side deleted what the other
edited, the edited version was kept: `enter` says it is understood (delete it
from the panel with `d` if you wish). The choice is saved in the database and
the conflict is not shown again, in any instance.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui_reader.display import display_text, displayable
from tui_reader.model import Annotation
from tui_reader.store import Conflict, ConflictKind, Keep


def version_text(title: str, annotation: Annotation | None) -> Text:
    """One side: what the annotation holds in that version (of the user's making: displayable)."""
    side = Text(f"{title}\n", style="bold")
    if annotation is None:
        side.append("deleted", style="italic dim")
        return side
    side.append(f"{annotation.kind}", style="italic")
    side.append(f", changed {annotation.modified[:16].replace('T', ' ')}\n\n", style="dim")
    if annotation.claim is not None:
        claim = annotation.claim
        side.append(displayable(f"{claim.status.upper()} · {claim.source or 'unknown source'}\n"))
    if annotation.tags:
        side.append(displayable(", ".join(annotation.tags)) + "\n")
    if annotation.label:
        side.append(displayable(annotation.label) + "\n")
    if annotation.body:
        side.append(displayable(annotation.body) + "\n")
    side.append(displayable(f"\n“{' '.join(annotation.quote.exact.split())}”"), style="dim")
    return side


class ConflictScreen(ModalScreen[Keep | None]):
    """Both versions of a conflicting annotation; the choice is returned (None: later)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "keep('ours')", "Keep my version", id="conflict_mine"),
        Binding("t", "keep('theirs')", "Keep their version", id="conflict_theirs"),
        Binding("b,enter", "keep('both')", "Keep both (or: understood)", id="conflict_both"),
        Binding("escape", "later", "Decide later", id="conflict_later"),
    ]

    def __init__(
        self, conflict: Conflict, theirs: Annotation | None, ours: Annotation | None
    ) -> None:
        super().__init__()
        self.conflict = conflict
        self.theirs = theirs
        self.ours = ours

    @property
    def edited_twice(self) -> bool:
        return self.conflict.kind is ConflictKind.EDITED_TWICE

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="conflict"):
            yield Label(display_text(self.conflict.message()), classes="dialog-title")
            with Horizontal(id="conflict-sides"):
                yield Static(version_text("Yours", self.ours), classes="conflict-side")
                yield Static(version_text("Theirs", self.theirs), classes="conflict-side")
            hint = (
                "m keep mine · t keep theirs · b keep both · escape later"
                if self.edited_twice
                else "enter understood (the edited version stays) · escape later"
            )
            yield Static(hint, classes="dialog-hint")

    def action_keep(self, keep: str) -> None:
        if self.edited_twice or keep == Keep.BOTH:
            self.dismiss(Keep(keep))

    def action_later(self) -> None:
        self.dismiss(None)
