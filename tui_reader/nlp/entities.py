"""Named entities: the record, the recogniser protocol, and how to pick a backend.

Recognisers work paragraph by paragraph (offsets are always article-wide), so the
reader can ask for the visible paragraphs first and the rest later, and spaCy can
be fed with `nlp.pipe` instead of one huge document.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from tui_reader.document import Article, Span
from tui_reader.model import Annotation, Kind


@dataclass(frozen=True, slots=True, order=True)
class Entity:
    """A named entity: article-wide code-point offsets and an OntoNotes label."""

    start: int
    end: int
    label: str

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]


class Recognizer(Protocol):
    """What every entity backend offers."""

    name: str
    version: str

    def recognize(self, paragraphs: Iterable[tuple[int, str]]) -> Iterator[list[Entity]]:
        """Entities of each (offset, paragraph text) pair, in order, one list per paragraph."""
        ...


def recognize_article(recognizer: Recognizer, article: Article) -> list[Entity]:
    """All entities of an article, in text order."""
    return recognize_spans(recognizer, article, article.paragraphs)


def recognize_spans(
    recognizer: Recognizer, article: Article, spans: Iterable[Span]
) -> list[Entity]:
    """Entities of the given paragraph spans of an article, in text order."""
    text = article.text
    found: list[Entity] = []
    for entities in recognizer.recognize((start, text[start:end]) for start, end in spans):
        found.extend(entities)
    return sorted(found)


def apply_corrections(recognized: list[Entity], annotations: Iterable[Annotation]) -> list[Entity]:
    """Recognised entities with the user's corrections (ENTITY annotations) applied.

    A correction replaces every recognised entity it overlaps; an empty label
    means "not an entity" and only removes. Orphaned corrections apply nowhere.
    """
    corrections = [a for a in annotations if a.kind is Kind.ENTITY and not a.orphan]
    if not corrections:
        return recognized
    covered = _merge_spans(sorted((a.start, a.end) for a in corrections))
    starts = [start for start, _ in covered]

    def overridden(entity: Entity) -> bool:
        # The only merged span that can overlap is the last one starting before its end.
        index = bisect_left(starts, entity.end) - 1
        return index >= 0 and covered[index][1] > entity.start

    kept = [entity for entity in recognized if not overridden(entity)]
    added = [Entity(a.start, a.end, a.label) for a in corrections if a.label]
    return sorted(kept + added)


def _merge_spans(spans: list[Span]) -> list[Span]:
    """Merge sorted, possibly overlapping spans into disjoint ones."""
    merged: list[Span] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
