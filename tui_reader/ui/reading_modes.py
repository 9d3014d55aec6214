"""Reading modes: the article without entity colours, without claim suggestions, or full width.

One key each (`E`, `M`, `Z`) turns a mode on or off. The modes are kept in the
app's `ReaderMemory`, so an article opened next from the library reads the
same way; they change what is shown, never what is saved.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_reader.claim_workbench import ClaimWorkbench
from tui_reader.document import Span
from tui_reader.ui.article_view import ArticleView
from tui_reader.ui.side_panel import SidePanel

MODE_WORDS = {
    "entity_colours": ("Entity colours shown", "Entity colours hidden"),
    "suggestions": ("Claim suggestions shown (dimmed)", "Claim suggestions hidden"),
    "panel": ("Side panel shown", "Side panel hidden: Z or tab shows it"),
}
"""Each mode's notice when it is turned on (shown) and off (hidden)."""


@dataclass
class ReadingModes:
    """What the article shows besides its text (True: shown, as at the first start)."""

    entity_colours: bool = True
    suggestions: bool = True
    panel: bool = True

    def toggle(self, mode: str) -> str:
        """Turn `mode` (one of `MODE_WORDS`) over; the notice that says what it is now."""
        shown = not getattr(self, mode)
        setattr(self, mode, shown)
        return MODE_WORDS[mode][0 if shown else 1]


def suggestion_spans(modes: ReadingModes, workbench: ClaimWorkbench) -> list[Span]:
    """The passages the view dims as suggested claims: none while they are hidden."""
    return [c.content for c in workbench.suggestions] if modes.suggestions else []


def apply_modes(
    modes: ReadingModes, view: ArticleView, panel: SidePanel, workbench: ClaimWorkbench
) -> None:
    """Show the article and the panel as the modes say."""
    view.set_entity_colours(modes.entity_colours)
    view.set_suggestions(suggestion_spans(modes, workbench))
    panel.display = modes.panel
    if not modes.panel and panel.has_focus_within:
        view.focus()
