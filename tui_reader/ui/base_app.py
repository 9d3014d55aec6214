"""What every tui-reader app shares: hostile text shown literally, and a crash kept quiet.

Text (see `tui_reader.display`). Widgets are given `rich.text.Text` built by
`display_text`, never a markup string holding text of user or article origin.
What Textual would otherwise read as markup or write raw is covered here, once
for every screen:

- `notify` never reads its message as markup, and shows controls as pictures;
- the header's title and subtitle (the article's title and file name) too;
- a line filter makes every rendered segment displayable before it reaches the
  terminal, whatever widget drew it: the editable fields (`Input`, `TextArea`)
  show their value as it is, so a note holding an escape sequence is shown
  with ␛ while the note itself keeps its characters.

Crashes (see `tui_reader.crash`). Textual's handler of an unexpected exception
prints a traceback, with local variables (notes, article text), on the
terminal it restores. Here the app keeps the exception in `crash` and stops,
printing nothing: the command line saves or keeps the unsaved changes, logs
the traceback to a file and says where, in one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, TypeVar

from rich.cells import cell_len
from rich.segment import Segment
from textual.app import App
from textual.color import Color
from textual.content import Content
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.worker import WorkerFailed

from tui_reader.display import NOT_IN_A_ROW, displayable, displayable_cells
from tui_reader.metadata.fields import Origin

if TYPE_CHECKING:
    from tui_reader.session import ReadingSession

ReturnType = TypeVar("ReturnType")

HEADER_SIDES = 18
"""Cells of the header beside its title: Textual's icon (8) and the clock's room (10)."""


def headline(session: ReadingSession) -> str:
    """The title of the article in the header: the one the user set or the HTML page
    declares, else the one shown for its text (its first line as it is: the metadata's
    header lines drop the control characters the article view shows as pictures)."""
    metadata = session.metadata()
    if metadata.origins.get("title") in (Origin.SET, Origin.PAGE):
        return metadata.title
    return session.article.title


def header_titles(title: str, name: str, width: int) -> tuple[str, str]:
    """The header's title and subtitle for an article at a terminal `width` cells wide:
    its title, then its file's name when both fit (a name cut short tells nothing).

    A title that is only the file's name (no headline was found) is shown once.
    """
    if title in (name, PurePath(name).stem):
        return name, ""
    if cell_len(title) + len(" — ") + cell_len(name) > width - HEADER_SIDES:
        return title, ""
    return title, name


class DisplayableFilter(LineFilter):
    """Every rendered line with its characters made displayable, one cell each.

    A control character counts as no cell in Rich's widths and its picture as
    one, so a line holding some (only an editable field's can, every other
    text is displayable already) is cut back to the width it was laid out in.
    """

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(NOT_IN_A_ROW.search(s.text) for s in segments if not s.control):
            return segments
        width = Segment.get_line_length(segments)
        shown = [
            segment
            if segment.control
            else Segment(displayable_cells(segment.text), segment.style, None)
            for segment in segments
        ]
        return Segment.adjust_line_length(shown, width, pad=False)


class TuiReaderApp(App[ReturnType]):
    """An app whose text is shown literally and whose crash is left to `tui_reader.crash`."""

    def __init__(self) -> None:
        super().__init__()
        self._displayable_filter = DisplayableFilter()
        self.crash: Exception | None = None
        """The unexpected exception that stopped the app, for the crash report."""

    def _handle_exception(self, error: Exception) -> None:
        """Keep the first unexpected exception and stop, without a traceback on screen.

        Textual's handler (8.2.8) exits and queues the traceback it prints after
        restoring the terminal; the queue is emptied here. Under `run_test` the
        exception is still raised at the end, so tests see it. A worker's
        exception arrives wrapped in `WorkerFailed`: the report names the error itself.
        """
        if self.crash is None:
            cause = error.error if isinstance(error, WorkerFailed) else error
            self.crash = cause if isinstance(cause, Exception) else error
        super()._handle_exception(error)
        self._exit_renderables.clear()

    def get_line_filters(self) -> Sequence[LineFilter]:
        return [*super().get_line_filters(), self._displayable_filter]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A notification, its message and title shown literally (`markup` is ignored).

        Messages name files, quote search queries and passages: never markup.
        """
        super().notify(
            displayable(message),
            title=displayable(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header: the article's title and file name, shown literally."""
        return super().format_title(displayable(title), displayable(sub_title))
