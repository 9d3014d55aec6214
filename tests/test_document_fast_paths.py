"""The shortcuts that make a big article open fast give what the plain definitions give."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui_reader.document import Article, content_hash


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
