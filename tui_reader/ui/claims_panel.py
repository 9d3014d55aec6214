"""The Claims tab: suggested claims to accept or reject, the claims being checked, and
the disagreements between sources; plus the side-by-side view of a disagreement.

The list holds no state: it shows the screen's `ClaimWorkbench` and posts what
a key asked for on the highlighted row (`ui/messages.py`), by the row's id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tui_reader.across.article_echoes import CarriedOver, EchoedPassage
from tui_reader.claim_workbench import FLAG, SUGGESTION, ClaimWorkbench, flag_id, suggestion_id
from tui_reader.display import display_text, displayable, quoted
from tui_reader.ui import messages
from tui_reader.ui.annotation_list import (
    PREVIEW_LENGTH,
    AnnotationList,
    ShortName,
    annotation_matches,
    annotation_prompt,
)
from tui_reader.ui.badges import State
from tui_reader.ui.echo_marks import with_echoes
from tui_reader.workbench import Flag

if TYPE_CHECKING:
    from tui_reader.model import Annotation
    from tui_reader.nlp.claims import ClaimCandidate


class ClaimList(AnnotationList):
    """The claims workbench: suggestions, claims and disagreements, each in a section.

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

    def __init__(self, workbench: ClaimWorkbench, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.workbench = workbench
        """The screen's; read here, changed only by the screen's handlers."""
        self.echoes: tuple[EchoedPassage, ...] = ()
        """The article's passages other articles echo (`messages.EchoesFound`)."""
        self.carried: tuple[CarriedOver, ...] = ()
        """The verdicts carried over from other articles still to decide."""
        self._after_first_frame = False
        """Whether the screen's first frame is written, so the list can be built (see
        `show_workbench`)."""

    def rebuild(self) -> None:
        self.show_workbench()

    def show_workbench(self) -> None:
        """Show suggestions, claims and flags as the workbench now has them (and the filter
        keeps).

        The first build waits for the screen's first frame: the Claims tab is never
        the one shown at the start, and naming the claims' sources reads the whole
        text for the acronyms it defines (`nlp/short_names.py`), some 0.1-0.2 s of a
        50 MB article's first screen otherwise. It waits for two refreshes: Textual
        composes the first frame inside its start-up batch and does not write it, and
        a callback queued for after it runs before the frame that is written.
        """
        if not self._after_first_frame:
            return  # built by `_build_after_first_frame`
        workbench = self.workbench
        text = workbench.article.text
        highlighted, row = self.highlighted_id, self.highlighted
        self.clear_options()
        query, name = self.list_filter, self.short_name
        claims = workbench.claims
        kept = [claim for claim in claims if annotation_matches(query, claim, name)]
        listed = [
            candidate
            for candidate in workbench.listed_suggestions()
            if query.matches(_suggestion_text(candidate, text, name), (), [State.SUGGESTED])
        ]
        flags = [f for f in workbench.flags if query.matches(f.description, (), [f.state])]
        total = len(claims) + len(workbench.suggestions) + len(workbench.flags)
        self.add_filter_heading(len(kept) + len(listed) + len(flags), total)
        shown = f"{workbench.status_filter}" if workbench.status_filter else "all"
        order = "by status" if workbench.by_status else "by position"
        self.add_heading(Text(f"Claims: {shown}, {order} (f filter · o sort)", style="italic"))
        placed = [claim for claim in kept if not claim.orphan]
        self.add_rows(self._option(claim) for claim in placed)
        if not placed:
            none = "  none match" if query else "  none yet: c records one"
            self.add_heading(Text(none, style="italic"))
        if listed:
            self.add_option(None)
            header = f"Suggested ({len(workbench.suggestions)}): y accept · x reject · A all"
            if len(workbench.listed_suggestions()) < len(workbench.suggestions):
                header += f"\n  {len(workbench.listed_suggestions())} listed, from the cursor on"
            self.add_heading(header)
            self.add_rows(
                Option(
                    with_echoes(self._suggestion_prompt(c, text), self, c.content),
                    id=suggestion_id(c),
                )
                for c in listed
            )
        if flags:
            self.add_option(None)
            self.add_heading(f"Disagreements ({len(workbench.flags)})")
            self.add_rows(Option(self._flag_prompt(f), id=flag_id(f)) for f in flags)
        orphans = [claim for claim in kept if claim.orphan]
        if orphans:
            self.add_option(None)
            self.add_heading(f"Orphans ({len(orphans)}): passage no longer found")
            self.add_rows(self._option(claim) for claim in orphans)
        if highlighted is not None and not self.highlight_id(highlighted) and row is not None:
            self._highlight_near(row)  # accepted or rejected: the row that took its place

    def on_mount(self) -> None:
        self.call_after_refresh(self.call_after_refresh, self._build_after_first_frame)

    def _build_after_first_frame(self) -> None:
        self._after_first_frame = True
        self.show_workbench()

    def _option(self, annotation: Annotation) -> Option:
        """A claim's row, with the other articles that echo its passage."""
        prompt = annotation_prompt(annotation, self.badges, self.short_name)
        span = (annotation.start, annotation.end)
        return Option(with_echoes(prompt, self, span), id=annotation.id)

    def _suggestion_prompt(self, candidate: ClaimCandidate, text: str) -> Text:
        source = self.short_name(candidate.source_text(text)) or "(unattributed)"
        cue = text[candidate.cue[0] : candidate.cue[1]]
        content = text[candidate.content[0] : candidate.content[1]]
        prompt = self.badge(State.SUGGESTED)
        kind = "" if candidate.kind.value == "statement" else f"{candidate.kind.value} "
        prompt.append(f" {kind}", style="italic")
        prompt.append(displayable(f"{source} "), style="bold")
        prompt.append(displayable(cue), style="italic")
        prompt.append(displayable(f"\n  {quoted(content, PREVIEW_LENGTH)}"), style="italic")
        return prompt

    def _flag_prompt(self, flag: Flag) -> Text:
        prompt = self.badge(flag.state)
        prompt.append(" ")
        prompt.append(displayable(flag.description))
        return prompt

    def _highlight_near(self, row: int) -> None:
        """Highlight the first enabled row from `row` on (else the last before it); the
        highlight scrolls it into view. Without it the list lost its highlight and showed
        its top, far from where the user was working."""
        rows = range(self.option_count)
        after = (i for i in rows if i >= row and not self.get_option_at_index(i).disabled)
        before = (i for i in reversed(rows) if i < row and not self.get_option_at_index(i).disabled)
        self.highlighted = next(after, next(before, None))

    def _highlighted(self, prefix: str) -> str | None:
        option_id = self.highlighted_id or ""
        return option_id if option_id.startswith(prefix) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self._highlighted(SUGGESTION) is not None:
            self.action_yes()
        elif (flag := self._highlighted(FLAG)) is not None:
            self.post_message(messages.ShowFlag(flag))
        elif event.option.id:
            self.post_message(messages.Jump(event.option.id))

    def action_yes(self) -> None:
        if (suggestion := self._highlighted(SUGGESTION)) is not None:
            self.post_message(messages.AcceptSuggestion(suggestion))
        elif (flag := self._highlighted(FLAG)) is not None:
            self.post_message(messages.Decide(flag, confirmed=True))

    def action_no(self) -> None:
        if (suggestion := self._highlighted(SUGGESTION)) is not None:
            self.post_message(messages.RejectSuggestion(suggestion))
        elif (flag := self._highlighted(FLAG)) is not None:
            self.post_message(messages.Decide(flag, confirmed=False))

    def action_accept_all(self) -> None:
        self.post_message(messages.AcceptAllSuggestions())

    def action_filter(self) -> None:
        self.post_message(messages.CycleClaimFilter())

    def action_sort(self) -> None:
        self.post_message(messages.ToggleClaimSort())


def _suggestion_text(candidate: ClaimCandidate, text: str, short_name: ShortName) -> str:
    """What the filter's words are looked for in: source, its short name, cue, content."""
    source = candidate.source_text(text)
    spans = (candidate.cue, candidate.content)
    return " ".join([source, short_name(source), *(text[start:end] for start, end in spans)])


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
            question = display_text(f"Do these figures disagree? ({disagreement.event})")
            yield Label(question, classes="dialog-title")
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
        side.append(displayable(" ".join(claim.source_text(text).split())), style="bold")
        side.append(displayable(f" {text[claim.cue[0] : claim.cue[1]]}\n\n"), style="italic")
        start, end = claim.content
        if not start <= figure[0] <= figure[1] <= end:  # the figure is outside the content
            start, end = min(start, figure[0]), max(end, figure[1])
        side.append(displayable("“" + text[start : figure[0]]))
        side.append(displayable(text[figure[0] : figure[1]]), style="bold reverse")
        side.append(displayable(text[figure[1] : end] + "”"))
        return side

    def action_decide(self, confirmed: bool) -> None:
        self.dismiss(confirmed)

    def action_close(self) -> None:
        self.dismiss(None)
