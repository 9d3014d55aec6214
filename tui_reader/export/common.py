"""What every exporter shares: the result record, drop reports, and small helpers.

An export never fails silently: whatever a format has no place for is counted in a
`Dropped` entry, which the CLI prints on standard error and the app shows.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tui_reader.display import displayable
from tui_reader.document import Article
from tui_reader.model import Annotation, Kind

KIND_NOUNS: dict[Kind, tuple[str, str]] = {
    Kind.NOTE: ("note", "notes"),
    Kind.TAG: ("tag annotation", "tag annotations"),
    Kind.CLAIM: ("claim", "claims"),
    Kind.ENTITY: ("entity correction", "entity corrections"),
    Kind.DECISION: ("decision on a suggestion", "decisions on suggestions"),
}
"""How a count of annotations of each kind reads in a message."""


@dataclass(frozen=True)
class Dropped:
    """Something an export left out: how many, of what, and why."""

    count: int
    singular: str
    plural: str
    why: str

    def __str__(self) -> str:
        noun = self.singular if self.count == 1 else self.plural
        return f"dropped {self.count} {noun}: {self.why}"


@dataclass(frozen=True)
class ExportResult:
    """An export's output and what it could not keep.

    `text` is what goes to standard output or to the `-o` file. Formats made of
    several files (brat) also fill `files` (file name -> content), written
    together into the `-o` directory. `dropped` has one line per kind of thing
    left out ("dropped 3 claim evidence items: brat has no place for them").
    """

    format: str
    text: str
    files: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)


def drops(*entries: Dropped) -> list[str]:
    """The messages of the entries that dropped something (count above zero)."""
    return [str(entry) for entry in entries if entry.count > 0]


def dropped_kinds(annotations: Iterable[Annotation], kept: set[Kind], why: str) -> list[str]:
    """One `Dropped` per annotation kind a format has no place for."""
    counts = Counter(annotation.kind for annotation in annotations if annotation.kind not in kept)
    return drops(*(Dropped(counts[kind], *KIND_NOUNS[kind], why) for kind in Kind))


def dropped_claim_details(
    annotations: Iterable[Annotation], fmt: str, keep: Collection[str] = ()
) -> list[str]:
    """Count the claim details (evidence, rationale, cue, status log, links, groups) `fmt`
    cannot hold.

    `keep` names the details the format does write, so only the others count.
    """
    claims = [a.claim for a in annotations if a.kind is Kind.CLAIM and a.claim is not None]
    found = {
        "evidence": sum(len(claim.evidence) for claim in claims),
        "rationale": sum(1 for claim in claims if claim.rationale.strip()),
        "cue": sum(1 for claim in claims if claim.cue.strip()),
        "log": sum(len(claim.log) for claim in claims),
        "links": sum(len(claim.links) for claim in claims) // 2,
        "group": sum(1 for claim in claims if claim.group),
    }
    nouns = {
        "evidence": ("claim evidence item", "claim evidence items"),
        "rationale": ("claim rationale", "claim rationales"),
        "cue": ("claim cue", "claim cues"),
        "log": ("claim status log entry", "claim status log entries"),
        "links": ("link between claims", "links between claims"),
        "group": ("claim's disagreement group", "claims' disagreement groups"),
    }
    return drops(
        *(
            Dropped(count, *nouns[name], f"{fmt} has no place for them")
            for name, count in found.items()
            if name not in keep
        )
    )


def orphans_dropped(annotations: Sequence[Annotation], fmt: str) -> list[str]:
    """Orphans have no trustworthy offsets, so offset-only formats leave them out."""
    count = sum(1 for annotation in annotations if annotation.orphan)
    why = f"their passage is no longer in the text, and {fmt} needs offsets"
    return drops(Dropped(count, "orphaned annotation", "orphaned annotations", why))


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, CSV injection)."""


def spreadsheet_cell(value: str, raw: bool = False) -> str:
    """A CSV cell that a spreadsheet shows as text and a terminal as text.

    Control characters are made visible (`display.displayable`), and a cell
    starting like a formula gets a ' before it, which spreadsheets read as
    "this is text" and do not show. `raw` keeps the value exactly as stored,
    for programs that read the file (`export --raw`).
    """
    if raw:
        return value
    shown = displayable(value)
    return (
        "'" + shown
        if value.startswith(FORMULA_STARTS) or shown.startswith(FORMULA_STARTS)
        else shown
    )


def join_tags(tags: Sequence[str]) -> str:
    """The tags cell: ", " between tags, a tag that would not come back alone quoted."""
    return ", ".join(_quoted_tag(tag) if _needs_quotes(tag) else tag for tag in tags)


def _needs_quotes(tag: str) -> bool:
    """A comma, a quote or a line break in it, or space around it (which a reader strips)."""
    return any(mark in tag for mark in ',"\r\n') or tag != tag.strip() or not tag


def _quoted_tag(tag: str) -> str:
    return '"' + tag.replace('"', '""') + '"'


def split_tags(cell: str) -> list[str]:
    """The tags of a tags cell, as `join_tags` wrote them."""
    if not cell:
        return []
    return next(csv.reader([cell], skipinitialspace=True))


def article_stem(article: Article) -> str:
    """The base name used for files written beside an export ("article" for stdin)."""
    stem = Path(article.name).stem if article.path is not None else ""
    return stem or "article"


def annotation_order(annotation: Annotation) -> tuple[int, int, str, str]:
    """Text order, then creation time, then id, so exports are stable."""
    return (annotation.start, annotation.end, annotation.created, annotation.id)
