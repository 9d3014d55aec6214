"""Several processes writing one database at the same moment."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

from tui_reader.model import Kind, make_annotation
from tui_reader.store import Store

TEXT = "Several processes annotate this text at the same time. " * 20
ARTICLE_HASH = "d" * 64


def writer_ids(writer: int, saves: int, name: str = "writer") -> list[str]:
    return [f"{name}{writer}-save{save}" for save in range(saves)]


def write_annotations(database: Path, ids: list[str]) -> None:
    """Save one annotation per id, each in its own write, as a user adding notes would."""
    store = Store(database)
    for number, identifier in enumerate(ids):
        start = number % (len(TEXT) - 10)
        store.put_annotation(
            make_annotation(TEXT, ARTICLE_HASH, Kind.NOTE, start, start + 8, id=identifier)
        )


def concurrent_writers(
    database: Path, writers: int, saves: int, name: str = "writer"
) -> tuple[set[str], set[str]]:
    """Fork `writers` processes that start together; returns (ids written, ids found after).

    A writer that fails (an exception, such as a lock timeout) fails the run.
    """
    go_read, go_write = os.pipe()
    children = []
    for writer in range(writers):
        pid = os.fork()
        if pid == 0:  # the child: never return into the parent's code
            status = 1
            try:
                os.close(go_write)
                os.read(go_read, 1)  # wait until every writer exists
                write_annotations(database, writer_ids(writer, saves, name))
                status = 0
            finally:
                os._exit(status)
        children.append(pid)
    os.close(go_read)
    os.close(go_write)  # releases every writer at once
    statuses = [os.waitpid(pid, 0)[1] for pid in children]
    if any(statuses):
        raise AssertionError(f"a writer failed (wait statuses {statuses})")
    written = {
        identifier for writer in range(writers) for identifier in writer_ids(writer, saves, name)
    }
    found = {annotation.id for annotation in Store(database).annotations()}
    return written, found


@contextlib.contextmanager
def lock_file_deleted(database: Path, every: float) -> Iterator[None]:
    """While the block runs, a process deletes `NAME.lock` beside `database` every `every`
    seconds, as a cleanup script removing `*.lock` files would."""
    lock_file = database.with_name(database.name + ".lock")
    pid = os.fork()
    if pid == 0:  # the child: never return into the parent's code
        try:
            while True:
                with contextlib.suppress(FileNotFoundError):
                    lock_file.unlink()
                time.sleep(every)
        finally:
            os._exit(0)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
