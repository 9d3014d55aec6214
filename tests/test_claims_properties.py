"""Property tests: whatever an article or an annotation file holds, the claim finder's
readers answer with spans inside the text, or a clear error, and never crash."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.document import Article
from tui_reader.errors import UserError
from tui_reader.nlp.claim_lines import headline_attribution, label_attribution
from tui_reader.nlp.claim_polnear import read_brat_attributions
from tui_reader.nlp.claim_text import find_quotations
from tui_reader.nlp.claims import find_claims

# Words, reporting verbs, names and every kind of quotation mark and punctuation.
PIECES = st.sampled_from(
    [
        *("said", "says", "told", "according", "to", "believes", "plans", "who", "which"),
        *("the", "mayor", "Marta", "Berg", "council", "Friday", "that", "and", "rules"),
        *("“", "”", '"', "''", "``", "«", "»", "„", "‘", "’", "'", "(", ")", ":", ",", "."),
        *(" ", " ", "\n", "\n\n", "—", "Says", "BERG:", "\x00", "\x1b", "é", "😀"),
    ]
)
TEXTS = st.lists(PIECES, max_size=80).map("".join) | st.text(max_size=200)


def inside(span: tuple[int, int], length: int) -> bool:
    return 0 <= span[0] <= span[1] <= length


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_quotations_are_ordered_disjoint_and_inside_the_text(text: str) -> None:
    quotations = find_quotations(text, 0, len(text))
    for quotation in quotations:
        assert inside((quotation.start, quotation.end), len(text))
        inner = quotation.inner
        assert quotation.start <= inner[0] <= inner[1] <= quotation.end
    for first, second in pairwise(quotations):
        assert first.end <= second.start


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.booleans())
def test_line_attributions_stay_inside_the_text(text: str, first: bool) -> None:
    for found in (label_attribution(text, first), headline_attribution(text, first)):
        if found is not None:
            for span in (found.source, found.cue, found.content):
                assert inside(span, len(text)) and span[0] < span[1]


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_the_rule_path_answers_spans_of_the_text(text: str) -> None:
    for claim in find_claims(Article(text=text, name="property")):
        for span in (claim.source, claim.cue, claim.content):
            assert inside(span, len(text)) and span[0] < span[1]
        if claim.resolved:
            assert inside(claim.resolved, len(text))


LINES = st.lists(
    st.sampled_from(
        [
            "T1\tSource 0 4\tThe",
            "T2\tCue 5 9\tsaid",
            "T3\tContent 10 20;21 25\tx",
            "T4\tContent 0 999\tx",
            "T5\tCue\t",
            "E1\tAttribution:T4 Cue:T2 Content:T3 Source:T1",
            "E2\tAttribution:T9 Cue:T2",
            "E3\tAttribution-no-source:T2 ",
            "#1\tAnnotatorNotes T1\tnote",
            "a line of text that continues a span",
            "",
        ]
    )
    | st.text(max_size=40),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_brat_files_give_attributions_inside_the_text_or_a_clear_error(
    tmp_path_factory, lines: list[str]
) -> None:
    path = Path(tmp_path_factory.mktemp("brat")) / "a_0000.ann"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        found = list(read_brat_attributions(path, 30))
    except UserError as error:
        assert str(error).startswith(str(path))
        return
    for attribution in found:
        for fragments in (attribution.source, attribution.cue, attribution.content):
            assert all(inside(span, 30) for span in fragments)
        assert attribution.cue and attribution.content
