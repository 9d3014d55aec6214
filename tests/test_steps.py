"""Dialog answers made steps, and the claims workbench's state, without Textual.

The reader commits what these return; here they are committed through a real
session on a real database, and read back from the file.
"""

from __future__ import annotations

from pathlib import Path

from tui_reader import steps
from tui_reader.claim_workbench import ClaimWorkbench, flag_id, suggestion_id
from tui_reader.document import Article
from tui_reader.model import ClaimStatus, Decision, Evidence, Kind
from tui_reader.nlp.claims import find_claims
from tui_reader.nlp.disagreements import find_disagreements
from tui_reader.nlp.entities import Entity
from tui_reader.session import ReadingSession
from tui_reader.store import Store

FLOODS = """Flood toll disputed

Officials in Varna province said 12 people had died in the floods by Sunday.
A local rescue group said at least 40 people had died in the floods, most of them in
villages cut off by the water.
"""


def session_on(tmp_path: Path, text: str, db_path: Path) -> ReadingSession:
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    return ReadingSession(Article.load(path), Store(db_path))


def test_the_target_is_the_selection_or_the_sentence_trimmed(tmp_path: Path, db_path) -> None:
    article = session_on(tmp_path, FLOODS, db_path).article
    officials = article.text.index("Officials")
    assert steps.target_span(article, (officials - 1, officials + 9), 0) == (
        officials,
        officials + 9,
    )
    sentence = steps.target_span(article, None, officials + 3)
    assert sentence is not None
    assert article.text[slice(*sentence)].startswith("Officials") and sentence[1] <= len(
        article.text
    )
    assert not article.text[sentence[1] - 1].isspace()
    blank = article.text.index("\n\n")
    assert steps.target_span(article, (blank, blank + 2), 0) is None  # only white space


def test_a_note_tags_and_a_claim_are_committed_and_undone(tmp_path: Path, db_path: Path) -> None:
    session = session_on(tmp_path, FLOODS, db_path)
    article = session.article
    span = (article.text.index("Officials"), article.text.index("Sunday") + 6)
    assert steps.new_note(article, span, "   ") is None  # blank: nothing to save
    assert steps.new_note(article, span, None) is None  # cancelled
    note = steps.new_note(article, span, "check the toll")
    assert note is not None and note.description == "add note"
    session.apply(note)
    tags = steps.tags_on(article, span, None, ["floods", "toll"])
    assert tags is not None
    session.apply(tags)
    existing = session.find_tag_annotation(*span)
    assert existing is not None and existing.tags == ("floods", "toll")
    assert steps.tags_on(article, span, existing, ["floods", "toll"]) is None  # unchanged
    removed = steps.tags_on(article, span, existing, [])
    assert removed is not None and removed.changes[0].after is None
    form = steps.ClaimForm(
        source="Officials",
        status=ClaimStatus.DISPUTED,
        note="the rescue group says 40",
        evidence=(Evidence(url="https://example.org/toll", stance="refutes"),),
    )
    entities = [Entity(span[0], span[0] + 9, "ORG")]
    claim_step = steps.new_claim(article, span, form, entities)
    assert claim_step is not None
    session.apply(claim_step)
    stored = {a.kind: a for a in Store(db_path).annotations(article.content_hash)}
    assert stored[Kind.NOTE].body == "check the toll"
    assert stored[Kind.CLAIM].claim is not None
    assert stored[Kind.CLAIM].claim.source_label == "ORG"  # the source named an entity
    assert stored[Kind.CLAIM].claim.status is ClaimStatus.DISPUTED
    session.undo()
    assert Kind.CLAIM not in {a.kind for a in Store(db_path).annotations(article.content_hash)}


def test_edits_change_only_what_the_answer_changed(tmp_path: Path, db_path: Path) -> None:
    session = session_on(tmp_path, FLOODS, db_path)
    article = session.article
    span = (0, 19)
    step = steps.new_note(article, span, "first")
    assert step is not None
    session.apply(step)
    note = session.annotations[0]
    assert steps.edited_note(note, "first") is None and steps.edited_note(note, None) is None
    edit = steps.edited_note(note, "second")
    assert edit is not None
    session.apply(edit)
    assert Store(db_path).annotations()[0].body == "second"
    moved = steps.reattached(article, session.annotations[0], (20, 28))
    session.apply(moved)
    after = Store(db_path).annotations()[0]
    assert (after.start, after.end, after.quote.exact) == (20, 28, article.text[20:28])


def test_entity_marks_change_a_correction_instead_of_adding_one(
    tmp_path: Path, db_path: Path
) -> None:
    session = session_on(tmp_path, FLOODS, db_path)
    article = session.article
    varna = article.text.index("Varna")
    spans = [(varna, varna + 5)]
    first = steps.entity_marks(article, session.annotations, spans, "GPE", "marked GPE")
    assert first is not None
    session.apply(first)
    assert steps.entity_marks(article, session.annotations, spans, "GPE", "again") is None
    second = steps.entity_marks(article, session.annotations, spans, "", "not an entity")
    assert second is not None and second.changes[0].before is not None
    session.apply(second)
    corrections = [a for a in Store(db_path).annotations() if a.kind is Kind.ENTITY]
    assert [(c.start, c.label) for c in corrections] == [(varna, "")]
    assert steps.entity_words("GPE", 3) == "marked GPE in 3 places"


def test_the_workbench_accepts_rejects_and_decides_by_id(tmp_path: Path, db_path: Path) -> None:
    session = session_on(tmp_path, FLOODS, db_path)
    article = session.article
    candidates = find_claims(article)
    workbench = ClaimWorkbench(article)
    workbench.found(candidates, find_disagreements(article, candidates), [])
    workbench.refresh(session.annotations)
    assert len(workbench.suggestions) == 2 and len(workbench.flags) == 1
    first, second = workbench.suggestions
    assert workbench.accept("suggestion:no-such") is None
    accepted = workbench.accept(suggestion_id(first))
    assert accepted is not None
    session.apply(accepted)
    workbench.refresh(session.annotations)
    assert workbench.suggestions == [second] and len(workbench.claims) == 1
    rejected = workbench.reject(suggestion_id(second))
    assert rejected is not None
    session.apply(rejected)
    workbench.refresh(session.annotations)
    assert workbench.suggestions == []
    flag = flag_id(workbench.flags[0])
    confirmed = workbench.decide(flag, confirmed=True)
    assert confirmed is not None and confirmed.description == "disagreement confirmed"
    session.apply(confirmed)
    workbench.refresh(session.annotations)
    assert workbench.flags[0].state == "confirmed"
    assert workbench.decide(flag_id(workbench.flags[0]), confirmed=True) is None  # already
    dismissed = workbench.decide(flag_id(workbench.flags[0]), confirmed=False)
    assert dismissed is not None and dismissed.changes[0].before is not None  # replaced
    session.apply(dismissed)
    labels = [a.label for a in Store(db_path).annotations() if a.kind is Kind.DECISION]
    assert sorted(labels) == sorted([Decision.NOT_A_CLAIM, Decision.DISAGREEMENT_DISMISSED])


def test_the_workbench_filters_sorts_and_lists_from_the_reader(
    tmp_path: Path, db_path: Path, monkeypatch
) -> None:
    from tui_reader import claim_workbench

    text = "".join(f"Minister {n} said the plan number {n} was good.\n" for n in range(12))
    session = session_on(tmp_path, text, db_path)
    article = session.article
    workbench = ClaimWorkbench(article)
    workbench.found(find_claims(article), [], [])
    workbench.refresh(session.annotations)
    every = workbench.accept_all()
    assert every is not None and len(every.changes) == 12
    session.apply(every)
    workbench.refresh(session.annotations)
    first = workbench.claims[0]
    assert first.claim is not None
    session.update(first, first.touched(claim=first.claim.with_status(ClaimStatus.FALSE)))
    workbench.cycle_filter()
    workbench.cycle_filter()
    workbench.refresh(session.annotations)
    assert workbench.status_filter is ClaimStatus.SUPPORTED and workbench.claims == []
    for _ in range(len(claim_workbench.STATUS_FILTERS) - 2):
        workbench.cycle_filter()
    assert workbench.status_filter is None
    workbench.toggle_sort()
    workbench.refresh(session.annotations)
    statuses = [a.claim.status for a in workbench.claims if a.claim]
    assert statuses[-1] is ClaimStatus.FALSE  # unverified first: the work still to do

    session.undo()
    session.undo()
    monkeypatch.setattr(claim_workbench, "MAX_LISTED", 3)
    workbench.reading_position = text.index("Minister 7")
    workbench.refresh(session.annotations)
    listed = workbench.listed_suggestions()
    assert text[slice(*listed[0].content)].startswith("the plan number 7")
    assert len(listed) == 3


def test_entity_target_is_the_entity_then_the_word_never_the_sentence() -> None:
    article = Article("Mira Osei met O'Neill in Lusaka. Then she left.", name="words")
    mira = Entity(0, 9, "PERSON")
    assert steps.entity_target(article, [mira], None, 5) == (0, 9)
    assert steps.entity_target(article, [mira], None, 15) == (14, 21)  # O'Neill, apostrophe kept
    assert steps.entity_target(article, [mira], None, 31) == (25, 31)  # at the end of "Lusaka"
    assert steps.entity_target(article, [mira], None, 32) is None  # after the full stop and space
    assert steps.entity_target(article, [mira], (10, 13), 5) == (10, 13)  # a selection wins
