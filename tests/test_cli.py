"""The command line as scripts use it: real subprocesses, real files, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.cli import one_line_error, run

DATA = Path(__file__).parent / "data"


def test_help_and_version() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert b"export" in result.stdout and b"--db" in result.stdout
    version = run("--version")
    assert version.returncode == 0
    assert version.stdout.decode().startswith("tui-reader ")


@pytest.mark.parametrize("command", [[], ["entities"], ["export"]])
def test_missing_file(command: list[str], tmp_path: Path) -> None:
    stderr = one_line_error(run(*command, tmp_path / "absent.txt", "--db", tmp_path / "db.json"))
    assert "absent.txt: no such file" in stderr


@pytest.mark.parametrize("command", [[], ["entities"], ["export"]])
def test_directory(command: list[str], tmp_path: Path) -> None:
    stderr = one_line_error(run(*command, tmp_path, "--db", tmp_path / "db.json"))
    assert "is a directory" in stderr


@pytest.mark.parametrize("command", [[], ["entities"], ["export"]])
def test_binary_file(command: list[str], tmp_path: Path) -> None:
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 8)
    stderr = one_line_error(run(*command, binary, "--db", tmp_path / "db.json"))
    assert "binary" in stderr


def test_corrupt_database_is_named_and_left_untouched(tmp_path: Path) -> None:
    database = tmp_path / "db.json"
    broken = b'{"annotations": {"a": {"kind": "note",}}'
    database.write_bytes(broken)
    stderr = one_line_error(run(DATA / "harbour_vote.txt", "--db", database))
    assert str(database) in stderr and "line 1" in stderr
    assert database.read_bytes() == broken
    stderr = one_line_error(run("import", tmp_path / "x.json", "--db", database))
    assert database.read_bytes() == broken


def test_usage_error_is_one_line() -> None:
    stderr = one_line_error(run("export", DATA / "harbour_vote.txt", "--format", "docx"))
    assert "--format" in stderr


def test_entities_json_offsets_are_code_points_of_the_file(tmp_path: Path) -> None:
    result = run("entities", DATA / "utf8_bom.txt", "--format", "json", "--ner", "rules")
    assert result.returncode == 0, result.stderr
    text = (DATA / "utf8_bom.txt").read_bytes().decode("utf-8-sig")
    entities = json.loads(result.stdout)
    assert entities, "Zürich should be found"
    for entity in entities:
        assert set(entity) == {"start", "end", "text", "label"}
        assert text[entity["start"] : entity["end"]] == entity["text"]
    assert {"text": "Zürich", "label": "GPE"}.items() <= next(
        e for e in entities if e["text"] == "Zürich"
    ).items()


def test_entities_from_stdin_in_latin1() -> None:
    result = run("entities", "-", "--ner", "rules", stdin=(DATA / "latin1.txt").read_bytes())
    assert result.returncode == 0, result.stderr
    texts = {entity["text"] for entity in json.loads(result.stdout)}
    assert "Montréal" in texts


def test_export_md_and_json_then_import_twice_adds_nothing(tmp_path: Path) -> None:
    from tui_reader.document import Article
    from tui_reader.model import Kind, make_annotation
    from tui_reader.store import Store

    article = Article.load(DATA / "harbour_vote.txt")
    first = tmp_path / "first.json"
    start = article.text.index("Daniel Achterberg")
    note = make_annotation(
        article.text,
        article.content_hash,
        Kind.NOTE,
        start,
        start + 17,
        body="Check the spelling",
        tags=("people",),
    )
    Store(first).put_annotation(note)

    markdown = run("export", DATA / "harbour_vote.txt", "--format", "md", "--db", first)
    assert markdown.returncode == 0, markdown.stderr
    report = markdown.stdout.decode()
    assert "Harbour council backs ferry plan" in report
    assert "Check the spelling" in report and "Daniel Achterberg" in report

    exported = tmp_path / "notes.json"
    result = run("export", DATA / "harbour_vote.txt", "-f", "json", "-o", exported, "--db", first)
    assert result.returncode == 0, result.stderr
    assert json.loads(exported.read_text())["annotations"][0]["id"] == note.id

    second = tmp_path / "second.json"
    for _ in range(2):
        result = run("import", exported, "--db", second)
        assert result.returncode == 0, result.stderr
    [imported] = Store(second).annotations()
    assert imported == note


def test_unwritable_export_path(tmp_path: Path) -> None:
    target = tmp_path / "missing-dir" / "deeper" / "out.md"
    (tmp_path / "missing-dir").write_text("a file, not a directory")
    stderr = one_line_error(
        run("export", DATA / "harbour_vote.txt", "-o", target, "--db", tmp_path / "db.json")
    )
    assert "out.md" in stderr


def _undated(report: bytes) -> list[bytes]:
    """A Markdown report without its `exported:` time, which differs from run to run."""
    return [line for line in report.splitlines() if not line.startswith(b"exported:")]


def test_global_options_may_come_before_the_subcommand(tmp_path: Path) -> None:
    from tui_reader.document import Article
    from tui_reader.model import Kind, make_annotation
    from tui_reader.store import Store

    article = Article.load(DATA / "harbour_vote.txt")
    database = tmp_path / "db.json"
    start = article.text.index("Daniel Achterberg")
    note = make_annotation(
        article.text, article.content_hash, Kind.NOTE, start, start + 17, body="Spelt right"
    )
    Store(database).put_annotation(note)
    before = run("--db", database, "--ner", "rules", "export", DATA / "harbour_vote.txt")
    after = run("export", DATA / "harbour_vote.txt", "--db", database, "--ner", "rules")
    assert before.returncode == 0, before.stderr
    assert "Spelt right" in before.stdout.decode()
    assert _undated(before.stdout) == _undated(after.stdout)
    joined = run(f"--db={database}", "entities", DATA / "harbour_vote.txt", "--ner=rules")
    assert joined.returncode == 0, joined.stderr
    # Written in both places, the one after the subcommand's name wins.
    absent = tmp_path / "absent.json"
    stderr = one_line_error(run("--db", database, "list", "--db", absent))
    assert "absent.json: no database yet" in stderr
    # An option the subcommand does not take is still a usage mistake, named.
    stderr = one_line_error(run("--ner", "rules", "list", "--db", database))
    assert "tui-reader list" in stderr and "--ner" in stderr


def test_db_from_environment(tmp_path: Path) -> None:
    database = tmp_path / "from-env.json"
    database.write_text("not json")
    stderr = one_line_error(
        run("export", DATA / "harbour_vote.txt", env={"TUI_READER_DB": str(database)})
    )
    assert "from-env.json" in stderr


def test_spacy_asked_for_but_not_installed_is_a_clear_error(tmp_path: Path) -> None:
    import importlib.util

    if importlib.util.find_spec("spacy") is not None:
        pytest.skip("spaCy is installed here")
    for command in ([], ["entities"]):
        stderr = one_line_error(
            run(*command, DATA / "harbour_vote.txt", "--ner", "spacy", "--db", tmp_path / "d.json")
        )
        assert "pip install 'tui-reader[nlp]'" in stderr


@pytest.mark.parametrize(
    ("where", "words"),
    [
        ("no-such-dir/out.md", "there is no directory"),
        ("a-file/out.md", "is not a directory"),
        ("locked/out.md", "no permission to write"),
    ],
)
def test_a_bad_export_path_is_said_before_the_entities_are_read(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    where: str,
    words: str,
) -> None:
    import os

    from tui_reader import cli
    from tui_reader.nlp import pipeline

    if where.startswith("locked") and os.geteuid() == 0:
        pytest.skip("root may write anywhere")
    (tmp_path / "a-file").write_text("a file, not a directory")
    (tmp_path / "locked").mkdir(mode=0o500)

    def recognition_ran(*args: object) -> None:
        raise AssertionError("the entities were read before the path was checked")

    monkeypatch.setattr(pipeline, "article_entities", recognition_ran)
    code = cli.main(
        [
            "export",
            str(DATA / "harbour_vote.txt"),
            "-o",
            str(tmp_path / where),
            "--db",
            str(tmp_path / "db.json"),
            "--ner",
            "rules",
        ]
    )
    error = capsys.readouterr().err
    assert code == 2 and words in error and error.count("\n") == 1


def test_a_multi_file_export_may_create_its_directory(tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / "harbour-brat"
    result = run(
        "export",
        DATA / "harbour_vote.txt",
        "--format",
        "brat",
        "-o",
        target,
        "--db",
        tmp_path / "db.json",
        "--ner",
        "off",
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.suffix for p in target.iterdir())[:2] == [".ann", ".conf"]


def test_every_ner_option_offers_the_one_list_of_backends() -> None:
    from tui_reader.config import NER_CHOICES
    from tui_reader.nlp.claims_eval import NER_CHOICES as EVAL_CLAIMS
    from tui_reader.nlp.evaluate import RECOGNIZER_CHOICES

    reader = run("--help").stdout.decode()
    assert "{" + ",".join(NER_CHOICES) + "}" in reader
    assert set(NER_CHOICES) <= set(EVAL_CLAIMS)
    assert set(NER_CHOICES) - {"off"} <= set(RECOGNIZER_CHOICES)


def test_an_empty_answer_is_one_line_and_json_stays_valid(tmp_path: Path) -> None:
    database = tmp_path / "db.json"
    database.write_text("{}")  # a library no article was read into
    listed = run("list", "--db", database)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.decode().splitlines() == [
        "the library is empty: read an article (tui-reader ARTICLE) or add some (add DIR)"
    ]
    assert json.loads(run("list", "--format", "json", "--db", database).stdout) == []
    sources = run("sources", "--db", database)
    assert sources.stdout.decode().splitlines() == [
        "no sources: no claim in the library has a source yet"
    ]
    assert json.loads(run("sources", "--format", "json", "--db", database).stdout) == []

    added = run("add", DATA / "harbour_vote.txt", "--db", database)
    assert added.returncode == 0, added.stderr
    echoes = run("echoes", "--db", database)  # one article: nothing can echo
    assert echoes.returncode == 0, echoes.stderr
    assert echoes.stdout.decode().splitlines() == [
        "no echoes: no claim or figure appears in more than one article of the library"
    ]
    report = json.loads(run("echoes", "--format", "json", "--db", database).stdout)
    assert report == {"echoes": [], "carried_verdicts": [], "disagreements": []}
