"""The README's screenshots: snapshots of the reader, its Claims tab and the library at
120x40 (the claim editor's is `test_claim_editor.py`'s at 120x40), copied to
`docs/screenshots/` by `tests/helpers/screenshots.py`; checked here to be current.

After a deliberate change of the look:
    pytest tests/test_screenshots.py tests/test_claim_editor.py --snapshot-update
    python tests/helpers/screenshots.py
"""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from helpers.screenshots import README, SCREENSHOTS, SNAPSHOTS
from test_snapshots import DATA, annotated_app, entities_shown
from textual.pilot import Pilot

from tui_reader.document import Article
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp

SIZE = (120, 40)


def test_reader_with_the_side_panel(snap_compare, db_path: Path) -> None:
    """The article with entities coloured, a note, tags and a claim marked; the Notes tab
    listing the note and the tags with a rule between them; the status line, the footer."""
    assert snap_compare(annotated_app(db_path), terminal_size=SIZE, run_before=entities_shown)


def test_claims_tab(snap_compare, db_path: Path) -> None:
    """`3`: the Claims tab focused, the claim with its DISPUTED badge, its source's short
    name and its evidence count; the suggested claims below, each with its badge."""

    async def claims(pilot: Pilot) -> None:
        await entities_shown(pilot)
        await pilot.press("3")
        await pilot.pause()

    assert snap_compare(annotated_app(db_path), terminal_size=SIZE, run_before=claims)


def test_library(snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`tui-reader` without an article: the annotated article listed with its counts, and
    a second article; fixed dates and paths relative to the folder the test runs in."""

    async def shown(pilot: Pilot) -> None:
        await pilot.pause()

    monkeypatch.chdir(tmp_path)
    (tmp_path / "desk").mkdir()
    db_path = Path("annotations.json")
    annotated_app(db_path)  # records the article and its annotations
    store = Store(db_path)
    for name in ("harbour_vote.txt", "latin1.txt"):
        shutil.copy(DATA / name, tmp_path / "desk" / name)
        ReadingSession(Article.load(tmp_path / "desk" / name), store)
    for number, record in enumerate(store.articles()):
        stamp = f"2026-01-0{5 + number}T09:30:00+00:00"
        name = Path(record.path).name
        store.put_article(
            replace(record, path=f"desk/{name}", first_opened=stamp, last_opened=stamp)
        )
    assert snap_compare(ReaderApp(Store(db_path)), terminal_size=SIZE, run_before=shown)


def test_the_readme_s_images_exist_and_are_the_current_snapshots() -> None:
    linked = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", README.read_text(encoding="utf-8"))
    assert linked, "the README shows screenshots"
    for link in linked:
        assert (README.parent / link).is_file(), link
    for name, snapshot in SCREENSHOTS.items():
        shown = README.parent / "docs" / "screenshots" / name
        assert f"docs/screenshots/{name}" in linked, name
        assert shown.read_bytes() == (SNAPSHOTS / snapshot).read_bytes(), (
            f"{name} is not the current snapshot: run python tests/helpers/screenshots.py"
        )
