"""Web pages as some sites serve them and as an attacker would write them.

- A page nested deeper than libxml2's default limit of 256 levels keeps its
  body (it was dropped silently, leaving only the title).
- A page with no main text is an error in one line (exit 2), and a notice in
  the app, never an empty article.
- A page too large for readability is read by the linear scorer: its article,
  without menus, sidebars or footers.
- Loading a page makes no network request and expands no entity.
"""

from __future__ import annotations

import contextlib
import io
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui_reader.cli import main
from tui_reader.document import Article
from tui_reader.errors import UserError
from tui_reader.html_text import READABILITY_MAX_CHARS, main_text
from tui_reader.store import Store

PARAGRAPHS = [
    "The harbour council voted on Thursday to fund a new electric ferry for the island.",
    "Opponents said the survey, which found that most islanders preferred repairs, was ignored.",
    "The regional transport authority said the old ferry carried fewer passengers last year.",
]


def page(body: str, title: str = "Ferry vote passes") -> str:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>"


def nested(depth: int, inner: str) -> str:
    return "<div>" * depth + inner + "</div>" * depth


def paragraphs(count: int = 1) -> str:
    return "".join(f"<p>{text}</p>" for text in PARAGRAPHS) * count


@pytest.mark.parametrize("depth", [255, 256, 600, 1800])
def test_a_deeply_nested_page_keeps_its_body(depth: int) -> None:
    text = main_text(page(nested(depth, paragraphs())), "deep.html")
    assert text.startswith("Ferry vote passes\n\n")
    for paragraph in PARAGRAPHS:
        assert paragraph in text


def test_a_deep_page_opens_as_an_article(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text(page(nested(255, paragraphs())), encoding="utf-8")
    assert PARAGRAPHS[0] in Article.load(path).text


@pytest.mark.parametrize(
    "body",
    [
        "",
        "<script>var story = 'all in JavaScript';</script><img src='photo.jpg'>",
        nested(3000, paragraphs()),  # beyond what the parser follows even without its limit
    ],
    ids=["empty", "script-only", "beyond-2000-levels"],
)
def test_a_page_without_main_text_is_one_line_exit_2(tmp_path: Path, body: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(page(body), encoding="utf-8")
    with pytest.raises(UserError, match="no main text found") as caught:
        Article.load(path)
    assert "\n" not in str(caught.value)
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        code = main(["entities", str(path), "--db", str(tmp_path / "db.json")])
    assert code == 2 and "page.html: no main text found" in stderr.getvalue()


async def test_the_app_says_when_a_page_has_no_main_text(tmp_path: Path) -> None:
    from tui_reader.ui.app import ReaderApp
    from tui_reader.ui.messages import OpenArticle

    path = tmp_path / "empty.html"
    path.write_text(page("<img src='photo.jpg'>"), encoding="utf-8")
    app = ReaderApp(Store(tmp_path / "db.json"), session=None, backend="off", keymap={})
    async with app.run_test(size=(120, 40)) as pilot:
        app.post_message(OpenArticle(str(path), None))
        await pilot.pause()
        await pilot.pause()
        messages = [notification.message for notification in app._notifications]
        assert any("no main text found" in str(message) for message in messages), messages


def large_page(nesting: int = 0) -> str:
    """A page above the readability limit: menus, a sidebar of links, an article, a footer."""
    links = "".join(f"<li><a href='/s/{n}'>Another story number {n}</a></li>" for n in range(50))
    repeats = READABILITY_MAX_CHARS // len(paragraphs()) + 10
    article = f"<article><h1>Ferry vote passes</h1>{paragraphs(repeats)}</article>"
    return page(
        "<nav><a href='/'>Home</a> | <a href='/news'>News</a></nav>"
        f"<div class='sidebar'><ul>{links}</ul></div>"
        + nested(nesting, article)
        + "<div id='comments'><p>First comment, which is long enough to be a paragraph.</p></div>"
        + "<footer>Copyright Coastline News</footer>"
    )


@pytest.mark.parametrize("nesting", [0, 300])
def test_a_page_too_large_for_readability_gives_its_article(nesting: int) -> None:
    html = large_page(nesting)
    assert len(html) > READABILITY_MAX_CHARS
    text = main_text(html, "large.html")
    assert text.startswith("Ferry vote passes\n\n")
    assert text.count(PARAGRAPHS[1]) > 1000
    for boilerplate in ("Home | News", "Another story number", "First comment", "Copyright"):
        assert boilerplate not in text


# Nothing leaves the machine, nothing is read from elsewhere --------------------------------


@contextlib.contextmanager
def listening() -> Iterator[tuple[str, list[bytes]]]:
    """A local server counting the connections made to it: (its address, what was asked)."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    asked: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                connection, _ = server.accept()
                with connection:
                    connection.settimeout(1)
                    with contextlib.suppress(OSError):
                        asked.append(connection.recv(1024))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    host, port = server.getsockname()
    try:
        yield f"http://{host}:{port}", asked
    finally:
        stop.set()
        thread.join()
        server.close()


def hostile_page(address: str, secret: Path, size: str) -> str:
    extra = paragraphs(READABILITY_MAX_CHARS // len(paragraphs()) + 10) if size == "large" else ""
    return (
        f'<!DOCTYPE html SYSTEM "{address}/page.dtd" [\n'
        f'<!ENTITY secret SYSTEM "{secret.as_uri()}">\n'
        f'<!ENTITY remote SYSTEM "{address}/entity">\n]>\n'
        f'<html><head><title>Ferry</title><link rel="stylesheet" href="{address}/style.css">'
        f'<script src="{address}/tracker.js"></script></head><body>'
        f'<img src="{address}/pixel.gif"><iframe src="{address}/frame"></iframe>'
        f"<article><p>{PARAGRAPHS[0]} &secret; &remote;</p>{paragraphs()}{extra}</article>"
        f'<object data="{address}/object"></object></body></html>'
    )


@pytest.mark.parametrize("size", ["small", "large"])
def test_a_page_makes_no_request_and_expands_no_entity(tmp_path: Path, size: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the password is swordfish", encoding="utf-8")
    with listening() as (address, asked):
        path = tmp_path / "hostile.html"
        path.write_text(hostile_page(address, secret, size), encoding="utf-8")
        text = Article.load(path).text
    assert asked == []
    assert "swordfish" not in text
    assert PARAGRAPHS[0] in text
