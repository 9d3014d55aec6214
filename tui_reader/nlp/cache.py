"""A cache of computed entities, in files of its own (never the annotations database).

One file per (content hash, backend, backend version) under `<cache dir>/entities/`.
A 10 MB article has some 200,000 entities, so the format is packed for loading
speed rather than readability:

    b"TUIENT1\\n"                 magic and format version
    header as one JSON line      {"content_hash", "backend", "version", "count", "labels"}
    starts                       count x uint32, little-endian
    lengths                      count x uint32, little-endian
    label indexes                count x uint8, into "labels"

Loading 200,000 entities takes about 0.1 s, most of it building `Entity` objects.
Files are written to a temporary name and renamed, so a reader never sees half a
file; any file that cannot be read is a cache miss, never an error: the cache is
safe to delete at any time.
"""

from __future__ import annotations

import hashlib
import sys
from array import array
from pathlib import Path

import orjson

from tui_reader.atomic_files import atomic_write
from tui_reader.nlp.entities import Entity

_MAGIC = b"TUIENT1\n"
_MAX_FILES = 500
_PRUNE_EVERY = 50
"""Saves between trims after the first: a folder of articles added at once saves one
file each, and a trim lists the whole directory (the cache holds at most this many
files over `max_files` meanwhile)."""
"""How many cached articles to keep; the oldest are removed beyond that."""


def _uint32(values: list[int]) -> bytes:
    packed = array("I", values)
    if packed.itemsize != 4:  # pragma: no cover - every platform we support has 4-byte "I"
        raise RuntimeError("array('I') is not 32-bit here")
    if sys.byteorder == "big":  # pragma: no cover - the format is little-endian
        packed.byteswap()
    return packed.tobytes()


def _read_uint32(data: memoryview) -> list[int]:
    unpacked = array("I")
    unpacked.frombytes(data)
    if sys.byteorder == "big":  # pragma: no cover
        unpacked.byteswap()
    return unpacked.tolist()


class EntityCache:
    """Entities per (content hash, backend, version), in `directory`/entities."""

    def __init__(self, directory: Path, max_files: int = _MAX_FILES) -> None:
        self.directory = directory / "entities"
        self.max_files = max_files
        self._saves_since_pruned: int | None = None
        """None until the first save of this process, which trims at once."""

    def path_for(self, content_hash: str, backend: str, version: str) -> Path:
        """The file for a key; the version (which may hold any character) is hashed."""
        version_digest = hashlib.sha256(version.encode("utf-8")).hexdigest()[:16]
        return self.directory / f"{content_hash}.{backend}.{version_digest}.ent"

    def load(self, content_hash: str, backend: str, version: str) -> list[Entity] | None:
        """The cached entities, or None when there are none (or the file is unreadable)."""
        path = self.path_for(content_hash, backend, version)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            return self._decode(data, content_hash, backend, version)
        except (ValueError, KeyError, IndexError, TypeError, orjson.JSONDecodeError):
            return None

    @staticmethod
    def _decode(data: bytes, content_hash: str, backend: str, version: str) -> list[Entity] | None:
        if not data.startswith(_MAGIC):
            return None
        header_end = data.index(b"\n", len(_MAGIC))
        header = orjson.loads(data[len(_MAGIC) : header_end])
        if (header["content_hash"], header["backend"], header["version"]) != (
            content_hash,
            backend,
            version,
        ):
            return None  # a digest collision, or a file copied by hand
        count = int(header["count"])
        labels = [str(label) for label in header["labels"]]
        body = memoryview(data)[header_end + 1 :]
        if len(body) != count * 9:
            return None  # truncated
        starts = _read_uint32(body[: count * 4])
        lengths = _read_uint32(body[count * 4 : count * 8])
        label_of = [labels[index] for index in body[count * 8 :]]
        return [
            Entity(start, start + length, label)
            for start, length, label in zip(starts, lengths, label_of, strict=True)
        ]

    def save(self, content_hash: str, backend: str, version: str, entities: list[Entity]) -> Path:
        """Store the entities of one article (atomically), then trim old files."""
        labels = sorted({entity.label for entity in entities})
        if len(labels) > 255:
            raise ValueError("more than 255 distinct labels cannot be cached")
        index = {label: position for position, label in enumerate(labels)}
        header = {
            "content_hash": content_hash,
            "backend": backend,
            "version": version,
            "count": len(entities),
            "labels": labels,
        }
        payload = b"".join(
            [
                _MAGIC,
                orjson.dumps(header),
                b"\n",
                _uint32([entity.start for entity in entities]),
                _uint32([entity.end - entity.start for entity in entities]),
                bytes(index[entity.label] for entity in entities),
            ]
        )
        path = self.path_for(content_hash, backend, version)
        self.directory.mkdir(parents=True, exist_ok=True)
        atomic_write(path, payload, durable=False)  # a lost cache file is only recomputed
        if self._saves_since_pruned is None or self._saves_since_pruned + 1 >= _PRUNE_EVERY:
            self.prune()
            self._saves_since_pruned = 0
        else:
            self._saves_since_pruned += 1
        return path

    def prune(self) -> None:
        """Keep the `max_files` most recently written files."""
        try:
            files = sorted(
                self.directory.glob("*.ent"), key=lambda p: p.stat().st_mtime, reverse=True
            )
        except OSError:
            return
        for stale in files[self.max_files :]:
            stale.unlink(missing_ok=True)

    def clear(self) -> None:
        """Remove every cached file."""
        for path in self.directory.glob("*.ent"):
            path.unlink(missing_ok=True)
