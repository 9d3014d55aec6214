"""The library at scale: `tui-reader add` of a folder of clippings, then `sources` and
`echoes` answered from the cross-article index.

The folder holds `LIBRARY_ARTICLES` invented articles of about `ARTICLE_SIZE`
characters each (`articles.generate_article`, one seed each), some 5 MB in
all. `add` runs as the user runs it, in a fresh process with an empty cache
(wall time, processes included); `sources` and `echoes` are timed in a fresh
process from the index `add` left: reading it (one file per article, the
library and the user's claims from the database) and answering, without the
interpreter's start, which `tui-reader --version` measures on its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.articles import generate_article

LIBRARY_ARTICLES = 1_000
QUICK_ARTICLES = 40
ARTICLE_SIZE = 5_000


def write_library(directory: Path, count: int) -> tuple[Path, int]:
    """A folder of `count` articles (written once); returns it and its size in bytes."""
    folder = directory / f"clippings-{count}"
    if not folder.is_dir():
        folder.mkdir(parents=True)
        for number in range(count):
            text = generate_article(ARTICLE_SIZE, seed=1_000 + number)
            (folder / f"clipping-{number:04}.txt").write_text(text, encoding="utf-8")
    size = sum(path.stat().st_size for path in folder.iterdir())
    return folder, size


def time_add(folder: Path, database: Path, environment: dict[str, str]) -> float:
    """Seconds for `tui-reader add FOLDER` in a fresh process (the cache emptied first)."""
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "tui_reader", "add", str(folder), "--db", str(database)],
        env=environment,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"tui-reader add failed:\n{completed.stderr[-3000:]}")
    return elapsed


def time_answers(database: Path, environment: dict[str, str], repeats: int) -> dict[str, list]:
    """Milliseconds for sources and echoes from the index, in a fresh process."""
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.library", str(database), str(repeats)],
        env=environment,
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"library probe failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout)


def _probe(database: Path, repeats: int) -> dict[str, list[float]]:
    from tui_reader.across.commands import library_index
    from tui_reader.across.echoes import find_echoes
    from tui_reader.across.sources import find_sources
    from tui_reader.store import Store

    figures: dict[str, list[float]] = {"sources_ms": [], "echoes_ms": [], "articles": []}
    for _ in range(repeats):
        started = time.perf_counter()
        store = Store(database, read_only=True)
        index = library_index(store, "rules")
        find_sources(index, store.source_links())
        figures["sources_ms"].append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        store = Store(database, read_only=True)
        find_echoes(library_index(store, "rules"))
        figures["echoes_ms"].append((time.perf_counter() - started) * 1000)
        figures["articles"].append(len(index.articles))
    return figures


if __name__ == "__main__":
    print(json.dumps(_probe(Path(sys.argv[1]), int(sys.argv[2]))))
