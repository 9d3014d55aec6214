"""CoNLL-2003 files as articles with gold entities, to measure the recognisers on real news.

A CoNLL-2003 file has one token a line (`TOKEN POS CHUNK NER`, IOB1 tags such
as `I-PER`, `B-` only where two entities of one type touch), a blank line
between sentences and `-DOCSTART- -X- -X- O` between documents. It keeps no
spacing, so the text of each document is rebuilt the way the evaluation data's
README prescribes, and every token keeps its offsets in that text:

- tokens are joined by single spaces, with no space before `, . ; : ) 's n't`
  and none after `( $`; straight double quotes alternate open / close within
  a sentence (no space after an opening one, none before a closing one);
- one sentence a line: in Reuters copy a sentence is a paragraph.

A document is *prose* (a running-text story, not a results table) when it has
at least three body sentences after the headline and the dateline, and at least
60% of them hold five or more lower-case words.

The files come from outside, so anything malformed is a `UserError` naming the
line, never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tui_reader.document import Span
from tui_reader.errors import UserError

CONLL_TYPES = ("PER", "ORG", "LOC", "MISC")
"""The entity types of CoNLL-2003; MISC is read but not scored."""
_DOCSTART = "-DOCSTART-"
_TAG = re.compile(r"O|[IB]-(?:PER|ORG|LOC|MISC)")
_NO_SPACE_BEFORE = frozenset([",", ".", ";", ":", ")", "'s", "n't"])
_NO_SPACE_AFTER = frozenset(["(", "$"])
_QUOTE = '"'
_DATELINE_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LOWER_WORD = re.compile(r"[a-z][a-z'-]*")
PROSE_MIN_SENTENCES = 3
PROSE_MIN_WORDS = 5
PROSE_MIN_SHARE = 0.6


@dataclass(frozen=True)
class GoldSpan:
    """A gold entity: code-point offsets into the rebuilt text and its CoNLL type."""

    start: int
    end: int
    type: str


@dataclass(frozen=True)
class ConllDocument:
    """One document of a CoNLL file, rebuilt as text."""

    name: str
    """The file's name and the document's number in it, from 1: "eng.testa#12"."""
    text: str
    sentences: tuple[Span, ...]
    """One span a sentence (a line of `text`)."""
    tokens: tuple[Span, ...]
    """Every token's span, in order."""
    entities: tuple[GoldSpan, ...]
    prose: bool


@dataclass
class _Sentence:
    words: list[str]
    tags: list[str]
    line: int
    """The line of the file the sentence starts on (from 1), for error messages."""


def read_conll_file(path: Path) -> list[ConllDocument]:
    """Every document of a CoNLL-2003 file."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UserError(f"{path}: cannot read it ({error.strerror or error})") from None
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError:
        content = raw.decode("latin-1")
    return parse_conll(content, path.name)


def parse_conll(content: str, name: str) -> list[ConllDocument]:
    """The documents of a CoNLL-2003 file's text; `name` names them and the errors."""
    documents = []
    for number, sentences in enumerate(_documents(content, name), start=1):
        if sentences:
            documents.append(build_document(f"{name}#{number}", sentences, name))
    return documents


def _documents(content: str, name: str) -> Iterator[list[_Sentence]]:
    """Sentences grouped by document (a file without -DOCSTART- is one document)."""
    document: list[_Sentence] = []
    sentence: _Sentence | None = None
    started = False
    for number, line in enumerate(content.splitlines(), start=1):
        fields = line.split()
        if not fields:
            if sentence is not None:
                document.append(sentence)
                sentence = None
            continue
        if fields[0] == _DOCSTART:
            if sentence is not None:
                document.append(sentence)
                sentence = None
            if started or document:
                yield document
            document, started = [], True
            continue
        if len(fields) < 2:
            raise UserError(f"{name}:{number}: expected 'TOKEN ... NER', found {line.strip()!r}")
        tag = fields[-1]
        if not _TAG.fullmatch(tag):
            raise UserError(f"{name}:{number}: unknown entity tag {tag!r}")
        if sentence is None:
            sentence = _Sentence([], [], number)
        sentence.words.append(fields[0])
        sentence.tags.append(tag)
    if sentence is not None:
        document.append(sentence)
    if started or document:
        yield document


def build_document(name: str, sentences: list[_Sentence], file_name: str) -> ConllDocument:
    """Rebuild the text of one document and place its tokens and gold entities in it."""
    parts: list[str] = []
    spans: list[Span] = []
    tokens: list[Span] = []
    entities: list[GoldSpan] = []
    position = 0
    for index, sentence in enumerate(sentences):
        if index:
            parts.append("\n")
            position += 1
        line, offsets = rebuild_sentence(sentence.words)
        parts.append(line)
        spans.append((position, position + len(line)))
        sentence_tokens = [(position + start, position + end) for start, end in offsets]
        tokens.extend(sentence_tokens)
        for start, end, type_ in entity_spans(sentence.tags):
            entities.append(GoldSpan(sentence_tokens[start][0], sentence_tokens[end - 1][1], type_))
        position += len(line)
    text = "".join(parts)
    return ConllDocument(
        name,
        text,
        tuple(spans),
        tuple(tokens),
        tuple(entities),
        is_prose([s.words for s in sentences]),
    )


def rebuild_sentence(words: list[str]) -> tuple[str, list[Span]]:
    """A sentence's text and each token's (start, end) in it."""
    pieces: list[str] = []
    offsets: list[Span] = []
    position = 0
    quote_open = False
    glue_next = False
    for index, word in enumerate(words):
        closing_quote = word == _QUOTE and quote_open
        glue = glue_next or word in _NO_SPACE_BEFORE or closing_quote
        if index and not glue:
            pieces.append(" ")
            position += 1
        pieces.append(word)
        offsets.append((position, position + len(word)))
        position += len(word)
        if word == _QUOTE:
            quote_open = not quote_open
            glue_next = quote_open
        else:
            glue_next = word in _NO_SPACE_AFTER
    return "".join(pieces), offsets


def entity_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(first token, last token + 1, type) of each entity in IOB1 (or IOB2) tags."""
    spans: list[tuple[int, int, str]] = []
    start: int | None = None
    current = ""
    for index, tag in enumerate([*tags, "O"]):
        prefix, _, type_ = tag.partition("-")
        continues = prefix == "I" and type_ == current
        if start is not None and not continues:
            spans.append((start, index, current))
            start, current = None, ""
        if prefix in ("B", "I") and start is None:
            start, current = index, type_
    return spans


def body_sentences(sentences: list[list[str]]) -> list[list[str]]:
    """The sentences after the headline and, when there is one, the dateline."""
    body = sentences[1:]
    if body and any(_DATELINE_DATE.fullmatch(word) for word in body[0][-2:]):
        body = body[1:]
    return body


def is_prose(sentences: list[list[str]]) -> bool:
    """A running-text story rather than a results table (the definition above)."""
    body = body_sentences(sentences)
    if len(body) < PROSE_MIN_SENTENCES:
        return False
    wordy = sum(
        1
        for words in body
        if sum(1 for word in words if _LOWER_WORD.fullmatch(word)) >= PROSE_MIN_WORDS
    )
    return wordy >= PROSE_MIN_SHARE * len(body)


def is_conll_file(path: Path) -> bool:
    """True for a file that opens like a CoNLL-2003 file (-DOCSTART- or a tagged token)."""
    try:
        with path.open("rb") as stream:
            head = stream.read(4096).decode("latin-1")
    except OSError:
        return False
    for line in head.splitlines():
        fields = line.split()
        if fields:
            return fields[0] == _DOCSTART or (len(fields) >= 2 and bool(_TAG.fullmatch(fields[-1])))
    return False


def conll_files(paths: Iterable[Path]) -> list[Path]:
    """The CoNLL files among `paths`, in order."""
    return [path for path in paths if path.is_file() and is_conll_file(path)]
