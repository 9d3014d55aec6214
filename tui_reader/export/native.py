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
from tui_reader.model import Annotation, ArticleRecord, now_iso
from tui_reader.nlp.entities import Entity

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
        "article": {
            "content_hash": article.content_hash,
            "title": article.title,
            "name": article.name,
            "path": str(article.path) if article.path else "",
            "length": len(article.text),
        },
        "annotations": [annotation.to_dict() for annotation in annotations],
    }
    return ExportResult("json", json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def is_native(document: Any) -> bool:
    return isinstance(document, dict) and document.get("format") == FORMAT_NAME


def read(document: dict[str, Any], source: str) -> ImportedFile:
    """The annotations of a native export; `source` names the file in error messages."""
    version = document.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise UserError(
            f"{source}: tui-reader JSON version {version!r} is newer than this tui-reader "
            f"reads (up to {VERSION}); upgrade tui-reader"
        )
    records = document.get("annotations")
    if not isinstance(records, list):
        raise UserError(f'{source}: no "annotations" list in this tui-reader export')
    imported = ImportedFile("tui-reader json")
    for number, record in enumerate(records, start=1):
        try:
            annotation = Annotation.from_dict(record)
        except (KeyError, TypeError, ValueError) as error:
            raise UserError(
                f"{source}: annotation {number} is not valid ({type(error).__name__}: {error})"
            ) from None
        imported.items.append(Incoming(annotation))
    article = document.get("article")
    if isinstance(article, dict) and isinstance(article.get("content_hash"), str):
        record = ArticleRecord(
            content_hash=article["content_hash"],
            title=str(article.get("title") or article.get("name") or ""),
            path=str(article.get("path") or ""),
            length=article["length"] if isinstance(article.get("length"), int) else 0,
        )
        imported.articles[record.content_hash] = record
    return imported
