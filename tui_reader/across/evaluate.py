"""Echoes and source merging measured: `tui-reader eval-echoes POLNEAR_DIRECTORY`.

**Echoes of quoted claims.** PolNeAR's seven outlets covered one campaign, so
the same quotations recur. The gold groups are made from the gold
attributions exactly as the index makes its groups from the finder's claims
(`echoes.quote_groups`: the quotations of each content, normalised, grouped
when two articles or more quote the same passage or one quotes it within a
longer one). A found group is correct when a gold group shares at least two
of its articles and at least half of them (an article is shared when a found
claim there overlaps the gold content); a gold group is found when a found
group is correct for it in the same way. Groups are split as the corpus is
(`claim_polnear.assign_splits`): a group with an appearance in a held-out
article is held out, the others are the tuned part.

**Figures in other words.** `data/figure_echoes.json` lists figure groups the
index found on the corpus, checked by hand (article file names by SHA-256,
offsets, and the verdict; no text of the corpus): their precision, and how
many are still found.

**Source merging.** `data/name_variants.json` is a hand-made list of the
names the corpus gives its speakers, each with the person it names and how
many claims it heads: every variant is put in an article of its own (so only
the cross-article rules can join them) and the sources found are checked: the
share of variants in their person's source, and the sources holding two
different people.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from tui_reader.across.echoes import EchoGroup, figure_groups, quote_groups
from tui_reader.across.entry import ArticleEntry, IndexedClaim
from tui_reader.across.index import CrossIndex, IndexCache, IndexedArticle
from tui_reader.across.quotes import quotations_around
from tui_reader.across.sources import find_sources
from tui_reader.errors import UserError

DATA = Path(__file__).with_name("data")
SPLITS = ("tuned", "held-out")


@dataclass
class GroupScores:
    """Groups found against gold groups: counts for precision and recall."""

    found: int = 0
    correct: int = 0
    gold: int = 0
    recalled: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.recalled / self.gold if self.gold else 1.0


@dataclass
class NameScores:
    variants: int = 0
    merged: int = 0
    wrong_sources: list[list[str]] = field(default_factory=list)
    """Sources holding names of two different people (each as its names)."""

    @property
    def share(self) -> float:
        return self.merged / self.variants if self.variants else 1.0


def _bare_entry(name: str, claims: Sequence[IndexedClaim], length: int) -> ArticleEntry:
    return ArticleEntry(
        content_hash=hashlib.sha256(name.encode()).hexdigest(),
        title=name,
        path="",
        published="",
        outlet="",
        authors=(),
        length=length,
        claims=tuple(claims),
    )


def gold_articles(directory: Path) -> tuple[list[IndexedArticle], dict[str, str]]:
    """Every article of the corpus with its gold attributions as claims, and the splits."""
    from tui_reader.nlp.claim_polnear import assign_splits, read_corpus

    corpus = read_corpus(directory)
    splits = assign_splits(corpus)
    articles = []
    for item in corpus:
        text = item.path.read_text(encoding="utf-8")
        claims = []
        seen = set()
        for annotation in item.annotations:
            for attribution in annotation.attributions:
                start, end = attribution.content[0][0], attribution.content[-1][1]
                if (start, end) in seen:
                    continue
                seen.add((start, end))
                content = " ".join(text[s:e] for s, e in attribution.content)
                quotes = tuple(
                    quote for s, e in attribution.content for quote in quotations_around(text, s, e)
                )
                claims.append(IndexedClaim(start, end, content, "", "", "", "", "", quotes, (), ()))
        entry = _bare_entry(item.name, claims, len(text))
        articles.append(IndexedArticle(entry, None, entry.claims))
    return articles, splits


def found_articles(
    directory: Path, names: Iterable[str], ner: str, cache: IndexCache
) -> dict[str, IndexedArticle]:
    """Article name -> the article as the index sees it (computed with `ner` and the
    rule finder, or taken from the cache)."""
    from tui_reader.across.adding import index_article, made_by_for
    from tui_reader.document import Article
    from tui_reader.nlp.backends import get_recognizer

    recognizer = get_recognizer(ner)
    wanted = made_by_for(ner, "rules")
    found = {}
    for name in names:
        article = Article.load(directory / "text" / f"{name}.txt")
        entry = cache.load(article.content_hash)
        if entry is None or entry.made_by != wanted:
            entry = index_article(article, recognizer, "rules", None)
            cache.save(entry)
        named = replace(entry, title=name)  # the corpus's name, as the gold articles have
        found[name] = IndexedArticle(named, None, named.claims)
    return found


def _shared(a: EchoGroup, b: EchoGroup) -> int:
    """Articles where an appearance of `a` overlaps one of `b`."""
    shared = set()
    for first in a.appearances:
        for second in b.appearances:
            if first.article.entry.title == second.article.entry.title and (
                first.claim.start < second.claim.end and second.claim.start < first.claim.end
            ):
                shared.add(first.article.entry.title)
    return len(shared)


def _matches(group: EchoGroup, others: Sequence[EchoGroup]) -> bool:
    size = len(group.articles)
    return any((shared := _shared(group, other)) >= 2 and 2 * shared >= size for other in others)


def score_echoes(
    found: Sequence[EchoGroup], gold: Sequence[EchoGroup], split_of: dict[str, str]
) -> dict[str, GroupScores]:
    """Precision and recall of the groups, per split (see the module docstring)."""

    def split(group: EchoGroup) -> str:
        names = {a.article.entry.title for a in group.appearances}
        return "held-out" if any(split_of.get(n) == "held-out" for n in names) else "tuned"

    scores = {name: GroupScores() for name in SPLITS}
    for group in found:
        tally = scores[split(group)]
        tally.found += 1
        tally.correct += _matches(group, gold)
    for group in gold:
        tally = scores[split(group)]
        tally.gold += 1
        tally.recalled += _matches(group, found)
    return scores


def score_figures(found: Sequence[EchoGroup], names: dict[str, str]) -> tuple[int, int, int]:
    """(checked, correct by the hand check, still found) for `data/figure_echoes.json`."""
    checked = json.loads((DATA / "figure_echoes.json").read_text(encoding="utf-8"))
    by_hash = {hashlib.sha256(name.encode()).hexdigest(): name for name in names}
    found_spans = {
        (a.article.entry.title, a.claim.start, a.claim.end)
        for group in found
        for a in group.appearances
    }
    correct = still = 0
    for item in checked["groups"]:
        correct += bool(item["same_claim"])
        spans = [(by_hash.get(s["article"], ""), s["start"], s["end"]) for s in item["appearances"]]
        still += all(span in found_spans for span in spans)
    return len(checked["groups"]), correct, still


def score_names(path: Path | None = None) -> NameScores:
    """Source merging on the hand-made list of name variants (see the module docstring)."""
    data = json.loads((path or DATA / "name_variants.json").read_text(encoding="utf-8"))
    articles = []
    person_of: dict[str, str] = {}
    for person in data["people"]:
        for variant in person["variants"]:
            name, count = variant["name"], int(variant["claims"])
            person_of[name] = person["person"]
            label = "ORG" if person.get("organisation") else "PERSON"
            claims = [
                IndexedClaim(0, 1, "", name, name, label, "said", "statement", (), (), ())
                for _ in range(count)
            ]
            entry = _bare_entry(f"{person['person']}/{name}", claims, 1)
            articles.append(IndexedArticle(entry, None, entry.claims))
    sources = find_sources(CrossIndex(tuple(articles), {}))
    scores = NameScores(variants=len(person_of))
    for source in sources:
        people = {person_of[a.claim.source] for a in source.claims}
        if len(people) > 1:
            scores.wrong_sources.append(sorted({a.claim.source for a in source.claims}))
    for person in {p["person"] for p in data["people"]}:
        mine = [n for n, p in person_of.items() if p == person]
        holding = [
            sum(1 for n in mine if any(a.claim.source == n for a in s.claims)) for s in sources
        ]
        scores.merged += max(holding, default=0)
    return scores


# Command line -------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `tui-reader eval-echoes`."""
    parser.add_argument("directory", type=Path, help="the PolNeAR corpus (text/, attributions/)")
    parser.add_argument(
        "--ner",
        default="rules",
        choices=("rules", "spacy", "off"),
        help="entities given to the finder (default: rules, as `add` uses)",
    )
    parser.add_argument("--format", default="table", choices=("table", "json"))


def run(args: argparse.Namespace) -> int:
    from tui_reader.nlp.claim_polnear import is_polnear_directory

    directory: Path = args.directory
    if not is_polnear_directory(directory):
        raise UserError(f"{directory}: not a PolNeAR directory (text/ and attributions/)")
    gold, splits = gold_articles(directory)
    found = found_articles(directory, [a.entry.title for a in gold], args.ner, IndexCache())
    found_claims = [(a, c) for a in found.values() for c in a.claims]
    gold_groups = quote_groups((a, c) for a in gold for c in a.claims)
    found_groups = quote_groups(
        [*found_claims, *((a, q) for a in found.values() for q in a.entry.quotations)]
    )
    echo_scores = score_echoes(found_groups, gold_groups, splits)
    in_quotes = {
        (a.article.entry.title, a.claim.start) for g in found_groups for a in g.appearances
    }
    figures = figure_groups(
        (a, c) for a, c in found_claims if (a.entry.title, c.start) not in in_quotes
    )
    figure_scores = score_figures(figures, splits)
    names = score_names()
    if args.format == "json":
        report = {
            "corpus": "PolNeAR",
            "quoted_echoes": {
                split: {
                    "gold_groups": s.gold,
                    "found_groups": s.found,
                    "recall": round(s.recall, 3),
                    "precision": round(s.precision, 3),
                }
                for split, s in echo_scores.items()
            },
            "figure_echoes": dict(
                zip(("checked", "correct", "still_found"), figure_scores, strict=True)
            ),
            "figure_groups_found": len(figures),
            "source_merging": {
                "variants": names.variants,
                "merged": round(names.share, 3),
                "different_people_merged": names.wrong_sources,
            },
        }
        json.dump(report, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    from rich.table import Table

    from tui_reader.display_console import DisplayConsole

    console = DisplayConsole()
    table = Table(
        "split",
        "gold groups",
        "found groups",
        "recall",
        "precision",
        title="Echoes of quoted claims (PolNeAR)",
    )
    for split, s in echo_scores.items():
        table.add_row(split, str(s.gold), str(s.found), f"{s.recall:.3f}", f"{s.precision:.3f}")
    console.print(table)
    checked, correct, still = figure_scores
    console.print(
        f"Figures in other words: {len(figures)} groups found; of the {checked} checked by hand, "
        f"{correct} are the same claim, {still} still found"
    )
    console.print(
        f"Source merging: {names.merged} of {names.variants} name variants in their person's "
        f"source ({names.share:.3f}); {len(names.wrong_sources)} sources hold two people"
    )
    for wrong in names.wrong_sources:
        console.print("  merged: " + " + ".join(wrong))
    return 0
