"""The main text of a web page, as plain paragraphs the reader can show and anchor to.

readability-lxml finds the article in the page (dropping menus, adverts and
footers); its cleaned HTML is then flattened here into text with one blank line
between blocks, so paragraphs, headings and list items stay apart. Offsets of
annotations on an HTML article refer to this text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tui_reader.errors import UserError

if TYPE_CHECKING:  # lxml loads with the first HTML page, not at start-up
    from lxml.html import HtmlElement

_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tr",
        "ul",
    ]
)
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def main_text(html: str, source: str) -> str:
    """The page's title and main text, blocks separated by blank lines."""
    import lxml.html
    from readability import Document

    try:
        document = Document(html)
        title = " ".join(document.title().split())
        root = lxml.html.fromstring(document.summary(html_partial=True))
    except Exception as error:  # lxml and readability raise many kinds on bad markup
        raise UserError(f"{source}: cannot extract the text of this HTML page ({error})") from None
    blocks = [block for block in _blocks(root) if block]
    if title:
        # The page's title heads the text (and so becomes the article's title),
        # taken from where it repeats near the top rather than shown twice.
        if title in blocks[:3]:
            blocks.remove(title)
        blocks.insert(0, title)
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _blocks(element: HtmlElement) -> list[str]:
    """Text of `element` split at block-level elements, white space folded inside each."""
    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = _SPACES.sub(" ", "".join(current)).strip()
        if text:
            blocks.append(text)
        current.clear()

    def walk(node: HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        is_block = tag in _BLOCKS
        if is_block:
            flush()
        if tag == "br":
            current.append(" ")
        elif node.text and tag not in ("script", "style"):
            current.append(node.text)
        for child in node:
            walk(child)
        if is_block:
            flush()
        if node.tail:
            current.append(node.tail)

    walk(element)
    flush()
    return blocks
