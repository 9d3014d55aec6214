"""The Textual application: the reader screen, help, the command palette and keymap."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen

from tui_reader.nlp.entities import Recognizer
from tui_reader.session import ReadingSession
from tui_reader.store import NotSaved
from tui_reader.ui.help_screen import HelpScreen, keys_for
from tui_reader.ui.reader_screen import ReaderScreen


class ReaderApp(App):
    """tui-reader: read an article, see its entities, annotate it by keyboard."""

    CSS_PATH = "app.tcss"
    TITLE = "tui-reader"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit_reader", "Quit", id="quit"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="command_palette"),
    ]

    def __init__(
        self,
        session: ReadingSession,
        recognizer: Recognizer | None,
        keymap: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.recognizer = recognizer
        self.user_keymap = dict(keymap or {})
        self._warned_unsaved = False

    def on_mount(self) -> None:
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
        self.push_screen(ReaderScreen(self.session, self.recognizer))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.user_keymap))

    def action_quit_reader(self) -> None:
        """Remember the reading position, then leave, unless changes could not be saved.

        Then the first `q` says so (the work could still be exported), and a
        second `q` leaves anyway.
        """
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                screen.save_position()
        store = self.session.store
        if store.pending_count and not self._warned_unsaved:
            try:
                store.retry_pending()
            except NotSaved as error:
                self._warned_unsaved = True
                self.notify(
                    f"{error}. Press x to export your notes, or q again to quit without them.",
                    severity="error",
                    timeout=30,
                )
                return
        self.exit()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every keyboard action of the reader, searchable by name in the palette."""
        yield from super().get_system_commands(screen)
        if not isinstance(screen, ReaderScreen):
            return
        view = screen.view
        targets: list[DOMNode] = [view, screen, screen.panel.active_list()]
        for node in targets:
            for binding in node.BINDINGS:
                if isinstance(binding, Binding) and binding.description:
                    yield SystemCommand(
                        binding.description,
                        f"key: {keys_for(binding, self.user_keymap)}",
                        partial(node.run_action, binding.action),
                    )
