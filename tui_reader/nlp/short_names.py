"""A claim's source by a short name a table or a list row can hold.

Sources are written as the article gives them, and news often gives them as a
long description: "The Tuareg rebel group that was involved in the earlier
fighting, known as the Permanent Strategic Framework or CSP". A verdict table
or a side-panel row wants "CSP". The short name is, in this order:

1. an acronym the article defines ("Permanent Strategic Framework (CSP)",
   "... or CSP", "CSP, its acronym") when the source holds it or its long form;
2. the person the source ends with ("councillor Tomas Berg" is "Tomas Berg");
3. the entity the whole source is, without its article ("the city council");
4. else the description cut before its first clause (a comma, "that", "who",
   "which", "known as"), without the leading article, and at most
   `MAX_LENGTH` characters, cut between words with "…".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from tui_reader.nlp.entities import Entity
from tui_reader.nlp.labels import SOURCE_LABELS

MAX_LENGTH = 32
"""Characters of the longest short name (a table column, a panel row)."""

_ACRONYM = r"[A-Z][A-Z0-9&]{1,7}"
_TOKEN = re.compile(rf"\b{_ACRONYM}\b")
_NAME_WORD = r"[A-Z][\w’'&.-]*"
_LINK_WORD = r"(?:of|for|and|the|on|in|de|du|des|la|le|pour|et)"
_LONG_FORM = rf"(?P<long>{_NAME_WORD}(?:\s+(?:{_LINK_WORD}\s+)*{_NAME_WORD}){{1,9}})"
_DEFINITIONS = re.compile(
    rf"{_LONG_FORM},?\s+(?:\(\s*(?P<paren>{_ACRONYM})\s*\)|or\s+(?:the\s+)?(?P<alias>{_ACRONYM})\b)"
)
"""A long form followed by its acronym: "Permanent Strategic Framework (CSP)" or "... or CSP"."""
_ANCHORS = (
    re.compile(rf"\(\s*{_ACRONYM}\s*\)"),
    re.compile(rf"or\s+(?:the\s+)?{_ACRONYM}\b"),
)
"""The two endings of a definition, each a literal first: found in a 10 MB text in some
50 ms, where `_DEFINITIONS` tried at every capital takes 1-2 s."""
_SPACE = re.compile(r"\s")
_WORD_CHARACTER = re.compile(r"\w")
_WORD = re.compile(r"\S+")
_LONG_FORM_WORD = re.compile(rf"{_NAME_WORD},?|{_LINK_WORD}")
"""A word a long form (or its comma) can be made of."""
_READ_PAST = 8
"""Characters past an ending a search must see: the pattern tries longer acronyms (up to
8 characters) and their word boundary, which the end of a searched slice would fake."""
_WORDS_BACK = 4096
"""Characters looked at before an ending for where its long form can start."""
_DETERMINER = re.compile(r"^(?:the|a|an|this|that|these|those)\s+", re.IGNORECASE)
_DANGLING = re.compile(r"(?:with|of|for|and|or|the|a|an|by|to|in|on|at|from)", re.IGNORECASE)
"""Words a cut name should not end with ("group affiliated with…")."""
_CLAUSE = re.compile(
    r",|;|\s[-–—]\s|\s\((?!\s*[A-Z]{2,8}\s*\))|\s(?:that|who|whom|whose|which|known as|"
    r"according to)\s",
    re.IGNORECASE,
)


def short_source_name(source: str, article_text: str, entities: Iterable[Entity] = ()) -> str:
    """The short name of `source` in the article of `article_text` (see the module)."""
    phrase = " ".join(source.split())
    if not phrase:
        return ""
    acronym = _defined_acronym(phrase, article_text)
    if acronym:
        return acronym
    named = _entity_name(phrase, article_text, entities)
    if named:
        return named
    return _trimmed(phrase)


def _defined_acronym(phrase: str, article_text: str) -> str:
    definitions = _definitions(article_text)
    for match in _TOKEN.finditer(phrase):
        token = match.group()
        if token in definitions.values() or _is_defined_as_acronym(token, article_text):
            return token
    folded = phrase.casefold()
    for long_form, acronym in definitions.items():
        if long_form.casefold() in folded:
            return acronym
    return ""


@lru_cache(maxsize=8)
def _definitions(article_text: str) -> dict[str, str]:
    """Long form -> acronym, for every acronym the article defines (read once per text)."""
    found: dict[str, str] = {}
    for match in _definition_matches(article_text):
        acronym = match.group("paren") or match.group("alias")
        long_form = _DETERMINER.sub("", " ".join(match.group("long").split()))
        if _is_plausible(long_form, acronym):
            found.setdefault(long_form, acronym)
    return found


def _definition_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches `_DEFINITIONS.finditer(text)` gives, found from their endings.

    A match ends in "(ACRONYM)" or "or ACRONYM" after white space, and neither can
    lie inside a long form (capitalised words and link words), so each ending found
    bounds a search of its own: from where its long form can start at the earliest
    (`_earliest_start`) to just past the ending, the match kept if it ends where the
    ending does. The whole text is read only by the endings' searches, which begin
    with a literal and are fast.
    """
    endings = sorted(
        (found.start(), found.end())
        for pattern in _ANCHORS
        for found in pattern.finditer(text)
        if found.start() > 0 and _SPACE.match(text, found.start() - 1)
    )
    position = 0
    for start, end in endings:
        if start < position:
            continue
        earliest = max(position, _earliest_start(text, start))
        match = _DEFINITIONS.search(text, earliest, end + _READ_PAST)
        if match is not None and match.end() == end:  # else not a definition this ending ends
            yield match
            position = match.end()


def _earliest_start(text: str, ending: int) -> int:
    """Where a definition that ends with the ending at `ending` can start at the earliest.

    That is the start of the nearest word before it that no long form can be made of
    (the long form may start inside it, at a capital); 0 when every word of the
    `_WORDS_BACK` characters before could be, which is always safe.
    """
    for word in reversed(list(_WORD.finditer(text, max(0, ending - _WORDS_BACK), ending))):
        if not _LONG_FORM_WORD.fullmatch(word.group()):
            return word.start()
    return 0


def _is_plausible(long_form: str, acronym: str) -> bool:
    """A long form of at least as many words as the acronym has letters, less one.

    Acronyms of other languages ("CSP" for an English long form) keep their
    letters from another wording, so the letters are not matched to the words.
    """
    letters = sum(1 for character in acronym if character.isalpha())
    return len(long_form.split()) >= max(2, letters - 1)


@lru_cache(maxsize=64)
def _is_defined_as_acronym(token: str, article_text: str) -> bool:
    """The article calls `token` an acronym ("CSP, its acronym in French").

    The pattern starts with the token's letters, which the regular expression engine
    looks for fast (some 10 ms in 10 MB, against 0.5 s with a word boundary first);
    the boundary before the token is checked for each place found. Kept per token
    and text (at most 64: each holds its text), since every source is named again
    whenever the Claims tab is rebuilt with new entities.
    """
    pattern = re.compile(
        rf"{re.escape(token)},?\s+(?:its|their|the)\s+(?:\w+\s+)?(?:acronym|abbreviation)"
    )
    found = pattern.search(article_text)
    while found is not None:
        start = found.start()
        if start == 0 or not _WORD_CHARACTER.match(article_text, start - 1):
            return True
        found = pattern.search(article_text, start + 1)
    return False


def _entity_name(phrase: str, article_text: str, entities: Iterable[Entity]) -> str:
    bare = _DETERMINER.sub("", phrase)
    named = [
        (" ".join(entity.text_in(article_text).split()), entity.label)
        for entity in entities
        if entity.label in SOURCE_LABELS
    ]
    for name, label in named:
        if label == "PERSON" and name and bare.endswith(name):
            return name
    for name, _ in named:
        if name and _DETERMINER.sub("", name) == bare:
            return bare
    return ""


def _trimmed(phrase: str) -> str:
    bare = _DETERMINER.sub("", phrase)
    clause = _CLAUSE.search(bare)
    if clause is not None and clause.start() > 0:
        bare = bare[: clause.start()]
    bare = bare.strip(" ,;:")
    if len(bare) <= MAX_LENGTH:
        return bare
    cut = bare[: MAX_LENGTH - 1]
    space = cut.rfind(" ")
    words = (cut[:space] if space > MAX_LENGTH // 2 else cut).split(" ")
    while len(words) > 1 and _DANGLING.fullmatch(words[-1]):
        words.pop()
    return " ".join(words).rstrip(" ,;:") + "…"
