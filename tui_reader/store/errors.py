"""What can go wrong with the database, as errors the user can read in one line."""

from __future__ import annotations

from tui_reader.errors import UserError


class DatabaseError(UserError):
    """The database file cannot be used or written as it is; it was left untouched."""


class DamagedDatabase(DatabaseError):
    """The file's content is not a usable database (bad JSON, a broken record).

    Raised when opening, so the UI can offer the last good backup
    (`tui_reader.store.backups.latest_good_backup`).
    """


class ReadOnlyDatabase(DatabaseError):
    """A write was asked of a database opened read-only."""


class NotSaved(DatabaseError):
    """A change could not be written; the `Store` keeps it and retries it.

    The message says why (a full disk, a damaged or locked file) and that the
    change is kept: `Store.retry_pending()` writes it once the cause is gone.
    """


class StaleWrite(Exception):
    """The file changed since it was read: the change must be redone on fresh data."""
