"""The Markdown report: what a reader found in an article, readable anywhere.

It opens with YAML front matter that note apps (Obsidian, Logseq, Zettlr) read as
properties: the article's title, outlet, authors, date published and web address
when known (`tui_reader.metadata`), its file, content hash, the annotation dates
and the tags. Every value there is written as a JSON scalar or list, which is
also valid YAML, so titles with colons or quotes need no special care.

The report keeps the content of every annotation: claims with status, source,
cue, rationale, evidence and history; notes and tags with the passage they quote.
It leaves out offsets and ids, which only matter to programs: use `json` for those.
Control characters are shown as pictures (`display.displayable`): a report is
read in terminals, where an escape sequence in a note would act.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from tui_reader.display import displayable
from tui_reader.document import Article
from tui_reader.export.common import ExportResult
from tui_reader.export.context import ExportContext
from tui_reader.metadata import ArticleMetadata
from tui_reader.model import ENTITY_LABELS, Annotation, Decision, Kind, now_iso
from tui_reader.nlp.entities import Entity

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")
_LINE_START_MARKER = re.compile(r"^(\s*)(\d+)([.)])|^(\s*)([-+=])", re.MULTILINE)


def export(
    article: Article,
    annotations: Sequence[Annotation],
    entities: Sequence[Entity],
    context: ExportContext,
) -> ExportResult:
    sections = [
        _front_matter(article, annotations, context.metadata),
        f"# {_inline(context.metadata.title)}\n",
        _overview(annotations, entities),
        _entities_section(article.text, entities),
        _claims_section(annotations),
        _disagreements_section(annotations),
        _notes_section(annotations),
        _tags_section(annotations),
        _corrections_section(annotations),
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


def _overview(annotations: Sequence[Annotation], entities: Sequence[Entity]) -> str:
    counts = Counter(annotation.kind for annotation in annotations)
    parts = [
        _count(counts[Kind.NOTE], "note"),
        _count(counts[Kind.TAG], "tagged passage"),
        _count(counts[Kind.CLAIM], "claim"),
        _count(len(entities), "entity mention"),
    ]
    return ", ".join(parts) + ".\n"


def _entities_section(text: str, entities: Sequence[Entity]) -> str:
    if not entities:
        return ""
    by_label: dict[str, Counter[str]] = defaultdict(Counter)
    for entity in entities:
        by_label[entity.label][" ".join(entity.text_in(text).split())] += 1
    order = sorted(by_label, key=lambda label: (-sum(by_label[label].values()), label))
    lines = ["## Entities\n"]
    for label in order:
        names = by_label[label]
        meaning = ENTITY_LABELS.get(label, "")
        heading = f"### {label} — {_count(sum(names.values()), 'mention')}"
        lines.append(heading + (f" ({meaning})" if meaning else "") + "\n")
        ranked = sorted(names.items(), key=lambda item: (-item[1], item[0].lower()))
        lines.extend(f"- {_inline(name)} ({count})" for name, count in ranked)
        lines.append("")
    return "\n".join(lines)


def _claims_section(annotations: Sequence[Annotation]) -> str:
    claims = [a for a in annotations if a.kind is Kind.CLAIM and a.claim is not None]
    if not claims:
        return ""
    lines = ["## Claims\n"]
    for annotation in claims:
        claim = annotation.claim
        assert claim is not None
        source = claim.source or "unknown source"
        lines.append(f"### {claim.status.upper()} — {_inline(source)}\n")
        lines.append(_blockquote(annotation) + "\n")
        details = [("Status", str(claim.status)), ("Source", claim.source), ("Cue", claim.cue)]
        details += [("Note", annotation.body), ("Rationale", claim.rationale)]
        details += [("Tags", ", ".join(annotation.tags))]
        lines.extend(f"- **{name}:** {_inline(value)}" for name, value in details if value.strip())
        if claim.evidence:
            lines.append("- **Evidence:**")
            for item in claim.evidence:
                parts = [item.stance, item.url, f"“{item.quote}”" if item.quote else "", item.note]
                lines.append("  - " + " — ".join(_inline(part) for part in parts if part.strip()))
        if claim.log:
            history = " → ".join(f"{entry.status} ({entry.at})" for entry in claim.log)
            lines.append(f"- **History:** {history}")
        lines.append("")
    return "\n".join(lines)


_SET_ASIDE: dict[str, str] = {
    Decision.NOT_A_CLAIM: "suggested claim(s) rejected as not claims",
    Decision.DISAGREEMENT_DISMISSED: "disagreement flag(s) dismissed",
}


def _disagreements_section(annotations: Sequence[Annotation]) -> str:
    """Disagreements between sources the reader confirmed, and what was set aside."""
    decisions = [a for a in annotations if a.kind is Kind.DECISION]
    confirmed = [a for a in decisions if a.label == Decision.DISAGREEMENT_CONFIRMED]
    set_aside = Counter(a.label for a in decisions if a.label != Decision.DISAGREEMENT_CONFIRMED)
    if not decisions:
        return ""
    lines = ["## Disagreements between sources\n"]
    lines += [f"- {_inline(decision.body)}" for decision in confirmed]
    if not confirmed:
        lines.append("None confirmed.")
    if set_aside:
        summary = ", ".join(
            f"{count} {_SET_ASIDE.get(label, label)}" for label, count in set_aside.items()
        )
        lines.append(f"\nSet aside by the reader: {summary}.")
    return "\n".join(lines) + "\n"


def _notes_section(annotations: Sequence[Annotation]) -> str:
    notes = [a for a in annotations if a.kind is Kind.NOTE]
    if not notes:
        return ""
    lines = ["## Notes\n"]
    for annotation in notes:
        lines.append(_blockquote(annotation) + "\n")
        if annotation.body.strip():
            lines.append(_block(annotation.body) + "\n")
        meta = [f"Tags: {', '.join(annotation.tags)}"] if annotation.tags else []
        meta.append(annotation.modified[:10])
        lines.append(f"*{_inline(' · '.join(meta))}*\n")
    return "\n".join(lines)


def _tags_section(annotations: Sequence[Annotation]) -> str:
    by_tag: dict[str, list[Annotation]] = defaultdict(list)
    for annotation in annotations:
        if annotation.kind is Kind.TAG:
            for tag in annotation.tags:
                by_tag[tag].append(annotation)
    if not by_tag:
        return ""
    lines = ["## Tags\n"]
    for tag in sorted(by_tag, key=str.lower):
        lines.append(f"### {_inline(tag)}\n")
        lines.extend(_blockquote(annotation) + "\n" for annotation in by_tag[tag])
    return "\n".join(lines)


def _corrections_section(annotations: Sequence[Annotation]) -> str:
    corrections = [a for a in annotations if a.kind is Kind.ENTITY]
    if not corrections:
        return ""
    lines = ["## Entity corrections\n"]
    for annotation in corrections:
        verdict = annotation.label or "not an entity"
        orphan = " (passage not found in the current text)" if annotation.orphan else ""
        lines.append(f"- “{_inline(annotation.quote.exact)}” → {verdict}{orphan}")
    return "\n".join(lines) + "\n"


def _blockquote(annotation: Annotation) -> str:
    """The quoted passage as a Markdown blockquote, flagged when it is an orphan."""
    quoted = "\n".join(
        f"> {line}" if line else ">" for line in _block(annotation.quote.exact).splitlines()
    )
    if annotation.orphan:
        quoted += "\n>\n> *(passage not found in the current text)*"
    return quoted


def _block(text: str) -> str:
    """Multi-line text with Markdown syntax escaped and its line breaks kept."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
    return "  \n".join(_LINE_START_MARKER.sub(_escape_marker, _inline(line)) for line in lines)


def _inline(text: str) -> str:
    """Text with the characters Markdown would read as formatting escaped."""
    return _INLINE_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _escape_marker(match: re.Match[str]) -> str:
    """Keep "1." or "-" at the start of a line from turning the line into a list."""
    if match.group(2) is not None:
        return f"{match.group(1)}{match.group(2)}\\{match.group(3)}"
    return f"{match.group(4)}\\{match.group(5)}"


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
