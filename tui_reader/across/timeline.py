"""A source's or an entity's claims in the order they were made.

Ordered by the article's date (its metadata: the page, the header, or what the
user set), else by when the article was first read or added, so a speaker's
statements over weeks read in sequence. A name matches a source under any of
its names, or by its surname (the most quoted source of it); failing that, it
is an entity, and the timeline holds the claims whose content names it
("Pentagon" for every claim about the Pentagon).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tui_reader.across.build import name_in_content
from tui_reader.across.index import CrossIndex
from tui_reader.across.links import name_matches
from tui_reader.across.names import person_key
from tui_reader.across.sources import Appearance, Source


@dataclass(frozen=True, slots=True)
class Timeline:
    """What the name was found as, and its claims oldest first."""

    name: str
    found_as: str
    """"source" or "entity"."""
    appearances: tuple[Appearance, ...]

    def to_json(self) -> list[dict[str, object]]:
        return [
            {
                "date": a.article.when,
                "content_hash": a.article.content_hash,
                "title": a.article.title,
                "start": a.claim.start,
                "end": a.claim.end,
                "text": a.claim.text,
                "source": a.claim.source,
                "status": a.claim.status,
            }
            for a in self.appearances
        ]


def timeline(index: CrossIndex, sources: Sequence[Source], name: str) -> Timeline | None:
    """The timeline of `name` as a source, else as an entity; None when neither is known."""
    matching = [s for s in sources if any(name_matches(name, n) for n in s.names)]
    key = person_key(name)
    if not matching and key is not None:
        # "Mayor Varga": the most quoted source of that surname (and first name, if given)
        matching = [
            s
            for s in sources
            if any(
                (found := person_key(n)) is not None
                and found.surname == key.surname
                and (not key.first or found.first == key.first)
                for n in s.names
            )
        ][:1]
    if matching:
        appearances = [a for source in matching for a in source.claims]
        return Timeline(matching[0].name, "source", _in_order(appearances))
    wanted = {name_in_content(name, "PERSON"), name_in_content(name, "ORG")} - {""}
    about = [
        Appearance(article, claim)
        for article in index.articles
        for claim in article.claims
        if wanted & set(claim.names)
    ]
    return Timeline(name, "entity", _in_order(about)) if about else None


def _in_order(appearances: list[Appearance]) -> tuple[Appearance, ...]:
    return tuple(
        sorted(appearances, key=lambda a: (a.article.when, a.article.content_hash, a.claim.start))
    )
