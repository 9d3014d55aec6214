"""Copy the snapshots the README shows to `docs/screenshots/` (run from anywhere:
`python tests/helpers/screenshots.py`, after updating the snapshots)."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
SNAPSHOTS = REPO / "tests" / "__snapshots__"
SCREENSHOTS = {
    "reader.svg": "test_screenshots/test_reader_with_the_side_panel.svg",
    "claims-tab.svg": "test_screenshots/test_claims_tab.svg",
    "claim-editor.svg": "test_claim_editor/test_the_editor_with_three_evidence_items[size1].svg",
    "library.svg": "test_screenshots/test_library.svg",
}
"""The README's image -> the snapshot it is (each at 120x40)."""


def main() -> None:
    target = REPO / "docs" / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    for name, snapshot in SCREENSHOTS.items():
        shutil.copyfile(SNAPSHOTS / snapshot, target / name)
        print(f"docs/screenshots/{name}")


if __name__ == "__main__":
    main()
