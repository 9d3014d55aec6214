"""Training data for the spaCy backend's model: the silver rehearsal data and the install step
(the training itself takes an hour; see train_model.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui_reader.errors import UserError
from tui_reader.nlp.train_model import agreement, install, rehearsal_articles, silver_doc

spacy = pytest.importorskip("spacy")


def test_only_names_both_found_alike_are_agreed() -> None:
    rules = [(0, 5, "PERSON"), (10, 14, "GPE"), (20, 26, "DATE"), (30, 35, "NORP")]
    model = [(0, 5, "PERSON"), (10, 14, "ORG"), (20, 26, "DATE"), (30, 35, "NORP"), (40, 44, "FAC")]
    agreed, disputed = agreement(rules, model)
    assert agreed == {(0, 5, "PER"), (30, 35, "MISC")}  # dates are no names
    assert disputed == {(10, 14, "LOC"), (10, 14, "ORG"), (40, 44, "LOC")}


def test_a_silver_paragraph_leaves_disputed_words_unknown() -> None:
    nlp = spacy.blank("en")
    text = "Amara Okafor met Halvard officials in Obrevik."
    doc = silver_doc(nlp, text, {(0, 12, "PER"), (38, 45, "LOC")}, {(17, 24, "ORG")})
    tags = {token.text: (token.ent_iob_, token.ent_type_) for token in doc}
    assert tags["Amara"] == ("B", "PER") and tags["Okafor"] == ("I", "PER")
    assert tags["Obrevik"] == ("B", "LOC")
    assert tags["Halvard"] == ("", "")  # unknown: no loss either way
    assert tags["met"] == ("O", "") and tags["officials"] == ("O", "")


def test_every_sixth_rehearsal_article_is_kept_out(tmp_path: Path) -> None:
    for number in range(12):
        (tmp_path / f"article{number:02}.txt").write_text("Text.", encoding="utf-8")
    training, checking = rehearsal_articles(tmp_path)
    assert [path.name for path in checking] == ["article05.txt", "article11.txt"]
    assert len(training) == 10 and not set(training) & set(checking)
    with pytest.raises(UserError, match=r"no NAME\.txt articles"):
        rehearsal_articles(tmp_path / "missing")


def test_install_empties_the_string_table_and_keeps_the_readme(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("ner").add_label("PER")
    nlp.initialize()
    nlp("Amara Okafor spoke.")  # words enter the string table
    nlp.to_disk(tmp_path / "trained")
    config = tmp_path / "trained" / "config.cfg"
    config.write_text(
        config.read_text().replace("train = null", 'train = "/tmp/run/train.spacy"'), "utf-8"
    )
    destination = tmp_path / "ner_model"
    destination.mkdir()
    (destination / "README.md").write_text("How it was made.\n", encoding="utf-8")
    install(tmp_path / "trained", destination)
    assert (destination / "README.md").read_text(encoding="utf-8") == "How it was made.\n"
    assert json.loads((destination / "vocab" / "strings.json").read_text()) == []
    assert json.loads((destination / "meta.json").read_text())["name"] == "tui_reader_conll_ner"
    assert "/tmp/run" not in (destination / "config.cfg").read_text()
    reloaded = spacy.load(destination)
    assert reloaded.pipe_names == ["ner"] and "Okafor" not in reloaded.vocab.strings
