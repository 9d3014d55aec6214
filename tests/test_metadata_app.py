"""The app's export dialog uses the metadata set for the article and the [claimreview]
settings, as `tui-reader export` does (a Pilot test pressing the real keys)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tui_reader.document import Article
from tui_reader.model import Claim, ClaimStatus, Kind, make_annotation
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp


async def test_export_from_the_app_uses_stored_metadata_and_settings(
    article_path: Path, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "config.toml"
    settings.write_text('[claimreview]\nauthor = "Desk"\nurl = "https://fc.example.org/vote"\n')
    monkeypatch.setenv("TUI_READER_CONFIG", str(settings))
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "harbour_vote.txt"  # the export goes beside the article
    shutil.copy(article_path, article)
    session = ReadingSession(Article.load(article), Store(db_path))
    session.set_metadata("published", "2024-03-07")
    text = session.article.text
    start = text.index("voted")
    claim = Claim(source="the council").with_status(ClaimStatus.SUPPORTED)
    session.add(
        make_annotation(
            text, session.article.content_hash, Kind.CLAIM, start, start + 5, claim=claim
        )
    )
    app = ReaderApp(session.store, session=session)

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        app.screen.query_one("#export-format").value = "claimreview"
        await pilot.pause()
        app.screen.query_one("#export-path").focus()
        await pilot.press("enter")
        await pilot.pause()

    written = next(tmp_path.glob("*.claimreview.jsonld"))
    [review] = json.loads(written.read_text(encoding="utf-8"))
    assert review["url"] == "https://fc.example.org/vote"
    assert review["author"]["name"] == "Desk"
    assert review["itemReviewed"]["datePublished"] == "2024-03-07"
