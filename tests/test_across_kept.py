"""Sources and echoes kept between runs: the grouping state in the cache directory,
only the articles that changed folded in, the same answer as computing it all.

The articles here are invented entries (a few claims each, from a handful of
speakers), written to a real pack and a real notes database in a tmp dir.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_reader.across.answering import kept_answer
from tui_reader.across.answers import Answer
from tui_reader.across.commands import echoes_answer, sources_answer
from tui_reader.across.echoes import find_echoes
from tui_reader.across.entry import ArticleEntry, IndexedClaim
from tui_reader.across.index import CrossIndex, IndexCache, IndexedArticle, load_index
from tui_reader.across.kept_sources import STATE_NAME
from tui_reader.across.links import make_link, undo_link
from tui_reader.across.sources import find_sources, source_names
from tui_reader.model import (
    ArticleRecord,
    Claim,
    ClaimStatus,
    Kind,
    LinkKind,
    SourceLink,
    make_annotation,
)
from tui_reader.store import Store


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


# Folding in what changed -----------------------------------------------------------------

SPEAKERS = (
    ("Ellen Varga", "PERSON"),
    ("Varga", "PERSON"),
    ("Mr. Varga", "PERSON"),
    ("Greta Brandt", "PERSON"),
    ("Tomas Brandt", "PERSON"),
    ("Brandt", "PERSON"),
    ("Harbour Development Agency", "ORG"),
    ("HDA", "ORG"),
    ("another Harbour Republican", "NORP"),
    ("officials", ""),
)
SAID = (
    "we will build the harbour wall before the winter storms",
    "the harbour will open in spring",
    "twelve ships were turned away",
    "the wall will carry the town through the next fifty years",
)
NAMES = tuple(name for name, _ in SPEAKERS)
TEXT = "The council met on Tuesday. " * 40
"""Every invented article's text: claims are spans of it, at 40 characters apart."""

Made = tuple[tuple[int, int], ...]
"""An invented article's claims: (speaker, what is said) by number in the pools."""

claims_made = st.lists(
    st.tuples(st.integers(0, len(SPEAKERS) - 1), st.integers(0, len(SAID) - 1)),
    min_size=0,
    max_size=5,
).map(tuple)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), claims_made, st.booleans()),
        st.tuples(st.just("reindex"), st.integers(0, 50), claims_made),
        st.tuples(st.just("rate"), st.integers(0, 50), st.integers(0, 4)),
        st.tuples(st.just("retitle"), st.integers(0, 50), st.text("abc ", max_size=6)),
        st.tuples(st.just("remove"), st.integers(0, 50)),
        st.tuples(
            st.sampled_from(["merge", "split"]), st.sampled_from(NAMES), st.sampled_from(NAMES)
        ),
        st.tuples(st.just("undo")),
    ),
    min_size=1,
    max_size=12,
)


def _invented(content_hash: str, made: Made, ties: bool) -> ArticleEntry:
    claims = []
    for number, (speaker, said) in enumerate(made):
        name, label = SPEAKERS[speaker]
        claims.append(replace(_claim(40 * number, name, label, SAID[said]), quotes=(SAID[said],)))
    return ArticleEntry(
        content_hash,
        f"article {content_hash[-3:]}",
        "",
        f"2026-01-{len(made) + 1:02}",
        "",
        (),
        len(TEXT),
        tuple(claims),
        people={"varga": "Ellen Varga"} if ties else {},
        ties=(("HDA", "Harbour Development Agency"),) if ties else (),
    )


def _apply(operation: tuple[Any, ...], store: Store, cache: IndexCache, serial: int) -> None:
    """One change to the library: an article added, indexed again (a newer finder), a
    claim rated, retitled or removed from the library, a merge, a split or an undo."""
    kind = operation[0]
    hashes = [record.content_hash for record in store.articles()]
    if kind == "add":
        content_hash = f"{serial:064x}"
        cache.save(_invented(content_hash, operation[1], operation[2]))
        store.put_article(ArticleRecord(content_hash, "", length=len(TEXT)))
    elif kind in ("merge", "split") and operation[1] != operation[2]:
        make_link(store, LinkKind(kind), operation[1], operation[2])
    elif kind == "undo" and store.source_links():
        undo_link(store)
    elif kind in ("reindex", "rate", "retitle", "remove") and hashes:
        content_hash = hashes[operation[1] % len(hashes)]
        if kind == "reindex":
            cache.save(_invented(content_hash, operation[2], serial % 2 == 0))
        elif kind == "retitle":
            record = store.article(content_hash)
            assert record is not None
            store.put_article(replace(record, title=operation[2]))
        elif kind == "remove":
            data = json.loads(store.path.read_text())
            del data["articles"][content_hash]
            store.path.write_text(json.dumps(data))
        else:
            _rate(store, cache, content_hash, operation[2])


def _rate(store: Store, cache: IndexCache, content_hash: str, number: int) -> None:
    entry = cache.load(content_hash)
    if entry is None or not entry.claims:
        return
    claim = entry.claims[number % len(entry.claims)]
    status = list(ClaimStatus)[number % len(ClaimStatus)]
    rated = Claim(source=claim.source, cue=claim.cue, status=status)
    annotation = make_annotation(
        TEXT, content_hash, Kind.CLAIM, claim.start, claim.end, claim=rated
    )
    store.put_annotation(annotation)


def _full_sources(store: Store, cache: IndexCache) -> Answer:
    index = load_index(store, cache)
    return sources_answer(index, find_sources(index, store.source_links()))


def _full_echoes(store: Store, cache: IndexCache) -> Answer:
    index = load_index(store, cache)
    names = source_names(find_sources(index, store.source_links()))
    return echoes_answer(index, find_echoes(index), names)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
def test_sources_and_echoes_folded_in_are_those_computed_whole(
    steps: list[tuple[Any, ...]],
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        database = Path(directory) / "db.json"
        cache = IndexCache(Path(directory) / "index")
        Store(database)
        for serial, operation in enumerate(steps):
            _apply(operation, Store(database), cache, serial)
            store = Store(database)
            command = "echoes" if serial % 3 == 2 else "sources"  # each keeps its own answer
            folded = kept_answer(store, "rules", command, cache)
            whole = (_full_echoes if command == "echoes" else _full_sources)(store, cache)
            assert folded.json_text == whole.json_text
            assert folded.rows == whole.rows and folded.lines == whole.lines


def test_a_damaged_or_older_state_or_pack_gives_the_answer_computed_whole(
    tmp_path: Path,
) -> None:
    database, cache = tmp_path / "db.json", IndexCache(tmp_path / "index")
    for serial, made in enumerate((((0, 0), (6, 1)), ((1, 0), (7, 2)), ((3, 3),))):
        _apply(("add", made, serial == 1), Store(database), cache, serial)
    state = cache.directory / STATE_NAME
    kept_answer(Store(database), "rules", "sources", cache)
    assert state.exists()
    whole = _full_sources(Store(database), cache)
    kept = state.read_bytes()
    damages = (
        kept[: len(kept) // 2],  # cut short
        kept.replace(b"TUISOURCES 2", b"TUISOURCES 0", 1),  # another version
        b"\n".join([kept.partition(b"\n")[0], b"\x00garbage"]),  # checksum fails
    )
    for serial, damaged in enumerate(damages, start=3):
        state.write_bytes(damaged)
        _apply(("rate", serial, serial), Store(database), cache, serial)
        whole = _full_sources(Store(database), cache)
        assert kept_answer(Store(database), "rules", "sources", cache) == whole
    pack = cache.directory / "library.pack"
    pack.write_bytes(pack.read_bytes()[:-40])  # the last record cut short: read whole again
    _apply(("merge", "Ellen Varga", "HDA"), Store(database), cache, 9)
    assert kept_answer(Store(database), "rules", "sources", cache) == _full_sources(
        Store(database), cache
    )
