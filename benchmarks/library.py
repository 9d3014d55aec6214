"""The library at scale: `tui-reader add` of a folder of clippings, then `sources` and
`echoes` answered from the cross-article index.

The folder holds `LIBRARY_ARTICLES` invented articles of about `ARTICLE_SIZE`
characters each (`articles.generate_article`, one seed each), some 5 MB in
all. `add` runs as the user runs it, in a fresh process with an empty cache
(wall time, processes included; the cores it may use are in the notes).
`sources` and `echoes` are timed in a fresh process from the index `add` left,
without the interpreter's start (which `tui-reader --version` measures on its
own): first computed (the index read from its pack, the sources and echoes
grouped), as after any change to the library, then answered again (the kept
answer, `across/answers.py`), each time with the database opened. The
commands are also run whole as a user runs them, `--format json` into a pipe,
for their process wall time.
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
    """Milliseconds for sources and echoes, computed and kept, in a fresh process; then
    the wall time of each command run whole."""
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.library", str(database), str(repeats)],
        env=environment,
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"library probe failed:\n{completed.stderr[-3000:]}")
    figures: dict[str, list] = json.loads(completed.stdout)
    for command in ("sources", "echoes"):
        figures[f"{command}_process_ms"] = []
        for _ in range(repeats):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "tui_reader", command, "--format=json", f"--db={database}"],
                env=environment,
                capture_output=True,
                check=True,
            )
            figures[f"{command}_process_ms"].append((time.perf_counter() - started) * 1000)
    return figures


def time_first_screen(
    folder: Path, database: Path, environment: dict[str, str], repeats: int
) -> dict[str, list[float]]:
    """Milliseconds from `Article.load` to the first frame of a library article (the
    first-screen probe, a fresh process each), with the lookup of its echoes in the
    library (a worker started once the screen is drawn) and without it, in turn."""
    article = sorted(folder.iterdir())[0]
    figures: dict[str, list[float]] = {"with": [], "without": []}
    for _ in range(repeats):
        for name, options in (("with", []), ("without", ["--no-echoes"])):
            output = database.parent / "first-screen-library.json"
            output.unlink(missing_ok=True)
            command = [sys.executable, "-m", "benchmarks.probes", "first-screen"]
            command += [str(article), str(database), str(output), *options]
            completed = subprocess.run(command, env=environment, capture_output=True, text=True)
            if completed.returncode != 0 or not output.exists():
                raise RuntimeError(f"first-screen probe failed:\n{completed.stderr[-3000:]}")
            figures[name].append(json.loads(output.read_text())["from_load_ms"])
    return figures


def _probe(database: Path, repeats: int) -> dict[str, list[float]]:
    from tui_reader.across.answering import kept_answer
    from tui_reader.across.answers import AnswerCache
    from tui_reader.across.index import IndexCache
    from tui_reader.store import Store

    figures: dict[str, list[float]] = {}
    answers = AnswerCache(IndexCache().directory)
    for command in ("sources", "echoes"):
        for name in (f"{command}_cold_ms", f"{command}_ms"):
            figures[name] = []
        for _ in range(repeats):
            # as after a change to the library (the other command's answer kept)
            (answers.directory / f"answer-{command}.bin").unlink(missing_ok=True)
            for name in (f"{command}_cold_ms", f"{command}_ms"):
                started = time.perf_counter()
                kept_answer(Store(database, read_only=True), "rules", command)
                figures[name].append((time.perf_counter() - started) * 1000)
    return figures


if __name__ == "__main__":
    print(json.dumps(_probe(Path(sys.argv[1]), int(sys.argv[2]))))
