"""Time to the first screen in a real terminal: tmux runs the program in a pane of
120x40 and the pane is read until the article's words appear.

The same is done for `less` on the same file, which is the yardstick: a pager
shows the first screen of any file in a few milliseconds. Each run replaces the
program in the pane (`respawn-pane -k`), and the clock runs from that command
until `capture-pane` shows the words, so both programs pay the same tmux costs
(a `capture-pane` call takes about a millisecond and is repeated in a loop).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.probes import SCREEN_SIZE

POLL_TIMEOUT = 30.0
"""Seconds to wait for a first screen before the run counts as failed."""
PASSED_ON = ("PYTHONPATH",)
"""This process's variables the pane's programs get as well: a tmux server started
earlier (by another shell) has its own environment, and without PYTHONPATH the
program timed could be another checkout's."""


class TerminalUnavailable(RuntimeError):
    """tmux (or the program to compare with) is not installed."""


class TmuxPane:
    """A detached tmux session of its own, with one pane of the reader's size."""

    def __init__(
        self, environment: dict[str, str], unset: Sequence[str] = (), directory: Path | None = None
    ) -> None:
        """`environment`: variables to set for the programs run, `unset`: to remove;
        `directory`: where they run (this process's directory by default)."""
        if shutil.which("tmux") is None:
            raise TerminalUnavailable("tmux is not installed")
        self.name = f"tui-reader-bench-{os.getpid()}"
        removals = [f"-u {shlex.quote(name)}" for name in unset]
        passed = {name: os.environ[name] for name in PASSED_ON if name in os.environ}
        settings = [f"{key}={shlex.quote(value)}" for key, value in (passed | environment).items()]
        self._env_prefix = " ".join(["env", *removals, *settings])
        width, height = SCREEN_SIZE
        start = str(directory or Path.cwd())
        self._tmux(
            "new-session", "-d", "-s", self.name, "-c", start, "-x", str(width), "-y", str(height)
        )
        self._tmux("set-option", "-t", self.name, "remain-on-exit", "on")

    def _tmux(self, *arguments: str) -> str:
        completed = subprocess.run(["tmux", *arguments], capture_output=True, text=True, check=True)
        return completed.stdout

    def time_first_screen(self, command: Sequence[str], marker: str) -> float:
        """Milliseconds from starting `command` in the pane until `marker` shows in it."""
        line = f"{self._env_prefix} {shlex.join(command)}"
        started = time.perf_counter()
        self._tmux("respawn-pane", "-k", "-t", self.name, line)
        self._wait_for(
            lambda screen: marker in screen, started, f"{command[0]} showed no {marker!r}"
        )
        return (time.perf_counter() - started) * 1000

    def screen(self) -> str:
        """What the pane shows now, as text."""
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def type(self, text: str) -> None:
        """Type `text` into the pane, character by character (no key names)."""
        self._tmux("send-keys", "-t", self.name, "-l", text)

    def time_key(self, key: str, shows: Callable[[str], bool], what: str) -> tuple[float, float]:
        """Press `key` (a tmux key name) and wait until the screen `shows` its effect.

        Returns the wall-clock time the key was sent and the milliseconds until then.
        """
        sent = time.time()
        started = time.perf_counter()
        self._tmux("send-keys", "-t", self.name, key)
        self._wait_for(shows, started, what)
        return sent, (time.perf_counter() - started) * 1000

    def wait_for(self, shows: Callable[[str], bool], what: str) -> None:
        """Wait until the screen `shows` something (`what` it is, for the failure)."""
        self._wait_for(shows, time.perf_counter(), what)

    def _wait_for(self, shows: Callable[[str], bool], started: float, what: str) -> None:
        """Read the pane in a loop until `shows` is true of it (a failure after POLL_TIMEOUT)."""
        while time.perf_counter() - started < POLL_TIMEOUT:
            if shows(self.screen()):
                return
        raise RuntimeError(f"{what} in {POLL_TIMEOUT:.0f} s:\n{self.screen().strip()}")

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)

    def __enter__(self) -> TmuxPane:
        return self

    def __exit__(self, *_exception: object) -> None:
        self.close()


def screen_marker(article: Path) -> str:
    """Words from the article's first paragraph (the third non-blank line: after the
    headline and the byline), which only the article pane shows, not the title bar."""
    with article.open(encoding="utf-8") as handle:
        lines = [line for line in (handle.readline() for _ in range(10)) if line.strip()]
    return " ".join(lines[min(2, len(lines) - 1)].split()[:2])


def reader_command(article: Path, database: Path) -> list[str]:
    """The installed `tui-reader` command next to this interpreter, else `python -m`."""
    import sys

    script = Path(sys.executable).parent / "tui-reader"
    program = [str(script)] if script.exists() else [sys.executable, "-m", "tui_reader"]
    return [*program, str(article), "--db", str(database), "--ner", "rules"]


def less_command(article: Path) -> list[str] | None:
    """`less ARTICLE`, or None where less is not installed."""
    less = shutil.which("less")
    return None if less is None else [less, str(article)]
