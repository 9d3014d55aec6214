"""When the database is damaged: offer the last good backup instead of giving up.

Shown before the reader opens, only in a terminal and only when a backup that
parses exists. The damaged file is never written over: restoring keeps it aside
(see `store.restore_backup`), and "open read-only" changes nothing at all.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from tui_reader.display import display_text
from tui_reader.store import Backup
from tui_reader.ui.displayable_app import DisplayableApp


class Recovery(StrEnum):
    RESTORE = "restore"
    READ_ONLY = "read-only"
    QUIT = "quit"


class RecoveryApp(DisplayableApp[Recovery]):
    """Ask what to do with a damaged database: restore the backup, read it, or quit."""

    CSS = """
    Screen { align: center middle; }
    #recovery { width: 90; height: auto; padding: 1 2; border: thick $error; }
    #recovery Static { margin-bottom: 1; }
    #choices { height: auto; }
    #choices Button { margin-right: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('restore')", "Restore the backup", id="recovery_restore"),
        Binding("o", "choose('read-only')", "Open it read-only", id="recovery_read_only"),
        Binding("q,escape", "choose('quit')", "Quit", id="recovery_quit"),
    ]

    def __init__(self, problem: str, backup: Backup) -> None:
        super().__init__()
        self.problem = problem
        self.backup = backup

    def compose(self) -> ComposeResult:
        with Vertical(id="recovery"):
            yield Label("The annotations database cannot be opened", classes="dialog-title")
            yield Static(display_text(self.problem))
            yield Static(
                display_text(
                    f"The last good backup is {self.backup.describe()}. Restoring it keeps the "
                    "damaged file beside it, renamed; nothing is deleted."
                )
            )
            with Horizontal(id="choices"):
                yield Button("Restore backup (r)", variant="primary", id="restore")
                yield Button("Open backup read-only (o)", id="read-only")
                yield Button("Quit (q)", id="quit")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.id or "quit")

    def action_choose(self, choice: str) -> None:
        self.exit(Recovery(choice))
