"""Invented news articles of any size, for the benchmarks.

The text is assembled from sentence templates written for this suite, filled
with invented people, organisations and places plus real countries and cities,
dates, numbers, money and percentages, so that the entity recognisers find about
as much in it as in real news copy (some 30,000 entities per megabyte). Like
most wire copy it has a headline, a byline, a dateline, and one paragraph per
line with a blank line between paragraphs. A seeded generator makes every run
read the same text.
"""

from __future__ import annotations

import html
import random
from pathlib import Path


def _words(text: str) -> tuple[str, ...]:
    """Words written as one string, which keeps long word lists short."""
    return tuple(text.split())


FIRST_NAMES = _words(
    "Amara Tobias Ingrid Rafael Nadia Kwame Elena Joaquin Priya Marcus Leila Stefan Yusuf "
    "Helena Dmitri Aisha Bruno Freya Omar Camille Tariq Sofia Anders Mireille Kofi"
)
SURNAMES = _words(
    "Okafor Lindqvist Moreau Castellanos Haddad Brennan Vasquez Kowalski Nakamura Achebe "
    "Ferreira Halvorsen Osei Delacroix Petrov Mbeki Gallagher Rinaldi Sorensen Abiodun Whitcombe"
)
TITLES = (
    "Finance Minister",
    "President",
    "chief executive",
    "spokeswoman",
    "spokesman",
    "Senator",
    "Governor",
    "Professor",
    "General",
    "mayor",
)
ORGANISATIONS = (
    "the Northbridge Shipping Company",
    "Castell Energy",
    "the Harbour Workers Union",
    "the Institute for Coastal Studies",
    "Meridian Bank",
    "the European Commission",
    "the United Nations",
    "the World Bank",
    "Lakeview Holdings",
    "the National Statistics Office",
    "Orion Rail",
    "the Federation of Small Farmers",
)
PLACES = (
    "Lisbon",
    "Nairobi",
    "Oslo",
    "Montreal",
    "Jakarta",
    "Lagos",
    "Santiago",
    "Hamburg",
    "Marseille",
    "Kraków",
    "Brisbane",
    "Accra",
    "Valparaíso",
    "Gdańsk",
)
COUNTRIES = (
    "Portugal",
    "Kenya",
    "Norway",
    "Canada",
    "Indonesia",
    "Nigeria",
    "Chile",
    "Germany",
    "France",
    "Poland",
    "Australia",
    "Ghana",
)
NATIONALITIES = _words(
    "Portuguese Kenyan Norwegian Canadian Indonesian Nigerian Chilean German French Polish "
    "Australian Ghanaian"
)
MONTHS = _words(
    "January February March April May June July August September October November December"
)
WEEKDAYS = _words("Monday Tuesday Wednesday Thursday Friday")
TOPICS = (
    "port expansion",
    "rail link",
    "wind farm",
    "pension reform",
    "water tariff",
    "fishing quota",
    "housing plan",
    "fuel subsidy",
    "school budget",
    "bridge repair",
)
SEARCH_PHRASE = "fishing quota"
"""A topic the headline always names, found again in about one sentence in 30."""
REPORTING_VERBS = ("said", "told reporters", "said in a statement", "wrote", "argued", "warned")

SENTENCES = (
    "{person}, the {title} of {org}, {verb} that the {topic} would cost {money} over {number} "
    "years.",
    "{org} {verb} on {weekday} that it had cut its forecast by {percent} after a weak {month}.",
    "The {topic} in {place} has been delayed since {month} {year}, according to {org}.",
    "“We will not accept a plan that leaves {number} families without support,” {person} {verb}.",
    "About {number} people gathered outside the town hall in {place} on {weekday} evening.",
    "{nationality} officials {verb} the talks with {country} would resume on {month} {day}.",
    "Shares in {org} fell {percent} to {money} in early trading in {place}.",
    "Critics, including {person} of {org}, {verb} the figures were misleading.",
    "The agreement, signed in {place} in {year}, covers {number} kilometres of coastline.",
    "{title} {person} {verb} that {country} had never received the {money} it was promised.",
    "Inflation in {country} rose to {percent} in {month}, the highest since {year}.",
    "A report by {org} found that {percent} of households in {place} spend more than a third "
    "of their income on rent.",
    "Neither {org} nor the {nationality} embassy in {place} replied to requests for comment.",
    "The vote is expected before the end of {month}, {person} {verb}.",
)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Filler:
    """Picks the words that fill one template, from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def values(self) -> dict[str, str]:
        choice = self.rng.choice
        number = self.rng.randrange(2, 5000)
        return {
            "person": f"{choice(FIRST_NAMES)} {choice(SURNAMES)}",
            "title": choice(TITLES),
            "org": choice(ORGANISATIONS),
            "place": choice(PLACES),
            "country": choice(COUNTRIES),
            "nationality": choice(NATIONALITIES),
            "month": choice(MONTHS),
            "weekday": choice(WEEKDAYS),
            "day": str(self.rng.randrange(1, 29)),
            "year": str(self.rng.randrange(1990, 2025)),
            "number": f"{number:,}",
            "money": f"${self.rng.randrange(2, 900)} million",
            "percent": f"{self.rng.randrange(1, 40)}.{self.rng.randrange(10)}%",
            "topic": choice(TOPICS),
            "verb": choice(REPORTING_VERBS),
        }

    def sentence(self) -> str:
        return _capitalised(self.rng.choice(SENTENCES).format(**self.values()))

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randrange(1, 6)))


def generate_article(size: int, seed: int = 7) -> str:
    """An article of about `size` characters (at least a headline and one paragraph)."""
    rng = random.Random(seed)
    filler = _Filler(rng)
    values = filler.values()
    head = [
        f"{_capitalised(values['org'].removeprefix('the '))} faces questions over "
        f"{SEARCH_PHRASE} in {values['place']}",
        f"By {values['person']}",
    ]
    dateline = f"{values['place'].upper()}, {values['month']} {values['day']} (Wire) – "
    paragraphs = [dateline + filler.paragraph()]
    length = sum(len(part) + 2 for part in head) + len(paragraphs[0])
    while length < size:
        paragraph = filler.paragraph()
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join([*head, *paragraphs]) + "\n"


SIZES: dict[str, int] = {
    "3KB": 3_000,
    "1MB": 1_000_000,
    "10MB": 10_000_000,
    "50MB": 50_000_000,
}
"""The article sizes the suite knows, by the name used in `--sizes` and the table."""


def write_article(directory: Path, size_name: str) -> Path:
    """Write (once per directory) the article of the named size; returns its path."""
    path = directory / f"article-{size_name}.txt"
    if not path.exists():
        text = generate_article(SIZES[size_name])
        path.write_text(text, encoding="utf-8", newline="")
    return path


NEEDLE = (
    "Keepers of the Quillan Point light, the last staffed lighthouse on the coast, voted "
    "on Sunday to stay on the rock for another winter."
)
"""A paragraph found once in a needle article (see `write_needle_article`)."""
NEEDLE_QUERY = "quillan point"
"""What the reader types to find the needle: lower case, so the search ignores case and
the screen shows the match (capitalised) apart from the query in the status line."""
NEEDLE_AT = 0.9
"""Where the needle is put: at the first paragraph break after 90% of the text."""


def write_needle_article(directory: Path, size_name: str) -> Path:
    """Write (once) the article of the named size with `NEEDLE` inserted at `NEEDLE_AT`."""
    path = directory / f"article-{size_name}-needle.txt"
    if not path.exists():
        text = generate_article(SIZES[size_name])
        at = text.find("\n\n", int(len(text) * NEEDLE_AT))
        at = len(text) if at == -1 else at + 2
        path.write_text(text[:at] + NEEDLE + "\n\n" + text[at:], encoding="utf-8", newline="")
    return path


def first_words(path: Path, count: int = 3) -> str:
    """The first words of the article's first line, to recognise its first screen by."""
    with path.open(encoding="utf-8") as handle:
        return " ".join(handle.readline().split()[:count])


def generate_page(size: int, seed: int = 7) -> str:
    """A web page holding an article of about `size` characters, among a menu, a sidebar
    of links and a footer, as a news site serves it."""
    headline, byline, *paragraphs = generate_article(size, seed).rstrip("\n").split("\n\n")
    links = "".join(f'<li><a href="/story/{n}">Another story {n}</a></li>' for n in range(20))
    body = "".join(f"<p>{html.escape(paragraph)}</p>\n" for paragraph in paragraphs)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(headline)}</title><script>var tracking = 1;</script></head>"
        "<body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        f"<div class='sidebar'><ul>{links}</ul></div>"
        f"<article><h1>{html.escape(headline)}</h1><p class='byline'>{html.escape(byline)}</p>"
        f"{body}</article><footer>Copyright Wire</footer></body></html>\n"
    )


def write_page(directory: Path, size_name: str) -> Path:
    """Write (once per directory) the web page of the named size; returns its path."""
    path = directory / f"page-{size_name}.html"
    if not path.exists():
        path.write_text(generate_page(SIZES[size_name]), encoding="utf-8", newline="")
    return path
