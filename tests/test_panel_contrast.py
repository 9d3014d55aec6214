"""Every state the side panel's lists show stays readable in every built-in theme.

The panel is rendered in each theme Textual ships, each row highlighted in turn
(list focused, then not), and the WCAG contrast ratio of every run of text is
measured from the composed screen against its actual background: 4.5:1 at
least, the WCAG AA level for text.
"""

from __future__ import annotations

from pathlib import Path

from helpers.contrast import Shown, widget_text_contrasts
from textual.pilot import Pilot

from tui_reader.claim_workbench import flag_id
from tui_reader.document import Article
from tui_reader.model import Claim, ClaimStatus, Kind, make_annotation
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.annotation_list import AnnotationList
from tui_reader.ui.app import ReaderApp

WCAG_AA = 4.5
SIZE = (140, 60)
ARTICLE = (
    "Fighting broke out near the dam between the army and the Zarovian militia Black Hawk.\n\n"
    "Local monitors estimated 30 or more Black Hawk fighters had been killed.\n\n"
    "A rebel spokesman said his men had killed 90 Zarovians and 12 army officers.\n\n"
    "Police said at least 12 people were injured in the blast.\n\n"
    "Hospital staff said they had treated about 40 injured people.\n\n"
    "The mayor said the harbour would reopen on Monday, and the port authority said so too.\n"
)


def every_state(tmp_path: Path) -> ReaderApp:
    """Claims of every status, an orphan, a note, a tag and a conflict with another
    window; the claim finder adds suggestions and two disagreements."""
    path = tmp_path / "dam.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    article = Article.load(path)
    text, digest = article.text, article.content_hash
    db_path = tmp_path / "annotations.json"
    mine, theirs = Store(db_path), Store(db_path)
    sentences = [s for s in text.split("\n\n") if s.strip()]
    annotations = []
    for status, sentence in zip(ClaimStatus, sentences * 2, strict=False):
        start = text.index(sentence)
        annotations.append(
            make_annotation(
                text,
                digest,
                Kind.CLAIM,
                start,
                start + 10,
                claim=Claim(source=f"{status} source", status=status),
                body="a note on it",
            )
        )
    orphan = make_annotation(
        "A passage this article never had.",
        digest,
        Kind.CLAIM,
        0,
        20,
        claim=Claim(source="gone", status=ClaimStatus.FALSE),
    )
    note = make_annotation(text, digest, Kind.NOTE, 0, 8, body="check this")
    tag = make_annotation(text, digest, Kind.TAG, 9, 14, tags=("dam",))
    mine.put_annotations([*annotations, orphan, note, tag])
    ReadingSession(article, theirs)
    theirs.put_annotation(note.touched(body="their words"), base=note)
    mine.put_annotation(note.touched(body="my words"), base=note)
    session = ReadingSession(article, Store(db_path))
    return ReaderApp(session.store, session=session, backend="rules")


async def confirm_first_flag(pilot: Pilot) -> None:
    app = pilot.app
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    flags = screen.workbench.flags
    assert len(flags) == 2, "the article has two disagreements"
    await pilot.press("3")
    if not screen.panel.claims.has_focus:
        await pilot.press("tab")
    assert screen.panel.claims.highlight_id(flag_id(flags[0]))
    await pilot.press("y")
    await pilot.pause()
    assert {flag.state for flag in screen.workbench.flags} == {"confirmed", "flagged"}


async def lowest_per_theme(app: ReaderApp, pilot: Pilot) -> dict[str, Shown]:
    """The least readable run of text in the Notes and Claims lists, per theme."""
    screen = app.screen
    lowest: dict[str, Shown] = {}
    for theme in sorted(app.available_themes):
        app.theme = theme
        for tab, list_id in (("notes-tab", "#notes-list"), ("claims-tab", "#claims-list")):
            screen.action_show_tab(tab)
            listed = screen.query_one(list_id, AnnotationList)
            for focused in (True, False):
                (listed if focused else screen.view).focus()
                await pilot.pause()
                enabled = [
                    i
                    for i in range(listed.option_count)
                    if not listed.get_option_at_index(i).disabled
                ]
                for index in enabled:
                    listed.highlighted = index
                    for shown in widget_text_contrasts(app, listed):
                        if theme not in lowest or shown.ratio < lowest[theme].ratio:
                            lowest[theme] = shown
    return lowest


async def test_every_state_is_readable_in_every_theme(tmp_path: Path) -> None:
    app = every_state(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await confirm_first_flag(pilot)
        notes = app.screen.query_one("#notes-list", AnnotationList)
        assert any(
            "another window" in str(notes.get_option_at_index(i).prompt)
            for i in range(notes.option_count)
        )
        lowest = await lowest_per_theme(app, pilot)
    report = {theme: (round(s.ratio, 2), s.text) for theme, s in lowest.items()}
    print(report)
    unreadable = {theme: r for theme, r in report.items() if r[0] < WCAG_AA}
    assert not unreadable, unreadable
