"""Publication dates as written in pages and articles, read into ISO 8601.

Pages give machine dates (`2024-03-04T09:30:00Z`); text files and people write
them for readers ("March 4, 2024", "4 March 2024", "Mon 4 Mar 2024 09.30 GMT").
Both become ISO 8601: a date (`2024-03-04`), or a date and time when the source
gave a machine time. Forms whose day and month could be either way round
(`03/04/2024`) are not guessed at, and a time written for readers is left out,
since its zone ("ET", "BST") cannot be trusted to mean one offset.
"""

from __future__ import annotations

import re
from datetime import date, datetime

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_TIME = (
    r"(?:\s*(?:,|at|-|–|—)?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?"
    r"(?:\s+[A-Z]{2,5}(?:[+-]\d{1,2})?)?)?"
)
"""A time after a written date ("10:15 GMT", "4.05pm ET"): allowed, and left out."""
_WRITTEN = [
    re.compile(rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}{_TIME}", re.IGNORECASE),
    re.compile(rf"{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}{_TIME}", re.IGNORECASE),
]
_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_BASIC_DATE = re.compile(r"\d{8}")
"""20240304, as some pages write their date meta tags."""
EARLIEST_YEAR = 1800
LATEST_YEAR = 2200
"""Years outside these are typing mistakes or placeholders, not publication dates."""


def parse_date(text: str) -> str | None:
    """`text` as an ISO 8601 date (or date and time), or None when it is not one.

    The whole of `text` must be the date (surrounding white space aside): this
    reads a value, it does not search a sentence.
    """
    value = " ".join(text.split())
    if not value:
        return None
    if _ISO_START.match(value):
        return _iso(value)
    if _ISO_BASIC_DATE.fullmatch(value):
        return _iso(f"{value[:4]}-{value[4:6]}-{value[6:]}")
    for pattern in _WRITTEN:
        match = pattern.fullmatch(value)
        if match:
            return _written(match)
    return None


def find_written_date(text: str) -> tuple[str, int, int] | None:
    """The first date written for readers in `text`: (ISO date, start, end), or None."""
    for pattern in _WRITTEN:
        for match in pattern.finditer(text):
            found = _written(match)
            if found:
                return found, match.start(), match.end()
    return None


def _iso(value: str) -> str | None:
    candidate = value.replace(" ", "T", 1) if len(value) > 10 and value[10] == " " else value
    try:
        moment = datetime.fromisoformat(candidate)
    except ValueError:
        return None
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        return None
    if len(candidate) == 10:
        return moment.date().isoformat()
    return moment.isoformat(timespec="seconds")


def _written(match: re.Match[str]) -> str | None:
    month = MONTHS.get(match.group("month").lower())
    if month is None:
        return None
    year, day = int(match.group("year")), int(match.group("day"))
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
