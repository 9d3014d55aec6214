"""Reading brat standoff `.ann` files: everything that has a passage is kept.

What each line becomes:

- `T` (a text-bound span): an annotation on its passage. tui-reader's own types
  (`Note`, `Tag`, `Claim`) come back as what they were; other labels are read
  by `labels` (`PER`, `Person`, OntoNotes names... are entities, `--label-map`
  maps the rest, any other label is a tag). A discontinuous span (`0 5;16 23`)
  whose fragments have text between them becomes one annotation per fragment,
  each with the span's type, attributes and notes; fragments apart by white
  space only (a span across a line break, as brat and our export write it)
  stay one span.
- `A` and `M` (attributes): a tag on the span, `Status` the status of a claim;
  on an event, a tag on its trigger's span.
- `N` (normalisations) and `#` notes (`AnnotatorNotes` and any other kind): the
  span's note; on an event, its trigger's note.
- `E` (events): their trigger is a `T` span, kept as above; the arguments link
  spans, which tui-reader has no place for.
- `R` (relations) and `*` (equivalences), and the attributes and notes on
  them: dropped.

What is dropped or changed is counted, by kind, in the import's report. A line
that is not brat at all, a reference to an id the file does not define, or
offsets beyond any article stop the import (nothing written).
"""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from tui_reader.document import Article
from tui_reader.errors import UserError
from tui_reader.export.brat import (
    CLAIM_NOTE_PARTS,
    STATUS_ATTRIBUTE,
    TAG_COMMENT,
    TYPES,
    LineEnds,
)
from tui_reader.export.incoming import ImportedFile, Incoming
from tui_reader.export.labels import LabelMap
from tui_reader.input_files import read_regular_file
from tui_reader.limits import MAX_IMPORT_BYTES, MAX_OFFSET
from tui_reader.model import (
    Annotation,
    Claim,
    ClaimStatus,
    Kind,
    TextPositionSelector,
    TextQuoteSelector,
)
from tui_reader.wording import counted

_OFFSETS = re.compile(r" *([0-9]{1,12}) +([0-9]{1,12}) *")
"""A fragment's "START END" (ASCII digits only: `int` would also read other scripts' digits)."""
_ID = re.compile(r"[TAMNREX#*][A-Za-z0-9_-]*")
_BRAT_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "tui-reader:brat")
_NOTE = "AnnotatorNotes"
_LINE_BREAK_GAP = 2

Fragments = list[tuple[int, int]]


class _BadLine(Exception):
    """A line that is not brat standoff, or refers to an id the file does not define."""


@dataclass
class _Span:
    """A `T` line and what the lines about it say."""

    label: str
    fragments: Fragments
    covered: str
    line: str
    number: int
    """The line's number in the file, to name it in errors."""
    status: ClaimStatus | None = None
    notes: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass
class _Parsed:
    """The lines of one file, by id, and what was dropped."""

    spans: dict[str, _Span] = field(default_factory=dict)
    triggers: dict[str, str] = field(default_factory=dict)
    """Event id -> the id of its trigger span."""
    relations: set[str] = field(default_factory=set)
    """Ids of relations (and of equivalences, which have none: `*`)."""
    dropped: Counter[str] = field(default_factory=Counter)
    on_events: Counter[str] = field(default_factory=Counter)
    """Attributes, normalisations and notes of events, kept on their trigger."""


def read(path: Path, content: str, article: Article, stamp: str, labels: LabelMap) -> ImportedFile:
    """The spans of a `.ann` file on `article`, their offsets as hints for the importer.

    brat files carry no times, so every annotation gets `stamp`, the file's time.
    """
    parsed = _parse(path, content, tag_spellings(path.parent / "annotation.conf"))
    ends = LineEnds(article.text)
    imported = ImportedFile("brat")
    pieces = split_spans = skipped = 0
    for span in parsed.spans.values():
        label = f"line {span.number}"
        kind = _kind_of(span, labels)
        if kind is None:
            skipped += 1
            continue
        parts = _parts(span, ends)
        if len(parts) > 1:
            split_spans += 1
            pieces += len(parts)
        for index, (start, end, exact) in enumerate(parts):
            for annotation in _annotations(span, kind, start, end, exact, article, stamp, index):
                imported.items.append(Incoming(annotation, label))
    if split_spans:
        imported.kept.append(
            f"{counted(split_spans, 'discontinuous span(s)')} became {pieces} spans, "
            "one per fragment, "
            "each with the span's type, attributes and notes"
        )
    if parsed.on_events:
        kept = ", ".join(counted(count, kind) for kind, count in sorted(parsed.on_events.items()))
        imported.kept.append(f"kept the {kept} of events on their trigger's span")
    if skipped:
        imported.ignored.append(f"{counted(skipped, 'span(s)')} whose label the label map skips")
    imported.ignored.extend(
        f"{counted(count, kind)}: tui-reader has no links between passages"
        for kind, count in sorted(parsed.dropped.items())
    )
    return imported


def tag_spellings(conf: Path) -> dict[str, str]:
    """Attribute name -> tag, from the comments an export wrote in `annotation.conf`."""
    if not conf.is_file() or conf.is_symlink():
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


# Parsing ----------------------------------------------------------------------------


def _parse(path: Path, content: str, spellings: dict[str, str]) -> _Parsed:
    """Every line, read in two passes: spans, events and relations first, so that an
    attribute or a note may come before the line it is about."""
    parsed = _Parsed()
    later: list[tuple[int, str, list[str]]] = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        try:
            if not _ID.fullmatch(fields[0]) or len(fields) < 2:
                raise _BadLine
            prefix = line[0]
            if prefix == "T":
                _define(parsed, fields[0])
                parsed.spans[fields[0]] = _text_bound(fields, line, number)
            elif prefix == "E":
                _define(parsed, fields[0])
                trigger = fields[1].split(" ")[0].partition(":")[2]
                parsed.triggers[fields[0]] = trigger
                arguments = fields[1].split(" ")[1:]
                parsed.dropped["event argument(s)"] += len([a for a in arguments if a])
                later.append((number, line, fields))  # the trigger may come later
            elif prefix == "R":
                _define(parsed, fields[0])
                parsed.relations.add(fields[0])
                parsed.dropped["relation(s)"] += 1
            elif prefix == "*":
                parsed.dropped["equivalence(s)"] += 1
            elif prefix in "AMN#":
                later.append((number, line, fields))
            else:
                raise _BadLine
        except (IndexError, ValueError, _BadLine):
            raise _not_brat(path, number, line) from None
    for number, line, fields in later:
        try:
            _about(parsed, line[0], fields, spellings)
        except (IndexError, KeyError, ValueError, _BadLine):
            raise _not_brat(path, number, line) from None
    return parsed


def _not_brat(path: Path, number: int, line: str) -> UserError:
    return UserError(f"{path}:{number}: not a brat annotation line: {line[:60]!r}")


def _define(parsed: _Parsed, identifier: str) -> None:
    if identifier in parsed.spans or identifier in parsed.triggers:
        raise _BadLine
    if identifier in parsed.relations:
        raise _BadLine


def _text_bound(fields: list[str], line: str, number: int) -> _Span:
    label, _, offsets = fields[1].partition(" ")
    if not label:
        raise _BadLine
    fragments = []
    for piece in offsets.split(";"):
        match = _OFFSETS.fullmatch(piece)
        if match is None:
            raise _BadLine
        start, end = int(match[1]), int(match[2])
        if not start <= end <= MAX_OFFSET:
            raise _BadLine
        fragments.append((start, end))
    return _Span(label, sorted(fragments), fields[2] if len(fields) > 2 else "", line, number)


def _about(parsed: _Parsed, prefix: str, fields: list[str], spellings: dict[str, str]) -> None:
    """An event's trigger check, or an attribute, normalisation or note on its target."""
    if prefix == "E":
        if parsed.triggers[fields[0]] not in parsed.spans:
            raise _BadLine
        return
    words = fields[1].split(" ")
    if prefix in "AM":
        name, target, *value = words
        _apply(parsed, target, "attribute", lambda span: _attribute(span, spellings, name, value))
    elif prefix == "N":
        kind, target, reference = words[0], words[1], " ".join(words[2:])
        text = fields[2] if len(fields) > 2 else ""
        note = f"{kind}: {reference}" + (f" ({text})" if text.strip() else "")
        _apply(parsed, target, "normalisation", lambda span: span.notes.append(note))
    else:
        kind, target = words[0], words[1]
        text = fields[2] if len(fields) > 2 else ""
        note = text if kind == _NOTE else f"{kind}: {text}"
        if text.strip():
            _apply(parsed, target, "note", lambda span: span.notes.append(note))


def _apply(parsed: _Parsed, target: str, kind: str, change: Callable[[_Span], object]) -> None:
    """Apply `change` to the span `target` is, or to its trigger for an event; count it
    dropped for a relation; an id the file does not define is an error."""
    if target in parsed.spans:
        change(parsed.spans[target])
    elif target in parsed.triggers:
        change(parsed.spans[parsed.triggers[target]])
        parsed.on_events[f"{kind}(s)"] += 1
    elif target in parsed.relations:
        parsed.dropped[f"{kind}(s) of relations"] += 1
    else:
        raise _BadLine


def _attribute(span: _Span, spellings: dict[str, str], name: str, value: list[str]) -> None:
    if len(value) > 1:
        raise _BadLine
    tag_name = spellings.get(name, name)
    written = value[0] if value else ""
    status = written.replace("_", " ").lower()
    if tag_name == STATUS_ATTRIBUTE and status in set(ClaimStatus):
        span.status = ClaimStatus(status)
    else:
        span.tags.append(f"{tag_name}={written}" if written else tag_name)


# Building annotations ---------------------------------------------------------------


def _parts(span: _Span, ends: LineEnds) -> list[tuple[int, int, str]]:
    """(start, end, quote) in the article for each part of the span: one, unless its
    fragments have text between them."""
    brat_text = ends.brat_text
    fragments = span.fragments
    texts = [brat_text[start:end] for start, end in fragments]
    matches = " ".join(texts) == span.covered
    if not matches:
        texts = _covered_pieces(span)
    groups: list[list[int]] = [[0]]
    for index in range(1, len(fragments)):
        gap = (fragments[index - 1][1], fragments[index][0])
        if _one_span(brat_text[gap[0] : gap[1]] if matches else None, gap):
            groups[-1].append(index)
        else:
            groups.append([index])
    parts = []
    for group in groups:
        start = ends.from_brat(fragments[group[0]][0])
        end = ends.from_brat(fragments[group[-1]][1])
        if matches:
            exact = ""
        elif len(groups) == 1:
            exact = span.covered
        else:
            exact = " ".join(texts[index] for index in group)
        parts.append((start, end, exact))
    return parts


def _one_span(between: str | None, gap: tuple[int, int]) -> bool:
    """Whether two fragments are one span cut at a line break: only white space between
    them, or, when the article's text there is not the file's, at most two characters
    (a line break, as brat and our export cut spans)."""
    if between is not None:
        return not between.strip()
    return gap[1] - gap[0] <= _LINE_BREAK_GAP


def _covered_pieces(span: _Span) -> list[str]:
    """The span's text cut into its fragments' texts (brat joins them with a space)."""
    lengths = [end - start for start, end in span.fragments]
    if sum(lengths) + len(lengths) - 1 != len(span.covered):
        return [span.covered] * len(lengths)
    pieces, position = [], 0
    for length in lengths:
        pieces.append(span.covered[position : position + length])
        position += length + 1
    return pieces


def _kind_of(span: _Span, labels: LabelMap) -> tuple[Kind, str, list[str]] | None:
    """(kind, entity label, tags) for a span: ours by name, else by the label map;
    None when the map skips the label."""
    for kind, name in TYPES.items():
        if span.label == name:
            return kind, "", span.tags
    how, value = labels.read(span.label)
    if how == "entity":
        return Kind.ENTITY, value, span.tags
    if how == "skip":
        return None
    return Kind.TAG, "", [span.label, *span.tags]


def _annotations(
    span: _Span,
    kind_label_tags: tuple[Kind, str, list[str]],
    start: int,
    end: int,
    exact: str,
    article: Article,
    stamp: str,
    part: int,
) -> Iterator[Annotation]:
    """The annotation for one part of a span (quoting the article where the span's text
    matches it, else the span's own text, for the importer to search), and, for an
    entity with notes or attributes, a note or tag on the same passage beside it."""
    kind, label, tags = kind_label_tags
    body, claim = _note_parts(span, kind)
    key = f"{article.content_hash}\t{span.line}" + (f"\t{part}" if part else "")
    base = Annotation(
        id=str(uuid.uuid5(_BRAT_ID_NAMESPACE, key)),
        article="",
        kind=kind,
        position=TextPositionSelector(start, end),
        quote=TextQuoteSelector(exact or article.text[start:end]),
        body="" if kind is Kind.ENTITY else body,
        tags=() if kind is Kind.ENTITY else tuple(tags),
        claim=claim,
        label=label,
        created=stamp,
    )
    yield base
    if kind is Kind.ENTITY and (body or tags):
        yield replace(
            base,
            id=str(uuid.uuid5(_BRAT_ID_NAMESPACE, key + "\tbeside")),
            kind=Kind.NOTE if body else Kind.TAG,
            body=body,
            tags=tuple(tags),
            label="",
        )


def _note_parts(span: _Span, kind: Kind) -> tuple[str, Claim | None]:
    note = " | ".join(span.notes)
    if kind is not Kind.CLAIM:
        return "\n\n".join(span.notes), None
    fields: dict[str, str] = {}
    rest = []
    for part in _split_note(note):
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
