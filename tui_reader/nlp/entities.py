"""Named entities: the record, the recogniser protocol, and how to pick a backend.

Recognisers work paragraph by paragraph (offsets are always article-wide), so the
reader can ask for the visible paragraphs first and the rest later, and spaCy can
be fed with `nlp.pipe` instead of one huge document.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from tui_reader.document import Article, Span


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
