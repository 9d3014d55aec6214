"""The dialog of the Sources screen's `s`: which of a source's names to split off.

A source groups the names its claims were written under ("Mayor Ellen Varga",
"Varga"); splitting one off keeps, as `tui-reader sources --split` does, that
the name is not that source's, so its claims become a source of their own.
The names come from articles, so each is shown as `Text`, never as markup.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui_reader.display import display_text
from tui_reader.ui.dialogs import DialogBase


class SplitNameDialog(DialogBase):
    """The source's other names, one per row; `enter` returns the highlighted one."""

    def __init__(self, source_name: str, names: tuple[str, ...]) -> None:
        super().__init__("Split a name off this source", source_name)
        self.names = names

    def compose(self) -> ComposeResult:
        options = [Option(display_text(name)) for name in self.names]
        with Vertical(classes="dialog"):
            yield from self.compose_header()
            yield OptionList(*options, id="split-names")
            yield Static(
                "enter splits the highlighted name off: its claims become a source of their "
                "own (u undoes) · escape cancels",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.names[event.option_index])
