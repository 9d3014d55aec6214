"""The Claims tab: suggested claims to accept or reject, the claims being checked, and
the disagreements between sources; plus the side-by-side view of a disagreement.

Like the other lists, it holds no state: the screen gives it what to show and
acts on the messages it posts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Label, Static
from textual.widgets.option_list import Option

from tui_reader.model import Annotation, ClaimStatus
from tui_reader.nlp.claims import ClaimCandidate
from tui_reader.ui.annotation_list import (
    SOURCE_LENGTH,
    AnnotationList,
    annotation_prompt,
    preview,
)
from tui_reader.workbench import Flag

SUGGESTION = "suggestion:"
FLAG = "flag:"


class ClaimList(AnnotationList):
    """Suggestions, claims and disagreements, each in a section.

    On a suggestion `y` (or `enter`) accepts and `x` rejects; `A` accepts every
    suggestion. On a disagreement `enter` shows both claims side by side, `y`
    confirms the flag and `x` dismisses it. On a claim `enter` jumps, `e`
    edits, `d` deletes. `f` filters the claims by status, `o` sorts them by
    position or by status.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "yes", "Accept / confirm", id="claims_yes"),
        Binding("x", "no", "Reject / dismiss", id="claims_no"),
        Binding("A", "accept_all", "Accept all", id="claims_accept_all"),
        Binding("f", "filter", "Filter status", id="claims_filter"),
        Binding("o", "sort", "Sort", id="claims_sort"),
    ]

    @dataclass
    class Accept(Message):
        index: int

    @dataclass
    class Reject(Message):
        index: int

    class AcceptAll(Message):
        pass

    @dataclass
    class Decide(Message):
        index: int
        confirmed: bool

    @dataclass
    class ShowFlag(Message):
        index: int

    class CycleFilter(Message):
        pass

    class ToggleSort(Message):
        pass

    def show_workbench(
        self,
        text: str,
        claims: list[Annotation],
        suggestions: list[ClaimCandidate],
        flags: list[Flag],
        status: ClaimStatus | None,
        by_status: bool,
    ) -> None:
        highlighted = self.highlighted_id
        self.clear_options()
        shown = f"{status}" if status else "all"
        order = "by status" if by_status else "by position"
        self.add_option(
            Option(
                Text(f"Claims: {shown}, {order} (f filter · o sort)", style="dim italic"),
                disabled=True,
            )
        )
        placed = [claim for claim in claims if not claim.orphan]
        self.add_options(Option(annotation_prompt(claim), id=claim.id) for claim in placed)
        if not placed:
            self.add_option(Option(Text("  none yet: c records one", style="dim"), disabled=True))
        if suggestions:
            header = Text(
                f"Suggested ({len(suggestions)}): y accept · x reject · A all", style="bold"
            )
            self.add_option(Option(header, disabled=True))
            for index, candidate in enumerate(suggestions):
                self.add_option(
                    Option(_suggestion_prompt(candidate, text), id=f"{SUGGESTION}{index}")
                )
        if flags:
            self.add_option(
                Option(Text(f"Disagreements ({len(flags)})", style="bold"), disabled=True)
            )
            for index, flag in enumerate(flags):
                self.add_option(Option(_flag_prompt(flag), id=f"{FLAG}{index}"))
        orphans = [claim for claim in claims if claim.orphan]
        if orphans:
            header = Text(f"Orphans ({len(orphans)}): passage no longer found", style="bold red")
            self.add_option(Option(header, disabled=True))
            self.add_options(Option(annotation_prompt(claim), id=claim.id) for claim in orphans)
        if highlighted is not None:
            self.highlight_id(highlighted)

    def _highlighted(self, prefix: str) -> int | None:
        option_id = self.highlighted_id or ""
        return int(option_id[len(prefix) :]) if option_id.startswith(prefix) else None

    def on_option_list_option_selected(self, event) -> None:
        event.stop()
        if (index := self._highlighted(SUGGESTION)) is not None:
            self.post_message(self.Accept(index))
        elif (index := self._highlighted(FLAG)) is not None:
            self.post_message(self.ShowFlag(index))
        elif event.option.id:
            self.post_message(self.Jump(event.option.id))

    def action_yes(self) -> None:
        if (index := self._highlighted(SUGGESTION)) is not None:
            self.post_message(self.Accept(index))
        elif (index := self._highlighted(FLAG)) is not None:
            self.post_message(self.Decide(index, confirmed=True))

    def action_no(self) -> None:
        if (index := self._highlighted(SUGGESTION)) is not None:
            self.post_message(self.Reject(index))
        elif (index := self._highlighted(FLAG)) is not None:
            self.post_message(self.Decide(index, confirmed=False))

    def action_accept_all(self) -> None:
        self.post_message(self.AcceptAll())

    def action_filter(self) -> None:
        self.post_message(self.CycleFilter())

    def action_sort(self) -> None:
        self.post_message(self.ToggleSort())


def _suggestion_prompt(candidate: ClaimCandidate, text: str) -> Text:
    source = preview(candidate.source_text(text), SOURCE_LENGTH)
    cue = text[candidate.cue[0] : candidate.cue[1]]
    content = text[candidate.content[0] : candidate.content[1]]
    prompt = Text(style="dim")
    prompt.append("suggested ", style="italic")
    prompt.append(f"{source} ", style="bold")
    prompt.append(f"{cue}\n  “{preview(content)}”")
    return prompt


def _flag_prompt(flag: Flag) -> Text:
    marks = {
        "flagged": ("⚠ ", "bold yellow"),
        "confirmed": ("✔ ", "bold red"),
        "dismissed": ("✕ ", "dim"),
    }
    mark, style = marks[flag.state]
    prompt = Text(mark, style=style)
    prompt.append(f"{flag.state}: ", style=style)
    prompt.append(flag.description)
    return prompt


class DisagreementScreen(ModalScreen[bool | None]):
    """Two claims whose figures disagree, side by side: `y` confirms, `x` dismisses."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "decide(True)", "Confirm the disagreement", id="flag_confirm"),
        Binding("x", "decide(False)", "Dismiss the flag", id="flag_dismiss"),
        Binding("escape", "close", "Close", id="flag_close"),
    ]

    def __init__(self, flag: Flag, text: str) -> None:
        super().__init__()
        self.flag = flag
        self.text = text

    def compose(self) -> ComposeResult:
        disagreement = self.flag.disagreement
        with Vertical(classes="dialog", id="disagreement"):
            yield Label(
                f"Do these figures disagree? ({disagreement.event})", classes="dialog-title"
            )
            with Horizontal(id="disagreement-sides"):
                for claim, figure in (
                    (disagreement.first, disagreement.first_figure),
                    (disagreement.second, disagreement.second_figure),
                ):
                    yield Static(self._side(claim, figure), classes="disagreement-side")
            yield Static(
                f"now {self.flag.state} · y confirm · x dismiss · escape close",
                classes="dialog-hint",
            )

    def _side(self, claim: ClaimCandidate, figure: tuple[int, int]) -> Text:
        text = self.text
        side = Text()
        side.append(" ".join(claim.source_text(text).split()), style="bold")
        side.append(f" {text[claim.cue[0] : claim.cue[1]]}\n\n", style="italic")
        start, end = claim.content
        if not start <= figure[0] <= figure[1] <= end:  # the figure is outside the content
            start, end = min(start, figure[0]), max(end, figure[1])
        side.append("“" + text[start : figure[0]])
        side.append(text[figure[0] : figure[1]], style="bold reverse")
        side.append(text[figure[1] : end] + "”")
        return side

    def action_decide(self, confirmed: bool) -> None:
        self.dismiss(confirmed)

    def action_close(self) -> None:
        self.dismiss(None)
