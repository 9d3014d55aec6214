"""Entity corrections from the text and the Entities tab: everywhere, always, undo, hiding."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import OptionList, TabbedContent

from tui_reader import steps
from tui_reader.document import Article
from tui_reader.nlp.backends import get_recognizer
from tui_reader.nlp.gazetteer import load_personal_gazetteer
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.article_view import ArticleView
from tui_reader.ui.dialogs import EntityDialog
from tui_reader.ui.side_panel import EntityList

SIZE = (120, 40)


def make_app(path: Path, db_path: Path) -> ReaderApp:
    store = Store(db_path)
    return ReaderApp(store, session=ReadingSession(Article.load(path), store), backend="rules")


def corrections(db_path: Path) -> list[tuple[str, str]]:
    stored = json.loads(db_path.read_text())["annotations"].values()
    return sorted((a["quote"]["exact"], a["label"]) for a in stored if a["kind"] == "entity")


def article_with_repeats(tmp_path: Path) -> Path:
    path = tmp_path / "repeats.txt"
    path.write_text(
        "Velmora Dynamics said on Monday it would hire 200 workers.\n"
        "Analysts said Velmora Dynamics had grown fast.\n"
        "A spokesperson for Velmora Dynamics declined to comment.\n"
    )
    return path


async def test_mark_every_occurrence_then_undo(tmp_path: Path, db_path: Path) -> None:
    app = make_app(article_with_repeats(tmp_path), db_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        view = app.screen.query_one(ArticleView)
        view.select(0, len("Velmora Dynamics"))
        await pilot.press("e")
        assert isinstance(app.screen, EntityDialog)
        await pilot.press("down", "down", "down")  # PERSON, NORP, FAC, ORG
        await pilot.press("tab", "space", "shift+tab", "enter")  # every occurrence
        await pilot.pause()
        assert corrections(db_path) == [("Velmora Dynamics", "ORG")] * 3
        shown = [e for e in app.screen.entities if e.label == "ORG"]
        assert len(shown) == 3
        await pilot.press("u")
        assert corrections(db_path) == []


async def test_entities_tab_remove_retype_and_hide(tmp_path: Path, db_path: Path) -> None:
    app = make_app(article_with_repeats(tmp_path), db_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("2")
        entities = app.screen.query_one(EntityList)
        assert entities.has_focus
        ids = [entities.get_option_at_index(i).id for i in range(entities.option_count)]
        monday = ids.index("entity:DATE:Monday")
        entities.highlighted = monday
        await pilot.press("d")
        await pilot.pause()
        assert corrections(db_path) == [("Monday", "")]
        assert not any(e.label == "DATE" for e in app.screen.entities)
        ids = [entities.get_option_at_index(i).id for i in range(entities.option_count)]
        workers = next(i for i, option in enumerate(ids) if option.startswith("entity:CARDINAL"))
        entities.highlighted = workers
        await pilot.press("space")
        assert "number" in app.screen.view.hidden_groups
        await pilot.press("space")
        assert "number" not in app.screen.view.hidden_groups
        await pilot.press("e")
        assert isinstance(app.screen, EntityDialog)
        await pilot.press("up", "enter")  # from CARDINAL to ORDINAL
        await pilot.pause()
        assert ("200", "ORDINAL") in corrections(db_path)


async def test_always_goes_to_the_personal_gazetteer_and_other_articles(
    tmp_path: Path, db_path: Path
) -> None:
    app = make_app(article_with_repeats(tmp_path), db_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        view = app.screen.query_one(ArticleView)
        view.select(0, len("Velmora Dynamics"))
        await pilot.press("e", "down", "down", "down")
        await pilot.press("tab", "tab", "space", "shift+tab", "shift+tab", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert load_personal_gazetteer().entities == {"Velmora Dynamics": "ORG"}
    other = tmp_path / "other.txt"
    other.write_text("Shares of Velmora Dynamics fell sharply.\n")
    article = Article.load(other)
    found = [
        (article.text[e.start : e.end], e.label)
        for entities in get_recognizer("rules").recognize([(0, article.text)])
        for e in entities
    ]
    assert ("Velmora Dynamics", "ORG") in found


async def test_e_without_selection_takes_the_entity_under_the_cursor(
    tmp_path: Path, db_path: Path
) -> None:
    """Not the whole sentence as PERSON: the entity the cursor is on, its type preselected."""
    app = make_app(article_with_repeats(tmp_path), db_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = app.screen.article.text
        monday = text.index("Monday")
        assert any(e.start == monday and e.label == "DATE" for e in app.screen.entities)
        view = app.screen.query_one(ArticleView)
        view.move_cursor(monday + 2)
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, EntityDialog)
        assert dialog.passage == "Monday"
        types = dialog.query_one(OptionList)
        assert types.highlighted is not None
        assert types.get_option_at_index(types.highlighted).id == "DATE"
        await pilot.press("escape")


async def test_e_without_selection_off_any_entity_takes_the_word(
    tmp_path: Path, db_path: Path
) -> None:
    app = make_app(article_with_repeats(tmp_path), db_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = app.screen.article.text
        analysts = text.index("Analysts")
        view = app.screen.query_one(ArticleView)
        view.move_cursor(analysts + len("Analysts"))  # just after the word
        await pilot.press("e")
        assert isinstance(app.screen, EntityDialog)
        assert app.screen.passage == "Analysts"
        await pilot.press("enter")  # the first type (PERSON), as the user picks it
        await pilot.pause()
        assert corrections(db_path) == [("Analysts", "PERSON")]


async def test_entities_tab_enter_keeps_cycling_through_an_annotated_occurrence(
    tmp_path: Path, db_path: Path
) -> None:
    """A jump that lands inside a note leaves the Entities tab shown and focused."""
    path = tmp_path / "mondays.txt"
    path.write_text(
        "The council met on Monday to vote.\n"
        "Nobody came to the second meeting.\n"
        "It will meet again next Monday, the clerk said.\n"
    )
    store = Store(db_path)
    session = ReadingSession(Article.load(path), store)
    text = session.article.text
    third = text.index("It will")
    note = steps.new_note(session.article, (third, len(text) - 1), "check the date")
    assert note is not None
    session.apply(note)
    app = ReaderApp(store, session=session, backend="rules")
    first, second = text.index("Monday"), text.rindex("Monday")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("2")
        entities = app.screen.query_one(EntityList)
        ids = [entities.get_option_at_index(i).id for i in range(entities.option_count)]
        entities.highlighted = ids.index("entity:DATE:Monday")
        landed = []
        for _ in range(3):
            await pilot.press("enter")
            await pilot.pause()
            landed.append(app.screen.view.cursor)
            assert app.screen.query_one(TabbedContent).active == "entities-tab"
            assert entities.has_focus
        assert landed == [first, second, first]


async def test_not_an_entity_is_no_note_and_no_stop_but_listed_in_the_entities_tab(
    tmp_path: Path, db_path: Path
) -> None:
    path = tmp_path / "mondays.txt"
    path.write_text(
        "The council met on Monday.\nThe mayor spoke on Monday.\n"
        "Nobody objected.\nThe vote was on Monday.\nThe papers came out on Monday.\n"
    )
    store = Store(db_path)
    session = ReadingSession(Article.load(path), store)
    text = session.article.text
    nobody = text.index("Nobody")
    note = steps.new_note(session.article, (nobody, nobody + len("Nobody")), "who was asked?")
    assert note is not None
    session.apply(note)
    app = ReaderApp(store, session=session, backend="rules")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("2")
        entities = app.screen.query_one(EntityList)
        ids = [entities.get_option_at_index(i).id for i in range(entities.option_count)]
        entities.highlighted = ids.index("entity:DATE:Monday")
        await pilot.press("d")
        await pilot.pause()
        assert corrections(db_path) == [("Monday", "")] * 4
        notes = app.screen.query_one("#notes-list", OptionList)
        listed = [notes.get_option_at_index(i).id for i in range(notes.option_count)]
        noted = note.changes[0].after
        assert noted is not None
        assert [i for i in listed if i] == [noted.id]  # the note alone, no correction
        tabs = app.screen.query_one(TabbedContent)
        assert str(tabs.get_tab("notes-tab").label) == "Notes 1"
        ids = [entities.get_option_at_index(i).id for i in range(entities.option_count)]
        assert "entity::Monday" in ids  # the correction, shown where entities are
        entities.highlighted = ids.index("entity::Monday")
        await pilot.press("enter")
        assert app.screen.view.cursor == text.index("Monday")
        app.screen.view.move_cursor(0)
        app.screen.view.focus()
        stops = []
        for _ in range(3):
            await pilot.press("]")
            stops.append(app.screen.view.cursor)
        assert stops == [nobody, nobody, nobody]  # the note, never a corrected Monday
        entities.focus()
        ids = [entities.get_option_at_index(i).id for i in range(entities.option_count)]
        entities.highlighted = ids.index("entity::Monday")
        await pilot.press("e")
        assert isinstance(app.screen, EntityDialog)
        await pilot.press("enter")  # a type again (the first, PERSON), all four places
        await pilot.pause()
        assert corrections(db_path) == [("Monday", "PERSON")] * 4
