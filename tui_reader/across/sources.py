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
    clean,
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
    """Speaker node (a variant set apart counted with its own) -> its claims."""
    shown: dict[Node, Counter[str]] = {}
    """Node -> the names its claims are shown under, with how often."""
    written: dict[Node, set[str]] = {}
    """Node -> every other name it is written as in its claims ("he" aside)."""
    for variant, count in counts.items():
        node = node_of[variant]
        claims_of[variant[0]] += count
        shown.setdefault(node, Counter())[variant[1]] += count
        written.setdefault(node, set()).add(variant[2])
    joined = join_speakers(claims_of, ties)
    root, renamed = apply_links({n: joined[speaker_node(n)] for n in shown}, shown, links)
    for node, name in renamed.items():
        shown[node] = Counter({name: sum(shown[node].values())})
        written[node] = {name}
    names: dict[Node, Counter[str]] = {}
    aliases: dict[Node, set[str]] = {}
    tied = {organisation_key(short): organisation_key(long) for short, long in ties}
    known: NamesMemo = {} if memo is None else memo
    for node, counter in shown.items():
        names.setdefault(root[node], Counter()).update(counter)
        found = aliases.setdefault(root[node], set())
        speaker = speaker_node(node)
        for name in (*written[node], *counter):
            names_it = known.get((name, speaker))
            if names_it is None:
                names_it = known[(name, speaker)] = _names_node(name, speaker, tied)
            if names_it or node in renamed:
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


_APART = "written as"
"""The first item of the node of a variant set apart (`split_within_speakers`)."""


def split_within_speakers(
    variants: Iterable[Variant], links: Iterable[SourceLink]
) -> dict[Variant, Node]:
    """Each variant's node, a variant shown or written under a name the user split off
    given a node of its own: (`_APART`, name shown, name written, *its speaker's node).

    A split acts on names as the claims give them: "Mr. Trump" split off "Donald
    Trump" means the claims whose source was written "Mr. Trump", though the finder
    resolved it to the article's "Donald Trump" (or "Donald J. Trump", joined to it
    across articles). Such a variant is no speaker of its own: it is counted and
    joined with its speaker's node, and goes with it until a split of its name takes
    it off the speaker holding the first name (`apply_links`).
    """
    split_off = {clean(link.second).casefold() for link in links if link.kind is LinkKind.SPLIT}
    node_of = {}
    for variant in variants:
        node, name, as_written = variant
        if split_off & {clean(name).casefold(), clean(as_written).casefold()}:
            node_of[variant] = (_APART, name, as_written, *node)
        else:
            node_of[variant] = node
    return node_of


def speaker_node(node: Node) -> Node:
    """The speaker's node of a node, a variant set apart (`split_within_speakers`) or not."""
    return node[3:] if node[0] == _APART else node


def _link_nodes(link: SourceLink, names_of: dict[Node, Counter[str]]) -> tuple[list[Node], ...]:
    """The nodes holding the link's first name and those holding its second."""
    first = [n for n, names in names_of.items() if any(name_matches(link.first, x) for x in names)]
    second = [
        n for n, names in names_of.items() if any(name_matches(link.second, x) for x in names)
    ]
    return first or _by_key(link.first, names_of), second or _by_key(link.second, names_of)


def apply_links(
    root: dict[Node, Node], names_of: dict[Node, Counter[str]], links: Iterable[SourceLink]
) -> tuple[dict[Node, Node], dict[Node, str]]:
    """The grouping after the user's merges and splits, applied in the order they were
    made, and the variants set apart that a split took off under the name it gave.

    A merge joins the speakers holding the two names; a split gives the nodes
    holding the second name (a variant set apart whose source was written so, too)
    a speaker of their own, apart from the first's, shown under that name where the
    claims were written so but shown under another. A name no source holds is left
    alone (the link waits for its article).
    """
    root = dict(root)
    renamed: dict[Node, str] = {}
    for link in links:
        first, second = _link_nodes(link, names_of)
        if link.kind is LinkKind.SPLIT:
            second = list(dict.fromkeys([*second, *_written_nodes(link.second, names_of)]))
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
                    if node[0] == _APART and not name_matches(link.second, node[1]):
                        renamed[node] = node[2]
    return root, renamed


def _written_nodes(name: str, names_of: dict[Node, Counter[str]]) -> list[Node]:
    """The variants set apart whose source is written `name` (`split_within_speakers`)."""
    return [n for n in names_of if n[0] == _APART and name_matches(name, n[2])]


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
