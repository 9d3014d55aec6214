"""The claim finder on sentences written for these tests: every pattern it promises."""

from __future__ import annotations

import argparse
import json

import pytest

from tui_reader.document import Article
from tui_reader.nlp.claims import (
    ClaimCandidate,
    add_arguments,
    candidates_to_json,
    find_claims,
    run,
    source_for,
)
from tui_reader.nlp.entities import Entity

Triple = tuple[str, str, str]


def article(text: str) -> Article:
    return Article(text=text, name="test")


def cut(text: str, span: tuple[int, int] | None) -> str | None:
    return text[span[0] : span[1]] if span else None


def triples(text: str, entities: list[Entity] | None = None) -> list[Triple]:
    """(source, cue, content) of every claim, the source resolved when it is a pronoun."""
    found = find_claims(article(text), entities)
    return [(c.source_text(text), cut(text, c.cue), cut(text, c.content)) for c in found]


def only(text: str) -> ClaimCandidate:
    found = find_claims(article(text))
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "source", "cue", "content"),
    [
        (
            "The port authority said two cranes had collapsed.",
            "The port authority",
            "said",
            "two cranes had collapsed",
        ),
        (
            "The port authority says two cranes have collapsed.",
            "The port authority",
            "says",
            "two cranes have collapsed",
        ),
        (
            "Dock workers say two cranes have collapsed.",
            "Dock workers",
            "say",
            "two cranes have collapsed",
        ),
        (
            "The port authority said on Friday that two cranes had collapsed.",
            "The port authority",
            "said",
            "two cranes had collapsed",
        ),
        (
            "The rebels claimed that they controlled the airport.",
            "The rebels",
            "claimed",
            "they controlled the airport",
        ),
        (
            "Health officials estimated that 3,000 people had been vaccinated.",
            "Health officials",
            "estimated",
            "3,000 people had been vaccinated",
        ),
        (
            "The ministry denied that any files had been lost.",
            "The ministry",
            "denied",
            "any files had been lost",
        ),
        (
            "The mayor condemned the attack on the clinic.",
            "The mayor",
            "condemned",
            "the attack on the clinic",
        ),
        (
            "The treasurer added that the accounts were in order.",
            "The treasurer",
            "added",
            "the accounts were in order",
        ),
        (
            "Geologists warned that the slope could give way.",
            "Geologists",
            "warned",
            "the slope could give way",
        ),
        (
            "The opposition accused the council of hiding the figures.",
            "The opposition",
            "accused",
            "the council of hiding the figures",
        ),
        (
            "The coach insisted that his team had played well.",
            "The coach",
            "insisted",
            "his team had played well",
        ),
        (
            "State television reported that the border had reopened.",
            "State television",
            "reported",
            "the border had reopened",
        ),
        (
            "The airline confirmed the cancellation of 40 flights.",
            "The airline",
            "confirmed",
            "the cancellation of 40 flights",
        ),
        (
            "The club announced the signing of a new goalkeeper.",
            "The club",
            "announced",
            "the signing of a new goalkeeper",
        ),
        (
            "The defence argued that the evidence was unreliable.",
            "The defence",
            "argued",
            "the evidence was unreliable",
        ),
        (
            "The bank acknowledged that its systems had failed.",
            "The bank",
            "acknowledged",
            "its systems had failed",
        ),
        (
            "Prosecutors alleged that the money was laundered abroad.",
            "Prosecutors",
            "alleged",
            "the money was laundered abroad",
        ),
        (
            "The driver admitted that he had been speeding.",
            "The driver",
            "admitted",
            "he had been speeding",
        ),
        (
            "The auditors noted that two invoices were missing.",
            "The auditors",
            "noted",
            "two invoices were missing",
        ),
        (
            "The charity stated that no donations had been misused.",
            "The charity",
            "stated",
            "no donations had been misused",
        ),
        (
            "The engineer explained that the valve had been installed upside down.",
            "The engineer",
            "explained",
            "the valve had been installed upside down",
        ),
        (
            "Economists predicted that inflation would ease by spring.",
            "Economists",
            "predicted",
            "inflation would ease by spring",
        ),
        (
            "The governor promised to rebuild every school.",
            "The governor",
            "promised",
            "to rebuild every school",
        ),
        (
            "The police urged drivers to avoid the bridge.",
            "The police",
            "urged",
            "drivers to avoid the bridge",
        ),
        (
            "The union's leader, Mariam Haddad, told reporters that workers would strike.",
            "The union's leader, Mariam Haddad",
            "told",
            "workers would strike",
        ),
        (
            "Critics have long argued that the tax is unfair.",
            "Critics",
            "argued",
            "the tax is unfair",
        ),
        (
            "Farmers in the valley, who grow most of the region's rice, say prices are too low.",
            "Farmers in the valley, who grow most of the region's rice",
            "say",
            "prices are too low",
        ),
        (
            "In a statement on Monday, the water company said supplies were safe.",
            "the water company",
            "said",
            "supplies were safe",
        ),
        (
            "A spokesperson for the foreign ministry said the talks had been useful.",
            "A spokesperson for the foreign ministry",
            "said",
            "the talks had been useful",
        ),
        (
            "An armed group affiliated with the rebels said it had seized the mine.",
            "An armed group affiliated with the rebels",
            "said",
            "it had seized the mine",
        ),
        ("The union is asking for a 9% rise.", "The union", "asking for", "a 9% rise"),
        (
            "The council asked for a review of the contract.",
            "The council",
            "asked for",
            "a review of the contract",
        ),
        ("The ministry disputed the figures.", "The ministry", "disputed", "the figures"),
        (
            "The report cited surveys showing that rents had doubled.",
            "The report",
            "cited",
            "surveys showing that rents had doubled",
        ),
        (
            "Both sides agree that the ceasefire is fragile.",
            "Both sides",
            "agree",
            "the ceasefire is fragile",
        ),
        (
            "The judge reminded jurors that the burden of proof lay with the prosecution.",
            "The judge",
            "reminded",
            "the burden of proof lay with the prosecution",
        ),
        (
            "The chemist acknowledged, under questioning by counsel, that the sample was small.",
            "The chemist",
            "acknowledged",
            "the sample was small",
        ),
        (
            "Local fishermen estimated the losses at half a season's catch.",
            "Local fishermen",
            "estimated",
            "the losses at half a season's catch",
        ),
    ],
)
def test_reporting_verbs_in_any_tense(sentence: str, source: str, cue: str, content: str) -> None:
    assert triples(sentence) == [(source, cue, content)]


def test_spans_slice_the_article_text_exactly() -> None:
    text = "Intro line.\r\n\r\nThe port authority said on Friday that two cranes had collapsed.\r\n"
    claim = only(text)
    assert text[claim.source[0] : claim.source[1]] == "The port authority"
    assert text[claim.cue[0] : claim.cue[1]] == "said"
    assert text[claim.content[0] : claim.content[1]] == "two cranes had collapsed"
    assert claim.resolved is None
    assert 0 < claim.score <= 1


def test_according_to_before_and_after_the_content() -> None:
    assert triples(
        "According to the weather service, the storm will reach the coast by Sunday."
    ) == [("the weather service", "According to", "the storm will reach the coast by Sunday")]
    assert triples("Three fishermen are missing, according to the coast guard.") == [
        ("the coast guard", "according to", "Three fishermen are missing")
    ]
    assert triples(
        "The mine employs 900 people, according to Terra Research, a consultancy in Lima."
    ) == [("Terra Research, a consultancy in Lima", "according to", "The mine employs 900 people")]


def test_quotations_with_the_speaker_after_or_before() -> None:
    assert triples('"We will rebuild the pier within a year," the mayor told reporters.') == [
        ("the mayor", "told", "We will rebuild the pier within a year")
    ]
    assert triples("“The bridge is safe,” said Tomas Lindqvist, a structural engineer.") == [
        ("Tomas Lindqvist, a structural engineer", "said", "The bridge is safe")
    ]
    assert triples('Finance Minister Clara Osei said: "Inflation has peaked."') == [
        ("Finance Minister Clara Osei", "said", "Inflation has peaked.")
    ]
    assert triples('"We lost everything. The water came at night," Ana Costa said.') == [
        ("Ana Costa", "said", "We lost everything. The water came at night")
    ]


def test_content_before_an_attribution_at_the_end() -> None:
    assert triples("Police arrested two men near the station, the agency reported.") == [
        ("the agency", "reported", "Police arrested two men near the station")
    ]
    assert triples(
        "A tanker ran aground off the cape on Sunday, officials said on Monday, as storms hit."
    ) == [("officials", "said", "A tanker ran aground off the cape on Sunday")]
    assert triples("The crew was rescued, the ship's owner, Nordlys Shipping, said.") == [
        ("the ship's owner, Nordlys Shipping", "said", "The crew was rescued")
    ]


def test_told_with_a_listener() -> None:
    assert triples("The minister told parliament that the budget was balanced.") == [
        ("The minister", "told", "the budget was balanced")
    ]
    assert triples('"It is over," her lawyer told the BBC by phone.') == [
        ("her lawyer", "told", "It is over")
    ]
    assert triples("The officer told residents to leave their homes.") == []


def test_passives_that_attribute() -> None:
    reported = only("It was reported that the ferry had been sold.")
    text = "It was reported that the ferry had been sold."
    assert cut(text, reported.source) == "It" and reported.resolved is None
    assert cut(text, reported.content) == "the ferry had been sold"
    assert reported.score < 0.7
    assert triples("The governor was quoted as saying the budget was balanced.") == [
        ("The governor", "quoted as saying", "the budget was balanced")
    ]
    assert triples("Floods caused damage estimated at $2 billion by the World Bank.") == [
        ("the World Bank", "estimated", "at $2 billion")
    ]
    assert triples("Dozens of people were reported killed in the clashes.") == []


def test_participles_and_coordinated_verbs_keep_the_subject() -> None:
    text = (
        "The league's chairman wrote to members on Monday, saying an inquiry would begin. "
        "The agency condemned the raid and said two reporters had been held."
    )
    assert triples(text) == [
        ("The league's chairman", "saying", "an inquiry would begin"),
        ("The agency", "condemned", "the raid"),
        ("The agency", "said", "two reporters had been held"),
    ]
    assert triples(
        '"We are ready," the captain said, adding that the crew had trained for weeks.'
    ) == [
        ("the captain", "said", "We are ready"),
        ("the captain", "adding", "the crew had trained for weeks"),
    ]


def test_two_claims_in_one_sentence_end_each_other() -> None:
    text = (
        "The army said its troops had retaken the town, while the rebels said they still "
        "held the market."
    )
    assert triples(text) == [
        ("The army", "said", "its troops had retaken the town"),
        ("the rebels", "said", "they still held the market"),
    ]


def test_pronouns_resolve_to_the_nearest_fitting_subject() -> None:
    text = (
        "Senator Ruth Adeyemi met the Harbour Board on Tuesday.\n\n"
        "The board said the dredging would start in May. It added that the cost had doubled.\n\n"
        "She said the delay was unacceptable."
    )
    found = find_claims(article(text))
    by_cue = [(cut(text, c.source), cut(text, c.resolved), cut(text, c.content)) for c in found]
    assert by_cue == [
        ("The board", None, "the dredging would start in May"),
        ("It", "The board", "the cost had doubled"),
        ("She", "Ruth Adeyemi", "the delay was unacceptable"),
    ]


def test_a_pronoun_with_nothing_to_refer_to_stays_unresolved() -> None:
    claim = only("It said the figures were wrong.")
    assert claim.resolved is None
    assert claim.score <= 0.5


def test_a_name_in_apposition_is_what_a_pronoun_resolves_to_and_headings_are_not() -> None:
    text = 'The local MP, Dana Ross, backs the plan.\n\nPolitics\n\n"I am delighted," she said.'
    (claim,) = find_claims(article(text))
    assert cut(text, claim.resolved) == "Dana Ross"


def test_they_prefers_a_group_and_it_an_organisation() -> None:
    text = (
        "Local traders blocked the road. The ministry said the road would reopen.\n\n"
        "They said the ministry had ignored them. It said talks would continue."
    )
    resolved = [c.source_text(text) for c in find_claims(article(text))]
    assert resolved == ["The ministry", "Local traders", "The ministry"]


def test_a_bare_quotation_continues_the_previous_speaker() -> None:
    text = (
        '"We have no more beds," said Amara Diallo, a nurse. "Patients sleep on the floor."\n\n'
        '"Some of them wait for days."\n\n'
        "The hospital did not comment.\n\n"
        '"Nobody listens."'
    )
    found = find_claims(article(text))
    assert [(c.source_text(text), cut(text, c.cue), cut(text, c.content)) for c in found] == [
        ("Amara Diallo, a nurse", "said", "We have no more beds"),
        ("Amara Diallo, a nurse", '"', "Patients sleep on the floor."),
        ("Amara Diallo, a nurse", '"', "Some of them wait for days."),
    ]
    assert found[1].source == found[0].source


def test_a_continued_quotation_keeps_a_resolved_pronoun() -> None:
    text = (
        "Mayor Ines Duarte visited the flooded district.\n\n"
        '"This street was a river," she said. "We will rebuild it."'
    )
    found = find_claims(article(text))
    assert [cut(text, c.resolved) for c in found] == ["Ines Duarte", "Ines Duarte"]


def test_scare_quotes_and_nested_attributions_are_not_separate_claims() -> None:
    text = (
        'The ministry said it had struck what it called a "terrorist camp" near the border.\n\n'
        "Curator Lena Vos said letters showed that the painter was planning new work."
    )
    assert [cue for _, cue, _ in triples(text)] == ["said", "said"]


def test_what_something_called_is_a_labelled_claim() -> None:
    assert triples("Hundreds died in what the WHO called the worst outbreak in a decade.") == [
        ("the WHO", "called", "the worst outbreak in a decade")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The coach did not say whether he would resign.",
        "The company declined to confirm the figures.",
        "Neither the club nor the league have said how many fans were hurt.",
        "The bank added 500 jobs last year.",
        "The claim was rejected and a report on the state of the roads was published.",
        "Half the previous estimate was spent on the alleged attack.",
        "Additional reporting by Ana Costa; Editing by Tom Reid",
        "It did not give a death toll.",
        "The regulator has the final say on prices.",
        "The inspector asks written questions and holds hearings.",
        "Leaders agreed a new budget on Friday.",
        "Readers may find it useful to compare the two.",
    ],
)
def test_words_that_are_not_attributions(sentence: str) -> None:
    assert find_claims(article(sentence)) == []


def test_datelines_are_not_subjects() -> None:
    text = (
        "LIMA (Reuters) – The mining ministry suspended the permit on Monday, "
        "saying the dam was unsafe."
    )
    assert triples(text) == [("The mining ministry", "saying", "the dam was unsafe")]


def test_entities_widen_a_source_and_name_the_person_a_pronoun_means() -> None:
    text = (
        "Until Dawn Studios said the game would be delayed. Its founder, Berg, said costs "
        "rose.\n\nShe said the studio would survive."
    )
    without = find_claims(article(text))
    assert cut(text, without[0].source) == "Dawn Studios"
    assert cut(text, without[2].resolved) == "Its founder, Berg"
    studio = text.index("Until Dawn Studios")
    berg = text.index("Berg")
    entities = [
        Entity(studio, studio + len("Until Dawn Studios"), "ORG"),
        Entity(berg, berg + len("Berg"), "PERSON"),
    ]
    found = find_claims(article(text), entities)
    assert cut(text, found[0].source) == "Until Dawn Studios"
    assert cut(text, found[2].resolved) == "Berg"


def test_candidates_to_json_shape() -> None:
    text = (
        "Mayor Ines Duarte spoke.\n\nShe said the bridge would reopen. The council said it agreed."
    )
    records = candidates_to_json(find_claims(article(text)), text)
    assert records[0] == {
        "source": {
            "start": text.index("She"),
            "end": text.index("She") + 3,
            "text": "She",
            "resolved": {
                "start": text.index("Ines Duarte"),
                "end": text.index("Ines Duarte") + len("Ines Duarte"),
                "text": "Ines Duarte",
            },
        },
        "cue": {"start": text.index("said"), "end": text.index("said") + 4, "text": "said"},
        "content": {
            "start": text.index("the bridge"),
            "end": text.index(" would reopen") + len(" would reopen"),
            "text": "the bridge would reopen",
        },
        "score": records[0]["score"],
        "kind": "statement",
    }
    assert isinstance(records[0]["score"], float)
    assert "resolved" not in records[1]["source"]
    for record in records:
        for part in ("source", "cue", "content"):
            span = record[part]
            assert text[span["start"] : span["end"]] == span["text"]


def test_source_for_a_selection() -> None:
    text = (
        "Mayor Ines Duarte visited the port.\n\n"
        "She said the bridge would reopen in May. The weather was mild.\n\n"
        "Tourism rose 4%, according to the regional office."
    )
    story = article(text)
    inside = text.index("bridge would")
    assert source_for(story, inside, inside + 10) == "Ines Duarte"
    assert source_for(story, text.index("Tourism"), len(text)) == "the regional office"
    mild = text.index("The weather")
    assert source_for(story, mild, mild + 10) is None
    assert source_for(story, inside, inside) == "Ines Duarte"
    candidates = find_claims(story)
    assert source_for(story, inside, inside + 10, candidates=candidates) == "Ines Duarte"


def test_claims_command_prints_json_and_a_table(tmp_path, capsys) -> None:
    path = tmp_path / "story.txt"
    path.write_text(
        "Rescuers said 12 people were missing.\n\nThe army said at least 40 people were missing.\n",
        encoding="utf-8",
    )
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert run(parser.parse_args([str(path), "--ner", "off"])) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["source"]["text"] for r in records] == ["Rescuers", "The army"]
    assert run(parser.parse_args([str(path), "--ner", "rules", "--format", "table"])) == 0
    table = capsys.readouterr().out
    assert "Rescuers" in table and "The army" in table
    assert "Disagreement" in table and "12 people" in table
