"""Annotation databases for the benchmarks: notes, tags and claims on real sentences.

The annotations are spread over the whole article, so that wherever the reader
is, some are on screen and in the panel, as for someone who has worked through
a long document.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from tui_reader.document import Article
from tui_reader.model import Annotation, Claim, ClaimStatus, Kind, make_annotation
from tui_reader.store import Store

NOTE = (
    "check the figure against the annual report; the source is not named and the date "
    "looks wrong compared with the earlier statement by the ministry"
)
TAGS = ("budget", "follow-up", "numbers", "quote", "disputed", "energy", "housing", "sources")


KIND_CYCLE = (Kind.NOTE,) * 6 + (Kind.TAG,) * 3 + (Kind.CLAIM,)
"""Notes, tags and claims in the proportions of 6:3:1."""


def make_annotations(article: Article, count: int, seed: int = 11) -> list[Annotation]:
    """`count` notes, tags and claims, each on a sentence picked at random."""
    rng = random.Random(seed)
    paragraphs = article.paragraphs
    annotations = []
    for index in range(count):
        start, end = rng.choice(article.sentences_in(rng.randrange(len(paragraphs))))
        kind = KIND_CYCLE[index % len(KIND_CYCLE)]
        fields = _fields(kind, rng)
        annotations.append(
            make_annotation(article.text, article.content_hash, kind, start, end, **fields)
        )
    return annotations


def _fields(kind: Kind, rng: random.Random) -> dict[str, object]:
    """The body, tags or claim of a new annotation of `kind`."""
    if kind is Kind.NOTE:
        words = NOTE.split()
        return {"body": " ".join(words[: rng.randrange(4, len(words))])}
    if kind is Kind.TAG:
        return {"tags": tuple(rng.sample(TAGS, rng.randrange(1, 4)))}
    claim = Claim(source="the ministry").with_status(rng.choice(list(ClaimStatus)))
    return {"claim": claim, "body": "compare with the report"}


def build_database(path: Path, article_path: Path, count: int) -> Path:
    """Write (once) a database holding `count` annotations on the article; returns its path."""
    if not path.exists():
        article = Article.load(article_path)
        store = Store(path, backups=0)
        store.put_annotations(make_annotations(article, count))
    return path


def fresh_copy(database: Path, directory: Path) -> Path:
    """A copy of a database to run on, so that every run starts from the same file."""
    directory.mkdir(parents=True, exist_ok=True)
    copy = directory / database.name
    shutil.copyfile(database, copy)
    return copy
