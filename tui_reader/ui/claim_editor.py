"""The claim editor: who claims it, the verdict, why, and the evidence for and against.

Used both to record a new claim (`c`) and to work on one from the Claims tab
(`e`). The status log is shown, not edited: every change of status is logged
with its time when the claim is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from tui_reader.display import display_text
from tui_reader.model import Claim, ClaimStatus, Evidence
from tui_reader.ui.dialogs import DialogBase

STANCES = ("supports", "refutes", "context")


@dataclass(frozen=True)
class ClaimForm:
    """What the claim editor returns."""

    source: str
    status: ClaimStatus
    note: str
    rationale: str = ""
    evidence: tuple[Evidence, ...] = ()


class EvidenceRow(Horizontal):
    """One evidence item: where (URL), what it says, how it bears on the claim, a note."""

    def __init__(self, evidence: Evidence) -> None:
        super().__init__(classes="evidence-row")
        self.evidence = evidence

    def compose(self) -> ComposeResult:
        yield Input(self.evidence.url, placeholder="URL", classes="evidence-url")
        yield Input(self.evidence.quote, placeholder="what it says", classes="evidence-quote")
        yield Select(
            [(stance, stance) for stance in STANCES],
            value=self.evidence.stance if self.evidence.stance in STANCES else "context",
            allow_blank=False,
            classes="evidence-stance",
        )
        yield Input(self.evidence.note, placeholder="note", classes="evidence-note")
        yield Button("✕", classes="evidence-remove", tooltip="Remove this evidence")

    def value(self) -> Evidence:
        return Evidence(
            url=self.query_one(".evidence-url", Input).value.strip(),
            quote=self.query_one(".evidence-quote", Input).value.strip(),
            stance=str(self.query_one(".evidence-stance", Select).value),
            note=self.query_one(".evidence-note", Input).value.strip(),
        )


class ClaimDialog(DialogBase):
    """Source, status, note, rationale and evidence of a claim; `ctrl+s` saves."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save (a note or a claim)", id="dialog_save"),
        Binding("ctrl+n", "add_evidence", "Add evidence (claim editor)", id="add_evidence"),
    ]

    def __init__(
        self,
        passage: str,
        source: str = "",
        status: ClaimStatus = ClaimStatus.UNVERIFIED,
        note: str = "",
        claim: Claim | None = None,
    ) -> None:
        super().__init__("Claim", passage)
        self.source = source
        self.status = status
        self.note = note
        self.claim = claim or Claim(source=source, status=status)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog claim-editor"):
            yield from self.compose_header()
            yield Label("Source (who claims it)")
            yield Input(self.source, placeholder="e.g. the ministry", id="claim-source")
            yield Label("Status")
            yield Select(
                [(str(status), status) for status in ClaimStatus],
                value=self.status,
                allow_blank=False,
                id="claim-status",
            )
            yield Label("Note")
            yield TextArea(self.note, id="claim-note", soft_wrap=True)
            yield Label("Rationale (why this status; goes into ClaimReview)")
            yield TextArea(self.claim.rationale, id="claim-rationale", soft_wrap=True)
            yield Label("Evidence")
            with Vertical(id="evidence-list"):
                for item in self.claim.evidence:
                    yield EvidenceRow(item)
            yield Button("Add evidence (ctrl+n)", id="add-evidence")
            if self.claim.log:
                history = "  ".join(f"{entry.at[:16]} {entry.status}" for entry in self.claim.log)
                log = display_text(f"Status log: {history}")
                yield Static(log, classes="dialog-hint", id="claim-log")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#claim-source", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "claim-source":
            self.query_one("#claim-status", Select).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()
        elif event.button.id == "add-evidence":
            self.action_add_evidence()
        elif event.button.has_class("evidence-remove"):
            row = next(node for node in event.button.ancestors if isinstance(node, EvidenceRow))
            row.remove()

    def action_add_evidence(self) -> None:
        row = EvidenceRow(Evidence())
        self.query_one("#evidence-list", Vertical).mount(row)
        self.call_after_refresh(lambda: row.query_one(".evidence-url", Input).focus())

    def action_save(self) -> None:
        evidence = tuple(
            item
            for row in self.query(EvidenceRow)
            if (item := row.value()).url or item.quote or item.note
        )
        self.dismiss(
            ClaimForm(
                source=self.query_one("#claim-source", Input).value.strip(),
                status=ClaimStatus(str(self.query_one("#claim-status", Select).value)),
                note=self.query_one("#claim-note", TextArea).text,
                rationale=self.query_one("#claim-rationale", TextArea).text.strip(),
                evidence=evidence,
            )
        )
