"""The note dialog in a small terminal: Save and Cancel stay on screen in full.

At 80x24 (tmux's default) a note on a long passage once pushed the buttons below
the screen's edge, and on a short one left only their top edge showing, so which
button had focus could not be seen. The text field now gives up rows first.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import Vertical
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, TextArea

from tui_reader.document import Article
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.dialogs import NoteDialog

LONG_PASSAGE_START = "PORTWELL"
"""Two sentences from here make a passage longer than the dialog's quote shows."""


def make_app(article_path: Path, db_path: Path) -> ReaderApp:
    store = Store(db_path)
    return ReaderApp(store, session=ReadingSession(Article.load(article_path), store))


async def open_note_dialog(pilot: Pilot, *selection_keys: str) -> NoteDialog:
    """Select from the long passage's start with `selection_keys`, then press `a`."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    view = pilot.app.screen.view
    view.move_cursor(view.text.index(LONG_PASSAGE_START))
    await pilot.press(*selection_keys, "a")
    for _ in range(40):
        if isinstance(pilot.app.screen, NoteDialog):
            break
        await pilot.pause(0.05)
    dialog = pilot.app.screen
    assert isinstance(dialog, NoteDialog)
    await pilot.pause()
    return dialog


def fully_on_screen(dialog: NoteDialog, widget: Widget) -> bool:
    """Inside the terminal and inside the dialog's frame, which clips what overflows it."""
    region = widget.region
    frame = dialog.query_one(".dialog", Vertical)
    return (
        region.height > 0
        and dialog.app.screen.region.contains_region(region)
        and frame.content_region.contains_region(region)
    )


@pytest.mark.parametrize("size", [(80, 24), (80, 20), (120, 40)])
@pytest.mark.parametrize(
    "selection_keys", [("v", ")", ")"), ("v", "w")], ids=["long passage", "short passage"]
)
async def test_save_and_cancel_are_on_screen_in_full(
    article_path: Path, db_path: Path, size: tuple[int, int], selection_keys: tuple[str, ...]
) -> None:
    app = make_app(article_path, db_path)
    async with app.run_test(size=size) as pilot:
        dialog = await open_note_dialog(pilot, *selection_keys)
        for button_id in ("#save", "#cancel"):
            button = dialog.query_one(button_id, Button)
            assert button.region.height == 3, button_id  # top edge, label, bottom edge
            assert fully_on_screen(dialog, button), (button_id, button.region)
        area = dialog.query_one(TextArea)
        assert fully_on_screen(dialog, area) and area.region.height >= 3
        assert area.region.bottom <= dialog.query_one("#save", Button).region.y


async def test_the_field_keeps_ten_rows_when_there_is_room(
    article_path: Path, db_path: Path
) -> None:
    app = make_app(article_path, db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_note_dialog(pilot, "v", ")", ")")
        assert dialog.query_one(TextArea).region.height >= 10
