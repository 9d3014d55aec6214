"""The library screen: every article read, its notes and progress, and search across all.

Shown by `tui-reader` without an article. `enter` opens the highlighted article
(or search result, at its passage); quitting the reader comes back here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from tui_reader.display import display_text
from tui_reader.errors import UserError
from tui_reader.library import (
    EntityLookup,
    LibraryEntry,
    SearchHit,
    library,
    locate,
    next_status,
    search,
    set_status,
)
from tui_reader.model import ArticleRecord
from tui_reader.store import Store
from tui_reader.ui import messages
from tui_reader.ui.library_columns import TABLE_MARGIN, library_table
from tui_reader.ui.row_table import RowTable


class LibraryScreen(Screen[None]):
    """Articles in the database; `/` searches notes, tags, quotes, claims and texts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="library_open"),
        Binding("slash", "search", "Search all", id="library_search"),
        Binding("s", "cycle_status", "Status", id="library_status"),
        Binding("l", "locate", "Locate file", id="library_locate"),
        Binding("S", "sources", "Sources", id="library_sources"),
        Binding("escape", "show_articles", "Articles", show=False, id="library_articles"),
    ]

    def __init__(self, store: Store, entities_of: EntityLookup | None = None) -> None:
        super().__init__()
        self.store = store
        self.entities_of = entities_of
        self.entries: list[LibraryEntry] = []
        self.hits: list[SearchHit] = []
        self.showing_hits = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="library"):
            yield Static(id="library-summary")
            yield RowTable(id="library-table", cursor_type="row", zebra_stripes=True)
        yield Input(
            placeholder="search every article (enter: search, escape: close)", id="library-search"
        )
        yield Input(
            placeholder="where is the file now? a file or a directory to search",
            id="library-locate",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.title = "tui-reader — library"

    @property
    def table(self) -> RowTable:
        return self.query_one("#library-table", RowTable)

    def on_screen_resume(self) -> None:
        """Shown first, or back from reading: counts and progress may have changed."""
        if not self.showing_hits:
            self.refresh_articles()

    def refresh_articles(self) -> None:
        self.entries = library(self.store)
        self.showing_hits = False
        self._show_articles()
        count = len(self.entries)
        summary = f"{count} article{'s' if count != 1 else ''} in {self.store.path}"
        if not count:
            summary += " — open one with: tui-reader ARTICLE"
        self.query_one("#library-summary", Static).update(display_text(summary))
        self.table.focus()

    def _show_articles(self) -> None:
        """The table of `entries`, fitted to the screen's width."""
        fitted = library_table(self.entries, self.app.size.width - TABLE_MARGIN)
        keys = [entry.record.content_hash for entry in self.entries]
        _fill_table(self.table, fitted.headings, fitted.rows, keys, fitted.widths)

    def on_resize(self) -> None:
        """Another width: the columns are fitted to it again, on the same row."""
        if self.showing_hits or not self.entries:
            return
        row = self.table.cursor_row
        self._show_articles()
        self.table.move_cursor(row=row)

    def _entry(self) -> LibraryEntry | None:
        table = self.table
        if self.showing_hits or not self.entries or table.cursor_row is None:
            return None
        return self.entries[min(table.cursor_row, len(self.entries) - 1)]

    def action_open(self) -> None:
        if self.showing_hits:
            if self.hits:
                hit = self.hits[self.table.cursor_row]
                record = next(
                    (
                        e.record
                        for e in library(self.store)
                        if e.record.content_hash == hit.content_hash
                    ),
                    None,
                )
                if record is not None:
                    self._open(record.path, hit.start)
            return
        entry = self._entry()
        if entry is not None:
            self._open(entry.record.path, None)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def _open(self, path: str, position: int | None) -> None:
        if not path or not Path(path).is_file():
            self.notify("The file is missing: press l to locate it.", severity="warning")
            return
        self.post_message(messages.OpenArticle(path, position))

    def action_cycle_status(self) -> None:
        entry = self._entry()
        if entry is None:
            return
        try:
            set_status(self.store, entry.record, next_status(entry.record.status))
        except UserError as error:
            self.notify(str(error), severity="error")
            return
        row = self.table.cursor_row
        self.refresh_articles()
        self.table.move_cursor(row=row)

    def action_sources(self) -> None:
        from tui_reader.ui.sources_screen import SourcesScreen

        self.app.push_screen(SourcesScreen(self.store))

    # Locating a moved file ---------------------------------------------------------

    def action_locate(self) -> None:
        entry = self._entry()
        if entry is None:
            return
        field = self.query_one("#library-locate", Input)
        field.value = str(Path(entry.record.path).parent) if entry.record.path else str(Path.cwd())
        field.add_class("visible")
        field.focus()

    @on(Input.Submitted, "#library-locate")
    def _locate_submitted(self, event: Input.Submitted) -> None:
        event.input.remove_class("visible")
        entry = self._entry()
        if entry is None or not event.value.strip():
            self.table.focus()
            return
        place = Path(event.value.strip()).expanduser()
        self.notify(f"Looking for “{entry.record.title}” in {place}…", timeout=3)
        self._locate(entry.record, place)

    @work(thread=True, exclusive=True, group="library-locate")
    def _locate(self, record: ArticleRecord, place: Path) -> None:
        """Hashes every candidate file (up to thousands), so off the UI thread."""
        try:
            found = locate(self.store, record, place)
        except UserError as error:
            self.post_message(messages.Failed(str(error)))
            return
        self.post_message(messages.Located(record.title, found.path if found else None))

    @on(messages.Located)
    def _located(self, message: messages.Located) -> None:
        if message.path is None:
            self.notify(f"No file there has the text of “{message.title}”.", severity="warning")
        else:
            self.notify(f"Found: {message.path}")
        if not self.showing_hits:
            self.refresh_articles()

    @on(messages.Failed)
    def _failed(self, message: messages.Failed) -> None:
        message.stop()
        self.notify(message.message, severity="error")

    # Search ----------------------------------------------------------------------------

    def action_search(self) -> None:
        field = self.query_one("#library-search", Input)
        field.add_class("visible")
        field.focus()

    @on(Input.Submitted, "#library-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.input.remove_class("visible")
        if event.value.strip():
            self._search(event.value)
        self.table.focus()

    @work(thread=True, exclusive=True, group="library-search")
    def _search(self, query: str) -> None:
        """Reads every article's file, so off the UI thread."""
        try:
            hits = search(self.store, query, self.entities_of)
        except UserError as error:
            self.post_message(messages.Failed(str(error)))
            return
        self.post_message(messages.SearchDone(query, hits))

    @on(messages.SearchDone)
    def _show_hits(self, message: messages.SearchDone) -> None:
        self.hits = message.hits
        self.showing_hits = True
        rows = [
            [display_text(hit.title), display_text(hit.kind), display_text(hit.snippet)]
            for hit in self.hits
        ]
        table = self.table
        _fill_table(table, ("article", "found in", "where"), rows)
        found = len(self.hits)
        summary = (
            f"“{message.query}”: {found} result{'s' if found != 1 else ''} — enter opens at the "
            "passage, escape goes back to the articles"
        )
        self.query_one("#library-summary", Static).update(display_text(summary))
        table.focus()

    def action_show_articles(self) -> None:
        for field in self.query(Input):
            field.remove_class("visible")
        self.refresh_articles()


def _fill_table(
    table: DataTable[str | Text],
    headings: Sequence[str],
    rows: list[list[Text]],
    keys: Sequence[str] | None = None,
    widths: Sequence[int] | None = None,
) -> None:
    """Replace the table's columns and rows, each column as wide as its widest cell.

    The widths are given, not left to the table: filled twice before its first
    idle (on showing, then a search typed at once), Textual 8.2.8's table keeps
    its columns as wide as their headings.
    """
    table.clear(columns=True)
    for index, heading in enumerate(headings):
        width = max((row[index].cell_len for row in rows), default=0)
        table.add_column(heading, width=widths[index] if widths else max(width, len(heading)))
    for number, row in enumerate(rows):
        table.add_row(*row, key=keys[number] if keys else None)
