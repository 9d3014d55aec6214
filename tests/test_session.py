"""The reading session: changes reach the database file, undo and redo, corrections."""

from __future__ import annotations

import json
from pathlib import Path

from tui_reader.document import Article
from tui_reader.model import Kind, make_annotation
from tui_reader.nlp.entities import Entity
from tui_reader.session import ReadingSession
from tui_reader.store import Store


def open_session(article_path: Path, db_path: Path) -> ReadingSession:
    return ReadingSession(Article.load(article_path), Store(db_path))


def stored_ids(db_path: Path) -> set[str]:
    """Annotation ids as the file on disk has them (read without tui-reader's code)."""
    return set(json.loads(db_path.read_text())["annotations"])


def test_add_edit_delete_undo_redo_reach_the_file(article_path: Path, db_path: Path) -> None:
    session = open_session(article_path, db_path)
    text = session.article.text
    start = text.index("Daniel Achterberg")
    note = make_annotation(
        text, session.article.content_hash, Kind.NOTE, start, start + 17, body="Check his title"
    )
    session.add(note)
    assert stored_ids(db_path) == {note.id}
    edited = note.touched(body="Council leader since 2021?")
    session.update(note, edited)
    assert Store(db_path).annotation(note.id).body == "Council leader since 2021?"
    session.delete(edited)
    assert stored_ids(db_path) == set()
    assert session.undo().description == "delete note"
    assert Store(db_path).annotation(note.id).body == "Council leader since 2021?"
    session.undo()
    assert Store(db_path).annotation(note.id).body == "Check his title"
    session.undo()
    assert stored_ids(db_path) == set()
    assert session.undo() is None
    session.redo()
    session.redo()
    assert Store(db_path).annotation(note.id).body == "Council leader since 2021?"
    # A new change clears what could be redone.
    session.add(make_annotation(text, session.article.content_hash, Kind.TAG, 0, 7, tags=("x",)))
    assert session.redo() is None


def test_a_restart_finds_annotations_by_content_not_path(
    article_path: Path, db_path: Path, tmp_path: Path
) -> None:
    session = open_session(article_path, db_path)
    note = make_annotation(
        session.article.text, session.article.content_hash, Kind.NOTE, 0, 7, body="headline"
    )
    session.add(note)
    session.save_position(120)
    moved = tmp_path / "renamed.txt"
    moved.write_bytes(article_path.read_bytes())
    again = open_session(moved, db_path)
    assert [a.id for a in again.annotations] == [note.id]
    assert again.record.position == 120
    assert again.record.status == "reading"
    assert again.record.path == str(moved.resolve())


def test_entity_corrections_override_recognised_entities(article_path: Path, db_path: Path) -> None:
    session = open_session(article_path, db_path)
    text, digest = session.article.text, session.article.content_hash
    port = text.index("PORTWELL")
    recognised = [Entity(port, port + 8, "ORG"), Entity(port + 10, port + 25, "ORG")]
    retype = make_annotation(text, digest, Kind.ENTITY, port, port + 8, label="GPE")
    remove = make_annotation(text, digest, Kind.ENTITY, port + 10, port + 25, label="")
    session.add_many([retype, remove], "corrections")
    assert session.effective_entities(recognised) == [Entity(port, port + 8, "GPE")]
    session.undo()
    assert session.effective_entities(recognised) == recognised


def test_known_tags_come_from_every_article_most_used_first(
    article_path: Path, db_path: Path, tmp_path: Path
) -> None:
    session = open_session(article_path, db_path)
    text, digest = session.article.text, session.article.content_hash
    session.add(make_annotation(text, digest, Kind.TAG, 0, 7, tags=("ferry", "council")))
    other = tmp_path / "other.txt"
    other.write_text("Another article about ferries.\n")
    second = open_session(other, db_path)
    second.add(
        make_annotation(
            second.article.text, second.article.content_hash, Kind.TAG, 0, 7, tags=("ferry",)
        )
    )
    assert second.known_tags() == ["ferry", "council"]


def test_annotations_at_agrees_with_reading_them_all(tmp_path: Path) -> None:
    """The bisected index gives what a scan of every annotation gives, after changes too."""
    text = "One sentence here. Another one there. A third, longer sentence follows them."
    article = Article(text, "index.txt")
    session = ReadingSession(article, Store(tmp_path / "db.json"))
    spans = [(0, 18), (4, 12), (19, 37), (19, 19), (30, 76), (38, 76), (50, 51)]
    for start, end in spans:
        session.add(make_annotation(text, article.content_hash, Kind.NOTE, start, end, body="n"))

    def scanned(offset: int) -> set[str]:
        return {a.id for a in session.annotations if a.start <= offset < max(a.end, a.start + 1)}

    for offset in range(len(text) + 1):
        assert {a.id for a in session.annotations_at(offset)} == scanned(offset)
    session.delete(session.annotations_at(35)[0])
    for offset in range(len(text) + 1):
        assert {a.id for a in session.annotations_at(offset)} == scanned(offset)
