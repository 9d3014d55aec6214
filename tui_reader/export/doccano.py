"""doccano's JSONL for sequence labelling: read both its shapes, write the one it imports.

doccano writes one JSON object a line, an example each:

- `{"text": ..., "label": [[START, END, "LABEL"], ...]}` for sequence labelling
  (older versions call the field `labels`);
- `{"text": ..., "entities": [{"id", "label", "start_offset", "end_offset"}],
  "relations": [{"id", "from_id", "to_id", "type"}]}` when relations are on;

plus `"Comments"` (the annotators' comments on the example) and the example's
metadata as other keys. Offsets count code points of `text`.

Reading: each span is an entity or a tag by its label (see `labels`); comments
become notes on the example's whole text; relations link spans, which
tui-reader has no place for, and are counted; comments, which doccano keeps for
the whole example, are notes on its first line. A record's text is found in the
article (`--article`) or, when it is a whole article's text, in the library.

Writing: one example for the article, its entities (and tag annotations, under
the tag as label) as `label` spans `[START, END, LABEL]` in the article's text, the
shape doccano's sequence-labelling import reads with its default settings;
notes go to `Comments`. The article's content hash (`article`) and title come
along as metadata, so that importing the file back finds its article.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from tui_reader.document import Article
from tui_reader.export.common import ExportResult, dropped_kinds, orphans_dropped
from tui_reader.export.incoming import ImportedFile
from tui_reader.export.labels import LabelMap
from tui_reader.export.spans import RecordText, SpanReader, first_line
from tui_reader.export.validation import record
from tui_reader.model import Annotation, Kind
from tui_reader.nlp.entities import Entity
from tui_reader.schema import Fields, InvalidRecord, describe, is_content_hash
from tui_reader.wording import counted

SPAN_FIELDS = ("label", "labels", "entities")
"""Where doccano puts an example's spans, by version and project type."""


def export(
    article: Article, annotations: Sequence[Annotation], entities: Sequence[Entity]
) -> ExportResult:
    placed = [a for a in annotations if not a.orphan]
    spans: list[tuple[int, int, str]] = [(e.start, e.end, e.label) for e in entities]
    spans += [(a.start, a.end, tag) for a in placed if a.kind is Kind.TAG for tag in a.tags]
    notes = [a for a in placed if a.kind is Kind.NOTE and a.body.strip()]
    comments = [f"{a.quote.exact}: {a.body.strip()}" for a in notes]
    example = {
        "text": article.text,
        "label": [[start, end, label] for start, end, label in sorted(set(spans)) if end > start],
        "Comments": comments,
        "article": article.content_hash,
        "title": article.title,
    }
    dropped = dropped_kinds(
        annotations,
        {Kind.ENTITY, Kind.TAG, Kind.NOTE},
        "doccano's sequence labelling holds labelled spans and comments",
    )
    dropped += orphans_dropped([a for a in annotations if a.kind is not Kind.ENTITY], "doccano")
    text = json.dumps(example, ensure_ascii=False) + "\n"
    return ExportResult("doccano", text, dropped=dropped)


def is_doccano(first: dict[str, Any]) -> bool:
    """A doccano example: a text and one of the span fields."""
    return isinstance(first.get("text"), str) and any(key in first for key in SPAN_FIELDS)


def read(records: list[tuple[int, Any]], stamp: str, labels: LabelMap, unit: str) -> ImportedFile:
    """The spans and comments of doccano examples (`unit` names a record: line, record)."""
    imported = ImportedFile("doccano")
    reader = SpanReader(imported, labels, stamp)
    relations = 0
    for number, value in records:
        where = f"{unit} {number}"
        with record(where):
            example = Fields(value)
            text = RecordText(example.text("text"), article=_article_of(example))
            for key in SPAN_FIELDS:
                for index, span in enumerate(_spans(example, key)):
                    start, end, label, identity = span
                    reader.add(
                        text,
                        start,
                        end,
                        label,
                        f"{where}: {key}[{index}]",
                        identity=f"doccano:{value.get('id', '')}:{identity}" if identity else "",
                    )
            relations += len(list(example.records("relations")))
            for index, comment in enumerate(_comments(example)):
                if text.text.strip():
                    start, end = first_line(text.text)
                    reader.add(text, start, end, None, f"{where}: Comments[{index}]", note=comment)
    reader.finish()
    if relations:
        imported.ignored.append(
            f"{counted(relations, 'relation(s)')}: tui-reader has no links between spans"
        )
    return imported


def _article_of(example: Fields) -> str:
    value = example.data.get("article")
    return value if isinstance(value, str) and is_content_hash(value) else ""


def _spans(example: Fields, key: str) -> list[tuple[int, int, str, str]]:
    """(start, end, label, the span's own id or "") of one span field."""
    value = example.data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise example.wrong(key, "a list of spans")
    found = []
    for index, span in enumerate(value):
        name = example.name(f"{key}[{index}]")
        if isinstance(span, list):
            if len(span) != 3:
                raise InvalidRecord(name, "must be [start, end, label]")
            keys = ("start_offset", "end_offset", "label")
            fields = Fields(dict(zip(keys, span, strict=True)), name)
        elif isinstance(span, dict):
            fields = Fields(span, name)
        else:
            raise InvalidRecord(name, f"must be a span, not {describe(span)}")
        identity = fields.data.get("id")
        found.append(
            (
                fields.offset("start_offset"),
                fields.offset("end_offset"),
                fields.text("label"),
                str(identity) if isinstance(identity, int | str) else "",
            )
        )
    return found


def _comments(example: Fields) -> list[str]:
    """An example's comments: strings, or objects with a `text` (doccano's API)."""
    value = example.data.get("Comments") or example.data.get("comments") or []
    if not isinstance(value, list):
        raise example.wrong("Comments", "a list of comments")
    comments = []
    for index, comment in enumerate(value):
        if isinstance(comment, dict):
            comment = Fields(comment, example.name(f"Comments[{index}]")).text("text", "")
        elif not isinstance(comment, str):
            raise InvalidRecord(example.name(f"Comments[{index}]"), "must be a string")
        if comment.strip():
            comments.append(comment.strip())
    return comments
