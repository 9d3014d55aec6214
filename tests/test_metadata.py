"""Article metadata: what HTML pages and text headers say, and which source wins.

The pages and headers here are written for these tests, in the shapes news sites
and wires use (JSON-LD `NewsArticle` in a `@graph`, Open Graph, bylines,
datelines); they are hostile input too, so property tests feed them anything.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.document import Article
from tui_reader.metadata import EMPTY, MetadataError, MetadataFields, Origin, article_metadata
from tui_reader.metadata.dates import parse_date
from tui_reader.metadata.fields import clean_value, field_of, is_web_address
from tui_reader.metadata.header import byline_names, header_metadata
from tui_reader.metadata.page import SCRIPT_LIMIT, page_metadata

STORY = (
    "Tram line vote splits the city council\n\n"
    "Trams would run every six minutes, councillors were told on Tuesday, "
    "though the cost has doubled since the plan was first put forward.\n"
)


def page(head: str, body: str = "<p>Trams would run every six minutes.</p>") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


NEWS_GRAPH = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "WebPage", "@id": "https://news.example.org/trams#page", "name": "Trams"},
        {
            "@type": ["NewsArticle"],
            "headline": "Tram line vote splits the city council &amp; the county",
            "datePublished": "2024-03-05T08:30:00+00:00",
            "author": [
                {"@type": "Person", "name": "Priya Raman"},
                {"@id": "#second-author"},
            ],
            "publisher": {"@id": "https://news.example.org/#org"},
            "mainEntityOfPage": {"@id": "https://news.example.org/trams"},
        },
        {"@type": "Person", "@id": "#second-author", "name": "Tomas Berg"},
        {"@type": "Organization", "@id": "https://news.example.org/#org", "name": "Leeds Echo"},
    ],
}


# HTML pages ------------------------------------------------------------------------


def test_json_ld_news_article_in_a_graph_with_references():
    head = (
        f'<script type="application/ld+json">{json.dumps(NEWS_GRAPH)}</script>'
        '<link rel="canonical" href="https://news.example.org/trams">'
    )
    assert page_metadata(page(head)) == MetadataFields(
        title="Tram line vote splits the city council & the county",
        outlet="Leeds Echo",
        authors=("Priya Raman", "Tomas Berg"),
        published="2024-03-05T08:30:00+00:00",
        url="https://news.example.org/trams",
    )


def test_open_graph_and_meta_tags_when_there_is_no_json_ld():
    head = (
        "<title>Tram vote | Leeds Echo</title>"
        '<meta property="og:site_name" content="Leeds Echo">'
        '<meta property="og:url" content="https://news.example.org/trams?ref=home">'
        '<meta name="author" content="Priya Raman and Tomas Berg">'
        '<meta property="article:author" content="https://news.example.org/staff/priya">'
        '<meta property="article:published_time" content="2024-03-05T08:30:00Z">'
        '<link rel="canonical" href="/trams">'
    )
    found = page_metadata(page(head))
    assert found == MetadataFields(
        title="Tram vote",  # the site's name is cut from <title>
        outlet="Leeds Echo",
        authors=("Priya Raman", "Tomas Berg"),
        published="2024-03-05T08:30:00+00:00",
        url="https://news.example.org/trams",  # relative canonical, against og:url
    )


def test_a_byline_meta_tag_and_a_date_meta():
    head = '<meta name="byl" content="By PRIYA RAMAN"><meta name="pubdate" content="20240305">'
    found = page_metadata(page(head))
    assert (found.authors, found.published) == (("Priya Raman",), "2024-03-05")


def test_values_that_are_no_metadata_are_left_out():
    head = (
        '<meta property="og:url" content="javascript:alert(1)">'
        '<link rel="canonical" href="file:///etc/passwd">'
        '<meta property="article:published_time" content="next Tuesday">'
        f'<meta property="og:title" content="{"very long " * 100}">'
        '<meta property="og:site_name" content="Leeds\x1b]52;c;ZXZpbA==\x07 Echo\u202e">'
    )
    found = page_metadata(page(head, "<p>x</p>"))
    assert (found.url, found.published, found.title) == ("", "", "")
    assert found.outlet == "Leeds ]52;c;ZXZpbA== Echo"


def test_nothing_is_fetched_or_expanded():
    """A DTD's entities stay text; HTML's own references are decoded."""
    doc = (
        '<!DOCTYPE html [<!ENTITY boom "expanded">]><html><head>'
        '<meta property="og:title" content="&boom; &amp; &#x41;">'
        '<link rel="canonical" href="http://169.254.169.254/latest/meta-data/">'
        '<script type="application/ld+json" src="https://tracker.example/x.json"></script>'
        "</head><body></body></html>"
    )
    found = page_metadata(doc)
    assert found.title == "&boom; & A"
    assert found.url == "http://169.254.169.254/latest/meta-data/"  # kept as text, never opened


def test_hostile_json_ld_is_skipped_not_fatal():
    deep = "[" * 100_000 + "]" * 100_000
    blocks = [
        deep,
        '{"@type": "NewsArticle", "headline": NaN}',
        "{not json",
        '{"@type": "NewsArticle", "headline": "x' + "y" * SCRIPT_LIMIT + '"}',
        '{"@type": "NewsArticle", "headline": "Kept", "author": "Priya Raman"}',
    ]
    head = "".join(f'<script type="application/ld+json">{b}</script>' for b in blocks)
    found = page_metadata(page(head))
    assert (found.title, found.authors) == ("Kept", ("Priya Raman",))


def test_html_article_carries_its_page_metadata(tmp_path: Path):
    path = tmp_path / "trams.html"
    head = (
        f'<script type="application/ld+json">{json.dumps(NEWS_GRAPH)}</script>'
        '<meta property="og:url" content="https://news.example.org/trams">'
    )
    body = "<article><h1>Tram line vote</h1><p>" + "Trams would run often. " * 30 + "</p></article>"
    path.write_text(page(head, body), encoding="utf-8")
    article = Article.load(path)

    metadata = article_metadata(article)

    assert metadata.url == "https://news.example.org/trams"
    assert metadata.outlet == "Leeds Echo"
    assert metadata.origins["url"] is Origin.PAGE
    assert metadata.content_hash == article.content_hash


# Text headers ----------------------------------------------------------------------


def test_headline_byline_date_url_and_dateline():
    text = (
        "# Dockers walk out as pay talks collapse\n\n"
        "By Eleanor Whitfield and Tomas van der Berg, Labour Correspondents\n"
        "Published: 4 March 2024 | Updated 5 March 2024 10:15 GMT\n"
        "Source: <https://wire.example.com/dockers>\n\n"
        "SOUTHAMPTON, England, March 4 (Reuters) – More than 1,200 dock workers walked out.\n"
    )
    assert header_metadata(text) == MetadataFields(
        title="Dockers walk out as pay talks collapse",
        outlet="Reuters",
        authors=("Eleanor Whitfield", "Tomas van der Berg"),
        published="2024-03-04",
        url="https://wire.example.com/dockers",
    )


def test_paragraph_per_line_copy_with_the_byline_first():
    text = (
        "By Jane Doe\n"
        "BAMAKO, Jan. 5, 2024 (AFP) — The army said it had struck targets in the north "
        "after days of fighting, and that the operation would continue for some weeks.\n"
        "A second paragraph follows on its own line.\n"
    )
    found = header_metadata(text)
    assert (found.title, found.authors, found.outlet) == ("", ("Jane Doe",), "AFP")
    assert found.published == "2024-01-05"


def test_a_two_line_headline_with_a_subhead():
    text = "Council backs the tram line;\nCost fears remain.\n\nThe council voted on Monday.\n"
    assert header_metadata(text).title == "Council backs the tram line; Cost fears remain"


@pytest.mark.parametrize(
    "text",
    [
        (  # a first paragraph of one long sentence
            "By Monday, the council had voted to close the bridge for six months while "
            "engineers replace its deck, the mayor told reporters.\n\nMore.\n"
        ),
        "the vote was close, councillors said.\n\nMore.\n",
        (  # a hard-wrapped first paragraph is prose, not a headline
            "The council voted on Tuesday to close the old harbour bridge for\n"
            "six months while engineers replace its deck.\n\nMore.\n"
        ),
        "Councillors were told:\n\nMore.\n",
        "",
    ],
)
def test_prose_is_not_taken_for_a_header(text: str):
    found = header_metadata(text)
    assert (found.title, found.authors) == ("", ())


def test_bylines_name_people_only():
    assert byline_names("By Hannah Carlisle, Environment Correspondent") == ("Hannah Carlisle",)
    assert byline_names("By Staff Writer") == ()
    assert byline_names("BY ANA RUIZ AND JO BERG IN LISBON") == ("Ana Ruiz", "Jo Berg")
    assert byline_names("Mohammed bin Salman said") == ()


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("2024-03-04", "2024-03-04"),
        ("2024-03-04T09:30:00Z", "2024-03-04T09:30:00+00:00"),
        ("2024-03-04 09:30", "2024-03-04T09:30:00"),
        ("March 4, 2024", "2024-03-04"),
        ("Mon 4 Mar 2024 09.30 GMT", "2024-03-04"),
        ("Sept. 30th, 2024, 4:05 p.m. ET", "2024-09-30"),
        ("03/04/2024", None),  # which is the month?
        ("February 30, 2024", None),
        ("0001-01-01", None),
        ("soon", None),
    ],
)
def test_dates(written: str, iso: str | None):
    assert parse_date(written) == iso


# Precedence, and values the user gives ---------------------------------------------


def test_each_field_comes_from_the_most_trusted_source(tmp_path: Path):
    path = tmp_path / "story.txt"
    path.write_text("Tram vote\n\nBy Priya Raman\n\nLEEDS (Wire) - The council voted.\n")
    article = Article.load(path)
    stored = MetadataFields(outlet="Leeds Echo", published="2024-03-05")
    given_now = MetadataFields(published="2024-03-06")

    metadata = article_metadata(article, stored, given_now)

    assert (metadata.title, metadata.authors) == ("Tram vote", ("Priya Raman",))
    assert (metadata.outlet, metadata.published, metadata.url) == (
        "Leeds Echo",
        "2024-03-06",
        "",
    )
    assert metadata.origins == {
        "published": Origin.OPTION,
        "outlet": Origin.SET,
        "title": Origin.HEADER,
        "authors": Origin.HEADER,
    }


def test_the_title_falls_back_to_the_one_shown(tmp_path: Path):
    path = tmp_path / "notes_on_trams.txt"
    path.write_text(STORY.split("\n\n", 1)[1])
    metadata = article_metadata(Article.load(path))
    assert (metadata.title, metadata.origins["title"]) == ("notes_on_trams", Origin.FILE)


def test_values_the_user_gives_are_checked():
    assert clean_value(field_of("date"), " 5 March 2024 ") == "2024-03-05"
    assert clean_value(field_of("author"), "Priya Raman; Tomas Berg;") == (
        "Priya Raman",
        "Tomas Berg",
    )
    assert clean_value("title", "  Tram\nvote\x07 ") == "Tram vote"
    assert clean_value("url", "") == ""
    for key, value in [("url", "ftp://x.org/a"), ("date", "soon"), ("title", "x" * 501)]:
        with pytest.raises(MetadataError):
            clean_value(field_of(key), value)
    with pytest.raises(MetadataError, match="known: title, outlet, author, published, url"):
        field_of("colour")


def test_stored_metadata_reads_back_and_refuses_wrong_types():
    fields = MetadataFields(title="T", authors=("A", "B"), url="https://x.org/")
    assert MetadataFields.from_dict(fields.to_dict()) == fields
    assert MetadataFields.from_dict({"title": "T", "from_a_newer_version": 1}).title == "T"
    for broken in ({"authors": "A"}, {"title": 3}, []):
        with pytest.raises(TypeError):
            MetadataFields.from_dict(broken)  # type: ignore[arg-type]
    assert MetadataFields.from_dict({}) is not None and MetadataFields.from_dict({}) == EMPTY


# Hostile input: whatever the file holds, the values are safe ----------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _check_safe(found: MetadataFields) -> None:
    for value in (found.title, found.outlet, found.published, *found.authors):
        assert not _CONTROL.search(value) and value == value.strip()
    assert found.url == "" or is_web_address(found.url)
    assert found.published == "" or parse_date(found.published) == found.published


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=600))
def test_any_text_header_gives_safe_values(text: str):
    _check_safe(header_metadata(text))


_PIECES = st.sampled_from(
    [
        "<head>",
        "</head>",
        "<meta ",
        'property="og:title" ',
        'name="author" ',
        'content="',
        '"',
        ">",
        '<script type="application/ld+json">',
        "</script>",
        '{"@type": "NewsArticle", "headline": ',
        '"@graph": [',
        "]}",
        '<link rel="canonical" href="',
        "https://news.example.org/a",
        "&amp;",
        "&#0;",
        "\x00",
        "\u202e",
        "By Jane Doe",
        "<!--",
        "-->",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=20)), max_size=40))
def test_any_page_gives_safe_values(pieces: list[str]):
    _check_safe(page_metadata("".join(pieces)))
