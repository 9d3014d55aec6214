"""The reader's slow work, in thread workers that only post messages.

Each function here starts a worker on a node (the reader screen) with the data
it needs handed over as values: the worker reads nothing of the screen's and
writes nothing anywhere; what it finds goes back as a message of
`ui/messages.py`, and the screen's handler decides what changes.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path

from textual.dom import DOMNode
from textual.message import Message
from textual.worker import get_current_worker

from tui_reader.document import Article, Span
from tui_reader.errors import UserError
from tui_reader.metadata import MetadataFields
from tui_reader.model import Annotation
from tui_reader.nlp.backends import get_recognizer
from tui_reader.nlp.entities import Entity
from tui_reader.nlp.pipeline import SLOW_BACKENDS, EntityUpdate, entity_updates
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui import messages

OWN_PROCESS_ABOVE = 1_000_000
"""Characters above which even the rules read in a child process: seconds of pure
Python beside the reader (22 s for 50 MB), whose lock and garbage held every key up."""

Post = Callable[[Message], object]


def _cancelled() -> bool:
    return get_current_worker().is_cancelled


def find_entities(node: DOMNode, article: Article, backend: str, visible: Span) -> None:
    """Run the entity pipeline, posting each update (`EntitiesFound`)."""
    node.run_worker(
        lambda: _entities(article, backend, visible, node.post_message),
        thread=True,
        exclusive=True,
        group="entities",
    )


def _entities(article: Article, backend: str, visible: Span, post: Post) -> None:
    """A slow backend (spaCy), or any on a big article, runs in a child process: in
    this thread it held the interpreter's lock for most of its reading, and every key
    waited for it. The visible paragraphs are found here too: splitting a 50 MB
    article into paragraphs takes 65 ms, which would otherwise delay the first screen.
    """
    first = max(article.paragraph_index(visible[0]), 0)
    last = max(article.paragraph_index(visible[1]), 0)
    visible_paragraphs = range(first, last + 1)
    worker = get_current_worker()
    cancelled = lambda: worker.is_cancelled  # noqa: E731 - asked between paragraphs
    updates: Iterator[EntityUpdate]
    if backend in SLOW_BACKENDS or len(article.text) > OWN_PROCESS_ABOVE:
        from tui_reader.nlp.pipeline_process import entity_updates_in_process

        updates = entity_updates_in_process(
            article, backend, visible_paragraphs, cancelled, visible_here="rules"
        )
    else:
        recognizer = get_recognizer(backend)  # compiling its patterns takes a while
        assert recognizer is not None
        updates = entity_updates(article, recognizer, visible_paragraphs, None, cancelled)
    for update in updates:
        post(messages.EntitiesFound(update))


def find_claims(node: DOMNode, article: Article, entities: list[Entity], parse: bool) -> None:
    """Run the claim finder, posting each update (`ClaimsFound`, see `claim_updates`):
    the rule path at once, then, with `parse`, spaCy's parser path chunk by chunk."""
    node.run_worker(
        lambda: _claims(article, list(entities), parse, node.post_message),
        thread=True,
        exclusive=True,
        group="claims",
    )


def _claims(article: Article, entities: list[Entity], parse: bool, post: Post) -> None:
    from tui_reader.nlp.claim_updates import apply_update, claim_updates
    from tui_reader.nlp.claims import ClaimCandidate
    from tui_reader.nlp.disagreements import Disagreement, find_disagreements

    parser = None
    if parse:
        from tui_reader.nlp.claim_parser import installed_parser

        parser = installed_parser()
    candidates: list[ClaimCandidate] = []
    disagreements: list[Disagreement] = []
    for update in claim_updates(article, entities or None, parser, _cancelled):
        candidates = apply_update(candidates, update)
        if update.covering is None:  # a whole list; between chunks the last flags stand
            disagreements = find_disagreements(article, candidates)
        post(messages.ClaimsFound(candidates, disagreements, entities))


def find_known_tags(node: DOMNode, session: ReadingSession) -> None:
    """Every tag used before (it decodes every annotation of the database: 10,000 take
    a good part of a second), posted as `TagsKnown` for the tag dialog's suggestions."""

    def known() -> None:
        generation = session.store.generation  # before reading: a later save makes it stale
        node.post_message(messages.TagsKnown(generation, session.known_tags()))

    node.run_worker(known, thread=True, exclusive=True, group="tags")


def find_echoes(node: DOMNode, store: Store, content_hash: str) -> None:
    """Look up where else in the library the article's passages appear, and the verdicts
    carried over to its claims, posting `EchoesFound`; in a child process
    (`across.article_lookup`), so that reading the index shares no lock with the reader."""

    def echoes() -> None:
        from tui_reader.across.article_lookup import look_up_in_process

        # a store of its own: reading the session's from here hid other windows' changes
        # from the screen's poll (it saw the file as already read)
        if len(Store(store.path, read_only=True).articles()) < 2:  # no echo: no process
            return
        passages, carried = look_up_in_process(store.path, content_hash)
        node.post_message(messages.EchoesFound(content_hash, passages, carried))

    node.run_worker(echoes, thread=True, exclusive=True, group="echoes")


def export(
    node: DOMNode,
    fmt: str,
    target: Path,
    article: Article,
    metadata: MetadataFields,
    annotations: list[Annotation],
    entities: list[Entity],
) -> None:
    """Export the article, posting `Exported` or `Failed` (a CoNLL file of a 10 MB
    article takes seconds)."""
    node.run_worker(
        lambda: _export(fmt, target, article, metadata, annotations, entities, node.post_message),
        thread=True,
        group="export",
    )


def _export(
    fmt: str,
    target: Path,
    article: Article,
    metadata: MetadataFields,
    annotations: list[Annotation],
    entities: list[Entity],
    post: Post,
) -> None:
    from tui_reader.config import load_settings
    from tui_reader.export import export_article, write_export
    from tui_reader.export.context import export_context

    try:
        context = export_context(article, metadata, load_settings().claimreview)
        result = export_article(fmt, article, annotations, entities, context)
        write_export(result, target)
    except UserError as error:
        post(messages.Failed(str(error)))
        return
    post(messages.Exported(fmt, target, list(result.dropped)))


def spare_from_collections() -> None:
    """Keep the garbage collector from walking what lives on (the entities and the
    claim suggestions, above all).

    A 10 MB article has 330,000 entities, and every full collection walked them
    all: 0.2-0.6 s, during which no key was handled, several times a minute
    while spaCy read. Frozen after one last collection, they are left out of
    every later one, and still freed as soon as nothing refers to them (they
    hold no reference cycles), when the next full update replaces them. Only the
    first collection walks everything; each later one, what came since.
    """
    gc.collect()
    gc.freeze()
