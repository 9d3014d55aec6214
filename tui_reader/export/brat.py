"""brat standoff: the article's text, an `.ann` file of spans, and `annotation.conf`.

What goes where in the `.ann` file:

- every entity, and every note, tag and claim passage, is a `T` line
  (`T3<TAB>GPE 10 14<TAB>Mali`); a span crossing a line break is written as
  fragments (`START END;START END`), one per line, as brat draws spans line by line;
- a note is an `AnnotatorNotes` line on its passage; a claim's note holds
  "source: …", "cue: …" and "rationale: …" parts joined by " | ";
- a claim's status is the `Status` attribute; each tag is a binary attribute
  named after the tag. brat names allow only ASCII letters, digits, `-` and `_`
  (brat turns any other character of `annotation.conf` into `_`, and then no
  longer finds "café" of the `.ann`), so a tag is spelt without accents and
  with `_` for the rest ("café" -> `cafe`, "public money" -> `public_money`;
  `tag-1`, `tag-2` when nothing is left, as for "新闻"). `annotation.conf` keeps
  each changed spelling in a comment brat ignores (`# tag cafe = "café"`), and
  importing the `.ann` beside it gives the tag its own spelling back.

brat's own tools read the text with universal newlines, so the `.txt` written here
has every line break as "\\n" and the offsets count that text; for an article
without carriage returns the two are the same.
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tui_reader.document import Article
from tui_reader.errors import UserError
from tui_reader.export.common import (
    Dropped,
    ExportResult,
    article_stem,
    dropped_claim_details,
    drops,
    orphans_dropped,
)
from tui_reader.export.incoming import ImportedFile, Incoming
from tui_reader.input_files import read_regular_file
from tui_reader.limits import MAX_IMPORT_BYTES, MAX_OFFSET
from tui_reader.model import (
    ENTITY_LABELS,
    Annotation,
    Claim,
    ClaimStatus,
    Kind,
    TextPositionSelector,
    TextQuoteSelector,
)
from tui_reader.nlp.entities import Entity

TYPES = {Kind.NOTE: "Note", Kind.TAG: "Tag", Kind.CLAIM: "Claim"}
"""brat entity types for our annotation kinds (entity corrections are entities)."""
STATUS_ATTRIBUTE = "Status"
CLAIM_NOTE_PARTS = ("source", "cue", "rationale")
_NOT_NAME = re.compile(r"[^A-Za-z0-9_-]+")
TAG_COMMENT = re.compile(r'#\s*tag\s+(?P<name>[A-Za-z0-9_-]+)\s*=\s*(?P<tag>".*")\s*$')
"""The `annotation.conf` comment that maps an attribute name back to its tag."""
_OFFSETS = re.compile(r" *([0-9]{1,12}) +([0-9]{1,12}) *")
"""A fragment's "START END" (ASCII digits only: `int` would also read other scripts' digits)."""
_BRAT_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "tui-reader:brat")

Fragments = list[tuple[int, int]]


class LineEnds:
    """Maps offsets between the article's text and its brat copy ("\\r\\n" as "\\n")."""

    def __init__(self, text: str) -> None:
        self._removed = [match.start() for match in re.finditer(r"\r(?=\n)", text)]
        self._removed_in_brat = [offset - count for count, offset in enumerate(self._removed)]
        self.brat_text = text.replace("\r\n", "\n").replace("\r", "\n")

    def to_brat(self, offset: int) -> int:
        return offset - bisect_left(self._removed, offset)

    def from_brat(self, offset: int) -> int:
        return offset + bisect_left(self._removed_in_brat, offset)


def export(
    article: Article, annotations: Sequence[Annotation], entities: Sequence[Entity]
) -> ExportResult:
    ends = LineEnds(article.text)
    spans: list[tuple[int, int, str, Annotation | None]] = [
        (entity.start, entity.end, entity.label, None) for entity in entities
    ]
    placed = [a for a in annotations if a.kind in TYPES and not a.orphan]
    spans += [(a.start, a.end, TYPES[a.kind], a) for a in placed]
    spans.sort(key=lambda span: (span[0], span[1], span[2]))

    writer = _AnnWriter(ends.brat_text)
    labels = sorted(set(ENTITY_LABELS) | {e.label for e in entities})
    tag_names = _TagNames(
        [tag for annotation in placed for tag in annotation.tags],
        reserved={*labels, *TYPES.values(), STATUS_ATTRIBUTE},
    )
    empty = 0
    for start, end, label, annotation in spans:
        fragments = fragments_of(ends.brat_text, ends.to_brat(start), ends.to_brat(end))
        if not fragments:
            empty += 1
            continue
        writer.add(label, fragments, annotation, tag_names)

    stem = article_stem(article)
    conf = annotation_conf(labels, tag_names.names(), tag_names.respelt())
    files = {f"{stem}.txt": ends.brat_text, f"{stem}.ann": writer.text(), "annotation.conf": conf}
    dropped = orphans_dropped([a for a in annotations if a.kind in TYPES], "brat")
    dropped += dropped_claim_details(placed, "brat", keep={"cue", "rationale"})
    dropped += drops(
        Dropped(
            empty,
            "span of only white space",
            "spans of only white space",
            "brat spans must hold text",
        ),
        Dropped(
            writer.flattened,
            "note's line breaks",
            "notes' line breaks",
            "brat notes are one line, so their lines were joined with spaces",
        ),
    )
    dropped += tag_names.notice()
    return ExportResult("brat", writer.text(), files=files, dropped=dropped)


def fragments_of(text: str, start: int, end: int) -> Fragments:
    """The span cut at line breaks, each piece trimmed of white space; empty pieces go."""
    fragments = []
    position = start
    for line in text[start:end].split("\n"):
        piece_start, piece_end = position, position + len(line)
        while piece_start < piece_end and text[piece_start].isspace():
            piece_start += 1
        while piece_end > piece_start and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > piece_start:
            fragments.append((piece_start, piece_end))
        position += len(line) + 1
    return fragments


class _TagNames:
    """brat attribute names for tags: ASCII, unique, and apart from the other names used.

    Tags that are valid names already keep them; the others are named after, so
    "cafe" stays `cafe` and "café" becomes `cafe-2` rather than the other way.
    """

    def __init__(self, tags: Sequence[str], reserved: set[str]) -> None:
        self._names: dict[str, str] = {}
        self._taken = set(reserved)
        for tag in sorted(set(tags), key=lambda tag: (_NOT_NAME.search(tag) is not None, tag)):
            self._names[tag] = self._new_name(tag)

    def name(self, tag: str) -> str:
        return self._names[tag]

    def _new_name(self, tag: str) -> str:
        ascii_only = unicodedata.normalize("NFKD", tag).encode("ascii", "ignore").decode()
        base = _NOT_NAME.sub("_", ascii_only.strip()).strip("_")
        number = 1 if not base else 0
        base = base or "tag"
        name = f"{base}-{number}" if number else base
        while name in self._taken:
            number = max(number, 1) + 1
            name = f"{base}-{number}"
        self._taken.add(name)
        return name

    def names(self) -> list[str]:
        return sorted(set(self._names.values()))

    def respelt(self) -> dict[str, str]:
        """Attribute name -> tag, for every tag whose name is not its own spelling."""
        return {name: tag for tag, name in sorted(self._names.items()) if name != tag}

    def notice(self) -> list[str]:
        """One line saying which tags brat shows under another spelling (none: no line)."""
        changed = [f"{tag} → {name}" for name, tag in self.respelt().items()]
        if not changed:
            return []
        return [
            f"respelt {len(changed)} tag(s) as brat names, which allow only ASCII letters, "
            f"digits, - and _ ({', '.join(changed)}); annotation.conf keeps the spellings "
            "and import restores them"
        ]


class _AnnWriter:
    """Numbers and writes the `.ann` lines."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: list[str] = []
        self._counts = {"T": 0, "A": 0, "#": 0}
        self.flattened = 0

    def _next(self, prefix: str) -> str:
        self._counts[prefix] += 1
        return f"{prefix}{self._counts[prefix]}"

    def add(
        self, label: str, fragments: Fragments, annotation: Annotation | None, tags: _TagNames
    ) -> None:
        t_id = self._next("T")
        offsets = ";".join(f"{start} {end}" for start, end in fragments)
        covered = " ".join(self._text[start:end] for start, end in fragments)
        self._lines.append(f"{t_id}\t{label} {offsets}\t{covered}")
        if annotation is None:
            return
        claim = annotation.claim
        if annotation.kind is Kind.CLAIM and claim is not None:
            status = str(claim.status).replace(" ", "_")
            self._lines.append(f"{self._next('A')}\t{STATUS_ATTRIBUTE} {t_id} {status}")
        for tag in annotation.tags:
            self._lines.append(f"{self._next('A')}\t{tags.name(tag)} {t_id}")
        note = self._note(annotation)
        if note:
            self._lines.append(f"{self._next('#')}\tAnnotatorNotes {t_id}\t{note}")

    def _note(self, annotation: Annotation) -> str:
        parts = []
        claim = annotation.claim
        if annotation.kind is Kind.CLAIM and claim is not None:
            parts = [
                f"{name}: {getattr(claim, name)}"
                for name in CLAIM_NOTE_PARTS
                if getattr(claim, name)
            ]
        if annotation.body.strip():
            parts.append(annotation.body.strip())
        note = " | ".join(parts)
        one_line = " ".join(note.split())
        if "\n" in note or "\r" in note:
            self.flattened += 1
        return one_line

    def text(self) -> str:
        return "".join(line + "\n" for line in self._lines)


def annotation_conf(
    entity_labels: Sequence[str],
    tag_attributes: Sequence[str],
    respelt: dict[str, str] | None = None,
) -> str:
    """The brat configuration declaring every type and attribute the `.ann` uses,
    with a comment for each tag spelt otherwise (`respelt`: name -> tag)."""
    kinds = "|".join(TYPES.values())
    statuses = "|".join(str(status).replace(" ", "_") for status in ClaimStatus)
    lines = [
        "[entities]",
        *entity_labels,
        *TYPES.values(),
        "",
        "[relations]",
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
        "",
        "[events]",
        "",
        "[attributes]",
        f"{STATUS_ATTRIBUTE}\tArg:Claim, Value:{statuses}",
    ]
    lines += [f"{name}\tArg:{kinds}" for name in tag_attributes]
    if respelt:
        lines += ["", "# tui-reader: tags whose spelling brat names cannot hold (name = tag)"]
        lines += [
            f"# tag {name} = {json.dumps(tag, ensure_ascii=False)}" for name, tag in respelt.items()
        ]
    return "\n".join(lines) + "\n"


# Reading ---------------------------------------------------------------------


@dataclass
class _Span:
    """A `T` line and what the lines after it say about it."""

    label: str
    fragments: Fragments
    covered: str
    line: str
    number: int
    """The line's number in the file, to name it in errors."""
    status: ClaimStatus | None = None
    note: str = ""
    tags: list[str] = field(default_factory=list)


def read(path: Path, content: str, article: Article, stamp: str) -> ImportedFile:
    """The spans of a `.ann` file on `article`, their offsets as hints for the importer.

    brat files carry no times, so every annotation gets `stamp`, the file's time.
    """
    spans, ignored = _parse(path, content, tag_spellings(path.parent / "annotation.conf"))
    ends = LineEnds(article.text)
    imported = ImportedFile("brat")
    for span in spans.values():
        label = f"line {span.number}"
        imported.items.append(Incoming(_annotation(span, ends, article, stamp), label))
    imported.ignored.extend(
        f"{count} {kind} line(s): tui-reader has no {kind}s"
        for kind, count in ignored.items()
        if count
    )
    return imported


def tag_spellings(conf: Path) -> dict[str, str]:
    """Attribute name -> tag, from the comments an export wrote in `annotation.conf`."""
    if not conf.exists():
        return {}
    try:  # a regular file of sane size only: a FIFO there would hang the import
        data = read_regular_file(conf, MAX_IMPORT_BYTES, "a brat configuration")
        lines = data.decode("utf-8").splitlines()
    except (UserError, UnicodeDecodeError):
        return {}
    spellings = {}
    for line in lines:
        match = TAG_COMMENT.match(line.strip())
        if match:
            try:
                tag = json.loads(match.group("tag"))
            except ValueError:
                continue
            if isinstance(tag, str) and tag.strip():
                spellings[match.group("name")] = tag
    return spellings


def _parse(
    path: Path, content: str, spellings: dict[str, str]
) -> tuple[dict[str, _Span], dict[str, int]]:
    spans: dict[str, _Span] = {}
    ignored = {"relation": 0, "event": 0, "normalization": 0, "equivalence": 0}
    ignored_prefix = {"R": "relation", "E": "event", "N": "normalization", "*": "equivalence"}
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        try:
            if line[0] == "T":
                spans[fields[0]] = _text_bound(fields, line, number)
            elif line[0] in "AM":
                name, target, *value = fields[1].split(" ")
                tag_name = spellings.get(name, name)
                _apply_attribute(spans[target], tag_name, value[0] if value else "")
            elif line[0] == "#":
                kind, target = fields[1].split(" ")
                if kind == "AnnotatorNotes" and target in spans:
                    spans[target].note = fields[2] if len(fields) > 2 else ""
            elif line[0] in ignored_prefix:
                ignored[ignored_prefix[line[0]]] += 1
            else:
                raise ValueError
        except (IndexError, KeyError, ValueError):
            raise UserError(f"{path}:{number}: not a brat annotation line: {line[:60]!r}") from None
    return spans, ignored


def _text_bound(fields: list[str], line: str, number: int) -> _Span:
    label, _, offsets = fields[1].partition(" ")
    fragments = []
    for piece in offsets.split(";"):
        match = _OFFSETS.fullmatch(piece)
        if match is None:
            raise ValueError
        start, end = int(match[1]), int(match[2])
        if not start <= end <= MAX_OFFSET:
            raise ValueError
        fragments.append((start, end))
    return _Span(label, fragments, fields[2] if len(fields) > 2 else "", line, number)


def _apply_attribute(span: _Span, name: str, value: str) -> None:
    status = value.replace("_", " ").lower()
    if name == STATUS_ATTRIBUTE and status in set(ClaimStatus):
        span.status = ClaimStatus(status)
    else:
        span.tags.append(f"{name}={value}" if value else name)


def _annotation(span: _Span, ends: LineEnds, article: Article, stamp: str) -> Annotation:
    """An annotation for one span, quoting the article where the span's text matches it.

    When the article's text at the offsets is not the span's text (another version
    of the article), the span's own text is the quote, for the importer to search.
    """
    kind, label, tags = _kind_of(span)
    start = ends.from_brat(min(fragment[0] for fragment in span.fragments))
    end = ends.from_brat(max(fragment[1] for fragment in span.fragments))
    brat_text = ends.brat_text
    matches = " ".join(brat_text[s:e] for s, e in span.fragments) == span.covered
    exact = article.text[start:end] if matches else span.covered
    body, claim = _note_parts(span, kind)
    return Annotation(
        id=str(uuid.uuid5(_BRAT_ID_NAMESPACE, f"{article.content_hash}\t{span.line}")),
        article="",
        kind=kind,
        position=TextPositionSelector(start, end),
        quote=TextQuoteSelector(exact),
        body=body,
        tags=tuple(tags),
        claim=claim,
        label=label,
        created=stamp,
    )


def _kind_of(span: _Span) -> tuple[Kind, str, list[str]]:
    """Our kind for a brat type: ours by name, an OntoNotes label as an entity, else a tag."""
    for kind, name in TYPES.items():
        if span.label == name:
            return kind, "", span.tags
    if span.label in ENTITY_LABELS:
        return Kind.ENTITY, span.label, span.tags
    return Kind.TAG, "", [span.label, *span.tags]


def _note_parts(span: _Span, kind: Kind) -> tuple[str, Claim | None]:
    if kind is not Kind.CLAIM:
        return span.note, None
    fields: dict[str, str] = {}
    rest = []
    for part in _split_note(span.note):
        name, _, value = part.partition(": ")
        if name in CLAIM_NOTE_PARTS and value:
            fields[name] = value
        else:
            rest.append(part)
    claim = Claim(
        status=span.status or ClaimStatus.UNVERIFIED,
        source=fields.get("source", ""),
        cue=fields.get("cue", ""),
        rationale=fields.get("rationale", ""),
    )
    return " | ".join(rest), claim


def _split_note(note: str) -> Iterator[str]:
    return (part.strip() for part in note.split(" | ") if part.strip())
