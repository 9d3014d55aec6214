"""Which article each imported annotation belongs to, and where in its text.

An annotation goes to, in order:

1. the article its file names beside it (a brat `.ann` file's `.txt`, found by
   the importer because the user named the `.ann` file or its directory);
2. for a file of several web pages (a Hypothesis export), the article whose
   address is the page's `uri`: the `--article` one (its stored URL, else the
   address its file declares, else the page whose passages its text holds), or
   one in the library with that URL; a page with no article is left out and
   named in the report;
3. the `--article` one;
4. one in the library, by the content hash the file gives or by the file the
   library knows it by.

It is then anchored by its quote, the position only a hint; what cannot be
found is kept as an orphan. A path taken from an imported file is never opened.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlparse, urlsplit, urlunsplit

from tui_reader.anchoring import locate, selectors_for
from tui_reader.document import Article
from tui_reader.errors import UserError
from tui_reader.export import hypothesis, w3c
from tui_reader.export.incoming import TEXT_HASH_URN, Incoming
from tui_reader.export.validation import fits
from tui_reader.metadata.fields import is_web_address, one_line
from tui_reader.model import Annotation, ArticleRecord, TextPositionSelector
from tui_reader.schema import is_content_hash
from tui_reader.store import Store
from tui_reader.wording import counted

_SHOWN_PAGES = 3
"""Pages named in the report when some had no article (the rest are counted)."""


def same_page(first: str, second: str) -> bool:
    """Whether two web addresses name the same page (case of the host, a trailing slash
    and the `#fragment` aside)."""
    return bool(first) and _page_key(first) == _page_key(second)


def _page_key(address: str) -> str:
    try:
        parts = urlsplit(address.strip())
    except ValueError:
        return address
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


@dataclass
class PageAssignment:
    """For a file of annotations on several web pages: each page's article."""

    articles: dict[str, str] = field(default_factory=dict)
    """Page -> content hash of its article."""
    unmatched: Counter[str] = field(default_factory=Counter)
    """Page -> how many annotations were left out for want of its article."""
    notes: list[str] = field(default_factory=list)

    def message(self) -> str:
        """The report's line about the pages that had no article ("" when none)."""
        if not self.unmatched:
            return ""
        pages = sorted(self.unmatched)
        shown = ", ".join(one_line(page)[:120] for page in pages[:_SHOWN_PAGES])
        more = f" and {len(pages) - _SHOWN_PAGES} more" if len(pages) > _SHOWN_PAGES else ""
        return (
            f"{counted(sum(self.unmatched.values()), 'annotation(s)')} on "
            f"{counted(len(pages), 'page(s)')} with no "
            f"article in your library ({shown}{more}): import them with --article naming "
            "each page's article"
        )


def assign_pages(items: list[Incoming], store: Store, article: Article | None) -> PageAssignment:
    """Match the pages of a file that annotates several web pages to their articles.

    A file of one page needs no match: its annotations go where any others go.
    """
    assignment = PageAssignment()
    pages: Counter[str] = Counter(item.page for item in items if item.page)
    if len(pages) < 2 and not (pages and article is None):
        return assignment
    library = [
        (record.metadata.url, record.content_hash)
        for record in store.articles()
        if record.metadata.url
    ]
    given_url = _article_address(store, article) if article is not None else ""
    for page in pages:
        if article is not None and same_page(page, given_url):
            assignment.articles[page] = article.content_hash
            continue
        known = next((digest for url, digest in library if same_page(page, url)), None)
        if known is not None:
            assignment.articles[page] = known
    if (
        article is not None
        and not given_url
        and article.content_hash not in set(assignment.articles.values())
    ):
        best = _page_by_passages(items, article, set(pages) - set(assignment.articles))
        if best:
            assignment.articles[best] = article.content_hash
            assignment.notes.append(
                f"the annotations of {one_line(best)[:120]} went to the article, whose "
                "text holds their passages (it has no web address to match the pages by)"
            )
    if article is None and not assignment.articles:
        return PageAssignment()  # nothing known: the importer asks for --article
    for page, count in pages.items():
        if page not in assignment.articles:
            assignment.unmatched[page] = count
    return assignment


def _article_address(store: Store, article: Article) -> str:
    """The article's web address: as stored in the library, else as its file declares."""
    record = store.article(article.content_hash)
    if record is not None and record.metadata.url:
        return record.metadata.url
    from tui_reader.metadata import article_metadata

    return article_metadata(article).url


def _page_by_passages(items: list[Incoming], article: Article, pages: set[str]) -> str:
    """The one page most of whose quotes the article's text holds ("" when none, or a tie)."""
    found: Counter[str] = Counter()
    for item in items:
        exact = item.annotation.quote.exact
        if item.page in pages and exact and exact in article.text:
            found[item.page] += 1
    ranked = found.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return ""
    return ranked[0][0]


class Placer:
    """Finds each incoming annotation's article and anchors it in the article's text."""

    def __init__(
        self,
        store: Store,
        article: Article | None,
        path: Path,
        described: dict[str, ArticleRecord],
        opened: dict[str, Article] | None = None,
        pages: PageAssignment | None = None,
    ) -> None:
        self._store = store
        self._article = article
        self._path = path
        self._described = described
        self._opened = dict(opened or {})
        if article is not None:
            self._opened[article.content_hash] = article
        self._pages = pages or PageAssignment()
        self._texts: dict[str, str | None] = {}
        self._sources: dict[str, str] = {}
        self._utf16: dict[str, hypothesis.Utf16Offsets] = {}
        self.records: dict[str, ArticleRecord] = {}
        """Every article the annotations went to, with what is known about it."""
        self.web_addresses: dict[str, set[str]] = {}
        """The web pages the annotations of each article were made on (by content hash)."""

    def place(self, item: Incoming) -> Annotation:
        """The annotation on its article: anchored where the text is at hand.

        Without the text (an article not in the library, or whose file is gone)
        the annotation keeps its place if its offsets span as many characters
        as its quote, and is an orphan otherwise.
        """
        content_hash, text = self._target(item)
        self._note_article(content_hash)
        page = item.page or item.source
        if is_web_address(page):
            self.web_addresses.setdefault(content_hash, set()).add(page)
        annotation = replace(item.annotation, article=content_hash)
        if text is None:
            span = annotation.end - annotation.start
            consistent = annotation.orphan or span == len(annotation.quote.exact)
            return annotation if consistent else replace(annotation, orphan=True)
        same_article = item.annotation.article == content_hash and not item.utf16_positions
        if same_article and (annotation.orphan or fits(annotation, text)):
            return annotation
        hint = annotation.position
        if item.utf16_positions:
            offsets = self._utf16.setdefault(content_hash, hypothesis.Utf16Offsets(text))
            hint = TextPositionSelector(
                offsets.to_code_points(hint.start), offsets.to_code_points(hint.end)
            )
        return anchor(annotation, text, content_hash, hint)

    def _target(self, item: Incoming) -> tuple[str, str | None]:
        """(content hash, text or None when the text is not at hand) of the item's article."""
        named = item.annotation.article
        if named in self._opened:
            return named, self._opened[named].text
        if item.page in self._pages.articles:
            content_hash = self._pages.articles[item.page]
        elif self._article is not None:
            return self._article.content_hash, self._article.text
        else:
            content_hash = named or self._resolve(item.source)
        if content_hash in self._opened:
            return content_hash, self._opened[content_hash].text
        if content_hash not in self._texts:
            self._texts[content_hash] = self._library_text(content_hash)
        return content_hash, self._texts[content_hash]

    def _resolve(self, source: str) -> str:
        """The content hash of the article a file's `source` names, if the library has it."""
        if source not in self._sources:
            self._sources[source] = self._find(source)
        return self._sources[source]

    def _find(self, source: str) -> str:
        if source.startswith(w3c.HASH_URN):
            content_hash = source.removeprefix(w3c.HASH_URN)
            if is_content_hash(content_hash):
                return content_hash
        elif source.startswith(TEXT_HASH_URN):
            content_hash = source.removeprefix(TEXT_HASH_URN)
            if self._store.article(content_hash) is not None:
                return content_hash
            source = "a text that is no article in your library"
        elif source.startswith("file:"):
            path = unquote(urlparse(source).path)
            known = [record for record in self._store.articles() if record.path == path]
            if known:
                return max(known, key=lambda record: record.last_opened).content_hash
        named = one_line(source)[:200] or "an unnamed document"
        raise UserError(
            f"{self._path}: its annotations are on {named!r}, "
            "which is not an article in your library: add --article ARTICLE"
        )

    def _library_text(self, content_hash: str) -> str | None:
        """The text of an article in the library, read from where the library says it is,
        if that file still has this content; else None."""
        known = self._store.article(content_hash)
        if known is None or not known.path:
            return None
        try:
            article = Article.load(known.path)
        except UserError:
            return None
        return article.text if article.content_hash == content_hash else None

    def _note_article(self, content_hash: str) -> None:
        if content_hash in self.records:
            return
        if content_hash in self._opened:
            self.records[content_hash] = record_of(self._opened[content_hash])
        elif content_hash in self._described:
            self.records[content_hash] = self._described[content_hash]
        else:
            known = self._store.article(content_hash)
            self.records[content_hash] = known or ArticleRecord(
                content_hash=content_hash, title=f"imported from {self._path.name}"
            )


def anchor(
    annotation: Annotation, text: str, content_hash: str, hint: TextPositionSelector
) -> Annotation:
    """The annotation placed on `text` by its quote (near `hint`), or an orphan there."""
    exact = annotation.quote.exact
    if exact:
        quote = annotation.quote
        spot = locate(text, exact, quote.prefix, quote.suffix, hint.start)
    elif 0 <= hint.start < hint.end <= len(text):
        spot = (hint.start, hint.end)
    else:
        spot = None
    if spot is None:
        return replace(annotation, article=content_hash, position=hint, orphan=True)
    position, quote = selectors_for(text, *spot)
    return replace(annotation, article=content_hash, position=position, quote=quote, orphan=False)


def record_of(article: Article) -> ArticleRecord:
    path = str(article.path) if article.path else ""
    return ArticleRecord(article.content_hash, article.title, path, len(article.text))
