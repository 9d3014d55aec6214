"""The claims workbench driven by keys: suggestions, verdicts, evidence, disagreements."""

from __future__ import annotations

import json
from pathlib import Path

from tui_reader.document import Article
from tui_reader.model import ClaimStatus, Decision, Kind
from tui_reader.nlp.claims import find_claims
from tui_reader.nlp.disagreements import find_disagreements
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.claim_editor import ClaimDialog
from tui_reader.ui.claims_panel import ClaimList, DisagreementScreen
from tui_reader.workbench import claim_from_candidate, flags, open_suggestions, rejection

SIZE = (130, 44)
CLASH = """Flood toll disputed

Officials in Varna province said 12 people had died in the floods by Sunday.
A local rescue group said at least 40 people had died in the floods, most of them in
villages cut off by the water.
"""


def make_app(path: Path, db_path: Path) -> ReaderApp:
    store = Store(db_path)
    return ReaderApp(store, session=ReadingSession(Article.load(path), store))


def stored(db_path: Path) -> list[dict]:
    return list(json.loads(db_path.read_text())["annotations"].values())


async def open_claims(pilot) -> ClaimList:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("3")
    claims = pilot.app.screen.query_one(ClaimList)
    assert claims.has_focus
    return claims


def highlight_first(claims: ClaimList, prefix: str) -> None:
    ids = [claims.get_option_at_index(i).id or "" for i in range(claims.option_count)]
    claims.highlighted = next(i for i, option in enumerate(ids) if option.startswith(prefix))


async def test_accept_reject_accept_all_and_undo(article_path: Path, db_path: Path) -> None:
    app = make_app(article_path, db_path)
    async with app.run_test(size=SIZE) as pilot:
        claims = await open_claims(pilot)
        screen = claims
        assert len(screen.workbench.suggestions) == 5
        first = screen.workbench.suggestions[0]
        highlight_first(claims, "suggestion:")
        await pilot.press("y")
        await pilot.pause()
        [accepted] = stored(db_path)
        assert accepted["kind"] == "claim"
        assert accepted["claim"]["source"] == "Council leader Daniel Achterberg"
        assert accepted["claim"]["cue"] == "said"
        assert accepted["claim"]["source_label"] == ""  # the entity is the name alone
        assert accepted["position"]["start"] == first.content[0]
        assert len(screen.workbench.suggestions) == 4
        highlight_first(claims, "suggestion:")
        rejected = screen.workbench.suggestions[0]
        await pilot.press("x")
        await pilot.pause()
        decisions = [a for a in stored(db_path) if a["kind"] == "decision"]
        assert [d["label"] for d in decisions] == [Decision.NOT_A_CLAIM]
        assert rejected not in screen.workbench.suggestions
        await pilot.press("A")
        await pilot.pause()
        assert screen.workbench.suggestions == []
        assert sum(a["kind"] == "claim" for a in stored(db_path)) == 4
        await pilot.press("u")
        assert sum(a["kind"] == "claim" for a in stored(db_path)) == 1
        assert len(screen.workbench.suggestions) == 3
        await pilot.press("q")

    again = make_app(article_path, db_path)  # a rejected suggestion is not suggested again
    async with again.run_test(size=SIZE) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        workbench = again.screen.query_one(ClaimList).workbench
        assert rejected.content not in [c.content for c in workbench.suggestions]
        assert len(workbench.suggestions) == 3


async def test_edit_status_rationale_and_evidence(article_path: Path, db_path: Path) -> None:
    app = make_app(article_path, db_path)
    async with app.run_test(size=SIZE) as pilot:
        claims = await open_claims(pilot)
        highlight_first(claims, "suggestion:")
        await pilot.press("y")
        await pilot.pause()
        claims.highlight_id(stored(db_path)[0]["id"])
        await pilot.press("e")
        assert isinstance(app.screen, ClaimDialog)
        editor = app.screen
        editor.query_one("#claim-status").value = ClaimStatus.PARTLY_SUPPORTED
        editor.query_one("#claim-rationale").load_text("The budget says 4.1 million.")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press(*"https://example.org/budget", "tab", *"4.1 million euros")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [claim] = stored(db_path)
        assert claim["claim"]["status"] == "partly supported"
        assert claim["claim"]["rationale"] == "The budget says 4.1 million."
        assert claim["claim"]["evidence"] == [
            {
                "url": "https://example.org/budget",
                "quote": "4.1 million euros",
                "stance": "context",
                "note": "",
            }
        ]
        assert [entry["status"] for entry in claim["claim"]["log"]] == [
            "unverified",
            "partly supported",
        ]


async def test_filter_and_sort_claims(article_path: Path, db_path: Path) -> None:
    app = make_app(article_path, db_path)
    async with app.run_test(size=SIZE) as pilot:
        claims = await open_claims(pilot)
        await pilot.press("A")
        await pilot.pause()
        session = app.session
        first = next(a for a in session.annotations if a.kind is Kind.CLAIM)
        session.update(first, first.touched(claim=first.claim.with_status(ClaimStatus.FALSE)))
        app.screen.refresh_from_store()
        await pilot.press("o")
        listed = [claims.get_option_at_index(i).id for i in range(claims.option_count)]
        claim_ids = [i for i in listed if i and not i.startswith(("suggestion:", "flag:"))]
        assert claim_ids[-1] == first.id  # by status: unverified first, false last
        for _ in range(1 + list(ClaimStatus).index(ClaimStatus.FALSE)):
            await pilot.press("f")
        assert claims.workbench.status_filter is ClaimStatus.FALSE
        listed = [claims.get_option_at_index(i).id for i in range(claims.option_count)]
        assert [i for i in listed if i and not i.startswith(("suggestion:", "flag:"))] == [first.id]


async def test_disagreement_side_by_side_then_confirmed(tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "floods.txt"
    path.write_text(CLASH)
    app = make_app(path, db_path)
    async with app.run_test(size=SIZE) as pilot:
        claims = await open_claims(pilot)
        assert len(claims.workbench.flags) == 1
        assert claims.workbench.flags[0].state == "flagged"
        highlight_first(claims, "flag:")
        await pilot.press("enter")
        assert isinstance(app.screen, DisagreementScreen)
        await pilot.press("y")
        await pilot.pause()
        [decision] = stored(db_path)
        assert decision["label"] == Decision.DISAGREEMENT_CONFIRMED
        assert claims.workbench.flags[0].state == "confirmed"
        highlight_first(claims, "flag:")
        await pilot.press("x")
        await pilot.pause()
        [decision] = stored(db_path)
        assert decision["label"] == Decision.DISAGREEMENT_DISMISSED
        await pilot.press("u")
        assert stored(db_path)[0]["label"] == Decision.DISAGREEMENT_CONFIRMED


def test_workbench_core_without_a_screen(tmp_path: Path) -> None:
    path = tmp_path / "floods.txt"
    path.write_text(CLASH)
    article = Article.load(path)
    candidates = find_claims(article)
    accepted = claim_from_candidate(article, candidates[0], [])
    rejected = rejection(article, candidates[1])
    assert open_suggestions(candidates, [accepted, rejected]) == candidates[2:]
    [flag] = flags(article, find_disagreements(article, candidates), [])
    assert "12 people" in flag.description and "40 people" in flag.description


def test_decisions_in_the_exports(tmp_path: Path, db_path: Path) -> None:
    from tui_reader.export import export_article
    from tui_reader.workbench import decide

    path = tmp_path / "floods.txt"
    path.write_text(CLASH)
    article = Article.load(path)
    session = ReadingSession(article, Store(db_path))
    candidates = find_claims(article)
    [flag] = flags(article, find_disagreements(article, candidates), [])
    session.add(decide(article, flag, confirmed=True))
    session.add(rejection(article, candidates[0]))
    session.add(claim_from_candidate(article, candidates[1], []))
    report = export_article("md", article, session.annotations, []).text
    assert "## Disagreements between sources" in report and flag.description in report
    assert "1 suggested claim rejected as not a claim" in report
    w3c = export_article("w3c", article, session.annotations, [])
    items = json.loads(w3c.text)["first"]["items"]
    assert [item["motivation"] for item in items] == ["assessing"]
    assert any("2 decisions on suggestions" in line for line in w3c.dropped)
    native = json.loads(export_article("json", article, session.annotations, []).text)
    assert sorted(a["kind"] for a in native["annotations"]) == ["claim", "decision", "decision"]


async def test_a_long_list_of_suggestions_is_listed_from_the_cursor(
    tmp_path: Path, db_path: Path, monkeypatch
) -> None:
    from tui_reader import claim_workbench

    monkeypatch.setattr(claim_workbench, "MAX_LISTED", 3)
    path = tmp_path / "many.txt"
    path.write_text(
        "".join(f"Minister {n} said the plan number {n} was good.\n" for n in range(20))
    )
    app = make_app(path, db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        claims = app.screen.query_one(ClaimList)
        assert len(claims.workbench.suggestions) == 20
        app.screen.view.move_cursor(app.session.article.text.index("Minister 10"))
        await pilot.press("3")
        listed = [claims.get_option_at_index(i).id or "" for i in range(claims.option_count)]
        suggestions = claims.workbench.suggestions
        assert [i for i in listed if i.startswith("suggestion:")] == [
            claim_workbench.suggestion_id(suggestions[n]) for n in (10, 11, 12)
        ]
        highlight_first(claims, "suggestion:")
        await pilot.press("y")
        await pilot.pause()
        [accepted] = stored(db_path)
        assert accepted["quote"]["exact"].startswith("the plan number 10")


def highlighted_row_in_view(claims: ClaimList) -> bool:
    """The highlighted row's lines lie inside the list's visible window."""
    assert claims.highlighted is not None
    claims._update_lines()
    top = claims._index_to_line[claims.highlighted]
    bottom = top + claims._heights[claims.highlighted]
    window = claims.scrollable_content_region.height
    return claims.scroll_y <= top and bottom <= claims.scroll_y + window


async def test_y_and_x_keep_the_highlighted_item_in_view(tmp_path: Path, db_path: Path) -> None:
    """Far down a long list, accepting or rejecting leaves the next item highlighted
    where the user is looking, not scrolled away."""
    path = tmp_path / "many.txt"
    path.write_text(
        "".join(f"Minister {n} said the plan number {n} was good.\n" for n in range(30))
    )
    app = make_app(path, db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        claims = await open_claims(pilot)
        highlight_first(claims, "suggestion:")
        await pilot.press(*["down"] * 18)
        await pilot.pause()
        assert highlighted_row_in_view(claims) and claims.scroll_y > 0
        for key in ("y", "x", "y", "y", "x"):
            before = claims.highlighted_id
            await pilot.press(key)
            await pilot.pause()
            assert claims.highlighted_id != before
            assert (claims.highlighted_id or "").startswith("suggestion:")
            assert highlighted_row_in_view(claims), key
