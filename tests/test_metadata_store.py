"""Metadata the user sets: stored with the article's record, undoable, migrated, kept safe
from stale writes of another instance (real TinyDB files in tmp_path)."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from tui_reader.document import Article
from tui_reader.export.importers import import_file
from tui_reader.metadata import MetadataError, MetadataFields, Origin
from tui_reader.session import ReadingSession
from tui_reader.store import DamagedDatabase, Store, migrations

TEXT = "Tram line vote\n\nBy Priya Raman\n\nLEEDS (Wire) - The council voted on Tuesday.\n"


@pytest.fixture
def article(tmp_path: Path) -> Article:
    path = tmp_path / "tram_vote.txt"
    path.write_text(TEXT, encoding="utf-8")
    return Article.load(path)


def stored_metadata(database: Path, content_hash: str) -> dict:
    return orjson.loads(database.read_bytes())["articles"][content_hash]["metadata"]


def test_set_clear_undo_redo_and_kept_in_the_file(tmp_path: Path, article: Article):
    database = tmp_path / "db.json"
    session = ReadingSession(article, Store(database))

    session.set_metadata("date", "5 March 2024")
    session.set_metadata("outlet", "Leeds Echo")
    session.set_metadata("author", ["Priya Raman", "Tomas Berg"])

    assert stored_metadata(database, article.content_hash) == {
        "outlet": "Leeds Echo",
        "authors": ["Priya Raman", "Tomas Berg"],
        "published": "2024-03-05",
    }
    metadata = session.metadata()
    assert (metadata.published, metadata.origins["published"]) == ("2024-03-05", Origin.SET)
    assert metadata.authors == ("Priya Raman", "Tomas Berg")

    step = session.undo()
    assert step is not None and step.description == "set the article's authors"
    assert session.metadata().authors == ("Priya Raman",)  # from the byline again
    assert session.metadata().origins["authors"] is Origin.HEADER
    session.redo()
    session.clear_metadata("outlet")
    assert session.metadata().outlet == "Wire"  # the dateline's agency shows again
    session.undo()
    assert session.metadata().outlet == "Leeds Echo"

    reopened = ReadingSession(article, Store(database))
    assert reopened.record.metadata == MetadataFields(
        outlet="Leeds Echo", authors=("Priya Raman", "Tomas Berg"), published="2024-03-05"
    )


def test_a_value_the_field_cannot_hold_changes_nothing(tmp_path: Path, article: Article):
    database = tmp_path / "db.json"
    session = ReadingSession(article, Store(database))
    before = database.read_bytes()
    with pytest.raises(MetadataError, match="not a web address"):
        session.set_metadata("url", "javascript:alert(1)")
    with pytest.raises(MetadataError, match="unknown metadata field"):
        session.set_metadata("colour", "red")
    assert database.read_bytes() == before
    assert session.undo() is None


def test_another_instance_saving_its_reading_position_keeps_the_metadata(
    tmp_path: Path, article: Article
):
    database = tmp_path / "db.json"
    reader = ReadingSession(article, Store(database))
    editor = ReadingSession(article, Store(database))

    editor.set_metadata("url", "https://news.example.org/trams")
    reader.save_position(40)  # its record was read before the metadata was set

    record = Store(database).article(article.content_hash)
    assert record is not None
    assert (record.position, record.metadata.url) == (40, "https://news.example.org/trams")


def test_a_schema_1_file_is_upgraded_with_empty_metadata(tmp_path: Path):
    database = tmp_path / "db.json"
    record = {"content_hash": "a" * 64, "title": "Old", "path": "", "length": 3}
    database.write_bytes(
        orjson.dumps({"_meta": {"schema": 1, "generation": 1}, "articles": {"a" * 64: record}})
    )
    old_file = database.read_bytes()

    store = Store(database)
    read = store.article("a" * 64)
    assert read is not None and (read.title, read.metadata) == ("Old", MetadataFields())
    store.set_article_metadata("a" * 64, "title", "Old story")

    upgraded = orjson.loads(database.read_bytes())
    assert upgraded["_meta"]["schema"] == migrations.SCHEMA_VERSION
    assert upgraded["articles"]["a" * 64]["metadata"] == {"title": "Old story"}
    assert database.with_name("db.json.schema1").read_bytes() == old_file


def test_a_damaged_metadata_record_is_reported_not_misread(tmp_path: Path):
    database = tmp_path / "db.json"
    record = {"content_hash": "b" * 64, "title": "T", "metadata": {"authors": "one string"}}
    database.write_bytes(
        orjson.dumps({"_meta": {"schema": 2, "generation": 1}, "articles": {"b" * 64: record}})
    )
    with pytest.raises(DamagedDatabase, match=r"article 'b{64}' is not valid"):
        Store(database)


HYPOTHESIS_ROW = {
    "id": "hyp-1",
    "created": "2024-03-05T10:00:00.000000+00:00",
    "updated": "2024-03-05T10:00:00.000000+00:00",
    "uri": "https://news.example.org/trams",
    "text": "Check the vote count.",
    "tags": [],
    "target": [
        {
            "source": "https://news.example.org/trams",
            "selector": [{"type": "TextQuoteSelector", "exact": "The council voted"}],
        }
    ],
}


def test_a_hypothesis_import_gives_the_article_its_web_address(tmp_path: Path, article: Article):
    export = tmp_path / "hypothesis.json"
    export.write_bytes(
        orjson.dumps({"export_date": "2024-03-05T11:00:00Z", "annotations": [HYPOTHESIS_ROW]})
    )
    store = Store(tmp_path / "db.json")

    import_file(export, store, article)

    record = store.article(article.content_hash)
    assert record is not None and record.metadata.url == "https://news.example.org/trams"
