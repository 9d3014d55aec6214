"""Carried-over verdicts in the reader: shown on the claim they would rate (Claims tab and
status line), confirmed with one key, dismissed with another (`tui_reader.carried_over`
makes the steps; they are committed like any edit, undone with `u`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_reader.across.article_echoes import CarriedOver
from tui_reader.carried_over import confirm_step, dismiss_step, open_verdicts, verdict_at
from tui_reader.model import Annotation

if TYPE_CHECKING:
    from tui_reader.ui.reader_screen import ReaderScreen


def carried_words(carried: CarriedOver) -> str:
    """What the tab and the status line say of a carried-over verdict."""
    return f"carried over: {carried.status}, from {carried.from_title}"


class Carrying:
    """The verdicts carried over to this article (from the echo lookup) and their keys."""

    def __init__(self, reader: ReaderScreen) -> None:
        self.reader = reader
        self.found: tuple[CarriedOver, ...] = ()
        """As the lookup found them; `still_open` leaves out what the user decided."""

    def still_open(self) -> tuple[CarriedOver, ...]:
        return open_verdicts(self.found, self.reader.session.annotations)

    def here(self) -> tuple[CarriedOver | None, Annotation | None, str | None]:
        """The open carried-over verdict on the claim (or suggestion) here, with them."""
        claim, suggestion = self.reader.checking.here()
        span = None
        if claim is not None:
            span = (claim.start, claim.end)
        elif suggestion is not None:
            candidate = self.reader.workbench.suggestion(suggestion)
            span = candidate.content if candidate is not None else None
        carried = verdict_at(self.still_open(), *span) if span else None
        return carried, claim, suggestion

    def show_here(self) -> None:
        """The status line names the carried-over verdict of the claim here, if any."""
        carried, _, _ = self.here()
        self.reader.status_line.carried = carried_words(carried) if carried else ""

    def confirm(self) -> None:
        """Adopt the verdict here (accepting the suggestion here first, in the same step)."""
        reader = self.reader
        carried, claim, suggestion = self.here()
        if carried is None:
            reader.notify("No carried-over verdict here", timeout=3)
            return
        new = claim is None
        if claim is None and suggestion is not None:
            accepted = reader.workbench.accept(suggestion)
            claim = accepted.changes[0].after if accepted is not None else None
        if claim is None:
            return
        reader.commit(confirm_step(claim, carried, new), f"Marked {carried.status} (u to undo)")
        self.show_here()

    def dismiss(self) -> None:
        reader = self.reader
        carried, _, _ = self.here()
        if carried is None:
            reader.notify("No carried-over verdict here", timeout=3)
            return
        step = dismiss_step(reader.article, carried)
        reader.commit(step, "Carried-over verdict dismissed: not offered again (u to undo)")
        self.show_here()
