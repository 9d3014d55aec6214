"""A split acts on the name as the claims wrote their source: "Mr. Brandt" split off
"Tomas Brandt" takes the claims whose source was written "Mr. Brandt", though the
finder resolved it to the article's "Tomas K. Brandt" (joined across articles to
"Tomas Brandt"). The same by the command line and by the Sources screen's `s`; `u`
and `--undo` put the claims back.

The two articles are invented for the test, written to a tmp dir and added for real.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.cli import run
from textual.pilot import Pilot

from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.library_screen import LibraryScreen
from tui_reader.ui.sources_screen import SourcesScreen
from tui_reader.ui.split_dialog import SplitNameDialog

QUAY = (
    "Quay traders ask for a delay\n\nPublished 4 April 2025\n\n"
    "Opponents of the dredging were led by Tomas K. Brandt, a net maker. "
    '"Nobody has asked the net makers what they need," Mr. Brandt said on Tuesday.\n'
)
COUNCIL = (
    "Net makers meet the council\n\nPublished 6 April 2025\n\n"
    "Tomas Brandt said the quay would be closed for a year. "
    "Tomas Brandt also said the boats would moor at the old pier.\n"
)
WRITTEN_MR = "Nobody has asked the net makers what they need"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    for name, text in (("quay.txt", QUAY), ("council.txt", COUNCIL)):
        (tmp_path / name).write_text(text)
    db = tmp_path / "db.json"
    added = run("add", tmp_path / "quay.txt", tmp_path / "council.txt", "--db", db)
    assert added.returncode == 0, added.stderr
    return db


def _sources(db: Path) -> dict[str, tuple[list[str], list[str]]]:
    """Each source's name -> its other names and what its claims say."""
    found = json.loads(run("sources", "--format", "json", "--db", db).stdout)
    return {s["name"]: (s["aliases"], [c["text"] for c in s["claims"]]) for s in found}


def test_a_split_takes_the_claims_written_under_the_name(db: Path) -> None:
    together = _sources(db)
    assert list(together) == ["Tomas Brandt"]
    assert "Mr. Brandt" in together["Tomas Brandt"][0]
    assert WRITTEN_MR in together["Tomas Brandt"][1]
    split = run("sources", "--split", "Tomas Brandt", "Mr. Brandt", "--db", db)
    assert split.returncode == 0, split.stderr
    apart = _sources(db)
    assert apart["Mr. Brandt"] == ([], [WRITTEN_MR])
    aliases, said = apart["Tomas Brandt"]
    assert "Mr. Brandt" not in aliases and WRITTEN_MR not in said and len(said) == 2
    assert run("sources", "--undo", "--db", db).returncode == 0
    assert _sources(db) == together


async def _settle(app: ReaderApp, pilot: Pilot[None]) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_s_on_the_screen_splits_the_written_name_and_u_undoes_it(db: Path) -> None:
    store = Store(db)
    app = ReaderApp(store)
    async with app.run_test(size=(140, 36)) as pilot:
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("S")
        await _settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        assert [s.name for s in screen.sources] == ["Tomas Brandt"]
        await pilot.press("s")
        dialog = app.screen
        assert isinstance(dialog, SplitNameDialog)
        assert dialog.names[0] == "Mr. Brandt"
        await pilot.press("enter")
        await _settle(app, pilot)
        names = {s.name: s for s in screen.sources}
        assert set(names) == {"Tomas Brandt", "Mr. Brandt"}
        assert [a.claim.text for a in names["Mr. Brandt"].claims] == [WRITTEN_MR]
        await pilot.press("u")
        await _settle(app, pilot)
        assert [s.name for s in screen.sources] == ["Tomas Brandt"]
        assert len(screen.sources[0].claims) == 3
    assert store.source_links() == []
