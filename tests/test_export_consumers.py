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

from tui_reader.cli import main
from tui_reader.document import Article
from tui_reader.export import export_article
from tui_reader.model import Kind, make_annotation
from tui_reader.nlp.entities import Entity

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
