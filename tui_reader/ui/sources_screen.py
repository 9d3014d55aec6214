"""The Sources screen: every source of a claim across the library, and each one's claims.

Opened from the library with `S`. The sources come from the cross-article
index (`tui_reader.across`), read in a worker that only posts them; `enter` on
a source lists its claims, newest first, and `enter` on a claim opens its
article at the claim. `escape` goes back from the claims to the sources, then
to the library.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from tui_reader.across.commands import library_index
from tui_reader.across.sources import Appearance, Source, find_sources
from tui_reader.display import display_text
from tui_reader.store import Store
from tui_reader.ui.messages import OpenArticle

CLAIM_SHOWN = 80
"""Characters of a claim (or of a source's other names) shown in its row."""
NAME_SHOWN = 40
CLAIM_IN_LIST = 60


@dataclass
class SourcesFound(Message):
    """The sources of the library, as the index gives them."""

    sources: list[Source]
    left_out: int
    """Library articles the index could not read (file missing)."""


class SourcesScreen(Screen[None]):
    """Every source, the most quoted first; `enter` shows a source's claims."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Claims / open", id="sources_open"),
        Binding("escape", "back", "Back", id="sources_back"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.sources: list[Source] = []
        self.shown: Source | None = None
        """The source whose claims are listed (None: the list of sources)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="sources"):
            yield Static("Reading the index…", id="sources-summary")
            yield DataTable(id="sources-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "tui-reader — sources"
        self._load()

    @property
    def table(self) -> DataTable[str | Text]:
        return self.query_one("#sources-table", DataTable)

    @work(thread=True, exclusive=True, group="sources")
    def _load(self) -> None:
        """Reads the index (and indexes articles not yet in it), so off the UI thread."""
        index = library_index(self.store, "rules")
        sources = find_sources(index, self.store.source_links())
        self.post_message(SourcesFound(sources, len(index.unindexed)))

    @on(SourcesFound)
    def _show_sources(self, message: SourcesFound) -> None:
        self.sources = message.sources
        self.shown = None
        rows = [
            [
                display_text(_short(source.name, NAME_SHOWN)),
                display_text(str(len(source.claims))),
                display_text(str(len(source.articles))),
                display_text(_short(", ".join(source.aliases), CLAIM_SHOWN)),
            ]
            for source in self.sources
        ]
        table = self.table
        _fill(table, ("source", "claims", "articles", "also named"), rows)
        count = len(self.sources)
        summary = f"{count} source{'s' if count != 1 else ''} — enter lists the claims"
        if message.left_out:
            summary += f" ({message.left_out} articles left out: their files are missing)"
        self.query_one("#sources-summary", Static).update(display_text(summary))
        table.focus()

    def _show_claims(self, source: Source) -> None:
        self.shown = source
        rows = [
            [
                display_text(appearance.article.when[:10]),
                display_text(appearance.claim.status),
                display_text(_short(appearance.claim.text, CLAIM_IN_LIST)),
                display_text(_short(appearance.article.title, NAME_SHOWN)),
            ]
            for appearance in source.claims
        ]
        table = self.table
        _fill(table, ("date", "status", "claim", "article"), rows)
        summary = f"{source.name}: {len(source.claims)} claims — enter opens, escape goes back"
        self.query_one("#sources-summary", Static).update(display_text(summary))
        table.focus()

    def action_open(self) -> None:
        row = self.table.cursor_row
        if self.shown is None:
            if self.sources and row is not None:
                self._show_claims(self.sources[min(row, len(self.sources) - 1)])
            return
        if self.shown.claims and row is not None:
            self._open(self.shown.claims[min(row, len(self.shown.claims) - 1)])

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def _open(self, appearance: Appearance) -> None:
        record = appearance.article.record
        path = record.path if record else ""
        if not path or not Path(path).is_file():
            self.notify("The article's file is missing: locate it from the library.")
            return
        self.app.pop_screen()
        self.app.post_message(OpenArticle(path, appearance.claim.start))

    def action_back(self) -> None:
        if self.shown is not None:
            self._show_sources(SourcesFound(self.sources, 0))
            return
        self.app.pop_screen()


def _fill(table: DataTable[str | Text], headings: tuple[str, ...], rows: list[list[Text]]) -> None:
    """Replace the table's columns and rows, each column as wide as its widest cell (given,
    since a table filled again before its first idle keeps its headings' widths)."""
    table.clear(columns=True)
    for index, heading in enumerate(headings):
        width = max((row[index].cell_len for row in rows), default=0)
        table.add_column(heading, width=max(width, len(heading)))
    for row in rows:
        table.add_row(*row)


def _short(text: str, width: int = CLAIM_SHOWN) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"
