"""Noun phrases around a reporting verb: where a source starts and ends, and what it is.

There is no parser here, only the regularities of news prose: a source is the
stretch between the last clause boundary and the verb ("..., while [an Islamist
group affiliated with al Qaeda] said"), commas set off appositions ("[His manager,
Jos Hermens,] said"), and a source after the verb runs to the next comma or to the
end ("said [Marta Lagos, director of the polling firm]"). Functions work on token
indices of one unit; `first`/`last` are inclusive.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from functools import lru_cache

from tui_reader.nlp.claim_lexicon import (
    AUXILIARIES,
    COORDINATORS,
    CUE_FORMS,
    DETERMINERS,
    IRREGULAR_PAST,
    LEADING_ADVERBIALS,
    NAME_PARTICLES,
    ORG_NOUNS,
    PARTICIPLE_MODIFIERS,
    PAST_FORMS,
    PERSON_NOUNS,
    PRE_CUE_WORDS,
    RELATIVES,
    SUBORDINATORS,
    TIME_WORDS,
    TITLE_WORDS,
    words,
)
from tui_reader.nlp.claim_text import Token

TokenRange = tuple[int, int]
"""(first, last) token indices, both included."""

_HARD_BOUNDARIES = frozenset(";:()[]–—")
_POST_MODIFIERS = (
    words("of for at in with from who which that whose on by near to") | PARTICIPLE_MODIFIERS
)
_STOP_PREPOSITIONS = words("of in at on from with by to into near over under for")
_ED_ADJECTIVES = words(
    """armed unnamed unidentified suspected alleged retired elected registered qualified
    licensed skilled trained masked detained displaced injured wounded united based"""
)
_MAX_SOURCE_TOKENS = 30
# Unions of the word lists, made once rather than at every token:
_NOT_VERBS = _ED_ADJECTIVES | PARTICIPLE_MODIFIERS
_SOURCE_OPENERS = COORDINATORS | {"also", "meanwhile", "however"}
_SUBJECT_OPENERS = COORDINATORS | {"so", "meanwhile", "however"}
_SUBJECT_STOPS = _STOP_PREPOSITIONS - {"of", "for"}
_PERSON_OR_ORG_NOUNS = PERSON_NOUNS | ORG_NOUNS


class Kind(Enum):
    """What a noun phrase names, as far as a pronoun is concerned."""

    PERSON = "person"
    ORGANISATION = "organisation"
    GROUP = "group"
    """Plural: people, a list of names, "officials", "Russian military bloggers"."""
    NAME = "name"
    """A bare proper name ("Nordvik", "Matthei"): a person or an organisation."""
    THING = "thing"
    """Anything else ("the weather"): not a speaker a pronoun source can mean."""


def is_verb_like(token: Token) -> bool:
    """A lowercase word that marks a clause: an auxiliary or a past-tense verb."""
    return _verb_like(token.text)


@lru_cache(maxsize=1 << 16)
def _verb_like(text: str) -> bool:
    """`is_verb_like` by the token's text, all it depends on: asked of the same few
    thousand words again and again, the answer is kept."""
    lower = text.lower()
    if not text[0].isalnum() or text[0].isupper() or "-" in lower:
        return False
    if lower in AUXILIARIES or lower in IRREGULAR_PAST or lower in PAST_FORMS:
        return True
    return len(lower) > 4 and lower.endswith("ed") and lower not in _NOT_VERBS


def is_clause_verb(tokens: Sequence[Token], index: int) -> bool:
    """A verb-like word that is not an adjective after an article ("the leaked report")."""
    return is_verb_like(tokens[index]) and not (
        index > 0 and tokens[index - 1].lower in DETERMINERS
    )


def skip_back_over_auxiliaries(tokens: Sequence[Token], index: int, floor: int) -> int:
    """The index of the last token before a verb that is not an auxiliary or an adverb.

    Skips "has", "did", "also", "have long", and time phrases such as "on Tuesday";
    "both" and "all" only after a subject ("they both said", not "Both agree").
    """
    while index >= floor:
        lower = tokens[index].lower
        if lower in ("both", "all") and index == floor:
            break
        if lower in PRE_CUE_WORDS:
            index -= 1
        elif (
            lower in TIME_WORDS and index - 1 >= floor and tokens[index - 1].lower in ("on", "last")
        ):
            index -= 2
        else:
            break
    return index


def _is_boundary(tokens: Sequence[Token], index: int) -> bool:
    """Whether a source reaching back from a verb must stop before token `index`."""
    token = tokens[index]
    if token.text in _HARD_BOUNDARIES or token.is_quote_mark:
        return True
    lower = token.lower
    previous = tokens[index - 1] if index > 0 else None
    if lower == "as":
        return previous is not None and previous.text == ","
    if lower in SUBORDINATORS:
        return True
    if lower in COORDINATORS and previous is not None and previous.text == ",":
        return True
    return (
        lower == "that"
        and previous is not None
        and (previous.lower in CUE_FORMS or is_verb_like(previous))
    )


def source_before(tokens: Sequence[Token], last: int, floor: int) -> TokenRange | None:
    """The subject ending at token `last` (the word before the verb and its auxiliaries).

    Reaches back to the last clause boundary, then keeps the part of that stretch
    that reads as a subject: a leading circumstance ("In a statement,") is dropped,
    an apposition set off by commas is kept, and a subject inside a relative clause
    ("features that [scientists] said") is found.
    """
    if last < floor:
        return None
    if tokens[last].lower in RELATIVES:
        return antecedent_of_relative(tokens, last, floor)
    first = _stretch_start(tokens, last, floor)
    relative = _subject_after_relative(tokens, first, last)
    if relative:
        return relative
    while first < last and tokens[first].lower in _SOURCE_OPENERS:
        first += 1
    first = _skip_leading_circumstance(tokens, first, last)
    chosen = _choose_segment(tokens, first, last)
    if chosen is None:
        return None
    return _after_last_clause(tokens, *chosen)


def _stretch_start(tokens: Sequence[Token], last: int, floor: int) -> int:
    """The first token after the clause boundary before token `last`.

    Before an apposition ("The president, who spoke after meeting farmers, said"),
    a word like "after" inside the relative clause is not a boundary.
    """
    first = last
    while first - 1 >= floor:
        if _is_boundary(tokens, first - 1):
            hard = tokens[first - 1].text in _HARD_BOUNDARIES or tokens[first - 1].is_quote_mark
            comma = next(
                (i for i in range(first - 2, floor - 1, -1) if tokens[i].text == ","), None
            )
            inside_relative = (
                not hard
                and tokens[last].text == ","
                and comma is not None
                and tokens[comma + 1].lower in RELATIVES
            )
            if not inside_relative or comma is None:
                break
            first = comma + 1
        first -= 1
    return first


def antecedent_of_relative(tokens: Sequence[Token], relative: int, floor: int) -> TokenRange | None:
    """The noun phrase a relative pronoun refers to: "[a trader] who said"."""
    last = relative - 1
    if last >= floor and tokens[last].text == ",":
        last -= 1
    first = last
    while (
        first - 1 >= floor
        and last - first < 6
        and tokens[first - 1].is_word
        and tokens[first - 1].lower not in _STOP_PREPOSITIONS
        and not _is_boundary(tokens, first - 1)
        and not is_verb_like(tokens[first - 1])
        and tokens[first - 1].lower not in CUE_FORMS
    ):
        first -= 1
    return (first, last) if last >= floor and tokens[last].is_word else None


def _subject_after_relative(tokens: Sequence[Token], first: int, last: int) -> TokenRange | None:
    """In "features that scientists said", the subject is the phrase after the relative."""
    for index in range(last - 1, first - 1, -1):
        if tokens[index].lower in RELATIVES:
            after = range(index + 1, last + 1)
            if len(after) <= 5 and all(
                tokens[i].is_word and not is_verb_like(tokens[i]) for i in after
            ):
                return index + 1, last
            return None
    return None


def _skip_leading_circumstance(tokens: Sequence[Token], first: int, last: int) -> int:
    """Drop "In a statement," or "On Tuesday" from the front of a subject."""
    while first < last and tokens[first].lower in LEADING_ADVERBIALS:
        comma = next((i for i in range(first, last) if tokens[i].text == ","), None)
        if comma is not None:
            first = comma + 1
            continue
        time = next(
            (i for i in range(first, min(last, first + 4)) if tokens[i].lower in TIME_WORDS), None
        )
        if time is None:
            break
        first = time + 1
    return first


def _segments(tokens: Sequence[Token], first: int, last: int) -> list[TokenRange]:
    segments = []
    start = first
    for index in range(first, last + 1):
        if tokens[index].text == ",":
            if index > start:
                segments.append((start, index - 1))
            start = index + 1
    if start <= last:
        segments.append((start, last))
    return segments


def _reads_as_noun_phrase(tokens: Sequence[Token], segment: TokenRange) -> bool:
    """No clause verb before any relative pronoun ("the group that was involved" is fine)."""
    for index in range(segment[0], segment[1] + 1):
        if tokens[index].lower in RELATIVES:
            return True
        if is_clause_verb(tokens, index):
            return False
    return True


def _choose_segment(tokens: Sequence[Token], first: int, last: int) -> TokenRange | None:
    appositive = tokens[last].text == ","
    segments = _segments(tokens, first, last)
    if not segments:
        return None
    last_words = {t.lower for t in tokens[segments[-1][0] : segments[-1][1] + 1]}
    listed = all(b - a < 3 and tokens[a].is_capitalised for a, b in segments[:-1])
    if len(segments) > 1 and listed and last_words & {"and", "or"}:
        return segments[0][0], segments[-1][1]
    chosen_first = segments[-1][0]
    if appositive or tokens[segments[-1][0]].lower in RELATIVES:
        for segment in reversed(segments[-3:-1]):
            if not _reads_as_noun_phrase(tokens, segment):
                break
            chosen_first = segment[0]
    chosen_last = segments[-1][1]
    if chosen_last - chosen_first >= _MAX_SOURCE_TOKENS:
        chosen_first = segments[-1][0]
    return chosen_first, chosen_last


def _after_last_clause(tokens: Sequence[Token], first: int, last: int) -> TokenRange:
    """In "Troops retook the town and residents", the subject starts after "and".

    Verbs inside a relative clause ("the group that was involved ...") do not count.
    """
    verb = None
    in_relative = False
    for index in range(first, last + 1):
        token = tokens[index]
        if token.lower in RELATIVES:
            in_relative = True
        elif token.text == ",":
            in_relative = False
        elif is_clause_verb(tokens, index) and not in_relative and tokens[index - 1].text != ",":
            verb = index
    if verb is None:
        return first, last
    following = next(
        (i for i in range(verb + 1, last + 1) if tokens[i].lower in COORDINATORS), None
    )
    if following is not None and following < last:
        return following + 1, last
    return min(verb + 1, last), last


def source_after(tokens: Sequence[Token], first: int, limit: int) -> TokenRange | None:
    """The source that follows a verb or "according to": a name and one apposition.

    "said [Jennifer Heldmann, a planetary scientist] who was ...", "according to
    [New America, a Washington-based research group]". Stops at a circumstance
    ("said Smith [in a statement]") and at a relative clause.
    """
    if first > limit or not tokens[first].is_word:
        return None
    last = _phrase_end(tokens, first, limit)
    if last < first:
        return None
    comma = last + 1
    if (
        comma + 1 <= limit
        and tokens[comma].text == ","
        and _starts_apposition(tokens, comma + 1, limit)
    ):
        apposition_end = _phrase_end(tokens, comma + 1, limit)
        after = apposition_end + 1
        closes = after > limit or not tokens[after].is_word or tokens[after].lower in RELATIVES
        if apposition_end > comma and closes:
            last = apposition_end
    return first, last


def _phrase_end(tokens: Sequence[Token], first: int, limit: int) -> int:
    last = first - 1
    index = first
    while index <= limit and index - first < 16:
        token = tokens[index]
        lower = token.lower
        if not token.is_word and token.text not in "&'’-.":
            break
        verb = index > first and not (
            tokens[index - 1].lower in DETERMINERS or tokens[index - 1].lower.endswith(("'s", "’s"))
        )
        if lower in RELATIVES or lower in SUBORDINATORS or (lower in CUE_FORMS and verb):
            break
        if is_verb_like(token):
            break
        if (
            lower in ("in", "on", "at", "by", "via", "to")
            and index > first
            and tokens[index - 1].is_capitalised
            and index + 1 <= limit
            and (not tokens[index + 1].is_capitalised or tokens[index + 1].lower in TIME_WORDS)
        ):
            break
        if token.is_word:
            last = index
        index += 1
    return last


def _starts_apposition(tokens: Sequence[Token], index: int, limit: int) -> bool:
    token = tokens[index]
    if token.lower in DETERMINERS:
        return True
    window = tokens[index : min(limit, index + 2) + 1]
    return any(t.lower in PERSON_NOUNS or t.lower in ORG_NOUNS for t in window)


def leading_subject(tokens: Sequence[Token], first: int, last: int) -> TokenRange | None:
    """The subject at the start of a unit ("[Medecins Sans Frontieres] has opened ...").

    A unit that does not end like a sentence (a heading, a byline) has none.
    """
    if first > last or tokens[first].in_quote:
        return None
    if tokens[last].text not in ".!?" and tokens[last].mark != "close":
        return None
    first = _skip_dateline(tokens, first, last)
    first = _skip_leading_circumstance(tokens, first, last)
    while first <= last and tokens[first].lower in _SUBJECT_OPENERS:
        first += 1
    end = first - 1
    for index in range(first, min(last, first + 8) + 1):
        token = tokens[index]
        lower = token.lower
        if not token.is_word and token.text not in "&'’-.":
            break
        if lower in RELATIVES or lower in SUBORDINATORS or lower in _SUBJECT_STOPS:
            break
        if not token.is_capitalised and (is_verb_like(token) or lower in CUE_FORMS):
            break
        end = index
    if end < first or not tokens[first].is_word:
        return None
    return first, _with_apposed_name(tokens, end, last)


def _with_apposed_name(tokens: Sequence[Token], end: int, last: int) -> int:
    """ "The local Labour MP, Alison Hume, supports ...": the subject runs to the name."""
    if end + 2 > last or tokens[end + 1].text != ",":
        return end
    name_end = end + 1
    while name_end + 1 <= last and _name_word(tokens[name_end + 1]):
        name_end += 1
    closed = name_end + 1 <= last and tokens[name_end + 1].text == ","
    return name_end if name_end - end >= 3 and closed else end


def _skip_dateline(tokens: Sequence[Token], first: int, last: int) -> int:
    """Skip "BAMAKO (Reuters) –" or "BERLIN, Sept 28 (Reuters) –" at the start of a story."""
    window = range(first, min(last, first + 12) + 1)
    dash = next((i for i in window if tokens[i].text in "–—"), None)
    if dash is None or dash == last:
        return first
    opening = tokens[first].text
    shouted = opening.isupper() and len(opening) > 1
    if tokens[first].is_word and (shouted or "(" in (t.text for t in tokens[first:dash])):
        return dash + 1
    return first


def _head(tokens: Sequence[Token], first: int, last: int) -> Token:
    """The head word: the last word before a post-modifier ("[group] affiliated with ...")."""
    head = tokens[first]
    for index in range(first, last + 1):
        token = tokens[index]
        if token.text == "," or (index > first and token.lower in _POST_MODIFIERS):
            break
        if token.is_word:
            head = token
    return head


def classify(tokens: Sequence[Token], first: int, last: int) -> Kind:
    """Person, organisation, group, bare name or thing, from the words of a noun phrase."""
    head = _head(tokens, first, last)
    lower = head.lower.replace("’s", "").replace("'s", "")
    words = {t.lower for t in tokens[first : last + 1]}
    singular = lower[:-1] if lower.endswith("s") else lower
    if "and" in words and not any(t.lower in ("of", "for") for t in tokens[first : last + 1]):
        return Kind.GROUP
    if lower in PERSON_NOUNS:
        return Kind.PERSON
    if lower in ORG_NOUNS:
        return Kind.ORGANISATION
    if lower in ("people", "police", "authorities") or singular in _PERSON_OR_ORG_NOUNS:
        return Kind.GROUP
    if not head.is_capitalised and lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        return Kind.GROUP
    if words & PERSON_NOUNS or words & TITLE_WORDS:
        return Kind.PERSON
    if words & ORG_NOUNS:
        return Kind.ORGANISATION
    return Kind.NAME if head.is_capitalised else Kind.THING


def personal_name(tokens: Sequence[Token], first: int, last: int) -> TokenRange | None:
    """The personal name inside a phrase: "Ghana's finance minister, [Mohammed Amin Adam]".

    The first run of two or more capitalised words (with particles such as "von der")
    that holds no organisation word, after any title words in front of it.
    """
    index = first
    while index <= last:
        if not _name_word(tokens[index]):
            index += 1
            continue
        end = index
        while end + 1 <= last and (
            _name_word(tokens[end + 1])
            or (
                tokens[end + 1].lower in NAME_PARTICLES
                and end + 2 <= last
                and _name_word(tokens[end + 2])
            )
        ):
            end += 1
        run = range(index, end + 1)
        titles = [i for i in run if tokens[i].lower in TITLE_WORDS]
        start = titles[-1] + 1 if titles else index
        words = [tokens[i] for i in range(start, end + 1)]
        capitalised = [t for t in words if t.is_capitalised]
        if len(capitalised) >= 2 and not any(t.lower in ORG_NOUNS for t in words):
            return start, end
        index = end + 1
    return None


def _name_word(token: Token) -> bool:
    return (
        token.is_word
        and token.is_capitalised
        and token.lower not in DETERMINERS
        and not token.lower.endswith(("’s", "'s"))
    )
