"""One article's part of the cross-article index, and how it is written to the cache.

An `ArticleEntry` holds what is computed from the article's text alone
(metadata, the finder's claims with their sources, quotations and figures, the
people the article names in full), so it depends only on the content hash and
the versions of the recogniser and the finder that made it. The user's claims
(accepted, rated) live in the notes database and are laid over it when the
index is read (`index.py`).

A cache file is our own, but a cache can be damaged or written by another
version: `entry_from_bytes` returns None for anything that does not fit (its
checksum tells), and the entry is then computed again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import orjson

INDEX_VERSION = "5"
"""Changes whenever an entry's content or meaning changes: older entries are recomputed."""

SUGGESTED = "suggested"
"""The status of a claim the finder suggests and the user has not accepted."""


@dataclass(frozen=True, slots=True)
class Count:
    """A figure of a claim that counts what happened to someone ("20 or more personnel"
    killed), read by `nlp.disagreements`, for comparing figures across articles."""

    start: int
    end: int
    low: float
    high: float
    group: str
    """What is counted: "combatants", "civilians", "anyone" or the noun itself."""
    events: tuple[str, ...]
    names: tuple[str, ...]
    """Stems of the names qualifying the noun ("wagner", "russia")."""


@dataclass(frozen=True, slots=True)
class IndexedClaim:
    """A claim in one article: its content's span and text, its source, what identifies it."""

    start: int
    end: int
    text: str
    """The content, as written."""
    source: str
    """The source's best name in the article ("Donald Trump" for a "he"), on one line."""
    written: str
    """The source as written where the claim is ("he", "Trump")."""
    source_label: str
    """The entity type of the source (PERSON, ORG, ...), "" when it is no named entity."""
    cue: str
    kind: str
    quotes: tuple[str, ...]
    """Normalised quotations of the content (`quotes.quotations`)."""
    figures: tuple[str, ...]
    """Figures of the content as keys (`figures.figures`)."""
    names: tuple[str, ...]
    """Normalised names of the entities the content mentions (for figures about them)."""
    counts: tuple[Count, ...] = ()
    status: str = SUGGESTED
    annotation_id: str = ""
    """The claim annotation in the notes database, for an accepted claim."""
    speaker: tuple[str, ...] = ()
    """Who the source is (`identity.speaker_of`), computed with the entry; () for none."""
    speaker_name: str = ""
    words: tuple[str, ...] = ()
    """The content's words that carry its meaning (`quotes.content_words`), kept for a
    claim with figures (figure echoes compare them)."""


@dataclass(frozen=True, slots=True)
class ArticleEntry:
    """The computed part of an article in the index (see the module docstring)."""

    content_hash: str
    title: str
    path: str
    published: str
    """ISO date from the article's metadata, "" when unknown."""
    outlet: str
    authors: tuple[str, ...]
    length: int
    claims: tuple[IndexedClaim, ...]
    people: dict[str, str] = field(default_factory=dict)
    """Surname (lower case) -> the fullest name the article gives that person."""
    ties: tuple[tuple[str, str], ...] = ()
    """(short, long): names the article itself ties, "CSP" written as "(CSP)" after a name."""
    quotations: tuple[IndexedClaim, ...] = ()
    """Quoted passages no claim of the finder covers (kind "quotation", no source): an
    echo may be quoted where the finder sees no attribution."""
    made_by: str = ""
    """Index version, recogniser and finder that computed the entry."""


_MAGIC = b"TUIACROSS " + INDEX_VERSION.encode() + b" "
"""A cache file starts with this, then the SHA-256 of the rest, a newline and the rest."""


def _count_row(count: Count) -> list[Any]:
    return [count.start, count.end, count.low, count.high, count.group, count.events, count.names]


def _claim_row(claim: IndexedClaim) -> list[Any]:
    return [
        claim.start,
        claim.end,
        claim.text,
        claim.source,
        claim.written,
        claim.source_label,
        claim.cue,
        claim.kind,
        claim.quotes,
        claim.figures,
        claim.names,
        [_count_row(count) for count in claim.counts],
        claim.status,
        claim.annotation_id,
        claim.speaker,
        claim.speaker_name,
        claim.words,
    ]


def entry_to_bytes(entry: ArticleEntry) -> bytes:
    """The cache file of an entry: claims as rows (compact, quick to read back)."""
    payload = orjson.dumps(
        {
            "content_hash": entry.content_hash,
            "title": entry.title,
            "path": entry.path,
            "published": entry.published,
            "outlet": entry.outlet,
            "authors": entry.authors,
            "length": entry.length,
            "claims": [_claim_row(claim) for claim in entry.claims],
            "people": entry.people,
            "ties": entry.ties,
            "quotations": [_claim_row(claim) for claim in entry.quotations],
            "made_by": entry.made_by,
        }
    )
    return _MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload


def _claim_from(row: list[Any]) -> IndexedClaim:
    counts = tuple(
        Count(c[0], c[1], float(c[2]), float(c[3]), c[4], tuple(c[5]), tuple(c[6])) for c in row[11]
    )
    return IndexedClaim(
        start=row[0],
        end=row[1],
        text=row[2],
        source=row[3],
        written=row[4],
        source_label=row[5],
        cue=row[6],
        kind=row[7],
        quotes=tuple(row[8]),
        figures=tuple(row[9]),
        names=tuple(row[10]),
        counts=counts,
        status=row[12],
        annotation_id=row[13],
        speaker=tuple(row[14]),
        speaker_name=row[15],
        words=tuple(row[16]),
    )


_HASH_FIELD = b'{"content_hash":"'


def entry_identity(raw: bytes) -> tuple[str, bytes] | None:
    """The content hash and checksum of a cache file, read without decoding or checking
    it (`entry_from_bytes` does both): what tells that an entry changed, for the price of
    two slices. None for what is not an entry file of this version."""
    newline = raw.find(b"\n", 0, len(_MAGIC) + 80)
    if newline < 0 or not raw.startswith(_MAGIC):
        return None
    start = newline + 1 + len(_HASH_FIELD)
    end = raw.find(b'"', start, start + 200)
    if raw[newline + 1 : start] != _HASH_FIELD or end < 0:
        return None
    try:
        return raw[start:end].decode("ascii"), raw[len(_MAGIC) : newline]
    except UnicodeDecodeError:
        return None


def entry_from_bytes(raw: bytes) -> ArticleEntry | None:
    """The entry a cache file holds, or None when it is not one: another version, or a
    file whose checksum fails (damaged, cut short, edited), to be computed again.

    The checksum is what lets the rows be read without checking every field: a
    file that passes it is one this version wrote.
    """
    head, _, payload = raw.partition(b"\n")
    if not head.startswith(_MAGIC) or head[len(_MAGIC) :] != (
        hashlib.sha256(payload).hexdigest().encode()
    ):
        return None
    try:
        data = orjson.loads(payload)
        return ArticleEntry(
            content_hash=data["content_hash"],
            title=data["title"],
            path=data["path"],
            published=data["published"],
            outlet=data["outlet"],
            authors=tuple(data["authors"]),
            length=data["length"],
            claims=tuple(_claim_from(row) for row in data["claims"]),
            people=data["people"],
            ties=tuple((a, b) for a, b in data["ties"]),
            quotations=tuple(_claim_from(row) for row in data["quotations"]),
            made_by=data["made_by"],
        )
    except (orjson.JSONDecodeError, KeyError, IndexError, TypeError, ValueError):
        return None
