"""The Claims tab: suggested claims to accept or reject, the claims being checked, and
the disagreements between sources; plus the side-by-side view of a disagreement.

Like the other lists, it holds no state: the screen gives it what to show and
acts on the messages it posts.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tui_reader.display import display_text, displayable
from tui_reader.document import Article, Span
from tui_reader.model import Annotation, ClaimStatus, Kind
from tui_reader.nlp.entities import Entity
from tui_reader.session import ReadingSession
from tui_reader.store import Conflict
from tui_reader.ui.annotation_list import (
    SOURCE_LENGTH,
    AnnotationList,
    ChangeRequested,
    annotation_prompt,
    preview,
)
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
SUGGESTION = "suggestion:"
FLAG = "flag:"


@dataclass
class ClaimsFound(Message):
    """The claim finder's suggestions and the disagreements among them."""

    candidates: list[ClaimCandidate]
    disagreements: list[Disagreement]


@dataclass
class SuggestionsShown(Message):
    """The suggested claims changed: the text marks them (dimmed)."""

    spans: list[Span]


class ClaimList(AnnotationList):
    """The claims workbench: suggestions, claims and disagreements, each in a section.

    On a suggestion `y` (or `enter`) accepts and `x` rejects; `A` accepts every
    suggestion. On a disagreement `enter` shows both claims side by side, `y`
    confirms the flag and `x` dismisses it. On a claim `enter` jumps, `e`
    edits, `d` deletes. `f` filters the claims by status, `o` sorts them by
    position or by status. Changes go to the screen as `ChangeRequested`.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "yes", "Accept / confirm", id="claims_yes"),
        Binding("x", "no", "Reject / dismiss", id="claims_no"),
        Binding("A", "accept_all", "Accept all", id="claims_accept_all"),
        Binding("f", "filter", "Filter status", id="claims_filter"),
        Binding("o", "sort", "Sort", id="claims_sort"),
    ]

    def __init__(self, session: ReadingSession, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.entities: list[Entity] = []
        """The article's entities, to link a claim's source to its type."""
        self.candidates: list[ClaimCandidate] = []
        self.disagreements: list[Disagreement] = []
        self.suggestions: list[ClaimCandidate] = []
        """Candidates not yet accepted or rejected, as listed."""
        self.flags: list[Flag] = []
        self.status_filter: ClaimStatus | None = None
        self.by_status = False
        self.reading_position = 0
        """Where the reader is; a long list of suggestions is listed from there."""

    @property
    def article(self) -> Article:
        return self.session.article

    @work(thread=True, exclusive=True, group="claims")
    def find_claims(self, entities: list[Entity], parse: bool = False) -> None:
        """Run the claim finder off the UI thread, posting each update (see `claim_updates`):
        the rule path at once, then, with `parse`, spaCy's parser path chunk by chunk."""
        from tui_reader.nlp.claim_updates import apply_update, claim_updates
        from tui_reader.nlp.disagreements import find_disagreements

        parser = None
        if parse:
            from tui_reader.nlp.claim_parser import installed_parser

            parser = installed_parser()
        worker = get_current_worker()
        self.entities = entities
        article = self.article
        candidates: list[ClaimCandidate] = []
        disagreements: list[Disagreement] = []
        updates = claim_updates(article, entities or None, parser, lambda: worker.is_cancelled)
        for update in updates:
            candidates = apply_update(candidates, update)
            if update.covering is None:  # a whole list; between chunks the last flags stand
                disagreements = find_disagreements(article, candidates)
            self.post_message(ClaimsFound(candidates, disagreements))

    @on(ClaimsFound)
    def _claims_found(self, message: ClaimsFound) -> None:
        message.stop()
        self.candidates = message.candidates
        self.disagreements = message.disagreements
        self.refresh_claims()

    def refresh_claims(self) -> None:
        """Show suggestions, claims and flags as the annotations now stand."""
        annotations = self.session.annotations
        self.suggestions = open_suggestions(self.candidates, annotations)
        self.flags = flags(self.article, self.disagreements, annotations)
        claims = claims_view(annotations, self.status_filter, self.by_status)
        claims += [a for a in annotations if a.kind is Kind.CLAIM and a.orphan and a not in claims]
        self._show(claims)
        self.post_message(SuggestionsShown([c.content for c in self.suggestions]))

    def _show(self, claims: list[Annotation]) -> None:
        text = self.article.text
        highlighted = self.highlighted_id
        self.clear_options()
        shown = f"{self.status_filter}" if self.status_filter else "all"
        order = "by status" if self.by_status else "by position"
        heading = Text(f"Claims: {shown}, {order} (f filter · o sort)", style="dim italic")
        self.add_option(Option(heading, disabled=True))
        placed = [claim for claim in claims if not claim.orphan]
        self.add_options(Option(annotation_prompt(claim), id=claim.id) for claim in placed)
        if not placed:
            self.add_option(Option(Text("  none yet: c records one", style="dim"), disabled=True))
        if self.suggestions:
            header = f"Suggested ({len(self.suggestions)}): y accept · x reject · A all"
            listed = self._listed_suggestions()
            if len(listed) < len(self.suggestions):
                header += f"\n  {len(listed)} listed, from the cursor on"
            self.add_option(Option(Text(header, style="bold"), disabled=True))
            self.add_options(
                Option(_suggestion_prompt(self.suggestions[index], text), id=f"{SUGGESTION}{index}")
                for index in listed
            )
        if self.flags:
            flags_heading = Text(f"Disagreements ({len(self.flags)})", style="bold")
            self.add_option(Option(flags_heading, disabled=True))
            for index, flag in enumerate(self.flags):
                self.add_option(Option(_flag_prompt(flag), id=f"{FLAG}{index}"))
        orphans = [claim for claim in claims if claim.orphan]
        if orphans:
            orphans_heading = Text(
                f"Orphans ({len(orphans)}): passage no longer found", style="bold red"
            )
            self.add_option(Option(orphans_heading, disabled=True))
            self.add_options(Option(annotation_prompt(claim), id=claim.id) for claim in orphans)
        if highlighted is not None:
            self.highlight_id(highlighted)

    def _listed_suggestions(self) -> range:
        """The suggestions to list: all of them, or `MAX_LISTED` from the cursor on.

        A 10 MB article has tens of thousands; listing them all would cost
        seconds at every change, and nobody reads such a list.
        """
        count = len(self.suggestions)
        if count <= MAX_LISTED:
            return range(count)
        first = bisect_left([c.content[1] for c in self.suggestions], self.reading_position)
        first = min(first, count - MAX_LISTED)
        return range(first, first + MAX_LISTED)

    def _highlighted(self, prefix: str) -> int | None:
        option_id = self.highlighted_id or ""
        return int(option_id[len(prefix) :]) if option_id.startswith(prefix) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self._highlighted(SUGGESTION) is not None:
            self.action_yes()
        elif (index := self._highlighted(FLAG)) is not None:
            self._show_flag(self.flags[index])
        elif event.option.id:
            self.post_message(self.Jump(event.option.id))

    def _request(self, change: Callable[[], list[Conflict]], description: str) -> None:
        self.post_message(ChangeRequested(change, description))

    def action_yes(self) -> None:
        session = self.session
        if (index := self._highlighted(SUGGESTION)) is not None:
            claim = claim_from_candidate(self.article, self.suggestions[index], self.entities)
            self._request(lambda: session.add(claim, "accept claim"), "Claim accepted")
        elif (index := self._highlighted(FLAG)) is not None:
            self._decide(self.flags[index], confirmed=True)

    def action_no(self) -> None:
        session = self.session
        if (index := self._highlighted(SUGGESTION)) is not None:
            decision = rejection(self.article, self.suggestions[index])
            self._request(
                lambda: session.add(decision, "reject suggestion"),
                "Not a claim: it will not be suggested again (u to undo)",
            )
        elif (index := self._highlighted(FLAG)) is not None:
            self._decide(self.flags[index], confirmed=False)

    def action_accept_all(self) -> None:
        if not self.suggestions:
            return
        claims = [claim_from_candidate(self.article, c, self.entities) for c in self.suggestions]
        words = f"accept {len(claims)} claims"
        self._request(lambda: self.session.add_many(claims, words), f"{len(claims)} accepted")

    def _decide(self, flag: Flag, confirmed: bool) -> None:
        after = decide(self.article, flag, confirmed)
        words = "disagreement confirmed" if confirmed else "flag dismissed"
        before = flag.decision
        if before is None:
            self._request(lambda: self.session.add(after, words), words.capitalize())
        elif before.label != after.label:
            self._request(lambda: self.session.update(before, after, words), words.capitalize())

    def _show_flag(self, flag: Flag) -> None:
        def decided(confirmed: bool | None) -> None:
            if confirmed is not None:
                self._decide(flag, confirmed)

        self.app.push_screen(DisagreementScreen(flag, self.article.text), decided)

    def action_filter(self) -> None:
        choices: list[ClaimStatus | None] = [None, *ClaimStatus]
        self.status_filter = choices[(choices.index(self.status_filter) + 1) % len(choices)]
        self.refresh_claims()

    def action_sort(self) -> None:
        self.by_status = not self.by_status
        self.refresh_claims()


def _suggestion_prompt(candidate: ClaimCandidate, text: str) -> Text:
    source = preview(candidate.source_text(text), SOURCE_LENGTH) or "(unattributed)"
    cue = text[candidate.cue[0] : candidate.cue[1]]
    content = text[candidate.content[0] : candidate.content[1]]
    prompt = Text(style="dim")
    kind = "" if candidate.kind.value == "statement" else f"{candidate.kind.value} "
    prompt.append(f"suggested {kind}", style="italic")
    prompt.append(displayable(f"{source} "), style="bold")
    prompt.append(displayable(f"{cue}\n  “{preview(content)}”"))
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
    prompt.append(displayable(flag.description))
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
