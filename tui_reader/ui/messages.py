"""Every message the reader's widgets and workers post, in one place.

Each is a dataclass carrying ids and values, never a callable: a message says
what the user asked for (or what a worker found), and the handler that owns
the state decides what it changes. Lists post what a key asked for on the
highlighted row; workers post what they found; the reader screen (or, for the
library, the app) handles them, turning each into a `history.Step` to commit
or into what the widgets show.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from tui_reader.nlp.entities import Entity
from tui_reader.nlp.pipeline import EntityUpdate

if TYPE_CHECKING:
    from tui_reader.across.article_echoes import CarriedOver, EchoedPassage
    from tui_reader.library import SearchHit
    from tui_reader.nlp.claims import ClaimCandidate
    from tui_reader.nlp.disagreements import Disagreement
    from tui_reader.session import ReadingSession


# Lists of annotations (Notes and Claims tabs) ------------------------------------------


@dataclass
class Jump(Message):
    """Show the annotation's passage, selected."""

    annotation_id: str


@dataclass
class Edit(Message):
    annotation_id: str


@dataclass
class Delete(Message):
    annotation_id: str


@dataclass
class Reattach(Message):
    """Move the annotation to the passage selected in the text."""

    annotation_id: str


@dataclass
class OpenListFilter(Message):
    """`/` in a panel list: let the user type its filter (`list_filter.py`)."""

    list_id: str
    query: str


# The Entities tab --------------------------------------------------------------------


@dataclass
class JumpToEntity(Message):
    """Go to the next occurrence of an entity (its type and flattened text)."""

    label: str
    text: str


@dataclass
class RetypeEntity(Message):
    label: str
    text: str


@dataclass
class RemoveEntity(Message):
    """Say that every occurrence of this entity in the article is not one."""

    label: str
    text: str


@dataclass
class ToggleEntityGroup(Message):
    group: str


# The Claims tab (ids from `claim_workbench.suggestion_id` and `flag_id`) ------------------


@dataclass
class AcceptSuggestion(Message):
    suggestion_id: str


@dataclass
class RejectSuggestion(Message):
    suggestion_id: str


@dataclass
class AcceptAllSuggestions(Message):
    pass


@dataclass
class Decide(Message):
    """Confirm (True) or dismiss (False) a disagreement flag."""

    flag_id: str
    confirmed: bool


@dataclass
class ShowFlag(Message):
    """Show a disagreement's two claims side by side."""

    flag_id: str


@dataclass
class CycleClaimFilter(Message):
    pass


@dataclass
class ToggleClaimSort(Message):
    pass


# Conflicts between instances (the Notes tab) ------------------------------------------


@dataclass
class ShowConflict(Message):
    """Show both versions of a conflicting annotation, to choose between them."""

    conflict_id: str


# What workers found ----------------------------------------------------------------------


@dataclass
class EntitiesFound(Message):
    """The entity worker has an update (see `nlp.pipeline.entity_updates`)."""

    update: EntityUpdate


@dataclass
class ClaimsFound(Message):
    """The claim finder's suggestions and the disagreements among them."""

    candidates: list[ClaimCandidate]
    disagreements: list[Disagreement]
    entities: list[Entity]
    """The entities the finder was given (to type the sources of accepted claims)."""


@dataclass
class TagsKnown(Message):
    """Every tag used before, most used first, as of a database generation."""

    generation: int
    tags: list[str]


@dataclass
class EchoesFound(Message):
    """The passages of the article `content_hash` that other articles of the library echo,
    and the verdicts carried over to its claims."""

    content_hash: str
    passages: tuple[EchoedPassage, ...]
    carried: tuple[CarriedOver, ...]
    """The verdicts the user gave the same claims in other articles, suggested here."""


@dataclass
class Exported(Message):
    fmt: str
    path: Path
    dropped: list[str]


@dataclass
class Failed(Message):
    """A worker's action failed with a message for the user."""

    message: str


# The library -----------------------------------------------------------------------------


@dataclass
class OpenArticle(Message):
    """Open the article at `path`, with the cursor at `position` (None: where reading stopped)."""

    path: str
    position: int | None = None


@dataclass
class ArticleOpened(Message):
    """The article is loaded and its annotations re-anchored: show it."""

    session: ReadingSession


@dataclass
class SearchDone(Message):
    query: str
    hits: list[SearchHit]


@dataclass
class Located(Message):
    """A moved article was looked for: its new path, or None when not found."""

    title: str
    path: str | None


@dataclass
class Progress(Message):
    """A worker's progress, shown in a notice while it takes more than a moment."""

    words: str
    done: float
