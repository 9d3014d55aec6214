"""The header reader on real news it was not written on: PolNeAR's 840 articles.

Skipped without `../shared` (a fresh clone); `.ci/run` has it. The figures are in the
README (`python -m tui_reader.metadata.evaluate ../shared/eval/polnear-train`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_reader.metadata.evaluate import SPLITS, evaluate, main

POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "polnear-train"


@pytest.mark.skipif(not (POLNEAR / "metadata.tsv").exists(), reason="needs ../shared/eval")
def test_headlines_and_agencies_on_polnear(capsys: pytest.CaptureFixture[str]) -> None:
    scores = evaluate(POLNEAR)

    assert sum(scores[split].articles for split in SPLITS) == 840
    for split in SPLITS:
        score = scores[split]
        assert score.titles_right >= 0.99 * score.titles_found  # precision
        assert score.titles_right >= 0.97 * score.articles  # recall
        assert score.agencies_right == score.agencies_found  # no agency ever wrong
        assert score.agencies_right >= 0.85 * score.agencies_credited
    assert main([str(POLNEAR)]) == 0
    assert "| held-out (226) |" in capsys.readouterr().out


def test_the_evaluation_needs_a_polnear_directory(tmp_path: Path) -> None:
    assert main([str(tmp_path)]) == 2
