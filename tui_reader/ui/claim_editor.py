"""The claim editor: who claims it, the verdict, why, and the evidence for and against.

Used both to record a new claim (`c`) and to work on one from the Claims tab
(`e`). The status log is shown, not edited: every change of status is logged
with its time when the claim is saved.

The form scrolls between the quoted passage and the buttons, so Save and
Cancel stay on screen at any size from 80x24, and each evidence item is a
block of its own, its fields stacked full width: a field that is focused is
scrolled into view, so nothing is typed into a field the user cannot see.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from tui_reader.display import display_text
from tui_reader.model import Claim, ClaimStatus, Evidence
from tui_reader.steps import ClaimForm
from tui_reader.ui.dialogs import DialogBase

STANCES = ("supports", "refutes", "context")


class EvidenceRow(Vertical):
    """One evidence item: where (URL), what it says, how it bears on the claim, a note."""

    def __init__(self, evidence: Evidence, number: int) -> None:
        super().__init__(classes="evidence-row")
        self.evidence = evidence
        self.border_title = f"Evidence {number}"

    def compose(self) -> ComposeResult:
        url = Input(self.evidence.url, placeholder="https://…", classes="evidence-url")
        quote = Input(self.evidence.quote, placeholder="what it says", classes="evidence-quote")
        stance = Select(
            [(stance, stance) for stance in STANCES],
            value=self.evidence.stance if self.evidence.stance in STANCES else "context",
            allow_blank=False,
            classes="evidence-stance",
        )
        note = Input(self.evidence.note, placeholder="note", classes="evidence-note")
        for field, title in ((url, "URL"), (quote, "Quote"), (stance, "Stance"), (note, "Note")):
            field.border_title = title
        yield url
        yield quote
        yield stance
        with Horizontal(classes="evidence-last-line"):
            yield note
            yield Button("Remove", classes="evidence-remove", tooltip="Remove this evidence")

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
        first_field: str = "claim-source",
    ) -> None:
        super().__init__("Claim", passage)
        self.first_field = first_field
        """The field focused first: the note for a claim that `c` opened (rated already)."""
        self.source = source
        self.status = status
        self.note = note
        self.claim = claim or Claim(source=source, status=status)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog claim-editor"):
            yield from self.compose_header()
            with VerticalScroll(id="claim-form"):
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
                with Vertical(id="evidence-list"):
                    for number, item in enumerate(self.claim.evidence, start=1):
                        yield EvidenceRow(item, number)
                yield Button("Add evidence (ctrl+n)", id="add-evidence")
                if self.claim.log:
                    history = "  ".join(
                        f"{entry.at[:16].replace('T', ' ')} {entry.status}"
                        for entry in self.claim.log
                    )
                    log = display_text(f"Status log: {history}")
                    yield Static(log, classes="dialog-hint", id="claim-log")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(f"#{self.first_field}").focus()

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
            self.call_after_refresh(self._renumber)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Keep the focused field in view: typing never goes into a field scrolled away."""
        self.query_one("#claim-form", VerticalScroll).scroll_to_widget(event.widget, animate=False)

    def action_add_evidence(self) -> None:
        evidence_list = self.query_one("#evidence-list", Vertical)
        row = EvidenceRow(Evidence(), len(evidence_list.children) + 1)
        evidence_list.mount(row)
        self.call_after_refresh(lambda: row.query_one(".evidence-url", Input).focus())

    def _renumber(self) -> None:
        for number, row in enumerate(self.query(EvidenceRow), start=1):
            row.border_title = f"Evidence {number}"

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
