"""Every export format, parsed back and checked against the annotations it was given."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tui_reader.document import Article
from tui_reader.errors import UserError
from tui_reader.export import FORMATS, default_filename, export_article, write_export
from tui_reader.model import (
    Annotation,
    Claim,
    ClaimStatus,
    Evidence,
    Kind,
    TextPositionSelector,
    TextQuoteSelector,
    make_annotation,
)
from tui_reader.nlp.entities import Entity

ARTICLE = (
    "Harbour bridge to reopen, mayor says\n"
    "\n"
    "PORT ELLIN, March 3 (Wire) - Mayor Ana Ruiz said on Monday that the Old Harbour bridge "
    "would reopen by June, after 14 months of repairs costing $42 million.\n"
    "\n"
    'The city council disputed the date. "The steel has not even arrived," councillor Tomas\n'
    "Berg told reporters,\n"
    "adding that the work was 30% complete.\n"
    "\n"
    "Residents of the Eastside district said they had waited long enough 🙂.\n"
)
ENTITY_TEXTS = [
    ("PORT ELLIN", "GPE"),
    ("March 3", "DATE"),
    ("Ana Ruiz", "PERSON"),
    ("Monday", "DATE"),
    ("Old Harbour bridge", "FAC"),
    ("June", "DATE"),
    ("14 months", "DATE"),
    ("$42 million", "MONEY"),
    ("city council", "ORG"),
    ("Tomas\nBerg", "PERSON"),
    ("30%", "PERCENT"),
    ("Eastside", "LOC"),
]
W3C_VALIDATOR = Path(__file__).resolve().parents[2] / "shared" / "conformance" / "validate_w3c.py"


def span_of(text: str, passage: str) -> tuple[int, int]:
    start = text.index(passage)
    return start, start + len(passage)


def build_article(tmp_path: Path, text: str = ARTICLE) -> Article:
    path = tmp_path / "harbour_bridge.txt"
    path.write_bytes(text.encode("utf-8"))
    return Article.load(path)


def build_entities(text: str) -> list[Entity]:
    newline = "\r\n" if "\r\n" in text else "\n"
    return [
        Entity(*span_of(text, passage.replace("\n", newline)), label)
        for passage, label in ENTITY_TEXTS
    ]


def in_one_paragraph(article: Article, entities: list[Entity]) -> list[Entity]:
    return [
        entity
        for entity in entities
        if any(start <= entity.start and entity.end <= end for start, end in article.paragraphs)
    ]


def build_annotations(article: Article) -> list[Annotation]:
    text, digest = article.text, article.content_hash

    def on(passage: str, kind: Kind, **fields: object) -> Annotation:
        return make_annotation(text, digest, kind, *span_of(text, passage), **fields)

    disputed = Claim(
        source="Ana Ruiz",
        cue="said",
        rationale="The council says the steel has not arrived.",
        evidence=(
            Evidence(url="https://example.org/minutes", quote="no delivery date", stance="refutes"),
            Evidence(note="Site visit planned", stance="context"),
        ),
    ).with_status(ClaimStatus.UNVERIFIED)
    disputed = disputed.with_status(ClaimStatus.DISPUTED)
    newline = "\r\n" if "\r\n" in text else "\n"
    return [
        on(
            "Mayor Ana Ruiz said on Monday",
            Kind.NOTE,
            body="Who briefed her?\nAsk.",
            tags=("people",),
        ),
        on("costing $42 million", Kind.TAG, tags=("public money", "budget")),
        on("the Old Harbour bridge would reopen by June", Kind.CLAIM, claim=disputed),
        on("the work was 30% complete", Kind.CLAIM, claim=Claim(source="Tomas Berg", cue="adding")),
        on(f"told reporters,{newline}adding", Kind.NOTE, body="Quote spans two lines."),
        on("Eastside district", Kind.ENTITY, label="LOC"),
        Annotation(
            article=digest,
            kind=Kind.NOTE,
            position=TextPositionSelector(10, 20),
            quote=TextQuoteSelector("a passage the editors removed"),
            body="Orphaned note",
            orphan=True,
        ),
    ]


@pytest.fixture
def article(tmp_path: Path) -> Article:
    return build_article(tmp_path)


@pytest.fixture
def annotations(article: Article) -> list[Annotation]:
    return build_annotations(article)


@pytest.fixture
def entities(article: Article) -> list[Entity]:
    return build_entities(article.text)


def by_kind(annotations: list[Annotation], kind: Kind) -> list[Annotation]:
    return [annotation for annotation in annotations if annotation.kind is kind]


# Markdown ----------------------------------------------------------------------------


def test_markdown_front_matter_parses_and_names_the_article(article, annotations, entities):
    result = export_article("md", article, annotations, entities)

    front, body = re.fullmatch(r"---\n(.*?)\n---\n(.*)", result.text, re.DOTALL).groups()
    fields = {
        key: json.loads(value)
        for key, value in (line.split(": ", 1) for line in front.splitlines())
    }
    assert fields["title"] == "Harbour bridge to reopen, mayor says"
    assert fields["source"] == str(article.path)
    assert fields["content_hash"] == article.content_hash
    assert fields["tags"] == ["budget", "people", "public money"]
    assert fields["created"] <= fields["modified"] <= fields["exported"]
    assert body.startswith("\n# Harbour bridge to reopen, mayor says\n")
    assert result.dropped == []


def test_markdown_report_lists_entities_claims_notes_and_tags(article, annotations, entities):
    text = export_article("md", article, annotations, entities).text

    assert "### DATE: 4 mentions" in text
    assert "- Tomas Berg (1)" in text  # a name broken over a line is shown on one line
    assert "### 1. Disputed: Ana Ruiz" in text
    assert "> the Old Harbour bridge would reopen by June" in text
    assert "- **Rationale:** The council says the steel has not arrived." in text
    assert "  - *refutes* — [“no delivery date”](<https://example.org/minutes>)" in text
    assert "- **History:** unverified (" in text and " UTC) → disputed (" in text
    assert "### 2. Unverified: Tomas Berg" in text
    assert "Who briefed her?  \nAsk." in text
    assert "> told reporters,  \n> adding" in text
    assert "> costing \\$42 million\n\n*budget · public money*" in text
    assert "- “Eastside district” → LOC" in text
    assert "> a passage the editors removed\n>\n> *(passage not found in the current text)*" in text


def test_markdown_escapes_formatting_in_user_text(tmp_path):
    article = build_article(tmp_path, "A *bold* claim\n\n1. first [link](x) <b>\n")
    note = make_annotation(
        article.text,
        article.content_hash,
        Kind.NOTE,
        *span_of(article.text, "1. first [link](x) <b>"),
        body="# not a heading",
    )
    text = export_article("md", article, [note], []).text

    assert "# A \\*bold\\* claim" in text
    assert "> 1\\. first \\[link\\](x) \\<b\\>" in text
    assert "\n\\# not a heading\n" in text


# Native JSON -------------------------------------------------------------------------


def test_json_holds_every_field_of_every_annotation(article, annotations, entities):
    result = export_article("json", article, annotations, entities)
    document = json.loads(result.text)

    assert document["format"] == "tui-reader"
    assert document["version"] == 1
    assert document["article"]["content_hash"] == article.content_hash
    assert document["article"]["path"] == str(article.path)
    exported = {record["id"]: record for record in document["annotations"]}
    assert exported == {annotation.id: annotation.to_dict() for annotation in annotations}
    assert [Annotation.from_dict(record) for record in document["annotations"]] == sorted(
        annotations, key=lambda a: (a.start, a.end, a.created, a.id)
    )
    assert result.dropped == []


# CSV ---------------------------------------------------------------------------------


def test_csv_has_one_row_per_annotation(article, annotations, entities):
    result = export_article("csv", article, annotations, entities)
    rows = list(csv.DictReader(io.StringIO(result.text, newline="")))

    assert len(rows) == len(annotations)
    for annotation in annotations:
        row = next(row for row in rows if row["id"] == annotation.id)
        assert row["kind"] == annotation.kind
        assert (int(row["start"]), int(row["end"])) == (annotation.start, annotation.end)
        assert row["quote"] == annotation.quote.exact
        assert row["note"] == annotation.body
        assert row["tags"].split(", ") == list(annotation.tags) or not annotation.tags
        assert row["created"] == annotation.created and row["modified"] == annotation.modified
        assert row["orphan"] == ("yes" if annotation.orphan else "")
    claim_row = next(row for row in rows if row["claim_source"] == "Ana Ruiz")
    assert claim_row["claim_status"] == "disputed"
    assert "Who briefed her?\nAsk." in {row["note"] for row in rows}
    assert result.dropped == [
        "dropped 2 claim evidence items: csv has no place for them",
        "dropped 1 claim rationale: csv has no place for them",
        "dropped 2 claim cues: csv has no place for them",
        "dropped 2 claim status log entries: csv has no place for them",
    ]


def test_claims_csv_has_one_row_per_claim_with_its_evidence(article, annotations, entities):
    result = export_article("claims-csv", article, annotations, entities)
    rows = list(csv.DictReader(io.StringIO(result.text, newline="")))

    assert [row["source"] for row in rows] == ["Ana Ruiz", "Tomas Berg"]
    disputed = rows[0]
    assert disputed["status"] == "disputed"
    assert disputed["cue"] == "said"
    assert disputed["evidence"].splitlines() == [
        "refutes: https://example.org/minutes “no delivery date”",
        "context: — Site visit planned",
    ]
    assert rows[1]["status"] == "unverified"
    assert "dropped 3 notes: claims-csv holds claims only" in result.dropped
    assert "dropped 2 claim status log entries: claims-csv has no place for them" in result.dropped


# ClaimReview -------------------------------------------------------------------------


def test_claimreview_has_one_review_per_rated_claim(article, annotations, entities):
    result = export_article("claimreview", article, annotations, entities)
    reviews = json.loads(result.text)

    assert len(reviews) == 1
    review = reviews[0]
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "the Old Harbour bridge would reopen by June"
    assert review["itemReviewed"]["@type"] == "Claim"
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Ana Ruiz"}
    appearance = review["itemReviewed"]["appearance"]
    assert appearance["headline"] == "Harbour bridge to reopen, mayor says"
    assert appearance["publisher"] == {"@type": "Organization", "name": "Wire"}
    assert "url" not in appearance  # a file on this computer is no address to publish
    rating = review["reviewRating"]
    assert rating["alternateName"] == "disputed"
    assert rating["ratingExplanation"] == "The council says the steel has not arrived."
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert [c.get("url") for c in review["citation"]] == ["https://example.org/minutes", None]
    assert "dropped 1 unverified claim: ClaimReview needs a verdict" in result.dropped


# W3C ---------------------------------------------------------------------------------


def w3c_items(text: str) -> list[dict]:
    return json.loads(text)["first"]["items"]


def test_w3c_collection_shape(article, annotations, entities):
    result = export_article("w3c", article, annotations, entities)
    collection = json.loads(result.text)
    items = w3c_items(result.text)

    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    assert collection["total"] == len(items) == len(annotations)
    in_text_order = sorted(annotations, key=lambda a: (a.start, a.end, a.created, a.id))
    for item, annotation in zip(items, in_text_order, strict=True):
        assert item["id"] == f"urn:uuid:{annotation.id}"
        assert item["created"].endswith("+00:00") and item["modified"].endswith("+00:00")
        target = item["target"]
        assert target["source"] == article.path.as_uri()
        quote, position = target["selector"]
        assert quote["type"] == "TextQuoteSelector" and quote["exact"] == annotation.quote.exact
        assert position == {
            "type": "TextPositionSelector",
            "start": annotation.start,
            "end": annotation.end,
        }
    note = next(item for item in items if item["body"][0]["value"].startswith("Who briefed"))
    assert {(body["purpose"], body["value"]) for body in note["body"]} == {
        ("commenting", "Who briefed her?\nAsk."),
        ("tagging", "people"),
    }
    claim = next(item for item in items if item["motivation"] == "assessing")
    assert {(body["purpose"], body["value"]) for body in claim["body"]} == {
        ("assessing", "disputed"),
        ("describing", "Source: Ana Ruiz"),
        ("describing", "Cue: said"),
        ("describing", "Rationale: The council says the steel has not arrived."),
    }
    assert result.dropped == [
        "dropped 2 claim evidence items: w3c has no place for them",
        "dropped 2 claim status log entries: w3c has no place for them",
    ]


def test_w3c_of_a_stdin_article_targets_its_content_hash(annotations, entities):
    article = Article(text=ARTICLE, name="stdin")
    items = w3c_items(export_article("w3c", article, annotations, entities).text)
    assert {item["target"]["source"] for item in items} == {
        f"urn:hash::sha256:{article.content_hash}"
    }


@pytest.mark.skipif(not W3C_VALIDATOR.exists(), reason="needs ../shared/conformance")
@pytest.mark.parametrize("with_annotations", [True, False])
def test_w3c_export_passes_the_w3c_conformance_schemas(
    tmp_path, article, annotations, entities, with_annotations
):
    result = export_article("w3c", article, annotations if with_annotations else [], entities)
    exported = tmp_path / "annotations.jsonld"
    exported.write_text(result.text, encoding="utf-8")

    run = subprocess.run(
        [sys.executable, str(W3C_VALIDATOR), "--strict-formats", str(exported)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("PASS")


# brat --------------------------------------------------------------------------------


def parse_ann(ann: str) -> dict[str, list[tuple[str, ...]]]:
    lines: dict[str, list[tuple[str, ...]]] = {"T": [], "A": [], "#": []}
    for line in ann.splitlines():
        lines[line[0]].append(tuple(line.split("\t")))
    return lines


def test_brat_spans_match_the_text_file(tmp_path, article, annotations, entities):
    result = export_article("brat", article, annotations, entities)
    written = write_export(result, tmp_path / "out", io.StringIO())

    assert sorted(path.name for path in written) == [
        "annotation.conf",
        "harbour_bridge.ann",
        "harbour_bridge.txt",
    ]
    text = (tmp_path / "out" / "harbour_bridge.txt").read_bytes().decode("utf-8")
    assert text == article.text
    ann = parse_ann((tmp_path / "out" / "harbour_bridge.ann").read_text(encoding="utf-8"))
    labels = []
    for _, type_and_offsets, covered in ann["T"]:
        label, offsets = type_and_offsets.split(" ", 1)
        fragments = [tuple(int(n) for n in piece.split()) for piece in offsets.split(";")]
        assert " ".join(text[start:end] for start, end in fragments) == covered
        labels.append(label)
    placed = [a for a in annotations if a.kind is not Kind.ENTITY and not a.orphan]
    assert len(ann["T"]) == len(entities) + len(placed)
    assert sorted(labels) == sorted(
        [e.label for e in entities]
        + [{"note": "Note", "tag": "Tag", "claim": "Claim"}[a.kind] for a in placed]
    )
    assert (
        "dropped 1 orphaned annotation: their passage is no longer in the text, and brat "
        "needs offsets" in result.dropped
    )


def test_brat_writes_fragments_notes_and_attributes(article, annotations, entities):
    result = export_article("brat", article, annotations, entities)
    ann = parse_ann(result.text)
    spans = {brat_id: (rest, covered) for brat_id, rest, covered in ann["T"]}

    two_lines = next(i for i, (_, covered) in spans.items() if covered == "told reporters, adding")
    offsets = spans[two_lines][0].split(" ", 1)[1]
    assert len(offsets.split(";")) == 2
    notes = {target: text for _, target, text in ann["#"]}
    assert notes[f"AnnotatorNotes {two_lines}"] == "Quote spans two lines."
    claim = next(i for i, (_, covered) in spans.items() if covered.startswith("the Old Harbour"))
    assert notes[f"AnnotatorNotes {claim}"] == (
        "source: Ana Ruiz | cue: said | rationale: The council says the steel has not arrived."
    )
    attributes = {attribute for _, attribute in ann["A"]}
    assert f"Status {claim} disputed" in attributes
    tagged = next(
        i
        for i, (rest, covered) in spans.items()
        if covered == "costing $42 million" and rest.startswith("Tag")
    )
    assert {f"public_money {tagged}", f"budget {tagged}"} <= attributes
    assert (
        "respelt 1 tag as brat names, which allow only ASCII letters, digits, - and _ "
        "(public money → public_money); annotation.conf keeps the spellings and import "
        "restores them" in result.dropped
    )
    assert (
        "dropped 1 note's line breaks: brat notes are one line, so their lines were joined "
        "with spaces" in result.dropped
    )


def test_brat_annotation_conf_declares_every_type_and_attribute_used(
    article, annotations, entities
):
    result = export_article("brat", article, annotations, entities)
    conf = result.files["annotation.conf"]
    sections: dict[str, list[str]] = {}
    current = ""
    for line in conf.splitlines():
        if line.startswith("["):
            current = line.strip("[]")
            sections[current] = []
        elif line.strip():
            sections[current].append(line)
    ann = parse_ann(result.text)
    used_types = {rest.split(" ")[0] for _, rest, _ in ann["T"]}
    assert used_types <= set(sections["entities"])
    declared = {line.split("\t")[0]: line for line in sections["attributes"]}
    for _, attribute in ann["A"]:
        name, _target, *value = attribute.split(" ")
        assert name in declared
        if value:
            assert value[0] in declared[name].split("Value:")[1].split("|")


def test_brat_offsets_count_the_text_written_with_crlf_line_ends(tmp_path):
    article = build_article(tmp_path, ARTICLE.replace("\n", "\r\n"))
    annotations = build_annotations(article)
    result = export_article("brat", article, annotations, build_entities(article.text))
    text = result.files["harbour_bridge.txt"]

    assert "\r" not in text and text == ARTICLE
    for _, type_and_offsets, covered in parse_ann(result.text)["T"]:
        offsets = type_and_offsets.split(" ", 1)[1]
        pieces = [tuple(int(n) for n in piece.split()) for piece in offsets.split(";")]
        assert " ".join(text[start:end] for start, end in pieces) == covered


# CoNLL -------------------------------------------------------------------------------


def read_conll(text: str) -> tuple[list[str], list[list[tuple[str, str]]]]:
    comments, sentences, current = [], [], []
    for line in text.splitlines():
        if line.startswith("#"):
            comments.append(line)
        elif line.startswith("-DOCSTART-"):
            continue
        elif not line:
            if current:
                sentences.append(current)
            current = []
        else:
            token, pos, chunk, tag = line.split(" ")
            assert (pos, chunk) == ("_", "_")
            current.append((token, tag))
    assert not current, "the last sentence ends with a blank line"
    return comments, sentences


def test_conll_tokens_rejoin_to_the_text_and_entities_to_their_spans(
    article, annotations, entities
):
    result = export_article("conll", article, annotations, entities)
    comments, sentences = read_conll(result.text)

    assert comments == []  # spaCy would read them as tokens
    assert result.text.splitlines()[:2] == ["-DOCSTART- -X- O O", ""]
    tokens = [token for sentence in sentences for token, _ in sentence]
    assert "".join(tokens) == "".join(article.text.split())
    found = []
    for sentence in sentences:
        previous = "O"
        for token, tag in sentence:
            if tag.startswith("I-"):
                assert previous[2:] == tag[2:], "I- continues an entity of the same label"
                found[-1] = (found[-1][0] + token, tag[2:])
            elif tag.startswith("B-"):
                found.append((token, tag[2:]))
            previous = tag
    expected = in_one_paragraph(article, entities)
    assert found == [("".join(e.text_in(article.text).split()), e.label) for e in expected]
    assert result.dropped == [
        "dropped 3 notes: conll holds entities only",
        "dropped 1 tag annotation: conll holds entities only",
        "dropped 2 claims: conll holds entities only",
        "dropped 1 entity across paragraphs: a CoNLL sentence lies in one paragraph",
    ]


def test_conll_keeps_one_of_two_overlapping_entities(article):
    entities = [
        Entity(*span_of(article.text, "Old Harbour bridge"), "FAC"),
        Entity(*span_of(article.text, "Old Harbour"), "LOC"),
    ]
    result = export_article("conll", article, [], entities)
    _, sentences = read_conll(result.text)
    tags = [tag for sentence in sentences for _, tag in sentence if tag != "O"]

    assert tags == ["B-FAC", "I-FAC", "I-FAC"]
    assert result.dropped == ["dropped 1 overlapping entity: IOB2 gives a token one tag"]


def test_conll_keeps_an_astral_mark_in_its_word_far_into_the_text(monkeypatch):
    """The marks are looked for a piece of the text at a time: one far past the first
    piece still makes the token pattern take it into its word."""
    from tui_reader.export import conll

    monkeypatch.setattr(conll, "ASTRAL_PIECE", 16)
    text = "A plain opening sentence, long enough. Then x\U000e0100y ends it.\n"
    article = Article.from_bytes(text.encode("utf-8"), "marks.txt")

    _, sentences = read_conll(export_article("conll", article, [], []).text)

    tokens = [token for sentence in sentences for token, _ in sentence]
    assert "x\U000e0100y" in tokens
    assert conll.has_astral_marks(text) and not conll.has_astral_marks(
        text.replace("\U000e0100", "")
    )


# spaCy JSONL -------------------------------------------------------------------------


def test_spacy_jsonl_spans_slice_their_paragraph(article, annotations, entities):
    result = export_article("spacy-jsonl", article, annotations, entities)
    records = [json.loads(line) for line in result.text.splitlines()]

    assert [record["text"] for record in records] == [
        article.text[start:end] for start, end in article.paragraphs
    ]
    found = []
    for record in records:
        offset = record["meta"]["offset"]
        for span in record["spans"]:
            assert (
                record["text"][span["start"] : span["end"]]
                == article.text[offset + span["start"] : offset + span["end"]]
            )
            found.append(Entity(offset + span["start"], offset + span["end"], span["label"]))
    assert found == in_one_paragraph(article, entities)
    assert len(found) == len(entities) - 1  # the name broken over two lines
    assert "dropped 1 entity across paragraphs: each line holds one paragraph" in result.dropped


# Registry and writing ----------------------------------------------------------------


def test_every_format_exports_an_empty_article(tmp_path):
    article = build_article(tmp_path, "")
    for name in FORMATS:
        result = export_article(name, article, [], [])
        assert isinstance(result.text, str)
        assert result.dropped == []


def test_unknown_format_is_a_user_error(article):
    with pytest.raises(UserError, match="unknown export format 'pdf'"):
        export_article("pdf", article, [], [])


def test_default_filenames_do_not_collide():
    names = [default_filename("story", name) for name in FORMATS]
    assert len(set(names)) == len(names)
    assert default_filename("story", "md") == "story.md"


def test_write_export_to_stdout_file_and_errors(tmp_path, article, annotations, entities):
    result = export_article("csv", article, annotations, entities)
    stdout = io.StringIO()
    assert write_export(result, None, stdout) == []
    assert stdout.getvalue() == result.text

    target = tmp_path / "notes.csv"
    assert write_export(result, target, stdout) == [target]
    assert target.read_bytes().decode("utf-8") == result.text  # no newline translation

    with pytest.raises(UserError, match="is a directory"):
        write_export(result, tmp_path, stdout)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(UserError, match=r"a-file/notes.csv: cannot write"):
        write_export(result, blocker / "notes.csv", stdout)
    brat = export_article("brat", article, annotations, entities)
    with pytest.raises(UserError, match="writes several files; give a directory"):
        write_export(brat, blocker, stdout)


def test_exporters_are_imported_only_when_used():
    code = (
        "import sys; from tui_reader.export import FORMATS; "
        "print(sorted(m for m in sys.modules if m.startswith('tui_reader.export.')), "
        "'textual' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "['tui_reader.export.common'] False"
