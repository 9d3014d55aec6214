"""A list of annotations (notes, tags, claims) that posts what the user wants done.

Option ids are annotation ids, so the panel can follow the cursor by
highlighting the annotation under it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

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
FIRST_ROWS = 120
"""Rows a list shows at once: more than any panel's height, so the first screen is whole."""
ROWS_PER_PIECE = 150
"""Rows added after each repaint for the rest of a long list. Textual measures every new
row's height (wrapping its text) when the list next paints: 1,000 rows at once held the
first screen about 0.5 s; 150 at a time cost some 40-80 ms a paint, between keys."""


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._unbuilt: list[Option | Annotation] = []
        """The rows of a long list not added yet (see `ROWS_PER_PIECE`), in order."""
        self._unbuilt_ids: set[str] = set()

    def show(self, annotations: list[Annotation], conflicts: Sequence[Conflict] = ()) -> None:
        """Replace the list's contents, keeping the highlighted annotation if it is still there.

        Conflicts with another instance come first, until the user settles them. A long
        list is built in pieces: the first rows at once, the rest after each repaint
        (a row asked for by id, to highlight it, is built at once with those before it).
        """
        highlighted = self.highlighted_id
        self.clear_options()
        rows: list[Option | Annotation] = []
        if conflicts:
            heading = f"Conflicts ({len(conflicts)}) with another window: enter shows both"
            rows.append(Option(Text(heading, style="bold yellow"), disabled=True))
            rows.extend(Option(_conflict_prompt(c), id=f"{CONFLICT}{c.id}") for c in conflicts)
        orphans = [a for a in annotations if a.orphan]
        rows.extend(a for a in annotations if not a.orphan)
        if orphans:
            header = Text(f"Orphans ({len(orphans)}): passage no longer found", style="bold red")
            rows.append(Option(header, disabled=True))
            rows.extend(orphans)
        self._unbuilt = rows
        self._unbuilt_ids = {row.id for row in rows if isinstance(row, Annotation)}
        self._build(FIRST_ROWS)
        if highlighted is not None:
            self.highlight_id(highlighted)

    def _build(self, count: int) -> None:
        """Add the next `count` unbuilt rows; if some are left, the next piece after
        the repaint that measures these."""
        piece, self._unbuilt = self._unbuilt[:count], self._unbuilt[count:]
        self._unbuilt_ids.difference_update(r.id for r in piece if isinstance(r, Annotation))
        self.add_options(
            row if isinstance(row, Option) else Option(annotation_prompt(row), id=row.id)
            for row in piece
        )
        if self._unbuilt:
            self.call_after_refresh(self._build_piece, self._unbuilt)

    def _build_piece(self, rows: list[Option | Annotation]) -> None:
        if rows is self._unbuilt:  # not replaced by a newer `show`, nor built meanwhile
            self._build(ROWS_PER_PIECE)

    @property
    def highlighted_id(self) -> str | None:
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id

    def highlight_id(self, annotation_id: str) -> bool:
        """Highlight an annotation's row if it is listed; says whether it was."""
        if annotation_id in self._unbuilt_ids:
            ids = [row.id for row in self._unbuilt]
            self._build(ids.index(annotation_id) + 1)
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
