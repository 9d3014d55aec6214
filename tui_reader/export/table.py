"""CSV with one row per annotation, for spreadsheets and data tools.

RFC 4180 quoting (fields with commas, quotes or line breaks are quoted), a header
row, UTF-8. Tags are joined with ", " (the way they are typed, so no tag holds a
comma). Offsets are code points of the article's decoded text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from tui_reader.document import Article
from tui_reader.export.common import ExportResult, dropped_claim_details
from tui_reader.model import Annotation
from tui_reader.nlp.entities import Entity

COLUMNS = (
    "id",
    "kind",
    "start",
    "end",
    "quote",
    "note",
    "tags",
    "label",
    "claim_status",
    "claim_source",
    "created",
    "modified",
    "orphan",
)
"""The header; `label` is the type of an entity correction, empty when it removes one."""


def export(
    article: Article, annotations: Sequence[Annotation], entities: Sequence[Entity]
) -> ExportResult:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(_row(annotation) for annotation in annotations)
    return ExportResult("csv", buffer.getvalue(), dropped=dropped_claim_details(annotations, "csv"))


def _row(annotation: Annotation) -> list[str | int]:
    claim = annotation.claim
    return [
        annotation.id,
        str(annotation.kind),
        annotation.start,
        annotation.end,
        annotation.quote.exact,
        annotation.body,
        ", ".join(annotation.tags),
        annotation.label,
        str(claim.status) if claim else "",
        claim.source if claim else "",
        annotation.created,
        annotation.modified,
        "yes" if annotation.orphan else "",
    ]
