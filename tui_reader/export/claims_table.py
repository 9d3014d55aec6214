"""CSV with one row per claim: the fact-checker's worksheet.

Each evidence item is one line of the `evidence` cell, written as
"stance: url “quote” — note", so the sheet stays one row per claim. Cells go
through `common.spreadsheet_cell`, as in the `csv` format.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from tui_reader.document import Article
from tui_reader.export.common import (
    ExportResult,
    dropped_claim_details,
    dropped_kinds,
    join_tags,
    spreadsheet_cell,
)
from tui_reader.model import Annotation, Evidence, Kind
from tui_reader.nlp.entities import Entity

COLUMNS = (
    "id",
    "start",
    "end",
    "quote",
    "source",
    "cue",
    "status",
    "rationale",
    "evidence",
    "note",
    "tags",
    "created",
    "modified",
)


def export(
    article: Article, annotations: Sequence[Annotation], entities: Sequence[Entity]
) -> ExportResult:
    """The claims worksheet: formulas neutralised, control characters visible."""
    return _export(annotations, raw=False)


def export_raw(
    article: Article, annotations: Sequence[Annotation], entities: Sequence[Entity]
) -> ExportResult:
    """The claims worksheet with every cell exactly as stored, for programs."""
    return _export(annotations, raw=True)


def _export(annotations: Sequence[Annotation], raw: bool) -> ExportResult:
    claims = [a for a in annotations if a.kind is Kind.CLAIM and a.claim is not None]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for annotation in claims:
        claim = annotation.claim
        assert claim is not None
        cells: list[str | int] = [
            annotation.id,
            annotation.start,
            annotation.end,
            annotation.quote.exact,
            claim.source,
            claim.cue,
            str(claim.status),
            claim.rationale,
            "\n".join(evidence_line(item) for item in claim.evidence),
            annotation.body,
            join_tags(annotation.tags),
            annotation.created,
            annotation.modified,
        ]
        writer.writerow(
            spreadsheet_cell(cell, raw) if isinstance(cell, str) else cell for cell in cells
        )
    dropped = dropped_kinds(annotations, {Kind.CLAIM}, "claims-csv holds claims only")
    dropped += dropped_claim_details(claims, "claims-csv", keep={"evidence", "rationale", "cue"})
    return ExportResult("claims-csv", buffer.getvalue(), dropped=dropped)


def evidence_line(item: Evidence) -> str:
    """One evidence item on one line: stance, address, quote and note."""
    quote, note = _one_line(item.quote), _one_line(item.note)
    parts = [
        f"{item.stance}:",
        item.url,
        f"“{quote}”" if quote else "",
        f"— {note}" if note else "",
    ]
    return " ".join(part for part in parts if part)


def _one_line(text: str) -> str:
    return " ".join(text.split())
