"""The table of the library and of its Sources screen, with the side panel's list keys.

Textual's DataTable moves only with the arrows and Home/End; tui-reader's lists
move with `j`/`k` and `g`/`G` too, and a key the table ignored would leave the
cursor where it was for the key pressed next (`j j s` cycling the first row's
status). The keys are on the table, so they apply only while it has the focus:
typed into the library's search field, `j` is a letter.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

TABLE_KEYS: list[BindingType] = [
    Binding("j", "cursor_down", "Down", show=False, id="table_down"),
    Binding("k", "cursor_up", "Up", show=False, id="table_up"),
    Binding("g", "scroll_top", "First", show=False, id="table_first"),
    Binding("G", "scroll_bottom", "Last", show=False, id="table_last"),
]


class RowTable(DataTable[str | Text]):
    """A data table with the list keys: `j`/`k` move a row, `g`/`G` to the first/last."""

    BINDINGS: ClassVar[list[BindingType]] = TABLE_KEYS
