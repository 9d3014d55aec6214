"""The reader driven by its real keys (Pilot), with a real database file in tmp_path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tui_reader.document import Article
from tui_reader.model import Kind
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.annotation_list import AnnotationList
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.article_view import ArticleView
from tui_reader.ui.claim_editor import ClaimDialog
from tui_reader.ui.dialogs import DiscardDialog, EntityDialog, NoteDialog, TagDialog
from tui_reader.ui.help_screen import HelpScreen, key_sections
from tui_reader.ui.reader_screen import ReaderScreen

SIZE = (120, 40)


def make_app(article_path: Path, db_path: Path, keymap: dict[str, str] | None = None) -> ReaderApp:
    session = ReadingSession(Article.load(article_path), Store(db_path))
    return ReaderApp(session.store, session=session, keymap=keymap)


def stored(db_path: Path) -> list[dict]:
    """The annotations as the database file holds them, read as plain JSON."""
    return list(json.loads(db_path.read_text()).get("annotations", {}).values())


def view_of(app: ReaderApp) -> ArticleView:
    return app.screen.query_one(ArticleView)


async def test_motions(article_path: Path, db_path: Path) -> None:
    app = make_app(article_path, db_path)
    article = app.session.article
    text = article.text
    async with app.run_test(size=SIZE) as pilot:
        view = view_of(app)
        assert view.cursor == 0
        await pilot.press("l", "right")
        assert view.cursor == 2
        await pilot.press("h")
        assert view.cursor == 1
        await pilot.press("w")
        assert text[view.cursor :].startswith("council backs")
        await pilot.press("b")
        assert view.cursor == 0
        await pilot.press("j")
        assert view.wrapped.row_of(view.cursor) > 0
        await pilot.press("k", "down", "up")
        assert view.wrapped.row_of(view.cursor) == 0
        await pilot.press("}")
        assert view.cursor == article.paragraphs[1][0]
        await pilot.press("{")
        assert view.cursor == article.paragraphs[0][0]
        dateline = text.index("PORTWELL")
        view.move_cursor(dateline)
        await pilot.press(")")
        assert text[view.cursor :].startswith("Council leader")
        await pilot.press("(")
        assert view.cursor == dateline
        await pilot.press("G")
        assert view.cursor == len(text)
        await pilot.press("g")
        assert view.cursor == 0


async def test_page_motions(article_path: Path, db_path: Path, tmp_path: Path) -> None:
    long_article = tmp_path / "long.txt"
    long_article.write_text(article_path.read_text() * 6)
    app = make_app(long_article, db_path)
    async with app.run_test(size=SIZE) as pilot:
        view = view_of(app)
        height = view.scrollable_content_region.height
        await pilot.press("pagedown")
        assert height - 2 <= view.wrapped.row_of(view.cursor) <= height
        assert view.scroll_y > 0
        await pilot.press("pageup")
        assert view.cursor == 0
        await pilot.press("ctrl+d")
        assert view.wrapped.row_of(view.cursor) in (height // 2, height // 2 + 1)
        await pilot.press("ctrl+u")
        assert view.cursor == 0


async def test_visual_selection_shift_extend_sentence_and_escape(
    article_path: Path, db_path: Path
) -> None:
    app = make_app(article_path, db_path)
    text = app.session.article.text
    async with app.run_test(size=SIZE) as pilot:
        view = view_of(app)
        await pilot.press("v", "w", "w")
        assert view.visual
        assert text[slice(*view.selection)] == "Harbour council "
        await pilot.press("v")
        assert not view.visual
        assert text[slice(*view.selection)] == "Harbour council "
        await pilot.press("escape")
        assert view.selection is None
        await pilot.press("shift+right", "shift+right", "shift+right")
        assert view.selection == (16, 19)
        await pilot.press("l")
        assert view.selection is None
        view.move_cursor(text.index("Opponents") + 3)
        await pilot.press("s")
        assert text[slice(*view.selection)] == "Opponents were not convinced."


async def test_note_saved_by_keys_undone_redone_and_back_after_restart(
    article_path: Path, db_path: Path
) -> None:
    app = make_app(article_path, db_path)
    text = app.session.article.text
    async with app.run_test(size=SIZE) as pilot:
        view_of(app).move_cursor(text.index("Opponents"))
        await pilot.press("a")
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"Who are they?", "enter", *"Check the survey.", "ctrl+s")
        await pilot.pause()
        [note] = stored(db_path)
        assert note["kind"] == "note"
        assert note["body"] == "Who are they?\nCheck the survey."
        assert note["quote"]["exact"] == "Opponents were not convinced."
        assert note["position"]["start"] == text.index("Opponents")
        await pilot.press("u")
        assert stored(db_path) == []
        await pilot.press("ctrl+r")
        assert [a["id"] for a in stored(db_path)] == [note["id"]]
        await pilot.press("q")
    assert not app.is_running

    again = make_app(article_path, db_path)
    async with again.run_test(size=SIZE) as pilot:
        notes = again.screen.query_one("#notes-list", AnnotationList)
        assert notes.option_count == 1
        assert view_of(again).cursor == text.index("Opponents")  # reopened where it stopped


async def test_note_dialog_save_button_and_escape(article_path: Path, db_path: Path) -> None:
    app = make_app(article_path, db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"discarded", "escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscardDialog)  # typed text: asked first
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert stored(db_path) == []
        await pilot.press("a", *"kept")
        await pilot.click("#save")
        await pilot.pause()
        assert [a["body"] for a in stored(db_path)] == ["kept"]


async def test_tags_with_suggestion_from_earlier_tags(article_path: Path, db_path: Path) -> None:
    app = make_app(article_path, db_path)
    text = app.session.article.text
    async with app.run_test(size=SIZE) as pilot:
        view = view_of(app)
        view.move_cursor(text.index("Opponents"))
        await pilot.press("t")
        assert isinstance(app.screen, TagDialog)
        await pilot.press(*"transport, Budget ", "enter")
        await pilot.pause()
        assert stored(db_path)[0]["tags"] == ["transport", "Budget"]
        view.move_cursor(text.index("According"))
        await pilot.press("t", *"trans")
        await pilot.pause()
        await pilot.press("right", "enter")  # accept the suggestion
        await pilot.pause()
        tags = sorted(tuple(a["tags"]) for a in stored(db_path))
        assert tags == [("transport",), ("transport", "Budget")]
        # `t` again on the same passage edits its tags instead of adding more.
        await pilot.press("t")
        await pilot.press("ctrl+a", "ctrl+k", *"ridership", "enter")
        await pilot.pause()
        tags = sorted(tuple(a["tags"]) for a in stored(db_path))
        assert tags == [("ridership",), ("transport", "Budget")]


async def test_claim_with_status_and_note(article_path: Path, db_path: Path) -> None:
    app = make_app(article_path, db_path)
    text = app.session.article.text
    async with app.run_test(size=SIZE) as pilot:
        view = view_of(app)
        start = text.index("62 percent")
        view.select(start, start + len("62 percent of islanders preferred"))
        await pilot.press("c")
        assert isinstance(app.screen, ClaimDialog)
        source = app.screen.query_one("#claim-source").value
        assert "Elsmere Residents" in source
        await pilot.press("enter")  # from the source field to the status
        await pilot.press("enter", "down", "down", "down", "enter")  # choose "disputed"
        await pilot.press("tab", *"Survey had 40 replies", "ctrl+s")
        await pilot.pause()
        [claim] = stored(db_path)
        assert claim["kind"] == "claim"
        assert claim["claim"]["status"] == "disputed"
        assert claim["claim"]["source"] == source
        assert claim["body"] == "Survey had 40 replies"
        assert claim["claim"]["log"][-1]["status"] == "disputed"


async def test_entity_correction_marks_and_undoes(article_path: Path, db_path: Path) -> None:
    app = make_app(article_path, db_path)
    text = app.session.article.text
    async with app.run_test(size=SIZE) as pilot:
        view = view_of(app)
        start = text.index("Nordvik Marine")
        view.select(start, start + len("Nordvik Marine"))
        await pilot.press("e")
        assert isinstance(app.screen, EntityDialog)
        await pilot.press("down", "down", "down", "enter")  # PERSON, NORP, FAC, ORG
        await pilot.pause()
        [correction] = stored(db_path)
        assert (correction["kind"], correction["label"]) == ("entity", "ORG")
        screen = app.screen
        assert any(e.label == "ORG" and e.start == start for e in screen.entities)
        await pilot.press("u")
        assert stored(db_path) == []
        assert not any(e.start == start for e in screen.entities)


async def test_next_previous_annotation_and_panel_keys(article_path: Path, db_path: Path) -> None:
    app = make_app(article_path, db_path)
    text = app.session.article.text
    async with app.run_test(size=SIZE) as pilot:
        view = view_of(app)
        for word in ("Council leader", "Opponents"):
            view.move_cursor(text.index(word))
            await pilot.press("a", *word.lower(), "ctrl+s")
        view.move_cursor(0)
        await pilot.press("]")
        assert view.cursor == text.index("Council leader")
        await pilot.press("]")
        assert view.cursor == text.index("Opponents")
        await pilot.press("[")
        assert view.cursor == text.index("Council leader")
        notes = app.screen.query_one("#notes-list", AnnotationList)
        # The panel follows the cursor.
        assert app.session.annotations[0].id == notes.highlighted_id
        await pilot.press("tab")
        assert notes.has_focus
        await pilot.press("down", "enter")
        assert view.has_focus
        assert text[slice(*view.selection)] == "Opponents were not convinced."
        await pilot.press("tab", "e")
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*" (edited)", "ctrl+s")
        await pilot.pause()
        bodies = sorted(a["body"] for a in stored(db_path))
        assert bodies == ["council leader", "opponents (edited)"]
        await pilot.press("d")
        assert [a["body"] for a in stored(db_path)] == ["council leader"]
        await pilot.press("u")
        assert len(stored(db_path)) == 2


async def test_search_highlights_and_n_moves(article_path: Path, db_path: Path) -> None:
    app = make_app(article_path, db_path)
    text = app.session.article.text
    async with app.run_test(size=SIZE) as pilot:
        view = view_of(app)
        await pilot.press("slash", *"ferry", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        lowered = text.lower()
        expected = [i for i in range(len(text)) if lowered.startswith("ferry", i)]
        assert view.search_match_count == len(expected) >= 3
        assert view.cursor == expected[0]
        await pilot.press("n")
        assert view.cursor == expected[1]
        await pilot.press("N", "N")
        assert view.cursor == expected[-1]  # wraps around
        await pilot.press("slash", *"zzz", "escape")
        assert view.has_focus and view.search_match_count == len(expected)
        await pilot.press("slash", "ctrl+a", "ctrl+k", *"Ferry", "enter")  # a capital: exact case
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert view.search_match_count == text.count("Ferry")


async def test_help_lists_every_key_and_palette_has_every_action(
    article_path: Path, db_path: Path
) -> None:
    app = make_app(article_path, db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        documented = {binding.id for _, bindings in key_sections() for binding in bindings}
        every = [
            *ArticleView.BINDINGS,
            *ReaderScreen.BINDINGS,
            *ReaderApp.BINDINGS,
            *AnnotationList.BINDINGS,
        ]
        assert {binding.id for binding in every} <= documented
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for binding in [*ArticleView.BINDINGS, *ReaderScreen.BINDINGS]:
            assert binding.description in titles


async def test_user_keymap_remaps_a_binding(article_path: Path, db_path: Path) -> None:
    app = make_app(article_path, db_path, keymap={"note": "o"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("o")
        assert isinstance(app.screen, NoteDialog)


async def test_mouse_click_places_cursor_and_drag_selects(
    article_path: Path, db_path: Path
) -> None:
    app = make_app(article_path, db_path)
    text = app.session.article.text
    async with app.run_test(size=SIZE) as pilot:
        view = view_of(app)
        await pilot.click(ArticleView, offset=(1 + 8, 0))  # padding 1, then "Harbour "
        assert view.cursor == 8
        await pilot.mouse_down(ArticleView, offset=(1, 0))
        await pilot.hover(ArticleView, offset=(1 + 15, 0))
        await pilot.mouse_up(ArticleView, offset=(1 + 15, 0))
        assert text[slice(*view.selection)] == "Harbour council"


async def test_click_in_panel_jumps(article_path: Path, db_path: Path) -> None:
    app = make_app(article_path, db_path)
    text = app.session.article.text
    async with app.run_test(size=SIZE) as pilot:
        view = view_of(app)
        view.move_cursor(text.index("Shipbuilder"))
        await pilot.press("a", *"last", "ctrl+s")
        view.move_cursor(0)
        await pilot.pause()
        await pilot.click("#notes-list", offset=(3, 0))
        await pilot.pause()
        assert view.cursor == len(text.rstrip())


@pytest.mark.parametrize("kind", ["md", "json"])
async def test_export_from_the_app(
    article_path: Path, db_path: Path, tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "desk" / "harbour_vote.txt"  # the export goes beside the article
    article.parent.mkdir()
    shutil.copy(article_path, article)
    monkeypatch.chdir(tmp_path)  # not where the app was started
    app = make_app(article, db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"exported note", "ctrl+s")
        await pilot.press("x")
        if kind == "json":
            await pilot.press("tab", "shift+tab")
            app.screen.query_one("#export-format").value = "json"
            await pilot.pause()
            app.screen.query_one("#export-path").focus()
        await pilot.press("enter")
        await pilot.pause()
    written = article.parent / f"harbour_vote.{kind}"
    content = written.read_text(encoding="utf-8")
    assert "exported note" in content
    if kind == "json":
        annotations = json.loads(content)["annotations"]
        assert [a["kind"] for a in annotations] == [Kind.NOTE]
