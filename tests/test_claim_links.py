"""Claims the reader links: disagreement groups and supporting/contradicting links.

Driven through a real `ReadingSession` over a real `Store` file; the exports
are read back by our importer into a fresh database, and W3C's by the W3C
test-suite schemas when `../shared` is there.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from tui_reader.claim_links import NotLinkable
from tui_reader.document import Article
from tui_reader.export import export_article
from tui_reader.export.importers import import_file
from tui_reader.model import Annotation, Claim, ClaimStatus, Kind, LinkRelation, make_annotation
from tui_reader.session import ReadingSession
from tui_reader.store import DamagedDatabase, Store, migrations

W3C_VALIDATOR = Path(__file__).resolve().parents[2] / "shared" / "conformance" / "validate_w3c.py"
ARTICLE = """Storm toll disputed

Harbour police said 12 people had died in the storm.
A volunteer rescue group said at least 40 people had died in the storm.
The island council said dozens of people had died, most of them fishermen.
The weather office said the storm was the worst in forty years.
"""
CLAIMS = (
    ("Harbour police", "12 people had died in the storm"),
    ("A volunteer rescue group", "at least 40 people had died in the storm"),
    ("The island council", "dozens of people had died"),
    ("The weather office", "the storm was the worst in forty years"),
)


@pytest.fixture
def article(tmp_path: Path) -> Article:
    path = tmp_path / "storm.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return Article.load(path)


def open_session(article: Article, db_path: Path) -> ReadingSession:
    return ReadingSession(article, Store(db_path))


def add_claims(session: ReadingSession) -> list[Annotation]:
    text, digest = session.article.text, session.article.content_hash
    for source, passage in CLAIMS:
        start = text.index(passage)
        claim = Claim(source=source, cue="said").with_status(ClaimStatus.UNVERIFIED)
        session.add(
            make_annotation(text, digest, Kind.CLAIM, start, start + len(passage), claim=claim)
        )
    return claims_of(session)


def claims_of(session: ReadingSession) -> list[Annotation]:
    return [a for a in session.annotations if a.kind is Kind.CLAIM]


def stored_claims(db_path: Path, article: Article) -> dict[str, Claim]:
    annotations = Store(db_path).annotations(article.content_hash)
    return {a.claim.source: a.claim for a in annotations if a.claim is not None}


def test_a_third_claim_joins_the_group_of_a_pair_and_undo_takes_it_out(
    article: Article, db_path: Path
) -> None:
    session = open_session(article, db_path)
    police, rescue, council, _ = add_claims(session)

    session.group_claims([police, rescue])
    group = stored_claims(db_path, article)["Harbour police"].group
    assert group and stored_claims(db_path, article)["A volunteer rescue group"].group == group

    session.group_claims([council, police])
    saved = stored_claims(db_path, article)
    assert [saved[source].group for source, _ in CLAIMS] == [group, group, group, ""]

    assert session.undo() is not None
    assert stored_claims(db_path, article)["The island council"].group == ""
    session.undo()
    assert all(not claim.group for claim in stored_claims(db_path, article).values())
    session.redo()
    assert stored_claims(db_path, article)["Harbour police"].group == group


def test_a_group_named_by_a_flags_decision(article: Article, db_path: Path) -> None:
    session = open_session(article, db_path)
    police, rescue, council, _ = add_claims(session)
    session.group_claims([police, rescue, council], group="decision-1")
    assert {c.group for c in list(stored_claims(db_path, article).values())[:3]} == {"decision-1"}


def test_a_link_is_kept_on_both_claims_and_undone_as_one_step(
    article: Article, db_path: Path
) -> None:
    session = open_session(article, db_path)
    police, rescue, _, weather = add_claims(session)

    session.link_claims(police, rescue, LinkRelation.CONTRADICTS)
    saved = stored_claims(db_path, article)
    assert [(link.relation, link.claim) for link in saved["Harbour police"].links] == [
        (LinkRelation.CONTRADICTS, rescue.id)
    ]
    assert [link.claim for link in saved["A volunteer rescue group"].links] == [police.id]

    session.link_claims(police, rescue, LinkRelation.SUPPORTS)  # a new relation replaces it
    saved = stored_claims(db_path, article)
    assert [link.relation for link in saved["Harbour police"].links] == [LinkRelation.SUPPORTS]

    session.undo()
    saved = stored_claims(db_path, article)
    assert [link.relation for link in saved["A volunteer rescue group"].links] == [
        LinkRelation.CONTRADICTS
    ]
    session.unlink_claims(police, rescue)
    assert all(not claim.links for claim in stored_claims(db_path, article).values())
    with pytest.raises(NotLinkable):
        session.link_claims(weather, weather, LinkRelation.SUPPORTS)


def test_deleting_a_linked_claim_removes_the_link_and_undo_brings_both_back(
    article: Article, db_path: Path
) -> None:
    session = open_session(article, db_path)
    police, rescue, _, _ = add_claims(session)
    session.link_claims(police, rescue, LinkRelation.CONTRADICTS)

    session.delete(next(a for a in session.annotations if a.id == rescue.id))
    saved = stored_claims(db_path, article)
    assert "A volunteer rescue group" not in saved and saved["Harbour police"].links == ()

    session.undo()
    saved = stored_claims(db_path, article)
    assert [link.claim for link in saved["Harbour police"].links] == [rescue.id]
    assert [link.claim for link in saved["A volunteer rescue group"].links] == [police.id]


def test_only_claims_are_linked(article: Article, db_path: Path) -> None:
    session = open_session(article, db_path)
    police, *_ = add_claims(session)
    text = article.text
    note = make_annotation(text, article.content_hash, Kind.NOTE, 0, 5, body="title")
    session.add(note)
    with pytest.raises(NotLinkable, match="only claims"):
        session.link_claims(police, note, LinkRelation.SUPPORTS)
    with pytest.raises(NotLinkable, match="two claims"):
        session.group_claims([police])


def test_a_hand_edited_link_is_an_error_naming_the_field(article: Article, db_path: Path) -> None:
    session = open_session(article, db_path)
    police, rescue, _, _ = add_claims(session)
    session.link_claims(police, rescue, LinkRelation.CONTRADICTS)
    data = orjson.loads(db_path.read_bytes())
    data["annotations"][police.id]["claim"]["links"][0]["relation"] = "agrees"
    db_path.write_bytes(orjson.dumps(data))
    with pytest.raises(DamagedDatabase, match=r"claim\.links\[0\]\.relation"):
        Store(db_path)


def test_a_schema_2_file_reads_with_no_links_and_is_kept_aside(
    article: Article, db_path: Path
) -> None:
    session = open_session(article, db_path)
    add_claims(session)
    data = orjson.loads(db_path.read_bytes())
    for record in data["annotations"].values():
        del record["claim"]["links"], record["claim"]["group"]
    data["_meta"]["schema"] = 2
    db_path.write_bytes(orjson.dumps(data))

    session = open_session(article, db_path)
    police, rescue, _, _ = claims_of(session)
    assert police.claim is not None and police.claim.links == () and police.claim.group == ""
    session.link_claims(police, rescue, LinkRelation.SUPPORTS)
    assert orjson.loads(db_path.read_bytes())["_meta"]["schema"] == migrations.SCHEMA_VERSION
    assert db_path.with_name(db_path.name + ".schema2").exists()


def linked_session(article: Article, db_path: Path) -> ReadingSession:
    session = open_session(article, db_path)
    police, rescue, council, weather = add_claims(session)
    session.group_claims([police, rescue, council])
    session.link_claims(council, rescue, LinkRelation.SUPPORTS)
    session.link_claims(police, weather, LinkRelation.CONTRADICTS)
    return session


def links_and_groups(annotations: list[Annotation]) -> tuple[set[tuple[str, str, str]], set[str]]:
    by_id = {a.id: a for a in annotations}
    links = {
        (a.claim.source, str(link.relation), by_id[link.claim].claim.source)  # type: ignore[union-attr]
        for a in annotations
        if a.claim is not None
        for link in a.claim.links
    }
    grouped = {a.claim.source for a in annotations if a.claim is not None and a.claim.group}
    return links, grouped


EXPECTED_LINKS = {
    ("The island council", "supports", "A volunteer rescue group"),
    ("A volunteer rescue group", "supports", "The island council"),
    ("Harbour police", "contradicts", "The weather office"),
    ("The weather office", "contradicts", "Harbour police"),
}
EXPECTED_GROUP = {"Harbour police", "A volunteer rescue group", "The island council"}


@pytest.mark.parametrize("fmt", ["json", "w3c"])
def test_links_and_groups_survive_an_export_and_an_import(
    tmp_path: Path, article: Article, db_path: Path, fmt: str
) -> None:
    session = linked_session(article, db_path)
    result = export_article(fmt, article, session.annotations, [])
    assert not any("link" in line or "group" in line for line in result.dropped)
    exported = tmp_path / f"storm.{fmt}"
    exported.write_text(result.text, encoding="utf-8")

    fresh = Store(tmp_path / "fresh.json")
    import_file(exported, fresh, article)
    imported = [a for a in fresh.annotations(article.content_hash) if a.kind is Kind.CLAIM]
    links, grouped = links_and_groups(imported)
    assert links == EXPECTED_LINKS
    assert grouped == EXPECTED_GROUP
    assert len({a.claim.group for a in imported if a.claim and a.claim.group}) == 1


def test_w3c_writes_links_as_linking_annotations(article: Article, db_path: Path) -> None:
    session = linked_session(article, db_path)
    items = json.loads(export_article("w3c", article, session.annotations, []).text)["first"][
        "items"
    ]
    linking = [item for item in items if item["motivation"] == "linking"]
    assert len(linking) == 3
    relations = sorted(
        body["value"] for item in linking for body in item["body"] if isinstance(body, dict)
    )
    assert relations == ["Disagreement group", "Relation: contradicts", "Relation: supports"]
    [group] = [item for item in linking if isinstance(item["target"], list)]
    assert len(group["target"]) == 3


@pytest.mark.skipif(not W3C_VALIDATOR.exists(), reason="needs ../shared/conformance")
def test_w3c_with_links_passes_the_w3c_conformance_schemas(
    tmp_path: Path, article: Article, db_path: Path
) -> None:
    session = linked_session(article, db_path)
    exported = tmp_path / "links.jsonld"
    exported.write_text(export_article("w3c", article, session.annotations, []).text)
    run = subprocess.run(
        [sys.executable, str(W3C_VALIDATOR), "--strict-formats", str(exported)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("PASS")


def test_formats_without_a_place_for_links_say_they_dropped_them(
    article: Article, db_path: Path
) -> None:
    session = linked_session(article, db_path)
    dropped = export_article("claims-csv", article, session.annotations, []).dropped
    assert "dropped 2 links between claims: claims-csv has no place for them" in dropped
    assert "dropped 3 claims' disagreement groups: claims-csv has no place for them" in dropped
