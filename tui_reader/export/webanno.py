"""WebAnno TSV 3.3, the tab-separated format of WebAnno and INCEpTION: entities and notes.

The file is a header of layers, then the text sentence by sentence: `#Text=`
lines (the sentence, split at its line breaks) and one line per token,
`SENTENCE-TOKEN<TAB>BEGIN-END<TAB>TOKEN` followed by one column per feature of
each layer. A cell holds `_` (no annotation), or the stacked annotations'
values separated by `|`, `*` for no value, each with `[N]` when the annotation
covers several tokens or shares one with another of its layer. Offsets count
UTF-16 code units (Java's), reserved characters are escaped with `\\`.

Two span layers are read and written:

- `de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity` (features
  `identifier` and `value`, INCEpTION's built-in layer): an entity of type
  `value` (read by `labels`: `PER`, `LOC`... ), its `identifier` (a knowledge
  base link) kept as a note beside it;
- `webanno.custom.Note` (feature `note`): a note. INCEpTION imports it into a
  project that has a custom span layer of that name with a string feature `note`.

Other layers (parts of speech, lemmas, chains, relations, custom ones) are
counted and left out. The text is rebuilt from the sentences at their offsets,
and each span is found in the article by its quote and the sentence around it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from tui_reader.document import Article
from tui_reader.errors import UserError
from tui_reader.export.common import Dropped, ExportResult, dropped_kinds, drops, orphans_dropped
from tui_reader.export.conll import has_astral_marks, token_pattern
from tui_reader.export.hypothesis import Utf16Offsets
from tui_reader.export.incoming import ImportedFile
from tui_reader.export.labels import LabelMap
from tui_reader.export.spans import RecordText, SpanReader
from tui_reader.export.validation import record
from tui_reader.model import Annotation, Kind
from tui_reader.nlp.entities import Entity
from tui_reader.schema import InvalidRecord
from tui_reader.wording import counted

FORMAT_LINE = "#FORMAT=WebAnno TSV 3.3"
NAMED_ENTITY = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
NOTE_LAYER = "webanno.custom.Note"
NOTE_FEATURE = "note"
_HEADER = re.compile(r"#T_(SP|CH|RL)=(.+)")
_UNIT = re.compile(r"([0-9]{1,9})-([0-9]{1,9})(?:\.([0-9]{1,9}))?")
_OFFSETS = re.compile(r"([0-9]{1,12})-([0-9]{1,12})")
_VALUE_ESCAPES = {"\\": "\\\\", "[": "\\[", "]": "\\]", "|": "\\|", "_": "\\_"}
_VALUE_ESCAPES |= {"->": "\\->", ";": "\\;", "\t": "\\t", "\n": "\\n", "*": "\\*"}
_VALUE_ESCAPE = re.compile(
    "|".join(re.escape(key) for key in sorted(_VALUE_ESCAPES, key=len)[::-1])
)
_VALUE_UNESCAPE = re.compile(r"\\(->|[\\\[\]|_;*tn])")
_TEXT_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", "\b": "\\b"}
_TEXT_ESCAPES |= {chr(code): "\\" + chr(code) for code in range(32) if not 7 < code < 14}
_TEXT_UNESCAPE = re.compile(r"\\([\\tnfrb]|[\x00-\x07\x0e-\x1f])")
_TEXT_CODES = {"t": "\t", "n": "\n", "f": "\f", "r": "\r", "b": "\b", "\\": "\\"}
_ID_SUFFIX = re.compile(r"\[([0-9]{1,9})\]$")
_MAX_GAP = 4096
"""Longest gap between two sentences the rebuilt text keeps (UTF-16 units)."""


def _escape_value(value: str) -> str:
    return _VALUE_ESCAPE.sub(lambda match: _VALUE_ESCAPES[match.group()], value)


def _unescape_value(value: str) -> str:
    codes = {"t": "\t", "n": "\n"}
    return _VALUE_UNESCAPE.sub(lambda match: codes.get(match[1], match[1]), value)


def _escape_text(text: str) -> str:
    return "".join(_TEXT_ESCAPES.get(character, character) for character in text)


def _unescape_text(text: str) -> str:
    return _TEXT_UNESCAPE.sub(lambda match: _TEXT_CODES.get(match[1], match[1]), text)


# Writing ----------------------------------------------------------------------------


@dataclass
class _Span:
    start: int
    end: int
    layer: int
    """0: the named-entity layer, 1: the note layer."""
    values: tuple[str, ...]
    identifier: int | None = None
    units: list[int] = field(default_factory=list)
    """Indices of the tokens it covers."""


def export(
    article: Article, annotations: Sequence[Annotation], entities: Sequence[Entity]
) -> ExportResult:
    """Every sentence with its tokens; entities and notes as the two layers' annotations."""
    text = article.text
    spans = [_Span(e.start, e.end, 0, ("*", e.label)) for e in entities]
    notes = [a for a in annotations if a.kind is Kind.NOTE and not a.orphan and a.body.strip()]
    spans += [_Span(a.start, a.end, 1, (a.body.strip(),)) for a in notes]
    cuts = sorted({offset for span in spans for offset in (span.start, span.end)})
    pattern = token_pattern(has_astral_marks(text))
    sentences: list[list[tuple[int, int]]] = []
    for index in range(len(article.paragraphs)):
        for start, end in article.sentences_in(index):
            inside = [start, *cuts[bisect_right(cuts, start) : bisect_left(cuts, end)], end]
            tokens = [
                (match.start(), match.end())
                for low, high in pairwise(inside)
                for match in pattern.finditer(text, low, high)
            ]
            if tokens:
                sentences.append(tokens)
    flat = [token for sentence in sentences for token in sentence]
    starts = [start for start, _ in flat]
    for span in spans:
        first = bisect_left(starts, span.start)
        while first > 0 and flat[first - 1][1] > span.start:
            first -= 1
        last = bisect_left(starts, span.end, lo=first)
        span.units = [index for index in range(first, last) if flat[index][1] > span.start]
    written = [span for span in spans if span.units]
    _number(written)
    units = _Units(text)
    lines = [FORMAT_LINE, f"#T_SP={NAMED_ENTITY}|identifier|value", f"#T_SP={NOTE_LAYER}|note", ""]
    by_token: dict[int, list[_Span]] = {}
    for span in written:
        for index in span.units:
            by_token.setdefault(index, []).append(span)
    position = 0
    for number, sentence in enumerate(sentences, start=1):
        lines.append("")
        begin, end = sentence[0][0], sentence[-1][1]
        lines += [f"#Text={_escape_text(line)}" for line in text[begin:end].split("\n")]
        for token_number, (start, stop) in enumerate(sentence, start=1):
            here = by_token.get(position, [])
            cells = _cells([span for span in here if span.layer == 0], 2)
            cells += _cells([span for span in here if span.layer == 1], 1)
            columns = [f"{number}-{token_number}", f"{units.of(start)}-{units.of(stop)}"]
            columns += [text[start:stop], *cells]
            lines.append("\t".join(columns) + "\t")
            position += 1
    dropped = dropped_kinds(
        annotations, {Kind.ENTITY, Kind.NOTE}, "WebAnno TSV holds entities and notes here"
    )
    dropped += orphans_dropped(notes, "webanno")
    dropped += drops(
        Dropped(
            len(spans) - len(written),
            "span of no token",
            "spans of no token",
            "WebAnno annotations cover whole tokens",
        )
    )
    return ExportResult("webanno", "\n".join(lines) + "\n", dropped=dropped)


def _number(spans: list[_Span]) -> None:
    """Give an id to every span that covers several tokens or shares one in its layer."""
    shared: Counter[tuple[int, int]] = Counter(
        (span.layer, unit) for span in spans for unit in span.units
    )
    next_id = 1
    for span in sorted(spans, key=lambda s: (s.units[0], s.layer, s.start, s.end)):
        if len(span.units) > 1 or any(shared[(span.layer, unit)] > 1 for unit in span.units):
            span.identifier = next_id
            next_id += 1


def _cells(spans: list[_Span], features: int) -> list[str]:
    """A layer's columns on one token: `_`, or each stacked annotation's value."""
    if not spans:
        return ["_"] * features
    spans.sort(key=lambda span: (span.identifier or 0, span.start))
    columns = []
    for feature in range(features):
        values = []
        for span in spans:
            value = span.values[feature]
            shown = "*" if value == "*" else _escape_value(value)
            values.append(shown + (f"[{span.identifier}]" if span.identifier else ""))
        columns.append("|".join(values))
    return columns


class _Units:
    """Code point offset -> UTF-16 code unit offset."""

    def __init__(self, text: str) -> None:
        self._astral = [index for index, c in enumerate(text) if ord(c) > 0xFFFF]

    def of(self, offset: int) -> int:
        return offset + bisect_left(self._astral, offset)


# Reading ----------------------------------------------------------------------------


def is_webanno(content: str) -> bool:
    return content.lstrip("\ufeff").startswith("#FORMAT=WebAnno TSV 3")


@dataclass
class _Layer:
    name: str
    kind: str
    """SP (span), CH (chain) or RL (relation)."""
    features: list[str]
    first_column: int

    @property
    def read(self) -> bool:
        """Whether tui-reader reads this layer: named entities, and its note layer."""
        if self.kind != "SP":
            return False
        return self.name == NAMED_ENTITY or (
            self.name == NOTE_LAYER and NOTE_FEATURE in self.features
        )


@dataclass
class _Found:
    """An annotation being gathered from the token lines it appears on."""

    begin: int
    end: int
    values: dict[str, str]
    line: int


def read(content: str, stamp: str, labels: LabelMap, path: Path) -> ImportedFile:
    """The named entities and notes of a WebAnno TSV 3 file (see the module docstring)."""
    layers: list[_Layer] = []
    column = 3
    sentences: list[tuple[int, list[str]]] = []
    """(offset of the first token, or -1 before it is read; the #Text= lines)."""
    gathered = _Gathered()
    for number, line in enumerate(content.lstrip("\ufeff").splitlines(), start=1):
        header = _HEADER.fullmatch(line)
        if header:
            name, *features = header[2].split("|")
            layers.append(_Layer(name, header[1], features, column))
            column += len(features)
        elif line.startswith("#Text="):
            text = _unescape_text(line.removeprefix("#Text="))
            if sentences and sentences[-1][0] < 0:
                sentences[-1][1].append(text)
            else:
                sentences.append((-1, [text]))
        elif line.strip() and not line.startswith("#"):
            with record(f"line {number}"):
                begin = _token_line(line, layers, number, gathered)
            if sentences and sentences[-1][0] < 0:
                sentences[-1] = (begin, sentences[-1][1])
    if not any(start >= 0 for start, _ in sentences):
        raise UserError(f"{path}: a WebAnno TSV header, but no sentence with tokens")
    document = _rebuild([(start, lines) for start, lines in sentences if start >= 0])
    return _annotations(document, layers, gathered, labels, stamp)


@dataclass
class _Gathered:
    """The annotations of the layers read, gathered across token lines, and the others
    counted."""

    found: dict[tuple[int, str], _Found] = field(default_factory=dict)
    others: dict[str, set[str]] = field(default_factory=dict)


def _token_line(line: str, layers: list[_Layer], number: int, gathered: _Gathered) -> int:
    """Read one token line into `gathered`; returns the token's begin offset."""
    cells = line.split("\t")
    unit = _UNIT.fullmatch(cells[0])
    offsets = _OFFSETS.fullmatch(cells[1]) if len(cells) > 2 else None
    if unit is None or offsets is None:
        raise InvalidRecord("", "not a WebAnno token line (SENTENCE-TOKEN, BEGIN-END, TOKEN)")
    begin, end = int(offsets[1]), int(offsets[2])
    if begin > end:
        raise InvalidRecord("", f"the token's begin ({begin}) is after its end ({end})")
    for index, layer in enumerate(layers):
        values = cells[layer.first_column : layer.first_column + len(layer.features)]
        stacks = [_stacked(value) for value in values]
        for position in range(max((len(stack) for stack in stacks), default=0)):
            identity, feature_values = "", {}
            for feature, stack in zip(layer.features, stacks, strict=False):
                if position < len(stack):
                    value, found_id = stack[position]
                    identity = identity or found_id
                    if value != "*":
                        feature_values[feature] = _unescape_value(value)
            key = identity or f"{cells[0]}:{position}"
            if not layer.read:
                gathered.others.setdefault(layer.name, set()).add(key)
                continue
            annotation = gathered.found.get((index, key))
            if annotation is None:
                gathered.found[(index, key)] = _Found(begin, end, feature_values, number)
            else:
                annotation.begin = min(annotation.begin, begin)
                annotation.end = max(annotation.end, end)
                for name, value in feature_values.items():
                    annotation.values.setdefault(name, value)
    return begin


def _stacked(cell: str) -> list[tuple[str, str]]:
    """The stacked (value, disambiguation id or "") of one cell; none for `_` or empty."""
    if cell in ("", "_"):
        return []
    values, current, escaped = [], [], False
    for character in cell:
        if escaped:
            current.append(character)
            escaped = False
        elif character == "\\":
            current.append(character)
            escaped = True
        elif character == "|":
            values.append("".join(current))
            current = []
        else:
            current.append(character)
    values.append("".join(current))
    stacked = []
    for value in values:
        suffix = _ID_SUFFIX.search(value)
        if suffix and not value[: suffix.start()].endswith("\\"):
            stacked.append((value[: suffix.start()], suffix[1]))
        else:
            stacked.append((value, ""))
    return stacked


@dataclass
class _Rebuilt:
    """The document's text rebuilt from its sentences, and how to find the file's
    offsets in it."""

    text: str
    bounds: list[tuple[int, int]]
    """Where each sentence is in `text` (code points)."""
    file_starts: list[int]
    """Where each sentence starts by the file's offsets (UTF-16 units)..."""
    text_starts: list[int]
    """...and in `text` (UTF-16 units): the two differ where a gap was shortened."""

    def units(self, offset: int) -> int:
        """A file offset (UTF-16 units) as an offset in `text` (UTF-16 units)."""
        index = max(0, bisect_right(self.file_starts, offset) - 1)
        return max(0, offset - self.file_starts[index] + self.text_starts[index])


def _rebuild(sentences: list[tuple[int, list[str]]]) -> _Rebuilt:
    """The document's text: each sentence at its offset (UTF-16 units), the gaps between
    them (which the format does not record) filled with a line break and spaces, a
    gap longer than `_MAX_GAP` shortened to it (a hostile offset must not make a
    string of gigabytes; the offsets are only a hint, the quotes place the spans)."""
    rebuilt = _Rebuilt("", [], [], [])
    parts: list[str] = []
    file_length = length = points = 0
    for start, lines in sentences:
        if start > file_length:
            gap = min(start - file_length, _MAX_GAP)
            parts.append("\n" + " " * (gap - 1))
            length, points = length + gap, points + gap
        sentence = "\n".join(lines)
        parts.append(sentence)
        rebuilt.file_starts.append(start)
        rebuilt.text_starts.append(length)
        rebuilt.bounds.append((points, points + len(sentence)))
        units = len(sentence.encode("utf-16-le")) // 2
        file_length = max(file_length, start) + units
        length += units
        points += len(sentence)
    rebuilt.text = "".join(parts)
    return rebuilt


def _annotations(
    document: _Rebuilt,
    layers: list[_Layer],
    gathered: _Gathered,
    labels: LabelMap,
    stamp: str,
) -> ImportedFile:
    """The gathered annotations as spans of the rebuilt text, each quoted with the text
    of its own sentences only (what lies between sentences is not in the file)."""
    imported = ImportedFile("webanno")
    bounds = document.bounds
    starts = [start for start, _ in bounds]
    offsets = Utf16Offsets(document.text)
    text = RecordText(document.text)
    reader = SpanReader(imported, labels, stamp)
    untyped = 0
    for (index, _), annotation in sorted(gathered.found.items(), key=lambda item: item[1].begin):
        where = f"line {annotation.line}"
        start = offsets.to_code_points(document.units(annotation.begin))
        end = offsets.to_code_points(document.units(annotation.end))
        first = max(0, bisect_right(starts, start) - 1)
        last = max(0, bisect_right(starts, max(start, end - 1)) - 1)
        context = (bounds[first][0], bounds[last][1]) if bounds else None
        with record(where):
            if layers[index].name == NAMED_ENTITY:
                label = annotation.values.get("value", "")
                if not label.strip():
                    untyped += 1
                    continue
                identifier = annotation.values.get("identifier", "")
                reader.add(text, start, end, label, where, note=identifier, context=context)
            else:
                note = annotation.values.get(NOTE_FEATURE, "")
                reader.add(text, start, end, None, where, note=note, context=context)
    reader.finish()
    if untyped:
        imported.ignored.append(
            f"{untyped} named {'entity' if untyped == 1 else 'entities'} with no type"
        )
    imported.ignored.extend(
        f"{counted(len(keys), 'annotation(s)')} of the layer {name[:80]}: "
        "only named entities and notes are read"
        for name, keys in sorted(gathered.others.items())
    )
    return imported
