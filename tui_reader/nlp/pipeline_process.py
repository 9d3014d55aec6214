"""The entity pipeline in a child process of its own, its updates streamed back.

spaCy holds the interpreter's lock (the GIL) for most of the time it reads, so in
a thread of the reader every key pressed while it read a 10 MB article waited for
it: the 90th percentile of key latency was 2.3 times that of the same key with no
recogniser. In a process of its own it shares no lock with the reader, only pipes.
(The reader runs it for spaCy, and for the rules on a big article, which they
read for seconds; the visible paragraphs are read by the rules in the reader's
own process meanwhile, see `visible_here`.)

- the parent starts `python -m tui_reader.nlp.pipeline_process` and writes the
  request and the article's text, in pieces, to its standard input;
- the child runs `pipeline.entity_updates` exactly as a thread would, so the
  updates come in the same order (the visible paragraphs first, the rules before
  spaCy, each stage cached when complete), and writes each one to its standard
  output, its entities packed as arrays (unpickling 300,000 `Entity` objects took
  2 s; the arrays are read in a tenth of that);
- the parent stops the child by closing the child's standard input: the child
  stops between two paragraphs, as the thread did when cancelled. It also stops
  when the parent dies (the pipe closes then too), so no orphan keeps reading;
- the child runs at a lower priority (`NICENESS`), so that on a busy machine
  the reader's keys still get the processor first;
- the child's error output goes to a temporary file, never to the terminal the
  reader draws on, and its last lines tell what went wrong if it fails.

A plain subprocess rather than `multiprocessing`: spawning one from inside a
running Textual app fails, because the app replaces `sys.stderr` with an object
whose file descriptor is -1, which `multiprocessing` passes on to its helper.

Messages on both pipes are frames: an 8-byte little-endian length, then a pickle
(or a piece of UTF-8 text). A thread of the parent reads the frames as they come,
so the consumer (a worker of the reader screen) can wait for the next update and
still notice, every `POLL_SECONDS`, that it was cancelled.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import queue
import struct
import subprocess
import sys
import tempfile
import threading
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

from tui_reader.document import Article
from tui_reader.nlp.entities import Entity, recognize_spans
from tui_reader.nlp.pipeline import EntityUpdate, entity_updates

TEXT_PIECE = 1 << 20
"""Characters of the article sent at a time (each encoded on its own, so the parent
never holds the interpreter's lock for the whole text's encoding)."""
POLL_SECONDS = 0.1
"""How often the parent asks whether it was cancelled while it waits for the child."""
STOP_SECONDS = 1.0
"""How long a child asked to stop may take before it is terminated."""
NICENESS = 10
"""How much lower the child's scheduling priority is than the reader's: on a busy
machine the reader's keys get the processor before spaCy does."""
_LENGTH = struct.Struct("<Q")


class EntityProcessError(RuntimeError):
    """The child process failed (the message says how), or ended without a word."""


@dataclass(frozen=True)
class Request:
    """What the child is asked to do; the text follows as `pieces` frames."""

    backend: str
    name: str
    visible: tuple[int, int]
    """The visible paragraphs, as range(start, stop)."""
    pieces: int


@dataclass(frozen=True)
class PackedUpdate:
    """An `EntityUpdate` as sent: its entities as arrays of starts, ends and label numbers."""

    covering: tuple[int, int] | None
    backend: str
    progress: float
    final: bool
    labels: list[str] | None
    """The labels the numbers stand for; None for an update that only reports progress."""
    starts: array[int]
    ends: array[int]
    numbers: array[int]


@dataclass(frozen=True)
class Done:
    """The child read the whole article: nothing more is coming."""


@dataclass(frozen=True)
class Failed:
    """The child could not go on."""

    reason: str


def entity_updates_in_process(
    article: Article,
    backend: str,
    visible: range,
    cancelled: Callable[[], bool] = lambda: False,
    *,
    visible_here: str | None = None,
) -> Iterator[EntityUpdate]:
    """The article's `EntityUpdate`s for `backend`, computed in a child process.

    The same updates as `pipeline.entity_updates` with that backend's recogniser
    (built in the child, with the personal gazetteer). With `visible_here` (a fast
    backend: the rules), the visible paragraphs are read by it in this process
    first, while the child starts: their entities show as soon as a thread would
    show them, some 0.2 s before the child's. Stops, and stops the child, when
    `cancelled()` becomes true or the iterator is closed.
    """
    text = article.text
    pieces = range(0, len(text), TEXT_PIECE)
    request = Request(backend, article.name, (visible.start, visible.stop), len(pieces))
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(
            [sys.executable, "-m", __name__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
        )
        assert child.stdin is not None and child.stdout is not None
        frames: queue.Queue[bytes | None] = queue.Queue()
        reader = threading.Thread(target=_read_frames, args=(child.stdout, frames), daemon=True)
        reader.start()
        try:
            if visible_here is not None and visible:
                yield _visible_update(article, visible_here, visible)
            try:
                _write_frame(child.stdin, pickle.dumps(request))
                for start in pieces:
                    if cancelled():
                        return
                    piece = text[start : start + TEXT_PIECE].encode("utf-8", "surrogatepass")
                    _write_frame(child.stdin, piece)
            except BrokenPipeError:
                pass  # the child ended: what it said is read below
            while not cancelled():
                try:
                    frame = frames.get(timeout=POLL_SECONDS)
                except queue.Empty:
                    continue
                message = pickle.loads(frame) if frame is not None else None
                if isinstance(message, PackedUpdate):
                    yield _unpack(message)
                elif isinstance(message, Failed):
                    raise EntityProcessError(f"entity recognition failed: {message.reason}")
                elif isinstance(message, Done):
                    return
                else:
                    raise EntityProcessError(_ended_unexpectedly(child, errors))
        finally:
            _stop(child)
            reader.join(STOP_SECONDS)


def _visible_update(article: Article, backend: str, visible: range) -> EntityUpdate:
    """The visible paragraphs' entities by `backend`, as the pipeline's first update."""
    from tui_reader.nlp.backends import get_recognizer

    recognizer = get_recognizer(backend)
    assert recognizer is not None
    shown = [article.paragraphs[index] for index in visible]
    entities = recognize_spans(recognizer, article, shown)
    return EntityUpdate(entities, (shown[0][0], shown[-1][1]), recognizer.name, 0.0, False)


def _read_frames(stream: IO[bytes], frames: queue.Queue[bytes | None]) -> None:
    """Put every frame from `stream` on the queue, then None when it ends."""
    with contextlib.suppress(OSError, ValueError):
        while (frame := _read_frame(stream)) is not None:
            frames.put(frame)
    frames.put(None)


def _stop(child: subprocess.Popen[bytes]) -> None:
    """Close the child's input (it stops at its next paragraph), then make sure it ends."""
    assert child.stdin is not None
    with contextlib.suppress(OSError):
        child.stdin.close()
    try:
        child.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        child.terminate()
        try:
            child.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _ended_unexpectedly(child: subprocess.Popen[bytes], errors: IO[bytes]) -> str:
    """What to say when the child ended without a word: its exit code, its last error line."""
    try:
        code = child.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        code = None
    errors.seek(0)
    lines = errors.read().decode("utf-8", "replace").strip().splitlines()
    said = f": {lines[-1]}" if lines else ""
    return f"the entity process ended unexpectedly (exit code {code}){said}"


# Frames -----------------------------------------------------------------------------------


def _write_frame(stream: IO[bytes], payload: bytes) -> None:
    stream.write(_LENGTH.pack(len(payload)))
    stream.write(payload)
    stream.flush()


def _read_frame(stream: IO[bytes]) -> bytes | None:
    """The next frame's payload, or None at the end of the stream."""
    header = _read_exactly(stream, _LENGTH.size)
    if header is None:
        return None
    payload = _read_exactly(stream, _LENGTH.unpack(header)[0])
    if payload is None:
        raise EOFError("the stream ended inside a frame")
    return payload


def _read_exactly(stream: IO[bytes], size: int) -> bytes | None:
    parts: list[bytes] = []
    missing = size
    while missing:
        part = stream.read(missing)
        if not part:
            return None
        parts.append(part)
        missing -= len(part)
    return b"".join(parts)


# Updates on the wire ------------------------------------------------------------------------


def _pack(update: EntityUpdate) -> bytes:
    entities = update.entities or []
    labels = sorted({entity.label for entity in entities})
    number = {label: index for index, label in enumerate(labels)}
    packed = PackedUpdate(
        update.covering,
        update.backend,
        update.progress,
        update.final,
        labels if update.entities is not None else None,
        array("q", [entity.start for entity in entities]),
        array("q", [entity.end for entity in entities]),
        array("H", [number[entity.label] for entity in entities]),
    )
    return pickle.dumps(packed, protocol=pickle.HIGHEST_PROTOCOL)


def _unpack(packed: PackedUpdate) -> EntityUpdate:
    entities = None
    if packed.labels is not None:
        labels = packed.labels
        with _collector_paused():
            entities = [
                Entity(start, end, labels[number])
                for start, end, number in zip(
                    packed.starts, packed.ends, packed.numbers, strict=True
                )
            ]
    return EntityUpdate(entities, packed.covering, packed.backend, packed.progress, packed.final)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No garbage collection while the entities are built: the 1.5 million of a 50 MB
    article set off full collections over the reader's whole heap, which doubled the
    time (1.5 -> 3.1 s) and held every key up while they ran. None of them is garbage."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# The child --------------------------------------------------------------------------------


def _child_main() -> int:
    """Read the request and the article, run the pipeline, write every update.

    Standard output carries the frames; anything else printed there (by a
    library) is sent to the error output instead, which the parent keeps in a
    file. A thread watches standard input: once the parent closes it, the
    pipeline stops at its next paragraph.
    """
    channel = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    if hasattr(os, "nice"):
        os.nice(NICENESS)
    commands = sys.stdin.buffer
    request = _read_frame(commands)
    if request is None:
        return 0  # the parent gave up before asking
    asked: Request = pickle.loads(request)
    pieces = [_read_frame(commands) or b"" for _ in range(asked.pieces)]
    text = "".join(piece.decode("utf-8", "surrogatepass") for piece in pieces)
    del pieces
    stop = threading.Event()
    threading.Thread(target=_wait_for_stop, args=(commands, stop), daemon=True).start()
    message: Done | Failed = Done()
    try:
        from tui_reader.nlp.backends import get_recognizer

        recognizer = get_recognizer(asked.backend)
        if recognizer is None:
            raise ValueError(f"no recogniser for {asked.backend!r}")
        article = Article(text=text, name=asked.name)
        visible = range(*asked.visible)
        for update in entity_updates(article, recognizer, visible, None, stop.is_set):
            _write_frame(channel, _pack(update))
    except BrokenPipeError:
        return 0  # the parent stopped listening
    except Exception as error:  # every failure is told to the parent, none printed
        message = Failed(f"{type(error).__name__}: {error}")
    if not stop.is_set():
        with contextlib.suppress(BrokenPipeError):
            _write_frame(channel, pickle.dumps(message))
    return 0


def _wait_for_stop(commands: IO[bytes], stop: threading.Event) -> None:
    """Set `stop` once the parent closes the child's input (or writes anything more)."""
    with contextlib.suppress(OSError, ValueError):
        commands.read(1)
    stop.set()


if __name__ == "__main__":
    # Run as the module of its own name, so that what it pickles names that module,
    # as the parent's pickles do (not "__main__").
    from tui_reader.nlp import pipeline_process

    sys.exit(pipeline_process._child_main())
