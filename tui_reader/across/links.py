"""The user's merges and splits of sources: made, undone, and matched to names.

A link is kept in the notes database (`Store.put_source_link`), because it is
the user's work; undoing one deletes the most recent link, so `sources --undo`
steps back through them one at a time, like `u` in the reader.
"""

from __future__ import annotations

from tui_reader.across.names import clean
from tui_reader.errors import UserError
from tui_reader.model import LinkKind, SourceLink
from tui_reader.store import Store

__all__ = ["LinkKind", "SourceLink", "make_link", "name_matches", "undo_link"]


def name_matches(given: str, name: str) -> bool:
    """Whether the name the user gave is `name` (case and spacing aside)."""
    return clean(given).casefold() == clean(name).casefold()


def make_link(store: Store, kind: LinkKind, first: str, second: str) -> SourceLink:
    """Keep a merge or split of two names; the same name twice is a usage mistake."""
    if not clean(first) or not clean(second):
        raise UserError("a source's name is empty")
    if name_matches(first, second):
        raise UserError(f"{first!r} and {second!r} are the same name")
    link = SourceLink(kind, clean(first), clean(second))
    store.put_source_link(link)
    return link


def undo_link(store: Store) -> SourceLink:
    """Remove the most recent merge or split; an error when there is none."""
    links = store.source_links()
    if not links:
        raise UserError("no merge or split of sources to undo")
    store.delete_source_link(links[-1].id)
    return links[-1]
