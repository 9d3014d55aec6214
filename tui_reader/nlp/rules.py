"""The built-in entity recogniser: regular expressions and gazetteers, no model.

Each paragraph goes through three stages, each leaving alone what an earlier one
claimed:

1. Structure: bylines ("By Jane Doe"), credit lines ("Editing by A and B") and
   datelines ("BAMAKO (Reuters) –").
2. Numbers and time (`numeric.py`): MONEY, PERCENT, QUANTITY, TIME, DATE,
   ORDINAL and CARDINAL, modifiers included ("more than 40%").
3. Names: another regex finds runs of capitalised words ("Ursula von der Leyen",
   "al Qaeda", "U.N."), stopping before possessives and hyphenated tails
   ("Mali's", "al Qaeda-aligned", "pro-Russian"). Each run is typed by, in
   order: the gazetteers, head words ("... Council", "Lake ..."), titles
   ("President X"), names the article used before (a surname after the full
   name), first names, and the words around it ("spokesman X", "town of X").

A paragraph of several lines is read line by line, so no entity crosses a line
break. A line in capitals (a headline) is read differently: case says nothing
there, so only names the gazetteers or the story itself know are found. After
typing, a town named with a score or a verb of play ("Bergen beat Molde 2-1",
and most towns of a sports story) becomes a club; a country stays a place.

The recogniser keeps a small memory of the names it has typed while it reads
one call's paragraphs, and reads the first few paragraphs twice so that a
headline naming "Matthei" benefits from "Evelyn Matthei" two lines below. The
first reading is only for what it teaches: what a line gives the patterns
(numbers, runs of capitals cut into groups) is kept for the second, and the
touches that change only what is found (ages, clubs) are left to the second.
Everything is big regexes and dictionary lookups: it reads a few megabytes a
second on one core. Measured on real news (CoNLL-2003, `tui-reader eval`): its
weak type is ORG, single unknown words that only their context types.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from tui_reader.nlp.entities import Entity
from tui_reader.nlp.gazetteer import Gazetteer, builtin_gazetteer, straighten
from tui_reader.nlp.numeric import numeric_spans
from tui_reader.nlp.patterns import ALNUM, APOSTROPHE, UPPER, trie_pattern, words

RULES_VERSION = "3"
_LOOKAHEAD_PARAGRAPHS = 12
"""How many leading paragraphs are read twice (headline, byline, first facts)."""

Found = tuple[int, int, str]
"""(start, end, label) with paragraph-local offsets."""

# Names --------------------------------------------------------------------------------

_ABBREVIATIONS = words(
    "Mr Mrs Ms Dr St Mt Gen Lt Col Capt Sgt Gov Sen Rep Rev Prof Adm Jr Sr Co Corp Inc Ltd Bros"
)
_ABBREVIATION = rf"{trie_pattern(_ABBREVIATIONS)}\."
_INITIALS = r"(?:[A-Z]\.){2,}"
_INITIAL = rf"[A-Z]\.(?=\s+[{UPPER}])"
_WORD = (
    rf"(?:(?:al|el)-|[dl]{APOSTROPHE})?[{UPPER}]{ALNUM}*(?:{APOSTROPHE}(?!s\b){ALNUM}+)*"
    rf"(?:-(?:[a-z]{{1,4}}-)*[{UPPER}]{ALNUM}*(?:{APOSTROPHE}(?!s\b){ALNUM}+)*)*"
    rf"(?:(?<=s){APOSTROPHE}(?=\s+[{UPPER}]))?"
)
_TOKEN = rf"(?:{_ABBREVIATION}|{_INITIALS}|{_INITIAL}|{_WORD})"
_PARTICLES = (
    "of the|of|for the|for|and|&|de la|de|du|des|da|das|do|dos|del|della|di|van der|van den|"
    "van de|van|von der|von|der|den|ter|bin|ibn|al|el|y|upon"
)
_SPACE = r"[^\S\n]"
"""White space within a line: a name never runs on across a line break."""
_LEADING_PARTICLE = trie_pattern(words("al el van von de da di du bin ibn"))
_RUN_START = rf"(?=[{UPPER}abdeilv])"
"""Where a run can start: a capital, or the first letter of a particle before one ("al",
"el", "van", "von", "de", "da", "di", "du", "bin", "ibn", "d'", "l'"). Said first, it lets
the regex engine skip the other characters without trying the whole pattern at each."""
_SEQUENCE = re.compile(
    rf"{_RUN_START}(?<![^\W_'’])(?:{_LEADING_PARTICLE}{_SPACE})?{_TOKEN}"
    rf"(?:(?:{APOSTROPHE}s)?{_SPACE}+(?:(?:{_PARTICLES}){_SPACE}+)?{_TOKEN})*"
)
_PIECE = re.compile(rf"(?P<token>{_TOKEN})|(?P<particle>[a-z&]+|{APOSTROPHE}s)")
_POSSESSIVE = frozenset(["'s", "’s"])
_CONTRACTION = re.compile(r"['’](?:ll|re|ve|d|m|t)$")
_ROAD_NUMBER = re.compile(r"[ABM]\d{1,4}$|I-\d{1,3}$")
_NAME_CONNECTORS = frozenset(
    words("de la du des da das do dos del della di van von der den ter bin ibn al el y")
)
_SPLITTING_CONNECTORS = frozenset(["and", "&"])
_WORD_BEFORE = re.compile(r"([A-Za-z-]+)[\s,]*$")
_TWO_WORDS_BEFORE = re.compile(r"([A-Za-z]+)\s+([A-Za-z]+)\s+$")
_AGE = re.compile(r", (\d{1,3}),")
_IN_A_LANGUAGE = re.compile(r"\s*(?:[,.;:)]|$)")
_CAMEL_CASE = re.compile(r"[A-Z][a-z]+[A-Z]")
_PLACE_PREPOSITIONS = frozenset(["in", "near", "outside", "from", "to"])
_APPOSITIVE = re.compile(
    r",\s(?:the|a|an|its|their)\s(?:[\w’'-]+\s){0,3}?(?P<noun>[a-z]+)"
    r"(?=[,.;]|\s(?:at|of|for|in|with|from|who|whose|which|that|and|based)\b)"
)
_NOT_ACRONYMS = frozenset(
    words(
        """CEO CFO COO CTO GDP TV AI DNA HIV AIDS COVID PM AM OK ID EV EVs LNG LPG VAT IPO ETF
        NGO NGOs MP MPs MEP MEPs SUV SUVs PhD FM GMT UTC BST CET EST PST IQ PR HR CV CEOs I II
        III IV V VI RNA PCR CCTV SMS GPS USB"""
    )
)

_HEADING = re.compile(rf"^\s*([{UPPER}][{UPPER} ]+?)[ \t]+[-–—][ \t]")
_SCORE_AFTER = re.compile(r"[ \t]+\d{1,3}(?:-\d{1,3})?(?:[ \t]*$|[ \t]*[,;(]|[ \t]+[A-Z(\d])")
"""A score after a name: "Plymouth 2 Preston 1", "Hamburg 3-1"."""
_NEXT_WORDS = re.compile(r"[ \t]+(?:(?:has|have|had|will|would|could|were|was)[ \t]+)?([a-z]+)")
_PREVIOUS_WORDS = re.compile(r"(?:^|[\s(])((?:[a-z]+[ \t]+)?[a-z.]+)[ \t]+$")
_LOCATING_WORDS = frozenset(words("in at near from to into outside of In At"))
_SAID_IN_A_STATEMENT = (
    " said in a statement",
    " said in a news release",
    " said in a filing",
    " said it ",
    " said its ",
)
_OWNED = re.compile(r"['’]s?\s+([a-z]+)(?:[\s-]([a-z]+))?")
_ORG_PHRASE_BEFORE = re.compile(
    r"(?:\b(?:shares|stock|stake|stakes|holding|holdings|interest)\s+(?:in|of)"
    r"|\b(?:unit|subsidiary|division|affiliate|parent|owner|shareholders|units)\s+of"
    r"|\b(?:merger|merge|takeover|talks)\s+with)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_KINSHIP = frozenset(words("mother father brother sister son daughter wife husband uncle aunt"))
_NAME_LABELS = frozenset(
    ["PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"]
)
_CAPITAL_WORD = re.compile(rf"(?:[{UPPER}][{UPPER}0-9&]*\.?(?:[{UPPER}]\.)*)+(?:-[{UPPER}0-9]+)*")
_SPACED_WORDS = re.compile(r"\S+(?: \S+)*")
_LONGEST_NAME = 4
"""The most words a name in a headline in capitals is looked up with."""
_CAPITALS_SHARE = 0.9
_CAPITALS_MEMORY_LINES = 4 * _LOOKAHEAD_PARAGRAPHS
"""Names are kept for headlines in capitals from this many lines: those read ahead (the
story under the headline) and read again; later headlines rarely name earlier stories."""


def in_capitals(text: str) -> bool:
    """True for a paragraph written in capitals (a headline): few lower-case letters."""
    if not text[:16].isupper():  # most paragraphs, decided at once
        return False
    upper = sum(1 for character in text if character.isupper())
    lower = sum(1 for character in text if character.islower())
    return upper >= 4 and upper >= _CAPITALS_SHARE * (upper + lower)


# Structure ----------------------------------------------------------------------------

_BYLINE = re.compile(r"^\s*By\s+(?P<names>[^\n]{3,150}?)\s*$")
_CREDIT = re.compile(
    r"(?:(?:[Aa]dditional|[Ff]urther)\s)?(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Cc]ompiled|"
    r"[Ee]dited|[Ww]ritten|[Rr]esearch|[Gg]raphics|[Pp]roduction|[Tt]ranslation|[Pp]hotos?|"
    r"[Vv]ideo|[Ff]act-checking)\sby\s(?P<names>[^;()\n]+)"
)
_CREDIT_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*")
_CREDIT_PART = re.compile(r"^(?P<name>.+?)(?:\s+in\s+(?P<place>[A-Z].*?))?\s*$")
_DATELINE = re.compile(
    rf"^\s*(?P<places>[{UPPER}][{UPPER}'’.-]+(?:[ /][{UPPER}][{UPPER}'’.-]+)*)"
    r"(?:,[ \t](?P<region>[^()\n]{1,40}?))?[ \t]*(?:\((?P<agency>[^()\n]{2,40})\)[ \t]*)?"
    r"[-–—][ \t](?P<rest>.*)"
)
_DATED_LINE = re.compile(
    rf"^\s*(?P<places>[{UPPER}][{UPPER}'’.-]+(?:[ /][{UPPER}][{UPPER}'’.-]+)*)"
    r"(?:,[ \t](?P<region>[^\d\n]{1,40}?))?[ \t]+(?:\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}/\d{2,4})\s*$"
)
"""A dateline on a line of its own, dated: "NEW YORK 1996-08-22", "LIMA, Peru 1996-08-23"."""
_REGION = re.compile(r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)*")
_ROLE_WORDS = frozenset(
    words(
        """Reporter Reporters Correspondent Correspondents Editor Editors Writer Writers Staff
        Desk Bureau Agency News Service Team Chief Senior Political Business"""
    )
)


@dataclass
class _Scan:
    """What a line gives the patterns, whatever the recogniser has learnt: its numbers and
    times, whether it is in capitals, its runs of capitalised words (if not), and those
    runs cut into the groups of words to type (`RuleRecognizer._groups`)."""

    numbers: list[Found]
    capitals: bool
    runs: list[tuple[int, int]]
    groups: list[list[_Piece]] | None = None


def _scan(text: str) -> _Scan:
    capitals = in_capitals(text)
    runs = [] if capitals else [match.span() for match in _SEQUENCE.finditer(text)]
    return _Scan(list(numeric_spans(text)), capitals, runs)


@dataclass
class _Memory:
    """What one call has learnt: names it typed, to type their short forms later."""

    labels: dict[str, str] = field(default_factory=dict)
    """Names and their short forms ("Okafor" after "Amara Okafor"), trusted anywhere."""
    cued: dict[str, str] = field(default_factory=dict)
    """Lone words typed by the words around them ("town of Djibo", "shares in Nutricia"):
    trusted anywhere, a sentence's start included (measured on CoNLL-2003 eng.train:
    ORG F1 +0.006 on its prose; the self-written set unchanged)."""
    guesses: set[tuple[int, int]] = field(default_factory=set)
    """Spans of the current paragraph typed by a default rather than by evidence."""
    evidence: set[tuple[int, int]] = field(default_factory=set)
    """Spans of the current paragraph typed by evidence a statistical model reads less well
    than the rules: the words around the name, a head word, a title, a first name."""
    evident: set[str] = field(default_factory=set)
    """Names typed so (a person's short forms too): their repeats are evidence as well."""
    structural: set[tuple[int, int]] = field(default_factory=set)
    """Spans of the current paragraph found by its structure: datelines, bylines, credits."""
    credits: set[tuple[int, int]] = field(default_factory=set)
    """Stretches of the current paragraph that are a byline or a credit line's credits."""
    heading: int = 0
    """The length of the section heading ("SOCCER") opening the current paragraph, if any."""
    sport: bool = False
    """Reading a sports story: its towns are mostly clubs."""
    lines_read: int = 0
    capitals: dict[str, str] = field(default_factory=dict)
    """Every name typed in ordinary text, in capitals ("PSV", "MARCELO", "NEW YORK"):
    a headline in capitals is read with the names the story uses."""
    ahead: bool = False
    """Reading the first paragraphs ahead, for what they teach: what is found is not kept
    (`find` returns it unfinished), and `scans` keeps what their lines' patterns found."""
    scans: dict[str, _Scan] = field(default_factory=dict)
    """What the lines read ahead gave the patterns, kept for their second reading."""

    def remember_capitals(self, text: str, found: list[Found]) -> None:
        for start, end, label in found:
            if label in _NAME_LABELS:
                name = text[start:end]
                self.capitals.setdefault(name.upper(), label)
                if label == "PERSON" and " " in name:
                    self.capitals.setdefault(name.rsplit(" ", 1)[1].upper(), label)

    def remember_person(
        self, text: str, pieces: list[_Piece], known: Mapping[str, str], evident: bool = False
    ) -> None:
        """A person, and the short forms of the name, except those the gazetteer knows as
        something else: "Canada" is not a person after "Statistics Canada" was taken for one.
        An `evident` person's short forms are evidence when they come back."""
        self.labels[text] = "PERSON"
        forms = [text]
        for index in range(1, len(pieces)):
            suffix = text[pieces[index].start - pieces[0].start :]
            if straighten(suffix) in known:
                continue
            if pieces[index].particle:
                suffix_upper = suffix[0].upper() + suffix[1:]
                self.labels.setdefault(suffix_upper, "PERSON")
                forms.append(suffix_upper)
            self.labels.setdefault(suffix, "PERSON")
            forms.append(suffix)
        if evident:
            self.evident.update(forms)

    def evidenced(self, start: int, end: int, name: str | None = None) -> None:
        """The span at `start`-`end` was typed by evidence (and so will be `name` later)."""
        self.evidence.add((start, end))
        if name is not None:
            self.evident.add(name)

    def recalled(self, start: int, end: int, name: str) -> None:
        """A remembered name at `start`-`end`: evidence if its first typing was."""
        if name in self.evident:
            self.evidence.add((start, end))


class Reading(NamedTuple):
    """One paragraph as the rules read it."""

    offset: int
    text: str
    found: list[Found]
    """(start, end, label) in the paragraph's own offsets, in order."""
    guesses: frozenset[tuple[int, int]]
    """Spans of `found` typed by a default, not by evidence: other backends may overrule them."""
    structural: frozenset[tuple[int, int]] = frozenset()
    """Spans of `found` placed by the structure of the copy (datelines, bylines, credits),
    which no other backend reads as well."""
    evidence: frozenset[tuple[int, int]] = frozenset()
    """Spans of `found` typed by evidence rather than by lists or defaults: the words around
    the name ("shares in X", "town of X"), a head word ("... Council"), a title ("President
    X"), a first name, or an earlier typing of the same name by such evidence."""
    credits: frozenset[tuple[int, int]] = frozenset()
    """Stretches that are a byline or a credit ("Writing by A; Editing by B"): their names
    are the rules' alone."""


class _Piece(NamedTuple):
    """A capitalised word ("Leyen", "U.N.") or a lower-case particle ("von", "of", "and")."""

    start: int
    end: int
    text: str
    particle: bool


class RuleRecognizer:
    """Rules and gazetteers; implements the `Recognizer` protocol."""

    name = "rules"

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or builtin_gazetteer()
        self.version = f"{RULES_VERSION}.{self.gazetteer.digest}"
        cue = self.gazetteer.cue
        self._names = self.gazetteer.names
        self._first_names = self.gazetteer.first_names
        self._weak_places = self.gazetteer.weak_places
        self._org_last = cue("org_last")
        self._org_first = cue("org_first")
        self._org_lead = cue("org_lead")
        self._fac_first = cue("fac_first")
        self._gpe_first = cue("gpe_first")
        self._product_first = cue("product_first")
        self._fac_endings = tuple(cue("fac_endings"))
        self._fac_last = cue("fac_last")
        self._loc_last = cue("loc_last")
        self._loc_first = cue("loc_first")
        self._gpe_last = cue("gpe_last")
        self._event_last = cue("event_last")
        self._law_last = cue("law_last")
        self._titles = cue("titles")
        self._title_modifiers = cue("title_modifiers")
        self._person_before = cue("person_before")
        self._org_before = cue("org_before")
        self._org_role_after = cue("org_role_after")
        self._gpe_after = cue("gpe_after")
        self._gpe_before = cue("gpe_before")
        self._compass = cue("compass")
        self._place_suffixes = cue("place_suffixes")
        self._org_words = cue("org_words")
        self._function_words = cue("function_words")
        self._post_nominals = cue("post_nominals")
        self._spoken_languages = cue("spoken_languages")
        self._sports = cue("sports")
        self._section_words = self._sports | cue("desks")
        self._play_verbs = cue("play_verbs")
        self._team_before = cue("team_before")
        self._countries = self.gazetteer.countries
        self._team_words = cue("team_words")
        self._org_owns = cue("org_owns")
        self._event_first = cue("event_first")
        self._heading_words = cue("heading_words")
        self._event_after = cue("event_after")
        self._capital_names = {
            name.upper(): label
            for name, label in self._names.items()
            if name not in self._function_words and not (len(name) <= 3 and not name.isupper())
        }
        self._not_names = self._function_words | self._titles | self._title_modifiers

    # The protocol ---------------------------------------------------------------------

    def recognize(self, paragraphs: Iterable[tuple[int, str]]) -> Iterator[list[Entity]]:
        for reading in self.read(paragraphs):
            offset = reading.offset
            yield [Entity(offset + s, offset + e, label) for s, e, label in reading.found]

    def read(self, paragraphs: Iterable[tuple[int, str]]) -> Iterator[Reading]:
        """Each paragraph's entities (in its own offsets), and which of them are guesses."""
        memory = _Memory()
        iterator = iter(paragraphs)
        head: list[tuple[int, str]] = []
        for pair in iterator:
            head.append(pair)
            if len(head) >= _LOOKAHEAD_PARAGRAPHS:
                break
        memory.ahead = True
        for _, text in head:
            self.find(text, memory)
        memory.ahead = False
        for offset, text in itertools.chain(head, iterator):
            found = self.find(text, memory)
            yield Reading(
                offset,
                text,
                found,
                frozenset(memory.guesses),
                frozenset(memory.structural),
                frozenset(memory.evidence),
                frozenset(memory.credits),
            )

    def find(self, text: str, memory: _Memory | None = None) -> list[Found]:
        """Entities of one paragraph, as (start, end, label) in its own offsets.

        A paragraph of several lines (hard-wrapped text, a table, a headline above its
        dateline) is read line by line: no entity crosses a line break, and a line in
        capitals or a dateline is judged on its own.
        """
        memory = memory if memory is not None else _Memory()
        if "\n" not in text:
            return self._find_in_line(text, memory)
        found: list[Found] = []
        spans: tuple[set[tuple[int, int]], ...] = (set(), set(), set(), set())
        position = 0
        for line in text.split("\n"):
            if line.strip():
                found += [
                    (position + s, position + e, label)
                    for s, e, label in self._find_in_line(line, memory)
                ]
                line_spans = (memory.guesses, memory.structural, memory.evidence, memory.credits)
                for paragraph_set, line_set in zip(spans, line_spans, strict=True):
                    paragraph_set.update((position + s, position + e) for s, e in line_set)
            position += len(line) + 1
        memory.guesses, memory.structural, memory.evidence, memory.credits = spans
        return found

    def _find_in_line(self, text: str, memory: _Memory) -> list[Found]:
        """Entities of one line, as (start, end, label) in its own offsets."""
        memory.guesses.clear()
        memory.evidence = set()
        memory.credits = set()
        found: list[Found] = []
        taken = bytearray(len(text) + 1)
        byline = self._structure(text, found, memory)
        memory.structural = {(start, end) for start, end, _ in found}
        if byline:
            return sorted(found)  # "By Jane Doe, Science Correspondent": nothing else
        structural = frozenset(found)
        for start, end, _ in found:
            taken[start:end] = b"\x01" * (end - start)
        if memory.heading:
            taken[: memory.heading] = b"\x01" * memory.heading
        if memory.ahead:
            scan = memory.scans[text] = _scan(text)
        else:
            scan = memory.scans.pop(text) if text in memory.scans else _scan(text)
        for start, end, label in scan.numbers:
            if taken[start] or taken[end - 1]:
                continue
            found.append((start, end, label))
            taken[start:end] = b"\x01" * (end - start)
        if scan.capitals:
            self._capitals(text, taken, found, memory)
        else:
            if scan.groups is None:
                scan.groups = [
                    group
                    for start, end in scan.runs
                    for group in self._groups(text, start, end, taken)
                ]
            for group in scan.groups:
                self._group(text, group, found, memory)
        if memory.lines_read < _CAPITALS_MEMORY_LINES:
            memory.remember_capitals(text, found)
        memory.lines_read += 1
        if memory.ahead:
            return found  # only what it taught is kept: ages and teams teach nothing
        found.sort()
        self._ages(text, found)
        self._teams(text, found, structural, memory)
        return found

    def _capitals(self, text: str, taken: bytearray, found: list[Found], memory: _Memory) -> None:
        """A paragraph in capitals (a headline): case says nothing, so only known names count,
        the longest first: the gazetteers' and those the story itself uses."""
        words = [m for m in _CAPITAL_WORD.finditer(text) if not taken[m.start()]]
        index = 0
        while index < len(words):
            for length in range(min(_LONGEST_NAME, len(words) - index), 0, -1):
                last = words[index + length - 1]
                start, end = words[index].start(), last.end()
                name = text[start:end]
                if length > 1 and not _SPACED_WORDS.fullmatch(name):
                    continue
                label = self._capital_label(name, memory)
                if not label and name.endswith(".") and name.count(".") == 1:
                    name, end = name[:-1], end - 1  # the full stop ending the headline
                    label = self._capital_label(name, memory)
                if label:
                    found.append((start, end, label))
                    index += length
                    break
            else:
                index += 1

    def _capital_label(self, name: str, memory: _Memory) -> str | None:
        """The type of a name written in capitals, if the story or the gazetteers know it."""
        label = memory.capitals.get(name) or memory.capitals.get(name.title())
        if label:
            return label
        if name.title() in self._function_words or name in _NOT_ACRONYMS:
            return None
        return self._capital_names.get(name) or self._capital_names.get(name.title().upper())

    # Stage 1: bylines, credits, datelines ---------------------------------------------------

    def _structure(self, text: str, found: list[Found], memory: _Memory) -> bool:
        """Bylines, datelines and credit lines; True when the paragraph is a byline."""
        byline = _BYLINE.match(text)
        if byline:
            memory.credits.add((0, len(text)))
            start = byline.start("names")
            for part in _CREDIT_SPLIT.split(byline["names"]):
                if not part:
                    continue
                index = text.find(part, start)
                start = index + len(part)
                self._credit_name(text, index, index + len(part), found, memory)
            return True
        self._sports_heading(text, memory)
        dateline = _DATED_LINE.match(text) or _DATELINE.match(text)
        if dateline and self._is_dateline(dateline):
            self._dateline(text, dateline, found, memory)
        if "by " not in text:
            return False
        for credit in _CREDIT.finditer(text):
            memory.credits.add(credit.span())
            start = credit.start("names")
            for part in _CREDIT_SPLIT.split(credit["names"]):
                if not part:
                    continue
                index = text.find(part, start)
                start = index + len(part)
                pieces = _CREDIT_PART.match(part)
                if not pieces:
                    continue
                name_end = index + len(pieces["name"])
                self._credit_name(text, index, name_end, found, memory)
                if pieces["place"]:
                    place_start = index + pieces.start("place")
                    place = pieces["place"].rstrip(" .")
                    label = self._names.get(straighten(place), "GPE")
                    found.append((place_start, place_start + len(place), label))
        return False

    def _sports_heading(self, text: str, memory: _Memory) -> None:
        """A story under "SOCCER - " or "CRICKET - " is a sports story (see `_teams`)."""
        memory.heading = 0
        heading = _HEADING.match(text)
        if heading:
            section = straighten(heading[1].title())
            memory.sport = section in self._sports
            if section in self._section_words:
                memory.heading = heading.end(1)

    def _is_dateline(self, match: re.Match[str]) -> bool:
        """ "BAMAKO (Reuters) –", "NEW YORK 1996-08-22" and "DJIBO, Burkina Faso - The army
        said" are datelines; "SOCCER - " and "PRESS DIGEST - " are section headings, and
        "PSV WIN - ..." a headline."""
        places = match["places"]
        if straighten(places.title()) in self._section_words:
            return False
        if match.re is _DATED_LINE or match["agency"] or match["region"]:
            return True
        if self._names.get(straighten(places.title())) in ("GPE", "LOC"):
            return True
        # An unknown place: a dateline only when a sentence follows, not more capitals.
        following = match["rest"].split()[:8]
        return len(places) > 3 and sum(1 for word in following if word.islower()) >= 2

    def _dateline(
        self, text: str, match: re.Match[str], found: list[Found], memory: _Memory
    ) -> None:
        """The places of a dateline ("LIMA, Peru"), and its news agency. The story names
        the town again in ordinary case ("PORTWELL -" ... "the Portwell council")."""
        start = match.start("places")
        for place in match["places"].split("/"):
            index = text.find(place, start)
            start = index + len(place)
            label = self._names.get(straighten(place.title()), "GPE")
            label = label if label in ("GPE", "LOC") else "GPE"
            found.append((index, index + len(place), label))
            town = straighten(place.title())
            memory.cued.setdefault(town, label)
            memory.evident.add(town)
        region = match["region"]
        if region:
            region = region.strip()
            if region.endswith(".") and match.end("region") >= len(text.rstrip()):
                region = region[:-1]  # the full stop that ends the line
            place = _REGION.fullmatch(region)
            if place:
                index = text.find(region, match.start("region"))
                label = self._names.get(straighten(region), "GPE")
                found.append((index, index + len(region), label if label == "LOC" else "GPE"))
        agency = match.groupdict().get("agency")
        if agency:
            agency = agency.strip()
            index = text.find(agency, match.start("agency"))
            found.append((index, index + len(agency), "ORG"))

    def _credit_name(
        self, text: str, start: int, end: int, found: list[Found], memory: _Memory
    ) -> None:
        """A name in a byline or credit line: a person, unless it is a job or a known body."""
        name = text[start:end].strip()
        if not name or not name[0].isupper():
            return
        start = text.find(name, start)
        words = name.split()
        if any(word in _ROLE_WORDS for word in words) or len(words) > 5:
            return
        known = self._names.get(straighten(name))
        if known:
            found.append((start, start + len(name), known))
            return
        found.append((start, start + len(name), "PERSON"))
        pieces = [
            _Piece(start + m.start(), start + m.end(), m[0], m.lastgroup == "particle")
            for m in _PIECE.finditer(name)
        ]
        if pieces:
            memory.remember_person(name, pieces, self._names)

    # Stage 3: capitalised names ----------------------------------------------------------

    def _groups(self, text: str, start: int, end: int, taken: bytearray) -> list[list[_Piece]]:
        """Split one run of capitalised words into the parts that are free, to be typed
        (`_group`) in turn. What is taken depends on the line alone, and so do they."""
        word = text[start:end]
        if " " not in word and "\n" not in word:  # one word: most runs
            if not (taken[start] or taken[end - 1]):
                return [[_Piece(start, end, word, False)]]
            return []
        groups: list[list[_Piece]] = []
        group: list[_Piece] = []
        for match in _PIECE.finditer(text, start, end):
            piece = _Piece(match.start(), match.end(), match[0], match.lastgroup == "particle")
            blocked = taken[piece.start] or taken[piece.end - 1]
            sentence_break = (
                group
                and group[-1].text.endswith(".")
                and not piece.particle
                and piece.text in self._function_words
            )
            if blocked or sentence_break:
                groups.append(group)
                group = []
            if not blocked:
                group.append(piece)
        groups.append(group)
        return groups

    def _group(self, text: str, pieces: list[_Piece], found: list[Found], memory: _Memory) -> None:
        while pieces and (pieces[-1].particle or pieces[-1].text in self._post_nominals):
            pieces = pieces[:-1]
        while pieces and pieces[0].particle and pieces[0].text not in _NAME_CONNECTORS:
            pieces = pieces[1:]
        if not pieces:
            return
        start, end = pieces[0].start, pieces[-1].end
        whole = straighten(text[start:end])
        if memory.labels.get(whole) == "PERSON":  # "Kent" after "Clark Kent"
            found.append((start, end, "PERSON"))
            memory.recalled(start, end, whole)
            return
        if whole in self._names:
            label = self._names[whole]
            if whole in self._spoken_languages and _IN_A_LANGUAGE.match(text, end):
                label = "LANGUAGE" if text[max(0, start - 3) : start] == "in " else label
            found.append((start, end, label))
            return
        while pieces and not pieces[0].particle and pieces[0].text in self._function_words:
            pieces = pieces[1:]
            while pieces and pieces[0].particle:
                pieces = pieces[1:]
        if not pieces or (
            self._heading_word(pieces[0].text)
            and all(piece.particle or self._heading_word(piece.text) for piece in pieces)
        ):
            return  # a table's labels: "Group A", "Played Won Drawn Lost", "Division Two"
        if len(pieces) == 1 and "-" in pieces[0].text:
            found.extend(self._hyphenated(pieces[0]) or self._classify(text, pieces, memory))
        else:
            found.extend(self._classify(text, pieces, memory))

    def _heading_word(self, word: str) -> bool:
        """A word of a table's headings and labels, or a group's letter ("Group A")."""
        return word in self._heading_words or (len(word) == 1 and word.isupper())

    def _hyphenated(self, piece: _Piece) -> list[Found]:
        """ "Danish-British" is two nationalities; "Guinea-Bissau" (listed) never gets here."""
        parts = straighten(piece.text).split("-")
        labels = [self._names.get(part) for part in parts]
        if not all(labels):
            return []
        found, start = [], piece.start
        for part, label in zip(parts, labels, strict=True):
            found.append((start, start + len(part), str(label)))
            start += len(part) + 1
        return found

    def _classify(self, text: str, pieces: list[_Piece], memory: _Memory) -> list[Found]:
        """Type a run of pieces, splitting it where it holds several names."""
        start, end = pieces[0].start, pieces[-1].end
        whole = straighten(text[start:end])
        known = self._names.get(whole)
        if not known and whole in memory.labels:
            known = memory.labels[whole]
            memory.recalled(start, end, whole)
        if known:
            return [(start, end, known)]
        tokens = [piece for piece in pieces if not piece.particle]
        if len(tokens) > 1 and self._opening_word(text, pieces, memory):
            # "Accusing Israeli Prime Minister ...", "Numerous Japanese": a capital that
            # only opens the sentence, before a name.
            return self._classify(text, pieces[1:], memory)
        if len(tokens) == 1:
            label = self._single(text, tokens[0], memory)
            return [(start, end, label)] if label else []
        for splitter in (self._split_at_possessive, self._split_at_and, self._split_at_of):
            parts = splitter(text, pieces, tokens, memory)
            if parts is not None:
                return parts
        head_label = self._head_label(tokens, pieces)
        if head_label:
            memory.evidenced(start, end, whole)
            if head_label == "ORG":
                self._remember_organisation(tokens, memory, evident=True)
            return [(start, end, head_label)]
        for splitter in (self._split_at_title, self._team_name, self._split_known_prefix):
            parts = splitter(text, pieces, tokens, memory)
            if parts is not None:
                return parts
        label = self._multi_word_label(text, tokens, pieces, memory)
        evident = (start, end) in memory.evidence
        if label == "PERSON":
            memory.remember_person(text[start:end], pieces, self._names, evident)
        elif label == "ORG":
            self._remember_organisation(tokens, memory, evident)
        if evident:
            memory.evident.add(whole)
        return [(start, end, label)]

    def _opening_word(self, text: str, pieces: list[_Piece], memory: _Memory) -> bool:
        """True when the first word only opens the sentence and a known name follows it."""
        first, second = pieces[0], pieces[1]
        if second.particle or not opens_sentence(text, first.start):
            return False
        word = straighten(first.text)
        if word in self._names or word in memory.labels or word in self._first_names:
            return False
        if word in self._titles or word in self._title_modifiers or word in self._compass:
            return False
        rest = straighten(text[second.start : pieces[-1].end])
        following = straighten(second.text)
        return (
            word.endswith(("ing", "ly", "ed"))
            or memory.labels.get(rest) == "PERSON"
            or self._names.get(following) == "NORP"
        ) and not word.isupper()

    def _parts(self, text: str, pieces: list[_Piece], cut: int, memory: _Memory) -> list[Found]:
        """Type what comes before and after the connector at index `cut` separately."""
        return [
            *self._classify(text, pieces[:cut], memory),
            *self._classify(text, pieces[cut + 1 :], memory),
        ]

    def _split_at_possessive(
        self, text: str, pieces: list[_Piece], tokens: list[_Piece], memory: _Memory
    ) -> list[Found] | None:
        """ "Britain's Prime Minister X" is two names; "Fishermen's Association" one."""
        for index, piece in enumerate(pieces):
            if piece.particle and piece.text in _POSSESSIVE:
                owner = straighten(text[pieces[0].start : pieces[index - 1].end])
                known = self._names.get(owner) or memory.labels.get(owner)
                if not known and self._organisation_shape(tokens, pieces):
                    return None
                return self._parts(text, pieces, index, memory)
        return None

    def _split_at_and(
        self, text: str, pieces: list[_Piece], tokens: list[_Piece], memory: _Memory
    ) -> list[Found] | None:
        """ "Sudan and Chad" are two names; "Centers for Disease Control and Prevention" one."""
        for index, piece in enumerate(pieces):
            if not (piece.particle and piece.text in _SPLITTING_CONNECTORS) or index == 0:
                continue
            before = straighten(text[pieces[0].start : pieces[index - 1].end])
            if self._names.get(before) or memory.labels.get(before) == "PERSON":
                return self._parts(text, pieces, index, memory)
            if self._head_label(tokens, pieces):
                return None  # "Coffee and Cocoa Council", "Flamborough and Filey Coast"
            return self._parts(text, pieces, index, memory)
        return None

    def _split_at_of(
        self, text: str, pieces: list[_Piece], tokens: list[_Piece], memory: _Memory
    ) -> list[Found] | None:
        """ "Jeannette Jara of the Communist Party" is two names; "Ministry of Health" one."""
        for index, piece in enumerate(pieces):
            if not (piece.particle and piece.text in ("of", "for")) or index == 0:
                continue
            head = pieces[index - 1].text
            if (
                head in self._org_first
                or head in self._loc_first
                or head in self._gpe_last
                or pieces[0].text in self._product_first
                or (index == 1 and head in self._titles)
            ):
                return None
            rest = pieces[index + 1 :]
            while rest and rest[0].particle:
                rest = rest[1:]
            left = self._classify(text, pieces[:index], memory)
            return [*left, *self._classify(text, rest, memory)] if rest else left
        return None

    def _is_town(self, name: str) -> bool:
        """A town or region (not a country): a club may be named after it."""
        name = straighten(name)
        if name in self._countries:
            return False
        return self._names.get(name) in ("GPE", "LOC") or name in self._weak_places

    def _team_name(
        self, text: str, pieces: list[_Piece], tokens: list[_Piece], memory: _Memory
    ) -> list[Found] | None:
        """A club named after its town: "Chicago Cubs", "Plymouth Argyle", "Hansa Rostock"."""
        if len(tokens) > 4 or any(piece.particle for piece in pieces):
            return None
        names = [straighten(token.text) for token in tokens]
        whole = [(pieces[0].start, pieces[-1].end, "ORG")]
        if any(name in self._team_words for name in names) and any(
            self._is_town(name) for name in names if name not in self._team_words
        ):
            return whole
        for cut in range(1, len(tokens)):
            front = text[tokens[0].start : tokens[cut - 1].end]
            back = text[tokens[cut].start : tokens[-1].end]
            if self._is_town(front) and self._nickname(names[cut:]):
                return whole  # "Seattle Mariners", "Toronto Blue Jays"
            if (
                memory.sport
                and len(tokens) == 2
                and self._unknown_word(names[0] if cut == 1 else names[1])
                and (self._is_town(back) or self._is_town(front))
            ):
                return whole  # "Hansa Rostock", "Feyenoord Rotterdam" in a sports story
        return None

    def _nickname(self, names: list[str]) -> bool:
        """A club's nickname: "Cubs", "Blue Jays", "White Sox" (a plural, not a known name)."""
        last = names[-1]
        return (
            last.endswith(("s", "x"))
            and not last.endswith(("ss", "us", "is"))
            and not any(name in self._names or name in self._not_names for name in names)
            and last[0].isupper()
            and not last.isupper()
        )

    def _unknown_word(self, name: str) -> bool:
        return not (
            name in self._names
            or name in self._not_names
            or name in self._first_names
            or name in self._weak_places
        )

    def _split_known_prefix(
        self, text: str, pieces: list[_Piece], tokens: list[_Piece], memory: _Memory
    ) -> list[Found] | None:
        """A known place or group in front: "German Red Cross" is one ORG, "Kenyan X" two names."""
        first = pieces[0]
        label = self._names.get(straighten(first.text))
        if label == "ORG":
            return [(first.start, pieces[-1].end, "ORG")]  # "NHS Western Isles"
        if label not in ("GPE", "NORP", "LOC") or first.text in self._first_names:
            return None
        rest = pieces[1:]
        while rest and rest[0].particle:
            rest = rest[1:]
        if not rest:
            return None
        if self._names.get(straighten(text[rest[0].start : rest[-1].end])) == "ORG":
            return [(first.start, rest[-1].end, "ORG")]
        return [(first.start, first.end, label), *self._classify(text, rest, memory)]

    def _organisation_shape(self, tokens: list[_Piece], pieces: list[_Piece]) -> bool:
        """ "... Council", "Ministry of ...", "Musee ...": the shape of an organisation name."""
        if tokens[-1].text in self._org_last or tokens[0].text in self._org_lead:
            return True
        return any(
            piece.particle and piece.text in ("of", "for") and previous.text in self._org_first
            for previous, piece in itertools.pairwise(pieces)
        )

    def _head_label(self, tokens: list[_Piece], pieces: list[_Piece]) -> str | None:
        """The type a head word gives the whole name: "... Council", "Lake ...", "... Airport"."""
        last, first = tokens[-1].text, tokens[0].text
        if first in self._product_first:
            return "PRODUCT"
        if self._organisation_shape(tokens, pieces):
            return "ORG"
        if first in self._gpe_first:
            return "GPE"
        if last in self._fac_last or first in self._fac_first or last.endswith(self._fac_endings):
            return "FAC"
        if last in self._event_last or first in self._event_first:
            return "EVENT"
        if last in self._law_last:
            return "LAW"
        if last in self._loc_last or first in self._loc_first:
            return "LOC"
        if last in self._gpe_last:
            return "GPE"
        return None

    def _is_title(self, index: int, piece: _Piece) -> bool:
        if piece.particle:
            return False
        # A job opening a sentence works as a title: "Curator Nienke Bakker said"; a kinship
        # word with a capital is part of the name ("Mother Teresa", "Sister Nirmala").
        return piece.text in self._titles or (
            index == 0
            and piece.text.lower() in self._person_before
            and piece.text.lower() not in _KINSHIP
        )

    def _split_at_title(
        self, text: str, pieces: list[_Piece], tokens: list[_Piece], memory: _Memory
    ) -> list[Found] | None:
        """ "European Commission President Ursula von der Leyen" -> ORG + PERSON."""
        title_index = None
        for index, piece in enumerate(pieces):
            if self._is_title(index, piece):
                title_index = index
        if title_index is None:
            return None
        left = pieces[:title_index]
        left_known = left and straighten(text[left[0].start : left[-1].end]) in self._names
        while (
            left
            and not left_known
            and (left[-1].particle or left[-1].text in self._title_modifiers)
        ):
            left = left[:-1]
        right = pieces[title_index + 1 :]
        while right and (right[0].particle or right[0].text in self._not_names):
            right = right[1:]
        results: list[Found] = []
        if left:
            results.extend(self._classify(text, left, memory))
        if right:
            start, end = right[0].start, right[-1].end
            label = self._names.get(straighten(text[start:end]))
            if label is None:
                label = "PERSON"
                memory.remember_person(text[start:end], right, self._names, evident=True)
                memory.evidenced(start, end)
            results.append((start, end, label))
        return results

    def _multi_word_label(
        self, text: str, tokens: list[_Piece], pieces: list[_Piece], memory: _Memory
    ) -> str:
        start, end = pieces[0].start, pieces[-1].end
        surname = straighten(tokens[-1].text)
        # A person by a connector ("Ursula von der Leyen", "Vincent van Gogh") or a first name.
        person_shape = tokens[0].text in self._first_names or any(
            piece.particle and piece.text in _NAME_CONNECTORS for piece in pieces
        )
        if memory.labels.get(surname) == "PERSON":
            memory.recalled(start, end, surname)
            if person_shape:
                memory.evidenced(start, end)
            return "PERSON"
        context = self._context_label(text, start, end, single=False)
        if context:
            memory.evidenced(start, end)
            return context
        if person_shape:
            memory.evidenced(start, end)
            return "PERSON"
        place = straighten(text[start:end]) in self._weak_places or tokens[0].text in self._compass
        if not place and any(token.text in self._org_words for token in tokens):
            memory.evidenced(start, end)  # "Permanent Strategic ...", "Blue ...": a body
            return "ORG"
        memory.guesses.add((start, end))
        if place:
            return "GPE"
        if all(token.text.isupper() for token in tokens):
            return "ORG"
        return "PERSON"

    def _single(self, text: str, piece: _Piece, memory: _Memory) -> str | None:
        """The type of a lone capitalised word, or None when it is just a capitalised word."""
        word = straighten(piece.text)
        if word.isupper() and len(word) > 3:
            label = self._names.get(word.title())
            if label:
                return label
        opening = opens_sentence(text, piece.start)
        remembered = memory.labels.get(word) or memory.cued.get(word)
        if remembered:
            memory.recalled(piece.start, piece.end, word)
            return remembered
        if word in self._not_names or word in _NOT_ACRONYMS or _CONTRACTION.search(word):
            return None
        if (word.endswith(self._fac_endings) and len(word) > 7) or _ROAD_NUMBER.match(word):
            memory.evidenced(piece.start, piece.end)  # "Museumplein", "the A82"
            return "FAC"
        if opening:
            # Opening a sentence, a capital says nothing: only a cue makes it a name.
            label = self._context_label(text, piece.start, piece.end, sentence_start=True)
            if label is None and word in self._weak_places:
                label = "GPE"
                memory.guesses.add((piece.start, piece.end))
            elif label is None and memory.sport and _SCORE_AFTER.match(text, piece.end):
                label = "ORG"  # a results line: "Brann 2 Molde 1"
                memory.guesses.add((piece.start, piece.end))
            elif label is None and _CAMEL_CASE.match(word):
                label = "ORG"
                memory.guesses.add((piece.start, piece.end))
        else:
            label = self._context_label(text, piece.start, piece.end)
            if label is None and word.endswith(".") and not word.isupper():
                return None
            if label is None:
                if word in self._first_names:
                    label = "PERSON"
                elif word in self._weak_places:
                    label = "GPE"
                else:
                    label = "ORG" if word.isupper() or memory.sport else None
                memory.guesses.add((piece.start, piece.end))
        if label and (piece.start, piece.end) not in memory.guesses:
            memory.cued.setdefault(word, label)  # typed by the words around it
            memory.evidenced(piece.start, piece.end, word)
        return label

    def _context_label(
        self,
        text: str,
        start: int,
        end: int,
        sentence_start: bool = False,
        single: bool = True,
    ) -> str | None:
        """The type the neighbouring words give a name: "spokesman X", "X-based", "town of X"."""
        after = text[end : end + 24]
        if after.startswith(("-", "–")):
            suffix = after[1:].split(" ", 1)[0].rstrip(",.;:")
            if suffix in self._place_suffixes:
                return "GPE"
        next_word = after.split(None, 1)[0].rstrip(",.;:") if after.strip() else ""
        if next_word in self._org_role_after:
            return "ORG"
        if next_word in self._gpe_after:
            return "GPE"
        if after.startswith(", which ") or after.startswith(_SAID_IN_A_STATEMENT):
            return "ORG"
        owned = _OWNED.match(after)
        if owned and (owned[1] in self._org_owns or owned[2] in self._org_owns):
            return "ORG"  # "Gazprom's shares", "Zastava's output"
        before = text[max(0, start - 30) : start]
        if _ORG_PHRASE_BEFORE.search(before):
            return "ORG"  # "shares in Gazprom", "a unit of Hanson"
        if sentence_start:
            return None
        previous = _WORD_BEFORE.search(before)
        if previous:
            word = previous[1].lower()
            if word in self._person_before:
                return "PERSON"
            if word in self._org_before:
                return "ORG"
            if (
                single
                and word in _PLACE_PREPOSITIONS
                and not before.endswith("according to ")
                and not text[start:end].isupper()  # "from ING", "in H2": not places
            ):
                return "GPE"
        two = _TWO_WORDS_BEFORE.search(before)
        if two and two[2] == "of" and two[1].lower() in self._gpe_before:
            return "GPE"
        appositive = _APPOSITIVE.match(after + text[end + 24 : end + 80])
        if appositive:
            noun = appositive["noun"].lower()
            if noun in self._person_before:
                return "PERSON"
            if noun in self._org_before:
                return "ORG"
        if after.startswith(", who "):
            return "PERSON"
        return None

    def _remember_organisation(
        self, tokens: list[_Piece], memory: _Memory, evident: bool = False
    ) -> None:
        """ "Nordvik Shipping" -> later "Nordvik" alone is the same organisation (evidence
        later if the whole name was typed by evidence)."""
        first = straighten(tokens[0].text)
        if (
            len(tokens) > 1
            and first not in self._names
            and first not in self._not_names
            and first not in self._first_names
            and first not in self._org_words
            and first not in self._org_first
            and not first.isupper()
        ):
            memory.labels.setdefault(first, "ORG")
            if evident:
                memory.evident.add(first)

    # Post-processing -----------------------------------------------------------------

    def _teams(
        self, text: str, found: list[Found], structural: frozenset[Found], memory: _Memory
    ) -> None:
        """A town named with a score or a verb of play is a club: "Hamburg beat Bremen 2-1",
        "a win over Bremen", and in a sports story most towns are. A country stays a place:
        its national team is still the country ("Australia beat India")."""
        for index, (start, end, label) in enumerate(found):
            if label not in ("GPE", "LOC") or (start, end, label) in structural:
                continue
            if straighten(text[start:end]) in self._countries:
                continue
            following = _NEXT_WORDS.match(text, end)
            if following and following[1] in self._event_after and text[end] == " ":
                found[index] = (start, end, "EVENT")  # "the Wimbledon champion"
            elif self._is_team(text, start, end, memory.sport):
                found[index] = (start, end, "ORG")

    def _is_team(self, text: str, start: int, end: int, sport: bool) -> bool:
        if text[end : end + 8].lstrip(" \t")[:1].isdigit() and _SCORE_AFTER.match(text, end):
            return True
        following = _NEXT_WORDS.match(text, end)
        if following and following[1] in self._play_verbs:
            return True
        before = text[max(0, start - 20) : start]
        previous = _PREVIOUS_WORDS.search(before)
        if previous:
            phrase = previous[1]
            last = phrase.rsplit(None, 1)[-1]
            if phrase in self._team_before or last in self._team_before:
                return not (last in _LOCATING_WORDS and last != "to" and not sport)
            if last in _LOCATING_WORDS:
                return False
        if not sport:
            return False
        # In a sports story: a town opening a line, or after a comma, colon or bracket.
        opening = text[:start].rstrip(' \t"')
        return not opening or opening.endswith(("\n", ",", ":", "(", ")", "-"))

    def _ages(self, text: str, found: list[Found]) -> None:
        """ "Matthei, 71, a former mayor": a number between commas after a person is an age."""
        for index in range(1, len(found)):
            start, end, label = found[index]
            if label != "CARDINAL" or found[index - 1][2] != "PERSON":
                continue
            if found[index - 1][1] == start - 2 and _AGE.match(text, start - 2):
                found[index] = (start, end, "DATE")


def opens_sentence(text: str, start: int) -> bool:
    """True when the word at `start` opens a sentence (or follows a dateline dash)."""
    window_start = max(0, start - 12)
    before = text[window_start:start].rstrip(" \t\r\n\"“‘'([")
    if not before:
        return window_start == 0 or not text[:start].strip(" \t\r\n\"“‘'([")
    return before.rstrip("\"”’')]").endswith((".", "!", "?", ":", ";", "–", "—"))
