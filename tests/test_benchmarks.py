"""The benchmark suite still runs: its quick mode on the smallest article, in a subprocess.

No figure is checked against a limit here (timings on a shared CI machine say
nothing); what is checked is that every case produced its figures and that the
JSON file holds them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).parent.parent

CASES = "startup,first-screen,session,export,store"


def test_quick_benchmark_runs_and_saves_its_figures(tmp_path: Path) -> None:
    output = tmp_path / "bench.json"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks",
            "--quick",
            "--sizes",
            "3KB",
            "--cases",
            CASES,
            "--json",
            str(output),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    assert "Reader, by article size" in completed.stdout
    saved = json.loads(output.read_text())
    figures = {(figure["name"], figure["column"]): figure for figure in saved["figures"]}
    for name in (
        "first screen, headless, from launch",
        "key j (CPU)",
        "key G (CPU)",
        "resize, to the repainted screen",
        "search, all matches",
        "all entities (rules)",
        "peak memory",
        "export json",
        "export brat",
    ):
        figure = figures[(name, "3KB")]
        assert figure["runs"] and all(value > 0 for value in figure["runs"]), name
    assert figures[("save one annotation", "1,000")]["median"] > 0
    assert figures[("tui-reader --version", "-")]["median"] > 0
    assert {target["target"] for target in saved["targets"]} >= {"tui-reader --version"}


def test_unknown_size_is_a_usage_error() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--sizes", "7MB"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 2
    assert "unknown size 7MB" in completed.stderr
