"""Labelled spans of another tool's record, as annotations for the importer to place.

doccano, Label Studio, WebAnno and Prodigy files give a text (a whole article, a
paragraph or a sentence) and spans in it with a label. Each span becomes an
entity or a tag (see `labels`), quoted from the record's own text with its
context, so the importer finds it in the article even when the record is only a
part of it; the record's place in the article, when the file gives one, is the
position hint.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from tui_reader.document import content_hash
from tui_reader.export.incoming import TEXT_HASH_URN, ImportedFile, Incoming, stable_id
from tui_reader.export.labels import LabelMap
from tui_reader.export.w3c import HASH_URN
from tui_reader.model import (
    QUOTE_CONTEXT,
    Annotation,
    Kind,
    TextPositionSelector,
    TextQuoteSelector,
)
from tui_reader.schema import InvalidRecord

_SPAN_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "tui-reader:labelled-span")


@dataclass(frozen=True)
class RecordText:
    """The text a record's spans count in, and where it lies in the article if known."""

    text: str
    offset: int = 0
    article: str = ""
    """The article's content hash when the file names it (our own exports do)."""

    @cached_property
    def source(self) -> str:
        """What the record annotates, for the importer: the article the file names, else
        the article whose whole text this is (if the library has it)."""
        if self.article:
            return HASH_URN + self.article
        return TEXT_HASH_URN + content_hash(self.text)


@dataclass
class SpanReader:
    """Turns one file's labelled spans into `Incoming` records, counting what it skips."""

    imported: ImportedFile
    labels: LabelMap
    stamp: str
    skipped_labels: Counter[str] = field(default_factory=Counter)
    utf16_positions: bool = False

    def add(
        self,
        record: RecordText,
        start: int,
        end: int,
        label: str | None,
        where: str,
        *,
        note: str = "",
        identity: str = "",
        created: str = "",
        context: tuple[int, int] | None = None,
    ) -> None:
        """One span `record.text[start:end]` labelled `label`; `where` names it in errors.

        Without a label the span is a plain note (`note`). `identity` is the
        tool's own id for the span when it has one: with the record's place it
        makes our id, so the same file imported twice adds nothing and two
        equal spans at two places stay two. `context` bounds the text quoted
        around the span (a sentence of a file whose text between sentences is
        not known); by default the record's whole text.
        """
        if not 0 <= start < end <= len(record.text):
            raise InvalidRecord(
                where,
                f"span {start}-{end} is not inside its text of {len(record.text)} characters",
            )
        how, value = self.labels.read(label) if label is not None else ("note", "")
        if how == "skip":
            self.skipped_labels[value] += 1
            return
        text = record.text
        low, high = context or (0, len(text))
        quote = TextQuoteSelector(
            exact=text[start:end],
            prefix=text[max(low, start - QUOTE_CONTEXT) : start],
            suffix=text[end : min(high, end + QUOTE_CONTEXT)],
        )
        key = "\t".join(
            [record.source, str(record.offset), str(start), str(end), label or "", note, identity]
        )
        annotation = Annotation(
            id=stable_id(identity) if identity else str(uuid.uuid5(_SPAN_NAMESPACE, key)),
            article=record.article,
            kind=Kind.ENTITY if how == "entity" else (Kind.NOTE if note else Kind.TAG),
            position=TextPositionSelector(record.offset + start, record.offset + end),
            quote=quote,
            body="" if how == "entity" else note,
            tags=(value,) if how == "tag" else (),
            label=value if how == "entity" else "",
            created=created or self.stamp,
        )
        placed = [annotation]
        if annotation.kind is Kind.ENTITY and note:
            placed.append(_note_beside(annotation, note))
        for each in placed:
            self.imported.items.append(
                Incoming(each, where, source=record.source, utf16_positions=self.utf16_positions)
            )

    def finish(self) -> None:
        """Say what was skipped by the user's label map."""
        if self.skipped_labels:
            counts = ", ".join(f"{n} {label}" for label, n in sorted(self.skipped_labels.items()))
            self.imported.ignored.append(f"spans the label map skips ({counts})")


def _note_beside(entity: Annotation, note: str) -> Annotation:
    """A note on an entity's passage: entity corrections hold no text of their own."""
    return Annotation(
        id=str(uuid.uuid5(_SPAN_NAMESPACE, entity.id + "\tnote")),
        article=entity.article,
        kind=Kind.NOTE,
        position=entity.position,
        quote=entity.quote,
        body=note,
        created=entity.created,
    )


def first_line(text: str) -> tuple[int, int]:
    """Where a note on a whole record goes: its first line that is not blank (the whole
    of a sentence or a paragraph; the headline of a whole article)."""
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    return start, len(text[:end].rstrip())
