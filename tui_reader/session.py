"""A reading session: one article, its annotations, and every change made to them.

This is the reader's logic without the screen: the UI asks it to add, edit or
delete annotations and to undo or redo, and it keeps the database, the in-memory
list and the undo history in step. The CLI and the tests drive it directly.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import replace

from tui_reader import claim_links
from tui_reader.anchoring import ReanchorResult
from tui_reader.document import Article, Span
from tui_reader.history import Change, History, MetadataChange, Step
from tui_reader.metadata import EMPTY, ArticleMetadata, MetadataFields, article_metadata
from tui_reader.metadata.fields import clean_value, field_of
from tui_reader.model import (
    Annotation,
    ArticleRecord,
    Kind,
    LinkRelation,
    now_iso,
)
from tui_reader.nlp.entities import Entity, apply_corrections
from tui_reader.steps import entity_marks
from tui_reader.store import Conflict, Keep, NotSaved, Store


class ReadingSession:
    """The state behind the reader screen for one article."""

    def __init__(self, article: Article, store: Store) -> None:
        self.article = article
        self.store = store
        self.history = History()
        self.reanchored = self._reanchor_earlier_versions()
        """What re-anchoring moved here from earlier versions of the file (None: nothing)."""
        self.record = self._open_record()
        self._stored_position = self.record.position
        """The reading position as the database has it (the record's may be ahead: `open_at`)."""
        self.annotations: list[Annotation] = store.annotations(article.content_hash)
        self._cover_index: _CoverIndex | None = None
        self._known_tags: tuple[int, list[str]] | None = None
        self._told_conflicts: set[str] = set()
        """Told here: a read-only database cannot remember it for the next open."""

    def _reanchor_earlier_versions(self) -> ReanchorResult | None:
        """An edited file is a new article (new hash): bring its old annotations over."""
        if self.store.read_only or self.article.path is None:
            return None
        article = self.article
        return self.store.reanchor_article(article.text, article.content_hash, str(article.path))

    def _open_record(self) -> ArticleRecord:
        """The article's library record, created on first open and touched on every open."""
        article = self.article
        path = str(article.path) if article.path else ""
        record = self.store.article(article.content_hash)
        if record is None:
            record = ArticleRecord(
                content_hash=article.content_hash,
                title=article.title,
                path=path,
                length=len(article.text),
            )
        else:
            record = replace(record, last_opened=now_iso(), path=path or record.path)
        if not self.store.read_only:
            with suppress(NotSaved):  # kept pending by the store; reading goes on
                self.store.put_article(record)
        return record

    # Changes -------------------------------------------------------------------

    def apply(self, step: Step, *, record: bool = True) -> list[Conflict]:
        """Save a step's changes as one write, and show them in the in-memory list.

        Returns the conflicts with another instance's changes (both versions are
        then kept, and the list is reloaded to show them). A failed write raises
        `NotSaved` after the change was applied here: the store keeps it and
        writes it with the next save, so the user's work is not dropped.
        """
        content_hash = self.article.content_hash
        try:
            conflicts = self.store.save_changes(
                ((change.before, change.after) for change in step.changes),
                metadata=[(content_hash, edit.name, edit.after) for edit in step.metadata],
            )
        except NotSaved:
            self._apply_in_memory(step, record)
            raise
        self._apply_in_memory(step, record)
        if conflicts:
            self.reload()
        return conflicts

    def _apply_in_memory(self, step: Step, record: bool) -> None:
        if step.metadata:
            metadata = self.record.metadata
            for edit in step.metadata:
                metadata = metadata.with_value(edit.name, edit.after)
            self.record = replace(self.record, metadata=metadata)
        by_id = {annotation.id: annotation for annotation in self.annotations}
        for change in step.changes:
            if change.before is not None:
                by_id.pop(change.before.id, None)
            if change.after is not None:
                by_id[change.after.id] = change.after
        self.annotations = sorted(by_id.values(), key=lambda a: (a.start, a.end, a.created))
        if record:
            self.history.record(step)

    def reload(self) -> bool:
        """Read the annotations again (another instance saved); says whether they differ."""
        fresh = self.store.annotations(self.article.content_hash)
        if fresh == self.annotations:
            return False
        self.annotations = fresh
        return True

    def conflicts(self) -> list[Conflict]:
        """Unresolved conflicts with other instances on this article."""
        return self.store.conflicts(self.article.content_hash)

    def untold_conflicts(self) -> list[Conflict]:
        """The conflicts the user was not told of yet, by any instance, on any open; from
        now on they count as told (remembered in the database)."""
        fresh = [c for c in self.conflicts() if not c.told and c.id not in self._told_conflicts]
        self._told_conflicts.update(conflict.id for conflict in fresh)
        if fresh and not self.store.read_only:
            with suppress(NotSaved):  # kept pending by the store, written with the next save
                self.store.mark_told(conflict.id for conflict in fresh)
        return fresh

    def resolve_conflict(self, conflict_id: str, keep: Keep) -> None:
        """Settle a conflict as the user chose, and show the annotations it leaves."""
        self.store.resolve_conflict(conflict_id, keep)
        self.reload()

    def add(self, annotation: Annotation, description: str = "") -> list[Conflict]:
        return self.apply(
            Step(description or f"add {annotation.kind}", (Change(None, annotation),))
        )

    def add_many(self, annotations: list[Annotation], description: str) -> list[Conflict]:
        return self.apply(Step(description, tuple(Change(None, a) for a in annotations)))

    def update(
        self, before: Annotation, after: Annotation, description: str = ""
    ) -> list[Conflict]:
        return self.apply(Step(description or f"edit {before.kind}", (Change(before, after),)))

    def delete(self, annotation: Annotation, description: str = "") -> list[Conflict]:
        """Delete an annotation; a claim's links are removed from the other claims too."""
        unlinked = claim_links.links_to(annotation, self.annotations)
        return self.apply(
            Step(description or f"delete {annotation.kind}", (Change(annotation, None), *unlinked))
        )

    # Claims the reader links ---------------------------------------------------------

    def link_claims(
        self, first: Annotation, second: Annotation, relation: LinkRelation
    ) -> list[Conflict]:
        """Link two claims as supporting or contradicting each other (undoable)."""
        return self.apply(
            claim_links.link_step(self._current(first), self._current(second), relation)
        )

    def unlink_claims(self, first: Annotation, second: Annotation) -> list[Conflict]:
        return self.apply(claim_links.unlink_step(self._current(first), self._current(second)))

    def group_claims(self, claims: Sequence[Annotation], group: str = "") -> list[Conflict]:
        """Put claims into one disagreement group (see `claim_links.group_step`), undoably."""
        step = claim_links.group_step([self._current(claim) for claim in claims], group)
        return self.apply(step) if step.changes else []

    def ungroup_claim(self, claim: Annotation) -> list[Conflict]:
        return self.apply(claim_links.ungroup_step(self._current(claim)))

    def _current(self, annotation: Annotation) -> Annotation:
        """The session's version of an annotation (a caller may hold an older copy)."""
        for current in self.annotations:
            if current.id == annotation.id:
                return current
        raise claim_links.NotLinkable(f"no annotation {annotation.id} in this article")

    def mark_entities(self, spans: list[Span], label: str, description: str) -> list[Conflict]:
        """Entity corrections on several spans as one undoable step ("" = not an entity).

        A span that already has a correction gets it changed rather than a second one.
        """
        step = entity_marks(self.article, self.annotations, spans, label, description)
        return self.apply(step) if step is not None else []

    def set_metadata(self, key: str, value: str | Sequence[str]) -> list[Conflict]:
        """Set one field of the article's metadata as the user gives it, undoably.

        `key` may be any name `metadata.fields.KEY_ALIASES` knows ("date" is
        `published`); an empty value clears what the user set, so the value found
        in the file shows again. A value the field cannot hold is a
        `MetadataError` with a message for the user; nothing changes then.
        """
        name = field_of(key)
        after = clean_value(name, value)
        before = getattr(self.record.metadata, name)
        if after == before:
            return []
        verb = "set" if after else "clear"
        step = Step(f"{verb} the article's {name}", (), (MetadataChange(name, before, after),))
        return self.apply(step)

    def clear_metadata(self, key: str) -> list[Conflict]:
        """Forget the value the user set for one field (undoably)."""
        return self.set_metadata(key, "")

    def metadata(self, overrides: MetadataFields = EMPTY) -> ArticleMetadata:
        """The article's metadata: `overrides`, then what the user set, then the file's."""
        return article_metadata(self.article, self.record.metadata, overrides)

    def undo(self) -> Step | None:
        """Undo the last step; returns it (for its description) or None if nothing to undo."""
        step = self.history.take_undo()
        if step is not None:
            self.apply(step.inverted(), record=False)
        return step

    def redo(self) -> Step | None:
        step = self.history.take_redo()
        if step is not None:
            self.apply(step, record=False)
        return step

    # Queries -------------------------------------------------------------------

    def annotations_at(self, offset: int) -> list[Annotation]:
        """Annotations covering `offset` (an empty span counts at its start), by start.

        Asked on every cursor move, so it bisects an index of the placed
        annotations, rebuilt when the list changes, instead of reading them all.
        """
        if self._cover_index is None or self._cover_index.source is not self.annotations:
            self._cover_index = _CoverIndex(self.annotations)
        return self._cover_index.covering(offset)

    def find_tag_annotation(self, start: int, end: int) -> Annotation | None:
        """The tag annotation on exactly this span, so `t` edits it instead of adding another."""
        for annotation in self.annotations:
            if annotation.kind is Kind.TAG and (annotation.start, annotation.end) == (start, end):
                return annotation
        return None

    def known_tags(self) -> list[str]:
        """Every tag used before, in any article, most used first (for suggestions).

        It decodes every annotation of the database (10,000 take a good part of a
        second): the reader asks it in a worker, and keeps the answer with
        `remember_known_tags` until the database changes.
        """
        counts = Counter(tag for a in self.store.annotations() for tag in a.tags)
        return [tag for tag, _ in counts.most_common()]

    def remember_known_tags(self, generation: int, tags: list[str]) -> None:
        """Keep `known_tags` as of the database's `generation` (see `cached_known_tags`)."""
        self._known_tags = (generation, tags)

    def cached_known_tags(self) -> list[str] | None:
        """The tags remembered, if the database has not been saved to since (else None)."""
        if self._known_tags is None or self._known_tags[0] != self.store.generation:
            return None
        return self._known_tags[1]

    def effective_entities(self, recognized: list[Entity]) -> list[Entity]:
        """Recognised entities with this article's corrections applied."""
        return apply_corrections(recognized, self.annotations)

    # Reading position --------------------------------------------------------------

    def open_at(self, offset: int) -> None:
        """Start reading at `offset` (a search hit, a claim opened from Sources) rather than
        where the reader stopped; it is saved as the position when the reader leaves, as
        a move there would be, not before (opening is not reading yet)."""
        self.record = replace(self.record, position=offset)

    def save_position(self, offset: int) -> None:
        """Remember where the reader stopped, so the article opens there next time."""
        if self.store.read_only or offset == self._stored_position:
            return
        status = self.record.status if self.record.status != "unread" else "reading"
        self.record = replace(self.record, position=offset, status=status)
        self.store.put_article(self.record)
        self._stored_position = offset


class _CoverIndex:
    """Placed annotations sorted by start, to find those covering an offset by bisection."""

    def __init__(self, annotations: list[Annotation]) -> None:
        self.source = annotations
        """The list this index was built from (the session replaces it on every change)."""
        self.placed = sorted((a for a in annotations if not a.orphan), key=lambda a: a.start)
        self.starts = [a.start for a in self.placed]
        self.longest = max((_covered_length(a) for a in self.placed), default=0)

    def covering(self, offset: int) -> list[Annotation]:
        first = bisect_left(self.starts, offset - self.longest + 1)
        last = bisect_right(self.starts, offset)
        return [a for a in self.placed[first:last] if offset < a.start + _covered_length(a)]


def _covered_length(annotation: Annotation) -> int:
    """How many offsets an annotation covers: an empty one covers its start."""
    return max(annotation.end - annotation.start, 1)
