"""Tabs and control characters in the reader: shown one cell each (⇥, ␛, ␇), with the
cursor, the selection and the search highlight on the characters they belong to.
Real app, real keys."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from helpers.screen import screen_text
from rich.style import Style
from textual import events
from textual.pilot import Pilot

from tui_reader.display import displayable_cells
from tui_reader.document import Article
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.article_view import ArticleView
from tui_reader.ui.reader_screen import ReaderScreen

SIZE = (100, 30)
TABLE = "Name\tAge\tTown\nAnna Varga\t41\t\tElsmere\n\nThe mayor said\tthe ferry would run.\n"


def reader(tmp_path: Path, text: str) -> ReaderApp:
    path = tmp_path / "table.txt"
    path.write_text(text, encoding="utf-8")
    store = Store(tmp_path / "annotations.json")
    return ReaderApp(store, session=ReadingSession(Article.load(path), store))


def cell_at(view: ArticleView, offset: int) -> tuple[str, Style | None]:
    """The character and style of the cell showing `offset`, found by its column."""
    layout = view.wrapped
    row = layout.row_of(offset)
    column = layout.column_of(offset)
    for segment in view.render_line(row - int(view.scroll_y)):
        if column < len(segment.text):
            return segment.text[column], segment.style
        column -= len(segment.text)
    raise AssertionError(f"offset {offset} is not on its row")


async def type_in(pilot: Pilot[None], text: str) -> None:
    """Type `text` as a terminal sends it: a character Pilot cannot name (␛, ⇥) is sent
    as the driver sends it, a key named after the character, holding it."""
    for character in text:
        if character.isascii():
            await pilot.press(character)
            continue
        name = unicodedata.name(character).lower().replace(" ", "_").replace("-", "_")
        driver = pilot.app._driver
        assert driver is not None
        driver.send_message(events.Key(name, character))
        await pilot.pause()


def has(style: Style | None, mark: Style) -> bool:
    """Whether `style` holds the mark's style already (adding it changes nothing)."""
    return style is not None and style + mark == style


async def test_tabs_show_as_one_marked_cell_with_marks_on_the_right_characters(
    tmp_path: Path,
) -> None:
    app = reader(tmp_path, TABLE)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.view
        shown = screen_text(app)
        assert "Name⇥Age⇥Town" in shown and "Anna Varga⇥41⇥⇥Elsmere" in shown
        cursor = view.mark_style("cursor")
        await pilot.press(*"llll")  # onto the first tab
        assert view.cursor == 4
        char, style = cell_at(view, 4)
        assert char == "⇥" and has(style, cursor)
        await pilot.press("l")
        assert cell_at(view, 5)[0] == "A" and has(cell_at(view, 5)[1], cursor)
        assert not has(cell_at(view, 4)[1], cursor)
        # A selection across tabs covers exactly its characters.
        await pilot.press("j", *"hhhhh")  # to the start of the second line
        start = TABLE.index("Anna")
        assert view.cursor == start
        await pilot.press("v", *"www")  # to Elsmere, after two tabs
        selection = view.selection
        assert selection is not None and selection[0] == start
        selected = view.mark_style("selection")
        for offset in range(selection[0], selection[1]):
            char, style = cell_at(view, offset)
            assert char == displayable_cells(TABLE[offset]) and has(style, selected), offset
        assert not has(cell_at(view, selection[1] + 1)[1], selected)
        await pilot.press("escape")
        # The search highlight lands on the match after two tabs.
        await pilot.press("slash", *"Elsmere", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        found = TABLE.index("Elsmere")
        assert view.cursor == found
        search = view.mark_style("search")
        await pilot.press("g")
        for offset in range(found, found + len("Elsmere")):
            char, style = cell_at(view, offset)
            assert char == TABLE[offset] and has(style, search), offset
        assert not has(cell_at(view, found - 1)[1], search)


async def test_searching_for_what_the_screen_shows_finds_the_control_characters(
    tmp_path: Path,
) -> None:
    text = "Plain start.\n\nESC here: \x1b[31mred\x1b[0m and a bell \x07 and\ta tab.\n"
    app = reader(tmp_path, text)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.view
        assert "ESC here: ␛[31mred␛[0m and a bell ␇ and⇥a tab." in screen_text(app)
        search = view.mark_style("search")
        for typed, found in (("␛[31m", "\x1b[31m"), ("␇", "\x07"), ("and⇥a", "and\ta")):
            await pilot.press("slash", "ctrl+u")
            await type_in(pilot, typed)
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            start = text.index(found)
            assert view.cursor == start, typed
            for offset in range(start, start + len(found)):
                assert has(cell_at(view, offset)[1], search), (typed, offset)
        await pilot.press("slash", "ctrl+u", *"red", "enter")  # plain search as before
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert view.cursor == text.index("red") and view.search_match_count == 1
