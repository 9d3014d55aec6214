"""Numeric claims about the same thing that do not agree.

"Russian military bloggers estimated [20 or more Wagner personnel] had been killed"
and "an Islamist group ... said it had killed [50 Russians]": two sources, two
figures for the same dead. The flagger reads every quantity in claim contents
together with what it counts (its head noun and the names before it), what
happened to them (killed, injured, detained ...), and the places and times in
the claim, then compares figures from different claims that count the same
thing.

"The same thing" is deliberately strict, because a flag the reader must dismiss
costs attention:
- the event must be the same (killed against killed, not killed-and-injured);
- the counted nouns must agree: same word, or the same group of synonyms
  (soldiers/troops/personnel/fighters), or a bare "people"/nationality that can
  stand for either group;
- the names qualifying them must correspond (or both be absent), where "Wagner" and
  "Russians" correspond if the article itself ties them together in one phrase
  ("the Russian private military company Wagner"); a figure for "Malians and
  Russians" is a total and is compared with no single group;
- the places named in the two claims must correspond the same way, and dates
  must not differ ("since 2015" is not "on Saturday");
- partitives ("30 of the dead") count a subset, and figures ten times apart
  count different things (a war's toll against one attack's).

A figure is read as a plausible range: "about 50" is 40-60, "at least 20" or
"20 or more" is 20-30 (what a writer who meant 50 would not say), "dozens" is
24-99. Two figures disagree when their ranges do not overlap.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from itertools import islice

from tui_reader.document import Article, Span
from tui_reader.nlp.claim_lexicon import words
from tui_reader.nlp.claims import ClaimCandidate
from tui_reader.nlp.gazetteer import DATA_DIRECTORY, read_list_file

_SMALL_NUMBERS = """zero one two three four five six seven eight nine ten eleven twelve thirteen
    fourteen fifteen sixteen seventeen eighteen nineteen twenty"""
_WORD_NUMBERS = {word: value for value, word in enumerate(_SMALL_NUMBERS.split())} | {
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_VAGUE = {
    "a dozen": (12, 12),
    "dozens": (24, 99),
    "several dozen": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "several hundred": (200, 999),
    "thousands": (2_000, 9_999),
    "several thousand": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999),
    "millions": (2_000_000, 9_999_999),
}
"""Vague quantities as the ranges they are used for."""
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|" + "|".join(
    sorted(_WORD_NUMBERS, key=len, reverse=True)
)
_LOWER_BOUNDS = ("at least", "more than", "over", "upwards of", "in excess of")
_UPPER_BOUNDS = ("up to", "as many as", "at most", "fewer than", "less than", "under")
_ABOUT = ("about", "around", "some", "roughly", "approximately", "an estimated", "close to")
_NEARLY = ("nearly", "almost")
_MODIFIERS = _LOWER_BOUNDS + _UPPER_BOUNDS + _ABOUT + _NEARLY
_QUANTITY = re.compile(
    rf"\b(?:between\s+(?P<low>{_NUMBER})\s+and\s+(?P<high>{_NUMBER})"
    rf"|(?:(?P<modifier>{'|'.join(_MODIFIERS)})\s+)?(?P<number>{_NUMBER})"
    rf"(?P<scale>(?:\s+(?:{'|'.join(_SCALES)}))*)(?P<or_more>\s+or\s+more|\+)?"
    rf"|(?P<vague>{'|'.join(sorted(_VAGUE, key=len, reverse=True))}))\b(?!%)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w’'-]+|[^\w\s]")
_WORDS_COUNTED = 7
"""Words after a figure that `_counted` can look at: "of", four words, and the two after
the fourth (a demonym followed by "and" and another)."""

_EVENTS = {
    "killed": """killed kill kills killing dead death deaths died die dies executed slain
        neutralised neutralized lost bodies""",
    "injured": "injured wounded hurt injuries",
    "detained": "arrested detained jailed",
    "captured": "captured kidnapped abducted taken",
    "missing": "missing",
    "displaced": "displaced evacuated fled homeless",
}
_EVENT_OF = {word: event for event, listed in _EVENTS.items() for word in listed.split()}
_GROUPS = {
    "combatants": """soldier soldiers troop troops personnel fighter fighters militant militants
        mercenary mercenaries gunman gunmen rebel rebels insurgent insurgents servicemen
        jihadist jihadists terrorist terrorists guard guards police policemen officers""",
    "civilians": """civilian civilians resident residents villager villagers migrant migrants
        labourer labourers laborer laborers worker workers child children women student
        students passenger passengers pilgrim pilgrims protester protesters refugee refugees""",
}
_GROUP_OF = {word: group for group, listed in _GROUPS.items() for word in listed.split()}
_IMPLY_DEATH = words("bodies dead deaths")
_ANYONE = words("people persons person bodies dead casualties victims")
"""Nouns that may count combatants or civilians alike."""
_UNITS = words(
    """% percent per cent km kilometres kilometers miles metres meters hours days weeks
    months years minutes seconds tonnes tons kg euros dollars pounds pesos rupees francs
    points times"""
)
_TIME = re.compile(
    r"\b(?:since|in|on|last)\s+(?:(?:19|20)\d\d|[A-Z][a-z]+day|week|month|year|January|February"
    r"|March|April|May|June|July|August|September|October|November|December)\b"
)
_LINKING_WINDOW = 6
"""Two names at most this many words apart, with no "and" or comma between, are tied."""
_SEPARATORS = words("and or nor , . ;")
_SLACK = 1.05
"""Figures within 5% of each other's range agree (rounding)."""
_MAX_RATIO = 10.0
"""Figures further apart than this count different things."""


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure in a claim, with what it counts."""

    span: Span
    """The figure and its noun: "20 or more Wagner personnel"."""
    low: float
    high: float
    noun: str
    """The counted noun, lowercased ("personnel", "russians")."""
    group: str
    """"combatants", "civilians", "anyone" or the noun itself."""
    events: frozenset[str]
    names: frozenset[str]
    """Stems of the names qualifying the noun ("wagner", "russia")."""
    places: frozenset[str]
    times: frozenset[str]


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Two claims whose figures for the same thing do not agree."""

    first: ClaimCandidate
    second: ClaimCandidate
    first_figure: Span
    """The first claim's figure with what it counts ("20 or more Wagner personnel")."""
    second_figure: Span
    event: str
    """What the figures count: "killed", "injured", "detained", ..."""

    def describe(self, text: str) -> str:
        """One line: "killed: Bloggers: '20 or more Wagner personnel' vs Group: '50 Russians'"."""

        def figure(claim: ClaimCandidate, span: Span) -> str:
            return f"{claim.source_text(text)}: {text[span[0] : span[1]]!r}"

        return (
            f"{self.event}: {figure(self.first, self.first_figure)} "
            f"vs {figure(self.second, self.second_figure)}"
        )


def find_disagreements(article: Article, candidates: list[ClaimCandidate]) -> list[Disagreement]:
    """Pairs of claims whose figures for the same thing conflict, in text order.

    A figure repeated word for word by the same source (an article quoting itself,
    or pasted twice) is compared once, so flags do not multiply.
    """
    text = article.text
    figures: dict[tuple[object, ...], tuple[ClaimCandidate, Quantity]] = {}
    for claim in candidates:
        for quantity in _quantities(article, claim):
            key = (
                claim.source_text(text),
                text[quantity.span[0] : quantity.span[1]],
                quantity.events,
            )
            figures.setdefault(key, (claim, quantity))
    names = _NameIndex(text)
    found = []
    pairs = list(figures.values())
    for index, (first, a) in enumerate(pairs):
        for second, b in pairs[index + 1 :]:
            conflict = a.high * _SLACK < b.low or b.high * _SLACK < a.low
            if conflict and first is not second and _same_thing(names, a, b):
                found.append(Disagreement(first, second, a.span, b.span, min(a.events)))
    return found


def claim_quantities(article: Article, claim: ClaimCandidate) -> list[Quantity]:
    """The figures of a claim that count something that happened to someone, with what
    they count (for comparing claims of different articles)."""
    return _quantities(article, claim)


# Reading quantities ----------------------------------------------------------------------


def _quantities(article: Article, claim: ClaimCandidate) -> list[Quantity]:
    """The figures of a claim's content that count something that happened to someone."""
    text = article.text
    start, end = claim.content
    content = text[start:end]
    places_and_times: tuple[frozenset[str], frozenset[str]] | None = None
    found = []
    for match in _QUANTITY.finditer(content):
        value = _range(match)
        if value is None:
            continue
        following = islice(_WORD.finditer(content, match.end()), _WORDS_COUNTED)
        counted = _counted([(m.group(), m.start()) for m in following])
        if counted is None:
            continue
        noun, names, noun_end = counted
        events = _events(content, match.start(), noun_end)
        if noun in _IMPLY_DEATH:
            events = events | {"killed"}
        if not events:
            continue
        group = _GROUP_OF.get(noun) or ("anyone" if noun in _ANYONE else noun)
        if places_and_times is None:  # most claims count nothing: their sentences unread
            places_and_times = _places_and_times(article, claim, content)
        places, times = places_and_times
        found.append(
            Quantity(
                span=(start + match.start(), start + noun_end),
                low=value[0],
                high=value[1],
                noun=noun,
                group=group,
                events=events,
                names=frozenset(names),
                places=places,
                times=times,
            )
        )
    return found


def _places_and_times(
    article: Article, claim: ClaimCandidate, content: str
) -> tuple[frozenset[str], frozenset[str]]:
    """The countries of the claim's sentences and the times its content names."""
    first = article.sentence_at(claim.extent[0]) or claim.extent
    last = article.sentence_at(max(claim.extent[1] - 1, 0)) or claim.extent
    return _places(article.text[first[0] : last[1]]), _times(content)


def _number(word: str, scale: str) -> float:
    value = _WORD_NUMBERS.get(word.lower())
    number = float(value) if value is not None else float(word.replace(",", ""))
    for unit in scale.lower().split():
        number *= _SCALES[unit]
    return number


def _range(match: re.Match[str]) -> tuple[float, float] | None:
    """The plausible range a figure stands for."""
    if match.group("vague"):
        low, high = _VAGUE[" ".join(match.group("vague").lower().split())]
        return float(low), float(high)
    if match.group("low"):
        return _number(match.group("low"), ""), _number(match.group("high"), "")
    number = _number(match.group("number"), match.group("scale") or "")
    if 1900 <= number <= 2100 and not match.group("modifier"):
        return None
    modifier = (match.group("modifier") or "").lower()
    if modifier in _LOWER_BOUNDS or match.group("or_more"):
        return number, number * 1.5
    if modifier in _UPPER_BOUNDS:
        return number * 0.5, number
    if modifier in _ABOUT:
        return number * 0.8, number * 1.2
    if modifier in _NEARLY:
        return number * 0.85, number
    return number, number


def _counted(words: list[tuple[str, int]]) -> tuple[str, set[str], int] | None:
    """The noun a figure counts and the names before it: "[Wagner] [personnel]".

    Skips "of" ("dozens of civilians"); refuses units, partitives ("30 of the
    dead"), totals over several nationalities ("Malians and Russians") and
    figures not followed by a counted noun within four words.
    """
    if words and words[0][0].lower() == "of":
        if len(words) > 1 and words[1][0].lower() in ("the", "them", "whom", "those", "these"):
            return None
        words = words[1:]
    names: set[str] = set()
    for index, (word, position) in enumerate(words[:4]):
        lower = word.lower()
        if lower in _UNITS or not word[0].isalpha():
            return None
        if lower in _GROUP_OF or lower in _ANYONE:
            return lower, names, position + len(word)
        if _is_demonym(word):
            following = [w for w, _ in words[index + 1 : index + 3]]
            if len(following) == 2 and following[0] in ("and", "or") and _is_demonym(following[1]):
                return None
            return "people", names | {_stem(word)}, position + len(word)
        if word[0].isupper():
            names.add(_stem(word))
    return None


def _events(content: str, start: int, end: int) -> frozenset[str]:
    """What happened to the counted people: event words in the phrase and near it.

    Up to six words before the figure, and after the noun up to six words or the
    next comma ("killed 50 soldiers", "40 injured people", "20 fighters had died").
    """
    before = [m.group().lower() for m in _WORD.finditer(content[max(0, start - 60) : start])]
    inside = [m.group().lower() for m in _WORD.finditer(content[start:end])]
    after = [m.group().lower() for m in _WORD.finditer(content[end : end + 40])][:6]
    if "," in after:
        after = after[: after.index(",")]
    return frozenset(_EVENT_OF[w] for w in before[-6:] + inside + after if w in _EVENT_OF)


def _places(sentence: str) -> frozenset[str]:
    """The countries named in the claim's sentence ("In neighbouring India, ...")."""
    return frozenset(match.group().lower() for match in _country_pattern().finditer(sentence))


@cache
def _country_pattern() -> re.Pattern[str]:
    countries = read_list_file(DATA_DIRECTORY / "gpe.txt")["countries"]
    names = sorted((re.escape(name) for name in countries), key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(names)})\b")


def _times(content: str) -> frozenset[str]:
    """When it happened, if the claim says: "on Saturday", "in February", "since 2015"."""
    return frozenset(m.group(0).lower() for m in _TIME.finditer(content))


def _is_demonym(word: str) -> bool:
    """ "Russians", "Malians", "Somalis": a plural nationality (capitalised)."""
    return word[0].isupper() and word.endswith(("ans", "ians", "ese", "is")) and len(word) > 4


def _stem(word: str) -> str:
    """A name without possessive or plural ending: "Russians" / "Russia's" -> "russian"."""
    lower = word.lower().replace("’s", "").replace("'s", "")
    return lower[:-1] if lower.endswith("s") and len(lower) > 4 else lower


def _same_name(x: str, y: str) -> bool:
    """A country and its people share their first letters: "mali"/"malian", "ukraine"/"ukrainian".

    Short stems must match whole ("mali" is not "malawi").
    """
    shorter, longer = sorted((x, y), key=len)
    if shorter == longer or (len(shorter) >= 4 and longer.startswith(shorter)):
        return True
    return len(shorter) >= 6 and longer.startswith(shorter[:-1])


# Comparing ---------------------------------------------------------------------------------


class _NameIndex:
    """Where each capitalised name (by stem) occurs in the article, built on first use."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._words: list[str] | None = None
        self._positions: dict[str, list[int]] = {}
        self._linked: dict[tuple[str, str], bool] = {}

    def linked(self, x: str, y: str) -> bool:
        """Are the names tied in one phrase ("the Russian private military company Wagner")?"""
        if _same_name(x, y):
            return True
        if (x, y) not in self._linked:
            self._linked[x, y] = self._linked[y, x] = self._search(x, y)
        return self._linked[x, y]

    def _search(self, x: str, y: str) -> bool:
        if self._words is None:
            self._words = [m.group() for m in _WORD.finditer(self.text)]
            for index, word in enumerate(self._words):
                if word[0].isupper():
                    self._positions.setdefault(_stem(word), []).append(index)
        words = self._words
        others = sorted(self._occurrences(y))
        for i in self._occurrences(x):
            nearby = others[
                bisect_left(others, i - _LINKING_WINDOW) : bisect_right(others, i + _LINKING_WINDOW)
            ]
            for j in nearby:
                low, high = min(i, j), max(i, j)
                if not any(word.lower() in _SEPARATORS for word in words[low + 1 : high]):
                    return True
        return False

    def _occurrences(self, name: str) -> list[int]:
        return [
            i for stem, found in self._positions.items() if _same_name(stem, name) for i in found
        ]

    def correspond(self, first: frozenset[str], second: frozenset[str]) -> bool:
        """Every name on each side matches, or is tied to, one on the other side."""
        return all(any(self.linked(x, y) for y in second) for x in first) and all(
            any(self.linked(y, x) for x in first) for y in second
        )


def _same_thing(names: _NameIndex, a: Quantity, b: Quantity) -> bool:
    if a.events != b.events:
        return False
    if a.group != b.group and "anyone" not in (a.group, b.group):
        return False
    if a.times and b.times and not a.times & b.times:
        return False
    if max(a.low, b.low) > _MAX_RATIO * max(1.0, min(a.high, b.high)):
        return False
    if a.names and b.names and not names.correspond(a.names, b.names):
        return False
    if bool(a.names) != bool(b.names):
        return False
    return not (a.places and b.places) or names.correspond(a.places, b.places)
