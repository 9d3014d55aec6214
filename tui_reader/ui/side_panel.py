"""The side panel: the article's notes, entities and claims, in three tabs.

The lists hold no state of their own: the screen hands them the session's
annotations and entities, and they post messages (jump, edit, delete) that the
screen acts on. Option ids are annotation ids, so the panel can follow the
cursor by highlighting the annotation under it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from tui_reader.claim_workbench import ClaimWorkbench
from tui_reader.display import display_assemble
from tui_reader.model import Annotation, Kind
from tui_reader.nlp.entities import Entity
from tui_reader.nlp.labels import SOURCE_LABELS
from tui_reader.nlp.short_names import short_source_name
from tui_reader.store import Conflict
from tui_reader.ui import messages
from tui_reader.ui.annotation_list import AnnotationList
from tui_reader.ui.article_view import ENTITY_GROUPS, GROUP_OF_LABEL
from tui_reader.ui.claims_panel import ClaimList
from tui_reader.ui.following import follow_cursor
from tui_reader.ui.panel_list import PanelList


class SourceNames:
    """A claim's source -> its short name (`nlp/short_names.py`), with the article's
    entities once known; remembered per source, since every row is rebuilt often."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.entities: tuple[Entity, ...] = ()
        self._names: dict[str, str] = {}

    def learn(self, entities: Sequence[Entity]) -> bool:
        """Take the entities now shown; says whether names may have changed."""
        people = tuple(e for e in entities if e.label in SOURCE_LABELS)
        if len(people) == len(self.entities):
            return False
        self.entities, self._names = people, {}
        return True

    def __call__(self, source: str) -> str:
        if source not in self._names:
            self._names[source] = short_source_name(source, self.text, self.entities)
        return self._names[source]


class EntityList(PanelList):
    """Unique entities grouped by type with counts, then the passages said not to be
    entities (label "", listed so that a correction stays visible somewhere).

    `enter` jumps through an entity's occurrences; `e` retypes it everywhere in
    the article (or always), or gives a "not an entity" passage a type again; `d`
    says it is not an entity, `space` hides or shows its type's colour in the text.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "retype", "Change type", id="entity_retype"),
        Binding("d", "remove", "Not an entity", id="entity_remove"),
        Binding("space", "toggle_group", "Hide/show type", id="entity_toggle_group"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._shown: tuple[list[Entity], str, dict[str, Style], set[str]] = ([], "", {}, set())

    def show(
        self, entities: list[Entity], text: str, styles: dict[str, Style], hidden: set[str]
    ) -> None:
        self._shown = (entities, text, styles, hidden)
        self.rebuild()

    def rebuild(self) -> None:
        """By type, each name once with its count; the filter's words are looked for in
        the name and the type (`status:` matches the type: `status:org`)."""
        entities, text, styles, hidden = self._shown
        counts: Counter[tuple[str, str]] = Counter(
            (entity.label, " ".join(entity.text_in(text).split())) for entity in entities
        )
        if self.list_filter:
            counts = Counter(
                {
                    (label, name): count
                    for (label, name), count in counts.items()
                    if self.list_filter.matches(f"{name} {label}", (), [label or "not an entity"])
                }
            )
        by_label: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for (label, name), count in counts.items():
            by_label[label].append((name, count))
        options: list[Option | None] = []
        for label in sorted(
            by_label, key=lambda label: (not label, -sum(c for _, c in by_label[label]))
        ):
            names = sorted(by_label[label], key=lambda item: (-item[1], item[0].lower()))
            total = sum(count for _, count in names)
            group = GROUP_OF_LABEL.get(label, "misc")
            hidden_note = "  hidden" if group in hidden and label else ""
            title = f"{label} ({total})" if label else f"Not entities ({total}): u undoes"
            header = display_assemble((title, "bold"), (hidden_note, "italic"))
            if options:
                options.append(None)
            options.append(Option(header, id=f"label:{label}", disabled=True))
            for name, count in names:
                swatch = ("  ■ ", styles.get(group, "")) if label else ("  ✗ ", "")
                prompt = display_assemble(swatch, name, (f"  ×{count}", "italic"))
                options.append(Option(prompt, id=f"entity:{label}:{name}"))
        highlighted = self.highlighted
        highlighted_id = (
            self.get_option_at_index(highlighted).id if highlighted is not None else None
        )
        self.clear_options()
        shown = sum(counts.values())
        self.add_filter_heading(shown, len(entities))
        self.add_options(options)
        self.keep_highlight(highlighted_id)

    def highlight_entity(self, label: str, name: str) -> bool:
        """Highlight an entity's row if it is listed; says whether it was."""
        return self.keep_highlight(f"entity:{label}:{name}")

    def _highlighted_entity(self) -> tuple[str, str] | None:
        if self.highlighted is None:
            return None
        option_id = self.get_option_at_index(self.highlighted).id or ""
        if not option_id.startswith("entity:"):
            return None
        _, label, name = option_id.split(":", 2)
        return label, name

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entity = self._highlighted_entity()
        if entity is not None:
            self.post_message(messages.JumpToEntity(*entity))

    def action_retype(self) -> None:
        if entity := self._highlighted_entity():
            self.post_message(messages.RetypeEntity(*entity))

    def action_remove(self) -> None:
        entity = self._highlighted_entity()
        if entity and entity[0]:  # "not an entity" already: `e` gives it a type again
            self.post_message(messages.RemoveEntity(*entity))

    def action_toggle_group(self) -> None:
        entity = self._highlighted_entity()
        if entity and entity[0]:
            self.post_message(messages.ToggleEntityGroup(GROUP_OF_LABEL.get(entity[0], "misc")))


class Legend(Static):
    """The entity colours, one swatch per group, shown in the colours the text uses."""

    def show(self, styles: dict[str, Style], hidden: set[str]) -> None:
        legend = Text()
        for group, labels in ENTITY_GROUPS.items():
            swatch = "□ " if group in hidden else "■ "
            legend.append(swatch, style=styles.get(group, ""))
            legend.append(f"{group} ", style="bold")
            legend.append(f"({', '.join(labels)})\n", style="dim")
        self.update(legend)


class FilterInput(Input):
    """Where `/` in a list lets the user type its filter; escape clears it.

    Its escape is the list's (`PanelList`) in another widget: one binding id,
    so one remap moves both, and one row in the help.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear", "Clear filter", id="list_clear_filter"),
    ]

    def action_clear(self) -> None:
        self.value = ""
        self.post_message(self.Submitted(self, ""))


class SidePanel(Vertical):
    """Tabs Notes / Entities / Claims over the lists, and the lists' filter field."""

    entity_styles: dict[str, Style]
    """Group -> the style the article uses for it, set by the screen once styles are known."""

    def __init__(self, workbench: ClaimWorkbench, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.workbench = workbench
        self.entity_styles = {}
        self._filtering: PanelList | None = None
        """The list whose filter the filter field is typing."""
        self._short_names = SourceNames(workbench.article.text)

    def compose(self) -> ComposeResult:
        with TabbedContent(id="panel-tabs"):
            with TabPane("Notes", id="notes-tab"):
                yield AnnotationList(id="notes-list")
            with TabPane("Entities", id="entities-tab"):
                yield Legend(id="legend")
                yield EntityList(id="entities-list")
            with TabPane("Claims", id="claims-tab"):
                yield ClaimList(self.workbench, id="claims-list")
        yield FilterInput(placeholder="status:false  #tag  words", id="panel-filter")

    def on_mount(self) -> None:
        for annotation_list in self.query(AnnotationList):
            annotation_list.short_name = self._short_names

    @on(messages.OpenListFilter)
    def _open_filter(self, message: messages.OpenListFilter) -> None:
        message.stop()
        self._filtering = self.query_one(f"#{message.list_id}", PanelList)
        field = self.query_one(FilterInput)
        field.value = message.query
        field.display = True
        field.focus()

    @on(Input.Changed, "#panel-filter")
    def _filter_typed(self, event: Input.Changed) -> None:
        event.stop()
        if self._filtering is not None:
            self._filtering.set_filter(event.value)

    @on(Input.Submitted, "#panel-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(FilterInput).display = False
        if self._filtering is not None:
            self._filtering.set_filter(event.value)
            self._filtering.focus()

    @property
    def claims(self) -> ClaimList:
        return self.query_one(ClaimList)

    @property
    def entity_list(self) -> EntityList:
        return self.query_one(EntityList)

    def show_annotations(
        self, annotations: list[Annotation], conflicts: Sequence[Conflict] = ()
    ) -> None:
        """Conflicts, notes and tags in the Notes tab (claims: `claims.show_workbench`;
        entity corrections are shown in the Entities tab)."""
        notes = [a for a in annotations if a.kind in (Kind.NOTE, Kind.TAG)]
        self.query_one("#notes-list", AnnotationList).show(notes, conflicts)
        tabs = self.query_one(TabbedContent)
        tabs.get_tab("notes-tab").label = f"Notes {len(notes)}"
        claims = sum(1 for a in annotations if a.kind is Kind.CLAIM)
        tabs.get_tab("claims-tab").label = f"Claims {claims}"

    def show_entities(
        self,
        entities: list[Entity],
        text: str,
        hidden: set[str],
        not_entities: Sequence[Entity] = (),
    ) -> None:
        """The entities by type; last, the passages corrected to "not an entity"."""
        self.query_one(Legend).show(self.entity_styles, hidden)
        if self._short_names.learn(entities):  # sources may now have a person's name
            self.claims.show_workbench()
        self.query_one(EntityList).show(
            [*entities, *not_entities], text, self.entity_styles, hidden
        )
        unique = len({(e.label, e.text_in(text)) for e in entities})
        self.query_one(TabbedContent).get_tab("entities-tab").label = f"Entities {unique}"

    def follow(
        self, annotations_here: list[Annotation], entity_here: tuple[str, str] | None
    ) -> None:
        """Highlight what is under the cursor in the tab shown, never switching tabs: the
        reader chose it (see `follow_cursor`)."""
        follow_cursor(self, annotations_here, entity_here)

    def focus_list(self, tab: str) -> None:
        """Focus the list of `tab`, its first row highlighted if none was (once the tab is
        shown: a hidden list cannot take the focus)."""
        annotation_list = self.query_one(TabbedContent).get_pane(tab).query_one(OptionList)

        def focus() -> None:
            annotation_list.focus()
            if annotation_list.highlighted is None and annotation_list.option_count:
                annotation_list.action_first()

        self.call_after_refresh(focus)

    def active_list(self) -> OptionList:
        tabs = self.query_one(TabbedContent)
        pane = tabs.get_pane(tabs.active)
        return pane.query_one(OptionList)
