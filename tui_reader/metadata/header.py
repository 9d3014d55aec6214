"""What the first lines of a text file say about the article: a conservative reader.

Copy saved from a news site or a wire usually starts with a header:

    Dockers walk out as pay talks collapse          <- headline (its own block)

    By Jane Doe and John Roe, Labour Correspondents <- byline
    Published 4 March 2024                          <- date line
    https://news.example.com/dockers                <- URL line

    SOUTHAMPTON, England, March 4 (Reuters) - More than 1,200 ...  <- dateline

A line is taken only when it clearly is one of these; the first line that is
none of them is the body, and reading stops there (after looking at its start
for a dateline, which names the agency and sometimes the date). A one-line
first paragraph could still pass for a headline; anything longer, ending in a
comma or colon, or starting in lower case does not. Bylines must name people:
"By Monday, the council had ..." is prose, not a byline.
"""

from __future__ import annotations

import re

from tui_reader.metadata.dates import parse_date
from tui_reader.metadata.fields import (
    MAX_AUTHORS,
    MetadataFields,
    clean_names,
    found_text,
    is_web_address,
)

HEADER_CHARS = 4000
"""Characters of the text read for a header: a header is a few short lines."""
MAX_HEADER_LINES = 12
MAX_TITLE_LINES = 3
MAX_TITLE_LINE = 150
MAX_TITLE = 250
MAX_BYLINE = 160
MAX_WORDS_BEFORE_PERIOD = 20
"""A block of its own ending in a period is a headline up to this many words (copy
saved from some sites ends headlines so: 98% of those in PolNeAR have 20 or fewer);
longer, it is a one-sentence first paragraph (news ledes run 25 to 35 words)."""

_PART_SEPARATOR = re.compile(r"\s+[|·•]\s+")
_BYLINE = re.compile(r"(?:by|from)\s+(?P<names>\S.*)", re.IGNORECASE)
_NAME_SEPARATOR = re.compile(r"\s*(?:,|;|&|\band\b|\s[-–—]\s)\s*", re.IGNORECASE)
_NAME_TAIL = re.compile(r"\s+(?:in|at|for|from|reporting|with)\s.*$", re.IGNORECASE)
_DATE_LINE = re.compile(
    r"(?:(?P<label>first published|published|posted|last updated|updated|last modified|date)"
    r"\s*(?:on\s+)?[:\-–]?\s*)?(?P<date>\S.*)",
    re.IGNORECASE,
)
_LATER_DATES = frozenset({"last updated", "updated", "last modified"})
_URL_LINE = re.compile(
    r"(?:(?:source|url|link|web|original(?:ly published)?(?:\s+(?:at|on))?"
    r"|read (?:it|more|online) (?:at|on))\s*:?\s*)?<?(?P<url>https?://\S+?)>?",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"(?=\S)(?P<place>[A-Z][\w.'’/\-]*(?:\s+[A-Z][\w.'’/\-]*){0,3}"
    r"(?:,\s*[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,2})*)?"
    r"(?:,?\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?))?"
    r"\s*\((?P<agency>[^()\n]{2,40})\)\s*[-–—]"
)
"""A dateline: place (BAMAKO, New York, ABIDJAN/ACCRA, PORT ELLIN, England) and/or date,
the agency in brackets, then a dash."""
_AGENCY = re.compile(r"[A-Z][\w&.'’\-]*(?:\s+[A-Z][\w&.'’\-]*){0,3}")
_TITLE_BREAKS = (";", ":", "—", "–", "-", "|", "?", "!")
"""How a headline line ends when a subhead follows it on the next line."""
_MARKUP = re.compile(r"^\s*(?:#{1,6}\s+|>\s*)?[*_]{0,3}|[*_]{0,3}\s*$")

_PARTICLES = frozenset(
    {"al", "el", "bin", "binti", "ibn", "da", "de", "del", "della", "der", "di", "dos"}
    | {"du", "la", "le", "st", "ter", "van", "von", "y"}
)
"""Lower-case words that belong in names (van der Berg, bin Salman, de la Cruz)."""
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_ROLE_WORDS = frozenset(
    {"agency", "agencies", "analyst", "associated", "bureau", "chief", "columnist"}
    | {"contributor", "contributors", "correspondent", "correspondents", "desk", "editor"}
    | {"editors", "journalist", "journalists", "news", "photographer", "press", "producer"}
    | {"reporter", "reporters", "service", "staff", "team", "writer", "writers"}
    | {"afp", "ap", "dpa", "reuters", "upi", "bloomberg"}
)
"""Words that make a byline part a role or an outlet ("Staff Writer"), not a person."""


def header_metadata(text: str) -> MetadataFields:
    """The headline, byline, date, URL and agency the first lines of `text` show."""
    lines = text[:HEADER_CHARS].splitlines()
    found = _Found()
    index = 0
    while index < len(lines) and found.lines_read < MAX_HEADER_LINES:
        line = _plain(lines[index])
        if not line:
            index += 1
            continue
        found.lines_read += 1
        if found.take_header_line(line):
            index += 1
            continue
        if not found.title:
            title, taken = _title_of(lines, index)
            if title:
                found.title = title
                index += taken
                continue
        found.take_dateline(line)
        break
    return found.fields()


def byline_names(line: str) -> tuple[str, ...]:
    """The people a byline names ("By Jane Doe and John Roe, Staff" -> both), else ()."""
    match = _BYLINE.fullmatch(line.strip())
    if match is None or len(line) > MAX_BYLINE:
        return ()
    text = match.group("names")
    if text.isupper():
        text = text.title()
    parts = [_NAME_TAIL.sub("", part) for part in _NAME_SEPARATOR.split(text) if part.strip()]
    if not parts or not _is_name(parts[0]):
        return ()
    return clean_names(part for part in parts if _is_name(part))[:MAX_AUTHORS]


class _Found:
    """What the header has shown so far."""

    def __init__(self) -> None:
        self.title = ""
        self.authors: tuple[str, ...] = ()
        self.published = ""
        self.updated = ""
        self.url = ""
        self.outlet = ""
        self.lines_read = 0

    def take_header_line(self, line: str) -> bool:
        """Take a byline, date or URL line (or one of parts joined by "|"); False if none."""
        parts = _PART_SEPARATOR.split(line)
        readings = [_reading(part) for part in parts]
        if not all(readings):
            return False
        for reading in readings:
            assert reading is not None
            kind, value = reading
            if kind == "authors" and not self.authors:
                self.authors = value if isinstance(value, tuple) else ()
            elif isinstance(value, str) and not getattr(self, kind):
                setattr(self, kind, value)
        return True

    def take_dateline(self, line: str) -> None:
        match = _DATELINE.match(line)
        if match is None:
            return
        agency = match.group("agency").strip()
        if _AGENCY.fullmatch(agency) and not any(c.isdigit() for c in agency):
            self.outlet = found_text(agency, "outlet")
        written = match.group("date")
        if written and not self.published and re.search(r"\d{4}$", written):
            self.published = parse_date(written) or ""

    def fields(self) -> MetadataFields:
        return MetadataFields(
            title=self.title,
            outlet=self.outlet,
            authors=self.authors,
            published=self.published or self.updated,
            url=self.url,
        )


def _is_header_line(line: str) -> bool:
    return all(_reading(part) for part in _PART_SEPARATOR.split(line))


def _reading(part: str) -> tuple[str, str | tuple[str, ...]] | None:
    """What one header part is: ("authors", names), ("published" | "updated", date), ("url", …)."""
    names = byline_names(part)
    if names:
        return "authors", names
    url = _URL_LINE.fullmatch(part)
    if url and is_web_address(url.group("url")):
        return "url", url.group("url")
    dated = _DATE_LINE.fullmatch(part)
    if dated:
        found = parse_date(dated.group("date"))
        if found:
            label = (dated.group("label") or "").lower()
            return ("updated" if label in _LATER_DATES else "published"), found
    return None


def _plain(line: str) -> str:
    """A line without Markdown heading, quote and emphasis marks, trimmed."""
    return _MARKUP.sub("", line).strip()


def _block(lines: list[str], start: int) -> tuple[list[str], bool]:
    """The lines from `start` up to a blank or header line, and whether one ended them."""
    block: list[str] = []
    for line in lines[start:]:
        plain = _plain(line)
        if not plain or (block and _is_header_line(plain)):
            return block, True
        block.append(plain)
    return block, False


def _title_of(lines: list[str], start: int) -> tuple[str, int]:
    """The headline starting at `start` and how many lines it takes, or ("", 0).

    A headline is a block of its own (a blank or header line follows) of at most
    three lines, each but the last ending in punctuation ("…in 2012;" then a
    subhead), as wrapped prose never does. In text written a paragraph per line,
    it is the first line, when a paragraph-long line follows.
    """
    block, separate = _block(lines, start)
    first = block[0]
    if not (first[0].isupper() or first[0].isdigit() or first[0] in "\"'“‘«¿¡#"):
        return "", 0
    if separate and len(block) <= MAX_TITLE_LINES:
        candidate = " ".join(block)
        broken_like_prose = any(not line.endswith(_TITLE_BREAKS) for line in block[:-1])
        fits = len(candidate) <= MAX_TITLE and all(len(line) <= MAX_TITLE_LINE for line in block)
        if fits and not broken_like_prose:
            allow_period = len(candidate.split()) <= MAX_WORDS_BEFORE_PERIOD
            title = _headline(candidate, allow_period)
            return title, (len(block) if title else 0)
        return "", 0
    if len(block) > 1 and len(first) <= MAX_TITLE_LINE < len(block[1]):
        title = _headline(first, allow_period=False)
        return title, (1 if title else 0)
    return "", 0


def _headline(text: str, allow_period: bool) -> str:
    """`text` as a headline ("" if it ends like prose); a closing period is dropped."""
    if _DATELINE.match(text) or text.endswith((",", ";", ":", "-", "–", "—")):
        return ""
    if text.endswith(".") and not text.endswith(".."):
        if not allow_period:
            return ""
        if len(text) > 1 and not text[-2].isupper():
            text = text[:-1]
    return found_text(text, "title")


def _is_name(text: str) -> bool:
    """Whether `text` reads as a person's name: two to five capitalised words."""
    words = text.split()
    if not 2 <= len(words) <= 5 or len(text) > 60 or any(c.isdigit() for c in text):
        return False
    capitalised = 0
    for word in words:
        bare = word.strip(".,'’\"")
        lower = bare.lower()
        if lower in _ROLE_WORDS:
            return False
        if lower in _PARTICLES or lower in _SUFFIXES:
            continue
        first = bare.split("-")[-1] if lower.startswith(("al-", "el-")) else bare
        letters = all(c.isalpha() or c in ".-'’" for c in first)
        if not first or not first[0].isupper() or not letters:
            return False
        capitalised += 1
    return capitalised >= 2
