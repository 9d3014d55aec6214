"""Attributions that a whole line makes: transcript labels and headlines.

"SANDERS: We have to break up the banks." and "Q: Will you run?" give the
speaker as a label; "Turnout Will Break Records, Officials Say" and "Senator
Says Deal Is Dead" are headlines in title case, which a parser trained on
running text misreads ("Says" as a name). Both are read here from the text of a
paragraph, in offsets of that paragraph, for either path of the finder.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tui_reader.document import Span
from tui_reader.nlp.claim_cues import ClaimKind
from tui_reader.nlp.claim_lexicon import words
from tui_reader.nlp.claim_syntax import Found

_NAME_WORD = r"(?:[A-Z][\w’'.-]*|[A-Z]{2,})"
_LABEL = re.compile(
    rf"(?P<label>{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|of|de|van|von)){{0,3}}|Q|A)"
    r"[ \t]*(?P<colon>:)[ \t]+(?P<content>\S.*)",
    re.DOTALL,
)
_NOT_SPEAKERS = words(
    """update updated note editor editor's editors correction photo photos video watch read
    related see also source sources related more listen subscribe disclosure advertisement
    click follow contact email tags filed posted published image credit caption warning
    spoiler transcript story graphic chart map here where when what why how who"""
)
"""Labels that head a line but name no speaker ("UPDATE: ...", "Read more: ...")."""
_HEADLINE_CUES = (
    "Says|Say|Said|Tells|Told|Claims|Claim|Warns|Warn|Argues|Argue|Insists|Insist|Predicts|"
    "Predict|Admits|Admit|Suggests|Suggest|Thinks|Think|Believes|Believe|Wants|Want|Vows|Vow|"
    "Promises|Promise|Urges|Urge|Denies|Deny|Slams|Slam|Blasts|Blast|Rips|Hits|Knocks|Touts|"
    "Calls|Call|Pledges|Pledge|Fears|Fear|Hopes|Hope|Expects|Expect|Explains|Writes|Tweets|"
    "Reports|Report|Finds|Find|Shows|Show|Declares|Announces|Accuses|Defends|Praises"
)
_HEADLINE_AFTER = re.compile(
    rf"(?P<content>.+?),[ \t]+(?P<source>(?:{_NAME_WORD}[ \t]+){{0,5}}?{_NAME_WORD})"
    rf"[ \t]+(?P<cue>{_HEADLINE_CUES})[ \t]*[.!?]?",
    re.DOTALL,
)
_HEADLINE_BEFORE = re.compile(
    rf"(?P<source>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,5}}?)[ \t]+(?P<cue>{_HEADLINE_CUES})"
    r"[ \t]+(?P<content>(?:That[ \t]+)?\S.*)",
    re.DOTALL,
)
_MIN_CONTENT_WORDS = 3
_LONGEST_LABEL = 60
"""Characters before the colon of a transcript label, at most."""
_LONGEST_HEADLINE = 300
_BELIEF_CUES = words("thinks think believes believe fears fear hopes hope expects expect")
_INTENTION_CUES = words("wants want vows vow pledges pledge promises promise")


def label_attribution(
    text: str, first_paragraph: bool, is_name: Callable[[Span], bool] = lambda span: False
) -> Found | None:
    """A transcript label ("NAME: words") opening the paragraph.

    The label is a speaker when it is written in capitals ("SANDERS:", "Q:"), has two
    or more capitalised words ("Bernie Sanders:"), or `is_name` knows it (an entity);
    a single word in title case is most often a heading ("Background: ...").
    """
    colon = text.find(":", 0, _LONGEST_LABEL)
    match = _LABEL.fullmatch(text.rstrip()) if colon > 0 else None
    if match is None:
        return None
    label = match["label"]
    if label.split()[0].lower().rstrip("'’s") in _NOT_SPEAKERS or label.lower() in _NOT_SPEAKERS:
        return None
    if len(match["content"].split()) < _MIN_CONTENT_WORDS:
        return None
    shouted = label.isupper()
    if not (shouted or len(label.split()) >= 2 or is_name(match.span("label"))):
        return None
    return Found(
        match.span("label"),
        match.span("colon"),
        match.span("content"),
        ClaimKind.STATEMENT,
        0.7 if not first_paragraph else 0.6,
    )


def headline_attribution(
    text: str, first_paragraph: bool, is_name: Callable[[Span], bool] = lambda span: False
) -> Found | None:
    """A headline that attributes: "..., Officials Say" or "Senator Says ..."."""
    if len(text) > _LONGEST_HEADLINE or "\n" in text:
        return None
    line = text.rstrip(" \t.!?")
    if not _title_case(line) or not (first_paragraph or len(line) < 120):
        return None
    for pattern in (_HEADLINE_AFTER, _HEADLINE_BEFORE):
        match = pattern.fullmatch(line)
        if match is None or len(match["content"].split()) < _MIN_CONTENT_WORDS - 1:
            continue
        cue = match["cue"].lower()
        kind = (
            ClaimKind.BELIEF
            if cue in _BELIEF_CUES
            else ClaimKind.INTENTION
            if cue in _INTENTION_CUES
            else ClaimKind.STATEMENT
        )
        return Found(match.span("source"), match.span("cue"), match.span("content"), kind, 0.7)
    return None


def _title_case(line: str) -> bool:
    """Most words capitalised, as headlines are written (short words may stay lower)."""
    found = [w for w in re.findall(r"[A-Za-z][\w’'-]*", line) if len(w) > 3]
    return len(found) >= 2 and sum(w[0].isupper() for w in found) >= 0.8 * len(found)
