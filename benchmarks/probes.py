"""The measurements that run inside a fresh process, one process per run.

    python -m benchmarks.probes first-screen ARTICLE DB OUT --launched WALL_TIME
    python -m benchmarks.probes session ARTICLE DB OUT --ner rules --presses 20 --repeats 5
    python -m benchmarks.probes export ARTICLE DB OUT --repeats 5
    python -m benchmarks.probes html PAGE DB OUT
    python -m benchmarks.probes keys-under-load ARTICLE DB OUT --ner spacy --presses 60
    python -m benchmarks.probes traced ARTICLE DB OUT      # in a terminal: the real reader

Each writes its figures as JSON to OUT. A fresh process per run matters where
start-up is measured (imports, caches, the heap): the suite's own process has
everything loaded already, and a 50 MB article with a million entities left in
its heap would slow the garbage collector for every later case.

The first-screen probe runs the real `tui-reader` command (`tui_reader.cli.main`)
with two changes made when the UI module is imported: the app runs headless at
120x40, and it exits as soon as the first frame of the reader screen is
written (Textual drops the frames composed while the app starts, as it
would in a terminal). Nothing is imported ahead of the command, so the figures include the
imports it does itself.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.abc
import importlib.machinery
import json
import resource
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from benchmarks.articles import SEARCH_PHRASE

if TYPE_CHECKING:  # imported where it is measured
    from tui_reader.document import Article

SCREEN_SIZE = (120, 40)
HEAVY_MODULES = (
    "spacy",
    "tui_reader.export",
    "tui_reader.ui.dialogs",
    "tui_reader.nlp.claims",
)
"""Modules the first screen should not need (loaded on first use instead)."""
WAIT_LIMIT = 600.0
"""Seconds to wait for the reader to finish something before the probe fails."""
KEYS = ("j", "l", "w", "pagedown", "s", "G")
"""The key presses timed: cursor down/right, next word, page down, sentence, end."""
IDLE_KEY = "f12"
"""A key bound to nothing: what any key costs in Textual before the reader acts."""
LOAD_KEYS = ("j", "w", "pagedown", "k", "l", "pageup")
"""The keys pressed in turn while the entities are read in the background."""
KEY_GAP = 0.05
"""Seconds between two key presses timed for latency (someone moving quickly)."""
SETTLE = 1.0
"""Seconds given to the reader after it has started, before keys are timed."""


class _PatchOnImport(importlib.abc.MetaPathFinder):
    """Calls `patch(module)` right after `name` is first imported (by whoever imports it)."""

    def __init__(self, name: str, patch: Callable[[ModuleType], None]) -> None:
        self.name = name
        self.patch = patch

    def find_spec(self, fullname, path, target=None):
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        execute = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            execute(module)
            self.patch(module)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def patch_on_import(name: str, patch: Callable[[ModuleType], None]) -> None:
    sys.meta_path.insert(0, _PatchOnImport(name, patch))


# First screen ------------------------------------------------------------------------


def first_screen(article: Path, database: Path, launched: float, echoes: bool = True) -> dict:
    """Run `tui-reader ARTICLE --db DATABASE --ner rules` until its first frame.

    Returns the milliseconds from the launch of this process (`launched`, the
    parent's wall clock just before it started us) and from the start of
    `Article.load` to the first frame, the CPU time used until then, and which
    of the modules the first screen should not need were loaded.
    """
    marks: dict[str, float] = {}

    def patch_document(module: ModuleType) -> None:
        load = module.Article.load.__func__

        def timed_load(cls, source):
            marks.setdefault("load", time.perf_counter())
            return load(cls, source)

        module.Article.load = classmethod(timed_load)

    def patch_view(module: ModuleType) -> None:
        render_line = module.ArticleView.render_line

        def timed_render_line(self, y: int):
            marks.setdefault("rendered", time.perf_counter())
            return render_line(self, y)

        module.ArticleView.render_line = timed_render_line

    def patch_app(module: ModuleType) -> None:
        app_class = module.ReaderApp
        display, run = app_class._display, app_class.run

        def timed_display(self, screen, renderable) -> None:
            # Textual drops the frames composed during a batch update (the app's
            # start is one): only a frame it would write to a terminal counts.
            written = renderable is not None and not self._batch_count
            display(self, screen, renderable)
            shown = written and isinstance(screen, module.ReaderScreen)
            if shown and "rendered" in marks and "frame" not in marks:
                marks["frame"] = time.perf_counter()
                marks["frame_wall"] = time.time()
                marks["cpu"] = time.process_time()
                self.exit()

        def headless_run(self, **_options):
            return run(self, headless=True, size=SCREEN_SIZE)

        app_class._display = timed_display
        app_class.run = headless_run

    def no_echo_lookup(module: ModuleType) -> None:
        module.find_echoes = lambda *_arguments: None

    if not echoes:  # the same first screen without looking up the article's echoes
        patch_on_import("tui_reader.ui.reader_workers", no_echo_lookup)
    patch_on_import("tui_reader.document", patch_document)
    patch_on_import("tui_reader.ui.article_view", patch_view)
    patch_on_import("tui_reader.ui.app", patch_app)
    from tui_reader.cli import main

    status = main([str(article), "--db", str(database), "--ner", "rules"])
    if status != 0 or "frame" not in marks:
        raise SystemExit(f"the reader did not show its first screen (exit status {status})")
    return {
        "from_launch_ms": (marks["frame_wall"] - launched) * 1000,
        "from_load_ms": (marks["frame"] - marks["load"]) * 1000,
        "cpu_ms": marks["cpu"] * 1000,
        "modules": len(sys.modules),
        "heavy_modules_loaded": [name for name in HEAVY_MODULES if name in sys.modules],
    }


# An interactive session ------------------------------------------------------------------


def session(
    article_path: Path, database: Path, ner: str, presses: int, repeats: int, keys: bool
) -> dict:
    return asyncio.run(_session(article_path, database, ner, presses, repeats, keys))


async def _session(
    article_path: Path, database: Path, ner: str, presses: int, repeats: int, keys: bool
) -> dict:
    """Open the reader headless, as a user would, and time what they do.

    Entities: from the first frame until the visible paragraphs' entities are
    handed to the view, and until all of them are. Then, with every entity and
    the database's annotations shown, the cursor is put in the middle of the
    article and each key of KEYS is pressed `presses` times, timing the CPU of
    the press and the repaint it causes; then resizes and searches.
    """
    from tui_reader.document import Article
    from tui_reader.nlp.backends import available_backend
    from tui_reader.session import ReadingSession
    from tui_reader.store import Store
    from tui_reader.ui.app import ReaderApp
    from tui_reader.ui.article_view import ArticleView
    from tui_reader.ui.reader_screen import ReaderScreen

    entity_updates: list[tuple[float, int]] = []
    """When entities were handed to the view: all of them, or those of one part."""
    set_entities, replace_entities = ArticleView.set_entities, ArticleView.replace_entities

    def timed_set_entities(self, entities) -> None:
        set_entities(self, entities)
        entity_updates.append((time.perf_counter(), len(entities)))

    def timed_replace_entities(self, start, end, entities) -> None:
        replace_entities(self, start, end, entities)
        entity_updates.append((time.perf_counter(), len(entities)))

    ArticleView.set_entities = timed_set_entities
    ArticleView.replace_entities = timed_replace_entities
    article = Article.load(article_path)
    store = Store(database)
    reading = ReadingSession(article, store)
    app = ReaderApp(store, session=reading, backend=available_backend(ner))
    frames: list[tuple[float, int]] = []
    """When each frame of the reader screen was composed, and the article's wrap width."""
    display = app._display

    def timed_display(screen, renderable) -> None:
        written = renderable is not None and not app._batch_count
        display(screen, renderable)
        if written and isinstance(screen, ReaderScreen):
            frames.append((time.perf_counter(), screen.query_one(ArticleView).wrapped.width))

    app._display = timed_display
    figures: dict = {"annotations": len(reading.annotations)}
    async with app.run_test(size=SCREEN_SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.query_one(ArticleView)
        await _wait_until(lambda: screen.entities and not _entities_pending(app, screen))
        shown = [moment for moment, count in entity_updates if count]
        first_frame = frames[0][0]
        figures["entities_first_ms"] = (shown[0] - first_frame) * 1000
        figures["entities_all_ms"] = (shown[-1] - first_frame) * 1000
        figures["entities"] = len(screen.entities)
        if keys:
            # Other workers (claims, ...) post results that would be counted as a key's work.
            await _wait_until(lambda: not any(worker.is_running for worker in app.workers))
            await pilot.pause()
            figures["keys_cpu_ms"] = await _time_keys(pilot, view, presses)
            figures.update(await _time_resizes(pilot, view, frames, repeats))
            figures.update(await _time_searches(pilot, screen, view, repeats))
    figures["peak_rss_mb"] = peak_memory_mb()
    return figures


def peak_memory_mb() -> float:
    """This process's peak resident memory.

    Linux's VmHWM, because `ru_maxrss` is inherited through fork and exec: a probe
    started by a suite holding 300 MB would report at least 300 MB whatever it did.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _wait_until(condition: Callable[[], object], pause: float = 0.005) -> None:
    """Poll `condition` while the app runs; a reader that never gets there fails the probe."""
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > WAIT_LIMIT:
            raise RuntimeError(f"the reader did not finish in {WAIT_LIMIT:.0f} s")
        await asyncio.sleep(pause)


def _entities_pending(app, screen) -> bool:
    """Whether the entity worker runs, or its last message is still to be handled
    (the status line says "entities…" until then)."""
    running = any(worker.is_running for worker in app.workers if worker.group == "entities")
    return running or screen.status_line.activity.startswith("entities")


async def _time_keys(pilot, view, presses: int) -> dict[str, list[float]]:
    """CPU milliseconds of each press of each key, from the middle of the article."""
    view.move_cursor(len(view.text) // 2)
    await pilot.pause()
    timings: dict[str, list[float]] = {}
    for key in (IDLE_KEY, *KEYS):
        timings[key] = []
        for _ in range(presses):
            if key == "s":
                await pilot.press("escape", "parenright")  # the next sentence, nothing selected
            elif key == "G":
                await pilot.press("g")
            started = time.process_time()
            await pilot.press(key)
            await pilot.pause()
            timings[key].append((time.process_time() - started) * 1000)
        await pilot.press("escape")
        view.move_cursor(len(view.text) // 2)
        await pilot.pause()
    return timings


async def _time_resizes(
    pilot, view, frames: list[tuple[float, int]], repeats: int
) -> dict[str, list[float]]:
    """Milliseconds from a change of the terminal's width to the first frame showing
    the article rewrapped, and until the reader is idle again (a big article's
    layout is finished in the background)."""
    width, height = SCREEN_SIZE
    painted, idle = [], []
    for index in range(repeats * 2):
        wrapped_at = view.wrapped.width
        started = time.perf_counter()
        await pilot.resize_terminal(width - 20 if index % 2 == 0 else width, height)
        idle.append((time.perf_counter() - started) * 1000)
        shown = min(moment for moment, at in frames if moment > started and at != wrapped_at)
        painted.append((shown - started) * 1000)
    return {"resize_ms": painted, "resize_idle_ms": idle}


async def _time_searches(pilot, screen, view, repeats: int) -> dict[str, list[float]]:
    """Milliseconds from `enter` in the search bar to the first match handed to the view
    (the cursor is on it), and to all matches highlighted."""
    from textual.widgets import Input

    handed: list[float] = []
    set_matches = view.set_search_matches

    def timed_set_matches(matches) -> None:
        set_matches(matches)
        handed.append(time.perf_counter())

    view.set_search_matches = timed_set_matches
    first, every = [], []
    for _ in range(repeats):
        view.move_cursor(0)
        await pilot.press("slash")
        screen.query_one("#search-input", Input).value = SEARCH_PHRASE
        handed.clear()
        started = time.perf_counter()
        await pilot.press("enter")
        await _wait_until(lambda: len(handed) >= 2, pause=0.001)
        first.append((handed[0] - started) * 1000)
        every.append((handed[1] - started) * 1000)
    return {
        "search_first_ms": first,
        "search_all_ms": every,
        "search_matches": view.search_match_count,
    }


# Key latency while entities are read ------------------------------------------------------


def keys_under_load(article_path: Path, database: Path, ner: str, presses: int) -> dict:
    return asyncio.run(_keys_under_load(article_path, database, ner, presses))


async def _keys_under_load(article_path: Path, database: Path, ner: str, presses: int) -> dict:
    """Milliseconds from each key press to the frame showing its effect, while the slow
    entity backend reads the article (`ner` spacy), or with no recogniser (`ner` off).

    Keys go in as a terminal driver sends them (not through Pilot, which waits for
    the app to be idle), one every KEY_GAP seconds, from the middle of the article;
    the clock stops at the first frame written after the key's action has run.
    """
    from textual import events

    from tui_reader.document import Article
    from tui_reader.nlp.backends import available_backend
    from tui_reader.session import ReadingSession
    from tui_reader.store import Store
    from tui_reader.ui.app import ReaderApp
    from tui_reader.ui.article_view import ArticleView
    from tui_reader.ui.reader_screen import ReaderScreen

    handled: list[float] = []
    repainted = asyncio.Event()
    action_move = ArticleView.action_move

    def timed_action_move(self, motion: str) -> None:
        action_move(self, motion)
        handled.append(time.perf_counter())

    ArticleView.action_move = timed_action_move
    article = Article.load(article_path)
    reading = ReadingSession(article, Store(database))
    app = ReaderApp(reading.store, session=reading, backend=available_backend(ner))
    display = app._display
    frames: list[float] = []
    """When each frame of the reader screen was written."""

    def timed_display(screen, renderable) -> None:
        written = renderable is not None and not app._batch_count
        display(screen, renderable)
        if written and isinstance(screen, ReaderScreen):
            frames.append(time.perf_counter())
            if handled and not repainted.is_set():
                repainted.set()  # the first frame after the key's action

    app._display = timed_display
    latencies: list[float] = []
    async with app.run_test(size=SCREEN_SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.query_one(ArticleView)
        await _wait_until(lambda: frames)
        if ner != "off":
            await _wait_until(lambda: screen.status_line.activity.startswith("entities (spacy)"))
        # Settled: nothing but the entity worker running (a claims worker, the first
        # frames' layout of the panel would be counted as the keys' work).
        others = lambda: [w for w in app.workers if w.is_running and w.group != "entities"]  # noqa: E731
        await _wait_until(lambda: not others())
        await asyncio.sleep(SETTLE)
        view.move_cursor(len(view.text) // 2)
        await pilot.pause()
        for index in range(presses):
            key = LOAD_KEYS[index % len(LOAD_KEYS)]
            handled.clear()
            repainted.clear()
            started = time.perf_counter()
            app._driver.send_message(events.Key(key, key if len(key) == 1 else None))
            await asyncio.wait_for(repainted.wait(), WAIT_LIMIT)
            shown = min(moment for moment in frames if moment > handled[0])
            latencies.append((shown - started) * 1000)
            await asyncio.sleep(KEY_GAP)
        still_reading = screen.status_line.activity.startswith("entities (spacy)")
    return {"latency_ms": latencies, "still_reading": still_reading or ner == "off"}


# A real terminal -----------------------------------------------------------------------


def traced_reader(article: Path, database: Path, trace: Path) -> int:
    """Run `tui-reader ARTICLE --db DATABASE --ner rules` as it is (in the terminal the
    benchmark drives), appending to `trace` the wall-clock time at which each search
    finds the match the cursor jumps to (`found TIME`), and at which the first frame
    with the cursor there is written to the terminal (`frame TIME`): the benchmark
    times from there to the screen showing it, and tells the app's part from the
    terminal's (tmux redrawing the pane, `capture-pane` reading it)."""
    jump: dict[str, int] = {}
    """The offset the last search found, until a frame shows the cursor there."""

    def note(what: str) -> None:
        with trace.open("a", encoding="utf-8") as handle:
            handle.write(f"{what} {time.time()}\n")

    def patch_search(module: ModuleType) -> None:
        bar = module.SearchBar
        post_message = bar.post_message

        def traced_post_message(self, message) -> bool:
            if isinstance(message, bar.Found) and message.jump_to is not None:
                note("found")
                jump["offset"] = message.jump_to
            return post_message(self, message)

        bar.post_message = traced_post_message

    def patch_app(module: ModuleType) -> None:
        app_class = module.ReaderApp
        display = app_class._display

        def traced_display(self, screen, renderable) -> None:
            display(self, screen, renderable)  # written to the terminal when it returns
            written = renderable is not None and not self._batch_count
            reader = isinstance(screen, module.ReaderScreen)
            if written and reader and screen.view.cursor == jump.get("offset"):
                note("frame")
                del jump["offset"]

        app_class._display = traced_display

    patch_on_import("tui_reader.ui.search_bar", patch_search)
    patch_on_import("tui_reader.ui.app", patch_app)
    from tui_reader.cli import main

    return main([str(article), "--db", str(database), "--ner", "rules"])


# Exports ------------------------------------------------------------------------------


def exports(article_path: Path, database: Path, repeats: int, directory: Path) -> dict:
    """Milliseconds to export the article's annotations and entities in each format."""
    from tui_reader.document import Article
    from tui_reader.export import FORMATS, default_filename, export_article, write_export
    from tui_reader.nlp.backends import get_recognizer
    from tui_reader.nlp.entities import recognize_article
    from tui_reader.store import Store

    article = Article.load(article_path)
    annotations = Store(database, read_only=True).annotations(article.content_hash)
    recognizer = get_recognizer("rules")
    assert recognizer is not None
    entities = recognize_article(recognizer, article)
    timings: dict[str, list[float]] = {}
    for fmt in FORMATS:
        timings[fmt] = []
        for _ in range(repeats):
            started = time.perf_counter()
            result = export_article(fmt, article, annotations, entities)
            write_export(result, directory / default_filename("article", fmt))
            timings[fmt].append((time.perf_counter() - started) * 1000)
    return {
        "export_ms": timings,
        "import_ms": imports(article, directory, repeats),
        "annotations": len(annotations),
        "entities": len(entities),
    }


IMPORTED_FORMATS = ("json", "w3c", "brat", "spacy-jsonl", "doccano", "label-studio", "webanno")
"""Exports tui-reader reads back: each is imported into a fresh database to time it."""


def imports(article: Article, directory: Path, repeats: int) -> dict[str, list[float]]:
    """Milliseconds to import each export written by `exports` (a fresh database each
    time, the article given, as `tui-reader import FILE --article ARTICLE` does)."""
    import tempfile

    from tui_reader.export import default_filename
    from tui_reader.export.importers import import_file
    from tui_reader.store import Store

    timings: dict[str, list[float]] = {}
    for fmt in IMPORTED_FORMATS:
        exported = directory / default_filename("article", fmt)
        if fmt == "brat":
            exported = next(exported.glob("*.ann"))
        timings[fmt] = []
        for _ in range(repeats):
            with tempfile.TemporaryDirectory() as folder:
                store = Store(Path(folder) / "annotations.json")
                started = time.perf_counter()
                import_file(exported, store, article)
                timings[fmt].append((time.perf_counter() - started) * 1000)
    return timings


# HTML pages ---------------------------------------------------------------------------


def html_page(page: Path) -> dict:
    """Loading a web page as an article (finding its main text): time, CPU and memory."""
    from tui_reader.document import Article

    started, cpu = time.perf_counter(), time.process_time()
    article = Article.load(page)
    return {
        "load_ms": (time.perf_counter() - started) * 1000,
        "cpu_ms": (time.process_time() - cpu) * 1000,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "characters": len(article.text),
    }


# Claims -------------------------------------------------------------------------------


def claims(article_path: Path, repeats: int, parse: bool) -> dict:
    """The claim finder's speed on an article (rules, and with `parse` spaCy's parser
    path, as shipped and read by the rules alone without the learned models), and how
    late a thread that wakes every 5 ms (as the reader's event loop does) wakes while
    the finder runs in a worker thread."""
    from tui_reader.document import Article
    from tui_reader.nlp.backends import get_recognizer
    from tui_reader.nlp.claim_cache import ClaimCache
    from tui_reader.nlp.claim_updates import claim_updates
    from tui_reader.nlp.claims import find_claims
    from tui_reader.nlp.entities import recognize_article

    article = Article.load(article_path)
    recognizer = get_recognizer("rules")
    assert recognizer is not None
    entities = recognize_article(recognizer, article)
    megabytes = len(article.text.encode("utf-8")) / 1_000_000
    figures: dict[str, object] = {"megabytes": megabytes}
    rules_ms = [_timed(lambda: find_claims(article, entities)) for _ in range(repeats)]
    figures["rules_ms"] = rules_ms
    figures["rules_lag_ms"] = _wake_lag(lambda: _drain(claim_updates(article, entities, None)))
    if parse:
        from tui_reader.nlp.claim_parser import find_claims_parsed, installed_parser, rules_reader

        parser = installed_parser()
        assert parser is not None
        figures["parser_load_ms"] = _timed(parser.load)
        figures["parser_ms"] = [
            _timed(lambda: find_claims_parsed(article, entities, parser)) for _ in range(repeats)
        ]
        figures["parser_rules_ms"] = [
            _timed(lambda: find_claims_parsed(article, entities, parser, rules_reader))
            for _ in range(repeats)
        ]
        cache = ClaimCache(article_path.parent / "run" / "claim-cache")
        figures["parser_lag_ms"] = _wake_lag(
            lambda: _drain(claim_updates(article, entities, parser, cache=cache))
        )
    return figures


def _drain(updates: Iterable[object]) -> None:
    """Run the reader's claim worker to its end (what the worker posts is not kept)."""
    for _ in updates:
        pass


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def _wake_lag(work: Callable[[], object], period: float = 0.005) -> list[float]:
    """How much later than asked a sleeping thread wakes while `work` runs in another."""
    import threading

    worker = threading.Thread(target=work)
    lags = []
    worker.start()
    while worker.is_alive():
        asked = time.perf_counter()
        time.sleep(period)
        lags.append((time.perf_counter() - asked - period) * 1000)
    worker.join()
    return lags


# Command line --------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "mode",
        choices=(
            "first-screen",
            "session",
            "export",
            "html",
            "claims",
            "keys-under-load",
            "traced",
        ),
    )
    parser.add_argument("article", type=Path)
    parser.add_argument("database", type=Path)
    parser.add_argument("output", type=Path, help="where to write the figures (JSON)")
    parser.add_argument("--launched", type=float, default=time.time())
    parser.add_argument("--ner", default="rules")
    parser.add_argument("--presses", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--entities-only", action="store_true")
    parser.add_argument("--parse", action="store_true", help="claims: time the parser path too")
    parser.add_argument("--no-echoes", action="store_true", help="first screen: no echo lookup")
    args = parser.parse_args(argv)
    if args.mode == "traced":
        return traced_reader(args.article, args.database, args.output)
    if args.mode == "first-screen":
        figures = first_screen(
            args.article, args.database, args.launched, echoes=not args.no_echoes
        )
    elif args.mode == "keys-under-load":
        figures = keys_under_load(args.article, args.database, args.ner, args.presses)
    elif args.mode == "session":
        figures = session(
            args.article,
            args.database,
            args.ner,
            args.presses,
            args.repeats,
            keys=not args.entities_only,
        )
    elif args.mode == "html":
        figures = html_page(args.article)
    elif args.mode == "claims":
        figures = claims(args.article, args.repeats, args.parse)
    else:
        figures = exports(args.article, args.database, args.repeats, args.output.parent)
    args.output.write_text(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
