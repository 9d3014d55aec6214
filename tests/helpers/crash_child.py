"""A process that saves annotations until it is killed, and the check of what it left.

The child opens the database, then runs a deterministic series of operations
(add, edit, delete annotations) drawn from a seed, and after each one returns
it prints `ack N` (N operations done). Since the series depends only on the
seed and on the ids already in the database, the parent can replay it: after a
SIGKILL the database must hold the result of the first N operations, or of
N + 1 (the one in flight may have been saved without being acknowledged), and
nothing else.

Run it as a script (`python crash_child.py DB SEED`) or in a forked process
(`run_child`); `kill_rounds` does the killing and checking for the tests and
for `benchmarks/store_stress.py`.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tui_reader.model import Kind, make_annotation
from tui_reader.store import Store

ARTICLE = " ".join(f"word{index}" for index in range(400))
ARTICLE_HASH = "c" * 64
FEWEST, MOST = 10, 40
"""The child keeps between this many annotations, so the database stays small and fast."""

Operation = tuple[str, str, str]
"""(kind, annotation id, body): kind is add, edit or delete."""


def operations(seed: int, existing: list[str]) -> Iterator[Operation]:
    """The endless, reproducible operations for `seed` on a database holding `existing`."""
    rng = random.Random(seed)
    live = sorted(existing)
    number = 0
    while True:
        number += 1
        body = f"{seed}:{number}"
        if len(live) < FEWEST:
            kind = "add"
        elif len(live) > MOST:
            kind = "delete"
        else:
            kind = rng.choice(("add", "edit", "delete"))
        if kind == "add":
            identifier = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            live.append(identifier)
        else:
            identifier = rng.choice(live)
            if kind == "delete":
                live.remove(identifier)
        yield kind, identifier, body


def apply(state: dict[str, str], operation: Operation) -> dict[str, str]:
    """The id -> body map after `operation`."""
    kind, identifier, body = operation
    result = dict(state)
    if kind == "delete":
        result.pop(identifier, None)
    else:
        result[identifier] = body
    return result


def run_child(database: Path, seed: int, out: int) -> None:
    """Run operations forever, writing `ack N` lines to the file descriptor `out`."""
    store = Store(database)
    existing = [annotation.id for annotation in store.annotations()]
    rng = random.Random(seed ^ 0x5EED)
    for done, (kind, identifier, body) in enumerate(operations(seed, existing), start=1):
        if kind == "add":
            start = rng.randrange(0, len(ARTICLE) - 40)
            note = make_annotation(
                ARTICLE, ARTICLE_HASH, Kind.NOTE, start, start + 20, body=body, id=identifier
            )
            store.put_annotation(note)
        elif kind == "edit":
            before = store.annotation(identifier)
            assert before is not None
            store.put_annotation(before.touched(body=body), base=before)
        else:
            store.delete_annotation(identifier)
        os.write(out, f"ack {done}\n".encode())


def stored_state(database: Path) -> dict[str, str]:
    """Open the database as a new instance would and return id -> body."""
    return {annotation.id: annotation.body for annotation in Store(database).annotations()}


@dataclass
class KillReport:
    """What the kills did: how many, how many saves were acknowledged, what went wrong."""

    kills: int = 0
    acknowledged: int = 0
    in_flight_saved: int = 0
    failures: list[str] = field(default_factory=list)


def kill_rounds(
    database: Path, rounds: int, max_delay: float, seed: int = 0, *, fork: bool = True
) -> KillReport:
    """Start a child, SIGKILL it a random delay after its first save, check; `rounds` times."""
    rng = random.Random(seed)
    report = KillReport()
    state = stored_state(database) if database.exists() else {}
    for round_number in range(rounds):
        child_seed = rng.getrandbits(32)
        delay = rng.uniform(0, max_delay)
        output = _run_and_kill(database, child_seed, delay, fork=fork)
        acknowledged = _acknowledged(output)
        series = operations(child_seed, list(state))
        expected = state
        for _ in range(acknowledged):
            expected = apply(expected, next(series))
        with_in_flight = apply(expected, next(series))
        try:
            found = stored_state(database)
        except Exception as error:  # any failure to reopen is what this test looks for
            report.failures.append(f"round {round_number}: cannot reopen: {error}")
            break
        if found == with_in_flight and found != expected:
            report.in_flight_saved += 1
        elif found != expected:
            lost = sorted(set(expected) - set(found))
            report.failures.append(
                f"round {round_number}: after {acknowledged} acknowledged saves the database "
                f"differs (missing {lost[:3]}, {len(found)} records, expected {len(expected)})"
            )
            break
        leftovers = list(database.parent.glob(f".{database.name}.*"))
        if leftovers:
            report.failures.append(f"round {round_number}: temporary files left: {leftovers}")
        report.kills += 1
        report.acknowledged += acknowledged
        state = found
    return report


def _run_and_kill(database: Path, seed: int, delay: float, *, fork: bool) -> bytes:
    if not fork:
        child = subprocess.Popen(
            [sys.executable, __file__, str(database), str(seed)], stdout=subprocess.PIPE
        )
        assert child.stdout is not None
        first = child.stdout.readline()
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        output, _ = child.communicate()
        return first + output
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into the parent's code
        try:
            os.close(read_end)
            run_child(database, seed, write_end)
        finally:
            os._exit(1)
    os.close(write_end)
    chunks = [_first_line(read_end)]
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    return b"".join(chunks)


def _first_line(read_end: int) -> bytes:
    """Wait for the child's first acknowledged save, so the kill lands while it saves.

    Timing the delay from the first save rather than from the start keeps the kills
    inside the save loop however slow the start or the disk of a busy machine.
    """
    seen = b""
    while b"\n" not in seen and (chunk := os.read(read_end, 64)):
        seen += chunk
    return seen


def _acknowledged(output: bytes) -> int:
    """The last complete `ack N` line (a line cut by the kill does not count)."""
    complete = output[: output.rfind(b"\n") + 1].split()
    return int(complete[-1]) if complete else 0


if __name__ == "__main__":
    run_child(Path(sys.argv[1]), int(sys.argv[2]), sys.stdout.fileno())
