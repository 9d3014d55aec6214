"""The Sources screen: every source of a claim across the library, and each one's claims.

Opened from the library with `S`. The sources come from the cross-article
index (`tui_reader.across`), read in a worker that only posts them; `enter` on
a source lists its claims, newest first, and `enter` on a claim opens its
article at the claim (`q` there comes back here, where the cursor was).
`escape` goes back from the claims to the sources, then to the library.

The user corrects the grouping by hand, as `tui-reader sources --merge`,
`--split` and `--undo` do and through the same `across.links` functions, so
each correction is kept in the database and holds for articles added later:
`m` marks a source and `m` on another merges that one into it, `s` splits one
of a source's names off, `u` undoes the last merge or split. After each, the
library's claims are grouped again in a worker, from the index read once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from tui_reader.across.commands import library_index
from tui_reader.across.index import CrossIndex
from tui_reader.across.links import LinkKind, SourceLink, make_link, name_matches, undo_link
from tui_reader.across.sources import Appearance, Source, find_sources
from tui_reader.display import display_text
from tui_reader.errors import UserError
from tui_reader.store import NotSaved, Store
from tui_reader.ui.messages import OpenArticle
from tui_reader.ui.row_table import RowTable
from tui_reader.ui.split_dialog import SplitNameDialog

CLAIM_SHOWN = 80
"""Characters of a claim (or of a source's other names) shown in its row."""
NAME_SHOWN = 40
CLAIM_IN_LIST = 60
MARK = "● "
"""Before the name of the source marked for a merge (its column is this much wider)."""
HINT = "m marks a source, m on another merges it in · s splits a name off · u undoes"


@dataclass(frozen=True)
class Focus:
    """Where the cursor goes once the sources are grouped again: on the source holding
    most of `claims`, else the first holding one of `names`, else on `row`."""

    claims: frozenset[tuple[str, int]] = frozenset()
    """(content hash, claim start) of the claims to follow."""
    names: tuple[str, ...] = ()
    row: int = 0
    claim_row: int | None = None
    """Show that source's claims, the cursor on this row (None: the list of sources)."""


@dataclass
class SourcesFound(Message):
    """The sources of the library, as the index gives them with the user's links applied."""

    sources: list[Source]
    index: CrossIndex
    """Kept to group again after a merge, split or undo, without reading it again."""
    asked: int
    """Which grouping this answers: an earlier one, overtaken by a later, is dropped."""
    focus: Focus = field(default_factory=Focus)


class SourcesScreen(Screen[None]):
    """Every source, the most quoted first; `enter` shows a source's claims."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Claims / open", id="sources_open"),
        Binding("escape", "back", "Back", id="sources_back"),
        Binding("m", "mark_or_merge", "Mark/merge", id="sources_merge"),
        Binding("s", "split", "Split name", id="sources_split"),
        Binding("u", "undo", "Undo", id="sources_undo"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.index: CrossIndex | None = None
        self.sources: list[Source] = []
        self.shown: Source | None = None
        """The source whose claims are listed (None: the list of sources)."""
        self.marked: int | None = None
        """The row of the source `m` marked, that the next `m` merges another into."""
        self._asked = 0
        self._reading = False
        """Whether an article was opened from here since the index was read."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="sources"):
            yield Static("Reading the index…", id="sources-summary")
            yield RowTable(id="sources-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "tui-reader — sources"
        self._group(Focus())

    def on_screen_resume(self) -> None:
        """Back from an article opened here, whose claims may have been accepted or rated
        since: the index is read again, the cursor kept where it was."""
        if not self._reading:
            return
        self._reading = False
        self.index = None
        current = self._current()
        if current is None:
            return
        source = self.sources[current]
        claim_row = self.table.cursor_row if self.shown is not None else None
        claims = frozenset(_claim_key(a) for a in source.claims)
        self._group(Focus(claims, source.names, current, claim_row))

    @property
    def table(self) -> RowTable:
        return self.query_one("#sources-table", RowTable)

    def _say(self, summary: str) -> None:
        self.query_one("#sources-summary", Static).update(display_text(summary))

    def _group(self, focus: Focus) -> None:
        """Group the library's claims by source again, the user's links as they are now."""
        self._asked += 1
        if self.index is not None:
            self._say("Grouping the sources again…")
        self._grouping(self.index, self.store.source_links(), self._asked, focus)

    @work(thread=True, exclusive=True, group="sources")
    def _grouping(
        self, index: CrossIndex | None, links: list[SourceLink], asked: int, focus: Focus
    ) -> None:
        """Reads the index the first time (indexing articles not yet in it), then groups
        every claim of the library: seconds for a large one, so off the UI thread."""
        if index is None:
            index = library_index(self.store, "rules")
        self.post_message(SourcesFound(find_sources(index, links), index, asked, focus))

    @on(SourcesFound)
    def _sources_found(self, message: SourcesFound) -> None:
        if message.asked != self._asked:
            return
        self.index = message.index
        self.sources = message.sources
        self.marked = None
        row = focus_row(self.sources, message.focus)
        self._show_sources(row)
        if message.focus.claim_row is not None and self.sources:
            self._show_claims(self.sources[row])
            self.table.move_cursor(row=message.focus.claim_row, scroll=True)

    def _show_sources(self, row: int) -> None:
        self.shown = None
        rows = [
            _source_row(source, index == self.marked) for index, source in enumerate(self.sources)
        ]
        table = self.table
        _fill(table, ("source", "claims", "articles", "also named"), rows, wider=(len(MARK), 0))
        count = len(self.sources)
        summary = f"{count} source{'s' if count != 1 else ''} — enter lists the claims · {HINT}"
        left_out = len(self.index.unindexed) if self.index else 0
        if left_out:
            summary += f" ({left_out} articles left out: their files are missing)"
        self._say(summary)
        table.move_cursor(row=row, scroll=True)
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
        self._say(f"{source.name}: {len(source.claims)} claims — enter opens, escape goes back")
        table.focus()

    def _current(self) -> int | None:
        """The row of the source the keys act on: the one whose claims are listed, else
        the one under the cursor."""
        if self.shown is not None:
            return next(i for i, source in enumerate(self.sources) if source is self.shown)
        row = self.table.cursor_row
        return min(row, len(self.sources) - 1) if self.sources and row is not None else None

    def action_open(self) -> None:
        row = self.table.cursor_row
        if self.shown is None:
            current = self._current()
            if current is not None:
                self._show_claims(self.sources[current])
            return
        if self.shown.claims and row is not None:
            self._open(self.shown.claims[min(row, len(self.shown.claims) - 1)])

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def _open(self, appearance: Appearance) -> None:
        """Open the claim's article above this screen, so that leaving it comes back here."""
        record = appearance.article.record
        path = record.path if record else ""
        if not path or not Path(path).is_file():
            self.notify("The article's file is missing: locate it from the library.")
            return
        self._reading = True
        self.app.post_message(OpenArticle(path, appearance.claim.start))

    def action_back(self) -> None:
        """From a source's claims to the sources (on that source), then unmark the source
        marked for a merge, then to the library."""
        if self.shown is not None:
            self._show_sources(self._current() or 0)
        elif self.marked is not None:
            self._mark(None)
        else:
            self.app.pop_screen()

    # Merging, splitting, undoing ---------------------------------------------------------

    def action_mark_or_merge(self) -> None:
        row = self._current()
        if row is None or self.index is None:
            return
        if self.marked is None or self.marked == row:
            self._mark(None if self.marked == row else row)
            return
        into, source = self.sources[self.marked], self.sources[row]
        claims = {_claim_key(a) for a in (*into.claims, *source.claims)}
        if self._keep(LinkKind.MERGE, into.name, source.name):
            self.notify(f"Merged “{source.name}” into “{into.name}” (u undoes)")
            self._group(Focus(frozenset(claims), into.names, self.marked))

    def _mark(self, row: int | None) -> None:
        """Mark the source on `row` for a merge (None: unmark), in its row and the notice."""
        before, self.marked = self.marked, row
        if before is not None:
            self.notify(f"Unmarked “{self.sources[before].name}”")
        if row is not None:
            self.notify(f"Marked “{self.sources[row].name}”: m on another source merges it in")
        if self.shown is None:
            for changed in (before, row):
                if changed is not None:
                    cell = _source_row(self.sources[changed], changed == row)[0]
                    self.table.update_cell_at(Coordinate(changed, 0), cell)

    def action_split(self) -> None:
        row = self._current()
        if row is None or self.index is None:
            return
        source = self.sources[row]
        if not source.aliases:
            self.notify(f"“{source.name}” has no other name to split off")
            return

        def split(name: str | None) -> None:
            if name is not None and self._keep(LinkKind.SPLIT, source.name, name):
                self.notify(f"Split “{name}” off “{source.name}” (u undoes)")
                self._group(Focus(names=(source.name,), row=row))

        self.app.push_screen(SplitNameDialog(source.name, source.aliases), split)

    def action_undo(self) -> None:
        if self.index is None:
            return
        try:
            link = undo_link(self.store)
        except UserError as error:
            self.notify(f"{error}", severity="warning")
            return
        if link.kind is LinkKind.MERGE:
            self.notify(f"Undone: the merge of “{link.second}” into “{link.first}”")
        else:
            self.notify(f"Undone: the split of “{link.second}” off “{link.first}”")
        self._group(Focus(names=(link.first, link.second), row=self._current() or 0))

    def _keep(self, kind: LinkKind, first: str, second: str) -> bool:
        """Store the link as the command line does; whether it is kept (a change the
        database could not write yet is kept too, and written when it can be)."""
        try:
            make_link(self.store, kind, first, second)
        except NotSaved as error:
            self.notify(f"{error}", severity="error")
        except UserError as error:
            self.notify(f"{error}", severity="error")
            return False
        return True


def focus_row(sources: Sequence[Source], focus: Focus) -> int:
    """The row `focus` asks for (see `Focus`)."""
    if focus.claims:
        shared = [len(focus.claims & {_claim_key(a) for a in s.claims}) for s in sources]
        most = max(shared, default=0)
        if most:
            return shared.index(most)
    for name in focus.names:
        for row, source in enumerate(sources):
            if any(name_matches(name, other) for other in source.names):
                return row
    return min(focus.row, max(len(sources) - 1, 0))


def _claim_key(appearance: Appearance) -> tuple[str, int]:
    return (appearance.article.content_hash, appearance.claim.start)


def _source_row(source: Source, marked: bool) -> list[Text]:
    name = display_text(_short(source.name, NAME_SHOWN))
    return [
        Text.assemble((MARK, "bold"), name) if marked else name,
        display_text(str(len(source.claims))),
        display_text(str(len(source.articles))),
        display_text(_short(", ".join(source.aliases), CLAIM_SHOWN)),
    ]


def _fill(
    table: DataTable[str | Text],
    headings: tuple[str, ...],
    rows: list[list[Text]],
    wider: tuple[int, ...] = (),
) -> None:
    """Replace the table's columns and rows, each column as wide as its widest cell (given,
    since a table filled again before its first idle keeps its headings' widths), plus
    `wider` cells for the first columns."""
    table.clear(columns=True)
    for index, heading in enumerate(headings):
        width = max((row[index].cell_len for row in rows), default=0)
        extra = wider[index] if index < len(wider) else 0
        table.add_column(heading, width=max(width, len(heading)) + extra)
    for row in rows:
        table.add_row(*row)


def _short(text: str, width: int = CLAIM_SHOWN) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"
