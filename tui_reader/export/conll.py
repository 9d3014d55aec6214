"""Entities as CoNLL-2003 style columns, for training and evaluating NER models.

One token per line, four space-separated columns: the token, its part of speech
and chunk (unknown here, written `_`), and its entity tag in IOB2 (`B-` begins an
entity, `I-` continues it, `O` is outside; labels are OntoNotes names). Sentences
are separated by a blank line; the document starts with the customary
`-DOCSTART- -X- -X- O` line, after a `#` header that says all this.

Tokenisation: a token is a run of letters and digits, which may hold inner
apostrophes, hyphens and periods ("don't", "al-Qaeda", "U.S"), or any other single
non-space character. Tokens are also cut at entity edges, so an entity is always
a whole number of tokens and its text is its tokens joined by the spaces between.
A sentence never ends inside an entity.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import pairwise

from tui_reader.document import Article, Span
from tui_reader.export.common import Dropped, ExportResult, dropped_kinds, drops
from tui_reader.model import Annotation, Kind
from tui_reader.nlp.entities import Entity

TOKEN = re.compile(r"\w+(?:['’.\-]\w+)*|[^\w\s]")
DOCSTART = "-DOCSTART- -X- -X- O"


def export(
    article: Article, annotations: Sequence[Annotation], entities: Sequence[Entity]
) -> ExportResult:
    chosen, overlapping = without_overlaps(entities)
    placed, outside = _by_paragraph(article, chosen)
    header = [
        f"# tui-reader CoNLL-2003 style export of {' '.join(article.title.split())}",
        f"# content hash: {article.content_hash}",
        "# columns: token, part of speech (_), chunk (_), entity tag in IOB2 with OntoNotes labels",
        "# tokens: runs of letters and digits (with inner ' - .) or single other characters,",
        "# also cut at entity edges; sentences end with a blank line",
        DOCSTART,
        "",
    ]
    lines = header
    for index, paragraph_entities in enumerate(placed):
        for sentence in _sentences(article, index, paragraph_entities):
            rows = [
                f"{token} _ _ {tag}"
                for token, tag in _tagged_tokens(article.text, sentence, paragraph_entities)
            ]
            if rows:
                lines.extend([*rows, ""])
    dropped = dropped_kinds(annotations, {Kind.ENTITY}, "conll holds entities only")
    dropped += drops(
        Dropped(
            overlapping, "overlapping entity", "overlapping entities", "IOB2 gives a token one tag"
        ),
        Dropped(
            outside,
            "entity across paragraphs",
            "entities across paragraphs",
            "a CoNLL sentence lies in one paragraph",
        ),
    )
    return ExportResult("conll", "\n".join(lines) + "\n", dropped=dropped)


def without_overlaps(entities: Sequence[Entity]) -> tuple[list[Entity], int]:
    """Entities that overlap no earlier one (the longer wins a tie at the same start)."""
    chosen: list[Entity] = []
    for entity in sorted(entities, key=lambda e: (e.start, -(e.end - e.start), e.label)):
        if chosen and entity.start < chosen[-1].end:
            continue
        chosen.append(entity)
    return chosen, len(entities) - len(chosen)


def _by_paragraph(article: Article, entities: list[Entity]) -> tuple[list[list[Entity]], int]:
    """The entities of each paragraph, and how many lie in no single paragraph."""
    placed: list[list[Entity]] = [[] for _ in article.paragraphs]
    outside = 0
    for entity in entities:
        index = article.paragraph_index(entity.start)
        if index >= 0 and entity.end <= article.paragraphs[index][1]:
            placed[index].append(entity)
        else:
            outside += 1
    return placed, outside


def _sentences(article: Article, paragraph: int, entities: list[Entity]) -> Iterator[Span]:
    """The paragraph cut where its sentences start, never inside an entity.

    Each sentence runs to the next one's start, so the closing quotes and brackets
    the sentence splitter leaves between sentences stay in the output.
    """
    paragraph_start, paragraph_end = article.paragraphs[paragraph]
    starts = [start for start, _ in article.sentences_in(paragraph)]
    cuts = [paragraph_start]
    cuts += [
        start
        for start in starts
        if start > paragraph_start and not any(e.start < start < e.end for e in entities)
    ]
    cuts.append(paragraph_end)
    yield from pairwise(cuts)


def _tagged_tokens(text: str, sentence: Span, entities: list[Entity]) -> Iterator[tuple[str, str]]:
    """(token, IOB2 tag) pairs of one sentence."""
    start, end = sentence
    inside = [e for e in entities if start <= e.start and e.end <= end]
    cuts = sorted({start, end, *(e.start for e in inside), *(e.end for e in inside)})
    for piece_start, piece_end in pairwise(cuts):
        entity = next((e for e in inside if e.start <= piece_start and piece_end <= e.end), None)
        for match in TOKEN.finditer(text, piece_start, piece_end):
            if entity is None:
                yield match.group(), "O"
            else:
                first = match.start() == _first_token_start(text, entity)
                yield match.group(), f"{'B' if first else 'I'}-{entity.label}"


def _first_token_start(text: str, entity: Entity) -> int:
    match = TOKEN.search(text, entity.start, entity.end)
    return match.start() if match else entity.start
