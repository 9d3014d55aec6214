"""The Textual application: the reader screen, help, the command palette and keymap."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property, partial
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.markup import escape
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import OptionList

from tui_reader.display import displayable
from tui_reader.document import Article
from tui_reader.errors import UserError
from tui_reader.nlp.backends import get_recognizer
from tui_reader.nlp.entities import Entity, Recognizer
from tui_reader.nlp.pipeline import cached_entities
from tui_reader.session import ReadingSession
from tui_reader.store import NotSaved, Store
from tui_reader.ui import messages
from tui_reader.ui.annotation_list import AnnotationList
from tui_reader.ui.article_view import ArticleView
from tui_reader.ui.base_app import TuiReaderApp
from tui_reader.ui.checking import ReaderMemory
from tui_reader.ui.claims_panel import ClaimList
from tui_reader.ui.help_screen import HelpScreen, declared, keys_for
from tui_reader.ui.library_screen import LibraryScreen
from tui_reader.ui.reader_keys import ReaderKeys
from tui_reader.ui.reader_screen import ReaderScreen
from tui_reader.ui.side_panel import EntityList

OPENING_NOTICE_AFTER = 0.3
"""Seconds an article may take to open before the library says it is opening it."""


_HELP = Binding("question_mark", "help", "Help", id="help")


class ReaderApp(TuiReaderApp[None]):
    """tui-reader: read an article, see its entities, annotate it by keyboard.

    With a session it opens that article; without, the library, from which
    articles open on top (and `q` in an article comes back to the library, or to
    its Sources screen when opened from there).
    """

    CSS_PATH = "app.tcss"
    TITLE = "tui-reader"
    # Textual declares this attribute `ClassVar[...] | None`, which mypy reads as an instance
    # variable: annotating it as a ClassVar here is an error, leaving it bare a lint.
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-narrow"),
        (100, "-wide"),
        (160, "-very-wide"),
    ]
    """The side panel has a fixed width within each range (see app.tcss), so resizing
    the terminal rewraps the article but not the panel's lists."""

    BINDINGS: ClassVar[list[BindingType]] = [
        _HELP,
        Binding("q", "quit_reader", "Quit", id="quit"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="command_palette"),
    ]

    def __init__(
        self,
        store: Store,
        *,
        session: ReadingSession | None = None,
        backend: str = "off",
        keymap: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.first_session = session
        self.backend = backend
        """The entity backend (rules, spacy or off); recognisers are built in workers."""
        self.user_keymap = dict(keymap or {})
        self._warned_unsaved = False
        self.memory = ReaderMemory()
        """Kept from one article to the next: reading modes, the passage picked as evidence."""
        self._opening: Timer | None = None
        """Says "Opening…" if an article takes more than a moment to load."""

    @property
    def session(self) -> ReadingSession:
        """The session of the article being read (the top reader screen)."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, ReaderScreen):
                return screen.session
        if self.first_session is not None:
            return self.first_session
        raise LookupError("no article is open")

    def on_mount(self) -> None:
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
        if self.first_session is not None:
            self.push_screen(ReaderScreen(self.first_session, self.backend, self.memory))
        else:
            self.push_screen(LibraryScreen(self.store, self._cached_entities))

    def _cached_entities(self, article: Article) -> list[Entity]:
        """What library search knows of an article's entities without computing them."""
        return cached_entities(article, self._library_recognizer) or []

    @cached_property
    def _library_recognizer(self) -> Recognizer | None:
        """Built on the first library search (in its worker), for the cache's key."""
        return get_recognizer(self.backend)

    @on(messages.OpenArticle)
    def _open_article(self, message: messages.OpenArticle) -> None:
        """Load the article in a worker: reading, hashing and re-anchoring a big file
        takes seconds, during which the library keeps answering."""
        opening = self.set_timer(
            OPENING_NOTICE_AFTER,
            lambda: self.notify(f"Opening {Path(message.path).name}…", timeout=4),
        )
        self._opening = opening
        self._load_article(message.path, message.position)

    @work(thread=True, exclusive=True, group="open-article")
    def _load_article(self, path: str, position: int | None) -> None:
        try:
            session = ReadingSession(Article.load(path), self.store)
        except UserError as error:
            self.post_message(messages.Failed(str(error)))
            return
        if position is not None:
            session.open_at(position)
        self.post_message(messages.ArticleOpened(session))

    @on(messages.ArticleOpened)
    def _article_opened(self, message: messages.ArticleOpened) -> None:
        self._stop_opening_notice()
        self.push_screen(ReaderScreen(message.session, self.backend, self.memory))

    @on(messages.Failed)
    def _failed(self, message: messages.Failed) -> None:
        self._stop_opening_notice()
        self.notify(message.message, severity="error")

    def _stop_opening_notice(self) -> None:
        if self._opening is not None:
            self._opening.stop()
            self._opening = None

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.user_keymap))

    def action_quit_reader(self) -> None:
        """Leave the article (back to the screen it was opened from: the library, its
        Sources screen, or the article an echo was opened from), keeping the position.

        If changes could not be saved, the first `q` says so (the work could
        still be exported), and a second `q` leaves anyway: the command line then
        keeps them in a recovery journal (`crash.keep_unsaved`).
        """
        screen = self.screen
        if isinstance(screen, ReaderScreen):
            screen.save_position()
        if self.store.pending_count and not self._warned_unsaved:
            try:
                self.store.retry_pending()
            except NotSaved as error:
                self._warned_unsaved = True
                self.notify(
                    f"{error}. Press x to export your notes, or q again to quit: they are "
                    "then kept in a file of unsaved changes, offered at the next start.",
                    severity="error",
                    timeout=30,
                )
                return
        if isinstance(screen, ReaderScreen) and any(
            isinstance(below, (LibraryScreen, ReaderScreen)) for below in self.screen_stack[:-1]
        ):  # back to the library or its Sources screen (above it), or to an echo's article
            self.pop_screen()
        else:
            self.exit()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every keyboard action of the reader, searchable by name in the palette."""
        yield from super().get_system_commands(screen)
        if not isinstance(screen, HelpScreen):  # our help, beside Textual's "Keys"
            keys = escape(displayable(keys_for(_HELP, self.user_keymap)))
            yield SystemCommand(
                "Help",
                f"every key of tui-reader and its binding id (key: {keys})",
                self.action_help,
            )
        if not isinstance(screen, ReaderScreen):
            return
        if self.store.damage is not None:
            yield SystemCommand(
                "Restore the database backup",
                "the database file was damaged by another program",
                partial(screen.offer_backup, force=True),
            )
        for where, node, tab, binding in _reader_actions(screen):
            # The palette reads help as markup; the keys may come from config.toml.
            keys = escape(displayable(keys_for(binding, self.user_keymap)))
            yield SystemCommand(
                f"{binding.description} ({where})" if tab else binding.description,
                f"key: {keys}",
                partial(_run_action, screen, node, tab, binding.action),
            )


def _reader_actions(screen: ReaderScreen) -> Iterable[tuple[str, Widget, str, Binding]]:
    """Every action of the reader's keys, wherever the focus is: (where it works, the
    widget that runs it, the panel's tab to show first or "", the binding)."""
    panel = screen.panel
    targets: list[tuple[str, Widget, str, list[Binding]]] = [
        ("article", screen.view, "", declared(ArticleView)),
        ("reader", screen, "", [*declared(ReaderScreen), *declared(ReaderKeys)]),
        ("Notes tab", panel.query_one("#notes-list", AnnotationList), "notes-tab", []),
        ("Entities tab", panel.query_one(EntityList), "entities-tab", declared(EntityList)),
        ("Claims tab", panel.claims, "claims-tab", declared(ClaimList)),
    ]
    for where, node, tab, bindings in targets:
        if isinstance(node, AnnotationList):
            bindings = [*bindings, *declared(AnnotationList)]
        for binding in bindings:
            if binding.description:
                yield where, node, tab, binding


async def _run_action(screen: ReaderScreen, node: Widget, tab: str, action: str) -> None:
    """Run a key's action from the palette: a list's on its tab, focused, on the
    highlighted row (the first if none is)."""
    if tab:
        screen.action_show_tab(tab)
        node.focus()
        if isinstance(node, OptionList) and node.highlighted is None and node.option_count:
            node.action_first()
    await node.run_action(action)
