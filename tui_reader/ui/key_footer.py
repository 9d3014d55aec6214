"""The footer of keys, rebuilt only when the keys it shows change.

Textual's `Footer` recomposes (removes and mounts a widget per key, then lays
the whole screen out again) every time the screen says its bindings may have
changed: twice per focus change, and whenever the reader's status keys are
asked about. Most of those calls change nothing it shows, yet each costs the
screen 100-350 ms on the shared 2-core machine; after a search the jump to the
match waited behind the two the search bar's closing caused. This footer
compares what it would show with what it shows and skips the rebuild when they
are the same.
"""

from __future__ import annotations

from textual.widgets import Footer


class KeyFooter(Footer):
    """A `Footer` that recomposes only when the keys shown, or how they look, change."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[object, ...] | None = None
        """What the last rebuild showed (see `_what_it_shows`); None before the first."""

    def _what_it_shows(self) -> tuple[object, ...]:
        """Everything `Footer.compose` reads: the bindings shown with their state and
        key display, the command palette's binding, and the footer's own settings."""
        app = self.app
        palette = app.COMMAND_PALETTE_BINDING
        keys = tuple(
            (binding, app.get_key_display(binding), enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )
        return (
            keys,
            self._bindings_ready,
            self.compact,
            self.show_command_palette,
            app.ENABLE_COMMAND_PALETTE,
        )

    async def recompose(self) -> None:
        if not self.is_attached or self._pruning:
            return  # as `Widget.recompose`: a refresh asked for just before its screen closed
        shown = self._what_it_shows()
        if shown == self._shown:
            return
        self._shown = shown
        await super().recompose()
