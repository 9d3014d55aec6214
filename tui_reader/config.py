"""Where tui-reader keeps its files, and the user's settings.

The database is, in order: the `--db` option, `$TUI_READER_DB`, or
`annotations.json` in the user's data directory (platformdirs). Settings,
including a keymap, come from `config.toml` in the user's config directory
(`$TUI_READER_CONFIG` overrides the path).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_cache_path, user_config_path, user_data_path

from tui_reader.errors import UserError

APP_NAME = "tui-reader"
DB_ENV = "TUI_READER_DB"
CONFIG_ENV = "TUI_READER_CONFIG"
NER_CHOICES = ("auto", "rules", "spacy", "off")
"""The entity recognisers `--ner` and the `ner` setting name: the one list of them (the
backends, the command line and the evaluations read it here)."""


def database_path(option: str | None = None) -> Path:
    """The database file to use, by the documented order of precedence."""
    if option:
        return Path(option).expanduser()
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    return data_directory() / "annotations.json"


def data_directory() -> Path:
    """The user's data directory: the default database, crash logs, unsaved changes."""
    return user_data_path(APP_NAME)


def cache_directory() -> Path:
    """Where computed results (entities) are cached; safe to delete."""
    return user_cache_path(APP_NAME)


def config_path() -> Path:
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV]).expanduser()
    return user_config_path(APP_NAME) / "config.toml"


@dataclass(frozen=True)
class ClaimReviewSettings:
    """Who publishes the fact checks exported as ClaimReview, and where (`[claimreview]`)."""

    author: str = ""
    """The fact-checker or outlet that reviews the claims (ClaimReview `author.name`)."""
    url: str = ""
    """The page that publishes the fact check (ClaimReview `url`, which Google requires)."""


@dataclass(frozen=True)
class Settings:
    """The user's settings; every field has a default so a missing file is fine."""

    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> keys (comma-separated), e.g. {"note": "n"}; see the README."""
    ner: str = "auto"
    """The entity recogniser when `--ner` is not given: auto, rules, spacy or off."""
    claimreview: ClaimReviewSettings = field(default_factory=ClaimReviewSettings)


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file; a missing file gives the defaults, a broken one an error."""
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        raise UserError(f"{path}: cannot read the settings ({error.strerror or error})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise UserError(f"{path}: not valid TOML ({error})") from None
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in keymap.items()
    ):
        raise UserError(f"{path}: [keymap] must map binding ids to key strings")
    ner = data.get("ner", "auto")
    if ner not in NER_CHOICES:
        raise UserError(f"{path}: ner must be one of {', '.join(NER_CHOICES)}, not {ner!r}")
    return Settings(keymap=dict(keymap), ner=ner, claimreview=_claimreview(path, data))


def _claimreview(path: Path, data: dict[str, object]) -> ClaimReviewSettings:
    from tui_reader.metadata.fields import is_web_address, one_line

    section = data.get("claimreview", {})
    if not isinstance(section, dict) or not all(
        isinstance(section.get(key, ""), str) for key in ("author", "url")
    ):
        raise UserError(f"{path}: [claimreview] author and url must be strings")
    author, url = one_line(section.get("author", "")), section.get("url", "").strip()
    if url and not is_web_address(url):
        raise UserError(f"{path}: [claimreview] url must be a web address (http:// or https://)")
    return ClaimReviewSettings(author=author, url=url)
