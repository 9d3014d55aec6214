"""The data model: annotations anchored to an article, claims, and article records.

Annotations follow the W3C Web Annotation model closely enough to export without
loss: a position selector (code-point offsets), a quote selector (the exact text
with some context) and the content hash of the article they were made on. Records
are immutable; a change is a new record made with `dataclasses.replace`, which
makes undo a matter of keeping the old one.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from functools import partial
from typing import Any

from tui_reader.metadata.fields import EMPTY, MetadataFields
from tui_reader.schema import Fields, InvalidRecord

QUOTE_CONTEXT = 32
"""Characters of prefix and suffix kept with every quote (as Hypothesis does)."""


class Kind(StrEnum):
    """What an annotation is; it decides how the passage is marked in the text."""

    NOTE = "note"
    TAG = "tag"
    CLAIM = "claim"
    ENTITY = "entity"
    DECISION = "decision"
    """The user's answer to a suggestion of the app (see `Decision`), kept so it is not
    asked again: a suggested claim rejected, a disagreement confirmed or dismissed."""


class Decision(StrEnum):
    """What a DECISION annotation records (its `label`)."""

    NOT_A_CLAIM = "not a claim"
    DISAGREEMENT_CONFIRMED = "disagreement confirmed"
    DISAGREEMENT_DISMISSED = "disagreement dismissed"
    CARRIED_VERDICT_DISMISSED = "carried verdict dismissed"
    """A verdict carried over from another article (its hash the body) does not hold here."""


class ClaimStatus(StrEnum):
    """A fact-checker's verdict on a claim."""

    UNVERIFIED = "unverified"
    SUPPORTED = "supported"
    PARTLY_SUPPORTED = "partly supported"
    DISPUTED = "disputed"
    FALSE = "false"
    NOT_CHECKABLE = "not checkable"


ENTITY_LABELS: dict[str, str] = {
    "PERSON": "people, including fictional",
    "NORP": "nationalities, religious or political groups",
    "FAC": "buildings, airports, highways, bridges",
    "ORG": "companies, agencies, institutions",
    "GPE": "countries, cities, states",
    "LOC": "non-GPE locations, mountain ranges, bodies of water",
    "PRODUCT": "objects, vehicles, foods",
    "EVENT": "named hurricanes, battles, wars, sports events",
    "WORK_OF_ART": "titles of books, songs",
    "LAW": "named documents made into laws",
    "LANGUAGE": "any named language",
    "DATE": "absolute or relative dates or periods",
    "TIME": "times smaller than a day",
    "PERCENT": "percentage",
    "MONEY": "monetary values",
    "QUANTITY": "measurements, as of weight or distance",
    "ORDINAL": "first, second",
    "CARDINAL": "numerals that do not fall under another type",
}
"""OntoNotes entity labels (the names spaCy uses) with what each covers."""


def now_iso(timespec: str = "seconds") -> str:
    """The current time as ISO 8601 with a timezone, as W3C annotations require
    (to the microsecond, `timespec="microseconds"`, for records ordered by it)."""
    return datetime.now(UTC).isoformat(timespec=timespec)


def new_id() -> str:
    """A stable, globally unique annotation id (not a per-database counter)."""
    return str(uuid.uuid4())


@dataclass(frozen=True)
class TextPositionSelector:
    """Start and end (exclusive) in code points of the article's decoded text."""

    start: int
    end: int


@dataclass(frozen=True)
class TextQuoteSelector:
    """The quoted passage with up to `QUOTE_CONTEXT` characters on either side."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence for or against a claim."""

    url: str = ""
    quote: str = ""
    stance: str = "context"
    """supports, refutes or context as the app writes it; any other reads as context."""
    note: str = ""


@dataclass(frozen=True)
class StatusChange:
    """An entry of a claim's log: when its status became what."""

    status: ClaimStatus
    at: str


class LinkRelation(StrEnum):
    """How the reader says two claims bear on each other (the same both ways)."""

    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"


@dataclass(frozen=True)
class ClaimLink:
    """A link the reader made from this claim to another one of the same article."""

    relation: LinkRelation
    claim: str
    """The other claim's annotation id (it holds the same link back to this one)."""


@dataclass(frozen=True)
class Claim:
    """Who claims what (Source + Cue + Content, after the PARC scheme) and the verdict."""

    source: str = ""
    cue: str = ""
    status: ClaimStatus = ClaimStatus.UNVERIFIED
    source_label: str = ""
    """The entity type of the source when it is a named entity (its link to the
    Entities tab, by text and type rather than by offsets, which edits move)."""
    evidence: tuple[Evidence, ...] = ()
    rationale: str = ""
    log: tuple[StatusChange, ...] = ()
    links: tuple[ClaimLink, ...] = ()
    group: str = ""
    """The disagreement group the reader put the claim in ("": none). Claims sharing
    it disagree about one thing; a group made from a flagged disagreement is named
    by that flag's decision (its annotation id), so its resolution is known."""

    def with_status(self, status: ClaimStatus) -> Claim:
        """A copy with a new status, its change logged (no entry when unchanged)."""
        if status == self.status and self.log:
            return self
        entry = StatusChange(status=status, at=now_iso())
        return replace(self, status=status, log=(*self.log, entry))


@dataclass(frozen=True)
class Annotation:
    """A note, tag set, claim or entity correction on a passage of an article."""

    article: str
    kind: Kind
    position: TextPositionSelector
    quote: TextQuoteSelector
    body: str = ""
    tags: tuple[str, ...] = ()
    claim: Claim | None = None
    label: str = ""
    id: str = field(default_factory=new_id)
    created: str = field(default_factory=now_iso)
    modified: str = ""
    orphan: bool = False

    def __post_init__(self) -> None:
        if not self.modified:
            object.__setattr__(self, "modified", self.created)

    @property
    def start(self) -> int:
        return self.position.start

    @property
    def end(self) -> int:
        return self.position.end

    def touched(self, **changes: Any) -> Annotation:
        """A copy with `changes` applied and `modified` set to now."""
        return replace(self, modified=now_iso(), **changes)

    def summary(self) -> str:
        """One line saying what the annotation holds, for lists and reports."""
        if self.kind is Kind.TAG:
            return ", ".join(self.tags)
        if self.kind is Kind.CLAIM and self.claim is not None:
            source = self.claim.source or "unknown source"
            return f"{self.claim.status.upper()} · {source}"
        if self.kind in (Kind.ENTITY, Kind.DECISION):
            return self.label or "not an entity"
        return self.body.strip().splitlines()[0] if self.body.strip() else ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = str(self.kind)
        data["tags"] = list(self.tags)
        if self.claim is not None:
            data["claim"]["status"] = str(self.claim.status)
            data["claim"]["evidence"] = [asdict(item) for item in self.claim.evidence]
            data["claim"]["log"] = [
                {"status": str(entry.status), "at": entry.at} for entry in self.claim.log
            ]
            data["claim"]["links"] = [
                {"relation": str(link.relation), "claim": link.claim} for link in self.claim.links
            ]
        return data

    @classmethod
    def from_dict(cls, data: object) -> Annotation:
        """Decode a stored or imported record, checking every field's type and range.

        Raises `InvalidRecord` naming the first field that is wrong. Fields this
        version does not know are ignored.
        """
        fields = Fields(data)
        position = fields.required_record("position")
        start, end = position.offset("start"), position.offset("end")
        if start > end:
            raise InvalidRecord(position.path, f"start ({start}) is after end ({end})")
        quote = fields.required_record("quote")
        created = fields.time("created")
        claim = fields.record("claim")
        return cls(
            id=fields.identifier("id"),
            article=fields.content_hash("article"),
            kind=fields.choice("kind", Kind),
            position=TextPositionSelector(start, end),
            quote=TextQuoteSelector(
                exact=quote.text("exact"),
                prefix=quote.text("prefix", ""),
                suffix=quote.text("suffix", ""),
            ),
            body=fields.text("body", ""),
            tags=fields.texts("tags"),
            claim=None if claim is None else _claim_from(claim),
            label=fields.text("label", ""),
            created=created,
            modified=fields.time("modified", created),
            orphan=fields.flag("orphan", False),
        )


def _claim_from(fields: Fields) -> Claim:
    return Claim(
        source=fields.text("source", ""),
        cue=fields.text("cue", ""),
        source_label=fields.text("source_label", ""),
        status=fields.choice("status", ClaimStatus, ClaimStatus.UNVERIFIED),
        evidence=tuple(
            Evidence(
                url=item.text("url", ""),
                quote=item.text("quote", ""),
                stance=item.text("stance", "context"),
                note=item.text("note", ""),
            )
            for item in fields.records("evidence")
        ),
        rationale=fields.text("rationale", ""),
        log=tuple(
            StatusChange(status=entry.choice("status", ClaimStatus), at=entry.time("at"))
            for entry in fields.records("log")
        ),
        links=tuple(
            ClaimLink(
                relation=link.choice("relation", LinkRelation), claim=link.identifier("claim")
            )
            for link in fields.records("links")
        ),
        group=fields.text("group", ""),
    )


def quote_selector(text: str, start: int, end: int) -> TextQuoteSelector:
    """The quote selector for text[start:end], with its context."""
    return TextQuoteSelector(
        exact=text[start:end],
        prefix=text[max(0, start - QUOTE_CONTEXT) : start],
        suffix=text[end : end + QUOTE_CONTEXT],
    )


def make_annotation(
    article_text: str, article_hash: str, kind: Kind, start: int, end: int, **fields: Any
) -> Annotation:
    """A new annotation on text[start:end] of an article, with both selectors filled."""
    return Annotation(
        article=article_hash,
        kind=kind,
        position=TextPositionSelector(start, end),
        quote=quote_selector(article_text, start, end),
        **fields,
    )


def storable(text: str) -> str:
    """`text`, or, if it holds lone surrogates, the same with them written as `\\udcff`.

    Python decodes a file name that is not valid UTF-8 with lone surrogates,
    which no JSON encoder writes: such a name is kept in this escaped form (the
    library then asks to locate the file, found again by its content).
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


@dataclass(frozen=True)
class ArticleRecord:
    """What the library knows of an article: where it was, its title, where reading stopped."""

    content_hash: str
    title: str
    path: str = ""
    length: int = 0
    position: int = 0
    status: str = "unread"  # unread | reading | done
    first_opened: str = field(default_factory=now_iso)
    last_opened: str = field(default_factory=now_iso)
    metadata: MetadataFields = EMPTY
    """The article's metadata as the user set it (or an import learnt it): these values
    win over what the file says (see `tui_reader.metadata`)."""

    def to_dict(self) -> dict[str, Any]:
        """The record as the database holds it (a title or path JSON can hold, see `storable`)."""
        data = asdict(self)
        data["metadata"] = self.metadata.to_dict()
        data["title"], data["path"] = storable(self.title), storable(self.path)
        return data

    @classmethod
    def from_dict(cls, data: object) -> ArticleRecord:
        """Decode a stored record (`InvalidRecord` names the field that is wrong)."""
        fields = Fields(data)
        first_opened = fields.time("first_opened", now_iso())
        metadata = fields.record("metadata")
        try:
            stored = MetadataFields.from_dict(metadata.data if metadata is not None else {})
        except TypeError as error:
            raise InvalidRecord(fields.name("metadata"), str(error)) from None
        return cls(
            content_hash=fields.content_hash("content_hash"),
            title=fields.text("title"),
            path=fields.text("path", ""),
            length=fields.offset("length", 0),
            position=fields.offset("position", 0),
            status=fields.text("status", "unread"),
            first_opened=first_opened,
            last_opened=fields.time("last_opened", first_opened),
            metadata=stored,
        )


class LinkKind(StrEnum):
    """What the user said about two names of sources."""

    MERGE = "merge"
    """The same speaker."""
    SPLIT = "split"
    """Different speakers, though joined by their names."""


@dataclass(frozen=True)
class SourceLink:
    """The user's decision that two names of sources are, or are not, one speaker.

    Names rather than claims are linked, so the decision holds for every article
    added later; links apply in the order they were made (`created`).
    """

    kind: LinkKind
    first: str
    second: str
    id: str = field(default_factory=new_id)
    created: str = field(default_factory=partial(now_iso, "microseconds"))
    """To the microsecond: two links made within a second (a merge, then at once a
    split) still apply, and are undone, in the order they were made."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind),
            "first": storable(self.first),
            "second": storable(self.second),
            "id": self.id,
            "created": self.created,
        }

    @classmethod
    def from_dict(cls, data: object) -> SourceLink:
        """Decode a stored record (`InvalidRecord` names the field that is wrong)."""
        fields = Fields(data)
        link = cls(
            kind=fields.choice("kind", LinkKind),
            first=fields.text("first"),
            second=fields.text("second"),
            id=fields.identifier("id"),
            created=fields.time("created"),
        )
        for name in ("first", "second"):
            if not getattr(link, name).strip():
                raise InvalidRecord(fields.name(name), "must name a source")
        return link
