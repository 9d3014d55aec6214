"""How long saving one annotation takes as the database grows.

    python benchmarks/bench_store.py            # 100, 1,000 and 10,000 annotations
    python benchmarks/bench_store.py 50000 -r 20

For each size, a database of that many realistic annotations is built in a
temporary directory beside nothing else, then one annotation is saved
`repeats` times. Three cases are timed:

- `save`: the usual one, this instance wrote last (no re-parse of the file);
- `no backup`: the same without the rotating backup copy, to show its cost;
- `after other`: another instance wrote just before, so the file is parsed again.

The target (issue 4) is a median `save` of at most 50 ms at 10,000 annotations.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tui_reader.model import Annotation, Kind, make_annotation
from tui_reader.store import Store
from tui_reader.store.backups import BACKUP_COUNT

SIZES = (100, 1_000, 10_000)
WORDS = [
    "council",
    "budget",
    "river",
    "harbour",
    "minister",
    "report",
    "agency",
    "market",
    "school",
    "bridge",
    "election",
    "court",
    "museum",
    "railway",
    "festival",
    "village",
    "province",
    "summit",
    "treaty",
    "survey",
]


def _article(seed: int, words: int = 60_000) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _annotations(text: str, count: int, seed: int) -> list[Annotation]:
    """`count` notes on passages of `text`, with bodies and tags of typical length."""
    rng = random.Random(seed)
    notes = []
    for _ in range(count):
        start = rng.randrange(0, len(text) - 200)
        end = start + rng.randrange(20, 160)
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(5, 40)))
        tags = tuple(rng.sample(WORDS, rng.randrange(0, 3)))
        notes.append(make_annotation(text, "a" * 64, Kind.NOTE, start, end, body=body, tags=tags))
    return notes


def measure_save(
    n_annotations: int,
    repeats: int,
    *,
    backups: int = BACKUP_COUNT,
    after_other_instance: bool = False,
) -> dict:
    """Time saving one annotation into a database holding `n_annotations`.

    Returns milliseconds (median, p90, min, max) and the database's size in bytes.
    """
    text = _article(seed=1)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "annotations.json"
        store = Store(path, backups=backups)
        store.put_annotations(_annotations(text, n_annotations, seed=2))
        other = Store(path) if after_other_instance else None
        extra = _annotations(text, repeats * 2, seed=3)
        timings = []
        for index in range(repeats):
            if other is not None:
                other.put_annotation(extra[repeats + index])
            started = time.perf_counter()
            store.put_annotation(extra[index])
            timings.append((time.perf_counter() - started) * 1000)
        size = path.stat().st_size
    timings.sort()
    return {
        "n_annotations": n_annotations,
        "repeats": repeats,
        "median_ms": statistics.median(timings),
        "p90_ms": timings[min(len(timings) - 1, int(len(timings) * 0.9))],
        "min_ms": timings[0],
        "max_ms": timings[-1],
        "file_bytes": size,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("-r", "--repeats", type=int, default=30)
    args = parser.parse_args(argv)
    print(
        f"{'annotations':>11} {'file MB':>8} {'save ms (median/p90)':>21} "
        f"{'no backup':>10} {'after other':>12}"
    )
    for size in args.sizes:
        usual = measure_save(size, args.repeats)
        bare = measure_save(size, args.repeats, backups=0)
        cold = measure_save(size, args.repeats, after_other_instance=True)
        print(
            f"{size:>11,} {usual['file_bytes'] / 1e6:>8.2f} "
            f"{usual['median_ms']:>12.1f} / {usual['p90_ms']:>6.1f} "
            f"{bare['median_ms']:>10.1f} {cold['median_ms']:>12.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
