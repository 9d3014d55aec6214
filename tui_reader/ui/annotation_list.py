"""A list of annotations (notes, tags, claims) that posts what the user wants done.

Option ids are annotation ids, so the panel can follow the cursor by
highlighting the annotation under it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from tui_reader.claim_actions import link_summary
from tui_reader.display import displayable
from tui_reader.model import Annotation, Kind
from tui_reader.store import Conflict
from tui_reader.ui import messages

CONFLICT = "conflict:"
"""How the ids of conflict rows begin (an annotation's id never does)."""
PREVIEW_LENGTH = 60
SOURCE_LENGTH = 40
"""A source resolved from "it" can be a whole noun phrase; lists show its start."""


def preview(quote: str, length: int = PREVIEW_LENGTH) -> str:
    """A one-line excerpt of a passage, at most `length` characters."""
    flat = " ".join(quote.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


def annotation_prompt(annotation: Annotation) -> Text:
    """How an annotation reads in a list: what it is, then the passage it marks.

    Every part but the kind's name is the user's or the article's, so displayable.
    """
    text = Text()
    if annotation.orphan:
        text.append("orphan ", style="bold red")
    if annotation.kind is Kind.NOTE:
        text.append("note ", style="bold")
        text.append(displayable(annotation.summary()))
    elif annotation.kind is Kind.TAG:
        text.append("tags ", style="bold")
        text.append(displayable(annotation.summary()), style="italic")
    elif annotation.kind is Kind.CLAIM and annotation.claim is not None:
        text.append(f"{annotation.claim.status.upper()} ", style="bold")
        source = preview(annotation.claim.source, SOURCE_LENGTH) or "unknown source"
        text.append(displayable(source))
        if links := link_summary(annotation.claim):
            text.append(f"  [{links}]", style="italic")
        if annotation.body.strip():
            first_line = annotation.body.strip().splitlines()[0]
            text.append(displayable(f" — {first_line}"), style="dim")
    else:
        text.append("entity ", style="bold")
        text.append(displayable(annotation.label) or "not an entity")
    text.append(f"\n  “{displayable(preview(annotation.quote.exact))}”", style="dim")
    return text


def _conflict_prompt(conflict: Conflict) -> Text:
    prompt = Text("⚠ ", style="bold yellow")
    prompt.append(displayable(conflict.message()))
    return prompt


class AnnotationList(OptionList):
    """A list of annotations: `enter` or a click jumps, `e` edits, `d` deletes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit", id="panel_edit"),
        Binding("d", "delete", "Delete", id="panel_delete"),
        Binding(
            "r",
            "reattach",
            "Re-attach",
            tooltip="Move the annotation (e.g. an orphan) to the selection in the text",
            id="panel_reattach",
        ),
    ]

    def show(self, annotations: list[Annotation], conflicts: Sequence[Conflict] = ()) -> None:
        """Replace the list's contents, keeping the highlighted annotation if it is still there.

        Conflicts with another instance come first, until the user settles them.
        """
        highlighted = self.highlighted_id
        self.clear_options()
        if conflicts:
            heading = f"Conflicts ({len(conflicts)}) with another window: enter shows both"
            self.add_option(Option(Text(heading, style="bold yellow"), disabled=True))
            self.add_options(Option(_conflict_prompt(c), id=f"{CONFLICT}{c.id}") for c in conflicts)
        placed = [a for a in annotations if not a.orphan]
        orphans = [a for a in annotations if a.orphan]
        self.add_options(Option(annotation_prompt(a), id=a.id) for a in placed)
        if orphans:
            header = Text(f"Orphans ({len(orphans)}): passage no longer found", style="bold red")
            self.add_option(Option(header, disabled=True))
            self.add_options(Option(annotation_prompt(a), id=a.id) for a in orphans)
        if highlighted is not None:
            self.highlight_id(highlighted)

    @property
    def highlighted_id(self) -> str | None:
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id

    def highlight_id(self, annotation_id: str) -> bool:
        """Highlight an annotation's row if it is listed; says whether it was."""
        try:
            self.highlighted = self.get_option_index(annotation_id)
        except OptionDoesNotExist:
            return False
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith(CONFLICT):
            self.post_message(messages.ShowConflict(option_id.removeprefix(CONFLICT)))
        elif option_id:
            self.post_message(messages.Jump(option_id))

    def action_edit(self) -> None:
        if self.highlighted_id:
            self.post_message(messages.Edit(self.highlighted_id))

    def action_delete(self) -> None:
        if self.highlighted_id:
            self.post_message(messages.Delete(self.highlighted_id))

    def action_reattach(self) -> None:
        if self.highlighted_id:
            self.post_message(messages.Reattach(self.highlighted_id))
