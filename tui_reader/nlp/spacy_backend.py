"""The spaCy backend: a statistical recogniser of names trained on news, with the rules.

The model (`nlp/data/ner_model`, see its README.md) is the NER of spaCy's
en_core_web_sm 3.8 trained further on CoNLL-2003 `eng.train` (Reuters news of
1996, PER / ORG / LOC / MISC), with modern news as rehearsal so that it keeps
today's names: the small model alone reads "Mali" as a person and teams as
places; trained on news it reads names from their context better than the rules
can. Loading it needs only spaCy.

Each paragraph is read by both and merged. Every rule of the merge was measured
on the part of eng.train the model was not trained on and on the self-written
articles' tuned split (see the README's Entities section):

- the rules' numbers, dates and times, and their datelines, bylines and credits;
  no name of the model inside a byline or a credit ("Writing by ...");
- the rules' names where they are sure: typed by evidence (the words around the
  name, a head word, a title, a first name or a connector, an organisation
  word, an earlier such typing; see `Reading.evidence`), a country, a region
  or a body the gazetteer lists (not a body the model calls a place: the White
  House), a listed place of several words. The model's longer name around one
  of them is kept ("America Online" around "America") unless it only adds a
  title or a nationality ("Curator Ines Aldana");
- the model's persons, organisations and places elsewhere: a country stays a
  country, a place takes its finer type (GPE, LOC, FAC) from the rules or the
  gazetteer, an acronym in running text is no person; its MISC is not used;
  the rules' guesses are left out (filling the model's gaps with them cost
  more precision than it gained recall);
- the rules' names of the types CoNLL has no class for (NORP, EVENT, LAW,
  PRODUCT, ...), where nothing else was found;
- a name ending its line with a full stop ("talks with Doubletree Corp.") leaves
  the stop to the sentence, as news corpora annotate it.

Paragraphs are fed through `nlp.pipe` one by one, never as one huge document
(a 1 MB document takes gigabytes); a name never crosses a line break.
"""

from __future__ import annotations

import importlib
import json
import re
from collections import deque
from collections.abc import Iterable, Iterator
from importlib import metadata
from typing import TYPE_CHECKING

from tui_reader.nlp.backends import MODEL_DIRECTORY
from tui_reader.nlp.entities import Entity
from tui_reader.nlp.gazetteer import Gazetteer, builtin_gazetteer, straighten
from tui_reader.nlp.rules import Found, Reading, RuleRecognizer, in_capitals

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

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
MERGE_VERSION = "2"
"""Changes when `merge` does: entities cached with an older merge are not reused."""
_BATCH_SIZE = 64
_WORDS = re.compile(r"\S+")


def model_version() -> str:
    """The trained model's version, from its meta.json."""
    meta = json.loads((MODEL_DIRECTORY / "meta.json").read_text(encoding="utf-8"))
    return str(meta.get("version", "0"))


def model_names(entities: Iterable[tuple[int, int, str]], text: str) -> list[Found]:
    """The model's entities as (start, end, CoNLL type), without any that crosses a line."""
    return [(s, e, label) for s, e, label in entities if "\n" not in text[s:e]]


def merge(reading: Reading, names: list[Found], gazetteer: Gazetteer) -> list[Found]:
    """The rules' numbers, dates and structure; the rules' names where they are sure, the
    model's elsewhere; then the rules' names of other types (NORP, EVENT, ...) where nothing
    else was found. See the module's docstring for what "sure" is and how it was measured."""
    text = reading.text
    rules_labels = {(start, end): label for start, end, label in reading.found}
    chosen = [
        found
        for found in reading.found
        if found[2] not in NAME_LABELS or (found[0], found[1]) in reading.structural
    ]
    model = [
        (start, end, label)
        for start, end, conll_type in names
        if (label := model_label(text, start, end, conll_type, rules_labels, gazetteer))
        and not any(start < stop and begin < end for begin, stop in reading.credits)
    ]
    for found in reading.found:
        if (
            found[2] in NAME_LABELS
            and (found[0], found[1]) not in reading.structural
            and rules_sure(reading, found, model, gazetteer)
            and not inside_longer(reading, found, model, gazetteer)
            and free(found, chosen)
        ):
            chosen.append(found)
    for found in model:
        if free(found, chosen):
            chosen.append(found)
    for found in reading.found:
        if found[2] in NAME_LABELS and found[2] not in DECIDED_BY_MODEL and free(found, chosen):
            chosen.append(found)
    return sorted(without_the_full_stop(text, found) for found in chosen)


def without_the_full_stop(text: str, found: Found) -> Found:
    """A name that ends a line with a full stop ("... talks with Doubletree Corp."): the stop
    ends the sentence and is left out, as news corpora annotate it."""
    start, end, label = found
    if (
        label in NAME_LABELS
        and end - start > 2
        and text[end - 1] == "."
        and text[end - 2].isalpha()
        and not text[end:].strip(" \t\"”’')")
    ):
        return (start, end - 1, label)
    return found


def model_label(
    text: str,
    start: int,
    end: int,
    conll_type: str,
    rules_labels: dict[tuple[int, int], str],
    gazetteer: Gazetteer,
) -> str | None:
    """The OntoNotes label of a name the model found (None for MISC): a country stays a
    country, a person the gazetteer knows as something else is that, and a place takes its
    finer type (GPE, LOC, FAC) from the rules or the gazetteer."""
    label = MODEL_LABELS.get(conll_type)
    if label is None:
        return None
    name = straighten(text[start:end])
    if name in gazetteer.cue("function_words"):
        return None  # "Moreover", "Meanwhile": capitalised only to open a sentence
    known = gazetteer.names.get(name)
    if name in gazetteer.countries:
        return "GPE"  # a country, even for its national team ("Australia beat India")
    if label == "PERSON" and known:
        return known  # the small model's old slip: "Mali", "Burkina Faso" as persons
    if label == "PERSON" and name.isupper() and not in_capitals(text):
        return rules_labels.get((start, end))  # an acronym in running text: "ACLED"
    if label == "GPE":
        candidates = (rules_labels.get((start, end)), known)
        return next((x for x in candidates if x in PLACES), "GPE")
    return label


def rules_sure(reading: Reading, found: Found, model: list[Found], gazetteer: Gazetteer) -> bool:
    """True when the rules' name wins over the model's: typed by evidence (the words around
    it, a head word, a title, a first name), a country, a region or body the gazetteer
    lists. A listed body the model calls a place keeps the model's type (a building: the
    White House)."""
    start, end, label = found
    name = straighten(reading.text[start:end])
    if (start, end) in reading.evidence:
        # Acronyms typed as places by the words around them are mostly bodies ("from ING",
        # "the SRC refinery"): the model's type is kept.
        return not (label in PLACES and name.isupper())
    if label == "GPE" and name in gazetteer.countries:
        return True
    listed = gazetteer.names.get(name)
    if listed == label == "GPE" and " " in name:
        return True
    if listed != label or label not in ("LOC", "ORG"):
        return False
    return label == "LOC" or not any(
        (start, end) == (other[0], other[1]) and other[2] in PLACES for other in model
    )


def inside_longer(reading: Reading, found: Found, model: list[Found], gazetteer: Gazetteer) -> bool:
    """True when the model found a longer name around the rules' one ("America Online" around
    "America", "Taiwan Flour Mills Assn" around "Taiwan"): the longer name is kept, unless
    what it adds is a title or a group's name ("Curator Nienke Bakker", "Conservative
    Matthei")."""
    text, start, end = reading.text, found[0], found[1]
    for other in model:
        if other[0] <= start and end <= other[1] and (other[0], other[1]) != (start, end):
            added = [
                match
                for match in _WORDS.finditer(text, other[0], other[1])
                if not (start <= match.start() and match.end() <= end)
            ]
            if not all(
                is_title(match[0], gazetteer)
                or any(
                    s <= match.start() and match.end() <= e and label == "NORP"
                    for s, e, label in reading.found
                )
                for match in added
            ):
                return True
    return False


def is_title(word: str, gazetteer: Gazetteer) -> bool:
    """A word of a title before a name: "President", "Health", "Curator", "Sheikh"."""
    return (
        word in gazetteer.cue("titles")
        or word in gazetteer.cue("title_modifiers")
        or word.lower() in gazetteer.cue("person_before")
    )


def free(candidate: Found, taken: list[Found]) -> bool:
    return not any(candidate[0] < kept[1] and kept[0] < candidate[1] for kept in taken)


class SpacyRecognizer:
    """The trained spaCy NER plus the rules; implements the `Recognizer` protocol.

    The model is loaded on first use (about a second with spaCy's import), so the
    object can be built on the UI thread and used in a worker.
    """

    name = "spacy"

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.rules = RuleRecognizer(gazetteer or builtin_gazetteer())
        self.version = (
            f"{metadata.version('spacy')}/conll-{model_version()}"
            f"+merge-{MERGE_VERSION}+{self.rules.version}"
        )
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


def _parsed(nlp: Language, paragraphs: Iterable[tuple[int, str]]) -> Iterator[tuple[int, Doc]]:
    """Each paragraph's offset with its parse, the texts fed to `nlp.pipe` in batches
    (the offsets wait in a queue, as `pipe` reads ahead)."""
    offsets: deque[int] = deque()

    def texts() -> Iterator[str]:
        for offset, text in paragraphs:
            offsets.append(offset)
            yield text

    for doc in nlp.pipe(texts(), batch_size=_BATCH_SIZE):
        yield offsets.popleft(), doc


class TrainedModelRecognizer:
    """The spaCy backend's trained model alone, without the rules: PER, ORG and LOC as
    PERSON, ORG and GPE, MISC left out. Not a backend of the app: the evaluation's row that
    shows what the model brings to the merge."""

    name = "trained"

    def __init__(self) -> None:
        self.version = f"{metadata.version('spacy')}/conll-{model_version()}"
        self._nlp: Language | None = None

    def load(self) -> Language:
        if self._nlp is None:
            import spacy

            self._nlp = spacy.load(MODEL_DIRECTORY)
        return self._nlp

    def recognize(self, paragraphs: Iterable[tuple[int, str]]) -> Iterator[list[Entity]]:
        for offset, doc in _parsed(self.load(), paragraphs):
            yield [
                Entity(offset + start, offset + end, MODEL_LABELS[label])
                for start, end, label in model_names(
                    ((span.start_char, span.end_char, span.label_) for span in doc.ents), doc.text
                )
                if label in MODEL_LABELS
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
        for offset, doc in _parsed(self.load(), paragraphs):
            yield [
                Entity(offset + span.start_char, offset + span.end_char, span.label_)
                for span in doc.ents
            ]
