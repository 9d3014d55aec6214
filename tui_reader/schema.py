"""Typed reading of JSON records, each error naming the field that is wrong.

Every record tui-reader decodes (an annotation, an article record, a conflict)
goes through `Fields`, whether it comes from the database or from a file being
imported, so that a hand-edited database and a hostile import fail the same
way: an `InvalidRecord` saying which field is wrong and why, before anything is
shown or written. Types are exact: a boolean is not a number, a number is not a
string, a string of digits is not an offset, and a string is not a list of tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from tui_reader.limits import MAX_OFFSET

E = TypeVar("E", bound=StrEnum)

_CONTENT_HASH = re.compile(r"[0-9a-f]{64}")
_MAX_TIME_LENGTH = 64
_SHOWN = 40
"""Characters of a wrong value quoted in an error message."""
_REQUIRED: Any = object()
"""Default of the readers below: the field must be present."""


class InvalidRecord(ValueError):
    """A record that does not fit its schema: which field, and what is wrong with it."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}" if field else problem)
        self.field = field
        self.problem = problem


def describe(value: object) -> str:
    """What a wrong value is, for an error message (short, control characters escaped)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = repr(value[:_SHOWN]) + ("…" if len(value) > _SHOWN else "")
        return f"the string {shown}"
    if isinstance(value, int | float):
        shown = repr(value)
        return f"the number {shown if len(shown) <= _SHOWN else shown[:_SHOWN] + '…'}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


class Fields:
    """The fields of one JSON object, read by type; `path` names it in errors.

    Each reader takes a default; without one the field must be present. A field
    present with the JSON value null counts as absent only where the reader says
    so (`record`, `optional_text`).
    """

    def __init__(self, data: object, path: str = "") -> None:
        if not isinstance(data, dict):
            raise InvalidRecord(path, f"must be an object, not {describe(data)}")
        self.data: dict[str, Any] = data
        self.path = path

    def name(self, key: str) -> str:
        """The dotted path of field `key`, as errors name it."""
        return f"{self.path}.{key}" if self.path else key

    def _value(self, key: str, default: Any) -> Any:
        if key in self.data:
            return self.data[key]
        if default is _REQUIRED:
            raise InvalidRecord(self.name(key), "is missing")
        return default

    def wrong(self, key: str, expected: str) -> InvalidRecord:
        """The error for field `key` not being `expected`."""
        return InvalidRecord(self.name(key), f"must be {expected}, not {describe(self.data[key])}")

    def text(self, key: str, default: Any = _REQUIRED) -> str:
        return _checked_text(self.name(key), self._value(key, default))

    def optional_text(self, key: str) -> str | None:
        """A string, or None when the field is absent or null."""
        return None if self.data.get(key) is None else self.text(key)

    def identifier(self, key: str, default: Any = _REQUIRED) -> str:
        """A non-empty string without white space at its ends (a record's id)."""
        value = self.text(key, default)
        if not value or value != value.strip() or len(value) > 200:
            raise self.wrong(key, "a non-empty id of at most 200 characters")
        return value

    def content_hash(self, key: str, default: Any = _REQUIRED) -> str:
        """An article's identity: 64 lowercase hexadecimal digits (SHA-256)."""
        value = self.text(key, default)
        if not is_content_hash(value):
            raise self.wrong(key, "a content hash (64 hexadecimal digits)")
        return value

    def offset(self, key: str, default: Any = _REQUIRED) -> int:
        """A whole number from 0 to `MAX_OFFSET` (an offset, a length, a count)."""
        value = self._value(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_OFFSET:
            raise self.wrong(key, f"a whole number from 0 to {MAX_OFFSET}")
        return value

    def flag(self, key: str, default: Any = _REQUIRED) -> bool:
        value = self._value(key, default)
        if not isinstance(value, bool):
            raise self.wrong(key, "true or false")
        return value

    def time(self, key: str, default: Any = _REQUIRED) -> str:
        """An ISO 8601 date and time, kept as written (`default` when absent)."""
        if key not in self.data and default is not _REQUIRED:
            return str(default)
        value = self.text(key)
        if not is_iso_time(value):
            raise self.wrong(key, "an ISO 8601 date and time")
        return value

    def choice(self, key: str, choices: type[E], default: Any = _REQUIRED) -> E:
        value = self.text(key, default)
        try:
            return choices(value)
        except ValueError:
            allowed = ", ".join(repr(str(choice)) for choice in choices)
            raise self.wrong(key, f"one of {allowed}") from None

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of strings (absent: empty)."""
        value = self._value(key, [])
        if not isinstance(value, list):
            raise self.wrong(key, "a list of strings")
        name = self.name(key)
        return tuple(_checked_text(f"{name}[{index}]", item) for index, item in enumerate(value))

    def record(self, key: str) -> Fields | None:
        """The object in field `key`, or None when the field is absent or null."""
        value = self.data.get(key)
        if value is None:
            return None
        return Fields(value, self.name(key))

    def required_record(self, key: str) -> Fields:
        return Fields(self._value(key, _REQUIRED), self.name(key))

    def records(self, key: str) -> Iterator[Fields]:
        """The objects of the list in field `key` (absent: none)."""
        value = self._value(key, [])
        if not isinstance(value, list):
            raise self.wrong(key, "a list of objects")
        for index, item in enumerate(value):
            yield Fields(item, f"{self.name(key)}[{index}]")


def _checked_text(name: str, value: object) -> str:
    """`value` if it is a string of characters (no lone surrogate, which no file can hold)."""
    if not isinstance(value, str):
        raise InvalidRecord(name, f"must be a string, not {describe(value)}")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidRecord(name, "holds a lone surrogate, which is not a character") from None
    return value


def is_content_hash(value: object) -> bool:
    return isinstance(value, str) and _CONTENT_HASH.fullmatch(value) is not None


def is_iso_time(value: str) -> bool:
    if len(value) > _MAX_TIME_LENGTH:
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True
