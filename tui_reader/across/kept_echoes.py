"""`echoes` after a change, working out again only the echoes the change can touch.

An echo is found among the claims quoting one passage (and the longer passages
holding it), or among the claims giving one figure, or, for a disagreement,
the counts of one thing. So each article's part is kept as an `EchoDigest`
(its claims and quotations, marshalled and read only when needed, and which
quotations, figures and counted things it gives), under the same fingerprint
as the sources' digests (`kept_sources.fingerprint`), and so are the echoes of
every passage, figure and thing. After a change, only the passages, figures
and things of the articles that changed (as they were and as they are) are
grouped again, with the passages they hold, and the figures of the claims
that joined or left a quoted echo; the rest is taken as it was kept. The
grouping itself is `echoes.quote_groups` and `echoes.groups_of_figure` and
`verdicts._conflicts`, run on the claims concerned, so the answer is the one
`find_echoes` gives (the property test compares them byte for byte).

The kept state is a cache file of ours, like the sources' one: another version,
another code, or a failed checksum, and everything is grouped again.
"""

from __future__ import annotations

import hashlib
import marshal
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from tui_reader.across.answers import Answer, read_checked, write_checked
from tui_reader.across.echoes import (
    ANCHOR_WORDS,
    MIN_WORDS_WITHIN,
    EchoGroup,
    EchoKind,
    FigureClaim,
    echo_row,
    figure_facts,
    groups_of_figure,
    quote_groups,
)
from tui_reader.across.entry import ArticleEntry, Count, IndexedClaim
from tui_reader.across.identity import NO_SPEAKER, speaker_for
from tui_reader.across.index import (
    CrossIndex,
    IndexCache,
    IndexedArticle,
    claim_annotations,
    merged_claims,
)
from tui_reader.across.kept_sources import (
    Computed,
    LibraryNow,
    computed_sources,
    filed_names,
    library_now,
    no_collection,
)
from tui_reader.across.pack import PackScan
from tui_reader.across.quotes import contains, content_words
from tui_reader.across.sources import Appearance
from tui_reader.across.verdicts import (
    CrossDisagreement,
    carried_verdicts,
    conflicts,
    echo_lines,
    rated,
)
from tui_reader.model import Annotation, ArticleRecord
from tui_reader.store import Store

STATE_NAME = "state-echoes.bin"
_MAGIC = b"TUIECHOES 2"

Ref = tuple[str, int]
"""A claim or quotation of an article: the article's fingerprint, its place in `items`."""
KeptEcho = tuple[str, tuple[Ref, ...]]
"""An echo as kept: its text, and its appearances in order."""
Thing = tuple[str, tuple[str, ...]]
"""What a count counts: the counted group and the names qualifying it."""


@dataclass(frozen=True, slots=True)
class EchoDigest:
    """What the echoes need of one article (see the module docstring)."""

    fingerprint: str
    content_hash: str
    when: str
    title: str
    items: tuple[bytes, ...]
    """Its claims, then its quotations (`_item_row`), each marshalled: read only when
    an echo it may belong to is grouped or rendered again."""
    quotes: tuple[tuple[str, int], ...]
    """(passage, item) for every passage each item quotes, in order."""
    figures: tuple[tuple[str, int], ...]
    """(figure, item) for every figure of a claim about something named, in order."""
    things: tuple[tuple[Thing, int, int], ...]
    """(counted thing, item, count) for every count with names, in order."""
    starts: tuple[int, ...]
    """Each item's start."""
    rated: tuple[int, ...]
    """The items the user rated (`verdicts.rated`)."""

    def to_row(self) -> tuple[Any, ...]:
        return (
            self.fingerprint,
            self.content_hash,
            self.when,
            self.title,
            self.items,
            self.quotes,
            self.figures,
            self.things,
            self.starts,
            self.rated,
        )


def _item_row(claim: IndexedClaim, article: IndexedArticle) -> tuple[Any, ...]:
    speaker = speaker_for(claim, article.entry)
    return (
        claim.start,
        claim.end,
        claim.text,
        claim.source,
        claim.kind,
        claim.status,
        claim.annotation_id,
        claim.quotes,
        claim.figures,
        claim.names,
        claim.words or content_words(claim.text) if claim.figures else (),
        speaker.node if speaker else NO_SPEAKER,
        speaker.name if speaker else "",
        tuple((c.start, c.end, c.low, c.high, c.group, c.events, c.names) for c in claim.counts),
    )


def _claim_from(row: tuple[Any, ...]) -> IndexedClaim:
    start, end, text, source, kind, status, annotation_id, quotes, figures, names = row[:10]
    words, node, name, counts = row[10:]
    return IndexedClaim(
        start=start,
        end=end,
        text=text,
        source=source,
        written="",
        source_label="",
        cue="",
        kind=kind,
        quotes=quotes,
        figures=figures,
        names=names,
        counts=tuple(Count(*count) for count in counts),
        status=status,
        annotation_id=annotation_id,
        speaker=node,
        speaker_name=name,
        words=words,
    )


def echo_digest(article: IndexedArticle, found: str) -> EchoDigest:
    items = (*article.claims, *article.entry.quotations)
    quotes = [(quote, number) for number, item in enumerate(items) for quote in item.quotes]
    figures = []
    things = []
    for number, claim in enumerate(article.claims):
        if figure_facts(article, claim) is not None:
            figures += [(figure, number) for figure in claim.figures]
        things += [((c.group, c.names), number, k) for k, c in enumerate(claim.counts) if c.names]
    return EchoDigest(
        fingerprint=found,
        content_hash=article.content_hash,
        when=article.when,
        title=article.title,
        items=tuple(marshal.dumps(_item_row(item, article)) for item in items),
        quotes=tuple(quotes),
        figures=tuple(figures),
        things=tuple(things),
        starts=tuple(item.start for item in items),
        rated=tuple(
            number for number, item in enumerate(items) if rated(Appearance(article, item))
        ),
    )


@dataclass(frozen=True, slots=True)
class EchoesState:
    digests: dict[str, EchoDigest]
    """By fingerprint."""
    quoted: dict[str, KeptEcho]
    """Passage -> its echo, for every passage with one."""
    figured: dict[str, list[KeptEcho]]
    """Figure -> its echoes, for every figure given by a claim in no quoted echo."""
    things: dict[Thing, list[tuple[Ref, int, Ref, int]]]
    """Counted thing -> its disagreements: each side's claim and count (by number)."""
    rendered: dict[bytes, tuple[bytes, list[str]]]
    """An echo's signature -> its JSON in the answer and its table row."""


_EMPTY = EchoesState({}, {}, {}, {}, {})


def load_state(directory: Path) -> EchoesState:
    rest = read_checked(directory / STATE_NAME, _MAGIC)
    if rest is None:
        return _EMPTY
    try:
        rows, quoted, figured, things, rendered = marshal.loads(rest)
        digests = {row[0]: EchoDigest(*row) for row in rows}
    except (EOFError, ValueError, TypeError):
        return _EMPTY
    return EchoesState(digests, quoted, figured, things, rendered)


def save_state(directory: Path, state: EchoesState) -> None:
    rows = [digest.to_row() for digest in state.digests.values()]
    try:
        rest = marshal.dumps((rows, state.quoted, state.figured, state.things, state.rendered))
    except ValueError:
        return
    write_checked(directory / STATE_NAME, _MAGIC, rest)


class _Library:
    """The library's digests, and the stand-ins for its articles and claims that the
    grouping code takes (made once each, so that `is` tells one article from another)."""

    def __init__(self, digests: Sequence[EchoDigest]) -> None:
        self.digests = {digest.fingerprint: digest for digest in digests}
        self._articles: dict[str, IndexedArticle] = {}
        self._claims: dict[Ref, IndexedClaim] = {}
        self._refs: dict[int, Ref] = {}

    def article(self, fingerprint: str) -> IndexedArticle:
        found = self._articles.get(fingerprint)
        if found is None:
            digest = self.digests[fingerprint]
            entry = ArticleEntry(digest.content_hash, digest.title, "", digest.when, "", (), 0, ())
            found = self._articles[fingerprint] = IndexedArticle(entry, None, ())
        return found

    def claim(self, ref: Ref) -> IndexedClaim:
        found = self._claims.get(ref)
        if found is None:
            row = marshal.loads(self.digests[ref[0]].items[ref[1]])
            found = self._claims[ref] = _claim_from(row)
            self._refs[id(found)] = ref
        return found

    def appearance(self, ref: Ref) -> Appearance:
        return Appearance(self.article(ref[0]), self.claim(ref))

    def ref(self, appearance: Appearance) -> Ref:
        return self._refs[id(appearance.claim)]

    def key(self, ref: Ref) -> tuple[str, int]:
        """(content hash, start) of a claim, as the echoes tell claims apart."""
        digest = self.digests[ref[0]]
        return digest.content_hash, digest.starts[ref[1]]

    def group(self, kind: EchoKind, key: str, kept: KeptEcho) -> EchoGroup:
        return EchoGroup(kind, key, kept[0], tuple(self.appearance(ref) for ref in kept[1]))

    def kept(self, group: EchoGroup) -> KeptEcho:
        return group.text, tuple(self.ref(appearance) for appearance in group.appearances)


def echo_digests(
    records: Sequence[tuple[ArticleRecord, list[Annotation], str]],
    scan: PackScan,
    kept: dict[str, EchoDigest],
) -> list[EchoDigest] | None:
    """Every article's digest, in library order (`kept_sources.digests_now`)."""
    digests = []
    for record, decided, found in records:
        digest = kept.get(found)
        if digest is None:
            entry = scan.entry(record.content_hash)
            if entry is None:
                return None
            article = IndexedArticle(entry, record, merged_claims(entry.claims, decided))
            digest = echo_digest(article, found)
        digests.append(digest)
    return digests


def _touched_quotes(quoting: dict[str, list[Ref]], changed: Iterable[EchoDigest]) -> set[str]:
    """The passages the changed articles quote (as they were and are), and the passages
    those hold (whose echoes take in the longer passages' appearances)."""
    touched = {quote for digest in changed for quote, _ in digest.quotes}
    by_first: dict[str, list[str]] = {}
    for quote in quoting:
        words = quote.split(maxsplit=ANCHOR_WORDS)
        if len(words) > ANCHOR_WORDS and len(quote.split()) >= MIN_WORDS_WITHIN:
            by_first.setdefault(" ".join(words[:ANCHOR_WORDS]), []).append(quote)
    held = set()
    for longer in touched:
        words = longer.split()
        for position in range(len(words) - ANCHOR_WORDS + 1):
            for quote in by_first.get(" ".join(words[position : position + ANCHOR_WORDS]), ()):
                if quote not in touched and contains(longer, quote):
                    held.add(quote)
    return touched | held


def _holding(quoting: dict[str, list[Ref]], quotes: Iterable[str]) -> set[str]:
    """The passages of the library holding any of `quotes` (on word boundaries)."""
    listed = list(quoting)
    starts = []
    at = 0
    for quote in listed:
        starts.append(at)
        at += len(quote) + 3
    text = "".join(f" {quote} \n" for quote in listed)
    found = set()
    for quote in quotes:
        if len(quote.split()) < MIN_WORDS_WITHIN:
            continue
        needle = f" {quote} "
        place = text.find(needle)
        while place >= 0:
            found.add(listed[bisect_right(starts, place) - 1])
            place = text.find(needle, place + 1)
    return found


def _indented(data: object, depth: int) -> bytes | None:
    try:
        text = orjson.dumps(data, option=orjson.OPT_INDENT_2)
    except orjson.JSONEncodeError:
        return None
    return text.replace(b"\n", b"\n" + b" " * depth)


def echoes_from_digests(
    digests: Sequence[EchoDigest],
    state: EchoesState,
    names: Mapping[tuple[str, int], str],
    annotations: dict[str, Annotation],
) -> tuple[Answer, EchoesState] | None:
    """The answer of `echoes` (that of `commands.echoes_answer`), and the state to keep;
    None when the kept state does not fit the library, or for text only `json` writes."""
    library = _Library(digests)
    changed = [d for d in digests if d.fingerprint not in state.digests]
    changed += [d for f, d in state.digests.items() if f not in library.digests]
    known = {**state.digests, **library.digests}
    quoting: dict[str, list[Ref]] = {}
    for digest in digests:
        for quote, number in digest.quotes:
            quoting.setdefault(quote, []).append((digest.fingerprint, number))
    touched = _touched_quotes(quoting, changed)
    needed = {quote for quote in touched if quote in quoting}
    if len(needed) < len(quoting):  # else every passage is grouped again (nothing kept)
        needed |= _holding(quoting, touched)
    refs = dict.fromkeys(ref for quote in needed for ref in quoting[quote])
    regrouped = quote_groups((library.article(ref[0]), library.claim(ref)) for ref in refs)
    quoted = {quote: kept for quote, kept in state.quoted.items() if quote not in touched}
    quoted.update((g.key, library.kept(g)) for g in regrouped if g.key in touched)
    if any(ref[0] not in library.digests for _, refs in quoted.values() for ref in refs):
        return None

    def keys(found: Iterable[KeptEcho], digests_of: dict[str, EchoDigest]) -> set[tuple[str, int]]:
        return {
            (digests_of[r[0]].content_hash, digests_of[r[0]].starts[r[1]])
            for _, refs in found
            for r in refs
        }

    seen = keys(quoted.values(), library.digests)
    moved = seen ^ keys(state.quoted.values(), known)
    touched_figures = {figure for digest in changed for figure, _ in digest.figures}
    by_figure: dict[str, list[Ref]] = {}
    for digest in digests:
        for figure, number in digest.figures:
            key = (digest.content_hash, digest.starts[number])
            if key in moved:
                touched_figures.add(figure)
            if key not in seen:
                by_figure.setdefault(figure, []).append((digest.fingerprint, number))
    figured: dict[str, list[KeptEcho]] = {}
    figure_echoes: dict[frozenset[tuple[str, int]], tuple[EchoKind, str, KeptEcho]] = {}
    for figure, found in by_figure.items():
        kept_figure = state.figured.get(figure)
        if figure in touched_figures or kept_figure is None:
            claims: list[FigureClaim] = []
            for ref in found:
                appearance = library.appearance(ref)
                facts = figure_facts(appearance.article, appearance.claim)
                assert facts is not None  # as when the digest was made
                claims.append((appearance, *facts))
            kept_figure = [library.kept(g) for g in groups_of_figure(figure, claims)]
        figured[figure] = kept_figure
        for kept in kept_figure:
            same = frozenset(library.key(ref) for ref in kept[1])
            figure_echoes.setdefault(same, (EchoKind.FIGURE, figure, kept))
    echoes = sorted(
        [
            *((EchoKind.QUOTE, quote, kept) for quote, kept in quoted.items()),
            *figure_echoes.values(),
        ],
        key=lambda g: (g[0] != EchoKind.QUOTE, -len({ref[0] for ref in g[2][1]}), g[1]),
    )
    things, disagreements = _disagreements(library, digests, state, changed)
    rated_groups = [
        library.group(*echo)
        for echo in echoes
        if any(ref[1] in library.digests[ref[0]].rated for ref in echo[2][1])
    ]
    carried = carried_verdicts(CrossIndex((), annotations), rated_groups)
    rendered: dict[bytes, tuple[bytes, list[str]]] = {}
    fragments = []
    rows = []
    for kind, echoed, kept in echoes:
        said = [names.get(library.key(ref)) for ref in kept[1]]
        signature = _signature(kind, echoed, kept, said)
        made = state.rendered.get(signature)
        if made is None:
            group = library.group(kind, echoed, kept)
            fragment = _indented(group.to_json(names), 4)
            if fragment is None:
                return None
            made = (b"    " + fragment, echo_row(group, names))
        rendered[signature] = made
        fragments.append(made[0])
        rows.append(made[1])
    verdicts = _indented([verdict.to_json() for verdict in carried], 2)
    disagreeing = _indented([d.to_json() for d in disagreements], 2)
    if verdicts is None or disagreeing is None:
        return None
    listed = b"[\n" + b",\n".join(fragments) + b"\n  ]" if fragments else b"[]"
    text = b"".join(
        [
            b'{\n  "echoes": ',
            listed,
            b',\n  "carried_verdicts": ',
            verdicts,
            b',\n  "disagreements": ',
            disagreeing,
            b"\n}\n",
        ]
    )
    answer = Answer(text, rows, echo_lines(carried, disagreements))
    kept_state = EchoesState(library.digests, quoted, figured, things, rendered)
    return answer, kept_state


def _signature(kind: EchoKind, key: str, kept: KeptEcho, said: list[str | None]) -> bytes:
    """What an echo's JSON and row are made of: its kind, key and text, its appearances
    (by article fingerprint) and the names of their sources across the library."""
    made = repr((str(kind), key, kept, said))
    return hashlib.blake2b(made.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _disagreements(
    library: _Library,
    digests: Sequence[EchoDigest],
    state: EchoesState,
    changed: Sequence[EchoDigest],
) -> tuple[dict[Thing, list[tuple[Ref, int, Ref, int]]], list[CrossDisagreement]]:
    """The disagreements of the library (`verdicts.cross_disagreements`): those of the
    things a changed article counts found again, the others as kept."""
    touched = {thing for digest in changed for thing, _, _ in digest.things}
    by_thing: dict[Thing, list[tuple[Ref, int]]] = {}
    for digest in digests:
        for thing, number, count in digest.things:
            by_thing.setdefault(thing, []).append(((digest.fingerprint, number), count))
    things: dict[Thing, list[tuple[Ref, int, Ref, int]]] = {}
    found: list[CrossDisagreement] = []
    for thing, counts in by_thing.items():
        kept = state.things.get(thing)
        if thing in touched or kept is None:
            given = [
                (library.appearance(ref), library.claim(ref).counts[count]) for ref, count in counts
            ]
            made = conflicts(given)
            kept = [
                (
                    library.ref(d.first),
                    d.first.claim.counts.index(d.first_count),
                    library.ref(d.second),
                    d.second.claim.counts.index(d.second_count),
                )
                for d in made
            ]
        things[thing] = kept
        for first, first_count, second, second_count in kept:
            one, other = library.appearance(first), library.appearance(second)
            found.append(
                CrossDisagreement(
                    one, one.claim.counts[first_count], other, other.claim.counts[second_count]
                )
            )
    return things, found


def computed_echoes(store: Store, ner: str, cache: IndexCache) -> Computed:
    """The answer of `echoes` after a change (see the module docstring); computed whole
    from the index when the pack cannot be read as it is even once repaired."""
    now = library_now(store, cache)
    names = filed_names(store, cache, now) if now else None
    if now is None or names is None:
        computed_sources(store, ner, cache)  # repairs the pack if it can
        now = library_now(store, cache)
        names = filed_names(store, cache, now) if now else None
    made = _echoes_now(cache, now, names) if now and names is not None else None
    if made is not None and now is not None:
        return Computed(made, now.generation, keep=True)
    from tui_reader.across.commands import echoes_answer, library_index
    from tui_reader.across.echoes import find_echoes
    from tui_reader.across.sources import find_sources, source_names

    index = library_index(store, ner, cache)
    filed = source_names(find_sources(index, store.source_links()))
    answer = echoes_answer(index, find_echoes(index), filed)
    return Computed(answer, cache.pack.generation(), keep=not index.unindexed)


def _echoes_now(
    cache: IndexCache, now: LibraryNow, names: Mapping[tuple[str, int], str]
) -> Answer | None:
    """The answer of `echoes` for the library as it is `now`; None when the pack holds a
    damaged entry, the kept state does not fit, or for text only `json` writes."""
    with no_collection():
        state = load_state(cache.directory)
        digests = echo_digests(now.articles, now.scan, state.digests)
        annotations = claim_annotations(now.decided)
        made = None if digests is None else echoes_from_digests(digests, state, names, annotations)
    if made is None:
        return None
    save_state(cache.directory, made[1])
    return made[0]
