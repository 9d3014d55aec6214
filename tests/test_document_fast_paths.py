"""The shortcuts that make a big article open fast give what the plain definitions give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.document import Article, content_hash

LINES = st.text(alphabet=st.sampled_from("ab .\t\r\n\u00a0\u2003\x0c東"), max_size=300)


def trimmed_lines(text: str) -> list[tuple[int, int]]:
    """Paragraphs by definition: each line's span without surrounding white space."""
    spans, start = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            first = start + line.index(stripped)
            spans.append((first, first + len(stripped)))
        start += len(line) + 1
    return spans


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_paragraphs_of_line_text_are_its_trimmed_lines(text: str) -> None:
    article = Article(text, "test")
    if not article.hard_wrapped:
        assert article.paragraphs == trimmed_lines(text)


@given(st.text(alphabet=st.characters(blacklist_categories=["Cc", "Cs"]), max_size=200))
def test_hash_of_the_file_bytes_is_the_hash_of_the_text(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    article = Article.from_bytes(data, "test")
    if article.encoding == "utf-8":
        assert article.content_hash == content_hash(article.text)


def test_hash_of_a_latin1_file_is_the_hash_of_its_text() -> None:
    article = Article.from_bytes("Zürich café".encode("cp1252"), "test")
    assert article.encoding == "cp1252"
    assert article.content_hash == content_hash("Zürich café")
    assert article.content_hash == Article.from_bytes("Zürich café".encode(), "t").content_hash


def test_one_paragraph_per_line_is_judged_on_the_start_of_the_text() -> None:
    news = "\n".join(f"Paragraph {n} of the story, written on one line." for n in range(20))
    assert Article(news, "t").one_paragraph_per_line
    spaced = "\n\n".join(f"Paragraph {n} of the story, written on one line." for n in range(20))
    assert not Article(spaced, "t").one_paragraph_per_line


def test_blank_articles() -> None:
    assert Article("", "t").is_blank
    assert Article(" \n\t\r\n", "t").is_blank
    assert not Article("\n a", "t").is_blank


@settings(max_examples=100, deadline=None)
@given(LINES, st.lists(st.integers(min_value=-3, max_value=310), max_size=20))
def test_line_of_counts_from_wherever_it_was_asked_last(text: str, offsets: list[int]) -> None:
    """Whatever the order of the questions, the line is the number of line breaks before."""
    article = Article(text, "test")
    assert article.line_count == len(article.line_starts)
    for offset in offsets:
        clamped = min(max(offset, 0), len(text))
        assert article.line_of(offset) == text.count("\n", 0, clamped)
