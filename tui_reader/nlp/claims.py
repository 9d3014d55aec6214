"""Find who claims what: attributed claims as source + cue + content (the PARC scheme).

"[An Islamist group affiliated with al Qaeda] [said] [it had killed 50 Russians]":
the finder looks for cues (reporting verbs in any tense, "according to",
quotations), then reads the source and the content around each one. Pronoun
sources ("It said ...") are resolved to the nearest fitting earlier subject, and a
bare quotation that continues an earlier one keeps its speaker. Rules, not a
model: it runs in milliseconds, needs no download, and explains itself (see
`claim_phrases` for the noun-phrase rules and `claim_lexicon` for the words).
Offsets are code points of `Article.text`, like every offset in tui-reader.
"""

from __future__ import annotations

import argparse
import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from tui_reader.document import Article, Span
from tui_reader.errors import UserError
from tui_reader.nlp.claim_cues import VERB_CUES, ClaimKind
from tui_reader.nlp.claim_lexicon import (
    ADVERBIAL_WORDS,
    BE_FORMS,
    COORDINATORS,
    CUE_FORMS,
    DETERMINERS,
    ING_FORMS,
    ING_SOURCE_NOUNS,
    NEGATIONS,
    NOUN_LIKE_FORMS,
    ORG_NOUNS,
    PASSIVE_REPORTS,
    PAST_FORMS,
    PERFECT_ONLY_FORMS,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    PRONOUN_SOURCES,
    SUBORDINATORS,
    TIME_WORDS,
    Complement,
    CueVerb,
    words,
)
from tui_reader.nlp.claim_lines import headline_attribution, label_attribution
from tui_reader.nlp.claim_phrases import (
    Kind,
    TokenRange,
    antecedent_of_relative,
    classify,
    is_clause_verb,
    is_verb_like,
    leading_subject,
    personal_name,
    skip_back_over_auxiliaries,
    source_after,
    source_before,
)
from tui_reader.nlp.claim_text import Token, Unit, paragraph_units
from tui_reader.nlp.entities import Entity
from tui_reader.nlp.labels import SOURCE_LABELS

if TYPE_CHECKING:
    from rich.text import Text

_LONGEST_ENTITY = 300
"""Characters; entities are looked up by their start, this far back at most."""
_PARAGRAPHS_BACK = 4
"""How many paragraphs back a pronoun may find its antecedent."""
_REFUSED = -1
"""What `_complement` answers when the words after a cue do not fit the verb."""
_WH_WORDS = words("how whether why if")
_SAY_LIKE = words("say add write explain insist note reply argue claim stress warn")
_NOT_SOURCES = words("he she it they we i you that to")
_COLLECTIVE_SUBJECTS = words(
    "who which that we i some many others people police children men women"
)
_SIBLING_BOUNDARIES = SUBORDINATORS | COORDINATORS | {";"}
_STRONG = words("say tell according claim deny allege confirm announce report estimate")
_JUDGEMENT = words("welcome question complain criticise criticize expect fear believe")
_PASSIVE_BY = words("estimate report confirm forecast predict announce claim")
# Unions of the word lists, made once rather than at every token:
_NOT_FOLLOWING_CUE = ADVERBIAL_WORDS | _NOT_SOURCES
_AFTER_SOURCE = ADVERBIAL_WORDS | {"who", "which", "whose"}
_NAMING_WORDS = DETERMINERS | PERSON_NOUNS
_CLAUSE_SUBJECTS = PRONOUN_SOURCES | {"we", "i", "you"}
_SUBJECT_WORDS = PRONOUN_SOURCES | _COLLECTIVE_SUBJECTS
_PERSON_OR_ORG_NOUNS = PERSON_NOUNS | ORG_NOUNS


@dataclass(frozen=True, slots=True)
class ClaimCandidate:
    """A claim the finder suggests: who (source), how (cue) and what (content).

    `resolved` is the name the source stands for, where the article gives it:
    "It" -> "The Malian army", "who" -> "a trader", "Murray" -> "Patrick
    Murray"; the source itself stays the span where it was written. `score`
    (0-1) is how sure the finder is, by the kind of evidence; `kind` tells a
    statement from a belief or an intention.
    """

    source: Span
    cue: Span
    content: Span
    resolved: Span | None
    score: float
    kind: ClaimKind = ClaimKind.STATEMENT

    def source_text(self, text: str) -> str:
        """The source as a reader wants it: the resolved name rather than "he"."""
        start, end = self.resolved or self.source
        return text[start:end]

    @property
    def extent(self) -> Span:
        """From the first to the last character of the claim's three parts."""
        spans = (self.source, self.cue, self.content)
        return min(s[0] for s in spans), max(s[1] for s in spans)


class _Mode(Enum):
    AFTER = "after"
    """Content follows the cue: "X said [that] ..."."""
    BEFORE = "before"
    """Content precedes the source: "..., X said." / "'...,' said X" / "..., according to X"."""


@dataclass
class _Draft:
    """A claim being read inside one unit; token indices until `_finish` makes spans."""

    cue: TokenRange
    mode: _Mode
    score: float
    source: TokenRange | None = None
    content_start: int = 0
    content_end: int | None = None
    """Last content token when something other than the unit's end closes it."""
    inherits: bool = False
    """The source is the subject of the clause before ("..., adding that", "and said")."""
    expletive: bool = False
    """"It was reported that": the "it" refers to nothing."""
    sibling: bool = False
    """Opens a clause of its own, so it ends the content of the claim before it."""
    region: int = 0
    """First token of this claim's clause, where the previous claim's content stops."""
    written: TokenRange | None = None
    """A relative pronoun standing for the source ("[a trader] who said"): the source
    is the noun phrase, shown resolved, and the pronoun is where it is written."""
    content: Span | None = None
    quoted: bool = False
    source_span: Span | None = None
    resolved: Span | None = None


@dataclass(slots=True)
class _Antecedent:
    """An earlier subject a pronoun may refer to.

    What kind of thing it is and the person it names are worked out when a pronoun
    first looks back at it (`_Finder._described`): most subjects are never looked
    at, and working them all out was about a fifth of the finder's time.
    """

    span: Span
    paragraph: int
    phrase: tuple[Sequence[Token], TokenRange] | None = None
    """The subject's tokens, while its kind and name are still to be worked out."""
    described: tuple[Kind, Span | None] | None = None
    """Its kind and the span of the personal name in it, once worked out."""


@dataclass
class _Finder:
    text: str
    entities: list[Entity]
    """Sorted by start."""
    candidates: list[ClaimCandidate] = field(default_factory=list)
    antecedents: list[_Antecedent] = field(default_factory=list)
    last_quoted: tuple[ClaimCandidate, int] | None = None
    """The last claim whose content was a quotation, and its paragraph."""

    def __post_init__(self) -> None:
        # only sources' kinds are ever looked up: the others are left out once, here
        self.named = [entity for entity in self.entities if entity.label in SOURCE_LABELS]
        self.named_starts = [entity.start for entity in self.named]

    # Paragraphs ------------------------------------------------------------------

    def read_paragraph(self, index: int, paragraph: Span, sentences: list[Span]) -> None:
        self.antecedents = [a for a in self.antecedents if index - a.paragraph <= _PARAGRAPHS_BACK]
        for unit in paragraph_units(self.text, paragraph, sentences):
            drafts = self._drafts(unit)
            self._finish(unit, drafts, index)
            drafts = [
                d
                for d in drafts
                if d.source_span is not None and d.content and d.content[0] < d.content[1]
            ]
            for draft in drafts:
                assert draft.source_span is not None and draft.content is not None
                candidate = ClaimCandidate(
                    draft.source_span,
                    (unit.tokens[draft.cue[0]].start, unit.tokens[draft.cue[1]].end),
                    draft.content,
                    draft.resolved,
                    round(draft.score, 2),
                    _kind(unit.tokens[draft.cue[0]].lower),
                )
                self.candidates.append(candidate)
                if draft.quoted:
                    self.last_quoted = (candidate, index)
            self._carry_quotations(unit, drafts, index)
        self._read_line(index, paragraph)

    def _read_line(self, index: int, paragraph: Span) -> None:
        """A transcript label or a headline that attributes (`claim_lines`)."""
        start, end = paragraph
        text = self.text[start:end]

        def is_name(span: Span) -> bool:
            named = self._overlapping((span[0] + start, span[1] + start))
            return any(e.label in ("PERSON", "ORG") for e in named)

        for line in (label_attribution, headline_attribution):
            found = line(text, index == 0, is_name)
            if found is None:
                continue
            content = (found.content[0] + start, found.content[1] + start)
            if any(
                c.content[0] < content[1] and content[0] < c.content[1]
                for c in self.candidates[-8:]
            ):
                continue
            source = (found.source[0] + start, found.source[1] + start)
            cue = (found.cue[0] + start, found.cue[1] + start)
            self.candidates.append(
                ClaimCandidate(source, cue, content, None, found.score, found.kind)
            )
            return

    # Cues ------------------------------------------------------------------------

    def _drafts(self, unit: Unit) -> list[_Draft]:
        tokens = unit.tokens
        drafts: list[_Draft] = []
        floor = 0
        # most tokens are no cue word, for which `_draft_at` says None
        for index in [i for i, token in enumerate(tokens) if token.lower in _CUE_WORDS]:
            if index < floor:
                continue  # inside the cue of the draft before
            draft = _draft_at(tokens, index, floor)
            if draft is not None:
                drafts.append(draft)
                floor = draft.cue[1] + 1
        for draft in drafts:
            draft.content = self._content(unit, draft, drafts)
        return [d for d in drafts if d.content and not _nested(unit, d, drafts)]

    # Content -----------------------------------------------------------------------

    def _content(self, unit: Unit, draft: _Draft, drafts: list[_Draft]) -> Span | None:
        tokens = unit.tokens
        if draft.mode is _Mode.AFTER:
            later = [
                d.region
                for d in drafts
                if (d.sibling or d.mode is _Mode.BEFORE) and d.region > draft.cue[1]
            ]
            end = (min(later) - 1) if later else len(tokens) - 1
            return _span(self.text, unit, draft, draft.content_start, end)
        end = (
            draft.source[0] if draft.source and draft.source[0] < draft.cue[0] else draft.cue[0]
        ) - 1
        while end >= 0 and tokens[end].text in ",–—":
            end -= 1
        if end < 0:
            return None
        quotation = unit.quotation_closing_at(tokens[end].end)
        if quotation is not None:
            draft.quoted = True
            return _trim(self.text, *quotation.inner)
        start = 0
        earlier = [
            d for d in drafts if d.cue[0] < draft.cue[0] and (d.mode is _Mode.BEFORE or d.quoted)
        ]
        if earlier:
            start = max(earlier[-1].cue[1], earlier[-1].source[1] if earlier[-1].source else 0) + 1
        while start <= end and (tokens[start].text == "," or tokens[start].lower in COORDINATORS):
            start += 1
        if start > end:
            return None
        resumed = _resumes_after(tokens, draft)
        if resumed is not None and not earlier:
            # "The new ferry, the mayor said, will carry ...": the cue interrupts its content
            return _trim(self.text, tokens[start].start, tokens[resumed].end)
        return _trim(self.text, tokens[start].start, tokens[end].end)

    # Sources -----------------------------------------------------------------------

    def _finish(self, unit: Unit, drafts: list[_Draft], paragraph: int) -> None:
        """Turn token sources into spans, fill inherited sources, resolve pronouns.

        A claim that inherits its source from a clause with no subject keeps no
        source span and is dropped by the caller.
        """
        tokens = unit.tokens
        subject = leading_subject(tokens, 0, len(tokens) - 1)
        if subject and not _is_pronoun(tokens, subject):
            self._remember(tokens, subject, paragraph)
        for number, draft in enumerate(drafts):
            if draft.inherits:
                donor = drafts[number - 1] if number else None
                if donor is not None:
                    draft.source_span, draft.resolved = donor.source_span, donor.resolved
                    continue
                if subject is None:
                    continue
                draft.source = subject
            assert draft.source is not None
            draft.source_span = self._snap(
                tokens[draft.source[0]].start, tokens[draft.source[1]].end
            )
            if draft.expletive:
                continue
            if draft.written is not None:
                self._remember(tokens, draft.source, paragraph)
                draft.resolved = draft.source_span
                written = draft.written
                draft.source_span = (tokens[written[0]].start, tokens[written[1]].end)
                continue
            if _is_pronoun(tokens, draft.source):
                draft.resolved = self._resolve(tokens[draft.source[0]], paragraph)
                if draft.resolved is None:
                    draft.score = min(draft.score, 0.5)
            elif draft.source != subject:
                self._remember(tokens, draft.source, paragraph)

    def _remember(self, tokens: Sequence[Token], phrase: TokenRange, paragraph: int) -> None:
        span = self._snap(tokens[phrase[0]].start, tokens[phrase[1]].end)
        self.antecedents.append(_Antecedent(span, paragraph, phrase=(tokens, phrase)))

    def _described(self, antecedent: _Antecedent) -> tuple[Kind, Span | None]:
        """The antecedent's kind and personal name, worked out on first use."""
        if antecedent.described is None:
            assert antecedent.phrase is not None
            tokens, phrase = antecedent.phrase
            kind = classify(tokens, *phrase)
            if kind in (Kind.NAME, Kind.THING):
                kind = self._entity_kind(antecedent.span) or kind
            name = self._entity_name(antecedent.span)
            if name is None:
                found = personal_name(tokens, *phrase)
                name = (tokens[found[0]].start, tokens[found[1]].end) if found else None
            antecedent.described, antecedent.phrase = (kind, name), None
        return antecedent.described

    def _resolve(self, pronoun: Token, paragraph: int) -> Span | None:
        """The nearest earlier subject that fits the pronoun, as a span.

        "he"/"she" want a person (or a bare name) and resolve to the personal name
        inside it; "it" wants an organisation or a name; "they" a group first,
        then an organisation ("the army said they ...").
        """
        wanted: list[tuple[Kind, ...]]
        if pronoun.lower in PERSON_PRONOUNS:
            wanted = [(Kind.PERSON, Kind.NAME)]
        elif pronoun.lower == "it":
            wanted = [(Kind.ORGANISATION, Kind.NAME)]
        else:
            wanted = [(Kind.GROUP,), (Kind.ORGANISATION,)]
        earlier = [
            a
            for a in self.antecedents
            if a.span[1] <= pronoun.start and paragraph - a.paragraph <= _PARAGRAPHS_BACK
        ]
        for kinds in wanted:
            for antecedent in reversed(earlier):
                kind, name = self._described(antecedent)
                if kind in kinds:
                    span = antecedent.span
                    if pronoun.lower in PERSON_PRONOUNS and name:
                        span = name
                    self.antecedents.append(_Antecedent(span, paragraph, described=(kind, name)))
                    return span
        return None

    # Entities ----------------------------------------------------------------------

    def _overlapping(self, span: Span) -> list[Entity]:
        """Named entities (people, organisations, places, groups) overlapping a span."""
        starts = self.named_starts
        first = bisect_right(starts, span[0] - _LONGEST_ENTITY)
        last = bisect_left(starts, span[1], first)
        return [entity for entity in self.named[first:last] if entity.end > span[0]]

    def _snap(self, start: int, end: int) -> Span:
        """Widen a source so that it does not cut a named entity in two."""
        for entity in self._overlapping((start, end)):
            start, end = min(start, entity.start), max(end, entity.end)
        return start, end

    def _entity_kind(self, span: Span) -> Kind | None:
        labels = {e.label for e in self._overlapping(span)}
        if not labels:
            return None
        phrase_words = [word.strip(",") for word in self.text[span[0] : span[1]].lower().split()]
        if any(word in PERSON_NOUNS for word in phrase_words) or labels == {"PERSON"}:
            return Kind.PERSON
        if " and " in self.text[span[0] : span[1]] or labels == {"NORP"}:
            return Kind.GROUP
        if labels & {"ORG", "GPE", "FAC"} and not any(w in ORG_NOUNS for w in phrase_words[-1:]):
            return Kind.ORGANISATION if "PERSON" not in labels else Kind.NAME
        return None

    def _entity_name(self, span: Span) -> Span | None:
        """The person a phrase names: its last PERSON not in the possessive.

        "Orban's spokesman, Zoltan Kovacs" names Zoltan Kovacs, not Orban.
        """
        people = [
            e
            for e in self._overlapping(span)
            if e.label == "PERSON" and not self.text.startswith(("'s", "’s"), e.end)
        ]
        return (people[-1].start, people[-1].end) if people else None

    # Quotations that continue ----------------------------------------------------------

    def _carry_quotations(self, unit: Unit, drafts: list[_Draft], paragraph: int) -> None:
        """A quotation with no cue of its own, after a quoted claim, keeps its speaker.

        It must open its sentence (`"We won." ... "They lost."`) or follow a quoted
        claim in the same sentence (`"We won," she said, "and they lost."`); a short
        quotation inside a sentence is a scare quote, not speech.
        """
        if self.last_quoted is None:
            return
        donor, donor_paragraph = self.last_quoted
        if paragraph - donor_paragraph > 1:
            return
        covered = [d.content for d in drafts if d.content]
        opening = unit.tokens[0].start if unit.tokens else -1
        for quotation in unit.quotations:
            inner = _trim(self.text, *quotation.inner)
            if any(c[0] < inner[1] and c[1] > inner[0] for c in covered):
                continue
            words = len(self.text[inner[0] : inner[1]].split())
            if not words:
                continue
            opens_unit = quotation.start == opening and words >= 2
            follows_quote = (
                paragraph == donor_paragraph
                and words >= 4
                and any(d.quoted and d.content and d.content[1] <= quotation.start for d in drafts)
            )
            if not (opens_unit or follows_quote):
                continue
            carried = ClaimCandidate(
                donor.source,
                (quotation.start, quotation.start + 1),
                inner,
                donor.resolved,
                round(min(donor.score, 0.7), 2),
            )
            self.candidates.append(carried)
            self.last_quoted = (carried, paragraph)


# Cue patterns ---------------------------------------------------------------------------


_CUE_WORDS = frozenset(CUE_FORMS) | {"according", "quoted"}
"""The words a claim's cue can be (`_draft_at` looks no further at any other)."""


def _draft_at(tokens: Sequence[Token], i: int, floor: int) -> _Draft | None:
    """The claim whose cue is token `i`, if it is one.

    Filters first (quotations, infinitives, nouns, negations, passives), then tries
    the patterns in order: "according to", "quoted as saying", participles, the
    "by" passive, the verb-first inversion, and the source before the verb.
    """
    token = tokens[i]
    if token.in_quote or not token.is_word:
        return None
    if token.lower == "according" and i + 1 < len(tokens) and tokens[i + 1].lower == "to":
        return _according(tokens, i, floor)
    if token.lower == "quoted":
        return _quoted_as_saying(tokens, i, floor)
    verb = CUE_FORMS.get(token.lower)
    if verb is None or token.is_capitalised:
        return None
    previous = tokens[i - 1] if i > 0 else None
    if previous is not None and (
        previous.lower == "to" or previous.lower in DETERMINERS or _possessive(previous)
    ):
        return None
    if token.lower in PERFECT_ONLY_FORMS:
        auxiliary = skip_back_over_auxiliaries(tokens, i - 1, floor) + 1
        if not any(t.lower in ("has", "have", "had") for t in tokens[auxiliary:i]):
            return None
    last = i
    if i + 1 < len(tokens) and tokens[i + 1].lower in verb.particles:
        last = i + 1
    elif verb.complement is Complement.PARTICLE and not _labels(tokens, i):
        return None
    if _negated(tokens, i, floor):
        return None
    before = skip_back_over_auxiliaries(tokens, i - 1, floor)
    progressive = token.lower in ING_FORMS and before >= floor and tokens[before].lower in BE_FORMS
    if progressive:
        before = skip_back_over_auxiliaries(tokens, before - 1, floor)
    elif before >= floor and tokens[before].lower in BE_FORMS:
        return _impersonal_passive(tokens, i, before)
    if token.lower in ING_FORMS and not progressive:
        return _participle(tokens, i, last, floor, verb)
    if verb.lemma in _PASSIVE_BY and token.lower in PAST_FORMS:
        passive = _passive_by(tokens, i, before)
        if passive:
            return passive
    if token.lower in NOUN_LIKE_FORMS and not _subject_end(tokens, before, floor):
        return None
    inverted = _inverted(tokens, i, last, verb, floor)
    if inverted:
        return inverted
    return _source_first(tokens, i, last, before, floor, verb)


def _according(tokens: Sequence[Token], i: int, floor: int) -> _Draft | None:
    """ "According to X, ..." (content after) or "..., according to X" (content before)."""
    source = source_after(tokens, i + 2, len(tokens) - 1)
    if source is None:
        return None
    after = source[1] + 1
    words_before = [t for t in tokens[floor:i] if t.is_word]
    words_after = [t for t in tokens[after + 1 :] if t.is_word]
    draft = _Draft((i, i + 1), _Mode.BEFORE, 0.9, source=source, region=i)
    if (
        after < len(tokens)
        and tokens[after].text == ","
        and len(words_before) <= 1
        and len(words_after) >= 2
    ):
        draft.mode = _Mode.AFTER
        draft.content_start = after + 1
        draft.region = i
    return draft


def _quoted_as_saying(tokens: Sequence[Token], i: int, floor: int) -> _Draft | None:
    """ "X was quoted as saying (that) ..."."""
    if i + 2 >= len(tokens) or (tokens[i + 1].lower, tokens[i + 2].lower) != ("as", "saying"):
        return None
    before = skip_back_over_auxiliaries(tokens, i - 1, floor)
    if before >= floor and tokens[before].lower in BE_FORMS:
        before = skip_back_over_auxiliaries(tokens, before - 1, floor)
    source = source_before(tokens, before, floor)
    start = i + 3
    if start < len(tokens) and tokens[start].lower == "that":
        start += 1
    if source is None or start >= len(tokens):
        return None
    return _Draft(
        (i, i + 2), _Mode.AFTER, 0.8, source=source, content_start=start, region=source[0]
    )


def _impersonal_passive(tokens: Sequence[Token], i: int, be: int) -> _Draft | None:
    """ "It was reported that ...": a claim whose source the text does not name."""
    subject = be - 1
    that = i + 1
    if (
        subject >= 0
        and tokens[subject].lower == "it"
        and tokens[i].lower in PASSIVE_REPORTS
        and that < len(tokens) - 1
        and tokens[that].lower == "that"
    ):
        return _Draft(
            (i, i),
            _Mode.AFTER,
            0.5,
            source=(subject, subject),
            content_start=that + 1,
            expletive=True,
            region=subject,
        )
    return None


def _participle(
    tokens: Sequence[Token], i: int, last: int, floor: int, verb: CueVerb
) -> _Draft | None:
    """ ", adding that ...", "a statement saying ...": the -ing forms that report speech."""
    previous = tokens[i - 1] if i > 0 else None
    if previous is None:
        return None
    complement = _complement(tokens, last + 1, verb)
    if complement is None or complement == _REFUSED:
        return None
    if previous.text == "," or (
        previous.lower in {"and", "while", "after", "before", "by", "when"}
        and i > 1
        and tokens[i - 2].text == ","
    ):
        region = i - 1 if previous.text == "," else i - 2
        return _Draft(
            (i, last),
            _Mode.AFTER,
            0.8,
            content_start=complement,
            inherits=True,
            sibling=True,
            region=region,
        )
    if previous.lower in ING_SOURCE_NOUNS:
        source = source_before(tokens, i - 1, floor)
        if source:
            return _Draft(
                (i, last),
                _Mode.AFTER,
                0.7,
                source=source,
                content_start=complement,
                region=source[0],
            )
    return None


def _passive_by(tokens: Sequence[Token], i: int, before: int) -> _Draft | None:
    """ "damage estimated at $30 billion by the World Bank": the source follows "by"."""
    if before < 0 or not tokens[before].is_word or tokens[before].is_capitalised:
        return None
    if tokens[before].lower in PRONOUN_SOURCES or tokens[before].lower.endswith("s"):
        return None
    for by in range(i + 1, min(len(tokens) - 1, i + 7)):
        if tokens[by].text in ",;:":
            return None
        if tokens[by].lower == "by":
            following = tokens[by + 1]
            if following.lower in DETERMINERS or (
                following.is_capitalised and following.lower not in TIME_WORDS
            ):
                source = source_after(tokens, by + 1, len(tokens) - 1)
                if source and by > i + 1:
                    return _Draft(
                        (i, i),
                        _Mode.AFTER,
                        0.6,
                        source=source,
                        content_start=i + 1,
                        content_end=by - 1,
                        region=i,
                    )
            return None
    return None


def _inverted(
    tokens: Sequence[Token], i: int, last: int, verb: CueVerb, floor: int
) -> _Draft | None:
    """ "'...,' said X" and "The strikes hit caches, said X." : the source follows the verb.

    Without a quotation before the verb, "X, a spokesman, said Y ..." reads the
    same way up to the verb; it is inverted only if a clause precedes the comma
    and the phrase after the verb ends the sentence or a clause.
    """
    if verb.lemma not in _SAY_LIKE or i == 0 or last + 1 >= len(tokens):
        return None
    previous = tokens[i - 1]
    after_quote = previous.is_quote_mark or (
        previous.text == "," and i > 1 and tokens[i - 2].is_quote_mark
    )
    if not (after_quote or previous.text == ","):
        return None
    following = tokens[last + 1]
    if not following.is_word or following.lower in _NOT_FOLLOWING_CUE:
        return None
    source = source_after(tokens, last + 1, len(tokens) - 1)
    if source is None:
        return None
    if not after_quote:
        after = source[1] + 1
        ends = (
            after >= len(tokens)
            or tokens[after].text in ",."
            or tokens[after].lower in _AFTER_SOURCE
        )
        names = following.is_capitalised or following.lower in _NAMING_WORDS
        if not (ends and names and any(is_verb_like(t) for t in tokens[floor : i - 1])):
            return None
    return _Draft((i, last), _Mode.BEFORE, 0.9, source=source, region=i)


def _source_first(
    tokens: Sequence[Token], i: int, last: int, before: int, floor: int, verb: CueVerb
) -> _Draft | None:
    """ "X said (that) ...", "X told reporters ...", and "..., X said." with content before."""
    if before < floor:
        return None
    marker = tokens[before]
    score = 0.9 if verb.lemma in _STRONG else 0.6 if verb.lemma in _JUDGEMENT else 0.75
    if marker.lower in {"and", "but"}:
        complement = _complement(tokens, last + 1, verb)
        if complement is None or complement == _REFUSED:
            return None
        region = before - 1 if before > 0 and tokens[before - 1].text == "," else before
        return _Draft(
            (i, last),
            _Mode.AFTER,
            score - 0.1,
            content_start=complement,
            inherits=True,
            sibling=True,
            region=region,
        )
    if verb.complement is Complement.PARTICLE and last == i and _labels(tokens, i) == "what":
        return _what_called(tokens, i, last, before)
    if marker.text == ")":
        # "Sen. Jane Roe (D-Ore.) said": the name before the parenthesis
        opening = next((j for j in range(before - 1, floor - 1, -1) if tokens[j].text == "("), None)
        named = source_before(tokens, opening - 1, floor) if opening else None
        source = (named[0], before) if named else None
    else:
        source = source_before(tokens, before, floor)
    if source is None:
        return None
    written = None
    if marker.lower in ("who", "which", "that"):
        if _main_verb_follows(tokens, last):
            return None
        antecedent = antecedent_of_relative(tokens, before, floor)
        if antecedent:
            written, source = (before, before), antecedent
    complement = _complement(tokens, last + 1, verb)
    if complement == _REFUSED:
        return None
    boundary = source[0] - 1
    sibling = boundary >= 0 and tokens[boundary].lower in _SIBLING_BOUNDARIES
    region = boundary if sibling else source[0]
    if sibling and boundary > 0 and tokens[boundary - 1].text == ",":
        region = boundary - 1
    if complement is not None:
        return _Draft(
            (i, last),
            _Mode.AFTER,
            score,
            source=source,
            content_start=complement,
            sibling=sibling,
            region=region,
            written=written,
        )
    if _content_can_precede(tokens, source[0], floor):
        return _Draft(
            (i, last), _Mode.BEFORE, score, source=source, region=source[0], written=written
        )
    return None


def _resumes_after(tokens: Sequence[Token], draft: _Draft) -> int | None:
    """The last token of the content when it goes on after ", X said," (else None)."""
    after = max(draft.cue[1], draft.source[1] if draft.source else 0) + 1
    if after >= len(tokens) or tokens[after].text not in ",–—":
        return None
    rest = [t for t in tokens[after + 1 :] if t.is_word]
    if len(rest) < 2 or not any(is_verb_like(t) for t in rest):
        return None
    last = len(tokens) - 1
    while last > after and not tokens[last].is_word:
        last -= 1
    return last


def _kind(cue: str) -> ClaimKind:
    """Statement, belief or intention, by the cue verb's class (`claim_cues`)."""
    verb = CUE_FORMS.get(cue)
    known = VERB_CUES.get(verb.lemma) if verb else None
    return known.kind if known else ClaimKind.STATEMENT


def _main_verb_follows(tokens: Sequence[Token], last: int) -> bool:
    """In "the engineers who wrote it said ...", "wrote" belongs to the subject."""
    for token in tokens[last + 1 : last + 5]:
        if token.text in ",;:" or token.is_quote_mark:
            return False
        verb = CUE_FORMS.get(token.lower)
        if verb is not None and verb.lemma in ("say", "tell"):
            return True
    return False


def _what_called(tokens: Sequence[Token], i: int, last: int, before: int) -> _Draft | None:
    """ "in what [the WHO] called [the deadliest epidemic]": a label with its author."""
    what = next(
        (j for j in range(before, max(-1, before - 5), -1) if tokens[j].lower == "what"), None
    )
    if what is None or what + 1 > before or last + 1 >= len(tokens):
        return None
    source = (what + 1, before)
    return _Draft((i, last), _Mode.AFTER, 0.7, source=source, content_start=last + 1, region=what)


def _complement(tokens: Sequence[Token], k: int, verb: CueVerb) -> int | None:
    """Where the content starts after a cue; None when nothing is said after it
    (the content may come before: "..., she said."), `_REFUSED` when what follows
    does not fit the verb (a clause verb before a plain object: "agreed a deal",
    "told them to leave", "explained why").

    Skips a listener ("told reporters in Lilongwe that"), circumstances ("said
    late on Tuesday that") and "that".
    """
    n = len(tokens)
    if verb.complement is Complement.LISTENER:
        return _after_listener(tokens, k)
    if k >= n or tokens[k].text in ".!?;)":
        return None
    token = tokens[k]
    if token.text == ":":
        return k + 1 if k + 1 < n else None
    if token.text == ",":
        if k + 1 < n and tokens[k + 1].is_opening_quote:
            return k + 1
        return _after_parenthesis(tokens, k)
    if token.is_opening_quote:
        return k
    if token.lower == "that":
        return k + 1 if k + 1 < n else None
    if token.lower in _WH_WORDS:
        return _REFUSED
    if _only_circumstance(tokens, k):
        return None
    if token.lower in ADVERBIAL_WORDS:
        for j in range(k, min(n, k + 12)):
            if tokens[j].text in ",:" or tokens[j].is_quote_mark:
                break
            if tokens[j].lower == "that" and j + 1 < n:
                return j + 1
        stop = next((j for j in range(k, n) if tokens[j].text in ",.;!?"), n)
        if not any(is_verb_like(t) for t in tokens[k:stop]):
            return None
    if verb.complement is Complement.CLAUSE and not _has_clause(tokens, k):
        return _REFUSED
    return k


def _only_circumstance(tokens: Sequence[Token], k: int) -> bool:
    """ "said Friday.", "said sarcastically.", "said late on Tuesday.": only a time or a
    manner follows the cue, so the content is before it."""
    rest = []
    for token in tokens[k:]:
        if token.text in ".!?;" or token.is_quote_mark:
            break
        rest.append(token)
    if not rest or any(is_verb_like(t) for t in rest):
        return False
    first = rest[0].lower
    manner = first.endswith("ly") and not rest[0].is_capitalised and len(rest) <= 2
    return (
        first in TIME_WORDS
        or manner
        or (first in ("late", "early", "last", "this", "next") and len(rest) <= 4)
    )


def _after_parenthesis(tokens: Sequence[Token], comma: int) -> int | None:
    """ "acknowledged, under cross-examination by X, that ...": content after the "that"."""
    for j in range(comma + 1, min(len(tokens) - 2, comma + 16)):
        if tokens[j].text in ".;:" or tokens[j].is_quote_mark:
            return None
        if tokens[j].text == "," and tokens[j + 1].lower == "that":
            return j + 2
    return None


def _after_listener(tokens: Sequence[Token], k: int) -> int | None:
    """Content after "told <listener>": after "that", a colon, or a clause."""
    n = len(tokens)
    for j in range(k, min(n, k + 12)):
        token = tokens[j]
        if token.lower == "that":
            return j + 1 if j + 1 < n else None
        if token.text == ":" or token.is_quote_mark:
            return j + 1 if token.text == ":" else j
        if token.text in ",.;!?":
            return None
        if token.lower == "to" and j + 1 < n and not tokens[j + 1].is_capitalised:
            return _REFUSED
        if is_verb_like(token) and j > k:
            listener_end = k + 1 if tokens[k].lower in DETERMINERS else k
            return listener_end + 1
    return None


def _has_clause(tokens: Sequence[Token], k: int) -> bool:
    """Does the text after a cue read as a clause (has a verb, a quotation or a pronoun subject)?"""
    subject = k < len(tokens) and tokens[k].lower in _CLAUSE_SUBJECTS
    if subject and any(is_verb_like(t) for t in tokens[k + 1 : k + 3]):
        return True
    for token in tokens[k:]:
        if token.text in ",.;":
            return False
        if token.is_quote_mark or is_verb_like(token) or token.lower in ("as", "that"):
            return True
    return False


def _labels(tokens: Sequence[Token], i: int) -> str | None:
    """For "call": "called it 'a scandal'" ("quote") or "what X called ..." ("what")."""
    for j in range(i + 1, min(len(tokens), i + 6)):
        if tokens[j].is_opening_quote:
            return "quote"
        if tokens[j].text in ",.;:":
            break
    before = skip_back_over_auxiliaries(tokens, i - 1, 0)
    for j in range(before, max(-1, before - 4), -1):
        if tokens[j].lower == "what":
            return "what"
    return None


def _negated(tokens: Sequence[Token], i: int, floor: int) -> bool:
    for token in tokens[max(floor, i - 3) : i]:
        if token.lower in NEGATIONS or token.lower.endswith(("n't", "n’t")):
            return True
    return False


def _possessive(token: Token) -> bool:
    return token.lower.endswith(("'s", "’s")) or token.text in "'’"


def _subject_end(tokens: Sequence[Token], index: int, floor: int) -> bool:
    """Could token `index` end a subject, so that a noun-like form after it is a verb?

    A name, a pronoun, a plural ("critics", "fishermen") or the comma closing an
    apposition ("farmers, who grow rice, say"), not "the final" in "the final say".
    """
    if index < floor:
        return False
    token = tokens[index]
    lower = token.lower
    if token.text == ",":
        return True
    if not token.is_word or lower in DETERMINERS:
        return False
    if lower in _SUBJECT_WORDS:
        return True
    if token.is_capitalised and not _possessive(token):
        return True
    singular = lower[:-1] if lower.endswith("s") else lower
    return (
        lower in _PERSON_OR_ORG_NOUNS
        or lower.endswith("men")
        or (lower.endswith("s") and not lower.endswith(("ss", "us")) and singular.isalpha())
    )


def _content_can_precede(tokens: Sequence[Token], source_first: int, floor: int) -> bool:
    """ "..., the army said." : a comma or a closing quote sets the source off."""
    previous = source_first - 1
    return previous >= max(floor, 1) and (
        tokens[previous].text == "," or tokens[previous].is_quote_mark
    )


def _is_pronoun(tokens: Sequence[Token], phrase: TokenRange) -> bool:
    return phrase[0] == phrase[1] and tokens[phrase[0]].lower in PRONOUN_SOURCES


def _nested(unit: Unit, draft: _Draft, drafts: list[_Draft]) -> bool:
    """Is this cue inside another claim's content ("X said [Y showed that ...]")?"""
    cue_start = unit.tokens[draft.cue[0]].start
    return any(
        other is not draft and other.content and other.content[0] <= cue_start < other.content[1]
        for other in drafts
    )


def _span(text: str, unit: Unit, draft: _Draft, first: int, last: int) -> Span | None:
    """The content from token `first` to `last`, without the sentence's own punctuation.

    Content that is exactly one quotation is given without its quotation marks.
    """
    tokens = unit.tokens
    if draft.content_end is not None:
        last = draft.content_end
    for index in range(first + 2, last):
        if (
            tokens[index - 1].text == ","
            and tokens[index].lower in ("and", "but")
            and is_clause_verb(tokens, index + 1)
        ):
            last = index - 2
            break
    while last >= first and (tokens[last].text in ",;:.!–—" or tokens[last].lower in COORDINATORS):
        last -= 1
    if last < first:
        return None
    start, end = tokens[first].start, tokens[last].end
    if tokens[first].is_opening_quote:
        quotation = unit.quotation_opening_at(start)
        if quotation is not None and quotation.end >= end:
            draft.quoted = True
            return _trim(text, *quotation.inner)
    return _trim(text, start, end)


def _trim(text: str, start: int, end: int) -> Span:
    """Cut spaces and a trailing comma or full stop that belong to the sentence, not the claim."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


# Public API -----------------------------------------------------------------------------


def find_claims(article: Article, entities: list[Entity] | None = None) -> list[ClaimCandidate]:
    """Every attributed claim the rules find, in text order.

    `entities` (from any recogniser) sharpen the source boundaries and tell people
    from organisations for pronouns; without them, word lists do that job.
    """
    return _find_in_paragraphs(article, range(len(article.paragraphs)), entities)


def find_claims_in(
    article: Article, paragraphs: range, entities: list[Entity] | None
) -> list[ClaimCandidate]:
    """The claims of some paragraphs, in text order; the few paragraphs before them are
    read too, so that a pronoun at the start finds whom it stands for."""
    first = max(0, paragraphs.start - _PARAGRAPHS_BACK)
    start = article.paragraphs[paragraphs.start][0] if paragraphs else 0
    found = _find_in_paragraphs(article, range(first, paragraphs.stop), entities)
    return [c for c in found if c.cue[0] >= start]


def _find_in_paragraphs(
    article: Article, paragraphs: range, entities: list[Entity] | None
) -> list[ClaimCandidate]:
    found = [c for batch in claims_by_paragraph(article, paragraphs, entities) for c in batch]
    return sorted(found, key=lambda c: (c.cue, c.content))


def claims_by_paragraph(
    article: Article, paragraphs: range, entities: list[Entity] | None
) -> Iterator[list[ClaimCandidate]]:
    """The claims each paragraph adds, one list per paragraph, for a worker that wants to
    stop or let the reader's thread run between paragraphs."""
    finder = _Finder(article.text, sorted(entities or []))
    for index in paragraphs:
        before = len(finder.candidates)
        finder.read_paragraph(index, article.paragraphs[index], article.sentences_in(index))
        yield finder.candidates[before:]


def source_for(
    article: Article,
    start: int,
    end: int,
    entities: list[Entity] | None = None,
    candidates: list[ClaimCandidate] | None = None,
) -> str | None:
    """The source to prefill for a claim on text[start:end], or None if none is found.

    The source of the claim overlapping the selection most (the resolved name
    rather than a pronoun). Pass `candidates` when they are at hand; otherwise only
    the selected paragraphs and a few before them (for pronouns) are read, so the
    answer is quick in a long article.
    """
    if candidates is None:
        first = max(0, article.paragraph_index(start) - _PARAGRAPHS_BACK)
        last = max(article.paragraph_index(max(start, end - 1)), first)
        candidates = _find_in_paragraphs(article, range(first, last + 1), entities)
    best: tuple[int, float] | None = None
    chosen = None
    for candidate in candidates:
        extent = candidate.extent
        overlap = min(end, extent[1]) - max(start, extent[0])
        if overlap <= 0 and not (start == end and extent[0] <= start < extent[1]):
            continue
        key = (max(overlap, 1), candidate.score)
        if best is None or key > best:
            best, chosen = key, candidate
    return chosen.source_text(article.text) if chosen else None


def candidates_to_json(candidates: list[ClaimCandidate], text: str) -> list[dict[str, object]]:
    """The `tui-reader claims --format json` records: spans with their text.

    A source keeps its own span (where it is written) and adds "resolved" when the
    article names it better elsewhere ("he", "Murray" -> "Patrick Murray"); "kind"
    says whether the claim is a statement, a belief or an intention.
    """

    def part(span: Span) -> dict[str, object]:
        return {"start": span[0], "end": span[1], "text": text[span[0] : span[1]]}

    records = []
    for candidate in candidates:
        source = part(candidate.source)
        if candidate.resolved:
            source["resolved"] = part(candidate.resolved)
        records.append(
            {
                "source": source,
                "cue": part(candidate.cue),
                "content": part(candidate.content),
                "score": candidate.score,
                "kind": candidate.kind.value,
            }
        )
    return records


# Command line ---------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `tui-reader claims ARTICLE`."""
    parser.add_argument("article", help="the article (a text file, or - for stdin)")
    parser.add_argument("--format", choices=("json", "table"), default="json")
    parser.add_argument(
        "--ner",
        choices=("auto", "rules", "spacy", "off"),
        default=None,
        help="entities that help find sources: auto (default), rules, spacy, off",
    )
    parser.add_argument(
        "--finder",
        choices=("auto", "rules", "spacy"),
        default="auto",
        help="the rules, or spaCy's parser with the rules and the learned models"
        " (auto: spacy when installed)",
    )


def find_with(article: Article, entities: list[Entity] | None, finder: str) -> list[ClaimCandidate]:
    """The claims of the path `finder` names (auto: the parser when spaCy is installed;
    spacy-rules: the parse read by the rules alone, without the learned models)."""
    if finder == "rules":
        return find_claims(article, entities)
    from tui_reader.nlp.claim_parser import find_claims_parsed, installed_parser, rules_reader

    parser = installed_parser()
    if parser is None:
        if finder in ("spacy", "spacy-rules"):
            raise UserError(
                f"the {finder} finder needs spaCy and an English model; "
                "install them with: pip install 'tui-reader[nlp]'"
            )
        return find_claims(article, entities)
    reader = rules_reader if finder == "spacy-rules" else None
    return find_claims_parsed(article, entities, parser, reader)


def run(args: argparse.Namespace) -> int:
    """Print the article's claims as JSON, or as a table followed by any disagreements."""
    from tui_reader.config import load_settings
    from tui_reader.nlp.backends import get_recognizer
    from tui_reader.nlp.disagreements import find_disagreements
    from tui_reader.nlp.pipeline import article_entities

    article = Article.load(args.article)
    recognizer = get_recognizer(args.ner or load_settings().ner)
    entities = article_entities(article, recognizer) if recognizer else None
    candidates = find_with(article, entities, args.finder)
    if args.format == "json":
        records = candidates_to_json(candidates, article.text)
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return 0
    from rich.table import Table

    from tui_reader.display_console import DisplayConsole

    console = DisplayConsole()  # the article's text, shown literally
    table = Table(
        "source", "cue", "content", "kind", "score", title=_cell(article.title), show_lines=True
    )
    for candidate in candidates:
        cue = article.text[candidate.cue[0] : candidate.cue[1]]
        content = article.text[candidate.content[0] : candidate.content[1]]
        source = article.text[candidate.source[0] : candidate.source[1]]
        if candidate.resolved:
            source = f"{source} = {candidate.source_text(article.text)}"
        table.add_row(
            _cell(source),
            _cell(cue),
            _cell(content),
            candidate.kind.value,
            f"{candidate.score:.2f}",
        )
    console.print(table)
    for disagreement in find_disagreements(article, candidates):
        console.print(_cell(f"Disagreement: {disagreement.describe(article.text)}"))
    return 0


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _cell(text: str) -> Text:
    """Article text for the terminal: never read as markup, control characters shown."""
    from rich.text import Text

    return Text(_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text))
