"""The rules' shortcuts must find what the plain way finds: the reading ahead (a line
scanned once, its finds left unfinished the first time) what two full readings find,
and the runs of capitals what their pattern finds without its quick first test."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.nlp.rules import (
    _LOOKAHEAD_PARAGRAPHS,
    _RUN_START,
    _SEQUENCE,
    RuleRecognizer,
    _Memory,
)

_LINES = [
    "ORLANDO VESK WINS AT LAST",
    "By Mirela Dunstan and Teo Halvik",
    "PORTWELL, Norland (Wire) – Orlando Vesk, 71, said on Monday that the plan had failed.",
    "SOCCER - BRANNHOLM BEAT KESTRAL 2-1",
    "Brannholm beat Kestral 2-1 on Saturday in front of 4,000 fans.",
    "Vesk told the Portwell Harbour Council that 12% of the $40 million was gone.",
    "“We will not accept it,” said Dunstan, a spokeswoman for Nordvik Shipping.",
    "Nordvik said in a statement it would appeal, and Kestral 3 Brannholm 0.",
    "Reporting by Teo Halvik in Portwell; Editing by Ana Ruel",
    "Shares in Nordvik fell 4.5% to $12 in early trading.",
    "The mayor of Portwell, Ines Karro, met Vesk in January 2024.",
    "VESK AND KARRO MEET IN PORTWELL",
    "",
]


def _two_full_readings(recognizer: RuleRecognizer, paragraphs: list[str]) -> list[object]:
    """The reading ahead as it was first written: every leading paragraph read in full,
    then every paragraph read in full with what that taught."""
    memory = _Memory()
    for text in paragraphs[:_LOOKAHEAD_PARAGRAPHS]:
        recognizer.find(text, memory)
    found = []
    for text in paragraphs:
        entities = recognizer.find(text, memory)
        spans = (memory.guesses, memory.structural, memory.evidence, memory.credits)
        found.append((entities, *(frozenset(s) for s in spans)))
    return found


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(_LINES), min_size=1, max_size=3).map("\n".join),
        min_size=1,
        max_size=_LOOKAHEAD_PARAGRAPHS + 4,
    )
)
def test_reading_ahead_finds_what_two_full_readings_find(paragraphs: list[str]) -> None:
    recognizer = RuleRecognizer()
    read = [
        (r.found, r.guesses, r.structural, r.evidence, r.credits)
        for r in recognizer.read(enumerate(paragraphs))
    ]
    assert read == _two_full_readings(recognizer, paragraphs)


_WITHOUT_RUN_START = re.compile(_SEQUENCE.pattern.removeprefix(_RUN_START))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *_LINES,
                "al-Bashir",
                "el Sisi",
                "d'Estaing",
                "l’Oréal",
                "van der Berg",
                "U.N.",
                "Mr. Ode",
                "de la Cruz",
                "bin Salman",
                "ibn Saud",
                "Éire",
                "Łódź",
                "ßtraße",
                "—",
            ]
        )
        | st.text(max_size=12),
        max_size=8,
    ).map(" ".join)
)
def test_runs_of_capitals_are_found_as_without_the_quick_first_test(text: str) -> None:
    assert [m.span() for m in _SEQUENCE.finditer(text)] == [
        m.span() for m in _WITHOUT_RUN_START.finditer(text)
    ]
