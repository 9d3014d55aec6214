"""The benchmark suite: generate the inputs, run every case, print and save the medians.

    python -m benchmarks                    # every case, 3 KB to 50 MB, 5 runs each
    python -m benchmarks --quick            # small sizes, one run: proves it still works
    python -m benchmarks --sizes 3KB,10MB --repeats 3 --cases first-screen,session

Inputs are generated into a temporary directory (articles from templates, see
`articles.py`; databases of notes, tags and claims, see `databases.py`), and
every program runs with its own data, cache and config directories there, so a
run never reads or writes the user's own files.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.articles import (
    NEEDLE,
    NEEDLE_QUERY,
    SIZES,
    write_article,
    write_needle_article,
    write_page,
)
from benchmarks.databases import build_database, fresh_copy, make_annotations
from benchmarks.figures import (
    ADD_SPEED,
    ECHOES_ADDED,
    ECHOES_COLD,
    ECHOES_MERGED,
    ECHOES_PROCESS,
    ECHOES_TIME,
    FIRST_SCREEN,
    FIRST_SCREEN_ECHOES,
    FIRST_SCREEN_NO_ECHOES,
    IDLE_KEY_FIGURE,
    KEY_FIGURE,
    LATENCY_MAX,
    LATENCY_P90,
    LESS_FIRST_SCREEN,
    RULES_SPEED,
    SOURCES_ADDED,
    SOURCES_COLD,
    SOURCES_MERGED,
    SOURCES_PROCESS,
    SOURCES_TIME,
    TERMINAL_END,
    TERMINAL_FIRST_SCREEN,
    TERMINAL_RATIO,
    TERMINAL_SEARCH_FOUND,
    TERMINAL_SEARCH_SHOWN,
    TERMINAL_SEARCH_WRITTEN,
    Results,
    print_tables,
    write_json,
)
from benchmarks.probes import IDLE_KEY, KEYS
from benchmarks.terminal import (
    TerminalUnavailable,
    TmuxPane,
    less_command,
    reader_command,
    screen_marker,
)

REPOSITORY = Path(__file__).resolve().parent.parent
DEFAULT_JSON = REPOSITORY / "benchmarks" / "results" / "latest.json"
DATABASE_SIZES = (100, 1_000, 10_000)
ANNOTATIONS_SHOWN = 1_000
"""Annotations in the database the reader opens (shown in the text and the panel)."""
DATABASE_ARTICLE = "1MB"
"""The article the database figures (save, undo) annotate."""
LARGEST_EXPORTED = 10_000_000
LARGEST_REPEATED_ENTITIES = 1_000_000
"""Above this size, all entities of an article are timed once, not `repeats` times."""
LARGEST_SPACY = 1_000_000
"""spaCy reads about 70 KB a second: larger articles would take minutes per run."""
USER_SETTINGS = ("TUI_READER_DB", "TUI_READER_CONFIG", "TUI_READER_GAZETTEER")
"""Environment variables pointing at the user's own files, never passed on."""


@dataclass
class Settings:
    sizes: list[str]
    repeats: int
    database_sizes: tuple[int, ...]
    cases: list[str]
    spacy_python: str | None
    quick: bool

    def presses(self) -> int:
        """Presses of each key per size: enough for a stable median."""
        return max(5, 4 * self.repeats)


@dataclass
class Workspace:
    """The temporary directory holding the inputs and the programs' home directories."""

    directory: Path
    homes: dict[str, str] = field(init=False)
    """XDG_DATA_HOME, XDG_CACHE_HOME and XDG_CONFIG_HOME inside the workspace."""
    environment: dict[str, str] = field(init=False)
    """This process's environment with `homes`, without the user's tui-reader settings."""

    def __post_init__(self) -> None:
        self.homes = {}
        for variable in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
            path = self.directory / "home" / variable.lower()
            path.mkdir(parents=True, exist_ok=True)
            self.homes[variable] = str(path)
        kept = {k: v for k, v in os.environ.items() if k not in USER_SETTINGS}
        self.environment = kept | self.homes

    def article(self, size: str) -> Path:
        return write_article(self.directory, size)

    def needle_article(self, size: str) -> Path:
        """The article with one paragraph found nowhere else, at 90% of the text."""
        return write_needle_article(self.directory, size)

    def database(self, size: str, count: int = ANNOTATIONS_SHOWN) -> Path:
        return self.database_for(self.article(size), count)

    def database_for(self, article: Path, count: int = ANNOTATIONS_SHOWN) -> Path:
        path = self.directory / f"annotations-{article.stem}-{count}.json"
        return build_database(path, article, count)

    def run_copy(self, database: Path) -> Path:
        """A fresh copy of a database for one run (opening an article writes to it)."""
        return fresh_copy(database, self.directory / "run")

    def probe(
        self,
        mode: str,
        size: str,
        *options: str,
        python: str | None = None,
        article: Path | None = None,
    ) -> dict:
        """Run a probe (see `probes.py`) in a fresh process, with an empty cache, on
        `article` (default: the article of `size`); returns its figures."""
        output = self.directory / "run" / f"{mode}.json"
        output.unlink(missing_ok=True)
        # Entities cached by an earlier run would make this one's entity times a cache read.
        shutil.rmtree(self.homes["XDG_CACHE_HOME"])
        Path(self.homes["XDG_CACHE_HOME"]).mkdir()
        database = self.run_copy(self.database(size))
        command = [
            python or sys.executable,
            "-m",
            "benchmarks.probes",
            mode,
            str(article or self.article(size)),
            str(database),
            str(output),
            *options,
        ]
        completed = subprocess.run(
            command, cwd=REPOSITORY, env=self.environment, capture_output=True, text=True
        )
        if completed.returncode != 0 or not output.exists():
            raise RuntimeError(f"probe {mode} {size} failed:\n{completed.stderr[-3000:]}")
        return json.loads(output.read_text())


# Cases -------------------------------------------------------------------------------


def run_startup(workspace: Workspace, settings: Settings, results: Results) -> None:
    """`tui-reader --version`, beside the bare interpreter's start for reference."""
    script = Path(sys.executable).parent / "tui-reader"
    version = [str(script)] if script.exists() else [sys.executable, "-m", "tui_reader"]
    for name, command in (
        ("python -c pass (reference)", [sys.executable, "-c", "pass"]),
        ("tui-reader --version", [*version, "--version"]),
    ):
        timings = []
        for _ in range(max(settings.repeats, 5)):
            started = time.perf_counter()
            subprocess.run(command, env=workspace.environment, capture_output=True, check=True)
            timings.append((time.perf_counter() - started) * 1000)
        results.add("start-up", name, "-", "ms", timings)


def run_first_screen(workspace: Workspace, settings: Settings, results: Results) -> None:
    """The real command, headless, one fresh process per run (see `probes.first_screen`)."""
    heavy: set[str] = set()
    modules: list[int] = []
    for size in settings.sizes:
        runs = []
        for _ in range(settings.repeats):
            runs.append(workspace.probe("first-screen", size, "--launched", repr(time.time())))
        results.add("article", FIRST_SCREEN, size, "ms", [r["from_launch_ms"] for r in runs])
        results.add(
            "article",
            "first screen, headless, from Article.load",
            size,
            "ms",
            [r["from_load_ms"] for r in runs],
        )
        results.add(
            "article", "CPU until the first screen", size, "ms", [r["cpu_ms"] for r in runs]
        )
        heavy.update(*(r["heavy_modules_loaded"] for r in runs))
        modules = [r["modules"] for r in runs]
    results.add("start-up", "modules loaded at the first screen", "-", "", modules)
    if heavy:
        results.notes.append(
            "loaded before the first screen although it does not need them: "
            + ", ".join(sorted(heavy))
        )


def run_terminal(workspace: Workspace, settings: Settings, results: Results) -> None:
    """Ours and `less` in a tmux pane, in turn, on the same files."""
    try:
        pane = TmuxPane(workspace.homes, unset=USER_SETTINGS)
    except TerminalUnavailable as error:
        results.notes.append(f"no real-terminal figures: {error}")
        return
    with pane:
        for size in settings.sizes:
            article = workspace.article(size)
            marker = screen_marker(article)
            less = less_command(article)
            ours, theirs = [], []
            for _ in range(settings.repeats):
                database = workspace.run_copy(workspace.database(size))
                ours.append(pane.time_first_screen(reader_command(article, database), marker))
                if less is not None:
                    theirs.append(pane.time_first_screen(less, marker))
            results.add("article", TERMINAL_FIRST_SCREEN, size, "ms", ours)
            results.add("article", LESS_FIRST_SCREEN, size, "ms", theirs)
            ratios = [a / b for a, b in zip(ours, theirs, strict=False)]
            results.add("article", TERMINAL_RATIO, size, "×", ratios)
    if shutil.which("less") is None:
        results.notes.append("no comparison with less: it is not installed")


def run_jumps(workspace: Workspace, settings: Settings, results: Results) -> None:
    """Jumps far into the article in a tmux pane, as soon as the reader answers keys.

    The reader is opened, and once its first screen shows, `}` is pressed until
    the status line shows the cursor on the byline: from then on it answers keys
    (a 3 KB article's reader is still busy for some 0.3-1 s after its first frame,
    laying out the panel). Then `G`: from the key to the screen showing the
    article's last word with the status at its last line. And a search for a
    phrase found once, at 90% of the text: from the moment the search found it
    (written down by the traced reader, see `probes.traced_reader`) to the screen
    showing it, and from `enter`.
    """
    try:
        pane = TmuxPane(workspace.homes, unset=USER_SETTINGS, directory=REPOSITORY)
    except TerminalUnavailable as error:
        results.notes.append(f"no jump figures: {error}")
        return
    with pane:
        for size in settings.sizes:
            results.add(
                "article", TERMINAL_END, size, "ms", _time_end(workspace, pane, settings, size)
            )
            found_shown, found_written, enter_shown = _time_needle_search(
                workspace, pane, settings, size
            )
            results.add("article", TERMINAL_SEARCH_SHOWN, size, "ms", found_shown)
            results.add("article", TERMINAL_SEARCH_WRITTEN, size, "ms", found_written)
            results.add("article", TERMINAL_SEARCH_FOUND, size, "ms", enter_shown)


def _open_until_it_answers(pane: TmuxPane, command: list[str], article: Path) -> None:
    """Start the reader in the pane and wait for its first screen, then until a key
    (`}`: to the byline, the article's third line) shows its effect."""
    pane.time_first_screen(command, screen_marker(article))
    pane.time_key("}", lambda screen: "line 3/" in screen, "the reader did not answer `}`")


def _time_end(workspace: Workspace, pane: TmuxPane, settings: Settings, size: str) -> list[float]:
    """Milliseconds from `G` to the screen showing the end of the article, per run."""
    article = workspace.article(size)
    text = article.read_text(encoding="utf-8")
    last_word, last_line = text.split()[-1], text.count("\n") + 1

    def at_end(screen: str) -> bool:
        return last_word in screen and f"line {last_line}/" in screen

    timings = []
    for _ in range(settings.repeats):
        database = workspace.run_copy(workspace.database(size))
        _open_until_it_answers(pane, reader_command(article, database), article)
        timings.append(pane.time_key("G", at_end, f"G showed no {last_word!r}")[1])
    return timings


def _time_needle_search(
    workspace: Workspace, pane: TmuxPane, settings: Settings, size: str
) -> tuple[list[float], list[float], list[float]]:
    """Milliseconds from the needle found to shown (read from the pane), from found to
    the app's frame with the cursor on it written, and from `enter` to shown, per run."""
    article = workspace.needle_article(size)
    word = NEEDLE.split()[3]  # "Quillan": capitalised in the text, not in the query typed

    def shows_the_needle(screen: str) -> bool:
        return word in screen

    found_shown, found_written, enter_shown = [], [], []
    for _ in range(settings.repeats):
        database = workspace.run_copy(workspace.database_for(article))
        trace = workspace.directory / "run" / "search-trace.txt"
        trace.unlink(missing_ok=True)
        command = [sys.executable, "-m", "benchmarks.probes", "traced", str(article)]
        _open_until_it_answers(pane, [*command, str(database), str(trace)], article)
        pane.time_key("/", lambda screen: "search (enter" in screen, "no search bar")
        pane.type(NEEDLE_QUERY)
        pane.wait_for(lambda screen: NEEDLE_QUERY in screen, "the query was not typed")
        sent, elapsed = pane.time_key("Enter", shows_the_needle, f"the search showed no {word!r}")
        # The frame is written before tmux can show it: it is in the trace by now.
        marks = dict(line.split() for line in trace.read_text(encoding="utf-8").splitlines())
        found, frame = float(marks["found"]), float(marks["frame"])
        found_shown.append((sent + elapsed / 1000 - found) * 1000)
        found_written.append((frame - found) * 1000)
        enter_shown.append(elapsed)
    return found_shown, found_written, enter_shown


def run_key_latency(workspace: Workspace, settings: Settings, results: Results) -> None:
    """Key presses while spaCy reads the article in the background, and with `--ner off`.

    Time from each key to the repainted screen (see `probes.keys_under_load`), as
    the 90th percentile and the largest of each run. On the 10 MB article (1 MB
    with --quick), whatever `--sizes` says: spaCy reads for minutes there, so the
    keys are all pressed while it reads.
    """
    if importlib.util.find_spec("spacy") is None:
        results.notes.append("no key latency under spaCy: spaCy is not installed here")
        return
    size = "1MB" if settings.quick else "10MB"
    presses = 6 if settings.quick else 60
    for ner in ("spacy", "off"):
        runs = [
            workspace.probe("keys-under-load", size, "--ner", ner, "--presses", str(presses))
            for _ in range(settings.repeats)
        ]
        if not all(run["still_reading"] for run in runs):
            results.notes.append(f"spaCy finished reading {size} before the keys were pressed")
        p90s = [_percentile(run["latency_ms"], 90) for run in runs]
        results.add("article", LATENCY_P90.format(ner=ner), size, "ms", p90s)
        results.add(
            "article",
            LATENCY_MAX.format(ner=ner),
            size,
            "ms",
            [max(run["latency_ms"]) for run in runs],
        )


def run_session(workspace: Workspace, settings: Settings, results: Results) -> None:
    """Keys, resizes, searches, entities and memory, in one headless session per size."""
    for size in settings.sizes:
        figures = workspace.probe(
            "session",
            size,
            "--presses",
            str(settings.presses()),
            "--repeats",
            str(settings.repeats),
        )
        entity_runs = [figures]
        extra = settings.repeats - 1 if SIZES[size] <= LARGEST_REPEATED_ENTITIES else 0
        for _ in range(extra):
            entity_runs.append(workspace.probe("session", size, "--entities-only"))
        for key in (*KEYS, IDLE_KEY):
            name = IDLE_KEY_FIGURE if key == IDLE_KEY else KEY_FIGURE.format(key=key)
            results.add("article", name, size, "ms", figures["keys_cpu_ms"][key])
        results.add("article", "resize, to the repainted screen", size, "ms", figures["resize_ms"])
        results.add("article", "resize, until idle", size, "ms", figures["resize_idle_ms"])
        results.add("article", "search, first match", size, "ms", figures["search_first_ms"])
        results.add("article", "search, all matches", size, "ms", figures["search_all_ms"])
        _add_entities(results, "rules", size, entity_runs)
        results.add("article", "peak memory", size, "MB", [r["peak_rss_mb"] for r in entity_runs])
    if any(SIZES[size] > LARGEST_REPEATED_ENTITIES for size in settings.sizes):
        results.notes.append(
            "entities of articles over 1 MB are timed in one run (they take seconds)"
        )


def _add_entities(results: Results, backend: str, size: str, runs: list[dict]) -> None:
    results.add(
        "article",
        f"entities on the first screen ({backend})",
        size,
        "ms",
        [r["entities_first_ms"] for r in runs],
    )
    results.add(
        "article", f"all entities ({backend})", size, "ms", [r["entities_all_ms"] for r in runs]
    )


def run_spacy(workspace: Workspace, settings: Settings, results: Results) -> None:
    """Entity times with the spaCy backend, in an interpreter that has it."""
    python = settings.spacy_python
    if python is None and importlib.util.find_spec("spacy") is not None:
        python = sys.executable
    if python is None:
        results.notes.append(
            "no spaCy figures: spaCy is not installed here; "
            "give --spacy-python with an interpreter that has the 'nlp' extra"
        )
        return
    largest = SIZES["3KB"] if settings.quick else LARGEST_SPACY
    for size in settings.sizes:
        if SIZES[size] > largest:
            results.notes.append(f"spaCy not timed on {size}: it reads about 70 KB a second")
            continue
        runs = [
            workspace.probe("session", size, "--entities-only", "--ner", "spacy", python=python)
            for _ in range(settings.repeats)
        ]
        _add_entities(results, "spaCy", size, runs)


def run_rules(workspace: Workspace, settings: Settings, results: Results) -> None:
    """The built-in recogniser alone on whole articles, in milliseconds per megabyte: the
    speed the rules must keep (at most 500 ms per MB, 2 MB a second)."""
    from tui_reader.document import Article
    from tui_reader.nlp.entities import recognize_article
    from tui_reader.nlp.rules import RuleRecognizer

    recognizer = RuleRecognizer()
    for size in settings.sizes:
        if SIZES[size] > LARGEST_EXPORTED:
            continue
        article = Article.load(workspace.article(size))
        megabytes = len(article.text.encode("utf-8")) / 1_000_000
        timings = []
        for _ in range(settings.repeats if SIZES[size] <= LARGEST_REPEATED_ENTITIES else 1):
            started = time.perf_counter()
            recognize_article(recognizer, article)
            timings.append((time.perf_counter() - started) * 1000 / megabytes)
        results.add("article", RULES_SPEED, size, "ms/MB", timings)


def run_claims(workspace: Workspace, settings: Settings, results: Results) -> None:
    """The claim finder: the rule path on every size, spaCy's parser path up to 1 MB, and
    how late the event loop's thread wakes while either runs in a worker."""
    parse = importlib.util.find_spec("spacy") is not None
    largest = SIZES["3KB"] if settings.quick else LARGEST_SPACY
    for size in settings.sizes:
        parsed = parse and SIZES[size] <= largest
        options = [
            "--repeats",
            str(1 if SIZES[size] > LARGEST_REPEATED_ENTITIES else settings.repeats),
        ]
        figures = workspace.probe("claims", size, *options, *(["--parse"] if parsed else []))
        kilobytes = 1000 * figures["megabytes"]
        speed = [kilobytes / (ms / 1000) for ms in figures["rules_ms"]]
        results.add("article", "all claims, rule path", size, "ms", figures["rules_ms"])
        results.add("article", "claim finder, rule path", size, "KB/s", speed)
        lag = [_percentile(figures["rules_lag_ms"], 95)]
        results.add("article", "event-loop lag while the rule path runs (p95)", size, "ms", lag)
        if parsed:
            speed = [kilobytes / (ms / 1000) for ms in figures["parser_ms"]]
            results.add("article", "claim finder, spaCy path", size, "KB/s", speed)
            speed = [kilobytes / (ms / 1000) for ms in figures["parser_rules_ms"]]
            label = "claim finder, spaCy path without the learned models"
            results.add("article", label, size, "KB/s", speed)
            lag = [_percentile(figures["parser_lag_ms"], 95)]
            results.add("article", "event-loop lag while spaCy parses (p95)", size, "ms", lag)
    if not parse:
        results.notes.append("no spaCy claim figures: spaCy is not installed here")
    elif not settings.quick and any(SIZES[s] > largest for s in settings.sizes):
        results.notes.append("the spaCy claim path is timed up to 1 MB (it reads ~35 KB/s)")


def _percentile(values: list[float], percent: int) -> float:
    """The value `percent`% of `values` lie below (0 for none)."""
    ordered = sorted(values) or [0.0]
    return ordered[min(len(ordered) - 1, len(ordered) * percent // 100)]


def run_export(workspace: Workspace, settings: Settings, results: Results) -> None:
    """Each export format, with the article's entities and its annotations; and each
    format tui-reader reads back, imported into a fresh database."""
    for size in settings.sizes:
        if SIZES[size] > LARGEST_EXPORTED:
            results.notes.append(f"exports not timed on {size}")
            continue
        figures = workspace.probe("export", size, "--repeats", str(settings.repeats))
        for fmt, timings in figures["export_ms"].items():
            results.add("article", f"export {fmt}", size, "ms", timings)
        for fmt, timings in figures["import_ms"].items():
            results.add("article", f"import {fmt}", size, "ms", timings)


def run_html(workspace: Workspace, settings: Settings, results: Results) -> None:
    """Opening a web page of each size: finding its main text, in a fresh process."""
    for size in settings.sizes:
        page = write_page(workspace.directory, size)
        runs = [workspace.probe("html", size, article=page) for _ in range(settings.repeats)]
        results.add(
            "article", "HTML page: main text found", size, "ms", [r["load_ms"] for r in runs]
        )
        results.add("article", "HTML page: CPU", size, "ms", [r["cpu_ms"] for r in runs])
        results.add(
            "article", "HTML page: peak memory", size, "MB", [r["peak_rss_mb"] for r in runs]
        )


def run_store(workspace: Workspace, settings: Settings, results: Results) -> None:
    """Saving one annotation (the store's own benchmark) and undoing one, as the database grows."""
    from benchmarks.bench_store import measure_save

    repeats = max(5, 4 * settings.repeats)
    for count in settings.database_sizes:
        column = f"{count:,}"
        save = measure_save(count, repeats)
        results.add("database", "save one annotation", column, "ms", [save["median_ms"]])
        undo = _time_undo(workspace, count, repeats)
        results.add("database", "undo one annotation", column, "ms", undo)


def _time_undo(workspace: Workspace, count: int, repeats: int) -> list[float]:
    """Milliseconds to undo the note just added, in a database of `count` annotations."""
    from tui_reader.document import Article
    from tui_reader.session import ReadingSession
    from tui_reader.store import Store

    article = Article.load(workspace.article(DATABASE_ARTICLE))
    database = workspace.run_copy(workspace.database(DATABASE_ARTICLE, count))
    session = ReadingSession(article, Store(database))
    timings = []
    for note in make_annotations(article, repeats, seed=count):
        session.add(note)
        started = time.perf_counter()
        session.undo()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def run_anchoring(workspace: Workspace, settings: Settings, results: Results) -> None:
    """Re-anchoring a passage after the article changed: found again when text was inserted
    before it and one of its words edited, and given up when it was deleted (the worst case,
    every candidate checked)."""
    from tui_reader.anchoring import locate, selectors_for

    for size in settings.sizes:
        text = workspace.article(size).read_text(encoding="utf-8")
        start = text.index(" ", len(text) * 6 // 10) + 1
        end = text.index(" ", start + 60)
        _, quote = selectors_for(text, start, end)
        words = quote.exact.split()
        words[len(words) // 2] = "edited"
        inserted = "An inserted sentence. "
        edited = text[:100] + inserted + text[100:start] + " ".join(words) + text[end:]
        deleted = text[:start] + text[end:]
        for name, changed in (
            ("re-anchor an edited passage", edited),
            ("re-anchor a deleted passage", deleted),
        ):
            timings = []
            for _ in range(settings.repeats):
                started = time.perf_counter()
                locate(changed, quote.exact, quote.prefix, quote.suffix, hint=start)
                timings.append((time.perf_counter() - started) * 1000)
            results.add("article", name, size, "ms", timings)


def run_library(workspace: Workspace, settings: Settings, results: Results) -> None:
    """`add` of a folder of clippings (rules), then `sources` and `echoes` from the index."""
    from benchmarks.library import (
        LIBRARY_ARTICLES,
        QUICK_ARTICLES,
        time_add,
        time_answers,
        time_first_screen,
        write_library,
    )

    count = QUICK_ARTICLES if settings.quick else LIBRARY_ARTICLES
    folder, size = write_library(workspace.directory, count)
    column = f"{count:,} articles"
    speeds, database = [], workspace.directory / "run" / "library.json"
    for _ in range(settings.repeats):
        shutil.rmtree(workspace.homes["XDG_CACHE_HOME"])
        Path(workspace.homes["XDG_CACHE_HOME"]).mkdir()
        database.parent.mkdir(parents=True, exist_ok=True)
        database.unlink(missing_ok=True)
        seconds = time_add(folder, database, workspace.environment)
        speeds.append(size / 1_000_000 / seconds)
    results.add("library", ADD_SPEED, column, "MB/s", speeds)
    answers = time_answers(
        database, workspace.directory, workspace.environment, max(3, settings.repeats)
    )
    results.add("library", SOURCES_TIME, column, "ms", answers["sources_kept_ms"])
    results.add("library", ECHOES_TIME, column, "ms", answers["echoes_kept_ms"])
    results.add("library", SOURCES_COLD, column, "ms", answers["sources_whole_ms"])
    results.add("library", ECHOES_COLD, column, "ms", answers["echoes_whole_ms"])
    results.add("library", SOURCES_ADDED, column, "ms", answers["sources_added_ms"])
    results.add("library", ECHOES_ADDED, column, "ms", answers["echoes_added_ms"])
    results.add("library", SOURCES_MERGED, column, "ms", answers["sources_merged_ms"])
    results.add("library", ECHOES_MERGED, column, "ms", answers["echoes_merged_ms"])
    results.add("library", SOURCES_PROCESS, column, "ms", answers["sources_process_ms"])
    results.add("library", ECHOES_PROCESS, column, "ms", answers["echoes_process_ms"])
    screens = time_first_screen(folder, database, workspace.environment, max(3, settings.repeats))
    results.add("library", FIRST_SCREEN_ECHOES, column, "ms", screens["with"])
    results.add("library", FIRST_SCREEN_NO_ECHOES, column, "ms", screens["without"])
    results.notes.append(
        f"library: {count:,} articles, {size / 1_000_000:.1f} MB, "
        f"add on {os.cpu_count() or 1} cores"
    )


def run_ui_thread(workspace: Workspace, settings: Settings, results: Results) -> None:
    """The slow actions of the app (`t`, export, open, locate), each timed to done, with the
    longest the event loop was held up meanwhile (see `ui_thread.py`): 10 MB articles
    (1 MB with --quick), `t` with 10,000 annotations (1,000), 2,000 files (200)."""
    size, small, many, files = (
        ("1MB", "3KB", 1_000, 200)
        if settings.quick
        else (
            "10MB",
            "1MB",
            10_000,
            2_000,
        )
    )
    output = workspace.directory / "run" / "ui-thread.json"
    output.unlink(missing_ok=True)
    command = [
        sys.executable,
        "-m",
        "benchmarks.ui_thread",
        str(output),
        "--article",
        str(workspace.article(size)),
        "--database",
        str(workspace.run_copy(workspace.database(size))),
        "--small",
        str(workspace.article(small)),
        "--many",
        str(fresh_copy(workspace.database(small, many), workspace.directory / "run-many")),
        "--files",
        str(files),
        "--repeats",
        str(settings.repeats),
    ]
    completed = subprocess.run(
        command, cwd=REPOSITORY, env=workspace.environment, capture_output=True, text=True
    )
    if completed.returncode != 0 or not output.exists():
        raise RuntimeError(f"the ui-thread probe failed:\n{completed.stderr[-3000:]}")
    figures = json.loads(output.read_text())
    column = f"{many:,}"
    for key, name, table, where in (
        ("tag_key", "t: the tag dialog shown", "database", column),
        ("export", "export CoNLL from the reader", "article", size),
        ("open", "open from the library", "article", size),
        ("locate", f"locate a moved file among {files:,}", "article", size),
    ):
        results.add(table, f"{name}, done", where, "ms", figures[key]["done_ms"])
        results.add(table, f"{name}, longest UI stall", where, "ms", figures[key]["stall_ms"])


CASES: dict[str, Callable[[Workspace, Settings, Results], None]] = {
    "startup": run_startup,
    "first-screen": run_first_screen,
    "terminal": run_terminal,
    "jumps": run_jumps,
    "session": run_session,
    "rules": run_rules,
    "spacy": run_spacy,
    "claims": run_claims,
    "key-latency": run_key_latency,
    "export": run_export,
    "html": run_html,
    "store": run_store,
    "anchoring": run_anchoring,
    "library": run_library,
    "ui-thread": run_ui_thread,
}


# Command line --------------------------------------------------------------------------


def _names(value: str, known: Sequence[str], what: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in known]
    if unknown or not names:
        named = ", ".join(unknown) or repr(value)
        raise argparse.ArgumentTypeError(f"unknown {what} {named}; choose from {', '.join(known)}")
    return names


def parse_settings(argv: Sequence[str] | None) -> tuple[Settings, Path]:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--quick", action="store_true", help="3 KB and 1 MB, one run (for CI)")
    parser.add_argument(
        "--sizes",
        type=lambda value: _names(value, list(SIZES), "size"),
        help=f"article sizes, comma-separated (default: {','.join(SIZES)})",
    )
    parser.add_argument("--repeats", type=int, help="runs of each case (default: 5)")
    parser.add_argument(
        "--cases",
        type=lambda value: _names(value, list(CASES), "case"),
        default=list(CASES),
        help=f"which cases to run (default: all: {','.join(CASES)})",
    )
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to save the runs")
    parser.add_argument(
        "--spacy-python",
        metavar="PATH",
        help="an interpreter with the 'nlp' extra, for the spaCy figures "
        "(default: this one, if it has spaCy)",
    )
    args = parser.parse_args(argv)
    quick_sizes = ["3KB", "1MB"]
    settings = Settings(
        sizes=args.sizes or (quick_sizes if args.quick else list(SIZES)),
        repeats=max(1, args.repeats or (1 if args.quick else 5)),
        database_sizes=DATABASE_SIZES[:2] if args.quick else DATABASE_SIZES,
        cases=args.cases,
        spacy_python=args.spacy_python,
        quick=args.quick,
    )
    return settings, args.json


def main(argv: Sequence[str] | None = None) -> int:
    settings, json_path = parse_settings(argv)
    results = Results()
    started = time.perf_counter()
    # An installed package has its bytecode; a checkout run with PYTHONDONTWRITEBYTECODE
    # never does, and would add the compiling of every module (some 0.2-0.4 s) to each start.
    compileall.compile_dir(REPOSITORY / "tui_reader", quiet=1)
    with tempfile.TemporaryDirectory(prefix="tui-reader-bench-") as directory:
        workspace = Workspace(Path(directory))
        for case in settings.cases:
            print(f"running {case} …", file=sys.stderr, flush=True)
            CASES[case](workspace, settings, results)
    print_tables(results)
    write_json(results, json_path, vars(settings))
    elapsed = time.perf_counter() - started
    print(f"saved to {json_path} ({elapsed:.0f} s)", file=sys.stderr)
    return 0
