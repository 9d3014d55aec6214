"""The marks of the Claims tab from across the library: "also in N articles" under a
claim or a suggestion whose passage other articles repeat (`across.article_echoes`),
and the verdict carried over to it from another article (`ui/carrying.py`).

The marks come from the index in a worker (`reader_workers.find_echoes`); until
it answers the tab shows its rows without them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from rich.text import Text

from tui_reader.across.article_echoes import CarriedOver, EchoedPassage, Elsewhere, echoes_at
from tui_reader.carried_over import verdict_at
from tui_reader.display import displayable
from tui_reader.ui.carrying import carried_words


class Marked(Protocol):
    """What the marks are read from (the Claims tab)."""

    echoes: tuple[EchoedPassage, ...]
    carried: tuple[CarriedOver, ...]


def echo_line(elsewhere: Sequence[Elsewhere]) -> str:
    """What a row says of its echoes ("" for none)."""
    if not elsewhere:
        return ""
    count = len(elsewhere)
    return f"↔ also in {count} article{'s' if count != 1 else ''}"


def with_echoes(prompt: Text, marks: Marked, span: tuple[int, int]) -> Text:
    """The row's prompt, with a line for the other articles echoing `span` and one for
    a verdict carried over to it, when there are."""
    line = echo_line(echoes_at(marks.echoes, *span))
    carried = verdict_at(marks.carried, *span)
    if not line and carried is None:
        return prompt
    marked = prompt.copy()
    if line:
        marked.append(f"\n  {line}", style="bold")
    if carried is not None:
        marked.append("\n  ")
        marked.append(displayable(carried_words(carried)), style="bold italic")
        marked.append("  (Y confirm · X dismiss)", style="italic")
    return marked
