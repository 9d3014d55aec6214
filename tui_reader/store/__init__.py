"""Persistence: a crash-safe TinyDB storage and the `Store` repository over it.

What the UI uses: `Store` (reads, writes, `changed()` polling, conflicts,
`retry_pending()`), the errors below, and the backup functions to offer when a
damaged database cannot be opened.
"""

from tui_reader.store.backups import Backup, latest_good_backup, list_backups, restore_backup
from tui_reader.store.conflicts import Conflict, ConflictKind, Keep
from tui_reader.store.errors import DamagedDatabase, DatabaseError, NotSaved, ReadOnlyDatabase
from tui_reader.store.repository import Store

__all__ = [
    "Backup",
    "Conflict",
    "ConflictKind",
    "DamagedDatabase",
    "DatabaseError",
    "Keep",
    "NotSaved",
    "ReadOnlyDatabase",
    "Store",
    "latest_good_backup",
    "list_backups",
    "restore_backup",
]
