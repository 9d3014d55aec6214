"""`tui-reader import FILE`: annotations from tui-reader JSON, W3C, Hypothesis or brat files.

The steps are the same for every format: a reader turns the file into `Incoming`
records, checking every field it reads (`validation`); each record is given its
article and anchored in that article's text, quote first and position as a
hint; what cannot be found is kept as an orphan. Every annotation and article
record is then checked against the database's own schema, and only then is
anything written, in one save: an import is all or nothing.

The article is the one named with `--article`, else one already in the library,
found by the content hash the file gives or by its source (the file the
library knows it by). A path taken from the imported file is never opened, nor
stored: the file may name any file on the machine.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from tui_reader.anchoring import locate, selectors_for
from tui_reader.document import Article
from tui_reader.errors import UserError
from tui_reader.export import brat, hypothesis, native, w3c
from tui_reader.export.incoming import ImportedFile, Incoming
from tui_reader.export.validation import (
    BadRecord,
    checked_annotation,
    checked_article,
    fits,
    parse_json,
    read_import_text,
    record,
)
from tui_reader.metadata.fields import MetadataError, clean_value, is_web_address
from tui_reader.model import Annotation, ArticleRecord, TextPositionSelector
from tui_reader.schema import InvalidRecord, is_content_hash
from tui_reader.store import Store
from tui_reader.store.repository import MetadataEdit


@dataclass
class ImportReport:
    """What an import did, for the one line the CLI prints."""

    path: Path
    format: str
    added: int = 0
    updated: int = 0
    already_present: int = 0
    orphans: int = 0
    articles: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    def summary(self) -> str:
        orphans = f" ({self.orphans} orphaned: passage not found)" if self.orphans else ""
        line = (
            f"{self.path.name} ({self.format}): {self.added} annotation(s) added{orphans}, "
            f"{self.updated} updated, {self.already_present} already present"
        )
        return line + "".join(f"; ignored {message}" for message in self.ignored)


def import_file(path: Path, store: Store, article: Article | None = None) -> ImportReport:
    """Import the annotations in `path` into `store`, onto `article` when one is given.

    Raises a one-line `UserError` (nothing written) when the file, or any record
    in it, is not what it should be.
    """
    try:
        imported = read_file(path, article)
        placer = _Placer(store, article, path, imported.articles)
        placed = []
        for item in imported.items:
            with record(item.record):
                placed.append(checked_annotation(placer.place(item)))
        with record("the article"):
            records = {key: checked_article(value) for key, value in placer.records.items()}
    except BadRecord as bad:
        raise UserError(f"{path}: {bad}") from None
    except InvalidRecord as error:
        raise UserError(f"{path}: {error}") from None
    report = ImportReport(path, imported.format, ignored=list(imported.ignored))
    to_write = _merge(store, placed, report)
    new_articles = [value for key, value in records.items() if store.article(key) is None]
    addresses = _web_addresses(store, placer.web_addresses)
    store.put_annotations(to_write, articles=new_articles, metadata=addresses)
    report.articles = sorted(records)
    return report


def _web_addresses(store: Store, addresses: dict[str, set[str]]) -> list[MetadataEdit]:
    """An article annotated on one web page (a Hypothesis `uri`) has that address,
    unless the user gave it another: exports then target the page."""
    edits: list[MetadataEdit] = []
    for content_hash, found in addresses.items():
        if len(found) != 1:
            continue  # several pages: which one the article is cannot be told
        record = store.article(content_hash)
        if record is not None and record.metadata.url:
            continue
        with contextlib.suppress(MetadataError):
            edits.append((content_hash, "url", clean_value("url", next(iter(found)))))
    return edits


def read_file(path: Path, article: Article | None) -> ImportedFile:
    """Read and recognise an annotation file (a `UserError` when it is none we know).

    Annotations that carry no time get the file's modification time, so reading
    the same file again gives the same records.
    """
    content = read_import_text(path)
    stamp = _modification_time(path)
    if path.suffix.lower() == ".ann" or _looks_like_brat(content):
        if article is None:
            raise UserError(f"{path}: a brat .ann file needs its article: add --article ARTICLE")
        return brat.read(path, content, article, stamp)
    document: Any = parse_json(content, path)
    if native.is_native(document):
        return native.read(document, str(path))
    if w3c.is_w3c(document):
        return w3c.read(document, stamp)
    if hypothesis.is_hypothesis(document):
        return hypothesis.read(document, stamp)
    raise UserError(
        f"{path}: not an annotation file tui-reader knows "
        "(tui-reader JSON, W3C Web Annotation, Hypothesis JSON or brat .ann)"
    )


def _modification_time(path: Path) -> str:
    try:
        moment = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except (OSError, OverflowError, ValueError):
        moment = datetime.now(UTC)
    return moment.isoformat(timespec="seconds")


def _looks_like_brat(content: str) -> bool:
    first = next((line for line in content.splitlines() if line.strip()), "")
    return first[:1] in {"T", "#"} and "\t" in first and not first.lstrip().startswith("{")


class _Placer:
    """Finds each incoming annotation's article and anchors it in the article's text."""

    def __init__(
        self,
        store: Store,
        article: Article | None,
        path: Path,
        described: dict[str, ArticleRecord],
    ) -> None:
        self._store = store
        self._article = article
        self._path = path
        self._described = described
        self._texts: dict[str, str | None] = {}
        self._sources: dict[str, str] = {}
        self._utf16: dict[str, hypothesis.Utf16Offsets] = {}
        self.records: dict[str, ArticleRecord] = {}
        """Every article the annotations went to, with what is known about it."""
        self.web_addresses: dict[str, set[str]] = {}
        """The web pages the annotations of each article were made on (by content hash)."""

    def place(self, item: Incoming) -> Annotation:
        """The annotation on its article: anchored where the text is at hand.

        Without the text (an article not in the library, or whose file is gone)
        the annotation keeps its place if its offsets span as many characters
        as its quote, and is an orphan otherwise.
        """
        content_hash, text = self._target(item)
        self._note_article(content_hash)
        if is_web_address(item.source):
            self.web_addresses.setdefault(content_hash, set()).add(item.source)
        annotation = replace(item.annotation, article=content_hash)
        if text is None:
            span = annotation.end - annotation.start
            consistent = annotation.orphan or span == len(annotation.quote.exact)
            return annotation if consistent else replace(annotation, orphan=True)
        same_article = item.annotation.article == content_hash and not item.utf16_positions
        if same_article and (annotation.orphan or fits(annotation, text)):
            return annotation
        hint = annotation.position
        if item.utf16_positions:
            offsets = self._utf16.setdefault(content_hash, hypothesis.Utf16Offsets(text))
            hint = TextPositionSelector(
                offsets.to_code_points(hint.start), offsets.to_code_points(hint.end)
            )
        return anchor(annotation, text, content_hash, hint)

    def _target(self, item: Incoming) -> tuple[str, str | None]:
        """(content hash, text or None when the text is not at hand) of the item's article."""
        if self._article is not None:
            return self._article.content_hash, self._article.text
        content_hash = item.annotation.article or self._resolve(item.source)
        if content_hash not in self._texts:
            self._texts[content_hash] = self._library_text(content_hash)
        return content_hash, self._texts[content_hash]

    def _resolve(self, source: str) -> str:
        """The content hash of the article a file's `source` names, if the library has it."""
        if source not in self._sources:
            self._sources[source] = self._find(source)
        return self._sources[source]

    def _find(self, source: str) -> str:
        if source.startswith(w3c.HASH_URN):
            content_hash = source.removeprefix(w3c.HASH_URN)
            if is_content_hash(content_hash):
                return content_hash
        elif source.startswith("file:"):
            path = unquote(urlparse(source).path)
            known = [record for record in self._store.articles() if record.path == path]
            if known:
                return max(known, key=lambda record: record.last_opened).content_hash
        raise UserError(
            f"{self._path}: its annotations are on {source or 'an unnamed document'!r}, "
            "which is not an article in your library: add --article ARTICLE"
        )

    def _library_text(self, content_hash: str) -> str | None:
        """The text of an article in the library, read from where the library says it is,
        if that file still has this content; else None."""
        known = self._store.article(content_hash)
        if known is None or not known.path:
            return None
        try:
            article = Article.load(known.path)
        except UserError:
            return None
        return article.text if article.content_hash == content_hash else None

    def _note_article(self, content_hash: str) -> None:
        if content_hash in self.records:
            return
        if self._article is not None:
            self.records[content_hash] = _record_of(self._article)
        elif content_hash in self._described:
            self.records[content_hash] = self._described[content_hash]
        else:
            self.records[content_hash] = ArticleRecord(
                content_hash=content_hash, title=f"imported from {self._path.name}"
            )


def anchor(
    annotation: Annotation, text: str, content_hash: str, hint: TextPositionSelector
) -> Annotation:
    """The annotation placed on `text` by its quote (near `hint`), or an orphan there."""
    exact = annotation.quote.exact
    if exact:
        quote = annotation.quote
        spot = locate(text, exact, quote.prefix, quote.suffix, hint.start)
    elif 0 <= hint.start < hint.end <= len(text):
        spot = (hint.start, hint.end)
    else:
        spot = None
    if spot is None:
        return replace(annotation, article=content_hash, position=hint, orphan=True)
    position, quote = selectors_for(text, *spot)
    return replace(annotation, article=content_hash, position=position, quote=quote, orphan=False)


def _record_of(article: Article) -> ArticleRecord:
    path = str(article.path) if article.path else ""
    return ArticleRecord(article.content_hash, article.title, path, len(article.text))


def _merge(store: Store, placed: list[Annotation], report: ImportReport) -> list[Annotation]:
    """What is new or newer, to write; counts what was already there."""
    existing = {annotation.id: annotation for annotation in store.annotations()}
    seen = {duplicate_key(annotation) for annotation in existing.values()}
    to_write = []
    for annotation in placed:
        known = existing.get(annotation.id)
        if known is not None:
            if _later(annotation.modified, known.modified):
                to_write.append(annotation)
                report.updated += 1
            else:
                report.already_present += 1
            continue
        key = duplicate_key(annotation)
        if key in seen:
            report.already_present += 1
            continue
        seen.add(key)
        existing[annotation.id] = annotation
        to_write.append(annotation)
        report.added += 1
        report.orphans += annotation.orphan
    return to_write


def duplicate_key(annotation: Annotation) -> tuple[object, ...]:
    """What makes two annotations the same to a reader: passage, kind, note, tags, source."""
    claim_source = annotation.claim.source if annotation.claim else ""
    return (
        annotation.article,
        annotation.kind,
        annotation.quote.exact,
        annotation.body.strip(),
        tuple(sorted(annotation.tags)),
        annotation.label,
        claim_source,
    )


def _later(first: str, second: str) -> bool:
    """Whether ISO time `first` is after `second` (compared as text if either is odd)."""
    try:
        return datetime.fromisoformat(first) > datetime.fromisoformat(second)
    except (TypeError, ValueError):
        return first > second
