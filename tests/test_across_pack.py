"""The index in one file (the pack) and the answers kept between runs.

The articles are the self-written ones of `tests/data/across`; the pack and the
answers are checked against what the per-article entries and a fresh
computation give.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers.cli import run

from tui_reader.across.adding import PARALLEL_FROM, add_articles
from tui_reader.across.answering import kept_answer
from tui_reader.across.answers import AnswerCache
from tui_reader.across.commands import echoes_answer, json_text, library_index, sources_answer
from tui_reader.across.echoes import find_echoes
from tui_reader.across.index import IndexCache
from tui_reader.across.links import LinkKind, make_link, undo_link
from tui_reader.across.sources import Source, find_sources, source_names
from tui_reader.document import Article
from tui_reader.model import Claim, ClaimStatus, Kind, make_annotation
from tui_reader.store import Store

ARTICLES = Path(__file__).parent / "data" / "across"


@pytest.fixture
def cache(tmp_path: Path) -> IndexCache:
    return IndexCache(tmp_path / "index")


@pytest.fixture
def library(tmp_path: Path, cache: IndexCache) -> Store:
    store = Store(tmp_path / "db.json")
    add_articles(store, [ARTICLES], "rules", cache=cache)
    return store


def _hashes(store: Store) -> list[str]:
    return [record.content_hash for record in store.articles()]


def test_the_pack_holds_every_entry_as_its_file_does(library: Store, cache: IndexCache) -> None:
    contents = cache.pack.read()
    assert contents.whole and contents.records == 3
    for content_hash in _hashes(library):
        assert contents.entries[content_hash] == cache.load(content_hash)


def test_a_new_entry_is_appended_to_the_pack(
    library: Store, cache: IndexCache, tmp_path: Path
) -> None:
    before = cache.pack.path.read_bytes()
    generation = cache.pack.generation()
    extra = tmp_path / "extra"
    extra.mkdir()
    text = (ARTICLES / "island_weekly.txt").read_text() + "\n\nA paragraph added later.\n"
    (extra / "island_weekly_updated.txt").write_text(text)
    add_articles(library, [extra], "rules", cache=cache)
    after = cache.pack.path.read_bytes()
    assert after.startswith(before) and len(after) > len(before)  # appended, not rewritten
    assert cache.pack.generation() != generation
    assert set(cache.load_many(_hashes(library))) == set(_hashes(library))


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # cut short
        lambda raw: raw[:-40] + b"X" + raw[-39:],  # one byte changed in the last record
        lambda raw: b"TUIACROSSPACK 0\n" + raw.partition(b"\n")[2],  # another version
        lambda raw: b"",
    ],
)
def test_a_damaged_pack_is_rebuilt_from_the_entry_files(
    library: Store, cache: IndexCache, damage: object
) -> None:
    assert callable(damage)
    expected = {h: cache.load(h) for h in _hashes(library)}
    cache.pack.path.write_bytes(damage(cache.pack.path.read_bytes()))
    assert cache.load_many(_hashes(library)) == expected
    rebuilt = cache.pack.read()
    assert rebuilt.whole and set(rebuilt.entries) == set(expected)


def test_a_missing_pack_is_written_when_the_index_is_read(
    library: Store, cache: IndexCache
) -> None:
    cache.pack.path.unlink()
    index = library_index(library, "rules", cache)
    assert len(index.articles) == 3
    assert set(cache.pack.read().entries) == set(_hashes(library))


def test_an_outgrown_pack_is_compacted(library: Store, cache: IndexCache) -> None:
    entries = list(cache.load_many(_hashes(library)).values())
    for _ in range(20):
        cache.pack.append(entries)  # 60 overwritten records for 3 entries
    assert cache.pack.read().records == 63
    assert len(cache.load_many(_hashes(library))) == 3
    assert cache.pack.read().records == 3


def _fresh(store: Store, cache: IndexCache, command: str) -> str:
    index = library_index(store, "rules", cache)
    sources = find_sources(index, store.source_links())
    if command == "sources":
        return sources_answer(index, sources).json_text
    return echoes_answer(index, find_echoes(index), source_names(sources)).json_text


@pytest.mark.parametrize("command", ["sources", "echoes"])
def test_a_kept_answer_is_the_computed_one_until_something_changes(
    library: Store, cache: IndexCache, command: str
) -> None:
    first = kept_answer(library, "rules", command, cache)
    answers = AnswerCache(cache.directory)
    assert first.json_text == _fresh(library, cache, command)
    assert kept_answer(library, "rules", command, cache) == first
    # a claim the user rates changes the database: the answer is computed again
    gazette = Article.load(ARTICLES / "harbour_gazette.txt")
    start = gazette.text.index("will carry")
    end = gazette.text.index("of trade") + len("of trade")
    claim = Claim(source="Ellen Varga", status=ClaimStatus.FALSE)
    library.put_annotation(
        make_annotation(gazette.text, gazette.content_hash, Kind.CLAIM, start, end, claim=claim)
    )
    changed = kept_answer(library, "rules", command, cache)
    assert changed.json_text == _fresh(library, cache, command)
    if command == "sources":
        assert '"status": "false"' in changed.json_text and changed != first
    # a damaged kept answer is computed again
    for path in answers.directory.glob("answer-*.bin"):
        path.write_bytes(path.read_bytes()[:-10])
    assert kept_answer(library, "rules", command, cache) == changed


def test_the_commands_print_the_same_answer_twice(library: Store, tmp_path: Path) -> None:
    for command in ("sources", "echoes"):
        first = run(command, "--format", "json", "--db", library.path)
        second = run(command, "--format", "json", "--db", library.path)
        assert first.returncode == 0 and first.stdout == second.stdout
        assert json.loads(first.stdout)
        table = run(command, "--db", library.path)
        assert table.returncode == 0 and table.stdout.strip()
    shutil.rmtree(tmp_path / "index")


def test_two_names_of_one_key_are_split_and_joined_again(library: Store, cache: IndexCache) -> None:
    def varga_sources() -> dict[str, Source]:
        index = library_index(library, "rules", cache)
        found = find_sources(index, library.source_links())
        return {s.name: s for s in found if "Varga" in s.name}

    together = varga_sources()
    assert set(together) == {"Ellen Varga"}
    assert "Mayor Ellen Varga" in together["Ellen Varga"].aliases
    make_link(library, LinkKind.SPLIT, "Ellen Varga", "Mayor Ellen Varga")
    apart = varga_sources()
    assert set(apart) == {"Ellen Varga", "Mayor Ellen Varga"}
    moved = {(a.article.content_hash, a.claim.start) for a in apart["Mayor Ellen Varga"].claims}
    kept = {(a.article.content_hash, a.claim.start) for a in apart["Ellen Varga"].claims}
    assert moved and kept and not moved & kept
    assert moved | kept == {
        (a.article.content_hash, a.claim.start) for a in together["Ellen Varga"].claims
    }
    assert all(
        "Mayor" in a.claim.written or a.claim.source == "Mayor Ellen Varga"
        for a in apart["Mayor Ellen Varga"].claims
    )
    undo_link(library)
    assert set(varga_sources()) == {"Ellen Varga"}


def test_sources_are_the_same_whatever_the_hash_seed(tmp_path: Path) -> None:
    folder = tmp_path / "clippings"
    folder.mkdir()
    (folder / "ferries.txt").write_text(
        "Ferry fares rise in spring\n\n"
        "The Port Authority said fares would rise by a tenth in April.\n\n"
        "Crews will be paid more, the Port Authority said on Monday.\n\n"
        "The Port Board said the timetable would not change.\n\n"
        "Repairs to the pier are late, the Port Board said.\n"
    )
    database = tmp_path / "db.json"
    assert run("add", folder, "--db", database).returncode == 0
    printed = set()
    for seed in ("1", "2", "3", "4", "5"):
        cache_home = tmp_path / f"cache-{seed}"  # each computes its answer afresh
        result = run(
            "sources",
            "--format",
            "json",
            "--db",
            database,
            env={"PYTHONHASHSEED": seed, "XDG_CACHE_HOME": str(cache_home)},
        )
        assert result.returncode == 0, result.stderr
        printed.add(result.stdout)
    assert len(printed) == 1
    assert "Port Authority" in printed.pop().decode()


def test_articles_shared_among_workers_are_indexed_as_in_one_process(tmp_path: Path) -> None:
    folder = tmp_path / "clippings"
    folder.mkdir()
    texts = [path.read_text(encoding="utf-8") for path in sorted(ARTICLES.iterdir())]
    for number in range(PARALLEL_FROM + 2):  # enough files for the worker processes
        text = texts[number % len(texts)]
        (folder / f"clipping-{number:02}.txt").write_text(f"Edition {number}\n\n{text}")
    indexed = {}
    for workers in (2, 1):  # the workers first: their entities are cached for the second
        cache = IndexCache(tmp_path / f"index-{workers}")
        store = Store(tmp_path / f"db-{workers}.json")
        report = add_articles(store, [folder], "rules", cache=cache, workers=workers)
        assert report.added == report.indexed == PARALLEL_FROM + 2
        contents = cache.pack.read()
        assert contents.whole and contents.records == report.added
        for content_hash, entry in contents.entries.items():
            assert cache.load(content_hash) == entry
        indexed[workers] = contents.entries
        entity_files = list((tmp_path / "xdg_cache_home").rglob("*.ent"))
        assert len(entity_files) == PARALLEL_FROM + 2
    assert indexed[1] == indexed[2]


def test_the_printed_json_is_what_json_dumps_writes() -> None:
    every_character = "".join(chr(c) for c in range(0x3000) if not 0xD800 <= c < 0xE000)
    data = [
        {"text": every_character + "\u2028\U0001f600", "empty": [], "none": {}, "n": -3},
        [True, False, None, ("a", 1)],
        {"nested": [[{}], {"k": [1, 2]}]},
    ]
    assert json_text(data) == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    hostile = {"name": "lone \ud800 surrogate"}  # orjson refuses it: json writes it
    assert json_text(hostile) == json.dumps(hostile, ensure_ascii=False, indent=2) + "\n"
