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


Variant = tuple[Node, str, str]
"""A speaker as claims give it: its node, the name it is shown under, the source as
written. Claims of one variant are grouped alike, so the grouping works on variants
(a few thousand in a library of a thousand articles) rather than claims."""


def variant_of(appearance: Appearance, speaker: Speaker) -> Variant:
    return (speaker.node, speaker.name, appearance.claim.written)


@dataclass(frozen=True, slots=True)
class Grouping:
    """Which speaker each variant of the library is, after the user's links."""

    node_of: dict[Variant, Node]
    """The variant's node, after the splits of two names of one node."""
    root: dict[Node, Node]
    """Node -> the node of the speaker it is filed under."""
    names: dict[Node, Counter[str]]
    """Speaker -> the names its claims are shown under, with how often."""
    aliases: dict[Node, set[str]]
    """Speaker -> its other names (the shown one is left out by `shown_name`)."""

    def speaker(self, variant: Variant) -> Node:
        return self.root[self.node_of[variant]]


NamesMemo = dict[tuple[str, Node], bool]
"""(name, node) -> whether the name is one of the node's (`_names_node`), for one set of
ties: worked out once per name and kept (`kept_sources.py`), as every run asks again."""


def group_variants(
    counts: dict[Variant, int],
    ties: Sequence[tuple[str, str]],
    links: Sequence[SourceLink],
    memo: NamesMemo | None = None,
) -> Grouping:
    """The speakers of the library's claims, from their variants with how many claims
    each has, in the order of their first claim (articles in library order); `memo`
    (for these ties) is read and filled in."""
    node_of = split_within_speakers(list(counts), links)
    claims_of: Counter[Node] = Counter()
    shown: dict[Node, Counter[str]] = {}
    """Node -> the names its claims are shown under, with how often."""
    written: dict[Node, set[str]] = {}
    """Node -> every other name it is written as in its claims ("he" aside)."""
    for variant, count in counts.items():
        node = node_of[variant]
        claims_of[node] += count
        shown.setdefault(node, Counter())[variant[1]] += count
        written.setdefault(node, set()).add(variant[2])
    root = apply_links(join_speakers(claims_of, ties), shown, links)
    names: dict[Node, Counter[str]] = {}
    aliases: dict[Node, set[str]] = {}
    tied = {organisation_key(short): organisation_key(long) for short, long in ties}
    known: NamesMemo = {} if memo is None else memo
    for node, counter in shown.items():
        names.setdefault(root[node], Counter()).update(counter)
        found = aliases.setdefault(root[node], set())
        for name in (*written[node], *counter):
            names_it = known.get((name, node))
            if names_it is None:
                names_it = known[(name, node)] = _names_node(name, node, tied)
            if names_it:
                found.add(name)
    for node, merged in merged_names(shown, written, links).items():
        aliases[root[node]].update(merged)
    return Grouping(node_of, root, names, aliases)


def find_sources(index: CrossIndex, links: Sequence[SourceLink] = ()) -> list[Source]:
    """The sources of the library, the most quoted first (see the module docstring)."""
    found = [(appearance, variant_of(appearance, s)) for appearance, s in speakers(index)]
    counts: Counter[Variant] = Counter(variant for _, variant in found)
    ties = [tie for article in index.articles for tie in article.entry.ties]
    grouping = group_variants(counts, ties, links)
    grouped: dict[Node, list[Appearance]] = {}
    for appearance, variant in found:
        grouped.setdefault(grouping.speaker(variant), []).append(appearance)
    sources = [
        _source(grouping.names[group], grouping.aliases[group], appearances)
        for group, appearances in grouped.items()
    ]
    return sorted(sources, key=lambda s: (-len(s.claims), s.name.casefold()))


def shown_name(names: Counter[str]) -> str:
    """The speaker's most used name that looks like one (a full name rather than a
    surname), the longest among equals."""

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

    return max(names, key=preference)


def other_names(shown: str, written: set[str]) -> tuple[str, ...]:
    """The aliases of a speaker shown as `shown`: one spelling per name, the same every run."""
    others: dict[str, str] = {}
    for name in sorted(written, reverse=True):
        if name.casefold() != shown.casefold():
            others.setdefault(name.casefold(), name)
    return tuple(sorted(others.values(), key=str.casefold))


def newest_first(appearances: list[Appearance]) -> tuple[Appearance, ...]:
    """A speaker's claims, the newest article first, each article's last claim first."""
    return tuple(
        sorted(
            appearances,
            key=lambda a: (a.article.when, a.article.content_hash, -a.claim.start),
            reverse=True,
        )
    )


def _source(names: Counter[str], written: set[str], appearances: list[Appearance]) -> Source:
    shown = shown_name(names)
    return Source(shown, other_names(shown, written), newest_first(appearances))


def split_within_speakers(
    variants: Iterable[Variant], links: Iterable[SourceLink]
) -> dict[Variant, Node]:
    """Each variant's node with the user's splits of two names of one speaker applied.

    Two names that reduce to one key ("Mayor Ellen Varga" and "Ellen Varga") are
    one speaker node, which `apply_links` cannot part: for a split of two such
    names, the claims written or shown under the second name get a speaker of
    their own (kept apart from the first's by `apply_links` after).
    """
    node_of = {variant: variant[0] for variant in variants}
    for link in links:
        if link.kind is not LinkKind.SPLIT:
            continue
        first = {node_of[v] for v in node_of if _written_as(link.first, v)}
        shared = first & {node_of[v] for v in node_of if _written_as(link.second, v)}
        for variant, node in node_of.items():
            if node in shared and _written_as(link.second, variant):
                node_of[variant] = ("split", link.id, *node)
    return node_of


def _written_as(name: str, variant: Variant) -> bool:
    return name_matches(name, variant[1]) or name_matches(name, variant[2])


def _link_nodes(link: SourceLink, names_of: dict[Node, Counter[str]]) -> tuple[list[Node], ...]:
    """The nodes holding the link's first name and those holding its second."""
    first = [n for n, names in names_of.items() if any(name_matches(link.first, x) for x in names)]
    second = [
        n for n, names in names_of.items() if any(name_matches(link.second, x) for x in names)
    ]
    return first or _by_key(link.first, names_of), second or _by_key(link.second, names_of)


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
        first, second = _link_nodes(link, names_of)
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


def merged_names(
    shown: dict[Node, Counter[str]], written: dict[Node, set[str]], links: Iterable[SourceLink]
) -> dict[Node, set[str]]:
    """Node -> the names the user merged by hand that its claims give: aliases of its
    speaker even when they are descriptions ("another New Hampshire Republican"),
    which are no names of the speaker otherwise (`_names_node`)."""
    found: dict[Node, set[str]] = {}
    for link in links:
        if link.kind is not LinkKind.MERGE or not all(_link_nodes(link, shown)):
            continue
        for node, counter in shown.items():
            for name in (*counter, *written[node]):
                if name_matches(link.first, name) or name_matches(link.second, name):
                    found.setdefault(node, set()).add(name)
    return found


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
