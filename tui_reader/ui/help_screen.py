"""The help screen: every key, read from the bindings themselves, by where it works.

Each section names the screens and widgets whose keys work there, and lists
the `BINDINGS` each declares, with the user's keymap applied, so the help can
never disagree with what the keys really do (a test compares it with every
binding declared in `ui/`). Keys Textual's own widgets give (`enter` on a list)
are added where they do something of ours.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui_reader.display import display_text

KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
    "left_curly_bracket": "{",
    "right_curly_bracket": "}",
    "left_parenthesis": "(",
    "right_parenthesis": ")",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "exclamation_mark": "!",
    "greater_than_sign": ">",
    "equals_sign": "=",
    "plus": "+",
}

KEYS_WIDTH = 18
"""The keys column's width: room for `shift+right` and two keys of the user's keymap."""

DESCRIPTION_WIDTH = 30
"""The least room for what a key does beside its binding id; with less, the id goes under it."""

PADDING = 2
"""Blank columns each side of a cell."""


@dataclass(frozen=True)
class KeyTable:
    """One section of the help, laid out for the width it is given.

    Where the keys, what they do and the binding id fit side by side, three
    columns. Where they do not (80 columns), two: the binding id goes at the
    right of what the key does, on the same line when both fit, else on the
    line below, so that no id is ever cut: it is what config.toml needs.
    """

    title: str
    rows: tuple[tuple[Text, Text, Text], ...]
    id_width: int
    """The longest binding id of the whole help, so that every section lines up."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        wide = KEYS_WIDTH + DESCRIPTION_WIDTH + self.id_width + 6 * PADDING <= options.max_width
        table = Table(
            title=Text(self.title),
            title_justify="left",
            show_header=False,
            expand=True,
            box=None,
            padding=(0, PADDING),
        )
        table.add_column("keys", style="bold", width=KEYS_WIDTH, overflow="fold")
        table.add_column("what it does", ratio=1, overflow="fold")
        if wide:
            table.add_column("binding id", style="dim", width=self.id_width, no_wrap=True)
            for row in self.rows:
                table.add_row(*row)
        else:
            room = options.max_width - KEYS_WIDTH - 4 * PADDING  # the second column's width
            for keys, description, binding_id in self.rows:
                table.add_row(keys, _with_id(description, binding_id.plain, room))
        yield table


def _with_id(description: Text, binding_id: str, room: int) -> Text:
    """What a key does with its binding id at the right, below it if both do not fit."""
    if not binding_id:
        return description
    gap = room - cell_len(description.plain) - cell_len(binding_id)
    if gap >= 2 and "\n" not in description.plain:
        return Text.assemble(description, " " * gap, (binding_id, "dim"))
    below = max(room - cell_len(binding_id), 0)
    return Text.assemble(description, "\n", " " * below, (binding_id, "dim"))


def declared(owner: type) -> list[Binding]:
    """The bindings a class declares itself (not those it inherits)."""
    items: Iterable[BindingType] = owner.__dict__.get("BINDINGS", [])
    return [item for item in items if isinstance(item, Binding)]


def key_sections() -> list[tuple[str, list[Binding]]]:
    """Every key of tui-reader, by where it works."""
    from tui_reader.ui.annotation_list import AnnotationList
    from tui_reader.ui.app import ReaderApp
    from tui_reader.ui.article_view import ArticleView
    from tui_reader.ui.claim_editor import ClaimDialog
    from tui_reader.ui.claims_panel import ClaimList, DisagreementScreen
    from tui_reader.ui.conflict_screen import ConflictScreen
    from tui_reader.ui.dialogs import DialogBase, DiscardDialog, NoteDialog
    from tui_reader.ui.library_screen import LibraryScreen
    from tui_reader.ui.panel_list import PanelList
    from tui_reader.ui.reader_keys import (
        ECHO_BINDINGS,
        EVIDENCE_BINDINGS,
        MODE_BINDINGS,
        STATUS_BINDINGS,
    )
    from tui_reader.ui.reader_screen import ReaderScreen
    from tui_reader.ui.recovery import DamagedDatabaseDialog, RecoveryApp, UnsavedChangesApp
    from tui_reader.ui.row_table import RowTable
    from tui_reader.ui.search_bar import SearchBar
    from tui_reader.ui.side_panel import EntityList, FilterInput
    from tui_reader.ui.sources_screen import SourcesScreen

    def enter(description: str, binding_id: str) -> Binding:
        return Binding("enter", "select", description, id=binding_id)

    return [
        ("In the article", declared(ArticleView)),
        ("Annotating, and more (in the article or the panel)", declared(ReaderScreen)),
        ("Checking claims: verdicts (the claim under the cursor or highlighted)", STATUS_BINDINGS),
        ("Checking claims: evidence and links (see the README, Claims)", EVIDENCE_BINDINGS),
        ("Reading modes (kept while the app runs)", MODE_BINDINGS),
        ("Across articles (the claim under the cursor or highlighted)", ECHO_BINDINGS),
        (
            "In every list of the side panel (/ filters: status:false  #tag  words)",
            [*declared(PanelList), *declared(FilterInput)],
        ),
        (
            "In the side panel (Notes and Claims tabs)",
            [
                enter("Jump to it in the text (or click it)", "panel_jump"),
                *declared(AnnotationList),
            ],
        ),
        (
            "In the Notes tab, on a conflict with another window",
            [enter("Show both versions, to keep mine, theirs or both", "conflict_show")],
        ),
        (
            "In the Entities tab",
            [enter("Jump to its next occurrence", "entity_jump"), *declared(EntityList)],
        ),
        (
            "In the Claims tab",
            [
                enter("Accept a suggestion; show a disagreement", "claims_select"),
                *declared(ClaimList),
            ],
        ),
        ("Comparing a disagreement", declared(DisagreementScreen)),
        ("Comparing the two versions of a conflict", declared(ConflictScreen)),
        ("In the search bar", [enter("Find", "search_find"), *declared(SearchBar)]),
        (
            "In dialogs",
            [
                *declared(NoteDialog),
                *declared(ClaimDialog),
                enter(
                    "Save tags; pick an entity type; export; split a source's name off",
                    "dialog_enter",
                ),
                *declared(DialogBase),
                *declared(DiscardDialog),
            ],
        ),
        ("The database damaged while reading", declared(DamagedDatabaseDialog)),
        ("In the tables of the library and of its Sources screen", declared(RowTable)),
        ("In the library (tui-reader without an article)", declared(LibraryScreen)),
        (
            "In the library's Sources screen (S): m marks a source, m on another merges "
            "that one into it; s splits one of its names off; u undoes the last",
            declared(SourcesScreen),
        ),
        ("Before the reader opens: a damaged database", declared(RecoveryApp)),
        ("Before the reader opens: changes kept unsaved", declared(UnsavedChangesApp)),
        ("In help", declared(HelpScreen)),
        ("Everywhere", declared(ReaderApp)),
    ]


def keys_for(binding: Binding, keymap: dict[str, str]) -> str:
    """The keys that trigger a binding, after the user's keymap."""
    keys = keymap.get(binding.id or "", binding.key)
    return "  ".join(KEY_NAMES.get(key.strip(), key.strip()) for key in keys.split(","))


class HelpScreen(ModalScreen[None]):
    """Every key of tui-reader; `escape`, `?` or `q` closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close_help", "Close help", id="help_close"),
    ]

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static("tui-reader keys", classes="dialog-title")
            remapped = sorted(self.keymap)
            if remapped:
                yours = display_text(f"Your keymap changes: {', '.join(remapped)} (shown below)")
                yield Static(yours, classes="dialog-hint")
            sections = key_sections()
            id_width = max(cell_len(b.id or "") for _, bindings in sections for b in bindings)
            for title, bindings in sections:
                shown = dict.fromkeys(  # a key two widgets declare alike: one row
                    (keys_for(binding, self.keymap), binding.description, binding.id or "")
                    for binding in bindings
                )
                rows = tuple(  # the keys may come from the user's config.toml
                    (display_text(keys), display_text(description), display_text(binding_id))
                    for keys, description, binding_id in shown
                )
                yield Static(KeyTable(title, rows, id_width))
            yield Static(
                'Remap any key in config.toml: [keymap] then binding id = "keys". '
                "ctrl+p lists every action of the reader, wherever the focus is.",
                classes="dialog-hint",
                markup=False,
            )

    def action_close_help(self) -> None:
        self.dismiss(None)
