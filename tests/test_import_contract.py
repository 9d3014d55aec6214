"""The layers' import rules, read from the source (imports inside functions count too).

The core (everything but `ui/` and the command line that launches it) never
imports Textual, so the CLI and the tests use it without a terminal; the
recognisers and claim finder (`nlp/`) never reach into the notes database, the
reading session or the UI, so they stay usable on any text.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tui_reader"

FORBIDDEN: dict[str, tuple[str, ...]] = {
    "": ("textual", "tui_reader.ui"),
    "nlp": (
        "textual",
        "tui_reader.ui",
        "tui_reader.store",
        "tui_reader.session",
        "tui_reader.library",
        "tui_reader.workbench",
    ),
    "export": ("textual", "tui_reader.ui"),
    "store": ("textual", "tui_reader.ui", "tui_reader.nlp", "tui_reader.export"),
}
"""Layer (a folder of tui_reader, "" for the top-level modules) -> modules it may not import."""

ALLOWED_TO_LAUNCH_THE_UI = {"cli.py"}
"""The command line starts the app, so it may import `tui_reader.ui` (inside a function)."""


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _layer_files(layer: str) -> list[Path]:
    if layer:
        return sorted((PACKAGE / layer).rglob("*.py"))
    return sorted(PACKAGE.glob("*.py"))


def _is_within(module: str, forbidden: str) -> bool:
    return module == forbidden or module.startswith(forbidden + ".")


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_what_it_may(layer: str) -> None:
    files = _layer_files(layer)
    assert files, f"no modules found in {layer or 'tui_reader'}"
    breaches = []
    for path in files:
        for line, module in _imported_modules(path):
            for forbidden in FORBIDDEN[layer]:
                launch = path.name in ALLOWED_TO_LAUNCH_THE_UI and not layer
                if _is_within(module, forbidden) and not (launch and forbidden != "textual"):
                    breaches.append(f"{path.relative_to(PACKAGE)}:{line} imports {module}")
    assert breaches == []


def test_the_rules_catch_a_breach(tmp_path: Path) -> None:
    """The reader of imports sees a Textual import hidden inside a function."""
    module = tmp_path / "sneaky.py"
    module.write_text("def f():\n    from textual.app import App\n    return App\n")
    assert (2, "textual.app") in _imported_modules(module)
