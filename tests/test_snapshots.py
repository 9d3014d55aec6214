"""Snapshots of the main screens (pytest-textual-snapshot).

Each test says what should be visible. After a deliberate change of the look,
review the report and update with `pytest tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tui_reader.document import Article
from tui_reader.model import Claim, ClaimStatus, Kind, make_annotation
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp

DATA = Path(__file__).parent / "data"
SIZE = (120, 36)
FIXED_TIME = "2026-01-05T09:30:00+00:00"


def annotated_app(db_path: Path, article_name: str = "harbour_vote.txt") -> ReaderApp:
    """The test article with a note, tags and a claim, entities by the built-in recogniser."""
    article = Article.load(DATA / article_name)
    store = Store(db_path)
    text, digest = article.text, article.content_hash

    def span(phrase: str) -> tuple[int, int]:
        start = text.index(phrase)
        return start, start + len(phrase)

    if article_name == "harbour_vote.txt":
        store.put_annotations(
            [
                make_annotation(
                    text,
                    digest,
                    Kind.NOTE,
                    *span("voted 7 to 2 on Thursday"),
                    body="Check the minutes",
                    created=FIXED_TIME,
                ),
                make_annotation(
                    text,
                    digest,
                    Kind.TAG,
                    *span("4.2 million euro project"),
                    tags=("budget", "ferry"),
                    created=FIXED_TIME,
                ),
                make_annotation(
                    text,
                    digest,
                    Kind.CLAIM,
                    *span("62 percent of islanders preferred repairing the old diesel ferry"),
                    claim=Claim(
                        source="The Elsmere Residents' Association", status=ClaimStatus.DISPUTED
                    ),
                    created=FIXED_TIME,
                ),
            ]
        )
    return ReaderApp(store, session=ReadingSession(article, store), backend="rules")


async def entities_shown(pilot: Pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_main_screen(snap_compare, db_path: Path) -> None:
    """The article wrapped with a gap between paragraphs; entities coloured by type; the note
    underlined on a yellow tint, the tags on green, the claim on red; the cursor at the start;
    the Notes tab listing the note and the tags; the status line and the footer keys."""
    assert snap_compare(annotated_app(db_path), terminal_size=SIZE, run_before=entities_shown)


def test_entities_tab_and_legend(snap_compare, db_path: Path) -> None:
    """The Entities tab: the colour legend, then unique entities grouped by label with counts."""

    async def open_entities(pilot: Pilot) -> None:
        await entities_shown(pilot)
        pilot.app.screen.query_one("TabbedContent").active = "entities-tab"
        await pilot.pause()

    assert snap_compare(annotated_app(db_path), terminal_size=SIZE, run_before=open_entities)


def test_visual_selection_and_claims_tab(snap_compare, db_path: Path) -> None:
    """A visual selection of three words shown in the selection colour, VISUAL in the status
    line; on the Claims tab the reader chose, the claim under the cursor is highlighted (the
    panel never switches tabs by itself), and the footer offers the status keys."""

    async def select(pilot: Pilot) -> None:
        await entities_shown(pilot)
        await pilot.press("3")
        view = pilot.app.screen.view
        view.move_cursor(view.text.index("62 percent") + 3)
        await pilot.press("v", "w", "w", "w")

    assert snap_compare(annotated_app(db_path), terminal_size=SIZE, run_before=select)


def test_help_screen(snap_compare, db_path: Path) -> None:
    """The help screen over the reader: the keys for reading and selecting, with what each
    does and its binding id."""
    assert snap_compare(
        annotated_app(db_path),
        terminal_size=SIZE,
        press=["question_mark"],
        run_before=entities_shown,
    )


def test_note_dialog(snap_compare, db_path: Path) -> None:
    """The note dialog on the sentence under the cursor: the quoted passage, a multi-line field
    with two typed lines, Save and Cancel."""
    assert snap_compare(
        annotated_app(db_path),
        terminal_size=SIZE,
        run_before=entities_shown,
        press=["a", *"First line", "enter", *"second line"],
    )


def test_wide_characters(snap_compare, db_path: Path) -> None:
    """CJK and emoji wrapped by their cell width, with nothing cut or overlapping."""
    assert snap_compare(
        annotated_app(db_path, "cjk_emoji.txt"),
        terminal_size=(60, 16),
        run_before=entities_shown,
    )


def test_note_dialog_at_80x24(snap_compare, db_path: Path) -> None:
    """The note dialog in tmux's default 80x24 on a two-sentence passage: the quote cut with
    an ellipsis on its third line, the text field taking the rows left, Save and Cancel in full with
    Save's label, all inside the frame."""

    async def select_two_sentences(pilot: Pilot) -> None:
        await entities_shown(pilot)
        view = pilot.app.screen.view
        view.move_cursor(view.text.index("PORTWELL"))
        await pilot.press("v", "right_parenthesis", "right_parenthesis", "a")
        await pilot.pause()

    assert snap_compare(
        annotated_app(db_path), terminal_size=(80, 24), run_before=select_two_sentences
    )
