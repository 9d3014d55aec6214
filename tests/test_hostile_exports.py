"""Exports where the disk or the name is hostile: a failed export leaves the old file whole.

A full disk is made real with RLIMIT_FSIZE in the child process: every write
beyond the limit fails with EFBIG, as on a full disk, at the system call.
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
import stat
from pathlib import Path

from helpers.cli import one_line_error, run

from tui_reader.cli import main

DATA = Path(__file__).parent / "data"
ARTICLE = DATA / "harbour_vote.txt"
NATIVE = DATA / "harbour_vote.tui-reader.json"
LIMIT = 600
"""Bytes any file of the exporting process may reach."""


def database_with_notes(tmp_path: Path) -> Path:
    database = tmp_path / "db.json"
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["import", str(NATIVE), "--db", str(database), "--article", str(ARTICLE)])
    assert code == 0
    return database


def small_disk() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def test_a_failed_export_leaves_the_old_file_whole(tmp_path: Path) -> None:
    database = database_with_notes(tmp_path)
    existing = tmp_path / "existing.md"
    old = "# Last week's report\n\n" + "Every line of it matters.\n" * 30
    existing.write_text(old, encoding="utf-8")

    result = run(
        "export",
        ARTICLE,
        "-o",
        existing,
        "--db",
        database,
        "--ner",
        "off",
        preexec_fn=small_disk,
    )

    assert "cannot write" in one_line_error(result)
    assert existing.read_text(encoding="utf-8") == old
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".existing")] == []


def test_a_brat_export_on_a_full_disk_leaves_each_old_file_whole(tmp_path: Path) -> None:
    database = database_with_notes(tmp_path)
    folder = tmp_path / "brat"
    folder.mkdir()
    old = "old text\n" * 200  # beyond the limit itself, as a previous export would be
    (folder / "harbour_vote.txt").write_text(old, encoding="utf-8")

    result = run(
        "export",
        ARTICLE,
        "-f",
        "brat",
        "-o",
        folder,
        "--db",
        database,
        "--ner",
        "off",
        preexec_fn=small_disk,
    )

    one_line_error(result)
    assert (folder / "harbour_vote.txt").read_text(encoding="utf-8") == old


def test_an_export_name_too_long_is_one_line(tmp_path: Path) -> None:
    result = run(
        "export",
        ARTICLE,
        "-o",
        tmp_path / ("n" * 300 + ".md"),
        "--db",
        tmp_path / "db.json",
        "--ner",
        "off",
    )
    assert "File name too long" in one_line_error(result)


def test_a_long_but_valid_name_is_written(tmp_path: Path) -> None:
    """The temporary file beside it must fit too."""
    target = tmp_path / ("n" * 250 + ".md")
    result = run("export", ARTICLE, "-o", target, "--db", tmp_path / "db.json", "--ner", "off")
    assert result.returncode == 0, result.stderr.decode()
    assert target.read_text(encoding="utf-8").startswith("---")


def test_a_new_export_gets_the_usual_permissions(tmp_path: Path) -> None:
    """Written through a temporary file (0600), it must still end up as any new file does."""
    target = tmp_path / "report.md"
    previous = os.umask(0o022)
    try:
        result = run("export", ARTICLE, "-o", target, "--db", tmp_path / "db.json", "--ner", "off")
    finally:
        os.umask(previous)
    assert result.returncode == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
