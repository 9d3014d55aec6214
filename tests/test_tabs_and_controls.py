"""Tabs and control characters in the reader: shown one cell each (⇥, ␛, ␇), with the
cursor, the selection and the search highlight on the characters they belong to.
Real app, real keys."""

from __future__ import annotations

from pathlib import Path

from helpers.screen import screen_text
from rich.style import Style

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
