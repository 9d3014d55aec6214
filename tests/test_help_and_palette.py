"""Help shows every key declared anywhere in the UI, with the user's keymap, and the
command palette offers every reader action wherever the focus is."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import re
from pathlib import Path

import pytest
from helpers.screen import screen_lines
from rich.console import Console
from textual.binding import Binding
from textual.command import CommandPalette
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

import tui_reader.ui
from tui_reader.document import Article
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.help_screen import HelpScreen, key_sections, keys_for
from tui_reader.ui.library_screen import LibraryScreen
from tui_reader.ui.reader_screen import ReaderScreen

SIZE = (140, 42)


def every_declared_binding() -> dict[str, list[Binding]]:
    """Class name -> the bindings it declares, for every class of every module in ui/."""
    found: dict[str, list[Binding]] = {}
    for module_info in pkgutil.iter_modules(tui_reader.ui.__path__):
        module = importlib.import_module(f"tui_reader.ui.{module_info.name}")
        for name, owner in inspect.getmembers(module, inspect.isclass):
            if owner.__module__ != module.__name__:
                continue
            bindings = [b for b in owner.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]
            if bindings:
                found[name] = bindings
    return found


def reader(article_path: Path, db_path: Path, keymap: dict[str, str] | None = None) -> ReaderApp:
    session = ReadingSession(Article.load(article_path), Store(db_path))
    return ReaderApp(session.store, session=session, keymap=keymap)


def help_text(screen: HelpScreen) -> str:
    console = Console(width=160, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    for static in screen.query(Static):
        console.print(static.content, markup=False)
    return console.export_text()


def test_the_classes_are_found() -> None:
    declared = every_declared_binding()
    for name in ("ArticleView", "ReaderScreen", "ClaimList", "DisagreementScreen", "SearchBar"):
        assert name in declared, name
    assert sum(len(bindings) for bindings in declared.values()) > 60


async def test_help_lists_every_binding_declared_in_the_ui(
    article_path: Path, db_path: Path
) -> None:
    keymap = {"note": "n,a", "search": "ctrl+f"}
    app = reader(article_path, db_path, keymap)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = " ".join(help_text(app.screen).split())
    missing = []
    for owner, bindings in every_declared_binding().items():
        for binding in bindings:
            description = " ".join(binding.description.split())
            if description not in shown or (binding.id and binding.id not in shown):
                missing.append(f"{owner}: {binding.id or binding.key} {description!r}")
    assert missing == []
    assert "n a Note note" in shown and "ctrl+f Search search" in shown  # remapped
    assert 'Remap any key in config.toml: [keymap] then binding id = "keys".' in shown
    assert keys_for(Binding("slash", "search", id="search"), {}) == "/"


async def test_the_palette_offers_every_reader_action_from_the_article(
    article_path: Path, db_path: Path
) -> None:
    app = reader(article_path, db_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.view.has_focus
        commands = {command.title: command for command in app.get_system_commands(screen)}
        declared = every_declared_binding()
        wanted = [
            *(b.description for b in declared["ArticleView"] + declared["ReaderScreen"]),
            *(f"{b.description} (Claims tab)" for b in declared["ClaimList"]),
            *(f"{b.description} (Entities tab)" for b in declared["EntityList"]),
            *(f"{b.description} (Notes tab)" for b in declared["AnnotationList"]),
            *(f"{b.description} (Claims tab)" for b in declared["AnnotationList"]),
        ]
        assert [title for title in wanted if title not in commands] == []
        assert len(screen.workbench.suggestions) == 5
        await commands["Accept / confirm (Claims tab)"].callback()  # "accept", from the text
        await pilot.pause()
        assert len(screen.workbench.suggestions) == 4
    stored = json.loads(db_path.read_text())["annotations"].values()
    assert [a["kind"] for a in stored] == ["claim"]


async def test_the_palette_opens_the_help_from_the_article_and_the_library(
    article_path: Path, db_path: Path
) -> None:
    in_article = reader(article_path, db_path, keymap={"help": "f1"})
    in_library = ReaderApp(Store(db_path), keymap={"help": "f1"})
    for app, screen_type in ((in_article, ReaderScreen), (in_library, LibraryScreen)):
        async with app.run_test(size=SIZE) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, screen_type)
            await pilot.press("ctrl+p", *"help")
            await pilot.pause(0.3)  # the palette searches as it is typed into
            palette = app.screen
            assert isinstance(palette, CommandPalette)
            await app.workers.wait_for_complete()
            await pilot.pause()
            first = palette.query_one(OptionList).get_option_at_index(0)
            assert "Help" in str(first.prompt) and "key: f1" in str(first.prompt)  # user's key
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)


async def every_line_of_the_help(pilot: Pilot[None]) -> list[str]:
    """The help's lines as the screen shows them, page after page to its end."""
    app = pilot.app
    await pilot.press("question_mark")
    await pilot.pause()
    assert isinstance(app.screen, HelpScreen)
    body = app.screen.query_one("#help-body", VerticalScroll)
    lines: list[str] = []
    while True:
        region = body.region  # the help, not the reader behind it
        shown = screen_lines(app)[region.y : region.bottom]
        lines += [line[region.x : region.right] for line in shown]
        if body.scroll_y >= body.max_scroll_y:
            return lines
        await pilot.press("pagedown")
        await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (140, 42)])
async def test_the_help_shows_every_binding_id_whole_at_every_size(
    size: tuple[int, int], article_path: Path, db_path: Path
) -> None:
    app = reader(article_path, db_path)
    async with app.run_test(size=size) as pilot:
        lines = await every_line_of_the_help(pilot)
    words = {word for line in lines for word in re.findall(r"[\w…]+", line)}
    ids = {b.id for _, bindings in key_sections() for b in bindings if b.id}
    assert sorted(ids - words) == []
    assert not any("…" in word for word in words)  # nothing cut short
    previous = next(line for line in lines if "Previous paragraph" in line)
    assert "paragraph_previous" in previous  # the id beside what the key does, when it fits


async def test_escape_clearing_a_list_filter_is_one_row_of_the_help(
    article_path: Path, db_path: Path
) -> None:
    app = reader(article_path, db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = help_text(app.screen)
    section = shown[shown.index("In every list of the side panel") :]
    section = section[: section.index("In the side panel (Notes")]
    assert [line.split()[0] for line in section.splitlines()[1:] if line.strip()] == [
        *"jkgG/",
        "escape",
    ]
