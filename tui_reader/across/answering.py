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
    from tui_reader.across.commands import echoes_answer, library_index
    from tui_reader.across.echoes import find_echoes
    from tui_reader.across.index import IndexCache
    from tui_reader.across.kept_echoes import computed_echoes
    from tui_reader.across.kept_sources import computed_sources, filed_names
    from tui_reader.across.sources import find_sources, source_names

    cache = cache or IndexCache(directory)
    if command == "sources":
        computed = computed_sources(store, ner, cache)
        answer, generation, keep = computed.answer, computed.generation, computed.keep
    else:
        names = filed_names(store, cache)
        if names is None:
            kept = computed_sources(store, ner, cache).kept  # repairs the pack if it can
            names = kept.names() if kept else None
        made = computed_echoes(store, cache, names) if names is not None else None
        if made is not None:
            (answer, generation), keep = made, True
        else:
            index = library_index(store, ner, cache)
            generation = cache.pack.generation()  # after the entries computed or read now
            filed = source_names(find_sources(index, store.source_links()))
            answer = echoes_answer(index, find_echoes(index), filed)
            keep = not index.unindexed
    if keep:  # an article left out may be found again without a change here
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
