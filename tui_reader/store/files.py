"""The database file: its versions, its lock, and what a killed writer leaves beside it.

Writing it atomically is `tui_reader.atomic_files`' job; this module knows what
is particular to the database (the generation in its header, what a killed
writer leaves); `lock.py` is its lock.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from tui_reader.atomic_files import TEMPORARY_SUFFIX, temporary_prefix, write_all
from tui_reader.store.fileformat import HEADER_BYTES, header_generation


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


def remove_leftovers(path: Path) -> None:
    """Delete temporary files a killed process left beside `path`.

    Only safe under the database lock: every writer holds it while its
    temporary file exists.
    """
    for leftover in path.parent.glob(f"{temporary_prefix(path)}*{TEMPORARY_SUFFIX}"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def keep_as(path: Path, kept: Path) -> None:
    """Give the file at `path` a second name `kept`, without copying where links exist.

    Neither way follows or replaces something already named `kept` (a planted
    link): that is a `FileExistsError`.
    """
    try:
        os.link(path, kept)
    except FileExistsError:
        raise
    except OSError:
        data = path.read_bytes()
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(kept, flags, 0o600)
        try:
            write_all(descriptor, data)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def resolved(path: Path) -> Path:
    """The file a database path names, through any symbolic links.

    Saving replaces the file by renaming a new one over it; done on a link, that
    would replace the link with a regular file and leave its target stale. So
    the database, its backups and its lock all live beside the link's target.
    """
    return Path(os.path.realpath(path))


def is_writable(path: Path) -> bool:
    """Whether we may create files beside `path` and replace it."""
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)
