"""The reader's keys for checking claims and for the reading modes, and their actions.

`ReaderScreen` inherits them: each action hands over to `Checking`
(`ui/checking.py`) or to the reading modes (`ui/reading_modes.py`), which hold
the rules; so do the messages of the panel's tabs that decide on or edit what
is listed (to `Checking` or `Annotating`). The keys clash with none of the
article's, the panel's or the tabs' (README, "The keymap"), so they work
wherever the focus is in the reader; each can be remapped by its binding id
like any other.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import OptionList

from tui_reader.claim_workbench import ClaimWorkbench
from tui_reader.model import ClaimStatus, LinkRelation
from tui_reader.ui import messages
from tui_reader.ui.annotating import Annotating
from tui_reader.ui.article_view import ArticleView
from tui_reader.ui.carrying import Carrying
from tui_reader.ui.checking import Checking, ReaderMemory
from tui_reader.ui.echo_jumps import EchoJumps
from tui_reader.ui.reading_modes import apply_modes
from tui_reader.ui.side_panel import SidePanel

STATUS_GROUP = Binding.Group("Status")
"""One footer entry for the six status keys (six labels would push every other key out)."""

STATUS_BINDINGS: list[Binding] = [
    Binding("S", "status('supported')", "Supported", id="status_supported", group=STATUS_GROUP),
    Binding(
        "P",
        "status('partly supported')",
        "Partly supported",
        id="status_partly_supported",
        group=STATUS_GROUP,
    ),
    Binding("D", "status('disputed')", "Disputed", id="status_disputed", group=STATUS_GROUP),
    Binding("F", "status('false')", "False", id="status_false", group=STATUS_GROUP),
    Binding(
        "C",
        "status('not checkable')",
        "Not checkable",
        id="status_not_checkable",
        group=STATUS_GROUP,
    ),
    Binding("U", "status('unverified')", "Unverified", id="status_unverified", group=STATUS_GROUP),
]
"""A verdict in one key, on the claim here (a suggestion here is accepted with it)."""

EVIDENCE_BINDINGS: list[Binding] = [
    Binding("plus", "stance('supports')", "Evidence: supports", show=False, id="evidence_supports"),
    Binding(
        "minus", "stance('refutes')", "Evidence: contradicts", show=False, id="evidence_refutes"
    ),
    Binding(
        "equals_sign", "stance('context')", "Evidence: context", show=False, id="evidence_context"
    ),
    Binding("p", "pick", "Pick a passage as evidence (for any article)", show=False, id="pick"),
    Binding("T", "target", "Target claim (evidence and links go to it)", show=False, id="target"),
    Binding("J", "link('')", "Join the target's disagreement group", show=False, id="link_group"),
    Binding(
        "exclamation_mark",
        "link('contradicts')",
        "Link: contradicts the target",
        show=False,
        id="link_contradicts",
    ),
    Binding(
        "ampersand", "link('supports')", "Link: supports the target", show=False, id="link_supports"
    ),
]
"""Evidence from the text, and links between claims (see `ui/checking.py`)."""

MODE_BINDINGS: list[Binding] = [
    Binding("E", "mode('entity_colours')", "Entity colours", show=False, id="mode_entities"),
    Binding("M", "mode('suggestions')", "Claim suggestions", show=False, id="mode_suggestions"),
    Binding("Z", "mode('panel')", "Side panel", show=False, id="mode_panel"),
]
"""Reading modes: hide or show what the article shows besides its text."""

ECHO_BINDINGS: list[Binding] = [
    Binding(
        "greater_than_sign",
        "echo",
        "Open the next echo of the claim here in its article",
        show=False,
        id="echo_jump",
    ),
    Binding(
        "Y",
        "carried(True)",
        "Confirm the verdict carried over here",
        show=False,
        id="carried_confirm",
    ),
    Binding(
        "X",
        "carried(False)",
        "Dismiss the verdict carried over here",
        show=False,
        id="carried_dismiss",
    ),
]
"""Across articles (`ui/echo_jumps.py`)."""


class ReaderKeys(Screen[None]):
    """The checking keys and the reading modes of the reader screen, and the messages of
    the tabs' decisions and edits (each handed to `Checking` or `Annotating`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *STATUS_BINDINGS,
        *EVIDENCE_BINDINGS,
        *MODE_BINDINGS,
        *ECHO_BINDINGS,
    ]

    checking: Checking
    echo_jumps: EchoJumps
    carrying: Carrying
    annotating: Annotating
    memory: ReaderMemory
    workbench: ClaimWorkbench

    _rating_here = False
    """Whether the status keys show in the footer (see `check_action`)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The status keys show in the footer (and act) only where there is a claim or a
        suggestion to rate: the footer has no room for six more keys everywhere."""
        return self._rating_here if action == "status" else True

    def footer_follows(self) -> None:
        """After a cursor move, a highlight or a focus change: the status keys shown or not."""
        here = self.checking.here() != (None, None)
        if here != self._rating_here:
            self._rating_here = here
            self.refresh_bindings()
        self.carrying.show_here()

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self.footer_follows()

    def on_descendant_focus(self) -> None:
        self.footer_follows()

    def action_status(self, status: str) -> None:
        self.checking.status(ClaimStatus(status))

    def action_stance(self, stance: str) -> None:
        self.checking.stance(stance)

    def action_pick(self) -> None:
        self.checking.pick()

    def action_target(self) -> None:
        self.checking.choose_target()

    def action_link(self, relation: str) -> None:
        self.checking.link(LinkRelation(relation) if relation else None)

    def action_echo(self) -> None:
        self.echo_jumps.jump()

    def action_carried(self, confirm: bool) -> None:
        if confirm:
            self.carrying.confirm()
        else:
            self.carrying.dismiss()

    def action_mode(self, mode: str) -> None:
        self.notify(self.memory.modes.toggle(mode), timeout=2)
        view, panel = self.query_one(ArticleView), self.query_one(SidePanel)
        apply_modes(self.memory.modes, view, panel, self.workbench)

    # The tabs' messages --------------------------------------------------------------------

    @on(messages.AcceptSuggestion)
    def _accept(self, message: messages.AcceptSuggestion) -> None:
        self.checking.accept(message.suggestion_id)

    @on(messages.RejectSuggestion)
    def _reject(self, message: messages.RejectSuggestion) -> None:
        self.checking.reject(message.suggestion_id)

    @on(messages.AcceptAllSuggestions)
    def _accept_all(self) -> None:
        self.checking.accept_all()

    @on(messages.Decide)
    def _decide(self, message: messages.Decide) -> None:
        self.checking.decide(message.flag_id, message.confirmed)

    @on(messages.ShowFlag)
    def _show_flag(self, message: messages.ShowFlag) -> None:
        self.annotating.disagreement(message.flag_id)

    @on(messages.RetypeEntity)
    def _retype_entity(self, message: messages.RetypeEntity) -> None:
        self.annotating.retype(message.label, message.text)

    @on(messages.RemoveEntity)
    def _remove_entity(self, message: messages.RemoveEntity) -> None:
        self.annotating.remove(message.label, message.text)

    @on(messages.Edit)
    def _edit(self, message: messages.Edit) -> None:
        self.annotating.edit(message.annotation_id)

    @on(messages.Reattach)
    def _reattach(self, message: messages.Reattach) -> None:
        self.annotating.reattach(message.annotation_id)

    @on(messages.Delete)
    def _delete(self, message: messages.Delete) -> None:
        self.annotating.delete(message.annotation_id)
