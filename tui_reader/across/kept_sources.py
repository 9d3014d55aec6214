"""`sources` after a change, folding in only the articles that changed.

Computing the sources of a thousand articles from scratch means decoding the
whole index (10 MB of entries, 34,000 claims), finding every claim's speaker
and rendering megabytes of JSON. What the grouping needs of an article is much
less: its speaker variants (`sources.Variant`) with the claims of each, its
ties, its date and title, and each claim's JSON as a source lists it (an
`ArticleDigest`). So the digests are kept in the
cache directory, beside the kept answers, each under a fingerprint of what it
was computed from (the entry's checksum in the pack, the library's record of
the article, the user's claims on it); a run decodes only the entries whose
fingerprint changed, groups the variants (some thousands, where the claims are
tens of thousands), and renders only the sources whose claims or names changed
(their claims' JSON sorted and joined), the others' JSON and table rows being
kept too. `echoes` takes from it the source each claim is filed under.

The kept state is a cache file of ours: one of another version, another code,
or whose checksum fails is ignored (everything is digested again, the same as
computing it all), and a pack that is missing, damaged or lacks an article of
the library is read and repaired the ordinary way (`load_index`) first.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import marshal
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import orjson

from tui_reader.across.answers import Answer, read_checked, short_line, write_checked
from tui_reader.across.entry import IndexedClaim
from tui_reader.across.identity import Node, speaker_for
from tui_reader.across.index import (
    IndexCache,
    IndexedArticle,
    decided_by_article,
    merged_claims,
)
from tui_reader.across.links import SourceLink
from tui_reader.across.pack import PackScan
from tui_reader.across.sources import (
    NamesMemo,
    Variant,
    find_sources,
    group_variants,
    other_names,
    shown_name,
)
from tui_reader.model import Annotation, ArticleRecord
from tui_reader.store import Store

STATE_NAME = "state-sources.bin"
_MAGIC = b"TUISOURCES 2 py%d.%d" % sys.version_info[:2]
"""The marshal format changes with Python's version, so the state names it."""


@dataclass(frozen=True, slots=True)
class ArticleDigest:
    """What the sources need of one article (see the module docstring)."""

    fingerprint: str
    content_hash: str
    when: str
    title: str
    ties: tuple[tuple[str, str], ...]
    claims: bytes
    """Its claims with a named source, in text order, as a source's JSON lists them
    (`_claim_json`), one after another."""
    cuts: tuple[int, ...]
    """Where each claim's JSON starts in `claims`, and where the last ends."""
    starts: tuple[int, ...]
    """Each claim's start in the text."""
    variants: tuple[Variant, ...]
    """Its speakers' variants, by their first claim."""
    members: tuple[tuple[int, ...], ...]
    """The claims of each variant (indexes into `claims`)."""

    def to_row(self, numbers: dict[Variant, int]) -> tuple[Any, ...]:
        """The digest as kept, its variants by their number in the state's table (one
        object for every article naming the speaker alike: quick to read back)."""
        ids = tuple(numbers.setdefault(variant, len(numbers)) for variant in self.variants)
        return (
            self.fingerprint,
            self.content_hash,
            self.when,
            self.title,
            self.ties,
            self.claims,
            self.cuts,
            self.starts,
            ids,
            self.members,
        )

    @classmethod
    def from_row(cls, row: tuple[Any, ...], table: list[Variant]) -> ArticleDigest:
        fingerprint, content_hash, when, title, ties, claims, cuts, starts, ids, members = row
        variants = tuple(table[number] for number in ids)
        return cls(
            fingerprint, content_hash, when, title, ties, claims, cuts, starts, variants, members
        )

    def claim_json(self, index: int) -> bytes:
        return self.claims[self.cuts[index] : self.cuts[index + 1]]


def fingerprint(checksum: bytes, record: ArticleRecord, decided: Sequence[Annotation]) -> str:
    """What an article's digest is computed from: its entry (by the checksum the pack
    holds), what the library records of it that the index reads (title, dates), and
    the user's claims and decisions on it."""
    digest = hashlib.blake2b(checksum, digest_size=16)
    known = (record.title, record.metadata.published, record.first_opened, tuple(decided))
    digest.update(repr(known).encode())
    return digest.hexdigest()


def digest_of(article: IndexedArticle, found: str) -> ArticleDigest | None:
    """The article's digest; None when a claim holds text orjson refuses (a lone
    surrogate from a hostile file: the answer is then computed whole, by `json`)."""
    claims: list[bytes] = []
    starts: list[int] = []
    variants: dict[Variant, list[int]] = {}
    for claim in article.claims:
        speaker = speaker_for(claim, article.entry)
        if speaker is None:
            continue
        written = _claim_json(article.content_hash, claim)
        if written is None:
            return None
        variant = (speaker.node, speaker.name, claim.written)
        variants.setdefault(variant, []).append(len(claims))
        claims.append(written)
        starts.append(claim.start)
    cuts = [0]
    for written in claims:
        cuts.append(cuts[-1] + len(written))
    return ArticleDigest(
        fingerprint=found,
        content_hash=article.content_hash,
        when=article.when,
        title=article.title,
        ties=article.entry.ties,
        claims=b"".join(claims),
        cuts=tuple(cuts),
        starts=tuple(starts),
        variants=tuple(variants),
        members=tuple(tuple(members) for members in variants.values()),
    )


_CLAIM_INDENT = b"      "
"""A claim's depth in the answer: the list of sources, a source, its claims."""


def _claim_json(content_hash: str, claim: IndexedClaim) -> bytes | None:
    """A claim as `Appearance.to_json` gives it, indented as the answer holds it."""
    data = {
        "content_hash": content_hash,
        "start": claim.start,
        "end": claim.end,
        "text": claim.text,
        "status": claim.status,
    }
    try:
        text = orjson.dumps(data, option=orjson.OPT_INDENT_2)
    except orjson.JSONEncodeError:
        return None
    return _CLAIM_INDENT + text.replace(b"\n", b"\n" + _CLAIM_INDENT)


Rendered = dict[bytes, tuple[int, int, list[str]]]
"""A source's signature (`_signature`) -> where its JSON lies in the answer's text, and
its table row."""


@dataclass(frozen=True, slots=True)
class SourcesState:
    """What a run of `sources` leaves for the next."""

    digests: dict[str, ArticleDigest]
    """By content hash."""
    text: bytes
    """The answer's JSON (UTF-8), which holds each source's (`rendered`)."""
    rendered: Rendered
    ties: tuple[tuple[str, str], ...]
    """The library's ties, in order, for which `names` holds."""
    names: NamesMemo
    shown: ShownMemo


ShownMemo = dict[frozenset[tuple[str, int]], str]
"""A speaker's names with their counts -> the one it is shown under (`shown_name`)."""
_EMPTY = SourcesState({}, b"", {}, (), {}, {})


def load_state(directory: Path) -> SourcesState:
    """The kept state, or an empty one (none, another version or code, damaged)."""
    rest = read_checked(directory / STATE_NAME, _MAGIC)
    if rest is None:
        return _EMPTY
    try:
        table, rows, text, rendered, ties, names, shown = marshal.loads(rest)
        digests = {row[1]: ArticleDigest.from_row(row, table) for row in rows}
    except (EOFError, ValueError, TypeError, IndexError):
        return _EMPTY
    return SourcesState(digests, text, rendered, ties, names, shown)


def save_state(directory: Path, state: SourcesState) -> None:
    """Keep the state (a cache that cannot be written only costs time later)."""
    numbers: dict[Variant, int] = {}
    rows = [digest.to_row(numbers) for digest in state.digests.values()]
    kept = (list(numbers), rows, state.text, state.rendered, state.ties, state.names, state.shown)
    try:
        rest = marshal.dumps(kept)
    except ValueError:
        return
    write_checked(directory / STATE_NAME, _MAGIC, rest)


@dataclass(frozen=True, slots=True)
class LibraryNow:
    """The library's articles as the pack holds them now."""

    generation: str
    """The pack's, read before it was."""
    scan: PackScan
    articles: list[tuple[ArticleRecord, list[Annotation], str]]
    """Each article's record, the user's claims and decisions on it, its fingerprint."""
    decided: dict[str, list[Annotation]]


def library_now(store: Store, cache: IndexCache) -> LibraryNow | None:
    """The library and its pack; None when the pack is missing, damaged, due to be
    compacted or lacks an article (`load_index` repairs it)."""
    generation = cache.pack.generation()
    scan = cache.pack.scan()
    if scan is None or cache.pack.needs_compacting(scan):
        return None
    decided = decided_by_article(store)
    articles = []
    for record in store.articles():
        checksum = scan.checksum(record.content_hash)
        if checksum is None:
            return None
        here = decided.get(record.content_hash, [])
        articles.append((record, here, fingerprint(checksum, record, here)))
    return LibraryNow(generation, scan, articles, decided)


def digests_now(now: LibraryNow, kept: dict[str, ArticleDigest]) -> list[ArticleDigest] | None:
    """The digest of every article of the library, in library order: the kept one where
    its fingerprint holds, else computed from its entry; None when the pack holds a
    damaged one."""
    digests = []
    for record, decided, found in now.articles:
        digest = kept.get(record.content_hash)
        if digest is None or digest.fingerprint != found:
            entry = now.scan.entry(record.content_hash)
            if entry is None:
                return None
            article = IndexedArticle(entry, record, merged_claims(entry.claims, decided))
            digest = digest_of(article, found)
            if digest is None:
                return None
        digests.append(digest)
    return digests


def _signature(name: str, aliases: tuple[str, ...], parts: str) -> bytes:
    """What a source's JSON and row are made of: its names, and the articles (by
    fingerprint) and variants its claims come from ("fingerprint:number;...")."""
    made = repr((name, aliases)).encode("utf-8", "surrogatepass") + parts.encode()
    return hashlib.blake2b(made, digest_size=16).digest()


def _render(
    name: str, aliases: tuple[str, ...], parts: list[tuple[ArticleDigest, int]]
) -> tuple[bytes | None, list[str]]:
    """A source's JSON (`Source.to_json`, as `commands.json_text` writes it in the list
    of sources) and table row (`commands.sources_answer`)."""
    claims = [
        (digest.when, digest.content_hash, -digest.starts[index], -index, digest)
        for digest, number in parts
        for index in digest.members[number]
    ]
    claims.sort(key=lambda found: found[:4], reverse=True)  # as `sources.newest_first`
    articles = list(dict.fromkeys(found[1] for found in claims))
    try:
        head = orjson.dumps(
            {"name": name, "aliases": list(aliases), "articles": articles},
            option=orjson.OPT_INDENT_2,
        )
    except orjson.JSONEncodeError:
        return None, []
    listed = b",\n".join(found[4].claim_json(-found[3]) for found in claims)
    fragment = b"".join(
        [
            b"  ",
            head[: -len(b"\n}")].replace(b"\n", b"\n  "),  # no JSON string holds a line break
            b',\n    "claims": [\n',
            listed,
            b"\n    ]\n  }",
        ]
    )
    latest = claims[0][4]
    said = orjson.loads(latest.claim_json(-claims[0][3]))
    row = [
        name,
        ", ".join(aliases),
        str(len(claims)),
        str(len(articles)),
        f"{said['status']} · {latest.title}: “{short_line(said['text'])}”",
    ]
    return fragment, row


@dataclass(frozen=True, slots=True)
class Kept:
    answer: Answer
    state: SourcesState
    """To keep for the next run."""
    filed: SourceNames

    def names(self) -> SourceNames:
        return self.filed


class SourceNames(Mapping[tuple[str, int], str]):
    """(content hash, claim start) -> the source the claim is filed under, as
    `sources.source_names` gives it (a claim filed twice takes the later source's),
    worked out article by article as claims are asked about."""

    def __init__(
        self,
        digests: dict[str, tuple[ArticleDigest, list[Node]]],
        named: dict[Node, tuple[int, str]],
    ) -> None:
        self._digests = digests
        """Content hash -> the digest and the speaker of each of its variants."""
        self._named = named
        """Speaker -> its place in the answer and its name."""
        self._claims: dict[str, dict[int, str]] = {}

    def _of(self, content_hash: str) -> dict[int, str]:
        found = self._claims.get(content_hash)
        if found is None:
            ranked: dict[int, tuple[int, str]] = {}
            digest, speakers = self._digests.get(content_hash, (None, []))
            for members, speaker in zip(digest.members if digest else (), speakers, strict=True):
                filed = self._named[speaker]
                for index in members:
                    start = digest.starts[index] if digest else 0
                    ranked[start] = max(ranked.get(start, filed), filed)
            found = self._claims[content_hash] = {s: name for s, (_, name) in ranked.items()}
        return found

    def __getitem__(self, key: tuple[str, int]) -> str:
        return self._of(key[0])[key[1]]

    def __iter__(self) -> Iterator[tuple[str, int]]:
        return ((h, start) for h in self._digests for start in self._of(h))

    def __len__(self) -> int:
        return sum(len(self._of(h)) for h in self._digests)

    def __bool__(self) -> bool:  # without working out every article's (`__len__`)
        return any(digest.members for digest, _ in self._digests.values())


Found = tuple[int, str, tuple[str, ...], list[tuple[ArticleDigest, int]], Node]
"""A source as grouped: its claims' count, its name and aliases, its variants by
article, its speaker."""


def _grouped(
    digests: Sequence[ArticleDigest], links: Sequence[SourceLink], kept: SourcesState
) -> tuple[list[Found], SourcesState, SourceNames]:
    """The sources, in the answer's order, the state without their JSON, and the source
    each claim is filed under."""
    counts: dict[Variant, int] = {}
    for digest in digests:
        for variant, members in zip(digest.variants, digest.members, strict=True):
            counts[variant] = counts.get(variant, 0) + len(members)
    ties = tuple(tie for digest in digests for tie in digest.ties)
    names = kept.names if ties == kept.ties and len(kept.names) < 4 * len(counts) else {}
    grouping = group_variants(counts, ties, links, names)
    root, node_of = grouping.root, grouping.node_of
    groups: dict[Node, list[tuple[ArticleDigest, int]]] = {}
    speakers: dict[str, tuple[ArticleDigest, list[Node]]] = {}
    for digest in digests:
        of_digest: list[Node] = []
        for number, variant in enumerate(digest.variants):
            speaker = root[node_of[variant]]
            groups.setdefault(speaker, []).append((digest, number))
            of_digest.append(speaker)
        speakers[digest.content_hash] = (digest, of_digest)
    shown: ShownMemo = {}
    found: list[Found] = []
    for group, parts in groups.items():
        counter = grouping.names[group]
        names_key = frozenset(counter.items())
        name = kept.shown.get(names_key) or shown_name(counter)
        shown[names_key] = name
        aliases = other_names(name, grouping.aliases[group])
        found.append((sum(counter.values()), name, aliases, parts, group))
    found.sort(key=lambda source: (-source[0], source[1].casefold()))
    named = {source[4]: (rank, source[1]) for rank, source in enumerate(found)}
    digested = {d.content_hash: d for d in digests}
    state = SourcesState(digested, b"", {}, ties, names, shown)
    return found, state, SourceNames(speakers, named)


def sources_from_digests(
    digests: Sequence[ArticleDigest], links: Sequence[SourceLink], kept: SourcesState
) -> Kept | None:
    """The answer of `sources` (the same as `sources_answer` of `find_sources`), and the
    state to keep for the next run; None for text only `json` writes (`json_text`)."""
    found, grouped, filed = _grouped(digests, links, kept)
    rendered: Rendered = {}
    rows = []
    pieces = []
    at = 2
    for _, name, aliases, parts, _ in found:
        signature = _signature(name, aliases, ";".join([f"{d.fingerprint}:{n}" for d, n in parts]))
        place = kept.rendered.get(signature)
        if place is None:
            fragment, row = _render(name, aliases, parts)
            if fragment is None:  # text orjson refuses: `json_text` writes it all by `json`
                return None
        else:
            fragment, row = kept.text[place[0] : place[1]], place[2]
        rendered[signature] = (at, at + len(fragment), row)
        pieces.append(fragment)
        rows.append(row)
        at += len(fragment) + 2
    text = b"[\n" + b",\n".join(pieces) + b"\n]\n" if found else b"[]\n"
    state = replace(grouped, text=text, rendered=rendered)
    return Kept(Answer(text, rows, []), state, filed)


def filed_names(store: Store, cache: IndexCache, now: LibraryNow) -> SourceNames | None:
    """The source each claim of the library is filed under, from the kept state and the
    pack as it is, nothing rendered nor kept (`sources` folds the change in when it
    runs) unless many articles changed; None when the pack cannot be read so."""
    with no_collection():
        state = load_state(cache.directory)
        digests = digests_now(now, state.digests)
        if digests is None:
            return None
        fresh = sum(1 for d in digests if state.digests.get(d.content_hash) is not d)
        if fresh > _FRESH_KEPT:
            made = sources_from_digests(digests, store.source_links(), state)
            if made is not None:
                save_state(cache.directory, made.state)
                return made.filed
        return _grouped(digests, store.source_links(), state)[2]


_FRESH_KEPT = 32
"""Articles digested anew past which `filed_names` keeps the sources' state."""


@dataclass(frozen=True, slots=True)
class Computed:
    answer: Answer
    generation: str
    """The pack's generation the answer was computed from."""
    keep: bool
    """False when an article was left out (it may be found again with no change)."""
    kept: Kept | None = None
    """What it was computed from, when from the kept state (`Kept.names`)."""


def computed_sources(store: Store, ner: str, cache: IndexCache) -> Computed:
    """The answer of `sources` after a change (see the module docstring), and the
    source each claim is filed under, for `echoes`."""
    with no_collection():
        state = load_state(cache.directory)
        found = _from_state(store, cache, state)
    if found is not None:
        return found
    from tui_reader.across.commands import library_index, sources_answer

    index = library_index(store, ner, cache)  # repairs the pack, indexes what it lacks
    if not index.unindexed and (found := _from_state(store, cache, state)) is not None:
        return found
    answer = sources_answer(index, find_sources(index, store.source_links()))
    return Computed(answer, cache.pack.generation(), keep=not index.unindexed)


@contextlib.contextmanager
def no_collection() -> Iterator[None]:
    """The cyclic garbage collector held off: reading a kept state makes a hundred
    thousand objects, none of them garbage, which it would walk over several times.
    What was made meanwhile is then frozen (`gc.freeze`), never walked over again: the
    commands end soon after, and the objects live until then."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _from_state(store: Store, cache: IndexCache, state: SourcesState) -> Computed | None:
    """The answer from the kept digests and the pack as it is, and the state kept anew;
    None when the pack cannot be read so (missing, damaged, lacking an article)."""
    now = library_now(store, cache)
    digests = digests_now(now, state.digests) if now else None
    if now is None or digests is None:
        return None
    made = sources_from_digests(digests, store.source_links(), state)
    if made is None:
        return None
    save_state(cache.directory, made.state)
    return Computed(made.answer, now.generation, keep=True, kept=made)
