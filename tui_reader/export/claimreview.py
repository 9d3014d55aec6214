"""schema.org ClaimReview JSON-LD: the exchange format of fact-checkers.

One `ClaimReview` per rated claim (a claim still "unverified" has no verdict to
publish). The verdict is `reviewRating.alternateName`, as schema.org and the
fact-check tools read it, with a 1-5 `ratingValue` where the verdict is a grade
("not checkable" is not one). The rationale is `ratingExplanation`; evidence
items become `citation`s.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from tui_reader.document import Article
from tui_reader.export.common import (
    Dropped,
    ExportResult,
    dropped_claim_details,
    dropped_kinds,
    drops,
)
from tui_reader.model import Annotation, ClaimStatus, Kind
from tui_reader.nlp.entities import Entity

RATING_VALUES: dict[ClaimStatus, int] = {
    ClaimStatus.FALSE: 1,
    ClaimStatus.DISPUTED: 2,
    ClaimStatus.PARTLY_SUPPORTED: 3,
    ClaimStatus.SUPPORTED: 5,
}
"""Verdicts on schema.org's 1 (worst) to 5 (best) scale."""


def export(
    article: Article, annotations: Sequence[Annotation], entities: Sequence[Entity]
) -> ExportResult:
    claims = [a for a in annotations if a.kind is Kind.CLAIM and a.claim is not None]
    rated = [a for a in claims if a.claim and a.claim.status is not ClaimStatus.UNVERIFIED]
    people = {entity.text_in(article.text) for entity in entities if entity.label == "PERSON"}
    reviews = [_review(annotation, article, people) for annotation in rated]
    dropped = dropped_kinds(annotations, {Kind.CLAIM}, "ClaimReview holds claims only")
    unrated = len(claims) - len(rated)
    dropped += drops(
        Dropped(unrated, "unverified claim", "unverified claims", "ClaimReview needs a verdict")
    )
    dropped += dropped_claim_details(rated, "ClaimReview", keep={"evidence", "rationale"})
    text = json.dumps(reviews, ensure_ascii=False, indent=2) + "\n"
    return ExportResult("claimreview", text, dropped=dropped)


def _review(annotation: Annotation, article: Article, people: set[str]) -> dict[str, Any]:
    claim = annotation.claim
    assert claim is not None
    appearance: dict[str, Any] = {"@type": "CreativeWork", "name": article.title}
    if article.path is not None:
        appearance["url"] = article.path.as_uri()
    item: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
    if claim.source:
        kind = "Person" if claim.source in people else "Organization"
        item["author"] = {"@type": kind, "name": claim.source}
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": str(claim.status)}
    if claim.status in RATING_VALUES:
        rating.update(ratingValue=RATING_VALUES[claim.status], worstRating=1, bestRating=5)
    if claim.rationale:
        rating["ratingExplanation"] = claim.rationale
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "@id": f"urn:uuid:{annotation.id}",
        "claimReviewed": annotation.quote.exact,
        "itemReviewed": item,
        "reviewRating": rating,
        "datePublished": annotation.modified[:10],
    }
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
