"""The status line under the article: where the cursor is, the selection, the search,
and what runs in the background.

Each part is a reactive attribute the screen sets; Textual repaints the line
only when a value really changes (most cursor moves within a line change
nothing here), and never lays the screen out again for it: it is one row high
whatever it says.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui_reader.display import display_text
from tui_reader.wording import counted

SEPARATOR = "  ·  "


class StatusLine(Widget):
    """VISUAL, the selection's length, line N/M and percent, the search, the activity."""

    visual: reactive[bool] = reactive(False, layout=False)
    selected: reactive[int] = reactive(0, layout=False)
    """Characters selected (0: no selection)."""
    line: reactive[int] = reactive(1, layout=False)
    lines: reactive[int] = reactive(1, layout=False)
    percent: reactive[int] = reactive(0, layout=False)
    search_query: reactive[str] = reactive("", layout=False)
    """The last search (of the user's typing: shown as displayable text)."""
    searching: reactive[bool] = reactive(False, layout=False)
    """The match to jump to is still being looked for."""
    matches: reactive[int] = reactive(0, layout=False)
    checking: reactive[str] = reactive("", layout=False)
    """The target claim and the picked evidence (`ui/checking.py`), of article origin."""
    carried: reactive[str] = reactive("", layout=False)
    """The verdict carried over to the claim here (`ui/carrying.py`), of article origin."""
    activity: reactive[str] = reactive("", layout=False)
    """What runs in the background ("entities (spacy) 40%…"), in italics; "" for nothing."""

    DEFAULT_CSS = """
    StatusLine { height: 1; }
    """

    def render(self) -> Text:
        parts = []
        if self.visual:
            parts.append("VISUAL")
        if self.selected:
            parts.append(counted(self.selected, "char(s) selected"))
        parts.append(f"line {self.line}/{self.lines}  {self.percent}%")
        if self.search_query:
            found = "searching…" if self.searching else counted(self.matches, "match(es)")
            parts.append(f"“{self.search_query}”: {found}")
        if self.checking:
            parts.append(self.checking)
        if self.carried:
            parts.append(self.carried)
        status = display_text(SEPARATOR.join(parts))  # it quotes the search query and claims
        if self.activity:
            status.append(f"{SEPARATOR}{self.activity}", style="italic")
        return status
