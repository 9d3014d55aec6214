"""What an export knows besides the annotations: the article's metadata and the reviewer.

The report's front matter, the W3C target and ClaimReview need the article's
headline, outlet, date and address (`tui_reader.metadata`), and ClaimReview
also who reviews the claims and where the review is published (the
`[claimreview]` settings). `export --meta KEY=VALUE` overrides any of them for
one export; `parse_meta_options` reads those options.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from tui_reader.config import ClaimReviewSettings
from tui_reader.document import Article
from tui_reader.errors import UserError
from tui_reader.metadata import EMPTY, ArticleMetadata, MetadataError, MetadataFields
from tui_reader.metadata import article_metadata as metadata_of
from tui_reader.metadata.fields import (
    USER_KEYS,
    clean_names,
    clean_value,
    field_of,
    is_web_address,
    one_line,
)

REVIEW_KEYS = ("claimreview.author", "claimreview.url")
"""`--meta` keys that override the `[claimreview]` settings."""
NO_REVIEWER = ClaimReviewSettings()


@dataclass(frozen=True)
class Elsewhere:
    """Another article a claim appears in (an echo found by the cross-article index)."""

    content_hash: str
    start: int
    end: int
    title: str
    outlet: str = ""
    published: str = ""
    url: str = ""


@dataclass(frozen=True)
class ExportContext:
    """The article's metadata and the ClaimReview reviewer, as one export should use them;
    and where else each claim appears (by its span here), when the index knows."""

    metadata: ArticleMetadata
    claimreview: ClaimReviewSettings = NO_REVIEWER
    elsewhere: Mapping[tuple[int, int], tuple[Elsewhere, ...]] = field(default_factory=dict)

    def elsewhere_of(self, start: int, end: int) -> tuple[Elsewhere, ...]:
        return self.elsewhere.get((start, end), ())

    @classmethod
    def of(cls, article: Article) -> ExportContext:
        """What the article's file alone says (no stored values, no settings)."""
        return cls(metadata_of(article))


@dataclass(frozen=True)
class MetaOptions:
    """The values `--meta` gave: article metadata, and ClaimReview settings to override."""

    metadata: MetadataFields = EMPTY
    claimreview: ClaimReviewSettings = NO_REVIEWER


def export_context(
    article: Article,
    stored: MetadataFields | None = None,
    settings: ClaimReviewSettings | None = None,
    options: MetaOptions | None = None,
) -> ExportContext:
    """The context of one export: `--meta` over the stored values over the file's;
    `--meta claimreview.*` over the `[claimreview]` settings."""
    options = options or MetaOptions()
    settings = settings or ClaimReviewSettings()
    reviewer = ClaimReviewSettings(
        author=options.claimreview.author or settings.author,
        url=options.claimreview.url or settings.url,
    )
    return ExportContext(metadata_of(article, stored or EMPTY, options.metadata), reviewer)


def parse_meta_options(assignments: Sequence[str]) -> MetaOptions:
    """Read `--meta KEY=VALUE` options; a mistake is a `UserError` naming the option.

    `author` may be repeated (or hold several names separated by ";"); any other
    key given twice keeps the last value.
    """
    metadata = EMPTY
    review = ClaimReviewSettings()
    authors: list[str] = []
    for assignment in assignments:
        key, equals, value = assignment.partition("=")
        key = key.strip().lower()
        if not equals or not key:
            raise UserError(f"--meta takes KEY=VALUE, not {assignment!r}")
        if not value.strip():
            raise UserError(f"--meta {key}: no value given")
        if key in REVIEW_KEYS:
            review = _review_option(review, key, value)
            continue
        try:
            name = field_of(key)
            cleaned = clean_value(name, value)
        except MetadataError as error:
            known = ", ".join((*USER_KEYS, *REVIEW_KEYS))
            detail = str(error) if "unknown" not in str(error) else f"unknown key (known: {known})"
            raise UserError(f"--meta {key}: {detail}") from None
        if name == "authors" and isinstance(cleaned, tuple):
            authors.extend(cleaned)
            cleaned = clean_names(authors)
        metadata = metadata.with_value(name, cleaned)
    return MetaOptions(metadata, review)


def _review_option(review: ClaimReviewSettings, key: str, value: str) -> ClaimReviewSettings:
    if key == "claimreview.url":
        url = value.strip()
        if not is_web_address(url):
            raise UserError(f"--meta {key}: {url!r} is not a web address (http:// or https://)")
        return replace(review, url=url)
    return replace(review, author=one_line(value))
