"""Where the app's export dialog puts a file, and what it remembers between exports.

A relative name is taken from the article's folder (the file being read), not
from the folder the app was started in: the dialog shows the full path it will
write. The last format and folder are remembered per database in the user cache
(`export_choices.json` in `config.cache_directory()`), so the next export, of
this article or another, starts from them; losing that file loses only this
convenience.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tui_reader.atomic_files import atomic_write
from tui_reader.config import cache_directory

CHOICES_FILE = "export_choices.json"


@dataclass(frozen=True)
class ExportChoice:
    """The format and the folder of the last export from one database."""

    fmt: str
    folder: str


def article_folder(article_path: Path | None) -> Path:
    """The folder an export goes to by default: the article's, else the current one."""
    return article_path.parent if article_path is not None else Path.cwd()


def export_target(typed: str, base: Path) -> Path:
    """The file a name typed in the dialog means: relative names from `base`; "~" expanded."""
    path = Path(typed).expanduser()
    return path if path.is_absolute() else base / path


def last_choice(database: Path) -> ExportChoice | None:
    """The last export's format and folder from `database`, if remembered and usable."""
    try:
        remembered = json.loads((cache_directory() / CHOICES_FILE).read_text("utf-8"))
        entry = remembered[str(database.resolve())]
        choice = ExportChoice(fmt=str(entry["fmt"]), folder=str(entry["folder"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return choice if Path(choice.folder).is_dir() else None


def remember_choice(database: Path, choice: ExportChoice) -> None:
    """Keep `choice` for `database`; a cache that cannot be written is not an error."""
    path = cache_directory() / CHOICES_FILE
    try:
        remembered = json.loads(path.read_text("utf-8"))
        if not isinstance(remembered, dict):
            remembered = {}
    except (OSError, ValueError):
        remembered = {}
    remembered[str(database.resolve())] = {"fmt": choice.fmt, "folder": choice.folder}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(remembered, indent=1).encode("utf-8"), durable=False)
    except OSError:
        pass
