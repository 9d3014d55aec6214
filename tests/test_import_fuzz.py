"""Every importer fed random and mutated files: it imports, or refuses in one line and
writes nothing.

The mutated files start from a real valid file of each format (tests/data) and
change it as a broken tool or an attacker would: a value replaced by one of
another type (huge and negative numbers, NaN, booleans, null, strings with lone
surrogates, escape sequences and markup, lists, objects, deep nesting), a key
removed or added, bytes flipped, inserted or cut off; JSONL files (doccano,
Prodigy) record by record; brat and WebAnno TSV files field by field. Random
files are JSON documents and bytes drawn from nothing. Each goes through the real command
line (`tui-reader import`, in this process) into a real database already
holding a note and its backups; the properties:

- the exit code is 0 or 2, never a traceback (an uncaught exception fails the test);
- on 2, exactly one line on stderr, and every database file byte for byte as before;
- on 0, the database still opens, and every annotation placed on the article
  slices out exactly its quote.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_reader.cli import main
from tui_reader.document import Article
from tui_reader.model import ArticleRecord, Kind, make_annotation
from tui_reader.store import Store

DATA = Path(__file__).parent / "data"
ARTICLE = DATA / "harbour_vote.txt"
STORM = DATA / "import" / "storm_article.txt"
FERRY = DATA / "import" / "brat_corpus" / "ferry_timetable.txt"
EXAMPLES = 60


@dataclass(frozen=True)
class Sample:
    path: Path
    article: Path


SAMPLES = {
    "native": Sample(DATA / "harbour_vote.tui-reader.json", ARTICLE),
    "w3c": Sample(DATA / "import" / "harbour_vote.w3c.jsonld", ARTICLE),
    "hypothesis": Sample(DATA / "import" / "hypothesis_export.json", STORM),
    "brat": Sample(DATA / "import" / "harbour_vote.ann", ARTICLE),
    "brat-corpus": Sample(
        DATA / "import" / "brat_corpus" / "quarry_dispute.ann",
        DATA / "import" / "brat_corpus" / "quarry_dispute.txt",
    ),
    "label-studio": Sample(DATA / "import" / "ferry_label_studio.json", FERRY),
    "doccano": Sample(DATA / "import" / "ferry_doccano.jsonl", FERRY),
    "doccano-relations": Sample(DATA / "import" / "ferry_doccano_relations.jsonl", FERRY),
    "prodigy": Sample(DATA / "import" / "ferry_prodigy.jsonl", FERRY),
    "webanno": Sample(DATA / "import" / "storm_inception.tsv", STORM),
}
DATABASE = "annotations.json"


@cache
def database_template() -> dict[str, bytes]:
    """The files of a database holding one note (and its backups), made once."""
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / DATABASE
        store = Store(database)
        for path in (ARTICLE, STORM):
            article = Article.load(path)
            store.put_article(
                ArticleRecord(
                    article.content_hash, article.title, str(article.path), len(article.text)
                )
            )
            store.put_annotation(
                make_annotation(article.text, article.content_hash, Kind.NOTE, 0, 5, body="mine")
            )
        return database_files(database)


def database_files(database: Path) -> dict[str, bytes]:
    return {
        path.name: path.read_bytes()
        for path in database.parent.iterdir()
        if path.name.startswith(DATABASE) and not path.name.endswith(".lock")
    }


def import_checked(content: bytes, suffix: str, article: Path | None) -> None:
    """Import `content` and check the properties in the module docstring."""
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / DATABASE
        for name, data in database_template().items():
            (Path(folder) / name).write_bytes(data)
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(content)
        arguments = ["import", str(path), "--db", str(database)]
        if article is not None:
            arguments += ["--article", str(article)]
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
            code = main(arguments)
        message = stderr.getvalue()
        assert code in (0, 2), message
        if code == 2:
            assert len(message.strip().splitlines()) == 1, message
            assert database_files(database) == database_template()
            return
        store = Store(database)
        if article is not None:
            text = Article.load(article)
            for annotation in store.annotations(text.content_hash):
                if not annotation.orphan:
                    exact = text.text[annotation.start : annotation.end]
                    assert exact == annotation.quote.exact


# Values an attacker puts where a field should be -----------------------------------------

NASTY_TEXT = st.sampled_from(
    [
        "\ud800",
        "a\udfffb",
        "[/]",
        "[link=file:///etc/passwd]x[/link]",
        "\x1b]52;c;aGk=\x07",
        "\x1b[2J",
        "\u202eevil",
        "\x00",
        "",
        " ",
        "file:///etc/shadow",
        "urn:hash::sha256:" + "0" * 64,
        "9" * 400,
        "1e309",
        "2026-13-45T99:99:99",
        "TextPositionSelector",
        "TextQuoteSelector",
    ]
)
NUMBERS = st.one_of(
    st.integers(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.sampled_from([0, -1, 2**31, 2**63, 2**64, 10**400]),
    st.floats(allow_nan=True, allow_infinity=True),
)
SCALARS = st.one_of(
    NUMBERS,
    st.booleans(),
    st.none(),
    st.text(st.characters(exclude_categories=()), max_size=20),
    NASTY_TEXT,
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
) | st.integers(min_value=60, max_value=200).map(lambda depth: nested(depth))


def nested(depth: int) -> Any:
    value: Any = 0
    for _ in range(depth):
        value = [value]
    return value


def paths_in(document: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON document (keys and indices from the top)."""
    found = [prefix]
    if isinstance(document, dict):
        for key, value in document.items():
            found += paths_in(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += paths_in(value, (*prefix, index))
    return found


READ_FIELDS = frozenset(
    [
        "Comments",
        "answer",
        "choices",
        "data",
        "entities",
        "end_offset",
        "from_name",
        "meta",
        "next",
        "offset",
        "predictions",
        "refinedBy",
        "relations",
        "replies",
        "result",
        "spans",
        "start_offset",
        "user",
        "user_info",
        "was_cancelled",
        "labels",
        "annotations",
        "article",
        "at",
        "body",
        "claim",
        "created",
        "end",
        "evidence",
        "exact",
        "first",
        "id",
        "items",
        "kind",
        "label",
        "log",
        "modified",
        "motivation",
        "orphan",
        "position",
        "prefix",
        "purpose",
        "quote",
        "references",
        "rows",
        "selector",
        "source",
        "start",
        "status",
        "suffix",
        "tags",
        "target",
        "text",
        "type",
        "updated",
        "uri",
        "value",
        "version",
    ]
)
"""Names of fields some importer reads: half of the mutations land on one of them."""


def mutate(document: Any, data: st.DataObject) -> Any:
    """One change at one place: replace, delete, add a key, or wrap in a list."""
    paths = paths_in(document)
    read = [path for path in paths if path and path[-1] in READ_FIELDS]
    path = data.draw(st.sampled_from(read if read and data.draw(st.booleans()) else paths))
    if not path:
        return data.draw(VALUES)
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    operation = data.draw(
        st.sampled_from(["replace", "replace", "replace", "delete", "add", "wrap", "stringify"])
    )
    if operation == "replace":
        parent[last] = data.draw(VALUES)
    elif operation == "delete":
        del parent[last]
    elif operation == "add" and isinstance(parent[last], dict):
        parent[last][data.draw(st.sampled_from(["start", "end", "type", "exact", "id", "x"]))] = (
            data.draw(VALUES)
        )
    elif operation == "wrap":
        parent[last] = [parent[last]]
    else:
        parent[last] = json.dumps(parent[last])
    return document


def trimmed(document: Any) -> Any:
    """The document with every list cut to its first two elements: still valid, with fewer
    places, so that a mutation lands more often on a field that matters."""
    if isinstance(document, dict):
        return {key: trimmed(value) for key, value in document.items()}
    if isinstance(document, list):
        return [trimmed(value) for value in document[:2]]
    return document


def serialised(document: Any) -> bytes:
    """JSON as a careless tool writes it: NaN, Infinity and lone surrogates (as escapes) kept."""
    return json.dumps(document, allow_nan=True).encode("utf-8")


def byte_mutation(content: bytes, data: st.DataObject) -> bytes:
    """Cut the file short, flip a byte, or insert some, at a drawn place."""
    where = data.draw(st.integers(0, len(content)))
    operation = data.draw(st.sampled_from(["truncate", "flip", "insert"]))
    if operation == "truncate":
        return content[:where]
    if operation == "flip" and where < len(content):
        return (
            content[:where]
            + bytes([content[where] ^ data.draw(st.integers(1, 255))])
            + (content[where + 1 :])
        )
    return content[:where] + data.draw(st.binary(max_size=8)) + content[where:]


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("format_name", ["native", "w3c", "hypothesis", "label-studio"])
@FUZZ
@given(data=st.data(), changes=st.integers(1, 3), with_article=st.booleans())
def test_mutated_json_imports_or_is_refused_in_one_line(
    format_name: str, data: st.DataObject, changes: int, with_article: bool
) -> None:
    sample = SAMPLES[format_name]
    document = json.loads(sample.path.read_text(encoding="utf-8"))
    if data.draw(st.booleans()):
        document = trimmed(document)
    for _ in range(changes):
        document = mutate(document, data)
    content = serialised(document)
    if data.draw(st.booleans()):
        content = byte_mutation(content, data)
    import_checked(content, sample.path.suffix, sample.article if with_article else None)


@pytest.mark.parametrize("format_name", ["doccano", "doccano-relations", "prodigy"])
@FUZZ
@given(data=st.data(), changes=st.integers(1, 3), with_article=st.booleans())
def test_mutated_jsonl_imports_or_is_refused_in_one_line(
    format_name: str, data: st.DataObject, changes: int, with_article: bool
) -> None:
    sample = SAMPLES[format_name]
    lines = sample.path.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    for _ in range(changes):
        records = mutate(records, data)
    if not isinstance(records, list):
        records = [records]
    content = b"".join(serialised(record) + b"\n" for record in records)
    if data.draw(st.booleans()):
        content = byte_mutation(content, data)
    import_checked(content, ".jsonl", sample.article if with_article else None)


@pytest.mark.parametrize("format_name", ["brat", "brat-corpus", "webanno"])
@FUZZ
@given(data=st.data(), changes=st.integers(1, 4))
def test_mutated_lines_import_or_are_refused_in_one_line(
    format_name: str, data: st.DataObject, changes: int
) -> None:
    """brat and WebAnno TSV: lines of tab-separated fields, changed field by field."""
    sample = SAMPLES[format_name]
    lines = sample.path.read_text(encoding="utf-8").splitlines()
    for _ in range(changes):
        index = data.draw(st.integers(0, len(lines) - 1))
        fields = lines[index].split("\t")
        where = data.draw(st.integers(0, len(fields) - 1))
        replacement = data.draw(
            st.one_of(
                NASTY_TEXT,
                st.text(max_size=12),
                NUMBERS.map(lambda n: f"Note {n} {n}"),
                st.sampled_from(
                    [
                        "Note 5 2",
                        "Status T9 false",
                        "AnnotatorNotes T99",
                        "X 1 2",
                        "Negation E9",
                        "Statement:T99 Speaker:T1",
                        "ORG 0 5;3 1",
                        "1-1",
                        "5-2",
                        "PER[1]|LOC[99]",
                        "*[x]",
                        "\\",
                    ]
                ),
            )
        )
        fields[where] = replacement
        lines[index] = "\t".join(fields)
    content = "\n".join(lines).encode("utf-8", "surrogatepass")
    if data.draw(st.booleans()):
        content = byte_mutation(content, data)
    import_checked(content, sample.path.suffix, sample.article)


@FUZZ
@given(document=VALUES, suffix=st.sampled_from([".json", ".jsonld"]), with_article=st.booleans())
def test_random_json_imports_or_is_refused_in_one_line(
    document: Any, suffix: str, with_article: bool
) -> None:
    import_checked(serialised(document), suffix, ARTICLE if with_article else None)


@FUZZ
@given(content=st.binary(max_size=300), suffix=st.sampled_from([".json", ".ann", ".txt"]))
def test_random_bytes_import_or_are_refused_in_one_line(content: bytes, suffix: str) -> None:
    import_checked(content, suffix, ARTICLE)
