"""The best name of a claim's source in its article, and what kind of speaker a phrase is.

News names a person in full once ("Sen. Patrick Murray of Ohio") and by the
surname after ("Murray said"); a fact-checker wants the claim filed under the
full name. The index keeps, for every surname of a PERSON entity, the fullest
name the article gives it, where it is first written. Descriptions and pronouns
are resolved elsewhere (`claim_parser`); this module says what they may refer to.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from enum import Enum

from tui_reader.document import Span
from tui_reader.nlp.claim_lexicon import ORG_NOUNS, PERSON_NOUNS, words
from tui_reader.nlp.entities import Entity
from tui_reader.nlp.labels import SOURCE_LABELS

_WORD = re.compile(r"[\w’'.-]+")
_PERSON_OR_ORG_NOUNS = PERSON_NOUNS | ORG_NOUNS
_LONGEST_ENTITY = 200
_TITLES = words("mr mr. mrs mrs. ms ms. dr dr. sen sen. rep rep. gov gov. president senator")
_POST_MODIFIERS = words("of for at in with from who which that whose on by")
_GROUP_WORDS = words("people police authorities voters officials democrats republicans")


class MentionKind(Enum):
    """What a phrase names, as far as a pronoun is concerned."""

    PERSON = "person"
    ORGANISATION = "organisation"
    GROUP = "group"
    NAME = "name"
    """A proper name of unknown kind."""
    THING = "thing"
    """Not a speaker."""


@dataclass(frozen=True, slots=True)
class Mention:
    """A speaker the article spoke of: where, what kind, in which paragraph."""

    span: Span
    kind: MentionKind
    paragraph: int


class NameIndex:
    """The article's named sources, to find the best name of a phrase and its kind."""

    def __init__(self, text: str, entities: list[Entity]) -> None:
        self.text = text
        self.entities = [e for e in entities if e.label in SOURCE_LABELS]
        self.starts = [e.start for e in self.entities]
        self.fullest: dict[str, Span] = {}
        """Surname (lower case) -> the span of the fullest name with it, first written."""
        for entity in self.entities:
            if entity.label != "PERSON":
                continue
            name = _name_words(text[entity.start : entity.end])
            if not name:
                continue
            known = self.fullest.get(name[-1].lower())
            if known is None or len(name) > len(_name_words(text[known[0] : known[1]])):
                self.fullest[name[-1].lower()] = (entity.start, entity.end)

    def overlapping(self, span: Span) -> list[Entity]:
        found = []
        index = bisect_left(self.starts, span[1]) - 1
        while index >= 0 and self.entities[index].start > span[0] - _LONGEST_ENTITY:
            entity = self.entities[index]
            if entity.end > span[0]:
                found.append(entity)
            index -= 1
        return found[::-1]

    def best_name(self, span: Span) -> Span:
        """The fullest name the article gives the person or organisation in `span`,
        else the span itself. In "Orban's spokesman Zoltan Kovacs" the person is the
        last one not in the possessive."""
        entities = [
            e
            for e in self.overlapping(span)
            if not self.text.startswith(("'s", "’s"), e.end) or e.end >= span[1]
        ]
        people = [e for e in entities if e.label == "PERSON" and _inside(e, span)]
        if people:
            person = people[-1]
            name = _name_words(self.text[person.start : person.end])
            if name:
                return self.fullest.get(name[-1].lower(), (person.start, person.end))
            return person.start, person.end
        organisations = [e for e in entities if e.label == "ORG" and _inside(e, span)]
        possessive = [e for e in organisations if self.text.startswith(("'s", "’s"), e.end)]
        phrase = self.text[span[0] : span[1]]
        if organisations and not possessive and len(phrase.split()) > 4 and " and " not in phrase:
            # "The Tuareg rebel group ..., known as the Permanent Strategic Framework"
            return organisations[0].start, organisations[0].end
        return span

    def kind_of(self, span: Span) -> MentionKind:
        """Person, organisation, group, bare name or thing, from entities and head words."""
        labels = {e.label for e in self.overlapping(span)}
        phrase = _WORD.findall(self.text[span[0] : span[1]])
        if not phrase:
            return MentionKind.THING
        head = _head(phrase) or phrase[-1]
        lower = head.lower().rstrip(".")
        if lower in PERSON_NOUNS or ("PERSON" in labels and lower not in ORG_NOUNS):
            return MentionKind.PERSON
        if lower in _GROUP_WORDS or ("NORP" in labels and lower.endswith("s")):
            return MentionKind.GROUP
        if lower in ORG_NOUNS or labels & {"ORG", "GPE", "FAC"}:
            return MentionKind.ORGANISATION
        if lower.endswith("s") and lower[:-1] in _PERSON_OR_ORG_NOUNS:
            return MentionKind.GROUP
        if head[0].isupper():
            return MentionKind.NAME
        return MentionKind.THING


def _inside(entity: Entity, span: Span) -> bool:
    return span[0] <= entity.start and entity.end <= span[1]


def _head(phrase: list[str]) -> str:
    """The head word of a noun phrase: the last word before a post-modifier."""
    head = phrase[0]
    for word in phrase:
        if word.lower() in _POST_MODIFIERS:
            break
        head = word
    return head.removesuffix("’s").removesuffix("'s")


def _name_words(name: str) -> list[str]:
    """The words of a personal name without titles and possessives."""
    found = [w.removesuffix("’s").removesuffix("'s") for w in _WORD.findall(name)]
    return [w for w in found if w.lower() not in _TITLES and w[:1].isupper()]
