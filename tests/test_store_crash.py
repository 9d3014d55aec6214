"""Kill -9 during saves: the database always opens and holds every acknowledged save.

A forked child saves annotations in a loop (adds, edits, deletes) and reports
each save once `Store` returns; it is killed with SIGKILL at a random moment
after its first save, 120 times. After each kill the database must open and hold exactly the
acknowledged saves, plus at most the one in flight (see helpers/crash_child.py;
`benchmarks/store_stress.py` runs thousands of kills).
"""

from __future__ import annotations

from pathlib import Path

from helpers.crash_child import kill_rounds

from tui_reader.store import Store

KILLS = 120


def test_sigkill_during_saves_loses_no_acknowledged_save(tmp_path: Path) -> None:
    database = tmp_path / "annotations.json"
    report = kill_rounds(database, rounds=KILLS, max_delay=0.05, seed=4)

    assert report.failures == []
    assert report.kills == KILLS
    assert report.acknowledged >= KILLS, "every kill lands after the child's first save"
    assert Store(database).generation >= report.acknowledged
