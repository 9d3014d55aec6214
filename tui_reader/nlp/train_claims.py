"""Train the claim finder's models again: `python -m tui_reader.nlp.train_claims CORPUS`.

CORPUS is PolNeAR laid out as published (`text/`, `attributions/`,
`metadata.tsv`; the project's copy is `../shared/eval/polnear-train`). Only the
articles of its tuned part are read (`claim_polnear.assign_splits`); the
held-out part is never seen here. Each article is parsed as the parser path
parses it (the parses are kept in `--parses`, so that a second run starts at
once), its entities come from the built-in recogniser (as in `eval-claims`),
and the attributions of its first annotator give the examples:

- cue: every candidate word, positive when it is the main word of a gold cue
  (the word of the cue the others depend on; the other words of a cue are left
  out, neither right nor wrong);
- content: the candidate spans of a gold cue, the right one being the candidate
  closest to the gold content (character F1);
- source: the candidate phrases of a gold cue and "none", the right one being
  the head of the gold source (cues whose source lies outside the sentence are
  left out).

It first cross-validates on the tuned part, whole publishers held out in turn
(`--folds`, three by default: seven publishers in three groups): the models
fitted on the other publishers' articles read the held ones' as the finder runs
(the rule path filling gaps), scored by PolNeAR's rules at each pair of cue
thresholds of `--keep` and `--add` (`claim_learned.decide`); the pair written
into the model is the one with the best recall over all folds at a precision of
at least `--precision`. The models are then fitted on every tuned article and
written to `--out` (default: the shipped `nlp/data/claim_model.json.gz`).
Needs the `nlp` extra.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tui_reader.document import Article, Span
from tui_reader.errors import UserError
from tui_reader.nlp.claim_features import (
    ParagraphView,
    content_features,
    cue_features,
    is_cue_candidate,
    source_features,
)
from tui_reader.nlp.claim_learned import decide, rule_cues, rule_source_head, weigh
from tui_reader.nlp.claim_model import MODEL_PATH, ClaimModel, LinearModel
from tui_reader.nlp.claim_polnear import CorpusArticle, GoldAttribution, assign_splits, read_corpus
from tui_reader.nlp.claim_scoring import Tally, score_annotation
from tui_reader.nlp.claim_spans import ContentCandidate, content_candidates, source_candidates
from tui_reader.nlp.claim_syntax import Found, paragraph_attributions
from tui_reader.nlp.claim_training import Example, Group, fit_logistic, fit_ranker
from tui_reader.nlp.entities import Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from tui_reader.nlp.claim_parser import ClaimParser

SMALLEST_F1 = 0.2
"""A gold content no candidate comes this close to teaches nothing about choosing one."""


@dataclass
class Settings:
    """How the models are fitted: L2 strengths and the feature cut-off."""

    cue_l2: float = 1.0
    content_l2: float = 1.0
    source_l2: float = 1.0
    min_articles: int = 5
    """A feature must occur in this many training articles: a construction recurs."""


@dataclass
class ParsedArticle:
    item: CorpusArticle
    article: Article
    entities: list[Entity]
    docs: list[Doc]
    views: list[ParagraphView] = field(default_factory=list)
    rules: list[list[Found]] = field(default_factory=list)


@dataclass
class ArticleExamples:
    name: str
    cues: list[Example] = field(default_factory=list)
    cue_labels: list[int] = field(default_factory=list)
    contents: list[Group] = field(default_factory=list)
    sources: list[Group] = field(default_factory=list)


# Reading the corpus -------------------------------------------------------------------------


def parse_article(article: Article, parser: ClaimParser, parses: Path | None) -> list[Doc]:
    """The article's paragraphs parsed as the parser path parses them, kept in `parses`."""
    from spacy.tokens import DocBin

    nlp = parser.load()
    path = None
    if parses is not None:
        key = hashlib.sha256(f"{parser.version}\n{article.content_hash}".encode()).hexdigest()
        path = parses / f"{key[:24]}.spacy"
        if path.is_file():
            return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    texts = [article.text[start:end] for start, end in article.paragraphs]
    docs = list(parser.parse(texts))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        attributes = ["ORTH", "TAG", "POS", "DEP", "HEAD", "LEMMA", "SENT_START", "SPACY"]
        DocBin(attrs=attributes, docs=docs).to_disk(path)
    return docs


def read_parsed_corpus(
    directory: Path,
    split: str,
    parser: ClaimParser,
    parses: Path | None,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> list[ParsedArticle]:
    from tui_reader.nlp.backends import get_recognizer
    from tui_reader.nlp.entities import recognize_article

    corpus = read_corpus(directory)
    splits = assign_splits(corpus)
    recognizer = get_recognizer("rules", personal=False)
    chosen = [item for item in corpus if splits[item.name] == split]
    parsed = []
    for number, item in enumerate(chosen):
        article = Article.load(item.path)
        entities = recognize_article(recognizer, article) if recognizer else []
        docs = parse_article(article, parser, parses)
        entry = ParsedArticle(item, article, sorted(entities), docs)
        finder_views(entry)
        parsed.append(entry)
        progress(number + 1, len(chosen))
    return parsed


def finder_views(parsed: ParsedArticle) -> None:
    """Each paragraph as the finder sees it, with the rules' attributions."""
    from tui_reader.nlp.claim_parser import ParsedClaimFinder, rules_reader

    finder = ParsedClaimFinder(parsed.article, parsed.entities, rules_reader)
    parsed.views = [finder.view(index, doc) for index, doc in enumerate(parsed.docs)]
    parsed.rules = [paragraph_attributions(doc) for doc in parsed.docs]


# Examples -----------------------------------------------------------------------------------


def cue_anchor(tokens: Sequence[Token]) -> Token:
    """The main word of a cue: the one the others depend on, a verb before a noun."""
    inside = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in inside or t.head is t]
    for pos in ("VERB", "NOUN", "ADJ", "ADP", "AUX"):
        for token in roots:
            if token.pos_ == pos:
                return token
    return roots[0] if roots else tokens[0]


def _covered(span: Span, fragments: Sequence[Span]) -> int:
    return sum(max(0, min(span[1], end) - max(span[0], start)) for start, end in fragments)


def _f1(span: Span, fragments: Sequence[Span]) -> float:
    overlap = _covered(span, fragments)
    if not overlap:
        return 0.0
    precision = overlap / (span[1] - span[0])
    recall = overlap / sum(end - start for start, end in fragments)
    return 2 * precision * recall / (precision + recall)


def _tokens_in(doc: Doc, fragments: Sequence[Span]) -> list[Token]:
    return [t for t in doc if any(s < t.idx + len(t.text) and t.idx < e for s, e in fragments)]


def article_examples(parsed: ParsedArticle) -> ArticleExamples:
    """The training examples of one article, from its first annotator's attributions."""
    name = parsed.item.name
    examples = ArticleExamples(name)
    gold = parsed.item.annotations[0].attributions
    for index, view in enumerate(parsed.views):
        start, end = parsed.article.paragraphs[index]
        doc = view.doc
        rules = rule_cues(view, parsed.rules[index])
        here = [g for g in gold if start <= g.cue[0][0] < end]
        anchors: dict[int, GoldAttribution] = {}
        cue_words: set[int] = set()
        for attribution in here:
            tokens = _tokens_in(doc, _shifted(attribution.cue, -start))
            if tokens:
                anchors.setdefault(cue_anchor(tokens).i, attribution)
                cue_words.update(t.i for t in tokens)
        for token in doc:
            if not is_cue_candidate(token) or (token.i in cue_words and token.i not in anchors):
                continue
            rule = rules.get(token.i)
            features = cue_features(token, view, rule.kind.value if rule else None)
            examples.cues.append(Example(tuple(features), name))
            examples.cue_labels.append(int(token.i in anchors))
        for anchor, attribution in anchors.items():
            _span_examples(examples, doc[anchor], attribution, view, rules.get(anchor), start)
    return examples


def _shifted(fragments: Sequence[Span], by: int) -> list[Span]:
    return [(s + by, e + by) for s, e in fragments]


def _span_examples(
    examples: ArticleExamples,
    cue: Token,
    attribution: GoldAttribution,
    view: ParagraphView,
    rule: Found | None,
    offset: int,
) -> None:
    content = _shifted(attribution.content, -offset)
    extra = [ContentCandidate("rule", rule.content)] if rule is not None else []
    candidates = content_candidates(cue, view, extra)
    scores = [_f1(c.span, content) for c in candidates]
    if not candidates or max(scores) < SMALLEST_F1:
        return
    best = max(range(len(candidates)), key=lambda i: scores[i])
    chosen = candidates[best].span
    examples.contents.append(
        Group(
            tuple(tuple(content_features(cue, c.kind, c.span, view)) for c in candidates),
            best,
            examples.name,
        )
    )
    source = _shifted(attribution.source, -offset)
    phrases = source_candidates(cue, chosen)
    if source:
        inside = [p for p in phrases if any(s <= p.idx < e for s, e in source)]
        heads = [p for p in inside if not any(s <= p.head.idx < e for s, e in source)]
        if not inside:
            return
        target = 1 + phrases.index((heads or inside)[0])
    else:
        target = 0
    rule_head = rule_source_head(view, rule)
    options = [None, *phrases]
    examples.sources.append(
        Group(
            tuple(tuple(source_features(cue, p, chosen, view, rule_head)) for p in options),
            target,
            examples.name,
        )
    )


# Fitting and cross-validation -------------------------------------------------------------


Thresholds = tuple[float, float]
"""(keep, add): the cue probabilities at which the rules' attributions are kept and
the model's own are added (`claim_learned.decide`)."""


def fit(
    examples: Sequence[ArticleExamples], settings: Settings, thresholds: Thresholds
) -> ClaimModel:
    cues = [e for a in examples for e in a.cues]
    labels = [label for a in examples for label in a.cue_labels]
    cue = fit_logistic(cues, labels, settings.cue_l2, settings.min_articles)
    contents = [g for a in examples for g in a.contents]
    content = fit_ranker(contents, settings.content_l2, settings.min_articles)
    sources = [g for a in examples for g in a.sources]
    source = fit_ranker(sources, settings.source_l2, settings.min_articles)
    keep, add = thresholds
    tables = LinearModel(cue), LinearModel(content), LinearModel(source)
    return ClaimModel(*tables, keep, add, "", f"PolNeAR tuned part, {len(examples)} articles")


def score_articles(
    parsed: Sequence[ParsedArticle], model: ClaimModel, grid: Sequence[Thresholds]
) -> dict[Thresholds, Tally]:
    """Each pair of thresholds' counts, the finder run as it runs in the reader (the
    rule path filling the parse's gaps)."""
    from tui_reader.nlp.claim_parser import read_parsed

    tallies = {pair: Tally() for pair in grid}
    lowest = min(add for _, add in grid)
    for entry in parsed:
        weighed = {
            id(view.doc): weigh(view, model, rules, lowest)
            for view, rules in zip(entry.views, entry.rules, strict=True)
        }
        for keep, add in grid:
            chosen = {key: decide(found, keep, add) for key, found in weighed.items()}
            docs = enumerate(entry.docs)
            chunks = read_parsed(entry.article, entry.entities, docs, reader=_given(chosen))
            claims = [claim for _, chunk in chunks for claim in chunk]
            for annotation in entry.item.annotations:
                tally, _ = score_annotation(entry.article.text, claims, annotation.attributions)
                tally.articles = int(annotation is entry.item.annotations[0])
                tallies[(keep, add)].add(tally)
    return tallies


def _given(found: dict[int, list[Found]]) -> Callable[[ParagraphView], list[Found]]:
    """A reader that answers with attributions read beforehand, by parse."""

    def read(view: ParagraphView) -> list[Found]:
        return found[id(view.doc)]

    return read


def cross_validate(
    parsed: Sequence[ParsedArticle],
    examples: Sequence[ArticleExamples],
    folds: int,
    grid: Sequence[Thresholds],
    settings: Settings,
    say: Callable[[str], None],
) -> dict[Thresholds, Tally]:
    """Each threshold's counts over the tuned part, whole publishers held out in turn:
    the articles of each fold's publishers are read by models fitted on the other
    publishers' (as the finder meets news of a publisher it was not trained on)."""
    publishers = sorted({p.item.publisher for p in parsed})
    fold_of = {name: n % folds for n, name in enumerate(publishers)}
    publisher = {p.item.name: p.item.publisher for p in parsed}
    totals = {pair: Tally() for pair in grid}
    for fold in range(min(folds, len(publishers))):
        began = time.monotonic()
        held = [name for name in publishers if fold_of[name] == fold]
        training = [e for e in examples if fold_of[publisher[e.name]] != fold]
        testing = [p for p in parsed if fold_of[p.item.publisher] == fold]
        model = fit(training, settings, grid[0])
        for pair, tally in score_articles(testing, model, grid).items():
            totals[pair].add(tally)
        say(f"fold {fold + 1} ({', '.join(held)}): {time.monotonic() - began:.0f} s")
    return totals


def choose_thresholds(tallies: dict[Thresholds, Tally], precision: float) -> Thresholds:
    """The pair with the best recall among those precise enough (else the most precise)."""
    precise = [pair for pair, tally in tallies.items() if tally.precision >= precision]
    if not precise:
        return max(tallies, key=lambda pair: tallies[pair].precision)
    return max(precise, key=lambda pair: tallies[pair].recall)


def describe(tally: Tally) -> str:
    return (
        f"recall {tally.recall:.3f} precision {tally.precision:.3f} "
        f"source {tally.source_accuracy:.3f} speech/thought {tally.speech_recall:.3f}"
    )


def _numbers(text: str) -> list[float]:
    try:
        return [float(part) for part in text.split(",")]
    except ValueError:
        raise UserError(f"not a list of numbers: {text!r}") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tui_reader.nlp.train_claims")
    parser.add_argument("corpus", type=Path, help="PolNeAR (text/, attributions/, metadata.tsv)")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--parses", type=Path, default=None, help="keep the parses here")
    parser.add_argument(
        "--folds",
        type=int,
        default=3,
        help="cross-validation folds, whole publishers each (0: fit at once, at --keep/--add)",
    )
    parser.add_argument("--keep", default="0.02,0.05,0.1", help="keep thresholds to try")
    parser.add_argument("--add", default="0.45,0.5,0.55,0.6,0.7", help="add thresholds to try")
    parser.add_argument("--precision", type=float, default=0.905)
    parser.add_argument("--cue-l2", type=float, default=Settings.cue_l2)
    parser.add_argument("--content-l2", type=float, default=Settings.content_l2)
    parser.add_argument("--source-l2", type=float, default=Settings.source_l2)
    parser.add_argument("--min-articles", type=int, default=Settings.min_articles)
    args = parser.parse_args(argv)
    from tui_reader.nlp.claim_parser import installed_parser

    claim_parser = installed_parser()
    if claim_parser is None:
        raise UserError("training needs spaCy and en_core_web_sm; pip install 'tui-reader[nlp]'")
    grid = [(keep, add) for keep in _numbers(args.keep) for add in _numbers(args.add)]

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    began = time.monotonic()
    parsed = read_parsed_corpus(args.corpus, "tuned", claim_parser, args.parses)
    say(f"read and parsed {len(parsed)} tuned articles: {time.monotonic() - began:.0f} s")
    examples = [article_examples(p) for p in parsed]
    say(f"examples: {time.monotonic() - began:.0f} s")
    settings = Settings(args.cue_l2, args.content_l2, args.source_l2, args.min_articles)
    chosen = grid[0]
    note = "no cross-validation"
    if args.folds > 1:
        tallies = cross_validate(parsed, examples, args.folds, grid, settings, say)
        for pair, tally in sorted(tallies.items()):
            say(f"keep {pair[0]:.2f} add {pair[1]:.2f}: {describe(tally)}")
        chosen = choose_thresholds(tallies, args.precision)
        note = f"cross-validated over {args.folds} folds of publishers: {describe(tallies[chosen])}"
    fitted = time.monotonic()
    model = fit(examples, settings, chosen)
    publishers = len({p.item.publisher for p in parsed})
    trained_on = (
        f"PolNeAR (networkdynamics/PolNeAR), tuned part: {len(parsed)} articles of "
        f"{publishers} publishers; keep {chosen[0]}, add {chosen[1]}, {note}"
    )
    args.out.write_bytes(replace(model, trained_on=trained_on).to_bytes())
    say(f"fitted in {time.monotonic() - fitted:.0f} s; {trained_on}; written to {args.out}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except UserError as error:
        print(f"tui-reader: {error}", file=sys.stderr)
        sys.exit(2)
