"""Property tests: hostile strings in every displayed field reach no terminal raw.

The strings are drawn from what an attacker writes: Rich and Textual markup
(`[/]`, `[link=…]`, `[@click=…]`), escape sequences (OSC 52 to the clipboard,
CSI to clear the screen or colour it, BEL, a C1 CSI), BiDi overrides and
isolates, lone surrogates, mixed with ordinary words. Each example puts one in
every field at once: the article's title and text, its file name, a note, a
tag, a claim's source, rationale and evidence, an entity correction's label (as
an import would store them), a search of the article and one of the library.

How a leak is detected, and why that is sound:

- The app, driven by Pilot through its screens (the reader and its three tabs,
  the note, tag and claim dialogs, a search and its notice, the
  library and its search), is checked after each step by `helpers.screen.leaks`:
  every segment of the composed screen, which is exactly what Textual's driver
  writes (each segment's text between the escape sequences made from its
  style), must hold no character a terminal acts on, no link and no click
  action but Textual's own. An exception anywhere fails the example (Pilot
  raises it at the end of `run_test`). A live terminal is exercised too, for
  the reported escapes, in test_hostile_terminal.py.
- The command line's tables (`list`, `search`, `entities`, `claims`, `eval`,
  `eval-claims`, `import`) and the `md` export are run with Rich forced to
  write as to a terminal; once its style sequences (SGR, `ESC [ … m`, the only
  ones Rich writes when printing, links aside, and a link fails the test) are
  taken out, no ESC and no other such character may remain: any left came
  from the content.

Lone surrogates cannot be stored (no JSON encoder writes them; the importers
refuse them), so they reach the app through what can hold them: the file name
of an article that is not valid UTF-8. Examples are few (the app is slow to
start) and have no deadline: this is a search for leaks, not a benchmark.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import io
import itertools
import json
import os
import re
import tempfile
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from helpers.screen import leaks
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import Input

from tui_reader.cli import main
from tui_reader.document import Article
from tui_reader.export import export_article
from tui_reader.model import Claim, ClaimStatus, Evidence, Kind, make_annotation
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.claim_editor import ClaimDialog
from tui_reader.ui.dialogs import NoteDialog, TagDialog
from tui_reader.ui.library_screen import LibraryScreen
from tui_reader.ui.messages import Edit, OpenArticle
from tui_reader.ui.reader_screen import ReaderScreen
from tui_reader.ui.search_bar import SearchBar

TOKENS = (
    "[/]",
    "[b]",
    "[/b]",
    "[link=file:///etc/passwd]",
    "[/link]",
    "[@click=app.quit]",
    "[on red]",
    "[",
    "]",
    "\\[",
    ":warning:",
    "\x1b]52;c;SGFja2Vk\x1b\\",
    "\x1b]8;;http://evil.example\x1b\\",
    "\x1b[2J",
    "\x1b[31;1m",
    "\x1b[6n",
    "\x07",
    "\x08",
    "\x9b2J",
    "\x85",
    "\x7f",
    "\r",
    "\t",
    "\n",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u2069",
    "\ud800",
    "\udcff",
    "ferry",
    "Mayor",
    " ",
    "20",
    "东京",
)
HOSTILE = st.lists(
    st.one_of(st.sampled_from(TOKENS), st.text(max_size=3)), min_size=1, max_size=6
).map("".join)
PROFILE = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
APP_PROFILE = settings(PROFILE, max_examples=10)
"""Each example opens the reader, three dialogs and the library (some 2 s of CPU), and
checks all ten fields: ten examples are a hundred fields."""
SGR = re.compile(r"\x1b\[[0-9;]*m")
ACTED_ON = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
PROSE = (
    "The harbour council met on Monday to discuss the ferry, and the mayor said the vote "
    "would come within a month. Residents told reporters they had waited long enough. "
) * 4
"""Ordinary text around the hostile parts, so the file is not taken for a binary one."""


@dataclass(frozen=True)
class Hostile:
    title: str
    sentence: str
    file_name: str
    note: str
    tag: str
    source: str
    rationale: str
    evidence: str
    label: str
    query: str

    @property
    def storable(self) -> dict[str, str]:
        """The fields a database holds: lone surrogates cannot be stored (see above)."""
        return {name: _no_surrogates(getattr(self, name)) for name in self.__dataclass_fields__}


def _no_surrogates(text: str) -> str:
    return re.sub("[\ud800-\udfff]", "?", text)


FIELDS = st.builds(Hostile, *(HOSTILE for _ in Hostile.__dataclass_fields__))


def write_article(root: Path, hostile: Hostile) -> Path:
    """An article file and, as an import would store them, one annotation of each kind."""
    text = f"{hostile.title}\n\n{PROSE}{hostile.sentence} the mayor said.\n\n{PROSE}"
    name = hostile.file_name.replace("/", "∕").replace("\x00", "␀")
    raw_name = name.encode("utf-8", "surrogatepass")[:180] + f"-{next(_NUMBERS)}.txt".encode()
    path = root / os.fsdecode(raw_name)
    path.write_bytes(text.replace("\x00", " ").encode("utf-8", "surrogatepass"))
    article = Article.load(path)
    session = ReadingSession(article, Store(root / "annotations.json"))
    fields = hostile.storable
    start = article.text.index(PROSE) + len(PROSE)
    end = min(start + 40, len(article.text))
    digest, body = article.content_hash, article.text
    claim = Claim(
        source=fields["source"],
        rationale=fields["rationale"],
        evidence=(Evidence(url=fields["evidence"], quote=fields["evidence"], note=fields["note"]),),
    ).with_status(ClaimStatus.DISPUTED)
    session.add_many(
        [
            make_annotation(body, digest, Kind.NOTE, start, end, body=fields["note"]),
            make_annotation(body, digest, Kind.TAG, start, end, tags=(fields["tag"],)),
            make_annotation(body, digest, Kind.CLAIM, 0, 20, claim=claim),
            make_annotation(body, digest, Kind.ENTITY, 30, 37, label=fields["label"]),
        ],
        "as an import would",
    )
    return path


_NUMBERS = itertools.count()
Result = TypeVar("Result")


class LiveApp:
    """One tui-reader kept running across examples (starting one per example is too slow).

    It starts on the library of a database every example adds an article to;
    each example opens its article from there, as a user would.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.loop = asyncio.new_event_loop()
        self.app = ReaderApp(Store(root / "annotations.json"), backend="off")
        self.app.animation_level = "none"
        self._running = self.app.run_test(size=(120, 30), notifications=True)
        # Textual keeps the running app in context variables: every step runs in one context.
        self._variables = contextvars.copy_context()
        self.pilot = self._run(self._running.__aenter__())

    def _run(self, step: Coroutine[Any, Any, Result]) -> Result:
        return self.loop.run_until_complete(self.loop.create_task(step, context=self._variables))

    def visit(self, path: Path, query: str) -> list[str]:
        found = self._run(self._visit(path, query))
        assert self.app.is_running and self.app.crash is None, self.app.crash
        return found

    async def _visit(self, path: Path, query: str) -> list[str]:
        app, pilot = self.app, self.pilot
        found: list[str] = []

        async def check(where: str, ready: type | None = None, workers: bool = False) -> None:
            for _ in range(40):
                if ready is None or isinstance(app.screen, ready):
                    break
                await pilot.pause(0.05)
            assert ready is None or isinstance(app.screen, ready), (where, app.screen)
            if workers:  # the claim finder, the library search
                await app.workers.wait_for_complete()
            await pilot.pause()
            found.extend(f"{where}: {leak}" for leak in leaks(app))

        app.screen.post_message(OpenArticle(str(path)))
        await check("reader, notes tab", ReaderScreen)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        for tab in ("2", "3"):
            await pilot.press(tab)
            await check(f"tab {tab}", workers=True)
        session = reader.session
        note = next(a for a in session.annotations if a.kind is Kind.NOTE)
        for key, dialog in (("a", NoteDialog), ("t", TagDialog)):
            reader.view.move_cursor(note.start)
            await pilot.press(key)
            await check(dialog.__name__, dialog)
            await pilot.press("escape")
        claim = next(a for a in session.annotations if a.kind is Kind.CLAIM)
        reader.post_message(Edit(claim.id))  # e on the claim in its tab
        await check("claim editor", ClaimDialog)
        await pilot.press("escape")
        reader.view.focus()
        await pilot.press("slash")
        reader.query_one(SearchBar).value = query  # as pasted
        await pilot.press("enter")
        await check("search")
        await pilot.press("q")
        await check("library", LibraryScreen)
        await pilot.press("slash")
        app.screen.query_one("#library-search", Input).value = _no_surrogates(query)
        await pilot.press("enter")
        await check("library search", workers=True)
        await pilot.press("escape")
        return found

    def close(self) -> None:
        self._run(self._running.__aexit__(None, None, None))
        self.loop.close()


@pytest.fixture(scope="module")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    live = LiveApp(tmp_path_factory.mktemp("hostile"))
    yield live
    live.close()


@APP_PROFILE
@given(hostile=FIELDS)
def test_no_hostile_field_reaches_the_screen_raw(live_app: LiveApp, hostile: Hostile) -> None:
    path = write_article(live_app.root, hostile)
    assert live_app.visit(path, hostile.query) == []


@contextlib.contextmanager
def a_library(hostile: Hostile) -> Iterator[tuple[Path, Path]]:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        yield write_article(root, hostile), root / "annotations.json"


def terminal_output(arguments: list[str]) -> tuple[int, str]:
    """Run a command as from a terminal (Rich writes styles); exit code and stdout + stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(arguments)
    return code, out.getvalue() + err.getvalue()


def assert_literal(output: str, command: str) -> None:
    assert "\x1b]8;" not in output, f"{command}: a link"
    assert ACTED_ON.search(SGR.sub("", output).replace("\n", "")) is None, (command, output)


@PROFILE
@given(hostile=FIELDS)
def test_no_hostile_field_reaches_a_cli_table_raw(
    hostile: Hostile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "160")
    with a_library(hostile) as (path, database):
        db = ["--db", str(database)]
        commands = {
            "list": ["list", *db],
            "search": ["search", *db, "--ner", "off", "--", hostile.storable["query"] or "x"],
            "entities": ["entities", str(path), "--format", "table", "--ner", "rules", *db],
            "claims": ["claims", str(path), "--format", "table", "--ner", "rules"],
            "export md": ["export", str(path), "-f", "md", "--ner", "off", *db],
        }
        export = path.with_name("colleague.json")
        annotations = Store(database).annotations()
        export.write_text(
            export_article("json", Article.load(path), annotations, []).text, encoding="utf-8"
        )
        commands["import"] = ["import", str(export), "--article", str(path), *db]
        evaluation = path.parent / "eval"
        evaluation.mkdir()
        name = _no_surrogates(hostile.file_name).replace("/", "∕").replace("\x00", "␀")[:100]
        gold = evaluation / f"{name or 'x'}.txt"
        gold.write_text(Article.load(path).text, encoding="utf-8")
        gold.with_name(gold.stem + ".entities.json").write_text("[]", encoding="utf-8")
        gold.with_name(gold.stem + ".claims.json").write_text(json.dumps([]), encoding="utf-8")
        commands["eval"] = ["eval", str(evaluation), "--mistakes"]
        commands["eval-claims"] = ["eval-claims", str(evaluation), "--errors", "--ner", "off"]
        for command, arguments in commands.items():
            code, output = terminal_output(arguments)
            assert code in (0, 2), (command, code, output)
            assert_literal(output, command)
