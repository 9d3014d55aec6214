"""Counts in words: "1 annotation", "2 annotations", never "annotation(s)".

A noun is written in the singular with its plural ending in brackets where it
goes ("annotation(s) on a page", "match(es)"), so one string serves both and
the counters that collect such nouns by kind can keep them as keys.
"""

from __future__ import annotations

import re

_ENDING = re.compile(r"\((e?s)\)")


def counted(count: int, noun: str) -> str:
    """`count` and `noun` in the singular for 1, else in the plural ("(s)", "(es)" marks
    where the ending goes; a noun without a mark is kept as it is)."""
    ending = "" if count == 1 else r"\1"
    return f"{count} {_ENDING.sub(ending, noun)}"
