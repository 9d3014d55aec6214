"""How well the header reader finds headlines and agencies, on PolNeAR's real articles.

PolNeAR's `metadata.tsv` gives, for each of its articles (seven US outlets,
2015-2016), the title as published and the wire agency credited (`wire`: AP,
Reuters, AFP, UPI, or none). The texts start with the headline, and wire copy
with a dateline ("WASHINGTON (AP) —"), so both can be checked against what
`header.header_metadata` reads. The texts carry no bylines, dates or URLs.

A quarter of the articles (those whose name hashes to 0-3 in its first hex
digit) is kept as the held-out part. Run:

    python -m tui_reader.metadata.evaluate ../shared/eval/polnear-train
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from tui_reader.metadata.header import header_metadata

SPLITS = ("tuned", "held-out")
NO_WIRE = {"", "None", "NA"}
_NOT_WORD = re.compile(r"\W+")


@dataclass
class Scores:
    """Counts for one split: headlines (every article has one) and agencies."""

    articles: int = 0
    titles_found: int = 0
    titles_right: int = 0
    agencies_credited: int = 0
    agencies_found: int = 0
    agencies_right: int = 0

    def row(self, split: str) -> str:
        title_precision = _share(self.titles_right, self.titles_found)
        title_recall = _share(self.titles_right, self.articles)
        agency_precision = _share(self.agencies_right, self.agencies_found)
        agency_recall = _share(self.agencies_right, self.agencies_credited)
        return (
            f"| {split} ({self.articles}) | {title_precision:.3f} / {title_recall:.3f} "
            f"| {agency_precision:.3f} / {agency_recall:.3f} ({self.agencies_credited}) |"
        )


def split_of(name: str) -> str:
    """The split an article belongs to, fixed by its file name."""
    return "held-out" if hashlib.sha1(name.encode()).hexdigest()[0] in "0123" else "tuned"


def evaluate(directory: Path) -> dict[str, Scores]:
    """Scores per split on a PolNeAR directory (`metadata.tsv` and `text/NAME.txt`)."""
    scores = {split: Scores() for split in SPLITS}
    with (directory / "metadata.tsv").open(encoding="utf-8", newline="") as table:
        for row in csv.DictReader(table, delimiter="\t"):
            text = (directory / "text" / f"{row['filename']}.txt").read_text(encoding="utf-8")
            found = header_metadata(text)
            score = scores[split_of(row["filename"])]
            score.articles += 1
            if found.title:
                score.titles_found += 1
                score.titles_right += _same(found.title, row["title"])
            wire = row.get("wire", "") or ""
            credited = wire not in NO_WIRE
            score.agencies_credited += credited
            if found.outlet:
                score.agencies_found += 1
                score.agencies_right += credited and found.outlet.casefold() == wire.casefold()
    return scores


def _same(found: str, gold: str) -> bool:
    """Equal but for punctuation, case and spacing (the corpus ends titles with a period)."""
    return _NOT_WORD.sub(" ", found).strip().lower() == _NOT_WORD.sub(" ", gold).strip().lower()


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def main(arguments: list[str]) -> int:
    if len(arguments) != 1 or not (Path(arguments[0]) / "metadata.tsv").is_file():
        print("usage: python -m tui_reader.metadata.evaluate POLNEAR_DIR", file=sys.stderr)
        return 2
    scores = evaluate(Path(arguments[0]))
    print("| split (articles) | headline precision / recall | agency precision / recall |")
    print("|---|---|---|")
    for split in SPLITS:
        print(scores[split].row(split))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
