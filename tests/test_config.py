"""Settings: the keymap and the default entity recogniser, and a broken file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui_reader.config import ClaimReviewSettings, Settings, load_settings
from tui_reader.errors import UserError


def test_missing_settings_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.toml") == Settings()


def test_keymap_and_ner_setting(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('ner = "rules"\n[keymap]\nnote = "n,a"\n')
    assert load_settings(path) == Settings(keymap={"note": "n,a"}, ner="rules")


def test_claimreview_settings(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[claimreview]\nauthor = " Harbour  Fact Desk "\nurl = "https://fc.example/a"\n'
    )
    assert load_settings(path).claimreview == ClaimReviewSettings(
        author="Harbour Fact Desk", url="https://fc.example/a"
    )


@pytest.mark.parametrize(
    "content",
    [
        'ner = "gpt"\n',
        "[keymap]\nnote = 3\n",
        "this is = not toml [",
        "[claimreview]\nauthor = 3\n",
        'claimreview = "desk"\n',
        '[claimreview]\nurl = "factcheck.example"\n',
    ],
)
def test_bad_settings_are_one_clear_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(content)
    with pytest.raises(UserError, match=r"config\.toml"):
        load_settings(path)


def test_the_ner_setting_is_used_when_no_option_is_given(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('ner = "off"\n')
    article = tmp_path / "a.txt"
    article.write_text("Ana Ruiz met the mayor of Lisbon on Monday.\n")
    result = subprocess.run(
        [sys.executable, "-m", "tui_reader", "entities", str(article)],
        capture_output=True,
        env={**os.environ, "TUI_READER_CONFIG": str(config)},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == b"[]"
