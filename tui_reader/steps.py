"""What a dialog's answer changes: the undoable step for the reader to commit.

A dialog returns plain values (a note's text, a list of tags, a claim form, an
entity type); each function here turns such an answer, with the annotation or
passage it was asked about, into a `history.Step` (None when the answer changes
nothing). The screen then commits the step through `ReadingSession.apply`, so
the same path saves a note typed with `a`, a claim accepted in the Claims tab
and an undo. Nothing here knows of Textual: the tests call these directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from tui_reader.anchoring import reattach
from tui_reader.document import Article, Span
from tui_reader.history import Change, Step
from tui_reader.model import Annotation, Claim, ClaimStatus, Evidence, Kind, make_annotation
from tui_reader.nlp.entities import Entity
from tui_reader.workbench import label_of_named_source


@dataclass(frozen=True)
class ClaimForm:
    """What the claim editor returns."""

    source: str
    status: ClaimStatus
    note: str
    rationale: str = ""
    evidence: tuple[Evidence, ...] = ()


def added(annotation: Annotation, description: str) -> Step:
    return Step(description, (Change(None, annotation),))


def edited(before: Annotation, after: Annotation, description: str) -> Step:
    return Step(description, (Change(before, after),))


def deleted(annotation: Annotation, description: str = "") -> Step:
    return Step(description or f"delete {annotation.kind}", (Change(annotation, None),))


def _new(article: Article, kind: Kind, span: Span, **fields: object) -> Annotation:
    return make_annotation(article.text, article.content_hash, kind, span[0], span[1], **fields)


# New annotations on a passage ---------------------------------------------------------


def target_span(article: Article, selection: Span | None, cursor: int) -> Span | None:
    """What `a`, `t` and `c` act on: the selection, else the sentence under the
    cursor, trimmed of white space (None when only white space is left)."""
    span = selection or article.sentence_at(cursor)
    if span is None:
        return None
    start, end = span
    text = article.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def entity_target(
    article: Article, entities: Iterable[Entity], selection: Span | None, cursor: int
) -> Span | None:
    """What `e` acts on: the selection, else the entity shown under the cursor, else the
    word there (letters, digits and inner apostrophes or hyphens); None off any word.

    Not the sentence, as the other annotate keys take: an entity is a name, and a
    sentence marked PERSON is a correction the user has to undo."""
    if selection is not None:
        return target_span(article, selection, cursor)
    under = next((e for e in entities if e.start <= cursor < e.end), None)
    if under is not None:
        return (under.start, under.end)
    return word_at(article.text, cursor)


def _in_word(text: str, index: int) -> bool:
    """A word character, or an apostrophe or hyphen between two of them ("O'Neill")."""
    char = text[index]
    if char.isalnum():
        return True
    inner = 0 < index < len(text) - 1 and text[index - 1].isalnum() and text[index + 1].isalnum()
    return char in "'’-" and inner


def word_at(text: str, offset: int) -> Span | None:
    """The word at `offset` (or just before it, for a cursor at a word's end)."""
    if offset >= len(text) or not _in_word(text, offset):
        offset -= 1
    if offset < 0 or not _in_word(text, offset):
        return None
    start, end = offset, offset + 1
    while start > 0 and _in_word(text, start - 1):
        start -= 1
    while end < len(text) and _in_word(text, end):
        end += 1
    return (start, end)


def new_note(article: Article, span: Span, body: str | None) -> Step | None:
    """A note on the passage; nothing for a cancelled dialog or blank text."""
    if not body or not body.strip():
        return None
    return added(_new(article, Kind.NOTE, span, body=body), "add note")


def tags_on(
    article: Article, span: Span, existing: Annotation | None, tags: list[str] | None
) -> Step | None:
    """The passage's tags as the tag dialog left them: added, changed or removed (none)."""
    if tags is None:
        return None
    if existing is None:
        return added(_new(article, Kind.TAG, span, tags=tuple(tags)), "add tags") if tags else None
    if not tags:
        return deleted(existing, "remove tags")
    if list(existing.tags) == tags:
        return None
    return edited(existing, existing.touched(tags=tuple(tags)), "edit tags")


def new_claim(
    article: Article, span: Span, form: ClaimForm | None, entities: Iterable[Entity]
) -> Step | None:
    """A claim on the passage, its source typed when it names a known entity."""
    if form is None:
        return None
    claim = Claim(
        source=form.source,
        source_label=label_of_named_source(form.source, entities, article.text),
        rationale=form.rationale,
        evidence=form.evidence,
    ).with_status(form.status)
    return added(_new(article, Kind.CLAIM, span, claim=claim, body=form.note), "add claim")


# Edits of an annotation ---------------------------------------------------------------


def edited_note(annotation: Annotation, body: str | None) -> Step | None:
    if body is None or body == annotation.body:
        return None
    return edited(annotation, annotation.touched(body=body), "edit note")


def edited_tags(annotation: Annotation, tags: list[str] | None) -> Step | None:
    """Tags changed from the panel (an empty answer keeps them: `d` deletes)."""
    if not tags or list(annotation.tags) == tags:
        return None
    return edited(annotation, annotation.touched(tags=tuple(tags)), "edit tags")


def edited_claim(
    article: Article, annotation: Annotation, form: ClaimForm | None, entities: Iterable[Entity]
) -> Step | None:
    if form is None or annotation.claim is None:
        return None
    claim = replace(
        annotation.claim,
        source=form.source,
        source_label=label_of_named_source(form.source, entities, article.text),
        evidence=form.evidence,
        rationale=form.rationale,
    ).with_status(form.status)
    return edited(annotation, annotation.touched(claim=claim, body=form.note), "edit claim")


def reattached(article: Article, annotation: Annotation, span: Span) -> Step:
    """The annotation moved to the passage the user selected (an orphan given a place)."""
    after = reattach(annotation, article.text, span[0], span[1], article.content_hash)
    return edited(annotation, after, "re-attach")


# Entity corrections -------------------------------------------------------------------


def entity_marks(
    article: Article,
    annotations: Iterable[Annotation],
    spans: Iterable[Span],
    label: str,
    description: str,
) -> Step | None:
    """Entity corrections on several spans as one step ("" = not an entity).

    A span that already has a correction gets it changed rather than a second
    one; a span already marked so is left alone (None when all are).
    """
    existing = {(a.start, a.end): a for a in annotations if a.kind is Kind.ENTITY}
    changes = []
    for span in spans:
        before = existing.get(span)
        if before is not None:
            if before.label == label:
                continue
            changes.append(Change(before, before.touched(label=label)))
        else:
            changes.append(Change(None, _new(article, Kind.ENTITY, span, label=label)))
    return Step(description, tuple(changes)) if changes else None


def entity_words(label: str, places: int) -> str:
    """How an entity correction reads in the undo notice."""
    words = f"marked {label}" if label else "marked not an entity"
    return f"{words} in {places} places" if places > 1 else words
