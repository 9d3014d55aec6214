"""The whole index in one file: every article's entry, read in one go.

Reading the index from one small file per article costs an open and a read
per article (a second for a library of a thousand). The pack holds the same
entries, one after another, in one file of the cache directory: an entry is
appended when it is computed, and the last one written for a content hash is
the one that counts. Each record is the entry's own cache file
(`entry.entry_to_bytes`, checksummed), prefixed by its length.

The per-article files stay the truth; the pack only makes reading them fast.
A pack that cannot be read through (another version, a record cut short or
whose checksum fails) is thrown away and written again from the per-article
entries, and an entry the pack lacks is read from its own file and appended.
When more than half the records are overwritten ones, the pack is written
again compactly.

Its `generation` (the file's identity, size and time of change) changes with
every append or rewrite, so answers computed from the pack can be kept
between runs under it (`answers.py`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tui_reader.across.entry import (
    INDEX_VERSION,
    ArticleEntry,
    entry_from_bytes,
    entry_identity,
    entry_to_bytes,
)
from tui_reader.atomic_files import atomic_write
from tui_reader.config import cache_directory

try:
    import fcntl
except ImportError:  # Windows: appends are not serialised between processes there
    fcntl = None  # type: ignore[assignment]

CACHE_SUBDIRECTORY = "across"
PACK_NAME = "library.pack"
_HEADER = b"TUIACROSSPACK " + INDEX_VERSION.encode() + b"\n"
_COMPACT_FROM = 32
"""Overwritten records tolerated before the pack is rewritten (and half the records)."""


def index_directory() -> Path:
    """Where the index is cached: its entry files, its pack and the kept answers."""
    return cache_directory() / CACHE_SUBDIRECTORY


@dataclass(frozen=True, slots=True)
class PackContents:
    """What a read of the pack found: the entries by content hash, and whether the file
    was whole (False: missing, of another version, or damaged somewhere)."""

    entries: dict[str, ArticleEntry]
    whole: bool
    records: int


@dataclass(frozen=True, slots=True)
class PackScan:
    """The records of a whole pack, found without decoding them: for each content hash
    the checksum of its last record and where that record's entry lies (`entry`)."""

    raw: bytes
    found: dict[str, tuple[bytes, int, int]]
    """Content hash -> (checksum, start, end) of its entry's bytes in `raw`."""
    records: int

    def checksum(self, content_hash: str) -> bytes | None:
        found = self.found.get(content_hash)
        return found[0] if found else None

    def entry(self, content_hash: str) -> ArticleEntry | None:
        """The entry of a content hash, decoded and checked (None: none, or damaged)."""
        found = self.found.get(content_hash)
        entry = entry_from_bytes(self.raw[found[1] : found[2]]) if found else None
        return entry if entry is not None and entry.content_hash == content_hash else None


def _record(data: bytes) -> bytes:
    """A pack record of an entry's cache file (`entry_to_bytes`)."""
    return b"%d\n" % len(data) + data


def _records(raw: bytes) -> Iterator[ArticleEntry | None]:
    """The entries of a pack's bytes after the header; None for a damaged record (and
    nothing after it, as its length cannot be trusted)."""
    position = len(_HEADER)
    while position < len(raw):
        newline = raw.find(b"\n", position, position + 24)
        length_text = raw[position:newline] if newline >= 0 else b""
        if not length_text.isdigit():
            yield None
            return
        start = newline + 1
        end = start + int(length_text)
        entry = entry_from_bytes(raw[start:end]) if end <= len(raw) else None
        yield entry
        if entry is None:
            return
        position = end


class IndexPack:
    """The pack file of an index cache directory."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / PACK_NAME

    def generation(self) -> str:
        """Changes whenever the pack is written ("" when there is none)."""
        try:
            status = self.path.stat()
        except OSError:
            return ""
        return f"{status.st_dev}:{status.st_ino}:{status.st_size}:{status.st_mtime_ns}"

    def read(self) -> PackContents:
        try:
            raw = self.path.read_bytes()
        except OSError:
            return PackContents({}, whole=False, records=0)
        if not raw.startswith(_HEADER):
            return PackContents({}, whole=False, records=0)
        entries: dict[str, ArticleEntry] = {}
        records = 0
        for entry in _records(raw):
            if entry is None:
                return PackContents(entries, whole=False, records=records)
            entries[entry.content_hash] = entry
            records += 1
        return PackContents(entries, whole=True, records=records)

    def scan(self) -> PackScan | None:
        """The pack's records without decoding them; None when the pack is missing, of
        another version, or has a record that is not an entry of this version (a read
        through `IndexCache.load_many` then repairs it)."""
        try:
            raw = self.path.read_bytes()
        except OSError:
            return None
        if not raw.startswith(_HEADER):
            return None
        found: dict[str, tuple[bytes, int, int]] = {}
        records = 0
        position = len(_HEADER)
        while position < len(raw):
            newline = raw.find(b"\n", position, position + 24)
            length_text = raw[position:newline] if newline >= 0 else b""
            if not length_text.isdigit():
                return None
            start = newline + 1
            end = start + int(length_text)
            identity = entry_identity(raw[start : min(end, start + 512)])
            if end > len(raw) or identity is None:
                return None
            found[identity[0]] = (identity[1], start, end)
            records += 1
            position = end
        return PackScan(raw, found, records)

    def append(self, entries: Iterable[ArticleEntry]) -> None:
        """Add entries at the end (a pack that cannot be written only costs time later)."""
        self.append_encoded(entry_to_bytes(entry) for entry in entries)

    def append_encoded(self, encoded: Iterable[bytes]) -> None:
        """Add entries given as their cache files (`entry_to_bytes`), already encoded."""
        data = b"".join(_record(one) for one in encoded)
        if not data:
            return
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                if fcntl is not None:
                    fcntl.flock(descriptor, fcntl.LOCK_EX)
                if os.fstat(descriptor).st_size == 0:
                    data = _HEADER + data
                os.write(descriptor, data)
            finally:
                os.close(descriptor)

    def rewrite(self, entries: Iterable[ArticleEntry]) -> None:
        """Replace the pack by one holding exactly `entries` (atomically)."""
        data = _HEADER + b"".join(_record(entry_to_bytes(entry)) for entry in entries)
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, data, durable=False)

    def needs_compacting(self, contents: PackContents | PackScan) -> bool:
        kept = len(contents.entries if isinstance(contents, PackContents) else contents.found)
        return contents.records - kept > max(_COMPACT_FROM, kept)
