"""Reading Hypothesis annotations: the client's JSON export, or the API's search results.

Hypothesis runs in the browser, so its TextPositionSelector counts UTF-16 code
units (JavaScript string indices), where tui-reader counts code points: every
character outside the Basic Multilingual Plane (most emoji, some CJK) before a
passage shifts it by one. `Utf16Offsets` converts; the importer uses the result
only as a hint, since the quote decides where an annotation goes.

Page notes (no selector) and replies have no passage in the text and are skipped,
and said so.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from typing import Any

from tui_reader.export.incoming import ImportedFile, Incoming, normalise_time, stable_id
from tui_reader.model import (
    Annotation,
    Kind,
    TextPositionSelector,
    TextQuoteSelector,
)

HYPOTHESIS_ANNOTATION_URL = "https://hypothes.is/a/"
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Offsets:
    """Converts UTF-16 code unit offsets in a text to code point offsets."""

    def __init__(self, text: str) -> None:
        astral = [match.start() for match in _ASTRAL.finditer(text)]
        # Where each astral character starts in UTF-16: its index plus the surrogates before it.
        self._astral_units = [index + count for count, index in enumerate(astral)]
        self._length = len(text)

    def to_code_points(self, units: int) -> int:
        """The code point offset of a UTF-16 offset; inside a surrogate pair, the character's."""
        before = bisect_left(self._astral_units, units)
        return min(units - before, self._length)


def is_hypothesis(document: Any) -> bool:
    """True for a client export, an API search response, or a list of API annotations."""
    if isinstance(document, dict):
        if isinstance(document.get("rows"), list):
            return True
        if isinstance(document.get("annotations"), list) and "export_date" in document:
            return True
        return _is_row(document)
    return isinstance(document, list) and bool(document) and all(_is_row(r) for r in document)


def _is_row(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("target"), list) and "uri" in value


def _rows(document: Any) -> list[dict[str, Any]]:
    if isinstance(document, list):
        rows = document
    elif isinstance(document.get("rows"), list):
        rows = document["rows"]
    elif isinstance(document.get("annotations"), list):
        rows = document["annotations"]
    else:
        rows = [document]
    return [row for row in rows if isinstance(row, dict)]


def read(document: Any, stamp: str) -> ImportedFile:
    """The annotations of a Hypothesis export, positions left in UTF-16 units.

    `stamp` is the time given to annotations that carry none.
    """
    imported = ImportedFile("hypothesis")
    replies = page_notes = 0
    for row in _rows(document):
        if row.get("references"):
            replies += 1
            continue
        incoming = _incoming(row, stamp)
        if incoming is None:
            page_notes += 1
        else:
            imported.items.append(incoming)
    if replies:
        imported.ignored.append(f"{replies} repl(ies): tui-reader has no discussion threads")
    if page_notes:
        imported.ignored.append(f"{page_notes} page note(s): they quote no passage")
    return imported


def _incoming(row: dict[str, Any], stamp: str) -> Incoming | None:
    targets = row.get("target") or []
    target = targets[0] if targets and isinstance(targets[0], dict) else {}
    quote = None
    position = TextPositionSelector(0, 0)
    for selector in target.get("selector") or []:
        if not isinstance(selector, dict):
            continue
        if selector.get("type") == "TextQuoteSelector" and isinstance(selector.get("exact"), str):
            quote = TextQuoteSelector(
                selector["exact"], selector.get("prefix") or "", selector.get("suffix") or ""
            )
        elif selector.get("type") == "TextPositionSelector":
            start, end = selector.get("start"), selector.get("end")
            if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end:
                position = TextPositionSelector(start, end)
    if quote is None:
        return None
    text = row["text"] if isinstance(row.get("text"), str) else ""
    tags = tuple(tag for tag in row.get("tags") or () if isinstance(tag, str) and tag.strip())
    created = normalise_time(row.get("created"), stamp)
    foreign_id = str(row.get("id") or "")
    annotation = Annotation(
        id=stable_id(
            HYPOTHESIS_ANNOTATION_URL + foreign_id
            if foreign_id
            else json.dumps(row, sort_keys=True)
        ),
        article="",
        kind=Kind.NOTE if text.strip() or not tags else Kind.TAG,
        position=position,
        quote=quote,
        body=text,
        tags=tags,
        created=created,
        modified=normalise_time(row.get("updated"), created),
    )
    source = target.get("source") or row.get("uri") or ""
    return Incoming(annotation, source=str(source), utf16_positions=True)
