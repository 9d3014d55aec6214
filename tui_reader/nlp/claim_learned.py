"""Attributions of a parsed paragraph as the learned cue model weighs them.

For each word of the paragraph the cue model (`claim_model`) gives the
probability that it is the main word of an attribution's cue. The parser path's
rules (`claim_syntax`) read the paragraph first and are one more feature of
that model. Then:

- an attribution of the rules is kept unless the model finds its cue unlikely
  (below the model's `keep_threshold`); its source is kept as the rules read
  it, being the surer (measured on PolNeAR), and so is its content, unless the
  content model prefers a longer one that holds it and takes in no other
  attribution ("show [X with a lead]" for the rules' "show [X]");
- a word the rules do not read as a cue becomes one when the model is sure
  enough (`add_threshold`) and it is no denied statement; the content model
  then picks its content among the constructions around it
  (`claim_spans.content_candidates`) and the source model its source among the
  sentence's noun phrases, or none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from tui_reader.document import Span
from tui_reader.nlp.claim_cues import ADJECTIVE_CUES, NOUN_CUES, PHRASAL_CUES, VERB_CUES, ClaimKind
from tui_reader.nlp.claim_features import (
    ParagraphView,
    content_features,
    cue_features,
    is_cue_candidate,
    source_features,
)
from tui_reader.nlp.claim_model import ClaimModel
from tui_reader.nlp.claim_spans import ContentCandidate, content_candidates, source_candidates
from tui_reader.nlp.claim_syntax import Found, cue_span, negated, outermost, source_span

if TYPE_CHECKING:
    from spacy.tokens import Token


def rule_cues(view: ParagraphView, rules: list[Found]) -> dict[int, Found]:
    """Token index -> the rules' attribution whose cue holds that token."""
    found: dict[int, Found] = {}
    for attribution in rules:
        for token in view.doc:
            if attribution.cue[0] <= token.idx < attribution.cue[1]:
                found.setdefault(token.i, attribution)
    return found


def cue_probabilities(
    view: ParagraphView, model: ClaimModel, rules: dict[int, Found]
) -> list[tuple[Token, float]]:
    """Every candidate word with its probability of being a cue's main word."""
    scored = []
    for token in view.doc:
        if is_cue_candidate(token):
            rule = rules.get(token.i)
            features = cue_features(token, view, rule.kind.value if rule else None)
            scored.append((token, model.cue.probability(features)))
    return scored


@dataclass(frozen=True)
class Weighed:
    """A paragraph's attributions before the thresholds: the rules' with the model's
    probability of their cue, and those the model reads where the rules read none."""

    rules: list[tuple[Found, float]]
    learned: list[Found]
    """Their score is the probability of their cue."""
    longer: dict[int, Span] = field(default_factory=dict)
    """id of a rules' attribution -> the longer content the content model prefers for
    its cue, one that holds the rules' content ("show [X] with a lead" for "show
    [X]", "argued [that A: B]" for "argued that [A]"); never for a content that is a
    quotation, whose closing mark ends what was said."""


def weigh(view: ParagraphView, model: ClaimModel, rules: list[Found], floor: float) -> Weighed:
    """The rules' attributions weighed, and the model's own down to probability `floor`."""
    by_token = rule_cues(view, rules)
    probability: dict[int, float] = {}
    cue_word: dict[int, Token] = {}
    learned = []
    for token, chance in cue_probabilities(view, model, by_token):
        rule = by_token.get(token.i)
        if rule is not None:
            if chance >= probability.get(id(rule), 0.0):
                probability[id(rule)], cue_word[id(rule)] = chance, token
        elif round(chance, 2) >= floor and not _unsaid(token):
            attribution = read_cue(token, chance, view, model)
            if attribution is not None:
                learned.append(attribution)
    # A cue of no candidate word (a word the parse tags oddly) keeps the rules' word.
    weighed = [(rule, probability.get(id(rule), 1.0)) for rule in rules]
    longer = {}
    for rule in rules:
        word = cue_word.get(id(rule))
        best = best_content(word, view, model, rule) if word is not None else None
        if (
            best is not None
            and _adds_words(view.doc.text, best.span, rule.content)
            and not _takes_in_its_own(best.span, rule)
            and not any(q.inner == rule.content for q in view.quotations)
        ):
            longer[id(rule)] = best.span
    return Weighed(weighed, learned, longer)


def decide(weighed: Weighed, keep: float, add: float) -> list[Found]:
    """The attributions kept and added at these thresholds, in text order, one per
    content, none inside another's content."""
    kept = [rule for rule, chance in weighed.rules if round(chance, 2) >= keep]
    kept = _lengthened(kept, weighed.longer)
    added = [
        f
        for f in weighed.learned
        if f.score >= add and not any(_overlaps(f.content, rule.content) for rule in kept)
    ]
    chosen = kept + _one_per_content(added)
    return outermost(sorted(chosen, key=lambda f: (f.cue, f.content)))


def _lengthened(kept: list[Found], longer: dict[int, Span]) -> list[Found]:
    """The rules' attributions with the content model's longer contents, where the
    longer content takes in no other attribution's cue or content."""
    result = []
    for rule in kept:
        span = longer.get(id(rule))
        if span is not None and not any(
            other is not rule and (_overlaps(span, other.content) or _overlaps(span, other.cue))
            for other in kept
        ):
            rule = replace(rule, content=span)
        result.append(rule)
    return result


def _takes_in_its_own(span: Span, attribution: Found) -> bool:
    """Would the content take in the attribution's own cue or source ('"A," [X] said')?"""
    source = attribution.source
    return _overlaps(span, attribution.cue) or (source[0] < source[1] and _overlaps(span, source))


def _adds_words(text: str, outer: Span, inner: Span) -> bool:
    """Is `outer` a span around `inner` with more words, not only a quotation mark or
    the "that" of a clause?"""
    if not (outer[0] <= inner[0] and inner[1] <= outer[1]):
        return False
    added = _WORDS.findall(text[outer[0] : inner[0]] + " " + text[inner[1] : outer[1]])
    return any(word.lower() not in _MARKERS for word in added)


_WORDS = re.compile(r"\w+")
_MARKERS = frozenset({"that", "whether", "if"})
"""The words that open a reported clause, which the rules leave out of its content."""


def learned_attributions(view: ParagraphView, model: ClaimModel, rules: list[Found]) -> list[Found]:
    """The paragraph's attributions at the model's thresholds."""
    weighed = weigh(view, model, rules, model.add_threshold)
    return decide(weighed, model.keep_threshold, model.add_threshold)


def best_content(
    cue: Token, view: ParagraphView, model: ClaimModel, rule: Found | None
) -> ContentCandidate | None:
    """The candidate content the content model ranks first (the rules' content, for a
    cue they read, is one more candidate)."""
    extra = [ContentCandidate("rule", rule.content)] if rule is not None else []
    candidates = content_candidates(cue, view, extra)
    if not candidates:
        return None
    return max(
        candidates,
        key=lambda c: model.content.score(content_features(cue, c.kind, c.span, view)),
    )


def best_source(
    cue: Token, content: Span, view: ParagraphView, model: ClaimModel, rule: Found | None
) -> Token | None:
    """The head of the phrase the source model ranks first, or None for no source."""
    rule_head = rule_source_head(view, rule)
    best: Token | None = None
    best_score = model.source.score(source_features(cue, None, content, view, rule_head))
    for candidate in source_candidates(cue, content):
        score = model.source.score(source_features(cue, candidate, content, view, rule_head))
        if score > best_score:
            best, best_score = candidate, score
    return best


def read_cue(
    cue: Token, probability: float, view: ParagraphView, model: ClaimModel
) -> Found | None:
    """The attribution of a cue the rules do not read: its content and source as the
    models choose them."""
    content = best_content(cue, view, model, None)
    if content is None:
        return None
    source = best_source(cue, content.span, view, model, None)
    cue_place = _cue_place(cue)
    antecedent = None
    if source is None:
        source_place = cue_place[0], cue_place[0]
    else:
        source_place, antecedent = source_span(source, cue)
        if _overlaps(source_place, cue_place):
            source_place = source.idx, source.idx + len(source.text)
    quoted = any(q.inner == content.span for q in view.quotations)
    return Found(
        source_place,
        cue_place,
        content.span,
        kind_of(cue),
        round(probability, 2),
        antecedent,
        quoted,
    )


def kind_of(cue: Token) -> ClaimKind:
    """Statement, belief or intention, from the verb classes; a word they do not know
    is a statement, an adjective of attitude a belief."""
    lemma = cue.lemma_.lower()
    particle = next((c.lower_ for c in cue.children if c.dep_ == "prt"), None)
    if particle is not None and (lemma, particle) in PHRASAL_CUES:
        return PHRASAL_CUES[(lemma, particle)].kind
    for table in (VERB_CUES, NOUN_CUES):
        if lemma in table:
            return table[lemma].kind
    if cue.lower_ in ADJECTIVE_CUES:
        return ADJECTIVE_CUES[cue.lower_].kind
    return ClaimKind.BELIEF if cue.pos_ == "ADJ" else ClaimKind.STATEMENT


def _cue_place(cue: Token) -> Span:
    """The cue's span: the word with its particle, "according to" whole."""
    start, end = cue_span(cue)
    doc = cue.doc
    if cue.lower_ == "according" and cue.i + 1 < len(doc) and doc[cue.i + 1].lower_ == "to":
        end = doc[cue.i + 1].idx + len(doc[cue.i + 1].text)
    return start, end


def rule_source_head(view: ParagraphView, rule: Found | None) -> int | None:
    """The token the rules' source ends on (its head, for a noun phrase), if any."""
    if rule is None or rule.source[0] == rule.source[1]:
        return None
    inside = [t for t in view.doc if rule.source[0] <= t.idx < rule.source[1]]
    if not inside:
        return None
    roots = [t for t in inside if not rule.source[0] <= t.head.idx < rule.source[1]]
    return (roots or inside)[0].i


def _one_per_content(found: list[Found]) -> list[Found]:
    """Two cue words with the same content ("has said") are one attribution: the surer."""
    best: dict[Span, Found] = {}
    for attribution in found:
        kept = best.get(attribution.content)
        if kept is None or attribution.score > kept.score:
            best[attribution.content] = attribution
    return sorted(best.values(), key=lambda f: (f.cue, f.content))


def _unsaid(cue: Token) -> bool:
    """ "did not say how many": a statement denied is no claim, for the rules too."""
    return kind_of(cue) is ClaimKind.STATEMENT and negated(cue)


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]
