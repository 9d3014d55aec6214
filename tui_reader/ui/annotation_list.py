"""A list of annotations (notes, tags, claims) that posts what the user wants done.

Option ids are annotation ids, so the panel can follow the cursor by
highlighting the annotation under it. Each row shows its state as a badge
(`ui/badges.py`), a claim's source by its short name, and the passage.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui_reader.claim_actions import link_summary
from tui_reader.display import displayable, quoted
from tui_reader.list_filter import ListFilter
from tui_reader.model import Annotation, Kind
from tui_reader.store import Conflict
from tui_reader.ui import messages
from tui_reader.ui.badges import State, badge_label
from tui_reader.ui.panel_list import PanelList, heading_option, separated

CONFLICT = "conflict:"
"""How the ids of conflict rows begin (an annotation's id never does)."""
PREVIEW_LENGTH = 60
SOURCE_LENGTH = 40
"""A source resolved from "it" can be a whole noun phrase; lists show its start."""
FIRST_ROWS = 240
"""Rows a list shows at once (items and the separator lines between them): more than
any panel's height, so the first screen is whole."""
ROWS_PER_PIECE = 300
"""Rows added after each repaint for the rest of a long list. Textual measures every new
row's height (wrapping its text) when the list next paints: 1,000 items at once held the
first screen about 0.5 s; 150 at a time cost some 40-80 ms a paint, between keys."""

ShortName = Callable[[str], str]
"""A claim's source -> the name a row shows ("CSP" for a long description)."""
Row = Option | Annotation | None
"""A list row not built yet: a ready option, an annotation to render, a separator."""


def preview(quote: str, length: int = PREVIEW_LENGTH) -> str:
    """A one-line excerpt of a passage, at most `length` characters."""
    flat = " ".join(quote.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


def plain_short_name(source: str) -> str:
    return preview(source, SOURCE_LENGTH)


def evidence_count(count: int) -> str:
    return "no evidence" if not count else f"{count} evidence item{'s' if count != 1 else ''}"


def annotation_prompt(
    annotation: Annotation,
    badges: Mapping[str, Style] | None = None,
    short_name: ShortName = plain_short_name,
) -> Text:
    """How an annotation reads in a list: its state, what it is, then the passage.

    Every part but the kind's name and the state is the user's or the article's,
    so displayable.
    """
    badges = badges or {}
    text = Text()

    def badge(state: str) -> None:
        text.append(badge_label(state), style=badges.get(state, "bold reverse"))
        text.append(" ")

    if annotation.orphan:
        badge(State.ORPHAN)
    if annotation.kind is Kind.NOTE:
        text.append("note ", style="bold")
        text.append(displayable(annotation.summary()))
    elif annotation.kind is Kind.TAG:
        text.append("tags ", style="bold")
        text.append(displayable(annotation.summary()), style="italic")
    elif annotation.kind is Kind.CLAIM and annotation.claim is not None:
        claim = annotation.claim
        badge(claim.status)
        text.append(displayable(short_name(claim.source)) or "unknown source", style="bold")
        text.append(f" · {evidence_count(len(claim.evidence))}")
        if links := link_summary(claim):
            text.append(f"  [{links}]", style="italic")
        if annotation.body.strip():
            first_line = annotation.body.strip().splitlines()[0]
            text.append(displayable(f" — {first_line}"), style="italic")
    else:
        text.append("entity ", style="bold")
        text.append(displayable(annotation.label) or "not an entity")
    passage = quoted(annotation.quote.exact, PREVIEW_LENGTH)
    text.append(f"\n  {displayable(passage)}", style="italic")
    return text


def annotation_matches(query: ListFilter, annotation: Annotation, short_name: ShortName) -> bool:
    """Whether the filter keeps the annotation: words in any of its text, its tags,
    its status (or orphan)."""
    if not query:  # kept whatever it holds: its source need not be named
        return True
    states: list[str] = [State.ORPHAN] if annotation.orphan else []
    parts = [annotation.summary(), annotation.body, annotation.quote.exact, annotation.label]
    if annotation.claim is not None:
        states.append(annotation.claim.status)
        parts += [annotation.claim.source, short_name(annotation.claim.source)]
        parts += [annotation.claim.rationale, annotation.claim.cue]
    parts += annotation.tags
    return query.matches(" ".join(parts), annotation.tags, states)


class AnnotationList(PanelList):
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

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.short_name: ShortName = plain_short_name
        """Set by the panel once the article's entities are known."""
        self._shown: tuple[list[Annotation], Sequence[Conflict]] = ([], ())
        self._unbuilt: list[Row] = []
        """The rows of a long list not added yet (see `ROWS_PER_PIECE`), in order."""
        self._unbuilt_ids: set[str] = set()

    def show(self, annotations: list[Annotation], conflicts: Sequence[Conflict] = ()) -> None:
        """Replace the list's contents, keeping the highlighted annotation if it is still there.

        Conflicts with another instance come first, until the user settles them. A long
        list is built in pieces: the first rows at once, the rest after each repaint
        (a row asked for by id, to highlight it, is built at once with those before it).
        """
        self._shown = (annotations, conflicts)
        self.rebuild()

    def rebuild(self) -> None:
        annotations, conflicts = self._shown
        highlighted = self.highlighted_id
        self.clear_options()
        kept = [a for a in annotations if annotation_matches(self.list_filter, a, self.short_name)]
        self.add_filter_heading(len(kept), len(annotations))
        rows: list[Row] = []
        if conflicts:
            heading = f"Conflicts ({len(conflicts)}) with another window: enter shows both"
            rows.append(heading_option(heading))
            rows += separated(
                Option(self._conflict_prompt(c), id=f"{CONFLICT}{c.id}") for c in conflicts
            )
            rows.append(None)
        placed = [a for a in kept if not a.orphan]
        orphans = [a for a in kept if a.orphan]
        rows += separated(placed)
        if orphans:
            rows.append(None)
            rows.append(heading_option(f"Orphans ({len(orphans)}): passage no longer found"))
            rows += separated(orphans)
        if annotations and not kept:
            rows.append(heading_option(Text("  nothing matches the filter", style="italic")))
        self._unbuilt = rows
        self._unbuilt_ids = {row.id for row in rows if isinstance(row, Annotation)}
        self._build(FIRST_ROWS)
        if highlighted is not None:
            self.highlight_id(highlighted)

    def _option(self, annotation: Annotation) -> Option:
        return Option(annotation_prompt(annotation, self.badges, self.short_name), id=annotation.id)

    def _conflict_prompt(self, conflict: Conflict) -> Text:
        prompt = self.badge(State.CONFLICT)
        prompt.append(" ")
        prompt.append(displayable(conflict.message()))
        return prompt

    def _build(self, count: int) -> None:
        """Add the next `count` unbuilt rows; if some are left, the next piece after
        the repaint that measures these."""
        piece, self._unbuilt = self._unbuilt[:count], self._unbuilt[count:]
        self._unbuilt_ids.difference_update(r.id for r in piece if isinstance(r, Annotation))
        self.add_options(self._option(row) if isinstance(row, Annotation) else row for row in piece)
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
            ids = [row.id if isinstance(row, Annotation) else None for row in self._unbuilt]
            self._build(ids.index(annotation_id) + 1)
        return self.keep_highlight(annotation_id)

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
