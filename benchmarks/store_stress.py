"""Stress the database: kill writers with SIGKILL, and run writers side by side.

    python benchmarks/store_stress.py                # 1,000 forked + 100 fresh-process kills
    python benchmarks/store_stress.py --kills 5000 --exec-kills 300 --writers 4

1. Kills: a child process saves annotations in a loop (adds, edits, deletes),
   printing each acknowledged save, and is killed at a random moment. After
   each kill the database must open, hold every acknowledged save, and nothing
   else but the one save in flight. Forked children start in a few
   milliseconds, so most kills land mid-write; fresh interpreters (`--exec-kills`)
   are slower to start but share nothing with this process.
2. Writers: several processes add annotations to one database at the same
   time; every one of them must be there afterwards, also while another
   process deletes `NAME.lock` every millisecond (`--delete-lock-every`).

Exits with status 1 if anything was lost.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from helpers.crash_child import kill_rounds
from helpers.writers import concurrent_writers, lock_file_deleted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=1000, help="kills of forked children")
    parser.add_argument("--exec-kills", type=int, default=100, help="kills of fresh processes")
    parser.add_argument("--writers", type=int, default=4, help="processes writing at once")
    parser.add_argument("--saves", type=int, default=200, help="saves per concurrent writer")
    parser.add_argument(
        "--delete-lock-every", type=float, default=0.001, help="seconds, in the third round"
    )
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args(argv)
    print(f"seed {args.seed}")
    failed = False
    with tempfile.TemporaryDirectory() as directory:
        for label, rounds, max_delay, fork in (
            ("forked", args.kills, 0.06, True),
            ("fresh process", args.exec_kills, 0.5, False),
        ):
            started = time.perf_counter()
            database = Path(directory) / f"{label.replace(' ', '-')}.json"
            report = kill_rounds(database, rounds, max_delay, args.seed, fork=fork)
            elapsed = time.perf_counter() - started
            print(
                f"{label:>13}: {report.kills} kills, {report.acknowledged} acknowledged saves "
                f"all kept, {report.in_flight_saved} unacknowledged saves also kept "
                f"({elapsed:.1f} s)"
            )
            for failure in report.failures:
                print(f"  FAILED: {failure}")
            failed = failed or bool(report.failures) or report.kills < rounds

        for label, deleting in (("writers", None), ("lock deleted", args.delete_lock_every)):
            started = time.perf_counter()
            database = Path(directory) / f"{label.replace(' ', '-')}.json"
            with lock_file_deleted(database, deleting) if deleting else contextlib.nullcontext():
                written, found = concurrent_writers(database, args.writers, args.saves)
            elapsed = time.perf_counter() - started
            missing = written - found
            print(
                f"{label:>13}: {args.writers} processes saved {len(written)} annotations at "
                f"once, {len(written & found)} found, {len(missing)} missing ({elapsed:.1f} s)"
            )
            failed = failed or bool(missing)
    print("FAILED" if failed else "OK: nothing lost")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
