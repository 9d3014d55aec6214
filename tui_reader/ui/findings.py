"""What the reader's workers find, shown as it comes: entities, claims, echoes.

The entity worker streams its updates (the visible paragraphs first, then the
rest); once the last one is in, the claim finder starts on them, and its first
list starts the lookup of the article's echoes in the library. Each message's
handler on the screen hands over to `Findings`, which keeps the shown entities
and the workbench up to date and tells the text and the panel what to show.
The workers themselves are in `ui/reader_workers.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_reader.ui import messages, reader_workers
from tui_reader.ui.reading_modes import suggestion_spans

if TYPE_CHECKING:
    from tui_reader.ui.reader_screen import ReaderScreen

PANEL_LIVE_ENTITIES = 5_000
"""Up to this many entities the panel's list follows every update; beyond, it is rebuilt
when a stage of recognition ends. Listing the 18,000 names of a 10 MB article takes
over a second, which would hold up every key while spaCy reads."""


class Findings:
    """Starts the entity worker for one reader and shows what the workers post."""

    def __init__(self, reader: ReaderScreen) -> None:
        self.reader = reader

    def start_entities(self) -> None:
        """Recognise the article's entities (the claims follow); with no recogniser, the
        claims at once."""
        reader = self.reader
        article = reader.article
        if reader.backend == "off" or article.is_blank:
            reader.status_line.activity = ""
            reader_workers.find_claims(reader, article, [], parse=False)
            return
        reader.status_line.activity = "entities…"
        reader_workers.find_entities(reader, article, reader.backend, reader.view.shown_span())

    def entities_found(self, message: messages.EntitiesFound) -> None:
        """A whole list replaces the shown entities, a part those it covers; the last
        update starts the claim finder."""
        reader = self.reader
        update = message.update
        annotations = reader.session.annotations
        if update.entities is None:
            pass  # progress only
        elif update.covering is None:
            reader.shown.replace_all(update.entities, annotations)
            self.show_entities()
            reader_workers.spare_from_collections()
        else:
            start, end = update.covering
            here = reader.shown.replace_part(update.covering, update.entities, annotations)
            reader.view.replace_entities(start, end, here)
            if len(reader.entities) <= PANEL_LIVE_ENTITIES:
                self.show_entities(view=False)
        if update.final:
            reader.status_line.activity = ""
            parse = reader.backend == "spacy"
            reader_workers.find_claims(reader, reader.article, reader.entities, parse=parse)
        else:
            reader.status_line.activity = f"entities ({update.backend}) {update.progress:.0%}…"

    def show_entities(self, view: bool = True) -> None:
        """The shown entities in the Entities tab (and, with `view`, in the text)."""
        reader = self.reader
        if view:
            reader.view.set_entities(reader.entities)
        shown, hidden = reader.shown, reader.view.hidden_groups
        reader.panel.show_entities(shown.shown, reader.article.text, hidden, shown.not_entities())

    def claims_found(self, message: messages.ClaimsFound) -> None:
        """The suggestions and disagreements into the workbench, spared from the garbage
        collector like the entities (the 67,000 suggestions of a 10 MB article made
        each full collection 0.1-0.4 s, whatever the reader was doing: an export, a
        key); the first list found starts the echo lookup (after the first screen,
        not competing with it)."""
        reader = self.reader
        reader.workbench.found(message.candidates, message.disagreements, message.entities)
        reader_workers.spare_from_collections()
        self.show_claims()
        if not reader.echo_jumps.looked_up:
            reader.echo_jumps.looked_up = True
            reader_workers.find_echoes(reader, reader.session.store, reader.article.content_hash)

    def show_claims(self) -> None:
        """The Claims tab from the reading position, the carried-over verdicts, the
        suggestions dimmed in the text (unless the reading mode hides them), and the
        keys that act on the claim or suggestion under the cursor, which may have just
        arrived there (an article opened at a claim)."""
        reader = self.reader
        reader.workbench.reading_position = reader.view.cursor
        reader.workbench.refresh(reader.session.annotations)
        reader.panel.claims.carried = reader.carrying.still_open()
        reader.panel.claims.show_workbench()
        reader.footer_follows()  # a suggestion may now be under the cursor: its keys
        reader.view.set_suggestions(suggestion_spans(reader.memory.modes, reader.workbench))

    def echoes_found(self, message: messages.EchoesFound) -> None:
        """The passages found elsewhere, and the verdicts carried over, for this article
        (a lookup for an article since closed is dropped)."""
        reader = self.reader
        if message.content_hash == reader.article.content_hash:
            reader.panel.claims.echoes = message.passages
            reader.carrying.found = message.carried
            self.show_claims()
