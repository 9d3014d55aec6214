"""The claim finder measured on real news annotated by others: PolNeAR, read directly.

For each article of the corpus, each path of the finder (the rules; spaCy's
parser with the rules filling its gaps) suggests claims, which are scored
against every annotator of the article by the rules of `claim_scoring`. The
figures are kept per split (`claim_polnear.assign_splits`: the held-out third
of each publisher is only looked at when reporting), per path and per publisher.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table

from tui_reader.document import Article
from tui_reader.errors import UserError
from tui_reader.nlp.claim_polnear import SPLITS, CorpusArticle, assign_splits, read_corpus
from tui_reader.nlp.claim_scoring import Miss, Tally, score_annotation
from tui_reader.nlp.claims import ClaimCandidate, find_claims
from tui_reader.nlp.entities import Entity, Recognizer, recognize_article

if TYPE_CHECKING:
    from tui_reader.nlp.claim_parser import ClaimParser, Reader

HUMAN_AGREEMENT = "two trained annotators agree at about recall 0.86 / precision 0.88"
PATHS = ("rules", "spacy")
ALL = "all"

Finder = Callable[[Article, list[Entity] | None], list[ClaimCandidate]]


@dataclass(frozen=True, slots=True)
class ArticleMiss:
    article: str
    path: str
    miss: Miss


@dataclass
class CorpusEvaluation:
    ner: str
    paths: list[str]
    tallies: dict[tuple[str, str, str], Tally] = field(default_factory=dict)
    """(split, path, publisher or "all") -> counts."""
    misses: list[ArticleMiss] = field(default_factory=list)

    def tally(self, split: str, path: str, publisher: str) -> Tally:
        return self.tallies.setdefault((split, path, publisher), Tally())

    def publishers(self) -> list[str]:
        return sorted({key[2] for key in self.tallies} - {ALL})

    def to_dict(self, with_errors: bool = False) -> dict[str, object]:
        data: dict[str, object] = {
            "corpus": "PolNeAR",
            "ner": self.ner,
            "human_agreement": {"recall": 0.86, "precision": 0.88},
            "scores": [
                {"split": split, "path": path, "publisher": publisher, **tally.to_dict()}
                for (split, path, publisher), tally in sorted(self.tallies.items())
            ],
        }
        if with_errors:
            data["errors"] = [
                {"article": m.article, "path": m.path, **_miss_dict(m.miss)} for m in self.misses
            ]
        return data


def _miss_dict(miss: Miss) -> dict[str, object]:
    return {
        "kind": miss.kind,
        "source": miss.source,
        "cue": miss.cue,
        "content": miss.content,
        "offset": miss.offset,
    }


def finders(paths: Iterable[str]) -> dict[str, Finder]:
    """The finder of each path: "rules"; "spacy", the parser path as shipped (the
    learned models, the rules their evidence); "spacy-rules", the parse read by the
    rules alone. The last two need spaCy and an English model."""
    chosen: dict[str, Finder] = {}
    for path in paths:
        if path == "rules":
            chosen[path] = find_claims
        elif path in ("spacy", "spacy-rules"):
            from tui_reader.nlp.claim_parser import installed_parser, rules_reader

            parser = installed_parser()
            if parser is None:
                raise UserError(
                    f"the {path} path needs spaCy and an English model; "
                    "install them with: pip install 'tui-reader[nlp]'"
                )
            reader = rules_reader if path == "spacy-rules" else None
            chosen[path] = partial(_parsed, parser, reader)
        else:
            raise UserError(f"unknown finder path {path!r}; use rules, spacy, spacy-rules or both")
    return chosen


def _parsed(
    parser: ClaimParser, reader: Reader | None, article: Article, entities: list[Entity] | None
) -> list[ClaimCandidate]:
    from tui_reader.nlp.claim_parser import find_claims_parsed

    return find_claims_parsed(article, entities, parser, reader)


def evaluate_corpus(
    directory: Path,
    paths: Iterable[str] = ("rules",),
    ner: str = "rules",
    split: str = ALL,
    progress: Callable[[int, int], None] | None = None,
) -> CorpusEvaluation:
    """Score every path on the articles of `split` ("tuned", "held-out" or "all")."""
    if split not in (*SPLITS, ALL):
        raise UserError(f"unknown split {split!r}; use tuned, held-out or all")
    corpus = read_corpus(directory)
    splits = assign_splits(corpus)
    chosen = finders(paths)
    recognizer = _recognizer(ner)
    evaluation = CorpusEvaluation(ner, list(chosen))
    articles = [a for a in corpus if split == ALL or splits[a.name] == split]
    for number, item in enumerate(articles):
        article = Article.load(item.path)
        entities = recognize_article(recognizer, article) if recognizer else None
        for path, finder in chosen.items():
            suggested = finder(article, entities)
            _score(evaluation, item, splits[item.name], path, article, suggested, split == ALL)
        if progress is not None:
            progress(number + 1, len(articles))
    return evaluation


def _recognizer(ner: str) -> Recognizer | None:
    from tui_reader.nlp.backends import get_recognizer

    return get_recognizer(ner, personal=False)


def _score(
    evaluation: CorpusEvaluation,
    item: CorpusArticle,
    split: str,
    path: str,
    article: Article,
    suggested: list[ClaimCandidate],
    overall: bool,
) -> None:
    for number, annotation in enumerate(item.annotations):
        tally, misses = score_annotation(article.text, suggested, annotation.attributions)
        tally.articles = int(number == 0)  # a second annotator is more gold, not more articles
        for publisher in (item.publisher, ALL):
            evaluation.tally(split, path, publisher).add(tally)
            if overall:
                evaluation.tally(ALL, path, publisher).add(tally)
        evaluation.misses += [ArticleMiss(item.name, path, miss) for miss in misses]


def corpus_tables(evaluation: CorpusEvaluation) -> list[Table]:
    """One table per split: every publisher, each path side by side."""
    tables = []
    splits = [s for s in (*SPLITS, ALL) if any(key[0] == s for key in evaluation.tallies)]
    for split in splits:
        title = f"PolNeAR, {split} articles (entities: {evaluation.ner}; {HUMAN_AGREEMENT})"
        table = Table(title=title, title_justify="left")
        table.add_column("publisher")
        table.add_column("path")
        for column in ("articles", "gold", "suggested", "recall", "precision", "source"):
            table.add_column(column, justify="right")
        table.add_column("speech/thought", justify="right")
        for publisher in [*evaluation.publishers(), ALL]:
            for path in evaluation.paths:
                tally = evaluation.tallies.get((split, path, publisher))
                if tally is None:
                    continue
                table.add_row(
                    publisher,
                    path,
                    str(tally.articles),
                    str(tally.gold),
                    str(tally.suggested),
                    f"{tally.recall:.3f}",
                    f"{tally.precision:.3f}",
                    f"{tally.source_accuracy:.3f}",
                    f"{tally.speech_recall:.3f}",
                    end_section=path == evaluation.paths[-1],
                )
        tables.append(table)
    return tables
