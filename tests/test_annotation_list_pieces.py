"""A long Notes list is built in pieces: the first rows with the first screen, the rest
after it, every row there in the end, and a row asked for by id there at once."""

from __future__ import annotations

import re
from pathlib import Path

from tui_reader.document import Article
from tui_reader.model import Kind, make_annotation
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.annotation_list import FIRST_ROWS, AnnotationList
from tui_reader.ui.app import ReaderApp

SIZE = (120, 40)
NOTES = FIRST_ROWS * 3 + 7


def _app_with_notes(article_path: Path, db_path: Path) -> tuple[ReaderApp, list[str]]:
    """A reader on the article with `NOTES` notes, one per word (round the article again
    when there are more notes than words)."""
    article = Article.load(article_path)
    words = [(m.start(), m.end()) for m in re.finditer(r"\w+", article.text)]
    store = Store(db_path)
    notes = [
        make_annotation(
            article.text,
            article.content_hash,
            Kind.NOTE,
            *words[index % len(words)],
            body=f"note {index}",
        )
        for index in range(NOTES)
    ]
    store.put_annotations(notes)
    session = ReadingSession(article, store)
    ids = [a.id for a in session.annotations]
    return ReaderApp(store, session=session), ids


async def test_the_first_rows_come_first_and_every_row_follows(
    article_path: Path, db_path: Path
) -> None:
    app, ids = _app_with_notes(article_path, db_path)
    async with app.run_test(size=SIZE) as pilot:
        notes = app.screen.query_one("#notes-list", AnnotationList)
        assert FIRST_ROWS <= notes.option_count < NOTES
        listed = [notes.get_option_at_index(i).id for i in range(notes.option_count)]
        assert listed == ids[: notes.option_count]  # in order, from the first
        for _ in range(50):
            await pilot.pause(0.02)
            if notes.option_count == NOTES:
                break
        assert [notes.get_option_at_index(i).id for i in range(NOTES)] == ids


async def test_a_row_not_built_yet_is_highlighted_at_once(
    article_path: Path, db_path: Path
) -> None:
    app, ids = _app_with_notes(article_path, db_path)
    async with app.run_test(size=SIZE):
        notes = app.screen.query_one("#notes-list", AnnotationList)
        assert notes.option_count < NOTES
        assert notes.highlight_id(ids[-1])
        assert notes.highlighted_id == ids[-1]
        assert notes.option_count == NOTES
        assert [notes.get_option_at_index(i).id for i in range(NOTES)] == ids
