"""Label Studio's JSON of tasks: named-entity regions in, and out.

Label Studio exports a list of tasks, each `{"id", "data": {"text": ...},
"annotations": [{"id", "result": [...], "was_cancelled"}], "predictions": [...]}`.
A text region is a result `{"id", "from_name", "to_name", "type": "labels",
"value": {"start", "end", "text", "labels": [...]}}`; a per-region comment is a
`textarea` result with the region's `id` (or its own `start` and `end`); a
`choices` result classifies the whole text; a `relation` result links two regions.

Reading: every label of a region is an entity or a tag (see `labels`), a
region's comments its note, the choices tags on the text's first line. Each
annotator's annotation is read; cancelled ones and the model's `predictions`
are not (they are no one's judgement), nor are relations: all three are
counted. Offsets are code points (Label Studio's own; older versions counted
UTF-16 units, which the quote, searched first, makes up for).

Writing: one task for the article, `data.text` its text (with its content hash
and title, so the file finds its article again), one annotation whose results
are its entities and tag annotations as `labels` regions (`from_name`
"label", `to_name` "text") and its notes as regions labelled `Note` with a
per-region `textarea` (`from_name` "note"). The labelling configuration that
shows them is in the README.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Sequence
from typing import Any

from tui_reader.document import Article
from tui_reader.export.common import ExportResult, dropped_kinds, orphans_dropped
from tui_reader.export.incoming import ImportedFile
from tui_reader.export.labels import LabelMap
from tui_reader.export.spans import RecordText, SpanReader, first_line
from tui_reader.export.validation import record, time_of
from tui_reader.model import Annotation, Kind
from tui_reader.nlp.entities import Entity
from tui_reader.schema import Fields, is_content_hash
from tui_reader.wording import counted

LABELS_FROM = "label"
NOTES_FROM = "note"
TO_NAME = "text"
NOTE_LABEL = "Note"
_REGION_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "tui-reader:label-studio-region")


def export(
    article: Article, annotations: Sequence[Annotation], entities: Sequence[Entity]
) -> ExportResult:
    results: list[dict[str, Any]] = []
    text = article.text

    def region(key: str, start: int, end: int, labels: list[str]) -> str:
        identifier = uuid.uuid5(_REGION_NAMESPACE, f"{article.content_hash}\t{key}").hex[:10]
        value = {"start": start, "end": end, "text": text[start:end], "labels": labels}
        results.append(_result(identifier, LABELS_FROM, "labels", value))
        return identifier

    for entity in entities:
        region(f"entity\t{entity.start}\t{entity.end}", entity.start, entity.end, [entity.label])
    placed = [a for a in annotations if not a.orphan and a.end > a.start]
    for annotation in placed:
        if annotation.kind is Kind.TAG and annotation.tags:
            region(annotation.id, annotation.start, annotation.end, list(annotation.tags))
        elif annotation.kind is Kind.NOTE and annotation.body.strip():
            labels = [NOTE_LABEL, *annotation.tags]
            identifier = region(annotation.id, annotation.start, annotation.end, labels)
            value = {"start": annotation.start, "end": annotation.end, "text": [annotation.body]}
            results.append(_result(identifier, NOTES_FROM, "textarea", value))
    task = {
        "data": {"text": text, "article": article.content_hash, "title": article.title},
        "annotations": [{"result": results, "was_cancelled": False}],
    }
    dropped = dropped_kinds(
        annotations,
        {Kind.ENTITY, Kind.TAG, Kind.NOTE},
        "a Label Studio text task holds labelled regions and their comments",
    )
    dropped += orphans_dropped(
        [a for a in annotations if a.kind is not Kind.ENTITY], "label-studio"
    )
    return ExportResult(
        "label-studio", json.dumps([task], ensure_ascii=False, indent=2) + "\n", dropped=dropped
    )


def _result(identifier: str, source: str, kind: str, value: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": identifier,
        "from_name": source,
        "to_name": TO_NAME,
        "type": kind,
        "origin": "manual",
        "value": value,
    }


def is_label_studio(document: Any) -> bool:
    """A list of tasks (or one task) with `data` and annotations or predictions."""
    tasks = document if isinstance(document, list) else [document]
    return bool(tasks) and all(
        isinstance(task, dict)
        and isinstance(task.get("data"), dict)
        and ("annotations" in task or "predictions" in task or "completions" in task)
        for task in tasks
    )


def read(document: Any, stamp: str, labels: LabelMap) -> ImportedFile:
    """The regions of every task's annotations (see the module docstring)."""
    imported = ImportedFile("label-studio")
    reader = SpanReader(imported, labels, stamp)
    skipped: Counter[str] = Counter()
    tasks = document if isinstance(document, list) else [document]
    for number, value in enumerate(tasks, start=1):
        where = f"task {number}"
        with record(where):
            task = Fields(value)
            text = _task_text(task)
            if text is None:
                skipped["task(s) with no text in data.text"] += 1
                continue
            skipped["prediction(s) of a model"] += len(list(task.records("predictions")))
            key = "annotations" if "annotations" in task.data else "completions"
            for index, annotation in enumerate(task.records(key)):
                if annotation.flag("was_cancelled", False):
                    skipped["cancelled annotation(s)"] += 1
                    continue
                created = time_of(annotation, "created_at", stamp)
                prefix = f"ls:{task.data.get('id', number)}:{annotation.data.get('id', index)}"
                _read_results(
                    reader, text, annotation, f"{where}: {key}[{index}]", prefix, created, skipped
                )
    reader.finish()
    imported.ignored.extend(
        counted(count, what) for what, count in sorted(skipped.items()) if count
    )
    return imported


def _task_text(task: Fields) -> RecordText | None:
    data = task.required_record("data")
    text = data.optional_text("text")
    if text is None:
        strings = [key for key, value in data.data.items() if isinstance(value, str)]
        if len(strings) != 1:
            return None
        text = data.text(strings[0])
    digest = data.data.get("article")
    article = digest if isinstance(digest, str) and is_content_hash(digest) else ""
    return RecordText(text, article=article)


def _read_results(
    reader: SpanReader,
    text: RecordText,
    annotation: Fields,
    where: str,
    prefix: str,
    created: str,
    skipped: Counter[str],
) -> None:
    results = list(annotation.records("result"))
    comments: dict[str, tuple[list[str], tuple[int, int]]] = {}
    for result in results:
        if result.text("type", "") == "textarea":
            value = result.required_record("value")
            lines = [line for line in value.texts("text") if line.strip()]
            span = first_line(text.text)
            if isinstance(value.data.get("start"), int):
                span = (value.offset("start"), value.offset("end"))
            found, _ = comments.setdefault(result.text("id", ""), ([], span))
            found.extend(lines)
    regions = set()
    for index, result in enumerate(results):
        kind = result.text("type", "")
        name = f"{where}.result[{index}]"
        identity = f"{prefix}:{result.text('id', str(index))}"
        content = result.record("value")
        if kind == "labels" and content is not None:
            value = content
            region = result.text("id", "")
            regions.add(region)
            start, end = value.offset("start"), value.offset("end")
            note = "\n\n".join(comments.get(region, ([], (0, 0)))[0])
            names = [label for label in value.texts("labels") if label.strip()]
            for label in names or ["region"]:
                if label != NOTE_LABEL:
                    reader.add(
                        text,
                        start,
                        end,
                        label,
                        name,
                        identity=f"{identity}:{label}",
                        created=created,
                    )
            if note:
                reader.add(
                    text,
                    start,
                    end,
                    None,
                    name,
                    note=note,
                    identity=f"{identity}:note",
                    created=created,
                )
        elif kind == "choices" and content is not None:
            start, end = first_line(text.text)
            for choice in content.texts("choices"):
                reader.add(
                    text, start, end, choice, name, identity=f"{identity}:{choice}", created=created
                )
        elif kind == "relation":
            skipped["relation(s) between regions"] += 1
        elif kind != "textarea":
            skipped[f"result(s) of type {kind[:40] or 'none'}"] += 1
    for region, (lines, (start, end)) in comments.items():
        if region not in regions and lines:
            note = "\n\n".join(lines)
            reader.add(
                text,
                start,
                end,
                None,
                where,
                note=note,
                identity=f"{prefix}:{region}:comment",
                created=created,
            )
