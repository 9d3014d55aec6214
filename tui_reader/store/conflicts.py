"""Conflicts: two tui-readers changed the same annotation, and both versions were kept.

A save says which version of the annotation it was based on. When the stored
record is neither that version nor the new one, another instance changed it in
between, and instead of one change silently overwriting the other:

- edited here and there: theirs stays under its id, ours is saved as a new
  annotation (a copy with a new id), and a conflict record links the two;
- edited here, deleted there: ours is saved again (nothing is lost);
- deleted here, edited there: theirs is kept (the deletion is not applied).

Conflict records live in the database (table `conflicts`), so every instance,
and a later session, can show them until the user resolves them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from tui_reader.model import new_id, now_iso
from tui_reader.schema import Fields


class ConflictKind(StrEnum):
    EDITED_TWICE = "edited twice"
    EDITED_DELETED = "edited here, deleted elsewhere"
    DELETED_EDITED = "deleted here, edited elsewhere"


class Keep(StrEnum):
    """How the user resolves an `EDITED_TWICE` conflict."""

    BOTH = "both"
    THEIRS = "theirs"
    OURS = "ours"


_MESSAGES = {
    ConflictKind.EDITED_TWICE: (
        "was also changed in another window: both versions are kept, yours as a copy"
    ),
    ConflictKind.EDITED_DELETED: (
        "was deleted in another window while you edited it: your version is kept"
    ),
    ConflictKind.DELETED_EDITED: (
        "was changed in another window, so it was not deleted: delete it again if you wish"
    ),
}


@dataclass(frozen=True)
class Conflict:
    """One conflict: which annotation, which copy holds our version, and what happened."""

    kind: ConflictKind
    article: str
    annotation_id: str
    copy_id: str | None = None
    """Our version, saved as a new annotation (EDITED_TWICE only)."""
    summary: str = ""
    """The annotation's one-line summary when the conflict arose, to name it to the user."""
    id: str = field(default_factory=new_id)
    detected: str = field(default_factory=now_iso)
    told: bool = False
    """Whether the user was told of it (once, by whichever instance opened it first)."""

    def message(self) -> str:
        """One line telling the user what happened."""
        name = f"“{self.summary}”" if self.summary else "An annotation"
        return f"{name} {_MESSAGES[self.kind]}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = str(self.kind)
        return data

    @classmethod
    def from_dict(cls, data: object) -> Conflict:
        """Decode a stored record (`InvalidRecord` names the field that is wrong)."""
        fields = Fields(data)
        copy_id = fields.optional_text("copy_id")
        return cls(
            kind=fields.choice("kind", ConflictKind),
            article=fields.content_hash("article"),
            annotation_id=fields.identifier("annotation_id"),
            copy_id=None if copy_id is None else fields.identifier("copy_id"),
            summary=fields.text("summary", ""),
            id=fields.identifier("id"),
            detected=fields.time("detected"),
            told=fields.flag("told", False),
        )
