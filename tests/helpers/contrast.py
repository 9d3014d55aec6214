"""WCAG contrast of what a widget shows, rendered as the compositor gets them.

The compositor holds the segments the driver writes; the app's line filters
(ANSI colours to the terminal theme's truecolour, `dim` blended into the
background) are applied here as they are on the way out, so each segment's
foreground and background are the colours the user sees.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.color import Color as RichColor
from textual.app import App
from textual.color import Color
from textual.filter import dim_color
from textual.geometry import Region
from textual.widget import Widget

RULES = " " + "".join(chr(code) for code in range(0x2500, 0x2580))
"""Blanks and box-drawing characters: a separator line is not text (WCAG asks 3:1 of
such graphics, and a faint rule between rows is meant to recede)."""


@dataclass(frozen=True)
class Shown:
    """A run of text as the user sees it, with its contrast ratio."""

    text: str
    ratio: float


def relative_luminance(color: RichColor) -> float:
    """WCAG 2 relative luminance of a truecolour."""
    assert color.triplet is not None
    channels = []
    for value in color.triplet:
        c = value / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(foreground: RichColor, background: RichColor) -> float:
    """WCAG 2 contrast ratio, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def _truecolor(app: App[object], color: RichColor | None, *, foreground: bool) -> RichColor:
    """A colour as the terminal shows it: ANSI and default colours (the ANSI themes')
    through the app's terminal theme."""
    if color is None or color.triplet is None:
        color = color or RichColor.default()
        return RichColor.from_triplet(color.get_truecolor(app.ansi_theme, foreground=foreground))
    return color


def widget_text_contrasts(app: App[object], widget: Widget) -> list[Shown]:
    """Every non-blank run of text `widget` shows now, with its contrast ratio (rendered
    afresh, so a change of highlight needs no repaint of the screen first)."""
    strips = widget.render_lines(Region(0, 0, *widget.size))
    background = Color.parse(app.current_theme.background or "black")
    shown: list[Shown] = []
    for strip in strips:
        for line_filter in app.get_line_filters():
            strip = strip.apply_filter(line_filter, background)
        for segment in strip:
            if not segment.text.strip(RULES) or segment.style is None:
                continue
            style = segment.style
            foreground = _truecolor(app, style.color, foreground=True)
            back = _truecolor(app, style.bgcolor, foreground=False)
            if style.dim:  # the ANSI themes keep `dim` for the terminal, which halves it
                foreground = dim_color(back, foreground)
            if style.reverse:
                foreground, back = back, foreground
            shown.append(Shown(segment.text, contrast_ratio(foreground, back)))
    return shown
