"""Entities as JSON lines, one per paragraph, the way spaCy and Prodigy read them.

Each line is `{"text", "spans": [{"start", "end", "label"}], "meta"}` with span
offsets counted in code points from the start of the paragraph (what Python and
spaCy's `char_span` use). `meta` says where the paragraph lies in the article, so
article-wide offsets are `meta.offset + start`. Paragraphs without entities are
written too: they are the negative examples a model needs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from tui_reader.document import Article
from tui_reader.export.common import Dropped, ExportResult, dropped_kinds, drops
from tui_reader.model import Annotation, Kind
from tui_reader.nlp.entities import Entity


def export(
    article: Article, annotations: Sequence[Annotation], entities: Sequence[Entity]
) -> ExportResult:
    lines = []
    ordered = sorted(entities)
    next_entity = placed = 0
    for index, (start, end) in enumerate(article.paragraphs):
        while next_entity < len(ordered) and ordered[next_entity].start < start:
            next_entity += 1
        inside = []
        while next_entity < len(ordered) and ordered[next_entity].start < end:
            entity = ordered[next_entity]
            if entity.end <= end:
                inside.append(
                    {
                        "start": entity.start - start,
                        "end": entity.end - start,
                        "label": entity.label,
                    }
                )
            next_entity += 1
        placed += len(inside)
        record = {
            "text": article.text[start:end],
            "spans": inside,
            "meta": {"article": article.content_hash, "paragraph": index, "offset": start},
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    dropped = dropped_kinds(annotations, {Kind.ENTITY}, "spacy-jsonl holds entities only")
    dropped += drops(
        Dropped(
            len(entities) - placed,
            "entity across paragraphs",
            "entities across paragraphs",
            "each line holds one paragraph",
        ),
    )
    return ExportResult("spacy-jsonl", "".join(line + "\n" for line in lines), dropped=dropped)
