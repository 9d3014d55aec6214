"""Across articles: `add`, the index in the cache, sources, echoes, verdicts that follow.

The three articles of `tests/data/across` were written for these tests: one
mayor quoted word for word by two papers, two people sharing a surname, an
agency named in full, by its acronym in parentheses, and by the acronym alone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.cli import one_line_error, run
from hypothesis import given
from hypothesis import strategies as st

from tui_reader.across.adding import add_articles
from tui_reader.across.commands import library_index
from tui_reader.across.echoes import find_echoes
from tui_reader.across.index import CrossIndex, IndexCache, load_index
from tui_reader.across.links import LinkKind, make_link, undo_link
from tui_reader.across.names import clean, person_key
from tui_reader.across.quotes import normalise, quotation_spans, quotations, quotations_around
from tui_reader.across.sources import find_sources
from tui_reader.across.timeline import timeline
from tui_reader.document import Article
from tui_reader.model import Claim, ClaimStatus, Evidence, Kind, make_annotation
from tui_reader.store import DamagedDatabase, Store

ARTICLES = Path(__file__).parent / "data" / "across"


@pytest.fixture
def library(tmp_path: Path) -> Store:
    store = Store(tmp_path / "db.json")
    report = add_articles(store, [ARTICLES], "rules", cache=IndexCache(tmp_path / "index"))
    assert report.added == 3 and report.indexed == 3
    return store


def _index(store: Store, tmp_path: Path) -> CrossIndex:
    return load_index(store, IndexCache(tmp_path / "index"))


# Names and quotations -------------------------------------------------------------------


def test_person_keys() -> None:
    donald = person_key("Donald J. Trump")
    assert donald is not None and (donald.surname, donald.first) == ("trump", "donald")
    junior = person_key("Donald Trump Jr.")
    assert junior is not None and junior.surname == "trump jr"
    assert person_key("George H.W. Bush") != person_key("George W. Bush")
    mister = person_key("Mr. Brandt’s")
    assert mister is not None and (mister.surname, mister.first, mister.honorific) == (
        "brandt",
        "",
        "man",
    )
    assert person_key("the Republican nominee") is None
    assert clean("Councillor Tomas Brandt, who opposes the plan") == "Councillor Tomas Brandt"
    assert clean("The Harbour Development Agency (HDA)") == "The Harbour Development Agency"


def test_quotations_are_normalised_and_titles_left_out() -> None:
    assert normalise("We’re GOING to win, big.") == "we're going to win big"
    text = (
        "“We will build it,” she said on “The Late Show With Stephen Colbert.” ''It is done now''"
    )
    assert quotations(text) == ("we will build it", "it is done now")
    # the finder gives a quotation's content without its marks: they are taken in
    start = text.index("We will")
    assert quotations_around(text, start, start + len("We will build it")) == ("we will build it",)
    assert quotations("she called it “rigged” again") == ()  # fewer than four words


@given(st.text(alphabet=st.sampled_from("ab “”\"'’.,\n\x1b\u202e"), max_size=200))
def test_quotation_spans_stay_inside_any_text(text: str) -> None:
    for span in quotation_spans(text):
        assert 0 <= span.start <= span.end <= len(text)
        assert normalise(text[span.start : span.end]) == span.quote


# add ------------------------------------------------------------------------------------


def test_add_puts_articles_in_the_library_once(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    first = run("add", ARTICLES, "--db", db)
    assert first.returncode == 0, first.stderr
    assert first.stdout.decode().strip() == "tui-reader add: 3 added, 0 already in the library"
    again = run("add", ARTICLES / "coast_courier.txt", "--db", db)
    assert "0 added, 1 already in the library" in again.stdout.decode()
    listed = json.loads(run("list", "--format", "json", "--db", db).stdout)
    assert sorted(entry["title"] for entry in listed) == [
        "Harbour council backs the new ferry pier",
        "Islanders wary of ferry plans",
        "Pier vote splits the coast",
    ]
    assert all(entry["status"] == "unread" for entry in listed)


def test_add_refuses_a_bad_path_before_writing(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    stderr = one_line_error(run("add", ARTICLES, tmp_path / "absent.txt", "--db", db))
    assert "absent.txt: no such file or directory" in stderr
    assert not db.exists()
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8)
    assert "binary" in one_line_error(run("add", binary, "--db", db))
    assert not db.exists()


def test_a_directory_skips_what_is_not_an_article(tmp_path: Path) -> None:
    folder = tmp_path / "clippings"
    folder.mkdir()
    (folder / "good.txt").write_text((ARTICLES / "island_weekly.txt").read_text())
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02" * 400)
    result = run("add", folder, "--db", tmp_path / "db.json")
    assert result.returncode == 0
    assert "1 added" in result.stdout.decode() and "1 skipped" in result.stdout.decode()
    assert "bad.txt" in result.stderr.decode()


def test_the_index_lives_in_the_cache_and_is_recomputed_when_damaged(
    library: Store, tmp_path: Path
) -> None:
    cache = IndexCache(tmp_path / "index")
    files = sorted(cache.directory.glob("*.json"))
    assert len(files) == 3
    assert "source_links" not in json.loads(library.path.read_text())  # nothing in the notes
    damaged = files[0].stem
    files[0].write_text('{"made_by": "3:x", "claims": [{"start": "zero"}]}')
    cache.pack.path.write_bytes(b"not a pack")  # and the pack holding it too
    assert cache.load(damaged) is None
    index = library_index(library, "rules", cache)  # computed again from the file
    assert index.article(damaged) is not None and not index.unindexed
    assert cache.load(damaged) is not None


# Sources ---------------------------------------------------------------------------------


def test_sources_join_names_but_never_two_people_of_one_surname(
    library: Store, tmp_path: Path
) -> None:
    sources = {s.name: s for s in find_sources(_index(library, tmp_path))}
    varga = sources["Ellen Varga"]
    assert {"Varga", "Mayor Ellen Varga"} <= set(varga.aliases)
    assert len(varga.articles) == 2
    tomas, greta = sources["Tomas Brandt"], sources["Greta Brandt"]
    assert "Mr. Brandt" in tomas.aliases and "Ms. Brandt" in greta.aliases
    assert not {"Greta Brandt", "Ms. Brandt"} & set(tomas.aliases)
    assert not {"Tomas Brandt", "Mr. Brandt"} & set(greta.aliases)
    agency = sources["the Harbour Development Agency"]
    assert "The HDA" in agency.aliases and len(agency.articles) == 3


def test_sources_json_shape_and_newest_first(library: Store) -> None:
    result = run("sources", "--format", "json", "--db", library.path)
    assert result.returncode == 0, result.stderr
    sources = json.loads(result.stdout)
    varga = next(s for s in sources if s["name"] == "Ellen Varga")
    assert set(varga) == {"name", "aliases", "articles", "claims"}
    assert set(varga["claims"][0]) == {"content_hash", "start", "end", "text", "status"}
    newest = Article.load(ARTICLES / "coast_courier.txt").content_hash
    assert varga["articles"][0] == newest and varga["claims"][0]["content_hash"] == newest


def test_merge_split_and_undo_are_kept_in_the_database(library: Store, tmp_path: Path) -> None:
    db = library.path
    assert run("sources", "--merge", "Greta Brandt", "Tomas Brandt", "--db", db).returncode == 0
    merged = json.loads(run("sources", "--format", "json", "--db", db).stdout)
    brandts = [s for s in merged if "Brandt" in s["name"]]
    assert len(brandts) == 1
    assert run("sources", "--undo", "--db", db).returncode == 0
    apart = json.loads(run("sources", "--format", "json", "--db", db).stdout)
    assert len([s for s in apart if "Brandt" in s["name"]]) == 2
    store = Store(db)
    make_link(store, LinkKind.SPLIT, "Tomas Brandt", "Mr. Brandt")
    names = [s.name for s in find_sources(_index(store, tmp_path), store.source_links())]
    assert "Tomas Brandt" in names and "Mr. Brandt" in names
    undo_link(store)
    assert (
        one_line_error(run("sources", "--undo", "--db", db))
        .strip()
        .endswith("no merge or split of sources to undo")
    )
    assert "same name" in one_line_error(run("sources", "--merge", "Varga", "varga", "--db", db))


def test_a_damaged_link_record_is_named_and_the_file_left_alone(library: Store) -> None:
    make_link(library, LinkKind.MERGE, "Greta Brandt", "Tomas Brandt")
    data = json.loads(library.path.read_text())
    link = next(iter(data["source_links"].values()))
    link["kind"] = "marry"
    library.path.write_text(json.dumps(data, indent=2))
    before = library.path.read_bytes()
    with pytest.raises(DamagedDatabase, match="source link"):
        Store(library.path)
    assert library.path.read_bytes() == before


# Echoes, verdicts, timeline ----------------------------------------------------------------


def test_echoes_json_shape(library: Store) -> None:
    result = run("echoes", "--format", "json", "--db", library.path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    texts = {group["text"] for group in report["echoes"]}
    assert "will carry the town through the next fifty years of trade" in texts
    group = next(g for g in report["echoes"] if g["text"].startswith("will carry"))
    assert [a["source"] for a in group["appearances"]] == ["Ellen Varga", "Ellen Varga"]
    assert set(group["appearances"][0]) >= {"content_hash", "start", "end", "source"}


def test_a_verdict_follows_the_claim_to_another_article(library: Store, tmp_path: Path) -> None:
    gazette = Article.load(ARTICLES / "harbour_gazette.txt")
    start = gazette.text.index("will carry")
    end = gazette.text.index("of trade") + len("of trade")
    evidence = Evidence(url="https://example.org/port-plan", quote="forty years", stance="refutes")
    claim = Claim(source="Ellen Varga", evidence=(evidence,), rationale="The plan says forty.")
    rated = make_annotation(
        gazette.text,
        gazette.content_hash,
        Kind.CLAIM,
        start,
        end,
        claim=claim.with_status(ClaimStatus.DISPUTED),
    )
    library.put_annotation(rated)
    report = json.loads(run("echoes", "--format", "json", "--db", library.path).stdout)
    courier = Article.load(ARTICLES / "coast_courier.txt").content_hash
    (carried,) = report["carried_verdicts"]
    assert carried["content_hash"] == courier and carried["status"] == "disputed"
    assert carried["carried_from"]["annotation_id"] == rated.id
    assert carried["evidence"][0]["url"] == "https://example.org/port-plan"
    index = _index(library, tmp_path)
    assert any(a.claim.status == "disputed" for g in find_echoes(index) for a in g.appearances)


def test_timeline_orders_by_article_date(library: Store, tmp_path: Path) -> None:
    index = _index(library, tmp_path)
    found = timeline(index, find_sources(index), "Mayor Varga")
    assert found is not None and found.found_as == "source"
    dates = [a.article.when for a in found.appearances]
    assert dates == sorted(dates) and dates[0].startswith("2025-03-03")
    result = run("timeline", "Varga", "--format", "json", "--db", library.path)
    rows = json.loads(result.stdout)
    assert [row["date"][:10] for row in rows][-1] == "2025-03-05"
    assert "no source or entity" in one_line_error(
        run("timeline", "Nobody Here", "--db", library.path)
    )


def test_hostile_names_reach_the_table_as_text(tmp_path: Path) -> None:
    article = tmp_path / "hostile.txt"
    article.write_text(
        "Escape test\n\n"
        "Mayor Ellen \x1b[2JVarga said the pier [bold]was[/bold] \u202eready. "
        'Ellen Varga told reporters that "the crossing will open in May for everyone".\n'
    )
    db = tmp_path / "db.json"
    assert run("add", article, "--db", db).returncode == 0
    for command in ("sources", "echoes"):
        shown = run(command, "--db", db)
        assert shown.returncode == 0, shown.stderr
        assert b"\x1b[2J" not in shown.stdout and "\u202e".encode() not in shown.stdout


def test_exports_name_the_other_articles_a_claim_appears_in(library: Store, tmp_path: Path) -> None:
    gazette_path = ARTICLES / "harbour_gazette.txt"
    gazette = Article.load(gazette_path)
    start = gazette.text.index("will carry")
    end = gazette.text.index("of trade") + len("of trade")
    claim = Claim(source="Ellen Varga").with_status(ClaimStatus.FALSE)
    library.put_annotation(
        make_annotation(gazette.text, gazette.content_hash, Kind.CLAIM, start, end, claim=claim)
    )
    common = ("--db", library.path, "--ner", "rules")
    report = run("export", gazette_path, "--format", "md", *common)
    assert report.returncode == 0, report.stderr
    markdown = report.stdout.decode()
    assert "**Also in 1 other article:**" in markdown
    assert "Pier vote splits the coast" in markdown.split("Also in 1 other article")[1]
    reviews = run("export", gazette_path, "--format", "claimreview", *common)
    data = json.loads(reviews.stdout)
    review = data[0] if isinstance(data, list) else data
    appearances = review["itemReviewed"]["appearance"]
    assert [a["headline"] for a in appearances] == [
        "Harbour council backs the new ferry pier",
        "Pier vote splits the coast",
    ]
    assert appearances[1]["datePublished"] == "2025-03-05"
