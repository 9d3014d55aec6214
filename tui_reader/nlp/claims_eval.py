"""Measure the claim finder against hand-annotated claims.

Gold files sit next to the evaluation articles: `NAME.claims.json` is a list of
{"source": [s, e], "cue": [s, e], "content": [s, e], "resolved": [s, e] | null}
in code points of `NAME.txt`. They were written from the texts before the finder
existed, by these rules: a claim is something a named source (person,
organisation, group, document, or a pronoun for one) asserts, estimates,
predicts, believes, finds, denies, demands, promises or judges, signalled by a
reporting verb, "according to" or a quotation; a bare quotation continuing an
earlier one is a claim with the opening mark as its cue; attributions nested in
another claim's content are part of that content; acts without content
(thanking, apologising, voting) are not claims.

A predicted claim matches a gold one when their cues overlap, or when their
contents overlap by at least half of the longer of the two; each claim matches at
most once. The source is correct when the predicted source (its resolved name, if
any) overlaps the gold source or the gold resolved name; where the gold resolves
nothing, the source as written may overlap the gold source instead. Scores are given per
split of `manifest.json`: "tuned" articles were looked at while writing the rules,
"held-out" ones were not (without a manifest, every article is in one split, "all").

Run it as `tui-reader eval-claims DIR [--ner rules|gold|off] [--format json] [--errors]`.
A directory laid out as PolNeAR (`text/`, `attributions/`) is read as that corpus
instead, and scored by its own rules (`claim_corpus_eval`).
"""

from __future__ import annotations

import argparse
from dataclasses import asdict, dataclass, field
from pathlib import Path

import orjson
from rich.table import Table

from tui_reader.config import NER_CHOICES as BACKEND_CHOICES
from tui_reader.display_console import DisplayConsole
from tui_reader.document import Article, Span
from tui_reader.errors import UserError
from tui_reader.nlp.claim_cues import ClaimKind
from tui_reader.nlp.claims import ClaimCandidate, find_with
from tui_reader.nlp.entities import Entity, recognize_article
from tui_reader.nlp.evaluate import article_names

NER_CHOICES = (*BACKEND_CHOICES, "gold")
"""Where the finder's entities come from: a backend, or "gold", which reads
NAME.entities.json."""
SPLITS = ("tuned", "held-out")
_SCORED = (ClaimKind.STATEMENT, ClaimKind.BELIEF)


def _in_scope(candidate: ClaimCandidate) -> bool:
    """What the gold files' guidelines count: a named source's statements and beliefs,
    not intentions ("wants", "plans to") nor claims without a source ("is expected")."""
    return candidate.kind in _SCORED and candidate.source[0] < candidate.source[1]


@dataclass(frozen=True, slots=True)
class GoldClaim:
    source: Span
    cue: Span
    content: Span
    resolved: Span | None


@dataclass(frozen=True, slots=True)
class ClaimError:
    """A gold claim the finder missed, or a claim it found that is not in the gold."""

    article: str
    kind: str
    """"missed", "spurious" or "wrong source"."""
    cue: str
    content: str
    source: str


@dataclass
class SplitScores:
    articles: list[str] = field(default_factory=list)
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    source_correct: int = 0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def source_accuracy(self) -> float:
        return self.source_correct / self.matched if self.matched else 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "articles": self.articles,
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "recall": round(self.recall, 3),
            "precision": round(self.precision, 3),
            "source_accuracy": round(self.source_accuracy, 3),
        }


@dataclass
class ClaimEvaluation:
    ner: str
    splits: dict[str, SplitScores]
    errors: list[ClaimError] = field(default_factory=list)

    def to_dict(self, with_errors: bool = False) -> dict[str, object]:
        data: dict[str, object] = {
            "ner": self.ner,
            "splits": {name: scores.to_dict() for name, scores in self.splits.items()},
        }
        if with_errors:
            data["errors"] = [asdict(error) for error in self.errors]
        return data


# Loading ---------------------------------------------------------------------------------------


def load_gold_claims(path: Path, text: str) -> list[GoldClaim]:
    """Read NAME.claims.json, checking every span lies inside the text."""
    try:
        records = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as error:
        raise UserError(f"{path}: not valid JSON ({error})") from None
    if not isinstance(records, list):
        raise UserError(f"{path}: expected a list of claims")
    claims = []
    for number, record in enumerate(records):
        try:
            spans = {key: _span(record[key], len(text)) for key in ("source", "cue", "content")}
            resolved = record.get("resolved")
            claims.append(
                GoldClaim(**spans, resolved=_span(resolved, len(text)) if resolved else None)
            )
        except (KeyError, TypeError, ValueError) as error:
            raise UserError(f"{path}: claim {number} is malformed ({error})") from None
    return claims


def _span(value: object, length: int) -> Span:
    if not isinstance(value, list) or len(value) != 2:
        raise ValueError(f"a span must be [start, end], not {value!r}")
    start, end = value
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length):
        raise ValueError(f"span {value!r} is outside the text")
    return start, end


def _entities(article: Article, ner: str, gold_path: Path) -> list[Entity] | None:
    if ner == "off":
        return None
    if ner == "gold":
        if not gold_path.exists():
            raise UserError(f"{gold_path}: missing, so --ner gold cannot be used")
        records = orjson.loads(gold_path.read_bytes())
        return [Entity(r["start"], r["end"], r["label"]) for r in records]
    from tui_reader.nlp.backends import get_recognizer

    recognizer = get_recognizer(ner, personal=False)
    return recognize_article(recognizer, article) if recognizer else None


# Scoring ---------------------------------------------------------------------------------------


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _matches(predicted: ClaimCandidate, gold: GoldClaim) -> bool:
    if _overlap(predicted.cue, gold.cue):
        return True
    longer = max(predicted.content[1] - predicted.content[0], gold.content[1] - gold.content[0])
    return _overlap(predicted.content, gold.content) * 2 >= longer


def _source_correct(predicted: ClaimCandidate, gold: GoldClaim) -> bool:
    """The predicted source (its resolved name, if any) names the gold one; where the
    gold resolves nothing, the source as written may match it too ("Jara" is "Jara"
    even when the finder names her in full)."""
    found = [predicted.resolved or predicted.source]
    if gold.resolved is None:
        found.append(predicted.source)
    wanted = [span for span in (gold.source, gold.resolved) if span]
    return any(_overlap(a, b) for a in found for b in wanted)


def score_article(
    name: str, text: str, predicted: list[ClaimCandidate], gold: list[GoldClaim]
) -> tuple[SplitScores, list[ClaimError]]:
    """Match predictions to gold claims one to one (cue overlaps first) and count."""
    scores = SplitScores([name], gold=len(gold), predicted=len(predicted))
    errors: list[ClaimError] = []
    unmatched = list(predicted)
    for claim in gold:
        candidates = [p for p in unmatched if _matches(p, claim)]
        if not candidates:
            errors.append(_error(name, "missed", text, claim.cue, claim.content, claim.source))
            continue
        best = max(
            candidates, key=lambda p: (_overlap(p.cue, claim.cue), -abs(p.cue[0] - claim.cue[0]))
        )
        unmatched.remove(best)
        scores.matched += 1
        if _source_correct(best, claim):
            scores.source_correct += 1
        else:
            source = best.resolved or best.source
            errors.append(_error(name, "wrong source", text, best.cue, best.content, source))
    for spurious in unmatched:
        errors.append(
            _error(name, "spurious", text, spurious.cue, spurious.content, spurious.source)
        )
    return scores, errors


def _error(name: str, kind: str, text: str, cue: Span, content: Span, source: Span) -> ClaimError:
    def cut(span: Span) -> str:
        return text[span[0] : span[1]]

    return ClaimError(name, kind, cut(cue), cut(content)[:80], cut(source))


def evaluate_claims(directory: Path, ner: str = "rules", finder: str = "rules") -> ClaimEvaluation:
    """Run the finder on every article with gold claims, scored per manifest split.

    A directory without `manifest.json` is scored as one split, "all".
    """
    if not directory.is_dir():
        raise UserError(f"{directory}: not a directory of evaluation articles")
    if ner not in NER_CHOICES:
        raise UserError(f"unknown --ner {ner!r}; use one of {', '.join(NER_CHOICES)}")
    splits = SPLITS if (directory / "manifest.json").exists() else ("all",)
    evaluation = ClaimEvaluation(ner, {split: SplitScores() for split in splits})
    for split, scores in evaluation.splits.items():
        for name in article_names(directory, split):
            gold_path = directory / f"{name}.claims.json"
            if not gold_path.exists():
                continue
            article = Article.load(directory / f"{name}.txt")
            gold = load_gold_claims(gold_path, article.text)
            entities = _entities(article, ner, directory / f"{name}.entities.json")
            found = [c for c in find_with(article, entities, finder) if _in_scope(c)]
            article_scores, errors = score_article(name, article.text, found, gold)
            scores.articles.append(name)
            scores.gold += article_scores.gold
            scores.predicted += article_scores.predicted
            scores.matched += article_scores.matched
            scores.source_correct += article_scores.source_correct
            evaluation.errors.extend(errors)
    if not any(scores.articles for scores in evaluation.splits.values()):
        raise UserError(f"{directory}: no article has a NAME.claims.json gold file")
    return evaluation


# Output ----------------------------------------------------------------------------------------


def evaluation_table(evaluation: ClaimEvaluation) -> Table:
    table = Table(title=f"Claim finder (entities: {evaluation.ner})", title_justify="left")
    table.add_column("split")
    for column in ("articles", "gold", "found", "recall", "precision", "source correct"):
        table.add_column(column, justify="right")
    for name, scores in evaluation.splits.items():
        table.add_row(
            name,
            str(len(scores.articles)),
            str(scores.gold),
            str(scores.predicted),
            f"{scores.recall:.3f}",
            f"{scores.precision:.3f}",
            f"{scores.source_accuracy:.3f}",
        )
    return table


def add_eval_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `tui-reader eval-claims`."""
    parser.add_argument(
        "directory",
        type=Path,
        help="folder of NAME.txt + NAME.claims.json (+ manifest.json), or the PolNeAR corpus",
    )
    parser.add_argument(
        "--ner",
        default="rules",
        choices=NER_CHOICES,
        help="entities given to the finder: a backend, the gold entities, or none (default: rules)",
    )
    parser.add_argument(
        "--finder",
        default=None,
        choices=("auto", "rules", "spacy", "spacy-rules", "both", "all"),
        help="the path of the finder to score (default rules for a folder of gold files;"
        " for PolNeAR, auto scores both when spaCy is installed; spacy-rules: the parse"
        " read by the rules alone, without the learned models; all: the three)",
    )
    parser.add_argument(
        "--split",
        default="all",
        choices=("tuned", "held-out", "all"),
        help="PolNeAR: the articles to score (default: all, reported per split)",
    )
    parser.add_argument("--format", default="table", choices=("table", "json"))
    parser.add_argument(
        "--errors", action="store_true", help="also list missed, spurious and wrong-source claims"
    )


def run_eval(args: argparse.Namespace) -> int:
    """Evaluate, print the table (or JSON), return the exit code."""
    from tui_reader.nlp.claim_polnear import is_polnear_directory

    if is_polnear_directory(args.directory):
        return _run_corpus(args)
    finder = {None: "rules", "both": "rules", "all": "rules"}.get(args.finder, args.finder)
    evaluation = evaluate_claims(args.directory, args.ner, finder)
    if args.format == "json":
        data = evaluation.to_dict(with_errors=args.errors)
        print(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())
        return 0
    console = DisplayConsole()  # article names and texts, shown literally
    console.print(evaluation_table(evaluation))
    if args.errors:
        for error in evaluation.errors:
            console.print(
                f"{error.article}: {error.kind} [{error.source}] <{error.cue}> {error.content!r}",
                markup=False,
                highlight=False,
            )
    return 0


def _run_corpus(args: argparse.Namespace) -> int:
    from tui_reader.nlp.backends import installed_reference_model
    from tui_reader.nlp.claim_corpus_eval import corpus_tables, evaluate_corpus

    if args.ner == "gold":
        raise UserError("--ner gold needs NAME.entities.json files, which PolNeAR has not")
    both = ("rules", "spacy")
    paths = {
        None: both if installed_reference_model() else ("rules",),
        "auto": both if installed_reference_model() else ("rules",),
        "both": both,
        "all": (*both, "spacy-rules"),
    }.get(args.finder, (args.finder,))
    evaluation = evaluate_corpus(args.directory, paths, args.ner, args.split)
    if args.format == "json":
        data = evaluation.to_dict(with_errors=args.errors)
        print(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())
        return 0
    console = DisplayConsole(width=max(DisplayConsole().width, 112))  # no narrower table
    for table in corpus_tables(evaluation):
        console.print(table)
    if args.errors:
        for item in evaluation.misses:
            miss = item.miss
            console.print(
                f"{item.article} ({item.path}): {miss.kind} [{miss.source}] <{miss.cue}> "
                f"{miss.content[:100]!r}",
                markup=False,
                highlight=False,
            )
    return 0
