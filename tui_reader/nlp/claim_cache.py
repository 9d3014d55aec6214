"""A cache of the parser path's claims, so that a second opening shows them at once.

Parsing reads some 35 KB a second, so the claims of a long article are worth
keeping: one JSON file per (content hash, finder version, entities) under
`<cache dir>/claims/`. The entities are part of the key because they decide the
sources' names; the user's entity corrections change them, and so the key. A file
that cannot be read is a miss, never an error, and the cache is safe to delete.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import orjson

from tui_reader.atomic_files import atomic_write
from tui_reader.nlp.claim_cues import ClaimKind
from tui_reader.nlp.claims import ClaimCandidate
from tui_reader.nlp.entities import Entity

_FORMAT = 1
_MAX_FILES = 200


def entities_digest(entities: list[Entity] | None) -> str:
    """A short digest of the entities a finder was given."""
    digest = hashlib.sha256()
    for entity in entities or []:
        digest.update(f"{entity.start},{entity.end},{entity.label};".encode())
    return digest.hexdigest()[:16]


class ClaimCache:
    """Claims per (content hash, finder version, entities digest), in `directory`/claims."""

    def __init__(self, directory: Path, max_files: int = _MAX_FILES) -> None:
        self.directory = directory / "claims"
        self.max_files = max_files

    def path_for(self, content_hash: str, version: str, entities: str) -> Path:
        key = hashlib.sha256(f"{version}\n{entities}".encode()).hexdigest()[:20]
        return self.directory / f"{content_hash}.{key}.claims.json"

    def load(self, content_hash: str, version: str, entities: str) -> list[ClaimCandidate] | None:
        try:
            data = orjson.loads(self.path_for(content_hash, version, entities).read_bytes())
            if data["format"] != _FORMAT or data["content_hash"] != content_hash:
                return None
            return [_candidate(record) for record in data["claims"]]
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError, IndexError):
            return None

    def save(
        self, content_hash: str, version: str, entities: str, claims: list[ClaimCandidate]
    ) -> None:
        payload = {
            "format": _FORMAT,
            "content_hash": content_hash,
            "version": version,
            "claims": [_record(claim) for claim in claims],
        }
        path = self.path_for(content_hash, version, entities)
        self.directory.mkdir(parents=True, exist_ok=True)
        atomic_write(path, orjson.dumps(payload), durable=False)
        self._prune()

    def _prune(self) -> None:
        try:
            files = sorted(
                self.directory.glob("*.claims.json"), key=lambda p: p.stat().st_mtime, reverse=True
            )
        except OSError:
            return
        for stale in files[self.max_files :]:
            stale.unlink(missing_ok=True)


def _record(claim: ClaimCandidate) -> list[object]:
    return [
        *claim.source,
        *claim.cue,
        *claim.content,
        *(claim.resolved or (-1, -1)),
        claim.score,
        claim.kind.value,
    ]


def _candidate(record: list[Any]) -> ClaimCandidate:
    numbers = [int(value) for value in record[:8]]
    resolved = (numbers[6], numbers[7]) if numbers[6] >= 0 else None
    return ClaimCandidate(
        (numbers[0], numbers[1]),
        (numbers[2], numbers[3]),
        (numbers[4], numbers[5]),
        resolved,
        float(record[8]),
        ClaimKind(record[9]),
    )
