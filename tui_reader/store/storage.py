"""A TinyDB `Storage` that never leaves a half-written or silently emptied file.

Stock TinyDB truncates and rewrites its file in place, so a crash mid-write
leaves it unreadable, and it treats an unreadable file as an error only by luck.
This storage:

- writes a temporary file beside the database, fsyncs it, `os.replace`s it over
  the old one and fsyncs the directory: a reader sees the old file or the new
  one, never a mixture;
- refuses a file that is not valid JSON, naming the line and column, and never
  writes over it;
- keeps a `_meta` record (schema version and a generation counter) and refuses a
  write when the file changed since it was read (another instance wrote), so the
  caller redoes its change on fresh data instead of overwriting that work;
- opens read-only when the file or its directory cannot be written.

The caller holds `lock` across each read-modify-write (see `repository.Store`).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

import orjson
from filelock import FileLock, Timeout
from tinydb.storages import Storage

from tui_reader.errors import UserError

SCHEMA_VERSION = 1
META_KEY = "_meta"
LOCK_TIMEOUT_SECONDS = 10.0


class DatabaseError(UserError):
    """The database file cannot be used as it is; it has been left untouched."""


class ReadOnlyDatabase(DatabaseError):
    """A write was asked of a database opened read-only."""


class StaleWrite(Exception):
    """The file changed since it was read: redo the change on fresh data."""


FileIdentity = tuple[int, int, int] | None


def _identity(path: Path) -> FileIdentity:
    """What tells one version of the file from the next: inode, size, mtime."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns)


def _is_writable(path: Path) -> bool:
    directory = path.parent
    if not os.access(directory, os.W_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


class AtomicJSONStorage(Storage):
    """Crash-safe JSON storage for TinyDB (see the module docstring)."""

    def __init__(self, path: str | Path, read_only: bool | None = None) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise DatabaseError(f"{self.path}: is a directory, not a database file")
        if not self.path.parent.exists():
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise DatabaseError(
                    f"{self.path.parent}: cannot create the database directory "
                    f"({error.strerror or error})"
                ) from None
        self.read_only = not _is_writable(self.path) if read_only is None else read_only
        self.lock = FileLock(
            str(self.path) + ".lock",
            timeout=LOCK_TIMEOUT_SECONDS,
            is_singleton=False,
        )
        self.generation = 0
        self._read_identity: FileIdentity = None
        # Fail now, not at the first save, when the file is corrupt.
        self.read()

    @contextlib.contextmanager
    def locked(self):
        """Hold the inter-process lock (a no-op read-only: no lock file can be made)."""
        if self.read_only:
            yield
            return
        try:
            with self.lock:
                yield
        except Timeout:
            raise DatabaseError(
                f"{self.path}: locked by another tui-reader for over "
                f"{LOCK_TIMEOUT_SECONDS:.0f} s; try again"
            ) from None

    def read(self) -> dict[str, Any] | None:
        identity = _identity(self.path)
        if identity is None:
            self._read_identity = None
            self.generation = 0
            return None
        try:
            raw = self.path.read_bytes()
        except OSError as error:
            raise DatabaseError(f"{self.path}: cannot read ({error.strerror or error})") from None
        self._read_identity = identity
        if not raw.strip():
            raise DatabaseError(
                f"{self.path}: the database file is empty; it was left untouched "
                "(move it away to start afresh)"
            )
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise DatabaseError(
                f"{self.path}: not valid JSON at line {error.lineno}, column {error.colno} "
                f"({error.msg}); the file was left untouched"
            ) from None
        if not isinstance(data, dict):
            raise DatabaseError(f"{self.path}: not a tui-reader database (top level is not an object)")
        meta = data.pop(META_KEY, {})
        schema = meta.get("schema", SCHEMA_VERSION)
        if schema > SCHEMA_VERSION:
            raise DatabaseError(
                f"{self.path}: written by a newer tui-reader (schema {schema}, "
                f"this one knows {SCHEMA_VERSION}); upgrade tui-reader"
            )
        self.generation = int(meta.get("generation", 0))
        return data

    def write(self, data: dict[str, Any]) -> None:
        if self.read_only:
            raise ReadOnlyDatabase(f"{self.path}: opened read-only; the change was not saved")
        if _identity(self.path) != self._read_identity:
            raise StaleWrite(str(self.path))
        meta = {"schema": SCHEMA_VERSION, "generation": self.generation + 1}
        payload = orjson.dumps({META_KEY: meta, **data}, option=orjson.OPT_INDENT_2)
        self._replace_atomically(payload)
        self.generation += 1
        self._read_identity = _identity(self.path)

    def _replace_atomically(self, payload: bytes) -> None:
        directory = self.path.parent
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=".tmp", dir=directory
        )
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _fsync_directory(directory)

    def close(self) -> None:
        """Nothing is held open between operations."""


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (where the platform allows opening a directory)."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
