"""The claim finder's parser path: spaCy's tagger and parser, paragraph by paragraph.

Only the components that the dependency parse needs are loaded (`tok2vec`,
`tagger`, `parser`, `attribute_ruler` for the coarse tags, `lemmatizer`); the
entity recogniser and the sentence recogniser are left out, because the
entities come from the article's own recogniser and the parser splits
sentences. Paragraphs go through `nlp.pipe` one by one, never the article as one
document. The parse is slow (some 35 KB a second), so the reader shows the rule
path's claims first and replaces them as this path gets through the article
(see `claim_updates`).
"""

from __future__ import annotations

import importlib
import time
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from importlib import metadata
from typing import TYPE_CHECKING

from tui_reader.document import Article, Span
from tui_reader.nlp.claim_features import ParagraphView, article_names
from tui_reader.nlp.claim_learned import learned_attributions
from tui_reader.nlp.claim_lines import headline_attribution, label_attribution
from tui_reader.nlp.claim_model import ClaimModel, shipped_model
from tui_reader.nlp.claim_names import Mention, MentionKind, NameIndex
from tui_reader.nlp.claim_syntax import Found, paragraph_attributions, subject_mentions
from tui_reader.nlp.claim_text import find_quotations
from tui_reader.nlp.claims import ClaimCandidate, find_claims_in
from tui_reader.nlp.entities import Entity

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

FINDER_VERSION = "4"
"""Changes when the parser path finds differently, so that cached claims are redone."""
EXCLUDED_COMPONENTS = ["ner", "senter"]
"""What the parser path does not need of en_core_web_sm."""
_BATCH_SIZE = 32
CHUNK_CHARACTERS = 50_000
"""The parser path's claims are handed on every this many characters of text read."""
_PARAGRAPHS_BACK = 4
"""How many paragraphs back a pronoun may find what it refers to."""
_RESUME_GAP = 150
"""Characters between a speaker and the quotation that resumes their words, at most."""
_CARRY_WORDS = 3
"""A bare quotation continuing a quoted claim needs this many words."""


class ClaimParser:
    """spaCy's tagger and parser, loaded on first use (about a second)."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.version = f"{metadata.version('spacy')}/{model}-{metadata.version(model)}"
        self._nlp: Language | None = None

    def load(self) -> Language:
        """The pipeline, with clause boundaries at semicolons set before the parser runs."""
        if self._nlp is None:
            from spacy.language import Language

            if not Language.has_factory(_SEMICOLONS):
                Language.component(_SEMICOLONS, func=_semicolon_boundaries)
            package = importlib.import_module(self.model)
            nlp = package.load(exclude=EXCLUDED_COMPONENTS)
            nlp.add_pipe(_SEMICOLONS, before="parser")
            self._nlp = nlp
        return self._nlp

    def parse(self, paragraphs: Iterable[str]) -> Iterator[Doc]:
        """One parsed document per paragraph, in order."""
        return self.load().pipe(paragraphs, batch_size=_BATCH_SIZE)


_SEMICOLONS = "tui_reader_semicolons"


def _semicolon_boundaries(doc: Doc) -> Doc:
    """ "Supporters say the price is low; critics say it will rise": two sentences for the
    parser, which would otherwise hang one claim inside the other."""
    for token in doc[:-1]:
        if token.text == ";":
            doc[token.i + 1].is_sent_start = True
    return doc


Reader = Callable[[ParagraphView], list[Found]]
"""Reads the attributions of one parsed paragraph."""


def rules_reader(view: ParagraphView) -> list[Found]:
    """The parser path's rules alone (`claim_syntax`), without a model."""
    return paragraph_attributions(view.doc)


def learned_reader(model: ClaimModel | None = None) -> Reader:
    """The learned models (the shipped ones by default), the rules as their evidence."""
    chosen = model or shipped_model()

    def read(view: ParagraphView) -> list[Found]:
        return learned_attributions(view, chosen, paragraph_attributions(view.doc))

    return read


def shipped_reader() -> Reader:
    """The reader the parser path uses: the shipped models, the rules their evidence
    (on PolNeAR's held-out part they find more than the rules alone, as precisely
    as the targets ask; README, Claims)."""
    return learned_reader()


def finder_version(parser: ClaimParser) -> str:
    """What the parser path's claims were found with: cached claims of another finder,
    parser or model are found again."""
    return f"{FINDER_VERSION}/{parser.version}/{shipped_model().version}"


def installed_parser() -> ClaimParser | None:
    """The parser when spaCy and an English model are installed, else None."""
    from tui_reader.nlp.backends import installed_reference_model

    model = installed_reference_model()
    return ClaimParser(model) if model else None


@dataclass
class ParsedClaimFinder:
    """Reads an article's parsed paragraphs in order, remembering who was spoken of.

    Pronoun sources ("he", "it", "they") are resolved to the nearest earlier
    subject that fits; a bare quotation after a quoted claim keeps its speaker;
    every source is given its best name in the article (`claim_names`).
    """

    article: Article
    entities: list[Entity]
    reader: Reader
    """What reads the attributions off one parsed paragraph (`shipped_reader`)."""
    names: NameIndex = field(init=False)
    mentions: list[Mention] = field(default_factory=list)
    last_quoted: tuple[ClaimCandidate, int] | None = None
    _starts: list[int] = field(init=False)
    _name_forms: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        self.names = NameIndex(self.article.text, self.entities)
        self._starts = [e.start for e in self.entities]
        self._name_forms = article_names(self.article.text)

    def view(self, index: int, doc: Doc) -> ParagraphView:
        """The paragraph with its entities, in offsets of the paragraph."""
        start, end = self.article.paragraphs[index]
        first, last = bisect_left(self._starts, start), bisect_left(self._starts, end)
        spans = [
            (e.start - start, min(e.end, end) - start, e.label) for e in self.entities[first:last]
        ]
        return ParagraphView.of(doc, spans, self._name_forms)

    def read(self, index: int, doc: Doc) -> list[ClaimCandidate]:
        """The claims of paragraph `index`, given its parse."""
        offset = self.article.paragraphs[index][0]
        self.mentions = [m for m in self.mentions if index - m.paragraph <= _PARAGRAPHS_BACK]
        found = self.reader(self.view(index, doc))

        def is_name(span: Span) -> bool:
            named = self.names.overlapping(_shift(span, offset))
            return any(e.label in ("PERSON", "ORG") for e in named)

        for line in (label_attribution, headline_attribution):
            extra = line(doc.text, index == 0, is_name)
            if extra is not None:
                found = [f for f in found if not _overlaps(extra.content, f.content)] + [extra]
        found.sort(key=lambda f: f.cue)
        candidates: list[ClaimCandidate] = []
        subjects = iter(sorted(subject_mentions(doc)))
        pending = next(subjects, None)
        for item in found:
            while pending is not None and pending[1] <= item.source[0]:
                self._remember_subject(_shift(pending, offset), index)
                pending = next(subjects, None)
            candidate = self._candidate(item, offset, index)
            candidates.append(candidate)
            if item.quoted:
                self.last_quoted = (candidate, index)
        while pending is not None:
            self._remember_subject(_shift(pending, offset), index)
            pending = next(subjects, None)
        quotations = [_shift(q.inner, offset) for q in find_quotations(doc.text, 0, len(doc.text))]
        candidates = [self._resumed(c, quotations, candidates) for c in candidates]
        candidates += self._carried(doc, offset, index, candidates)
        return candidates

    def _resumed(
        self, candidate: ClaimCandidate, quotations: list[Span], others: list[ClaimCandidate]
    ) -> ClaimCandidate:
        """'"A," said X. "B."' and 'X said A. "B."' are one claim each: the content runs
        on to a quotation that follows with no cue of its own, as PARC counts it."""
        content = candidate.content
        after = max(content[1], candidate.cue[1], candidate.source[1])
        text = self.article.text
        following = next(
            (q for q in quotations if q[0] >= after and _spoken(text[q[0] : q[1]])), None
        )
        if following is None or any(
            o is not candidate
            and (_overlaps(o.content, following) or after <= o.cue[0] < following[0])
            for o in others
        ):
            return candidate
        gap = text[after : following[0]].rstrip(" “\"«„‘'")
        if gap.endswith((" and", " but")):
            gap = gap[:-4].rstrip()
        if len(gap) > _RESUME_GAP or (gap and gap[-1] not in ".,:;—–!?"):
            return candidate
        return replace(candidate, content=(content[0], following[1]))

    def _candidate(self, item: Found, offset: int, paragraph: int) -> ClaimCandidate:
        source = _shift(item.source, offset)
        written = self.article.text[source[0] : source[1]]
        resolved: Span | None = None
        if item.antecedent is not None:
            resolved = self.names.best_name(_shift(item.antecedent, offset))
        elif written.lower() in _PRONOUNS:
            resolved = self._resolve(written.lower(), source[0], paragraph)
        else:
            named = self.names.best_name(source)
            resolved = named if named != source else None
            self._remember(source, self.names.kind_of(source), paragraph)
        score = item.score if resolved or written.lower() not in _PRONOUNS else item.score - 0.2
        return ClaimCandidate(
            source,
            _shift(item.cue, offset),
            _shift(item.content, offset),
            resolved if resolved != source else None,
            round(score, 2),
            item.kind,
        )

    def _remember_subject(self, span: Span, paragraph: int) -> None:
        self._remember(span, self.names.kind_of(span), paragraph)

    def _remember(self, span: Span, kind: MentionKind, paragraph: int) -> None:
        if kind is not MentionKind.THING:
            self.mentions.append(Mention(span, kind, paragraph))

    def _resolve(self, pronoun: str, before: int, paragraph: int) -> Span | None:
        wanted = _PRONOUNS[pronoun]
        for mention in reversed(self.mentions):
            if mention.span[1] <= before and mention.kind in wanted:
                named = self.names.best_name(mention.span)
                self.mentions.append(Mention(mention.span, mention.kind, paragraph))
                return named
        return None

    def _carried(
        self, doc: Doc, offset: int, paragraph: int, found: list[ClaimCandidate]
    ) -> list[ClaimCandidate]:
        """Quotations with no cue of their own that go on with the last quoted speaker."""
        if self.last_quoted is None:
            return []
        donor, donor_paragraph = self.last_quoted
        if paragraph - donor_paragraph > 1:
            return []
        carried = []
        covered = [c.content for c in found]
        for quotation in find_quotations(doc.text, 0, len(doc.text)):
            inner = _shift(quotation.inner, offset)
            if any(_overlaps(inner, span) for span in covered):
                continue
            if not _spoken(self.article.text[inner[0] : inner[1]]):
                continue
            opens = quotation.start == 0 or not doc.text[: quotation.start].strip()
            if not (opens or (found and paragraph == donor_paragraph)):
                continue
            mark = _shift((quotation.start, quotation.start + quotation.opening), offset)
            candidate = ClaimCandidate(
                donor.source, mark, inner, donor.resolved, min(donor.score, 0.7), donor.kind
            )
            carried.append(candidate)
            self.last_quoted = (candidate, paragraph)
        return carried


_PRONOUNS: dict[str, tuple[MentionKind, ...]] = {
    "he": (MentionKind.PERSON, MentionKind.NAME),
    "she": (MentionKind.PERSON, MentionKind.NAME),
    "it": (MentionKind.ORGANISATION, MentionKind.NAME),
    "they": (MentionKind.GROUP, MentionKind.ORGANISATION),
}


def _spoken(quotation: str) -> bool:
    """Words someone said, not a title in quotation marks ("Meet the Press")."""
    found = quotation.split()
    if len(found) < _CARRY_WORDS:
        return False
    long_words = [w for w in found if len(w) > 3]
    return not long_words or sum(w[0].isupper() for w in long_words) < 0.8 * len(long_words)


def _shift(span: Span, offset: int) -> Span:
    return span[0] + offset, span[1] + offset


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def find_claims_parsed(
    article: Article,
    entities: list[Entity] | None,
    parser: ClaimParser,
    reader: Reader | None = None,
) -> list[ClaimCandidate]:
    """Every claim the parser path finds in the article, in text order."""
    found: list[ClaimCandidate] = []
    for _, candidates in parsed_chunks(article, entities, parser, reader=reader):
        found += candidates
    return sorted(found, key=lambda c: (c.cue, c.content))


def parsed_chunks(
    article: Article,
    entities: list[Entity] | None,
    parser: ClaimParser,
    paragraphs: range | None = None,
    chunk_characters: int = CHUNK_CHARACTERS,
    cancelled: Callable[[], bool] = lambda: False,
    reader: Reader | None = None,
) -> Iterator[tuple[Span, list[ClaimCandidate]]]:
    """The parser path's claims, a chunk of paragraphs at a time: (the text range the
    chunk covers, its claims). `cancelled` is asked between paragraphs; `reader`
    reads each parsed paragraph (default: `shipped_reader`)."""
    indexes = paragraphs if paragraphs is not None else range(len(article.paragraphs))
    texts = (article.text[slice(*article.paragraphs[i])] for i in indexes)
    docs = zip(indexes, parser.parse(texts), strict=True)
    return _chunks(article, entities, docs, chunk_characters, cancelled, reader)


def read_parsed(
    article: Article,
    entities: list[Entity] | None,
    docs: Iterable[tuple[int, Doc]],
    chunk_characters: int = CHUNK_CHARACTERS,
    reader: Reader | None = None,
) -> Iterator[tuple[Span, list[ClaimCandidate]]]:
    """As `parsed_chunks`, from parses the caller made (or cached) itself."""
    return _chunks(article, entities, docs, chunk_characters, lambda: False, reader)


def _chunks(
    article: Article,
    entities: list[Entity] | None,
    docs: Iterable[tuple[int, Doc]],
    chunk_characters: int,
    cancelled: Callable[[], bool],
    reader: Reader | None = None,
) -> Iterator[tuple[Span, list[ClaimCandidate]]]:
    finder = ParsedClaimFinder(article, sorted(entities or []), reader or shipped_reader())
    paragraphs = article.paragraphs
    chunk: list[ClaimCandidate] = []
    first: int | None = None
    last = 0
    size = 0
    for index, doc in docs:
        if cancelled():
            return
        chunk += finder.read(index, doc)
        time.sleep(0)  # let the reader's thread have the interpreter lock
        first = index if first is None else first
        last = index
        size += paragraphs[index][1] - paragraphs[index][0]
        if size >= chunk_characters:
            yield _finish_chunk(article, entities, chunk, first, last)
            chunk, first, size = [], None, 0
    if first is not None:
        yield _finish_chunk(article, entities, chunk, first, last)


def _finish_chunk(
    article: Article,
    entities: list[Entity] | None,
    parsed: list[ClaimCandidate],
    first: int,
    last: int,
) -> tuple[Span, list[ClaimCandidate]]:
    """The chunk's parsed claims, and the rule path's where the parse found nothing.

    A parse is sometimes wrong in a way the rules are not (an apposition hung on
    the wrong word leaves a verb without its subject); the rules' claims fill in
    where no parsed claim shares their content or cue.
    """
    covering = article.paragraphs[first][0], article.paragraphs[last][1]
    rules = find_claims_in(article, range(first, last + 1), entities)
    extra = [
        r
        for r in rules
        if not any(_overlaps(r.content, p.content) or _overlaps(r.cue, p.cue) for p in parsed)
    ]
    return covering, sorted(parsed + extra, key=lambda c: (c.cue, c.content))
