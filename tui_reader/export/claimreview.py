"""schema.org ClaimReview JSON-LD: the exchange format of fact-checkers.

One `ClaimReview` per rated claim (a claim still "unverified" has no verdict to
publish), with the properties Google's fact-check documentation requires and
recommends:

- `url`, the page that publishes the fact check, and `author`, the
  fact-checker or outlet reviewing: from the `[claimreview]` settings (`url`,
  `author`) or `--meta claimreview.url=… claimreview.author=…`;
- `claimReviewed`, the quoted claim, and `datePublished`, when its verdict was
  given;
- `itemReviewed`, the `Claim`: its `author` (the claim's source, a Person when
  it is a person the article names), `datePublished` (the article's date) and
  `appearance` (the article: its headline, outlet, authors, date and web
  address, from the article's metadata; then every other article of the
  library the claim appears in, when the cross-article index knows them);
- `reviewRating`: the verdict as `alternateName` and `name`, with a 1-5
  `ratingValue` where the verdict is a grade ("not checkable" is not one);
  the rationale is `ratingExplanation`; evidence items become `citation`s.

What cannot be filled is said on standard error, field by field, with where to
give it. `firstAppearance` is never written: one article cannot tell where a
claim was first made.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from tui_reader.document import Article
from tui_reader.export.common import (
    Dropped,
    ExportResult,
    dropped_claim_details,
    dropped_kinds,
    drops,
)
from tui_reader.export.context import Elsewhere, ExportContext
from tui_reader.metadata import ArticleMetadata
from tui_reader.model import Annotation, ClaimStatus, Kind
from tui_reader.nlp.entities import Entity

RATING_VALUES: dict[ClaimStatus, int] = {
    ClaimStatus.FALSE: 1,
    ClaimStatus.DISPUTED: 2,
    ClaimStatus.PARTLY_SUPPORTED: 3,
    ClaimStatus.SUPPORTED: 5,
}
"""Verdicts on schema.org's 1 (worst) to 5 (best) scale."""

REQUIRED: dict[str, str] = {
    "url": "set url in the [claimreview] settings, or give --meta claimreview.url=URL",
    "claimReviewed": "the claim quotes no text",
    "reviewRating.alternateName": "the claim has no verdict",
}
"""The properties Google requires that can be missing, and how to fill each."""
RECOMMENDED: dict[str, str] = {
    "author.name": "set author in the [claimreview] settings, "
    "or give --meta claimreview.author=NAME",
    "itemReviewed.author.name": "the claim has no source: give it one in the claim editor",
    "itemReviewed.datePublished": "the article's date is not known: "
    "give --meta published=YYYY-MM-DD",
    "itemReviewed.appearance.url": "the article's web address is not known: give --meta url=URL",
}
"""The properties Google recommends that can be missing (a web address for the
appearance included), and how to fill each."""


def export(
    article: Article,
    annotations: Sequence[Annotation],
    entities: Sequence[Entity],
    context: ExportContext,
) -> ExportResult:
    claims = [a for a in annotations if a.kind is Kind.CLAIM and a.claim is not None]
    rated = [a for a in claims if a.claim and a.claim.status is not ClaimStatus.UNVERIFIED]
    people = {entity.text_in(article.text) for entity in entities if entity.label == "PERSON"}
    reviews = [_review(annotation, context, people) for annotation in rated]
    dropped = dropped_kinds(annotations, {Kind.CLAIM}, "ClaimReview holds claims only")
    unrated = len(claims) - len(rated)
    dropped += drops(
        Dropped(unrated, "unverified claim", "unverified claims", "ClaimReview needs a verdict")
    )
    dropped += dropped_claim_details(rated, "ClaimReview", keep={"evidence", "rationale"})
    dropped += missing_fields(reviews)
    text = json.dumps(reviews, ensure_ascii=False, indent=2) + "\n"
    return ExportResult("claimreview", text, dropped=dropped)


def missing_fields(reviews: Sequence[dict[str, Any]]) -> list[str]:
    """One line per required or recommended property some reviews lack, with the remedy."""
    lines = []
    for fields, kind in ((REQUIRED, "which Google requires"), (RECOMMENDED, "recommended")):
        counts = Counter(path for review in reviews for path in fields if not _has(review, path))
        for path, count in counts.items():
            lines.append(
                f"ClaimReview: {_how_many(count, len(reviews))} {path} ({kind}): {fields[path]}"
            )
    return lines


def _how_many(count: int, total: int) -> str:
    if total == 1:
        return "the review lacks"
    if count == total:
        return f"all {total} reviews lack"
    return f"{count} of {total} reviews " + ("lacks" if count == 1 else "lack")


def _has(review: dict[str, Any], path: str) -> bool:
    value: Any = review
    for key in path.split("."):
        if isinstance(value, list) and value:  # several appearances: this article's first
            value = value[0]
        if not isinstance(value, dict) or key not in value:
            return False
        value = value[key]
    return value not in ("", None, [], {})


def _review(annotation: Annotation, context: ExportContext, people: set[str]) -> dict[str, Any]:
    claim = annotation.claim
    assert claim is not None
    metadata, reviewer = context.metadata, context.claimreview
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.source:
        kind = "Person" if claim.source in people else "Organization"
        item["author"] = {"@type": kind, "name": claim.source}
    if metadata.published:
        item["datePublished"] = metadata.published
    others = context.elsewhere_of(annotation.start, annotation.end)
    appearances = [_appearance(metadata), *(_appearance_elsewhere(other) for other in others)]
    item["appearance"] = appearances if others else appearances[0]
    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": str(claim.status),
        "name": str(claim.status),
    }
    if claim.status in RATING_VALUES:
        rating.update(ratingValue=RATING_VALUES[claim.status], worstRating=1, bestRating=5)
    if claim.rationale:
        rating["ratingExplanation"] = claim.rationale
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "@id": f"urn:uuid:{annotation.id}",
    }
    if reviewer.url:
        review["url"] = reviewer.url
    review["claimReviewed"] = " ".join(annotation.quote.exact.split())
    if reviewer.author:
        review["author"] = _reviewer(reviewer.author, reviewer.url)
    review.update(
        datePublished=_verdict_date(annotation),
        itemReviewed=item,
        reviewRating=rating,
    )
    if annotation.body:
        review["reviewBody"] = annotation.body
    if claim.evidence:
        review["citation"] = [
            {
                "@type": "CreativeWork",
                **({"url": evidence.url} if evidence.url else {}),
                **({"text": evidence.quote} if evidence.quote else {}),
                "description": f"{evidence.stance}"
                + (f": {evidence.note}" if evidence.note else ""),
            }
            for evidence in claim.evidence
        ]
    return review


def _appearance(metadata: ArticleMetadata) -> dict[str, Any]:
    """The article the claim appears in, as far as its metadata is known."""
    appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": metadata.title}
    if metadata.url:
        appearance["url"] = metadata.url
    if metadata.outlet:
        appearance["publisher"] = {"@type": "Organization", "name": metadata.outlet}
    if metadata.authors:
        appearance["author"] = [{"@type": "Person", "name": name} for name in metadata.authors]
    if metadata.published:
        appearance["datePublished"] = metadata.published
    return appearance


def _appearance_elsewhere(other: Elsewhere) -> dict[str, Any]:
    """Another article the claim appears in (the cross-article index's echoes)."""
    appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": other.title}
    if other.url:
        appearance["url"] = other.url
    if other.outlet:
        appearance["publisher"] = {"@type": "Organization", "name": other.outlet}
    if other.published:
        appearance["datePublished"] = other.published
    return appearance


def _reviewer(name: str, review_url: str) -> dict[str, Any]:
    """The fact-checker: an Organization, with its site's home page when the review's is known."""
    author: dict[str, Any] = {"@type": "Organization", "name": name}
    if review_url:
        parts = urlsplit(review_url)
        author["url"] = f"{parts.scheme}://{parts.netloc}/"
    return author


def _verdict_date(annotation: Annotation) -> str:
    """The day the claim got its current verdict (its last status change), else its last edit."""
    claim = annotation.claim
    log = claim.log if claim is not None else ()
    when = next(
        (entry.at for entry in reversed(log) if claim and entry.status == claim.status),
        annotation.modified,
    )
    return when[:10]
