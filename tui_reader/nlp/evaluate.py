"""Measure an entity backend against hand-annotated articles.

An evaluation directory holds articles (`NAME.txt`) and their gold entities
(`NAME.entities.json`: a list of {"start", "end", "label"}, code-point offsets
into the decoded text, OntoNotes labels). An optional `manifest.json` names the
articles used while tuning the rules ("tuned") and those kept out ("held_out"),
so the figures that matter come from text the rules never saw.

Scores are exact span matches: an entity counts only if its start, end and
label all agree with the gold. They are given per label, micro-averaged, and on
coarse types (PERSON, ORG, PLACE, NORP, DATE, NUMBER; see `labels.COARSE_TYPES`).

Run it as `tui-reader eval DIR --ner rules|spacy [--split held-out] [--format json]`.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from rich.console import Console
from rich.table import Table

from tui_reader.config import NER_CHOICES
from tui_reader.display_console import DisplayConsole
from tui_reader.document import Article
from tui_reader.errors import UserError
from tui_reader.nlp.entities import Entity, Recognizer, recognize_article
from tui_reader.nlp.labels import COARSE_TYPES, LABELS

SPLITS = ("all", "tuned", "held-out")
_MANIFEST_KEYS = {"tuned": "tuned", "held-out": "held_out"}


@dataclass(frozen=True)
class GoldArticle:
    """An article and the entities a careful annotator found in it."""

    name: str
    text: str
    entities: tuple[Entity, ...]


@dataclass
class Counts:
    """True positives, false positives and false negatives, and the scores they give."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    def add(self, gold: set[tuple[int, int, str]], predicted: set[tuple[int, int, str]]) -> None:
        self.true_positives += len(gold & predicted)
        self.false_positives += len(predicted - gold)
        self.false_negatives += len(gold - predicted)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def support(self) -> int:
        """How many gold entities there were."""
        return self.true_positives + self.false_negatives

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "support": self.support,
            "true_positives": self.true_positives,
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
        }


@dataclass
class Mistake:
    """An entity the backend missed (`missed`) or made up (`spurious`), for inspection."""

    article: str
    kind: str
    text: str
    label: str
    start: int


@dataclass
class EvaluationReport:
    backend: str
    version: str
    split: str
    articles: list[str]
    seconds: float = 0.0
    per_label: dict[str, Counts] = field(default_factory=dict)
    micro: Counts = field(default_factory=Counts)
    coarse: dict[str, Counts] = field(default_factory=dict)
    coarse_micro: Counts = field(default_factory=Counts)
    mistakes: list[Mistake] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "backend": self.backend,
            "version": self.version,
            "split": self.split,
            "articles": self.articles,
            "seconds": round(self.seconds, 3),
            "micro": self.micro.to_dict(),
            "per_label": {label: c.to_dict() for label, c in self.per_label.items()},
            "coarse_micro": self.coarse_micro.to_dict(),
            "coarse": {label: c.to_dict() for label, c in self.coarse.items()},
        }


# Loading ---------------------------------------------------------------------------------


def load_gold_article(text_path: Path) -> GoldArticle:
    """Read `NAME.txt` and `NAME.entities.json`, checking the gold makes sense."""
    gold_path = text_path.with_name(text_path.stem + ".entities.json")
    article = Article.load(text_path)
    try:
        raw = orjson.loads(gold_path.read_bytes())
    except FileNotFoundError:
        raise UserError(f"{gold_path}: missing (every article needs its gold entities)") from None
    except orjson.JSONDecodeError as error:
        raise UserError(f"{gold_path}: not valid JSON ({error})") from None
    if not isinstance(raw, list):
        raise UserError(f"{gold_path}: expected a list of entities")
    entities = []
    for number, item in enumerate(raw, start=1):
        try:
            start, end, label = int(item["start"]), int(item["end"]), str(item["label"])
        except (KeyError, TypeError, ValueError):
            raise UserError(f"{gold_path}: entity {number} needs start, end and label") from None
        if not 0 <= start < end <= len(article.text):
            raise UserError(f"{gold_path}: entity {number} ({start}-{end}) is outside the text")
        if label not in LABELS:
            raise UserError(f"{gold_path}: entity {number} has an unknown label {label!r}")
        entities.append(Entity(start, end, label))
    return GoldArticle(text_path.stem, article.text, tuple(sorted(entities)))


def article_names(directory: Path, split: str) -> list[str]:
    """Names of the articles of `split`, from the manifest (every article for "all")."""
    if split not in SPLITS:
        raise UserError(f"unknown split {split!r}; use one of {', '.join(SPLITS)}")
    available = sorted(path.stem for path in directory.glob("*.txt"))
    if split == "all":
        return available
    manifest_path = directory / "manifest.json"
    try:
        manifest = orjson.loads(manifest_path.read_bytes())
    except FileNotFoundError:
        raise UserError(f"{manifest_path}: missing, so there is no {split} split") from None
    except orjson.JSONDecodeError as error:
        raise UserError(f"{manifest_path}: not valid JSON ({error})") from None
    names = manifest.get(_MANIFEST_KEYS[split], []) if isinstance(manifest, dict) else []
    missing = [name for name in names if name not in available]
    if missing:
        raise UserError(f"{manifest_path}: lists articles that are not there: {missing}")
    return list(names)


def load_evaluation_set(directory: Path, split: str = "all") -> list[GoldArticle]:
    if not directory.is_dir():
        raise UserError(f"{directory}: not a directory of evaluation articles")
    names = article_names(directory, split)
    if not names:
        raise UserError(f"{directory}: no articles in the {split} split")
    return [load_gold_article(directory / f"{name}.txt") for name in names]


# Scoring --------------------------------------------------------------------------------------


def _coarse(entities: Iterable[tuple[int, int, str]]) -> set[tuple[int, int, str]]:
    return {(s, e, COARSE_TYPES[label]) for s, e, label in entities if label in COARSE_TYPES}


def evaluate(
    recognizer: Recognizer, articles: list[GoldArticle], split: str = "all"
) -> EvaluationReport:
    """Run `recognizer` on every article, paragraph by paragraph as the app does, and score it."""
    report = EvaluationReport(
        recognizer.name, recognizer.version, split, [article.name for article in articles]
    )
    per_label = {label: Counts() for label in LABELS}
    coarse = {label: Counts() for label in dict.fromkeys(COARSE_TYPES.values())}
    began = time.perf_counter()
    for gold_article in articles:
        article = Article(text=gold_article.text, name=gold_article.name)
        predicted = {(e.start, e.end, e.label) for e in recognize_article(recognizer, article)}
        gold = {(e.start, e.end, e.label) for e in gold_article.entities}
        report.micro.add(gold, predicted)
        for label, counts in per_label.items():
            counts.add({g for g in gold if g[2] == label}, {p for p in predicted if p[2] == label})
        gold_coarse, predicted_coarse = _coarse(gold), _coarse(predicted)
        report.coarse_micro.add(gold_coarse, predicted_coarse)
        for label, counts in coarse.items():
            counts.add(
                {g for g in gold_coarse if g[2] == label},
                {p for p in predicted_coarse if p[2] == label},
            )
        for kind, spans in (("missed", gold - predicted), ("spurious", predicted - gold)):
            for start, end, label in sorted(spans):
                report.mistakes.append(
                    Mistake(gold_article.name, kind, gold_article.text[start:end], label, start)
                )
    report.seconds = time.perf_counter() - began
    report.per_label = {
        label: counts
        for label, counts in per_label.items()
        if counts.support or counts.false_positives
    }
    report.coarse = coarse
    return report


# Output --------------------------------------------------------------------------------------


def _scores_table(title: str, rows: dict[str, Counts], total: Counts, total_name: str) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("label")
    for column in ("precision", "recall", "F1", "gold", "found"):
        table.add_column(column, justify="right")

    def add(name: str, counts: Counts, style: str = "") -> None:
        found = counts.true_positives + counts.false_positives
        table.add_row(
            name,
            f"{counts.precision:.3f}",
            f"{counts.recall:.3f}",
            f"{counts.f1:.3f}",
            str(counts.support),
            str(found),
            style=style,
        )

    for name, counts in rows.items():
        add(name, counts)
    table.add_section()
    add(total_name, total, style="bold")
    return table


def print_report(report: EvaluationReport, console: Console, show_mistakes: bool = False) -> None:
    heading = (
        f"{report.backend} {report.version} on {len(report.articles)} articles "
        f"({report.split}), {report.seconds:.2f} s"
    )
    console.print(heading)
    console.print(_scores_table("By label", report.per_label, report.micro, "micro"))
    console.print(_scores_table("By coarse type", report.coarse, report.coarse_micro, "micro"))
    if show_mistakes:
        for mistake in report.mistakes:
            console.print(
                f"{mistake.article}:{mistake.start} {mistake.kind} {mistake.label} "
                f"{mistake.text!r}",
                markup=False,
                highlight=False,
            )


# Command line ---------------------------------------------------------------------------------

RECOGNIZER_CHOICES = (
    *(name for name in NER_CHOICES if name != "off"),
    "trained",
    "model",
    "all",
)
"""`--ner` of `tui-reader eval`: a backend, the spaCy backend's trained model alone
("trained"), spaCy's small English model alone ("model"), or all of them."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `tui-reader eval`."""
    parser.add_argument(
        "directory",
        type=Path,
        help="a folder of NAME.txt + NAME.entities.json, or CoNLL-2003 files (a file or a folder)",
    )
    parser.add_argument(
        "--ner",
        default=None,
        choices=RECOGNIZER_CHOICES,
        help="what to evaluate: a backend, the spaCy backend's trained model alone, "
        "spaCy's small English model alone, or all "
        "(default: rules; all on CoNLL files)",
    )
    parser.add_argument(
        "--split",
        default="all",
        choices=SPLITS,
        help="articles to use (CoNLL: tuned is eng.train, held-out the other files)",
    )
    parser.add_argument("--format", default="table", choices=("table", "json"))
    parser.add_argument(
        "--mistakes", action="store_true", help="also list every missed and spurious entity"
    )


def recognizers_for(choice: str) -> list[Recognizer]:
    """The recognisers `--ner` names, without the personal gazetteer (figures must be
    reproducible); "all" is the rules, then spaCy, its trained model alone and the small
    English model alone when installed."""
    from tui_reader.nlp.backends import get_recognizer, installed_reference_model, spacy_available

    if choice == "all":
        names = ["rules"]
        names += ["spacy", "trained"] if spacy_available() else []
        names += ["model"] if installed_reference_model() else []
    else:
        names = [choice]
    recognizers: list[Recognizer] = []
    for name in names:
        if name == "trained":
            if not spacy_available():
                raise UserError("--ner trained needs spaCy; pip install 'tui-reader[nlp]'")
            from tui_reader.nlp.spacy_backend import TrainedModelRecognizer

            recognizers.append(TrainedModelRecognizer())
            continue
        if name == "model":
            model = installed_reference_model()
            if model is None:
                raise UserError("--ner model needs spaCy and its small English model")
            from tui_reader.nlp.spacy_backend import SpacyModelRecognizer

            recognizers.append(SpacyModelRecognizer(model))
            continue
        recognizer = get_recognizer(name, personal=False)
        if recognizer is None:
            raise UserError("--ner off has nothing to evaluate")
        recognizers.append(recognizer)
    return recognizers


def run(args: argparse.Namespace) -> int:
    """Evaluate, print the tables (or JSON), return the exit code."""
    path: Path = args.directory
    if path.is_file() or (path.is_dir() and not any(path.glob("*.txt"))):
        return run_conll(args)
    articles = load_evaluation_set(path, args.split)
    reports = [
        evaluate(recognizer, articles, args.split)
        for recognizer in recognizers_for(args.ner or "rules")
    ]
    if args.format == "json":
        documents = []
        for report in reports:
            data = report.to_dict()
            if args.mistakes:
                data["mistakes"] = [vars(mistake) for mistake in report.mistakes]
            documents.append(data)
        output = documents[0] if len(documents) == 1 else documents
        print(orjson.dumps(output, option=orjson.OPT_INDENT_2).decode())
    else:
        for report in reports:
            print_report(report, DisplayConsole(), show_mistakes=args.mistakes)
    return 0


def run_conll(args: argparse.Namespace) -> int:
    """`tui-reader eval` on CoNLL-2003 files: every recogniser on every file."""
    from tui_reader.nlp.conll import read_conll_file
    from tui_reader.nlp.conll_eval import (
        evaluate_conll,
        evaluation_parts,
        find_conll_files,
        print_reports,
    )

    files = find_conll_files(args.directory, args.split)
    recognizers = recognizers_for(args.ner or "all")
    reports = []
    for file in files:
        for name, split, documents in evaluation_parts(file, read_conll_file(file)):
            for recognizer in recognizers:
                reports.append(
                    evaluate_conll(recognizer, documents, name, split, mistakes=args.mistakes)
                )
    if args.format == "json":
        data = []
        for report in reports:
            entry = report.to_dict()
            if args.mistakes:
                entry["mistakes"] = [vars(mistake) for mistake in report.mistakes]
            data.append(entry)
        print(orjson.dumps({"conll2003": data}, option=orjson.OPT_INDENT_2).decode())
    else:
        print_reports(reports, DisplayConsole(), show_mistakes=args.mistakes)
    return 0
