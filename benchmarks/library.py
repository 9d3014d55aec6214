"""The library at scale: `tui-reader add` of a folder of clippings, then `sources` and
`echoes` answered from the cross-article index.

The folder holds `LIBRARY_ARTICLES` invented articles of about `ARTICLE_SIZE`
characters each (`articles.generate_article`, one seed each), some 5 MB in
all. `add` runs as the user runs it, in a fresh process with an empty cache
(wall time, processes included; the cores it may use are in the notes).
`sources` and `echoes` are timed in a fresh process each from the index `add`
left, without the interpreter's start (which `tui-reader --version` measures
on its own) but with the modules imported to compute: computed whole (nothing
kept: the index read from its pack, the sources and echoes grouped), answered
again (the kept answer, `across/answers.py`), after a change of one article
(a new clipping added with `tui-reader add`: what changed folded into the
kept state, `across/kept_sources.py`), and after a merge of the two most
quoted sources and after its undo, each time with the database opened. The
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


def time_answers(
    database: Path, directory: Path, environment: dict[str, str], repeats: int
) -> dict[str, list]:
    """Milliseconds for sources and echoes in a fresh process each: computed whole (no
    answer or state kept), answered from the kept answer, and after a change (one
    article added with `tui-reader add`; a merge of the two most quoted sources, then
    its undo); then the wall time of each command run whole."""
    figures: dict[str, list] = {}
    answers = Path(environment["XDG_CACHE_HOME"]) / "tui-reader" / "across"
    for command in ("sources", "echoes"):
        for name in ("whole", "kept", "added"):
            figures[f"{command}_{name}_ms"] = []
        for _ in range(repeats):
            for kept in answers.glob(f"*-{command}.bin"):
                kept.unlink()  # the answer and the grouping state: computed whole
            figures[f"{command}_whole_ms"].append(_answer_ms(database, command, environment))
            figures[f"{command}_kept_ms"].append(_answer_ms(database, command, environment))
        for _ in range(repeats):
            _add_one(database, directory, environment)
            figures[f"{command}_added_ms"].append(_answer_ms(database, command, environment))
    names = [source["name"] for source in json.loads(_run(environment, "sources", database))]
    for command in ("sources", "echoes"):
        figures[f"{command}_merged_ms"] = []
    for _ in range(repeats):
        for change in (["--merge", names[0], names[1]], ["--undo"]):
            _run(environment, "sources", database, *change)
            for command in ("sources", "echoes"):
                figures[f"{command}_merged_ms"].append(_answer_ms(database, command, environment))
    for command in ("sources", "echoes"):
        figures[f"{command}_process_ms"] = []
        for _ in range(repeats):
            started = time.perf_counter()
            _run(environment, command, database)
            figures[f"{command}_process_ms"].append((time.perf_counter() - started) * 1000)
    return figures


def _run(environment: dict[str, str], command: str, database: Path, *options: str) -> str:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "tui_reader",
            command,
            "--format=json",
            f"--db={database}",
            *options,
        ],
        env=environment,
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"tui-reader {command} failed:\n{completed.stderr[-3000:]}")
    return completed.stdout


def _add_one(database: Path, directory: Path, environment: dict[str, str]) -> None:
    """One new article added to the library (a clipping not in the folder)."""
    number = len(list(directory.glob("added-*.txt")))
    path = directory / f"added-{number}.txt"
    path.write_text(generate_article(ARTICLE_SIZE, seed=90_000 + number), encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "tui_reader", "add", str(path), "--db", str(database)],
        env=environment,
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"tui-reader add failed:\n{completed.stderr[-3000:]}")


def _answer_ms(database: Path, command: str, environment: dict[str, str]) -> float:
    """One answer of `command` timed in a fresh process (`_probe`), the modules it
    imports to compute included, the interpreter's start left out."""
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.library", str(database), command],
        env=environment,
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"library probe failed:\n{completed.stderr[-3000:]}")
    milliseconds: float = json.loads(completed.stdout)
    return milliseconds


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


def _probe(database: Path, command: str) -> float:
    from tui_reader.across.answering import kept_answer
    from tui_reader.store import Store

    started = time.perf_counter()
    kept_answer(Store(database, read_only=True), "rules", command)
    return (time.perf_counter() - started) * 1000


if __name__ == "__main__":
    print(json.dumps(_probe(Path(sys.argv[1]), sys.argv[2])))
