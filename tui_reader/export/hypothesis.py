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

from tui_reader.export.incoming import ImportedFile, Incoming, stable_id
from tui_reader.export.validation import record, time_of
from tui_reader.model import (
    Annotation,
    Kind,
    TextPositionSelector,
    TextQuoteSelector,
)
from tui_reader.schema import Fields, InvalidRecord

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


def _rows(document: Any) -> list[Any]:
    if isinstance(document, list):
        return document
    for key in ("rows", "annotations"):
        if isinstance(document.get(key), list):
            rows: list[Any] = document[key]
            return rows
    return [document]


def read(document: Any, stamp: str) -> ImportedFile:
    """The annotations of a Hypothesis export, positions left in UTF-16 units.

    `stamp` is the time given to annotations that carry none. A field of the
    wrong type is an error naming the annotation and the field (see `validation`).
    """
    imported = ImportedFile("hypothesis")
    replies = page_notes = 0
    for number, row in enumerate(_rows(document), start=1):
        label = f"annotation {number}"
        with record(label):
            fields = Fields(row)
            if fields.data.get("references"):
                replies += 1
                continue
            incoming = _incoming(fields, label, stamp)
        if incoming is None:
            page_notes += 1
        else:
            imported.items.append(incoming)
    if replies:
        imported.ignored.append(f"{replies} repl(ies): tui-reader has no discussion threads")
    if page_notes:
        imported.ignored.append(f"{page_notes} page note(s): they quote no passage")
    return imported


def _incoming(row: Fields, label: str, stamp: str) -> Incoming | None:
    targets = list(row.records("target")) if row.data.get("target") is not None else []
    target = targets[0] if targets else None
    quote = None
    position = TextPositionSelector(0, 0)
    selectors = target.records("selector") if target and target.data.get("selector") else ()
    for selector in selectors:
        kind = selector.text("type", "")
        if kind == "TextQuoteSelector":
            quote = TextQuoteSelector(
                selector.text("exact"),
                selector.optional_text("prefix") or "",
                selector.optional_text("suffix") or "",
            )
        elif kind == "TextPositionSelector":
            start, end = selector.offset("start"), selector.offset("end")
            if start > end:
                raise InvalidRecord(selector.path, f"start ({start}) is after end ({end})")
            position = TextPositionSelector(start, end)
    if quote is None or target is None:
        return None
    text = row.optional_text("text") or ""
    tags = tuple(tag for tag in row.texts("tags") if tag.strip()) if row.data.get("tags") else ()
    created = time_of(row, "created", stamp)
    foreign_id = row.optional_text("id") or ""
    annotation = Annotation(
        id=stable_id(
            HYPOTHESIS_ANNOTATION_URL + foreign_id
            if foreign_id
            else json.dumps(row.data, sort_keys=True)
        ),
        article="",
        kind=Kind.NOTE if text.strip() or not tags else Kind.TAG,
        position=position,
        quote=quote,
        body=text,
        tags=tags,
        created=created,
        modified=time_of(row, "updated", created),
    )
    source = target.optional_text("source") or row.optional_text("uri") or ""
    return Incoming(annotation, label, source=source, utf16_positions=True)
