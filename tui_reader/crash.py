"""When tui-reader meets a bug: nothing is lost, and one line says where the details are.

An unexpected exception (not a `UserError`, which is the user's input and exits
2) ends tui-reader with exit code `EXIT_CRASH`, 70 (EX_SOFTWARE in sysexits.h),
after three things, in this order, each of which may fail without stopping the
next:

1. the changes the database has not written yet are saved, or, when the save
   fails again, kept in a recovery journal (`store.journal`) that the next
   start offers to apply; as a last resort they are printed as JSON;
2. the traceback goes to `crash-TIME.log` in the data directory (the temporary
   directory when that cannot be written), never to the terminal;
3. one line on stderr says what happened to the changes and where the log is.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tui_reader import __version__
from tui_reader.config import data_directory
from tui_reader.display import one_line

if TYPE_CHECKING:
    from tui_reader.store import Store

EXIT_CRASH = 70


def recovery_directories() -> list[Path]:
    """Where journals and logs go, in order: the data directory, else the temporary one."""
    return [data_directory(), Path(tempfile.gettempdir()) / "tui-reader"]


def report_crash(error: BaseException, store: Store | None, stderr: TextIO | None = None) -> int:
    """Keep the unsaved changes, log the traceback, say so in one line; returns `EXIT_CRASH`."""
    stderr = stderr or sys.stderr
    kept, leftover = keep_unsaved(store)
    log = _write_log(error, kept)
    where = f"the details are in {log}" if log else "no log could be written"
    summary = "".join(traceback.format_exception_only(error)).strip()
    line = f"tui-reader: stopped by an internal error ({summary}); {kept}; {where}"
    print(one_line(line + ", please report it"), file=stderr)
    if leftover:
        print(leftover, file=stderr)
    return EXIT_CRASH


def keep_unsaved(store: Store | None) -> tuple[str, str]:
    """Save the store's pending changes, else journal them; says what became of them.

    Returns the words for the message and, when nothing could be written at
    all, the changes as one line of JSON for the user to keep ("" otherwise).
    """
    from tui_reader.store.journal import change_to_dict, write_journal

    count = store.pending_count if store is not None else 0
    if store is None or not count:
        return "no change was waiting to be saved", ""
    changes = f"{count} unsaved change{'s' if count != 1 else ''}"
    verb = "are" if count != 1 else "is"
    try:
        store.retry_pending()
    except Exception:  # whatever stops the save, the journal is next
        pass
    else:
        return f"the {changes} {verb} now saved", ""
    pending = store.pending_changes()
    try:
        journal = write_journal(store.path, pending, recovery_directories())
    except OSError:
        data = json.dumps([change_to_dict(change) for change in pending], ensure_ascii=True)
        return f"the {changes} could not be written anywhere: they follow as JSON", data
    return f"the {changes} {verb} kept in {journal}, offered at the next start", ""


def _write_log(error: BaseException, kept: str) -> Path | None:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    report = "".join(
        [
            f"tui-reader {__version__} stopped by an internal error at {stamp}\n",
            f"command: {sys.argv!r}\n",
            f"Python {platform.python_version()} on {platform.platform()}\n",
            f"unsaved changes: {kept}\n\n",
            *traceback.format_exception(error),
        ]
    )
    for directory in recovery_directories():
        path = directory / f"crash-{stamp}-{os.getpid()}.log"
        try:
            directory.mkdir(parents=True, exist_ok=True)
            path.write_text(report, encoding="utf-8", errors="backslashreplace")
        except OSError:
            continue
        return path
    return None
