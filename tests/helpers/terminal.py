"""Run tui-reader in a real pseudo-terminal: send keys, read every byte it writes.

Stdin, stdout and stderr are the terminal, as for a user (Textual draws on
stderr). What tui-reader prints after leaving the alternate screen, once the
terminal is restored, is `after_restore`.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class TerminalRun:
    process: subprocess.Popen[bytes]
    master: int
    output: bytearray = field(default_factory=bytearray)

    def read_for(self, seconds: float) -> None:
        """Collect what the program writes for `seconds` (or until it closes the terminal)."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], min(left, 0.05))
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                self.output.extend(chunk)

    def wait_for(self, text: bytes, seconds: float = 20.0) -> bool:
        """Read until `text` has been written (True) or `seconds` have passed."""
        deadline = time.monotonic() + seconds
        while text not in self.output and time.monotonic() < deadline:
            self.read_for(0.1)
        return text in self.output

    def send(self, keys: str, pause: float = 0.3) -> None:
        os.write(self.master, keys.encode("utf-8"))
        self.read_for(pause)

    def finish(self, seconds: float = 20.0) -> int:
        """Wait for the exit and read what is left; returns the exit code."""
        deadline = time.monotonic() + seconds
        while self.process.poll() is None and time.monotonic() < deadline:
            self.read_for(0.1)
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        self.read_for(0.2)
        os.close(self.master)
        return self.process.returncode

    @property
    def after_restore(self) -> str:
        """The text written after the alternate screen was left, mode resets taken out."""
        _, _, tail = bytes(self.output).rpartition(b"\x1b[?1049l")
        return _MODE_SEQUENCE.sub("", tail.decode("utf-8", "replace")).replace("\r\n", "\n")


_MODE_SEQUENCE = re.compile(r"\x1b\[[?<>=]?[0-9;]*[a-zA-Z]")
"""The private-mode resets Textual writes after leaving the alternate screen."""


def _own_terminal() -> None:
    """In the child: a session of its own, with the pseudo-terminal as its terminal."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def start(
    code: str, cwd: Path, env: dict[str, str], size: tuple[int, int] = (120, 40)
) -> TerminalRun:
    """Run `python -c code` with a pseudo-terminal of `size` (columns, rows)."""
    master, slave = pty.openpty()
    columns, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=cwd,
        env={**os.environ, "TERM": "xterm-256color", **env},
        preexec_fn=_own_terminal,
    )
    os.close(slave)
    return TerminalRun(process, master)
