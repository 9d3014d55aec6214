"""The spaCy backend: the small English model's NER, combined with the rules.

Only the `ner` component is loaded. In en_core_web_sm 3.8 it embeds its own
token-to-vector layer (the shared `tok2vec` feeds only the tagger and parser),
so excluding everything else gives exactly the same entities, 2.7 times faster.
An entity ruler placed before `ner` marks every country, city, region and
nationality of the built-in gazetteer, because the small model alone calls
"Mali" a PERSON and "Burkina Faso" an ORG.

The model is good at names the gazetteers do not know, and weaker than the
rules at the rest: it puts "the" into names, reads "$790" as MONEY "790", and
misses bylines and datelines. So each paragraph is read by both, and merged:

- what the rules are sure of (structure, numbers, dates, gazetteer names,
  names typed by a head word, a title or the words around them) stays;
- the model's names (PERSON, ORG, places, ...) fill the gaps and overrule the
  names the rules could only guess;
- the model's numbers and dates are not used: the rules measure better there.

Paragraphs are fed through `nlp.pipe` one by one, never as one huge document
(a 1 MB document takes gigabytes).
"""

from __future__ import annotations

import importlib
from collections import deque
from collections.abc import Iterable, Iterator
from importlib import metadata
from typing import TYPE_CHECKING

from tui_reader.nlp.entities import Entity
from tui_reader.nlp.gazetteer import Gazetteer, builtin_gazetteer
from tui_reader.nlp.rules import Found, Reading, RuleRecognizer, opens_sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

EXCLUDED_COMPONENTS = ["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"]
RULER_LABELS = ("GPE", "LOC", "NORP", "LANGUAGE", "ORG")
NAME_LABELS = frozenset(
    [
        "PERSON",
        "NORP",
        "FAC",
        "ORG",
        "GPE",
        "LOC",
        "PRODUCT",
        "EVENT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
    ]
)
"""The model's labels that are used; its numbers and dates are left to the rules."""
_BATCH_SIZE = 64
_ARTICLES = ("the ", "The ")
_POSSESSIVES = ("'s", "’s", "'", "’")


def ruler_patterns(gazetteer: Gazetteer) -> list[dict[str, str]]:
    """Entity-ruler patterns from the gazetteer.

    Names that are also first names ("Jordan", "Santiago") or words that open
    sentences are left to the model, which sees their context; places also get
    an upper-case pattern for datelines ("BAMAKO (Reuters) –").
    """
    skip = gazetteer.first_names | gazetteer.cue("function_words")
    patterns = []
    for name, label in gazetteer.names.items():
        if label not in RULER_LABELS or name in skip:
            continue
        patterns.append({"label": label, "pattern": name})
        if label in ("GPE", "LOC") and len(name) > 3 and not name.isupper():
            patterns.append({"label": label, "pattern": name.upper()})
    return patterns


def model_names(doc: Doc, gazetteer: Gazetteer) -> list[Found]:
    """The model's name entities, trimmed of "the" and possessives, without its slips.

    Dropped: names in lower case ("martian"), broken ones ("pro-"), and a lone
    unknown word opening a sentence ("Turnout rose"), which the small model
    often takes for a name.
    """
    names = []
    for span in doc.ents:
        if span.label_ not in NAME_LABELS:
            continue
        start, end, text = span.start_char, span.end_char, span.text
        if text.startswith(_ARTICLES) and len(text) > 4:
            start, text = start + 4, text[4:]
        for possessive in _POSSESSIVES:
            if text.endswith(possessive) and len(text) > len(possessive):
                end, text = end - len(possessive), text[: -len(possessive)]
                break
        if not text[:1].isupper() or text.endswith("-"):
            continue
        lone_word = " " not in text and text not in gazetteer.names
        if lone_word and opens_sentence(doc.text, start):
            continue
        names.append((start, end, span.label_))
    return names


def merge(reading: Reading, names: list[Found]) -> list[Found]:
    """The rules' sure entities, then the model's names where they fit, then the rules' guesses."""

    def overlaps(a: Found, b: Found) -> bool:
        return a[0] < b[1] and b[0] < a[1]

    sure = [f for f in reading.found if (f[0], f[1]) not in reading.guesses]
    guesses = [f for f in reading.found if (f[0], f[1]) in reading.guesses]
    chosen = list(sure)
    for name in names:
        if not any(overlaps(name, kept) for kept in sure):
            chosen.append(name)
    for guess in guesses:
        if not any(overlaps(guess, kept) for kept in chosen):
            chosen.append(guess)
    return sorted(chosen)


class SpacyRecognizer:
    """spaCy NER plus the rules; implements the `Recognizer` protocol.

    The model is loaded on first use (about 1.5 s with spaCy's import), so the
    object can be built on the UI thread and used in a worker.
    """

    name = "spacy"

    def __init__(self, model: str, gazetteer: Gazetteer | None = None) -> None:
        self.model = model
        self.rules = RuleRecognizer(gazetteer or builtin_gazetteer())
        self.version = (
            f"{metadata.version('spacy')}/{model}-{metadata.version(model)}+{self.rules.version}"
        )
        self._nlp: Language | None = None

    def load(self) -> Language:
        """The pipeline: the model's `ner` only, with the entity ruler in front of it."""
        if self._nlp is None:
            package = importlib.import_module(self.model)
            nlp = package.load(exclude=EXCLUDED_COMPONENTS)
            ruler = nlp.add_pipe(
                "entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"}
            )
            ruler.add_patterns(ruler_patterns(self.rules.gazetteer))
            self._nlp = nlp
        return self._nlp

    def recognize(self, paragraphs: Iterable[tuple[int, str]]) -> Iterator[list[Entity]]:
        nlp = self.load()
        readings: deque[Reading] = deque()

        def texts() -> Iterator[str]:
            for reading in self.rules.read(paragraphs):
                readings.append(reading)
                yield reading.text

        for doc in nlp.pipe(texts(), batch_size=_BATCH_SIZE):
            reading = readings.popleft()
            yield [
                Entity(reading.offset + start, reading.offset + end, label)
                for start, end, label in merge(reading, model_names(doc, self.rules.gazetteer))
            ]


class SpacyModelRecognizer:
    """The model's NER alone, as published: no entity ruler, no rules, nothing trimmed.

    Not a backend of the app: the evaluation's reference row, which shows what
    the rules and the merge add to (or take from) the model.
    """

    name = "model"

    def __init__(self, model: str) -> None:
        self.model = model
        self.version = f"{metadata.version('spacy')}/{model}-{metadata.version(model)}"
        self._nlp: Language | None = None

    def load(self) -> Language:
        if self._nlp is None:
            self._nlp = importlib.import_module(self.model).load(exclude=EXCLUDED_COMPONENTS)
        return self._nlp

    def recognize(self, paragraphs: Iterable[tuple[int, str]]) -> Iterator[list[Entity]]:
        offsets: deque[int] = deque()

        def texts() -> Iterator[str]:
            for offset, text in paragraphs:
                offsets.append(offset)
                yield text

        for doc in self.load().pipe(texts(), batch_size=_BATCH_SIZE):
            offset = offsets.popleft()
            yield [
                Entity(offset + span.start_char, offset + span.end_char, span.label_)
                for span in doc.ents
            ]
