"""What is marked on the article's text, and how a row of it is cut into styled pieces.

The article view shows four kinds of marks: entities (coloured by group, a group
can be hidden), the reader's annotations, the claim finder's suggestions and the
search hits. Each kind is kept sorted by start and found by bisection, so a row
asks only for the marks that touch it, whatever the article's size. `generation`
counts the changes that make every rendered row stale (the view keys its row
cache on it); `replace_entities` is the exception, for a part read again.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise

from rich.segment import Segment
from rich.style import Style

from tui_reader.document import Span
from tui_reader.model import Annotation, Kind
from tui_reader.nlp.entities import Entity

ENTITY_GROUPS: dict[str, tuple[str, ...]] = {
    "person": ("PERSON",),
    "org": ("ORG",),
    "place": ("GPE", "LOC", "FAC"),
    "norp": ("NORP",),
    "date": ("DATE", "TIME"),
    "number": ("CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"),
    "misc": ("EVENT", "PRODUCT", "LAW", "WORK_OF_ART", "LANGUAGE"),
}
"""Entity labels grouped into the colours shown in the text and the legend."""

GROUP_OF_LABEL = {label: group for group, labels in ENTITY_GROUPS.items() for label in labels}

Layer = tuple[int, int, Style]
"""A styled span of the text: start, end (exclusive), the style added there."""


class SpanIndex:
    """Spans sorted by start, found by bisection: which of them touch [start, end)?"""

    def __init__(self, spans: Iterable[tuple[int, int, str]]) -> None:
        self.spans = sorted(spans)
        self.starts = [span[0] for span in self.spans]
        self.longest = max((end - start for start, end, _ in self.spans), default=0)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, str]]:
        first = bisect_left(self.starts, start - self.longest)
        last = bisect_left(self.starts, end)
        return [span for span in self.spans[first:last] if span[1] > start]

    def replace(self, start: int, end: int, spans: Iterable[tuple[int, int, str]]) -> None:
        """Put `spans` (all starting in [start, end)) in place of those starting there."""
        new = sorted(spans)
        low, high = bisect_left(self.starts, start), bisect_left(self.starts, end)
        self.spans[low:high] = new
        self.starts[low:high] = [span[0] for span in new]
        self.longest = max(self.longest, max((e - s for s, e, _ in new), default=0))

    def covering(self, offset: int) -> list[tuple[int, int, str]]:
        return [span for span in self.overlapping(offset, offset + 1) if span[0] <= offset]

    def __len__(self) -> int:
        return len(self.spans)


class TextMarks:
    """The marks on the text, by kind (see the module docstring)."""

    def __init__(self) -> None:
        self.entities = SpanIndex(())
        self.annotations = SpanIndex(())
        """(start, end, kind): "note", "tag", "claim" or "correction" (an entity's)."""
        self.search = SpanIndex(())
        self.suggestions = SpanIndex(())
        self.hidden_groups: set[str] = set()
        """Entity groups whose colours are hidden (see ENTITY_GROUPS)."""
        self.entity_colours = True
        """False: no entity is coloured (a reading mode, `ui/reading_modes.py`)."""
        self.generation = 0

    def set_entities(self, entities: Sequence[Entity]) -> None:
        self.entities = SpanIndex((e.start, e.end, e.label) for e in entities)
        self.generation += 1

    def replace_entities(self, start: int, end: int, entities: Sequence[Entity]) -> None:
        """Put `entities` in place of those starting in text[start:end]; the caller
        forgets the rows showing that part (the generation stays)."""
        self.entities.replace(start, end, ((e.start, e.end, e.label) for e in entities))

    def set_annotations(self, annotations: Sequence[Annotation]) -> None:
        marks: list[tuple[int, int, str]] = []
        for annotation in annotations:
            if annotation.orphan or annotation.kind is Kind.DECISION:
                continue  # a decision is about a suggestion, not a mark of the reader's
            kind = "correction" if annotation.kind is Kind.ENTITY else str(annotation.kind)
            marks.append((annotation.start, annotation.end, kind))
        self.annotations = SpanIndex(marks)
        self.generation += 1

    def set_suggestions(self, spans: Iterable[Span]) -> None:
        self.suggestions = SpanIndex((start, end, "suggestion") for start, end in spans)
        self.generation += 1

    def set_search_matches(self, matches: Iterable[Span]) -> None:
        self.search = SpanIndex((start, end, "search") for start, end in matches)
        self.generation += 1

    def set_hidden_groups(self, groups: Iterable[str]) -> None:
        self.hidden_groups = set(groups)
        self.generation += 1

    def set_entity_colours(self, shown: bool) -> bool:
        """Show or hide every entity's colour; says whether that changed anything."""
        if shown == self.entity_colours:
            return False
        self.entity_colours = shown
        self.generation += 1
        return True

    def layers(self, start: int, end: int, style_of: Callable[[str], Style]) -> list[Layer]:
        """The marks touching text[start:end], styled by `style_of` (a mark's name:
        an entity group, "suggestion", an annotation's kind, "search"), in the order
        they are painted: entity colour < suggestion < annotation < search."""
        layers: list[Layer] = []
        for span_start, span_end, label in self.entities.overlapping(start, end):
            group = GROUP_OF_LABEL.get(label, "misc")
            if self.entity_colours and group not in self.hidden_groups:
                layers.append((span_start, span_end, style_of(group)))
        for span_start, span_end, _ in self.suggestions.overlapping(start, end):
            layers.append((span_start, span_end, style_of("suggestion")))
        for span_start, span_end, kind in self.annotations.overlapping(start, end):
            layers.append((span_start, span_end, style_of(kind)))
        for span_start, span_end, _ in self.search.overlapping(start, end):
            layers.append((span_start, span_end, style_of("search")))
        return layers


def styled_segments(shown: str, row_start: int, layers: list[Layer], base: Style) -> list[Segment]:
    """Cut the row's text where any layer starts or ends and style each piece.

    Later layers win over earlier ones (entity colour < annotation < search <
    selection < cursor), because Rich styles add left to right.
    """
    length = len(shown)
    if not layers:
        return [Segment(shown, base)]
    cuts = {0, length}
    clipped = []
    for start, end, style in layers:
        start, end = max(start - row_start, 0), min(end - row_start, length)
        if start < end:
            clipped.append((start, end, style))
            cuts.update((start, end))
    points = sorted(cuts)
    segments = []
    for left, right in pairwise(points):
        style = base
        for start, end, layer in clipped:
            if start <= left and right <= end:
                style = style + layer
        segments.append(Segment(shown[left:right], style))
    return segments
