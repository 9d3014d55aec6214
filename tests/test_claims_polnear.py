"""PolNeAR read as published and scored by its rules, on a small corpus of our own
(`tests/data/polnear_mini`, the same layout as the real one: text/, attributions/,
metadata.tsv)."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import pytest

from tui_reader.cli import main
from tui_reader.errors import UserError
from tui_reader.nlp.claim_corpus_eval import evaluate_corpus
from tui_reader.nlp.claim_polnear import (
    GoldAttribution,
    assign_splits,
    is_polnear_directory,
    read_brat_attributions,
    read_corpus,
)
from tui_reader.nlp.claim_scoring import is_speech_or_thought, score_annotation
from tui_reader.nlp.claims import ClaimCandidate
from tui_reader.nlp.claims_eval import add_eval_arguments, run_eval

MINI = Path(__file__).resolve().parent / "data" / "polnear_mini"
FERRY = "harbour-gazette_2016-03-01_ferry-fares-rise"


def cut(text: str, fragments: tuple[tuple[int, int], ...]) -> list[str]:
    return [text[start:end] for start, end in fragments]


def test_the_corpus_is_read_with_every_annotator_and_publisher() -> None:
    assert is_polnear_directory(MINI) and not is_polnear_directory(MINI / "text")
    corpus = {article.name: article for article in read_corpus(MINI)}
    assert len(corpus) == 6
    publishers = {a.publisher for a in corpus.values()}
    assert publishers == {"harbour-gazette", "valley-times", "north-star"}
    ferry = corpus[FERRY]
    assert [a.annotator for a in ferry.annotations] == ["a1b2", "c3d4"]
    text = ferry.path.read_text(encoding="utf-8")
    first = {tuple(cut(text, g.cue)): g for g in ferry.annotations[0].attributions}
    quoted = next(g for g in ferry.annotations[0].attributions if len(g.content) == 2)
    assert cut(text, quoted.content) == ["“We have no other choice,”", "“Fuel costs have doubled.”"]
    assert cut(text, first[("Says",)].source) == ["Council"]
    # A second content written as Content2 joins the first.
    second = next(g for g in ferry.annotations[1].attributions if len(g.content) == 2)
    assert cut(text, second.source) == ["Marta Lindqvist"]
    # An attribution without a source keeps an empty source.
    strike = corpus["north-star_2016-05-20_bus-strike"].annotations[0].attributions
    assert [g.source for g in strike if not g.source] == [()]


def test_brat_lines_that_are_not_spans_or_events_are_skipped(tmp_path: Path) -> None:
    text = "The mayor said the pier\nwould reopen."
    path = tmp_path / "a_0000.ann"
    path.write_text(
        "T1\tSource 0 9\tThe mayor\n"
        "T2\tCue 10 14\tsaid\n"
        "T3\tContent 15 23;24 36\tthe pier\n"
        "Text of a span that went on over a line break\n"
        "#1\tAnnotatorNotes T1\ta note\n"
        "R1\tRelation Arg1:T1 Arg2:T2\n"
        "T4\tAttribution 10 14\tsaid\n"
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        "E2\tAttribution-no-source:T4 \n",
        encoding="utf-8",
    )
    found = list(read_brat_attributions(path, len(text)))
    assert found == [GoldAttribution(((0, 9),), ((10, 14),), ((15, 23), (24, 36)))]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ("T1\tCue 10 99\tsaid\n", "outside the text"),
        ("T1\tCue 4 2\tsaid\n", "outside the text"),
        ("T1\tCue\tsaid\n", "outside the text"),
        ("E1\tAttribution:T9 Cue:T2\n", "not a span of the file"),
    ],
)
def test_a_damaged_annotation_file_is_one_clear_error(
    tmp_path: Path, lines: str, message: str
) -> None:
    path = tmp_path / "a_0000.ann"
    path.write_text(lines, encoding="utf-8")
    with pytest.raises(UserError, match=message):
        list(read_brat_attributions(path, 20))


def test_a_damaged_corpus_exits_2_with_one_line(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(MINI, corpus)
    (corpus / "attributions" / "stray.ann").write_text("", encoding="utf-8")
    assert main(["eval-claims", str(corpus), "--finder", "rules"]) == 2
    error = capsys.readouterr().err.strip()
    assert "ARTICLE_ANNOTATOR.ann" in error and "\n" not in error
    (corpus / "attributions" / "stray.ann").unlink()
    (corpus / "text" / f"{FERRY}.txt").unlink()
    assert main(["eval-claims", str(corpus), "--finder", "rules"]) == 2
    assert "missing" in capsys.readouterr().err


def test_the_split_holds_out_a_third_of_each_publisher_by_name_alone() -> None:
    corpus = read_corpus(MINI)
    splits = assign_splits(corpus)
    assert splits == assign_splits(list(reversed(corpus)))
    for publisher in ("harbour-gazette", "valley-times", "north-star"):
        names = [a.name for a in corpus if a.publisher == publisher]
        assert sorted(splits[name] for name in names) == ["held-out", "tuned"]


def test_scoring_follows_the_corpus_rules() -> None:
    text = "The mayor said the pier would reopen in May. Critics doubt it. Rain fell all day."
    mayor = GoldAttribution(
        ((0, 9),), ((10, 14),), ((text.index("the pier"), text.index(" in May")),)
    )
    critics = GoldAttribution(((45, 52),), ((53, 58),), ((59, 61),))
    covering_half = ClaimCandidate((0, 9), (10, 14), (15, 30), None, 0.9)
    wrong_source = ClaimCandidate((62, 66), (53, 58), (59, 61), None, 0.5)
    nowhere = ClaimCandidate((62, 66), (67, 71), (72, 79), None, 0.5)
    tally, misses = score_annotation(text, [covering_half, wrong_source, nowhere], [mayor, critics])
    assert (tally.gold, tally.found, tally.suggested, tally.precise) == (2, 2, 3, 2)
    assert (tally.sourced, tally.source_correct) == (2, 1)
    assert (tally.speech, tally.speech_found) == (2, 2)
    assert {m.kind for m in misses} == {"wrong source", "spurious"}
    too_little = ClaimCandidate((0, 9), (10, 14), (15, 20), None, 0.9)
    tally, misses = score_annotation(text, [too_little], [mayor])
    assert (tally.found, tally.precise) == (0, 1)
    assert [m.kind for m in misses] == ["missed"]
    # A pronoun source is correct as written, or by the name it resolves to.
    resolved = ClaimCandidate((62, 66), (10, 14), (15, 41), (0, 9), 0.9)
    assert score_annotation(text, [resolved], [mayor])[0].source_correct == 1


@pytest.mark.parametrize(
    ("cue", "expected"),
    [
        ("said", True),
        ("has said", True),
        ("told", True),
        ("believes", True),
        ("plans to", True),
        ("according to", False),
        ("backed", False),
        (":", False),
    ],
)
def test_speech_and_thought_cues(cue: str, expected: bool) -> None:
    assert is_speech_or_thought(cue) is expected


def test_evaluation_per_split_path_and_publisher() -> None:
    evaluation = evaluate_corpus(MINI, ("rules",), "rules")
    overall = evaluation.tallies[("all", "rules", "all")]
    assert overall.articles == 6
    assert overall.gold == 16  # the ferry article counts both of its annotators
    held_out = evaluation.tallies[("held-out", "rules", "all")]
    tuned = evaluation.tallies[("tuned", "rules", "all")]
    assert held_out.gold + tuned.gold == overall.gold
    assert evaluation.publishers() == ["harbour-gazette", "north-star", "valley-times"]
    assert 0.5 <= overall.recall <= 1.0 and overall.precision >= 0.8
    only = evaluate_corpus(MINI, ("rules",), "rules", "held-out")
    assert {key[0] for key in only.tallies} == {"held-out"}
    with pytest.raises(UserError, match="unknown split"):
        evaluate_corpus(MINI, ("rules",), "rules", "everything")


def test_eval_command_prints_the_table_and_json(capsys) -> None:
    parser = argparse.ArgumentParser()
    add_eval_arguments(parser)
    assert run_eval(parser.parse_args([str(MINI), "--finder", "rules"])) == 0
    out = capsys.readouterr().out
    assert "held-out" in out and "north-star" in out and "0.86" in out
    assert run_eval(parser.parse_args([str(MINI), "--finder", "rules", "--format", "json"])) == 0
    data = json.loads(capsys.readouterr().out)
    rows = {(r["split"], r["path"], r["publisher"]): r for r in data["scores"]}
    assert rows[("all", "rules", "all")]["gold"] == 16
    assert data["human_agreement"] == {"recall": 0.86, "precision": 0.88}
    args = [str(MINI), "--finder", "rules", "--split", "tuned", "--errors"]
    assert run_eval(parser.parse_args(args)) == 0
    assert "missed" in capsys.readouterr().out
