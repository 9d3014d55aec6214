"""tui-reader's own JSON: every field of every annotation, and the article's identity.

This is the format that loses nothing: an export read back with `import` gives
the same records (same ids, times, claims and logs), and importing it twice adds
nothing. The article's text is not included (it is the user's file); its content
hash is, so the annotations find their article again without it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from tui_reader.document import Article
from tui_reader.errors import UserError
from tui_reader.export.common import ExportResult
from tui_reader.export.incoming import ImportedFile, Incoming
from tui_reader.export.validation import record
from tui_reader.model import Annotation, ArticleRecord, now_iso, storable
from tui_reader.nlp.entities import Entity
from tui_reader.schema import Fields, describe

FORMAT_NAME = "tui-reader"
VERSION = 1
"""Bumped when a change would make older tui-readers misread the file."""


def export(
    article: Article, annotations: Sequence[Annotation], entities: Sequence[Entity]
) -> ExportResult:
    """The article record and every annotation, as `Annotation.to_dict` gives it.

    Entities are not written: they are recomputed from the text, and the user's
    corrections to them are annotations, which are.
    """
    document = {
        "format": FORMAT_NAME,
        "version": VERSION,
        "exported": now_iso(),
        "article": {  # a file name that is not UTF-8 is written escaped (`model.storable`)
            "content_hash": article.content_hash,
            "title": storable(article.title),
            "name": storable(article.name),
            "path": storable(str(article.path)) if article.path else "",
            "length": len(article.text),
        },
        "annotations": [annotation.to_dict() for annotation in annotations],
    }
    return ExportResult("json", json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def is_native(document: Any) -> bool:
    return isinstance(document, dict) and document.get("format") == FORMAT_NAME


def read(document: dict[str, Any], source: str) -> ImportedFile:
    """The annotations of a native export, every one checked against the database's schema.

    `source` names the file in error messages. The article's path is not taken
    from the file: it names a file on someone else's machine, or any file at
    all. The annotations find their article by its content hash.
    """
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise UserError(
            f"{source}: version: must be a whole number from 1, not {describe(version)}"
        )
    if version > VERSION:
        raise UserError(
            f"{source}: tui-reader JSON version {version} is newer than this tui-reader "
            f"reads (up to {VERSION}); upgrade tui-reader"
        )
    records = document.get("annotations")
    if not isinstance(records, list):
        raise UserError(f'{source}: no "annotations" list in this tui-reader export')
    imported = ImportedFile("tui-reader json")
    for number, item in enumerate(records, start=1):
        label = f"annotation {number}"
        with record(label):
            imported.items.append(Incoming(Annotation.from_dict(item), label))
    with record("the article"):
        article = Fields(document).record("article")
        if article is not None and "content_hash" in article.data:
            described = ArticleRecord(
                content_hash=article.content_hash("content_hash"),
                title=article.text("title", "") or article.text("name", ""),
                length=article.offset("length", 0),
            )
            imported.articles[described.content_hash] = described
    return imported
