"""Figures in a claim's content, read as values so that other words give the same key.

"$1.2 billion", "1.2 billion dollars" and "$1,200 million" are one figure;
"45 percent" is "45%". Years, dates and small counts (under 10) are not
figures that identify a claim: every article has them, so they are left out.
"""

from __future__ import annotations

import re

_NUMBER = re.compile(
    r"(?P<dollar>\$\s?)?(?P<value>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|[mb]n?)\b)?"
    r"(?:\s?(?P<unit>%|percent\b|per cent\b|points?\b|dollars\b))?",
    re.IGNORECASE,
)
_SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "b": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}
_SMALLEST = 10


def figures(content: str) -> tuple[str, ...]:
    """The figures of `content` as keys ("$1200000000", "45%", "3000"), in order, once each."""
    found: list[str] = []
    for match in _NUMBER.finditer(content):
        if _inside_word(content, match.start()):
            continue
        value = float(match["value"].replace(",", ""))
        scale = (match["scale"] or "").casefold()
        unit = (match["unit"] or "").casefold()
        value *= _SCALES.get(scale, 1.0)
        if unit in ("%", "percent", "per cent"):
            key = f"{value:g}%"
        elif unit.startswith("point"):
            key = f"{value:g} points"
        elif match["dollar"] or unit == "dollars":
            key = f"${value:.0f}"
        elif scale or (value >= _SMALLEST and not _is_year(match["value"])):
            key = f"{value:.0f}" if value.is_integer() else f"{value:g}"
        else:
            continue
        if key not in found:
            found.append(key)
    return tuple(found)


def _inside_word(text: str, start: int) -> bool:
    return start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-/:.")


def _is_year(digits: str) -> bool:
    return len(digits) == 4 and 1900 <= int(digits) <= 2100
