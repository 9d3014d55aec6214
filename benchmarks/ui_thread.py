"""Slow actions in the real app, timed, with how long they held up the event loop.

    python -m benchmarks.ui_thread OUT --article A --small S --database D --many M --repeats 3

Each action runs in the reader (headless, 120x40, Pilot pressing the keys) while
a task on the app's event loop wakes every 5 ms: the longest it waited beyond
that is how long no key, repaint or timer could run (the "stall"). An action
done on the UI thread stalls for its whole length; one in a worker only for
what it hands back. The actions:

- `t` with 10,000 annotations in the database (the tag suggestions read them all);
- export of the article (CoNLL, `--ner off`: the export, not the recogniser);
- opening the article from the library (loading, hashing, re-anchoring);
- locating a moved article in a directory of `--files` other articles.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

SCREEN_SIZE = (120, 40)
WAKE = 0.005
WAIT_LIMIT = 300.0


class StallMeter:
    """The longest the event loop was late for a 5 ms sleep, since `reset`."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(WAKE)
            self.longest = max(self.longest, time.perf_counter() - before - WAKE)

    def reset(self) -> None:
        self.longest = 0.0

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()


async def _until(condition: Callable[[], object]) -> None:
    deadline = time.monotonic() + WAIT_LIMIT
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not finish the action")
        await asyncio.sleep(0.002)


def _notified(app: Any, words: str) -> bool:
    return any(words in str(notice.message) for notice in app._notifications)


SETTLE = 1.0
"""Seconds of quiet before each action, once the app's workers are done (the reader's
entities and claims at opening would otherwise be counted as the action's)."""


async def _settled(app: Any) -> None:
    await app.workers.wait_for_complete()
    await asyncio.sleep(SETTLE)


async def _timed(
    figures: dict[str, list[float]],
    meter: StallMeter,
    action: Callable[[], Any],
    done: Callable[[], object],
) -> None:
    """Add one action's milliseconds until `done`, and its longest stall, to `figures`."""
    meter.reset()
    started = time.perf_counter()
    await action()
    await _until(done)
    figures["done_ms"].append((time.perf_counter() - started) * 1000)
    figures["stall_ms"].append(meter.longest * 1000)


async def tag_key(article: Path, database: Path, repeats: int) -> dict[str, list[float]]:
    from tui_reader.document import Article
    from tui_reader.session import ReadingSession
    from tui_reader.store import Store
    from tui_reader.ui.app import ReaderApp
    from tui_reader.ui.dialogs import TagDialog

    session = ReadingSession(Article.load(article), Store(database))
    app = ReaderApp(session.store, session=session, backend="off")
    figures: dict[str, list[float]] = {"done_ms": [], "stall_ms": []}
    meter = StallMeter()
    async with app.run_test(size=SCREEN_SIZE) as pilot:
        await pilot.pause()
        meter.start()
        for _ in range(repeats):
            await _settled(app)
            await _timed(
                figures,
                meter,
                lambda: pilot.press("t"),
                lambda: isinstance(app.screen, TagDialog) and app.screen.is_mounted,
            )
            await pilot.press("escape")
            await pilot.pause()
        meter.stop()
    return figures


async def export(
    article: Path, database: Path, directory: Path, repeats: int
) -> dict[str, list[float]]:
    from textual.widgets import Input, Select

    from tui_reader.document import Article
    from tui_reader.session import ReadingSession
    from tui_reader.store import Store
    from tui_reader.ui.app import ReaderApp
    from tui_reader.ui.dialogs import ExportDialog

    session = ReadingSession(Article.load(article), Store(database))
    app = ReaderApp(session.store, session=session, backend="off")
    figures: dict[str, list[float]] = {"done_ms": [], "stall_ms": []}
    meter = StallMeter()
    async with app.run_test(size=SCREEN_SIZE) as pilot:
        await pilot.pause()
        meter.start()
        for run in range(repeats):
            target = directory / f"export-{run}.conll"
            await pilot.press("x")
            await _until(lambda: isinstance(app.screen, ExportDialog) and app.screen.is_mounted)
            await pilot.pause()
            app.screen.query_one("#export-format", Select).value = "conll"
            await pilot.pause()
            app.screen.query_one("#export-path", Input).value = str(target)
            app._notifications.clear()
            await _settled(app)
            await _timed(
                figures, meter, lambda: pilot.press("enter"), lambda: _notified(app, "Exported")
            )
            await pilot.pause()
        meter.stop()
    return figures


async def open_from_library(database: Path, repeats: int) -> dict[str, list[float]]:
    from tui_reader.store import Store
    from tui_reader.ui.app import ReaderApp
    from tui_reader.ui.article_view import ArticleView
    from tui_reader.ui.library_screen import LibraryScreen
    from tui_reader.ui.reader_screen import ReaderScreen

    app = ReaderApp(Store(database), backend="off")
    figures: dict[str, list[float]] = {"done_ms": [], "stall_ms": []}
    meter = StallMeter()

    def reading() -> bool:
        screen = app.screen
        return isinstance(screen, ReaderScreen) and bool(screen.query(ArticleView))

    async with app.run_test(size=SCREEN_SIZE) as pilot:
        await _until(lambda: isinstance(app.screen, LibraryScreen))
        await pilot.pause()
        meter.start()
        for _ in range(repeats):
            await _settled(app)
            await _timed(figures, meter, lambda: pilot.press("enter"), reading)
            await pilot.pause()
            await pilot.press("q")
            await _until(lambda: isinstance(app.screen, LibraryScreen))
            await pilot.pause()
        meter.stop()
    return figures


async def locate(database: Path, moved: Path, place: Path, repeats: int) -> dict[str, list[float]]:
    from textual.widgets import Input

    from tui_reader.store import Store
    from tui_reader.ui.app import ReaderApp
    from tui_reader.ui.library_screen import LibraryScreen

    store = Store(database)
    record = store.articles()[0]
    figures: dict[str, list[float]] = {"done_ms": [], "stall_ms": []}
    meter = StallMeter()
    app = ReaderApp(store, backend="off")
    async with app.run_test(size=SCREEN_SIZE) as pilot:
        await _until(lambda: isinstance(app.screen, LibraryScreen))
        await pilot.pause()
        meter.start()
        for _ in range(repeats):
            store.put_article(replace(store.article(record.content_hash), path=str(moved)))
            app.screen.refresh_articles()
            await pilot.pause()
            await pilot.press("l")
            await pilot.pause()
            app.screen.query_one("#library-locate", Input).value = str(place)
            app._notifications.clear()
            await _settled(app)
            await _timed(
                figures, meter, lambda: pilot.press("enter"), lambda: _notified(app, "Found")
            )
            await pilot.pause()
        meter.stop()
    return figures


def locate_place(directory: Path, article: Path, files: int) -> Path:
    """A directory of `files` articles that are not it, and the article itself last."""
    from benchmarks.articles import generate_article

    place = directory / f"locate-{files}"
    if not place.exists():
        place.mkdir()
        text = generate_article(3_000, seed=3)
        for index in range(files):
            (place / f"a{index:05}.txt").write_text(f"{index}\n{text}", encoding="utf-8")
        (place / "zz-moved.txt").write_bytes(article.read_bytes())
    return place


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--article", type=Path, required=True, help="exported and opened")
    parser.add_argument("--database", type=Path, required=True, help="annotations on it")
    parser.add_argument("--small", type=Path, required=True, help="where `t` is pressed")
    parser.add_argument("--many", type=Path, required=True, help="10,000 annotations on --small")
    parser.add_argument("--files", type=int, default=2_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    directory = args.output.parent
    figures = {
        "tag_key": asyncio.run(tag_key(args.small, args.many, args.repeats)),
        "export": asyncio.run(export(args.article, args.database, directory, args.repeats)),
    }
    figures["open"] = asyncio.run(open_from_library(args.database, args.repeats))
    place = locate_place(directory, args.article, args.files)
    moved = directory / "moved-away.txt"
    figures["locate"] = asyncio.run(locate(args.database, moved, place, args.repeats))
    args.output.write_text(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
