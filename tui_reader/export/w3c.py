"""W3C Web Annotation (JSON-LD): an `AnnotationCollection` any annotation server reads.

Each annotation targets the article with a TextQuoteSelector and a
TextPositionSelector in code points, as the model requires. The target's
source is the article's web address when it is known (from the HTML page's
metadata, an import from Hypothesis, or the user: see `tui_reader.metadata`),
so that other tools can place the annotations on the page; else its `file:`
URI, or `urn:hash::sha256:HASH` when it came from standard input. Quotes
anchor the annotations: the positions count in the text tui-reader shows,
which for a web page is its main text. Bodies, by purpose:

- the note: a `TextualBody` with purpose `commenting`;
- each tag: a `TextualBody` with purpose `tagging`;
- a claim's status: purpose `assessing`; its source, cue and rationale: purpose
  `describing`, the value starting with "Source: ", "Cue: " or "Rationale: ";
- an entity correction: purpose `classifying`, the value an entity label or
  "not an entity".

Claims the reader linked are annotations with motivation `linking` and no
text target: a link between two claims targets the first claim's annotation,
its bodies the second claim's annotation and a `describing` "Relation: supports"
(or "contradicts"); a disagreement group targets every claim of the group, its
body a `describing` "Disagreement group", its id the group's. Reading them back
restores the links and groups between the claims of the same file.

Reading accepts this and other tools' W3C annotations (a single annotation, a
list, a page or a collection with its first page embedded).
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from tui_reader.claim_links import groups, link_pairs
from tui_reader.document import Article
from tui_reader.export.common import ExportResult, dropped_claim_details, dropped_kinds
from tui_reader.export.context import ExportContext
from tui_reader.export.html_body import html_to_text
from tui_reader.export.incoming import ImportedFile, Incoming, stable_id
from tui_reader.export.validation import BadRecord, record, time_of
from tui_reader.metadata.fields import is_web_address
from tui_reader.model import (
    ENTITY_LABELS,
    Annotation,
    Claim,
    ClaimLink,
    ClaimStatus,
    Kind,
    LinkRelation,
    TextPositionSelector,
    TextQuoteSelector,
)
from tui_reader.nlp.entities import Entity
from tui_reader.schema import Fields, InvalidRecord, describe
from tui_reader.wording import counted

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
HASH_URN = "urn:hash::sha256:"
"""Prefix of the article URI when there is no file (after the draft `hash` URN scheme)."""
NOT_AN_ENTITY = "not an entity"
MOTIVATIONS: dict[Kind, str] = {
    Kind.NOTE: "commenting",
    Kind.TAG: "tagging",
    Kind.CLAIM: "assessing",
    Kind.ENTITY: "classifying",
}
RELATION_LABEL = "Relation: "
"""How the `describing` body of a link between claims starts ("Relation: contradicts")."""
GROUP_LABEL = "Disagreement group"
CLAIM_DESCRIPTIONS = {"source": "Source: ", "cue": "Cue: ", "rationale": "Rationale: "}
"""Claim fields written as `describing` bodies, with the label their value starts with."""
_COLLECTION_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "tui-reader:w3c-collection")


def article_uri(article: Article, web_address: str = "") -> str:
    """The URI annotations target: the web address when known, the file when there is
    one, else the content hash."""
    if web_address:
        return web_address
    if article.path is not None:
        return article.path.as_uri()
    return HASH_URN + article.content_hash


def annotation_uri(annotation_id: str) -> str:
    return f"urn:uuid:{stable_id(annotation_id)}"


def export(
    article: Article,
    annotations: Sequence[Annotation],
    entities: Sequence[Entity],
    context: ExportContext,
) -> ExportResult:
    """The annotations as one collection with one embedded page (ids derived from the hash)."""
    source = article_uri(article, context.metadata.url)
    dropped = dropped_kinds(
        annotations, set(MOTIVATIONS), "the Web Annotation model has no place for them"
    )
    annotations = [annotation for annotation in annotations if annotation.kind in MOTIVATIONS]
    collection_id = uuid.uuid5(_COLLECTION_NAMESPACE, article.content_hash)
    items = [_annotation(annotation, source) for annotation in annotations]
    items += _linking(annotations, collection_id)
    collection: dict[str, Any] = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{collection_id}",
        "type": "AnnotationCollection",
        "label": f"Annotations on {context.metadata.title}",
        "total": len(items),
    }
    if items:
        collection["first"] = {
            "id": f"urn:uuid:{uuid.uuid5(collection_id, 'page-1')}",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        }
    dropped += dropped_claim_details(
        annotations, "w3c", keep={"cue", "rationale", "links", "group"}
    )
    text = json.dumps(collection, ensure_ascii=False, indent=2) + "\n"
    return ExportResult("w3c", text, dropped=dropped)


def _annotation(annotation: Annotation, source: str) -> dict[str, Any]:
    quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": annotation.quote.exact}
    if annotation.quote.prefix:
        quote["prefix"] = annotation.quote.prefix
    if annotation.quote.suffix:
        quote["suffix"] = annotation.quote.suffix
    position = {"type": "TextPositionSelector", "start": annotation.start, "end": annotation.end}
    record: dict[str, Any] = {
        "id": annotation_uri(annotation.id),
        "type": "Annotation",
        "motivation": MOTIVATIONS[annotation.kind],
        "created": annotation.created,
        "modified": annotation.modified,
    }
    bodies = _bodies(annotation)
    if bodies:
        record["body"] = bodies
    record["target"] = {"source": source, "selector": [quote, position]}
    return record


def _linking(annotations: Sequence[Annotation], collection: uuid.UUID) -> list[dict[str, Any]]:
    """The links between claims and the disagreement groups, as `linking` annotations."""
    linked: list[dict[str, Any]] = []
    for first, second, relation in link_pairs(annotations):
        link_id = uuid.uuid5(collection, f"link:{first.id}:{second.id}")
        linked.append(
            _link_record(
                f"urn:uuid:{link_id}",
                [first, second],
                [annotation_uri(second.id), _describing(RELATION_LABEL + relation.value)],
                annotation_uri(first.id),
            )
        )
    for group, claims in groups(annotations).items():
        targets = [annotation_uri(claim.id) for claim in claims]
        body = _describing(GROUP_LABEL)
        linked.append(_link_record(annotation_uri(group), claims, [body], targets))
    return linked


def _link_record(
    record_id: str, claims: Sequence[Annotation], bodies: list[Any], target: str | list[str]
) -> dict[str, Any]:
    return {
        "id": record_id,
        "type": "Annotation",
        "motivation": "linking",
        "created": min(claim.created for claim in claims),
        "modified": max(claim.modified for claim in claims),
        "body": bodies,
        "target": target,
    }


def _describing(value: str) -> dict[str, str]:
    return {"type": "TextualBody", "purpose": "describing", "value": value}


def _bodies(annotation: Annotation) -> list[dict[str, str]]:
    def body(purpose: str, value: str) -> dict[str, str]:
        return {"type": "TextualBody", "purpose": purpose, "value": value}

    bodies = []
    if annotation.body:
        bodies.append(body("commenting", annotation.body) | {"format": "text/plain"})
    bodies.extend(body("tagging", tag) for tag in annotation.tags)
    claim = annotation.claim
    if annotation.kind is Kind.CLAIM and claim is not None:
        bodies.append(body("assessing", str(claim.status)))
        for name, label in CLAIM_DESCRIPTIONS.items():
            value = getattr(claim, name)
            if value:
                bodies.append(body("describing", label + value))
    if annotation.kind is Kind.ENTITY:
        bodies.append(body("classifying", annotation.label or NOT_AN_ENTITY))
    return bodies


# Reading ---------------------------------------------------------------------


def is_w3c(document: Any) -> bool:
    """True for a W3C annotation, a list of them, a page or a collection."""
    if isinstance(document, list):
        return bool(document) and all(_is_w3c_object(item) for item in document)
    return _is_w3c_object(document)


def _is_w3c_object(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    context = value.get("@context")
    contexts = context if isinstance(context, list) else [context]
    known = {"Annotation", "AnnotationPage", "AnnotationCollection"}
    return CONTEXT in contexts or any(kind in known for kind in _strings(value.get("type")))


def read(document: Any, stamp: str) -> ImportedFile:
    """The annotations of a W3C document; `stamp` is the time of those that give none.

    Every field tui-reader reads must have the type the model gives it (a
    `selector` an object or a list of them, `start` a whole number...): a wrong
    one is an error naming the annotation and the field (see `validation`).
    Annotations on no passage of text (a whole page, an image region) are
    skipped, and said so; so are pages of a collection that the file only
    names by their address (they are not fetched).
    """
    imported = ImportedFile("w3c")
    without_passage = 0
    counts: Counter[str] = Counter()
    linking: list[_Linking] = []
    for number, item in enumerate(_items(document, imported), start=1):
        label = f"annotation {number}"
        with record(label):
            found = _claim_linking(Fields(item))
            incoming = None if found else _incoming(Fields(item), label, stamp, counts)
        if found:
            linking.append(found)
        elif incoming is None:
            without_passage += 1
        else:
            imported.items.append(incoming)
    if linking:
        _restore_links(imported, linking)
    if without_passage:
        imported.ignored.append(
            f"{counted(without_passage, 'annotation(s)')} on a whole document or a non-text part: "
            "they quote no passage"
        )
    imported.kept.extend(counted(count, what) for what, count in sorted(counts.items()) if count)
    return imported


def _items(document: Any, imported: ImportedFile) -> list[Any]:
    """The annotations of a list, a page, or a collection with its pages embedded.

    Pages given by address only (`first` or `next` as an IRI) are not in the
    file, and not fetched: the report says so, with the collection's total.
    """
    if isinstance(document, list):
        return document
    types = _strings(document.get("type"))
    if "AnnotationCollection" in types:
        first = document.get("first")
        total = document.get("total")
        if isinstance(first, dict):
            return _pages(first, imported, total)
        if first is not None:
            imported.ignored.append(_unfetched("its pages", first, total, 0))
        return []
    if "AnnotationPage" in types:
        return _pages(document, imported, None)
    return [document]


def _pages(page: dict[str, Any], imported: ImportedFile, total: object) -> list[Any]:
    """The items of an embedded page and of the embedded pages it links to by `next`."""
    items: list[Any] = []
    seen: set[int] = set()
    current: Any = page
    while isinstance(current, dict) and id(current) not in seen:
        seen.add(id(current))
        found = current.get("items", [])
        if not isinstance(found, list):
            problem = f"must be a list of annotations, not {describe(found)}"
            raise BadRecord("the page", InvalidRecord("items", problem))
        items.extend(found)
        current = current.get("next")
    if current is not None:
        imported.ignored.append(_unfetched("its next page", current, total, len(items)))
    return items


@dataclass(frozen=True)
class _Linking:
    """A `linking` annotation of ours: a link between two claims, or a disagreement group."""

    targets: tuple[str, ...]
    """Our ids of the claims it targets (and, for a link, the claim it links to last)."""
    relation: LinkRelation | None
    group: str = ""


def _claim_linking(item: Fields) -> _Linking | None:
    """The link or group a `linking` annotation between claims holds, else None.

    Only annotations whose targets are all IRIs and whose bodies describe a
    relation or a group are read so; any other linking annotation is read as usual.
    """
    if "linking" not in _string_list(item, "motivation"):
        return None
    targets = item.data.get("target")
    given = targets if isinstance(targets, list) else [targets]
    iris = [iri for iri in given if isinstance(iri, str)]
    if not iris or len(iris) != len(given):
        return None
    described = [body for body in _body_list(item, "body") if not isinstance(body, str)]
    linked = [body for body in _body_list(item, "body") if isinstance(body, str)]
    values = [body.text("value", "") for body in described]
    if GROUP_LABEL in values:
        group = stable_id(item.text("id", "") or json.dumps(item.data, sort_keys=True))
        return _Linking(tuple(stable_id(iri) for iri in iris), None, group)
    relation = next(
        (v.removeprefix(RELATION_LABEL) for v in values if v.startswith(RELATION_LABEL)), ""
    )
    if len(iris) != 1 or len(linked) != 1 or relation not in set(LinkRelation):
        return None
    return _Linking((stable_id(iris[0]), stable_id(linked[0])), LinkRelation(relation))


def _restore_links(imported: ImportedFile, linking: list[_Linking]) -> None:
    """Put the links and groups read back on the claims of the file they name."""
    claims = {
        item.annotation.id: index
        for index, item in enumerate(imported.items)
        if item.annotation.kind is Kind.CLAIM and item.annotation.claim is not None
    }
    missing = 0
    for found in linking:
        present = [target for target in found.targets if target in claims]
        missing += len(present) < len(found.targets)
        if found.relation is None:
            for target in present:
                claim = _claim_at(imported, claims[target])
                _put_claim(imported, claims[target], replace(claim, group=found.group))
        elif len(present) == 2:
            for one, other in (present, present[::-1]):
                claim = _claim_at(imported, claims[one])
                kept = tuple(link for link in claim.links if link.claim != other)
                links = (*kept, ClaimLink(found.relation, other))
                _put_claim(imported, claims[one], replace(claim, links=links))
    if missing:
        what = "link or group names" if missing == 1 else "links or groups name"
        imported.ignored.append(f"{missing} {what} claims that are not in this file")


def _claim_at(imported: ImportedFile, index: int) -> Claim:
    claim = imported.items[index].annotation.claim
    assert claim is not None
    return claim


def _put_claim(imported: ImportedFile, index: int, claim: Claim) -> None:
    item = imported.items[index]
    imported.items[index] = replace(item, annotation=replace(item.annotation, claim=claim))


def _unfetched(what: str, address: object, total: object, read: int) -> str:
    """The message for pages of a collection the file names but does not hold."""
    where = f" ({address})" if isinstance(address, str) and len(address) <= 200 else ""
    count = ""
    if isinstance(total, int) and not isinstance(total, bool) and total > read:
        count = f"; the collection holds {counted(total, 'annotation(s)')}, this file {read}"
    return (
        f"the collection's annotations on pages not in this file: {what}{where} "
        f"is given by address and tui-reader does not fetch it{count}"
    )


def _incoming(item: Fields, label: str, stamp: str, counts: Counter[str]) -> Incoming | None:
    target = _text_target(item)
    if target is None:
        return None
    source, quote, position = target
    created = time_of(item, "created", stamp)
    motivation = next(iter(_string_list(item, "motivation")), "")
    content = _Bodies.of(item, motivation, counts)
    kind = content.kind(motivation)
    claim = None
    if kind is Kind.CLAIM:
        claim = Claim(
            source=content.claim_fields.get("source", ""),
            cue=content.claim_fields.get("cue", ""),
            status=content.status or ClaimStatus.UNVERIFIED,
            rationale=content.claim_fields.get("rationale", ""),
        )
    foreign_id = item.text("id", "")
    annotation = Annotation(
        id=stable_id(foreign_id or json.dumps(item.data, sort_keys=True)),
        article="",
        kind=kind,
        position=position,
        quote=quote,
        body="\n\n".join(content.notes),
        tags=tuple(content.tags),
        claim=claim,
        label=content.label if kind is Kind.ENTITY else "",
        created=created,
        modified=time_of(item, "modified", created),
    )
    page = source if is_web_address(source) else ""
    return Incoming(annotation, label, source=source, page=page)


def _text_target(
    item: Fields,
) -> tuple[str, TextQuoteSelector, TextPositionSelector] | None:
    """The first target that selects text: (source, quote, position hint).

    A target or a selector given as a plain IRI names a whole resource, so it
    selects no text; anything else must be an object. Selectors refined by
    others (`refinedBy`: a quote inside a CSS or XPath selection, a position
    inside a position) are read through the chain.
    """
    for target in _objects(item, "target"):
        source = target.data.get("source", "")
        if isinstance(source, dict):
            source = Fields(source, target.name("source")).text("id", "")
        elif not isinstance(source, str):
            raise target.wrong("source", "an IRI or an object with an id")
        quote = position = None
        for selector in _objects(target, "selector"):
            found_quote, found_position = _selected(selector)
            quote = quote or found_quote
            position = position or found_position
        if quote is None and position is None:
            continue
        if position is None:
            position = TextPositionSelector(0, 0)
        return source, quote or TextQuoteSelector(""), position
    return None


def _selected(selector: Fields) -> tuple[TextQuoteSelector | None, TextPositionSelector | None]:
    """The quote and the position (in the whole text) a selector and its refinements give.

    A position is in the whole text only when every selector above it is a
    position too (its offsets then add up); inside another kind of selection it
    is relative to that selection, which tui-reader cannot place, so only the
    quote is kept.
    """
    quote = position = None
    base: int | None = 0
    current: Fields | None = selector
    depth = 0
    while current is not None and depth < _MAX_REFINEMENTS:
        depth += 1
        kind = current.text("type", "")
        if kind == "TextQuoteSelector" and quote is None:
            quote = TextQuoteSelector(
                exact=current.text("exact"),
                prefix=current.text("prefix", ""),
                suffix=current.text("suffix", ""),
            )
            base = None
        elif kind == "TextPositionSelector":
            start, end = current.offset("start"), current.offset("end")
            if start > end:
                raise InvalidRecord(current.path, f"start ({start}) is after end ({end})")
            if base is not None:  # the innermost position of a chain of positions
                position = TextPositionSelector(base + start, base + end)
                base = base + start
        else:
            base = None
        refinements = _objects(current, "refinedBy")
        current = refinements[0] if refinements else None
    return quote, position


_MAX_REFINEMENTS = 16
"""Selectors refined deeper than this are not read further (JSON nesting is capped too)."""


class _Bodies:
    """What an annotation's bodies say, sorted by purpose."""

    def __init__(self) -> None:
        self.notes: list[str] = []
        self.tags: list[str] = []
        self.status: ClaimStatus | None = None
        self.claim_fields: dict[str, str] = {}
        self.label = ""
        self.classified = False

    @classmethod
    def of(cls, item: Fields, motivation: str, counts: Counter[str]) -> _Bodies:
        """Every body: textual ones by purpose; HTML read as its text; a body given as
        an IRI, or a `SpecificResource` naming one, kept as that address (a tag when
        it is tagging, else a link in the note); each choice of a `Choice`."""
        content = cls()
        pending: list[tuple[Fields | str, str]] = [(body, "") for body in _body_list(item, "body")]
        while pending:
            body, inherited = pending.pop(0)
            if isinstance(body, str):
                content.add_address(inherited or motivation, body)
                counts["bodies given by address, kept as links"] += 1
                continue
            purpose = next(iter(_string_list(body, "purpose")), "") or inherited
            types = _strings(body.data.get("type"))
            if "Choice" in types:
                choices = [(choice, purpose) for choice in _body_list(body, "items")]
                pending[:0] = choices
                counts["choices of a Choice body, each kept"] += len(choices)
            elif "value" in body.data:
                value = body.text("value")
                if _is_html(body):
                    value = html_to_text(value)
                    counts["HTML bodies read as text"] += 1
                content.add(purpose, value)
            elif "SpecificResource" in types or "source" in body.data:
                address = _address_of(body, "source")
                if address:
                    content.add_address(purpose or motivation, address)
                    counts["bodies given by address, kept as links"] += 1
            elif isinstance(body.data.get("id"), str):
                content.add_address(purpose or motivation, body.text("id"))
                counts["bodies given by address, kept as links"] += 1
        if "bodyValue" in item.data:
            content.add("", item.text("bodyValue"))
        return content

    def add_address(self, purpose: str, address: str) -> None:
        """A body that is a resource elsewhere: its address is what can be kept."""
        if purpose in ("tagging", "classifying", "identifying"):
            self.tags.append(address)
        else:
            self.notes.append(address)

    def add(self, purpose: str, value: str) -> None:
        if purpose == "tagging":
            self.tags.append(value)
        elif purpose == "assessing" and value.strip().lower() in set(ClaimStatus):
            self.status = ClaimStatus(value.strip().lower())
        elif purpose == "classifying":
            self.classified = True
            self.label = "" if value == NOT_AN_ENTITY else value
        elif purpose == "describing" and (field := self._claim_field(value)):
            name, text = field
            self.claim_fields[name] = text
        else:
            self.notes.append(value)

    @staticmethod
    def _claim_field(value: str) -> tuple[str, str] | None:
        for name, label in CLAIM_DESCRIPTIONS.items():
            if value.startswith(label):
                return name, value[len(label) :]
        return None

    def kind(self, motivation: str) -> Kind:
        """The kind our exports name by motivation, else the one the bodies suggest.

        "classifying" alone is not enough for an entity correction: without a
        classifying body it would read as "not an entity" and hide a real one.
        """
        for kind, name in MOTIVATIONS.items():
            if motivation == name and (kind is not Kind.ENTITY or self.classified):
                return kind
        if self.classified and (not self.label or self.label in ENTITY_LABELS):
            return Kind.ENTITY
        if self.status is not None or self.claim_fields:
            return Kind.CLAIM
        if self.tags and not self.notes:
            return Kind.TAG
        return Kind.NOTE


def _objects(fields: Fields, key: str) -> list[Fields]:
    """The objects in field `key`: one, or a list of them; plain IRIs are left out."""
    value = fields.data.get(key)
    if value is None:
        return []
    values, named = (value, True) if isinstance(value, list) else ([value], False)
    objects = []
    for index, element in enumerate(values):
        if isinstance(element, str):
            continue
        name = fields.name(key) + (f"[{index}]" if named else "")
        if not isinstance(element, dict):
            raise InvalidRecord(name, f"must be an object or an IRI, not {describe(element)}")
        objects.append(Fields(element, name))
    return objects


def _body_list(fields: Fields, key: str) -> list[Fields | str]:
    """The bodies in field `key` (one or a list): objects, or IRIs as strings."""
    value = fields.data.get(key)
    if value is None:
        return []
    values, named = (value, True) if isinstance(value, list) else ([value], False)
    bodies: list[Fields | str] = []
    for index, element in enumerate(values):
        name = fields.name(key) + (f"[{index}]" if named else "")
        if isinstance(element, str):
            bodies.append(element)
        elif isinstance(element, dict):
            bodies.append(Fields(element, name))
        else:
            raise InvalidRecord(name, f"must be an object or an IRI, not {describe(element)}")
    return bodies


def _address_of(fields: Fields, key: str) -> str:
    """An IRI field, given as a string or as an object with an `id`."""
    value = fields.data.get(key)
    if isinstance(value, dict):
        return Fields(value, fields.name(key)).text("id", "")
    return fields.text(key, "")


def _is_html(body: Fields) -> bool:
    formats = [value.lower() for value in _string_list(body, "format")]
    return any(value in ("text/html", "application/xhtml+xml") for value in formats)


def _string_list(fields: Fields, key: str) -> list[str]:
    """A field that is a string or a list of strings (motivation, purpose)."""
    value = fields.data.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(fields.texts(key))


def _strings(value: Any) -> list[str]:
    """The strings of a value that may be a string or a list (`type`, for recognising)."""
    values = value if isinstance(value, list) else [value]
    return [element for element in values if isinstance(element, str)]
