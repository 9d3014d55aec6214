"""One article's part of the cross-article index, and how it is written to the cache.

An `ArticleEntry` holds what is computed from the article's text alone
(metadata, the finder's claims with their sources, quotations and figures, the
people the article names in full), so it depends only on the content hash and
the versions of the recogniser and the finder that made it. The user's claims
(accepted, rated) live in the notes database and are laid over it when the
index is read (`index.py`).

A cache file is our own, but a cache can be damaged or written by another
version: `entry_from_json` returns None for anything that does not fit, and
the entry is then computed again.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

INDEX_VERSION = "3"
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


def entry_to_json(entry: ArticleEntry) -> dict[str, Any]:
    return asdict(entry)


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
        raise TypeError("expected a list of strings")
    return tuple(value)


def _count_from(data: Any) -> Count:
    if not isinstance(data, dict):
        raise TypeError("a count must be an object")
    count = Count(
        start=data["start"],
        end=data["end"],
        low=float(data["low"]),
        high=float(data["high"]),
        group=data["group"],
        events=_strings(data["events"]),
        names=_strings(data["names"]),
    )
    if not isinstance(count.start, int) or not isinstance(count.end, int):
        raise TypeError("offsets must be whole numbers")
    if not isinstance(count.group, str):
        raise TypeError("group must be a string")
    return count


def _claim_from(data: Any) -> IndexedClaim:
    if not isinstance(data, dict):
        raise TypeError("a claim must be an object")
    claim = IndexedClaim(
        start=data["start"],
        end=data["end"],
        text=data["text"],
        source=data["source"],
        written=data["written"],
        source_label=data["source_label"],
        cue=data["cue"],
        kind=data["kind"],
        quotes=_strings(data["quotes"]),
        figures=_strings(data["figures"]),
        names=_strings(data["names"]),
        counts=tuple(_count_from(item) for item in data["counts"]),
        status=data["status"],
        annotation_id=data["annotation_id"],
    )
    offsets = (claim.start, claim.end)
    texts = (claim.text, claim.source, claim.written, claim.source_label, claim.cue, claim.kind)
    if not all(isinstance(o, int) and not isinstance(o, bool) for o in offsets):
        raise TypeError("offsets must be whole numbers")
    if not all(isinstance(t, str) for t in (*texts, claim.status, claim.annotation_id)):
        raise TypeError("texts must be strings")
    return claim


def entry_from_json(data: Any) -> ArticleEntry | None:
    """The entry a cache file holds, or None when it is not one (damaged, other version)."""
    try:
        if not isinstance(data, dict) or not str(data.get("made_by", "")).startswith(
            INDEX_VERSION + ":"
        ):
            return None
        people = data["people"]
        if not isinstance(people, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in people.items()
        ):
            return None
        ties = data["ties"]
        if not isinstance(ties, list | tuple):
            return None
        entry = ArticleEntry(
            content_hash=data["content_hash"],
            title=data["title"],
            path=data["path"],
            published=data["published"],
            outlet=data["outlet"],
            authors=_strings(data["authors"]),
            length=data["length"],
            claims=tuple(_claim_from(item) for item in data["claims"]),
            people=people,
            ties=tuple((a, b) for a, b in (_strings(pair) for pair in ties)),
            quotations=tuple(_claim_from(item) for item in data["quotations"]),
            made_by=data["made_by"],
        )
    except (KeyError, TypeError, ValueError):
        return None
    header = (entry.content_hash, entry.title, entry.path, entry.published, entry.outlet)
    if not all(isinstance(value, str) for value in header) or not isinstance(entry.length, int):
        return None
    return entry
