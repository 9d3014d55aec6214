"""Rotating backups of the database, and restoring one when the file is damaged.

After every save, `NAME.bak1` is overwritten with what was just saved, so it
always equals the last good version of the database. When `bak2` is missing or
older than `ROTATE_AFTER_SECONDS`, `bak1` first moves down to `bak2` (and `bak2`
to `bak3`): the older backups are spaced out in time instead of all holding the
last few seconds.

`bak1` is overwritten in place and not flushed to disk: the database itself is
flushed, and a new file costs far more than the copy (allocating and freeing
10 MB of blocks took 7 ms on ext4, overwriting them 0.4 ms). A crash in the
middle can damage `bak1` only, never the database, and `list_backups` skips a
damaged backup. A hand edit or a disk error that damages the database never
reaches the backups, since they are only written from data just serialised.

Only our own file is overwritten in place: a `bak1` that is a symbolic link, a
second hard link to some other file, or anything but a regular file (planted
by someone who can write to the directory) is replaced by a new file instead,
so a save never writes through it; and a backup that is not a regular file
is never offered.
"""

from __future__ import annotations

import errno
import os
import stat
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tui_reader.atomic_files import atomic_write, write_all
from tui_reader.store.errors import DatabaseError
from tui_reader.store.fileformat import parse, serialise
from tui_reader.store.files import keep_as, peek_version, resolved
from tui_reader.store.lock import database_lock, holding

BACKUP_COUNT = 3
ROTATE_AFTER_SECONDS = 600.0
RESTORE_LOCK_TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True)
class Backup:
    """A backup that parses as a database, with what the UI needs to offer it."""

    path: Path
    saved: datetime
    generation: int
    annotations: int
    articles: int

    def describe(self) -> str:
        """One line for a prompt: when it was saved and what it holds."""
        when = self.saved.astimezone().strftime("%Y-%m-%d %H:%M")
        return f"{self.path.name}, saved {when}: {self.annotations} annotations"


def backup_path(database: Path, number: int) -> Path:
    return database.with_name(f"{database.name}.bak{number}")


def write_backup(database: Path, payload: bytes, keep: int = BACKUP_COUNT) -> None:
    """Make `bak1` a copy of `payload`, first rotating it down when `bak2` is old enough."""
    if keep < 1:
        return
    newest = backup_path(database, 1)
    rotate = keep > 1 and _age(backup_path(database, 2)) > ROTATE_AFTER_SECONDS
    if rotate and newest.exists():
        for number in range(keep, 1, -1):
            older = backup_path(database, number - 1)
            if older.exists():
                os.replace(older, backup_path(database, number))
    _overwrite(newest, payload)


_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
"""Open flags that neither follow a link nor wait on a FIFO."""


def _overwrite(path: Path, payload: bytes) -> None:
    """Write `payload` into our backup file at `path`, never into what a planted name
    points to (see the module docstring)."""
    descriptor = _open_own(path)
    try:
        write_all(descriptor, payload)
        os.ftruncate(descriptor, len(payload))
    finally:
        os.close(descriptor)


def _open_own(path: Path) -> int:
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | _NO_FOLLOW, 0o600)
    except OSError as error:
        if error.errno not in (errno.ELOOP, errno.ENXIO, errno.EMLINK):
            raise
        descriptor = None  # a link (ELOOP, EMLINK on some systems) or a FIFO (ENXIO)
    if descriptor is not None:
        status = os.fstat(descriptor)
        if stat.S_ISREG(status.st_mode) and status.st_nlink == 1:
            return descriptor
        os.close(descriptor)
    os.unlink(path)
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW, 0o600)


def _age(path: Path) -> float:
    """Seconds since `path` was written; infinite when it does not exist."""
    try:
        return time.time() - path.lstat().st_mtime
    except FileNotFoundError:
        return float("inf")


def list_backups(database: Path, keep: int = BACKUP_COUNT) -> list[Backup]:
    """The backups of `database` that parse, newest first; damaged ones are left out."""
    database = resolved(database)
    backups = []
    for number in range(1, keep + 1):
        path = backup_path(database, number)
        try:
            status = path.lstat()
            if not stat.S_ISREG(status.st_mode):
                continue
            raw = path.read_bytes()
            contents = parse(raw, path)
            saved = datetime.fromtimestamp(status.st_mtime, tz=UTC)
        except (OSError, DatabaseError):
            continue
        backups.append(
            Backup(
                path=path,
                saved=saved,
                generation=contents.generation,
                annotations=len(contents.tables.get("annotations", {})),
                articles=len(contents.tables.get("articles", {})),
            )
        )
    return sorted(backups, key=lambda backup: (backup.generation, backup.saved), reverse=True)


def latest_good_backup(database: Path) -> Backup | None:
    """The backup to offer when `database` cannot be opened, if there is one."""
    backups = list_backups(database)
    return backups[0] if backups else None


def restore_backup(database: Path, backup: Backup) -> Path | None:
    """Put `backup` in place of `database`, keeping the file it replaces.

    The replaced file (damaged or not) is kept as `NAME.replaced-<time>`, whose
    path is returned (None when there was no file). The restored database gets
    a generation above both files', so other open instances see it as new.
    """
    database = resolved(database)
    with holding(database_lock(database, RESTORE_LOCK_TIMEOUT_SECONDS)):
        raw = backup.path.read_bytes()
        contents = parse(raw, backup.path)
        kept = _keep_replaced(database)
        current = peek_version(kept) if kept else None
        generation = max(contents.generation, (current and current.generation) or 0) + 1
        atomic_write(database, serialise(contents.tables, generation))
    return kept


def _keep_replaced(database: Path) -> Path | None:
    """Keep the current file under a new name (a hard link: it costs no copy)."""
    if not database.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    kept = database.with_name(f"{database.name}.replaced-{stamp}")
    keep_as(database, kept)
    return kept
