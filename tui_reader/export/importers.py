"""`tui-reader import FILE`: annotations from tui-reader JSON, W3C, Hypothesis or brat files.

The steps are the same for every format: a reader turns the file into `Incoming`
records; each is given its article (the one named with `--article`, else the one
the file names) and anchored in that article's text, quote first and position as
a hint; what cannot be found is kept as an orphan. Then the records are merged
into the database: an annotation already there (same id, or same passage, note
and tags) is not added again, so importing a file twice adds nothing.
"""

from __future__ import annotations

import json
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
from tui_reader.metadata.fields import is_web_address
from tui_reader.model import Annotation, ArticleRecord, TextPositionSelector
from tui_reader.store import Store


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
    """Import the annotations in `path` into `store`, onto `article` when one is given."""
    imported = read_file(path, article)
    placer = _Placer(store, article, path, imported.articles)
    placed = [placer.place(item) for item in imported.items]
    report = ImportReport(path, imported.format, ignored=list(imported.ignored))
    _merge(store, placed, report)
    for content_hash, record in placer.records.items():
        if store.article(content_hash) is None:
            store.put_article(record)
    _remember_web_addresses(store, placer.web_addresses)
    report.articles = sorted(placer.records)
    return report


def _remember_web_addresses(store: Store, addresses: dict[str, set[str]]) -> None:
    """An article annotated on one web page (a Hypothesis `uri`) has that address,
    unless the user gave it another: exports then target the page."""
    for content_hash, found in addresses.items():
        if len(found) != 1:
            continue  # several pages: which one the article is cannot be told
        record = store.article(content_hash)
        if record is not None and not record.metadata.url:
            store.set_article_metadata(content_hash, "url", found.pop())


def read_file(path: Path, article: Article | None) -> ImportedFile:
    """Read and recognise an annotation file (a `UserError` when it is none we know).

    Annotations that carry no time get the file's modification time, so reading
    the same file again gives the same records.
    """
    content = _read_text(path)
    stamp = datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")
    if path.suffix.lower() == ".ann" or _looks_like_brat(content):
        if article is None:
            raise UserError(f"{path}: a brat .ann file needs its article: add --article ARTICLE")
        return brat.read(path, content, article, stamp)
    try:
        document: Any = json.loads(content)
    except json.JSONDecodeError as error:
        raise UserError(
            f"{path}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
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


def _read_text(path: Path) -> str:
    if not path.exists():
        raise UserError(f"{path}: no such file")
    if path.is_dir():
        raise UserError(f"{path}: is a directory, not an annotation file")
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise UserError(f"{path}: cannot read ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text, so not an annotation file") from None


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
        self._sources: dict[str, tuple[str, str | None]] = {}
        self._utf16: dict[str, hypothesis.Utf16Offsets] = {}
        self.records: dict[str, ArticleRecord] = {}
        """Every article the annotations went to, with what is known about it."""
        self.web_addresses: dict[str, set[str]] = {}
        """The web pages the annotations of each article were made on (by content hash)."""

    def place(self, item: Incoming) -> Annotation:
        content_hash, text = self._target(item)
        self._note_article(content_hash)
        if is_web_address(item.source):
            self.web_addresses.setdefault(content_hash, set()).add(item.source)
        annotation = item.annotation
        if text is None or (annotation.article == content_hash and not item.utf16_positions):
            return replace(annotation, article=content_hash)
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
        if item.annotation.article:
            return item.annotation.article, None
        if item.source not in self._sources:
            self._sources[item.source] = self._resolve(item.source)
        return self._sources[item.source]

    def _resolve(self, source: str) -> tuple[str, str | None]:
        if source.startswith(w3c.HASH_URN):
            return source.removeprefix(w3c.HASH_URN), None
        if source.startswith("file:"):
            path = Path(unquote(urlparse(source).path))
            if path.is_file():
                article = Article.load(path)
                self.records.setdefault(article.content_hash, _record_of(article))
                return article.content_hash, article.text
            for record in self._store.articles():
                if record.path == str(path):
                    return record.content_hash, None
        raise UserError(
            f"{self._path}: its annotations are on {source or 'an unnamed document'}, "
            "which is not an article tui-reader can find: add --article ARTICLE"
        )

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


def _merge(store: Store, placed: list[Annotation], report: ImportReport) -> None:
    """Write what is new or newer; count what was already there."""
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
    store.put_annotations(to_write)


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
