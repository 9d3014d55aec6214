"""The claim evaluation: the gold files, the scoring, and the figures on held-out articles."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from tui_reader.errors import UserError
from tui_reader.nlp.claims_eval import (
    add_eval_arguments,
    evaluate_claims,
    load_gold_claims,
    run_eval,
)

EVAL = Path(__file__).resolve().parent.parent / "sample_data" / "eval"


def test_gold_claims_cover_enough_articles_and_slice_the_texts() -> None:
    manifest = json.loads((EVAL / "manifest.json").read_text(encoding="utf-8"))
    held_out = [name for name in manifest["held_out"] if (EVAL / f"{name}.claims.json").exists()]
    total = 0
    articles = 0
    for path in sorted(EVAL.glob("*.claims.json")):
        text = path.with_name(path.name.replace(".claims.json", ".txt")).read_text(encoding="utf-8")
        gold = load_gold_claims(path, text)
        assert gold, path
        for claim in gold:
            assert text[claim.cue[0] : claim.cue[1]].strip()
            assert text[claim.content[0] : claim.content[1]].strip()
            assert text[claim.source[0] : claim.source[1]].strip()
        total += len(gold)
        articles += 1
    assert articles >= 8 and total >= 40
    assert len(held_out) >= 3


@pytest.mark.parametrize("ner", ["rules", "off", "gold"])
def test_held_out_articles_meet_the_targets(ner: str) -> None:
    held_out = evaluate_claims(EVAL, ner).splits["held-out"]
    assert held_out.gold >= 40
    assert held_out.recall >= 0.85
    assert held_out.precision >= 0.75
    assert held_out.source_accuracy >= 0.80


def test_a_directory_without_manifest_is_one_split() -> None:
    samples = EVAL.parent
    assert not (samples / "manifest.json").exists()
    scores = evaluate_claims(samples, "rules").splits
    assert list(scores) == ["all"]
    assert scores["all"].gold >= 100
    assert scores["all"].recall >= 0.9
    assert scores["all"].precision >= 0.9
    assert scores["all"].source_accuracy >= 0.9


def write_case(directory: Path) -> None:
    text = (
        "The mayor's office said the bridge would reopen in May.\n\n"
        "The weather was mild, and the council met.\n\n"
        "It said the market would close."
    )
    (directory / "town.txt").write_text(text, encoding="utf-8")

    def span(part: str, after: int = 0) -> list[int]:
        start = text.index(part, after)
        return [start, start + len(part)]

    gold = [
        {
            "source": span("The mayor's office"),
            "cue": span("said"),
            "content": span("the bridge would reopen in May"),
            "resolved": None,
        },
        {
            "source": span("the council"),
            "cue": span("met"),
            "content": span("The weather was mild"),
            "resolved": None,
        },
        {
            "source": span("It"),
            "cue": span("said", text.index("It said")),
            "content": span("the market would close"),
            "resolved": span("the council"),
        },
    ]
    (directory / "town.claims.json").write_text(json.dumps(gold), encoding="utf-8")
    manifest = {"tuned": [], "held_out": ["town"]}
    (directory / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_scores_count_matches_misses_and_wrong_sources(tmp_path: Path) -> None:
    write_case(tmp_path)
    evaluation = evaluate_claims(tmp_path, "off")
    scores = evaluation.splits["held-out"]
    assert (scores.gold, scores.predicted, scores.matched) == (3, 2, 2)
    assert scores.recall == pytest.approx(2 / 3)
    assert scores.precision == 1.0
    # "It" resolves to the mayor's office, not to the council the gold names.
    assert scores.source_accuracy == 0.5
    kinds = sorted((error.kind, error.cue) for error in evaluation.errors)
    assert kinds == [("missed", "met"), ("wrong source", "said")]
    assert evaluation.splits["tuned"].articles == []


def test_eval_command_prints_json_and_a_table(tmp_path: Path, capsys) -> None:
    write_case(tmp_path)
    parser = argparse.ArgumentParser()
    add_eval_arguments(parser)
    assert run_eval(parser.parse_args([str(tmp_path), "--ner", "off", "--format", "json"])) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["splits"]["held-out"]["matched"] == 2
    assert "errors" not in data
    json_errors = parser.parse_args([str(tmp_path), "--ner", "off", "--format", "json", "--errors"])
    assert run_eval(json_errors) == 0
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert {(e["kind"], e["cue"]) for e in errors} == {("missed", "met"), ("wrong source", "said")}
    assert run_eval(parser.parse_args([str(tmp_path), "--ner", "off", "--errors"])) == 0
    out = capsys.readouterr().out
    assert "held-out" in out and "missed" in out and "0.667" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not valid JSON"),
        ('{"source": [0, 1]}', "expected a list"),
        ('[{"source": [0, 1], "cue": [2, 3]}]', "claim 0 is malformed"),
        ('[{"source": [0, 1], "cue": [2, 3], "content": [5, 99999]}]', "outside the text"),
    ],
)
def test_bad_gold_files_give_one_clear_error(tmp_path: Path, content: str, message: str) -> None:
    write_case(tmp_path)
    (tmp_path / "town.claims.json").write_text(content, encoding="utf-8")
    with pytest.raises(UserError, match=message):
        evaluate_claims(tmp_path, "off")


def test_a_directory_without_gold_claims_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not a directory"):
        evaluate_claims(tmp_path / "missing", "off")
    (tmp_path / "a.txt").write_text("The mayor said so.", encoding="utf-8")
    (tmp_path / "manifest.json").write_text('{"tuned": ["a"], "held_out": []}', encoding="utf-8")
    with pytest.raises(UserError, match="no article has"):
        evaluate_claims(tmp_path, "off")
