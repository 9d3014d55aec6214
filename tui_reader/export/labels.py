"""Span labels of other tools, read as tui-reader's entity types or as tags.

Annotators label names with many label sets: CoNLL's `PER ORG LOC MISC`,
`Person / Organization / Location` (brat's examples, Label Studio's templates),
ACE and MUC names, OntoNotes (spaCy's). Every importer of labelled spans (brat,
doccano, Label Studio, WebAnno, Prodigy) reads its labels here, so one label set
reads the same in every format:

- a label of a known set is the entity type it names (`PER` and `Person` are
  `PERSON`; `LOC` and `Location` are `LOC`, a place of any kind, since these
  sets do not tell a country from a river; CoNLL's `MISC` is kept as `MISC`,
  which no OntoNotes type holds, and shown with the other names);
- `--label-map FILE` maps any other label (or overrides these): a TOML file of
  `LABEL = "TYPE"` lines, where TYPE is an OntoNotes type, `MISC`, `"tag"` (the
  label becomes a tag, as every unknown label does) or `"skip"` (not imported);
- tui-reader's own brat types (`Note`, `Tag`, `Claim`) are read by the brat
  importer before this.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from tui_reader.errors import UserError
from tui_reader.input_files import read_regular_file
from tui_reader.model import ENTITY_LABELS

MISC = "MISC"
"""CoNLL's miscellaneous names: no OntoNotes type holds them, so they keep their name."""
TAG = "tag"
SKIP = "skip"
ENTITY_TYPES = frozenset([*ENTITY_LABELS, MISC])
"""What a label may be read as, besides a tag or nothing."""
_MAX_MAP_BYTES = 1024 * 1024

_COMMON: dict[str, str] = {
    # CoNLL-2002/2003 and the IOB sets that follow it
    "per": "PERSON",
    "org": "ORG",
    "loc": "LOC",
    "misc": MISC,
    # Person / Organization / Location (brat's examples, Label Studio's NER template)
    "person": "PERSON",
    "people": "PERSON",
    "pers": "PERSON",
    "organization": "ORG",
    "organisation": "ORG",
    "location": "LOC",
    "place": "LOC",
    "miscellaneous": MISC,
    # ACE, MUC and friends
    "geo_political_entity": "GPE",
    "geopolitical_entity": "GPE",
    "gpe_loc": "GPE",
    "facility": "FAC",
    "nationality": "NORP",
    "date": "DATE",
    "time": "TIME",
    "money": "MONEY",
    "percent": "PERCENT",
    "percentage": "PERCENT",
    "quantity": "QUANTITY",
    "cardinal": "CARDINAL",
    "ordinal": "ORDINAL",
    "event": "EVENT",
    "product": "PRODUCT",
    "law": "LAW",
    "language": "LANGUAGE",
    "work_of_art": "WORK_OF_ART",
}
"""Known labels, by their normalised spelling (see `_normalised`), -> entity type."""
_SEPARATORS = re.compile(r"[\s\-.]+")


def _normalised(label: str) -> str:
    """`Geo-political Entity` -> `geo_political_entity`: case, spaces and hyphens aside."""
    return _SEPARATORS.sub("_", label.strip()).casefold()


@dataclass(frozen=True)
class LabelMap:
    """How an import reads span labels: the known sets, and the user's own map."""

    own: dict[str, str] = field(default_factory=dict)
    """The user's map, label as written -> entity type, `tag` or `skip`."""

    def read(self, label: str) -> tuple[str, str]:
        """("entity", TYPE), ("tag", LABEL) or ("skip", LABEL) for one label."""
        target = self.own.get(label) or self.own.get(_normalised(label))
        if target is None:
            known = label.strip() in ENTITY_TYPES
            target = label.strip() if known else _COMMON.get(_normalised(label), TAG)
        if target in ENTITY_TYPES:
            return "entity", target
        return target, label


DEFAULT_LABELS = LabelMap()


def load_label_map(path: Path) -> LabelMap:
    """The user's `--label-map` file (a one-line `UserError` when it is not one)."""
    data = read_regular_file(path, _MAX_MAP_BYTES, "a label map")
    try:
        table = tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text, so not a label map") from None
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"{path}: not a TOML label map ({error})") from None
    allowed = f"an entity type ({', '.join(sorted(ENTITY_TYPES))}), {TAG!r} or {SKIP!r}"
    own: dict[str, str] = {}
    for label, value in table.items():
        if not isinstance(value, str):
            raise UserError(f"{path}: {label!r} must map to {allowed}")
        target = value.strip()
        if target.upper() in ENTITY_TYPES:
            target = target.upper()
        elif target.lower() in (TAG, SKIP):
            target = target.lower()
        else:
            raise UserError(f"{path}: {label!r} maps to {value!r}, which is not {allowed}")
        own[label] = target
        own.setdefault(_normalised(label), target)
    return LabelMap(own)
