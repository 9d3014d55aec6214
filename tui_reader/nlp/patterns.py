"""Small helpers shared by the regular expressions of the rule-based recogniser."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
ALNUM = r"[^\W_]"
APOSTROPHE = "['’]"


def words(text: str) -> list[str]:
    """A list of words written as one string, which keeps long word lists readable."""
    return text.split()


def cased(vocabulary: Iterable[str]) -> set[str]:
    """Each word as written and with a capital, as at the start of a sentence."""
    listed = list(vocabulary)
    return {*listed, *(word[:1].upper() + word[1:] for word in listed)}


def trie_pattern(vocabulary: Iterable[str]) -> str:
    """An alternation of `words` with common prefixes factored out.

    Python's regex engine tries alternatives one by one; as a trie, "Monday|March|May"
    becomes "M(?:a(?:rch|y)|onday)" and each position costs a handful of steps.
    """
    trie: dict[str, Any] = {}
    for word in vocabulary:
        node = trie
        for character in word:
            node = node.setdefault(character, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        optional = "?" if "" in node else ""
        if len(branches) == 1 and not optional:
            return branches[0]
        return "(?:" + "|".join(branches) + ")" + optional

    return build(trie)
