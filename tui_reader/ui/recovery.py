"""When the database is damaged, or changes could not be saved: offer what recovers them.

`RecoveryApp` is shown before the reader opens, only in a terminal and only
when a backup that parses exists. `UnsavedChangesApp` is shown there too, when
an earlier run kept changes it could not save (`store.journal`).
`DamagedDatabaseDialog` is shown in the reader when another program damages
the file while it is open: the changes are kept, unsaved, and the backup is
offered. The damaged file is never written over: restoring keeps it aside
(see `store.restore_backup`), and "open read-only" changes nothing at all.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tui_reader.display import display_text
from tui_reader.store import Backup
from tui_reader.store.journal import Journal
from tui_reader.ui.base_app import TuiReaderApp


class Recovery(StrEnum):
    RESTORE = "restore"
    READ_ONLY = "read-only"
    QUIT = "quit"


class RecoveryApp(TuiReaderApp[Recovery]):
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


class Unsaved(StrEnum):
    APPLY = "apply"
    LATER = "later"
    DISCARD = "discard"


class UnsavedChangesApp(TuiReaderApp[Unsaved]):
    """Offer the changes an earlier run kept unsaved: save them now, later, or set them aside."""

    CSS = RecoveryApp.CSS.replace("#recovery", "#unsaved")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "choose('apply')", "Save them now", id="unsaved_apply"),
        Binding("l,escape", "choose('later')", "Ask again next time", id="unsaved_later"),
        Binding("d", "choose('discard')", "Set them aside", id="unsaved_discard"),
    ]

    def __init__(self, journals: list[Journal]) -> None:
        super().__init__()
        self.journals = journals

    def compose(self) -> ComposeResult:
        with Vertical(id="unsaved"):
            yield Label(
                "tui-reader stopped last time with changes it could not save",
                classes="dialog-title",
            )
            for journal in self.journals:
                yield Static(display_text(journal.describe()))
            yield Static(
                "Saving them checks each against the database as it is now: an annotation "
                "changed since by another window keeps both versions. Setting them aside "
                "renames the file to .set-aside; nothing is deleted."
            )
            with Horizontal(id="choices"):
                yield Button("Save them now (a)", variant="primary", id="apply")
                yield Button("Later (l)", id="later")
                yield Button("Set aside (d)", id="discard")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.id or "later")

    def action_choose(self, choice: str) -> None:
        self.exit(Unsaved(choice))


class DamagedDatabaseDialog(ModalScreen[bool]):
    """The database was damaged while open: restore its backup, or keep working.

    Returns True to restore. Keeping working (`escape`) leaves the changes
    pending: they are saved as soon as the file can be read again. The dialog
    can open while the reader is typing, so restoring takes its button (`tab`,
    `enter`, or a click), never a single letter.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "keep", "Keep working", id="damaged_keep"),
    ]

    def __init__(self, problem: str, unsaved: int, backup: Backup | None) -> None:
        super().__init__()
        self.problem = problem
        self.unsaved = unsaved
        self.backup = backup

    def compose(self) -> ComposeResult:
        if self.unsaved:
            changes = f"{self.unsaved} unsaved change{'s are' if self.unsaved != 1 else ' is'}"
            kept = f"Nothing is lost: your {changes} kept here"
        else:
            kept = "Nothing is lost: the changes you make are kept here, unsaved,"
        with Vertical(classes="dialog", id="damaged"):
            yield Label(
                "The annotations database was damaged by another program", classes="dialog-title"
            )
            yield Static(display_text(self.problem))
            yield Static(f"{kept} and saved as soon as the file can be read again.")
            if self.backup is not None:
                offer = (
                    f"Restore {self.backup.describe()}, and save your changes into it? "
                    "The damaged file is kept beside it, renamed."
                )
                yield Static(display_text(offer))
            else:
                yield Static("There is no good backup to restore: repair or move the file.")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep working (escape)", id="keep")
                if self.backup is not None:
                    yield Button("Restore the backup (tab, enter)", variant="primary", id="restore")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "restore")

    def action_keep(self) -> None:
        self.dismiss(False)
