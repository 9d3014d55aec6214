"""The article view's keys: cursor motions, selection, annotation and search stops.

Each binding has an id, by which the user remaps it (config.toml's `[keymap]`) and
by which help lists it. The actions are the view's (`ArticleView.action_move`, …).
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

ARTICLE_BINDINGS: list[BindingType] = [
    Binding("left,h", "move('left')", "Left", show=False, id="cursor_left"),
    Binding("right,l", "move('right')", "Right", show=False, id="cursor_right"),
    Binding("up,k", "move('up')", "Up", show=False, id="cursor_up"),
    Binding("down,j", "move('down')", "Down", show=False, id="cursor_down"),
    Binding("w", "move('word_next')", "Next word", show=False, id="word_next"),
    Binding("b", "move('word_previous')", "Previous word", show=False, id="word_previous"),
    Binding(")", "move('sentence_next')", "Next sentence", show=False, id="sentence_next"),
    Binding(
        "(",
        "move('sentence_previous')",
        "Previous sentence",
        show=False,
        id="sentence_previous",
    ),
    Binding("}", "move('paragraph_next')", "Next paragraph", show=False, id="paragraph_next"),
    Binding(
        "{",
        "move('paragraph_previous')",
        "Previous paragraph",
        show=False,
        id="paragraph_previous",
    ),
    Binding("g,home", "move('top')", "Top", show=False, id="top"),
    Binding("G,end", "move('bottom')", "End", show=False, id="bottom"),
    Binding("pagedown", "move('page_down')", "Page down", show=False, id="page_down"),
    Binding("pageup", "move('page_up')", "Page up", show=False, id="page_up"),
    Binding("ctrl+d", "move('half_page_down')", "Half page down", show=False, id="half_page_down"),
    Binding("ctrl+u", "move('half_page_up')", "Half page up", show=False, id="half_page_up"),
    Binding("shift+left", "extend('left')", "Extend left", show=False, id="extend_left"),
    Binding("shift+right", "extend('right')", "Extend right", show=False, id="extend_right"),
    Binding("shift+up", "extend('up')", "Extend up", show=False, id="extend_up"),
    Binding("shift+down", "extend('down')", "Extend down", show=False, id="extend_down"),
    Binding("v", "toggle_visual", "Select", id="visual"),
    Binding("s", "select_sentence", "Sentence", id="select_sentence"),
    Binding("escape", "clear_selection", "Clear selection", show=False, id="clear_selection"),
    Binding("]", "next_annotation", "Next annotation", show=False, id="next_annotation"),
    Binding(
        "[",
        "previous_annotation",
        "Previous annotation",
        show=False,
        id="previous_annotation",
    ),
    Binding("n", "search_next", "Next match", show=False, id="search_next"),
    Binding("N", "search_previous", "Previous match", show=False, id="search_previous"),
]
"""Motions are `move(MOTION)`, `extend(MOTION)` with shift (see `ArticleView._target`)."""
