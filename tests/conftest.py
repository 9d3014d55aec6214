"""Shared fixtures: every test gets its own data, cache and config directories."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep tests away from the real user's database, cache, gazetteer and settings.

    COLUMNS and LINES go too: a test runner may set them (pytest-xdist's workers say
    80x24), and Textual and Rich would take them over the size of the (pseudo-)terminal
    a test gives its app or command.
    """
    for variable in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / variable.lower()))
    for variable in ("TUI_READER_DB", "TUI_READER_CONFIG", "TUI_READER_GAZETTEER"):
        monkeypatch.delenv(variable, raising=False)
    for variable in ("COLUMNS", "LINES"):
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "annotations.json"


@pytest.fixture
def article_path() -> Path:
    """A short news article written for the tests (entities, numbers, claims)."""
    return DATA / "harbour_vote.txt"
