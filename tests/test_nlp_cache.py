"""The entity cache: round trips, keys, damaged files, atomic writes, pruning."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui_reader.document import Article
from tui_reader.nlp.cache import EntityCache
from tui_reader.nlp.entities import Entity, recognize_article
from tui_reader.nlp.rules import RuleRecognizer

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "wind_farm_inquiry.txt"


def test_real_entities_round_trip(tmp_path: Path) -> None:
    article = Article.load(SAMPLE)
    recognizer = RuleRecognizer()
    found = recognize_article(recognizer, article)
    cache = EntityCache(tmp_path)
    path = cache.save(article.content_hash, recognizer.name, recognizer.version, found)
    assert path.parent == tmp_path / "entities"
    assert cache.load(article.content_hash, recognizer.name, recognizer.version) == found
    assert path.stat().st_size == len(path.read_bytes()) < 9 * len(found) + 400


def test_each_part_of_the_key_matters(tmp_path: Path) -> None:
    cache = EntityCache(tmp_path)
    entities = [Entity(0, 4, "GPE"), Entity(10, 20, "PERSON")]
    cache.save("hash", "rules", "1.abc", entities)
    assert cache.load("hash", "rules", "1.abc") == entities
    assert cache.load("other", "rules", "1.abc") is None
    assert cache.load("hash", "spacy", "1.abc") is None
    assert cache.load("hash", "rules", "1.abd") is None


def test_versions_with_any_characters_and_empty_results(tmp_path: Path) -> None:
    cache = EntityCache(tmp_path)
    version = "3.8.18/en_core_web_sm-3.8.0+1.x/ü:*?"
    cache.save("h", "spacy", version, [])
    assert cache.load("h", "spacy", version) == []


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) - 3],  # truncated
        lambda data: b"garbage" + data,  # not our format
        lambda data: data.replace(b'"count":2', b'"count":9'),  # inconsistent header
        lambda data: data[:8] + b"{not json\n" + data[8:],
        lambda data: b"",
    ],
)
def test_a_damaged_file_is_a_miss_not_an_error(tmp_path: Path, damage) -> None:
    cache = EntityCache(tmp_path)
    path = cache.save("h", "rules", "1", [Entity(0, 4, "GPE"), Entity(5, 9, "ORG")])
    path.write_bytes(damage(path.read_bytes()))
    assert cache.load("h", "rules", "1") is None


def test_a_file_renamed_to_another_key_is_not_trusted(tmp_path: Path) -> None:
    cache = EntityCache(tmp_path)
    path = cache.save("h1", "rules", "1", [Entity(0, 4, "GPE")])
    os.replace(path, cache.path_for("h2", "rules", "1"))
    assert cache.load("h2", "rules", "1") is None


def test_writes_leave_no_temporary_files_even_when_they_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = EntityCache(tmp_path)
    cache.save("h", "rules", "1", [Entity(0, 4, "GPE")])

    def full_disk(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError):
        cache.save("h", "rules", "1", [Entity(0, 5, "ORG")])
    monkeypatch.undo()
    assert cache.load("h", "rules", "1") == [Entity(0, 4, "GPE")]
    assert sorted(p.name for p in cache.directory.iterdir()) == [
        cache.path_for("h", "rules", "1").name
    ]


def test_old_files_are_pruned(tmp_path: Path) -> None:
    cache = EntityCache(tmp_path, max_files=3)
    for number in range(5):
        path = cache.save(f"h{number}", "rules", "1", [Entity(0, 1, "ORG")])
        os.utime(path, (number, number))
    cache.prune()
    assert sorted(p.name.split(".")[0] for p in cache.directory.glob("*.ent")) == ["h2", "h3", "h4"]
    cache.clear()
    assert list(cache.directory.glob("*.ent")) == []


def test_many_saves_trim_now_and_then_not_at_every_save(tmp_path: Path) -> None:
    from tui_reader.nlp.cache import _PRUNE_EVERY

    for number in range(4):  # left by an earlier run
        EntityCache(tmp_path).save(f"old{number}", "rules", "1", [Entity(0, 1, "ORG")])
    cache = EntityCache(tmp_path, max_files=3)
    cache.save("first", "rules", "1", [Entity(0, 1, "ORG")])
    assert len(list(cache.directory.glob("*.ent"))) == 3  # the first save trims
    for number in range(3 * _PRUNE_EVERY):
        cache.save(f"h{number}", "rules", "1", [Entity(0, 1, "ORG")])
        assert len(list(cache.directory.glob("*.ent"))) <= 3 + _PRUNE_EVERY
