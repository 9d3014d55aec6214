"""CoNLL-2003 files: the reader (text rebuilt, offsets kept, untrusted input), the scorer and
`tui-reader eval` on them. The fixture, tests/data/conll/stories.conll, was written for these
tests: two invented stories, a running-text one and a results table, with CRLF line ends."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.errors import UserError
from tui_reader.nlp.conll import (
    ConllDocument,
    entity_spans,
    is_conll_file,
    parse_conll,
    read_conll_file,
    rebuild_sentence,
)
from tui_reader.nlp.conll_eval import (
    SCORED_LABELS,
    ConllReport,
    evaluate_conll,
    evaluation_parts,
    find_conll_files,
)
from tui_reader.nlp.entities import Entity
from tui_reader.nlp.rules import RuleRecognizer

FIXTURE = Path(__file__).resolve().parent / "data" / "conll" / "stories.conll"
TO_ONTONOTES = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE", "MISC": "NORP"}


@pytest.fixture(scope="module")
def documents() -> list[ConllDocument]:
    return read_conll_file(FIXTURE)


def gold_texts(document: ConllDocument) -> list[tuple[str, str]]:
    return [(document.text[g.start : g.end], g.type) for g in document.entities]


# Reading --------------------------------------------------------------------------------


def test_documents_are_rebuilt_one_sentence_a_line(documents: list[ConllDocument]) -> None:
    story, table = documents
    assert [d.name for d in documents] == ["stories.conll#1", "stories.conll#2"]
    assert story.text.split("\n") == [
        "HARBOUR VOTE DELAYED IN NORDVIK.",
        "NORDVIK 2031-05-14",
        "The Nordvik Harbour Board said on Tuesday it would delay the vote on the new pier.",
        '"We need more time," chairwoman Amara Okafor told reporters in Oslo.',
        "Okafor's plan (costing $40 million) was backed by the Norwegian fishing union and "
        "didn't need a new law.",
        "Shares in Nordvik Shipping rose two percent on the news in Bergen and Stavanger.",
    ]
    assert table.text.split("\n")[3:] == [
        "Brann 2 Molde 1",
        "Rosenborg 0 Viking Stavanger 0",
        "Bodo Glimt Tromso 3",
    ]
    assert [(start, end) for start, end in story.sentences] == [
        (story.text.index(line), story.text.index(line) + len(line))
        for line in story.text.split("\n")
    ]


def test_every_token_keeps_its_offsets(documents: list[ConllDocument]) -> None:
    tokens = [documents[0].text[start:end] for start, end in documents[0].tokens]
    assert tokens[:6] == ["HARBOUR", "VOTE", "DELAYED", "IN", "NORDVIK", "."]
    assert '"' in tokens and "n't" in tokens and "'s" in tokens and "$" in tokens
    assert all(token and " " not in token for token in tokens)


def test_gold_entities_and_touching_ones(documents: list[ConllDocument]) -> None:
    story, table = documents
    assert gold_texts(story) == [
        ("NORDVIK", "LOC"),
        ("NORDVIK", "LOC"),
        ("Nordvik Harbour Board", "ORG"),
        ("Amara Okafor", "PER"),
        ("Oslo", "LOC"),
        ("Okafor", "PER"),
        ("Norwegian", "MISC"),
        ("Nordvik Shipping", "ORG"),
        ("Bergen", "LOC"),
        ("Stavanger", "LOC"),
    ]
    assert ("Viking Stavanger", "ORG") in gold_texts(table)
    assert ("Bodo Glimt", "ORG") in gold_texts(table)
    assert ("Tromso", "ORG") in gold_texts(table)  # B- where two ORGs touch


def test_prose_is_running_text_not_a_table(documents: list[ConllDocument]) -> None:
    assert [d.prose for d in documents] == [True, False]


def test_iob_tags_become_spans() -> None:
    assert entity_spans(["I-PER", "I-PER", "O", "I-ORG", "B-ORG", "I-ORG"]) == [
        (0, 2, "PER"),
        (3, 4, "ORG"),
        (4, 6, "ORG"),
    ]
    assert entity_spans(["B-LOC", "I-LOC", "I-PER"]) == [(0, 2, "LOC"), (2, 3, "PER")]


def test_quotes_open_and_close_within_a_sentence() -> None:
    text, _ = rebuild_sentence(['"', "Yes", '"', "he", "said", ",", '"', "no", '"', "."])
    assert text == '"Yes" he said, "no".'


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("-DOCSTART- -X- -X- O\n\nOslo NNP I-NP I-CITY\n", "x:3: unknown entity tag"),
        ("Oslo\n", "x:1: expected"),
        ("Oslo NNP I-NP O\nBergen NNP I-NP X-LOC\n", "x:2: unknown entity tag"),
    ],
)
def test_malformed_lines_are_named(content: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        parse_conll(content, "x")


def test_a_file_without_documents_is_empty_and_not_conll(tmp_path: Path) -> None:
    empty = tmp_path / "empty.conll"
    empty.write_text("\n\n", encoding="utf-8")
    assert read_conll_file(empty) == []
    assert not is_conll_file(empty)
    assert is_conll_file(FIXTURE)


# Hostile input: the reader parses files from anywhere ---------------------------------------

TAGS = st.sampled_from(["O", "I-PER", "I-ORG", "I-LOC", "I-MISC", "B-ORG", "B-PER"])
TOKENS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Zs", "Zl", "Zp", "Cc")),
    min_size=1,
    max_size=8,
).filter(lambda token: token.split() == [token])
SENTENCE = st.lists(st.tuples(TOKENS, TAGS), min_size=1, max_size=12)
DOCUMENT = st.lists(SENTENCE, min_size=1, max_size=5)


def conll_text(documents: Iterable[list[list[tuple[str, str]]]], newline: str) -> str:
    lines: list[str] = []
    for document in documents:
        lines += ["-DOCSTART- -X- -X- O", ""]
        for sentence in document:
            lines += [f"{token} NN I-NP {tag}" for token, tag in sentence]
            lines.append("")
    return newline.join(lines)


@settings(max_examples=150, deadline=None)
@given(st.lists(DOCUMENT, min_size=1, max_size=3), st.sampled_from(["\n", "\r\n"]))
def test_any_wellformed_file_keeps_tokens_entities_and_lines(
    documents: list[list[list[tuple[str, str]]]], newline: str
) -> None:
    parsed = parse_conll(conll_text(documents, newline), "generated")
    assert len(parsed) == len(documents)
    for source, document in zip(documents, parsed, strict=True):
        words = [token for sentence in source for token, _ in sentence]
        assert [document.text[s:e] for s, e in document.tokens] == words
        assert document.text.count("\n") == len(source) - 1
        for start, end in document.sentences:
            assert "\n" not in document.text[start:end]
        for gold in document.entities:
            assert 0 <= gold.start < gold.end <= len(document.text)
            assert "\n" not in document.text[gold.start : gold.end]
            assert gold.type in ("PER", "ORG", "LOC", "MISC")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses_or_is_a_one_line_error(content: str) -> None:
    try:
        documents = parse_conll(content, "garbage")
    except UserError as error:
        assert "\n" not in str(error)
        assert str(error).startswith("garbage:")
        return
    for document in documents:
        assert all(document.text[s:e] for s, e in document.tokens)


# Scoring ----------------------------------------------------------------------------------------


def score(documents: list[ConllDocument], extra: dict[str, list[tuple[str, str]]]) -> ConllReport:
    return evaluate_conll(FixedRecognizer(documents, extra), documents, FIXTURE.name, "held-out")


class FixedRecognizer:
    """Returns, paragraph by paragraph, the gold entities (MISC as NORP) plus chosen extras."""

    name = "fixed"
    version = "1"

    def __init__(
        self, documents: list[ConllDocument], extra: dict[str, list[tuple[str, str]]]
    ) -> None:
        self.entities: dict[int, list[Entity]] = {}
        self.documents = documents
        self.extra = extra

    def recognize(self, paragraphs: Iterable[tuple[int, str]]) -> Iterator[list[Entity]]:
        pairs = list(paragraphs)
        text = "\n".join(paragraph for _, paragraph in pairs)
        document = next(d for d in self.documents if d.text == text)
        found = [Entity(g.start, g.end, TO_ONTONOTES[g.type]) for g in document.entities]
        for name, label in self.extra.get(document.name, []):
            start = text.index(name)
            found.append(Entity(start, start + len(name), label))
        for start, paragraph in pairs:
            yield [e for e in found if start <= e.start < start + len(paragraph) + 1]


def test_the_gold_scores_one_and_misc_is_neither_rewarded_nor_punished(
    documents: list[ConllDocument],
) -> None:
    report = score(documents, {"stories.conll#1": [("Tuesday", "DATE"), ("union", "NORP")]})
    for subset in ("all", "prose"):
        micro = report.subsets[subset].micro
        assert (micro.precision, micro.recall, micro.f1) == (1.0, 1.0, 1.0)
    assert report.subsets["all"].micro.support == sum(
        1 for d in documents for g in d.entities if g.type != "MISC"
    )
    assert report.subsets["prose"].documents == 1


def test_a_wrong_type_is_a_false_positive_and_a_miss(documents: list[ConllDocument]) -> None:
    # "Okafor" once more as an ORG on top of the gold PERSON, and a place that is not gold.
    report = score(documents, {"stories.conll#1": [("Okafor told", "ORG"), ("pier", "FAC")]})
    per_type = report.subsets["all"].per_type
    assert per_type["ORG"].false_positives == 1
    assert per_type["LOC"].false_positives == 1
    assert per_type["PER"].false_negatives == 0
    assert report.crossing_lines == 0


def test_an_entity_across_a_line_break_is_counted(documents: list[ConllDocument]) -> None:
    report = score(documents, {"stories.conll#2": [("Molde 1\nRosenborg", "ORG")]})
    assert report.crossing_lines == 1


def test_scored_labels_follow_the_evaluation_rules() -> None:
    assert SCORED_LABELS == {
        "PERSON": "PER",
        "ORG": "ORG",
        "GPE": "LOC",
        "LOC": "LOC",
        "FAC": "LOC",
    }


def test_the_rules_on_the_fixture(documents: list[ConllDocument]) -> None:
    report = evaluate_conll(RuleRecognizer(), documents, FIXTURE.name, "held-out", mistakes=True)
    assert report.crossing_lines == 0
    assert report.subsets["all"].documents == 2
    missed = {m.text for m in report.mistakes if m.kind == "missed"}
    assert not missed & {"Amara Okafor", "Oslo", "NORDVIK", "Nordvik Harbour Board"}


def test_files_by_split(tmp_path: Path) -> None:
    for name in ("eng.train", "eng.testa", "notes.txt"):
        (tmp_path / name).write_bytes(FIXTURE.read_bytes() if name != "notes.txt" else b"hi")
    assert [p.name for p in find_conll_files(tmp_path)] == ["eng.testa", "eng.train"]
    assert [p.name for p in find_conll_files(tmp_path, "tuned")] == ["eng.train"]
    assert [p.name for p in find_conll_files(tmp_path, "held-out")] == ["eng.testa"]
    train = read_conll_file(tmp_path / "eng.train")
    parts = evaluation_parts(tmp_path / "eng.train", train)
    assert [(name, split) for name, split, _ in parts] == [
        ("eng.train", "tuned"),
        ("eng.train, last tenth", "not trained on"),
    ]
    assert parts[1][2] == train[int(len(train) * 0.9) :]
    assert len(evaluation_parts(tmp_path / "eng.testa", train)) == 1
    with pytest.raises(UserError):
        find_conll_files(tmp_path / "missing")


# The command ------------------------------------------------------------------------------------


def run_eval(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui_reader", "eval", *arguments],
        capture_output=True,
        text=True,
        check=False,
    )


def test_eval_prints_the_table_for_a_conll_file() -> None:
    result = run_eval(str(FIXTURE), "--ner", "rules")
    assert result.returncode == 0, result.stderr
    assert "all documents" in result.stdout and "prose documents" in result.stdout
    assert "rules" in result.stdout


def test_eval_json_on_a_directory_of_conll_files(tmp_path: Path) -> None:
    (tmp_path / "eng.testa").write_bytes(FIXTURE.read_bytes())
    result = run_eval(str(tmp_path), "--ner", "rules", "--format", "json")
    assert result.returncode == 0, result.stderr
    (report,) = json.loads(result.stdout)["conll2003"]
    assert report["file"] == "eng.testa" and report["split"] == "held-out"
    assert set(report["subsets"]) == {"all", "prose"}
    assert set(report["subsets"]["prose"]["per_type"]) == {"PER", "ORG", "LOC"}


def test_eval_on_a_broken_conll_file_is_a_one_line_error(tmp_path: Path) -> None:
    broken = tmp_path / "eng.testa"
    broken.write_text("-DOCSTART- -X- -X- O\n\nOslo NNP I-NP I-TOWN\n", encoding="utf-8")
    result = run_eval(str(broken), "--ner", "rules")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "eng.testa:3" in result.stderr and "I-TOWN" in result.stderr
