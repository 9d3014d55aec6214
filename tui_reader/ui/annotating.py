"""The dialogs of the annotate keys and of the panel's edits, and what their answers do.

Each key opens its dialog (`a` a note, `t` tags, `c` a claim, `e` an entity
type, `x` an export, `e` on a listed annotation the editor of its kind); the
dialog's answer goes to a function of `steps.py`, which makes the `Step`, and
the reader commits it. This module only knows the reader through `Reader`, the
few things a dialog's answer needs, so it imports no screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from textual.screen import Screen

from tui_reader import steps
from tui_reader.claim_actions import claim_at
from tui_reader.claim_workbench import ClaimWorkbench
from tui_reader.document import Article, Span
from tui_reader.errors import UserError
from tui_reader.export_choices import (
    ExportChoice,
    article_folder,
    export_target,
    last_choice,
    remember_choice,
)
from tui_reader.history import Step
from tui_reader.model import Annotation, Kind
from tui_reader.nlp.entities import Entity
from tui_reader.nlp.gazetteer import add_personal_entry, personal_gazetteer_path
from tui_reader.session import ReadingSession
from tui_reader.shown_entities import ShownEntities
from tui_reader.ui import messages, reader_workers
from tui_reader.ui.article_view import ArticleView
from tui_reader.ui.telling import Notifier

if TYPE_CHECKING:  # the dialogs load when one first opens, not for the first screen
    from textual.dom import DOMNode

    from tui_reader.ui.dialogs import EntityChoice, ExportForm, TagDialog

Answer = TypeVar("Answer")


class Reader(Notifier, Protocol):
    """What the dialogs' answers need of the reader screen."""

    session: ReadingSession
    shown: ShownEntities
    workbench: ClaimWorkbench

    @property
    def article(self) -> Article: ...

    @property
    def entities(self) -> list[Entity]: ...

    @property
    def view(self) -> ArticleView: ...

    def target_span(self) -> Span | None: ...

    def writable(self) -> bool: ...

    def commit(self, step: Step | None, notice: str) -> None: ...

    def annotation(self, annotation_id: str) -> Annotation | None: ...

    def start_entities(self) -> None: ...


class Annotating:
    """Opens the dialogs for one reader and commits what they answer."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self._tag_dialog: TagDialog | None = None
        """The tag dialog waiting for its suggestions (see `tags_known`)."""

    def _ask(
        self, dialog: Screen[Answer], answered: Callable[[Answer], Step | None], notice: str
    ) -> None:
        """Show the dialog; its answer, made a step, is committed with `notice`."""
        reader = self.reader
        reader.app.push_screen(dialog, lambda answer: reader.commit(answered(answer), notice))

    def _target(self) -> Span | None:
        span = self.reader.target_span()
        return span if span is not None and self.reader.writable() else None

    # Keys in the text ---------------------------------------------------------------------

    def note(self) -> None:
        from tui_reader.ui.dialogs import NoteDialog

        if (span := self._target()) is None:
            return
        article = self.reader.article
        passage = article.text[span[0] : span[1]]
        self._ask(
            NoteDialog(passage), lambda body: steps.new_note(article, span, body), "Note saved"
        )

    def tags(self) -> None:
        """Tags on the passage; suggestions from every tag used before, found in a worker
        when the database changed since they were last found (the dialog opens at once)."""
        from tui_reader.ui.dialogs import TagDialog

        if (span := self._target()) is None:
            return
        reader = self.reader
        article = reader.article
        existing = reader.session.find_tag_annotation(*span)
        known = reader.session.cached_known_tags()
        passage = article.text[span[0] : span[1]]
        dialog = TagDialog(passage, list(existing.tags) if existing else [], known or [])
        notice = "Tags removed" if existing is not None else "Tags saved"
        self._ask(dialog, lambda tags: steps.tags_on(article, span, existing, tags), notice)
        if known is None:
            self._tag_dialog = dialog
            reader_workers.find_known_tags(self._worker_node(), reader.session)

    def tags_known(self, message: messages.TagsKnown) -> None:
        self.reader.session.remember_known_tags(message.generation, message.tags)
        dialog, self._tag_dialog = self._tag_dialog, None
        if dialog is not None and dialog.is_attached:
            dialog.suggest(message.tags)

    def claim(self) -> None:
        from tui_reader.nlp.claims import source_for
        from tui_reader.ui.claim_editor import ClaimDialog

        reader = self.reader
        here = claim_at(reader.session.annotations, reader.view.cursor)
        if reader.view.selection is None and here is not None:
            self.edit(here.id, first_field="claim-note")  # a claim here: `c` works on it
            return
        if (span := self._target()) is None:
            return
        article = reader.article
        source = source_for(article, span[0], span[1], reader.entities) or ""
        entities = reader.entities
        self._ask(
            ClaimDialog(article.text[span[0] : span[1]], source=source),
            lambda form: steps.new_claim(article, span, form, entities),
            "Claim saved",
        )

    def entity(self) -> None:
        """The entity (or word) under the cursor, or the selection, its type preselected."""
        reader = self.reader
        article = reader.article
        span = steps.entity_target(
            article, reader.entities, reader.view.selection, reader.view.cursor
        )
        if span is None or not reader.writable():
            return
        passage = article.text[span[0] : span[1]]
        everywhere = sorted({span, *article.occurrences(passage)})
        self._ask_entity_type(passage, self.reader.shown.label_at(span), [span], everywhere)

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

        reader = self.reader

        def save(choice: EntityChoice | None) -> None:
            if choice is None:
                return
            spans = everywhere if choice.everywhere else here
            words = steps.entity_words(choice.label, len(spans))
            step = steps.entity_marks(
                reader.article, reader.session.annotations, spans, choice.label, words
            )
            reader.commit(step, f"Entity {words}")
            if choice.always:
                self._remember_always(passage, choice.label)

        reader.app.push_screen(EntityDialog(passage, current, everywhere=widen), save)

    def _remember_always(self, text: str, label: str) -> None:
        """Promote a correction to the personal gazetteer, then recompute the entities."""
        try:
            add_personal_entry(" ".join(text.split()), label or None)
        except UserError as error:
            self.reader.notify(str(error), severity="error", timeout=10)
            return
        self.reader.notify(f"From now on in every article (saved in {personal_gazetteer_path()})")
        self.reader.start_entities()  # a new recogniser, with the gazetteer's new version

    # The Entities tab ---------------------------------------------------------------------

    def retype(self, label: str, name: str) -> None:
        reader = self.reader
        if not reader.writable():
            return
        here = reader.shown.spans_of(label, name, reader.article.text)
        everywhere = sorted({*here, *reader.article.occurrences(name)})
        self._ask_entity_type(name, label, here, everywhere, widen=True)

    def remove(self, label: str, name: str) -> None:
        reader = self.reader
        spans = reader.shown.spans_of(label, name, reader.article.text)
        words = f"“{name}” is not an entity ({len(spans)} places, u to undo)"
        annotations = reader.session.annotations
        reader.commit(steps.entity_marks(reader.article, annotations, spans, "", words), words)

    # A listed annotation ------------------------------------------------------------------

    def edit(self, annotation_id: str, first_field: str = "") -> None:
        """`e` in the panel: the editor of the annotation's kind, filled in (a claim's
        editor focused on `first_field`, its source by default)."""
        from tui_reader.ui.claim_editor import ClaimDialog
        from tui_reader.ui.dialogs import NoteDialog, TagDialog

        reader = self.reader
        annotation = reader.annotation(annotation_id)
        if annotation is None or not reader.writable():
            return
        passage = annotation.quote.exact
        article = reader.article
        if annotation.kind is Kind.NOTE:
            dialog = NoteDialog(passage, annotation.body)
            self._ask(dialog, lambda body: steps.edited_note(annotation, body), "Note saved")
        elif annotation.kind is Kind.TAG:
            known = reader.session.cached_known_tags() or reader.session.known_tags()
            dialog_tags = TagDialog(passage, list(annotation.tags), known)
            self._ask(dialog_tags, lambda tags: steps.edited_tags(annotation, tags), "Tags saved")
        elif annotation.kind is Kind.CLAIM and (claim := annotation.claim) is not None:
            entities = reader.entities
            self._ask(
                ClaimDialog(
                    passage,
                    claim.source,
                    claim.status,
                    annotation.body,
                    claim=claim,
                    first_field=first_field or "claim-source",
                ),
                lambda form: steps.edited_claim(article, annotation, form, entities),
                "Claim saved",
            )
        else:
            here = [(annotation.start, annotation.end)]
            everywhere = sorted({*here, *article.occurrences(passage)})
            self._ask_entity_type(passage, annotation.label, here, everywhere)

    def reattach(self, annotation_id: str) -> None:
        reader = self.reader
        annotation = reader.annotation(annotation_id)
        span = reader.view.selection
        if annotation is None or not reader.writable():
            return
        if span is None:
            reader.notify("Select the passage in the text first, then press r here.", timeout=5)
            return
        reader.commit(steps.reattached(reader.article, annotation, span), "Re-attached")

    def delete(self, annotation_id: str) -> None:
        annotation = self.reader.annotation(annotation_id)
        if annotation is not None:
            self.reader.commit(steps.deleted(annotation), f"Deleted {annotation.kind} (u to undo)")

    # The Claims tab -----------------------------------------------------------------------

    def disagreement(self, flag_id: str) -> None:
        """Both claims side by side; `y` or `x` there decides the flag."""
        from tui_reader.ui.claims_panel import DisagreementScreen

        reader = self.reader
        flag = reader.workbench.flag(flag_id)
        if flag is None:
            return

        def decided(confirmed: bool | None) -> None:
            if confirmed is not None:
                step = reader.workbench.decide(flag_id, confirmed)
                reader.commit(step, step.description.capitalize() if step else "")

        reader.app.push_screen(DisagreementScreen(flag, reader.article.text), decided)

    # Export ----------------------------------------------------------------------------------

    def export(self) -> None:
        from tui_reader.export import FORMATS, default_filename
        from tui_reader.ui.dialogs import ExportDialog

        formats, stem = list(FORMATS), Path(self.reader.article.name).stem or "article"
        last = last_choice(self.reader.session.store.path)
        folder = Path(last.folder) if last else article_folder(self.reader.article.path)
        defaults = {fmt: str(folder / default_filename(stem, fmt)) for fmt in formats}
        base = article_folder(self.reader.article.path)
        dialog = ExportDialog(formats, defaults, last.fmt if last else None, base)
        self.reader.app.push_screen(dialog, self._export)

    def _export(self, form: ExportForm | None) -> None:
        """Export in a worker: `exported` or `failed` says how it went."""
        if form is None or not form.path:
            return
        reader = self.reader
        session = reader.session
        target = export_target(form.path, article_folder(reader.article.path))
        remember_choice(session.store.path, ExportChoice(form.fmt, str(target.parent)))
        reader.notify(f"Exporting {form.fmt} to {target}…", timeout=3)
        reader_workers.export(
            self._worker_node(),
            form.fmt,
            target,
            reader.article,
            session.record.metadata,
            list(session.annotations),
            list(reader.entities),
        )

    def exported(self, message: messages.Exported) -> None:
        dropped = f" ({'; '.join(message.dropped)})" if message.dropped else ""
        self.reader.notify(f"Exported {message.fmt} to {message.path}{dropped}", timeout=5)

    def _worker_node(self) -> DOMNode:
        """The reader as the node its workers run on and post to."""
        node = self.reader
        assert isinstance(node, Screen)
        return node
