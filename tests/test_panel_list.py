"""The side panel as a list: j/k g/G, the `/` filter, separators, badges, short
source names, evidence counts; number keys focus the list they show. Real keys."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tui_reader.document import Article
from tui_reader.list_filter import ListFilter
from tui_reader.model import Claim, ClaimStatus, Evidence, Kind, make_annotation
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.annotation_list import AnnotationList
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.side_panel import EntityList

SIZE = (140, 42)
ARTICLE = (
    "Fighting broke out near the dam, said the Tuareg rebel group that was involved in the "
    "earlier fighting, known as the Permanent Strategic Framework or CSP.\n\n"
    "Mayor Ines Alvarez said the harbour would reopen on Monday.\n\n"
    "Councillor Tomas Berg said the ferry cost 4.2 million euros.\n"
)


def reader(tmp_path: Path) -> ReaderApp:
    path = tmp_path / "dam.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    article = Article.load(path)
    text, digest = article.text, article.content_hash
    store = Store(tmp_path / "annotations.json")

    def claim(phrase: str, source: str, status: ClaimStatus, evidence: int = 0) -> object:
        start = text.index(phrase)
        items = tuple(Evidence(url=f"https://example.org/{i}") for i in range(evidence))
        return make_annotation(
            text,
            digest,
            Kind.CLAIM,
            start,
            start + len(phrase),
            claim=Claim(source=source, status=status, evidence=items),
        )

    long_source = (
        "the Tuareg rebel group that was involved in the earlier fighting, known as the "
        "Permanent Strategic Framework or CSP"
    )
    store.put_annotations(
        [
            claim("Fighting broke out near the dam", long_source, ClaimStatus.FALSE, evidence=2),
            claim(
                "the harbour would reopen on Monday",
                "Mayor Ines Alvarez",
                ClaimStatus.SUPPORTED,
                evidence=1,
            ),
            claim(
                "the ferry cost 4.2 million euros", "Councillor Tomas Berg", ClaimStatus.DISPUTED
            ),
            make_annotation(text, digest, Kind.NOTE, 0, 8, body="check the dam"),
            make_annotation(text, digest, Kind.TAG, 9, 14, tags=("budget",)),
        ]
    )
    return ReaderApp(store, session=ReadingSession(article, store), backend="rules")


def rows(listed: AnnotationList | EntityList) -> list[str]:
    return [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]


def claim_rows(listed: AnnotationList) -> list[str]:
    return [row for row in rows(listed) if row.startswith(" ")]


async def test_number_keys_focus_the_list_and_j_k_g_G_move(tmp_path: Path) -> None:
    app = reader(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("3")
        await pilot.pause()
        claims = app.screen.panel.claims
        assert claims.has_focus and claims.highlighted is not None
        first = claims.highlighted_id
        await pilot.press("j")
        second = claims.highlighted_id
        assert second not in (None, first)
        await pilot.press("k")
        assert claims.highlighted_id == first
        await pilot.press("G")
        last = claims.highlighted
        await pilot.press("g")
        assert claims.highlighted is not None and last is not None and claims.highlighted < last
        await pilot.press("1")
        await pilot.pause()
        assert app.screen.query_one("#notes-list", AnnotationList).has_focus
        await pilot.press("2")
        await pilot.pause()
        assert app.screen.query_one(EntityList).has_focus


async def test_rows_show_a_badge_the_short_name_and_the_evidence_count(tmp_path: Path) -> None:
    app = reader(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("3")
        await pilot.pause()
        listed = claim_rows(app.screen.panel.claims)
        first_lines = {row.splitlines()[0] for row in listed}
        assert " FALSE  CSP · 2 evidence items" in first_lines
        assert " SUPPORTED  Ines Alvarez · 1 evidence item" in first_lines
        assert " DISPUTED  Tomas Berg · no evidence" in first_lines
        claims = app.screen.panel.claims
        prompts = [claims.get_option_at_index(i).prompt for i in range(claims.option_count)]
        badge_spans = [p.spans[0] for p in prompts if str(p).startswith(" FALSE ")]
        assert badge_spans and badge_spans[0].style.bgcolor is not None  # a badge of its own
        # a separator line between two claims: the options list holds separators
        assert len(claims._lines) > sum(len(str(p).splitlines()) for p in prompts)


async def test_slash_filters_by_status_tag_and_words_escape_clears(tmp_path: Path) -> None:
    app = reader(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("3", "slash", *"status:false", "enter")
        await pilot.pause()
        claims = app.screen.panel.claims
        assert claims.has_focus
        shown = rows(claims)
        assert shown[0].startswith("filter status:false: 1 of")
        assert [r.split()[0] for r in claim_rows(claims)] == ["FALSE"]
        await pilot.press("slash", "ctrl+u", *"harbour", "enter")
        assert [r.split()[0] for r in claim_rows(claims)] == ["SUPPORTED"]
        await pilot.press("escape")
        await pilot.pause()
        assert len(claim_rows(claims)) == 3 and not rows(claims)[0].startswith("filter")
        await pilot.press("1", "slash", *"#bud", "enter")
        await pilot.pause()
        notes = app.screen.query_one("#notes-list", AnnotationList)
        assert [r for r in rows(notes) if r.startswith("tags")] == [rows(notes)[1]]
        assert not any(r.startswith("note") for r in rows(notes))
        await pilot.press("slash", "escape")  # escape in the field clears it too
        await pilot.pause()
        assert any(r.startswith("note") for r in rows(notes)) and notes.has_focus
        await pilot.press("escape")  # no filter: escape goes on (nothing breaks)


def test_the_filter_parses_statuses_tags_and_words() -> None:
    query = ListFilter.parse("status:not-check #Bud harbour")
    assert query.statuses == ("not check",) and query.tags == ("bud",)
    assert query.words == ("harbour",)
    assert query.matches("The Harbour vote", ["budget"], ["not checkable"])
    assert not query.matches("The Harbour vote", ["budget"], ["false"])
    assert not query.matches("The vote", ["budget"], ["not checkable"])
    assert ListFilter.parse("   ").matches("anything") and not ListFilter.parse("")


@given(st.text(), st.text(), st.lists(st.text()))
def test_any_query_parses_and_the_empty_filter_keeps_everything(
    query: str, text: str, tags: list[str]
) -> None:
    parsed = ListFilter.parse(query)
    parsed.matches(text, tags, tags)
    assert ListFilter.parse("").matches(text, tags, tags)
    assert ListFilter.parse(query.casefold()).matches(text.casefold(), tags) in (True, False)


async def test_one_remap_moves_escape_in_the_list_and_in_its_filter_field(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "annotations.json")
    session = reader(tmp_path).first_session
    app = ReaderApp(store, session=session, backend="rules", keymap={"list_clear_filter": "ctrl+l"})
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("1", "slash", *"#bud", "enter")
        await pilot.pause()
        notes = app.screen.query_one("#notes-list", AnnotationList)
        assert not any(r.startswith("note") for r in rows(notes))
        await pilot.press("slash", "ctrl+l")  # in the field
        await pilot.pause()
        assert any(r.startswith("note") for r in rows(notes)) and notes.has_focus
        await pilot.press("slash", *"#bud", "enter")
        await pilot.pause()
        assert not any(r.startswith("note") for r in rows(notes))
        await pilot.press("ctrl+l")  # in the list
        await pilot.pause()
        assert any(r.startswith("note") for r in rows(notes))
