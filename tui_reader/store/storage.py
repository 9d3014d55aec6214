"""A TinyDB `Storage` that never leaves a half-written or silently emptied file.

Stock TinyDB truncates and rewrites its file in place, so a crash mid-write
leaves it unreadable, and two instances overwrite each other. This storage:

- replaces the file atomically and durably (`atomic_files.atomic_write`), so a reader
  sees the old file or the new one, never a mixture, and a failure leaves the
  old file as it was;
- refuses a file that is not a valid database, naming the line and column, and
  never writes over it;
- keeps a generation counter in the file and refuses a write when the file
  changed since it was read (`StaleWrite`), so the caller redoes its change on
  fresh data instead of overwriting another instance's work;
- keeps the parsed data while the file is unchanged, so a save reads nothing but
  the file's first bytes (parsing 10,000 annotations takes longer than writing them);
- copies each saved version to a rotating backup (`backups.py`), and keeps a
  file of an older schema as `NAME.schemaN` before the first write upgrades it;
- opens read-only when the file or its directory cannot be written;
- works on the file a symbolic link names (`files.resolved`), so a database
  path that is a link stays a link and its target gets every save.

The caller holds `locked()` across each read-modify-write (see `repository.Store`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from tui_reader.atomic_files import UnconfirmedWrite, atomic_write
from tui_reader.store import migrations
from tui_reader.store.backups import BACKUP_COUNT, write_backup
from tui_reader.store.errors import DatabaseError, ReadOnlyDatabase, StaleWrite
from tui_reader.store.fileformat import Decoded, Tables, parse, serialise
from tui_reader.store.files import (
    FileVersion,
    is_writable,
    keep_as,
    peek_version,
    read_versioned,
    remove_leftovers,
    resolved,
)
from tui_reader.store.lock import LockTimeout, database_lock

LOCK_TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True)
class _Parsed:
    """The tables of one version of the file, as read or as written by us."""

    version: FileVersion
    tables: Tables
    generation: int
    schema: int
    decoded: Decoded
    """The records decoded when the file was checked (none for what we wrote)."""


class AtomicJSONStorage(Storage):
    """Crash-safe JSON storage for TinyDB (see the module docstring)."""

    def __init__(
        self, path: str | Path, read_only: bool | None = None, backups: int = BACKUP_COUNT
    ) -> None:
        self.path = resolved(Path(path))
        if self.path.is_dir():
            raise DatabaseError(f"{self.path}: is a directory, not a database file")
        self._create_directory()
        self.read_only = not is_writable(self.path) if read_only is None else read_only
        self.backups = backups
        self.lock = database_lock(self.path, LOCK_TIMEOUT_SECONDS)
        self.generation = 0
        self._parsed: _Parsed | None = None
        self._seen: FileVersion | None = None
        if not self.read_only:
            with self.locked():
                remove_leftovers(self.path)
        # Fail now, not at the first save, when the file is damaged.
        self.read()

    def _create_directory(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseError(
                f"{self.path.parent}: cannot create the database directory "
                f"({error.strerror or error})"
            ) from None

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the inter-process lock (a no-op read-only: no lock file can be made there)."""
        if self.read_only:
            yield
            return
        try:
            self.lock.acquire()
        except LockTimeout:
            raise DatabaseError(
                f"{self.path}: locked by another tui-reader for over "
                f"{LOCK_TIMEOUT_SECONDS:.0f} s; try again"
            ) from None
        except OSError as error:
            raise DatabaseError(
                f"{self.path}: cannot lock the database ({error.strerror or error})"
            ) from None
        try:
            yield
        finally:
            # Closing the lock file releases the lock even when close reports an
            # error; the work done under it is complete, so that error is no news.
            with contextlib.suppress(OSError):
                self.lock.release()

    def changed(self) -> bool:
        """Whether the file differs from the version this storage last read or wrote.

        Costs one `stat` and a read of the file's first bytes, so a UI can poll it.
        """
        try:
            return peek_version(self.path) != self._seen
        except OSError:
            return True

    def read(self) -> Tables | None:
        """The database's tables (None when there is no file yet).

        The tables of an unchanged file come from memory. The returned mapping is
        a new dict over shared table dicts: a caller may add or replace tables in
        it, but must not change a table or a document in place (copy it first).
        """
        try:
            version = peek_version(self.path)
            parsed = self._parsed
            if version is None:
                self._forget(None)
                return None
            if parsed is None or parsed.version != version or version.generation is None:
                parsed = self._parse_file()
                if parsed is None:
                    self._forget(None)
                    return None
        except OSError as error:
            raise DatabaseError(f"{self.path}: cannot read ({error.strerror or error})") from None
        self._parsed = parsed
        self._seen = parsed.version
        self.generation = parsed.generation
        return dict(parsed.tables)

    def decoded(self, table: str) -> dict[str, tuple[dict[str, Any], object]]:
        """The records of `table` decoded when the file was last checked, by key, each
        with its document (see `fileformat.Decoded`): empty after our own writes."""
        return self._parsed.decoded.get(table, {}) if self._parsed else {}

    def _parse_file(self) -> _Parsed | None:
        loaded = read_versioned(self.path)
        if loaded is None:
            return None
        version, raw = loaded
        contents = parse(raw, self.path, self._parsed.tables if self._parsed else None)
        return _Parsed(
            version, contents.tables, contents.generation, contents.schema, contents.decoded
        )

    def _forget(self, seen: FileVersion | None) -> None:
        self._parsed = None
        self._seen = seen
        self.generation = 0

    def write(self, data: Tables) -> None:
        """Replace the file with `data`, unless it changed since it was read."""
        if self.read_only:
            raise ReadOnlyDatabase(f"{self.path}: opened read-only; the change was not saved")
        generation = self.generation + 1
        payload = serialise(data, generation)
        try:
            if peek_version(self.path) != self._seen:
                raise StaleWrite(str(self.path))
            self._keep_older_schema()
            status = atomic_write(self.path, payload)
        except UnconfirmedWrite as error:
            self._parsed = None
            raise DatabaseError(
                f"{self.path}: the disk did not confirm the save ({error.strerror or error})"
            ) from None
        except OSError as error:
            self._parsed = None
            raise DatabaseError(
                f"{self.path}: could not save ({error.strerror or error}); "
                "the file was left as it was"
            ) from None
        version = FileVersion.of(status, generation)
        self._parsed = _Parsed(version, data, generation, migrations.SCHEMA_VERSION, {})
        self._seen = version
        self.generation = generation
        self._back_up(payload)

    def _keep_older_schema(self) -> None:
        """Keep a file of an older schema (for an older tui-reader) before upgrading it."""
        parsed = self._parsed
        if parsed is None or parsed.schema >= migrations.SCHEMA_VERSION:
            return
        kept = self.path.with_name(f"{self.path.name}.schema{parsed.schema}")
        if not os.path.lexists(kept):
            keep_as(self.path, kept)

    def _back_up(self, payload: bytes) -> None:
        """Copy the saved version to the backups.

        A backup that cannot be written (a full disk) must not turn a save that
        succeeded into an error; the next save writes it again.
        """
        with contextlib.suppress(OSError):
            write_backup(self.path, payload, self.backups)

    def close(self) -> None:
        """Nothing is held open between operations."""


class _KeyedTable(Table):
    """A TinyDB table keyed by our string ids, without a query cache that would hide
    other instances' changes."""

    document_id_class = str  # type: ignore[assignment]
    default_query_cache_capacity = 0


class _KeyedTinyDB(TinyDB):
    table_class = _KeyedTable


def open_tinydb(path: str | Path) -> TinyDB:
    """The database as a read-only TinyDB, for queries (`table("annotations").search(...)`).

    Read-only because TinyDB's own writes would bypass the lock and the
    conflict checks; write through `Store`.
    """
    return _KeyedTinyDB(path, storage=AtomicJSONStorage, read_only=True)
