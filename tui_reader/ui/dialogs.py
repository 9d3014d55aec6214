"""Modal dialogs for writing annotations: note, tags, claim, entity type, export.

Each dialog returns its result through `dismiss` (None when cancelled) and knows
nothing of the database: the screen that opened it turns the result into a
change of the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    OptionList,
    Select,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from tui_reader.display import display_text, quoted
from tui_reader.export_choices import export_target
from tui_reader.model import ENTITY_LABELS

QUOTE_PREVIEW = 140


class DialogBase(ModalScreen[Any]):
    """Shared frame: a title, the quoted passage, and escape to cancel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog_cancel"),
    ]

    def __init__(self, title: str, passage: str) -> None:
        super().__init__()
        self.dialog_title = title
        self.passage = passage

    def compose_header(self) -> ComposeResult:
        yield Label(self.dialog_title, classes="dialog-title")
        if self.passage:
            yield Static(display_text(quoted(self.passage, QUOTE_PREVIEW)), classes="dialog-quote")

    def action_cancel(self) -> None:
        self.dismiss(None)


class DiscardDialog(DialogBase):
    """Asks before typed text is thrown away: `y` discards it, `n` or `escape` keeps editing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "discard", "Discard what was typed", id="dialog_discard"),
        Binding("n", "cancel", "Keep editing", id="dialog_keep_editing"),
    ]

    def __init__(self, what: str) -> None:
        super().__init__(f"Discard this {what}?", "")
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog discard-dialog"):
            yield from self.compose_header()
            yield Static(
                f"What you typed in the {self.what} is lost.  y discards · n keeps editing",
                classes="dialog-hint",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Discard", variant="error", id="discard")
                yield Button("Keep editing", variant="primary", id="keep")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "discard":
            self.action_discard()
        else:
            self.action_cancel()

    def action_discard(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class NoteDialog(DialogBase):
    """A multi-line note: `ctrl+s` or Save saves, `escape` cancels (asking first when the
    text was changed, so a stray key does not throw a note away)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save (a note or a claim)", id="dialog_save"),
    ]

    def __init__(self, passage: str, body: str = "", title: str = "Note") -> None:
        super().__init__(title, passage)
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield from self.compose_header()
            yield TextArea(self.body, id="note-body", soft_wrap=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        if self.query_one(TextArea).text == self.body:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)
            else:
                self.query_one(TextArea).focus()

        self.app.push_screen(DiscardDialog("note"), answered)


class TagSuggester(Suggester):
    """Completes the tag being typed (after the last comma) from tags used before."""

    def __init__(self, known: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.known = known

    async def get_suggestion(self, value: str) -> str | None:
        head, _, current = value.rpartition(",")
        typed = current.lstrip()
        if not typed:
            return None
        already = {tag.strip().lower() for tag in head.split(",")}
        for tag in self.known:
            if tag.lower().startswith(typed.lower()) and tag.lower() not in already:
                prefix = value[: len(value) - len(typed)]
                return prefix + tag
        return None


def parse_tags(value: str) -> list[str]:
    """Comma-separated tags, trimmed, without empties or repeats (first spelling kept)."""
    tags: list[str] = []
    seen: set[str] = set()
    for part in value.split(","):
        tag = " ".join(part.split())
        if tag and tag.lower() not in seen:
            seen.add(tag.lower())
            tags.append(tag)
    return tags


class TagDialog(DialogBase):
    """Comma-separated tags with suggestions from earlier ones; `enter` saves."""

    def __init__(self, passage: str, tags: list[str], known: list[str]) -> None:
        super().__init__("Tags", passage)
        self.tags = tags
        self.known = known

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield from self.compose_header()
            yield Input(
                ", ".join(self.tags),
                placeholder="comma, separated, tags",
                suggester=TagSuggester(self.known),
                id="tags-input",
            )
            yield Static(self._used_before(), classes="dialog-hint", id="tags-known")

    def _used_before(self) -> Text:
        if not self.known:
            return Text("")
        return display_text("Used before: " + ", ".join(self.known[:12]) + "  (→ completes)")

    def suggest(self, known: list[str]) -> None:
        """The tags used before, found once the dialog is open (see `TagsKnown`).

        They may arrive before the dialog is composed (which then shows them) or
        after it closed (nothing is left to show them in).
        """
        self.known = known
        for field in self.query(Input):
            field.suggester = TagSuggester(known)
        for hint in self.query("#tags-known").results(Static):
            hint.update(self._used_before())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(parse_tags(event.value))


NOT_AN_ENTITY = "not-an-entity"


@dataclass(frozen=True)
class EntityChoice:
    """What the entity dialog returns: the type ("" = not an entity) and where it applies."""

    label: str
    everywhere: bool
    """Every occurrence of the same words in this article, not only this one."""
    always: bool
    """Every article from now on (the personal gazetteer)."""


class EntityDialog(DialogBase):
    """Pick an entity type for the passage (or say it is not an entity); `enter` picks.

    Two switches widen the correction: to every occurrence in this article, and
    to every article (saved in the personal gazetteer).
    """

    def __init__(self, passage: str, current: str = "", everywhere: bool = False) -> None:
        super().__init__("Entity type", passage)
        self.current = current
        self.everywhere = everywhere

    def compose(self) -> ComposeResult:
        options = [
            Option(f"{label:<12} {description}", id=label)
            for label, description in ENTITY_LABELS.items()
        ]
        options.append(Option("(not an entity: remove the highlight)", id=NOT_AN_ENTITY))
        with Vertical(classes="dialog"):
            yield from self.compose_header()
            yield OptionList(*options, id="entity-types")
            yield Checkbox(
                "every occurrence in this article", self.everywhere, id="entity-everywhere"
            )
            yield Checkbox("always, in every article (personal gazetteer)", id="entity-always")
            yield Static(
                "enter picks · tab reaches the switches (space toggles)", classes="dialog-hint"
            )

    def on_mount(self) -> None:
        types = self.query_one(OptionList)
        types.focus()
        if self.current in ENTITY_LABELS:
            types.highlighted = types.get_option_index(self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        chosen = event.option.id or ""
        self.dismiss(
            EntityChoice(
                label="" if chosen == NOT_AN_ENTITY else chosen,
                everywhere=self.query_one("#entity-everywhere", Checkbox).value,
                always=self.query_one("#entity-always", Checkbox).value,
            )
        )


@dataclass(frozen=True)
class ExportForm:
    fmt: str
    path: str


class ExportDialog(DialogBase):
    """Choose a format and a file; `enter` in the path field exports.

    The path shown is the full one (a relative name is taken from `base`, the
    article's folder); a file that exists is replaced only after a second `enter`
    on the same path, the dialog saying so first.
    """

    def __init__(
        self,
        formats: list[str],
        default_paths: dict[str, str],
        fmt: str | None = None,
        base: Path | None = None,
    ) -> None:
        super().__init__("Export", "")
        self.base = base or Path.cwd()
        self.formats = formats
        self.default_paths = default_paths
        self.first_format = fmt if fmt in formats else formats[0]
        self._confirmed_path: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield from self.compose_header()
            yield Label("Format")
            yield Select(
                [(fmt, fmt) for fmt in self.formats],
                value=self.first_format,
                allow_blank=False,
                id="export-format",
            )
            yield Label("File")
            yield Input(self.default_paths[self.first_format], id="export-path")
            yield Static("enter exports · escape cancels", classes="dialog-hint", id="export-hint")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.query_one("#export-path", Input).value = self.default_paths[str(event.value)]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        from tui_reader.export import format_of_filename

        typed = event.value.strip()  # "report.csv" exports csv, whatever the list says
        if not typed:
            return
        fmt = format_of_filename(typed) or str(self.query_one("#export-format", Select).value)
        target = export_target(typed, self.base)
        if target.exists() and self._confirmed_path != target:
            self._confirmed_path = target
            hint = display_text(f"{target} exists: enter again replaces it · escape cancels")
            self.query_one("#export-hint", Static).update(hint)
            return
        self.dismiss(ExportForm(fmt=fmt, path=typed))
