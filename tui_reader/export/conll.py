"""Entities as token-per-line columns, for training and evaluating NER models.

Two variants, each written the way its readers accept it:

- `conll`: CoNLL-2003 columns as spaCy's `spacy convert --converter ner` and
  the CoNLL-2003 readers take them: one token per line, four space-separated
  columns (the token, its part of speech and chunk, unknown here and written
  `_`, and its entity tag in IOB2: `B-` begins an entity, `I-` continues it, `O`
  is outside; labels are OntoNotes names). Sentences end with a blank line; the
  article starts with spaCy's document line `-DOCSTART- -X- O O`. Nothing else:
  no comment lines, which spaCy reads as tokens (error E177).
- `conllu`: CoNLL-U, ten tab-separated columns, as the `conllu` library,
  `spacy convert --converter conllu` and Universal Dependencies tools read it:
  `ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC`, everything unknown `_`;
  the entity tag in MISC as `NE=B-GPE`; `SpaceAfter=No` where no space follows
  a token and `SpacesAfter=\\n\\n` (UD's escapes) where other white space does,
  so the text can be rebuilt exactly; `# newdoc id`, `# sent_id` and `# text`
  comments.

Tokenisation: a token is a run of letters and digits, with the combining marks
that belong to them ("café" written with U+0301, Devanagari vowel signs), which
may hold inner apostrophes, hyphens and periods ("don't", "al-Qaeda", "U.S") and
commas or periods between digits ("3,000", "1.5"); or any other single
character with its marks and joined emoji ("👩‍💻", a flag). Tokens are also cut at
entity edges, so an entity is always a whole number of tokens. A sentence never
ends inside an entity.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from io import StringIO
from itertools import pairwise

from tui_reader.document import Article, Span
from tui_reader.export.common import Dropped, ExportResult, dropped_kinds, drops
from tui_reader.model import Annotation, Kind
from tui_reader.nlp.entities import Entity

DOCSTART = "-DOCSTART- -X- O O"
"""The document line spaCy's ner converter splits documents at (CoNLL-2003's own
`-DOCSTART- -X- -X- O` would be read as a token)."""
MISC_ESCAPES = {" ": "\\s", "\t": "\\t", "\n": "\\n", "\r": "\\r", "|": "\\p", "\\": "\\\\"}
"""How CoNLL-U's `SpacesAfter` writes white space (the Universal Dependencies convention);
other white space, such as a no-break space, is written `\\u00A0`."""

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
ASTRAL_PIECE = 1 << 20
"""Characters `has_astral_marks` searches at a time (about 10 ms each)."""
Token = tuple[int, int, str]
"""(start, end, IOB2 tag) of one token in the article's text."""


def export(
    article: Article, annotations: Sequence[Annotation], entities: Sequence[Entity]
) -> ExportResult:
    """CoNLL-2003 columns, space-separated (see the module docstring)."""
    text = article.text
    out = StringIO()
    out.write(f"{DOCSTART}\n\n")
    sentences, dropped = _sentences_with_tokens(article, annotations, entities, "conll")
    for sentence in sentences:
        out.write("".join(f"{text[start:end]} _ _ {tag}\n" for start, end, tag in sentence))
        out.write("\n")
    return ExportResult("conll", out.getvalue(), dropped=dropped)


def export_conllu(
    article: Article, annotations: Sequence[Annotation], entities: Sequence[Entity]
) -> ExportResult:
    """CoNLL-U, tab-separated, the entity tags in MISC (see the module docstring)."""
    text = article.text
    sentences, dropped = _sentences_with_tokens(article, annotations, entities, "conllu")
    out = StringIO()
    out.write(f"# newdoc id = sha256:{article.content_hash}\n")
    numbered = enumerate(_with_next_start(sentences, len(text)), start=1)
    for number, (sentence, next_start) in numbered:
        following = iter([*(start for start, _, _ in sentence[1:]), next_start])
        rows, shown = [], []
        for index, (start, end, tag) in enumerate(sentence, start=1):
            gap = text[end : next(following)]
            misc = [f"NE={tag}"] if tag != "O" else []
            if not gap:
                misc.append("SpaceAfter=No")
            elif gap != " ":
                misc.append("SpacesAfter=" + "".join(map(_escaped, gap)))
            form = text[start:end]
            rows.append("\t".join((str(index), form, *["_"] * 7, "|".join(misc) or "_")))
            shown.append(form + (" " if gap and index < len(sentence) else ""))
        out.write(f"# sent_id = {number}\n# text = {''.join(shown)}\n")
        out.write("".join(f"{row}\n" for row in rows))
        out.write("\n")
    return ExportResult("conllu", out.getvalue(), dropped=dropped)


def _with_next_start(
    sentences: Iterable[list[Token]], end: int
) -> Iterator[tuple[list[Token], int]]:
    """Each sentence with where the token after its last one starts (`end` after the
    last sentence): the white space after a sentence runs to there."""
    previous: list[Token] | None = None
    for sentence in sentences:
        if previous is not None:
            yield previous, sentence[0][0]
        previous = sentence
    if previous is not None:
        yield previous, end


def _escaped(character: str) -> str:
    """A white-space character as CoNLL-U's `SpacesAfter` writes it (`\\uXXXX` if unnamed)."""
    if character in MISC_ESCAPES:
        return MISC_ESCAPES[character]
    return character if character.isprintable() else f"\\u{ord(character):04X}"


def _sentences_with_tokens(
    article: Article, annotations: Sequence[Annotation], entities: Sequence[Entity], fmt: str
) -> tuple[Iterator[list[Token]], list[str]]:
    """The tagged tokens of every sentence that has any, one sentence at a time, and
    what the format dropped.

    The sentences are made as they are written, not listed first: the two million
    tokens of a 10 MB article, held in lists, made every full garbage collection
    walk them all (up to 0.3 s each, several per export, every other thread held
    up meanwhile, the app's event loop among them).
    """
    chosen, overlapping = without_overlaps(entities)
    placed, outside = _by_paragraph(article, chosen)
    dropped = dropped_kinds(annotations, {Kind.ENTITY}, f"{fmt} holds entities only")
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
    return _tagged_sentences(article, placed), dropped


def _tagged_sentences(article: Article, placed: dict[int, list[Entity]]) -> Iterator[list[Token]]:
    """The tagged tokens of each sentence that has any, paragraph by paragraph."""
    pattern = token_pattern(has_astral_marks(article.text))
    for index in range(len(article.paragraphs)):
        paragraph_entities = placed.get(index, [])
        for sentence in _sentences(article, index, paragraph_entities):
            tokens = list(_tagged_tokens(article.text, sentence, paragraph_entities, pattern))
            if tokens:
                yield tokens


def without_overlaps(entities: Sequence[Entity]) -> tuple[list[Entity], int]:
    """Entities that overlap no earlier one (the longer wins a tie at the same start)."""
    chosen: list[Entity] = []
    for entity in sorted(entities, key=lambda e: (e.start, -(e.end - e.start), e.label)):
        if chosen and entity.start < chosen[-1].end:
            continue
        chosen.append(entity)
    return chosen, len(entities) - len(chosen)


def _by_paragraph(article: Article, entities: list[Entity]) -> tuple[dict[int, list[Entity]], int]:
    """The entities of each paragraph that has any, by its index, and how many lie in no
    single paragraph."""
    placed: dict[int, list[Entity]] = {}
    outside = 0
    for entity in entities:
        index = article.paragraph_index(entity.start)
        if index >= 0 and entity.end <= article.paragraphs[index][1]:
            placed.setdefault(index, []).append(entity)
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


def _tagged_tokens(
    text: str, sentence: Span, entities: list[Entity], pattern: re.Pattern[str]
) -> Iterator[Token]:
    """(start, end, IOB2 tag) of each token of one sentence."""
    start, end = sentence
    inside = [e for e in entities if start <= e.start and e.end <= end]
    cuts = sorted({start, end, *(e.start for e in inside), *(e.end for e in inside)})
    for piece_start, piece_end in pairwise(cuts):
        entity = next((e for e in inside if e.start <= piece_start and piece_end <= e.end), None)
        for match in pattern.finditer(text, piece_start, piece_end):
            if entity is None:
                yield match.start(), match.end(), "O"
            else:
                first = match.start() == _first_token_start(text, entity, pattern)
                yield match.start(), match.end(), f"{'B' if first else 'I'}-{entity.label}"


def _first_token_start(text: str, entity: Entity, pattern: re.Pattern[str]) -> int:
    match = pattern.search(text, entity.start, entity.end)
    return match.start() if match else entity.start


def has_astral_marks(text: str) -> bool:
    """Whether `text` has a combining mark outside the Basic Multilingual Plane (rare:
    historic scripts, ideographic variation selectors); emoji are astral but no marks.

    Looked for a piece at a time: one regular-expression search holds the interpreter's
    lock to its end, and over 10 MB that held every other thread (the app's event loop
    among them) for 60-120 ms.
    """
    return any(
        unicodedata.category(c)[0] == "M"
        for start in range(0, len(text), ASTRAL_PIECE)
        for c in _ASTRAL.findall(text, start, start + ASTRAL_PIECE)
    )


@cache
def token_pattern(astral_marks: bool) -> re.Pattern[str]:
    """The token regular expression (see the module docstring), built at first use.

    Python's `\\w` leaves out combining marks, so they are listed: every code
    point of Unicode category M (planes 0, 1 and 14; 80 ms to list). Without
    the astral ones the class is a bitmap `re` tests fast: a 1 MB export spends
    about 130 ms matching tokens instead of 450 (for text that has none of them).
    """
    marks = _combining_marks(astral_marks)
    word = rf"[\w{marks}]+"
    joiner = r"(?:['’.\-]|(?<=\d)[,.](?=\d))"
    flag = "[\U0001f1e6-\U0001f1ff]{2}"
    symbol = rf"[^\w\s](?:[{marks}\U0001f3fb-\U0001f3ff]|\u200d[^\s])*"
    return re.compile(rf"{word}(?:{joiner}{word})*|{flag}|{symbol}")


def _combining_marks(astral: bool) -> str:
    """A character-class body with every combining mark (of the BMP only, unless
    `astral`), as ranges."""
    planes = (range(0x20000), range(0xE0000, 0xE1000)) if astral else (range(0x10000),)
    points = [p for plane in planes for p in plane if unicodedata.category(chr(p))[0] == "M"]
    ranges: list[list[int]] = []
    for point in points:
        if ranges and point == ranges[-1][1] + 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    return "".join(
        re.escape(chr(low)) + (f"-{re.escape(chr(high))}" if high > low else "")
        for low, high in ranges
    )
