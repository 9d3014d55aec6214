"""The search bar: `/` opens it, `enter` finds, `escape` closes.

The first match after the cursor is found at once (one regex search) so the
reader jumps there without waiting; every match is then found in a worker, for
the highlights and `n` / `N`, which on a 10 MB article takes a while longer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input

from tui_reader.document import Span, smart_case_matches, smart_case_pattern


class SearchBar(Input):
    """Finds a literal, smart-case query in the article's text."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close search", show=False, id="search_close"),
    ]

    @dataclass
    class Found(Message):
        """Matches of `query`: first only the one to jump to, then all of them."""

        query: str
        matches: list[Span]
        jump_to: int | None
        """Where the cursor goes (the first match after it), with the first message only."""

    class Closed(Message):
        """The bar closed: the article has the focus again."""

    def __init__(self, text: str, **kwargs: Any) -> None:
        super().__init__(placeholder="search (enter: find, escape: close)", **kwargs)
        self.text = text
        self.last_query = ""
        self._cursor = 0

    def open(self, cursor: int) -> None:
        """Show the bar with the last query, searching from `cursor`."""
        self._cursor = cursor
        self.value = self.last_query
        self.add_class("visible")
        self.focus()

    def action_close(self) -> None:
        self.remove_class("visible")
        self.post_message(self.Closed())

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.last_query = event.value
        self.action_close()
        if not self.last_query:
            self.post_message(self.Found("", [], None))
            return
        pattern = smart_case_pattern(self.last_query)
        first = pattern.search(self.text, self._cursor + 1) or pattern.search(self.text)
        if first is None:
            self.post_message(self.Found(self.last_query, [], None))
            return
        self.post_message(self.Found(self.last_query, [first.span()], first.start()))
        # After the jump is painted: the search takes its share of the interpreter's lock.
        self.call_after_refresh(self._find_all, self.last_query)

    @work(thread=True, exclusive=True, group="search")
    def _find_all(self, query: str) -> None:
        """Every match, piece by piece (see `smart_case_matches`): the jump to the
        first one is painted meanwhile."""
        self.post_message(self.Found(query, smart_case_matches(query, self.text), None))
