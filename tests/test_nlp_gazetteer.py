"""Gazetteers: the shipped lists, and the personal one that applies to every article."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tui_reader.errors import UserError
from tui_reader.nlp.entities import Entity
from tui_reader.nlp.gazetteer import (
    DATA_DIRECTORY,
    GAZETTEER_ENV,
    PersonalGazetteer,
    add_personal_entry,
    builtin_gazetteer,
    load_personal_gazetteer,
    personal_gazetteer_path,
    read_list_file,
    remove_personal_entry,
    save_personal_gazetteer,
    with_personal_gazetteer,
)
from tui_reader.nlp.labels import LABELS
from tui_reader.nlp.rules import RuleRecognizer

# The shipped lists -----------------------------------------------------------------------


def test_every_data_file_documents_itself_and_parses(tmp_path: Path) -> None:
    for path in sorted(DATA_DIRECTORY.glob("*.txt")):
        assert path.read_text(encoding="utf-8").startswith("#"), path.name
        sections = read_list_file(path)
        assert sum(len(entries) for entries in sections.values()) > 5, path.name
        for entries in sections.values():
            assert all(entry == entry.strip() and "," not in entry for entry in entries)


def test_list_file_format(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text("# comment\nloose\n[one]\nA, B C\n\n[two]\n# x\nD\n", encoding="utf-8")
    assert read_list_file(path) == {"": ["loose"], "one": ["A", "B C"], "two": ["D"]}


def test_names_have_the_expected_labels() -> None:
    names = builtin_gazetteer().names
    expected = {
        "Mali": "GPE",
        "Burkina Faso": "GPE",
        "Côte d'Ivoire": "GPE",
        "Sahel": "LOC",
        "Malian": "NORP",
        "Malians": "NORP",
        "Somalis": "NORP",
        "Swiss": "NORP",
        "United Nations": "ORG",
        "al Qaeda": "ORG",
        "Arabic": "LANGUAGE",
    }
    assert {name: names.get(name) for name in expected} == expected
    assert "Swisss" not in names and "Frenchs" not in names


def test_a_name_has_one_label_across_files() -> None:
    """Places come first: a name listed twice keeps its place label (documented in the loader)."""
    seen: dict[str, str] = {}
    clashes = []
    for file_name, label in [("gpe.txt", "GPE"), ("loc.txt", "LOC"), ("org.txt", "ORG")]:
        for entries in read_list_file(DATA_DIRECTORY / file_name).values():
            for entry in entries:
                if seen.setdefault(entry, label) != label:
                    clashes.append(entry)
    assert clashes == []


def test_digest_is_stable() -> None:
    assert builtin_gazetteer().digest == builtin_gazetteer().digest
    assert len(builtin_gazetteer().digest) == 12


# The personal gazetteer -----------------------------------------------------------------------


def test_path_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(GAZETTEER_ENV, str(tmp_path / "mine.toml"))
    assert personal_gazetteer_path() == tmp_path / "mine.toml"
    monkeypatch.delenv(GAZETTEER_ENV)
    assert personal_gazetteer_path().name == "gazetteer.toml"


def test_missing_file_is_an_empty_gazetteer(tmp_path: Path) -> None:
    gazetteer = load_personal_gazetteer(tmp_path / "none.toml")
    assert not gazetteer and gazetteer.entities == {} and gazetteer.not_entities == set()


@pytest.mark.parametrize(
    "content",
    [
        "not toml = = =",
        '[entities]\n"Mali" = "COUNTRY"\n',
        "not_entities = 3\n",
        '[entities]\n"Mali" = 4\n',
    ],
)
def test_a_broken_file_is_a_clear_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "gazetteer.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError, match=str(path)):
        load_personal_gazetteer(path)


def test_entries_added_and_removed_persist_in_readable_toml(tmp_path: Path) -> None:
    path = tmp_path / "data" / "gazetteer.toml"
    add_personal_entry("Tinzaouaten", "GPE", path)
    add_personal_entry('Odd "quoted"\\name', "ORG", path)
    add_personal_entry("Comments", None, path)
    raw = path.read_text(encoding="utf-8")
    assert raw.startswith("# Personal gazetteer")
    data = tomllib.loads(raw)
    assert data["entities"] == {"Tinzaouaten": "GPE", 'Odd "quoted"\\name': "ORG"}
    assert data["not_entities"] == ["Comments"]

    add_personal_entry("Comments", "ORG", path)  # a later decision replaces the earlier one
    gazetteer = load_personal_gazetteer(path)
    assert gazetteer.entities["Comments"] == "ORG" and gazetteer.not_entities == set()

    assert remove_personal_entry("Comments", path) is True
    assert remove_personal_entry("Comments", path) is False
    assert "Comments" not in load_personal_gazetteer(path).entities
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def test_adding_checks_the_label(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="unknown entity type"):
        add_personal_entry("Mali", "COUNTRY", tmp_path / "g.toml")
    with pytest.raises(UserError, match="needs some text"):
        add_personal_entry("  ", "GPE", tmp_path / "g.toml")
    assert not (tmp_path / "g.toml").exists()


def test_save_writes_control_characters_as_valid_toml(tmp_path: Path) -> None:
    path = tmp_path / "g.toml"
    save_personal_gazetteer(PersonalGazetteer({"tab\there\x7f": "ORG"}, {"é ü"}), path)
    assert load_personal_gazetteer(path) == PersonalGazetteer({"tab\there\x7f": "ORG"}, {"é ü"})


def test_the_personal_gazetteer_has_the_last_word() -> None:
    text = "The CSP said Tinzaouaten was hit. Comments were closed. Mali agreed."
    personal = PersonalGazetteer(
        entities={"Tinzaouaten": "GPE", "CSP": "NORP"}, not_entities={"Comments"}
    )
    recognizer = with_personal_gazetteer(RuleRecognizer(), personal)
    offset = 5  # offsets are article-wide
    found = {
        (text[e.start - offset : e.end - offset], e.label)
        for e in next(recognizer.recognize([(offset, text)]))
    }
    assert ("Tinzaouaten", "GPE") in found
    assert ("CSP", "NORP") in found and ("CSP", "ORG") not in found
    assert not any(name == "Comments" for name, _ in found)
    assert ("Mali", "GPE") in found


def test_personal_entries_match_whole_words_only() -> None:
    personal = PersonalGazetteer(entities={"Ali": "PERSON"})
    recognizer = with_personal_gazetteer(RuleRecognizer(), personal)
    text = "Alison met Ali."
    found = next(recognizer.recognize([(0, text)]))
    assert Entity(11, 14, "PERSON") in found
    assert not any(e.start == 0 and e.end == 3 for e in found)


def test_overlay_changes_the_version_and_an_empty_one_is_no_overlay() -> None:
    rules = RuleRecognizer()
    assert with_personal_gazetteer(rules, PersonalGazetteer()) is rules
    first = with_personal_gazetteer(rules, PersonalGazetteer({"A": "ORG"}))
    second = with_personal_gazetteer(rules, PersonalGazetteer({"A": "GPE"}))
    assert first.name == "rules"
    assert first.version != second.version != rules.version


def test_labels_are_the_ontonotes_set() -> None:
    assert len(LABELS) == 18 and "WORK_OF_ART" in LABELS
