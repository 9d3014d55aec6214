"""Gazetteers: the name lists shipped with tui-reader, and the user's personal one.

The built-in lists live in `tui_reader/nlp/data/*.txt` (the format is described
at the top of `gpe.txt`). They feed the rule-based recogniser and spaCy's entity
ruler alike.

The personal gazetteer is a small TOML file the user may edit by hand; the app
adds to it when a correction is promoted to "always". It applies to every
article and every backend, on top of what the backend found:

    # Names that are always (or never) entities, in every article.
    not_entities = ["Comments"]

    [entities]
    "Tinzaouaten" = "GPE"
    "CSP" = "ORG"

Keys of `[entities]` are exact texts (case-sensitive), values OntoNotes labels;
`not_entities` lists texts that must never be entities. The path is
`$TUI_READER_GAZETTEER`, else `gazetteer.toml` in the user's data directory.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from filelock import FileLock
from platformdirs import user_data_path

from tui_reader.atomic_files import atomic_write
from tui_reader.errors import UserError
from tui_reader.nlp.entities import Entity, Recognizer
from tui_reader.nlp.labels import LABELS

DATA_DIRECTORY = Path(__file__).with_name("data")
GAZETTEER_ENV = "TUI_READER_GAZETTEER"

_NAME_FILES = {
    "gpe.txt": "GPE",
    "loc.txt": "LOC",
    "org.txt": "ORG",
    "norp.txt": "NORP",
    "language.txt": "LANGUAGE",
}
_CURLY = str.maketrans({"’": "'", "‘": "'", "‛": "'", "ʼ": "'"})


def straighten(text: str) -> str:
    """Curly apostrophes as straight ones, so "Côte d’Ivoire" finds "Côte d'Ivoire"."""
    return text if text.isascii() else text.translate(_CURLY)  # isascii() is a flag: free


def read_list_file(path: Path) -> dict[str, list[str]]:
    """Sections of a gazetteer file: {section: entries in file order}.

    Lines starting with "#" are comments, "[name]" opens a section, and other
    lines hold entries separated by ", ". Entries before any section go to "".
    """
    sections: dict[str, list[str]] = {}
    current = sections.setdefault("", [])
    for raw_line in path.read_text(encoding="utf-8").splitlines():
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1].strip(), [])
            continue
        current.extend(entry.strip() for entry in line.split(", ") if entry.strip())
    return sections


def _plural(adjective: str) -> str | None:
    """The group noun of a nationality ("Malian" -> "Malians", "Sri Lankan" -> "Sri Lankans"),
    if it takes an "s"."""
    if adjective.endswith(("ese", "ish", "ch", "s")) or adjective.count(" ") > 1:
        return None
    return adjective + "s"


@dataclass(frozen=True)
class Gazetteer:
    """The built-in lists, ready for lookups."""

    names: dict[str, str]
    """Exact name -> label (GPE, LOC, ORG, NORP, LANGUAGE), apostrophes straightened."""
    first_names: frozenset[str]
    cues: dict[str, frozenset[str]]
    """Section of cues.txt -> its words (see that file for what each section means)."""
    weak_places: frozenset[str]
    """Towns of the world (world_places.txt): a place when nothing else says what a name is."""
    countries: frozenset[str]
    """The countries of gpe.txt: a country's name stays a place even for its national team."""
    digest: str
    """A short hash of every data file, so caches notice when the lists change."""

    def cue(self, section: str) -> frozenset[str]:
        return self.cues.get(section, frozenset())


@cache
def builtin_gazetteer() -> Gazetteer:
    """Load the shipped lists once per process (about 10 ms)."""
    hasher = hashlib.sha256()
    for path in sorted(DATA_DIRECTORY.glob("*.txt")):
        hasher.update(path.name.encode())
        hasher.update(path.read_bytes())
    names: dict[str, str] = {}
    # Later files do not override earlier ones: places first, then groups and
    # organisations, so "Georgia" stays a country and "Amazon" a company.
    for file_name, label in _NAME_FILES.items():
        for entries in read_list_file(DATA_DIRECTORY / file_name).values():
            for entry in entries:
                names.setdefault(straighten(entry), label)
                if label == "NORP" and (plural := _plural(entry)):
                    names.setdefault(straighten(plural), label)
    first_names = frozenset(
        entry
        for entries in read_list_file(DATA_DIRECTORY / "first_names.txt").values()
        for entry in entries
    )
    cues = {
        section: frozenset(entries)
        for section, entries in read_list_file(DATA_DIRECTORY / "cues.txt").items()
        if section
    }
    weak_places = frozenset(
        straighten(entry)
        for entries in read_list_file(DATA_DIRECTORY / "world_places.txt").values()
        for entry in entries
    )
    countries = frozenset(
        straighten(entry) for entry in read_list_file(DATA_DIRECTORY / "gpe.txt")["countries"]
    )
    return Gazetteer(names, first_names, cues, weak_places, countries, hasher.hexdigest()[:12])


# The personal gazetteer ------------------------------------------------------------


def personal_gazetteer_path() -> Path:
    """`$TUI_READER_GAZETTEER`, else `gazetteer.toml` in the user's data directory."""
    if os.environ.get(GAZETTEER_ENV):
        return Path(os.environ[GAZETTEER_ENV]).expanduser()
    return user_data_path("tui-reader") / "gazetteer.toml"


@dataclass
class PersonalGazetteer:
    """Names the user has decided about once and for all."""

    entities: dict[str, str] = field(default_factory=dict)
    """Exact text -> OntoNotes label."""
    not_entities: set[str] = field(default_factory=set)
    """Texts that are never entities."""

    def __bool__(self) -> bool:
        return bool(self.entities or self.not_entities)

    @property
    def digest(self) -> str:
        """Changes whenever an entry changes; part of the cache key of results."""
        hasher = hashlib.sha256()
        for text, label in sorted(self.entities.items()):
            hasher.update(f"{text}\0{label}\n".encode("utf-8", "surrogatepass"))
        for text in sorted(self.not_entities):
            hasher.update(f"{text}\0\n".encode("utf-8", "surrogatepass"))
        return hasher.hexdigest()[:12]


def load_personal_gazetteer(path: Path | None = None) -> PersonalGazetteer:
    """Read the personal gazetteer; a missing file is an empty one, a broken one an error."""
    path = path or personal_gazetteer_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return PersonalGazetteer()
    except OSError as error:
        raise UserError(f"{path}: cannot read the gazetteer ({error.strerror or error})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise UserError(f"{path}: not valid TOML ({error})") from None
    entities = data.get("entities", {})
    not_entities = data.get("not_entities", [])
    if not isinstance(entities, dict) or not all(
        isinstance(label, str) and label in LABELS for label in entities.values()
    ):
        labels = ", ".join(LABELS)
        raise UserError(f"{path}: [entities] must map texts to one of {labels}")
    if not isinstance(not_entities, list) or not all(isinstance(t, str) for t in not_entities):
        raise UserError(f"{path}: not_entities must be a list of strings")
    return PersonalGazetteer(
        entities={text: label for text, label in entities.items() if text.strip()},
        not_entities={text for text in not_entities if text.strip()},
    )


def _toml_string(text: str) -> str:
    """A TOML basic string (tomllib can read TOML but not write it)."""
    escaped = []
    for character in text:
        if character in '"\\':
            escaped.append("\\" + character)
        elif character == "\n":
            escaped.append("\\n")
        elif character == "\t":
            escaped.append("\\t")
        elif ord(character) < 0x20 or ord(character) == 0x7F:
            escaped.append(f"\\u{ord(character):04X}")
        else:
            escaped.append(character)
    return '"' + "".join(escaped) + '"'


_HEADER = """\
# Personal gazetteer of tui-reader: names that are always (or never) entities,
# in every article. Edit it freely; the app rewrites it when you promote a
# correction to "always" (comments you add are not kept).
#
#   not_entities = ["text", ...]   texts that are never entities
#   [entities]  "text" = "LABEL"    LABEL is an OntoNotes type: PERSON, ORG, GPE,
#                                   LOC, FAC, NORP, DATE, MONEY, ...
"""


def save_personal_gazetteer(gazetteer: PersonalGazetteer, path: Path | None = None) -> None:
    """Write the file atomically (temporary file + rename), so a crash never truncates it."""
    path = path or personal_gazetteer_path()
    lines = [_HEADER]
    ignored = ", ".join(_toml_string(text) for text in sorted(gazetteer.not_entities))
    lines.append(f"not_entities = [{ignored}]\n\n[entities]\n")
    for text, label in sorted(gazetteer.entities.items()):
        lines.append(f"{_toml_string(text)} = {_toml_string(label)}\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, "".join(lines).encode("utf-8"))


def add_personal_entry(text: str, label: str | None, path: Path | None = None) -> None:
    """Make `text` always an entity of type `label`, or never an entity when `label` is None."""
    if not text.strip():
        raise UserError("a gazetteer entry needs some text")
    if label is not None and label not in LABELS:
        raise UserError(f"unknown entity type {label!r}; use one of {', '.join(LABELS)}")
    path = path or personal_gazetteer_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path) + ".lock"):
        gazetteer = load_personal_gazetteer(path)
        gazetteer.entities.pop(text, None)
        gazetteer.not_entities.discard(text)
        if label is None:
            gazetteer.not_entities.add(text)
        else:
            gazetteer.entities[text] = label
        save_personal_gazetteer(gazetteer, path)


def remove_personal_entry(text: str, path: Path | None = None) -> bool:
    """Forget whatever the personal gazetteer says about `text`; False if it said nothing."""
    path = path or personal_gazetteer_path()
    if not path.exists():
        return False
    with FileLock(str(path) + ".lock"):
        gazetteer = load_personal_gazetteer(path)
        found = text in gazetteer.entities or text in gazetteer.not_entities
        if found:
            gazetteer.entities.pop(text, None)
            gazetteer.not_entities.discard(text)
            save_personal_gazetteer(gazetteer, path)
    return found


class PersonalOverlay:
    """A recogniser wrapped so the personal gazetteer has the last word.

    Entries found in a paragraph (whole words only) replace any entity they
    overlap; entities whose text is listed in `not_entities` are dropped. The
    version carries the gazetteer's digest, so cached results of the backend
    alone are never mistaken for results with the user's corrections.
    """

    def __init__(self, inner: Recognizer, gazetteer: PersonalGazetteer) -> None:
        self.inner = inner
        self.gazetteer = gazetteer
        self.name = inner.name
        self.version = f"{inner.version}+personal.{gazetteer.digest}"
        texts = sorted(gazetteer.entities, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, texts)) + r")(?!\w)")
            if texts
            else None
        )

    def recognize(self, paragraphs: Iterable[tuple[int, str]]) -> Iterator[list[Entity]]:
        # The inner backend may read ahead (spaCy batches), so remember what it
        # was fed until its results come back, without holding the whole article.
        pending: deque[tuple[int, str]] = deque()

        def feed() -> Iterator[tuple[int, str]]:
            for pair in paragraphs:
                pending.append(pair)
                yield pair

        for found in self.inner.recognize(feed()):
            offset, text = pending.popleft()
            yield self._correct(offset, text, found)

    def _correct(self, offset: int, text: str, found: list[Entity]) -> list[Entity]:
        ignored = self.gazetteer.not_entities
        kept = [e for e in found if text[e.start - offset : e.end - offset] not in ignored]
        if self._pattern is None:
            return kept
        forced = [
            Entity(offset + match.start(), offset + match.end(), self.gazetteer.entities[match[0]])
            for match in self._pattern.finditer(text)
        ]
        if not forced:
            return kept
        kept = [e for e in kept if not any(e.start < f.end and f.start < e.end for f in forced)]
        return sorted(kept + forced)


def with_personal_gazetteer(
    recognizer: Recognizer, gazetteer: PersonalGazetteer | None = None
) -> Recognizer:
    """The recogniser with the user's gazetteer applied (unchanged when it is empty)."""
    gazetteer = gazetteer if gazetteer is not None else load_personal_gazetteer()
    return PersonalOverlay(recognizer, gazetteer) if gazetteer else recognizer
