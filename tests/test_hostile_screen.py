"""Hostile text on screen: markup and escape sequences in every place they were reported.

Each test is one reported failure, driven by the real keys (Pilot) or the real
command line, with the hostile text put where an attacker would put it: in the
article, in its file name, in an imported annotation. What the screen holds is
read from the compositor (`helpers.screen`): no raw control character, no live
link or click action, and the hostile text shown literally.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers.screen import leaks, screen_text, shown_soon

from tui_reader.claim_workbench import flag_id
from tui_reader.cli import main
from tui_reader.document import Article
from tui_reader.export import export_article
from tui_reader.export.importers import import_file
from tui_reader.model import Annotation, Claim, Kind, make_annotation
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.article_view import ArticleView
from tui_reader.ui.claim_editor import ClaimDialog
from tui_reader.ui.claims_panel import DisagreementScreen
from tui_reader.ui.dialogs import NoteDialog, TagDialog
from tui_reader.ui.library_screen import LibraryScreen
from tui_reader.ui.messages import Edit

SIZE = (120, 40)
OSC52 = "\x1b]52;c;SGFja2Vk\x1b\\"
"""Writes "Hacked" to the clipboard of a terminal that allows it (tmux with set-clipboard on)."""
CLEAR = "\x1b[2J"
LINK = "[link=file:///etc/passwd]Click me[/link]"
CLICK = "[@click=app.quit]Read more[/]"

ARTICLE = (
    "Harbour council votes on the ferry\n\n"
    "The council met on Monday. The mayor said the [/] ferry would stay. "
    f"Critics said {CLICK} the vote was rushed.\n"
)


def write_article(tmp_path: Path, text: str = ARTICLE, name: str = "story.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def reader(path: Path, db_path: Path) -> ReaderApp:
    store = Store(db_path)
    return ReaderApp(store, session=ReadingSession(Article.load(path), store))


def add_note(path: Path, db_path: Path, quote: str, body: str) -> Annotation:
    article = Article.load(path)
    start = article.text.index(quote)
    note = make_annotation(
        article.text, article.content_hash, Kind.NOTE, start, start + len(quote), body=body
    )
    ReadingSession(article, Store(db_path)).add(note)
    return note


async def test_markup_in_an_article_sentence_shows_literally_in_the_note_dialog(
    tmp_path: Path, db_path: Path
) -> None:
    app = reader(write_article(tmp_path), db_path)
    text = app.session.article.text
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.screen.query_one(ArticleView).move_cursor(text.index("The mayor"))
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert "The mayor said the [/] ferry would stay." in screen_text(app)
        assert leaks(app) == []
        await pilot.press(*"see [/] and [b]", "ctrl+s")
        await pilot.pause()
        assert "note see [/] and [b]" in screen_text(app)
        assert leaks(app) == []
    assert [a.body for a in app.session.annotations] == ["see [/] and [b]"]


async def test_a_click_action_in_an_article_is_not_clickable_in_the_note_dialog(
    tmp_path: Path, db_path: Path
) -> None:
    app = reader(write_article(tmp_path), db_path)
    text = app.session.article.text
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.screen.query_one(ArticleView).move_cursor(text.index("Critics"))
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert CLICK in screen_text(app)
        assert leaks(app) == []
        await pilot.click(".dialog-quote")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, NoteDialog)


def imported_tag(tmp_path: Path, db_path: Path, article_path: Path, tag: str) -> None:
    """A tag arrives the way a colleague's export would bring it: through `import`."""
    article = Article.load(article_path)
    start = article.text.index("council met")
    tagged = make_annotation(
        article.text, article.content_hash, Kind.TAG, start, start + 11, tags=(tag,)
    )
    export = tmp_path / "from-a-colleague.json"
    export.write_text(export_article("json", article, [tagged], []).text, encoding="utf-8")
    import_file(export, Store(db_path), article)


async def test_an_imported_markup_tag_then_t_shows_it_as_a_suggestion(
    tmp_path: Path, db_path: Path
) -> None:
    path = write_article(tmp_path)
    imported_tag(tmp_path, db_path, path, "[/]")
    app = reader(path, db_path)
    text = app.session.article.text
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert "tags [/]" in screen_text(app)
        app.screen.query_one(ArticleView).move_cursor(text.index("The mayor"))
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TagDialog)
        assert "Used before: [/]" in screen_text(app)
        await pilot.press("[", "right", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, TagDialog)
        await pilot.press("t")  # every later `t` too
        await pilot.pause()
        assert isinstance(app.screen, TagDialog)
        assert leaks(app) == []
    assert sorted(tag for a in app.session.annotations for tag in a.tags) == ["[/]", "[/]"]


async def test_a_search_with_markup_and_no_match_says_so_literally(
    tmp_path: Path, db_path: Path
) -> None:
    app = reader(write_article(tmp_path), db_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("slash", *"zz[/]qq", "enter")
        await pilot.pause()
        assert "Not found: zz[/]qq" in screen_text(app)
        assert leaks(app) == []


async def test_a_library_search_hitting_markup_lists_it(tmp_path: Path, db_path: Path) -> None:
    path = write_article(tmp_path)
    add_note(path, db_path, "the [/] ferry", "a [/] note [red]")
    app = ReaderApp(Store(db_path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("slash", *"[/]", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = screen_text(app)
        assert "“[/]”: 2 results" in shown  # the note, and the text of the article
        assert "a [/] note [red]" in shown
        assert "the mayor said the [/] ferry would stay" in shown.lower()
        assert leaks(app) == []


def write_hostile_title_article(tmp_path: Path) -> Path:
    return write_article(
        tmp_path, f"{LINK} {OSC52} {CLEAR} title\n\nThe mayor said the ferry would stay.\n"
    )


def test_link_markup_in_a_title_is_text_in_list_and_entities(
    tmp_path: Path,
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # Rich writes styles and links as to a terminal
    monkeypatch.setenv("COLUMNS", "200")
    path = write_hostile_title_article(tmp_path)
    ReadingSession(Article.load(path), Store(db_path))
    for command in (
        ["list", "--db", str(db_path)],
        ["entities", str(path), "--format", "table", "--ner", "rules", "--db", str(db_path)],
    ):
        assert main(command) == 0
        out = capsys.readouterr().out
        assert "\x1b]8;" not in out, command  # no hyperlink
        assert "\x1b]52" not in out and CLEAR not in out, command
        assert "[link=file:///etc/passwd]Click" in out, command  # (a title may wrap)
        assert "␛]52;c;SGFja2Vk␛\\" in out, command


async def test_link_markup_in_a_title_is_text_in_the_library(tmp_path: Path, db_path: Path) -> None:
    path = write_hostile_title_article(tmp_path)
    ReadingSession(Article.load(path), Store(db_path))
    app = ReaderApp(Store(db_path))
    async with app.run_test(size=(200, 30), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert "[link=file:///etc/passwd]Click" in screen_text(app)
        assert leaks(app) == []


async def test_escape_sequences_in_a_note_a_title_and_a_file_name_are_shown_as_pictures(
    tmp_path: Path, db_path: Path
) -> None:
    path = write_article(
        tmp_path,
        f"Ferry {OSC52} vote {CLEAR}\n\nThe mayor said the ferry would stay.\n",
        name=f"story{OSC52}{CLEAR}.txt",
    )
    add_note(path, db_path, "mayor", f"note {OSC52} {CLEAR} end")
    app = reader(path, db_path)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert "Ferry ␛]52;c;SGFja2Vk␛\\ vote ␛[2J" in shown  # the header's title, the text
        assert "story␛]52;c;SGFja2Vk␛\\␛[2J.txt" in shown  # the header's file name
        assert "note note ␛]52;c;SGFja2Vk␛\\ ␛[2J end" in shown  # the side panel
        assert leaks(app) == []
        await pilot.press("tab", "e")  # the note dialog, editing the note
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert "note ␛]52;c;SGFja2Vk␛\\ ␛[2J end" in screen_text(app)
        assert leaks(app) == []
        await pilot.press("escape")
    assert json.loads(db_path.read_text())["annotations"]  # nothing was lost
    assert [a.body for a in app.session.annotations] == [f"note {OSC52} {CLEAR} end"]


async def test_an_imported_claim_source_with_a_line_break_stays_on_its_row(
    tmp_path: Path, db_path: Path
) -> None:
    """Found by the property test: a line feed inside a one-line field reached the terminal."""
    path = write_article(tmp_path)
    article = Article.load(path)
    claim = Claim(source="\x08\nthe [b]ministry", rationale="first\nsecond")
    session = ReadingSession(article, Store(db_path))
    session.add(make_annotation(article.text, article.content_hash, Kind.CLAIM, 0, 7, claim=claim))
    app = reader(path, db_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        claim_id = app.session.annotations[0].id
        app.screen.post_message(Edit(claim_id))
        shown = await shown_soon(pilot, "the [b]ministry")
        assert isinstance(app.screen, ClaimDialog)
        assert "the [b]ministry" in shown  # in the source field, on its one row
        assert leaks(app) == []


def test_a_file_name_that_is_not_utf8_opens_exports_and_lists(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Python reads such a name with lone surrogates, which no terminal or JSON can hold."""
    name = os.fsdecode(b"ferry-\xff\xfe.txt")
    path = write_article(tmp_path, name=name)
    ReadingSession(Article.load(path), Store(db_path))  # was a TypeError from the JSON encoder
    assert main(["export", str(path), "-f", "json", "--ner", "off", "--db", str(db_path)]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["article"]["name"] == "ferry-\\udcff\\udcfe.txt"
    assert main(["list", "--db", str(db_path)]) == 0
    assert main(["list", "--format", "json", "--db", str(db_path)]) == 0
    listed = capsys.readouterr().out
    assert json.loads(listed[listed.index("[") :])[0]["path"].endswith("ferry-\\udcff\\udcfe.txt")


async def test_a_file_name_that_is_not_utf8_shows_in_the_header(
    tmp_path: Path, db_path: Path
) -> None:
    path = write_article(tmp_path, name=os.fsdecode(b"ferry-\xff.txt"))
    app = reader(path, db_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert "ferry-�.txt" in screen_text(app)
        assert leaks(app) == []


CLASH = (
    "Flood toll disputed [/]\n\n"
    f"Officials in [b]Varna province said 12 people had died in the floods {OSC52} by Sunday.\n"
    "A local rescue group said at least 40 people had died in the floods [@click=app.quit]most "
    "of them in\nvillages cut off by the water.\n"
)


async def test_a_disagreement_between_hostile_claims_is_shown_literally(
    tmp_path: Path, db_path: Path
) -> None:
    app = reader(write_article(tmp_path, CLASH), db_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        claims = app.screen.panel.claims
        assert len(claims.workbench.flags) == 1
        claims.highlight_id(flag_id(claims.workbench.flags[0]))
        claims.focus()
        await pilot.press("enter")
        shown = await shown_soon(pilot, "[@click=app.quit]")
        assert isinstance(app.screen, DisagreementScreen)
        assert "␛]52;c;SGFja2Vk␛\\" in shown and "[@click=app.quit]most" in shown
        assert leaks(app) == []


async def test_a_keymap_with_markup_shows_literally_in_the_help_and_the_palette(
    tmp_path: Path, db_path: Path
) -> None:
    store = Store(db_path)
    session = ReadingSession(Article.load(write_article(tmp_path)), store)
    app = ReaderApp(store, session=session, keymap={"note": "a,[/]", "search": "slash,[b]"})
    async with app.run_test(size=(120, 90), notifications=True) as pilot:  # the whole help
        await pilot.press("question_mark")
        shown = await shown_soon(pilot, "a  [/]")
        assert "a  [/]" in shown and "/  [b]" in shown
        assert leaks(app) == []
        await pilot.press("escape", "ctrl+p")
        await pilot.press(*"note")
        shown = await shown_soon(pilot, "key: a  [/]")
        assert "key: a  [/]" in shown
        assert leaks(app) == []
