"""Reading Prodigy and spaCy JSONL: `{"text", "spans": [{"start", "end", "label"}]}` a line.

Prodigy's NER recipes write one task a line, `text` a sentence or a paragraph
and `spans` its entities in code points, with the annotator's `answer`
(`accept`, `reject` or `ignore`); spaCy's training data and our `spacy-jsonl`
export use the same shape, ours with `meta.article` (the content hash) and
`meta.offset` (where the paragraph starts in the article). Spans of accepted
tasks (and of tasks with no answer) are read as entities or tags by their label
(see `labels`); rejected and ignored tasks are skipped and counted. Without
`meta.article`, the tasks are found in the `--article` text by their quotes,
with the text around each span as context.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from tui_reader.export.incoming import ImportedFile
from tui_reader.export.labels import LabelMap
from tui_reader.export.spans import RecordText, SpanReader
from tui_reader.export.validation import record
from tui_reader.schema import Fields, is_content_hash

ANSWERS_READ = ("accept", "")


def is_prodigy(first: dict[str, Any]) -> bool:
    """A task with a text and a list of spans."""
    return isinstance(first.get("text"), str) and isinstance(first.get("spans"), list)


def read(records: list[tuple[int, Any]], stamp: str, labels: LabelMap, unit: str) -> ImportedFile:
    """The spans of every accepted task (`unit` names a record: line, record)."""
    imported = ImportedFile("prodigy")
    reader = SpanReader(imported, labels, stamp)
    answers: Counter[str] = Counter()
    for number, value in records:
        where = f"{unit} {number}"
        with record(where):
            task = Fields(value)
            answer = task.text("answer", "")
            if answer not in ANSWERS_READ:
                answers[answer[:20]] += 1
                continue
            text = RecordText(task.text("text"), *_place(task))
            for index, span in enumerate(task.records("spans")):
                reader.add(
                    text,
                    span.offset("start"),
                    span.offset("end"),
                    span.text("label"),
                    f"{where}: spans[{index}]",
                )
    reader.finish()
    if answers:
        counts = ", ".join(f"{count} {answer!r}" for answer, count in sorted(answers.items()))
        imported.ignored.append(f"tasks the annotator did not accept (answer: {counts})")
    return imported


def _place(task: Fields) -> tuple[int, str]:
    """(offset in the article, the article's content hash) from our export's `meta`."""
    meta = task.data.get("meta")
    if not isinstance(meta, dict):
        return 0, ""
    digest = meta.get("article")
    if not isinstance(digest, str) or not is_content_hash(digest):
        return 0, ""
    return Fields(meta, "meta").offset("offset", 0), digest
