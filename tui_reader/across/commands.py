"""What the cross-article subcommands print: `sources`, `echoes`, `timeline`.

`cli.py` parses the options and opens the database; these functions read the
index and print, JSON for scripts (the shapes the README documents) or a table
for people (text of article origin shown literally by `DisplayConsole`).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import orjson

from tui_reader.across.answers import Answer, short_line
from tui_reader.across.echoes import EchoGroup, echo_row, find_echoes
from tui_reader.across.entry import ArticleEntry
from tui_reader.across.index import CrossIndex, IndexCache, load_index
from tui_reader.across.sources import Source, find_sources
from tui_reader.across.timeline import Timeline, timeline
from tui_reader.across.verdicts import carried_verdicts, cross_disagreements, echo_lines
from tui_reader.errors import UserError
from tui_reader.model import ArticleRecord
from tui_reader.nlp.entities import Recognizer
from tui_reader.store import Store

if TYPE_CHECKING:
    from tui_reader.export.context import Elsewhere


def library_index(store: Store, ner: str, cache: IndexCache | None = None) -> CrossIndex:
    """The index of the library, computing the entries of articles read before the
    index existed (from their files; an article whose file is gone is left out and
    said so on stderr)."""
    from tui_reader.across.adding import index_article
    from tui_reader.document import Article
    from tui_reader.nlp.backends import get_recognizer

    recognizers: list[Recognizer | None] = []  # loaded when an entry is missing, not before

    def make_missing(record: ArticleRecord) -> ArticleEntry | None:
        try:
            article = Article.load(record.path) if record.path else None
        except UserError:
            return None
        if article is None or article.content_hash != record.content_hash:
            return None
        if not recognizers:
            recognizers.append(get_recognizer(ner))
        return index_article(article, recognizers[0], "rules", record)

    index = load_index(store, cache, make_missing)
    if index.unindexed:
        count = len(index.unindexed)
        print(
            f"tui-reader: {count} article{'s' if count != 1 else ''} of the library left out "
            "(file missing or changed; locate it from the library)",
            file=sys.stderr,
        )
    return index


def json_text(data: object) -> str:
    """JSON as the commands print it: indented, non-ASCII as it is, a final newline.

    orjson writes the same bytes as `json.dumps(indent=2, ensure_ascii=False)` for
    what the commands print (strings, integers, lists, objects; no floats), some
    ten times faster: a thousand articles' sources are megabytes of it. A text
    it refuses (a lone surrogate from a hostile file) is written by `json`.
    """
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n"
    except orjson.JSONEncodeError:
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def print_json(data: object) -> None:
    sys.stdout.write(json_text(data))


def sources_answer(index: CrossIndex, sources: Sequence[Source]) -> Answer:
    """What `sources` prints: one object per source, or a table row."""
    rows = []
    for source in sources:
        latest = source.claims[0]
        said = short_line(latest.claim.text)
        rows.append(
            [
                source.name,
                ", ".join(source.aliases),
                str(len(source.claims)),
                str(len(source.articles)),
                f"{latest.claim.status} · {latest.article.title}: “{said}”",
            ]
        )
    return Answer.of(json_text([source.to_json() for source in sources]), rows, [])


def echoes_answer(
    index: CrossIndex, groups: Sequence[EchoGroup], names: dict[tuple[str, int], str]
) -> Answer:
    """What `echoes` prints: the groups, carried-over verdicts and disagreements."""
    carried = carried_verdicts(index, groups)
    disagreements = cross_disagreements(index)
    data = {
        "echoes": [group.to_json(names) for group in groups],
        "carried_verdicts": [verdict.to_json() for verdict in carried],
        "disagreements": [d.to_json() for d in disagreements],
    }
    rows = [echo_row(group, names) for group in groups]
    return Answer.of(json_text(data), rows, echo_lines(carried, disagreements))


def print_timeline(found: Timeline, form: str) -> None:
    if form == "json":
        print_json(found.to_json())
        return
    from rich.table import Table

    from tui_reader.display_console import DisplayConsole

    table = Table("date", "article", "source", "status", "claim", title=found.name)
    for appearance in found.appearances:
        table.add_row(
            appearance.article.when[:10],
            appearance.article.title,
            appearance.claim.source,
            appearance.claim.status,
            short_line(appearance.claim.text),
        )
    DisplayConsole().print(table)


def sources_and_index(store: Store, ner: str) -> tuple[CrossIndex, list[Source]]:
    index = library_index(store, ner)
    return index, find_sources(index, store.source_links())


def timeline_of(store: Store, ner: str, name: str) -> Timeline:
    index, sources = sources_and_index(store, ner)
    found = timeline(index, sources, name)
    if found is None:
        raise UserError(f"{name!r}: no source or entity of that name in the library")
    return found


def elsewhere_in_library(
    store: Store, content_hash: str
) -> dict[tuple[int, int], tuple[Elsewhere, ...]]:
    """For an export: each claim annotation of the article (by its span) -> the other
    articles of the library it appears in (its echoes), from the index (articles not yet
    in it are indexed first, from their files)."""
    from tui_reader.export.context import Elsewhere

    index = library_index(store, "rules")
    groups = find_echoes(index)
    found: dict[tuple[int, int], dict[str, Elsewhere]] = {}
    for annotation in index.annotations.values():
        if annotation.article != content_hash:
            continue
        span = (annotation.start, annotation.end)
        for group in groups:
            here = [
                a
                for a in group.appearances
                if a.article.content_hash == content_hash
                and a.claim.start < span[1]
                and span[0] < a.claim.end
            ]
            if not here:
                continue
            for other in group.appearances:
                if other.article.content_hash == content_hash:
                    continue
                record = other.article.record
                url = record.metadata.url if record else ""
                found.setdefault(span, {}).setdefault(
                    other.article.content_hash,
                    Elsewhere(
                        content_hash=other.article.content_hash,
                        start=other.claim.start,
                        end=other.claim.end,
                        title=other.article.title,
                        outlet=other.article.entry.outlet,
                        published=other.article.when[:10] if other.article.entry.published else "",
                        url=url,
                    ),
                )
    return {span: tuple(by_article.values()) for span, by_article in found.items()}
