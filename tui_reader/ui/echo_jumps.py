"""The echo key: from a claim (or a suggestion) here, open another article of the library
at the passage that echoes it.

With several echoes, each press on the same claim opens the next one (`q` in the
other article comes back here, at the same place, and the key again goes on to
the following echo); the notice says which of how many it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_reader.across.article_echoes import echoes_at
from tui_reader.display import displayable
from tui_reader.ui import messages

if TYPE_CHECKING:
    from tui_reader.ui.reader_screen import ReaderScreen


class EchoJumps:
    """Which echo of which claim the key opened last, for the reader screen."""

    def __init__(self, reader: ReaderScreen) -> None:
        self.reader = reader
        self._last: tuple[tuple[int, int], int] | None = None
        """The span of the claim the key was last used on, and the echo it opened."""
        self.looked_up = False
        """Whether the article's echoes were asked for (once, when its claims are first
        found: started with the screen, reading the index held the first frame up 0.8 s
        on a library of 1,000 articles)."""

    def span_here(self) -> tuple[int, int] | None:
        """The span of the claim, else the suggestion's content, here (`Checking.here`);
        in the article, else the cursor (on a quotation no claim holds)."""
        claim, suggestion = self.reader.checking.here()
        if claim is not None:
            return claim.start, claim.end
        candidate = self.reader.workbench.suggestion(suggestion) if suggestion else None
        if candidate is not None:
            return candidate.content
        cursor = self.reader.view.cursor  # a quotation no claim holds, echoed elsewhere
        return None if self.reader.panel.claims.has_focus else (cursor, cursor + 1)

    def jump(self) -> None:
        """Open the next echo of the claim here in its article (or say why not)."""
        span = self.span_here()
        found = echoes_at(self.reader.panel.claims.echoes, *span) if span else ()
        if span is None or not found:
            self.reader.notify("No echo of a claim here in another article", timeout=3)
            return
        turn = 0
        if self._last is not None and self._last[0] == span:
            turn = (self._last[1] + 1) % len(found)
        self._last = (span, turn)
        other = found[turn]
        if not other.path:
            self.reader.notify(
                displayable(f"{other.title}: its file is not known"), timeout=4, markup=False
            )
            return
        self.reader.notify(
            displayable(f"Echo {turn + 1} of {len(found)}: {other.title} (q comes back)"),
            timeout=4,
            markup=False,
        )
        self.reader.post_message(messages.OpenArticle(other.path, position=other.start))
