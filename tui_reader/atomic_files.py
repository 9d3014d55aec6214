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


_NAME_BYTES_KEPT = 120
"""Of a long file name, the bytes a temporary file's name keeps (names stop at 255 bytes)."""


def temporary_prefix(path: Path) -> str:
    """Temporary files for `path` are hidden and named after it, so leftovers can be found.

    A long name is cut, so that the temporary name still fits where the name itself does.
    """
    name = path.name.encode("utf-8", "surrogateescape")[:_NAME_BYTES_KEPT]
    return f".{name.decode('utf-8', 'ignore')}."


def atomic_write(
    path: Path, payload: bytes, *, durable: bool = True, shared: bool = False
) -> os.stat_result:
    """Replace `path` with a file holding `payload`, atomically; returns the new file's status.

    `durable` flushes the file and the directory to disk before returning (the
    database needs it; a backup copy does not). A replaced file keeps its
    permissions; a new one is private (0600) unless `shared`, which gives it
    the permissions any new file gets (0666 less the umask: an export). On an
    error before the rename the temporary file is removed and `path` is
    untouched; an error flushing the directory afterwards raises `UnconfirmedWrite`.
    """
    directory = path.parent
    mode = _mode_of(path)
    if mode is None and shared:
        mode = 0o666 & ~_umask()
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


def _umask() -> int:
    """The process's umask, read without changing it where the system says it (Linux)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    current = os.umask(0o022)  # elsewhere the only way to read it is to set it
    os.umask(current)
    return current


def write_all(descriptor: int, payload: bytes) -> None:
    """`os.write` until everything is written (it may write less than asked)."""
    view = memoryview(payload)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]
