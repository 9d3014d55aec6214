"""Names of sources reduced to what identifies them across articles.

"Mr. Trump's", "Donald J. Trump" and "DONALD TRUMP" are one person; "Trump
Jr." is not. A person's `NameKey` keeps the first name (when written) and the
surname with any generational suffix; titles, middle names and initials,
possessives and case are dropped. An organisation keeps its words, less a
leading "the", and its initials, so that "the Permanent Strategic Framework"
can meet "the CSP" once an article ties the two.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from tui_reader.nlp.claim_lexicon import words

_WORD = re.compile(r"[^\W\d_](?:[\w'’.-]*\w)?\.?")
_TITLES = words(
    """mr mrs ms miss dr sen senator rep representative gov governor president pres
    former vice secretary gen general lt col sgt prof professor rev sir dame lord lady
    judge justice mayor speaker chairman chairwoman minister prime candidate nominee
    councillor councilor councilman councilwoman alderman commissioner chief sheriff
    state sec attorney house republican democratic democrat presidential hopeful
    front-runner frontrunner businessman billionaire the"""
)
_AFTER_NAME = re.compile(r",(?! (?:jr|sr|ii|iii|iv)\b)| \(| who | which | whose ", re.IGNORECASE)
_SUFFIXES = words("jr sr ii iii iv")
_REMEMBERED = 65_536
"""Names whose keys are kept: a library repeats the same few thousand names."""
_HONORIFICS = {"mr": "man", "mrs": "woman", "ms": "woman", "miss": "woman"}
_ORGANISATION_FILLERS = words("the of and for & de la du")


@dataclass(frozen=True, slots=True, order=True)
class NameKey:
    """A person as names identify them: surname, and the first name when known."""

    surname: str
    first: str = ""
    middle: str = ""
    """Middle names or initials ("h.w" of "George H.W. Bush"): they tell a father
    from a son; a name written without them may be either."""
    honorific: str = ""
    """"man" or "woman" when a bare surname is written with Mr. or Mrs., Ms., Miss."""

    @property
    def full(self) -> bool:
        return bool(self.first)


@lru_cache(maxsize=_REMEMBERED)
def clean(name: str) -> str:
    """The name as written, in one line: white space collapsed, what follows it dropped
    (", the mayor", " (HDA)", ", who opposes the plan"), and the possessive."""
    text = " ".join(unicodedata.normalize("NFKC", name).split())
    text = _AFTER_NAME.split(text, maxsplit=1)[0].strip(" -—–")
    for ending in ("’s", "'s", "’", "'"):
        if text.endswith(ending):
            return text[: -len(ending)].rstrip()
    return text


def _words(name: str) -> list[str]:
    return [w.rstrip(".").replace("’", "'") for w in _WORD.findall(clean(name))]


@lru_cache(maxsize=_REMEMBERED)
def person_key(name: str) -> NameKey | None:
    """The key of a personal name, or None when no name is left (a bare title, "he").

    The surname is the last word that is not a suffix ("Jr."); the first name
    the first word that is not a title, unless it is an initial; the words
    between are the middle names.
    """
    words = [w for w in _words(name) if w[:1].isupper() or w.casefold() in _SUFFIXES]
    honorific = ""
    while words and words[0].casefold() in _TITLES:
        honorific = _HONORIFICS.get(words.pop(0).casefold(), honorific)
    if not words:
        return None
    suffix = ""
    if len(words) > 1 and words[-1].casefold() in _SUFFIXES:
        suffix = " " + words.pop().casefold()
    surname = words[-1].casefold() + suffix
    first = words[0].casefold() if len(words) > 1 and len(words[0]) > 1 else ""
    middle = " ".join(w.casefold() for w in words[1:-1]) if first else ""
    return NameKey(surname, first, middle, "" if first else honorific)


def may_be(first_name: str, honorific: str) -> bool:
    """Whether a person of this first name may be the one called Mr. (or Mrs.) X."""
    if not honorific:
        return True
    return (first_name in female_first_names()) == (honorific == "woman")


@cache
def female_first_names() -> frozenset[str]:
    path = Path(__file__).with_name("data") / "female_first_names.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if not line.startswith("#") for w in line.split())


@lru_cache(maxsize=_REMEMBERED)
def is_titled(name: str) -> bool:
    """Whether the name starts with a title or a description ("Mayor", "Sen.", "the")."""
    found = _words(name)
    return bool(found) and found[0].casefold() in _TITLES


@lru_cache(maxsize=_REMEMBERED)
def organisation_key(name: str) -> str:
    """An organisation's words in lower case, without a leading "the"."""
    words = [w.casefold() for w in _words(name)]
    if words and words[0] == "the":
        words.pop(0)
    return " ".join(words)


@lru_cache(maxsize=_REMEMBERED)
def initials(name: str) -> str:
    """ "Permanent Strategic Framework" -> "psf"; fillers ("of", "the") are skipped."""
    words = [w for w in _words(name) if w.casefold() not in _ORGANISATION_FILLERS]
    return "".join(w[0] for w in words).casefold() if len(words) > 1 else ""


@lru_cache(maxsize=_REMEMBERED)
def is_acronym(name: str) -> bool:
    """A name written in capitals of two to six letters ("CSP", "FBI", "U.N.")."""
    letters = re.sub(r"^the ", "", clean(name), flags=re.IGNORECASE).replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()
