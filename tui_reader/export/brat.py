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
without carriage returns the two are the same. Reading `.ann` files back (ours and
other tools'): `brat_import`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence

from tui_reader.document import Article
from tui_reader.export.common import (
    Dropped,
    ExportResult,
    article_stem,
    dropped_claim_details,
    drops,
    orphans_dropped,
)
from tui_reader.model import (
    ENTITY_LABELS,
    Annotation,
    ClaimStatus,
    Kind,
)
from tui_reader.nlp.entities import Entity
from tui_reader.wording import counted

TYPES = {Kind.NOTE: "Note", Kind.TAG: "Tag", Kind.CLAIM: "Claim"}
"""brat entity types for our annotation kinds (entity corrections are entities)."""
STATUS_ATTRIBUTE = "Status"
CLAIM_NOTE_PARTS = ("source", "cue", "rationale")
_NOT_NAME = re.compile(r"[^A-Za-z0-9_-]+")
TAG_COMMENT = re.compile(r'#\s*tag\s+(?P<name>[A-Za-z0-9_-]+)\s*=\s*(?P<tag>".*")\s*$')
"""The `annotation.conf` comment that maps an attribute name back to its tag."""

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
            f"respelt {counted(len(changed), 'tag(s)')} as brat names, "
            "which allow only ASCII letters, "
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
