"""The reader applying the entity worker's updates: a slower recogniser's parts replace
what the rules found there, with the user's corrections kept, as a full update would."""

from __future__ import annotations

from pathlib import Path

from tui_reader.document import Article
from tui_reader.model import Kind
from tui_reader.nlp.entities import Entity, apply_corrections
from tui_reader.nlp.pipeline import EntityUpdate
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.article_view import ArticleView
from tui_reader.ui.messages import EntitiesFound
from tui_reader.ui.reader_screen import ReaderScreen

SIZE = (120, 40)


def entity(text: str, phrase: str, label: str) -> Entity:
    start = text.index(phrase)
    return Entity(start, start + len(phrase), label)


def style_of(view: ArticleView, offset: int) -> object:
    """The style the view renders the character at `offset` in (its row is on screen)."""
    layout = view.wrapped
    row = layout.row_of(offset)
    column = offset - layout.row_start(row)
    for segment in view.render_line(row - int(view.scroll_y)):
        if column < len(segment.text):
            return segment.style
        column -= len(segment.text)
    raise AssertionError("offset not on its row")


async def test_a_part_read_again_replaces_that_part_only_and_keeps_corrections(
    article_path: Path, db_path: Path
) -> None:
    article = Article.load(article_path)
    text = article.text
    session = ReadingSession(article, Store(db_path))
    # The reader said "Nordvik Marine" is no entity, and "Elsmere" is a place.
    nordvik = entity(text, "Nordvik Marine", "ORG")
    session.mark_entities([(nordvik.start, nordvik.end)], "", "not an entity")
    elsmere = entity(text, "Elsmere", "GPE")
    session.mark_entities([(elsmere.start, elsmere.end)], "GPE", "a place")
    app = ReaderApp(session.store, session=session)
    rules = sorted(
        [
            entity(text, "Portwell", "GPE"),
            entity(text, "Daniel Achterberg", "ORG"),
            entity(text, "118,000", "CARDINAL"),
            nordvik,
        ]
    )
    second = article.paragraphs[article.paragraph_index(text.index("Council leader"))]
    last = article.paragraphs[article.paragraph_index(nordvik.start)]
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.query_one(ArticleView)
        screen.post_message(EntitiesFound(EntityUpdate(rules, None, "rules", 1.0, False)))
        await pilot.pause()
        achterberg = text.index("Daniel Achterberg")
        assert style_of(view, achterberg) == view.base_style + view.mark_style("org")
        spacy_part = [entity(text, "Daniel Achterberg", "PERSON")]
        screen.post_message(EntitiesFound(EntityUpdate(spacy_part, second, "spacy", 0.3, False)))
        spacy_end = [Entity(nordvik.start, nordvik.end, "ORG")]
        screen.post_message(EntitiesFound(EntityUpdate(spacy_end, last, "spacy", 0.6, False)))
        await pilot.pause()
        read_again = [*spacy_part, *spacy_end]
        kept = [e for e in rules if not any(s <= e.start < end for s, end in (second, last))]
        recognized = sorted(kept + read_again)
        assert screen.shown.recognized == recognized
        corrections = [a for a in session.annotations if a.kind is Kind.ENTITY]
        assert screen.entities == apply_corrections(recognized, corrections)
        assert entity(text, "Daniel Achterberg", "PERSON") in screen.entities
        assert Entity(nordvik.start, nordvik.end, "ORG") not in screen.entities  # still not one
        assert elsmere in screen.entities
        # The row rendered before is rendered again, with the new colour.
        assert style_of(view, achterberg) == view.base_style + view.mark_style("person")
        # What the view marks is what the screen holds.
        shown = [(s, e, label) for s, e, label in view.marks.entities.spans]
        assert shown == [(e.start, e.end, e.label) for e in screen.entities]
