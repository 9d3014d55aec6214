"""PolNeAR, read as it is published: brat attributions of real news, and a fixed split.

PolNeAR (Newell, Margolin and Ruths, LREC 2018) annotates election coverage of
seven US publishers in the PARC scheme. A corpus directory holds `text/NAME.txt`,
`attributions/NAME_ANNOTATOR.ann` (brat standoff) and `metadata.tsv` (the
publisher of each article). In an `.ann` file, `T` lines are spans (`Source`,
`Cue`, `Content`, ...; one or more fragments `start end;start end`) and an `E`
line ties one attribution together: `E1 Attribution:T4 Content:T3 Cue:T2
Source:T1` (the source may be absent, a content may have a second part
`Content2`). Offsets are code points of the text.

The corpus is split once into a part the finder was tuned on and a held-out
part that is only looked at when reporting: within each publisher, the third of
the articles whose file names hash lowest are held out. The split depends only
on the names, so it is the same on every machine and for every run.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tui_reader.document import Span
from tui_reader.errors import UserError

Fragments = tuple[Span, ...]
"""The parts of a brat span, in text order (most spans have one)."""

HELD_OUT_SHARE = 3
"""One article in this many, per publisher, is held out."""
SPLITS = ("tuned", "held-out")

_ANNOTATION_NAME = re.compile(r"(?P<article>.+)_(?P<annotator>[0-9a-f]{4})\.ann")
_FRAGMENT = re.compile(r"(\d+) (\d+)")
_SPAN_LINE = re.compile(r"T\d+\t")
_EVENT_LINE = re.compile(r"E\d+\t")
"""Other lines are notes, relations, or the continuation of a span's text over a line break."""


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One attribution of an annotator: source (maybe none), cue and content."""

    source: Fragments
    cue: Fragments
    content: Fragments


@dataclass(frozen=True, slots=True)
class Annotation:
    """Every attribution one annotator marked in one article."""

    annotator: str
    attributions: tuple[GoldAttribution, ...]


@dataclass(frozen=True, slots=True)
class CorpusArticle:
    name: str
    publisher: str
    path: Path
    """The text file."""
    annotations: tuple[Annotation, ...]


def is_polnear_directory(directory: Path) -> bool:
    """Does the directory look like PolNeAR (text/ and attributions/)?"""
    return (directory / "text").is_dir() and (directory / "attributions").is_dir()


def read_corpus(directory: Path) -> list[CorpusArticle]:
    """Every annotated article of the corpus, by name, with its annotators' attributions.

    The annotations are checked against their texts: a span outside the text is
    a `UserError` naming the file, so a damaged corpus is never scored.
    """
    publishers = _publishers(directory / "metadata.tsv")
    files: dict[str, list[tuple[str, Path]]] = {}
    for path in sorted((directory / "attributions").glob("*.ann")):
        match = _ANNOTATION_NAME.fullmatch(path.name)
        if match is None:
            raise UserError(f"{path}: expected a name of the form ARTICLE_ANNOTATOR.ann")
        files.setdefault(match["article"], []).append((match["annotator"], path))
    articles = []
    for name, annotated in files.items():
        text_path = directory / "text" / f"{name}.txt"
        if not text_path.is_file():
            raise UserError(f"{text_path}: missing, but {annotated[0][1].name} annotates it")
        length = len(_read_text(text_path))
        annotations = tuple(
            Annotation(annotator, tuple(read_brat_attributions(path, length)))
            for annotator, path in annotated
        )
        publisher = publishers.get(name) or name.split("_", 1)[0]
        articles.append(CorpusArticle(name, publisher, text_path, annotations))
    if not articles:
        raise UserError(f"{directory}: no attributions/*.ann files")
    return articles


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"{path}: cannot be read as UTF-8 ({error})") from None


def _publishers(path: Path) -> dict[str, str]:
    """File name -> publisher, from metadata.tsv (an absent file gives none)."""
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {
            row["filename"]: row["publisher"]
            for row in rows
            if row.get("filename") and row.get("publisher")
        }


def read_brat_attributions(path: Path, text_length: int) -> Iterator[GoldAttribution]:
    """The attributions (`E` lines with a cue and a content) of one brat file."""
    spans: dict[str, tuple[str, Fragments]] = {}
    events: list[tuple[int, str]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"{path}: cannot be read as UTF-8 ({error})") from None
    for number, line in enumerate(lines, 1):
        if _SPAN_LINE.match(line):
            identifier, _, rest = line.partition("\t")
            kind, _, places = rest.partition("\t")[0].partition(" ")
            fragments = tuple(
                (int(start), int(end))
                for start, end in (m.groups() for m in _FRAGMENT.finditer(places))
            )
            if not fragments or any(not 0 <= s <= e <= text_length for s, e in fragments):
                raise UserError(f"{path}:{number}: span {places!r} is outside the text")
            spans[identifier] = (kind, fragments)
        elif _EVENT_LINE.match(line):
            events.append((number, line))
    for number, line in events:
        roles: dict[str, list[Span]] = {}
        for argument in line.partition("\t")[2].split():
            role, _, target = argument.partition(":")
            if target not in spans:
                raise UserError(f"{path}:{number}: {target!r} is not a span of the file")
            role = role.rstrip("0123456789")
            roles.setdefault(role, []).extend(spans[target][1])
        if roles.get("Cue") and roles.get("Content"):
            yield GoldAttribution(
                tuple(sorted(roles.get("Source", []))),
                tuple(sorted(roles["Cue"])),
                tuple(sorted(roles["Content"])),
            )


def assign_splits(corpus: list[CorpusArticle]) -> dict[str, str]:
    """Article name -> split: per publisher, the lowest-hashing third is held out.

    The hash is SHA-256 of the file name, so the split is fixed by the names
    alone; ranking within each publisher keeps every publisher a third held out.
    """
    by_publisher: dict[str, list[str]] = {}
    for article in corpus:
        by_publisher.setdefault(article.publisher, []).append(article.name)
    splits = {}
    for names in by_publisher.values():
        ranked = sorted(names, key=lambda name: hashlib.sha256(name.encode()).hexdigest())
        held = round(len(ranked) / HELD_OUT_SHARE)
        for rank, name in enumerate(ranked):
            splits[name] = "held-out" if rank < held else "tuned"
    return splits
