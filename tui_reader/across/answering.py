"""`sources` and `echoes` as the command line runs them: the kept answer when nothing
changed since it was computed (`answers.py`), else computed from the index and kept.

This module imports little on purpose: a kept answer is printed without loading
the index, the claim finder or the grouping code, which take longer to import
than the answer takes to print.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tui_reader.across.answers import Answer, AnswerCache, answer_key
from tui_reader.across.pack import IndexPack, index_directory

if TYPE_CHECKING:
    from tui_reader.across.index import IndexCache
    from tui_reader.store import Store

SOURCES_COLUMNS = ("source", "also named", "claims", "articles", "latest claim")
ECHOES_COLUMNS = ("claim", "kind", "articles", "sources", "verdicts")


def kept_answer(store: Store, ner: str, command: str, cache: IndexCache | None = None) -> Answer:
    """The answer of `command` ("sources" or "echoes") for the library of `store`."""
    directory = cache.directory if cache else index_directory()
    answers = AnswerCache(directory)
    generation = IndexPack(directory).generation()
    found = answers.load(command, answer_key(command, ner, store.path, generation))
    if found is not None:
        return found
    from tui_reader.across.index import IndexCache
    from tui_reader.across.kept_echoes import computed_echoes
    from tui_reader.across.kept_sources import computed_sources

    cache = cache or IndexCache(directory)
    if command == "sources":
        computed = computed_sources(store, ner, cache)
    else:
        computed = computed_echoes(store, ner, cache)
    answer, generation = computed.answer, computed.generation
    if computed.keep:  # an article left out may be found again without a change here
        answers.save(command, answer_key(command, ner, store.path, generation), answer)
    return answer


def print_answer(answer: Answer, form: str, columns: Sequence[str]) -> None:
    """An answer as JSON for scripts, or as a table (article text shown literally)."""
    if form == "json":
        sys.stdout.flush()
        sys.stdout.buffer.write(answer.json)
        sys.stdout.buffer.flush()
        return
    from rich.table import Table

    from tui_reader.display_console import DisplayConsole

    console = DisplayConsole()
    table = Table(*columns, show_lines=True)
    for row in answer.rows:
        table.add_row(*row)
    console.print(table)
    for line in answer.lines:
        console.print(line)
