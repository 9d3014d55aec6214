"""Sources and echoes kept between runs: the grouping state in the cache directory,
only the articles that changed folded in, the same answer as computing it all.

The articles here are invented entries (a few claims each, from a handful of
speakers), written to a real pack and a real notes database in a tmp dir.
"""

from __future__ import annotations

from tui_reader.across.entry import ArticleEntry, IndexedClaim
from tui_reader.across.index import CrossIndex, IndexedArticle
from tui_reader.across.sources import find_sources
from tui_reader.model import LinkKind, SourceLink


def _claim(
    start: int, source: str, label: str, text: str = "the harbour will open"
) -> IndexedClaim:
    return IndexedClaim(
        start=start,
        end=start + len(text),
        text=text,
        source=source,
        written=source,
        source_label=label,
        cue="said",
        kind="statement",
        quotes=(),
        figures=(),
        names=(),
    )


def _entry(content_hash: str, claims: tuple[IndexedClaim, ...]) -> ArticleEntry:
    return ArticleEntry(content_hash, content_hash, "", "2026-01-01", "", (), 500, claims)


def test_a_description_merged_by_hand_is_an_alias_of_the_source() -> None:
    described = "another New Hampshire Republican"
    entries = (
        _entry("a" * 64, (_claim(0, "Kelly Ayotte", "PERSON"),)),
        _entry("b" * 64, (_claim(10, described, "NORP"), _claim(90, "Kelly Ayotte", "PERSON"))),
    )
    index = CrossIndex(tuple(IndexedArticle(e, None, e.claims) for e in entries), {})
    assert all(described not in s.aliases for s in find_sources(index))
    merge = SourceLink(LinkKind.MERGE, "Kelly Ayotte", described)
    (ayotte,) = find_sources(index, [merge])
    assert ayotte.name == "Kelly Ayotte" and ayotte.aliases == (described,)
    assert len(ayotte.claims) == 3
