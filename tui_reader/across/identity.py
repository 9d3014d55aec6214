"""Which sources are the same speaker, within an article and across articles.

A claim's source is first named as its article names it best (the finder
resolves "he" and "Trump" to the "Donald Trump" the article wrote; a surname
alone takes the fullest name the article gives it). Across articles, names are
reduced to keys (`names.person_key`, `names.organisation_key`) and joined:

- a full name (first name and surname, middle names if written) is one speaker
  wherever it is written;
- a name with less in it joins the fuller one it may stand for when that one
  holds at least `DOMINANT_SHARE` of the claims of all it may stand for, and
  stays a speaker of its own otherwise: "Paul Ryan" joins "Paul D. Ryan",
  "Clinton" (no article completing it) joins "Hillary Clinton" in 2016
  campaign coverage; two different full names ("Hillary Clinton", "Bill
  Clinton"; "George W. Bush", "George H.W. Bush") are never joined by what
  they share; "Mr. Clinton" is not joined to a woman's name, "Mrs. Clinton"
  only to one (`data/female_first_names.txt`);
- an acronym joins the name an article writes it after ("... Framework (CSP)").

What the user decided (`links.SourceLink`) is applied last: a merge joins two
speakers, a split takes a name out of the speaker it was joined to.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from tui_reader.across.entry import ArticleEntry, IndexedClaim
from tui_reader.across.names import (
    NameKey,
    clean,
    initials,
    is_acronym,
    may_be,
    organisation_key,
    person_key,
)

DOMINANT_SHARE = 2 / 3
"""The share of a surname's claims a full name needs to take the bare surname too."""

_PERSON_LABELS = frozenset({"PERSON"})
_GROUP_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})

Node = tuple[str, ...]
"""A speaker's key: ("person", surname, first, middle, honorific) or ("org", words)."""


def person_node(key: NameKey) -> Node:
    return ("person", key.surname, key.first, key.middle, key.honorific)


@dataclass(frozen=True, slots=True)
class Speaker:
    """A source of a claim in one article: its key and the name it is shown under."""

    node: Node
    name: str


def speaker_of(claim: IndexedClaim, entry: ArticleEntry) -> Speaker | None:
    """Who the claim's source is, as far as names tell; None for a description that
    names nobody ("officials", "a spokesman") or a claim with no source."""
    name = clean(claim.source)
    if not name:
        return None
    label = claim.source_label
    key = person_key(name)
    if key is not None and (label in _PERSON_LABELS or (not label and key.surname in entry.people)):
        if not key.full and key.surname in entry.people:
            full = entry.people[key.surname]
            completed = person_key(full)
            if completed is not None:
                return Speaker(person_node(completed), full)
        return Speaker(person_node(key), name)
    if label in _GROUP_LABELS or (label == "" and is_acronym(name)):
        for short, long in entry.ties:
            if organisation_key(short) == organisation_key(name):
                return Speaker(("org", organisation_key(long)), long)
        words = organisation_key(name)
        return Speaker(("org", words), name) if words else None
    return None


NO_SPEAKER: Node = ("none",)
"""The speaker an entry records for a claim whose source names nobody."""


def speaker_for(claim: IndexedClaim, entry: ArticleEntry) -> Speaker | None:
    """The claim's speaker: as computed with its entry, else (a claim of the user's) now."""
    if claim.speaker:
        return None if claim.speaker == NO_SPEAKER else Speaker(claim.speaker, claim.speaker_name)
    return speaker_of(claim, entry)


class _Joined:
    """Union-find over speaker keys."""

    def __init__(self) -> None:
        self.parent: dict[Node, Node] = {}

    def find(self, node: Node) -> Node:
        self.parent.setdefault(node, node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def join(self, a: Node, b: Node) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def join_speakers(claims_of: Counter[Node], ties: Iterable[tuple[str, str]]) -> dict[Node, Node]:
    """Node -> the node of the speaker it is (see the module docstring)."""
    joined = _Joined()
    for node in claims_of:
        joined.find(node)
    by_surname: dict[str, list[Node]] = {}
    for node in claims_of:
        if node[0] == "person":
            by_surname.setdefault(node[1], []).append(node)
    for people in by_surname.values():
        # A first name and surname written without middle names: the fuller name it may be.
        for node in people:
            if node[2] and not node[3]:
                fuller = [n for n in people if n[2] == node[2] and n[3]]
                _join_dominant(joined, claims_of, node, fuller)
        # A surname alone: the speaker (joined above) of a full name with that surname.
        for node in people:
            if not node[2]:
                fuller = [n for n in people if n[2] and may_be(n[2], node[4])]
                _join_dominant(joined, claims_of, node, fuller)
    organisations = {node[1]: node for node in claims_of if node[0] == "org"}
    for short, long in ties:
        a, b = organisations.get(organisation_key(short)), organisations.get(organisation_key(long))
        if a and b:
            joined.join(a, b)
    by_initials = {initials(node[1]): node for node in organisations.values() if initials(node[1])}
    for words, node in organisations.items():
        if is_acronym(words.upper()) and words in by_initials and by_initials[words] != node:
            joined.join(node, by_initials[words])
    return {node: joined.find(node) for node in claims_of}


def _join_dominant(
    joined: _Joined, claims_of: Counter[Node], node: Node, candidates: list[Node]
) -> None:
    """Join `node` to the speaker among `candidates` holding `DOMINANT_SHARE` of their claims."""
    speakers: Counter[Node] = Counter()
    for candidate in candidates:
        speakers[joined.find(candidate)] += claims_of[candidate]
    if not speakers:
        return
    best, claims = max(speakers.items(), key=lambda item: (item[1], item[0]))
    if claims >= DOMINANT_SHARE * sum(speakers.values()):
        joined.join(node, best)
