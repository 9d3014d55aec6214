"""The claim editor at small and large sizes: every field reachable, what is typed is saved.

At 140x42 the editor once squeezed Evidence into a one-row sliver: the new
item's fields could not be seen, Save and Cancel were cut off, and typing went
into invisible fields (a stance saved as "supports" when "context" was meant).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, Select

import tui_reader.ui
from tui_reader.document import Article
from tui_reader.model import Claim, ClaimStatus, Evidence, StatusChange
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.base_app import TuiReaderApp
from tui_reader.ui.claim_editor import ClaimDialog, EvidenceRow


def make_app(article_path: Path, db_path: Path) -> ReaderApp:
    store = Store(db_path)
    return ReaderApp(store, session=ReadingSession(Article.load(article_path), store))


def stored_claims(db_path: Path) -> list[dict]:
    records = json.loads(db_path.read_text())["annotations"].values()
    return [record for record in records if record["kind"] == "claim"]


async def open_editor(pilot: Pilot) -> ClaimDialog:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("j", "j", "j", "j", "c")
    await pilot.app.workers.wait_for_complete()
    for _ in range(20):
        if isinstance(pilot.app.screen, ClaimDialog):
            break
        await pilot.pause(0.05)
    editor = pilot.app.screen
    assert isinstance(editor, ClaimDialog)
    await pilot.pause()
    return editor


def visible(editor: ClaimDialog, widget: Input | Select | Button) -> bool:
    """The widget is on screen in full (all three rows of a field, border included), inside
    the terminal and not scrolled out of view."""
    region = widget.region
    screen = editor.app.size
    return (
        region.height >= 3
        and region.width >= 8
        and region.y >= 0
        and region.bottom <= screen.height
        and region.right <= screen.width
    )


@pytest.mark.parametrize("size", [(80, 24), (140, 42)])
async def test_typing_a_new_evidence_item_saves_what_was_typed(
    article_path: Path, db_path: Path, size: tuple[int, int]
) -> None:
    app = make_app(article_path, db_path)
    async with app.run_test(size=size) as pilot:
        editor = await open_editor(pilot)
        assert visible(editor, editor.query_one("#save", Button))
        assert visible(editor, editor.query_one("#cancel", Button))

        await pilot.press("ctrl+n")
        await pilot.pause()
        first = list(editor.query(EvidenceRow))[-1]
        await pilot.press(*"https://example.org/minutes", "tab", *"7 votes to 2")
        await pilot.press("tab")
        await pilot.pause()
        stance = first.query_one(".evidence-stance", Select)
        assert stance.has_focus and visible(editor, stance)
        await pilot.press("enter", "up", "enter")  # context -> refutes
        await pilot.press("tab", *"from the minutes")
        await pilot.pause()
        for field in (".evidence-url", ".evidence-quote", ".evidence-note"):
            assert visible(editor, first.query_one(field, Input)), field

        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press(*"https://example.org/video", "tab", *"the vote", "tab", "tab")
        await pilot.press(*"context kept")
        assert visible(editor, editor.query_one("#save", Button))
        await pilot.press("ctrl+s")
        await pilot.pause()

    [claim] = stored_claims(db_path)
    assert claim["claim"]["evidence"] == [
        {
            "url": "https://example.org/minutes",
            "quote": "7 votes to 2",
            "stance": "refutes",
            "note": "from the minutes",
        },
        {
            "url": "https://example.org/video",
            "quote": "the vote",
            "stance": "context",
            "note": "context kept",
        },
    ]


# Snapshots ------------------------------------------------------------------------------

PASSAGE = (
    "the 4.2 million euro project would cut crossing times by 40 percent and remove about "
    "3,000 tonnes of carbon emissions a year"
)
THREE_ITEMS = Claim(
    source="Council leader Daniel Achterberg",
    cue="said",
    status=ClaimStatus.PARTLY_SUPPORTED,
    rationale="The tender names 4.2 million; the emission figure is the operator's own.",
    evidence=(
        Evidence("https://example.org/tender", "4.2 million euros", "supports", "page 3"),
        Evidence("https://example.org/operator", "about 2,000 tonnes", "refutes", "2025 report"),
        Evidence("", "crossing times fall from 50 to 30 minutes", "context", "timetable"),
    ),
    log=(
        StatusChange(ClaimStatus.UNVERIFIED, "2026-01-05T09:30:00+00:00"),
        StatusChange(ClaimStatus.PARTLY_SUPPORTED, "2026-01-05T10:15:00+00:00"),
    ),
)


class EditorApp(TuiReaderApp[None]):
    """The claim editor alone, with the app's stylesheet, on a claim with three evidence items."""

    CSS_PATH = str(Path(tui_reader.ui.__file__).parent / "app.tcss")

    def on_mount(self) -> None:
        self.push_screen(
            ClaimDialog(
                PASSAGE, THREE_ITEMS.source, THREE_ITEMS.status, "Ask for the tender.", THREE_ITEMS
            )
        )


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
def test_the_editor_with_three_evidence_items(snap_compare, size: tuple[int, int]) -> None:
    """The passage, the form with the first fields and the first evidence items stacked full
    width (as many as the height allows, the rest scrolled), and Save and Cancel, at
    80x24, 120x40 and 200x60."""
    assert snap_compare(EditorApp(), terminal_size=size)


def test_the_editor_scrolled_to_the_third_item(snap_compare) -> None:
    """At 80x24, focus moved to the third item's note: it is scrolled into view, the buttons
    still below it."""

    async def to_the_last_note(pilot: Pilot) -> None:
        await pilot.pause()
        editor = pilot.app.screen
        assert isinstance(editor, ClaimDialog)
        list(editor.query(EvidenceRow))[-1].query_one(".evidence-note", Input).focus()
        await pilot.pause()

    assert snap_compare(EditorApp(), terminal_size=(80, 24), run_before=to_the_last_note)
