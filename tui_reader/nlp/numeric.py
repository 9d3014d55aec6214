"""Numbers and time expressions: MONEY, PERCENT, QUANTITY, TIME, DATE, ORDINAL, CARDINAL.

One regular expression holds every form, in priority order ("$3 million" is
MONEY before "3 million" can be CARDINAL), modifiers included ("more than
40%", "about 60 km"), following OntoNotes as spaCy's models learnt it. Tried
at every character it would read a third of a megabyte a second, so
`numeric_spans` only tries it where a cheap trie-compiled pattern says an
expression can start: a digit, a currency sign, a number word, a month, or a
common word such as "the" followed by one of those.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tui_reader.nlp.patterns import UPPER, cased, trie_pattern, words

NumericSpan = tuple[int, int, str]
"""(start, end, label) in the searched text."""

_UNIT_WORDS = words(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_TENS = words("twenty thirty forty fifty sixty seventy eighty ninety")
_WORD_NUMBERS = cased(
    [*_UNIT_WORDS, *_TENS, "hundred", *(f"{t}-{u}" for t in _TENS for u in _UNIT_WORDS[:9])]
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER = (
    rf"(?:{_DIGITS}|(?<![\w-])(?:{trie_pattern(_WORD_NUMBERS)})(?![\w-]))"
    r"(?:\s(?:hundred|thousand|million|billion|trillion))*"
)
_MODIFIERS = words(
    """about around almost nearly roughly approximately some over more_than less_than fewer_than
    at_least at_most up_to as_many_as as_much_as just_over just_under well_over close_to"""
)
_MODIFIER = rf"(?:{trie_pattern(cased(m.replace('_', ' ') for m in _MODIFIERS))}\s)?"
_CURRENCY_SYMBOL = r"(?:US|A|C|NZ|HK|S)?[$€£¥₹₦₩₽]"
_SYMBOL_AMOUNT = rf"{_CURRENCY_SYMBOL}\s?{_NUMBER}(?:(?:bn|mn|m|k|tn|trn|b)(?!\w))?"
_CURRENCY_WORD = (
    r"(?:CFA\s)?(?:euros?|dollars?|pounds?(?:\ssterling)?|pence|cents?|yen|yuan|renminbi|"
    r"rupees?|rupiah|francs?|pesos?|reais|rand|naira|shillings?|cedis?|kwacha|dirhams?|"
    r"riyals?|rials?|dinars?|lira|liras|roubles?|rubles?|hryvnias?|zlotys?|kronor|kroner|"
    r"krona|krone|baht|ringgit|leones?|birr|taka|bolivars?)(?!\w)"
)
_UNIT = (
    r"(?:km|kilomet(?:re|er)s?|miles?|met(?:re|er)s?|cm|mm|centimet(?:re|er)s?|"
    r"millimet(?:re|er)s?|feet|foot|ft|inch(?:es)?|yards?|tonnes?|tons?|kg|kilo(?:gram)?s?|"
    r"grams?|lbs?|ounces?|hectares?|acres?|(?:square|sq)\s(?:km|kilomet(?:re|er)s?|miles?|"
    r"met(?:re|er)s?|feet)|lit(?:re|er)s?|gallons?|barrels?|bpd|cubic\smet(?:re|er)s?|"
    r"(?:mega|giga|kilo)watts?(?:\shours?)?|[kMG]W|[kMGT]Wh|degrees?(?:\s(?:Celsius|Fahrenheit|C|F))?|"
    r"°[CF]|knots|mph|km/h|kph|TEU)(?![\w/])"
)
_HYPHEN_UNIT = r"(?:km|mile|met(?:re|er)|kilomet(?:re|er)|foot|tonne|ton|acre|hectare|megawatt)"
_MONTHS = words(
    "January February March April May June July August September October November December"
)
_MONTH_ABBREVIATIONS = words("Jan Feb Mar Apr Jun Jul Aug Sept Sep Oct Nov Dec")
_WEEKDAYS = words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
_MONTH = rf"(?:{'|'.join(_MONTHS)})"
_MONTH_SHORT = rf"(?:{_MONTH}|(?:{'|'.join(_MONTH_ABBREVIATIONS)})\.?)(?![a-z])"
_WEEKDAY = rf"(?:{'|'.join(_WEEKDAYS)})"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_PERIOD = r"(?:days?|weeks?|weekends?|months?|years?|decades?|centuries|century|quarters?|seasons?)"
_SEASON = r"(?:spring|summer|autumn|fall|winter)"
_ORDINAL_WORDS = words(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "thirtieth fortieth fiftieth hundredth"
)
_BEFORE_NUMBER = r"(?<![\w.,:/$€£-])"
_AFTER_NUMBER = r"(?![\w/]|[.,:]\d)"

NUMERIC_PATTERNS: tuple[tuple[str, str], ...] = (
    # Order matters: at one position the first alternative that matches wins.
    (
        "TIME",
        rf"{_MODIFIER}\d{{1,2}}(?:[:.]\d{{2}})?\s?(?:a\.m\.|p\.m\.|(?:am|pm|AM|PM|GMT|UTC)(?!\w))"
        rf"|{_BEFORE_NUMBER}\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?![\d:-])",
    ),
    (
        "MONEY",
        rf"{_MODIFIER}(?:between\s{_SYMBOL_AMOUNT}\s(?:and|to)\s)?{_SYMBOL_AMOUNT}"
        rf"|{_MODIFIER}{_BEFORE_NUMBER}{_NUMBER}\s{_CURRENCY_WORD}",
    ),
    (
        "PERCENT",
        rf"{_MODIFIER}{_BEFORE_NUMBER}{_NUMBER}\s?(?:%|per\s?cent(?!\w)|percentage\spoints?)",
    ),
    (
        "QUANTITY",
        rf"{_MODIFIER}{_BEFORE_NUMBER}(?:between\s{_NUMBER}\s(?:and|to)\s)?{_NUMBER}\s{_UNIT}"
        rf"|{_BEFORE_NUMBER}{_NUMBER}-{_HYPHEN_UNIT}(?!\w)",
    ),
    (
        "TIME",
        rf"{_MODIFIER}(?:{_NUMBER}|an?|several|a\sfew|a\scouple\sof)\s(?:hours?|minutes?|seconds?)(?!\w)"
        rf"|{_BEFORE_NUMBER}\d+-(?:hour|minute|second)(?!\w)"
        rf"|(?:(?i:this|that|tomorrow|yesterday|last|early|late)|{_WEEKDAY})\s"
        r"(?:morning|afternoon|evening|night)(?!\w)"
        r"|(?i:tonight|midnight|midday|noon)(?!\w)"
        rf"|{_BEFORE_NUMBER}{_NUMBER}\so['’]clock(?!\w)",
    ),
    (
        "DATE",
        rf"{_BEFORE_NUMBER}{_YEAR}-[01]\d-[0-3]\d(?!\d)"
        r"|(?<=age of )\d{1,3}(?!\d)|(?<=aged )\d{1,3}(?!\d)"
        rf"|(?:(?i:early|mid|late)[\s-])?{_DAY}\s{_MONTH_SHORT}(?:,?\s{_YEAR})?(?!\d)"
        rf"|{_MONTH_SHORT}\s{_DAY}(?:\s(?:and|to|-|–)\s{_DAY})?(?:,?\s{_YEAR})?(?![\d,]\d)"
        rf"|(?:(?i:early|mid|late)[\s-])?{_MONTH}(?:\s(?:of\s)?{_YEAR}|(?!\w|\s+[{UPPER}][a-z]))"
        rf"|{_WEEKDAY}s?(?:\s(?:and|or)\s{_WEEKDAY}s?)?(?!\w)"
        rf"|the\s{_YEAR}s(?!\w)"
        rf"|{_BEFORE_NUMBER}(?:(?i:early|mid|late)[\s-])?{_YEAR}s?"
        rf"(?:/\d{{2}}|\s(?:and|or|to)\s{_YEAR}|-\d{{2}}(?!\d))?{_AFTER_NUMBER}"
        rf"|(?:the\s)?(?i:past|last|next|coming|previous|following)\s"
        rf"(?:(?:{_NUMBER}|few|several)\s)?(?:{_PERIOD}|{_SEASON})(?!\w)"
        rf"|(?i:this|earlier\sthis|later\sthis)\s(?:week|weekend|month|year|season|quarter|"
        rf"decade|century|{_SEASON})(?!\w)"
        rf"|(?:the\s)?{_SEASON}\sof\s{_YEAR}|the\s(?:{_SEASON}|weekend)(?!\w)"
        rf"|(?:the\s)?(?:first|second|third|fourth|last|final)\squarter"
        rf"(?:\sof\s(?:{_YEAR}|(?:next|this|last)\syear))?(?!\w)"
        rf"|{_MODIFIER}(?:(?:{_NUMBER}|another|several|a\sfew)\s"
        r"(?:days?|weeks?|months?|years?|decades?|centuries)|a\sdecade|a\scentury)"
        r"(?:\s(?:ago|earlier|later))?(?!\w)"
        rf"|{_BEFORE_NUMBER}(?:{_NUMBER})-(?:year|month|week|day)(?:-old)?(?!\w)"
        r"|(?i:recent|coming)\s(?:days|weeks|months|years)(?!\w)"
        r"|(?i:today|yesterday|tomorrow|decades|centuries)(?!\w)"
        r"|(?:millions|billions|thousands|hundreds)\sof\syears(?:\sago)?(?!\w)",
    ),
    (
        "ORDINAL",
        rf"(?<![\w-])(?:{'|'.join(_ORDINAL_WORDS)})(?!\w)"
        rf"|{_BEFORE_NUMBER}\d+(?:st|nd|rd|th)(?!\w)",
    ),
    (
        "CARDINAL",
        rf"{_MODIFIER}(?:several|a\sfew|half\sa)\s(?:hundred|thousand|million|billion|dozen)(?!\w)"
        rf"|{_MODIFIER}{_BEFORE_NUMBER}(?:between\s(?!{_YEAR}\b){_NUMBER}\s(?:and|to)\s)?"
        rf"(?<!no\s){_NUMBER}"
        rf"(?:\sor\s(?:more|fewer|less)(?!\w))?{_AFTER_NUMBER}(?!\sanother)"
        r"|(?:(?i:several|a)\s)?(?i:dozens|hundreds|thousands|millions|dozen)(?!\w)"
        r"|(?i:a|one)[\s-](?:third|quarter|half|fifth)(?=\sof\s)"
        r"|(?<=by\s)a\s(?:third|quarter|half|fifth)(?!\w)",
    ),
)


_TIME_WORDS = words(
    """today yesterday tomorrow tonight midnight midday noon dozen dozens hundreds thousands
    millions billions decades centuries hundred recent about around almost nearly roughly
    approximately"""
)
_WEAK_FIRST_WORDS = words(
    """the a an this that last next past coming previous following earlier later early mid late
    another several between some over more less fewer at up as just well close spring summer
    autumn fall winter"""
)
"""Words that open a numeric or time expression only when a number-like word follows
("the past decade", "at least 19"); common, so they are tried only then."""
_FOLLOWING_WORDS = words(
    """than least most to many much under few couple day days week weeks weekend weekends month
    months year years decade decades century quarter quarters season seasons morning afternoon
    evening night hour hours minute minutes second seconds half"""
)


def _numeric_start_pattern() -> re.Pattern[str]:
    """Where a numeric or time expression can start: a digit, a currency sign, a number
    word, a month..., or a weak word such as "the" followed by one of those."""

    strong = cased([*_TIME_WORDS, *_UNIT_WORDS, *_TENS, *_ORDINAL_WORDS])
    strong.update(_MONTHS, _MONTH_ABBREVIATIONS)
    strong.update(day + suffix for day in _WEEKDAYS for suffix in ("", "s"))
    weak = cased(_WEAK_FIRST_WORDS)
    following = trie_pattern(sorted(strong | weak | cased(_FOLLOWING_WORDS)))
    return re.compile(
        rf"(?<!\w)(?:[\d$€£¥₹₦₩₽]|[A-Z]{{1,2}}\$|(?:{trie_pattern(sorted(strong))})(?!\w)"
        rf"|(?:{trie_pattern(sorted(weak))})(?=[\s-]+(?:[\d$€£¥₹₦₩₽]|(?:{following})(?!\w))))"
    )


NUMERIC = re.compile(
    "|".join(f"(?P<n{index}>{pattern})" for index, (_, pattern) in enumerate(NUMERIC_PATTERNS))
)
NUMERIC_LABELS = [label for label, _ in NUMERIC_PATTERNS]
_NUMERIC_START = _numeric_start_pattern()


def numeric_spans(text: str) -> Iterator[NumericSpan]:
    """Numbers and time expressions of `text`, left to right, never overlapping.

    The same as `NUMERIC.finditer`, ten times faster: the full pattern is only
    tried where a cheap pattern says an expression can start.
    """
    match_at = NUMERIC.match
    end = 0
    for start in _NUMERIC_START.finditer(text):
        if start.start() < end:
            continue
        match = match_at(text, start.start())
        if match and match.lastgroup:
            end = match.end()
            yield match.start(), end, NUMERIC_LABELS[int(match.lastgroup[1:])]
