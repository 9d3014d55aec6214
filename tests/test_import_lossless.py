"""Imports that lose nothing: each test here failed before the importer kept what it names.

Samples are written for these tests in the shapes the tools document (brat's
standoff format and its example collections, the W3C Web Annotation model,
Hypothesis API responses); their sentences are our own.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest

from tui_reader.cli import main
from tui_reader.document import Article
from tui_reader.errors import UserError
from tui_reader.export.importers import import_file
from tui_reader.model import ArticleRecord, Kind
from tui_reader.store import Store

DATA = Path(__file__).parent / "data" / "import"
CORPUS = DATA / "brat_corpus"
QUARRY = CORPUS / "quarry_dispute.txt"
STORM = DATA / "storm_article.txt"


def store_at(tmp_path: Path) -> Store:
    return Store(tmp_path / "annotations.json")


def cli(*args: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(arg) for arg in args])
    return code, out.getvalue(), err.getvalue()


def brat_file(tmp_path: Path, lines: list[str], text: str) -> tuple[Path, Article]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "story.txt").write_text(text, encoding="utf-8")
    ann = tmp_path / "story.ann"
    ann.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ann, Article.load(tmp_path / "story.txt")


def hypothesis_row(number: int, uri: str, exact: str, start: int, **fields: object) -> dict:
    row = {
        "id": f"hX{number:04d}aaaaaaaaaaaaaaa",
        "created": f"2024-05-0{number % 9 + 1}T10:00:00+00:00",
        "updated": f"2024-05-0{number % 9 + 1}T10:00:00+00:00",
        "user": "acct:deskeditor@hypothes.is",
        "uri": uri,
        "text": "",
        "tags": ["check"],
        "group": "__world__",
        "target": [
            {
                "source": uri,
                "selector": [
                    {"type": "TextPositionSelector", "start": start, "end": start + len(exact)},
                    {"type": "TextQuoteSelector", "exact": exact},
                ],
            }
        ],
    }
    row.update(fields)
    return row


# Identity: the place counts ----------------------------------------------------------


def test_equal_brat_spans_at_two_places_are_two_and_a_second_import_adds_none(tmp_path):
    text = "Bellmoor voted. Later Bellmoor voted again.\n"
    second = text.index("Bellmoor", 1)
    ann, article = brat_file(
        tmp_path, ["T1\tLOC 0 8\tBellmoor", f"T2\tLOC {second} {second + 8}\tBellmoor"], text
    )
    store = store_at(tmp_path)

    report = import_file(ann, store, article)
    again = import_file(ann, store, article)

    assert (report.added, report.already_present) == (2, 0)
    assert sorted(a.start for a in store.annotations()) == [0, second]
    assert (again.added, again.already_present) == (0, 2)


def test_two_hypothesis_highlights_of_one_word_at_two_places_are_two(tmp_path):
    article = Article.load(STORM)
    uri = "https://news.example.org/storm"
    first = article.text.index("said the storm")
    second = article.text.index("said the storm", first + 1)
    rows = [
        hypothesis_row(
            1, uri, "said the storm", len(article.text[:first].encode("utf-16-le")) // 2
        ),
        hypothesis_row(
            2, uri, "said the storm", len(article.text[:second].encode("utf-16-le")) // 2
        ),
    ]
    path = tmp_path / "highlights.json"
    path.write_text(json.dumps({"total": 2, "rows": rows}), encoding="utf-8")
    store = store_at(tmp_path)

    report = import_file(path, store, article)

    assert report.added == 2
    assert sorted(a.start for a in store.annotations()) == [first, second]
    assert import_file(path, store, article).added == 0


# brat: events, relations, notes, normalisations, fragments ----------------------------


def test_a_brat_corpus_file_with_attributes_on_events_imports_and_says_what_it_dropped(tmp_path):
    store = store_at(tmp_path)
    article = Article.load(QUARRY)

    report = import_file(CORPUS / "quarry_dispute.ann", store, article)

    annotations = store.annotations(article.content_hash)
    spans = [a for a in annotations if a.kind in (Kind.ENTITY, Kind.TAG)]
    # 14 T lines: one discontinuous span is two, every repeated mention is kept.
    assert len(spans) == 15
    assert report.ignored == [
        "1 attribute of relations: tui-reader has no links between passages",
        "1 equivalence: tui-reader has no links between passages",
        "3 event arguments: tui-reader has no links between passages",
        "1 note of relations: tui-reader has no links between passages",
        "2 relations: tui-reader has no links between passages",
    ]
    assert report.kept == [
        "1 discontinuous span became 2 spans, one per fragment, each with the span's "
        "type, attributes and notes",
        "kept the 3 attributes, 1 note of events on their trigger's span",
    ]
    text = article.text
    by_quote: dict[str, list] = {}
    for annotation in annotations:
        assert text[annotation.start : annotation.end] == annotation.quote.exact
        by_quote.setdefault(annotation.quote.exact, []).append(annotation)
    # Attributes and notes of events are on the trigger's span.
    (denied,) = by_quote["denied"]
    assert (denied.kind, denied.tags, denied.body) == (
        Kind.TAG,
        ("Denial", "Negation"),
        "Denied in a written statement.",
    )
    saids = sorted(by_quote["said"], key=lambda a: a.start)
    assert [a.tags for a in saids] == [
        ("Statement", "Confidence=High"),
        ("Statement", "Speculation"),
    ]
    # Repeated mentions are all there.
    assert len(by_quote["Hollin Ridge"]) == 2
    assert len([a for a in by_quote["Bellmoor"] if a.label == "LOC"]) == 2
    # The normalisation and the note of an entity: a note on the same passage.
    renner = {a.kind: a for a in by_quote["Ada Renner"]}
    assert renner[Kind.ENTITY].label == "PERSON"
    assert renner[Kind.NOTE].body == (
        "Reference: Wikidata:Q00000001 (Ada Renner)\n\nThe councillor, not her sister."
    )
    # A note kind other than AnnotatorNotes is kept, named.
    road = by_quote["a new road to the\nquarry gate"]
    assert {a.kind for a in road} == {Kind.ENTITY, Kind.NOTE}
    assert next(a.body for a in road if a.kind is Kind.NOTE) == (
        "ReviewerComment: Is the road new or widened?"
    )
    # The discontinuous span: its two fragments, not the text between them.
    fragments = sorted(
        (a for a in annotations if a.label == "ORG" and a.quote.exact in ("Bellmoor", "councils")),
        key=lambda a: a.start,
    )
    assert [a.quote.exact for a in fragments] == ["Bellmoor", "councils"]
    assert "Bellmoor and Stavely councils" not in by_quote


def test_a_brat_file_whose_text_changed_still_cuts_its_fragments(tmp_path):
    text = "The Bellmoor and Stavely councils met.\n"
    ann, _ = brat_file(tmp_path, ["T1\tOrganization 4 12;25 33\tBellmoor councils"], text)
    edited = tmp_path / "edited.txt"
    edited.write_text("Update.\n" + text, encoding="utf-8")
    store = store_at(tmp_path)

    import_file(ann, store, Article.load(edited))

    assert sorted(a.quote.exact for a in store.annotations()) == ["Bellmoor", "councils"]


def test_brat_labels_of_the_common_sets_are_entities_and_a_label_map_maps_the_rest(tmp_path):
    text = "Ada Renner of Northline spoke in Bellmoor about Hollin Ridge and the Quarry Act.\n"
    lines = []
    for number, (label, words) in enumerate(
        [
            ("PER", "Ada Renner"),
            ("ORG", "Northline"),
            ("Location", "Bellmoor"),
            ("Geo-political_entity", "Hollin Ridge"),
            ("Statute", "Quarry Act"),
        ],
        start=1,
    ):
        start = text.index(words)
        lines.append(f"T{number}\t{label} {start} {start + len(words)}\t{words}")
    ann, article = brat_file(tmp_path / "one", lines, text)
    store = store_at(tmp_path / "one")
    import_file(ann, store, article)
    found = {a.quote.exact: (a.kind, a.label or a.tags) for a in store.annotations()}
    assert found == {
        "Ada Renner": (Kind.ENTITY, "PERSON"),
        "Northline": (Kind.ENTITY, "ORG"),
        "Bellmoor": (Kind.ENTITY, "LOC"),
        "Hollin Ridge": (Kind.ENTITY, "GPE"),
        "Quarry Act": (Kind.TAG, ("Statute",)),
    }

    from tui_reader.export.labels import load_label_map

    label_map = tmp_path / "labels.toml"
    label_map.write_text('Statute = "LAW"\nPER = "skip"\n', encoding="utf-8")
    store = store_at(tmp_path / "two")
    report = import_file(ann, store, article, load_label_map(label_map))
    found = {a.quote.exact: (a.kind, a.label) for a in store.annotations()}
    assert found["Quarry Act"] == (Kind.ENTITY, "LAW")
    assert "Ada Renner" not in found
    assert report.ignored == ["1 span whose label the label map skips"]


def test_a_bad_label_map_is_one_line_and_exit_2(tmp_path):
    label_map = tmp_path / "labels.toml"
    label_map.write_text('Statute = "STATUTE"\n', encoding="utf-8")
    code, _, err = cli(
        "import", CORPUS / "ferry_timetable.ann", "--label-map", label_map, "--db", tmp_path / "db"
    )
    assert code == 2
    assert "'Statute' maps to 'STATUTE', which is not an entity type" in err
    assert len(err.strip().splitlines()) == 1


def test_a_brat_collection_directory_finds_each_text_beside_its_ann_file(tmp_path):
    collection = tmp_path / "collection"
    shutil.copytree(CORPUS, collection)
    (collection / "nested").mkdir()
    shutil.copy(CORPUS / "ferry_timetable.ann", collection / "nested" / "orphan.ann")
    secret = tmp_path / "secret.txt"
    secret.write_text("Northline is not here.\n", encoding="utf-8")
    (collection / "nested" / "linked.txt").symlink_to(secret)
    shutil.copy(CORPUS / "ferry_timetable.ann", collection / "nested" / "linked.ann")

    code, out, err = cli("import", collection, "--db", tmp_path / "db.json")

    assert code == 0, err
    assert "ignored 2 .ann files with no .txt of the same name beside them" in out
    store = Store(tmp_path / "db.json")
    titles = sorted(record.title for record in store.articles())
    assert titles == ["Ferry timetable changes", "Quarry dispute reaches the council"]
    for record in store.articles():
        text = Article.load(record.path).text
        for annotation in store.annotations(record.content_hash):
            assert text[annotation.start : annotation.end] == annotation.quote.exact
    assert not any("not here" in a.quote.suffix for a in store.annotations())
    again = cli("import", collection, "--db", tmp_path / "db.json")[1]
    assert "0 annotations added" in again


def test_a_single_ann_file_finds_its_text_beside_it(tmp_path):
    store = store_at(tmp_path)
    report = import_file(CORPUS / "ferry_timetable.ann", store)
    assert report.added == 6
    with pytest.raises(UserError, match=r"add --article ARTICLE, or put lonely\.txt beside it"):
        lonely = tmp_path / "lonely.ann"
        lonely.write_text("T1\tLOC 0 4\tBell\n", encoding="utf-8")
        import_file(lonely, store)


# W3C: refinements, pages, bodies -------------------------------------------------------


def w3c_file(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "annotations.jsonld"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def annotation(body: object, selector: object, number: int = 1) -> dict:
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": f"http://example.org/anno{number}",
        "type": "Annotation",
        "body": body,
        "target": {"source": "http://example.org/page1", "selector": selector},
    }


def test_a_quote_inside_refined_by_places_the_annotation(tmp_path):
    article = Article.load(QUARRY)
    selector = {
        "type": "FragmentSelector",
        "conformsTo": "http://tools.ietf.org/rfc/rfc3236",
        "value": "xpointer(/doc/body/section[2]/para[1])",
        "refinedBy": {"type": "TextQuoteSelector", "exact": "Hollin Ridge", "prefix": "dust from "},
    }
    body = {"type": "TextualBody", "value": "Which part of the ridge?"}
    store = store_at(tmp_path)

    report = import_file(w3c_file(tmp_path, annotation(body, selector)), store, article)

    (placed,) = store.annotations()
    assert report.added == 1 and not placed.orphan
    assert placed.start == article.text.index("Hollin Ridge", article.text.index("dust"))


def test_a_position_refined_by_a_position_adds_up(tmp_path):
    article = Article.load(QUARRY)
    start = article.text.index("Renner said")
    selector = {
        "type": "TextPositionSelector",
        "start": start - 4,
        "end": start + 20,
        "refinedBy": {"type": "TextPositionSelector", "start": 4, "end": 10},
    }
    store = store_at(tmp_path)
    import_file(
        w3c_file(tmp_path, annotation("http://example.org/note/7", selector)), store, article
    )
    (placed,) = store.annotations()
    assert (placed.start, placed.end, placed.quote.exact) == (start, start + 6, "Renner")


def test_pages_given_by_address_are_said_to_be_unfetched(tmp_path):
    article = Article.load(QUARRY)
    store = store_at(tmp_path)
    collection = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "http://example.org/annotations/",
        "type": "AnnotationCollection",
        "total": 42,
        "first": "http://example.org/annotations/?page=0",
    }
    report = import_file(w3c_file(tmp_path, collection), store, article)
    assert report.added == 0
    assert report.ignored == [
        "the collection's annotations on pages not in this file: its pages "
        "(http://example.org/annotations/?page=0) is given by address and tui-reader does "
        "not fetch it; the collection holds 42 annotations, this file 0"
    ]

    selector = {"type": "TextQuoteSelector", "exact": "Stavely"}
    page = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "http://example.org/annotations/?page=0",
        "type": "AnnotationPage",
        "next": "http://example.org/annotations/?page=1",
        "items": [annotation("Twin town.", selector)],
    }
    report = import_file(w3c_file(tmp_path, page), store, article)
    assert report.added == 1
    assert (
        "its next page (http://example.org/annotations/?page=1) is given by address"
        in (report.ignored[0])
    )


def test_bodies_given_by_address_as_choices_specific_resources_and_html_are_kept(tmp_path):
    article = Article.load(QUARRY)
    store = store_at(tmp_path)
    bodies = [
        "http://example.org/review/comment1",
        {
            "type": "Choice",
            "items": [
                {"type": "TextualBody", "value": "A dispute over dust.", "language": "en"},
                {"type": "TextualBody", "value": "Un litige sur la poussière.", "language": "fr"},
            ],
        },
        {
            "type": "SpecificResource",
            "purpose": "tagging",
            "source": "http://example.org/tags/mining",
        },
        {
            "type": "TextualBody",
            "format": "text/html",
            "value": "<p>See <a href='https://example.org/minutes'>the minutes</a>.</p>"
            "<p>Second&nbsp;point<br>on two lines</p><script>alert(1)</script>",
        },
    ]
    selector = {"type": "TextQuoteSelector", "exact": "quarry gate"}

    report = import_file(w3c_file(tmp_path, annotation(bodies, selector)), store, article)

    (placed,) = store.annotations()
    assert placed.tags == ("http://example.org/tags/mining",)
    assert placed.body.split("\n\n") == [
        "http://example.org/review/comment1",
        "A dispute over dust.",
        "Un litige sur la poussière.",
        "See the minutes (https://example.org/minutes).",
        "Second\xa0point\non two lines",
    ]
    assert sorted(report.kept) == [
        "1 HTML bodies read as text",
        "2 bodies given by address, kept as links",
        "2 choices of a Choice body, each kept",
    ]


# Hypothesis: replies, users, pages ---------------------------------------------------


def test_separate_replies_are_kept_in_their_annotations_note(tmp_path):
    article = Article.load(STORM)
    uri = "https://news.example.org/storm"
    root = hypothesis_row(1, uri, "schools closed early", 0, text="Which schools?")
    reply = {
        "id": "hXreply000000000001",
        "created": "2024-05-04T08:00:00+00:00",
        "updated": "2024-05-04T08:00:00+00:00",
        "user": "acct:countydesk@hypothes.is",
        "user_info": {"display_name": "County Desk"},
        "uri": uri,
        "text": "The two primary schools.",
        "references": [root["id"]],
        "target": [{"source": uri}],
    }
    path = tmp_path / "search.json"
    path.write_text(json.dumps({"total": 1, "rows": [root], "replies": [reply]}), encoding="utf-8")
    store = store_at(tmp_path)

    report = import_file(path, store, article)

    (note,) = store.annotations()
    assert (
        note.body
        == "Which schools?\n\nReply from County Desk (2024-05-04): The two primary schools."
    )
    assert note.modified == "2024-05-04T08:00:00+00:00"
    assert report.kept[0].startswith("1 repl(ies) kept in the note")
    assert any("1 Hypothesis user" in line for line in report.ignored)
    record = store.article(article.content_hash)
    assert record is not None and record.metadata.url == uri


def test_a_multi_page_hypothesis_export_goes_to_each_pages_article(tmp_path):
    storm, quarry = Article.load(STORM), Article.load(QUARRY)
    storm_url, quarry_url = "https://news.example.org/storm", "https://news.example.org/quarry"
    store = store_at(tmp_path)
    for article, url in ((storm, storm_url), (quarry, quarry_url)):
        store.put_article(
            ArticleRecord(article.content_hash, article.title, str(article.path), len(article.text))
        )
        store.set_article_metadata(article.content_hash, "url", url)
    rows = [
        hypothesis_row(1, storm_url, "schools closed early", 0),
        hypothesis_row(2, quarry_url + "#comments", "Hollin Ridge", 0),
        hypothesis_row(3, "https://news.example.org/other", "Stavely", 0),
    ]
    path = tmp_path / "export.json"
    export = {"export_date": "2024-05-05T00:00:00Z", "annotations": rows}
    path.write_text(json.dumps(export), encoding="utf-8")

    report = import_file(path, store, storm)

    assert [a.quote.exact for a in store.annotations(storm.content_hash)] == [
        "schools closed early"
    ]
    assert [a.quote.exact for a in store.annotations(quarry.content_hash)] == ["Hollin Ridge"]
    assert (
        "1 annotation on 1 page with no article in your library "
        "(https://news.example.org/other): import them with --article naming each page's article"
    ) in report.ignored


def test_a_multi_page_export_matches_an_article_without_address_by_its_passages(tmp_path):
    storm = Article.load(STORM)
    rows = [
        hypothesis_row(1, "https://news.example.org/storm", "schools closed early", 0),
        hypothesis_row(2, "https://news.example.org/storm", "Coastal towns", 0),
        hypothesis_row(3, "https://news.example.org/quarry", "Hollin Ridge", 0),
    ]
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"export_date": "x", "annotations": rows}), encoding="utf-8")
    store = store_at(tmp_path)

    report = import_file(path, store, storm)

    assert sorted(a.quote.exact for a in store.annotations()) == [
        "Coastal towns",
        "schools closed early",
    ]
    assert any("https://news.example.org/quarry" in line for line in report.ignored)
    record = store.article(storm.content_hash)
    assert record is not None and record.metadata.url == "https://news.example.org/storm"


# JSONL ---------------------------------------------------------------------------------


def test_a_jsonl_file_error_says_jsonl_and_names_the_line(tmp_path):
    path = tmp_path / "spans.jsonl"
    path.write_text('{"text": "a", "label": []}\n{"text": "b", "label": [}\n', encoding="utf-8")
    code, _, err = cli("import", path, "--article", QUARRY, "--db", tmp_path / "db")
    assert code == 2
    assert "line 2 is not valid JSON" in err and "a JSONL file holds one JSON object a line" in err
    assert "Extra data" not in err

    unnamed = tmp_path / "spans.json"
    unnamed.write_text('{"text": "a", "label": []}\n{"text": "b", "label": [}\n', encoding="utf-8")
    err = cli("import", unnamed, "--article", QUARRY, "--db", tmp_path / "db")[2]
    assert "line 2 is not valid JSON" in err and "JSONL" in err


def test_our_brat_span_across_a_line_break_stays_one_on_an_edited_article(tmp_path):
    from tui_reader.export import export_article, write_export
    from tui_reader.model import make_annotation

    article = Article.load(QUARRY)
    start = article.text.index("a new road")
    end = article.text.index("gate") + len("gate")
    note = make_annotation(
        article.text, article.content_hash, Kind.NOTE, start, end, body="Ask about the cost."
    )
    write_export(export_article("brat", article, [note], []), tmp_path / "brat")
    edited = tmp_path / "edited.txt"
    edited.write_text("Updated on Tuesday.\n\n" + article.text, encoding="utf-8")
    store = store_at(tmp_path)

    import_file(tmp_path / "brat" / "quarry_dispute.ann", store, Article.load(edited))

    (placed,) = store.annotations()
    assert (placed.quote.exact, placed.orphan) == ("a new road to the\nquarry gate", False)
