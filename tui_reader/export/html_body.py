"""An HTML note (a W3C body with format `text/html`) as the plain text a reader sees.

Notes are shown and searched as text, so markup kept as it was reads as noise
(`<p>Check <b>this</b></p>`). Block elements and `<br>` become line breaks,
links keep their address after the text (`the report (https://…)`), scripts and
styles are left out, entities are decoded. The standard library's tolerant
parser reads any input in one pass without recursion, so a hostile note cannot
exhaust the stack.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = frozenset(
    {"p", "div", "br", "ul", "ol", "tr", "table", "blockquote", "pre", "section", "article"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "hr", "dd", "dt", "dl"}
)
_HIDDEN = frozenset(["script", "style", "template", "head"])
_SPACES = re.compile(r"[ \t\f\v\r]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0
        self._links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        if tag == "a":
            self._links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")
        if tag == "a" and self._links:
            address = self._links.pop()
            if address.startswith(("http://", "https://")):
                self.parts.append(f" ({address})")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The text of an HTML fragment, paragraphs apart by a blank line."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    text = _SPACES.sub(" ", "".join(parser.parts))
    lines = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", lines).strip()
