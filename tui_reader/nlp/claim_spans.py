"""The spans a cue's content and source may be, read off the parse, for a model to choose.

A content is one of a handful of constructions around its cue: a dependent of
the cue (the clause of "said (that) ...", the object of "denied the report",
the infinitive of "plans to", the object of a preposition, "voted for X"), what
the preposition or clause of a copular or light verb's complement governs ("is
critical [of the plan]", "is confident [that ...]"), the quotation before or
after it, what the cue governs to its right, the sentence it interrupts ("The
deal, she said, is dead"), what its head governs ("according to X, ..."), or a
content running on past its sentence, to the end of the next one or of the
paragraph ("He said: A. B."). `content_candidates` lists them all, each named by its
construction; the learned model (`claim_model`) picks one. A source is a noun
phrase of the sentence (`source_candidates`), or none.

Offsets are characters of the paragraph, as in `claim_syntax`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui_reader.document import Span
from tui_reader.nlp.claim_features import ParagraphView
from tui_reader.nlp.claim_syntax import after_dateline

if TYPE_CHECKING:
    from spacy.tokens import Token

_TRIM = frozenset(" ,;:.!?-–—\t\r\n")
_CHILD_CONTENTS = frozenset(
    {"ccomp", "xcomp", "dobj", "attr", "oprd", "acomp", "advcl", "parataxis", "conj", "pcomp"}
)
"""Dependents whose subtree may be the content ("said [that ...]", "denied [the report]")."""
_SOURCE_DEPS = frozenset(
    {"nsubj", "nsubjpass", "pobj", "poss", "dobj", "appos", "conj", "attr", "npadvmod", "ROOT"}
    | {"dep"}
)
_COMPLEMENTS = frozenset({"acomp", "attr", "dobj", "oprd"})
"""A copular or light verb's complement, whose preposition or clause may hold the content
("is critical [of the plan]", "has the backing [of the union]", "is eager [to run]")."""
_SOURCE_POS = frozenset({"PROPN", "NOUN", "PRON", "NUM"})
_QUOTE_GAP = 4
"""Characters (spaces, a comma, a colon) between a cue and the quotation it introduces."""


@dataclass(frozen=True, slots=True)
class ContentCandidate:
    kind: str
    """The construction that gives the span ("child:ccomp", "quote-before", ...)."""
    span: Span


def trim(text: str, span: Span) -> Span:
    """Without a dateline, nor the punctuation and spaces at either end."""
    start, end = after_dateline(text, span)
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _tokens_span(first: Token, last: Token) -> Span:
    return first.idx, last.idx + len(last.text)


def _subtree(token: Token) -> Span:
    return _tokens_span(token.left_edge, token.right_edge)


def content_candidates(
    cue: Token, view: ParagraphView, extra: list[ContentCandidate] | None = None
) -> list[ContentCandidate]:
    """Every span the content of the cue `cue` may be, named by construction.

    `extra` are candidates found elsewhere (the rules' content), kept when new.
    """
    doc = cue.doc
    text = doc.text
    sentence = cue.sent
    found: list[ContentCandidate] = []

    def add(kind: str, span: Span) -> None:
        span = trim(text, span)
        if span[1] - span[0] >= 2 and not (span[0] <= cue.idx < span[1] and kind != "sentence"):
            found.append(ContentCandidate(kind, span))

    children = list(cue.children)
    for child in children:
        if child.dep_ in _CHILD_CONTENTS:
            add(f"child:{child.dep_}", _subtree(child))
        elif child.dep_ in ("prep", "agent"):
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                add(f"prep:{child.lower_}", _tokens_span(doc[child.i + 1], child.right_edge))
    for child in children:
        if child.dep_ in _COMPLEMENTS:
            for grandchild in child.children:
                if grandchild.dep_ == "prep" and any(
                    c.dep_ in ("pobj", "pcomp") for c in grandchild.children
                ):
                    after = doc[grandchild.i + 1]
                    add("complement-prep", _tokens_span(after, grandchild.right_edge))
                elif grandchild.dep_ in ("ccomp", "xcomp"):
                    add("complement-clause", _subtree(grandchild))
    clauses = [c for c in children if c.dep_ in ("ccomp", "conj") and c.i > cue.i]
    if len(clauses) > 1:
        add("clauses", _tokens_span(clauses[0].left_edge, clauses[-1].right_edge))
    obj = next((c for c in children if c.dep_ in ("dobj", "nsubjpass")), None)
    if obj is not None:
        last = obj.right_edge
        for child in children:
            if child.i > obj.i and child.dep_ in ("oprd", "xcomp", "ccomp", "prep", "advcl"):
                last = max(last, child.right_edge, key=lambda t: t.i)
        if last.i > obj.right_edge.i:
            add("object+", _tokens_span(obj.left_edge, last))
        if obj.dep_ == "nsubjpass":
            add("passive-subject", _subtree(obj))
    first_after = cue.i + 1
    while first_after < len(doc) and doc[first_after].dep_ in ("prt", "neg", "advmod", "punct"):
        first_after += 1
        if doc[first_after - 1].dep_ == "advmod":
            break
    if first_after <= cue.right_edge.i:
        add("right", _tokens_span(doc[first_after], cue.right_edge))
    if cue.i + 1 < sentence.end:
        add("sentence-right", _tokens_span(doc[cue.i + 1], doc[sentence.end - 1]))
    if sentence.end < len(doc) and first_after < len(doc):
        # "He said: A. B." and a quotation running on: the content goes past the
        # sentence, to the end of the next one or of the paragraph.
        following = doc[sentence.end].sent
        add("next-sentence", _tokens_span(doc[first_after], doc[following.end - 1]))
        add("paragraph-rest", _tokens_span(doc[first_after], doc[len(doc) - 1]))
    left_edge = min(cue.left_edge.i, cue.i)
    if left_edge > sentence.start:
        add("sentence-left", _tokens_span(doc[sentence.start], doc[left_edge - 1]))
    if cue.i > sentence.start:
        add("before-cue", _tokens_span(doc[sentence.start], doc[cue.i - 1]))
    add("sentence", (sentence.start_char, sentence.end_char))
    head = cue.head
    if head is not cue:
        left, right = head.left_edge.i, head.right_edge.i
        if cue.left_edge.i > left:
            add("head-left", _tokens_span(doc[left], doc[cue.left_edge.i - 1]))
        if cue.right_edge.i < right:
            add("head-right", _tokens_span(doc[cue.right_edge.i + 1], doc[right]))
        if cue.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
            add("head-noun", _tokens_span(head.left_edge, doc[max(head.i, cue.left_edge.i - 1)]))
    for quotation in view.quotations:
        if quotation.end <= min(cue.left_edge.idx, cue.idx):
            gap = text[quotation.end : min(cue.left_edge.idx, cue.idx)]
            if len(gap) <= _QUOTE_GAP and not gap.strip(" ,—–"):
                add("quote-before", quotation.inner)
        cue_end = cue.idx + len(cue.text)
        if quotation.start >= cue_end:
            gap = text[cue_end : quotation.start]
            if len(gap) <= _QUOTE_GAP and not gap.strip(" ,:—–"):
                add("quote-after", quotation.inner)
    for candidate in extra or []:
        if candidate.span not in {c.span for c in found}:
            found.append(candidate)
    return _unique(found)


def _unique(candidates: list[ContentCandidate]) -> list[ContentCandidate]:
    """One candidate a span (the first construction that gave it; the others are
    features of the same span)."""
    seen: dict[Span, int] = {}
    kept: list[ContentCandidate] = []
    for candidate in candidates:
        if candidate.span in seen:
            index = seen[candidate.span]
            merged = f"{kept[index].kind}+{candidate.kind}"
            kept[index] = ContentCandidate(merged, candidate.span)
            continue
        seen[candidate.span] = len(kept)
        kept.append(candidate)
    return kept


def source_candidates(cue: Token, content: Span) -> list[Token]:
    """The heads of the noun phrases of the cue's sentence that may be its source."""
    found = []
    for token in cue.sent:
        if token.i == cue.i or token.pos_ not in _SOURCE_POS:
            continue
        if token.dep_ not in _SOURCE_DEPS:
            continue
        if content[0] <= token.idx < content[1] and not _interrupting(token, cue, content):
            continue
        found.append(token)
    return found


def _interrupting(token: Token, cue: Token, content: Span) -> bool:
    """A subject set off inside its content ("The deal, [she] said, is dead")."""
    return content[0] <= cue.idx < content[1] and abs(token.i - cue.i) <= 6
