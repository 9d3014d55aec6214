"""Every source of a claim in the library: one speaker under all its names.

`find_sources` groups the claims of every indexed article by speaker
(`identity`), applies the user's merges and splits (`links`), and lists each
speaker with its names, articles and claims, the newest first (by article
date, else when the article was read or added).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tui_reader.across.entry import IndexedClaim
from tui_reader.across.identity import Node, Speaker, join_speakers, person_node, speaker_for
from tui_reader.across.index import CrossIndex, IndexedArticle
from tui_reader.across.links import LinkKind, SourceLink, name_matches
from tui_reader.across.names import (
    initials,
    is_acronym,
    is_titled,
    organisation_key,
    person_key,
)


@dataclass(frozen=True, slots=True)
class Appearance:
    """A claim where it appears: the article and the claim."""

    article: IndexedArticle
    claim: IndexedClaim

    def to_json(self) -> dict[str, object]:
        return {
            "content_hash": self.article.content_hash,
            "start": self.claim.start,
            "end": self.claim.end,
            "text": self.claim.text,
            "status": self.claim.status,
        }


@dataclass(frozen=True, slots=True)
class Source:
    """A speaker: the name it is shown under, every other name, its claims newest first."""

    name: str
    aliases: tuple[str, ...]
    claims: tuple[Appearance, ...]

    @property
    def articles(self) -> tuple[str, ...]:
        """Content hashes of the articles it speaks in, newest first, each once."""
        return tuple(dict.fromkeys(a.article.content_hash for a in self.claims))

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "aliases": list(self.aliases),
            "articles": list(self.articles),
            "claims": [claim.to_json() for claim in self.claims],
        }


def source_names(sources: Sequence[Source]) -> dict[tuple[str, int], str]:
    """(content hash, claim start) -> the name of the source the claim is filed under."""
    return {
        (a.article.content_hash, a.claim.start): source.name
        for source in sources
        for a in source.claims
    }


def speakers(index: CrossIndex) -> list[tuple[Appearance, Speaker]]:
    """Every claim with a named source, and who that source is in its article."""
    found = []
    for article in index.articles:
        for claim in article.claims:
            speaker = speaker_for(claim, article.entry)
            if speaker is not None:
                found.append((Appearance(article, claim), speaker))
    return found


def find_sources(index: CrossIndex, links: Sequence[SourceLink] = ()) -> list[Source]:
    """The sources of the library, the most quoted first (see the module docstring)."""
    found = split_within_speakers(speakers(index), links)
    claims_of: Counter[Node] = Counter(speaker.node for _, speaker in found)
    ties = [tie for article in index.articles for tie in article.entry.ties]
    shown: dict[Node, Counter[str]] = {}
    """Node -> the names its claims are shown under, with how often."""
    written: dict[Node, set[str]] = {}
    """Node -> every other name it is written as in its claims ("he" aside)."""
    for appearance, speaker in found:
        shown.setdefault(speaker.node, Counter())[speaker.name] += 1
        written.setdefault(speaker.node, set()).add(appearance.claim.written)
    root = apply_links(join_speakers(claims_of, ties), shown, links)
    grouped: dict[Node, list[Appearance]] = {}
    for appearance, speaker in found:
        grouped.setdefault(root[speaker.node], []).append(appearance)
    names: dict[Node, Counter[str]] = {}
    aliases: dict[Node, set[str]] = {}
    tied = {organisation_key(short): organisation_key(long) for short, long in ties}
    for node, counter in shown.items():
        names.setdefault(root[node], Counter()).update(counter)
        aliases.setdefault(root[node], set()).update(
            name for name in (*written[node], *counter) if _names_node(name, node, tied)
        )
    sources = [
        _source(names[group], aliases[group], appearances) for group, appearances in grouped.items()
    ]
    return sorted(sources, key=lambda s: (-len(s.claims), s.name.casefold()))


def _source(names: Counter[str], written: set[str], appearances: list[Appearance]) -> Source:
    """The speaker shown under its most used name that looks like one (a full name
    rather than a surname), the longest among equals."""

    def preference(name: str) -> tuple[bool, bool, bool, int, int, str]:
        key = person_key(name)
        return (
            _looks_like_a_name(name),
            key is not None and key.full,
            not is_titled(name),
            names[name],
            len(name.split()),
            name,
        )

    shown = max(names, key=preference)
    ordered = sorted(
        appearances,
        key=lambda a: (a.article.when, a.article.content_hash, -a.claim.start),
        reverse=True,
    )
    others: dict[str, str] = {}
    for name in sorted(written, reverse=True):  # one spelling per name, the same every run
        if name.casefold() != shown.casefold():
            others.setdefault(name.casefold(), name)
    aliases = tuple(sorted(others.values(), key=str.casefold))
    return Source(shown, aliases, tuple(ordered))


def split_within_speakers(
    found: list[tuple[Appearance, Speaker]], links: Iterable[SourceLink]
) -> list[tuple[Appearance, Speaker]]:
    """The claims with the user's splits of two names of one speaker applied.

    Two names that reduce to one key ("Mayor Ellen Varga" and "Ellen Varga") are
    one speaker node, which `apply_links` cannot part: for a split of two such
    names, the claims written or shown under the second name get a speaker of
    their own (kept apart from the first's by `apply_links` after).
    """
    for link in links:
        if link.kind is not LinkKind.SPLIT:
            continue
        first = {s.node for a, s in found if _written_as(link.first, a, s)}
        shared = first & {s.node for a, s in found if _written_as(link.second, a, s)}
        found = [
            (a, Speaker(("split", link.id, *s.node), s.name))
            if s.node in shared and _written_as(link.second, a, s)
            else (a, s)
            for a, s in found
        ]
    return found


def _written_as(name: str, appearance: Appearance, speaker: Speaker) -> bool:
    return name_matches(name, speaker.name) or name_matches(name, appearance.claim.written)


def apply_links(
    root: dict[Node, Node], names_of: dict[Node, Counter[str]], links: Iterable[SourceLink]
) -> dict[Node, Node]:
    """The grouping after the user's merges and splits, applied in the order they were made.

    A merge joins the speakers holding the two names; a split gives the nodes
    holding the second name a speaker of their own, apart from the first's.
    A name no source holds is left alone (the link waits for its article).
    """
    root = dict(root)
    for link in links:
        first = [
            n for n, names in names_of.items() if any(name_matches(link.first, x) for x in names)
        ]
        second = [
            n for n, names in names_of.items() if any(name_matches(link.second, x) for x in names)
        ]
        first = first or _by_key(link.first, names_of)
        second = second or _by_key(link.second, names_of)
        if not first or not second:
            continue
        if link.kind is LinkKind.MERGE:
            target = root[first[0]]
            moved = {root[n] for n in second}
            for node, group in root.items():
                if group in moved:
                    root[node] = target
        else:
            apart = {root[n] for n in first}
            new_group: Node = ("split", link.id)
            for node in second:
                if root[node] in apart:
                    root[node] = new_group
    return root


def _by_key(given: str, names_of: dict[Node, Counter[str]]) -> list[Node]:
    """The nodes a name the user typed stands for when no claim is shown under it exactly
    ("trump" for the node of "Donald Trump" written "Mr. Trump")."""
    key = person_key(given)
    if key is not None:
        node = person_node(key)
        return [node] if node in names_of else []
    words: Node = ("org", organisation_key(given))
    return [words] if words in names_of else []


def _names_node(written: str, node: Node, tied: dict[str, str]) -> bool:
    """Whether a source as written is a name of the speaker `node` ("Mr. Trump" of
    Donald Trump, "the AP" of the Associated Press, "CSP" where an article ties it to
    the name), not a description ("a longtime adviser to Trump") or a pronoun."""
    if not _looks_like_a_name(written):
        return False
    if node[0] == "person":
        key = person_key(written)
        return key is not None and key.surname == node[1] and key.first in ("", node[2])
    words = organisation_key(written)
    if words == node[1] or tied.get(words) == node[1]:
        return True
    return is_acronym(written) and initials(node[1]) == words.replace(".", "")


_NAME_JOINERS = frozenset({"of", "the", "and", "for", "de", "van", "von", "al", "bin", "la"})


def _looks_like_a_name(written: str) -> bool:
    words = written.split()
    return 0 < len(words) <= 6 and all(
        word[:1].isupper() or word in _NAME_JOINERS for word in words
    )
