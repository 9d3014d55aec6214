"""The side panel's filter: what the user types after `/` in a list.

    status:false    rows in that state (a claim's status, or orphan, suggested,
                    flagged, confirmed, dismissed, conflict); a start is enough
                    ("status:part", "status:not-check"); `-` and `_` stand for spaces
    #budget         rows tagged so (a start is enough: "#bud")
    harbour vote    rows holding every word (source, quote, note, tags, name)

Terms combine with "and"; letter case is ignored. Kept apart from the widgets so
that the matching rule can be tested without a screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

STATUS_PREFIX = "status:"


@dataclass(frozen=True)
class ListFilter:
    """A parsed filter; the empty filter matches every row."""

    query: str = ""
    words: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()

    @classmethod
    def parse(cls, query: str) -> ListFilter:
        words: list[str] = []
        tags: list[str] = []
        statuses: list[str] = []
        for term in query.casefold().split():
            if term.startswith(STATUS_PREFIX):
                wanted = _spaced(term.removeprefix(STATUS_PREFIX))
                if wanted:
                    statuses.append(wanted)
            elif term.startswith("#") and len(term) > 1:
                tags.append(term[1:])
            else:
                words.append(term)
        return cls(" ".join(query.split()), tuple(words), tuple(tags), tuple(statuses))

    def __bool__(self) -> bool:
        return bool(self.words or self.tags or self.statuses)

    def matches(self, text: str, tags: Iterable[str] = (), states: Iterable[str] = ()) -> bool:
        """Whether a row of `text`, `tags` and `states` (a status, orphan…) is kept."""
        folded = text.casefold()
        if any(word not in folded for word in self.words):
            return False
        own_tags = [tag.casefold() for tag in tags]
        if any(not any(tag.startswith(wanted) for tag in own_tags) for wanted in self.tags):
            return False
        own_states = [state.casefold() for state in states]
        return all(any(s.startswith(wanted) for s in own_states) for wanted in self.statuses)


def _spaced(term: str) -> str:
    return term.replace("-", " ").replace("_", " ").strip()
