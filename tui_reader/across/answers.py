"""Answers of `sources` and `echoes` kept between runs.

Grouping a thousand articles' claims into sources and echoes takes a second
or two; the answer changes only when the index or the user's claims do. So
each command's last answer is kept in the cache directory under a key made
of what it was computed from: the notes database's bytes (the library, the
user's claims and their statuses, the hand merges and splits), the pack's
generation (`pack.py`: every entry of the index), the options, and the code
that computes it. A run whose key matches prints the kept answer; any other
computes it and keeps the new one. A kept answer that fails its checksum is
computed again, like any cache file of ours.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import orjson

from tui_reader.atomic_files import atomic_write

_MAGIC = b"TUIANSWER 1 "


@dataclass(frozen=True, slots=True)
class Answer:
    """A command's answer in both its forms: what `--format json` prints (rendered
    once, when computed), and the table's rows with the lines printed after it."""

    json_text: str
    rows: list[list[str]]
    lines: list[str]


@cache
def code_digest() -> str:
    """A digest of the modules computing the answers (this package), so that an answer
    kept by another version is computed again."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def answer_key(command: str, options: str, database: Path, pack_generation: str) -> str:
    """What an answer depends on, as one digest (see the module docstring)."""
    digest = hashlib.sha256()
    for part in (command, options, pack_generation, code_digest()):
        digest.update(part.encode() + b"\0")
    with contextlib.suppress(OSError):
        digest.update(database.read_bytes())
    return digest.hexdigest()


class AnswerCache:
    """One kept answer per command, in the index's cache directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, command: str) -> Path:
        return self.directory / f"answer-{command}.json"

    def load(self, command: str, key: str) -> Answer | None:
        """The kept answer of `command` if it was computed under `key`, else None."""
        try:
            raw = self._path(command).read_bytes()
        except OSError:
            return None
        head, _, payload = raw.partition(b"\n")
        if head != _MAGIC + hashlib.sha256(payload).hexdigest().encode():
            return None
        try:
            kept = orjson.loads(payload)
            if kept["key"] != key:
                return None
            return Answer(kept["json"], kept["rows"], kept["lines"])
        except (orjson.JSONDecodeError, KeyError, TypeError):
            return None

    def save(self, command: str, key: str, answer: Answer) -> None:
        """Keep an answer (a cache that cannot be written only costs time later)."""
        payload = orjson.dumps(
            {"key": key, "json": answer.json_text, "rows": answer.rows, "lines": answer.lines}
        )
        data = _MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
        with contextlib.suppress(OSError):
            self.directory.mkdir(parents=True, exist_ok=True)
            atomic_write(self._path(command), data, durable=False)
