"""The main text of a web page, as plain paragraphs the reader can show and anchor to.

readability-lxml finds the article in the page (dropping menus, adverts and
footers); its cleaned HTML is then flattened here into text with one blank line
between blocks, so paragraphs, headings and list items stay apart. Offsets of
annotations on an HTML article refer to this text.

Two things readability does not do for us:

- lxml (libxml2) stops at 256 levels of nesting and silently drops everything
  deeper, which on some sites is the whole body. Every parse here lifts that
  limit (`huge_tree`, up to about 2,000 levels); a page whose text is lost even
  so is an error, as is one with no text: "no main text found", never an
  empty article.
- readability runs its regular expressions over every paragraph and over
  whole candidate subtrees, some 20 seconds and 750 MB for a 50 MB page. A page
  above `READABILITY_MAX_CHARS` is read with `_scored_main`, readability's own
  scoring (paragraph weight to parent and grandparent, discounted by link
  density, with its list of unlikely class names) in one linear pass instead.

Parsing never touches the network (lxml's `no_network`, its default) and
expands no entity: HTML parsing reads no DTD.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from tui_reader.errors import UserError

if TYPE_CHECKING:  # lxml loads with the first HTML page, not at start-up
    from lxml.html import HtmlElement, HTMLParser

READABILITY_MAX_CHARS = 4_000_000
"""Pages longer than this are read by `_scored_main`: readability takes about a second
per megabyte of paragraphs, and a news page is 0.1 to 3 MB of HTML."""

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
_NOT_TEXT = frozenset({"script", "style"})
_BOILERPLATE = ("script", "style", "noscript", "template", "nav", "aside", "footer")
_PARAGRAPHS = ("p", "pre", "td", "blockquote")
_MIN_PARAGRAPH = 25
_TOP_CANDIDATES = 5


def main_text(html: str, source: str) -> str:
    """The page's title and main text, blocks separated by blank lines.

    Raises a one-line `UserError` when there is no main text to show.
    """
    try:
        if len(html) > READABILITY_MAX_CHARS:
            title, root = _scored_main(html)
        else:
            title, root = _readability_main(html)
    except UserError:
        raise
    except Exception as error:  # lxml and readability raise many kinds on bad markup
        raise UserError(f"{source}: cannot extract the text of this HTML page ({error})") from None
    blocks = [block for block in _blocks(root) if block]
    del root  # the tree can go before the text is joined
    if title and title in blocks[:3]:
        # The page's title heads the text (and so becomes the article's title),
        # taken from where it repeats near the top rather than shown twice.
        blocks.remove(title)
    if not blocks:
        raise UserError(
            f"{source}: no main text found in this HTML page (it shows no paragraphs, "
            "or nests them deeper than the 2,000 levels tui-reader reads)"
        )
    if title:
        blocks.insert(0, title)
    blocks[-1] += "\n"  # the text ends with a line break (added here: no copy of it all)
    return "\n\n".join(blocks)


def _parser() -> HTMLParser:
    """lxml's HTML parser without its nesting limit of 256 levels."""
    import lxml.html

    return lxml.html.HTMLParser(encoding="utf-8", huge_tree=True)


def _parse(html: str) -> HtmlElement:
    import lxml.html

    return lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=_parser())


def _parse_large(html: str) -> HtmlElement:
    """`_parse`, without a second copy of the page in memory where lxml can read the text."""
    import lxml.html

    try:
        return lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))
    except ValueError:  # an XML declaration naming an encoding, which a str cannot have
        return _parse(html)


def _readability_main(html: str) -> tuple[str, HtmlElement]:
    """(title, main content) as readability finds them, parsed without the depth limit."""
    from readability import Document

    class DeepDocument(Document):  # type: ignore[misc]
        """readability's Document, with every parse of the page by `_parse`."""

        def _parse(self, page: Any) -> Any:
            return super()._parse(_parse(page) if isinstance(page, str) else page)

    document = DeepDocument(html)
    title = " ".join(document.title().split())
    summary: str = document.summary(html_partial=True)
    return title, _parse(summary)


def _scored_main(html: str) -> tuple[str, HtmlElement]:
    """(title, main content) of a large page, by readability's scoring in one pass.

    Each paragraph of 25 characters or more gives 1 point, one per comma-separated
    part and one per 100 characters (at most 3) to its parent, and half that to
    its grandparent; the best few candidates are discounted by their link
    density; the best one is the main content (else the body).
    """
    from readability.readability import REGEXES

    root = _parse_large(html)
    title = " ".join((root.findtext(".//title") or "").split())
    for element in list(root.iter(*_BOILERPLATE)):
        element.drop_tree()
    unlikely, but_maybe = REGEXES["unlikelyCandidatesRe"], REGEXES["okMaybeItsACandidateRe"]
    for element in list(root.iter()):
        names = f"{element.get('class', '')} {element.get('id', '')}"
        if (
            len(names) > 1
            and element.tag not in ("html", "body")
            and unlikely.search(names)
            and not but_maybe.search(names)
            and element.find(".//article") is None
            and element.find(".//main") is None
        ):
            element.drop_tree()
    scores: dict[HtmlElement, float] = defaultdict(float)
    for paragraph in root.iter(*_PARAGRAPHS):
        parent = paragraph.getparent()
        if parent is None:
            continue
        text = paragraph.text_content().strip()
        if len(text) < _MIN_PARAGRAPH:
            continue
        points = 1 + text.count(",") + 1 + min(len(text) / 100, 3)
        scores[parent] += points
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] += points / 2
    best = sorted(scores, key=scores.__getitem__, reverse=True)[:_TOP_CANDIDATES]
    if not best:
        body = root.find("body")
        return title, body if body is not None else root
    return title, max(best, key=lambda element: scores[element] * (1 - _link_density(element)))


def _link_density(element: HtmlElement) -> float:
    """The share of the text that is in links (counted piece by piece: no copy of it)."""
    links = sum(len(piece) for link in element.iter("a") for piece in link.itertext())
    return links / max(sum(len(piece) for piece in element.itertext()), 1)


def _blocks(element: HtmlElement) -> list[str]:
    """Text of `element` split at block-level elements, white space folded inside each.

    Walked with a stack of its own, not by recursion: a page may nest 2,000 deep.
    """
    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        # Runs of ASCII white space folded to one space, as `[ \t\r\n\f\v]+` would, faster.
        text = "".join(current)
        for space in "\t\r\n\f\v":
            text = text.replace(space, " ")
        text = " ".join(filter(None, text.split(" "))).strip()
        if text:
            blocks.append(text)
        current.clear()

    pending: list[tuple[HtmlElement, bool]] = [(element, False)]
    while pending:
        node, leaving = pending.pop()
        tag = node.tag if isinstance(node.tag, str) else ""
        if leaving:
            if tag in _BLOCKS:
                flush()
            if node.tail:
                current.append(node.tail)
            continue
        if tag in _BLOCKS:
            flush()
        if tag == "br":
            current.append(" ")
        elif node.text and tag not in _NOT_TEXT:
            current.append(node.text)
        pending.append((node, True))
        pending.extend((child, False) for child in reversed(node))
    flush()
    return blocks
