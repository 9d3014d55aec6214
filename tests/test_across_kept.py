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

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tui_reader.across.answering import kept_answer
from tui_reader.across.answers import Answer
from tui_reader.across.commands import echoes_answer, sources_answer
from tui_reader.across.echoes import find_echoes
from tui_reader.across.entry import ArticleEntry, Count, IndexedClaim
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
    ("Ellen Varga", "PERSON"),
    ("Tomas Brandt", "PERSON"),
)
WRITTEN = {10: "Ms. Varga", 11: "Mr. Brandt"}
"""The source as written where it differs from the name the finder resolved it to."""
SAID = (
    "we will build the harbour wall before the winter storms",
    "we will build the harbour wall",
    "twelve ships were turned away at the harbour",
    "forty ships were turned away at the harbour",
    "the harbour will open in spring with twelve ships",
    "forty ships were turned away from the harbour today",
)
"""What the invented claims say: a passage and one it holds, figures about the harbour
(two counts of one thing that disagree)."""
FIGURES = {2: ("12",), 3: ("40",), 4: ("12",), 5: ("40",)}
QUOTES = {0: (SAID[0],), 1: (SAID[1],), 3: (SAID[1],), 4: (SAID[4],)}
"""The passages each claim quotes: a claim with a figure may join a quoted echo of a
claim with none (and so leave its figure's echo)."""
COUNTED = {2: 12.0, 3: 40.0, 5: 40.0}
QUOTED = "the wall will carry the town through the next fifty years"
NAMES = (*dict.fromkeys(name for name, _ in SPEAKERS), *WRITTEN.values())
LENGTH = 1200
"""Characters of an invented article: its claims quoted 80 apart, a quotation at 1000."""

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
        start = 80 * number + 1
        claim = replace(_claim(start, name, label, SAID[said]), written=WRITTEN.get(speaker, name))
        counts = ()
        if said in COUNTED:
            low = COUNTED[said]
            counts = (Count(start, start + 5, low, low, "ships", ("turned away",), ("harbour",)),)
        claims.append(
            replace(
                claim,
                quotes=QUOTES.get(said, ()),
                figures=FIGURES.get(said, ()),
                names=("harbour",) if said in FIGURES else (),
                counts=counts,
            )
        )
    quotation = IndexedClaim(
        start=1000,
        end=1000 + len(QUOTED),
        text=QUOTED,
        source="",
        written="",
        source_label="",
        cue="",
        kind="quotation",
        quotes=(QUOTED,),
        figures=(),
        names=(),
    )
    return ArticleEntry(
        content_hash,
        f"article {content_hash[-3:]}",
        "",
        f"2026-01-{len(made) + 1:02}",
        "",
        (),
        LENGTH,
        tuple(claims),
        people={"varga": "Ellen Varga"} if ties else {},
        ties=(("HDA", "Harbour Development Agency"),) if ties else (),
        quotations=(quotation,) if ties else (),
    )


def _apply(operation: tuple[Any, ...], store: Store, cache: IndexCache, serial: int) -> None:
    """One change to the library: an article added, indexed again (a newer finder), a
    claim rated, retitled or removed from the library, a merge, a split or an undo."""
    kind = operation[0]
    hashes = [record.content_hash for record in store.articles()]
    if kind == "add":
        content_hash = f"{serial:064x}"
        cache.save(_invented(content_hash, operation[1], operation[2]))
        store.put_article(ArticleRecord(content_hash, "", length=LENGTH))
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
        _text_of(entry), content_hash, Kind.CLAIM, claim.start, claim.end, claim=rated
    )
    store.put_annotation(annotation)


def _text_of(entry: ArticleEntry) -> str:
    """The invented article's text: each claim and quotation in quotation marks."""
    text = ["."] * LENGTH
    for said in (*entry.claims, *entry.quotations):
        text[said.start - 1 : said.end + 1] = f"“{said.text}”"
    return "".join(text)


def _full_sources(store: Store, cache: IndexCache) -> Answer:
    index = load_index(store, cache)
    return sources_answer(index, find_sources(index, store.source_links()))


def _full_echoes(store: Store, cache: IndexCache) -> Answer:
    index = load_index(store, cache)
    names = source_names(find_sources(index, store.source_links()))
    return echoes_answer(index, find_echoes(index), names)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
@example(  # a claim with a figure joins a quoted echo, and leaves its figure's echo
    [("add", ((0, 3),), False), ("add", ((1, 5),), False), ("add", ((2, 1),), False)]
)
@example(  # a passage held in a longer one, counts that disagree, a verdict carried over
    [
        ("add", ((0, 0), (3, 2)), True),
        ("add", ((1, 1), (4, 3)), False),
        ("rate", 0, 2),
        ("add", ((2, 0), (0, 4)), True),
        ("merge", "Ellen Varga", "Greta Brandt"),
        ("remove", 1),
        ("undo",),
    ]
)
@example(  # a name split off as written, the source resolved to another
    [
        ("add", ((11, 0), (4, 1)), False),
        ("add", ((5, 2),), False),
        ("split", "Tomas Brandt", "Mr. Brandt"),
        ("add", ((11, 3),), True),
        ("merge", "Mr. Brandt", "Ellen Varga"),
        ("undo",),
        ("undo",),
    ]
)
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
            for command, full in (("sources", _full_sources), ("echoes", _full_echoes)):
                folded = kept_answer(store, "rules", command, cache)
                whole = full(store, cache)
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
