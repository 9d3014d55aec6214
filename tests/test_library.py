"""The library: every article read, search across all, moved files, other article forms."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.screen import screen_text
from textual.widgets import DataTable

from tui_reader.document import Article
from tui_reader.library import library, locate, search
from tui_reader.model import Claim, ClaimStatus, Kind, make_annotation
from tui_reader.nlp.backends import get_recognizer
from tui_reader.nlp.pipeline import article_entities, cached_entities
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.library_screen import LibraryScreen
from tui_reader.ui.reader_screen import ReaderScreen

DATA = Path(__file__).parent / "data"
SAMPLES = Path(__file__).parent.parent / "sample_data"


def build_library(tmp_path: Path, db_path: Path) -> dict[str, Path]:
    """Two articles read and annotated, copied to tmp_path so they can go missing."""
    paths = {}
    for name in ("harbour_vote.txt", "latin1.txt"):
        paths[name] = tmp_path / name
        shutil.copy(DATA / name, paths[name])
    store = Store(db_path)
    harbour = ReadingSession(Article.load(paths["harbour_vote.txt"]), store)
    text, digest = harbour.article.text, harbour.article.content_hash
    start = text.index("62 percent")
    harbour.add(make_annotation(text, digest, Kind.NOTE, start, start + 10, body="survey size?"))
    harbour.add(make_annotation(text, digest, Kind.TAG, 0, 7, tags=("ferries",)))
    harbour.add(
        make_annotation(
            text,
            digest,
            Kind.CLAIM,
            start,
            start + 30,
            claim=Claim(source="Elsmere Residents' Association", status=ClaimStatus.DISPUTED),
        )
    )
    harbour.save_position(len(text) // 2)
    other = ReadingSession(Article.load(paths["latin1.txt"]), store)
    for session in (harbour, other):  # the reader caches what it recognised
        article_entities(session.article, get_recognizer("rules"))
    return paths


def test_library_counts_progress_and_missing(tmp_path: Path, db_path: Path) -> None:
    paths = build_library(tmp_path, db_path)
    entries = {entry.record.title: entry for entry in library(Store(db_path))}
    harbour = entries["Harbour council backs ferry plan after heated debate"]
    assert (harbour.notes, harbour.tags, harbour.claims) == (1, 1, 1)
    assert 0.45 < harbour.progress < 0.55
    assert harbour.record.status == "reading"
    assert not harbour.missing
    paths["latin1.txt"].unlink()
    assert next(
        e for e in library(Store(db_path)) if e.record.title != harbour.record.title
    ).missing


def test_search_notes_tags_claims_and_entities_across_articles(
    tmp_path: Path, db_path: Path
) -> None:
    build_library(tmp_path, db_path)
    store = Store(db_path)
    recognizer = get_recognizer("rules")

    def entities_of(article: Article):
        return cached_entities(article, recognizer) or []

    kinds = {hit.kind for hit in search(store, "survey", entities_of)}
    assert {"note", "text"} <= kinds
    assert [hit.kind for hit in search(store, "ferries", entities_of)] == ["tags"]
    assert any(hit.kind == "claim" for hit in search(store, "disputed", entities_of))
    hits = search(store, "Achterberg", entities_of)
    assert [hit.kind for hit in hits] == ["entity PERSON"]
    text = Article.load(tmp_path / "harbour_vote.txt").text
    assert text[hits[0].start :].startswith("Achterberg") or text[hits[0].start :].startswith(
        "Daniel Achterberg"
    )
    assert [hit.kind for hit in search(store, "Montréal", entities_of)] == ["entity GPE"]


def test_a_moved_file_is_found_by_its_content(tmp_path: Path, db_path: Path) -> None:
    paths = build_library(tmp_path, db_path)
    elsewhere = tmp_path / "archive" / "2026"
    elsewhere.mkdir(parents=True)
    moved = elsewhere / "renamed.txt"
    paths["harbour_vote.txt"].rename(moved)
    (elsewhere / "other.txt").write_text("Some other article.\n")
    store = Store(db_path)
    record = next(e.record for e in library(store) if e.missing and "Harbour" in e.record.title)
    found = locate(store, record, tmp_path / "archive")
    assert found is not None and found.path == str(moved.resolve())
    assert not next(e for e in library(Store(db_path)) if "Harbour" in e.record.title).missing


async def test_library_screen_opens_status_search_and_back(tmp_path: Path, db_path: Path) -> None:
    build_library(tmp_path, db_path)
    store = Store(db_path)
    app = ReaderApp(store)
    async with app.run_test(size=(120, 30)) as pilot:
        assert isinstance(app.screen, LibraryScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        harbour_row = next(row for row in range(2) if "Harbour" in str(table.get_row_at(row)[0]))
        table.move_cursor(row=harbour_row)
        await pilot.press("s")
        assert "done" in [str(cell) for cell in table.get_row_at(harbour_row)]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.session.article.title.startswith("Harbour council")
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("slash", *"survey", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.showing_hits
        note_row = next(i for i, hit in enumerate(app.screen.hits) if hit.kind == "note")
        table.move_cursor(row=note_row)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        text = app.session.article.text
        assert app.screen.view.cursor == text.index("62 percent")
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("escape")
        assert not app.screen.showing_hits
        await pilot.press("q")
    assert not app.is_running


async def test_library_columns_show_whole_titles_and_search_results(
    tmp_path: Path, db_path: Path
) -> None:
    """Each column as wide as its widest cell, however fast the first search comes."""
    build_library(tmp_path, db_path)
    app = ReaderApp(Store(db_path))
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        assert "Harbour council backs ferry plan after heated debate" in screen_text(app)
        await pilot.press("slash", *"survey", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "survey size?" in screen_text(app)


def run_cli(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui_reader", *map(str, args)],
        capture_output=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "200"},
    )


def test_list_and_search_commands(tmp_path: Path, db_path: Path) -> None:
    build_library(tmp_path, db_path)
    listed = run_cli("list", "--format", "json", "--db", db_path)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert {row["title"] for row in rows} >= {
        "Harbour council backs ferry plan after heated debate"
    }
    assert {"notes", "tags", "claims", "progress", "status", "missing", "path"} <= set(rows[0])
    table = run_cli("list", "--db", db_path)
    assert table.returncode == 0 and b"Harbour council" in table.stdout
    found = run_cli("search", "Achterberg", "--format", "json", "--ner", "rules", "--db", db_path)
    assert found.returncode == 0, found.stderr
    assert [hit["kind"] for hit in json.loads(found.stdout)] == ["entity PERSON"]
    nothing = run_cli("list", "--db", tmp_path / "none.json")
    assert nothing.returncode == 2 and b"no database yet" in nothing.stderr


def test_markdown_and_html_articles(tmp_path: Path) -> None:
    markdown = tmp_path / "notes.md"
    markdown.write_text("# Ferry vote passes\n\nThe council voted on *Thursday*.\n")
    article = Article.load(markdown)
    assert article.title == "Ferry vote passes"
    assert article.text.startswith("# Ferry vote passes")  # shown as text, heading kept
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Ferry vote passes</title><style>p{}</style></head><body>"
        "<nav>Home | News | Sport</nav><article><h1>Ferry vote passes</h1>"
        "<p>The Portwell council voted <b>7 to 2</b> on Thursday to fund the ferry.</p>"
        "<p>Leader Daniel Achterberg said<br>it was a historic day for the island.</p>"
        "</article><footer>Copyright Coastline News</footer></body></html>"
    )
    article = Article.load(page)
    assert article.title == "Ferry vote passes"
    assert "The Portwell council voted 7 to 2 on Thursday to fund the ferry." in article.text
    assert "said it was a historic day" in article.text
    assert "<" not in article.text and "p{}" not in article.text


def test_search_finds_a_note_kept_unsaved(tmp_path: Path, db_path: Path, monkeypatch) -> None:
    """Search goes through the store: a note whose write failed (a full disk) is found."""
    import errno

    from tui_reader.store import NotSaved, storage

    build_library(tmp_path, db_path)
    store = Store(db_path)
    session = ReadingSession(Article.load(tmp_path / "harbour_vote.txt"), store)
    text, digest = session.article.text, session.article.content_hash

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "atomic_write", disk_full)
    note = make_annotation(text, digest, Kind.NOTE, 0, 7, body="ask the ferry operator")
    with pytest.raises(NotSaved):  # kept in memory, written by a later retry
        session.add(note)
    assert store.pending_count == 1
    hits = search(store, "ferry operator")
    assert [(hit.kind, hit.annotation_id) for hit in hits] == [("note", note.id)]
