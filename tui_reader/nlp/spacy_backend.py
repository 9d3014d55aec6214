"""The spaCy backend: a statistical recogniser of names trained on news, with the rules.

The model (`nlp/data/ner_model`, see its README.md) is the NER of spaCy's
en_core_web_sm 3.8 trained further on CoNLL-2003 `eng.train` (Reuters news,
PER / ORG / LOC / MISC): the small model alone reads "Mali" as a person and
teams as places, and merged with the rules it added almost nothing; trained on
news it reads names from their context better than the rules can. Loading it
needs only spaCy.

Each paragraph is read by both and merged as measured on the part of eng.train
the model was not trained on (see the README's Entities section):

- the rules' numbers, dates and times, and their datelines, bylines and credits;
- the model's persons, organisations and places: the rules' own are left out
  (filling the model's gaps with them cost more precision than it gained recall);
  a country stays a country, and a place takes its finer type (GPE, LOC, FAC)
  from the rules or the gazetteer; the model's MISC is not used;
- the rules' names of the types CoNLL has no class for (NORP, EVENT, LAW,
  PRODUCT, ...), where nothing else was found.

Paragraphs are fed through `nlp.pipe` one by one, never as one huge document
(a 1 MB document takes gigabytes); a name never crosses a line break.
"""

from __future__ import annotations

import importlib
import json
from collections import deque
from collections.abc import Iterable, Iterator
from importlib import metadata
from typing import TYPE_CHECKING

from tui_reader.nlp.backends import MODEL_DIRECTORY
from tui_reader.nlp.entities import Entity
from tui_reader.nlp.gazetteer import Gazetteer, builtin_gazetteer, straighten
from tui_reader.nlp.rules import Found, Reading, RuleRecognizer

if TYPE_CHECKING:
    from spacy.language import Language

EXCLUDED_COMPONENTS = ["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"]
"""What the model alone loads without: en_core_web_sm's NER embeds its own token vectors."""
MODEL_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}
"""The trained model's CoNLL types as OntoNotes labels (a LOC refined in `merge`)."""
DECIDED_BY_MODEL = frozenset(["PERSON", "ORG", "GPE", "LOC", "FAC"])
"""Labels of the rules that the model overrules: the kinds of name it was trained on."""
NAME_LABELS = frozenset(
    [*DECIDED_BY_MODEL, "NORP", "EVENT", "LAW", "PRODUCT", "LANGUAGE", "WORK_OF_ART"]
)
PLACES = frozenset(["GPE", "LOC", "FAC"])
_BATCH_SIZE = 64


def model_version() -> str:
    """The trained model's version, from its meta.json."""
    meta = json.loads((MODEL_DIRECTORY / "meta.json").read_text(encoding="utf-8"))
    return str(meta.get("version", "0"))


def model_names(entities: Iterable[tuple[int, int, str]], text: str) -> list[Found]:
    """The model's entities as (start, end, CoNLL type), without any that crosses a line."""
    return [(s, e, label) for s, e, label in entities if "\n" not in text[s:e]]


def merge(reading: Reading, names: list[Found], gazetteer: Gazetteer) -> list[Found]:
    """The rules' numbers, dates and structure, the model's persons, organisations and places,
    then the rules' names of other types (NORP, EVENT, ...) where nothing else was found."""

    def free(candidate: Found, taken: list[Found]) -> bool:
        return not any(candidate[0] < kept[1] and kept[0] < candidate[1] for kept in taken)

    rules_labels = {(start, end): label for start, end, label in reading.found}
    chosen = [
        found
        for found in reading.found
        if found[2] not in NAME_LABELS or (found[0], found[1]) in reading.structural
    ]
    for start, end, conll_type in names:
        label = MODEL_LABELS.get(conll_type)
        if label is None or not free((start, end, label), chosen):
            continue
        name = straighten(reading.text[start:end])
        known = gazetteer.names.get(name)
        if name in gazetteer.countries:
            label = "GPE"  # a country, even for its national team ("Australia beat India")
        elif label == "PERSON" and known:
            label = known  # the small model's old slip: "Mali", "Burkina Faso" as persons
        elif label == "GPE":
            candidates = (rules_labels.get((start, end)), known)
            label = next((x for x in candidates if x in PLACES), "GPE")
        chosen.append((start, end, label))
    for found in reading.found:
        if found[2] in NAME_LABELS and found[2] not in DECIDED_BY_MODEL and free(found, chosen):
            chosen.append(found)
    return sorted(chosen)


class SpacyRecognizer:
    """The trained spaCy NER plus the rules; implements the `Recognizer` protocol.

    The model is loaded on first use (about a second with spaCy's import), so the
    object can be built on the UI thread and used in a worker.
    """

    name = "spacy"

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.rules = RuleRecognizer(gazetteer or builtin_gazetteer())
        self.version = f"{metadata.version('spacy')}/conll-{model_version()}+{self.rules.version}"
        self._nlp: Language | None = None

    def load(self) -> Language:
        """The trained pipeline: a tokenizer and the NER."""
        if self._nlp is None:
            import spacy

            self._nlp = spacy.load(MODEL_DIRECTORY)
        return self._nlp

    def recognize(self, paragraphs: Iterable[tuple[int, str]]) -> Iterator[list[Entity]]:
        nlp = self.load()
        readings: deque[Reading] = deque()

        def texts() -> Iterator[str]:
            for reading in self.rules.read(paragraphs):
                readings.append(reading)
                yield reading.text

        gazetteer = self.rules.gazetteer
        for doc in nlp.pipe(texts(), batch_size=_BATCH_SIZE):
            reading = readings.popleft()
            names = model_names(
                ((span.start_char, span.end_char, span.label_) for span in doc.ents), doc.text
            )
            yield [
                Entity(reading.offset + start, reading.offset + end, label)
                for start, end, label in merge(reading, names, gazetteer)
            ]


class SpacyModelRecognizer:
    """en_core_web_sm's NER alone, as published: no rules, nothing trimmed.

    Not a backend of the app: the evaluation's reference row, which shows what
    a general statistical model does on its own.
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
