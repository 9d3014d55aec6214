"""Running the `tui-reader` command as a user would, and checking how it fails."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path


def run(
    *args: str | Path,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
    preexec_fn: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run `tui-reader ARGS` in a fresh interpreter, returning the completed process."""
    return subprocess.run(
        [sys.executable, "-m", "tui_reader", *map(str, args)],
        input=stdin,
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=60,
        preexec_fn=preexec_fn,
    )


def one_line_error(result: subprocess.CompletedProcess[bytes]) -> str:
    """Assert the process failed the documented way (exit 2, one line, no traceback)."""
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    return stderr
