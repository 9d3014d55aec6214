"""Hostile text in the exports a terminal or a spreadsheet shows: md, csv, claims-csv.

A Markdown report is read with `cat` or in a terminal editor, a CSV opened in a
spreadsheet: control characters are made visible in both, and a CSV cell that a
spreadsheet would run as a formula (OWASP: starting with = + - @, tab or CR)
starts with a ' instead, unless `export --raw` asks for the cells as stored.
The CSV files are read back with Python's csv module.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tui_reader.document import Article
from tui_reader.export import export_article
from tui_reader.export.common import join_tags, split_tags
from tui_reader.model import Annotation, Claim, Evidence, Kind, make_annotation
from tui_reader.session import ReadingSession
from tui_reader.store import Store

ACTED_ON = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
OSC52 = "\x1b]52;c;SGFja2Vk\x1b\\"
FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def hostile_article(tmp_path: Path) -> Article:
    path = tmp_path / "story.txt"
    path.write_text(
        f"Ferry {OSC52} vote \u202etxt.exe\n\nThe mayor said =1+1 the ferry stays.\n",
        encoding="utf-8",
    )
    return Article.load(path)


def hostile_annotations(article: Article) -> list[Annotation]:
    text, digest = article.text, article.content_hash
    start = text.index("=1+1")
    claim = Claim(
        source="=cmd|' /C calc'!A0",
        cue="said",
        rationale=f"because {OSC52}",
        evidence=(Evidence(url="@evil", quote="-1", note="\x1b[2J", stance="refutes"),),
    )
    annotations = [
        make_annotation(text, digest, Kind.CLAIM, start, start + 4, claim=claim, body="+note")
    ]
    for body in [*FORMULAS, f"note {OSC52} \x1b[2J \u202e \x85"]:
        annotations.append(
            make_annotation(text, digest, Kind.NOTE, 0, 5, body=body, tags=("=tag", "@t"))
        )
    return annotations


def rows(csv_text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(csv_text, newline="")))


def test_markdown_shows_control_characters_as_pictures(tmp_path: Path) -> None:
    article = hostile_article(tmp_path)
    text = export_article("md", article, hostile_annotations(article), []).text
    assert ACTED_ON.search(text) is None
    assert "note ␛\\]52;c;SGFja2Vk␛\\\\ ␛\\[2J �" in text  # Markdown-escaped


def test_csv_cells_never_start_a_formula_nor_hold_controls(tmp_path: Path) -> None:
    article = hostile_article(tmp_path)
    annotations = hostile_annotations(article)
    for fmt in ("csv", "claims-csv"):
        table = rows(export_article(fmt, article, annotations, []).text)
        assert table, fmt
        for row in table:
            for column, cell in row.items():
                assert ACTED_ON.search(cell.replace("\n", "")) is None, (fmt, column, cell)
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (fmt, column, cell)
    notes = {row["note"] for row in rows(export_article("csv", article, annotations, []).text)}
    assert {'\'=HYPERLINK("http://evil.example","x")', "'+1+1", "'-2+3", "'@SUM(A1)"} <= notes
    assert "'\t=1" in notes and "'␍=1" in notes
    claim = rows(export_article("claims-csv", article, annotations, []).text)[0]
    assert claim["source"] == "'=cmd|' /C calc'!A0"
    assert claim["evidence"] == "refutes: @evil “-1” — ␛[2J"
    assert claim["tags"] == "" and claim["note"] == "'+note"


def test_raw_csv_keeps_the_cells_as_stored(tmp_path: Path) -> None:
    article = hostile_article(tmp_path)
    annotations = hostile_annotations(article)
    notes = [
        row["note"] for row in rows(export_article("csv", article, annotations, [], raw=True).text)
    ]
    assert set(FORMULAS) <= set(notes)
    assert f"note {OSC52} \x1b[2J \u202e \x85" in notes
    claim = rows(export_article("claims-csv", article, annotations, [], raw=True).text)[0]
    assert claim["source"] == "=cmd|' /C calc'!A0"


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui_reader", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_export_raw_on_the_command_line(tmp_path: Path, db_path: Path) -> None:
    article = hostile_article(tmp_path)
    ReadingSession(article, Store(db_path)).add_many(hostile_annotations(article), "import")
    assert article.path is not None
    common = ("--db", db_path, "--ner", "off")
    neutral = run_cli("export", article.path, "-f", "csv", *common)
    raw = run_cli("export", article.path, "-f", "csv", "--raw", *common)
    assert neutral.returncode == raw.returncode == 0
    assert "'+1+1" in {row["note"] for row in rows(neutral.stdout)}
    assert "+1+1" in {row["note"] for row in rows(raw.stdout)}
    refused = run_cli("export", article.path, "-f", "md", "--raw", *common)
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1 and "--raw" in refused.stderr


TAG_TEXT = st.text(
    alphabet=st.sampled_from([*"ab é,\"'", "\r", "\n", "\t", "=", "\u202e"]), max_size=8
)


@given(tags=st.lists(TAG_TEXT, max_size=5))
def test_a_tags_cell_splits_back_into_the_same_tags(tags: list[str]) -> None:
    assert split_tags(join_tags(tags)) == tags


def test_three_tags_and_one_tag_with_commas_differ_in_a_csv_export(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("The ferry stays, the mayor said.\n", encoding="utf-8")
    article = Article.load(path)
    text, digest = article.text, article.content_hash
    three = make_annotation(text, digest, Kind.TAG, 0, 9, tags=("red", "green", "blue"))
    one = make_annotation(text, digest, Kind.TAG, 11, 20, tags=("red, green, blue",))
    quoted = make_annotation(text, digest, Kind.TAG, 0, 3, tags=('say "no"', "x"))
    table = rows(export_article("csv", article, [three, one, quoted], []).text)
    cells = {row["id"]: row["tags"] for row in table}
    assert split_tags(cells[three.id]) == ["red", "green", "blue"]
    assert split_tags(cells[one.id]) == ["red, green, blue"]
    assert split_tags(cells[quoted.id]) == ['say "no"', "x"]
    assert cells[three.id] == "red, green, blue"  # as typed, when nothing needs quotes
