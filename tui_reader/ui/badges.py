"""The side panel's state badges: a claim's status, an orphan, a disagreement, a
suggestion, a conflict, each a word on a background of its own, in the theme's colours.

Why badges: a state shown as coloured text on the row's background cannot stay
readable, because the row's background changes when it is highlighted (a red
word on the blue highlight was 1.1:1). A badge paints its own background, so
its text is read against that colour only, whatever the row's; its text colour
is the theme's foreground or background where that reaches the WCAG AA ratio
(4.5:1), else black or white, one of which always does (at least 4.58:1).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from rich.color import Color as RichColor
from rich.style import Style
from rich.terminal_theme import TerminalTheme
from textual.color import Color

from tui_reader.model import ClaimStatus

WCAG_AA = 4.5
"""The contrast ratio text needs (WCAG 2, level AA)."""


class State(StrEnum):
    """Every state a panel row can show, beyond a claim's status."""

    ORPHAN = "orphan"
    FLAGGED = "flagged"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    SUGGESTED = "suggested"
    CONFLICT = "conflict"


STATE_COLOURS: dict[str, str] = {
    ClaimStatus.SUPPORTED: "success",
    ClaimStatus.PARTLY_SUPPORTED: "success+warning",
    ClaimStatus.DISPUTED: "warning",
    ClaimStatus.FALSE: "error",
    ClaimStatus.NOT_CHECKABLE: "secondary",
    ClaimStatus.UNVERIFIED: "panel",
    State.ORPHAN: "error",
    State.FLAGGED: "warning",
    State.CONFIRMED: "error",
    State.DISMISSED: "panel",
    State.SUGGESTED: "accent",
    State.CONFLICT: "warning",
}
"""Each state's theme variable ("a+b": halfway between two), so a theme recolours them."""


def relative_luminance(color: Color) -> float:
    """WCAG 2 relative luminance."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(color.r) + 0.7152 * linear(color.g) + 0.0722 * linear(color.b)


def contrast_ratio(first: Color, second: Color) -> float:
    """WCAG 2 contrast ratio, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_on(background: Color, preferred: tuple[Color, ...]) -> Color:
    """The first of `preferred` readable on `background`, else black or white."""
    for candidate in (*preferred, Color(0, 0, 0), Color(255, 255, 255)):
        if contrast_ratio(candidate, background) >= WCAG_AA:
            return candidate
    return max((Color(0, 0, 0), Color(255, 255, 255)), key=lambda c: contrast_ratio(c, background))


def _theme_colour(
    variables: Mapping[str, str],
    name: str,
    fallback: Color,
    terminal: TerminalTheme,
    foreground: bool = False,
) -> Color:
    """A theme's colour as the screen shows it: an ANSI or default colour (the ANSI
    themes) as the terminal theme Textual assumes gives it."""
    try:
        colour = Color.parse(variables[name])
    except (KeyError, ValueError):  # a theme without the variable, or an "auto" value
        return fallback
    if colour.ansi is not None:
        rich_colour = RichColor.from_triplet(
            colour.rich_color.get_truecolor(terminal, foreground=foreground)
        )
        return Color.from_rich_color(rich_colour)
    return colour


def badge_styles(variables: Mapping[str, str], terminal: TerminalTheme) -> dict[str, Style]:
    """Each state's badge style in the theme of `variables` (the theme's colour system)."""
    grey = Color(128, 128, 128)
    text = (
        _theme_colour(variables, "foreground", Color(224, 224, 224), terminal, foreground=True),
        _theme_colour(variables, "background", Color(18, 18, 18), terminal),
    )
    styles: dict[str, Style] = {}
    for state, names in STATE_COLOURS.items():
        first, _, second = names.partition("+")
        colour = _theme_colour(variables, first, grey, terminal)
        if second:
            colour = colour.blend(_theme_colour(variables, second, grey, terminal), 0.5)
        foreground = readable_on(colour, text)
        styles[state] = Style(color=foreground.rich_color, bgcolor=colour.rich_color, bold=True)
    return styles


def badge_label(state: str) -> str:
    """The badge's words: the state upper-cased, padded by a space each side."""
    return f" {state.upper()} "
