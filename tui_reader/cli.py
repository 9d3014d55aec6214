"""The `tui-reader` command: open an article in the reader, or run a subcommand.

Everything heavy is imported inside the function that needs it, so
`tui-reader --version` and the scripting subcommands start fast and never load
the user interface they do not use. Errors in the user's input end with one line
on stderr and exit code 2 (see the README for every exit code).

Whatever is printed for a terminal shows text of the user's or an article's
origin literally (`display.DisplayConsole` for tables, `display.one_line` for
error lines), so a title or a file name can hold neither markup nor escapes
that act.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from tui_reader import __version__
from tui_reader.config import NER_CHOICES
from tui_reader.display import displayable, one_line
from tui_reader.errors import UserError

if TYPE_CHECKING:  # each subcommand imports what it needs when it runs
    from pathlib import Path
    from typing import TypeVar

    from tui_reader.document import Article
    from tui_reader.model import Annotation
    from tui_reader.store import Store
    from tui_reader.ui.base_app import TuiReaderApp

    Result = TypeVar("Result")

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line on stderr (exit 2), like every other error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: {one_line(message)} (see --help)\n")


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="the annotations database (default: $TUI_READER_DB, else the user data directory)",
    )


def _ner_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ner",
        choices=NER_CHOICES,
        default=None,
        help="entity recogniser: auto (spaCy if installed, else rules), rules, spacy, off "
        "(default: the 'ner' setting, else auto)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The main parser: opening an article in the reader."""
    main = _Parser(
        prog="tui-reader",
        description="Read an article in the terminal with its entities highlighted; "
        "annotate it by keyboard (notes, tags, claims); export your notes.",
        epilog="Subcommands: "
        + ", ".join(SUBCOMMANDS)
        + ". Run 'tui-reader SUBCOMMAND --help' for each; --db and --ner may come before "
        "or after the subcommand. Exit codes: 0 ok, 2 bad input, "
        "70 internal error (logged in the data directory), 130 interrupted.",
    )
    main.add_argument(
        "article", nargs="?", help="the article to read (a text file, or - for stdin)"
    )
    main.add_argument("--version", action="version", version=f"tui-reader {__version__}")
    _common_options(main)
    _ner_option(main)
    return main


def build_subparser(name: str) -> argparse.ArgumentParser:
    """The parser of one subcommand (built only when that subcommand is run)."""
    help_text, add_arguments, _ = SUBCOMMANDS[name]
    parser = _Parser(prog=f"tui-reader {name}", description=help_text)
    _common_options(parser)
    add_arguments(parser)
    return parser


# Subcommands -----------------------------------------------------------------------


def _add_entities_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("article", help="the article (a text file, or - for stdin)")
    parser.add_argument("--format", choices=("json", "table"), default="json")
    _ner_option(parser)


def _run_entities(args: argparse.Namespace) -> int:
    from tui_reader.document import Article
    from tui_reader.nlp.backends import get_recognizer
    from tui_reader.nlp.entities import apply_corrections
    from tui_reader.nlp.pipeline import article_entities

    article = Article.load(args.article)
    recognized = article_entities(article, get_recognizer(_ner_choice(args)))
    entities = apply_corrections(recognized, _saved_annotations(args, article))
    records = [
        {"start": e.start, "end": e.end, "text": e.text_in(article.text), "label": e.label}
        for e in entities
    ]
    if args.format == "json":
        _print_json(records)
    else:
        from rich.table import Table

        from tui_reader.display_console import DisplayConsole

        table = Table("start", "end", "label", "text", title=article.title)
        for entity in entities:
            table.add_row(
                str(entity.start), str(entity.end), entity.label, entity.text_in(article.text)
            )
        DisplayConsole().print(table)
    return EXIT_OK


def _saved_annotations(args: argparse.Namespace, article: Article) -> list[Annotation]:
    """The article's annotations in the database (none if there is no database yet)."""
    store = _saved_store(args)
    return store.annotations(article.content_hash) if store else []


def _saved_store(args: argparse.Namespace) -> Store | None:
    """The database, read-only, or None when there is none yet."""
    from tui_reader.config import database_path

    path = database_path(args.db)
    return _open_store(path, read_only=True) if path.exists() else None


def _add_export_arguments(parser: argparse.ArgumentParser) -> None:
    from tui_reader.export import FORMATS

    parser.add_argument("article", help="the article whose annotations to export")
    parser.add_argument("--format", "-f", choices=list(FORMATS), default="md")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    parser.add_argument(
        "--meta",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="the article's metadata for this export: title, outlet, author (repeatable), "
        "published (YYYY-MM-DD), url; claimreview.author, claimreview.url for ClaimReview "
        "(they override the values set in the app, the file's and the settings)",
    )
    parser.add_argument(
        "--raw",
        action="store_true",
        help="csv and claims-csv: every cell exactly as stored (by default a cell that a "
        "spreadsheet would run as a formula starts with ', and control characters are shown)",
    )
    _ner_option(parser)


def _check_writable(output: Path, several_files: bool) -> None:
    """A `UserError` now if `output` cannot be written, rather than after the entities.

    The export replaces a file atomically (a new file in the same directory, then
    renamed), so what matters is the directory: it must exist (a format writing
    several files creates its own directory, so there the nearest existing one
    counts) and be writable. The export itself still reports what only writing
    can tell (a full disk).
    """
    try:
        place = output if output.is_dir() else output.parent
        existing = place
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
    except OSError as error:  # asking about the path can fail too (a name too long)
        raise UserError(f"{output}: cannot write ({error.strerror or error})") from None
    if not existing.is_dir():
        raise UserError(f"{output}: cannot write ({existing} is not a directory)")
    if existing != place and not several_files:
        raise UserError(f"{output}: cannot write (there is no directory {place})")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UserError(f"{output}: cannot write (no permission to write in {existing})")


def _run_export(args: argparse.Namespace) -> int:
    from dataclasses import replace
    from pathlib import Path

    from tui_reader.config import load_settings
    from tui_reader.document import Article
    from tui_reader.export import FORMATS, check_raw, export_article, write_export
    from tui_reader.export.context import export_context, parse_meta_options
    from tui_reader.nlp.backends import get_recognizer
    from tui_reader.nlp.entities import apply_corrections
    from tui_reader.nlp.pipeline import article_entities

    if args.raw:
        check_raw(args.format)  # before the slow part
    if args.output:  # before the slow part too: spaCy takes seconds to say a path is bad
        several = not FORMATS[args.format].file_suffix.startswith(".")  # brat: a directory
        _check_writable(Path(args.output), several_files=several)
    options = parse_meta_options(args.meta)
    article = Article.load(args.article)
    store = _saved_store(args)
    annotations = store.annotations(article.content_hash) if store else []
    record = store.article(article.content_hash) if store else None
    stored = record.metadata if record is not None else None
    context = export_context(article, stored, load_settings().claimreview, options)
    if store is not None and args.format in ("md", "claimreview"):  # where else claims appear
        from tui_reader.across.commands import elsewhere_in_library

        context = replace(context, elsewhere=elsewhere_in_library(store, article.content_hash))
    recognized = article_entities(article, get_recognizer(_ner_choice(args)))
    entities = apply_corrections(recognized, annotations)
    result = export_article(args.format, article, annotations, entities, context, raw=args.raw)
    write_export(result, Path(args.output) if args.output else None)
    for line in result.dropped:
        print(f"tui-reader export: {one_line(line)}", file=sys.stderr)
    return EXIT_OK


def _add_import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        help="a tui-reader JSON export, a W3C Web Annotation file (ours or another tool's, "
        "a Hypothesis export too), a brat .ann file or a directory of them (a brat "
        "collection, each X.ann with its X.txt), doccano or Prodigy/spaCy JSONL, "
        "Label Studio JSON or WebAnno TSV 3",
    )
    parser.add_argument(
        "--article",
        help="the article the annotations belong to (needed when the file names no "
        "article of your library; a brat .ann file finds the .txt of its name beside it)",
    )
    parser.add_argument(
        "--label-map",
        metavar="FILE",
        help="a TOML file mapping other tools' span labels to entity types, "
        '"tag" or "skip" (LABEL = "TYPE" a line); CoNLL, Person/Organization/Location '
        "and OntoNotes labels are known already",
    )


def _run_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from tui_reader.config import database_path
    from tui_reader.document import Article
    from tui_reader.export.importers import import_file
    from tui_reader.export.labels import DEFAULT_LABELS, load_label_map

    labels = load_label_map(Path(args.label_map)) if args.label_map else DEFAULT_LABELS
    article = Article.load(args.article) if args.article else None
    store = _open_store(database_path(args.db))
    report = import_file(Path(args.file), store, article, labels)
    print(displayable(report.summary()))
    return EXIT_OK


def _add_list_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("table", "json"), default="table")


def _run_list(args: argparse.Namespace) -> int:
    from tui_reader.library import TABLE_COLUMNS, library

    entries = library(_existing_store(args))
    if args.format == "json":
        _print_json([entry.to_json() for entry in entries])
        return EXIT_OK
    if not entries:  # one line, not an empty table
        print("the library is empty: read an article (tui-reader ARTICLE) or add some (add DIR)")
        return EXIT_OK
    from rich.table import Table
    from rich.text import Text

    from tui_reader.display_console import DisplayConsole

    table = Table(*TABLE_COLUMNS)
    for entry in entries:
        table.add_row(
            *entry.cells(), Text("missing", style="red") if entry.missing else entry.record.path
        )
    DisplayConsole().print(table)
    return EXIT_OK


def _add_search_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", help="words to find (a capital makes it case-sensitive)")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    _ner_option(parser)


def _run_search(args: argparse.Namespace) -> int:
    from tui_reader.library import search
    from tui_reader.nlp.backends import get_recognizer
    from tui_reader.nlp.pipeline import cached_entities

    recognizer = get_recognizer(_ner_choice(args))
    hits = search(
        _existing_store(args),
        args.query,
        lambda article: cached_entities(article, recognizer) or [],
    )
    if args.format == "json":
        _print_json([hit.to_json() for hit in hits])
        return EXIT_OK
    from rich.table import Table

    from tui_reader.display_console import DisplayConsole

    table = Table("article", "found in", "where", "offset", title=f"“{args.query}”")
    for hit in hits:
        table.add_row(hit.title, hit.kind, hit.snippet, str(hit.start))
    DisplayConsole().print(table)
    return EXIT_OK


def _add_add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="FILE|DIR",
        help="articles to put into the library (.txt, .md, .html), or directories of them",
    )
    parser.add_argument(
        "--finder",
        choices=("rules", "spacy"),
        default="rules",
        help="the claim finder: the rules (default, fast) or spaCy's parser with the rules",
    )
    parser.add_argument(
        "--ner",
        choices=NER_CHOICES,
        default="rules",
        help="entity recogniser (default: rules, fast enough for a folder of clippings)",
    )


def _run_add(args: argparse.Namespace) -> int:
    from pathlib import Path

    from tui_reader.across.adding import add_articles
    from tui_reader.config import database_path

    paths = [Path(path) for path in args.paths]
    from tui_reader.across.adding import check_paths

    check_paths(paths)  # before the database is opened or created
    store = _open_store(database_path(args.db))
    report = add_articles(store, paths, args.ner, args.finder)
    for skipped in report.skipped:
        print(one_line(f"tui-reader add: skipped {skipped}"), file=sys.stderr)
    print(displayable(report.summary()))
    return EXIT_OK


def _index_ner_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ner",
        choices=NER_CHOICES,
        default="rules",
        help="entity recogniser for articles not yet in the index (default: rules)",
    )


def _add_sources_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("table", "json"), default="table")
    what = parser.add_mutually_exclusive_group()
    what.add_argument(
        "--merge", nargs=2, metavar="NAME", help="the two names are one source (kept, undoable)"
    )
    what.add_argument(
        "--split",
        nargs=2,
        metavar="NAME",
        help="the second name is not the first's source (kept, undoable)",
    )
    what.add_argument("--undo", action="store_true", help="undo the last merge or split of sources")
    _index_ner_option(parser)


def _run_sources(args: argparse.Namespace) -> int:
    from tui_reader.across.answering import SOURCES_COLUMNS, kept_answer, print_answer

    if args.merge or args.split or args.undo:
        from tui_reader.across.links import LinkKind, make_link, undo_link
        from tui_reader.config import database_path

        store = _open_store(database_path(args.db))
        if args.undo:
            link = undo_link(store)
            print(displayable(f"undone: {link.kind} {link.first!r} and {link.second!r}"))
        else:
            kind = LinkKind.MERGE if args.merge else LinkKind.SPLIT
            first, second = args.merge or args.split
            link = make_link(store, kind, first, second)
            print(displayable(f"kept: {link.kind} {link.first!r} and {link.second!r}"))
        return EXIT_OK
    answer = kept_answer(_existing_store(args), args.ner, "sources")
    if args.format == "table" and not answer.rows:
        print("no sources: no claim in the library has a source yet")
        return EXIT_OK
    print_answer(answer, args.format, SOURCES_COLUMNS)
    return EXIT_OK


def _add_echoes_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("table", "json"), default="table")
    _index_ner_option(parser)


def _run_echoes(args: argparse.Namespace) -> int:
    from tui_reader.across.answering import ECHOES_COLUMNS, kept_answer, print_answer

    answer = kept_answer(_existing_store(args), args.ner, "echoes")
    if args.format == "table" and not answer.rows:  # one line, not an empty table
        from tui_reader.display_console import DisplayConsole

        print("no echoes: no claim or figure appears in more than one article of the library")
        for line in answer.lines:  # figures that disagree, which need no echo
            DisplayConsole().print(line)
        return EXIT_OK
    print_answer(answer, args.format, ECHOES_COLUMNS)
    return EXIT_OK


def _add_timeline_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", help="a source (any of its names) or an entity")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    _index_ner_option(parser)


def _run_timeline(args: argparse.Namespace) -> int:
    from tui_reader.across.commands import print_timeline, timeline_of

    print_timeline(timeline_of(_existing_store(args), args.ner, args.name), args.format)
    return EXIT_OK


def _existing_store(args: argparse.Namespace) -> Store:
    """The database, read-only; an error if there is none yet (nothing was read)."""
    from tui_reader.config import database_path

    path = database_path(args.db)
    if not path.exists():
        raise UserError(f"{path}: no database yet (open an article first: tui-reader ARTICLE)")
    return _open_store(path, read_only=True)


def _open_store(path: Path, read_only: bool | None = None) -> Store:
    """The database for a subcommand; when it is damaged, the error names the backup to
    restore (the reader, run in a terminal, offers to)."""
    from tui_reader.store import DamagedDatabase, Store, latest_good_backup

    try:
        return Store(path, read_only=read_only)
    except DamagedDatabase as damage:
        backup = latest_good_backup(path)
        if backup is None:
            raise
        raise DamagedDatabase(
            f"{damage}; the last good backup is {backup.describe()} "
            "(tui-reader run in a terminal offers to restore it)"
        ) from None


def _from_module(
    module: str, add_name: str = "add_arguments", run_name: str = "run"
) -> tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]:
    """A subcommand whose options and logic live in `module`, imported only when used."""

    def add_arguments(parser: argparse.ArgumentParser) -> None:
        getattr(importlib.import_module(module), add_name)(parser)

    def run(args: argparse.Namespace) -> int:
        return int(getattr(importlib.import_module(module), run_name)(args))

    return add_arguments, run


SUBCOMMANDS: dict[
    str,
    tuple[str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]],
] = {
    "export": (
        "Export an article's annotations (md, json, ...).",
        _add_export_arguments,
        _run_export,
    ),
    "import": ("Import annotations from an export file.", _add_import_arguments, _run_import),
    "entities": ("Print the entities of an article.", _add_entities_arguments, _run_entities),
    "claims": (
        "Find who claims what in an article (source, cue, content).",
        *_from_module("tui_reader.nlp.claims"),
    ),
    "list": ("List the library: every article read.", _add_list_arguments, _run_list),
    "search": (
        "Search notes, tags, quotes, claims and the texts of every article.",
        _add_search_arguments,
        _run_search,
    ),
    "add": (
        "Put articles into the library without reading them (entities, claims, index).",
        _add_add_arguments,
        _run_add,
    ),
    "sources": (
        "Every source of a claim across the library, under all its names.",
        _add_sources_arguments,
        _run_sources,
    ),
    "echoes": (
        "Claims reported in more than one article, carried-over verdicts, disagreements.",
        _add_echoes_arguments,
        _run_echoes,
    ),
    "timeline": (
        "A source's or an entity's claims in date order.",
        _add_timeline_arguments,
        _run_timeline,
    ),
    "eval-echoes": (
        "Measure echo finding and source merging on PolNeAR.",
        *_from_module("tui_reader.across.evaluate"),
    ),
    "eval": (
        "Measure entity quality on an evaluation directory (gold .entities.json files).",
        *_from_module("tui_reader.nlp.evaluate"),
    ),
    "eval-claims": (
        "Measure claim finding on an evaluation directory (gold .claims.json files).",
        *_from_module("tui_reader.nlp.claims_eval", "add_eval_arguments", "run_eval"),
    ),
}


# Opening the reader ------------------------------------------------------------------


def _ner_choice(args: argparse.Namespace) -> str:
    """`--ner`, else the `ner` setting of config.toml, else auto."""
    if args.ner:
        return str(args.ner)
    from tui_reader.config import load_settings

    return load_settings().ner


def _reattach_terminal() -> None:
    """After reading the article from a pipe, take keys from the terminal instead."""
    try:
        terminal = os.open("/dev/tty", os.O_RDONLY)
    except OSError:
        raise UserError("no terminal to read keys from (stdin was the article)") from None
    os.dup2(terminal, sys.stdin.fileno())
    os.close(terminal)


def _run_reader(args: argparse.Namespace) -> int:
    """Open the article in the reader, or the library when no article is given."""
    from tui_reader.config import database_path, load_settings
    from tui_reader.document import Article
    from tui_reader.nlp.backends import available_backend
    from tui_reader.session import ReadingSession

    article = Article.load(args.article) if args.article else None
    if args.article == "-":
        _reattach_terminal()
    settings = load_settings()
    store = _open_store_or_recover(database_path(args.db))
    try:
        _offer_unsaved_changes(store)
        backend = available_backend(_ner_choice(args))
        session = ReadingSession(article, store) if article else None

        from tui_reader.ui.app import ReaderApp

        app = ReaderApp(store, session=session, backend=backend, keymap=settings.keymap)
        app.run()
    except (UserError, KeyboardInterrupt):
        raise
    except Exception as error:
        return _crashed(error, store)
    if app.crash is not None:
        return _crashed(app.crash, store)
    if store.pending_count:  # quitting anyway, after being told: kept for the next start
        from tui_reader.crash import keep_unsaved

        kept, leftover = keep_unsaved(store)
        print(one_line(f"tui-reader: {kept}"), file=sys.stderr)
        if leftover:
            print(leftover, file=sys.stderr)
    return EXIT_OK


def _crashed(error: BaseException, store: Store | None) -> int:
    from tui_reader.crash import report_crash

    return report_crash(error, store)


def _run_app(app: TuiReaderApp[Result]) -> Result | None:
    """Run a Textual app; an unexpected exception inside it is raised here, for `main`."""
    result = app.run()
    if app.crash is not None:
        raise app.crash
    return result


def _offer_unsaved_changes(store: Store) -> None:
    """Changes an earlier run could not save: offer to save them now (in a terminal).

    Without a terminal to ask in, or with a read-only database, they are left
    where they are and one line says so. A journal is removed only once its
    changes are saved; set aside, it is renamed, never deleted.
    """
    from tui_reader.crash import recovery_directories
    from tui_reader.store import NotSaved
    from tui_reader.store.journal import find_journals

    journals, unreadable = find_journals(store.path, recovery_directories())
    for path in unreadable:
        print(one_line(f"tui-reader: {path}: unreadable, left as it is"), file=sys.stderr)
    if not journals:
        return
    if store.read_only or not (sys.stdin.isatty() and sys.stdout.isatty()):
        where = ", ".join(str(journal.path) for journal in journals)
        print(
            one_line(f"tui-reader: unsaved changes of an earlier run wait in {where}"),
            file=sys.stderr,
        )
        return
    from tui_reader.ui.recovery import Unsaved, UnsavedChangesApp

    choice = _run_app(UnsavedChangesApp(journals))
    for journal in journals:
        if choice is Unsaved.DISCARD:
            journal.path.rename(journal.path.with_name(journal.path.name + ".set-aside"))
        elif choice is Unsaved.APPLY:
            try:
                store.save_recovered(journal.changes)
            except NotSaved:
                return  # pending in the store, which says so; the journal stays
            journal.path.unlink()


def _open_store_or_recover(path: Path) -> Store:
    """Open the database; if it is damaged and a good backup exists, ask what to do.

    Without a terminal to ask in (scripts, tests), or without a backup, the
    damage is the usual one-line error.
    """
    from tui_reader.store import DamagedDatabase, Store, latest_good_backup, restore_backup

    try:
        return Store(path)
    except DamagedDatabase as damage:
        backup = latest_good_backup(path)
        if backup is None or not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise
        from tui_reader.ui.recovery import Recovery, RecoveryApp

        choice = _run_app(RecoveryApp(str(damage), backup))
        if choice is Recovery.RESTORE:
            restore_backup(path, backup)
            return Store(path)
        if choice is Recovery.READ_ONLY:
            return Store(backup.path, read_only=True)
        raise


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


GLOBAL_OPTIONS = ("--db", "--ner")
"""The main parser's options that a subcommand takes too, so they may come before its name."""


def _subcommand_call(arguments: list[str]) -> tuple[str, list[str]] | None:
    """The subcommand and its arguments, when `arguments` run one; else None (the reader).

    `tui-reader --db X export A` means `tui-reader export --db X A`: the global
    options written before the subcommand's name are handed to it, first, so
    that the same option written after the name wins, as the later one does in
    argparse.
    """
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        if argument in GLOBAL_OPTIONS:
            index += 2
        elif argument.startswith(tuple(f"{option}=" for option in GLOBAL_OPTIONS)):
            index += 1
        else:
            break
    if index >= len(arguments) or arguments[index] not in SUBCOMMANDS:
        return None
    return arguments[index], arguments[:index] + arguments[index + 1 :]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        call = _subcommand_call(arguments)
        if call is not None:
            name, rest = call
            return SUBCOMMANDS[name][2](build_subparser(name).parse_args(rest))
        parser = build_parser()
        return _run_reader(parser.parse_args(arguments))
    except UserError as error:
        print(f"tui-reader: {one_line(str(error))}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`); not an error of ours.
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:  # a bug of ours: a log and one line, never a traceback
        return _crashed(error, None)
