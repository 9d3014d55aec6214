"""The help screen: every key, read from the bindings themselves.

Built from the same `BINDINGS` lists the widgets use, with the user's keymap
applied, so it can never disagree with what the keys really do.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui_reader.display import display_text


def key_sections() -> list[tuple[str, list[Binding]]]:
    """The documented keys, by where they work."""
    from tui_reader.ui.annotation_list import AnnotationList
    from tui_reader.ui.app import ReaderApp
    from tui_reader.ui.article_view import ArticleView
    from tui_reader.ui.claim_editor import ClaimDialog
    from tui_reader.ui.dialogs import DialogBase
    from tui_reader.ui.library_screen import LibraryScreen
    from tui_reader.ui.reader_screen import ReaderScreen
    from tui_reader.ui.side_panel import EntityList

    def bindings(items: Iterable[BindingType]) -> list[Binding]:
        return [item for item in items if isinstance(item, Binding)]

    entity_jump = Binding("enter", "select", "Jump to its next occurrence", id="entity_jump")
    panel_select = Binding(
        "enter", "select", "Jump to it in the text (or click it)", id="panel_jump"
    )
    dialog_enter = Binding("enter", "submit", "Save tags; pick an entity type; export")
    dialog_keys = [*bindings(ClaimDialog.BINDINGS), dialog_enter, *bindings(DialogBase.BINDINGS)]
    return [
        ("Reading and selecting", bindings(ArticleView.BINDINGS)),
        ("Annotating and more", bindings(ReaderScreen.BINDINGS)),
        ("In the side panel", [panel_select, *bindings(AnnotationList.BINDINGS)]),
        ("In the Entities tab", [entity_jump, *bindings(EntityList.BINDINGS)]),
        ("In dialogs", dialog_keys),
        ("In the library (tui-reader without an article)", bindings(LibraryScreen.BINDINGS)),
        ("Everywhere", bindings(ReaderApp.BINDINGS)),
    ]


def keys_for(binding: Binding, keymap: dict[str, str]) -> str:
    """The keys that trigger a binding, after the user's keymap."""
    keys = keymap.get(binding.id or "", binding.key)
    names = {"slash": "/", "question_mark": "?", "left": "←", "right": "→", "up": "↑", "down": "↓"}
    return "  ".join(names.get(key.strip(), key.strip()) for key in keys.split(","))


class HelpScreen(ModalScreen[None]):
    """Every key of tui-reader; `escape`, `?` or `q` closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close_help", "Close help", id="help_close"),
    ]

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static("tui-reader keys", classes="dialog-title")
            for title, bindings in key_sections():
                table = Table(
                    title=title,
                    title_justify="left",
                    show_header=False,
                    expand=True,
                    box=None,
                    padding=(0, 2),
                )
                table.add_column("keys", style="bold", width=18)
                table.add_column("what it does")
                table.add_column("binding id", style="dim")
                for binding in bindings:
                    table.add_row(  # the keys may come from the user's config.toml
                        display_text(keys_for(binding, self.keymap)),
                        display_text(binding.description),
                        display_text(binding.id or ""),
                    )
                yield Static(table)
            yield Static(
                'Remap any key in config.toml: [keymap] then binding id = "keys". '
                "ctrl+p lists every action.",
                classes="dialog-hint",
                markup=False,
            )

    def action_close_help(self) -> None:
        self.dismiss(None)
