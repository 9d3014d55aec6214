"""An article's entry in the cross-article index, computed from its text.

Its metadata (`tui_reader.metadata`), the claims the finder suggests with each
source's best name in the article (the finder's own resolution: "he" and
"Trump" are "Donald Trump" where the article says so), the quotations,
figures and names that let a claim be recognised in another article, and the
names the article ties together ("the Permanent Strategic Framework (CSP)").
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path

import tui_reader.nlp as nlp_package
from tui_reader.across.entry import INDEX_VERSION, ArticleEntry, Count, IndexedClaim
from tui_reader.across.figures import figures
from tui_reader.across.identity import NO_SPEAKER, speaker_of
from tui_reader.across.names import clean, is_acronym, person_key
from tui_reader.across.quotes import content_words, normalise, quotation_spans, quotations_around
from tui_reader.document import Article
from tui_reader.metadata import MetadataFields, article_metadata
from tui_reader.nlp.claims import ClaimCandidate
from tui_reader.nlp.disagreements import claim_quantities
from tui_reader.nlp.entities import Entity
from tui_reader.nlp.labels import SOURCE_LABELS

_PARENTHESISED = re.compile(r"\s*\(([^()\n]{2,12})\)")
_LONGEST_ENTITY = 300
"""Characters an entity may span: where to start looking for one overlapping a span."""
_COUNTING = re.compile(
    r"\d|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|dozens?|scores|hundreds|"
    r"thousands|millions)\b",
    re.IGNORECASE,
)
"""A content without a digit or a number word has no figure for `claim_quantities`."""
_NAMED_IN_CONTENT = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "EVENT", "LAW"})


def made_by(recogniser: str, finder: str) -> str:
    """What computed an entry: the index version, then the recogniser and the finder
    (with a digest of the finder's code, which changes as it improves)."""
    return f"{INDEX_VERSION}:{recogniser}:{finder}-{finder_digest()}"


@cache
def finder_digest() -> str:
    """A digest of the claim finder's modules (the rules have no version number of their
    own), so that an entry made by an older finder is computed again."""
    digest = hashlib.sha256()
    for path in sorted(Path(nlp_package.__file__).parent.glob("*.py")):
        if path.name.startswith("claim") or path.name == "disagreements.py":
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def build_entry(
    article: Article,
    entities: Sequence[Entity],
    candidates: Sequence[ClaimCandidate],
    stored: MetadataFields | None = None,
    computed_by: str = "",
) -> ArticleEntry:
    """The entry of `article`, from its entities and the finder's claims."""
    text = article.text
    metadata = article_metadata(article, stored) if stored else article_metadata(article)
    ordered = sorted(entities, key=lambda e: (e.start, e.end))
    claims = tuple(_claim(article, candidate, ordered) for candidate in candidates)
    entry = ArticleEntry(
        content_hash=article.content_hash,
        title=metadata.title,
        path=str(article.path) if article.path else "",
        published=metadata.published,
        outlet=metadata.outlet,
        authors=metadata.authors,
        length=len(text),
        claims=claims,
        people=_people(text, ordered),
        ties=_ties(text, ordered),
        quotations=_other_quotations(article, claims),
        made_by=computed_by or made_by("", ""),
    )
    return replace(entry, claims=tuple(_with_speaker(claim, entry) for claim in entry.claims))


def _with_speaker(claim: IndexedClaim, entry: ArticleEntry) -> IndexedClaim:
    """The claim with its speaker worked out once, so the index need not at every query."""
    speaker = speaker_of(claim, entry)
    if speaker is None:
        return replace(claim, speaker=NO_SPEAKER)
    return replace(claim, speaker=speaker.node, speaker_name=speaker.name)


def _claim(article: Article, candidate: ClaimCandidate, entities: Sequence[Entity]) -> IndexedClaim:
    text = article.text
    start, end = candidate.content
    content = text[start:end]
    found_figures = figures(content)
    source_span = candidate.resolved or candidate.source
    return IndexedClaim(
        start=start,
        end=end,
        text=content,
        source=clean(candidate.source_text(text)),
        written=clean(text[candidate.source[0] : candidate.source[1]]),
        source_label=_label_at(source_span, entities),
        cue=text[candidate.cue[0] : candidate.cue[1]],
        kind=candidate.kind.value,
        quotes=quotations_around(text, start, end),
        figures=found_figures,
        names=_names_in(text, start, end, entities),
        words=content_words(content) if found_figures else (),  # for figure echoes only
        counts=tuple(
            Count(
                start=q.span[0],
                end=q.span[1],
                low=q.low,
                high=q.high,
                group=q.group,
                events=tuple(sorted(q.events)),
                names=tuple(sorted(q.names)),
            )
            for q in (claim_quantities(article, candidate) if _COUNTING.search(content) else ())
        ),
    )


def _label_at(span: tuple[int, int], entities: Sequence[Entity]) -> str:
    """The type of the source entity overlapping half of `span` or more."""
    length = span[1] - span[0]
    first = bisect_left(entities, span[0] - _LONGEST_ENTITY, key=lambda e: e.start)
    for index in range(first, len(entities)):  # not a slice: a copy of the rest each time
        entity = entities[index]
        if entity.start >= span[1]:
            break
        overlap = min(span[1], entity.end) - max(span[0], entity.start)
        if entity.label in SOURCE_LABELS and length > 0 and overlap * 2 >= length:
            return entity.label
    return ""


def _names_in(text: str, start: int, end: int, entities: Sequence[Entity]) -> tuple[str, ...]:
    found: list[str] = []
    for index in range(bisect_left(entities, start, key=lambda e: e.start), len(entities)):
        entity = entities[index]
        if entity.start >= end:
            break
        if entity.label in _NAMED_IN_CONTENT:
            name = name_in_content(entity.text_in(text), entity.label)
            if name and name not in found:
                found.append(name)
    return tuple(found)


def name_in_content(written: str, label: str) -> str:
    """A name as `names` of a claim keeps it: a person by surname, anything else its words."""
    if label == "PERSON":
        key = person_key(written)
        return key.surname if key else ""
    return normalise(clean(written).removeprefix("the ").removeprefix("The "))


def _people(text: str, entities: Sequence[Entity]) -> dict[str, str]:
    """Surname -> the fullest name with it in the article (most words, first written).

    A surname two people of the article share ("Hillary Clinton" and "Bill
    Clinton") completes no name: which one a bare "Clinton" is, is the claim
    finder's call, made where the name is written.
    """
    fullest: dict[str, str] = {}
    firsts: dict[str, set[str]] = {}
    for entity in entities:
        if entity.label != "PERSON":
            continue
        name = clean(entity.text_in(text))
        key = person_key(name)
        if key is None or not key.full:
            continue
        firsts.setdefault(key.surname, set()).add(key.first)
        known = fullest.get(key.surname)
        if known is None or len(name.split()) > len(known.split()):
            fullest[key.surname] = name
    return {surname: name for surname, name in fullest.items() if len(firsts[surname]) == 1}


def _ties(text: str, entities: Sequence[Entity]) -> tuple[tuple[str, str], ...]:
    """(acronym, name) for every organisation followed by its acronym in parentheses.

    A place in capitals before an agency's name is a dateline ("WASHINGTON (AP)"),
    not a tie, so only organisations written in mixed case count.
    """
    found: list[tuple[str, str]] = []
    for entity in entities:
        if entity.label != "ORG" or entity.text_in(text).isupper():
            continue
        match = _PARENTHESISED.match(text, entity.end)
        if match and is_acronym(match[1]):
            tie = (clean(match[1]), clean(entity.text_in(text)))
            if tie not in found:
                found.append(tie)
    return tuple(found)


QUOTATION_KIND = "quotation"
"""The kind of a quoted passage no claim covers."""


def _other_quotations(article: Article, claims: Sequence[IndexedClaim]) -> tuple[IndexedClaim, ...]:
    """The article's quotations that lie outside every claim's content."""
    spans = sorted((claim.start, claim.end) for claim in claims)
    text = article.text
    found = []
    for start, end in article.paragraphs:
        for quoted in quotation_spans(text, start, end):
            if any(s < quoted.end and quoted.start < e for s, e in spans):
                continue
            found.append(
                IndexedClaim(
                    start=quoted.start,
                    end=quoted.end,
                    text=text[quoted.start : quoted.end],
                    source="",
                    written="",
                    source_label="",
                    cue="",
                    kind=QUOTATION_KIND,
                    quotes=(quoted.quote,),
                    figures=(),
                    names=(),
                )
            )
    return tuple(found)
