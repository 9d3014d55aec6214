"""What every list of the side panel shares: the list keys, the `/` filter, the
separation between items, the state badges in the theme's colours.

A list keeps what it was last handed (so that a new filter or a new theme can
show it again) and its filter; it changes nothing else: what a key asks for on
a row goes to the screen as a message (`ui/messages.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import replace
from typing import Any, ClassVar, TypeVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.color import Color, ColorParseError
from textual.style import Style as VisualStyle
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from tui_reader.display import displayable
from tui_reader.list_filter import ListFilter
from tui_reader.ui import messages
from tui_reader.ui.badges import badge_label, badge_styles, readable_on

LIST_KEYS: list[BindingType] = [
    Binding("j", "cursor_down", "Down", show=False, id="list_down"),
    Binding("k", "cursor_up", "Up", show=False, id="list_up"),
    Binding("g", "first", "First", show=False, id="list_first"),
    Binding("G", "last", "Last", show=False, id="list_last"),
    Binding("slash", "filter_text", "Filter", id="list_filter"),
    Binding("escape", "clear_filter", "Clear filter", id="list_clear_filter"),
]

Item = TypeVar("Item")


def separated(items: Iterable[Item]) -> Iterator[Item | None]:
    """The items with None (an option list's separator line) between each two."""
    for index, item in enumerate(items):
        if index:
            yield None
        yield item


def heading_option(text: str | Text, style: str = "bold") -> Option:
    """A row that names what follows; it cannot be highlighted."""
    return Option(text if isinstance(text, Text) else Text(text, style=style), disabled=True)


class PanelList(OptionList):
    """An option list with the panel's keys: `j`/`k`, `g`/`G`, `/` filters, escape clears."""

    BINDINGS: ClassVar[list[BindingType]] = LIST_KEYS

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.list_filter = ListFilter()
        self._badges: tuple[str, dict[str, Style]] = ("", {})
        self._readable: dict[VisualStyle, VisualStyle] = {}

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.rebuild())

    def rebuild(self) -> None:
        """Show again what the list was last handed (a new filter, a new theme)."""

    @property
    def badges(self) -> dict[str, Style]:
        """Each state's badge style in the app's current theme."""
        theme, styles = self._badges
        if theme != self.app.theme or not styles:
            current = self.app.current_theme
            variables = {**current.to_color_system().generate(), **current.variables}
            styles = badge_styles(variables, self.app.ansi_theme)
            self._badges = (self.app.theme, styles)
        return styles

    def get_visual_style(self, *component_classes: str, partial: bool = False) -> VisualStyle:
        """The theme's style of a row, its text colour changed where it would be less
        readable than 4.5:1 on the row's background (highlighted or not: some themes'
        own highlight, or their foreground on their surface, falls short)."""
        style = super().get_visual_style(*component_classes, partial=partial)
        if partial or style.foreground is None or style.background is None:
            return style
        readable = self._readable.get(style)
        if readable is None:
            background = self._shown_colour(style.background, foreground=False)
            foreground = background + self._shown_colour(style.foreground, foreground=True)
            theme = self.app.current_theme
            preferred = [foreground]
            for name in (theme.foreground, theme.background):
                with suppress(ColorParseError):
                    preferred.append(Color.parse(name or "?"))
            chosen = readable_on(background, tuple(preferred))
            readable = style if chosen == foreground else replace(style, foreground=chosen)
            self._readable[style] = readable
        return readable

    def _shown_colour(self, colour: Color, *, foreground: bool) -> Color:
        """An ANSI or default colour (the ANSI themes) as Textual assumes the terminal
        shows it; any other colour as it is."""
        if colour.ansi is None:
            return colour
        triplet = colour.rich_color.get_truecolor(self.app.ansi_theme, foreground=foreground)
        return Color(*triplet)

    def badge(self, state: str) -> Text:
        return Text(badge_label(state), style=self.badges.get(state, ""))

    def set_filter(self, query: str) -> None:
        self.list_filter = ListFilter.parse(query)
        self.rebuild()
        if self.highlighted is None:
            self.action_first()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape clears a filter; without one it goes on to the screen."""
        return bool(self.list_filter) if action == "clear_filter" else True

    def action_filter_text(self) -> None:
        self.post_message(messages.OpenListFilter(self.id or "", self.list_filter.query))

    def action_clear_filter(self) -> None:
        self.set_filter("")

    def add_rows(self, rows: Iterable[Option]) -> None:
        """Add rows with a separator line between them."""
        self.add_options(separated(rows))

    def add_heading(self, text: str | Text, style: str = "bold") -> None:
        self.add_option(heading_option(text, style))

    def add_filter_heading(self, shown: int, total: int) -> None:
        """The filter in use, first in the list, while there is one."""
        if not self.list_filter:
            return
        heading = Text("filter ", style="bold")
        heading.append(displayable(self.list_filter.query), style="italic")
        heading.append(f": {shown} of {total} · / changes · escape clears")
        self.add_heading(heading)

    def keep_highlight(self, option_id: str | None) -> bool:
        """Highlight the row of `option_id` if it is listed; says whether it was."""
        if option_id is None:
            return False
        try:
            self.highlighted = self.get_option_index(option_id)
        except OptionDoesNotExist:
            return False
        return True
