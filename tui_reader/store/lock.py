"""The lock every writer of a database holds across its read-modify-write.

It must hold even when something deletes files beside the database (a cleanup
script removing `*.lock`, a sync tool): with a lock file, a writer arriving
after the deletion creates a new file, locks it, and two writers each think
they hold the lock, so one overwrites the other's save (17 of 1,500 saves of
five writers were lost that way). So, where the system allows it, the lock is
an `flock` on the database's directory, which cannot be deleted while the
database is in it. Where a directory cannot be locked (some network file
systems), it is an `flock` on `NAME.lock`, opened without following a link
and taken only when the file locked is still the one at that path; that
covers a deletion before the lock is taken, not one while it is held (five
writers with the file deleted every millisecond still lose saves there). Windows,
which has no `flock` and cannot delete a file held open, uses filelock's lock
on `NAME.lock`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

_POLL_FIRST, _POLL_MOST = 0.002, 0.05
"""Seconds between attempts while another process holds the lock (doubling up to most)."""
_CONTENDED = frozenset({errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES})
_UNLOCKABLE = frozenset({errno.EBADF, errno.EINVAL, errno.ENOLCK, errno.EOPNOTSUPP, errno.EACCES})
"""What `open` or `flock` of a directory fails with where it cannot be locked."""


class LockTimeout(Exception):
    """Another process held the lock for longer than the timeout."""


class Lock(Protocol):
    def acquire(self) -> None: ...

    def release(self) -> None: ...


@contextlib.contextmanager
def holding(lock: Lock) -> Iterator[None]:
    """Hold `lock` for the duration of a `with` block."""
    lock.acquire()
    try:
        yield
    finally:
        lock.release()


def lock_path(database: Path) -> Path:
    """The lock file, used where the directory cannot be locked."""
    return database.with_name(database.name + ".lock")


def database_lock(database: Path, timeout: float) -> Lock:
    """The inter-process lock guarding every read-modify-write of `database`."""
    if sys.platform == "win32":  # pragma: no cover - no flock on Windows
        from filelock import FileLock, Timeout

        class _WindowsLock:
            def __init__(self) -> None:
                self._lock = FileLock(str(lock_path(database)), timeout=timeout)

            def acquire(self) -> None:
                try:
                    self._lock.acquire()
                except Timeout:
                    raise LockTimeout(str(database)) from None

            def release(self) -> None:
                self._lock.release()

        return _WindowsLock()
    return FlockLock(database, timeout)


class FlockLock:
    """An exclusive `flock` on the database's directory, or else on a checked lock file.

    Each instance is one holder: two instances in one process exclude each other
    as two processes do. Not reentrant.
    """

    def __init__(self, database: Path, timeout: float, *, use_directory: bool = True) -> None:
        self.database = database
        self.timeout = timeout
        self.use_directory = use_directory
        self._descriptor: int | None = None

    def acquire(self) -> None:
        if self._descriptor is not None:
            raise RuntimeError("the database lock is already held by this holder")
        deadline = time.monotonic() + self.timeout
        pause = _POLL_FIRST
        while True:
            descriptor = self._try_once()
            if descriptor is not None:
                self._descriptor = descriptor
                return
            if time.monotonic() >= deadline:
                raise LockTimeout(str(self.database))
            time.sleep(pause)
            pause = min(pause * 2, _POLL_MOST)

    def release(self) -> None:
        descriptor, self._descriptor = self._descriptor, None
        if descriptor is not None:
            # Closing the last descriptor releases the flock even if unlocking failed.
            with contextlib.suppress(OSError):
                _flock(descriptor, unlock=True)
            os.close(descriptor)

    def _try_once(self) -> int | None:
        """A descriptor holding the lock, or None when another process holds it."""
        if self.use_directory:
            try:
                return self._try_directory()
            except OSError as error:
                if error.errno not in _UNLOCKABLE:
                    raise
                self.use_directory = False
        return self._try_file()

    def _try_directory(self) -> int | None:
        descriptor = os.open(self.database.parent, os.O_RDONLY | _flag("O_DIRECTORY") | _CLOEXEC)
        return descriptor if _locked(descriptor) else None

    def _try_file(self) -> int | None:
        path = lock_path(self.database)
        flags = os.O_RDWR | os.O_CREAT | _flag("O_NOFOLLOW") | _flag("O_NONBLOCK") | _CLOEXEC
        try:
            descriptor = os.open(path, flags, 0o600)
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise OSError(error.errno, "the lock file is a symbolic link", str(path)) from None
            raise
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            os.close(descriptor)
            raise OSError(errno.EINVAL, "the lock file is not a regular file", str(path))
        if not _locked(descriptor):
            return None
        # Deleted or replaced between our open and our lock: what we hold locks nothing.
        try:
            current = os.stat(path, follow_symlinks=False)
        except FileNotFoundError:
            current = None
        if current is None or (current.st_dev, current.st_ino) != (status.st_dev, status.st_ino):
            self._descriptor = descriptor
            self.release()
            return None
        return descriptor


def _locked(descriptor: int) -> bool:
    """Take the flock on `descriptor` if free; close it and say False if it is held."""
    try:
        _flock(descriptor)
    except OSError as error:
        os.close(descriptor)
        if error.errno in _CONTENDED:
            return False
        raise
    return True


def _flock(descriptor: int, *, unlock: bool = False) -> None:
    import fcntl

    fcntl.flock(descriptor, fcntl.LOCK_UN if unlock else fcntl.LOCK_EX | fcntl.LOCK_NB)


def _flag(name: str) -> int:
    return int(getattr(os, name, 0))


_CLOEXEC = _flag("O_CLOEXEC")
