"""The article core: decoding, identity, paragraphs, sentences and word motions."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from tui_reader.document import Article, decode, split_sentences
from tui_reader.errors import UserError

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("name", "encoding", "expected"),
    [
        ("latin1.txt", "cp1252", "Café owners in Montréal say prices rose 12% in 2024.\n"),
        ("utf16.txt", "utf-16", "Zoë Brandt met the mayor of Łódź on Friday.\n"),
        ("utf8_bom.txt", "utf-8-sig", "The café opened in Zürich.\r\nIt was busy.\r\n"),
    ],
)
def test_other_encodings_decode_to_the_same_text(name: str, encoding: str, expected: str) -> None:
    article = Article.load(DATA / name)
    assert article.encoding == encoding
    assert article.text == expected


def test_utf16_big_endian_and_utf32_boms() -> None:
    text = "Ana Peña said 3 ships left.\n"
    for encoding, bom in (("utf-16-be", codecs.BOM_UTF16_BE), ("utf-32-le", codecs.BOM_UTF32_LE)):
        decoded, _ = decode(bom + text.encode(encoding), "x")
        assert decoded == text


def test_content_hash_ignores_the_encoding_but_not_the_text(tmp_path: Path) -> None:
    text = "Zoë Brandt met the mayor of Łódź on Friday.\n"
    utf8, utf16 = tmp_path / "a.txt", tmp_path / "b.txt"
    utf8.write_text(text, encoding="utf-8")
    utf16.write_bytes(text.encode("utf-16"))
    assert Article.load(utf8).content_hash == Article.load(utf16).content_hash
    utf8.write_text(text + "More.\n", encoding="utf-8")
    assert Article.load(utf8).content_hash != Article.load(utf16).content_hash


def test_crlf_is_kept_and_offsets_are_code_points() -> None:
    article = Article.load(DATA / "utf8_bom.txt")
    assert article.text.index("It") == len("The café opened in Zürich.\r\n")
    assert article.paragraphs[1] == (28, 28 + len("It was busy."))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(1, 32)) * 40, "binary"),
    ],
)
def test_binary_files_are_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "picture.txt"
    path.write_bytes(content)
    with pytest.raises(UserError, match=message):
        Article.load(path)


def test_missing_file_and_directory_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no such file"):
        Article.load(tmp_path / "absent.txt")
    with pytest.raises(UserError, match="is a directory"):
        Article.load(tmp_path)


def test_empty_article_has_no_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    article = Article.load(path)
    assert article.text == ""
    assert article.paragraphs == []
    assert article.sentence_at(0) is None
    assert article.title == "empty"


def test_title_skips_byline_and_uses_headline(article_path: Path) -> None:
    assert (
        Article.load(article_path).title == "Harbour council backs ferry plan after heated debate"
    )


def test_title_falls_back_to_file_name_when_first_line_is_a_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("By Ann Lee\nA long first paragraph that is a sentence, not a title.\n")
    assert Article.load(path).title == "report"


def test_paragraphs_one_per_line_without_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "news.txt"
    lines = ["First paragraph is here and it is long enough." * 3, "Second one.", "Third one."]
    path.write_text("\n".join(lines) + "\n")
    article = Article.load(path)
    assert [article.text[s:e] for s, e in article.paragraphs] == lines
    assert article.one_paragraph_per_line


def test_paragraphs_of_hard_wrapped_text_are_blocks(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.txt"
    block = "A line of a hard wrapped paragraph\nthat goes on here\nand ends here."
    path.write_text(f"{block}\n\n{block}\n\n{block}\n")
    article = Article.load(path)
    assert article.hard_wrapped
    assert len(article.paragraphs) == 3
    assert article.text[slice(*article.paragraphs[1])] == block
    assert not article.one_paragraph_per_line


def test_sentences_respect_abbreviations_and_initials() -> None:
    text = (
        'Mr. Smith met U.N. officials in Jan. 2024. "It went well," he said. J. Doe agreed! Done.'
    )
    sentences = [text[s:e] for s, e in split_sentences(text, 0, len(text))]
    assert sentences == [
        "Mr. Smith met U.N. officials in Jan. 2024.",
        '"It went well," he said.',
        "J. Doe agreed!",
        "Done.",
    ]


def test_sentence_and_paragraph_motions(article_path: Path) -> None:
    article = Article.load(article_path)
    text = article.text
    leader = text.index("Council leader")
    start, end = article.sentence_at(leader + 5)
    assert text[start:end].startswith("Council leader Daniel Achterberg said")
    assert text[start:end].endswith("a year.")
    following = article.next_sentence_start(leader)
    assert text[following:].startswith('"This is the biggest')
    assert article.previous_sentence_start(following) == leader
    assert text[article.next_paragraph_start(leader) :].startswith("Opponents")
    assert article.previous_paragraph_start(leader + 10) == leader


def test_word_motions(article_path: Path) -> None:
    article = Article.load(article_path)
    text = article.text
    position = text.index("Daniel")
    assert text[article.next_word_start(position) :].startswith("Achterberg")
    assert article.previous_word_start(position + 3) == position
    assert text[article.previous_word_start(position) :].startswith("leader")
