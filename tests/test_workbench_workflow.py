"""The fact-checker's workflow in at most 45 command keys, driven by a Pilot at 140x42.

On a self-written article (`tests/data/river_port_raid.txt`) with three
conflicting casualty claims: each claim gets a status, a note, a rationale and
one evidence item; two passages are tagged; a note is added; a Markdown report
and a CSV are exported. What is saved is read back from the database file, the
exports are parsed by the csv module and markdown-it-py.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from markdown_it import MarkdownIt
from textual.pilot import Pilot

from tui_reader.document import Article
from tui_reader.export import format_of_filename
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp

RAID = Path(__file__).parent / "data" / "river_port_raid.txt"
SIZE = (140, 42)


def make_app(db_path: Path) -> ReaderApp:
    store = Store(db_path)
    return ReaderApp(store, session=ReadingSession(Article.load(RAID), store))


def stored(db_path: Path) -> list[dict]:
    return list(json.loads(db_path.read_text())["annotations"].values())


def test_export_format_follows_the_file_name() -> None:
    assert format_of_filename("/tmp/report.md") == "md"
    assert format_of_filename("raid.csv") == "csv"
    assert format_of_filename("raid.claims.csv") == "claims-csv"
    assert format_of_filename("raid.W3C.JSONLD") == "w3c"
    assert format_of_filename("raid.txt") is None


# The workflow -------------------------------------------------------------------------------

BUDGET = 45
"""Command keys allowed for the workflow below (README, "The workbench in 39 keys")."""


class Keys:
    """Presses keys, counting the command keys.

    The counting rule: every key pressed is a command key, except the characters
    typed into a text field (a search query, a note, a rationale, tags, a file
    name). `enter`, `tab`, `ctrl+s`, `escape` and every key in the article count.
    """

    def __init__(self, pilot: Pilot[None]) -> None:
        self.pilot = pilot
        self.count = 0
        self.sequence: list[str] = []

    async def command(self, *keys: str) -> None:
        for key in keys:
            self.count += 1
            self.sequence.append(key)
            await self.pilot.press(key)
            await self.pilot.pause()

    async def type(self, text: str) -> None:
        self.sequence.append(repr(text))
        await self.pilot.press(*text)

    async def search(self, query: str) -> None:
        await self.command("slash")
        await self.type(query)
        await self.command("enter")
        await self.pilot.app.workers.wait_for_complete()
        await self.pilot.pause()


async def test_the_fact_checkers_workflow_in_at_most_45_keys(db_path: Path, tmp_path: Path) -> None:
    """Three conflicting casualty claims, each with a status, a note, a rationale and
    one evidence item; two passages tagged; a note; a Markdown report and a CSV."""
    report, table = tmp_path / "raid-report.md", tmp_path / "raid.csv"
    checks = [
        ("14 civ", "D", "official count", "the morgue lists 31", "ledger", "minus"),
        ("dozens", "P", "doctors' figure", "31 bodies is dozens", "ledger", "plus"),
        ("90 sol", "F", "armed group", "barracks stand", "satellite", "minus"),
    ]
    async with make_app(db_path).run_test(size=SIZE) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        keys = Keys(pilot)
        for claim_words, status, note, rationale, evidence_words, stance in checks:
            await keys.search(claim_words)
            await keys.command(status, "c")  # accepted with its status; its editor, on the note
            await keys.type(note)
            await keys.command("tab")
            await keys.type(rationale)
            await keys.command("ctrl+s")
            await keys.search(evidence_words)
            await keys.command(stance)  # the sentence here, evidence for the claim just rated
        await keys.command("t")  # the satellite sentence, where the cursor is
        await keys.type("imagery")
        await keys.command("enter")
        await keys.search("Shipping")
        await keys.command("t")
        await keys.type("aftermath")
        await keys.command("enter")
        await keys.command("a")
        await keys.type("ask the port authority")
        await keys.command("ctrl+s")
        for path in (report, table):
            await keys.command("x")
            await keys.type(str(path))  # the format follows the file's ending
            await keys.command("enter")
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        print(f"{keys.count} command keys:", " ".join(keys.sequence))
        assert keys.count <= BUDGET
        assert keys.count == 39

    claims = sorted(
        (a for a in stored(db_path) if a["kind"] == "claim"), key=lambda a: a["position"]["start"]
    )
    assert [c["claim"]["status"] for c in claims] == ["disputed", "partly supported", "false"]
    assert [c["body"] for c in claims] == [c[2] for c in checks]
    assert [c["claim"]["rationale"] for c in claims] == [c[3] for c in checks]
    evidence = [c["claim"]["evidence"] for c in claims]
    assert [[e["stance"] for e in items] for items in evidence] == [
        ["refutes"],
        ["supports"],
        ["refutes"],
    ]
    assert all(items[0]["quote"].startswith("A ledger") for items in evidence[:2])
    assert evidence[2][0]["quote"].startswith("Satellite pictures")
    tags = [a for a in stored(db_path) if a["kind"] == "tag"]
    assert sorted(tag for a in tags for tag in a["tags"]) == ["aftermath", "imagery"]
    [note] = [a for a in stored(db_path) if a["kind"] == "note"]
    assert note["body"] == "ask the port authority"
    assert note["quote"]["exact"].startswith("Shipping on the river")

    rows = list(csv.DictReader(table.open(encoding="utf-8", newline="")))
    assert sorted(row["kind"] for row in rows) == ["claim"] * 3 + ["note"] + ["tag"] * 2
    tokens = MarkdownIt("commonmark").enable("table").parse(report.read_text(encoding="utf-8"))
    headings = [
        tokens[i + 1].content for i, token in enumerate(tokens) if token.type == "heading_open"
    ]
    assert "Verdicts" in headings
    cells = [t.content for t in tokens if t.type == "inline"]
    for status in ("Disputed", "Partly supported", "False"):
        assert any(status.lower() in cell.lower() for cell in cells)
