"""What an HTML page says about itself: headline, outlet, authors, date, address.

News pages declare their metadata for search engines and social networks, in
three places read here, the most precise first:

1. JSON-LD (`<script type="application/ld+json">`): a schema.org `NewsArticle`
   (or another Article type) with `headline`, `author`, `publisher`,
   `datePublished`, `url`;
2. `<link rel="canonical">` for the address;
3. `<meta>` tags: Open Graph (`og:title`, `og:site_name`, `og:url`),
   `article:published_time`, `name="author"` and the other common names
   (Dublin Core, Highwire `citation_*`, Parse.ly, Sailthru), then `<title>`.

The page is untrusted and may be huge. Nothing is fetched and no entity is
expanded: `<meta>` and `<link>` are read with the standard library's tokenizer
(`html.parser`), which only decodes HTML's own character references, from the
head of the page only (at most `HEAD_LIMIT` characters: it reads some 2 MB/s);
JSON-LD blocks are found by their tags in the first `SCRIPT_SEARCH_LIMIT`
characters, each at most `SCRIPT_LIMIT` long, and parsed as JSON with a bound
on how much of them is walked. A value that is not usable text, a date or an
http(s) address is left out, never guessed at.
"""

from __future__ import annotations

import html as html_escapes
import json
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

from tui_reader.metadata.dates import parse_date
from tui_reader.metadata.fields import (
    MAX_AUTHORS,
    MetadataFields,
    clean_names,
    found_text,
    is_web_address,
)
from tui_reader.metadata.header import byline_names

HEAD_LIMIT = 1_000_000
"""Characters of the page searched for `<meta>` and `<link>` (the head is far shorter)."""
SCRIPT_SEARCH_LIMIT = 4_000_000
"""Characters of the page searched for JSON-LD blocks."""
SCRIPT_LIMIT = 1_000_000
"""Longest JSON-LD block parsed."""
MAX_SCRIPTS = 20
MAX_NODES = 5_000
"""JSON values looked at per block: enough for any real page, bounded for a hostile one."""
MAX_DEPTH = 12

ARTICLE_TYPES = frozenset({"BlogPosting", "LiveBlogPosting", "Report", "SocialMediaPosting"})
"""schema.org types read as the article, besides every type whose name ends in "Article"."""
PAGE_TYPES = frozenset({"WebPage", "ItemPage"})
"""Read only when no Article is described (they describe the page, often less precisely)."""

_HEAD_END = re.compile(r"</head\s*>|<body[\s>]", re.IGNORECASE)
_JSON_LD_START = re.compile(
    r"<script\b[^>]*\btype\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>", re.IGNORECASE
)
_SCRIPT_END = re.compile(r"</script\s*>", re.IGNORECASE)
_WRAPPERS = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[)|(?:-->|//\s*\]\]>)\s*$")

_TITLE_META = ("og:title", "twitter:title", "dc.title", "dcterms.title", "citation_title")
_OUTLET_META = ("og:site_name", "dc.publisher", "citation_publisher", "publisher")
_AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "citation_author",
)
_BYLINE_META = ("byl",)
"""Meta tags holding a whole byline ("By Jane Doe and John Roe", as the NYT writes it)."""
_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "citation_publication_date",
    "citation_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
)
_URL_META = ("og:url", "twitter:url")


def page_metadata(page: str) -> MetadataFields:
    """The metadata an HTML page declares (see the module docstring for where from)."""
    head = _Head.read(page)
    article = _json_ld_article(page)
    base = next((u for u in head.values("og:url") if is_web_address(u)), "")
    canonical = next(
        (
            address
            for href in head.canonical
            if is_web_address(address := urljoin(base, href.strip()))
        ),
        "",
    )
    return MetadataFields(
        title=article.title or _first_text(head, _TITLE_META, "title") or _page_title(head),
        outlet=article.outlet or _first_text(head, _OUTLET_META, "outlet"),
        authors=article.authors or _meta_authors(head),
        published=article.published or _meta_date(head),
        url=canonical or _first_address(head, _URL_META) or article.url,
    )


# The head ------------------------------------------------------------------------


class _Head(HTMLParser):
    """The `<meta>` tags, canonical links and `<title>` of a page's head."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.canonical: list[str] = []
        self.title_parts: list[str] = []
        self._in_title = False

    @classmethod
    def read(cls, page: str) -> _Head:
        limit = min(len(page), HEAD_LIMIT)
        end = _HEAD_END.search(page, 0, limit)
        parser = cls()
        parser.feed(page[: end.start() if end else limit])
        parser.close()
        return parser

    def values(self, name: str) -> list[str]:
        return self.meta.get(name, [])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key.lower(): value or "" for key, value in attrs}
        if tag == "meta":
            content = attributes.get("content", "")
            for key in ("property", "name", "itemprop"):
                name = attributes.get(key, "").strip().lower()
                if name and content.strip():
                    self.meta.setdefault(name, []).append(content)
        elif tag == "link" and "canonical" in attributes.get("rel", "").lower().split():
            if attributes.get("href", "").strip():
                self.canonical.append(attributes["href"])
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)


def _first_text(head: _Head, names: tuple[str, ...], kind: str) -> str:
    for name in names:
        for value in head.values(name):
            if text := found_text(value, kind):
                return text
    return ""


def _first_address(head: _Head, names: tuple[str, ...]) -> str:
    for name in names:
        for value in head.values(name):
            if is_web_address(value.strip()):
                return value.strip()
    return ""


def _page_title(head: _Head) -> str:
    """`<title>`, without the " | Outlet" or " - Outlet" ending most sites add."""
    title = found_text("".join(head.title_parts), "title")
    site = _first_text(head, _OUTLET_META, "outlet")
    for separator in (" | ", " - ", " – ", " — ", " :: "):
        stem, found, end = title.rpartition(separator)
        if found and stem and site and end.strip().casefold() == site.casefold():
            return stem.strip()
    return title


def _meta_authors(head: _Head) -> tuple[str, ...]:
    for name in _AUTHOR_META:
        names: list[str] = []
        for value in head.values(name):
            if not is_web_address(value.strip()):  # article:author is often a profile page
                names.extend(_split_author_value(value))
        if names:
            return clean_names(names)[:MAX_AUTHORS]
    for name in _BYLINE_META:
        for value in head.values(name):
            if found := byline_names(value):
                return found
    return ()


def _split_author_value(value: str) -> list[str]:
    """A meta author value: several names when it reads as a byline, else one name."""
    text = found_text(value, "authors")
    if not text:
        return []
    return list(byline_names("By " + text) or (text,))


def _meta_date(head: _Head) -> str:
    for name in _DATE_META:
        for value in head.values(name):
            if found := parse_date(value):
                return found
    return ""


# JSON-LD -------------------------------------------------------------------------


@dataclass
class _Described:
    """What the page's JSON-LD says of its article."""

    title: str = ""
    outlet: str = ""
    authors: tuple[str, ...] = ()
    published: str = ""
    url: str = ""


def _json_ld_article(page: str) -> _Described:
    """The first Article-like object of the page's JSON-LD blocks, read into fields."""
    nodes = [node for document in _json_ld_blocks(page) for node in _walk(document)]
    by_id: dict[str, dict[str, Any]] = {}
    for node in nodes:
        if isinstance(node.get("@id"), str) and set(node) - {"@id", "@type"}:
            by_id.setdefault(node["@id"], node)  # a node, not a reference to one
    for wanted in (_is_article, _is_page):
        for node in nodes:
            if wanted(node):
                return _describe(node, by_id)
    return _Described()


def _json_ld_blocks(page: str) -> Iterator[Any]:
    position, limit = 0, min(len(page), SCRIPT_SEARCH_LIMIT)
    for _ in range(MAX_SCRIPTS):
        start = _JSON_LD_START.search(page, position, limit)
        if start is None:
            return
        end = _SCRIPT_END.search(page, start.end(), limit)
        if end is None:
            return
        position = end.end()
        if end.start() - start.end() > SCRIPT_LIMIT:
            continue
        text = _WRAPPERS.sub("", page[start.end() : end.start()])
        try:
            yield json.loads(text, parse_constant=_no_constants)
        except (ValueError, RecursionError):
            continue


def _no_constants(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _walk(document: Any) -> Iterator[dict[str, Any]]:
    """Every object in a JSON-LD document, breadth first, within `MAX_NODES`/`MAX_DEPTH`."""
    queue: deque[tuple[Any, int]] = deque([(document, 0)])
    seen = 0
    while queue and seen < MAX_NODES:
        value, depth = queue.popleft()
        seen += 1
        if depth > MAX_DEPTH:
            continue
        if isinstance(value, list):
            queue.extend((item, depth + 1) for item in value)
        elif isinstance(value, dict):
            yield value
            queue.extend((item, depth + 1) for item in value.values())


def _types(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    return {re.split(r"[/:#]", name)[-1] for name in names if isinstance(name, str)}


def _is_article(node: dict[str, Any]) -> bool:
    return any(name.endswith("Article") or name in ARTICLE_TYPES for name in _types(node))


def _is_page(node: dict[str, Any]) -> bool:
    return bool(_types(node) & PAGE_TYPES)


def _describe(node: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> _Described:
    def resolved(value: Any) -> Any:
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
            return by_id.get(value["@id"], value)
        return value

    def text(value: Any, kind: str) -> str:
        value = resolved(value)
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, list):
            value = next((item for item in value if isinstance(item, str)), "")
        return found_text(html_escapes.unescape(value), kind) if isinstance(value, str) else ""

    authors_value = node.get("author") or node.get("creator")
    authors = authors_value if isinstance(authors_value, list) else [authors_value]
    names = [name for author in authors[: MAX_AUTHORS * 2] if (name := text(author, "authors"))]
    page = resolved(node.get("mainEntityOfPage"))
    addresses = [node.get("url"), page.get("@id") if isinstance(page, dict) else page]
    published = node.get("datePublished")
    return _Described(
        title=text(node.get("headline"), "title") or text(node.get("name"), "title"),
        outlet=text(node.get("publisher"), "outlet"),
        authors=clean_names(names)[:MAX_AUTHORS],
        published=(parse_date(published) or "") if isinstance(published, str) else "",
        url=next(
            (a.strip() for a in addresses if isinstance(a, str) and is_web_address(a.strip())), ""
        ),
    )
