"""The echoes of one article and the verdicts carried over to it, looked up in a child
process for the reader: `python -m tui_reader.across.article_lookup DATABASE HASH`
writes them to its standard output as a pickle of `(passages, carried)`.

In a thread of the reader the lookup (reading the index of every article and
finding the library's echoes, seconds of pure Python on 1,000 articles) held
the interpreter's lock and delayed the first screen by some 0.8 s; in a process
of its own, at a lower priority, it shares nothing with the reader but a pipe.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
from pathlib import Path

from tui_reader.across.article_echoes import (
    CarriedOver,
    EchoedPassage,
    article_echoes,
    carried_here,
)

NICENESS = 10
Found = tuple[tuple[EchoedPassage, ...], tuple[CarriedOver, ...]]


def look_up(database: Path, content_hash: str) -> Found:
    """The article's echoed passages and carried-over verdicts, from the library's index
    (nothing for a library of one article)."""
    from tui_reader.across.commands import library_index
    from tui_reader.across.echoes import find_echoes
    from tui_reader.across.verdicts import carried_verdicts
    from tui_reader.store import Store

    store = Store(database, read_only=True)
    if len(store.articles()) < 2:
        return (), ()
    index = library_index(store, "rules")
    groups = find_echoes(index)
    return article_echoes(groups, content_hash), carried_here(
        carried_verdicts(index, groups), content_hash
    )


def look_up_in_process(database: Path, content_hash: str) -> Found:
    """`look_up` in a child process (its error output discarded: the reader draws on the
    terminal); nothing when it fails, as the marks are only a help."""
    command = [sys.executable, "-m", __name__, str(database), content_hash]
    completed = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, check=False)
    if completed.returncode != 0:
        return (), ()
    found: Found = pickle.loads(completed.stdout)  # our own child's output
    return found


if __name__ == "__main__":
    with contextlib.suppress(OSError):
        os.nice(NICENESS)
    with contextlib.redirect_stdout(sys.stderr):  # library_index may say what it left out
        result = look_up(Path(sys.argv[1]), sys.argv[2])
    sys.stdout.buffer.write(pickle.dumps(result))
