"""The entity pipeline in a child process: the same updates as in a thread, and a child
that stops when asked, when the updates are no longer read, and when its parent dies."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui_reader.config import cache_directory
from tui_reader.document import Article
from tui_reader.nlp.backends import get_recognizer
from tui_reader.nlp.pipeline import entity_updates
from tui_reader.nlp.pipeline_process import EntityProcessError, entity_updates_in_process

CHILD = "tui_reader.nlp.pipeline_process"
needs_proc = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="finds the child processes in /proc"
)


def entity_children(parent: int | None = None) -> list[int]:
    """The entity processes running as children of `parent` (this process by default)."""
    parent = os.getpid() if parent is None else parent
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if int(ppid) == parent and state != "Z" and CHILD.encode() in command:
            found.append(int(entry.name))
    return found


def long_article(article_path: Path, copies: int) -> Article:
    """Our test article many times over, with a line the decoder must carry: é, “”, 東京."""
    text = article_path.read_text(encoding="utf-8")
    extra = "\nThe mayor of Élan met “Tokyo” (東京) officials on Monday.\n\n"
    return Article(text=(text + extra) * copies, name="long.txt")


def wait_until_gone(pid: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@needs_proc
def test_the_updates_are_those_of_the_pipeline_in_a_thread(article_path: Path) -> None:
    article = long_article(article_path, 30)
    visible = range(3, 6)
    in_process = list(entity_updates_in_process(article, "rules", visible))
    shutil.rmtree(cache_directory(), ignore_errors=True)  # the child cached its result
    recognizer = get_recognizer("rules")
    assert recognizer is not None
    in_thread = list(entity_updates(article, recognizer, visible))
    assert in_process == in_thread
    assert in_process[-1].final and in_process[-1].entities
    assert entity_children() == []


def test_the_visible_paragraphs_read_here_first_are_those_the_child_reads(
    article_path: Path,
) -> None:
    article = long_article(article_path, 30)
    updates = list(entity_updates_in_process(article, "rules", range(3, 6), visible_here="rules"))
    here, child_first = updates[0], updates[1]
    assert (
        here.covering
        == child_first.covering
        == (
            article.paragraphs[3][0],
            article.paragraphs[5][1],
        )
    )
    assert here == child_first
    assert updates[-1].final


def test_the_spacy_stages_come_as_in_a_thread(article_path: Path) -> None:
    pytest.importorskip("spacy")
    article = long_article(article_path, 2)
    updates = list(entity_updates_in_process(article, "spacy", range(0, 2)))
    assert updates[0].backend == "rules" and updates[-1].backend == "spacy"
    assert updates[-1].final
    found = {(e.start, e.end, e.label) for e in updates[-1].entities or []}
    start = article.text.index("Daniel Achterberg")
    assert (start, start + len("Daniel Achterberg"), "PERSON") in found


@needs_proc
def test_cancelled_between_updates_stops_the_child(article_path: Path) -> None:
    article = long_article(article_path, 3000)  # 6 MB: seconds of reading
    seen = []
    for update in entity_updates_in_process(article, "rules", range(0, 2), lambda: bool(seen)):
        assert len(entity_children()) == 1
        seen.append(update)
    assert len(seen) == 1
    assert entity_children() == []


@needs_proc
def test_updates_no_longer_read_stop_the_child(article_path: Path) -> None:
    article = long_article(article_path, 3000)
    updates = entity_updates_in_process(article, "rules", range(0, 2))
    first = next(updates)
    assert first.covering is not None  # the visible paragraphs come first
    assert len(entity_children()) == 1
    updates.close()
    assert entity_children() == []


def test_a_failure_in_the_child_is_an_error_with_its_reason(article_path: Path) -> None:
    article = long_article(article_path, 1)
    with pytest.raises(EntityProcessError, match="unknown entity backend 'bert'"):
        list(entity_updates_in_process(article, "bert", range(0, 1)))


@needs_proc
def test_the_child_stops_when_its_parent_is_killed(tmp_path: Path, article_path: Path) -> None:
    script = tmp_path / "parent.py"
    script.write_text(
        f"""
import sys, time
from pathlib import Path
from tui_reader.document import Article
from tui_reader.nlp.pipeline_process import entity_updates_in_process

text = Path({str(article_path)!r}).read_text(encoding="utf-8") * 3000
updates = entity_updates_in_process(Article(text, "long.txt"), "rules", range(0, 2))
next(updates)
print("reading", flush=True)
time.sleep(60)
"""
    )
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    assert parent.stdout.readline() == "reading\n"
    [child] = entity_children(parent.pid)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    assert wait_until_gone(child)


@needs_proc
async def test_the_reader_stops_spacy_s_process_when_the_article_is_closed(
    tmp_path: Path, article_path: Path, db_path: Path
) -> None:
    """spaCy reads in a child while the reader works; `q` mid-way ends the child too."""
    pytest.importorskip("spacy")
    from tui_reader.session import ReadingSession
    from tui_reader.store import Store
    from tui_reader.ui.app import ReaderApp
    from tui_reader.ui.reader_screen import ReaderScreen

    path = tmp_path / "long.txt"
    path.write_text(long_article(article_path, 200).text, encoding="utf-8")
    session = ReadingSession(Article.load(path), Store(db_path))
    app = ReaderApp(session.store, session=session, backend="spacy")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        deadline = time.monotonic() + 60
        while "(spacy)" not in screen.status_line.activity and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert "(spacy)" in screen.status_line.activity  # spaCy is reading, in a child
        assert len(entity_children()) == 1
        start = session.article.text.index("Daniel Achterberg")
        shown = {(e.start, e.end): e.label for e in screen.entities}
        assert shown[(start, start + len("Daniel Achterberg"))] == "PERSON"  # spaCy's, on screen
        await pilot.press("j", "j", "q")
    deadline = time.monotonic() + 5
    while entity_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert entity_children() == []
