"""Echoes in the reader: the Claims tab says where else in the library a claim appears,
a key opens the other article at the passage, and `q` comes back.

The library is made here from three short articles written for the test: two
quote the same sentence of a mayor, and two give the same figure about a dam.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_reader.across.adding import add_articles
from tui_reader.across.article_echoes import article_echoes, echoes_at
from tui_reader.across.commands import library_index
from tui_reader.across.echoes import find_echoes
from tui_reader.document import Article
from tui_reader.session import ReadingSession
from tui_reader.store import Store

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
        "Farmers said the reservoir flooded three meadows last winter.\n"
    ),
}


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
    assert [Path(e.path).name for e in quoted] == ["river_times.txt"]
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
        await app.workers.wait_for_complete()
        await pilot.pause()
        claims = app.screen.panel.claims
        rows = [str(claims.get_option_at_index(i).prompt) for i in range(claims.option_count)]
        marked = [row for row in rows if "also in 1 article" in row]
        assert any("Marran" in row for row in marked), rows
        assert any("Drever" in row for row in marked), rows
        assert not any("also in 2" in row for row in rows)
