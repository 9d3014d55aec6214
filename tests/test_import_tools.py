"""doccano, Label Studio, WebAnno TSV and Prodigy: read in their documented shapes, and our
exports read back, by our importer and against the schema the tool documents.

doccano and Label Studio cannot be installed light (a Django server; pandas, nltk and
Pillow for Label Studio's converter), INCEpTION and Prodigy are not on PyPI: our exports
are checked against the shapes their importers read (doccano's SpanLabel: `[start, end,
label]` in `label`; Label Studio's task format; WebAnno TSV 3.3 as INCEpTION's
serializer writes it). The samples in tests/data/import are written in those shapes,
with sentences of our own.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from tui_reader.document import Article
from tui_reader.errors import UserError
from tui_reader.export import export_article, write_export
from tui_reader.export.importers import import_file
from tui_reader.model import Kind, make_annotation
from tui_reader.nlp.entities import Entity
from tui_reader.store import Store

DATA = Path(__file__).parent / "data" / "import"
FERRY = DATA / "brat_corpus" / "ferry_timetable.txt"
STORM = DATA / "storm_article.txt"


def store_at(tmp_path: Path, name: str = "annotations.json") -> Store:
    return Store(tmp_path / name)


def summary(store: Store) -> list[tuple[str, str, int, int, str, tuple[str, ...], str]]:
    return sorted(
        (str(a.kind), a.label, a.start, a.end, a.quote.exact, a.tags, a.body)
        for a in store.annotations()
    )


def spans_of(article: Article, *pairs: tuple[str, str, int]) -> list[Entity]:
    entities = []
    for words, label, occurrence in pairs:
        start = -1
        for _ in range(occurrence):
            start = article.text.index(words, start + 1)
        entities.append(Entity(start, start + len(words), label))
    return entities


def storm_work(article: Article) -> tuple[list[Entity], list]:
    """Entities and annotations on the storm article (emoji before them: UTF-16 differs)."""
    entities = spans_of(
        article,
        ("Coastal towns", "LOC", 1),
        ("Friday", "DATE", 1),
        ("Harbour officials", "ORG", 1),
        ("Harbour", "GPE", 1),
        ("Friday", "DATE", 2),
    )
    text, digest = article.text, article.content_hash

    def on(words: str, kind: Kind, occurrence: int = 1, **fields: object):
        start = -1
        for _ in range(occurrence):
            start = text.index(words, start + 1)
        return make_annotation(text, digest, kind, start, start + len(words), **fields)

    annotations = [
        on("schools closed early", Kind.NOTE, body="Which schools?\nAsk the county | today."),
        on("yes", Kind.TAG, 2, tags=("reaction",)),
        on("said the storm", Kind.NOTE, 2, body="Same words as the forecasters_"),
    ]
    return entities, annotations


def export_to(tmp_path: Path, fmt: str, article: Article, annotations, entities) -> Path:
    result = export_article(fmt, article, annotations, entities)
    target = tmp_path / f"export.{fmt}"
    write_export(result, target)
    return target


# doccano -------------------------------------------------------------------------------

DOCCANO_SCHEMA = {
    "type": "object",
    "required": ["text", "label"],
    "properties": {
        "text": {"type": "string", "minLength": 1},
        "label": {
            "type": "array",
            "items": {
                "type": "array",
                "prefixItems": [
                    {"type": "integer", "minimum": 0},
                    {"type": "integer", "minimum": 1},
                    {"type": "string", "minLength": 1},
                ],
                "minItems": 3,
                "maxItems": 3,
            },
        },
        "Comments": {"type": "array", "items": {"type": "string"}},
    },
}
"""What doccano's sequence-labelling import reads (data_import's SpanLabel and
ColumnBuilder: `text`, and `label` spans `[start_offset, end_offset, label]`,
start before end); other keys become the example's metadata."""


def test_doccano_sequence_labelling_file_imports_entities_tags_and_comments(tmp_path):
    article = Article.load(FERRY)
    store = store_at(tmp_path)

    report = import_file(DATA / "ferry_doccano.jsonl", store, article)

    assert (report.format, report.added, report.orphans) == ("doccano", 6, 0)
    found = {(a.kind, a.label, a.tags, a.quote.exact) for a in store.annotations()}
    assert (Kind.ENTITY, "ORG", (), "Northline") in found
    assert (Kind.TAG, "", ("Frequency",), "twice a day") in found
    second = article.text.index("Bellmoor", article.text.index("Bellmoor") + 1)
    assert any(a.label == "LOC" and a.start == second for a in store.annotations())
    (comment,) = [a for a in store.annotations() if a.kind is Kind.NOTE]
    assert comment.body == "Check the June date with the operator."
    assert import_file(DATA / "ferry_doccano.jsonl", store, article).added == 0


def test_doccano_relation_file_imports_entities_and_counts_relations(tmp_path):
    article = Article.load(FERRY)
    store = store_at(tmp_path)
    report = import_file(DATA / "ferry_doccano_relations.jsonl", store, article)
    assert report.added == 3
    assert report.ignored == ["1 relation: tui-reader has no links between spans"]


def test_doccano_export_is_what_doccano_imports_and_reads_back(tmp_path):
    article = Article.load(STORM)
    entities, annotations = storm_work(article)
    exported = export_to(tmp_path, "doccano", article, annotations, entities)
    lines = exported.read_text(encoding="utf-8").splitlines()

    (example,) = [json.loads(line) for line in lines]
    jsonschema.validate(example, DOCCANO_SCHEMA)
    assert all(start < end for start, end, _ in example["label"])
    assert example["text"] == article.text
    assert {(article.text[s:e], label) for s, e, label in example["label"]} >= {
        ("Coastal towns", "LOC"),
        ("Harbour officials", "ORG"),
        ("yes", "reaction"),
    }

    store = store_at(tmp_path)
    report = import_file(exported, store)  # the record names its article by content hash
    back = store.annotations(article.content_hash)
    assert report.orphans == 0
    assert sorted((e.start, e.end, e.label) for e in entities) == sorted(
        (a.start, a.end, a.label) for a in back if a.kind is Kind.ENTITY
    )
    (tag,) = [a for a in back if a.kind is Kind.TAG]
    assert (tag.start, tag.tags) == (annotations[1].start, ("reaction",))
    notes = sorted(a.body for a in back if a.kind is Kind.NOTE)
    assert notes == sorted(f"{a.quote.exact}: {a.body}" for a in annotations if a.kind is Kind.NOTE)


# Label Studio --------------------------------------------------------------------------

LABEL_STUDIO_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["data", "annotations"],
        "properties": {
            "data": {
                "type": "object",
                "required": ["text"],
                "properties": {"text": {"type": "string"}},
            },
            "annotations": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["result"],
                    "properties": {
                        "result": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["id", "from_name", "to_name", "type", "value"],
                                "properties": {
                                    "type": {"enum": ["labels", "textarea"]},
                                    "value": {
                                        "type": "object",
                                        "required": ["start", "end"],
                                        "properties": {
                                            "start": {"type": "integer", "minimum": 0},
                                            "end": {"type": "integer", "minimum": 0},
                                        },
                                    },
                                },
                            },
                        }
                    },
                },
            },
        },
    },
}
"""Label Studio's task format for a `<Text>` with `<Labels>` and a per-region `<TextArea>`
(its documentation's "Label Studio JSON format of annotated tasks")."""


def test_label_studio_tasks_import_regions_comments_and_choices(tmp_path):
    article = Article.load(FERRY)
    store = store_at(tmp_path)

    report = import_file(DATA / "ferry_label_studio.json", store, article)

    assert report.format == "label-studio"
    assert report.ignored == [
        "1 cancelled annotation",
        "1 prediction of a model",
        "1 relation between regions",
    ]
    found = summary(store)
    second = article.text.index("Northline", article.text.index("Northline") + 1)
    assert ("entity", "ORG", second, second + 9, "Northline", (), "") in found
    assert (
        "note",
        "",
        second,
        second + 9,
        "Northline",
        (),
        "Named by the spokesperson only.",
    ) in found
    assert ("tag", "", 0, 23, "Ferry timetable changes", ("transport",), "") in found
    assert not any(a.label == "PERSON" for a in store.annotations())  # the prediction
    assert import_file(DATA / "ferry_label_studio.json", store, article).added == 0


def test_label_studio_export_is_a_task_label_studio_reads_and_reads_back(tmp_path):
    article = Article.load(STORM)
    entities, annotations = storm_work(article)
    exported = export_to(tmp_path, "label-studio", article, annotations, entities)

    tasks = json.loads(exported.read_text(encoding="utf-8"))
    jsonschema.validate(tasks, LABEL_STUDIO_SCHEMA)
    text = tasks[0]["data"]["text"]
    assert text == article.text
    regions = {r["id"]: r for r in tasks[0]["annotations"][0]["result"] if r["type"] == "labels"}
    for region in regions.values():
        value = region["value"]
        assert text[value["start"] : value["end"]] == value["text"]
    comments = [r for r in tasks[0]["annotations"][0]["result"] if r["type"] == "textarea"]
    assert all(comment["id"] in regions for comment in comments)

    store = store_at(tmp_path)
    import_file(exported, store)
    back = store.annotations(article.content_hash)
    assert sorted((e.start, e.end, e.label) for e in entities) == sorted(
        (a.start, a.end, a.label) for a in back if a.kind is Kind.ENTITY
    )
    notes = {(a.start, a.body) for a in back if a.kind is Kind.NOTE}
    assert notes == {(a.start, a.body) for a in annotations if a.kind is Kind.NOTE}
    assert [(a.start, a.tags) for a in back if a.kind is Kind.TAG] == [
        (annotations[1].start, ("reaction",))
    ]


# WebAnno TSV ---------------------------------------------------------------------------


def test_an_inception_tsv_file_imports_entities_notes_and_converts_utf16(tmp_path):
    article = Article.load(STORM)
    store = store_at(tmp_path)

    report = import_file(DATA / "storm_inception.tsv", store, article)

    assert report.format == "webanno"
    assert report.orphans == 0
    assert report.ignored == [
        "52 annotations of the layer de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS: "
        "only named entities and notes are read"
    ]
    text = article.text
    found = {(a.kind, a.label, a.quote.exact, a.body) for a in store.annotations()}
    assert found == {
        (Kind.ENTITY, "LOC", "Coastal towns", ""),
        (Kind.ENTITY, "DATE", "Friday", ""),
        (Kind.ENTITY, "ORG", "Harbour officials", ""),
        (Kind.ENTITY, "LOC", "Harbour", ""),
        (Kind.NOTE, "", "Harbour", "http://www.wikidata.org/entity/Q0000042"),
        (Kind.NOTE, "", "schools closed early", "Which schools? Ask the county."),
    }
    fridays = sorted(a.start for a in store.annotations() if a.quote.exact == "Friday")
    assert fridays == [m.start() for m in re.finditer("Friday", text)]


def test_webanno_export_is_tsv_3_3_as_inception_writes_it_and_reads_back(tmp_path):
    article = Article.load(STORM)
    entities, annotations = storm_work(article)
    exported = export_to(tmp_path, "webanno", article, annotations, entities)
    lines = exported.read_text(encoding="utf-8").split("\n")

    assert lines[:3] == [
        "#FORMAT=WebAnno TSV 3.3",
        "#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value",
        "#T_SP=webanno.custom.Note|note",
    ]
    assert lines[3:6] == ["", "", lines[5]] and lines[5].startswith("#Text=")
    units = article.text.encode("utf-16-le")
    tokens = [line.split("\t") for line in lines if re.match(r"\d+-\d+\t", line)]
    for cells in tokens:
        assert len(cells) == 7 and cells[-1] == ""  # 3 + 2 + 1 columns, each closed by a tab
        begin, end = map(int, cells[1].split("-"))
        assert units[begin * 2 : end * 2].decode("utf-16-le") == cells[2]
    harbour = next(cells for cells in tokens if cells[2] == "Harbour")
    assert re.fullmatch(r"\*\[\d+\]\|\*\[\d+\]", harbour[3])
    assert re.fullmatch(r"(ORG|GPE)\[\d+\]\|(ORG|GPE)\[\d+\]", harbour[4])
    schools = next(cells for cells in tokens if cells[2] == "schools")
    assert schools[5].startswith("Which schools?\\nAsk the county \\| today.[")

    store = store_at(tmp_path)
    report = import_file(exported, store, article)
    back = store.annotations(article.content_hash)
    assert report.orphans == 0
    assert sorted((e.start, e.end, e.label) for e in entities) == sorted(
        (a.start, a.end, a.label) for a in back if a.kind is Kind.ENTITY
    )
    notes = {(a.start, a.end, a.body) for a in back if a.kind is Kind.NOTE}
    assert notes == {(a.start, a.end, a.body) for a in annotations if a.kind is Kind.NOTE}


# Prodigy and spaCy JSONL ---------------------------------------------------------------


def test_prodigy_tasks_import_accepted_spans_only(tmp_path):
    article = Article.load(FERRY)
    store = store_at(tmp_path)

    report = import_file(DATA / "ferry_prodigy.jsonl", store, article)

    assert report.format == "prodigy"
    assert report.ignored == ["tasks the annotator did not accept (answer: 1 'ignore', 1 'reject')"]
    second = article.text.index("Bellmoor", article.text.index("Bellmoor") + 1)
    assert summary(store) == [
        ("entity", "GPE", second, second + 8, "Bellmoor", (), ""),
        ("entity", "ORG", 29, 38, "Northline", (), ""),
    ]


def test_our_spacy_jsonl_export_reads_back_onto_its_paragraphs(tmp_path):
    article = Article.load(STORM)
    entities, _ = storm_work(article)
    exported = export_to(tmp_path, "spacy-jsonl", article, [], entities)

    store = store_at(tmp_path)
    report = import_file(exported, store)

    assert report.orphans == 0
    assert sorted((e.start, e.end, e.label) for e in entities) == sorted(
        (a.start, a.end, a.label) for a in store.annotations(article.content_hash)
    )


def test_spans_of_a_text_no_article_holds_need_the_article(tmp_path):
    with pytest.raises(UserError, match="add --article ARTICLE"):
        import_file(DATA / "ferry_prodigy.jsonl", store_at(tmp_path))


def test_a_webanno_sentence_at_a_far_offset_costs_no_memory_and_is_found_by_its_quote(tmp_path):
    """A hostile offset (10^11 units) must not make the rebuilt text gigabytes long."""
    article = Article.load(STORM)
    far = 99_999_999_999
    lines = [
        "#FORMAT=WebAnno TSV 3.3",
        "#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value",
        "",
        "",
        "#Text=Reader reactions",
        "1-1\t0-6\tReader\t_\t_\t",
        "1-2\t7-16\treactions\t_\t_\t",
        "",
        "#Text=and a few",
        f"2-1\t{far}-{far + 3}\tand\t*\tMISC\t",
        f"2-2\t{far + 4}-{far + 5}\ta\t_\t_\t",
    ]
    path = tmp_path / "far.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = store_at(tmp_path)

    import_file(path, store, article)

    (entity,) = store.annotations()
    assert (entity.label, entity.quote.exact, entity.orphan) == ("MISC", "and", False)
    assert article.text[entity.start : entity.end] == "and"
