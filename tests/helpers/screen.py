"""What the app has on screen, read from the compositor: its text and its leaks.

Textual writes to the terminal exactly the segments its compositor holds, each
as its text between escape sequences made from its style. So a character of
content origin that a terminal would act on (an escape, a BiDi override) can
only reach the terminal inside a segment's text, and a live link or click action
only as a segment's style: checking every segment of the composed screen checks
what the driver would write, without parsing the escape sequences it adds.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.app import App
from textual.pilot import Pilot

ACTED_ON = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""Characters a terminal acts on rather than shows, or cannot encode (written out here,
independently of the module under test)."""

TEXTUAL_CLICKS = re.compile(r"range_clicked\(")
"""Click actions Textual's own widgets put in styles (the tabs' underline bar)."""


def screen_segments(app: App[object]) -> list[Segment]:
    """Every segment of the screen as composed now (modal screens included)."""
    strips = app.screen._compositor.render_strips()
    return [segment for strip in strips for segment in strip]


def screen_lines(app: App[object]) -> list[str]:
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


def screen_text(app: App[object]) -> str:
    return "\n".join(screen_lines(app))


def leaks(app: App[object]) -> list[str]:
    """What on screen a terminal would act on: control characters, links, click actions."""
    found = []
    for segment in screen_segments(app):
        if segment.control:
            found.append(f"control segment {segment!r}")
        if ACTED_ON.search(segment.text):
            found.append(f"raw character in {segment.text!r}")
        style = segment.style
        if style is None:
            continue
        if style.link:
            found.append(f"link {style.link!r} on {segment.text!r}")
        click = style.meta.get("@click")
        if click is not None and not TEXTUAL_CLICKS.match(str(click)):
            found.append(f"click action {click!r} on {segment.text!r}")
    return found


async def shown_soon(pilot: Pilot[object], text: str, tries: int = 40) -> str:
    """The screen's text once it shows `text` (a new screen is laid out over a few
    refreshes), or as it is after `tries` pauses, for the caller's assertion to report."""
    shown = screen_text(pilot.app)
    for _ in range(tries):
        if text in shown:
            break
        await pilot.pause(0.05)
        shown = screen_text(pilot.app)
    return shown
