"""Undo and redo for annotation changes, and for the article's metadata.

A step is a list of changes, each a (before, after) pair of annotation versions:
`before` None is an addition, `after` None a deletion. Undoing a step applies the
inverted pairs, so one mechanism covers adding, editing and deleting, alone or
in batches ("apply to all occurrences"). A step may also set fields of the
article's metadata, each a (before, after) pair of values in the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_reader.metadata.fields import Value as MetadataValue
from tui_reader.model import Annotation


@dataclass(frozen=True)
class Change:
    """One annotation going from `before` to `after` (either may be None)."""

    before: Annotation | None
    after: Annotation | None

    def inverted(self) -> Change:
        return Change(before=self.after, after=self.before)


@dataclass(frozen=True)
class MetadataChange:
    """One field of the article's stored metadata going from `before` to `after` ("": unset)."""

    name: str
    before: MetadataValue
    after: MetadataValue

    def inverted(self) -> MetadataChange:
        return MetadataChange(self.name, before=self.after, after=self.before)


@dataclass(frozen=True)
class Step:
    """What one user action changed, with words for the undo notification."""

    description: str
    changes: tuple[Change, ...]
    metadata: tuple[MetadataChange, ...] = ()

    def inverted(self) -> Step:
        return Step(
            self.description,
            tuple(change.inverted() for change in reversed(self.changes)),
            tuple(change.inverted() for change in reversed(self.metadata)),
        )


class History:
    """The session's undo and redo stacks (a new step clears the redo stack)."""

    def __init__(self) -> None:
        self._undo: list[Step] = []
        self._redo: list[Step] = []

    def record(self, step: Step) -> None:
        self._undo.append(step)
        self._redo.clear()

    def take_undo(self) -> Step | None:
        """The last step, moved to the redo stack; apply its inverse."""
        if not self._undo:
            return None
        step = self._undo.pop()
        self._redo.append(step)
        return step

    def take_redo(self) -> Step | None:
        """The last undone step, moved back to the undo stack; apply it again."""
        if not self._redo:
            return None
        step = self._redo.pop()
        self._undo.append(step)
        return step
