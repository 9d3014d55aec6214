"""File operations that a crash, a kill or a full disk cannot leave half done.

A file is never rewritten in place: the new content goes to a temporary file in
the same directory, which is flushed to disk and then renamed over the old one
(`os.replace` is atomic on POSIX and Windows), and the directory is flushed so
that the rename itself survives a power cut. A reader therefore sees the old
file or the new one, never a mixture, and a failure at any step before the
rename leaves the old file exactly as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

from tui_reader.store.fileformat import HEADER_BYTES, header_generation

TEMPORARY_SUFFIX = ".tmp"


class UnconfirmedWrite(OSError):
    """The new file is in place, but the disk did not confirm the rename is durable."""


@dataclass(frozen=True)
class FileVersion:
    """What tells one version of the database file from another without parsing it.

    Inode, size and modification time change with every replacement, but an
    inode can be reused and the clock is coarse, so the generation counter from
    the file's first bytes is part of it too: no two saves share one.
    """

    inode: int
    size: int
    mtime_ns: int
    generation: int | None

    @classmethod
    def of(cls, status: os.stat_result, generation: int | None) -> FileVersion:
        return cls(status.st_ino, status.st_size, status.st_mtime_ns, generation)


def peek_version(path: Path) -> FileVersion | None:
    """The version of the file at `path` (None when there is none), reading only its start."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return None
    with handle:
        status = os.fstat(handle.fileno())
        return FileVersion.of(status, header_generation(handle.read(HEADER_BYTES)))


def read_versioned(path: Path) -> tuple[FileVersion, bytes] | None:
    """The whole file with its version, both taken from one open file."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return None
    with handle:
        status = os.fstat(handle.fileno())
        raw = handle.read()
    return FileVersion.of(status, header_generation(raw[:HEADER_BYTES])), raw


def temporary_prefix(path: Path) -> str:
    """Temporary files for `path` are hidden and named after it, so leftovers can be found."""
    return f".{path.name}."


def atomic_write(path: Path, payload: bytes, *, durable: bool = True) -> os.stat_result:
    """Replace `path` with a file holding `payload`, atomically; returns the new file's status.

    `durable` flushes the file and the directory to disk before returning (the
    database needs it; a backup copy does not). On an error before the rename
    the temporary file is removed and `path` is untouched; an error flushing the
    directory afterwards raises `UnconfirmedWrite`.
    """
    directory = path.parent
    mode = _mode_of(path)
    descriptor, temporary = tempfile.mkstemp(
        prefix=temporary_prefix(path), suffix=TEMPORARY_SUFFIX, dir=directory
    )
    try:
        try:
            if mode is not None:
                os.fchmod(descriptor, mode)
            write_all(descriptor, payload)
            if durable:
                os.fsync(descriptor)
            status = os.fstat(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    if durable:
        try:
            fsync_directory(directory)
        except OSError as error:
            raise UnconfirmedWrite(error.errno, error.strerror) from error
    return status


def fsync_directory(directory: Path) -> None:
    """Flush a directory's entries (the rename) to disk.

    Platforms that cannot open a directory (Windows), and file systems that do
    not support flushing one, have nothing to flush; a real I/O error is raised.
    """
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except (PermissionError, IsADirectoryError):
        return
    try:
        os.fsync(descriptor)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(descriptor)


def remove_leftovers(path: Path) -> None:
    """Delete temporary files a killed process left beside `path`.

    Only safe under the database lock: every writer holds it while its
    temporary file exists.
    """
    for leftover in path.parent.glob(f"{temporary_prefix(path)}*{TEMPORARY_SUFFIX}"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def keep_as(path: Path, kept: Path) -> None:
    """Give the file at `path` a second name `kept`, without copying where links exist."""
    try:
        os.link(path, kept)
    except FileExistsError:
        raise
    except OSError:
        shutil.copy2(path, kept)


def database_lock(path: Path, timeout: float) -> FileLock:
    """The inter-process lock guarding every read-modify-write of `path`."""
    return FileLock(str(path) + ".lock", timeout=timeout, is_singleton=False)


def is_writable(path: Path) -> bool:
    """Whether we may create files beside `path` and replace it."""
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


def _mode_of(path: Path) -> int | None:
    """The permission bits to keep when replacing `path` (a temporary file starts at 0600)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None


def write_all(descriptor: int, payload: bytes) -> None:
    """`os.write` until everything is written (it may write less than asked)."""
    view = memoryview(payload)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]
