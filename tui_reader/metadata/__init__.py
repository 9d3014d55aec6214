"""An article's metadata (headline, outlet, authors, date published, URL), from every source.

- `fields`: the records (`MetadataFields` from one source, `ArticleMetadata`
  resolved), the order of trust, and the checks every value passes;
- `page`: what an HTML page declares (JSON-LD, `<meta>`, canonical link);
- `header`: what the first lines of a text file show (headline, byline, dateline);
- `dates`: dates as pages and people write them, read into ISO 8601.

`article_metadata` puts them together for one article.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_reader.metadata.fields import (
    EMPTY,
    FIELD_NAMES,
    ArticleMetadata,
    MetadataError,
    MetadataFields,
    Origin,
    resolve,
)

if TYPE_CHECKING:
    from tui_reader.document import Article

__all__ = [
    "EMPTY",
    "FIELD_NAMES",
    "ArticleMetadata",
    "MetadataError",
    "MetadataFields",
    "Origin",
    "article_metadata",
]


def article_metadata(
    article: Article, stored: MetadataFields = EMPTY, overrides: MetadataFields = EMPTY
) -> ArticleMetadata:
    """The article's metadata, each field from the most trusted source that gives it.

    In order: `overrides` (given for one export), `stored` (set by the user, kept
    in the library record), the HTML page's own metadata, the text's header
    lines, and for the title at last the one tui-reader shows.
    """
    from tui_reader.metadata.header import header_metadata

    sources = [(Origin.OPTION, overrides), (Origin.SET, stored)]
    if article.page_metadata is not None:
        sources.append((Origin.PAGE, article.page_metadata))
    sources.append((Origin.HEADER, header_metadata(article.text)))
    return resolve(article.content_hash, article.title, sources)
