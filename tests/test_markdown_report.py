"""The Markdown report, rendered by markdown-it-py and checked by its structure.

The session is built the way the app builds it (a real `ReadingSession` over a
real `Store` in `tmp_path`); the report is parsed by a CommonMark renderer
with GFM tables, as note apps and forges render it, and the checks read the
parsed tokens: heading order, table rows and cells, link targets.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tui_reader.document import Article
from tui_reader.export import export_article
from tui_reader.export.context import export_context, parse_meta_options
from tui_reader.model import Claim, ClaimStatus, Evidence, Kind, LinkRelation, make_annotation
from tui_reader.nlp.claims import find_claims
from tui_reader.nlp.disagreements import find_disagreements
from tui_reader.nlp.entities import Entity
from tui_reader.session import ReadingSession
from tui_reader.store import Store
from tui_reader.workbench import decide, flags

ARTICLE = """Ferry fares to double, operators say

By Jo Berg

PORT ELLIN – The ferry operators' association, known as the Coastal Ferry Alliance or CFA, said \
fares would double by May.
Harbour police said 12 people had died in the storm by Sunday.
A volunteer rescue group said at least 40 people had died in the storm, most of them on the \
islands.
Comments
Comments
"""
TOP_SECTIONS = [
    "Verdicts",
    "Disagreements between sources",
    "Claims",
    "Notes",
    "Tags",
    "Appendix: entities",
]
ISO_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Rendered:
    """What a reader of the rendered report sees, by structure."""

    headings: list[tuple[int, str]] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)


def text_of(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def render(report: str) -> Rendered:
    front = re.match(r"---\n(?:[^\n]*\n)*?---\n", report)
    assert front is not None, "no front matter"
    tokens = MarkdownIt("commonmark").enable("table").parse(report[front.end() :])
    seen = Rendered()
    row: list[str] | None = None
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            seen.headings.append((int(token.tag[1]), text_of(tokens[index + 1])))
        elif token.type == "table_open":
            seen.tables.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            seen.tables[-1].append(row)
            row = None
        elif token.type == "inline":
            if row is not None:
                row.append(text_of(token))
            elif tokens[index - 1].type == "paragraph_open":
                seen.paragraphs.append(text_of(token))
            seen.links += [
                str(child.attrs["href"])
                for child in token.children or []
                if child.type == "link_open"
            ]
    return seen


def span(text: str, passage: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(passage, start + 1)
    return start, start + len(passage)


def entity(text: str, passage: str, label: str) -> Entity:
    return Entity(*span(text, passage), label)


def build_session(directory: Path, article_text: str = ARTICLE) -> ReadingSession:
    path = directory / "ferry_fares.txt"
    path.write_text(article_text, encoding="utf-8")
    return ReadingSession(Article.load(path), Store(directory / "annotations.json"))


def annotate(session: ReadingSession) -> None:
    """The workflow of a fact-checker on the article: claims, a flag, notes, tags, corrections."""
    article = session.article
    text, digest = article.text, article.content_hash
    fares = Claim(
        source="The ferry operators' association, known as the Coastal Ferry Alliance or CFA",
        cue="said",
        rationale="The timetable published in March shows the same fares.",
        evidence=(
            Evidence(
                url="https://ferries.example.org/timetable",
                quote="fares unchanged",
                stance="refutes",
            ),
            Evidence(url="file:///home/jo/notes/call.txt", stance="context", note="a call"),
        ),
    ).with_status(ClaimStatus.UNVERIFIED)
    session.add(
        make_annotation(
            text,
            digest,
            Kind.CLAIM,
            *span(text, "fares would double by May"),
            claim=fares.with_status(ClaimStatus.FALSE),
        )
    )
    candidates = find_claims(article)
    [flag] = flags(article, find_disagreements(article, candidates), [])
    session.add(decide(article, flag, confirmed=True))
    police = Claim(source="Harbour police", cue="said").with_status(ClaimStatus.SUPPORTED)
    session.add(
        make_annotation(
            text, digest, Kind.CLAIM, *span(text, "12 people had died in the storm"), claim=police
        )
    )
    session.add(
        make_annotation(
            text, digest, Kind.NOTE, *span(text, "most of them on the islands"), body="Ask who."
        )
    )
    session.add(
        make_annotation(text, digest, Kind.TAG, *span(text, "by Sunday"), tags=("storm", "dates"))
    )
    session.mark_entities([span(text, "Comments"), span(text, "Comments", 1)], "", "not an entity")
    session.set_metadata("url", "https://news.example.org/ferry-fares")


def report_of(session: ReadingSession, *meta: str, entities: list[Entity] | None = None) -> str:
    article = session.article
    context = export_context(article, session.record.metadata, options=parse_meta_options(meta))
    found = entities if entities is not None else default_entities(article.text)
    shown = session.effective_entities(found)
    return export_article("md", article, session.annotations, shown, context).text


def default_entities(text: str) -> list[Entity]:
    return [
        entity(text, "PORT ELLIN", "GPE"),
        entity(text, "Coastal Ferry Alliance", "ORG"),
        entity(text, "May", "DATE"),
        entity(text, "Sunday", "DATE"),
        Entity(*span(text, "Comments"), "ORG"),
        Entity(*span(text, "Comments", 1), "ORG"),
    ]


def test_the_report_has_the_sections_in_the_editors_order(tmp_path: Path) -> None:
    session = build_session(tmp_path)
    annotate(session)
    seen = render(report_of(session, "outlet=Port Ellin Post", "date=4 March 2024"))

    assert seen.headings[0] == (1, "Ferry fares to double, operators say")
    assert [title for level, title in seen.headings if level == 2] == TOP_SECTIONS
    assert [level for level, _ in seen.headings].count(1) == 1
    byline = seen.paragraphs[0]
    assert byline.startswith("Port Ellin Post · 4 March 2024 · by Jo Berg · ")
    assert "https://news.example.org/ferry-fares" in seen.links


def test_the_verdict_table_has_a_row_per_claim(tmp_path: Path) -> None:
    session = build_session(tmp_path)
    annotate(session)
    [table] = render(report_of(session)).tables

    assert table[0] == ["Claim", "Source", "Status", "Evidence"]
    assert table[1:] == [
        ["“fares would double by May”", "CFA", "false", "2"],
        ["“12 people had died in the storm”", "Harbour police", "supported", "0"],
    ]


def test_claims_have_evidence_as_links_and_a_readable_history(tmp_path: Path) -> None:
    session = build_session(tmp_path)
    annotate(session)
    report = report_of(session)
    seen = render(report)

    claims = [title for level, title in seen.headings if level == 3][:3]
    assert claims[1:] == [
        "1. False: The ferry operators' association, known as the Coastal Ferry Alliance or CFA",
        "2. Supported: Harbour police",
    ]
    assert "https://ferries.example.org/timetable" in seen.links
    assert not any(link.startswith("file:") for link in seen.links)
    assert "file://" not in report and "/home/jo" not in report
    assert "local file call.txt" in report
    body = report.split("\n---\n", 1)[1]
    assert ISO_STAMP.search(body) is None
    assert re.search(r"unverified \(\d{1,2} \w+ \d{4}, \d\d:\d\d UTC\) → false \(", body)


def test_the_disagreement_shows_its_resolution_and_its_claims(tmp_path: Path) -> None:
    session = build_session(tmp_path)
    annotate(session)
    report = report_of(session)
    section = report.split("## Disagreements between sources\n", 1)[1].split("\n## ", 1)[0]
    assert "- **Resolution:** confirmed, " in section
    assert "- **Claim 2** (Harbour police): supported" in section


def test_a_group_and_a_link_the_reader_made(tmp_path: Path) -> None:
    session = build_session(tmp_path)
    annotate(session)
    text, digest = session.article.text, session.article.content_hash
    rescue = Claim(source="A volunteer rescue group", cue="said").with_status(ClaimStatus.DISPUTED)
    passage = span(text, "at least 40 people had died in the storm")
    session.add(make_annotation(text, digest, Kind.CLAIM, *passage, claim=rescue))
    fares, police, rescue_claim = [a for a in session.annotations if a.kind is Kind.CLAIM]
    [decision] = [a for a in session.annotations if a.kind is Kind.DECISION]
    session.group_claims([police, rescue_claim], group=decision.id)
    session.link_claims(police, rescue_claim, LinkRelation.CONTRADICTS)
    session.group_claims([fares, police])  # the reader adds a claim to the flagged pair
    report = report_of(session)

    section = report.split("## Disagreements between sources\n", 1)[1].split("\n## ", 1)[0]
    assert section.count("\n### ") == 1  # the flag's group, not a second one
    assert section.count("- **Claim ") == 3
    assert "- **Claim 3** (volunteer rescue group): disputed" in section
    claims = report.split("## Claims\n", 1)[1].split("\n## ", 1)[0]
    assert "- **Linked:** contradicts claim 3 (volunteer rescue group)" in claims
    assert "- **Linked:** contradicts claim 2 (Harbour police)" in claims
    assert [row[1] for row in render(report).tables[0][1:]] == [
        "CFA",
        "Harbour police",
        "volunteer rescue group",
    ]


def test_corrections_are_listed_once_in_the_appendix_and_never_as_notes(tmp_path: Path) -> None:
    session = build_session(tmp_path)
    annotate(session)
    report = report_of(session)

    notes = report.split("## Notes\n", 1)[1].split("\n## ", 1)[0]
    assert "Comments" not in notes and notes.count("> ") == 1
    assert report.count("Comments") == 1
    appendix = report.split("## Appendix: entities\n", 1)[1]
    assert "- “Comments” → not an entity (2 occurrences)" in appendix
    assert "### ORG: 1 mention" in appendix  # the corrected mentions are no entities


def test_a_passage_with_two_tags_is_listed_once(tmp_path: Path) -> None:
    session = build_session(tmp_path)
    annotate(session)
    tags = report_of(session).split("## Tags\n", 1)[1].split("\n## ", 1)[0]
    assert tags.count("> by Sunday") == 1
    assert "*dates · storm*" in tags


def test_an_article_with_no_annotations_is_a_short_report(tmp_path: Path) -> None:
    session = build_session(tmp_path)
    seen = render(report_of(session, entities=[]))
    assert [level for level, _ in seen.headings] == [1]
    assert (
        seen.paragraphs[-1] == "0 claims, 0 notes, 0 tagged passages, 0 entity mentions (appendix)."
    )


# Hostile text in every field -----------------------------------------------------------

PIECES = [
    *"#|*_`[]()<>!-+=:~\\&$ \t\n\r1.aZ",
    *("\x1b", "\x00", "\u202e", "\x85", "\x7f"),
    *("http://a.example/", "](javascript:x)", "\n---\n", "\n# ", "\n1. ", "| --- |", "<b>"),
    *("    code", "```", "\n> ", "[x]: http://b.example/", "&amp;", "\\|", "***"),
]
HOSTILE = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
OPENING = "It opens with a paragraph of plain words, long enough to carry any passage. " * 4


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    passage=HOSTILE.map(lambda s: s.replace("\x00", "")).filter(lambda s: s.strip() != ""),
    note=HOSTILE,
    tag=HOSTILE,
    source=HOSTILE,
    rationale=HOSTILE,
    evidence=st.tuples(HOSTILE, HOSTILE, HOSTILE, HOSTILE),
    outlet=HOSTILE.filter(lambda s: s.strip() != ""),
    decision=HOSTILE,
)
def test_hostile_strings_never_change_the_structure(
    passage: str,
    note: str,
    tag: str,
    source: str,
    rationale: str,
    evidence: tuple[str, str, str, str],
    outlet: str,
    decision: str,
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        # Plain words around the passage: an article of mostly control characters is
        # refused as binary when read (document.decode), before any report.
        text = f"A plain headline\n\n{OPENING}\n\n{passage}\n\nIt ends.\n"
        session = build_session(Path(directory), text)
        article = session.article
        start, end = span(article.text, passage)
        url, quote, stance, evidence_note = evidence
        claim = Claim(
            source=source,
            cue=note,
            rationale=rationale,
            evidence=(Evidence(url=url, quote=quote, stance=stance, note=evidence_note),),
        ).with_status(ClaimStatus.DISPUTED)
        on = (article.text, article.content_hash)
        session.add(make_annotation(*on, Kind.CLAIM, start, end, claim=claim, body=note))
        session.add(make_annotation(*on, Kind.NOTE, start, end, body=note, tags=(tag,)))
        session.add(make_annotation(*on, Kind.TAG, start, end, tags=(tag, note)))
        session.add(
            make_annotation(
                *on, Kind.DECISION, start, end, label="disagreement confirmed", body=decision
            )
        )
        session.mark_entities([(start, end)], "", "not an entity")
        report = report_of(
            session,
            f"outlet={outlet}",
            f"author={outlet}",
            entities=[Entity(start, end, "PERSON"), Entity(start, end, "ORG")],
        )

    assert CONTROLS.search(report) is None
    seen = render(report)
    assert [level for level, _ in seen.headings].count(1) == 1
    assert [title for level, title in seen.headings if level == 2] == [
        title for title in TOP_SECTIONS
    ]
    level_three = [level for level, _ in seen.headings].count(3)
    assert level_three == 3  # a disagreement, a claim, the corrections (no entity is left)
    [table] = seen.tables
    assert len(table) == 2 and all(len(row) == 4 for row in table)
    assert table[1][2:] == ["disputed", "1"]
    assert all(link.startswith(("http://", "https://")) for link in seen.links)
    assert len(seen.links) <= 1
