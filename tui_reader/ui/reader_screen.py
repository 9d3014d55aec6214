"""The reader screen: the article, its side panel, the search bar and the annotate keys.

The screen owns the `ReadingSession` and turns key presses and dialog results
into session changes; after each change it hands the new annotation list to the
article view and the panel. Slow work (entities, whole-text search) runs in
thread workers that only post messages.
"""

from __future__ import annotations

import gc
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TabbedContent
from textual.worker import get_current_worker

from tui_reader.anchoring import reattach
from tui_reader.display import display_text
from tui_reader.document import Article, Span
from tui_reader.errors import UserError
from tui_reader.history import Step
from tui_reader.model import Annotation, Claim, Kind, make_annotation
from tui_reader.nlp.backends import get_recognizer
from tui_reader.nlp.entities import Entity
from tui_reader.nlp.gazetteer import add_personal_entry, personal_gazetteer_path
from tui_reader.nlp.pipeline import SLOW_BACKENDS, EntityUpdate, entity_updates
from tui_reader.session import ReadingSession
from tui_reader.store import Conflict, NotSaved
from tui_reader.ui.annotation_list import AnnotationList, ChangeRequested
from tui_reader.ui.article_view import ENTITY_GROUPS, ArticleView
from tui_reader.ui.claims_panel import SuggestionsShown
from tui_reader.ui.search_bar import SearchBar
from tui_reader.ui.side_panel import EntityList, SidePanel
from tui_reader.workbench import label_of_named_source

if TYPE_CHECKING:  # the dialogs load when one first opens, not for the first screen
    from tui_reader.ui.claim_editor import ClaimForm
    from tui_reader.ui.dialogs import EntityChoice, ExportForm

DATABASE_POLL_SECONDS = 1.0
"""How often the database file is checked for other instances' changes (a stat call)."""
POSITION_SAVE_DELAY = 1.5
"""Seconds of stillness before the reading position is written (not on every key)."""
OWN_PROCESS_ABOVE = 1_000_000
"""Characters above which even the rules read in a child process: seconds of pure
Python beside the reader (22 s for 50 MB), whose lock and garbage held every key up."""
PANEL_LIVE_ENTITIES = 5_000
"""Up to this many entities the panel's list follows every update; beyond, it is rebuilt
when a stage of recognition ends. Listing the 18,000 names of a 10 MB article takes
over a second, which would hold up every key while spaCy reads."""


@dataclass
class EntitiesFound(Message):
    """The entity worker has an update (see `nlp.pipeline.entity_updates`)."""

    update: EntityUpdate


class ReaderScreen(Screen[None]):
    """Read and annotate one article."""

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

    def __init__(self, session: ReadingSession, backend: str = "off") -> None:
        super().__init__()
        self.session = session
        self.backend = backend
        """rules, spacy or off: the entity recogniser, built by the entity worker."""
        self.entities: list[Entity] = []
        self._recognized: list[Entity] = []
        self._applied_corrections: list[Annotation] = []
        self._last_move = 0.0
        self._status_shown = ""
        self._status_extra = ""
        self._told_conflicts: set[str] = set()
        self._told_damage = False
        """Whether the backup was offered since the file was last found damaged."""

    @property
    def article(self) -> Article:
        return self.session.article

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="reading"):
                yield ArticleView(self.article, cursor=self.session.record.position, id="article")
                yield Static(id="status")
            yield SidePanel(self.session, id="panel")
        yield SearchBar(self.article.text, id="search-input")
        yield Footer()

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def panel(self) -> SidePanel:
        return self.query_one(SidePanel)

    def on_mount(self) -> None:
        self.title = self.article.title
        self.sub_title = self.article.name
        view = self.view
        view.focus()
        self.panel.entity_styles = {group: view.mark_style(group) for group in ENTITY_GROUPS}
        self._refresh_annotations()
        self.panel.show_entities([], self.article.text, set())
        if self.article.is_blank:
            self.notify("The article is empty.", severity="warning")
        if self.session.store.read_only:
            self.notify(
                f"{self.session.store.path} is read-only: you can read, but changes are not saved.",
                severity="warning",
                timeout=8,
            )
        self._tell_reanchoring()
        self._tell_conflicts()
        self.set_interval(DATABASE_POLL_SECONDS, self._poll_database)
        self.call_after_refresh(self._start_entities)

    def _tell_reanchoring(self) -> None:
        moved = self.session.reanchored
        if moved is None:
            return
        message = f"The article changed: {len(moved.placed)} annotations found their passage"
        if moved.orphans:
            message += f", {len(moved.orphans)} could not (see Orphans in the panel)"
        self.notify(message, severity="warning" if moved.orphans else "information", timeout=10)

    # Entities --------------------------------------------------------------------

    def _start_entities(self) -> None:
        if self.backend == "off" or self.article.is_blank:
            self._set_status_extra("")
            self.panel.claims.find_claims([])
            return
        self._set_status_extra("entities…")
        self._find_entities(self.view.shown_span())

    @work(thread=True, exclusive=True, group="entities")
    def _find_entities(self, visible: Span) -> None:
        """Runs the entity pipeline off the UI thread, posting each update.

        A slow backend (spaCy), or any on a big article, runs in a child process:
        in this thread it held the interpreter's lock for most of its reading, and
        every key waited for it.
        The visible paragraphs are found here too: splitting a 50 MB article
        into paragraphs takes 65 ms, which would otherwise delay the first screen.
        """
        worker = get_current_worker()
        article = self.article
        first = max(article.paragraph_index(visible[0]), 0)
        last = max(article.paragraph_index(visible[1]), 0)
        visible_paragraphs = range(first, last + 1)
        cancelled = lambda: worker.is_cancelled  # noqa: E731 - asked between paragraphs
        updates: Iterator[EntityUpdate]
        if self.backend in SLOW_BACKENDS or len(article.text) > OWN_PROCESS_ABOVE:
            from tui_reader.nlp.pipeline_process import entity_updates_in_process

            updates = entity_updates_in_process(
                article, self.backend, visible_paragraphs, cancelled, visible_here="rules"
            )
        else:
            recognizer = get_recognizer(self.backend)  # compiling its patterns takes a while
            assert recognizer is not None
            updates = entity_updates(article, recognizer, visible_paragraphs, None, cancelled)
        for update in updates:
            self.post_message(EntitiesFound(update))

    @on(EntitiesFound)
    def _entities_found(self, message: EntitiesFound) -> None:
        update = message.update
        if update.entities is None:  # progress only
            self._set_status_extra(f"entities ({update.backend}) {update.progress:.0%}…")
            return
        if update.covering is None:
            self._recognized = update.entities
            self._apply_entities()
            _spare_from_collections()
        else:
            self._replace_entities(update.covering, update.entities)
        if update.final:
            self._set_status_extra("")
            self.panel.claims.find_claims(self.entities, parse=self.backend == "spacy")
        else:
            self._set_status_extra(f"entities ({update.backend}) {update.progress:.0%}…")

    def _apply_entities(self) -> None:
        """Show the recognised entities with the user's corrections applied."""
        self._applied_corrections = [a for a in self.session.annotations if a.kind is Kind.ENTITY]
        # A list of its own: parts of it are replaced as a slower recogniser gets there.
        self.entities = list(self.session.effective_entities(self._recognized))
        self.view.set_entities(self.entities)
        self.panel.show_entities(self.entities, self.article.text, self.view.hidden_groups)

    def _replace_entities(self, covering: Span, entities: list[Entity]) -> None:
        """Replace what an earlier stage found in one part of the text (slices of sorted
        lists), in the text shown; the panel's list waits for the stage to end in a big
        article (see `PANEL_LIVE_ENTITIES`)."""
        start, end = covering
        _splice(self._recognized, start, end, entities)
        corrected = self.session.effective_entities(entities)  # with every correction added
        here = [entity for entity in corrected if start <= entity.start < end]
        _splice(self.entities, start, end, here)
        self.view.replace_entities(start, end, here)
        if len(self.entities) <= PANEL_LIVE_ENTITIES:
            self.panel.show_entities(self.entities, self.article.text, self.view.hidden_groups)

    # Annotations -------------------------------------------------------------------

    def _refresh_annotations(self) -> None:
        self.view.set_annotations(self.session.annotations)
        self.panel.show_annotations(self.session.annotations)
        self.panel.claims.reading_position = self.view.cursor
        self.panel.claims.refresh_claims()
        corrections = [a for a in self.session.annotations if a.kind is Kind.ENTITY]
        if corrections != self._applied_corrections:
            self._apply_entities()

    def _target_span(self) -> Span | None:
        """The selection (trimmed of white space), else the sentence under the cursor."""
        view = self.view
        span = view.selection or self.article.sentence_at(view.cursor)
        if span is None:
            return None
        start, end = span
        text = self.article.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def _writable(self) -> bool:
        if self.session.store.read_only:
            self.notify("The database is read-only: nothing can be saved.", severity="error")
            return False
        return True

    def _commit(self, change: Callable[[], list[Conflict]], description: str) -> None:
        """Run a session change and refresh what shows annotations.

        A write that failed but was kept for retrying is a warning (the change
        shows, and is saved by the next poll); any other storage error is shown
        and the change is not made.
        """
        try:
            change()
        except NotSaved as error:
            if self.session.store.damage is None:
                self.notify(str(error), severity="warning", timeout=10)
            elif self._told_damage:
                self.notify(
                    "Kept unsaved: the database file is still damaged "
                    "(ctrl+p, Restore the database backup)",
                    severity="warning",
                    timeout=6,
                )
            else:
                self.offer_backup()
        except UserError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        else:
            self.notify(description, timeout=2)
        self.view.clear_selection()
        self._refresh_annotations()
        self._tell_conflicts()

    def _tell_conflicts(self) -> None:
        """Say once, for each conflict with another instance, what was kept."""
        for conflict in self.session.conflicts():
            if conflict.id not in self._told_conflicts:
                self._told_conflicts.add(conflict.id)
                self.notify(conflict.message(), severity="warning", timeout=12)

    def _poll_database(self) -> None:
        """Every second: write what failed before, show other instances' changes, and
        save the reading position once the cursor has been still a moment."""
        store = self.session.store
        if self._last_move and monotonic() - self._last_move >= POSITION_SAVE_DELAY:
            self._last_move = 0.0
            self.save_position()
        try:
            if store.pending_count:
                store.retry_pending()
                self.notify("The unsaved changes are now saved.", timeout=4)
            if store.changed() and self.session.reload():
                self._refresh_annotations()
                self._tell_conflicts()
        except UserError:
            pass  # said when the change was made; tried again at the next tick
        if store.damage is None:
            self._told_damage = False
        elif not self._told_damage:
            self.offer_backup()

    def offer_backup(self, force: bool = False) -> None:
        """Say once that another program damaged the database, and offer its last backup.

        The changes made since stay pending (the store retries them); restoring
        the backup keeps the damaged file aside and saves them into it.
        """
        from tui_reader.store import latest_good_backup, restore_backup
        from tui_reader.ui.recovery import DamagedDatabaseDialog

        store = self.session.store
        damage = store.damage
        if damage is None or (self._told_damage and not force):
            return
        if isinstance(self.app.screen, DamagedDatabaseDialog):
            return
        self._told_damage = True
        backup = latest_good_backup(store.path)

        def chosen(restore: bool | None) -> None:
            if not restore or backup is None:
                return
            try:
                kept = restore_backup(store.path, backup)
                store.retry_pending()
            except UserError as error:
                self.notify(str(error), severity="error", timeout=10)
                return
            self.session.reload()
            self._refresh_annotations()
            where = f" (the damaged file is kept as {kept.name})" if kept else ""
            self.notify(f"Your changes were saved into the restored backup{where}.", timeout=8)

        self.app.push_screen(
            DamagedDatabaseDialog(str(damage), store.pending_count, backup), chosen
        )

    def _new(self, kind: Kind, span: Span, **fields: Any) -> Annotation:
        return make_annotation(
            self.article.text, self.article.content_hash, kind, span[0], span[1], **fields
        )

    def action_note(self) -> None:
        from tui_reader.ui.dialogs import NoteDialog

        span = self._target_span()
        if span is None or not self._writable():
            return

        def save(body: str | None) -> None:
            if body and body.strip():
                note = self._new(Kind.NOTE, span, body=body)
                self._commit(lambda: self.session.add(note, "add note"), "Note saved")

        self.app.push_screen(NoteDialog(self.article.text[span[0] : span[1]]), save)

    def action_tag(self) -> None:
        from tui_reader.ui.dialogs import TagDialog

        span = self._target_span()
        if span is None or not self._writable():
            return
        existing = self.session.find_tag_annotation(*span)

        def save(tags: list[str] | None) -> None:
            if tags is None:
                return
            if existing is not None:
                if not tags:
                    self._commit(
                        lambda: self.session.delete(existing, "remove tags"), "Tags removed"
                    )
                elif list(existing.tags) != tags:
                    after = existing.touched(tags=tuple(tags))
                    self._commit(
                        lambda: self.session.update(existing, after, "edit tags"), "Tags saved"
                    )
            elif tags:
                tag = self._new(Kind.TAG, span, tags=tuple(tags))
                self._commit(lambda: self.session.add(tag, "add tags"), "Tags saved")

        passage = self.article.text[span[0] : span[1]]
        known = self.session.known_tags()
        self.app.push_screen(
            TagDialog(passage, list(existing.tags) if existing else [], known), save
        )

    def action_claim(self) -> None:
        from tui_reader.ui.claim_editor import ClaimDialog

        span = self._target_span()
        if span is None or not self._writable():
            return

        def save(form: ClaimForm | None) -> None:
            if form is None:
                return
            claim = Claim(
                source=form.source,
                source_label=self._entity_label_of(form.source),
                rationale=form.rationale,
                evidence=form.evidence,
            ).with_status(form.status)
            annotation = self._new(Kind.CLAIM, span, claim=claim, body=form.note)
            self._commit(lambda: self.session.add(annotation, "add claim"), "Claim saved")

        source = self._claim_source(span)
        self.app.push_screen(ClaimDialog(self.article.text[span[0] : span[1]], source=source), save)

    def _entity_label_of(self, source: str) -> str:
        return label_of_named_source(source, self.entities, self.article.text)

    def _claim_source(self, span: Span) -> str:
        """Who the article says makes the claim, where the claim finder can tell."""
        from tui_reader.nlp.claims import source_for

        return source_for(self.article, span[0], span[1], self.entities) or ""

    def action_entity(self) -> None:
        span = self._target_span()
        if span is None or not self._writable():
            return
        passage = self.article.text[span[0] : span[1]]
        current = next((e.label for e in self.entities if (e.start, e.end) == span), "")
        everywhere = sorted({span, *self.article.occurrences(passage)})
        self._ask_entity_type(passage, current, here=[span], everywhere=everywhere)

    def _ask_entity_type(
        self,
        passage: str,
        current: str,
        here: list[Span],
        everywhere: list[Span],
        widen: bool = False,
    ) -> None:
        """Ask for a type, then correct `here` (or `everywhere`, or always) as one step."""
        from tui_reader.ui.dialogs import EntityDialog

        def save(choice: EntityChoice | None) -> None:
            if choice is None:
                return
            spans = everywhere if choice.everywhere else here
            words = f"marked {choice.label}" if choice.label else "marked not an entity"
            if len(spans) > 1:
                words += f" in {len(spans)} places"
            self._commit(
                lambda: self.session.mark_entities(spans, choice.label, words), f"Entity {words}"
            )
            if choice.always:
                self._remember_always(passage, choice.label)

        self.app.push_screen(EntityDialog(passage, current, everywhere=widen), save)

    def _remember_always(self, text: str, label: str) -> None:
        """Promote a correction to the personal gazetteer, then recompute the entities."""
        try:
            add_personal_entry(" ".join(text.split()), label or None)
        except UserError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self.notify(f"From now on in every article (saved in {personal_gazetteer_path()})")
        self._start_entities()  # a new recogniser, with the gazetteer's new version

    def _entity_spans(self, label: str, name: str) -> list[Span]:
        text = self.article.text
        return [
            (e.start, e.end)
            for e in self.entities
            if e.label == label and " ".join(e.text_in(text).split()) == name
        ]

    @on(EntityList.Retype)
    def _retype_entity(self, message: EntityList.Retype) -> None:
        if not self._writable():
            return
        here = self._entity_spans(message.label, message.text)
        everywhere = sorted({*here, *self.article.occurrences(message.text)})
        self._ask_entity_type(message.text, message.label, here, everywhere, widen=True)

    @on(EntityList.Remove)
    def _remove_entity(self, message: EntityList.Remove) -> None:
        if not self._writable():
            return
        spans = self._entity_spans(message.label, message.text)
        words = f"“{message.text}” is not an entity ({len(spans)} places, u to undo)"
        self._commit(lambda: self.session.mark_entities(spans, "", words), words)

    @on(EntityList.ToggleGroup)
    def _toggle_group(self, message: EntityList.ToggleGroup) -> None:
        hidden = set(self.view.hidden_groups) ^ {message.group}
        self.view.set_hidden_groups(hidden)
        self.panel.show_entities(self.entities, self.article.text, hidden)

    def action_show_tab(self, tab: str) -> None:
        self.panel.query_one(TabbedContent).active = tab
        if tab == "claims-tab":
            self._claims_from_cursor()

    def _claims_from_cursor(self) -> None:
        """List the suggestions from where the reader is (a long list is cut there)."""
        claims = self.panel.claims
        if claims.reading_position != self.view.cursor:
            claims.reading_position = self.view.cursor
            claims.refresh_claims()

    def action_undo(self) -> None:
        self._history_step(self.session.undo, "Undid", "Nothing to undo")

    def action_redo(self) -> None:
        self._history_step(self.session.redo, "Redid", "Nothing to redo")

    def _history_step(self, operation: Callable[[], Step | None], verb: str, nothing: str) -> None:
        if not self._writable():
            return
        try:
            step = operation()
        except UserError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        if step is None:
            self.notify(nothing, timeout=2)
            return
        self._refresh_annotations()
        self.notify(f"{verb}: {step.description}", timeout=2)

    # Panel -------------------------------------------------------------------------

    def action_toggle_focus(self) -> None:
        if not self.view.has_focus:
            self.view.focus()
            return
        annotation_list = self.panel.active_list()
        if annotation_list is self.panel.claims:
            self._claims_from_cursor()
        annotation_list.focus()
        if annotation_list.highlighted is None and annotation_list.option_count:
            annotation_list.action_first()

    def _annotation(self, annotation_id: str) -> Annotation | None:
        return next((a for a in self.session.annotations if a.id == annotation_id), None)

    @on(AnnotationList.Jump)
    def _jump(self, message: AnnotationList.Jump) -> None:
        annotation = self._annotation(message.annotation_id)
        if annotation is None or annotation.orphan:
            return
        self.view.focus()
        self.view.select(annotation.start, annotation.end)
        self.view.scroll_cursor_to_top()

    @on(EntityList.JumpToText)
    def _jump_to_entity(self, message: EntityList.JumpToText) -> None:
        text = self.article.text
        occurrences = [
            e
            for e in self.entities
            if e.label == message.label and " ".join(e.text_in(text).split()) == message.text
        ]
        if not occurrences:
            return
        view = self.view
        following = [e for e in occurrences if e.start > view.cursor]
        target = following[0] if following else occurrences[0]
        view.select(target.start, target.end)
        view.move_cursor(target.start, extend=True)

    @on(AnnotationList.Edit)
    def _edit(self, message: AnnotationList.Edit) -> None:
        from tui_reader.ui.claim_editor import ClaimDialog
        from tui_reader.ui.dialogs import NoteDialog, TagDialog

        annotation = self._annotation(message.annotation_id)
        if annotation is None or not self._writable():
            return
        passage = annotation.quote.exact
        if annotation.kind is Kind.NOTE:

            def save_note(body: str | None) -> None:
                if body is not None and body != annotation.body:
                    after = annotation.touched(body=body)
                    self._commit(lambda: self.session.update(annotation, after), "Note saved")

            self.app.push_screen(NoteDialog(passage, annotation.body), save_note)
        elif annotation.kind is Kind.TAG:

            def save_tags(tags: list[str] | None) -> None:
                if tags:
                    after = annotation.touched(tags=tuple(tags))
                    self._commit(lambda: self.session.update(annotation, after), "Tags saved")

            known = self.session.known_tags()
            self.app.push_screen(TagDialog(passage, list(annotation.tags), known), save_tags)
        elif annotation.kind is Kind.CLAIM and annotation.claim is not None:
            claim = annotation.claim

            def save_claim(form: ClaimForm | None) -> None:
                if form is None:
                    return
                new_claim = replace(
                    claim,
                    source=form.source,
                    source_label=self._entity_label_of(form.source),
                    evidence=form.evidence,
                    rationale=form.rationale,
                ).with_status(form.status)
                after = annotation.touched(claim=new_claim, body=form.note)
                self._commit(lambda: self.session.update(annotation, after), "Claim saved")

            self.app.push_screen(
                ClaimDialog(passage, claim.source, claim.status, annotation.body, claim=claim),
                save_claim,
            )
        else:
            here = [(annotation.start, annotation.end)]
            everywhere = sorted({*here, *self.article.occurrences(passage)})
            self._ask_entity_type(passage, annotation.label, here, everywhere)

    @on(AnnotationList.Reattach)
    def _reattach(self, message: AnnotationList.Reattach) -> None:
        annotation = self._annotation(message.annotation_id)
        span = self.view.selection
        if annotation is None or not self._writable():
            return
        if span is None:
            self.notify("Select the passage in the text first, then press r here.", timeout=5)
            return
        article = self.article
        after = reattach(annotation, article.text, span[0], span[1], article.content_hash)
        self._commit(lambda: self.session.update(annotation, after, "re-attach"), "Re-attached")

    @on(AnnotationList.Delete)
    def _delete(self, message: AnnotationList.Delete) -> None:
        annotation = self._annotation(message.annotation_id)
        if annotation is None or not self._writable():
            return
        self._commit(
            lambda: self.session.delete(annotation),
            f"Deleted {annotation.kind} (u to undo)",
        )

    # Changes asked for by the panel ----------------------------------------------------

    @on(ChangeRequested)
    def _change_requested(self, message: ChangeRequested) -> None:
        if self._writable():
            self._commit(message.change, message.description)

    @on(SuggestionsShown)
    def _suggestions_shown(self, message: SuggestionsShown) -> None:
        self.view.set_suggestions(message.spans)

    # Cursor ------------------------------------------------------------------------

    @on(ArticleView.CursorMoved)
    def _cursor_moved(self, message: ArticleView.CursorMoved) -> None:
        self.panel.follow(self.session.annotations_at(message.offset))
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
        parts = []
        if view.visual:
            parts.append("VISUAL")
        selection = view.selection
        if selection:
            parts.append(f"{selection[1] - selection[0]} chars selected")
        length = max(len(self.article.text), 1)
        line = self.article.line_of(view.cursor) + 1
        parts.append(f"line {line}/{self.article.line_count}  {view.cursor * 100 // length}%")
        search = self.query_one(SearchBar)
        if search.last_query:
            found = "searching…" if search.searching else f"{view.search_match_count} matches"
            parts.append(f"“{search.last_query}”: {found}")
        shown = "  ·  ".join(parts)
        if shown + self._status_extra == self._status_shown:
            return  # a move within a line often changes nothing here: no repaint
        self._status_shown = shown + self._status_extra
        status = display_text(shown)  # it quotes the search query
        if self._status_extra:
            status.append(f"  ·  {self._status_extra}", style="italic")
        # One row high whatever it says: no layout of the whole screen on every key.
        self.query_one("#status", Static).update(status, layout=False)

    def _set_status_extra(self, extra: str) -> None:
        self._status_extra = extra
        self._update_status()

    # Search ------------------------------------------------------------------------

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

    # Export ------------------------------------------------------------------------

    def action_export(self) -> None:
        from tui_reader.export import FORMATS, default_filename
        from tui_reader.ui.dialogs import ExportDialog

        formats = list(FORMATS)
        stem = Path(self.article.name).stem or "article"
        defaults = {fmt: default_filename(stem, fmt) for fmt in formats}
        self.app.push_screen(ExportDialog(formats, defaults), self._export)

    def _export(self, form: ExportForm | None) -> None:
        if form is None or not form.path:
            return
        from tui_reader.config import load_settings
        from tui_reader.export import export_article, write_export
        from tui_reader.export.context import export_context

        try:
            settings = load_settings().claimreview
            context = export_context(self.article, self.session.record.metadata, settings)
            result = export_article(
                form.fmt, self.article, self.session.annotations, self.entities, context
            )
            write_export(result, Path(form.path))
        except UserError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        dropped = f" ({'; '.join(result.dropped)})" if result.dropped else ""
        self.notify(f"Exported {form.fmt} to {form.path}{dropped}", timeout=5)


def _splice(entities: list[Entity], start: int, end: int, replacement: list[Entity]) -> None:
    """Put `replacement` in place of the entities starting in [start, end) of a sorted list."""
    low = bisect_left(entities, Entity(start, -1, ""))
    high = bisect_left(entities, Entity(end, -1, ""))
    entities[low:high] = replacement


def _spare_from_collections() -> None:
    """Keep the garbage collector from walking what lives on (the entities, above all).

    A 10 MB article has 330,000 entities, and every full collection walked them
    all: 0.2-0.6 s, during which no key was handled, several times a minute
    while spaCy read. Frozen after one last collection, they are left out of
    every later one, and still freed as soon as nothing refers to them (they
    hold no reference cycles), when the next full update replaces them.
    """
    gc.collect()
    gc.freeze()
