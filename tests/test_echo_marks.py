"""Echoes in the reader: the Claims tab says where else in the library a claim appears,
a key opens the other article at the passage, and `q` comes back.

The library is made here from three short articles written for the test: two
quote the same sentence of a mayor, and two give the same figure about a dam.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tui_reader.across.adding import add_articles
from tui_reader.across.article_echoes import article_echoes, echoes_at
from tui_reader.across.commands import library_index
from tui_reader.across.echoes import find_echoes
from tui_reader.document import Article
from tui_reader.model import Annotation, Claim, ClaimStatus, Evidence, Kind, make_annotation
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.reader_screen import ReaderScreen

QUOTE = "the new bridge will carry every bus of the valley by spring"

ARTICLES = {
    "valley_post.txt": (
        "Bridge vote in Orlen\n\n"
        f'Mayor Ilse Marran said on Monday that "{QUOTE}," as the council met.\n\n'
        "The Orlen dam cost 48 million euros, the engineer Paul Drever said.\n"
    ),
    "river_times.txt": (
        "Orlen council backs the bridge\n\n"
        f'"{QUOTE.capitalize()}," Mayor Ilse Marran told the council on Monday.\n\n'
        "Traffic on the old crossing doubled in two years, residents said.\n"
    ),
    "hill_courier.txt": (
        "Dam costs questioned\n\n"
        "The Orlen dam cost 48 million euros, engineer Paul Drever said at a hearing.\n\n"
        "Farmers said the reservoir flooded three meadows last winter.\n\n"
        f'Marran repeated that "{QUOTE}."\n'
    ),
}


async def _looked_up(pilot: Pilot[None]) -> None:
    """Until the screen has its echoes: the lookup starts once the claims are found."""
    for _ in range(400):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ReaderScreen)
        running = any(w.group == "echoes" and w.is_running for w in pilot.app.workers)
        if screen.echo_jumps.looked_up and not running:
            await pilot.pause()
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the echoes were never looked up")


@pytest.fixture
def library(tmp_path: Path) -> tuple[Store, Path]:
    folder = tmp_path / "clippings"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    store = Store(tmp_path / "db.json")
    add_articles(store, [folder], "rules")
    return store, folder


def test_the_echoes_of_one_article(library: tuple[Store, Path]) -> None:
    store, folder = library
    article = Article.load(folder / "valley_post.txt")
    passages = article_echoes(find_echoes(library_index(store, "rules")), article.content_hash)
    text = article.text
    quote_at = text.index(QUOTE)
    quoted = echoes_at(passages, quote_at, quote_at + len(QUOTE))
    assert sorted(Path(e.path).name for e in quoted) == ["hill_courier.txt", "river_times.txt"]
    figure_at = text.index("48 million")
    figured = echoes_at(passages, figure_at, figure_at + 10)
    assert [Path(e.path).name for e in figured] == ["hill_courier.txt"]
    assert echoes_at(passages, 0, 10) == ()  # the headline echoes nothing


async def test_the_claims_tab_says_also_in_other_articles(library: tuple[Store, Path]) -> None:
    from tui_reader.ui.app import ReaderApp

    store, folder = library
    session = ReadingSession(Article.load(folder / "valley_post.txt"), store)
    app = ReaderApp(store, session=session, backend="rules")
    async with app.run_test(size=(120, 40)) as pilot:
        await _looked_up(pilot)
        claims = app.screen.panel.claims
        rows = [str(claims.get_option_at_index(i).prompt) for i in range(claims.option_count)]
        assert any("Marran" in row and "also in 2 articles" in row for row in rows), rows
        assert any("Drever" in row and "also in 1 article\n" in row + "\n" for row in rows), rows
        assert not any("also in 3" in row for row in rows)


async def test_the_echo_key_opens_each_echo_and_q_comes_back(library: tuple[Store, Path]) -> None:
    from tui_reader.ui.app import ReaderApp

    store, folder = library
    session = ReadingSession(Article.load(folder / "valley_post.txt"), store)
    app = ReaderApp(store, session=session, backend="rules")
    async with app.run_test(size=(80, 24)) as pilot:
        await _looked_up(pilot)
        first = app.screen
        assert isinstance(first, ReaderScreen)
        await pilot.press("slash", *"bridge will carry", "enter")
        place = first.view.cursor
        opened = []
        for _ in range(3):
            await pilot.press("greater_than_sign")
            await app.workers.wait_for_complete()
            await pilot.pause()
            other = app.screen
            assert isinstance(other, ReaderScreen) and other is not first
            text = other.article.text
            assert text[other.view.cursor :].lower().startswith(QUOTE[:20])
            opened.append(Path(str(other.article.path)).name)
            await pilot.press("q")
            await pilot.pause()
            assert app.screen is first and first.view.cursor == place
        assert sorted(opened[:2]) == ["hill_courier.txt", "river_times.txt"]
        assert opened[2] == opened[0]  # round again
        await pilot.press("g", "greater_than_sign")  # the headline echoes nothing
        await pilot.pause()
        assert app.screen is first


async def test_the_echo_key_is_remapped_by_its_binding_id_and_in_the_help(
    library: tuple[Store, Path],
) -> None:
    from tui_reader.ui.app import ReaderApp
    from tui_reader.ui.help_screen import key_sections

    assert "echo_jump" in {binding.id for _, bindings in key_sections() for binding in bindings}
    store, folder = library
    session = ReadingSession(Article.load(folder / "valley_post.txt"), store)
    app = ReaderApp(store, session=session, backend="rules", keymap={"echo_jump": "O"})
    async with app.run_test(size=(120, 40)) as pilot:
        await _looked_up(pilot)
        first = app.screen
        await pilot.press("slash", *"48 million", "enter", "O")
        await _looked_up(pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen is not first
        assert Path(str(app.screen.article.path)).name == "hill_courier.txt"


def _rate_the_dam_claim(store: Store, folder: Path) -> str:
    """Rate false, in the hill courier, the claim of the dam's cost; returns its id."""
    courier = Article.load(folder / "hill_courier.txt")
    entry = library_index(store, "rules").article(courier.content_hash)
    assert entry is not None
    found = next(c for c in entry.claims if "48 million" in c.text)
    evidence = Evidence(url="https://example.org/dam-audit", quote="61 million", stance="refutes")
    claim = Claim(source="Paul Drever", evidence=(evidence,), rationale="The audit says 61.")
    rated = make_annotation(
        courier.text,
        courier.content_hash,
        Kind.CLAIM,
        found.start,
        found.end,
        claim=claim.with_status(ClaimStatus.FALSE),
    )
    store.put_annotation(rated)
    return rated.id


def _dam_claims(store: Store, article: Article) -> list[Annotation]:
    return [
        a
        for a in store.annotations(article.content_hash)
        if a.kind is Kind.CLAIM and "48 million" in a.quote.exact
    ]


async def test_a_carried_over_verdict_is_confirmed_undone_and_dismissed(
    library: tuple[Store, Path],
) -> None:
    from tui_reader.ui.app import ReaderApp

    store, folder = library
    _rate_the_dam_claim(store, folder)
    article = Article.load(folder / "valley_post.txt")
    app = ReaderApp(store, session=ReadingSession(article, store), backend="rules")
    async with app.run_test(size=(120, 40)) as pilot:
        await _looked_up(pilot)
        screen = app.screen
        claims = screen.panel.claims
        rows = [str(claims.get_option_at_index(i).prompt) for i in range(claims.option_count)]
        carried = "carried over: false, from Dam costs questioned"
        assert any("Drever" in row and carried in row for row in rows), rows
        await pilot.press("slash", *"48 million", "enter")
        await pilot.pause()
        assert carried in str(screen.status_line.render())
        await pilot.press("Y")  # the suggestion accepted with the verdict
        await pilot.pause()
        (claim,) = _dam_claims(store, article)
        assert claim.claim is not None and claim.claim.status is ClaimStatus.FALSE
        assert claim.claim.rationale == "The audit says 61."
        assert [e.url for e in claim.claim.evidence] == ["https://example.org/dam-audit"]
        assert carried not in str(screen.status_line.render())
        await pilot.press("u")
        await pilot.pause()
        assert _dam_claims(store, article) == []
        assert carried in str(screen.status_line.render())
        await pilot.press("X")
        await pilot.pause()
        assert _dam_claims(store, article) == []
        assert carried not in str(screen.status_line.render())
        rows = [str(claims.get_option_at_index(i).prompt) for i in range(claims.option_count)]
        assert not any(carried in row for row in rows)
    # remembered: not offered again when the article opens again
    app = ReaderApp(store, session=ReadingSession(article, store), backend="rules")
    async with app.run_test(size=(120, 40)) as pilot:
        await _looked_up(pilot)
        claims = app.screen.panel.claims
        rows = [str(claims.get_option_at_index(i).prompt) for i in range(claims.option_count)]
        assert any("Drever" in row and "also in 1 article" in row for row in rows)
        assert not any("carried over" in row for row in rows)


async def test_the_echo_key_on_a_quotation_no_claim_holds(tmp_path: Path) -> None:
    from tui_reader.ui.app import ReaderApp

    folder = tmp_path / "clippings"
    folder.mkdir()
    banner = "no toll on the bridge for the first seven years"
    (folder / "a.txt").write_text(f'Orlen\n\nThe banner: "{banner}".\n', encoding="utf-8")
    (folder / "b.txt").write_text(f'Valley\n\nPosters: "{banner}".\n', encoding="utf-8")
    store = Store(tmp_path / "db.json")
    add_articles(store, [folder], "rules")
    app = ReaderApp(store, session=ReadingSession(Article.load(folder / "a.txt"), store))
    async with app.run_test(size=(80, 24)) as pilot:
        await _looked_up(pilot)
        first = app.screen
        assert isinstance(first, ReaderScreen)
        await pilot.press("slash", *"first seven", "enter")
        assert first.checking.here() == (None, None)  # no claim, no suggestion here
        await pilot.press("greater_than_sign")
        await _looked_up(pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen is not first
        assert Path(str(app.screen.article.path)).name == "b.txt"
