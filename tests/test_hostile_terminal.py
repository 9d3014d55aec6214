"""The reported escape sequences, in a real terminal: every byte tui-reader writes is read.

The OSC 52 sequence that wrote the user's clipboard and the CSI that cleared
the screen are put in an article's title and text, its file name, a note and a
tag; tui-reader runs in a pseudo-terminal and is taken through the reader, the
note dialog and the library. Textual itself never writes either sequence (it
writes OSC 52 only when asked to copy, and never clears with CSI 2J), so any
occurrence in the bytes written would be the content's.
"""

from __future__ import annotations

from pathlib import Path

from helpers.terminal import start

from tui_reader.document import Article
from tui_reader.model import Kind, make_annotation
from tui_reader.session import ReadingSession
from tui_reader.store import Store

OSC52 = "\x1b]52;c;SGFja2Vk\x1b\\"
CLEAR = "\x1b[2J"
SGR_IN_TEXT = "\x1b[41m"


def test_no_content_escape_reaches_a_real_terminal(tmp_path: Path) -> None:
    name = f"story{OSC52}{CLEAR}.txt"
    path = tmp_path / name
    path.write_text(
        f"Ferry vote {OSC52} {CLEAR}\n\nThe mayor said the [/] ferry {SGR_IN_TEXT} would "
        "stay, and the council agreed after a long debate on Monday evening.\n",
        encoding="utf-8",
    )
    article = Article.load(path)
    text, digest = article.text, article.content_hash
    start_of = text.index("The mayor")
    session = ReadingSession(article, Store(tmp_path / "db.json"))
    session.add(
        make_annotation(
            text, digest, Kind.NOTE, start_of, start_of + 9, body=f"clip {OSC52} {CLEAR}"
        )
    )
    session.add(make_annotation(text, digest, Kind.TAG, 0, 5, tags=(f"t{OSC52}",)))
    code = (
        "from tui_reader.cli import main\n"
        f"raise SystemExit(main([{str(path)!r}, '--db', 'db.json', '--ner', 'off']))\n"
    )
    run = start(code, tmp_path, {})
    assert run.wait_for("clip ␛]52;c;SGFja2Vk␛\\".encode())  # the note, in the panel
    run.send("j")
    run.send("j")
    run.send("a", pause=0.8)  # the note dialog, quoting the sentence
    assert run.wait_for("ferry ␛[41m would".encode())
    run.send("\x1b", pause=0.8)  # escape
    run.send("\x11")  # ctrl+q: Textual's quit, whatever has the focus
    assert run.finish() == 0
    written = bytes(run.output)
    assert b"\x1b]52" not in written
    assert CLEAR.encode() not in written
    assert SGR_IN_TEXT.encode() not in written
    assert b"\x1b]8;" not in written  # no hyperlink
    assert "Ferry vote ␛]52;c;SGFja2Vk␛\\ ␛[2J".encode() in written  # the header
