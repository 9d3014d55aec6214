"""The learned reading of the parser path: the shipped model file, the finder it drives on
a paragraph of our own, and training end to end on our own small corpus in PolNeAR's
layout (`tests/data/polnear_mini`)."""

from __future__ import annotations

import argparse
import gzip
import shutil
from pathlib import Path

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui_reader.document import Article
from tui_reader.errors import UserError
from tui_reader.nlp.backends import installed_reference_model
from tui_reader.nlp.claim_model import FORMAT, ClaimModel, read_model, shipped_model
from tui_reader.nlp.claims import ClaimCandidate
from tui_reader.nlp.claims_eval import add_eval_arguments, run_eval

MINI = Path(__file__).resolve().parent / "data" / "polnear_mini"
SPACY = installed_reference_model()
needs_spacy = pytest.mark.skipif(SPACY is None, reason="spaCy and an English model not installed")

PARAGRAPH = (
    "The harbour board will raise mooring fees in April, its chairwoman, Ida Marsh, "
    "said on Tuesday. “We cannot keep the pontoons afloat on what we charge now,” she "
    "told reporters after the meeting. Fishermen fear the rise will drive boats to "
    "other ports, according to the skippers' association."
)


def test_the_shipped_model_loads_with_its_provenance() -> None:
    model = shipped_model()
    assert "PolNeAR" in model.trained_on
    assert len(model.cue.weights) > 1000 and model.content.weights and model.source.weights
    assert 0 < model.keep_threshold < model.add_threshold < 1
    again = ClaimModel.from_bytes(model.to_bytes(), "again")
    assert again.cue == model.cue and again.add_threshold == model.add_threshold
    # The features name constructions: the names of the training news carry no weight.
    for table in (model.cue.weights, model.content.weights, model.source.weights):
        for feature, weight in table.items():
            word = feature.rsplit(":", 1)[-1].rsplit("|", 1)[-1]
            if word in ("trump", "clinton", "hillary", "obama", "sanders", "cruz"):
                assert abs(weight) < 0.1, feature


def test_a_file_that_is_no_model_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "model.json.gz"
    path.write_bytes(b"not gzip")
    with pytest.raises(UserError, match="not a claim model"):
        read_model(path)
    path.write_bytes(gzip.compress(orjson.dumps({"format": FORMAT + 1})))
    with pytest.raises(UserError, match=f"format {FORMAT + 1}"):
        read_model(path)
    with pytest.raises(UserError, match="cannot be read"):
        read_model(tmp_path / "absent.json.gz")


@given(
    st.binary(max_size=200)
    | st.builds(lambda v: gzip.compress(orjson.dumps(v)), st.from_type(dict))
)
def test_any_bytes_load_as_a_model_or_fail_with_a_user_error(data: bytes) -> None:
    try:
        ClaimModel.from_bytes(data, "model")
    except UserError as error:
        assert str(error).startswith("model: not a claim model")


@needs_spacy
def test_names_are_features_by_their_kind_only() -> None:
    from tui_reader.nlp.claim_features import ParagraphView, article_names, word_of
    from tui_reader.nlp.claim_parser import ClaimParser

    assert SPACY is not None
    text = "Brenner said the quay would close. Critics say Brenner is wrong, a clerk said."
    names = article_names(text)
    assert "brenner" in names and "said" not in names
    doc = next(iter(ClaimParser(SPACY).parse([text])))
    view = ParagraphView.of(doc, [], names)
    words = [word_of(token, view) for token in doc]
    assert "brenner" not in words and words.count("<PROPN>") + words.count("<NAME>") >= 2
    assert "said" in words and "quay" in words


def claims_of(text: str, reader_model: ClaimModel | None = None) -> list[tuple[str, str, str]]:
    from tui_reader.nlp.claim_parser import ClaimParser, find_claims_parsed, learned_reader

    assert SPACY is not None
    article = Article.from_bytes(text.encode(), "paragraph")
    found = find_claims_parsed(article, None, ClaimParser(SPACY), learned_reader(reader_model))
    return [_written(article, c) for c in found]


def _written(article: Article, claim: ClaimCandidate) -> tuple[str, str, str]:
    text = article.text
    return (
        claim.source_text(text),
        text[claim.cue[0] : claim.cue[1]],
        text[claim.content[0] : claim.content[1]],
    )


@needs_spacy
def test_the_learned_finder_finds_the_claims_of_a_paragraph() -> None:
    assert claims_of(PARAGRAPH) == [
        (
            "its chairwoman, Ida Marsh",
            "said",
            "The harbour board will raise mooring fees in April",
        ),
        # "she" is the chairwoman of the sentence before
        (
            "its chairwoman, Ida Marsh",
            "told",
            "We cannot keep the pontoons afloat on what we charge now",
        ),
        # One attribution a stretch of text, the outer one (as PolNeAR annotates).
        (
            "the skippers' association",
            "according to",
            "Fishermen fear the rise will drive boats to other ports",
        ),
    ]


@needs_spacy
def test_training_runs_end_to_end_on_a_small_corpus_of_our_own(tmp_path: Path) -> None:
    from tui_reader.nlp.train_claims import main

    corpus = tmp_path / "corpus"
    shutil.copytree(MINI, corpus)
    out = tmp_path / "model.json.gz"
    arguments = [str(corpus), "--out", str(out), "--parses", str(tmp_path / "parses")]
    assert main([*arguments, "--folds", "2", "--min-articles", "1", "--precision", "0"]) == 0
    model = read_model(out)
    assert model.cue.weights and model.content.weights
    assert "3 articles of 3 publishers" in model.trained_on
    assert "cross-validated over 2 folds" in model.trained_on
    assert list((tmp_path / "parses").glob("*.spacy"))  # a second run reads these
    assert claims_of("The mayor said the pier would reopen in May.", model)


@needs_spacy
def test_eval_claims_scores_the_shipped_path_beside_the_parse_read_by_the_rules(
    capsys: pytest.CaptureFixture[str],
) -> None:
    parser = argparse.ArgumentParser()
    add_eval_arguments(parser)
    assert run_eval(parser.parse_args([str(MINI), "--finder", "all", "--format", "json"])) == 0
    scores = orjson.loads(capsys.readouterr().out)["scores"]
    paths = {row["path"] for row in scores if row["publisher"] == "all"}
    assert paths == {"rules", "spacy", "spacy-rules"}
