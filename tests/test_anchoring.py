"""Locating quotes in edited texts, re-anchoring annotations, and the edit distance."""

from __future__ import annotations

import random

import pytest

from tui_reader.anchoring import (
    _distances,
    locate,
    reanchor,
    reattach,
    selectors_for,
)
from tui_reader.model import Kind, make_annotation

ARTICLE = (
    "Riverton council approved the new harbour plan on Monday after a long debate.\n\n"
    "The plan, which the mayor called the most important decision of the decade, will cost "
    "about 40 million pounds over five years. Opposition members said the cost was too high "
    "and that the council had not consulted the fishing community.\n\n"
    'The harbour master, Ellen Marsh, said the works would start in the spring. "We have '
    'waited for this for twenty years," she said. The council will publish the full plan '
    "next week, and a public meeting is planned for the end of the month.\n\n"
    "Fishing families said they would study the plan before deciding whether to object.\n"
)


def quote_of(text: str, passage: str, occurrence: int = 0) -> tuple[int, int, str, str, str]:
    """The position and quote selector of the `occurrence`-th `passage` in `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(passage, start + 1)
    end = start + len(passage)
    _, quote = selectors_for(text, start, end)
    return start, end, quote.exact, quote.prefix, quote.suffix


def test_unchanged_text_is_found_at_its_position() -> None:
    start, end, exact, prefix, suffix = quote_of(ARTICLE, "40 million pounds")
    assert locate(ARTICLE, exact, prefix, suffix, hint=start) == (start, end)


def test_text_inserted_before_moves_the_passage() -> None:
    start, end, exact, prefix, suffix = quote_of(ARTICLE, "Ellen Marsh")
    edited = "UPDATE: the vote was unanimous.\n\n" + ARTICLE
    shift = len("UPDATE: the vote was unanimous.\n\n")
    assert locate(edited, exact, prefix, suffix, hint=start) == (start + shift, end + shift)
    assert locate(edited, exact, prefix, suffix) == (start + shift, end + shift)


@pytest.mark.parametrize("occurrence", range(ARTICLE.count("the plan")))
def test_repeated_short_quotes_are_told_apart_by_their_context(occurrence: int) -> None:
    start, end, exact, prefix, suffix = quote_of(ARTICLE, "the plan", occurrence)
    edited = ARTICLE.replace("Riverton council", "The Riverton town council", 1)
    shift = len(edited) - len(ARTICLE)
    assert locate(edited, exact, prefix, suffix, hint=start) == (start + shift, end + shift)
    assert locate(edited, exact, prefix, suffix, hint=None) == (start + shift, end + shift)
    assert locate(edited, exact, prefix, suffix, hint=0) == (start + shift, end + shift)


def test_a_short_quote_whose_neighbours_changed_keeps_its_place() -> None:
    start, _, exact, prefix, suffix = quote_of(ARTICLE, "the cost", 0)
    edited = ARTICLE.replace("Opposition members said", "Critics in the chamber argued")
    new_start = edited.index("the cost was too high")
    assert locate(edited, exact, prefix, suffix, hint=start) == (new_start, new_start + 8)


def test_a_lightly_edited_quote_is_found() -> None:
    passage = "will cost about 40 million pounds over five years"
    start, _, exact, prefix, suffix = quote_of(ARTICLE, passage)
    edited_passage = "will cost nearly 45 million pounds over six years"
    edited = ARTICLE.replace(passage, edited_passage)
    new_start = edited.index(edited_passage)
    assert locate(edited, exact, prefix, suffix, hint=start) == (
        new_start,
        new_start + len(edited_passage),
    )


def test_an_edited_quote_that_also_moved_is_found() -> None:
    passage = "the council had not consulted the fishing community"
    _, _, exact, prefix, suffix = quote_of(ARTICLE, passage)
    edited_passage = "the council had never consulted the fishing community"
    paragraphs = ARTICLE.replace(passage, edited_passage).split("\n\n")
    edited = "\n\n".join([paragraphs[2], paragraphs[0], paragraphs[1], paragraphs[3]])
    new_start = edited.index(edited_passage)
    found = locate(edited, exact, prefix, suffix, hint=10)
    assert found == (new_start, new_start + len(edited_passage))


def test_a_removed_quote_is_not_placed() -> None:
    sentence = '"We have waited for this for twenty years," she said. '
    start, _, exact, prefix, suffix = quote_of(ARTICLE, "waited for this for twenty years")
    edited = ARTICLE.replace(sentence, "")
    assert locate(edited, exact, prefix, suffix, hint=start) is None


def test_a_removed_short_quote_is_not_placed_on_another_occurrence() -> None:
    start, _, exact, prefix, suffix = quote_of(ARTICLE, "the mayor")
    edited = ARTICLE.replace(
        ", which the mayor called the most important decision of the decade,", ""
    )
    edited += "Asked about the mayor, officials declined to comment.\n"
    assert "the mayor" in edited
    assert locate(edited, exact, prefix, suffix, hint=start) is None


def test_a_rewritten_quote_is_not_placed() -> None:
    passage = "works would start in the spring"
    start, _, exact, prefix, suffix = quote_of(ARTICLE, passage)
    edited = ARTICLE.replace(passage, "project is already delayed")
    assert locate(edited, exact, prefix, suffix, hint=start) is None


def test_a_long_quote_is_found_when_its_whole_context_changed() -> None:
    passage = "The council will publish the full plan next week"
    start, _, exact, prefix, suffix = quote_of(ARTICLE, passage)
    edited = f"Other news first.\n{passage}.\nMore other news.\n"
    assert locate(edited, exact, prefix, suffix, hint=start) == (18, 18 + len(passage))


def test_line_ending_conversion_keeps_the_exact_passage() -> None:
    passage = "next week, and a public meeting is planned for the end of the month.\n\nFishing"
    start, end, exact, prefix, suffix = quote_of(ARTICLE, passage)
    crlf = ARTICLE.replace("\n", "\r\n")
    new_start = crlf.index(passage.replace("\n", "\r\n"))
    found = locate(crlf, exact, prefix, suffix, hint=start)
    assert found == (new_start, new_start + len(passage) + 2)

    _, _, exact, prefix, suffix = quote_of(crlf, passage.replace("\n", "\r\n"))
    assert locate(ARTICLE, exact, prefix, suffix, hint=new_start) == (start, end)


def test_nothing_to_find() -> None:
    assert locate(ARTICLE, "") is None
    assert locate("", "harbour") is None
    assert locate(ARTICLE, "a quote that never was in this text at all") is None


def test_ten_megabytes_find_an_edited_passage_and_give_up_on_a_deleted_one() -> None:
    rng = random.Random(7)
    vocabulary = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(7)) for _ in range(5000)
    ] + ["the"] * 300
    text = " ".join(rng.choice(vocabulary) for _ in range(1_300_000))
    assert len(text) > 10_000_000
    start = text.index(" ", 6_000_000) + 1
    end = text.index(" ", start + 60)
    _, quote = selectors_for(text, start, end)
    words = quote.exact.split()
    words[3] = "edited"
    inserted = "an inserted sentence. "
    edited = text[:1000] + inserted + text[1000:start] + " ".join(words) + text[end:]
    new_start = start + len(inserted)

    found = locate(edited, quote.exact, quote.prefix, quote.suffix, hint=start)
    missing = locate(text[:start] + text[end:], quote.exact, quote.prefix, quote.suffix, start)

    assert found == (new_start, new_start + len(" ".join(words)))
    assert missing is None


# Re-anchoring annotations -------------------------------------------------------------


def test_reanchor_places_annotations_and_keeps_orphans() -> None:
    old_hash, new_hash = "1" * 64, "2" * 64
    spans = {
        "mayor": "the mayor called",
        "cost": "40 million pounds",
        "quote": "waited for this for twenty years",
        "families": "Fishing families",
    }
    annotations = {
        name: make_annotation(
            ARTICLE,
            old_hash,
            Kind.NOTE,
            ARTICLE.index(passage),
            ARTICLE.index(passage) + len(passage),
            body=name,
        )
        for name, passage in spans.items()
    }
    edited = "Breaking: " + ARTICLE.replace('"We have waited for this for twenty years," ', "")

    result = reanchor(edited, annotations.values(), new_hash)

    placed = {a.body: a for a in result.placed}
    assert set(placed) == {"mayor", "cost", "families"}
    for name, annotation in placed.items():
        assert edited[annotation.start : annotation.end] == spans[name]
        assert annotation.quote == selectors_for(edited, annotation.start, annotation.end)[1]
        assert annotation.article == new_hash
        assert not annotation.orphan
        assert annotation.id == annotations[name].id
    [orphan] = result.orphans
    assert orphan.orphan and orphan.article == new_hash
    assert orphan.quote == annotations["quote"].quote
    assert len(result.annotations) == 4

    again = reanchor(ARTICLE, result.annotations, old_hash)
    assert again.orphans == ()
    back = {a.body: a for a in again.placed}
    assert (back["quote"].start, back["quote"].end) == (
        annotations["quote"].start,
        annotations["quote"].end,
    )


def test_reattach_gives_an_orphan_a_new_place() -> None:
    orphan = make_annotation(ARTICLE, "1" * 64, Kind.TAG, 0, 8, tags=("plan",))
    orphan = reanchor("unrelated text", [orphan], "3" * 64).orphans[0]
    start = ARTICLE.index("harbour plan")
    moved = reattach(orphan, ARTICLE, start, start + 12, "4" * 64)
    assert not moved.orphan
    assert (moved.start, moved.end, moved.quote.exact) == (start, start + 12, "harbour plan")
    assert moved.article == "4" * 64
    assert moved.tags == ("plan",) and moved.id == orphan.id


# The edit distance ---------------------------------------------------------------------


def _table_distances(pattern: str, text: str, anchored: bool) -> list[int]:
    """The textbook dynamic programme, to check the bit-parallel one against."""
    previous = list(range(len(pattern) + 1))
    result = []
    for column, character in enumerate(text):
        current = [column + 1 if anchored else 0]
        for row in range(1, len(pattern) + 1):
            current.append(
                min(
                    previous[row] + 1,
                    current[row - 1] + 1,
                    previous[row - 1] + (pattern[row - 1] != character),
                )
            )
        result.append(current[-1])
        previous = current
    return result


def test_bit_parallel_distances_match_the_textbook_table() -> None:
    rng = random.Random(11)
    for _ in range(2000):
        pattern = "".join(rng.choice("abc") for _ in range(rng.randint(1, 70)))
        text = "".join(rng.choice("abcd") for _ in range(rng.randint(0, 40)))
        for anchored in (True, False):
            assert _distances(pattern, text, anchored=anchored) == _table_distances(
                pattern, text, anchored
            )
