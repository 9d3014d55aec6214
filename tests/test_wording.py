"""Counts in words and quoted passages, as the reader shows them."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tui_reader.display import quoted
from tui_reader.document import Article
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.status_line import StatusLine
from tui_reader.wording import counted


def test_one_is_singular_every_other_count_plural() -> None:
    assert counted(1, "char(s) selected") == "1 char selected"
    assert counted(0, "char(s) selected") == "0 chars selected"
    assert counted(1, "match(es)") == "1 match" and counted(12, "match(es)") == "12 matches"
    assert counted(3, "notes") == "3 notes"  # no mark: kept as written


def test_a_passage_that_is_a_quotation_is_not_quoted_twice() -> None:
    assert quoted("“We will rebuild,” she said.") == "“We will rebuild,” she said.”"
    assert quoted("“We will rebuild.”") == "“We will rebuild.”"
    assert quoted('"Never again"') == "“Never again”"
    assert quoted("plain  words\nhere", 8) == "“plain w…”"


@given(st.text())
def test_quoted_always_has_exactly_its_own_pair_of_marks(passage: str) -> None:
    shown = quoted(passage)
    assert shown.startswith("“") and shown.endswith("”")
    inner = shown[1:-1]
    assert not inner.startswith(("“", '"')) and not inner.endswith(("”", '"'))


async def test_the_status_line_counts_one_character_in_the_singular(
    article_path: Path, db_path: Path
) -> None:
    session = ReadingSession(Article.load(article_path), Store(db_path))
    app = ReaderApp(session.store, session=session)
    async with app.run_test(size=(120, 30)) as pilot:
        status = app.screen.query_one(StatusLine)
        await pilot.press("v")
        shown = []
        for _ in range(2):
            await pilot.press("l")
            await pilot.pause()
            shown.append(str(status.render()))
        assert any("1 char selected" in line for line in shown), shown
        assert "2 chars selected" in shown[-1] or "3 chars selected" in shown[-1], shown
