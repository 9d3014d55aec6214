"""Scoring suggested claims against a trained annotator's attributions (PolNeAR rules).

- A gold attribution is **found** when one suggested claim's content covers at
  least half of the gold content's characters.
- **Precision** is the share of suggested claims whose content overlaps some
  gold content.
- **Source correct**: of the found attributions that have a gold source, those
  whose finding claim names a source overlapping it, as written ("he") or as
  resolved ("Hillary Clinton"). When several claims find one attribution, the
  one covering most of it speaks for it.
- Recall is also counted on the attributions whose cue holds a verb of speech
  or thought (`SPEECH_AND_THOUGHT`), what a fact-checker needs most.

An article annotated by several people is scored against each of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tui_reader.document import Span
from tui_reader.nlp.claim_polnear import Fragments, GoldAttribution
from tui_reader.nlp.claims import ClaimCandidate

FOUND_SHARE = 0.5
"""A gold content is found when this share of its characters is covered."""

_IRREGULAR = {
    "say": "said",
    "tell": "told",
    "write": "wrote written",
    "think": "thought",
    "know": "knew known",
    "feel": "felt",
    "understand": "understood",
    "swear": "swore sworn",
}
_DOUBLED = frozenset(["admit", "quip", "prefer", "plan", "brag"])
_SPEECH = """say tell add state claim argue explain note write tweet announce declare report
    insist ask answer reply respond warn suggest predict promise deny admit acknowledge confirm
    assert contend maintain recall remark comment testify vow pledge urge allege concede mention
    reveal disclose emphasize emphasise stress repeat reiterate joke quip shout exclaim whisper
    complain boast brag estimate forecast propose demand threaten swear assure inform remind
    caution advise counter retort conclude"""
_THOUGHT = """think believe know feel hope fear want expect worry doubt wonder suspect assume
    consider plan intend wish guess figure imagine realize realise understand agree decide
    prefer anticipate"""


def _inflections(lemma: str) -> set[str]:
    """The forms of a verb: base, third person, past (and participle) and -ing."""
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return {lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    third = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else "s")
    if lemma in _DOUBLED:
        past, ing = lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"
    elif lemma.endswith("ee"):
        past, ing = lemma + "d", lemma + "ing"
    elif lemma.endswith("e"):
        past, ing = lemma + "d", lemma[:-1] + "ing"
    else:
        past, ing = lemma + "ed", lemma + "ing"
    return {lemma, third, ing, *(_IRREGULAR.get(lemma, "").split() or [past])}


SPEECH_AND_THOUGHT = frozenset(
    form for lemma in (_SPEECH + " " + _THOUGHT).split() for form in _inflections(lemma)
)
"""Every form of the verbs of speech and thought that make a cue one a fact-checker needs."""
_WORD = re.compile(r"[a-z]+")


def is_speech_or_thought(cue_text: str) -> bool:
    """Does a gold cue hold a verb of speech or thought ("has said", "told", "believes")?"""
    return any(word in SPEECH_AND_THOUGHT for word in _WORD.findall(cue_text.lower()))


@dataclass
class Tally:
    """Counts from which every figure of the evaluation table is computed."""

    articles: int = 0
    gold: int = 0
    found: int = 0
    suggested: int = 0
    precise: int = 0
    """Suggested claims whose content overlaps some gold content."""
    sourced: int = 0
    """Found attributions that have a gold source."""
    source_correct: int = 0
    speech: int = 0
    """Attributions whose cue is a verb of speech or thought."""
    speech_found: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.precise / self.suggested if self.suggested else 0.0

    @property
    def source_accuracy(self) -> float:
        return self.source_correct / self.sourced if self.sourced else 0.0

    @property
    def speech_recall(self) -> float:
        return self.speech_found / self.speech if self.speech else 0.0

    def to_dict(self) -> dict[str, object]:
        counts: dict[str, object] = {
            name: getattr(self, name) for name in self.__dataclass_fields__
        }
        return counts | {
            "recall": round(self.recall, 3),
            "precision": round(self.precision, 3),
            "source_correct": round(self.source_accuracy, 3),
            "speech_thought_recall": round(self.speech_recall, 3),
        }


@dataclass(frozen=True, slots=True)
class Miss:
    """An error to look at while tuning: a gold attribution missed or mis-sourced, or a
    suggestion that overlaps no gold content."""

    kind: str
    """"missed", "wrong source" or "spurious"."""
    source: str
    cue: str
    content: str
    offset: int


def _covered(span: Span, fragments: Fragments) -> int:
    return sum(max(0, min(span[1], end) - max(span[0], start)) for start, end in fragments)


def _length(fragments: Fragments) -> int:
    return sum(end - start for start, end in fragments)


def _source_overlaps(candidate: ClaimCandidate, gold: Fragments) -> bool:
    spans = (candidate.source, candidate.resolved) if candidate.resolved else (candidate.source,)
    return any(_covered(span, gold) for span in spans)


def score_annotation(
    text: str, suggested: Sequence[ClaimCandidate], gold: Iterable[GoldAttribution]
) -> tuple[Tally, list[Miss]]:
    """Score one article's suggestions against one annotator's attributions."""
    tally = Tally(articles=1, suggested=len(suggested))
    misses: list[Miss] = []
    gold = list(gold)
    hit = [False] * len(suggested)
    for attribution in gold:
        length = _length(attribution.content) or 1
        speech = is_speech_or_thought(" ".join(text[s:e] for s, e in attribution.cue))
        tally.gold += 1
        tally.speech += speech
        best: ClaimCandidate | None = None
        best_cover = 0
        for number, candidate in enumerate(suggested):
            cover = _covered(candidate.content, attribution.content)
            if cover:
                hit[number] = True
            if cover > best_cover:
                best, best_cover = candidate, cover
        if best is None or best_cover < FOUND_SHARE * length:
            misses.append(_miss("missed", text, attribution))
            continue
        tally.found += 1
        tally.speech_found += speech
        if attribution.source:
            tally.sourced += 1
            if _source_overlaps(best, attribution.source):
                tally.source_correct += 1
            else:
                misses.append(_miss("wrong source", text, attribution, best))
    tally.precise = sum(hit)
    for number, candidate in enumerate(suggested):
        if not hit[number]:
            misses.append(
                Miss(
                    "spurious",
                    candidate.source_text(text),
                    text[slice(*candidate.cue)],
                    text[slice(*candidate.content)],
                    candidate.cue[0],
                )
            )
    return tally, misses


def _miss(kind: str, text: str, gold: GoldAttribution, found: ClaimCandidate | None = None) -> Miss:
    def cut(fragments: Fragments) -> str:
        return " … ".join(text[start:end] for start, end in fragments)

    source = cut(gold.source)
    if found is not None:
        source = f"{source} (found: {found.source_text(text)})"
    return Miss(kind, source, cut(gold.cue), cut(gold.content), gold.cue[0][0])
