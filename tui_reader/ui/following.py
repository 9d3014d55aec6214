"""The side panel follows the text cursor: what is under it is highlighted in the tab shown.

The tab stays the one the reader chose (`1` `2` `3`, a click): switching tabs
as the cursor crossed a note hid the list the reader was using. A tab with
nothing under the cursor keeps its highlight.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.widgets import TabbedContent

from tui_reader.model import Annotation
from tui_reader.nlp.entities import Entity
from tui_reader.ui.annotation_list import AnnotationList

if TYPE_CHECKING:
    from tui_reader.ui.side_panel import SidePanel


def entity_named_at(entities: Sequence[Entity], text: str, offset: int) -> tuple[str, str] | None:
    """The type and flattened name of the entity under `offset`, in a list sorted by
    start (a bisect: asked on every cursor move)."""
    index = bisect_right(entities, offset, key=lambda entity: entity.start) - 1
    if index < 0 or not entities[index].start <= offset < entities[index].end:
        return None
    entity = entities[index]
    return entity.label, " ".join(entity.text_in(text).split())


def follow_cursor(
    panel: SidePanel, annotations_here: list[Annotation], entity_here: tuple[str, str] | None
) -> None:
    """Highlight the innermost annotation (or the entity) under the cursor in the tab shown."""
    if not annotations_here and entity_here is None:
        return  # most key presses: no DOM queries on the way
    active = panel.query_one(TabbedContent).active
    if active == "entities-tab":
        if entity_here is not None:
            panel.entity_list.highlight_entity(*entity_here)
        return
    shown = (
        panel.claims if active == "claims-tab" else panel.query_one("#notes-list", AnnotationList)
    )
    for annotation in sorted(annotations_here, key=lambda a: a.end - a.start):
        if shown.highlight_id(annotation.id):
            return
