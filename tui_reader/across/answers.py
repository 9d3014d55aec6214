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

_MAGIC = b"TUIANSWER 3"
TEXT_SHOWN = 90
"""Characters of a claim shown in a table cell."""


@dataclass(frozen=True, slots=True)
class Answer:
    """A command's answer in both its forms: what `--format json` prints (rendered
    once, when computed, and kept as the bytes printed: megabytes that need not be
    decoded to be printed), and the table's rows with the lines printed after it."""

    json: bytes
    """UTF-8 (a lone surrogate from a hostile file passed through as it is)."""
    rows: list[list[str]]
    lines: list[str]

    @classmethod
    def of(cls, json_text: str, rows: list[list[str]], lines: list[str]) -> Answer:
        return cls(json_text.encode("utf-8", "surrogatepass"), rows, lines)

    @property
    def json_text(self) -> str:
        return self.json.decode("utf-8", "surrogatepass")


def short_line(text: str) -> str:
    """A claim on one line, cut to `TEXT_SHOWN` characters (a table cell)."""
    line = " ".join(text.split())
    return line if len(line) <= TEXT_SHOWN else line[: TEXT_SHOWN - 1] + "…"


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


def checksum(data: bytes | memoryview) -> bytes:
    """A cache file's check against damage (SHA-1: the quickest here, megabytes in a few
    milliseconds; a cache has no adversary to resist)."""
    return hashlib.sha1(data, usedforsecurity=False).hexdigest().encode()


def write_checked(path: Path, magic: bytes, payload: bytes) -> None:
    """Keep a cache file: a head line of its kind, the program's code and the payload's
    checksum, then the payload (a cache that cannot be written only costs time later)."""
    head = b" ".join([magic, code_digest().encode(), checksum(payload)])
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, head + b"\n" + payload, durable=False)


def read_checked(path: Path, magic: bytes) -> memoryview | None:
    """The payload `write_checked` kept, not copied (megabytes); None when the file is
    missing, of another kind or code, or damaged."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    newline = raw.find(b"\n")
    payload = memoryview(raw)[newline + 1 :]
    if raw[:newline] != b" ".join([magic, code_digest().encode(), checksum(payload)]):
        return None
    return payload


class AnswerCache:
    """One kept answer per command, in the index's cache directory.

    A file is a header line (magic, key, checksum of the rest, length of the JSON),
    then the JSON exactly as printed, then the table's rows and lines: the JSON is
    written out as it was read, never parsed again (a thousand articles' sources
    are megabytes of it).
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, command: str) -> Path:
        return self.directory / f"answer-{command}.bin"

    def load(self, command: str, key: str) -> Answer | None:
        """The kept answer of `command` if it was computed under `key`, else None."""
        try:
            raw = self._path(command).read_bytes()
        except OSError:
            return None
        head, _, rest = raw.partition(b"\n")
        parts = head.split(b" ")
        if len(parts) != 5 or parts[:2] != _MAGIC.split() or parts[2] != key.encode():
            return None
        if not parts[4].isdigit() or parts[3] != checksum(rest):
            return None
        length = int(parts[4])
        try:
            table = orjson.loads(rest[length:])
            return Answer(rest[:length], table["rows"], table["lines"])
        except (orjson.JSONDecodeError, KeyError, TypeError):
            return None

    def save(self, command: str, key: str, answer: Answer) -> None:
        """Keep an answer (a cache that cannot be written only costs time later)."""
        with contextlib.suppress(OSError, orjson.JSONEncodeError):  # lone surrogates: not kept
            printed = answer.json
            rest = printed + orjson.dumps({"rows": answer.rows, "lines": answer.lines})
            head = b" ".join([*_MAGIC.split(), key.encode(), checksum(rest), b"%d" % len(printed)])
            self.directory.mkdir(parents=True, exist_ok=True)
            atomic_write(self._path(command), head + b"\n" + rest, durable=False)
