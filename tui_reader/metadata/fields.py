"""An article's metadata: headline, outlet, authors, date published and address.

Several sources know some of it, and each is one `MetadataFields`: the values
given with `--meta` for one export, those the user set (stored with the article
in the library), those the HTML page declares about itself, and those the first
lines of a text file show. `resolve` takes, field by field, the value of the
first source that has one, in that order, and remembers where it came from
(`ArticleMetadata.origins`), so a report can be trusted and a screen can say
"from the page" or "set by you".

Every value passes through `clean_value` whatever its source, because pages and
files are untrusted text: one line, no control characters, bounded length; a
date in ISO 8601; an address that is an absolute http(s) URL.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from tui_reader.errors import UserError
from tui_reader.metadata.dates import parse_date

FIELD_NAMES = ("title", "outlet", "authors", "published", "url")
"""The metadata fields, in the order reports list them."""

KEY_ALIASES = {
    "title": "title",
    "headline": "title",
    "outlet": "outlet",
    "publisher": "outlet",
    "author": "authors",
    "authors": "authors",
    "published": "published",
    "date": "published",
    "url": "url",
}
"""Names a user may give a field (with `--meta`, in the app) -> the field."""
USER_KEYS = ("title", "outlet", "author", "published", "url")
"""The names the README and error messages give (the first alias of each field)."""

MAX_LENGTHS = {"title": 500, "outlet": 200, "authors": 200, "url": 2000}
"""Longest value kept per field (per name, for authors): longer ones are not metadata."""
MAX_AUTHORS = 20

Value = str | tuple[str, ...]
"""A field's value: a string, or for `authors` a tuple of names; empty means unknown."""

_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
"""Control characters, zero-width and direction marks: none belongs in a one-line value."""


class MetadataError(UserError):
    """A value the user gave for a field is not one that field can hold (a one-line
    message for the user, as every `UserError`)."""


class Origin(StrEnum):
    """Where a metadata value came from, the most trusted first."""

    OPTION = "option"
    """Given for one export (`--meta`)."""
    SET = "set"
    """Set by the user, or learnt from an import (stored with the article)."""
    PAGE = "page"
    """Declared by the HTML page (JSON-LD, Open Graph, `<meta>`, canonical link)."""
    HEADER = "header"
    """Read from the first lines of the text (headline, byline, dateline, date, URL)."""
    FILE = "file"
    """The title tui-reader shows for the article (its first line, else the file name)."""


@dataclass(frozen=True)
class MetadataFields:
    """What one source says about an article; "" (or no authors) means it does not say."""

    title: str = ""
    outlet: str = ""
    authors: tuple[str, ...] = ()
    published: str = ""
    """ISO 8601: a date (2024-03-04) or a date and time."""
    url: str = ""

    def known(self) -> dict[str, Value]:
        """The fields this source gives, by name."""
        return {name: value for name in FIELD_NAMES if (value := getattr(self, name))}

    def with_value(self, name: str, value: Value) -> MetadataFields:
        """A copy with one field set (an empty value clears it)."""
        if name not in FIELD_NAMES:
            raise MetadataError(f"unknown metadata field {name!r}")
        if isinstance(value, tuple) != (name == "authors"):
            raise TypeError(f"{name} takes {'a tuple of names' if name == 'authors' else 'a str'}")
        change: dict[str, Any] = {name: value}
        return replace(self, **change)

    def to_dict(self) -> dict[str, Any]:
        """The known fields as JSON values (authors a list)."""
        return {
            name: list(value) if isinstance(value, tuple) else value
            for name, value in self.known().items()
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MetadataFields:
        """Read stored fields back; a wrong type is a `TypeError` (a damaged record)."""
        if not isinstance(data, Mapping):
            raise TypeError("metadata must be an object")
        read = cls()
        for name, value in data.items():
            if name not in FIELD_NAMES:
                continue  # written by a newer tui-reader: kept out rather than refused
            if name == "authors":
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise TypeError("metadata authors must be a list of strings")
                read = read.with_value(name, tuple(value))
            elif isinstance(value, str):
                read = read.with_value(name, value)
            else:
                raise TypeError(f"metadata {name} must be a string")
        return read


EMPTY = MetadataFields()


@dataclass(frozen=True)
class ArticleMetadata:
    """An article's metadata as every export and screen should use it (see `resolve`)."""

    content_hash: str
    title: str
    outlet: str = ""
    authors: tuple[str, ...] = ()
    published: str = ""
    url: str = ""
    origins: Mapping[str, Origin] = field(default_factory=dict)
    """Field name -> where its value came from, for every field that has one."""

    @property
    def published_date(self) -> str:
        """The date part of `published` (YYYY-MM-DD), or ""."""
        return self.published[:10]

    def fields(self) -> MetadataFields:
        return MetadataFields(**{name: getattr(self, name) for name in FIELD_NAMES})


def resolve(
    content_hash: str, shown_title: str, sources: Iterable[tuple[Origin, MetadataFields]]
) -> ArticleMetadata:
    """Each field from the first source that gives it; the title falls back to `shown_title`.

    `sources` come most trusted first (see `Origin`).
    """
    merged = EMPTY
    origins: dict[str, Origin] = {}
    for origin, source in sources:
        for name, value in source.known().items():
            if name not in origins:
                merged = merged.with_value(name, value)
                origins[name] = origin
    if "title" not in origins:
        origins["title"] = Origin.FILE
    return ArticleMetadata(
        content_hash=content_hash,
        title=merged.title or shown_title,
        outlet=merged.outlet,
        authors=merged.authors,
        published=merged.published,
        url=merged.url,
        origins=origins,
    )


def field_of(key: str) -> str:
    """The field a user's key names ("date" -> "published"); a `MetadataError` if none."""
    name = KEY_ALIASES.get(key.strip().lower())
    if name is None:
        known = ", ".join(USER_KEYS)
        raise MetadataError(f"unknown metadata field {key!r} (known: {known})")
    return name


def clean_value(name: str, value: str | Sequence[str]) -> Value:
    """A value the user gave, made what field `name` holds; a `MetadataError` says why not.

    Authors may be given as a list, or as one string with names separated by ";".
    An empty value (or list) clears the field.
    """
    if name == "authors":
        names = value.split(";") if isinstance(value, str) else list(value)
        cleaned = clean_names(names)
        if len(cleaned) > MAX_AUTHORS:
            raise MetadataError(f"at most {MAX_AUTHORS} authors")
        if any(len(one) > MAX_LENGTHS["authors"] for one in cleaned):
            raise MetadataError(f"an author's name is longer than {MAX_LENGTHS['authors']}")
        return cleaned
    if not isinstance(value, str):
        raise MetadataError(f"{name} takes one value")
    text = one_line(value)
    if not text:
        return ""
    if name == "published":
        found = parse_date(text)
        if found is None:
            raise MetadataError(
                f"{text!r} is not a date (write it as YYYY-MM-DD, or like 4 March 2024)"
            )
        return found
    if name == "url":
        if not is_web_address(text):
            raise MetadataError(f"{text!r} is not a web address (http:// or https://)")
        return text
    limit = MAX_LENGTHS.get(name)
    if limit is None:
        raise MetadataError(f"unknown metadata field {name!r}")
    if len(text) > limit:
        raise MetadataError(f"{name} is longer than {limit} characters")
    return text


def found_text(value: str, name: str) -> str:
    """A value read from a page or a file: one line, or "" when it is too long to be one."""
    text = one_line(value)
    return text if len(text) <= MAX_LENGTHS.get(name, 500) else ""


def clean_names(names: Iterable[str]) -> tuple[str, ...]:
    """Names on one line each, empty ones and repeats dropped, in their order."""
    seen: dict[str, None] = {}
    for name in names:
        text = one_line(name)
        if text and text.casefold() not in {known.casefold() for known in seen}:
            seen[text] = None
    return tuple(seen)


def one_line(text: str) -> str:
    """`text` with invisible and control characters removed and white space folded."""
    return " ".join(_INVISIBLE.sub(" ", unicodedata.normalize("NFC", text)).split())


def is_web_address(text: str) -> bool:
    """An absolute http(s) URL with a host and nothing a URL may not hold."""
    if len(text) > MAX_LENGTHS["url"] or any(c.isspace() or c in '<>"`' for c in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
