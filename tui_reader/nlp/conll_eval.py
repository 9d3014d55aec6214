"""Score entity recognisers on CoNLL-2003 files: exact span and type, PER / ORG / LOC.

The rules of the project's evaluation data: an entity counts only when its
start, end and type all agree with the gold. PERSON is PER, ORG is ORG, and
GPE, LOC and FAC are LOC; MISC is not scored, so gold MISC entities are left
out and so are predictions of the types CoNLL has no class for (NORP, EVENT,
LAW, numbers, dates...), which are neither rewarded nor punished. Precision,
recall and F1 are given per type and micro-averaged, on all documents and on
the prose ones (see `conll.is_prose`), one row per recogniser.

`eng.train` is the part the rules were tuned on; every other file (`eng.testa`)
is held out: looked at only to report.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from tui_reader.document import Article
from tui_reader.errors import UserError
from tui_reader.nlp.conll import ConllDocument, conll_files
from tui_reader.nlp.entities import Entity, Recognizer, recognize_article
from tui_reader.nlp.evaluate import Counts

SCORED_TYPES = ("PER", "ORG", "LOC")
SCORED_LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
"""OntoNotes label -> the CoNLL type it is scored as; other labels are not scored."""
TUNED_FILES = frozenset(["eng.train"])
"""The files the recognisers may be tuned on; every other file is held out."""
SUBSETS = ("all", "prose")
MODEL_TRAINING_SHARE = 0.9
"""The spaCy backend's model was trained on the first nine tenths of eng.train's documents
(see `train_model.py`): its figures on eng.train as a whole say nothing, those on the last
tenth are fair."""

Scored = tuple[int, int, str]


def split_of(path: Path) -> str:
    """ "tuned" for the training file, "held-out" for the others."""
    return "tuned" if path.name in TUNED_FILES else "held-out"


def find_conll_files(path: Path, split: str = "all") -> list[Path]:
    """The CoNLL files at `path` (a file, or a directory of them) in the split asked for."""
    if path.is_file():
        candidates = [path]
    elif path.is_dir():
        candidates = sorted(path.iterdir())
    else:
        raise UserError(f"{path}: no such file or directory")
    found = [file for file in conll_files(candidates) if split in ("all", split_of(file))]
    if not found:
        raise UserError(f"{path}: no CoNLL-2003 files in the {split} split")
    return found


@dataclass
class SubsetScores:
    """Counts per CoNLL type and micro-averaged over a set of documents."""

    documents: int = 0
    per_type: dict[str, Counts] = field(
        default_factory=lambda: {type_: Counts() for type_ in SCORED_TYPES}
    )
    micro: Counts = field(default_factory=Counts)

    def add(self, gold: set[Scored], predicted: set[Scored]) -> None:
        self.documents += 1
        self.micro.add(gold, predicted)
        for type_, counts in self.per_type.items():
            counts.add({g for g in gold if g[2] == type_}, {p for p in predicted if p[2] == type_})

    def to_dict(self) -> dict[str, object]:
        return {
            "documents": self.documents,
            "micro": self.micro.to_dict(),
            "per_type": {type_: counts.to_dict() for type_, counts in self.per_type.items()},
        }


@dataclass
class ConllMistake:
    """A gold entity missed or a prediction not in the gold, with its sentence, to inspect."""

    document: str
    kind: str
    """ "missed" or "spurious"."""
    text: str
    type: str
    sentence: str
    prose: bool


@dataclass
class ConllReport:
    """One recogniser on one CoNLL file."""

    recognizer: str
    version: str
    file: str
    split: str
    seconds: float = 0.0
    characters: int = 0
    subsets: dict[str, SubsetScores] = field(
        default_factory=lambda: {subset: SubsetScores() for subset in SUBSETS}
    )
    crossing_lines: int = 0
    """Predicted entities that span a line break (each sentence is a line): always wrong."""
    mistakes: list[ConllMistake] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "recognizer": self.recognizer,
            "version": self.version,
            "file": self.file,
            "split": self.split,
            "seconds": round(self.seconds, 3),
            "characters": self.characters,
            "crossing_lines": self.crossing_lines,
            "subsets": {name: scores.to_dict() for name, scores in self.subsets.items()},
        }


def scored_predictions(entities: Iterable[Entity]) -> set[Scored]:
    """The predictions that are scored, as (start, end, CoNLL type)."""
    return {(e.start, e.end, SCORED_LABELS[e.label]) for e in entities if e.label in SCORED_LABELS}


def scored_gold(document: ConllDocument) -> set[Scored]:
    return {(g.start, g.end, g.type) for g in document.entities if g.type in SCORED_TYPES}


def score_document(
    report: ConllReport, document: ConllDocument, entities: list[Entity], mistakes: bool
) -> None:
    """Add one document's predictions to the report."""
    gold, predicted = scored_gold(document), scored_predictions(entities)
    report.subsets["all"].add(gold, predicted)
    if document.prose:
        report.subsets["prose"].add(gold, predicted)
    report.crossing_lines += sum(1 for e in entities if "\n" in document.text[e.start : e.end])
    report.characters += len(document.text)
    if mistakes:
        for kind, spans in (("missed", gold - predicted), ("spurious", predicted - gold)):
            for start, end, type_ in sorted(spans):
                line_start = document.text.rfind("\n", 0, start) + 1
                line_end = document.text.find("\n", end)
                sentence = document.text[line_start : line_end if line_end >= 0 else None]
                report.mistakes.append(
                    ConllMistake(
                        document.name,
                        kind,
                        document.text[start:end],
                        type_,
                        sentence,
                        document.prose,
                    )
                )


def evaluation_parts(
    file: Path, documents: list[ConllDocument]
) -> list[tuple[str, str, list[ConllDocument]]]:
    """(name, split, documents) to report for one file: the whole file, and for the tuned
    file also its last tenth, which the spaCy backend's model was not trained on."""
    parts = [(file.name, split_of(file), documents)]
    if split_of(file) == "tuned":
        cut = int(len(documents) * MODEL_TRAINING_SHARE)
        parts.append((f"{file.name}, last tenth", "not trained on", documents[cut:]))
    return parts


def evaluate_conll(
    recognizer: Recognizer,
    documents: list[ConllDocument],
    name: str,
    split: str,
    mistakes: bool = False,
) -> ConllReport:
    """Run `recognizer` on every document, line by line as the app reads it, and score it."""
    report = ConllReport(recognizer.name, recognizer.version, name, split)
    began = time.perf_counter()
    for document in documents:
        article = Article(text=document.text, name=document.name)
        score_document(report, document, recognize_article(recognizer, article), mistakes)
    report.seconds = time.perf_counter() - began
    return report


# Output ---------------------------------------------------------------------------------------


def reports_table(reports: list[ConllReport], subset: str) -> Table:
    """One row per recogniser (on one file): F1 per type, then micro precision, recall, F1."""
    first = reports[0]
    title = Text(
        f"{first.file} ({first.split}), {subset} documents "
        f"({first.subsets[subset].documents}): exact span and type"
    )
    table = Table(title=title, title_justify="left")
    table.add_column("recogniser")
    for column in (*(f"{type_} F1" for type_ in SCORED_TYPES), "P", "R", "F1", "crossing"):
        table.add_column(column, justify="right")
    for report in reports:
        scores = report.subsets[subset]
        micro = scores.micro
        table.add_row(
            Text(report.recognizer),
            *(f"{scores.per_type[type_].f1:.3f}" for type_ in SCORED_TYPES),
            f"{micro.precision:.3f}",
            f"{micro.recall:.3f}",
            Text(f"{micro.f1:.3f}", style="bold"),
            str(report.crossing_lines),
        )
    return table


def print_reports(reports: list[ConllReport], console: Console, show_mistakes: bool) -> None:
    parts: dict[str, list[ConllReport]] = {}
    for report in reports:
        parts.setdefault(report.file, []).append(report)
    for part in parts.values():
        for subset in SUBSETS:
            console.print(reports_table(part, subset))
    console.print(
        "crossing: entities that span a line break (always wrong). MISC is not scored. "
        "The spaCy backend's model was trained on eng.train less its last tenth.",
        markup=False,
        highlight=False,
    )
    for report in reports:
        rate = report.characters / report.seconds / 1e6 if report.seconds else 0.0
        console.print(
            f"{report.recognizer} {report.version} on {report.file}: "
            f"{report.seconds:.1f} s, {rate:.2f} MB/s",
            markup=False,
            highlight=False,
        )
    if show_mistakes:
        # Tab-separated for scripts: recogniser, document, prose or -, kind, type, text, sentence.
        for report in reports:
            for mistake in report.mistakes:
                fields = (
                    report.recognizer,
                    mistake.document,
                    "prose" if mistake.prose else "-",
                    mistake.kind,
                    mistake.type,
                    mistake.text,
                    mistake.sentence,
                )
                print("\t".join(visible(field) for field in fields))


def visible(text: str) -> str:
    """`text` with control characters (tabs and line breaks included) shown as escapes."""
    return "".join(
        ascii(character)[1:-1] if unicodedata.category(character) == "Cc" else character
        for character in text
    )
