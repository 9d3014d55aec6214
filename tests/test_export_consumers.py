"""Exports read back by what consumes them: spaCy's converters and the conllu library
(CoNLL), brat's rules for names (brat), the W3C validator (W3C), Google's list of
ClaimReview properties, and the note apps' front matter (Markdown).

The articles are written for these tests; the exports go through the real command
line (`main`) with a real database and settings file wherever the CLI is the point.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.cli import main
from tui_reader.document import Article
from tui_reader.export import export_article, write_export
from tui_reader.export.context import export_context, parse_meta_options
from tui_reader.export.importers import import_file
from tui_reader.model import Claim, ClaimStatus, Kind, make_annotation
from tui_reader.nlp.entities import Entity
from tui_reader.session import ReadingSession
from tui_reader.store import Store

HAS_SPACY = importlib.util.find_spec("spacy") is not None
W3C_VALIDATOR = Path(__file__).resolve().parents[2] / "shared" / "conformance" / "validate_w3c.py"

CAFE = "cafe\u0301"  # "café" with a combining accent, as macOS and some sites write it
TEXT = (
    "Harbour cafés to close, council says\n"
    "\n"
    f"PORT ELLIN, March 3 (Wire) - Mayor Ana Ruiz said the {CAFE} at Mu\u0308nster Quay would "
    "close after losses of 3,000 euros a week.\n"
    "\n"
    "The council disputed the figure of 1.5 million.\n"
)
ENTITIES = [
    ("PORT ELLIN", "GPE"),
    ("Ana Ruiz", "PERSON"),
    ("Mu\u0308nster Quay", "FAC"),
    ("3,000 euros", "MONEY"),
    ("1.5 million", "CARDINAL"),
]


def span(text: str, passage: str) -> tuple[int, int]:
    start = text.index(passage)
    return start, start + len(passage)


@pytest.fixture
def article(tmp_path: Path) -> Article:
    path = tmp_path / "harbour_cafes.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    return Article.load(path)


@pytest.fixture
def entities(article: Article) -> list[Entity]:
    return [Entity(*span(article.text, passage), label) for passage, label in ENTITIES]


def export_command(article: Article, database: Path, fmt: str, out: Path, *extra: str) -> int:
    """`tui-reader export` as a user types it (no entity recogniser: not under test)."""
    arguments = ["export", str(article.path), "--db", str(database), "-f", fmt, "-o", str(out)]
    return main([*arguments, "--ner", "off", *extra])


@pytest.fixture
def settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config.toml"
    monkeypatch.setenv("TUI_READER_CONFIG", str(path))
    return path


# CoNLL: spaCy's ner converter and the conllu library -------------------------------


def spacy_convert(path: Path, converter: str, out: Path) -> list[object]:
    """Run `spacy convert` as a user would, and read the documents it wrote."""
    out.mkdir()
    run = subprocess.run(
        [sys.executable, "-m", "spacy", "convert", str(path), str(out), "--converter", converter],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    import spacy
    from spacy.tokens import DocBin

    vocab = spacy.blank("xx").vocab
    return list(DocBin().from_disk(out / f"{path.stem}.spacy").get_docs(vocab))


@pytest.mark.skipif(not HAS_SPACY, reason="needs spaCy (the nlp extra)")
def test_spacy_convert_ner_reads_the_conll_export(tmp_path, article, entities):
    exported = tmp_path / "harbour.conll"
    write_export(export_article("conll", article, [], entities), exported)

    docs = spacy_convert(exported, "ner", tmp_path / "spacy")

    assert len(docs) == 1
    words = [token.text for token in docs[0]]
    assert {"3,000", "1.5", CAFE, "Mu\u0308nster"} <= set(words)
    found = [("".join(ent.text.split()), ent.label_) for ent in docs[0].ents]
    assert found == [("".join(text.split()), label) for text, label in ENTITIES]


@pytest.mark.skipif(not HAS_SPACY, reason="needs spaCy (the nlp extra)")
def test_spacy_convert_conllu_reads_the_conllu_export(tmp_path, article, entities):
    exported = tmp_path / "harbour.conllu"
    write_export(export_article("conllu", article, [], entities), exported)

    docs = spacy_convert(exported, "conllu", tmp_path / "spacy")

    found = [(ent.text, ent.label_) for doc in docs for ent in doc.ents]
    assert found == ENTITIES  # with SpaceAfter=No, spaCy has the spacing too


def test_the_conllu_library_reads_the_export_and_the_text_rebuilds(article, entities):
    conllu = pytest.importorskip("conllu")
    sentences = conllu.parse(export_article("conllu", article, [], entities).text)

    assert sentences[0].metadata["newdoc id"] == f"sha256:{article.content_hash}"
    assert sentences[0].metadata["text"] == "Harbour cafés to close, council says"
    rebuilt = ""
    tags = []
    for sentence in sentences:
        for token in sentence:
            misc = token["misc"] or {}
            rebuilt += token["form"] + _space_after(misc)
            tags.append((token["form"], misc.get("NE", "O")))
    assert rebuilt == article.text
    assert ("3,000", "B-MONEY") in tags and ("euros", "I-MONEY") in tags
    assert (CAFE, "O") in tags


def _space_after(misc: dict[str, str]) -> str:
    if misc.get("SpaceAfter") == "No":
        return ""
    if "SpacesAfter" not in misc:
        return " "
    escapes = {"s": " ", "t": "\t", "n": "\n", "r": "\r", "p": "|", "\\": "\\"}
    return re.sub(
        r"\\(u[0-9A-F]{4}|.)",
        lambda m: chr(int(m[1][1:], 16)) if len(m[1]) == 5 else escapes[m[1]],
        misc["SpacesAfter"],
    )


def test_conll_keeps_numbers_marked_letters_and_emoji_whole():
    text = "Dev 👩\u200d💻 in 🇫🇷 paid 2,500.50 at the cafe\u0301, नमस्ते 👍🏽 U.S. don't.\n"
    lines = export_article("conll", Article(text=text, name="stdin"), [], []).text.splitlines()
    tokens = [line.split()[0] for line in lines[2:] if line]
    assert tokens == [
        "Dev",
        "👩\u200d💻",
        "in",
        "🇫🇷",
        "paid",
        "2,500.50",
        "at",
        "the",
        "cafe\u0301",
        ",",
        "नमस्ते",
        "👍🏽",
        "U.S",
        ".",
        "don't",
        ".",
    ]
    # A mark outside the Basic Multilingual Plane (Brahmi vowel sign AA) takes the other path.
    brahmi = "Brahmi \U00011013\U00011038 and cafe\u0301.\n"
    lines = export_article("conll", Article(text=brahmi, name="stdin"), [], []).text.splitlines()
    assert [line.split()[0] for line in lines[2:] if line] == [
        "Brahmi",
        "\U00011013\U00011038",
        "and",
        "cafe\u0301",
        ".",
    ]


_IOB = re.compile(r"O|[BI]-[A-Z_]+")


@settings(max_examples=80, deadline=None)
@given(
    st.text(
        st.characters(codec="utf-8", exclude_categories=["Cs"]),
        max_size=120,
    ),
    st.lists(st.tuples(st.integers(0, 120), st.integers(1, 12)), max_size=4),
)
def test_any_text_gives_lines_both_readers_split_right(text, spans):
    """spaCy splits CoNLL lines at any white space and reads the last column as the tag;
    CoNLL-U lines are ten tab-separated columns; the text rebuilds from CoNLL-U."""
    article = Article(text=text, name="stdin")
    entities = [
        Entity(start, min(start + length, len(text)), "GPE")
        for start, length in spans
        if start < len(text)
    ]
    for line in export_article("conll", article, [], entities).text.splitlines():
        if line and line != "-DOCSTART- -X- O O":
            columns = line.split()
            assert len(columns) == 4 and _IOB.fullmatch(columns[3]), line
    conllu_text = export_article("conllu", article, [], entities).text
    rebuilt = ""
    for line in conllu_text.split("\n"):
        if line and not line.startswith("#"):
            columns = line.split("\t")
            assert len(columns) == 10, line
            misc = dict(part.split("=", 1) for part in columns[9].split("|") if "=" in part)
            rebuilt += columns[1] + _space_after(misc)
    first = next((i for i, c in enumerate(text) if not c.isspace()), len(text))
    assert rebuilt == text[first:] or (not rebuilt and not text.strip())


# ClaimReview: Google's list of properties -------------------------------------------

GOOGLE_CLAIMREVIEW_REQUIRED = ("claimReviewed", "reviewRating", "reviewRating.alternateName", "url")
GOOGLE_CLAIMREVIEW_RECOMMENDED = (
    "author",
    "author.name",
    "author.url",
    "datePublished",
    "itemReviewed",
    "itemReviewed.appearance",
    "itemReviewed.author",
    "itemReviewed.author.name",
    "itemReviewed.datePublished",
    "itemReviewed.firstAppearance",
    "reviewRating.bestRating",
    "reviewRating.name",
    "reviewRating.ratingValue",
    "reviewRating.worstRating",
)
"""Google Search Central, "Fact check (ClaimReview) structured data", structured data
type definitions (developers.google.com/search/docs/appearance/structured-data/factcheck):
ClaimReview requires claimReviewed, reviewRating and url and recommends author (with
its name and url) and itemReviewed; Claim recommends appearance, author,
datePublished and firstAppearance; Rating requires alternateName and recommends
bestRating, name, ratingValue and worstRating."""
NOT_WRITTEN = {
    "itemReviewed.firstAppearance": "one article cannot tell where a claim first appeared"
}
UNGRADED = {"reviewRating.bestRating", "reviewRating.ratingValue", "reviewRating.worstRating"}
"""A "not checkable" verdict is no grade on a scale."""


def has(document: dict, path: str) -> bool:
    for key in path.split("."):
        if not isinstance(document, dict) or document.get(key) in (None, "", [], {}):
            return False
        document = document[key]
    return True


def save_claims(database: Path, article: Article) -> None:
    store = Store(database)
    ReadingSession(article, store)  # the library record, as opening it in the app makes
    claims = [
        ("the café at", ClaimStatus.FALSE, "Ana Ruiz"),
        ("losses of 3,000 euros a week", ClaimStatus.NOT_CHECKABLE, "Ana Ruiz"),
        ("the figure of 1.5 million", ClaimStatus.UNVERIFIED, "The council"),
    ]
    text = article.text
    for passage, status, source in claims:
        passage = passage.replace("café", CAFE)
        claim = Claim(source=source, cue="said").with_status(status)
        store.put_annotation(
            make_annotation(
                text, article.content_hash, Kind.CLAIM, *span(text, passage), claim=claim
            )
        )


def test_claimreview_fills_every_property_google_lists(tmp_path, article, settings_file, capsys):
    settings_file.write_text(
        '[claimreview]\nauthor = "Harbour Fact Desk"\n'
        'url = "https://factcheck.example.org/harbour-cafes"\n'
    )
    database = tmp_path / "db.json"
    save_claims(database, article)
    out = tmp_path / "reviews.jsonld"

    code = export_command(
        article,
        database,
        "claimreview",
        out,
        *("--meta", "published=3 March 2024"),
        *("--meta", "url=https://news.example.org/harbour-cafes"),
    )

    assert code == 0
    assert "lack" not in capsys.readouterr().err
    reviews = json.loads(out.read_text(encoding="utf-8"))
    assert [review["reviewRating"]["alternateName"] for review in reviews] == [
        "false",
        "not checkable",
    ]
    for review in reviews:
        missing = [p for p in GOOGLE_CLAIMREVIEW_REQUIRED if not has(review, p)]
        assert missing == []
        expected_gaps = set(NOT_WRITTEN)
        if review["reviewRating"]["alternateName"] == "not checkable":
            expected_gaps |= UNGRADED
        gaps = {p for p in GOOGLE_CLAIMREVIEW_RECOMMENDED if not has(review, p)}
        assert gaps == expected_gaps
    first = reviews[0]
    assert first["url"] == "https://factcheck.example.org/harbour-cafes"
    assert first["author"] == {
        "@type": "Organization",
        "name": "Harbour Fact Desk",
        "url": "https://factcheck.example.org/",
    }
    assert first["itemReviewed"]["datePublished"] == "2024-03-03"
    assert first["itemReviewed"]["appearance"] == {
        "@type": "CreativeWork",
        "headline": "Harbour cafés to close, council says",
        "url": "https://news.example.org/harbour-cafes",
        "publisher": {"@type": "Organization", "name": "Wire"},
        "datePublished": "2024-03-03",
    }


def test_claimreview_says_which_fields_it_could_not_fill(tmp_path, article, capsys):
    database = tmp_path / "db.json"
    save_claims(database, article)
    out = tmp_path / "reviews.jsonld"

    code = export_command(article, database, "claimreview", out)

    assert code == 0
    err = capsys.readouterr().err.splitlines()
    assert (
        "tui-reader export: ClaimReview: all 2 reviews lack url (which Google requires): set url "
        "in the [claimreview] settings, or give --meta claimreview.url=URL" in err
    )
    assert any("lack author.name (recommended)" in line for line in err)
    assert any("lack itemReviewed.datePublished (recommended)" in line for line in err)
    assert all("itemReviewed.author.name" not in line for line in err)  # both claims have one


def test_meta_options_override_the_settings_and_mistakes_are_one_line(tmp_path, article, capsys):
    options = parse_meta_options(
        ["claimreview.author=Desk", "author=Ana Ruiz", "author=Jo Berg; Ana Ruiz", "title=T"]
    )
    context = export_context(article, options=options)
    assert (context.claimreview.author, context.metadata.authors) == (
        "Desk",
        ("Ana Ruiz", "Jo Berg"),
    )
    for bad, message in [
        ("colour=red", "--meta colour: unknown key (known: title, outlet, author, published"),
        ("published=soon", "--meta published: 'soon' is not a date"),
        ("claimreview.url=factcheck", "--meta claimreview.url: 'factcheck' is not a web address"),
        ("title", "--meta takes KEY=VALUE, not 'title'"),
    ]:
        code = main(["export", str(article.path), "--db", str(tmp_path / "db.json"), "--meta", bad])
        err = capsys.readouterr().err
        assert (code, err.count("\n")) == (2, 1)
        assert message in err


def test_a_broken_claimreview_setting_is_one_clear_error(article, settings_file, capsys):
    settings_file.write_text('[claimreview]\nurl = "not a url"\n')
    assert main(["export", str(article.path), "-f", "claimreview", "--ner", "off"]) == 2
    assert "[claimreview] url must be a web address" in capsys.readouterr().err


# brat: names brat keeps, and the tags back on import --------------------------------

BRAT_STORAGE_FORM = re.compile(r"[^a-zA-Z0-9_-]")
"""brat's `normalize_to_storage_form` (server/src/projectconfig.py) turns every other
character of an annotation.conf name into "_": a name it changes no longer matches the
`.ann`, and brat reports the attribute as undefined."""


def test_brat_names_survive_brat_and_import_restores_the_tags(tmp_path, article, entities):
    tags = ("café", "cafe", "新闻", "public money", "Status", "GPE", "naïve—ish")
    tagged = make_annotation(
        article.text, article.content_hash, Kind.TAG, *span(article.text, "Ana Ruiz"), tags=tags
    )
    result = export_article("brat", article, [tagged], entities)
    written = tmp_path / "brat"
    write_export(result, written)

    conf = (written / "annotation.conf").read_text(encoding="utf-8")
    declared = {
        line.split("\t")[0]
        for line in conf.splitlines()
        if line and not line.startswith(("#", "[", "<"))
    }
    assert all(BRAT_STORAGE_FORM.sub("_", name) == name for name in declared)
    used = [
        line.split("\t")[1].split(" ")[0] for line in result.text.splitlines() if line[0] == "A"
    ]
    assert set(used) <= declared and len(set(used)) == len(tags)
    assert "cafe" in used and "tag-1" in used and "Status" not in used

    store = Store(tmp_path / "db.json")
    import_file(written / "harbour_cafes.ann", store, article)
    imported = [a for a in store.annotations() if a.kind is Kind.TAG]
    assert [sorted(a.tags) for a in imported] == [sorted(tags)]


# W3C: the page's address as the target's source ------------------------------------


def html_article(tmp_path: Path) -> Article:
    body = "<article><h1>Harbour cafés to close</h1><p>" + TEXT.split("\n\n")[1] + "</p></article>"
    head = (
        "<title>Harbour cafés to close | Port Ellin Post</title>"
        '<link rel="canonical" href="https://news.example.org/harbour-cafes">'
        '<meta property="og:site_name" content="Port Ellin Post">'
        '<meta property="article:published_time" content="2024-03-03T07:00:00Z">'
        '<meta name="author" content="Jo Berg">'
    )
    path = tmp_path / "harbour.html"
    path.write_text(f"<html><head>{head}</head><body>{body}</body></html>", encoding="utf-8")
    return Article.load(path)


def note_on(article: Article, passage: str):
    return make_annotation(
        article.text, article.content_hash, Kind.NOTE, *span(article.text, passage), body="Check."
    )


def validate_w3c(tmp_path: Path, text: str) -> None:
    exported = tmp_path / "annotations.jsonld"
    exported.write_text(text, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(W3C_VALIDATOR), "--strict-formats", str(exported)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_w3c_annotations_of_a_web_page_target_its_address(tmp_path):
    article = html_article(tmp_path)
    result = export_article("w3c", article, [note_on(article, "Ana Ruiz")], [])
    items = json.loads(result.text)["first"]["items"]
    assert [item["target"]["source"] for item in items] == [
        "https://news.example.org/harbour-cafes"
    ]
    if W3C_VALIDATOR.exists():
        validate_w3c(tmp_path, result.text)


def test_w3c_after_a_hypothesis_import_targets_the_annotated_page(tmp_path, article, capsys):
    rows = [
        {
            "id": "hyp-1",
            "created": "2024-03-05T10:00:00+00:00",
            "updated": "2024-03-05T10:00:00+00:00",
            "uri": "https://news.example.org/harbour-cafes",
            "text": "Is that per week?",
            "tags": [],
            "target": [
                {
                    "source": "https://news.example.org/harbour-cafes",
                    "selector": [{"type": "TextQuoteSelector", "exact": "3,000 euros"}],
                }
            ],
        }
    ]
    export = tmp_path / "hypothesis.json"
    export.write_text(json.dumps({"export_date": "2024-03-05", "annotations": rows}))
    database, out = tmp_path / "db.json", tmp_path / "out.jsonld"

    assert main(["import", str(export), "--article", str(article.path), "--db", str(database)]) == 0
    code = export_command(article, database, "w3c", out)

    assert code == 0, capsys.readouterr().err
    items = json.loads(out.read_text(encoding="utf-8"))["first"]["items"]
    assert [item["target"]["source"] for item in items] == [
        "https://news.example.org/harbour-cafes"
    ]
    if W3C_VALIDATOR.exists():
        validate_w3c(tmp_path, out.read_text(encoding="utf-8"))


# Markdown: the front matter ----------------------------------------------------------


def front_matter(report: str) -> dict[str, object]:
    front = re.fullmatch(r"---\n(.*?)\n---\n.*", report, re.DOTALL)
    assert front is not None
    return {
        key: json.loads(value)
        for key, value in (line.split(": ", 1) for line in front[1].splitlines())
    }


def test_markdown_front_matter_has_the_page_metadata(tmp_path):
    article = html_article(tmp_path)
    fields = front_matter(export_article("md", article, [note_on(article, "Ana Ruiz")], []).text)
    assert {key: fields[key] for key in ("title", "outlet", "author", "published", "url")} == {
        "title": "Harbour cafés to close",
        "outlet": "Port Ellin Post",
        "author": ["Jo Berg"],
        "published": "2024-03-03T07:00:00+00:00",
        "url": "https://news.example.org/harbour-cafes",
    }


def test_markdown_front_matter_takes_meta_options(tmp_path, article):
    out = tmp_path / "report.md"
    code = export_command(
        article,
        tmp_path / "db.json",
        "md",
        out,
        *("--meta", "title=Cafés: the council's figures", "--meta", "author=Jo Berg"),
    )
    assert code == 0
    fields = front_matter(out.read_text(encoding="utf-8"))
    assert (fields["title"], fields["author"], fields["outlet"]) == (
        "Cafés: the council's figures",
        ["Jo Berg"],
        "Wire",
    )
    assert "url" not in fields and "published" not in fields
    assert out.read_text(encoding="utf-8").count("# Cafés: the council's figures\n") == 1
