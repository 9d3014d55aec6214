"""The evaluation: the gold files' integrity, the scoring, and the `eval` command."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from tui_reader.errors import UserError
from tui_reader.nlp import evaluate as evaluation
from tui_reader.nlp.entities import Entity
from tui_reader.nlp.evaluate import (
    Counts,
    GoldArticle,
    evaluate,
    load_evaluation_set,
    load_gold_article,
)
from tui_reader.nlp.labels import LABELS

SAMPLE_DATA = Path(__file__).resolve().parent.parent / "sample_data"
EVAL_DIR = SAMPLE_DATA / "eval"
GOLD_FILES = sorted([*EVAL_DIR.glob("*.entities.json"), *SAMPLE_DATA.glob("*.entities.json")])
NO_ARTICLE = ("ORG", "GPE", "LOC", "FAC", "NORP", "PERSON", "EVENT", "LAW", "PRODUCT")


# The gold files ---------------------------------------------------------------------------


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda path: path.name)
def test_gold_entities_are_sound(gold_path: Path) -> None:
    """Offsets inside the text, spans on word boundaries, no overlaps, valid labels."""
    text = gold_path.with_name(gold_path.name.replace(".entities.json", ".txt")).read_text(
        encoding="utf-8"
    )
    raw = json.loads(gold_path.read_text(encoding="utf-8"))
    assert raw == sorted(raw, key=lambda item: item["start"])
    previous_end = 0
    for item in raw:
        start, end, label = item["start"], item["end"], item["label"]
        span = text[start:end]
        assert label in LABELS
        assert 0 <= previous_end <= start < end <= len(text), item
        assert span == span.strip() and span, item
        assert not (start > 0 and text[start - 1].isalnum()), f"{span!r} starts inside a word"
        assert not (end < len(text) and text[end].isalnum()), f"{span!r} ends inside a word"
        assert not span.endswith(("'s", "’s")), f"possessive in {span!r}"
        if label in NO_ARTICLE:
            assert not span.lower().startswith("the "), f"'the' in {span!r}"
        previous_end = end


def test_the_evaluation_set_is_big_varied_and_split() -> None:
    manifest = json.loads((EVAL_DIR / "manifest.json").read_text(encoding="utf-8"))
    names = sorted(path.stem for path in EVAL_DIR.glob("*.txt"))
    assert len(names) >= 12
    assert len(manifest["held_out"]) >= 4
    assert sorted(manifest["held_out"] + manifest["tuned"]) == names
    for name in names:
        words = len((EVAL_DIR / f"{name}.txt").read_text(encoding="utf-8").split())
        assert 250 <= words <= 600, (name, words)


def test_sample_articles_include_a_long_one() -> None:
    lengths = [
        len(path.with_name(path.name.replace(".entities.json", ".txt")).read_text().split())
        for path in SAMPLE_DATA.glob("*.entities.json")
    ]
    assert len(lengths) >= 2 and max(lengths) >= 3000


# Loading ------------------------------------------------------------------------------------


def write_article(directory: Path, name: str, text: str, gold: object) -> Path:
    (directory / f"{name}.txt").write_text(text, encoding="utf-8")
    (directory / f"{name}.entities.json").write_text(json.dumps(gold), encoding="utf-8")
    return directory / f"{name}.txt"


@pytest.mark.parametrize(
    ("gold", "message"),
    [
        ([{"start": 0, "end": 99, "label": "GPE"}], "outside the text"),
        ([{"start": 0, "end": 4, "label": "COUNTRY"}], "unknown label"),
        ([{"start": 0, "label": "GPE"}], "needs start, end and label"),
        ({"start": 0}, "expected a list"),
    ],
)
def test_bad_gold_is_a_clear_error(tmp_path: Path, gold: object, message: str) -> None:
    path = write_article(tmp_path, "a", "Mali is large.", gold)
    with pytest.raises(UserError, match=message):
        load_gold_article(path)


def test_missing_or_broken_gold_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Mali.", encoding="utf-8")
    with pytest.raises(UserError, match="missing"):
        load_gold_article(tmp_path / "a.txt")
    (tmp_path / "a.entities.json").write_text("[{", encoding="utf-8")
    with pytest.raises(UserError, match="not valid JSON"):
        load_gold_article(tmp_path / "a.txt")


def test_splits_come_from_the_manifest(tmp_path: Path) -> None:
    write_article(tmp_path, "a", "Mali.", [{"start": 0, "end": 4, "label": "GPE"}])
    write_article(tmp_path, "b", "Chad.", [{"start": 0, "end": 4, "label": "GPE"}])
    assert [a.name for a in load_evaluation_set(tmp_path)] == ["a", "b"]
    with pytest.raises(UserError, match=r"manifest\.json: missing"):
        load_evaluation_set(tmp_path, "held-out")
    (tmp_path / "manifest.json").write_text('{"held_out": ["b"], "tuned": ["a"]}')
    assert [a.name for a in load_evaluation_set(tmp_path, "held-out")] == ["b"]
    (tmp_path / "manifest.json").write_text('{"held_out": ["c"]}')
    with pytest.raises(UserError, match="not there"):
        load_evaluation_set(tmp_path, "held-out")
    with pytest.raises(UserError, match="not a directory"):
        load_evaluation_set(tmp_path / "a.txt")


# Scoring -------------------------------------------------------------------------------------


class FixedRecognizer:
    """Returns prepared entities, to check the arithmetic of the scores."""

    name = "fixed"
    version = "1"

    def __init__(self, entities: list[Entity]) -> None:
        self.entities = entities

    def recognize(self, paragraphs):
        for offset, text in paragraphs:
            end = offset + len(text)
            yield [e for e in self.entities if offset <= e.start < end]


def test_scores_are_exact_span_matches_per_label_and_per_coarse_type() -> None:
    text = "Mali and Wagner met in Bamako on Tuesday."
    gold = GoldArticle(
        "a",
        text,
        (
            Entity(0, 4, "GPE"),
            Entity(9, 15, "ORG"),
            Entity(23, 29, "GPE"),
            Entity(33, 40, "DATE"),
        ),
    )
    predicted = [
        Entity(0, 4, "LOC"),  # wrong fine label, right coarse type (PLACE)
        Entity(9, 15, "ORG"),  # right
        Entity(23, 28, "GPE"),  # wrong span
        Entity(33, 40, "DATE"),  # right
        Entity(30, 32, "ORDINAL"),  # spurious, and no coarse type
    ]
    report = evaluate(FixedRecognizer(predicted), [gold])
    assert (report.micro.true_positives, report.micro.false_positives) == (2, 3)
    assert report.micro.false_negatives == 2
    assert (report.coarse_micro.true_positives, report.coarse_micro.false_positives) == (3, 1)
    assert report.coarse["PLACE"].support == 2 and report.coarse["PLACE"].true_positives == 1
    assert report.per_label["ORDINAL"].false_positives == 1
    assert report.coarse_micro.precision == pytest.approx(3 / 4)
    assert report.coarse_micro.recall == pytest.approx(3 / 4)
    kinds = {(m.kind, m.text) for m in report.mistakes}
    assert ("missed", "Bamako") in kinds and ("spurious", "Bamak") in kinds


def test_empty_counts_do_not_divide_by_zero() -> None:
    counts = Counts()
    assert (counts.precision, counts.recall, counts.f1) == (0.0, 0.0, 0.0)


# The command -----------------------------------------------------------------------------------


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    evaluation.add_arguments(parser)
    return parser.parse_args(list(argv))


def test_command_prints_tables(capsys: pytest.CaptureFixture[str]) -> None:
    assert evaluation.run(parse(str(EVAL_DIR), "--ner", "rules", "--split", "held-out")) == 0
    out = capsys.readouterr().out
    assert "By coarse type" in out and "PLACE" in out and "micro" in out
    assert "held-out" in out


def test_command_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = parse(str(EVAL_DIR), "--split", "tuned", "--format", "json", "--mistakes")
    assert evaluation.run(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["backend"] == "rules" and data["split"] == "tuned"
    assert set(data["coarse"]) == {"PERSON", "ORG", "PLACE", "NORP", "DATE", "NUMBER"}
    assert 0.85 <= data["coarse_micro"]["f1"] <= 1.0
    assert all({"article", "kind", "text", "label", "start"} <= set(m) for m in data["mistakes"])


def test_command_refuses_off() -> None:
    args = parse(str(EVAL_DIR))
    args.ner = "off"  # not offered by the option, but a caller may pass it
    with pytest.raises(UserError, match="nothing to evaluate"):
        evaluation.run(args)
