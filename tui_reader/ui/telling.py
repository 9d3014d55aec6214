"""The reader and its database: the changes of other instances read every second, what
failed retried, and what the user is told: moved annotations, conflicts with another
instance, changes kept unsaved, a file damaged by another program.

Each is said once: a conflict once in the database's life (the store remembers
which were told, across opens), the damage once until the file is good again.
"""

from __future__ import annotations

from typing import Any, Protocol

from textual.app import App
from textual.notifications import SeverityLevel

from tui_reader.errors import UserError
from tui_reader.session import ReadingSession
from tui_reader.store import ConflictKind, Keep, NotSaved

KEPT = {Keep.BOTH: "both versions kept", Keep.OURS: "yours kept", Keep.THEIRS: "theirs kept"}


class Notifier(Protocol):
    """A screen, as far as saying something and opening a dialog go."""

    @property
    def app(self) -> App[Any]: ...

    def notify(
        self,
        message: str,
        *,
        title: str = ...,
        severity: SeverityLevel = ...,
        timeout: float | None = ...,
        markup: bool = ...,
    ) -> None: ...


class Reader(Notifier, Protocol):
    """What telling needs of the reader screen."""

    session: ReadingSession

    def refresh_from_store(self) -> None: ...


class Telling:
    """Says things once for one reader (see the module docstring)."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self._told_damage = False
        """Whether the backup was offered since the file was last found damaged."""

    def opened(self) -> None:
        """What the reader says as the article opens."""
        session = self.reader.session
        if session.article.is_blank:
            self.reader.notify("The article is empty.", severity="warning")
        if session.store.read_only:
            self.reader.notify(
                f"{session.store.path} is read-only: you can read, but changes are not saved.",
                severity="warning",
                timeout=8,
            )
        self.reanchoring()
        self.conflicts()

    def poll(self) -> bool:
        """Write what failed before, offer the backup of a damaged file; says whether
        another instance's changes were read (the reader then shows them)."""
        store = self.reader.session.store
        reloaded = False
        try:
            if store.pending_count:
                store.retry_pending()
                self.reader.notify("The unsaved changes are now saved.", timeout=4)
            reloaded = store.changed() and self.reader.session.reload()
        except UserError:
            pass  # said when the change was made; tried again at the next tick
        self.damage()
        return reloaded

    def reanchoring(self) -> None:
        moved = self.reader.session.reanchored
        if moved is None:
            return
        message = f"The article changed: {len(moved.placed)} annotations found their passage"
        if moved.orphans:
            message += f", {len(moved.orphans)} could not (see Orphans in the panel)"
        if moved.orphans:
            self.reader.notify(message, severity="warning", timeout=10)
        else:
            self.reader.notify(message, timeout=10)

    def conflicts(self) -> None:
        """Say once, for each conflict with another instance, what was kept."""
        session = self.reader.session
        for conflict in session.untold_conflicts():
            self.reader.notify(
                f"{conflict.message()} (the Notes tab shows both)", severity="warning", timeout=12
            )

    def show_conflict(self, conflict_id: str) -> None:
        """Both versions side by side; the user's choice settles the conflict."""
        from tui_reader.ui.conflict_screen import ConflictScreen

        session = self.reader.session
        conflict = next((c for c in session.conflicts() if c.id == conflict_id), None)
        if conflict is None:
            return
        by_id = {annotation.id: annotation for annotation in session.annotations}
        if conflict.kind is ConflictKind.EDITED_TWICE:
            theirs, ours = by_id.get(conflict.annotation_id), by_id.get(conflict.copy_id or "")
        elif conflict.kind is ConflictKind.EDITED_DELETED:
            theirs, ours = None, by_id.get(conflict.annotation_id)
        else:
            theirs, ours = by_id.get(conflict.annotation_id), None

        def chosen(keep: Keep | None) -> None:
            if keep is not None:
                self.resolve(conflict_id, keep)

        self.reader.app.push_screen(ConflictScreen(conflict, theirs, ours), chosen)

    def resolve(self, conflict_id: str, keep: Keep) -> None:
        """Settle a conflict as the user chose in the Notes tab."""
        reader = self.reader
        try:
            reader.session.resolve_conflict(conflict_id, keep)
        except UserError as error:
            reader.notify(str(error), severity="error", timeout=10)
            return
        words = {
            Keep.BOTH: "both versions kept",
            Keep.OURS: "yours kept",
            Keep.THEIRS: "theirs kept",
        }
        reader.notify(f"Conflict settled: {words[keep]}", timeout=4)
        reader.refresh_from_store()

    def not_saved(self, error: NotSaved) -> None:
        """A write failed and was kept for retrying: say why (the damage: offer the backup)."""
        store = self.reader.session.store
        if store.damage is None:
            self.reader.notify(str(error), severity="warning", timeout=10)
        elif self._told_damage:
            self.reader.notify(
                "Kept unsaved: the database file is still damaged "
                "(ctrl+p, Restore the database backup)",
                severity="warning",
                timeout=6,
            )
        else:
            self.damage()

    def damage(self, force: bool = False) -> None:
        """Say once that another program damaged the database, and offer its last backup.

        The changes made since stay pending (the store retries them); restoring
        the backup keeps the damaged file aside and saves them into it.
        """
        from tui_reader.store import latest_good_backup, restore_backup
        from tui_reader.ui.recovery import DamagedDatabaseDialog

        reader = self.reader
        store = reader.session.store
        damage = store.damage
        if damage is None:
            self._told_damage = False
            return
        if (self._told_damage and not force) or isinstance(
            reader.app.screen, DamagedDatabaseDialog
        ):
            return
        self._told_damage = True
        backup = latest_good_backup(store.path)

        def chosen(restore: bool | None) -> None:
            if not restore or backup is None:
                return
            try:
                kept = restore_backup(store.path, backup)
                store.retry_pending()
            except UserError as error:
                reader.notify(str(error), severity="error", timeout=10)
                return
            reader.session.reload()
            reader.refresh_from_store()
            where = f" (the damaged file is kept as {kept.name})" if kept else ""
            reader.notify(f"Your changes were saved into the restored backup{where}.", timeout=8)

        reader.app.push_screen(
            DamagedDatabaseDialog(str(damage), store.pending_count, backup), chosen
        )
