"""Reading a file the user names: only a regular file, and only up to a size.

`/dev/zero` or `/dev/urandom` would be read until the memory runs out, and a
FIFO would block the open until some other program writes to it; so the file is
opened without blocking, refused unless it is a regular file, and read no
further than the limit (a file may grow while it is read).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tui_reader.errors import UserError
from tui_reader.limits import MEGABYTE

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_CHUNK = 4 * MEGABYTE


def too_large(source: str, limit: int, what: str) -> UserError:
    """The error for an input above `limit` bytes."""
    return UserError(
        f"{source}: larger than the {limit // MEGABYTE} MB tui-reader reads as {what}; "
        "is it the right file?"
    )


def read_regular_file(path: Path, limit: int, what: str) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them.

    `what` names what the file should be ("an article"), for the messages:
    every problem is a one-line `UserError` naming the path.
    """
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UserError(f"{path}: is a directory, not {what}") from None
    except OSError as error:
        raise UserError(f"{path}: cannot read ({error.strerror or error})") from None
    try:
        return _read_checked(descriptor, path, limit, what)
    except OSError as error:
        raise UserError(f"{path}: cannot read ({error.strerror or error})") from None
    finally:
        os.close(descriptor)


def _read_checked(descriptor: int, path: Path, limit: int, what: str) -> bytes:
    status = os.fstat(descriptor)
    if stat.S_ISDIR(status.st_mode):
        raise UserError(f"{path}: is a directory, not {what}")
    if not stat.S_ISREG(status.st_mode):
        raise UserError(f"{path}: not a regular file (a device, pipe or socket), so not {what}")
    if status.st_size > limit:
        raise too_large(str(path), limit, what)
    # One read of the size the file says it has (no copy for the usual file), then
    # smaller ones until the end, in case it grew.
    chunks = []
    size = 0
    wanted = status.st_size + 1
    while size <= limit:
        chunk = os.read(descriptor, min(wanted, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        wanted = _CHUNK
    if size > limit:
        raise too_large(str(path), limit, what)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)
