"""Writing a file so that a crash, a kill or a full disk cannot leave it half done.

A file is never rewritten in place: the new content goes to a temporary file in
the same directory, which is flushed to disk and then renamed over the old one
(`os.replace` is atomic on POSIX and Windows), and the directory is flushed so
that the rename itself survives a power cut. A reader therefore sees the old
file or the new one, never a mixture, and a failure at any step before the
rename leaves the old file exactly as it was.

Used by the database, its backups, the entity cache, the personal gazetteer and
exports, so it depends on nothing else of tui-reader.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

TEMPORARY_SUFFIX = ".tmp"


class UnconfirmedWrite(OSError):
    """The new file is in place, but the disk did not confirm the rename is durable."""


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
