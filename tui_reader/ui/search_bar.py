"""The search bar: `/` opens it, `enter` finds, `escape` closes.

The first match after the cursor is looked for in a worker, a piece of the text
at a time, and the reader jumps there as soon as it is found: on a 50 MB
article that search takes a second, during which the reader answers keys
(searched on the UI thread, it froze the screen that long). Every match is
then found by another worker, for the highlights and `n` / `N`, once the
jump is painted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input
from textual.worker import get_current_worker

from tui_reader.document import SEARCH_PIECE, Span, smart_case_matches, smart_case_pattern


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
        self.searching = False
        """True from `enter` until the match to jump to is found (or none is)."""
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
        self.searching = True
        self._find_first(self.last_query, self._cursor)

    @work(thread=True, exclusive=True, group="search")
    def _find_first(self, query: str, cursor: int) -> None:
        """The match to jump to: the first after the cursor, else the first from the top."""
        first = first_match_after(query, self.text, cursor + 1)
        if get_current_worker().is_cancelled:
            return  # a newer search replaced this one
        if first is None:
            self.post_message(self.Found(query, [], None))
        else:
            self.post_message(self.Found(query, [first], first[0]))

    @on(Found)
    def _jumping(self, message: Found) -> None:
        """On its way to the reader (the message bubbles on): the search is over; once
        the jump is painted, find every match.

        Not after the next refresh: that may come before the reader has moved the
        cursor (it handles the message after this one), and the search for every
        match would then hold the interpreter's lock, a piece at a time, while the
        jump waits to be painted. After the refresh after that one.
        """
        if message.query == self.last_query:
            self.searching = False
        if message.jump_to is not None:
            self.call_after_refresh(self.call_after_refresh, self._find_all, message.query)

    @work(thread=True, exclusive=True, group="search")
    def _find_all(self, query: str) -> None:
        """Every match, piece by piece (see `smart_case_matches`)."""
        matches = smart_case_matches(query, self.text)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Found(query, matches, None))


def first_match_after(query: str, text: str, start: int, piece: int = SEARCH_PIECE) -> Span | None:
    """The first match of `smart_case_pattern(query)` starting at `start` or after, else
    the first one before `start`; None if there is none.

    Searched a piece at a time, as `smart_case_matches` does, so that the worker
    doing it lets the reader's thread in between pieces. A literal matches exactly
    `len(query)` characters, so each piece is searched that far past its end.
    """
    pattern = smart_case_pattern(query)
    reach = max(len(query) - 1, 0)
    piece = max(piece, 1)
    start = min(max(start, 0), len(text))
    for first, stop in ((start, len(text)), (0, start)):
        for piece_start in range(first, stop, piece):
            piece_end = min(piece_start + piece, stop)
            found = pattern.search(text, piece_start, min(piece_end + reach, len(text)))
            if found is not None and found.start() < piece_end:
                return found.span()
    return None
