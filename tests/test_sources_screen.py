"""The Sources screen, driven by its keys: merge (`m`, `m`), split (`s`), undo (`u`), each
kept in the database; an article opened from it comes back to it; names shown literally.

The library is the three articles of `tests/data/across`, written for the tests:
Ellen Varga (also "Mayor Ellen Varga", "Varga"), Tomas and Greta Brandt (one
surname, two people), the Harbour Development Agency (also "The HDA").
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.screen import leaks, screen_text
from textual.pilot import Pilot
from textual.widgets import OptionList

from tui_reader.across.adding import add_articles
from tui_reader.across.links import make_link, undo_link
from tui_reader.document import Article
from tui_reader.model import Claim, Kind, LinkKind, make_annotation
from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.library_screen import LibraryScreen
from tui_reader.ui.reader_screen import ReaderScreen
from tui_reader.ui.sources_screen import MARK, SourcesScreen
from tui_reader.ui.split_dialog import SplitNameDialog

ARTICLES = Path(__file__).parent / "data" / "across"
SIZE = (140, 36)


@pytest.fixture
def library(tmp_path: Path) -> Store:
    store = Store(tmp_path / "db.json")
    report = add_articles(store, [ARTICLES], "rules")
    assert report.added == 3 and report.indexed == 3
    return store


async def settle(app: ReaderApp, pilot: Pilot[None]) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def open_sources(app: ReaderApp, pilot: Pilot[None]) -> SourcesScreen:
    assert isinstance(app.screen, LibraryScreen)
    await pilot.press("S")
    await settle(app, pilot)
    assert isinstance(app.screen, SourcesScreen)
    return app.screen


def listed(screen: SourcesScreen) -> list[str]:
    """The first cell of every row: the sources' names (or the claims' dates)."""
    table = screen.table
    return [str(table.get_row_at(row)[0]) for row in range(table.row_count)]


async def go_to(pilot: Pilot[None], screen: SourcesScreen, name: str) -> None:
    """Move the cursor to the source named `name` with the arrow keys."""
    target = [source.name for source in screen.sources].index(name)
    while screen.table.cursor_row != target:
        await pilot.press("down" if screen.table.cursor_row < target else "up")


def notices(app: ReaderApp) -> list[str]:
    return [str(notice.message) for notice in app._notifications]


def source_named(screen: SourcesScreen, name: str) -> tuple[str, ...]:
    """The names of the source shown under `name`."""
    return next(source.names for source in screen.sources if source.name == name)


async def merge_greta_into_tomas(app: ReaderApp, pilot: Pilot[None]) -> SourcesScreen:
    screen = await open_sources(app, pilot)
    await go_to(pilot, screen, "Tomas Brandt")
    await pilot.press("m")
    assert listed(screen)[screen.table.cursor_row] == MARK + "Tomas Brandt"
    await go_to(pilot, screen, "Greta Brandt")
    await pilot.press("m")
    await settle(app, pilot)
    return screen


async def test_m_then_m_merges_the_second_source_into_the_first(library: Store) -> None:
    app = ReaderApp(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await merge_greta_into_tomas(app, pilot)
        assert len([name for name in listed(screen) if "Brandt" in name]) == 1
        merged = screen.sources[screen.table.cursor_row]  # the cursor followed the merge
        assert {"Tomas Brandt", "Greta Brandt", "Ms. Brandt", "Mr. Brandt"} <= set(merged.names)
        assert len(merged.claims) == 5
        assert "Merged “Greta Brandt” into “Tomas Brandt” (u undoes)" in notices(app)
    [link] = library.source_links()
    assert (link.kind, link.first, link.second) == (LinkKind.MERGE, "Tomas Brandt", "Greta Brandt")


async def test_m_twice_on_one_source_or_escape_unmarks_it(library: Store) -> None:
    app = ReaderApp(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sources(app, pilot)
        await go_to(pilot, screen, "Greta Brandt")
        await pilot.press("m", "m")
        assert MARK + "Greta Brandt" not in listed(screen) and screen.marked is None
        await pilot.press("m", "escape")
        assert "Greta Brandt" in listed(screen) and isinstance(app.screen, SourcesScreen)
        assert notices(app).count("Unmarked “Greta Brandt”") == 2
    assert library.source_links() == []


async def test_m_in_a_sources_claims_marks_that_source(library: Store) -> None:
    app = ReaderApp(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sources(app, pilot)
        await go_to(pilot, screen, "Greta Brandt")
        await pilot.press("enter", "m")  # in Greta Brandt's claims
        assert screen.shown is not None and screen.marked is not None
        await pilot.press("escape")  # back to the sources, the mark kept and shown
        assert listed(screen)[screen.table.cursor_row] == MARK + "Greta Brandt"
        await go_to(pilot, screen, "Tomas Brandt")
        await pilot.press("m")
        await settle(app, pilot)
        assert len([name for name in listed(screen) if "Brandt" in name]) == 1
        assert "Merged “Tomas Brandt” into “Greta Brandt” (u undoes)" in notices(app)


async def test_s_splits_a_name_off_its_source(library: Store) -> None:
    app = ReaderApp(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sources(app, pilot)
        await go_to(pilot, screen, "Ellen Varga")
        await pilot.press("s")
        dialog = app.screen
        assert isinstance(dialog, SplitNameDialog)
        assert dialog.names == ("Mayor Ellen Varga", "Varga")
        assert dialog.query_one(OptionList).has_focus
        await pilot.press("enter")  # the first name, highlighted
        await settle(app, pilot)
        assert app.screen is screen
        assert "Mayor Ellen Varga" in listed(screen)
        assert "Mayor Ellen Varga" not in source_named(screen, "Ellen Varga")
        assert listed(screen)[screen.table.cursor_row] == "Ellen Varga"
        assert "Split “Mayor Ellen Varga” off “Ellen Varga” (u undoes)" in notices(app)
        await go_to(pilot, screen, "Mayor Ellen Varga")
        await pilot.press("s")  # one name left: nothing to split
        assert app.screen is screen
        assert "“Mayor Ellen Varga” has no other name to split off" in notices(app)
    [link] = library.source_links()
    assert (link.kind, link.first, link.second) == (
        LinkKind.SPLIT,
        "Ellen Varga",
        "Mayor Ellen Varga",
    )


async def test_escape_in_the_split_dialog_keeps_the_source_whole(library: Store) -> None:
    app = ReaderApp(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sources(app, pilot)
        await go_to(pilot, screen, "Ellen Varga")
        await pilot.press("s", "escape")
        await settle(app, pilot)
        assert app.screen is screen
        assert "Mayor Ellen Varga" in source_named(screen, "Ellen Varga")
    assert library.source_links() == []


async def test_u_steps_back_through_merges_and_splits(library: Store) -> None:
    app = ReaderApp(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await merge_greta_into_tomas(app, pilot)
        await go_to(pilot, screen, "Ellen Varga")
        await pilot.press("s", "down", "enter")  # "Varga" off "Ellen Varga"
        await settle(app, pilot)
        assert "Varga" in listed(screen)  # the claims written "Varga", under that name
        await pilot.press("u")
        await settle(app, pilot)
        assert "Varga" not in listed(screen) and listed(screen).count("Ellen Varga") == 1
        assert "Undone: the split of “Varga” off “Ellen Varga”" in notices(app)
        await pilot.press("u")
        await settle(app, pilot)
        assert {"Tomas Brandt", "Greta Brandt"} <= set(listed(screen))
        assert "Undone: the merge of “Greta Brandt” into “Tomas Brandt”" in notices(app)
        assert listed(screen)[screen.table.cursor_row] == "Tomas Brandt"
        await pilot.press("u")
        assert "no merge or split of sources to undo" in notices(app)
    assert library.source_links() == []


async def test_a_merge_is_kept_across_a_restart_and_undone_after_it(library: Store) -> None:
    app = ReaderApp(library)
    async with app.run_test(size=SIZE) as pilot:
        await merge_greta_into_tomas(app, pilot)
    again = ReaderApp(Store(library.path))
    async with again.run_test(size=SIZE) as pilot:
        screen = await open_sources(again, pilot)
        assert len([name for name in listed(screen) if "Brandt" in name]) == 1
        await pilot.press("u")
        await settle(again, pilot)
        assert {"Tomas Brandt", "Greta Brandt"} <= set(listed(screen))
    assert Store(library.path).source_links() == []


async def test_q_in_an_article_opened_from_sources_comes_back_to_them(library: Store) -> None:
    app = ReaderApp(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sources(app, pilot)
        await go_to(pilot, screen, "Ellen Varga")
        await pilot.press("enter")
        assert screen.shown is not None and screen.shown.name == "Ellen Varga"
        assert screen.table.row_count == 4
        await pilot.press("down")
        second = screen.shown.claims[1]
        await pilot.press("enter")  # the second claim, in its article
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.session.article.content_hash == second.article.content_hash
        assert second.claim.status == "suggested"
        await settle(app, pilot)  # the reader finds its claims after the first screen
        # Rated false there (the suggestion accepted) at once, the cursor not moved first:
        # the claims arrive after the first screen, and the status keys with them.
        await pilot.press("F")
        await pilot.press("q")
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.shown is not None and screen.shown.name == "Ellen Varga"
        assert screen.table.cursor_row == 1
        assert str(screen.table.get_row_at(1)[1]) == "false"  # the index read again
        await pilot.press("escape")  # back to the sources, on the one whose claims were shown
        assert listed(screen)[screen.table.cursor_row] == "Ellen Varga"
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_an_article_opened_at_a_claim_and_left_keeps_that_place(library: Store) -> None:
    app = ReaderApp(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sources(app, pilot)
        await go_to(pilot, screen, "Ellen Varga")
        await pilot.press("enter")
        assert screen.shown is not None
        await pilot.press("down")
        second = screen.shown.claims[1]
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("q")  # read there, without a key moving the cursor
        await settle(app, pilot)
    record = next(
        r for r in Store(library.path).articles() if r.content_hash == second.article.content_hash
    )
    assert (record.position, record.status) == (second.claim.start, "reading")


async def test_hostile_names_are_shown_and_told_literally(tmp_path: Path) -> None:
    article_path = tmp_path / "night_pier.txt"
    article_path.write_text(
        "Night pier\n\nPublished 4 March 2025\n\n"
        "The pier was ready for the ferries, the mayor said. The works start in May.\n"
    )
    store = Store(tmp_path / "db.json")
    add_articles(store, [article_path], "rules")
    article = Article.load(article_path)
    for source, label, passage in (
        ("Mayor [/] Ellen \x1b[2JVarga", "PERSON", "The pier was ready"),
        ("The Harbour [/] Board", "ORG", "The works start in May"),
    ):
        start = article.text.index(passage)
        claim = Claim(source=source, source_label=label)
        store.put_annotation(
            make_annotation(
                article.text, article.content_hash, Kind.CLAIM, start, start + 10, claim=claim
            )
        )
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sources(app, pilot)
        shown = screen_text(app)
        assert "Mayor [/] Ellen ␛[2JVarga" in shown and "The Harbour [/] Board" in shown
        await go_to(pilot, screen, "Mayor [/] Ellen \x1b[2JVarga")
        await pilot.press("m")
        await go_to(pilot, screen, "The Harbour [/] Board")
        await pilot.press("m")
        await settle(app, pilot)
        assert len(screen.sources) == 1
        assert (
            "Merged “The Harbour [/] Board” into “Mayor [/] Ellen ␛[2JVarga” (u undoes)"
            in notices(app)
        )
        await pilot.pause()
        assert "The Harbour [/] Board" in screen_text(app)  # in the notice on screen
        assert leaks(app) == []


def test_links_made_within_one_second_keep_the_order_they_were_made_in(library: Store) -> None:
    made = [
        make_link(library, LinkKind.MERGE if number % 2 else LinkKind.SPLIT, "Varga", f"N{number}")
        for number in range(12)
    ]
    assert [link.id for link in library.source_links()] == [link.id for link in made]
    assert undo_link(library).id == made[-1].id
