"""What a format reader hands to the importer: annotations not yet placed on an article.

Readers only translate a file into `Incoming` records; deciding which article
they belong to, anchoring them in its text and merging them into the database is
the importer's job, the same for every format.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from tui_reader.model import Annotation, ArticleRecord

TEXT_HASH_URN = "urn:tui-reader:text-sha256:"
"""What a record of labelled spans annotates when its file names no article: the text it
holds, by hash, which is an article only if the library has one of exactly that text."""
FOREIGN_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "tui-reader:foreign-annotation")
"""Namespace of the uuid5 ids given to annotations whose own id is not a UUID."""


@dataclass(frozen=True)
class Incoming:
    """One annotation read from a file.

    `annotation.position` is only a hint until the importer anchors the quote.
    `annotation.article` is the content hash when the file names one (tui-reader's
    own exports); otherwise it is empty and `source` says what the file annotates
    (a file URI, a web address, a hash URN).
    """

    annotation: Annotation
    record: str
    """Names the record in the file for error messages ("annotation 3", "line 12")."""
    source: str = ""
    utf16_positions: bool = False
    """Positions count UTF-16 code units (Hypothesis, WebAnno), not code points."""
    page: str = ""
    """The web page the annotation was made on (a Hypothesis `uri`), to find its article."""


@dataclass
class ImportedFile:
    """Everything a reader found in one file."""

    format: str
    items: list[Incoming] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    """What the file holds that tui-reader has no place for, one message each."""
    kept: list[str] = field(default_factory=list)
    """What was kept in another shape than the file's (a span cut in fragments, replies
    folded into their annotation's note), one message each."""
    articles: dict[str, ArticleRecord] = field(default_factory=dict)
    """Article records the file describes, by content hash."""


def stable_id(foreign_id: str) -> str:
    """Our id for an annotation from another tool: its UUID, or a uuid5 of its id.

    The same foreign annotation always gets the same id, so importing a file twice
    finds the first copy instead of adding a second.
    """
    candidate = foreign_id.removeprefix("urn:uuid:")
    try:
        return str(uuid.UUID(candidate))
    except ValueError:
        return str(uuid.uuid5(FOREIGN_ID_NAMESPACE, foreign_id))
