"""The footer of keys: rebuilt when the keys it shows change, and only then."""

from __future__ import annotations

from pathlib import Path

from textual.widgets._footer import FooterKey

from tui_reader.document import Article
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.key_footer import KeyFooter

TEXT = "A short story about the harbour board.\n\nIt met again on Tuesday to talk.\n"


def make_app(tmp_path: Path, db_path: Path) -> ReaderApp:
    path = tmp_path / "story.txt"
    path.write_text(TEXT, encoding="utf-8")
    session = ReadingSession(Article.load(path), Store(db_path))
    return ReaderApp(session.store, session=session)


def keys_due(app: ReaderApp) -> list[tuple[str, str, bool]]:
    """What the screen's bindings say the footer shows: (key, description, enabled), one
    key per action (the footer shows the first), without the command palette's."""
    due: dict[str, tuple[str, str, bool]] = {}
    for _, binding, enabled, _ in app.screen.active_bindings.values():
        if binding.show:
            due.setdefault(binding.action, (binding.key, binding.description, enabled))
    return list(due.values())


def keys_shown(footer: KeyFooter) -> list[tuple[str, str, bool]]:
    return [
        (key.key, key.description, not key.disabled)
        for key in footer.query(FooterKey)
        if not key.has_class("-command-palette")
    ]


async def test_the_footer_is_not_rebuilt_when_its_keys_stay_the_same(
    tmp_path: Path, db_path: Path
) -> None:
    app = make_app(tmp_path, db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        widgets = list(footer.query(FooterKey))
        assert widgets, "the footer shows no key"
        assert keys_shown(footer) == keys_due(app)
        app.screen.refresh_bindings()  # what every focus change does, twice
        await pilot.pause()
        await pilot.pause()
        assert list(footer.query(FooterKey)) == widgets  # the same widgets: no rebuild


async def test_the_footer_follows_the_focus_into_the_search_bar_and_back(
    tmp_path: Path, db_path: Path
) -> None:
    app = make_app(tmp_path, db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        reading = keys_shown(footer)
        await pilot.press("slash")
        await pilot.pause()
        await pilot.pause()
        assert keys_shown(footer) == keys_due(app)
        await pilot.press("h", "a", "r", "b", "o", "u", "r", "enter")
        await pilot.pause()
        await pilot.pause()
        assert keys_shown(footer) == keys_due(app) == reading


async def test_a_rebuild_asked_for_as_its_screen_closes_is_no_error(
    tmp_path: Path, db_path: Path
) -> None:
    app = make_app(tmp_path, db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        await footer.remove()  # as when the reader screen is popped
        await footer.recompose()  # the bindings' refresh that was already on its way
        assert not footer.is_attached
