"""Entity labels: spaCy's OntoNotes names, and the coarse types the evaluation reports.

Every backend speaks these labels, so the colours, the filters, the exports and
the evaluation never need to know which backend found an entity.
"""

from __future__ import annotations

LABELS: tuple[str, ...] = (
    "PERSON",
    "NORP",
    "FAC",
    "ORG",
    "GPE",
    "LOC",
    "PRODUCT",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
    "DATE",
    "TIME",
    "PERCENT",
    "MONEY",
    "QUANTITY",
    "ORDINAL",
    "CARDINAL",
)
"""The eighteen OntoNotes 5 entity types, in spaCy's order."""

COARSE_TYPES: dict[str, str] = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "NORP": "NORP",
    "DATE": "DATE",
    "TIME": "DATE",
    "CARDINAL": "NUMBER",
    "QUANTITY": "NUMBER",
    "MONEY": "NUMBER",
    "PERCENT": "NUMBER",
}
"""Fine label -> coarse type. Labels missing here (ORDINAL, EVENT, LAW, ...) have
no coarse type: a reader rarely cares whether "Mali" is GPE or LOC, but always
cares whether it is a place."""


SOURCE_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC"})
"""Entity types that can say something: the sources of claims."""
