"""The Markdown report: what a fact-checker found in an article, in the order an editor reads it.

1. YAML front matter that note apps (Obsidian, Logseq, Zettlr) read as
   properties: headline, outlet, authors, date published and web address when
   known (`tui_reader.metadata`), the file, content hash, annotation dates and
   tags. Values are JSON scalars or lists (valid YAML), so a title with colons
   or quotes needs no special care; dates there stay ISO 8601 for programs.
2. A header: the headline, then the outlet, date, authors and web address.
3. Verdicts: one table row per claim (claim, source by its short name, status,
   evidence count).
4. Disagreements between sources (flagged ones the reader decided on, and the
   groups the reader made), each with its resolution and its claims' verdicts.
5. Claims in full: the quoted passage, source, cue, note, rationale, evidence
   as links, the claims it supports or contradicts, status history with
   readable dates.
6. Notes, then the tagged passages with their tags.
7. Appendix: entities by type, and the reader's entity corrections, each once.

Everything is said once: an entity correction is listed in the appendix only
(never as a note), one line per corrected text and type however many times
it occurs. Offsets, ids, ISO stamps and file addresses are left out of the
body (use `json` for those). Every string of user or article origin is escaped
(`markdown_text`), and control characters are shown as pictures over the whole
report (`display.displayable`): a report is read in terminals, where an escape
sequence in a note would act.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

from tui_reader.claim_links import groups, link_pairs
from tui_reader.display import displayable
from tui_reader.document import Article
from tui_reader.export.common import ExportResult
from tui_reader.export.context import Elsewhere, ExportContext
from tui_reader.export.markdown_text import (
    block,
    blockquote,
    inline,
    link,
    local_address,
    readable_date,
    shortened,
)
from tui_reader.metadata import ArticleMetadata
from tui_reader.metadata.fields import is_web_address
from tui_reader.model import ENTITY_LABELS, Annotation, Decision, Evidence, Kind, now_iso
from tui_reader.nlp.entities import Entity
from tui_reader.nlp.short_names import short_source_name

_Names = Callable[[Annotation], str]
"""A claim's source by its short name (`nlp.short_names`)."""
CLAIM_IN_TABLE = 90
"""Characters of a claim's passage in the verdict table (the full passage is below it)."""
ORPHAN = "*(passage not found in the current text)*"


def export(
    article: Article,
    annotations: Sequence[Annotation],
    entities: Sequence[Entity],
    context: ExportContext,
) -> ExportResult:
    claims = [a for a in annotations if a.kind is Kind.CLAIM and a.claim is not None]
    text = article.text

    def names(claim: Annotation) -> str:
        source = claim.claim.source if claim.claim is not None else ""
        return short_source_name(source, text, entities) or "unknown source"

    sections = [
        _front_matter(article, annotations, context.metadata),
        _header(context.metadata),
        _overview(annotations, entities),
        _verdicts(claims, names),
        _disagreements(annotations, claims, names),
        _claims(claims, annotations, names, context),
        _notes(annotations),
        _tags(annotations),
        _appendix(article.text, entities, annotations),
    ]
    report = "\n".join(section for section in sections if section)
    return ExportResult("md", displayable(report))


def _front_matter(
    article: Article, annotations: Sequence[Annotation], metadata: ArticleMetadata
) -> str:
    exported = now_iso()
    tags = sorted({tag for annotation in annotations for tag in annotation.tags}, key=str.lower)
    known: dict[str, str | list[str]] = {
        "outlet": metadata.outlet,
        "author": list(metadata.authors),
        "published": metadata.published,
        "url": metadata.url,
    }
    fields: dict[str, str | list[str]] = {
        "title": metadata.title,
        **{key: value for key, value in known.items() if value},
        "source": str(article.path) if article.path else article.name,
        "content_hash": article.content_hash,
        "created": min((a.created for a in annotations), default=exported),
        "modified": max((a.modified for a in annotations), default=exported),
        "exported": exported,
        "tags": tags,
    }
    lines = [
        f"{key}: {json.dumps(_visible(value), ensure_ascii=False)}" for key, value in fields.items()
    ]
    return "---\n" + "\n".join(lines) + "\n---\n"


def _visible(value: str | list[str]) -> str | list[str]:
    """A property shown with control characters as pictures, not as JSON escapes."""
    return displayable(value) if isinstance(value, str) else [displayable(v) for v in value]


def _header(metadata: ArticleMetadata) -> str:
    """The headline, and a line with the outlet, date, authors and address that are known."""
    byline = [inline(metadata.outlet)] if metadata.outlet else []
    if metadata.published:
        byline.append(readable_date(metadata.published))
    if metadata.authors:
        byline.append("by " + inline(_and(metadata.authors)))
    if metadata.url:
        byline.append(link(metadata.url, metadata.url))
    header = f"# {inline(metadata.title)}\n"
    return header + (f"\n{' · '.join(byline)}\n" if byline else "")


def _overview(annotations: Sequence[Annotation], entities: Sequence[Entity]) -> str:
    counts = Counter(annotation.kind for annotation in annotations)
    parts = [
        _count(counts[Kind.CLAIM], "claim"),
        _count(counts[Kind.NOTE], "note"),
        _count(counts[Kind.TAG], "tagged passage"),
        _count(len(entities), "entity mention") + " (appendix)",
    ]
    return ", ".join(parts) + ".\n"


def _verdicts(claims: Sequence[Annotation], names: _Names) -> str:
    if not claims:
        return ""
    lines = ["## Verdicts\n", "| Claim | Source | Status | Evidence |", "|---|---|---|--:|"]
    for annotation in claims:
        claim = annotation.claim
        assert claim is not None
        passage = inline(shortened(annotation.quote.exact, CLAIM_IN_TABLE)) or "(empty passage)"
        source = inline(names(annotation))
        lines.append(f"| “{passage}” | {source} | {claim.status} | {len(claim.evidence)} |")
    return "\n".join(lines) + "\n"


def _disagreements(
    annotations: Sequence[Annotation], claims: Sequence[Annotation], names: _Names
) -> str:
    """Each disagreement the reader decided on or grouped, with its resolution and claims.

    A flagged disagreement lists the claims grouped under its decision, else
    those on its figure; a group the reader made lists its claims.
    """
    decided = [
        a
        for a in annotations
        if a.kind is Kind.DECISION
        and a.label in (Decision.DISAGREEMENT_CONFIRMED, Decision.DISAGREEMENT_DISMISSED)
    ]
    grouped = groups(claims)
    if not decided and not grouped:
        return ""
    number = {claim.id: index for index, claim in enumerate(claims, start=1)}
    lines = ["## Disagreements between sources\n"]
    for decision in decided:
        lines.append(f"### {inline(decision.body) or 'Disagreement'}\n")
        confirmed = decision.label == Decision.DISAGREEMENT_CONFIRMED
        verdict = "confirmed" if confirmed else "dismissed (the figures do not conflict)"
        lines.append(f"- **Resolution:** {verdict}, {readable_date(decision.modified)}")
        members = grouped.pop(decision.id, None) or _claims_at(decision, claims)
        lines.extend(_member(claim, number[claim.id], names) for claim in members)
        lines.append("")
    for index, members in enumerate(grouped.values(), start=1):
        lines.append(f"### Disagreement {index} between {_count(len(members), 'claim')}\n")
        lines.append("- **Resolution:** grouped by the reader")
        lines.extend(_member(claim, number[claim.id], names) for claim in members)
        lines.append("")
    return "\n".join(lines)


def _member(claim: Annotation, number: int, names: _Names) -> str:
    assert claim.claim is not None
    return f"- **Claim {number}** ({inline(names(claim))}): {claim.claim.status}"


def _claims_at(decision: Annotation, claims: Sequence[Annotation]) -> list[Annotation]:
    """The claims whose passage holds the decision's figure."""
    return [
        claim
        for claim in claims
        if not claim.orphan and claim.start <= decision.start and decision.end <= claim.end
    ]


def _claims(
    claims: Sequence[Annotation],
    annotations: Sequence[Annotation],
    names: _Names,
    context: ExportContext,
) -> str:
    if not claims:
        return ""
    numbers = {claim.id: index for index, claim in enumerate(claims, start=1)}
    linked: dict[str, list[str]] = defaultdict(list)
    for first, second, relation in link_pairs(claims):
        for one, other in ((first, second), (second, first)):
            shown = f"{relation} claim {numbers[other.id]} ({inline(names(other))})"
            linked[one.id].append(shown)
    lines = ["## Claims\n"]
    for number, annotation in enumerate(claims, start=1):
        claim = annotation.claim
        assert claim is not None
        source = claim.source or "unknown source"
        lines.append(f"### {number}. {claim.status.capitalize()}: {inline(source)}\n")
        lines.append(_quoted(annotation) + "\n")
        details = [("Cue", claim.cue), ("Note", annotation.body), ("Rationale", claim.rationale)]
        details += [("Tags", ", ".join(annotation.tags))]
        lines.extend(f"- **{name}:** {inline(value)}" for name, value in details if value.strip())
        if claim.evidence:
            lines.append(f"- **Evidence** ({len(claim.evidence)}):")
            lines.extend(f"  - {_evidence(item)}" for item in claim.evidence)
        if linked[annotation.id]:
            lines.append(f"- **Linked:** {'; '.join(linked[annotation.id])}")
        if claim.log:
            history = " → ".join(
                f"{entry.status} ({readable_date(entry.at)})" for entry in claim.log
            )
            lines.append(f"- **History:** {history}")
        lines.extend(_elsewhere(context.elsewhere_of(annotation.start, annotation.end)))
        lines.append("")
    rejected = sum(
        1 for a in annotations if a.kind is Kind.DECISION and a.label == Decision.NOT_A_CLAIM
    )
    if rejected:
        noun = _count(rejected, "suggested claim")
        lines.append(f"Set aside by the reader: {noun} rejected as not a claim.\n")
    return "\n".join(lines)


def _elsewhere(others: Sequence[Elsewhere]) -> list[str]:
    """Where else the claim appears (the cross-article index's echoes)."""
    if not others:
        return []
    lines = [f"- **Also in {_count(len(others), 'other article')}:**"]
    for other in others:
        about = ", ".join(part for part in (other.outlet, readable_date(other.published)) if part)
        lines.append(f"  - {inline(other.title)}" + (f" ({inline(about)})" if about else ""))
    return lines


def _evidence(item: Evidence) -> str:
    """Stance, the quote linked to its address (or the address as the link), and the note."""
    url = item.url.strip()
    parts = [f"*{inline(item.stance) or 'context'}*"]
    if is_web_address(url):
        parts.append(link(f"“{item.quote}”" if item.quote.strip() else url, url))
    else:
        if item.quote.strip():
            parts.append(f"“{inline(item.quote)}”")
        if url:
            parts.append(local_address(url))
    if item.note.strip():
        parts.append(inline(item.note))
    return " — ".join(parts)


def _notes(annotations: Sequence[Annotation]) -> str:
    notes = [a for a in annotations if a.kind is Kind.NOTE]
    if not notes:
        return ""
    lines = ["## Notes\n"]
    for annotation in notes:
        lines.append(_quoted(annotation) + "\n")
        if annotation.body.strip():
            lines.append(block(annotation.body) + "\n")
        meta = [f"Tags: {inline(', '.join(annotation.tags))}"] if annotation.tags else []
        meta.append(readable_date(annotation.modified))
        lines.append(f"*{' · '.join(meta)}*\n")
    return "\n".join(lines)


def _tags(annotations: Sequence[Annotation]) -> str:
    """Each tagged passage once, with its tags (a passage with two tags is not listed twice)."""
    tagged = [a for a in annotations if a.kind is Kind.TAG and a.tags]
    if not tagged:
        return ""
    lines = ["## Tags\n"]
    for annotation in tagged:
        lines.append(_quoted(annotation) + "\n")
        tags = sorted(annotation.tags, key=str.lower)
        lines.append("*" + " · ".join(inline(tag) or "(empty tag)" for tag in tags) + "*\n")
    return "\n".join(lines)


def _appendix(text: str, entities: Sequence[Entity], annotations: Sequence[Annotation]) -> str:
    corrections = _corrections(annotations)
    if not entities and not corrections:
        return ""
    lines = ["## Appendix: entities\n"]
    by_label: dict[str, Counter[str]] = defaultdict(Counter)
    for entity in entities:
        by_label[entity.label][" ".join(entity.text_in(text).split())] += 1
    order = sorted(by_label, key=lambda label: (-sum(by_label[label].values()), label))
    for label in order:
        names = by_label[label]
        meaning = ENTITY_LABELS.get(label, "")
        heading = f"### {inline(label)}: {_count(sum(names.values()), 'mention')}"
        lines.append(heading + (f" ({meaning})" if meaning else "") + "\n")
        ranked = sorted(names.items(), key=lambda item: (-item[1], item[0].lower()))
        lines.extend(f"- {inline(name)} ({count})" for name, count in ranked)
        lines.append("")
    if corrections:
        lines.append("### Corrections by the reader\n")
        lines.extend(corrections)
        lines.append("")
    return "\n".join(lines)


def _corrections(annotations: Sequence[Annotation]) -> list[str]:
    """One line per corrected text and verdict, with how many passages it covers."""
    counted: Counter[tuple[str, str]] = Counter()
    orphans: Counter[tuple[str, str]] = Counter()
    for annotation in annotations:
        if annotation.kind is Kind.ENTITY:
            key = (" ".join(annotation.quote.exact.split()), annotation.label or "not an entity")
            counted[key] += 1
            orphans[key] += annotation.orphan
    lines = []
    for (quoted, verdict), count in counted.items():
        where = f" ({_count(count, 'occurrence')})" if count > 1 else ""
        if orphans[(quoted, verdict)]:
            where += f" ({orphans[(quoted, verdict)]} not found in the current text)"
        lines.append(f"- “{inline(quoted)}” → {inline(verdict)}{where}")
    return lines


def _quoted(annotation: Annotation) -> str:
    """The quoted passage as a blockquote, flagged when it is an orphan."""
    quoted = blockquote(annotation.quote.exact) or ">"
    return quoted + (f"\n>\n> {ORPHAN}" if annotation.orphan else "")


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
