"""Exports to the formats other tools read, and imports back from them.

Each format lives in its own module with one entry point,
`export(article, annotations, entities) -> ExportResult`; formats that use the
article's metadata take the `ExportContext` too (`uses_context`). The registry
below names the module instead of importing it, so the CLI pays only for the
format it uses.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tui_reader.atomic_files import UnconfirmedWrite, atomic_write
from tui_reader.document import Article
from tui_reader.errors import UserError
from tui_reader.export.common import ExportResult, annotation_order
from tui_reader.model import Annotation
from tui_reader.nlp.entities import Entity

if TYPE_CHECKING:  # imported with the first export that needs it
    from tui_reader.export.context import ExportContext

__all__ = [
    "FORMATS",
    "ExportFormat",
    "ExportResult",
    "check_raw",
    "default_filename",
    "export_article",
    "format_of_filename",
    "write_export",
]


Exporter = Callable[..., ExportResult]
"""A format's entry point: `(article, annotations, entities[, context]) -> ExportResult`."""


@dataclass(frozen=True)
class ExportFormat:
    """A format the user can name with `--format`."""

    name: str
    module: str
    summary: str
    file_suffix: str
    """Appended to the article's stem for a default output name (brat's is a directory)."""
    lossless: bool = False
    uses_context: bool = False
    """The entry point takes the `ExportContext` (the article's metadata, the reviewer)."""
    function: str = "export"
    """The entry point's name in the module (one module may write two variants)."""
    has_raw: bool = False
    """Spreadsheet formats: cells are made safe to open, unless `raw` asks for the entry
    point's `_raw` variant, which writes them as stored."""

    def exporter(self, raw: bool = False) -> Exporter:
        """Import the format's module now, and return its entry point (or its raw variant)."""
        module = importlib.import_module(f"tui_reader.export.{self.module}")
        name = f"{self.function}_raw" if raw else self.function
        return getattr(module, name)  # type: ignore[no-any-return]


FORMATS: dict[str, ExportFormat] = {
    spec.name: spec
    for spec in (
        ExportFormat(
            "md",
            "markdown",
            "a readable report, with front matter for note apps",
            ".md",
            uses_context=True,
        ),
        ExportFormat(
            "json", "native", "tui-reader's own JSON, lossless and re-importable", ".json", True
        ),
        ExportFormat(
            "csv", "table", "one row per annotation, for spreadsheets", ".csv", has_raw=True
        ),
        ExportFormat(
            "claims-csv",
            "claims_table",
            "one row per claim, with its evidence",
            ".claims.csv",
            has_raw=True,
        ),
        ExportFormat(
            "claimreview",
            "claimreview",
            "schema.org ClaimReview JSON-LD, one per rated claim",
            ".claimreview.jsonld",
            uses_context=True,
        ),
        ExportFormat(
            "w3c",
            "w3c",
            "a W3C Web Annotation collection (JSON-LD)",
            ".w3c.jsonld",
            uses_context=True,
        ),
        ExportFormat(
            "brat", "brat", "brat standoff: the text, an .ann file and annotation.conf", "-brat"
        ),
        ExportFormat("conll", "conll", "entities as CoNLL-2003 IOB2 tokens (spaCy ner)", ".conll"),
        ExportFormat(
            "conllu",
            "conll",
            "entities in CoNLL-U, tab-separated, tags in MISC (NE=B-PERSON)",
            ".conllu",
            function="export_conllu",
        ),
        ExportFormat(
            "spacy-jsonl", "spacy_jsonl", "entities as spaCy JSONL, a line per paragraph", ".jsonl"
        ),
        ExportFormat(
            "doccano",
            "doccano",
            "doccano sequence-labelling JSONL: entities and tags as labelled spans",
            ".doccano.jsonl",
        ),
        ExportFormat(
            "label-studio",
            "label_studio",
            "a Label Studio task (JSON): entities, tags and notes as text regions",
            ".label-studio.json",
        ),
        ExportFormat(
            "webanno",
            "webanno",
            "WebAnno TSV 3.3 (INCEpTION): named entities and notes",
            ".webanno.tsv",
        ),
    )
}
"""Every export format by its `--format` name, in the order help lists them."""


def default_filename(stem: str, fmt: str) -> str:
    """The file (or, for brat, directory) name an export of article `stem` gets by default."""
    return stem + FORMATS[fmt].file_suffix


def format_of_filename(name: str) -> str | None:
    """The format a file name's ending names ("report.md": md), the longest ending winning
    (".claims.csv" is claims-csv, not csv); None when none does."""
    lowered = name.lower()
    named = [spec for spec in FORMATS.values() if lowered.endswith(spec.file_suffix.lower())]
    return max(named, key=lambda spec: len(spec.file_suffix)).name if named else None


def export_article(
    fmt: str,
    article: Article,
    annotations: Sequence[Annotation],
    entities: Sequence[Entity],
    context: ExportContext | None = None,
    *,
    raw: bool = False,
) -> ExportResult:
    """Export an article's annotations and entities in format `fmt`.

    `entities` are the ones the reader sees, the user's corrections applied
    (`ReadingSession.effective_entities`). The annotations are put in text order
    so that every export of the same data is the same. `context` gives the
    article's metadata and the reviewer (`export.context.export_context`);
    without it, what the article's file says is used. `raw` (csv, claims-csv)
    writes every cell as stored, formulas and control characters included.
    """
    spec = FORMATS.get(fmt)
    if spec is None:
        raise UserError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    if raw:
        check_raw(fmt)
    arguments = (article, sorted(annotations, key=annotation_order), sorted(entities))
    if spec.uses_context:
        from tui_reader.export.context import ExportContext

        return spec.exporter(raw)(*arguments, context or ExportContext.of(article))
    return spec.exporter(raw)(*arguments)


def check_raw(fmt: str) -> None:
    """Refuse `raw` for a format whose cells are not made safe to begin with."""
    if not FORMATS[fmt].has_raw:
        raw_formats = ", ".join(name for name, spec in FORMATS.items() if spec.has_raw)
        raise UserError(f"--raw applies to {raw_formats} only, not {fmt}")


def write_export(
    result: ExportResult, output: Path | None, stdout: TextIO | None = None
) -> list[Path]:
    """Write an export to `output` (a file, or a directory for multi-file formats), or to stdout.

    Without `output`, `result.text` goes to `stdout` (default `sys.stdout`); for
    brat that is the `.ann` file. Each file is replaced atomically
    (`atomic_files`): a failed export (a full disk) leaves the file it would
    have replaced whole. Returns the paths written. Any problem writing is a
    `UserError` with a one-line message naming the path.
    """
    if output is None:
        (stdout or sys.stdout).write(result.text)
        return []
    try:
        if result.files:
            return _write_directory(result, output)
        if output.is_dir():
            raise UserError(
                f"{output}: is a directory; give a file name for the {result.format} file"
            )
        _write_text(output, result.text)
    except OSError as error:  # checking a path can fail too (a name too long)
        raise UserError(f"{output}: cannot write ({error.strerror or error})") from None
    return [output]


def _write_directory(result: ExportResult, directory: Path) -> list[Path]:
    if directory.exists() and not directory.is_dir():
        raise UserError(
            f"{directory}: the {result.format} export writes several files; give a directory"
        )
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = error.strerror or error
        raise UserError(f"{directory}: cannot create the directory ({reason})") from None
    written = []
    for name, content in result.files.items():
        path = directory / name
        _write_text(path, content)
        written.append(path)
    return written


def _write_text(path: Path, text: str) -> None:
    """Write UTF-8 without newline translation, so offsets in the output stay true."""
    try:
        atomic_write(path, text.encode("utf-8"), shared=True)
    except UnconfirmedWrite as error:
        raise UserError(
            f"{path}: written, but the disk did not confirm it ({error.strerror or error})"
        ) from None
    except OSError as error:
        raise UserError(
            f"{path}: cannot write ({error.strerror or error}); "
            "a file already there was left as it was"
        ) from None
