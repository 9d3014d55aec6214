"""The echo marks of the Claims tab: "also in N articles" under a claim or a suggestion
whose passage other articles of the library repeat (`across.article_echoes`).

The marks come from the index in a worker (`reader_workers.find_echoes`); until
it answers the tab shows its rows without them.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from tui_reader.across.article_echoes import EchoedPassage, Elsewhere, echoes_at


def echo_line(elsewhere: Sequence[Elsewhere]) -> str:
    """What a row says of its echoes ("" for none)."""
    if not elsewhere:
        return ""
    count = len(elsewhere)
    return f"↔ also in {count} article{'s' if count != 1 else ''}"


def with_echoes(prompt: Text, passages: Sequence[EchoedPassage], span: tuple[int, int]) -> Text:
    """The row's prompt, with a line for the other articles echoing `span` when there are."""
    line = echo_line(echoes_at(passages, *span))
    if not line:
        return prompt
    marked = prompt.copy()
    marked.append(f"\n  {line}", style="bold cyan")
    return marked
