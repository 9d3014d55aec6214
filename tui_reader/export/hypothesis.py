"""Reading Hypothesis annotations: the client's JSON export, or the API's search results.

Hypothesis runs in the browser, so its TextPositionSelector counts UTF-16 code
units (JavaScript string indices), where tui-reader counts code points: every
character outside the Basic Multilingual Plane (most emoji, some CJK) before a
passage shifts it by one. `Utf16Offsets` converts; the importer uses the result
only as a hint, since the quote decides where an annotation goes.

Page notes (no selector) have no passage in the text and are skipped, and said
so; replies are kept in the note of the annotation they answer.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, datetime
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
from tui_reader.wording import counted

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


def _separate_replies(document: Any) -> list[Any]:
    """The replies an API search made with `_separate_replies=true` lists apart."""
    if isinstance(document, dict) and isinstance(document.get("replies"), list):
        replies: list[Any] = document["replies"]
        return replies
    return []


@dataclass
class _Reply:
    root: str
    author: str
    created: str
    modified: str
    text: str


def read(document: Any, stamp: str) -> ImportedFile:
    """The annotations of a Hypothesis export, positions left in UTF-16 units.

    `stamp` is the time given to annotations that carry none. A field of the
    wrong type is an error naming the annotation and the field (see
    `validation`). Replies (in the rows, or apart in a `_separate_replies`
    response) are kept in the note of the annotation they answer, each with
    its author and date; the page an annotation was made on (`uri`) is kept for
    the importer to find its article.
    """
    imported = ImportedFile("hypothesis")
    page_notes = orphan_replies = 0
    roots: list[tuple[Incoming, str]] = []
    replies: list[_Reply] = []
    authors: Counter[str] = Counter()
    groups: Counter[str] = Counter()
    rows = [(f"annotation {n}", row) for n, row in enumerate(_rows(document), start=1)]
    rows += [(f"reply {n}", row) for n, row in enumerate(_separate_replies(document), start=1)]
    for label, row in rows:
        with record(label):
            fields = Fields(row)
            author = _author(fields)
            references = fields.texts("references") if fields.data.get("references") else ()
            if references:
                replies.append(_reply(fields, references[0], author, stamp))
                continue
            found = _incoming(fields, label, stamp)
            if found is None:
                page_notes += 1
                continue
            roots.append((found, fields.optional_text("id") or ""))
            authors[author] += 1
            groups[fields.optional_text("group") or ""] += 1
    threads: dict[str, list[_Reply]] = {}
    for reply in replies:
        threads.setdefault(reply.root, []).append(reply)
    for incoming, foreign_id in roots:
        thread = threads.pop(foreign_id, []) if foreign_id else []
        imported.items.append(_with_replies(incoming, thread))
    orphan_replies = sum(len(thread) for thread in threads.values())
    kept = len(replies) - orphan_replies
    if kept:
        imported.kept.append(
            f"{kept} repl(ies) kept in the note of the annotation they answer, "
            "with their author and date"
        )
    if orphan_replies:
        imported.ignored.append(
            f"{orphan_replies} repl(ies) to annotations not in this file: nothing to attach them to"
        )
    if page_notes:
        imported.ignored.append(f"{counted(page_notes, 'page note(s)')}: they quote no passage")
    if roots:
        who = [name for name in authors if name]
        places = [name for name in groups if name]
        imported.ignored.append(
            f"who wrote each of {counted(len(roots), 'annotation(s)')} "
            f"({counted(len(who), 'Hypothesis user(s)')}) "
            f"and its group ({len(places)}): tui-reader's annotations have no author or group"
        )
    return imported


def _author(row: Fields) -> str:
    """Who wrote an annotation: the display name, else the account without `acct:`."""
    info = row.record("user_info")
    name = info.optional_text("display_name") if info is not None else None
    account = (row.optional_text("user") or "").removeprefix("acct:")
    return " ".join((name or account).split())[:80]


def _reply(row: Fields, root: str, author: str, stamp: str) -> _Reply:
    created = time_of(row, "created", stamp)
    return _Reply(
        root=root,
        author=author or "someone",
        created=created,
        modified=time_of(row, "updated", created),
        text=(row.optional_text("text") or "").strip(),
    )


def _with_replies(incoming: Incoming, thread: list[_Reply]) -> Incoming:
    """The annotation with its replies, oldest first, after its own note."""
    if not thread:
        return incoming
    thread.sort(key=lambda reply: reply.created)
    annotation = incoming.annotation
    parts = [annotation.body.strip()] if annotation.body.strip() else []
    parts += [
        f"Reply from {reply.author} ({reply.created[:10]}): {reply.text}"
        for reply in thread
        if reply.text
    ]
    newest = max([annotation.modified, *(reply.modified for reply in thread)], key=_instant)
    changed = replace(annotation, body="\n\n".join(parts), kind=Kind.NOTE, modified=newest)
    return replace(incoming, annotation=changed)


def _instant(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


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
    page = row.optional_text("uri") or ""
    source = target.optional_text("source") or page
    return Incoming(annotation, label, source=source, utf16_positions=True, page=page or source)
