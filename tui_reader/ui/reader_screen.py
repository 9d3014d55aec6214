"""The reader screen: the article, its side panel, the status line and the search bar.

The screen owns the state of one reading: the `ReadingSession`, the entities
shown (`ShownEntities`) and the claims workbench (`ClaimWorkbench`). A key
press reaches the session in a few named hops:

    binding -> action_* (or a list's message, `ui/messages.py`)
            -> a `Step` (from `steps.py` or the workbench) -> `commit`
            -> `ReadingSession.apply` -> `Store.save_changes` -> the file

Slow work (entities, claims, tag suggestions, export) runs in thread workers
(`ui/reader_workers.py`) that only post messages; their handlers here hand
each to the part that owns what it changes (`Findings` what the workers found,
`Annotating` the tags and the export), which tells the widgets what to show.
"""

from __future__ import annotations

from time import monotonic
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, TabbedContent

from tui_reader import steps
from tui_reader.claim_workbench import ClaimWorkbench
from tui_reader.document import Article, Span
from tui_reader.errors import UserError
from tui_reader.history import Step
from tui_reader.model import Annotation
from tui_reader.nlp.entities import Entity
from tui_reader.session import ReadingSession
from tui_reader.shown_entities import ShownEntities
from tui_reader.store import NotSaved
from tui_reader.ui import messages
from tui_reader.ui.annotating import Annotating
from tui_reader.ui.article_view import ENTITY_GROUPS, ArticleView
from tui_reader.ui.base_app import header_titles, headline
from tui_reader.ui.carrying import Carrying
from tui_reader.ui.checking import Checking, ReaderMemory
from tui_reader.ui.echo_jumps import EchoJumps
from tui_reader.ui.findings import Findings
from tui_reader.ui.following import entity_named_at
from tui_reader.ui.key_footer import KeyFooter
from tui_reader.ui.reader_keys import ReaderKeys
from tui_reader.ui.reading_modes import apply_modes
from tui_reader.ui.search_bar import SearchBar
from tui_reader.ui.side_panel import SidePanel
from tui_reader.ui.status_line import StatusLine
from tui_reader.ui.telling import Telling

DATABASE_POLL_SECONDS = 1.0
"""How often the database file is checked for other instances' changes (a stat call)."""
POSITION_SAVE_DELAY = 1.5
"""Seconds of stillness before the reading position is written (not on every key)."""


class ReaderScreen(ReaderKeys):
    """Read and annotate one article (the checking keys and reading modes: `ReaderKeys`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "note", "Note", id="note"),
        Binding("t", "tag", "Tag", id="tag"),
        Binding("c", "claim", "Claim", id="claim"),
        Binding("e", "entity", "Entity", id="entity"),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="redo"),
        Binding("slash", "search", "Search", id="search"),
        Binding("x", "export", "Export", id="export"),
        Binding("tab", "toggle_focus", "Panel", show=False, id="focus_panel"),
        Binding("1", "show_tab('notes-tab')", "Notes tab", show=False, id="notes_tab"),
        Binding("2", "show_tab('entities-tab')", "Entities tab", show=False, id="entities_tab"),
        Binding("3", "show_tab('claims-tab')", "Claims tab", show=False, id="claims_tab"),
    ]

    def __init__(
        self, session: ReadingSession, backend: str = "off", memory: ReaderMemory | None = None
    ) -> None:
        super().__init__()
        self.session = session
        self._headline = headline(session)
        """The header's title (see `base_app.headline`)."""
        self.memory = memory or ReaderMemory()
        """What the app keeps between articles: reading modes, the picked evidence."""
        self.backend = backend
        """rules, spacy or off: the entity recogniser, built by the entity worker."""
        self.shown = ShownEntities()
        self.workbench = ClaimWorkbench(session.article)
        self.annotating = Annotating(self)
        """The annotate keys and the panel's edits: dialogs whose answers become steps."""
        self.telling = Telling(self)
        """What the screen says once: conflicts, a damaged database."""
        self.checking = Checking(self)
        """The verdict, evidence and link keys (`ui/checking.py`)."""
        self.echo_jumps = EchoJumps(self)
        """The echo key (`ui/echo_jumps.py`)."""
        self.carrying = Carrying(self)
        """Verdicts carried over from other articles, and their keys (`ui/carrying.py`)."""
        self.findings = Findings(self)
        """What the workers find, shown as it comes (`ui/findings.py`)."""
        self._last_move = 0.0

    @property
    def article(self) -> Article:
        return self.session.article

    @property
    def entities(self) -> list[Entity]:
        """The entities shown, the user's corrections applied."""
        return self.shown.shown

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="reading"):
                yield ArticleView(self.article, cursor=self.session.record.position, id="article")
                yield StatusLine(id="status")
            yield SidePanel(self.workbench, id="panel")
        yield SearchBar(self.article.text, id="search-input")
        yield KeyFooter()

    def on_resize(self) -> None:
        self._show_title()

    def _show_title(self) -> None:
        """The article's title in the header, its file's name after it if there is room."""
        self.title, self.sub_title = header_titles(
            self._headline, self.article.name, self.app.size.width
        )

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def panel(self) -> SidePanel:
        return self.query_one(SidePanel)

    @property
    def status_line(self) -> StatusLine:
        return self.query_one(StatusLine)

    def on_mount(self) -> None:
        self._show_title()
        view = self.view
        view.focus()
        self.panel.entity_styles = {group: view.mark_style(group) for group in ENTITY_GROUPS}
        self.status_line.lines = self.article.line_count
        self._refresh_annotations()
        self.panel.show_entities([], self.article.text, set())
        self._update_status()
        apply_modes(self.memory.modes, view, self.panel, self.workbench)
        self.checking.show()
        self.telling.opened()
        self.set_interval(DATABASE_POLL_SECONDS, self._poll_database)
        self.call_after_refresh(self.start_entities)

    # What the workers found (`ui/findings.py`) ----------------------------------------------

    def start_entities(self) -> None:
        self.findings.start_entities()

    @on(messages.EntitiesFound)
    def _entities_found(self, message: messages.EntitiesFound) -> None:
        self.findings.entities_found(message)

    @on(messages.ClaimsFound)
    def _claims_found(self, message: messages.ClaimsFound) -> None:
        self.findings.claims_found(message)

    @on(messages.EchoesFound)
    def _echoes_found(self, message: messages.EchoesFound) -> None:
        self.findings.echoes_found(message)

    @on(messages.TagsKnown)
    def _tags_known(self, message: messages.TagsKnown) -> None:
        self.annotating.tags_known(message)

    @on(messages.Exported)
    def _exported(self, message: messages.Exported) -> None:
        self.annotating.exported(message)

    @on(messages.Failed)
    def _failed(self, message: messages.Failed) -> None:
        message.stop()
        self.notify(message.message, severity="error", timeout=10)

    # Committing a step ------------------------------------------------------------------

    def writable(self) -> bool:
        if self.session.store.read_only:
            self.notify("The database is read-only: nothing can be saved.", severity="error")
            return False
        return True

    def commit(self, step: Step | None, notice: str) -> None:
        """Save a step through the session and show it everywhere annotations show.

        Nothing for no step. A write that failed but was kept for retrying is a
        warning (the change shows, and is saved by the next poll); any other
        storage error is shown and the change is not made.
        """
        if step is None or not self.writable():
            return
        try:
            self.session.apply(step)
        except NotSaved as error:
            self.telling.not_saved(error)
        except UserError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        else:
            self.notify(notice, timeout=2)
        self.view.clear_selection()
        self._refresh_annotations()
        self.telling.conflicts()

    def _refresh_annotations(self) -> None:
        annotations = self.session.annotations
        self.view.set_annotations(annotations)
        self.panel.show_annotations(annotations, self.session.conflicts())
        self.findings.show_claims()
        if self.shown.corrections_changed(annotations):
            self.shown.correct(annotations)
            self.findings.show_entities()

    def _poll_database(self) -> None:
        """Every second: save the reading position once the cursor has been still a
        moment, and look at the database (see `Telling.poll`)."""
        if self._last_move and monotonic() - self._last_move >= POSITION_SAVE_DELAY:
            self._last_move = 0.0
            self.save_position()
        if self.telling.poll():
            self.refresh_from_store()

    def refresh_from_store(self) -> None:
        """The annotations were read again (another instance, a restored backup)."""
        self._refresh_annotations()
        self.telling.conflicts()

    def offer_backup(self, force: bool = False) -> None:
        """Offer the last good backup of a damaged database (the palette's command)."""
        self.telling.damage(force=force)

    # Keys in the text -------------------------------------------------------------------

    def target_span(self) -> Span | None:
        """What the annotate keys act on: the selection, else the sentence under the cursor."""
        return steps.target_span(self.article, self.view.selection, self.view.cursor)

    def action_note(self) -> None:
        self.annotating.note()

    def action_tag(self) -> None:
        self.annotating.tags()

    def action_claim(self) -> None:
        self.annotating.claim()

    def action_entity(self) -> None:
        self.annotating.entity()

    def action_undo(self) -> None:
        self._history_step(undo=True)

    def action_redo(self) -> None:
        self._history_step(undo=False)

    def _history_step(self, undo: bool) -> None:
        if not self.writable():
            return
        try:
            step = self.session.undo() if undo else self.session.redo()
        except UserError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        if step is None:
            self.notify("Nothing to undo" if undo else "Nothing to redo", timeout=2)
            return
        self._refresh_annotations()
        self.notify(f"{'Undid' if undo else 'Redid'}: {step.description}", timeout=2)

    def action_export(self) -> None:
        self.annotating.export()

    # The panel ----------------------------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        self.panel.query_one(TabbedContent).active = tab
        if tab == "claims-tab":
            self._claims_from_cursor()
        self.panel.focus_list(tab)

    def _claims_from_cursor(self) -> None:
        """List the suggestions from where the reader is (a long list is cut there)."""
        if self.workbench.reading_position != self.view.cursor:
            self.findings.show_claims()

    def action_toggle_focus(self) -> None:
        if not self.panel.display:  # hidden (a reading mode): tab shows it again
            self.action_mode("panel")
        elif not self.view.has_focus:
            self.view.focus()
            return
        annotation_list = self.panel.active_list()
        if annotation_list is self.panel.claims:
            self._claims_from_cursor()
        annotation_list.focus()
        if annotation_list.highlighted is None and annotation_list.option_count:
            annotation_list.action_first()

    def annotation(self, annotation_id: str) -> Annotation | None:
        return next((a for a in self.session.annotations if a.id == annotation_id), None)

    @on(messages.Jump)
    def _jump(self, message: messages.Jump) -> None:
        annotation = self.annotation(message.annotation_id)
        if annotation is None or annotation.orphan:
            return
        self.view.focus()
        self.view.select(annotation.start, annotation.end)
        self.view.scroll_cursor_to_top()

    @on(messages.JumpToEntity)
    def _jump_to_entity(self, message: messages.JumpToEntity) -> None:
        view = self.view
        text = self.article.text
        target = self.shown.next_occurrence(message.label, message.text, text, view.cursor)
        if target is not None:
            view.select(target.start, target.end)
            view.move_cursor(target.start, extend=True)

    @on(messages.ToggleEntityGroup)
    def _toggle_group(self, message: messages.ToggleEntityGroup) -> None:
        self.view.set_hidden_groups(set(self.view.hidden_groups) ^ {message.group})
        self.findings.show_entities(view=False)

    @on(messages.CycleClaimFilter)
    def _cycle_filter(self) -> None:
        self.workbench.cycle_filter()
        self.findings.show_claims()

    @on(messages.ToggleClaimSort)
    def _toggle_sort(self) -> None:
        self.workbench.toggle_sort()
        self.findings.show_claims()

    @on(messages.ShowConflict)
    def _show_conflict(self, message: messages.ShowConflict) -> None:
        self.telling.show_conflict(message.conflict_id)

    # Cursor and search ----------------------------------------------------------------------

    @on(ArticleView.CursorMoved)
    def _cursor_moved(self, message: ArticleView.CursorMoved) -> None:
        entity = entity_named_at(self.entities, self.article.text, message.offset)
        self.panel.follow(self.session.annotations_at(message.offset), entity)
        self.footer_follows()
        self._update_status()
        self._last_move = monotonic()  # the position is saved by the poll, once still

    def save_position(self) -> None:
        """Write the reading position (errors are shown, not raised: reading goes on)."""
        try:
            self.session.save_position(self.view.cursor)
        except UserError as error:
            self.notify(str(error), severity="error")

    def _update_status(self) -> None:
        view = self.view
        status = self.status_line
        selection = view.selection
        status.visual = view.visual
        status.selected = selection[1] - selection[0] if selection else 0
        status.line = self.article.line_of(view.cursor) + 1
        status.percent = view.cursor * 100 // max(len(self.article.text), 1)
        search = self.query_one(SearchBar)
        status.search_query = search.last_query
        status.searching = search.searching
        status.matches = view.search_match_count

    def action_search(self) -> None:
        self.query_one(SearchBar).open(self.view.cursor)

    @on(SearchBar.Found)
    def _search_found(self, message: SearchBar.Found) -> None:
        self.view.set_search_matches(message.matches)
        if message.jump_to is not None:
            self.view.move_cursor(message.jump_to)
        elif message.query and not message.matches:
            self.notify(f"Not found: {message.query}", severity="warning", timeout=3)
        self._update_status()

    @on(SearchBar.Closed)
    def _search_closed(self) -> None:
        self.view.focus()
        self._update_status()  # "searching…" while the match to jump to is looked for
