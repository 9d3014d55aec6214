"""The learned part of the claim finder's parser path: linear models read from a data file.

Three decisions are learned from PolNeAR's tuned part (`train_claims`):
- the **cue** model says, for each word of a parsed paragraph, how likely it is
  the main word of an attribution's cue (logistic regression);
- the **content** model ranks the spans a cue's content may be (`claim_spans`);
- the **source** model ranks the noun phrases of the sentence, and "none".

Each model is a table of feature -> weight (`claim_features` names the
features); a decision adds up the weights of its features, in plain Python. The
file `data/claim_model.json.gz` holds the tables and the two cue thresholds
(`claim_learned`) chosen by cross-validation; `data/claim_model.md` says what
it was trained on and how to train it again.
"""

from __future__ import annotations

import gzip
import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import orjson

from tui_reader.errors import UserError

MODEL_PATH = Path(__file__).with_name("data") / "claim_model.json.gz"
FORMAT = 1
"""The layout of the model file; a file of another format is refused."""


@dataclass(frozen=True)
class LinearModel:
    """Feature -> weight; a decision's score is the sum of its features' weights."""

    weights: dict[str, float]

    def score(self, features: Iterable[str]) -> float:
        get = self.weights.get
        return sum(get(name, 0.0) for name in features)

    def probability(self, features: Iterable[str]) -> float:
        score = self.score(features)
        if score < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-score))


@dataclass(frozen=True)
class ClaimModel:
    """The three models and the thresholds the finder reads them at."""

    cue: LinearModel
    content: LinearModel
    source: LinearModel
    keep_threshold: float
    """The rules' attribution is kept when its cue's probability reaches this."""
    add_threshold: float
    """A word the rules do not read is a cue when its probability reaches this."""
    version: str
    """A digest of the file: cached claims of another model are not reused."""
    trained_on: str = ""

    def to_bytes(self) -> bytes:
        payload = {
            "format": FORMAT,
            "trained_on": self.trained_on,
            "keep_threshold": self.keep_threshold,
            "add_threshold": self.add_threshold,
            "cue": self.cue.weights,
            "content": self.content.weights,
            "source": self.source.weights,
        }
        return gzip.compress(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS), mtime=0)

    @classmethod
    def from_bytes(cls, data: bytes, where: str) -> ClaimModel:
        try:
            payload = orjson.loads(gzip.decompress(data))
            if payload["format"] != FORMAT:
                raise ValueError(f"format {payload['format']}, expected {FORMAT}")
            tables = [_table(payload[name]) for name in ("cue", "content", "source")]
            keep, add = float(payload["keep_threshold"]), float(payload["add_threshold"])
            trained_on = str(payload.get("trained_on", ""))
        except (OSError, EOFError, orjson.JSONDecodeError, KeyError, TypeError, ValueError) as e:
            raise UserError(f"{where}: not a claim model ({e})") from None
        version = hashlib.sha256(data).hexdigest()[:12]
        cue, content, source = (LinearModel(table) for table in tables)
        return cls(cue, content, source, keep, add, version, trained_on)


def _table(value: object) -> dict[str, float]:
    if not isinstance(value, dict):
        raise TypeError("a model table must be an object of feature: weight")
    return {str(name): float(weight) for name, weight in value.items()}


def read_model(path: Path) -> ClaimModel:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UserError(f"{path}: cannot be read ({error.strerror})") from None
    return ClaimModel.from_bytes(data, str(path))


@cache
def shipped_model() -> ClaimModel:
    """The model shipped with tui-reader, read once."""
    return read_model(MODEL_PATH)
