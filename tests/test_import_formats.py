"""Imports: round trips through every lossless format, Hypothesis files, brat, and bad input."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from tui_reader.document import Article
from tui_reader.errors import UserError
from tui_reader.export import export_article, write_export
from tui_reader.export.hypothesis import Utf16Offsets
from tui_reader.export.importers import import_file
from tui_reader.model import (
    Annotation,
    ArticleRecord,
    Claim,
    ClaimStatus,
    Evidence,
    Kind,
    TextPositionSelector,
    TextQuoteSelector,
    make_annotation,
)
from tui_reader.nlp.entities import Entity
from tui_reader.store import Store

DATA = Path(__file__).parent / "data" / "import"
ARTICLE = (
    "Ferry fares rise again\n"
    "\n"
    "The Northline ferry company said on Tuesday that fares would rise by 8% in April.\n"
    "Union leader Priya Nair called the rise unfair and said crews had not been consulted.\n"
    "\n"
    "Passengers 🚢 on the island route pay the most.\n"
)


def span_of(text: str, passage: str) -> tuple[int, int]:
    start = text.index(passage)
    return start, start + len(passage)


def write_article(folder: Path, text: str = ARTICLE, name: str = "ferry_fares.txt") -> Article:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return Article.load(path)


def sample_annotations(article: Article) -> list[Annotation]:
    text, digest = article.text, article.content_hash

    def on(passage: str, kind: Kind, **fields: object) -> Annotation:
        return make_annotation(text, digest, kind, *span_of(text, passage), **fields)

    claim = Claim(
        source="Northline ferry company",
        cue="said",
        rationale="Matches the published tariff.",
        evidence=(Evidence(url="https://example.org/tariff", stance="supports"),),
    ).with_status(ClaimStatus.SUPPORTED)
    return [
        on("fares would rise by 8% in April", Kind.NOTE, body="Check last year's rise.\nAnd 2022."),
        on("Priya Nair", Kind.TAG, tags=("unions", "labour relations")),
        on("crews had not been consulted", Kind.NOTE, body="Ask the company.", tags=("follow-up",)),
        on("fares would rise by 8%", Kind.CLAIM, body="Key number.", claim=claim),
        on("island route", Kind.ENTITY, label="LOC"),
        on("Passengers 🚢", Kind.NOTE, body=""),
    ]


def store_at(tmp_path: Path, name: str = "annotations.json") -> Store:
    return Store(tmp_path / name)


def in_library(store: Store, article: Article) -> None:
    """Record the article in the library, as opening it in the reader does."""
    store.put_article(
        ArticleRecord(article.content_hash, article.title, str(article.path), len(article.text))
    )


def exported_file(
    tmp_path: Path, fmt: str, article: Article, annotations: list[Annotation]
) -> Path:
    result = export_article(fmt, article, annotations, [])
    tmp_path.mkdir(parents=True, exist_ok=True)
    target = tmp_path / f"export.{fmt}"
    write_export(result, target)
    return target


# Native JSON ---------------------------------------------------------------------------


def test_json_round_trip_into_an_empty_database_is_lossless(tmp_path):
    article = write_article(tmp_path / "articles")
    annotations = sample_annotations(article)
    exported = exported_file(tmp_path, "json", article, annotations)

    store = store_at(tmp_path)
    report = import_file(exported, store)

    assert (report.added, report.already_present, report.orphans) == (len(annotations), 0, 0)
    assert report.articles == [article.content_hash]
    back = store.annotations(article.content_hash)
    assert {a.id: a for a in back} == {a.id: a for a in annotations}
    again = json.loads(export_article("json", article, back, []).text)["annotations"]
    first = json.loads(exported.read_text(encoding="utf-8"))["annotations"]
    assert again == first
    record = store.article(article.content_hash)
    # The path written in the file is not taken (it may name any file): the
    # library lists the article as missing until it is opened or located.
    assert record is not None and record.path == ""
    assert record.title == "Ferry fares rise again"


def test_json_import_twice_adds_nothing(tmp_path):
    article = write_article(tmp_path / "articles")
    exported = exported_file(tmp_path, "json", article, sample_annotations(article))
    store = store_at(tmp_path)
    import_file(exported, store)
    before = store.annotations()

    report = import_file(exported, store)

    assert (report.added, report.updated, report.already_present) == (0, 0, len(before))
    assert store.annotations() == before


def test_json_keeps_annotations_on_their_hash_when_the_article_is_missing(tmp_path):
    article = write_article(tmp_path / "articles")
    annotations = sample_annotations(article)
    exported = exported_file(tmp_path, "json", article, annotations)
    article.path.unlink()

    store = store_at(tmp_path)
    import_file(exported, store)

    assert store.annotations(article.content_hash) == sorted(
        annotations, key=lambda a: (a.start, a.end, a.created)
    )


def test_json_onto_an_edited_article_moves_passages_and_orphans_removed_ones(tmp_path):
    article = write_article(tmp_path / "articles")
    annotations = sample_annotations(article)
    exported = exported_file(tmp_path, "json", article, annotations)
    edited_text = ARTICLE.replace(
        "Ferry fares rise again\n", "Ferry fares rise again\n\nUpdated.\n"
    )
    edited_text = edited_text.replace(" and said crews had not been consulted", "")
    edited = write_article(tmp_path / "edited", edited_text)

    store = store_at(tmp_path)
    report = import_file(exported, store, edited)

    assert report.orphans == 1
    placed = {a.id: a for a in store.annotations(edited.content_hash)}
    assert len(placed) == len(annotations)
    for original in annotations:
        moved = placed[original.id]
        if moved.orphan:
            assert moved.quote.exact == "crews had not been consulted"
            continue
        assert edited.text[moved.start : moved.end] == original.quote.exact
        assert moved.start != original.start


def test_newer_copy_of_a_known_annotation_updates_it(tmp_path):
    article = write_article(tmp_path / "articles")
    annotations = sample_annotations(article)
    store = store_at(tmp_path)
    import_file(exported_file(tmp_path, "json", article, annotations), store)
    edited = replace(annotations[0], body="A newer note.", modified="2999-01-01T00:00:00+00:00")
    newer = exported_file(tmp_path / "newer", "json", article, [edited])

    report = import_file(newer, store)

    assert (report.added, report.updated) == (0, 1)
    assert store.annotation(edited.id).body == "A newer note."


# W3C -----------------------------------------------------------------------------------


def test_w3c_round_trip_keeps_notes_tags_and_claims(tmp_path):
    article = write_article(tmp_path / "articles")
    annotations = sample_annotations(article)
    exported = exported_file(tmp_path, "w3c", article, annotations)

    store = store_at(tmp_path)
    in_library(store, article)  # found by the file it targets, which the library knows
    report = import_file(exported, store)

    assert (report.format, report.added, report.orphans) == ("w3c", len(annotations), 0)
    back = {a.id: a for a in store.annotations(article.content_hash)}
    for original in annotations:
        imported = back[original.id]
        for name in ("kind", "position", "quote", "body", "tags", "label", "created", "modified"):
            assert getattr(imported, name) == getattr(original, name), name
        if original.claim is not None:
            assert imported.claim.status is original.claim.status
            assert imported.claim.source == original.claim.source
            assert imported.claim.cue == original.claim.cue
            assert imported.claim.rationale == original.claim.rationale
    second = export_article("w3c", article, list(back.values()), []).text
    assert (
        json.loads(second)["first"]["items"] == json.loads(exported.read_text())["first"]["items"]
    )


def test_w3c_import_twice_adds_nothing(tmp_path):
    article = write_article(tmp_path / "articles")
    exported = exported_file(tmp_path, "w3c", article, sample_annotations(article))
    store = store_at(tmp_path)
    import_file(exported, store, article)

    report = import_file(exported, store, article)

    assert (report.added, report.already_present) == (0, len(sample_annotations(article)))


def test_w3c_annotation_equal_to_a_known_one_is_not_added(tmp_path):
    """Another tool's copy (new id) of a note already there: same quote, note and tags."""
    article = write_article(tmp_path / "articles")
    note = sample_annotations(article)[2]
    store = store_at(tmp_path)
    in_library(store, article)
    store.put_annotation(note)
    copy = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://annotations.example.org/anno/77",
        "type": "Annotation",
        "body": [
            {"type": "TextualBody", "value": "Ask the company."},
            {"type": "TextualBody", "purpose": "tagging", "value": "follow-up"},
        ],
        "target": {
            "source": article.path.as_uri(),
            "selector": {"type": "TextQuoteSelector", "exact": "crews had not been consulted"},
        },
    }
    path = tmp_path / "other_tool.json"
    path.write_text(json.dumps(copy), encoding="utf-8")

    report = import_file(path, store)

    assert (report.added, report.already_present) == (0, 1)
    assert store.annotations() == [note]


def test_w3c_of_a_stdin_article_stays_on_its_content_hash(tmp_path):
    article = Article(text=ARTICLE, name="stdin")
    annotations = sample_annotations(article)
    exported = exported_file(tmp_path, "w3c", article, annotations)

    store = store_at(tmp_path)
    import_file(exported, store)

    assert {a.id for a in store.annotations(article.content_hash)} == {a.id for a in annotations}


def test_w3c_on_a_web_page_needs_the_article(tmp_path):
    page = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://annotations.example.org/anno/1",
        "type": "Annotation",
        "bodyValue": "Interesting.",
        "target": {
            "source": "https://news.example.org/ferries",
            "selector": {"type": "TextQuoteSelector", "exact": "Priya Nair"},
        },
    }
    path = tmp_path / "page.json"
    path.write_text(json.dumps(page), encoding="utf-8")

    with pytest.raises(UserError, match=r"news\.example\.org/ferries.*add --article"):
        import_file(path, store_at(tmp_path))

    article = write_article(tmp_path / "articles")
    store = store_at(tmp_path)
    report = import_file(path, store, article)
    (imported,) = store.annotations(article.content_hash)
    assert report.added == 1
    assert (imported.kind, imported.body) == (Kind.NOTE, "Interesting.")
    assert article.text[imported.start : imported.end] == "Priya Nair"


def test_w3c_example_from_the_conformance_suite_imports(tmp_path):
    example = Path(__file__).resolve().parents[2] / "shared" / "conformance" / "w3c_examples"
    source = example / "valid_collection_text_selectors.json"
    if not source.exists():
        pytest.skip("needs ../shared/conformance")
    text = "x" * 120 + "42 per cent" + " in 2019 and more."
    article = write_article(tmp_path / "articles", text)

    store = store_at(tmp_path)
    report = import_file(source, store, article)

    assert report.added == 2
    again = import_file(source, store, article)
    assert (again.added, again.updated, again.already_present) == (0, 0, 2)
    kinds = sorted((a.kind, a.body, a.tags) for a in store.annotations())
    assert kinds == [
        (Kind.NOTE, "Check this figure.", ("statistics",)),
        (Kind.TAG, "", ("claim",)),
    ]


# Hypothesis ----------------------------------------------------------------------------


def test_utf16_offsets_match_python_code_points():
    text = "a🙂b😀😀c 漢字 𝄞d"
    offsets = Utf16Offsets(text)
    for index in range(len(text) + 1):
        units = len(text[:index].encode("utf-16-le")) // 2
        assert offsets.to_code_points(units) == index
    assert offsets.to_code_points(2) == 1  # inside the surrogate pair of 🙂: its start


def test_hypothesis_export_converts_utf16_positions(tmp_path):
    article = Article.load(DATA / "storm_article.txt")
    store = store_at(tmp_path)

    report = import_file(DATA / "hypothesis_export.json", store, article)

    assert report.format == "hypothesis"
    assert (report.added, report.orphans) == (4, 1)
    assert report.kept == [
        "1 repl(ies) kept in the note of the annotation they answer, with their author and date"
    ]
    assert report.ignored == [
        "1 page note: they quote no passage",
        "who wrote each of 4 annotations (1 Hypothesis user) and its group (1): "
        "tui-reader's annotations have no author or group",
    ]
    by_body = {a.body or ",".join(a.tags) or a.quote.exact: a for a in store.annotations()}
    text = article.text
    headline = by_body["Headline after two emoji.\n\nReply from Coast Reader (2024-05-02): Agreed."]
    assert (headline.start, headline.end) == span_of(text, "Coastal towns brace for storm")
    assert headline.tags == ("storms",)
    repeated = by_body["forecast,repeated claim"]
    assert repeated.kind is Kind.TAG
    second = text.index("said the storm", text.index("Harbour"))
    assert repeated.start == second
    # Only the position tells which "yes": the second one, 8 astral characters in.
    yes = by_body["yes"]
    assert yes.start == text.index("yes yes yes") + 4
    assert text[yes.start : yes.end] == "yes"
    orphan = by_body["Quote from an older version of the page."]
    assert orphan.orphan and orphan.quote.exact == "Inland villages ignore the forecast"
    assert headline.created == "2024-05-02T09:14:07.512934+00:00"


def test_hypothesis_import_twice_adds_nothing_and_needs_the_article(tmp_path):
    article = Article.load(DATA / "storm_article.txt")
    store = store_at(tmp_path)
    import_file(DATA / "hypothesis_export.json", store, article)
    before = store.annotations()

    report = import_file(DATA / "hypothesis_export.json", store, article)

    assert (report.added, report.already_present) == (0, 4)
    assert store.annotations() == before
    with pytest.raises(UserError, match="add --article"):
        import_file(DATA / "hypothesis_export.json", store_at(tmp_path, "other.json"))


def test_hypothesis_api_search_response_imports(tmp_path):
    article = Article.load(DATA / "storm_article.txt")
    export = json.loads((DATA / "hypothesis_export.json").read_text(encoding="utf-8"))
    response = tmp_path / "search.json"
    rows = export["annotations"][:2]
    response.write_text(json.dumps({"total": len(rows), "rows": rows}), encoding="utf-8")

    report = import_file(response, store_at(tmp_path), article)

    assert (report.format, report.added) == ("hypothesis", 2)


# brat ----------------------------------------------------------------------------------


def test_brat_round_trip_keeps_passages_notes_tags_and_claims(tmp_path):
    article = write_article(tmp_path / "articles")
    annotations = sample_annotations(article)
    entities = [Entity(*span_of(article.text, "Priya Nair"), "PERSON")]
    write_export(export_article("brat", article, annotations, entities), tmp_path / "brat")

    store = store_at(tmp_path)
    report = import_file(tmp_path / "brat" / "ferry_fares.ann", store, article)

    imported = store.annotations(article.content_hash)
    assert report.added == len(imported) == len(annotations) - 1 + len(entities)
    assert report.orphans == 0
    summary = sorted((a.kind, article.text[a.start : a.end], a.body, a.tags) for a in imported)
    assert summary == sorted(
        [
            (Kind.NOTE, "fares would rise by 8% in April", "Check last year's rise. And 2022.", ()),
            (Kind.TAG, "Priya Nair", "", ("unions", "labour relations")),
            (Kind.ENTITY, "Priya Nair", "", ()),
            (Kind.NOTE, "crews had not been consulted", "Ask the company.", ("follow-up",)),
            (Kind.CLAIM, "fares would rise by 8%", "Key number.", ()),
            (Kind.NOTE, "Passengers 🚢", "", ()),
        ]
    )
    claim = next(a.claim for a in imported if a.kind is Kind.CLAIM)
    assert (claim.status, claim.source, claim.cue, claim.rationale) == (
        ClaimStatus.SUPPORTED,
        "Northline ferry company",
        "said",
        "Matches the published tariff.",
    )
    assert next(a.label for a in imported if a.kind is Kind.ENTITY) == "PERSON"

    again = import_file(tmp_path / "brat" / "ferry_fares.ann", store, article)
    assert (again.added, again.already_present) == (0, len(imported))


def test_brat_of_a_crlf_article_lands_on_the_original_offsets(tmp_path):
    article = write_article(tmp_path / "articles", ARTICLE.replace("\n", "\r\n"))
    annotations = sample_annotations(article)
    write_export(export_article("brat", article, annotations, []), tmp_path / "brat")

    store = store_at(tmp_path)
    import_file(tmp_path / "brat" / "ferry_fares.ann", store, article)

    quotes = sorted(article.text[a.start : a.end] for a in store.annotations())
    expected = sorted(a.quote.exact for a in annotations if a.kind is not Kind.ENTITY)
    assert quotes == expected


def test_brat_span_on_text_that_changed_is_searched_then_orphaned(tmp_path):
    article = write_article(tmp_path / "articles")
    ann = tmp_path / "old.ann"
    ann.write_text(
        "T1\tNote 0 5\tPriya Nair\n#1\tAnnotatorNotes T1\tmoved\nT2\tNote 0 4\tgone away\n"
        "R1\tRel Arg1:T1 Arg2:T2\n",
        encoding="utf-8",
    )
    store = store_at(tmp_path)

    report = import_file(ann, store, article)

    found = {a.body: a for a in store.annotations()}
    assert article.text[found["moved"].start : found["moved"].end] == "Priya Nair"
    assert found[""].orphan and found[""].quote == TextQuoteSelector("gone away")
    assert report.ignored == ["1 relation: tui-reader has no links between passages"]


def test_brat_needs_the_article_and_well_formed_lines(tmp_path):
    ann = tmp_path / "notes.ann"
    ann.write_text("T1\tNote 0 5\tFerry\n", encoding="utf-8")
    with pytest.raises(UserError, match="needs its article"):
        import_file(ann, store_at(tmp_path))

    article = write_article(tmp_path / "articles")
    ann.write_text("T1\tNote 0 5\tFerry\nT2\tNote five six\tx\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"notes.ann:2: not a brat annotation line"):
        import_file(ann, store_at(tmp_path), article)


# Bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ('{\n  "format": ', r"not valid JSON \(line 2, column 13"),
        ('{"hello": "world"}', "not an annotation file tui-reader knows"),
        ('{"format": "tui-reader", "version": 99, "annotations": []}', "version 99 is newer"),
        (
            '{"format": "tui-reader", "version": 1, "annotations": [{"id": "x"}]}',
            "annotation 1: position: is missing",
        ),
    ],
)
def test_bad_files_are_one_line_user_errors(tmp_path, content, message):
    path = tmp_path / "input.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError, match=message) as caught:
        import_file(path, store_at(tmp_path))
    assert "\n" not in str(caught.value)


def test_a_directory_or_binary_file_is_refused(tmp_path):
    with pytest.raises(UserError, match="is a directory"):
        import_file(tmp_path, store_at(tmp_path))
    binary = tmp_path / "image.json"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    with pytest.raises(UserError, match="not UTF-8 text"):
        import_file(binary, store_at(tmp_path))


def test_orphans_in_a_native_file_stay_orphans(tmp_path):
    article = write_article(tmp_path / "articles")
    orphan = Annotation(
        article=article.content_hash,
        kind=Kind.NOTE,
        position=TextPositionSelector(3, 9),
        quote=TextQuoteSelector("a sentence the editors cut"),
        body="Lost passage",
        orphan=True,
    )
    exported = exported_file(tmp_path, "json", article, [orphan])
    shutil.copy(exported, tmp_path / "copy.json")

    store = store_at(tmp_path)
    report = import_file(tmp_path / "copy.json", store)

    assert report.orphans == 1
    assert store.annotations() == [orphan]
