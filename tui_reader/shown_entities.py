"""The entities the reader shows: what the recogniser found, with the user's corrections.

The entity worker streams updates (`nlp.pipeline.EntityUpdate`): a whole list,
or the entities of one part of the text replacing what an earlier, faster stage
found there. `ShownEntities` keeps both lists (as recognised, as shown) and
applies the corrections again when they change. It is plain data, owned by the
screen's message handlers: no worker writes it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from tui_reader.document import Span
from tui_reader.model import Annotation, Kind
from tui_reader.nlp.entities import Entity, apply_corrections


def _corrections(annotations: Iterable[Annotation]) -> list[Annotation]:
    return [a for a in annotations if a.kind is Kind.ENTITY]


def _splice(entities: list[Entity], start: int, end: int, replacement: list[Entity]) -> None:
    """Put `replacement` in place of the entities starting in [start, end) of a sorted list."""
    low = bisect_left(entities, Entity(start, -1, ""))
    high = bisect_left(entities, Entity(end, -1, ""))
    entities[low:high] = replacement


class ShownEntities:
    """Recognised entities and, from them, the ones shown (corrections applied)."""

    def __init__(self) -> None:
        self.recognized: list[Entity] = []
        self.shown: list[Entity] = []
        """A list of its own: parts of it are replaced as a slower recogniser gets there."""
        self._applied: list[Annotation] = []

    def replace_all(self, recognized: list[Entity], annotations: list[Annotation]) -> None:
        self.recognized = recognized
        self.correct(annotations)

    def correct(self, annotations: list[Annotation]) -> None:
        """Apply the corrections among `annotations` again."""
        self._applied = _corrections(annotations)
        self.shown = list(apply_corrections(self.recognized, annotations))

    def corrections_changed(self, annotations: list[Annotation]) -> bool:
        return _corrections(annotations) != self._applied

    def replace_part(
        self, covering: Span, entities: list[Entity], annotations: list[Annotation]
    ) -> list[Entity]:
        """Replace what an earlier stage found in one part; returns the part as shown."""
        start, end = covering
        _splice(self.recognized, start, end, entities)
        corrected = apply_corrections(entities, annotations)  # every correction added
        here = [entity for entity in corrected if start <= entity.start < end]
        _splice(self.shown, start, end, here)
        return here

    def spans_of(self, label: str, name: str, text: str) -> list[Span]:
        """Where the entity of this type and (white-space flattened) name is shown."""
        return [(e.start, e.end) for e in self.occurrences(label, name, text)]

    def not_entities(self) -> list[Entity]:
        """The passages the user said are not entities (label ""), by position."""
        return sorted(
            Entity(a.start, a.end, "") for a in self._applied if not a.label and not a.orphan
        )

    def occurrences(self, label: str, name: str, text: str) -> list[Entity]:
        """The entity's places; for label "", the places said not to be an entity."""
        entities = self.shown if label else self.not_entities()
        return [
            e for e in entities if e.label == label and " ".join(e.text_in(text).split()) == name
        ]

    def next_occurrence(self, label: str, name: str, text: str, offset: int) -> Entity | None:
        """The entity's first occurrence after `offset`, else its first (`enter` cycles)."""
        occurrences = self.occurrences(label, name, text)
        following = (e for e in occurrences if e.start > offset)
        return next(following, occurrences[0] if occurrences else None)

    def label_at(self, span: Span) -> str:
        return next((e.label for e in self.shown if (e.start, e.end) == span), "")
