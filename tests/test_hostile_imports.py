"""Import files written by someone who means harm: every one is refused in one line, and
nothing is written.

Each case starts from a real export of the test article (every format tui-reader
reads), changes one thing the way an attacker or a broken tool would, and
imports it through the real command line into a real database that already
holds a note: the import must fail with exit code 2 and one line naming the file,
the record and the field, and the database and its backups must be byte for
byte what they were.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tui_reader.cli import main
from tui_reader.document import Article
from tui_reader.limits import MAX_ARTICLE_BYTES, MAX_IMPORT_BYTES
from tui_reader.model import ArticleRecord, Kind, make_annotation
from tui_reader.store import Store

DATA = Path(__file__).parent / "data"
IMPORTS = DATA / "import"
ARTICLE = DATA / "harbour_vote.txt"
NATIVE = DATA / "harbour_vote.tui-reader.json"
W3C = IMPORTS / "harbour_vote.w3c.jsonld"
HYPOTHESIS = IMPORTS / "hypothesis_export.json"
STORM = IMPORTS / "storm_article.txt"
BRAT = IMPORTS / "harbour_vote.ann"


def cli(*args: str | Path) -> tuple[int, str]:
    """Run the real command line in this process: (exit code, what it wrote to stderr)."""
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        code = main([str(arg) for arg in args])
    return code, stderr.getvalue()


def database_with_a_note(folder: Path) -> Path:
    """A database that already holds work (and a backup of it), so a bad import has
    something to damage."""
    article = Article.load(ARTICLE)
    database = folder / "annotations.json"
    store = Store(database)
    store.put_article(
        ArticleRecord(article.content_hash, article.title, str(article.path), len(article.text))
    )
    store.put_annotation(
        make_annotation(article.text, article.content_hash, Kind.NOTE, 0, 7, body="mine")
    )
    return database


def snapshot(database: Path) -> dict[str, bytes]:
    """Every file of the database (itself, its backups), by name."""
    return {
        path.name: path.read_bytes()
        for path in database.parent.iterdir()
        if path.name.startswith(database.name) and path.is_file() and path.suffix != ".lock"
    }


def assert_refused(database: Path, import_file: Path, *extra: str | Path) -> str:
    """Import must fail with exit 2 and one line, leaving every database file as it was."""
    before = snapshot(database)
    code, stderr = cli("import", import_file, "--db", database, *extra)
    assert code == 2, stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert "Traceback" not in stderr
    assert snapshot(database) == before
    return stderr


def native() -> dict[str, Any]:
    return json.loads(NATIVE.read_text(encoding="utf-8"))


def w3c() -> dict[str, Any]:
    return json.loads(W3C.read_text(encoding="utf-8"))


def hypothesis() -> dict[str, Any]:
    return json.loads(HYPOTHESIS.read_text(encoding="utf-8"))


Mutation = Callable[[], Any]


def changed(make: Mutation, edit: Callable[[Any], object]) -> Mutation:
    def mutation() -> Any:
        document = make()
        edit(document)
        return document

    return mutation


def first_native(document: dict[str, Any]) -> dict[str, Any]:
    annotation: dict[str, Any] = document["annotations"][0]
    return annotation


def claim_native(document: dict[str, Any]) -> dict[str, Any]:
    claim: dict[str, Any] = next(a for a in document["annotations"] if a["kind"] == "claim")
    return claim


def first_w3c(document: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = document["first"]["items"][0]
    return item


def first_row(document: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = document["annotations"][0]
    return row


def deep(levels: int) -> Any:
    value: Any = "bottom"
    for _ in range(levels):
        value = [value]
    return value


# (case id, file name, document or raw text, what the one line must say)
JSON_CASES: list[tuple[str, str, Mutation, str]] = [
    # tui-reader JSON
    (
        "native-item-not-object",
        "n.json",
        changed(native, lambda d: d["annotations"].append(5)),
        "annotation 5: must be an object, not the number 5",
    ),
    (
        "native-annotations-string",
        "n.json",
        changed(native, lambda d: d.update(annotations="abc")),
        'no "annotations" list',
    ),
    (
        "native-claim-string",
        "n.json",
        changed(native, lambda d: claim_native(d).update(claim="str")),
        "claim: must be an object",
    ),
    (
        "native-claim-source-int",
        "n.json",
        changed(native, lambda d: claim_native(d)["claim"].update(source=5)),
        "claim.source: must be a string",
    ),
    (
        "native-evidence-not-list",
        "n.json",
        changed(native, lambda d: claim_native(d)["claim"].update(evidence="x")),
        "claim.evidence: must be a list of objects",
    ),
    (
        "native-evidence-quote-int",
        "n.json",
        changed(native, lambda d: claim_native(d)["claim"].update(evidence=[{"quote": 5}])),
        "claim.evidence[0].quote: must be a string",
    ),
    (
        "native-claim-status",
        "n.json",
        changed(native, lambda d: claim_native(d)["claim"].update(status="probably")),
        "claim.status: must be one of",
    ),
    (
        "native-log-time",
        "n.json",
        changed(native, lambda d: claim_native(d)["claim"].update(log=[{"status": "false"}])),
        "claim.log[0].at: is missing",
    ),
    (
        "native-start-string",
        "n.json",
        changed(native, lambda d: first_native(d)["position"].update(start="129")),
        "annotation 1: position.start: must be a whole number",
    ),
    (
        "native-start-float",
        "n.json",
        changed(native, lambda d: first_native(d)["position"].update(start=129.0)),
        "position.start: must be a whole number",
    ),
    (
        "native-start-negative",
        "n.json",
        changed(native, lambda d: first_native(d)["position"].update(start=-5)),
        "position.start: must be a whole number",
    ),
    (
        "native-start-bool",
        "n.json",
        changed(native, lambda d: first_native(d)["position"].update(start=True)),
        "position.start: must be a whole number",
    ),
    (
        "native-start-after-end",
        "n.json",
        changed(native, lambda d: first_native(d)["position"].update(start=200)),
        "position: start (200) is after end (153)",
    ),
    (
        "native-offset-beyond-any-article",
        "n.json",
        changed(native, lambda d: first_native(d)["position"].update(end=2**63)),
        "position.end: must be a whole number",
    ),
    (
        "native-offset-beyond-64-bits",
        "n.json",
        changed(native, lambda d: first_native(d)["position"].update(end=2**64 + 1)),
        "position.end: must be a whole number",
    ),
    (
        "native-position-null",
        "n.json",
        changed(native, lambda d: first_native(d).update(position=None)),
        "position: must be an object",
    ),
    (
        "native-quote-int",
        "n.json",
        changed(native, lambda d: first_native(d)["quote"].update(exact=5)),
        "quote.exact: must be a string",
    ),
    (
        "native-tags-string",
        "n.json",
        changed(native, lambda d: first_native(d).update(tags="abc")),
        "tags: must be a list of strings",
    ),
    (
        "native-tags-numbers",
        "n.json",
        changed(native, lambda d: first_native(d).update(tags=[1, 2])),
        "tags[0]: must be a string",
    ),
    (
        "native-created-int",
        "n.json",
        changed(native, lambda d: first_native(d).update(created=5)),
        "created: must be a string",
    ),
    (
        "native-created-not-a-time",
        "n.json",
        changed(native, lambda d: first_native(d).update(created="last Tuesday")),
        "created: must be an ISO 8601 date and time",
    ),
    (
        "native-article-int",
        "n.json",
        changed(native, lambda d: d["annotations"][-1].update(article=5)),
        "annotation 4: article: must be a string",
    ),
    (
        "native-article-not-a-hash",
        "n.json",
        changed(native, lambda d: first_native(d).update(article="../../etc/passwd")),
        "article: must be a content hash",
    ),
    (
        "native-kind",
        "n.json",
        changed(native, lambda d: first_native(d).update(kind="virus")),
        "kind: must be one of",
    ),
    (
        "native-orphan-string",
        "n.json",
        changed(native, lambda d: first_native(d).update(orphan="yes")),
        "orphan: must be true or false",
    ),
    (
        "native-id-empty",
        "n.json",
        changed(native, lambda d: first_native(d).update(id="")),
        "id: must be a non-empty id",
    ),
    (
        "native-body-list",
        "n.json",
        changed(native, lambda d: first_native(d).update(body=[])),
        "body: must be a string",
    ),
    (
        "native-version-bool",
        "n.json",
        changed(native, lambda d: d.update(version=True)),
        "version: must be a whole number",
    ),
    (
        "native-described-hash-int",
        "n.json",
        changed(native, lambda d: d["article"].update(content_hash=5)),
        "the article: article.content_hash: must be a string",
    ),
    (
        "native-described-length-string",
        "n.json",
        changed(native, lambda d: d["article"].update(length="1005")),
        "article.length: must be a whole number",
    ),
    (
        "native-deep-nesting",
        "n.json",
        changed(native, lambda d: first_native(d).update(extra=deep(100))),
        "nested more than 64 levels deep",
    ),
    # W3C Web Annotation
    (
        "w3c-target-number",
        "w.jsonld",
        changed(w3c, lambda d: first_w3c(d).update(target=5)),
        "annotation 1: target: must be an object or an IRI",
    ),
    (
        "w3c-target-list-number",
        "w.jsonld",
        changed(w3c, lambda d: first_w3c(d).update(target=[5])),
        "target[0]: must be an object",
    ),
    (
        "w3c-source-number",
        "w.jsonld",
        changed(w3c, lambda d: first_w3c(d)["target"].update(source=5)),
        "target.source: must be an IRI",
    ),
    (
        "w3c-selector-number",
        "w.jsonld",
        changed(w3c, lambda d: first_w3c(d)["target"].update(selector=5)),
        "target.selector: must be an object or an IRI",
    ),
    (
        "w3c-start-string",
        "w.jsonld",
        changed(w3c, lambda d: first_w3c(d)["target"]["selector"][1].update(start="3")),
        "target.selector[1].start: must be a whole number",
    ),
    (
        "w3c-start-after-end",
        "w.jsonld",
        changed(w3c, lambda d: first_w3c(d)["target"]["selector"][1].update(start=999)),
        "target.selector[1]: start (999) is after end",
    ),
    (
        "w3c-exact-number",
        "w.jsonld",
        changed(w3c, lambda d: first_w3c(d)["target"]["selector"][0].update(exact=5)),
        "target.selector[0].exact: must be a string",
    ),
    (
        "w3c-body-value-number",
        "w.jsonld",
        changed(w3c, lambda d: first_w3c(d)["body"][0].update(value=5)),
        "body[0].value: must be a string",
    ),
    (
        "w3c-body-number",
        "w.jsonld",
        changed(w3c, lambda d: first_w3c(d).update(body=5)),
        "body: must be an object or an IRI",
    ),
    (
        "w3c-purpose-number",
        "w.jsonld",
        changed(w3c, lambda d: first_w3c(d)["body"][0].update(purpose=5)),
        "body[0].purpose: must be a list of strings",
    ),
    (
        "w3c-motivation-number",
        "w.jsonld",
        changed(w3c, lambda d: first_w3c(d).update(motivation=5)),
        "motivation: must be a list of strings",
    ),
    (
        "w3c-created-number",
        "w.jsonld",
        changed(w3c, lambda d: first_w3c(d).update(created=5)),
        "created: must be a string",
    ),
    (
        "w3c-created-not-a-time",
        "w.jsonld",
        changed(w3c, lambda d: first_w3c(d).update(created="soon")),
        "created: must be an ISO 8601 date and time",
    ),
    (
        "w3c-id-number",
        "w.jsonld",
        changed(w3c, lambda d: first_w3c(d).update(id=7)),
        "id: must be a string",
    ),
    (
        "w3c-items-not-list",
        "w.jsonld",
        changed(w3c, lambda d: d["first"].update(items="x")),
        "the page: items: must be a list",
    ),
    (
        "w3c-item-number",
        "w.jsonld",
        changed(w3c, lambda d: d["first"]["items"].append(5)),
        "annotation 5: must be an object",
    ),
    # Hypothesis
    (
        "hypothesis-selector-number",
        "h.json",
        changed(hypothesis, lambda d: first_row(d)["target"][0].update(selector=5)),
        "annotation 1: target[0].selector: must be a list of objects",
    ),
    (
        "hypothesis-target-string",
        "h.json",
        changed(hypothesis, lambda d: d.update(rows=[{"target": "x", "uri": "u"}])),
        "annotation 1: target: must be a list of objects",
    ),
    (
        "hypothesis-tags-string",
        "h.json",
        changed(hypothesis, lambda d: first_row(d).update(tags="abc")),
        "tags: must be a list of strings",
    ),
    (
        "hypothesis-tag-number",
        "h.json",
        changed(hypothesis, lambda d: first_row(d).update(tags=[5])),
        "tags[0]: must be a string",
    ),
    (
        "hypothesis-text-number",
        "h.json",
        changed(hypothesis, lambda d: first_row(d).update(text=5)),
        "text: must be a string",
    ),
    (
        "hypothesis-row-number",
        "h.json",
        changed(hypothesis, lambda d: d["annotations"].insert(0, 5)),
        "annotation 1: must be an object",
    ),
    (
        "hypothesis-position-string",
        "h.json",
        changed(
            hypothesis,
            lambda d: next(
                s
                for s in first_row(d)["target"][0]["selector"]
                if s["type"] == "TextPositionSelector"
            ).update(end="9"),
        ),
        "end: must be a whole number",
    ),
]


@pytest.mark.parametrize(
    ("name", "document", "message"),
    [pytest.param(name, make, message, id=case) for case, name, make, message in JSON_CASES],
)
def test_a_bad_record_is_one_line_naming_it_and_nothing_is_written(
    tmp_path: Path, name: str, document: Mutation, message: str
) -> None:
    database = database_with_a_note(tmp_path)
    path = tmp_path / name
    path.write_text(json.dumps(document()), encoding="utf-8")
    article = STORM if name == "h.json" else ARTICLE
    stderr = assert_refused(database, path, "--article", article)
    assert str(path) in stderr and message in stderr


RAW_CASES: list[tuple[str, str, bytes, str]] = [
    (
        "nan-offset",
        "n.json",
        NATIVE.read_bytes().replace(b'"start": 129', b'"start": NaN'),
        "not valid JSON",
    ),
    (
        "infinity-offset",
        "n.json",
        NATIVE.read_bytes().replace(b'"start": 129', b'"start": Infinity'),
        "not valid JSON",
    ),
    (
        "5000-digit-integer",
        "n.json",
        NATIVE.read_bytes().replace(b'"start": 129', b'"start": ' + b"9" * 5000),
        "not valid JSON",
    ),
    (
        "lone-surrogate",
        "n.json",
        NATIVE.read_bytes().replace(b'"voted', b'"\\ud800voted', 1),
        "not valid JSON",
    ),
    ("100k-deep-nesting", "n.json", b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    ("deep-but-parsable", "n.json", b"[" * 1000 + b"]" * 1000, "nested more than 64"),
    ("empty", "n.json", b"", "not valid JSON"),
    ("utf16", "n.json", NATIVE.read_text().encode("utf-16"), "not UTF-8 text"),
    ("surrogate-bytes", "n.json", b'{"a": "\xed\xa0\x80"}', "not UTF-8 text"),
    ("brat-5000-digits", "b.ann", b"T1\tNote 0 " + b"9" * 5000 + b"\tx\n", "b.ann:1:"),
    ("brat-start-after-end", "b.ann", b"T1\tNote 10 5\tx\n", "b.ann:1:"),
    ("brat-other-digits", "b.ann", "T1\tNote ٥ ٩\tx\n".encode(), "b.ann:1:"),
    ("brat-beyond-any-article", "b.ann", b"T1\tNote 0 999999999999\tx\n", "b.ann:1:"),
    ("brat-attribute-on-nothing", "b.ann", b"T1\tNote 0 5\tx\nA1\tStatus T9 false\n", "b.ann:2:"),
]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [pytest.param(name, content, message, id=case) for case, name, content, message in RAW_CASES],
)
def test_a_file_that_no_parser_should_accept_is_one_line(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    database = database_with_a_note(tmp_path)
    path = tmp_path / name
    path.write_bytes(content)
    stderr = assert_refused(database, path, "--article", ARTICLE)
    assert message in stderr


def test_a_target_outside_the_library_is_never_opened(tmp_path: Path) -> None:
    """A W3C file naming a secret file as its target must not store a line of it."""
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$very-secret-hash:19000:0:99999:7:::\n", encoding="utf-8")
    attack = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "body": {"type": "TextualBody", "value": "innocent note"},
        "target": {
            "source": secret.as_uri(),
            "selector": {"type": "TextPositionSelector", "start": 0, "end": 40},
        },
    }
    path = tmp_path / "attack.jsonld"
    path.write_text(json.dumps(attack), encoding="utf-8")
    database = database_with_a_note(tmp_path)

    stderr = assert_refused(database, path)

    assert "not an article in your library: add --article" in stderr
    assert b"very-secret" not in b"".join(snapshot(database).values())


def test_a_hash_urn_that_is_no_hash_is_not_an_article(tmp_path: Path) -> None:
    document = w3c()
    for item in document["first"]["items"]:
        item["target"]["source"] = "urn:hash::sha256:../../x"
    path = tmp_path / "w.jsonld"
    path.write_text(json.dumps(document), encoding="utf-8")
    stderr = assert_refused(database_with_a_note(tmp_path), path)
    assert "which is not an article in your library" in stderr


def test_a_target_in_the_library_is_read_from_where_the_library_says(tmp_path: Path) -> None:
    """The article the library knows by that file is used, never another file."""
    article = Article.load(ARTICLE)
    database = database_with_a_note(tmp_path)
    document = w3c()
    first_w3c(document)["target"]["source"] = article.path.as_uri()
    path = tmp_path / "w.jsonld"
    path.write_text(json.dumps(document), encoding="utf-8")

    code, stderr = cli("import", path, "--db", database)

    assert code == 0, stderr
    store = Store(database)
    assert len(store.annotations(article.content_hash)) == 5


def test_a_path_in_a_native_file_is_not_stored(tmp_path: Path) -> None:
    document = native()
    document["article"]["path"] = "/etc/passwd"
    path = tmp_path / "n.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    database = tmp_path / "fresh.json"

    code, stderr = cli("import", path, "--db", database)

    assert code == 0, stderr
    [record] = Store(database).articles()
    assert record.path == "" and record.title.startswith("Harbour council")


def test_an_annotation_that_does_not_fit_its_article_becomes_an_orphan(tmp_path: Path) -> None:
    """Offsets beyond the text, or slicing out something else than the quote."""
    document = native()
    first_native(document)["position"] = {"start": 5000, "end": 5024}
    document["annotations"][1]["position"] = {"start": 0, "end": 3}
    path = tmp_path / "n.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    database = tmp_path / "fresh.json"

    code, stderr = cli("import", path, "--db", database, "--article", ARTICLE)

    assert code == 0, stderr
    text = Article.load(ARTICLE).text
    for annotation in Store(database).annotations():
        assert (
            annotation.orphan or text[annotation.start : annotation.end] == annotation.quote.exact
        )
        assert annotation.end <= len(text)
    # Both had their quote still in the text, so they were found again there.
    assert not any(annotation.orphan for annotation in Store(database).annotations())


def test_without_the_text_an_inconsistent_annotation_is_an_orphan(tmp_path: Path) -> None:
    document = native()
    first_native(document)["position"] = {"start": 5000, "end": 9000}
    path = tmp_path / "n.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    database = tmp_path / "fresh.json"

    code, _ = cli("import", path, "--db", database)

    assert code == 0
    moved = Store(database).annotation(first_native(document)["id"])
    assert moved is not None and moved.orphan


def test_a_bad_record_after_good_ones_writes_nothing(tmp_path: Path) -> None:
    """All or nothing: the three good annotations before the bad one are not added either."""
    document = native()
    document["annotations"][3]["article"] = 5
    path = tmp_path / "n.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    database = database_with_a_note(tmp_path)

    assert_refused(database, path)

    assert len(Store(database).annotations()) == 1


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_as_import_and_as_article(tmp_path: Path, device: str) -> None:
    database = database_with_a_note(tmp_path)
    stderr = assert_refused(database, Path(device))
    assert "not a regular file" in stderr
    stderr = assert_refused(database, NATIVE, "--article", device)
    assert "not a regular file" in stderr


def test_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    database = database_with_a_note(tmp_path)
    assert "not a regular file" in assert_refused(database, fifo)
    assert "not a regular file" in assert_refused(database, NATIVE, "--article", fifo)


def test_files_beyond_the_size_limits_are_refused_unread(tmp_path: Path) -> None:
    """Sparse files: as large as they say, costing no disk, so the test is instant."""
    huge_import = tmp_path / "huge.json"
    with huge_import.open("wb") as handle:
        handle.truncate(MAX_IMPORT_BYTES + 1)
    huge_article = tmp_path / "huge.txt"
    with huge_article.open("wb") as handle:
        handle.truncate(MAX_ARTICLE_BYTES + 1)
    database = database_with_a_note(tmp_path)
    assert "larger than the 256 MB" in assert_refused(database, huge_import)
    assert "larger than the 256 MB" in assert_refused(database, NATIVE, "--article", huge_article)


def test_every_valid_sample_still_imports(tmp_path: Path) -> None:
    """The cases above start from these files, which must import as they are."""
    for number, (path, article) in enumerate(
        [(NATIVE, ARTICLE), (W3C, ARTICLE), (HYPOTHESIS, STORM), (BRAT, ARTICLE)]
    ):
        database = tmp_path / f"db{number}.json"
        code, stderr = cli("import", path, "--db", database, "--article", article)
        assert code == 0, stderr
        assert Store(database).annotations(), path.name


def test_deep_nesting_is_caught_at_parse_time_whatever_the_document(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    document = copy.deepcopy(native())
    document["annotations"] = deep(70)
    path.write_text(json.dumps(document), encoding="utf-8")
    assert "nested more than 64" in assert_refused(database_with_a_note(tmp_path), path)


@pytest.mark.parametrize("command", [["entities"], ["export"], ["claims"]])
def test_an_article_that_is_a_device_or_a_fifo_is_refused(
    tmp_path: Path, command: list[str]
) -> None:
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    for article in ("/dev/zero", "/dev/urandom", fifo):
        code, stderr = cli(*command, article, "--db", tmp_path / "db.json")
        assert code == 2 and "not a regular file" in stderr
        assert len(stderr.strip().splitlines()) == 1


def test_standard_input_is_read_no_further_than_the_article_limit(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zeros:
        result = subprocess.run(
            [sys.executable, "-m", "tui_reader", "entities", "-", "--db", tmp_path / "db.json"],
            stdin=zeros,
            capture_output=True,
            timeout=120,
        )
    assert result.returncode == 2
    assert b"stdin: larger than the 256 MB" in result.stderr
