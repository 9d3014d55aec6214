"""`tui-reader import FILE`: annotations from the files other tools and tui-reader write.

The steps are the same for every format: a reader turns the file into `Incoming`
records, checking every field it reads (`validation`); each record is given its
article and anchored in that article's text, quote first and position as a
hint (`placing`); what cannot be found is kept as an orphan. Every annotation
and article record is then checked against the database's own schema, and only
then is anything written, in one save: an import is all or nothing.

The article is the one named with `--article`; for brat, the `.txt` beside the
`.ann` file (the user named the file, or the directory of a brat collection);
else one already in the library, found by the content hash the file gives, by
its source (the file the library knows it by) or by its web address. A path
taken from the imported file is never opened, nor stored: the file may name any
file on the machine.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tui_reader.document import Article
from tui_reader.errors import UserError
from tui_reader.export import (
    brat_import,
    doccano,
    hypothesis,
    label_studio,
    native,
    prodigy,
    w3c,
    webanno,
)
from tui_reader.export.incoming import ImportedFile, Incoming
from tui_reader.export.labels import DEFAULT_LABELS, LabelMap
from tui_reader.export.placing import Placer, assign_pages
from tui_reader.export.validation import (
    BadRecord,
    checked_annotation,
    checked_article,
    looks_like_jsonl,
    parse_json,
    parse_jsonl,
    read_import_text,
    record,
)
from tui_reader.metadata.fields import MetadataError, clean_value
from tui_reader.model import Annotation
from tui_reader.schema import InvalidRecord
from tui_reader.store import Store
from tui_reader.store.repository import MetadataEdit
from tui_reader.wording import counted

MAX_COLLECTION_FILES = 100_000
"""`.ann` files read from one directory at most (brat's largest corpora have some 10,000)."""


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
    kept: list[str] = field(default_factory=list)

    def summary(self) -> str:
        orphans = f" ({self.orphans} orphaned: passage not found)" if self.orphans else ""
        line = (
            f"{self.path.name} ({self.format}): "
            f"{counted(self.added, 'annotation(s)')} added{orphans}, "
            f"{self.updated} updated, {self.already_present} already present"
        )
        line += "".join(f"; {message}" for message in self.kept)
        return line + "".join(f"; ignored {message}" for message in self.ignored)


def import_file(
    path: Path, store: Store, article: Article | None = None, labels: LabelMap = DEFAULT_LABELS
) -> ImportReport:
    """Import the annotations in `path` (a file, or a directory of brat files) into
    `store`, onto `article` when one is given; `labels` reads other tools' span labels.

    Raises a one-line `UserError` (nothing written) when the file, or any record
    in it, is not what it should be.
    """
    try:
        imported, opened = _read(path, article, labels)
        pages = assign_pages(imported.items, store, article)
        if pages.unmatched:
            imported.items = [i for i in imported.items if i.page not in pages.unmatched]
            imported.ignored.append(pages.message())
        imported.kept.extend(pages.notes)
        placer = Placer(store, article, path, imported.articles, opened, pages)
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
    report = ImportReport(
        path, imported.format, ignored=list(imported.ignored), kept=list(imported.kept)
    )
    to_write = _merge(store, placed, report)
    new_articles = [value for key, value in records.items() if store.article(key) is None]
    addresses = _web_addresses(store, placer.web_addresses)
    store.put_annotations(to_write, articles=new_articles, metadata=addresses)
    report.articles = sorted(records)
    return report


def _read(
    path: Path, article: Article | None, labels: LabelMap
) -> tuple[ImportedFile, dict[str, Article]]:
    if not path.is_dir():
        return read_file(path, article, labels)
    if article is not None:
        raise UserError(
            f"{path}: a directory is a brat collection, each .ann file with its .txt "
            "beside it; --article names the article of one file"
        )
    return read_collection(path, labels)


def _web_addresses(store: Store, addresses: dict[str, set[str]]) -> list[MetadataEdit]:
    """An article annotated on one web page (a Hypothesis `uri`) has that address,
    unless the user gave it another: exports then target the page."""
    edits: list[MetadataEdit] = []
    for content_hash, found in addresses.items():
        if len(found) != 1:
            continue  # several pages: which one the article is cannot be told
        known = store.article(content_hash)
        if known is not None and known.metadata.url:
            continue
        with contextlib.suppress(MetadataError):
            edits.append((content_hash, "url", clean_value("url", next(iter(found)))))
    return edits


def read_file(
    path: Path, article: Article | None, labels: LabelMap = DEFAULT_LABELS
) -> tuple[ImportedFile, dict[str, Article]]:
    """Read and recognise an annotation file (a `UserError` when it is none we know);
    with it, the articles it was read against (by content hash).

    Annotations that carry no time get the file's modification time, so reading
    the same file again gives the same records.
    """
    content = read_import_text(path)
    stamp = _modification_time(path)
    suffix = path.suffix.lower()
    if suffix == ".ann" or _looks_like_brat(content):
        text = article or _text_beside(path)
        if text is None:
            raise UserError(
                f"{path}: a brat .ann file needs its article: add --article ARTICLE, "
                f"or put {path.stem}.txt beside it"
            )
        imported = brat_import.read(path, content, text, stamp, labels)
        imported.items = _on_article(imported, text)
        return imported, {text.content_hash: text}
    if webanno.is_webanno(content):
        return webanno.read(content, stamp, labels, path), {}
    if suffix == ".jsonl" or looks_like_jsonl(content):
        return _read_jsonl(path, content, stamp, labels), {}
    document: Any = parse_json(content, path)
    if native.is_native(document):
        return native.read(document, str(path)), {}
    if w3c.is_w3c(document):
        return w3c.read(document, stamp), {}
    if hypothesis.is_hypothesis(document):
        return hypothesis.read(document, stamp), {}
    if label_studio.is_label_studio(document):
        return label_studio.read(document, stamp, labels), {}
    records = list(enumerate(document if isinstance(document, list) else [document], start=1))
    found = _read_records(records, stamp, labels, "record")
    if found is not None:
        return found, {}
    raise UserError(
        f"{path}: not an annotation file tui-reader knows (tui-reader JSON, W3C Web "
        "Annotation, Hypothesis JSON, brat .ann, doccano or Prodigy JSONL, Label Studio "
        "JSON, WebAnno TSV 3)"
    )


def _read_jsonl(path: Path, content: str, stamp: str, labels: LabelMap) -> ImportedFile:
    records = parse_jsonl(content, path)
    found = _read_records(records, stamp, labels, "line")
    if found is None:
        raise UserError(
            f"{path}: JSON lines, but not of a format tui-reader knows "
            '(doccano: "text" and "label" or "entities"; Prodigy and spaCy: "text" and "spans")'
        )
    return found


def _read_records(
    records: list[tuple[int, Any]], stamp: str, labels: LabelMap, unit: str
) -> ImportedFile | None:
    """doccano or Prodigy records (JSONL lines or a JSON list), by the keys they use."""
    first = next((value for _, value in records if isinstance(value, dict)), None)
    if first is None:
        return None
    if prodigy.is_prodigy(first):
        return prodigy.read(records, stamp, labels, unit)
    if doccano.is_doccano(first):
        return doccano.read(records, stamp, labels, unit)
    return None


def read_collection(directory: Path, labels: LabelMap) -> tuple[ImportedFile, dict[str, Article]]:
    """Every `.ann` file under `directory` (a brat collection) with the `.txt` beside it.

    The `.txt` files are opened because the user named the directory that holds
    them; links are not followed (a link in a downloaded collection could point
    at any file), and `.ann` files without their text are left out, and said so.
    """
    collection = ImportedFile("brat collection")
    opened: dict[str, Article] = {}
    files = without_text = 0
    for folder, subfolders, names in os.walk(directory, followlinks=False):
        subfolders.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.suffix.lower() != ".ann" or path.is_symlink():
                continue
            files += 1
            if files > MAX_COLLECTION_FILES:
                raise UserError(
                    f"{directory}: more than {MAX_COLLECTION_FILES} .ann files; "
                    "import its folders one by one"
                )
            article = _text_beside(path)
            if article is None:
                without_text += 1
                continue
            imported = brat_import.read(
                path, read_import_text(path), article, _modification_time(path), labels
            )
            opened[article.content_hash] = article
            collection.items.extend(_on_article(imported, article))
            collection.ignored.extend(f"{path.name}: {line}" for line in imported.ignored)
            collection.kept.extend(f"{path.name}: {line}" for line in imported.kept)
    if files == 0:
        raise UserError(f"{directory}: is a directory with no .ann files, so not a brat collection")
    if without_text:
        collection.ignored.append(
            f"{counted(without_text, '.ann file(s)')} with no .txt of the same name beside them"
        )
    return collection, opened


def _on_article(imported: ImportedFile, article: Article) -> list[Incoming]:
    """The file's items, each naming the article it was read against."""
    return [
        replace(item, annotation=replace(item.annotation, article=article.content_hash))
        for item in imported.items
    ]


def _text_beside(path: Path) -> Article | None:
    """`X.txt` beside `X.ann`, if it is a regular file (not a link) and an article."""
    text = path.with_suffix(".txt")
    if text.is_symlink() or not text.is_file():
        return None
    return Article.load(text)


def _modification_time(path: Path) -> str:
    try:
        moment = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except (OSError, OverflowError, ValueError):
        moment = datetime.now(UTC)
    return moment.isoformat(timespec="seconds")


def _looks_like_brat(content: str) -> bool:
    first = next((line for line in content.splitlines() if line.strip()), "")
    return first[:1] in {"T", "#"} and "\t" in first and not first.lstrip().startswith("{")


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
    """What makes two annotations the same to a reader: the passage where it is (its
    place, not only its words: the same word highlighted twice is two highlights),
    kind, note, tags, label and claim source."""
    claim_source = annotation.claim.source if annotation.claim else ""
    return (
        annotation.article,
        annotation.start,
        annotation.end,
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
