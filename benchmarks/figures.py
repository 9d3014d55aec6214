"""Measured figures: medians, the tables printed at the end of a run, the JSON file,
and the targets the figures are checked against."""

from __future__ import annotations

import json
import platform
import statistics
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table


@dataclass
class Figure:
    """One measured quantity for one column (an article size, a database size, ...)."""

    table: str
    """Which table it is printed in: "article", "database" or "start-up"."""
    name: str
    column: str
    unit: str
    runs: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


@dataclass
class Target:
    """A figure the reader must reach, checked against the measured medians."""

    description: str
    measure: Callable[[Results], float | None]
    limit: float
    unit: str

    def check(self, results: Results) -> tuple[float | None, bool | None]:
        value = self.measure(results)
        return value, (None if value is None else value <= self.limit)


@dataclass
class Results:
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, table: str, name: str, column: str, unit: str, runs: Iterable[float]) -> None:
        values = [float(value) for value in runs]
        if values:
            self.figures.append(Figure(table, name, column, unit, values))

    def median(self, name: str, column: str) -> float | None:
        for figure in self.figures:
            if figure.name == name and figure.column == column:
                return figure.median
        return None

    def columns(self, table: str) -> list[str]:
        seen: dict[str, None] = {}
        for figure in self.figures:
            if figure.table == table:
                seen.setdefault(figure.column)
        return list(seen)


# Targets ------------------------------------------------------------------------------

FIRST_SCREEN = "first screen, headless, from launch"
TERMINAL_FIRST_SCREEN = "first screen in tmux"
LESS_FIRST_SCREEN = "less: first screen in tmux"
RULES_SPEED = "the rules alone, whole article"
TERMINAL_RATIO = "tmux: ours / less"
TERMINAL_END = "G to the last screen in tmux"
TERMINAL_SEARCH_SHOWN = "search hit at 90% in tmux, from found to shown"
TERMINAL_SEARCH_FOUND = "search hit at 90% in tmux, from enter to shown"
TERMINAL_SEARCH_WRITTEN = "search hit at 90% in tmux, from found to its frame written"
"""The app's part of found-to-shown: the rest is tmux redrawing and `capture-pane`."""
LATENCY_P90 = "key to repainted screen, --ner {ner}, p90"
LATENCY_MAX = "key to repainted screen, --ner {ner}, max"
KEY_FIGURE = "key {key} (CPU)"
IDLE_KEY_FIGURE = "key bound to nothing, f12 (CPU)"
TIMED_KEYS = ("j", "l", "w", "pagedown", "s", "G")
ADD_SPEED = "tui-reader add, rules"
SOURCES_TIME = "sources answered (kept answer)"
ECHOES_TIME = "echoes answered (kept answer)"
SOURCES_COLD = "sources computed whole (nothing kept)"
ECHOES_COLD = "echoes computed whole (nothing kept)"
SOURCES_ADDED = "sources after one article added"
ECHOES_ADDED = "echoes after one article added"
SOURCES_MERGED = "sources after a merge or its undo"
ECHOES_MERGED = "echoes after a merge or its undo"
SOURCES_PROCESS = "tui-reader sources --format json, process"
ECHOES_PROCESS = "tui-reader echoes --format json, process"
FIRST_SCREEN_ECHOES = "first screen of a library article, its echoes looked up"
FIRST_SCREEN_NO_ECHOES = "first screen of a library article, no echo lookup"


def _ratio(name: str, numerator: str, denominator: str) -> Callable[[Results], float | None]:
    def measure(results: Results) -> float | None:
        top, bottom = results.median(name, numerator), results.median(name, denominator)
        return None if top is None or not bottom else top / bottom

    return measure


def _value(name: str, column: str) -> Callable[[Results], float | None]:
    return lambda results: results.median(name, column)


def _latency_ratio(results: Results) -> float | None:
    """p90 of key latency while spaCy reads over that with --ner off, on whichever
    article the case used."""
    for column in results.columns("article"):
        ratio = _ratio_between(
            results, LATENCY_P90.format(ner="spacy"), LATENCY_P90.format(ner="off"), column
        )
        if ratio is not None:
            return ratio
    return None


def _ratio_between(results: Results, top: str, bottom: str, column: str) -> float | None:
    numerator, denominator = results.median(top, column), results.median(bottom, column)
    return None if numerator is None or not denominator else numerator / denominator


def _latency_max(results: Results) -> float | None:
    name = LATENCY_MAX.format(ner="spacy")
    runs = [run for figure in results.figures if figure.name == name for run in figure.runs]
    return max(runs, default=None)


def _worst_key(results: Results) -> float | None:
    values = [
        figure.median
        for figure in results.figures
        if figure.name in {KEY_FIGURE.format(key=key) for key in TIMED_KEYS}
    ]
    return max(values, default=None)


def _worst_key_net(results: Results) -> float | None:
    """The worst key's median less that of a key bound to nothing, at the same size:
    what the reader adds to what Pilot and Textual cost for any key."""
    values = []
    for figure in results.figures:
        if figure.name in {KEY_FIGURE.format(key=key) for key in TIMED_KEYS}:
            floor = results.median(IDLE_KEY_FIGURE, figure.column)
            if floor is not None:
                values.append(figure.median - floor)
    return max(values, default=None)


TARGETS = (
    Target(
        "first screen 10 MB / 3 KB, headless",
        _ratio(FIRST_SCREEN, "10MB", "3KB"),
        1.5,
        "×",
    ),
    Target(
        "first screen 10 MB / 3 KB, in tmux",
        _ratio(TERMINAL_FIRST_SCREEN, "10MB", "3KB"),
        1.5,
        "×",
    ),
    Target("first screen 50 MB, headless", _value(FIRST_SCREEN, "50MB"), 1000, "ms"),
    Target("first screen 50 MB, in tmux", _value(TERMINAL_FIRST_SCREEN, "50MB"), 1000, "ms"),
    Target("G to the end 50 MB / 3 KB, in tmux", _ratio(TERMINAL_END, "50MB", "3KB"), 1.5, "×"),
    Target(
        "search hit at 90% of 50 MB shown, after found",
        _value(TERMINAL_SEARCH_SHOWN, "50MB"),
        100,
        "ms",
    ),
    Target(
        "the same, to the app's frame written",
        _value(TERMINAL_SEARCH_WRITTEN, "50MB"),
        100,
        "ms",
    ),
    Target("key latency p90 while spaCy reads / --ner off", _latency_ratio, 1.5, "×"),
    Target("key latency while spaCy reads, slowest key", _latency_max, 250, "ms"),
    Target("CPU per key press, worst key and size", _worst_key, 5, "ms"),
    Target("the same, less a key bound to nothing", _worst_key_net, 5, "ms"),
    Target("resize 10 MB", _value("resize, to the repainted screen", "10MB"), 100, "ms"),
    Target("search 10 MB, all matches", _value("search, all matches", "10MB"), 200, "ms"),
    Target("peak memory 10 MB with entities", _value("peak memory", "10MB"), 400, "MB"),
    Target("tui-reader --version", _value("tui-reader --version", "-"), 150, "ms"),
    Target(
        "entities on the first screen 10 MB (rules)",
        _value("entities on the first screen (rules)", "10MB"),
        500,
        "ms",
    ),
    Target("the rules on 10 MB, per MB (2 MB/s)", _value(RULES_SPEED, "10MB"), 500, "ms/MB"),
    Target(
        "add 1,000 articles, seconds per MB (1 MB/s)",
        lambda results: _inverse(results.median(ADD_SPEED, "1,000 articles")),
        1.0,
        "s/MB",
    ),
    Target("sources, 1,000 articles", _value(SOURCES_TIME, "1,000 articles"), 200, "ms"),
    Target("echoes, 1,000 articles", _value(ECHOES_TIME, "1,000 articles"), 200, "ms"),
    Target("sources, one article added", _value(SOURCES_ADDED, "1,000 articles"), 200, "ms"),
    Target("echoes, one article added", _value(ECHOES_ADDED, "1,000 articles"), 200, "ms"),
)


def _inverse(value: float | None) -> float | None:
    return None if not value else 1 / value


# Output -------------------------------------------------------------------------------


def _format(value: float, unit: str) -> str:
    if unit == "×":
        return f"{value:.2f}×"
    if unit == "ms" and value < 10:
        return f"{value:.2f}"
    if value >= 10_000:
        return f"{value:,.0f}"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def print_tables(results: Results, console: Console | None = None) -> None:
    """The medians, one table per kind of figure, then the targets."""
    console = console or Console()
    titles = {
        "article": "Reader, by article size (medians)",
        "database": "Database, by number of annotations (medians)",
        "start-up": "Start-up (medians)",
        "library": "Library, across articles (medians)",
    }
    for table_name, title in titles.items():
        columns = results.columns(table_name)
        if not columns:
            continue
        table = Table(title=title, title_justify="left")
        table.add_column("figure")
        table.add_column("unit")
        for column in columns:
            table.add_column(column, justify="right")
        names = list(dict.fromkeys(f.name for f in results.figures if f.table == table_name))
        for name in names:
            by_column = {
                f.column: f for f in results.figures if f.table == table_name and f.name == name
            }
            unit = next(iter(by_column.values())).unit
            cells = [_format(by_column[c].median, unit) if c in by_column else "—" for c in columns]
            table.add_row(name, unit, *cells)
        console.print(table)
    targets = Table(title="Targets", title_justify="left")
    for heading in ("target", "limit", "measured", "met"):
        targets.add_column(heading)
    for target in TARGETS:
        value, met = target.check(results)
        shown = "not measured" if value is None else _format(value, target.unit)
        verdict = "—" if met is None else ("yes" if met else "NO")
        targets.add_row(
            target.description, f"≤ {_format(target.limit, target.unit)}", shown, verdict
        )
    console.print(targets)
    for note in results.notes:
        console.print(f"[dim]note:[/] {note}")


def write_json(results: Results, path: Path, settings: dict) -> None:
    """Every run of every figure, with the machine and the settings, to compare runs later."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
        },
        "settings": settings,
        "figures": [asdict(figure) | {"median": figure.median} for figure in results.figures],
        "targets": [
            {
                "target": target.description,
                "limit": target.limit,
                "unit": target.unit,
                "measured": target.check(results)[0],
                "met": target.check(results)[1],
            }
            for target in TARGETS
        ],
        "notes": results.notes,
    }
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
