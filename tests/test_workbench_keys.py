"""The fact-checker's common path in few keys: verdicts, evidence and links from the text,
reading modes, a panel that keeps its tab, and the whole workflow's key count.

The article (`tests/data/river_port_raid.txt`) was written for these tests: three
sources give casualty figures that disagree, and three passages bear on them.
"""

from __future__ import annotations

import json
from pathlib import Path

from helpers.screen import screen_text
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from tui_reader import claim_actions
from tui_reader.document import Article
from tui_reader.model import Claim, ClaimStatus, Kind, make_annotation
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.claims_panel import ClaimList
from tui_reader.ui.help_screen import key_sections
from tui_reader.ui.reader_screen import ReaderScreen
from tui_reader.ui.side_panel import SidePanel

RAID = Path(__file__).parent / "data" / "river_port_raid.txt"
SIZE = (140, 42)


def make_app(db_path: Path, path: Path = RAID) -> ReaderApp:
    store = Store(db_path)
    return ReaderApp(store, session=ReadingSession(Article.load(path), store))


def stored(db_path: Path) -> list[dict]:
    return list(json.loads(db_path.read_text())["annotations"].values())


def claims_stored(db_path: Path) -> list[dict]:
    return sorted(
        (a for a in stored(db_path) if a["kind"] == "claim"), key=lambda a: a["position"]["start"]
    )


async def ready(pilot: Pilot[None]) -> ReaderScreen:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


async def go_to(pilot: Pilot[None], screen: ReaderScreen, words: str) -> None:
    """Put the cursor on `words` (as a search would; the key count is the workflow's)."""
    screen.view.move_cursor(screen.article.text.index(words))
    await pilot.pause()


# The core, without Textual -----------------------------------------------------------------


def test_claim_here_nearest_and_status_steps() -> None:
    article = Article.from_bytes(b"A said x. B said y. Evidence here.", "t.txt")
    text, digest = article.text, article.content_hash
    first = make_annotation(text, digest, Kind.CLAIM, 0, 9, claim=Claim(source="A"))
    second = make_annotation(text, digest, Kind.CLAIM, 10, 19, claim=Claim(source="B"))
    note = make_annotation(text, digest, Kind.NOTE, 0, 30, body="n")
    annotations = [note, second, first]
    assert claim_actions.claim_at(annotations, 3) == first
    assert claim_actions.claim_at(annotations, 25) is None
    assert claim_actions.nearest_claim(annotations, 25) == second  # the last one before
    step = claim_actions.status_step(first, ClaimStatus.FALSE)
    assert step is not None
    after = step.changes[0].after
    assert after is not None and after.claim is not None
    assert after.claim.status is ClaimStatus.FALSE
    assert [entry.status for entry in after.claim.log] == [ClaimStatus.FALSE]
    assert claim_actions.status_step(after, ClaimStatus.FALSE) is None
    passage = claim_actions.passage_of(article, (20, 34), "https://example.org/a")
    evidence = claim_actions.evidence_step(first, passage, "supports")
    changed = evidence.changes[0].after
    assert changed is not None and changed.claim is not None
    [item] = changed.claim.evidence
    assert (item.quote, item.stance, item.url) == ("Evidence here.", "supports", passage.url)
    assert digest[:12] in item.note
    again = claim_actions.evidence_step(changed, passage, "refutes")  # a stance corrected
    corrected = again.changes[0].after
    assert corrected is not None and corrected.claim is not None
    assert [e.stance for e in corrected.claim.evidence] == ["refutes"]


# Keys ---------------------------------------------------------------------------------------


async def test_status_keys_accept_rate_log_and_undo(db_path: Path) -> None:
    async with make_app(db_path).run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await go_to(pilot, screen, "14 civilians")
        await pilot.press("D")  # a suggestion here: accepted as disputed
        await pilot.pause()
        [claim] = claims_stored(db_path)
        assert claim["claim"]["status"] == "disputed"
        assert [e["status"] for e in claim["claim"]["log"]] == ["unverified", "disputed"]
        assert "→ The regional governor" in str(screen.status_line.render())
        await pilot.press("S")
        await pilot.pause()
        [claim] = claims_stored(db_path)
        assert claim["claim"]["status"] == "supported"
        assert [e["status"] for e in claim["claim"]["log"]][-1] == "supported"
        await pilot.press("u")
        await pilot.pause()
        assert claims_stored(db_path)[0]["claim"]["status"] == "disputed"
        await pilot.press("u")
        await pilot.pause()
        assert claims_stored(db_path) == []  # the accepting undone in one step
        # In the Claims tab, on the highlighted row.
        await pilot.press("3")  # shows the Claims tab and focuses its list
        claims = screen.query_one(ClaimList)
        assert claims.has_focus
        ids = [claims.get_option_at_index(i).id or "" for i in range(claims.option_count)]
        claims.highlighted = next(i for i, id_ in enumerate(ids) if id_.startswith("suggestion:"))
        await pilot.press("C")
        await pilot.pause()
        [rated] = claims_stored(db_path)
        assert rated["claim"]["status"] == "not checkable"
        claims.highlight_id(rated["id"])
        await pilot.press("F")
        await pilot.pause()
        assert claims_stored(db_path)[0]["claim"]["status"] == "false"


async def test_status_keys_are_in_the_footer_where_a_claim_is(db_path: Path) -> None:
    def in_footer(app: ReaderApp) -> set[str]:
        bindings = app.screen.active_bindings.items()
        return {key for key, b in bindings if b.binding.show and b.enabled}

    async with make_app(db_path).run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        statuses = {"S", "P", "D", "F", "C", "U"}
        await go_to(pilot, screen, "Death toll")
        assert not statuses & in_footer(pilot.app)  # no claim here: the footer keeps its room
        await go_to(pilot, screen, "14 civilians")
        assert statuses <= in_footer(pilot.app)
        assert "S P D F C U Status" in screen_text(pilot.app)  # one footer entry for six keys
        ids = {binding.id for _, bindings in key_sections() for binding in bindings}
        assert {"status_supported", "evidence_refutes", "link_group", "mode_panel"} <= ids


async def test_evidence_keys_go_to_the_target_claim(db_path: Path) -> None:
    async with make_app(db_path).run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await go_to(pilot, screen, "dozens of people")
        await pilot.press("P")
        await go_to(pilot, screen, "ledger of the town")
        await pilot.press("plus")
        await pilot.pause()
        [claim] = claims_stored(db_path)
        [evidence] = claim["claim"]["evidence"]
        assert evidence["stance"] == "supports"
        assert evidence["quote"].startswith("A ledger of the town morgue")
        assert evidence["quote"].endswith("9 in uniform.")
        assert screen.article.content_hash[:12] in evidence["note"]
        # A selection is the passage; `-` on the same quote corrects the stance.
        await go_to(pilot, screen, "Satellite pictures")
        await pilot.press("s", "minus")
        await pilot.pause()
        stances = [e["stance"] for e in claims_stored(db_path)[0]["claim"]["evidence"]]
        assert stances == ["supports", "refutes"]
        await pilot.press("u")
        await pilot.pause()
        assert len(claims_stored(db_path)[0]["claim"]["evidence"]) == 1
        # Its own passage is not evidence for a claim.
        await go_to(pilot, screen, "dozens of people")
        await pilot.press("equals_sign")
        await pilot.pause()
        assert len(claims_stored(db_path)[0]["claim"]["evidence"]) == 1


async def test_evidence_picked_in_another_article(db_path: Path, article_path: Path) -> None:
    app = make_app(db_path, article_path)
    async with app.run_test(size=SIZE) as pilot:
        other = await ready(pilot)
        sentence = other.article.sentence_at(0)
        assert sentence is not None
        await pilot.press("p")
        await pilot.pause()
        assert app.memory.picked is not None
        assert "picked" in str(other.status_line.render())
        raid = ReadingSession(Article.load(RAID), app.store)
        await app.push_screen(ReaderScreen(raid, "off", app.memory))
        screen = await ready(pilot)
        await go_to(pilot, screen, "90 soldiers")
        await pilot.press("F", "minus")
        await pilot.pause()
        [claim] = [a for a in claims_stored(db_path) if a["article"] == raid.article.content_hash]
        [evidence] = claim["claim"]["evidence"]
        assert evidence["stance"] == "refutes"
        assert other.article.content_hash[:12] in evidence["note"]
        assert evidence["quote"] == " ".join(other.article.text[slice(*sentence)].split())
        assert app.memory.picked is None  # attached once


async def test_link_keys_group_and_link_claims(db_path: Path) -> None:
    async with make_app(db_path).run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        for words, key in (("14 civilians", "D"), ("dozens of people", "P"), ("90 soldiers", "F")):
            await go_to(pilot, screen, words)
            await pilot.press(key)
        await go_to(pilot, screen, "14 civilians")
        await pilot.press("T")  # the governor's claim is the target
        await go_to(pilot, screen, "dozens of people")
        await pilot.press("J")
        await go_to(pilot, screen, "90 soldiers")
        await pilot.press("J", "exclamation_mark")
        await pilot.pause()
        governor, doctors, front = claims_stored(db_path)
        groups = {c["claim"]["group"] for c in (governor, doctors, front)}
        assert len(groups) == 1 and "" not in groups
        assert governor["claim"]["links"] == [{"relation": "contradicts", "claim": front["id"]}]
        assert front["claim"]["links"] == [{"relation": "contradicts", "claim": governor["id"]}]
        listed = str(screen.query_one(ClaimList).get_option(governor["id"]).prompt)
        assert "contradicts 1" in listed and "disagreement group" in listed
        await pilot.press("ampersand")  # the link's relation changed
        await pilot.pause()
        assert claims_stored(db_path)[0]["claim"]["links"][0]["relation"] == "supports"
        await pilot.press("u")
        await pilot.pause()
        assert claims_stored(db_path)[0]["claim"]["links"][0]["relation"] == "contradicts"
        await pilot.press("u", "u")  # the link, then the third claim's joining
        await pilot.pause()
        assert claims_stored(db_path)[0]["claim"]["links"] == []
        assert claims_stored(db_path)[2]["claim"]["group"] == ""
        assert {c["claim"]["group"] for c in claims_stored(db_path)[:2]} != {""}


async def test_reading_modes_are_kept_for_the_next_article(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert screen.workbench.suggestions
        await pilot.press("E", "M", "Z")
        await pilot.pause()
        assert not screen.view.entity_colours
        assert len(screen.view.marks.suggestions) == 0
        assert not screen.query_one(SidePanel).display
        again = ReadingSession(Article.load(RAID), app.store)
        await app.push_screen(ReaderScreen(again, "off", app.memory))
        second = await ready(pilot)
        assert not second.view.entity_colours
        assert len(second.view.marks.suggestions) == 0
        assert not second.query_one(SidePanel).display
        await pilot.press("tab")  # the panel shows again
        await pilot.press("M")
        await pilot.pause()
        assert second.query_one(SidePanel).display
        assert len(second.view.marks.suggestions) == len(second.workbench.suggestions) > 0


async def test_the_panel_keeps_the_tab_the_reader_chose(db_path: Path) -> None:
    async with make_app(db_path).run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await go_to(pilot, screen, "14 civilians")
        await pilot.press("D")
        await go_to(pilot, screen, "Shipping on the river")
        await pilot.press("a", *"halted", "ctrl+s")
        await pilot.pause()
        await pilot.press("3")
        tabs = screen.query_one(TabbedContent)
        await go_to(pilot, screen, "Shipping on the river")
        assert tabs.active == "claims-tab"  # a note under the cursor: the tab stays
        await go_to(pilot, screen, "civilians were killed")
        [claim] = claims_stored(db_path)
        assert tabs.active == "claims-tab"
        assert screen.query_one(ClaimList).highlighted_id == claim["id"]
        await pilot.press("1")
        await go_to(pilot, screen, "civilians were killed")
        assert tabs.active == "notes-tab"


async def test_a_status_key_is_remapped_by_its_binding_id(db_path: Path) -> None:
    store = Store(db_path)
    session = ReadingSession(Article.load(RAID), store)
    app = ReaderApp(store, session=session, keymap={"status_supported": "V"})
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await go_to(pilot, screen, "14 civilians")
        await pilot.press("V")
        await pilot.pause()
        [claim] = claims_stored(db_path)
        assert claim["claim"]["status"] == "supported"


async def test_the_status_line_shows_a_hostile_claim_literally(
    db_path: Path, tmp_path: Path
) -> None:
    article = tmp_path / "hostile.txt"
    article.write_text(
        "The [red]harbour\x1bmaster said the [red]bridge was closed.\n", encoding="utf-8"
    )
    async with make_app(db_path, article).run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await go_to(pilot, screen, "the [red]bridge")
        await pilot.press("D")
        await pilot.pause()
        [claim] = claims_stored(db_path)
        assert claim["claim"]["source"] == "harbour\x1bmaster"
        line = screen.status_line.render().plain
        assert "→ harbour" in line and "[red]" in line  # the source; the quote not markup
        assert "\x1b" not in line and "\x1b" not in screen_text(pilot.app)


async def test_the_entities_tab_highlights_the_entity_under_the_cursor(db_path: Path) -> None:
    store = Store(db_path)
    app = ReaderApp(store, session=ReadingSession(Article.load(RAID), store), backend="rules")
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert screen.entities
        await pilot.press("2")
        tabs = screen.query_one(TabbedContent)
        text = screen.article.text
        for entity in screen.entities[:3]:
            await go_to(pilot, screen, text[entity.start : entity.end])
            name = " ".join(text[entity.start : entity.end].split())
            listed = screen.panel.entity_list
            assert listed.highlighted is not None
            assert listed.get_option_at_index(listed.highlighted).id == (
                f"entity:{entity.label}:{name}"
            )
        assert tabs.active == "entities-tab"
