"""Numeric disagreements between claims, on articles written for these tests."""

from __future__ import annotations

import pytest

from tui_reader.document import Article
from tui_reader.nlp.claims import find_claims
from tui_reader.nlp.disagreements import Disagreement, find_disagreements


def flags(text: str) -> list[Disagreement]:
    article = Article(text=text, name="test")
    return find_disagreements(article, find_claims(article))


def figures(text: str, flag: Disagreement) -> tuple[str, str]:
    return (
        text[flag.first_figure[0] : flag.first_figure[1]],
        text[flag.second_figure[0] : flag.second_figure[1]],
    )


def test_two_sources_counting_the_same_dead_differently_are_flagged() -> None:
    text = (
        "Fighting broke out near the dam between the army and the Zarovian militia Black Hawk.\n\n"
        "Local monitors estimated 30 or more Black Hawk fighters had been killed.\n\n"
        "A rebel spokesman said his men had killed 90 Zarovians and 12 army officers."
    )
    found = flags(text)
    assert len(found) == 1
    flag = found[0]
    assert figures(text, flag) == ("30 or more Black Hawk fighters", "90 Zarovians")
    assert flag.event == "killed"
    assert flag.first.source_text(text) == "Local monitors"
    assert flag.second.source_text(text) == "A rebel spokesman"
    assert flag.describe(text) == (
        "killed: Local monitors: '30 or more Black Hawk fighters' "
        "vs A rebel spokesman: '90 Zarovians'"
    )


def test_plain_counts_of_the_same_people_are_compared() -> None:
    text = (
        "Police said at least 12 people were injured in the blast.\n\n"
        "Hospital staff said they had treated about 40 injured people."
    )
    assert [figures(text, f) for f in flags(text)] == [
        ("at least 12 people", "about 40 injured people")
    ]


@pytest.mark.parametrize(
    "text",
    [
        # Ranges that overlap: "dozens" can be 50.
        "Officials said dozens of soldiers were killed. The rebels said they killed 50 soldiers.",
        # Different events: killed against injured.
        "Officials said 12 soldiers were killed. Medics said 40 soldiers were injured.",
        # A total of two groups is not a count of one of them.
        "The army said it killed dozens of Zarovians and Kelts. Rebels said 10 Kelts had died.",
        # A subset: "30 of the dead".
        "Officials said 127 people were killed. UNICEF said 30 of the dead were children.",
        # Different times.
        "Monitors said 20,000 people have been killed since 2015. "
        "Witnesses said 35 people were killed on Saturday.",
        # Different countries.
        "Officials said 127 people were killed in Pakistan. "
        "In India, authorities said 14 people had died in landslides.",
        # Different groups, one of them named.
        "Monitors said 30 Black Hawk fighters were killed. The army said 12 officers were killed.",
        # Figures from the same claim.
        "The rebels said they killed 50 soldiers and lost 10 fighters.",
        # Not counts of people: units and years.
        "The ministry said 40 km of road were lost in 2021. Engineers said 12 km were lost.",
    ],
)
def test_figures_that_do_not_disagree_are_not_flagged(text: str) -> None:
    assert flags(text) == []
