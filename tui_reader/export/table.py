"""CSV with one row per annotation, for spreadsheets and data tools.

RFC 4180 quoting (fields with commas, quotes or line breaks are quoted), a header
row, UTF-8. Tags are joined with ", " (the way they are typed); a tag that holds
a comma, a double quote or a line break, or space at its ends (an imported one
can), is written in double quotes with its quotes doubled, so
`common.split_tags` (or Python's `csv` reader with `skipinitialspace=True`)
gives the same list back. Offsets are code points of the article's decoded
text. Every text cell goes through `common.spreadsheet_cell`: no formula, no raw
control character, unless `export_raw` is asked for.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from tui_reader.document import Article
from tui_reader.export.common import (
    ExportResult,
    dropped_claim_details,
    join_tags,
    spreadsheet_cell,
)
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
    """The CSV for spreadsheets: formulas neutralised, control characters visible."""
    return _export(annotations, raw=False)


def export_raw(
    article: Article, annotations: Sequence[Annotation], entities: Sequence[Entity]
) -> ExportResult:
    """The CSV with every cell exactly as stored, for programs."""
    return _export(annotations, raw=True)


def _export(annotations: Sequence[Annotation], raw: bool) -> ExportResult:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(_row(annotation, raw) for annotation in annotations)
    return ExportResult("csv", buffer.getvalue(), dropped=dropped_claim_details(annotations, "csv"))


def _row(annotation: Annotation, raw: bool) -> list[str | int]:
    claim = annotation.claim
    cells: list[str | int] = [
        annotation.id,
        str(annotation.kind),
        annotation.start,
        annotation.end,
        annotation.quote.exact,
        annotation.body,
        join_tags(annotation.tags),
        annotation.label,
        str(claim.status) if claim else "",
        claim.source if claim else "",
        annotation.created,
        annotation.modified,
        "yes" if annotation.orphan else "",
    ]
    return [spreadsheet_cell(cell, raw) if isinstance(cell, str) else cell for cell in cells]
