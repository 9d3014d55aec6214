"""The article as text: decoding, identity, lines, paragraphs, sentences and words.

Every offset in tui-reader is a code-point index into `Article.text`, the decoded
file kept exactly as it is (carriage returns included, no normalisation), so that
exports and the `entities` command agree with any other tool reading the file.
Nothing here imports Textual: the CLI, the exporters and the tests use it directly.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import sys
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from tui_reader.display import as_seen_pattern
from tui_reader.errors import UserError
from tui_reader.input_files import read_regular_file, too_large
from tui_reader.limits import MAX_ARTICLE_BYTES

if TYPE_CHECKING:
    from tui_reader.metadata import MetadataFields

Span = tuple[int, int]

# Longest BOMs first: the UTF-32 LE BOM begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
"""Files shown as the main text of the page rather than as markup."""
_SNIFF_BYTES = 65536
_STYLE_SAMPLE = 262144
# Control characters other than tab, newline, carriage return and form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n(?:[ \t\r\f\v]*\n)+")
_TRIMMED_LINE = re.compile(r"\S(?:[^\n]*\S)?")
"""A line without the white space around it (`\\s` is what `str.isspace` calls space)."""
_WORD = re.compile(r"\w+|[^\w\s]+")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
_WORD_BEFORE_PERIOD = re.compile(r"(?:^|[\s(])([A-Za-z][A-Za-z.]*)\.$")
_ABBREVIATIONS = frozenset(
    {
        *("mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm"),
        *("gov", "sen", "rep", "st", "jr", "sr", "rev", "hon", "inc", "co", "corp", "ltd"),
        *("no", "nos", "vs", "etc", "fig", "approx", "dept", "est", "mt", "ft"),
        *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
        *("e.g", "i.e", "u.s", "u.n", "u.k", "e.u"),
    }
)


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Decode a file's bytes as a reader would expect, returning (text, encoding).

    A BOM decides the encoding; otherwise UTF-8, then Windows-1252, then Latin-1
    (which accepts any byte). Binary data (NUL bytes or many control characters)
    is refused with a `UserError`, because showing it as text helps nobody.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise UserError(f"{source}: not valid {encoding} text ({error.reason})") from None
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise UserError(f"{source}: looks like a binary file, not text")
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:_SNIFF_BYTES]
        if sample and len(_CONTROL.findall(sample)) > len(sample) // 20:
            raise UserError(f"{source}: looks like a binary file, not text")
        return text, encoding
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def content_hash(text: str) -> str:
    """The article's identity: SHA-256 of its decoded text.

    Hashing the text rather than the bytes means a file re-saved in another
    encoding keeps its annotations, as does a moved or renamed one.
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _guess_title(text: str, fallback: str) -> str:
    """The first short line that reads like a headline, else `fallback`.

    Bylines ("By ...") are skipped; a first line that is a long sentence is a
    paragraph, not a title, so the file name is used instead.
    """
    for line in text[:4000].splitlines():
        line = line.strip().lstrip("#").strip()  # a Markdown heading is a title too
        if not line:
            continue
        if line.lower().startswith("by ") and len(line) < 60:
            continue
        if len(line) <= 100 and not line.endswith((".", ",", ";")):
            return line
        break
    return fallback


@dataclass
class Article:
    """A decoded article with the maps the reader and the recognisers need."""

    text: str
    name: str
    path: Path | None = None
    encoding: str = "utf-8"
    _sentence_cache: dict[int, list[Span]] = field(default_factory=dict, repr=False)
    _known_hash: str | None = field(default=None, repr=False)
    """The content hash when it was computed from the file's bytes (see `from_bytes`)."""
    _last_line: tuple[int, int] = field(default=(0, 0), repr=False)
    """(offset, line) of the last `line_of` answer, to count from next time."""
    page_metadata: MetadataFields | None = field(default=None, repr=False)
    """What the HTML page declared about itself (None for text): see `tui_reader.metadata`."""

    @classmethod
    def from_bytes(cls, data: bytes, name: str, path: Path | None = None) -> Article:
        """An article from a file's bytes.

        Text read as UTF-8 encodes back to exactly these bytes, so its content
        hash is the hash of the bytes: three times faster than encoding the text
        again, which matters for a 50 MB file opening.
        """
        text, encoding = decode(data, name)
        known_hash = hashlib.sha256(data).hexdigest() if encoding == "utf-8" else None
        return cls(text=text, name=name, path=path, encoding=encoding, _known_hash=known_hash)

    @classmethod
    def load(cls, source: str | Path) -> Article:
        """Read an article from a path, or from standard input when `source` is "-".

        Only a regular file is read, and none above `MAX_ARTICLE_BYTES` (see
        `input_files`); every problem is a one-line `UserError`.
        """
        if str(source) == "-":
            data = sys.stdin.buffer.read(MAX_ARTICLE_BYTES + 1)
            if len(data) > MAX_ARTICLE_BYTES:
                raise too_large("stdin", MAX_ARTICLE_BYTES, "an article")
            return cls.from_bytes(data, "stdin")
        path = Path(source)
        data = read_regular_file(path, MAX_ARTICLE_BYTES, "an article")
        if path.suffix.lower() in HTML_SUFFIXES:
            from tui_reader.html_text import main_text
            from tui_reader.metadata.page import page_metadata

            html, encoding = decode(data, path.name)
            del data  # a 50 MB page need not be held twice while it is parsed
            text = main_text(html, path.name)
            return cls(text, path.name, path.resolve(), encoding, page_metadata=page_metadata(html))
        return cls.from_bytes(data, path.name, path.resolve())

    @cached_property
    def content_hash(self) -> str:
        return self._known_hash or content_hash(self.text)

    @property
    def is_blank(self) -> bool:
        """True for an empty article, or one of white space only (without copying the text)."""
        return not self.text or self.text.isspace()

    @cached_property
    def title(self) -> str:
        fallback = Path(self.name).stem if self.path else self.name
        return _guess_title(self.text, fallback)

    # Lines -------------------------------------------------------------------

    @cached_property
    def line_starts(self) -> list[int]:
        """Offset of the first character of every line (split at "\\n" only)."""
        starts = [0]
        find = self.text.find
        position = find("\n")
        while position != -1:
            starts.append(position + 1)
            position = find("\n", position + 1)
        return starts

    @cached_property
    def line_count(self) -> int:
        return self.text.count("\n") + 1

    def line_of(self, offset: int) -> int:
        """The line (from 0) holding `offset`.

        Counted from the nearest point already known (the start, the end, or the
        offset asked about last), so a cursor moving a few lines costs next to
        nothing, and the status line of a 50 MB text does not wait for a table
        of 350,000 line starts (50 ms) before the first screen.
        """
        text = self.text
        offset = min(max(offset, 0), len(text))
        known_points = ((0, 0), (len(text), self.line_count - 1), self._last_line)
        known, line = min(known_points, key=lambda point: abs(point[0] - offset))
        if known <= offset:
            line += text.count("\n", known, offset)
        else:
            line -= text.count("\n", offset, known)
        self._last_line = (offset, line)
        return line

    # Paragraphs ----------------------------------------------------------------

    @cached_property
    def _blocks(self) -> list[Span]:
        """Spans separated by blank lines (untrimmed)."""
        blocks: list[Span] = []
        position = 0
        for separator in _BLANK_LINES.finditer(self.text):
            blocks.append((position, separator.start()))
            position = separator.end()
        blocks.append((position, len(self.text)))
        return blocks

    @cached_property
    def hard_wrapped(self) -> bool:
        """True for text wrapped into short lines, its paragraphs separated by blank lines.

        Judged on the first part of the text only: the style does not change
        within an article, and a 50 MB file must not be read twice to decide.
        """
        sample = self.text[:_STYLE_SAMPLE]
        lines = sample.split("\n")
        blank = sum(1 for line in lines if not line.strip())
        long_lines = sum(1 for line in lines if len(line) > 100)
        short_in_blocks = len(lines) - blank - long_lines
        return blank > 0 and short_in_blocks > 2 * blank and long_lines * 4 < len(lines)

    @cached_property
    def one_paragraph_per_line(self) -> bool:
        """True when each line is a paragraph and blank lines rarely separate them
        (most news copy): the reader then shows a gap between lines.

        Judged on the first part of the text, like `hard_wrapped`: the reader asks
        before its first screen, and reading all of a 50 MB text to answer took 0.1 s.
        """
        if self.hard_wrapped:
            return False
        sample = self.text[:_STYLE_SAMPLE]
        blocks = sum(1 for _ in _BLANK_LINES.finditer(sample)) + 1
        return blocks * 2 < sample.count("\n") + 1

    @cached_property
    def paragraphs(self) -> list[Span]:
        """Paragraph spans, trimmed of surrounding white space: blank-line separated
        blocks for hard-wrapped text, else lines."""
        if self.hard_wrapped:
            return [trimmed for span in self._blocks if (trimmed := self._trim(span))]
        # Every line that is not blank, trimmed, by one regular expression instead
        # of a Python loop over the lines: 175 -> 65 ms for 50 MB.
        return [line.span() for line in _TRIMMED_LINE.finditer(self.text)]

    def _trim(self, span: Span) -> Span | None:
        start, end = span
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [start for start, _ in self.paragraphs]

    def paragraph_index(self, offset: int) -> int:
        """Index of the paragraph holding `offset`, or of the last one before it (-1 if none)."""
        return bisect_right(self._paragraph_starts, offset) - 1

    # Sentences -----------------------------------------------------------------

    def sentences_in(self, paragraph: int) -> list[Span]:
        """Sentence spans of paragraph number `paragraph` (computed once, then cached)."""
        cached = self._sentence_cache.get(paragraph)
        if cached is None:
            start, end = self.paragraphs[paragraph]
            cached = list(split_sentences(self.text, start, end))
            self._sentence_cache[paragraph] = cached
        return cached

    def sentence_at(self, offset: int) -> Span | None:
        """The sentence holding `offset`; between two sentences, the next one."""
        if not self.paragraphs:
            return None
        index = self.paragraph_index(offset)
        if index < 0:
            return self.sentences_in(0)[0]
        for start, end in self.sentences_in(index):
            if offset < end:
                return start, end
        if index + 1 < len(self.paragraphs):
            return self.sentences_in(index + 1)[0]
        return self.sentences_in(index)[-1]

    def next_sentence_start(self, offset: int) -> int:
        index = max(self.paragraph_index(offset), 0)
        for paragraph in range(index, len(self.paragraphs)):
            for start, _ in self.sentences_in(paragraph):
                if start > offset:
                    return start
        return offset

    def previous_sentence_start(self, offset: int) -> int:
        index = min(self.paragraph_index(offset), len(self.paragraphs) - 1)
        for paragraph in range(index, -1, -1):
            for start, _ in reversed(self.sentences_in(paragraph)):
                if start < offset:
                    return start
        return offset

    # Paragraph and word motions --------------------------------------------------

    def next_paragraph_start(self, offset: int) -> int:
        index = self.paragraph_index(offset) + 1
        return self.paragraphs[index][0] if index < len(self.paragraphs) else offset

    def previous_paragraph_start(self, offset: int) -> int:
        index = self.paragraph_index(offset)
        if index >= 0 and self.paragraphs[index][0] < offset:
            return self.paragraphs[index][0]
        return self.paragraphs[index - 1][0] if index >= 1 else offset

    def next_word_start(self, offset: int) -> int:
        match = _WORD.search(self.text, offset)
        if match and match.start() <= offset:
            match = _WORD.search(self.text, match.end())
        return match.start() if match else offset

    def previous_word_start(self, offset: int) -> int:
        window_start = max(0, offset - 1000)
        last = None
        for match in _WORD.finditer(self.text, window_start, offset):
            last = match
        return last.start() if last else offset

    def occurrences(self, phrase: str) -> list[Span]:
        """Every place the phrase stands as whole words (case and spelling exactly)."""
        if not phrase:
            return []
        pattern = re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)")
        return [match.span() for match in pattern.finditer(self.text)]


def split_sentences(text: str, start: int, end: int) -> list[Span]:
    """Split text[start:end] into sentences at ., ! or ? followed by a capital.

    Known abbreviations (Mr., U.S., Jan.) and single initials ("J. Smith") do not
    end a sentence. Good enough for news prose; no model needed.
    """
    sentences: list[Span] = []
    sentence_start = start
    for match in _SENTENCE_BREAK.finditer(text, start, end):
        before = text[max(sentence_start, match.start() - 20) : match.start()]
        found = _WORD_BEFORE_PERIOD.search(before.rstrip("\"”’')]"))
        if found:
            word = found.group(1).lower()
            if word in _ABBREVIATIONS or len(word) == 1 or word.count(".") >= 1:
                continue
        sentences.append((sentence_start, match.start()))
        sentence_start = match.end()
    if sentence_start < end:
        sentences.append((sentence_start, end))
    return sentences


def smart_case_pattern(query: str) -> re.Pattern[str]:
    """A literal search pattern, case-insensitive unless the query has a capital
    (as in vim's smartcase): "wagner" finds Wagner, "US" does not find "us".

    A control character's picture finds it too, as the reader shows it: "␛" finds
    ESC (`display.as_seen_pattern`)."""
    flags = 0 if any(character.isupper() for character in query) else re.IGNORECASE
    return re.compile(as_seen_pattern(query), flags)


SEARCH_PIECE = 1 << 20
"""Characters `smart_case_matches` searches at a time."""


def smart_case_matches(query: str, text: str, piece: int = SEARCH_PIECE) -> list[Span]:
    """Every match of `smart_case_pattern(query)` in `text`, as `finditer` finds them,
    searched a piece of the text at a time.

    A regular expression holds the interpreter's lock until it returns, and one
    `finditer` step over a 50 MB text with a single match runs for a second or
    more: a worker doing it froze the reader's screen for that long. Piece by
    piece, other threads get their turn in between. A literal matches exactly
    `len(query)` characters, so each piece is searched that far past its end
    for a match that starts in it.
    """
    pattern = smart_case_pattern(query)
    reach = max(len(query) - 1, 0)
    piece = max(piece, 1)
    matches: list[Span] = []
    position = 0
    for start in range(0, len(text), piece):
        end = start + piece
        position = max(position, start)
        for match in pattern.finditer(text, position, min(end + reach, len(text))):
            if match.start() >= end:
                break
            matches.append(match.span())
            position = match.end()
    return matches
