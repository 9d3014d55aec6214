"""Text of user or article origin written into Markdown so that it stays text.

A note may hold `# heading`, a claim source `a | b`, an evidence quote
`[link](javascript:…)`, a tag `1.` or `---`: written as they are, each would
change the report's structure (a heading, a table cell, a live link, a list, a
rule). Everything of user or article origin goes through `inline` (one line,
every character Markdown reads as syntax escaped) or `block` (several lines,
each also kept from starting a list, a heading or a rule). Control
characters are shown as pictures by the caller (`display.displayable` over the
whole report), since a report is also read in terminals.

Links are made only to http(s) addresses, with the address written between
angle brackets (no space, `<` or `>` left in it), so no string can close the
link early or become a link of its own.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import quote, unquote

from tui_reader.metadata.fields import is_web_address

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#!&$])")
_LINE_START_MARKER = re.compile(r"^(\s*)(\d+)([.)])|^(\s*)([-+=])", re.MULTILINE)
_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
"""In English whatever the locale (the report's language)."""


def inline(text: str) -> str:
    """Text on one line with the characters Markdown would read as formatting escaped."""
    return _INLINE_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def block(text: str) -> str:
    """Multi-line text with Markdown syntax escaped and its line breaks kept."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
    return "  \n".join(_LINE_START_MARKER.sub(_escape_marker, inline(line)) for line in lines)


def blockquote(text: str) -> str:
    """`text` as a Markdown blockquote, line by line."""
    return "\n".join(f"> {line}" if line else ">" for line in block(text).splitlines())


def link(label: str, address: str) -> str:
    """A link to an http(s) address, or the label alone (escaped) for any other address."""
    shown = inline(label) or inline(address)
    if not is_web_address(address.strip()):
        return shown
    destination = quote(address.strip(), safe="!#$%&'()*+,-./:;=?@[]^_`{|}~")
    return f"[{shown}](<{destination}>)"


def local_address(address: str) -> str:
    """An address that is not a web page, said without the machine's paths.

    A `file:` URL or a path names a file on the reader's disk: the report, sent
    to an editor, names the file only ("local file minutes.pdf").
    """
    stripped = address.strip()
    if stripped.lower().startswith("file:") or stripped.startswith(("/", "~", "\\")):
        name = unquote(re.split(r"[/\\]", stripped.rstrip("/\\"))[-1])
        return "local file " + inline(name.removeprefix("file:"))
    return inline(stripped)


def shortened(text: str, limit: int) -> str:
    """`text` on one line, cut between words to at most `limit` characters with "…"."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"


def readable_date(iso: str) -> str:
    """An ISO 8601 date ("4 March 2024") or date and time ("4 March 2024, 09:30 UTC")."""
    try:
        moment = datetime.fromisoformat(iso.strip())
    except ValueError:
        return iso
    day = f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"
    if len(iso.strip()) <= 10:
        return day
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
        return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M} UTC"
    return f"{day}, {moment:%H:%M}"


def _escape_marker(match: re.Match[str]) -> str:
    """Keep "1." or "-" at the start of a line from turning the line into a list."""
    if match.group(2) is not None:
        return f"{match.group(1)}{match.group(2)}\\{match.group(3)}"
    return f"{match.group(4)}\\{match.group(5)}"
