"""The cues of attribution by lemma, for the parser path: what each word reports, and
where its content is.

PARC-style attribution (what PolNeAR annotates) covers more than speech: beliefs
("believes", "fears", "sees X as Y"), intentions ("wants", "plans to", "refuses
to"), judgements ("praised", "criticised", "called X a liar") and the nouns of
these acts ("his claim that", "her plan to", "criticism of"). The parser gives
the lemma, the part of speech and the dependents; this table says which
dependents hold the content. The classes are the verb classes of English
grammar (communication, cognition, volition, judgement), not words collected
from any one corpus.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from tui_reader.nlp.claim_lexicon import words


class ClaimKind(Enum):
    """What kind of attribution a suggestion is; a fact-checker treats them differently."""

    STATEMENT = "statement"
    """Something said or written: checkable against the record."""
    BELIEF = "belief"
    """Something thought, believed, feared or expected."""
    INTENTION = "intention"
    """Something wanted, planned or refused: a stance, not a fact."""


class Frame(Enum):
    """Where a cue's content is, among its dependents."""

    CLAUSE = "clause"
    """A clause or a quotation ("said (that) ...", "believes ..."), never a plain object."""
    OBJECT = "object"
    """An object or a clause ("denied the report", "praised her response")."""
    LISTENER = "listener"
    """A listener, then the message ("told reporters (that) ...", "urged voters to ...")."""
    INFINITIVE = "infinitive"
    """A to-infinitive or an object ("wants to run", "wants a wall")."""
    NAMING = "naming"
    """An object with what it is called or seen as ("called X a liar", "sees X as Y")."""
    PREPOSITION = "preposition"
    """Only what follows a preposition ("voted for", "campaigned against")."""
    QUOTATION = "quotation"
    """Only a quotation or what follows a colon ('"...," he continued')."""


@dataclass(frozen=True, slots=True)
class Cue:
    kind: ClaimKind
    frame: Frame
    prepositions: frozenset[str] = frozenset()
    """Prepositions whose object is the content ("talked about", "called for")."""
    strength: float = 0.8
    """How sure a suggestion with this cue is (0-1)."""
    animate: bool = True
    """The source must be someone (a person, a group, an organisation), not a thing:
    "the ballot defending" is no attribution. Verbs of saying and showing also take
    documents ("the report said", "the poll shows")."""


def _cues(
    kind: ClaimKind,
    frame: Frame,
    lemmas: str,
    prepositions: str = "",
    strength: float = 0.8,
    animate: bool = True,
) -> dict[str, Cue]:
    cue = Cue(kind, frame, words(prepositions), strength, animate)
    return dict.fromkeys(lemmas.split(), cue)


_S, _B, _I = ClaimKind.STATEMENT, ClaimKind.BELIEF, ClaimKind.INTENTION

VERB_CUES: dict[str, Cue] = {
    # Communication: the content is a clause or a quotation, never a plain object
    # ("said goodbye", "wrote the letter", "claimed victory"); documents speak too.
    **_cues(
        _S,
        Frame.CLAUSE,
        """say add write claim insist state reply respond answer concede assert
        contend maintain remark comment testify stress emphasize emphasise joke quip boast
        brag conclude counter retort observe hint imply speculate exclaim muse concur affirm
        lament marvel opine posit reason vouch swear guarantee wonder complain rule email
        retweet reaffirm bemoan regret weigh""",
        "about of",
        0.9,
        animate=False,
    ),
    **_cues(_S, Frame.CLAUSE, "show find indicate", "", 0.75, animate=False),
    **_cues(_S, Frame.CLAUSE, "talk speak", "about of", 0.75),
    **_cues(_S, Frame.CLAUSE, "argue", "for against about", 0.9, animate=False),
    **_cues(_S, Frame.CLAUSE, "warn caution", "about of against", 0.85, animate=False),
    **_cues(_S, Frame.QUOTATION, "continue", "", 0.8),
    # Communication whose object is what is told ("announced his candidacy").
    **_cues(
        _S,
        Frame.OBJECT,
        """announce declare reveal report confirm predict estimate mention cite acknowledge note
        admit recall repeat reiterate explain suggest forecast proclaim express discuss
        outline unveil invoke publish tweet post release issue voice disclose list quote
        reference""",
        "about of",
        0.85,
        animate=False,
    ),
    # Communication addressed to someone: the first object is the listener.
    **_cues(
        _S,
        Frame.LISTENER,
        "tell inform remind assure urge ask advise implore beg encourage press challenge",
        "about for",
        0.85,
    ),
    # Promises and demands: a clause, a to-infinitive or what is promised or demanded.
    **_cues(_S, Frame.INFINITIVE, "promise pledge vow threaten demand propose recommend", "", 0.85),
    # Judgements: the content is what is judged.
    **_cues(
        _S,
        Frame.OBJECT,
        """praise criticize criticise blame accuse deny reject dismiss defend oppose slam
        blast denounce decry condemn question dispute describe label brand dub mock ridicule
        applaud hail laud tout chide rebuke scold fault lambaste lambast excoriate berate
        disparage deride belittle champion characterize characterise portray liken echo
        highlight refute contradict debunk rebut disavow repudiate disown attack knock bash
        thank congratulate compare distort ignore credit underscore satirize satirise
        lampoon skewer assail castigate chastise reproach denigrate vilify demonize
        demonise smear malign insult taunt downplay minimize minimise""",
        "for of as to against",
        0.75,
    ),
    **_cues(_S, Frame.PREPOSITION, "rail", "against at", 0.75),
    **_cues(_S, Frame.OBJECT, "refer point", "to", 0.7),
    **_cues(_S, Frame.NAMING, "name identify call", "for on", 0.75),
    # Stances: whom or what someone stands for or against.
    **_cues(_I, Frame.OBJECT, "endorse support favor favour back advocate", "for", 0.65),
    **_cues(_I, Frame.PREPOSITION, "vote push lobby campaign", "for against", 0.65),
    # Cognition: beliefs, knowledge, expectations.
    **_cues(
        _B,
        Frame.CLAUSE,
        """think believe know feel fear expect doubt suspect assume realize realise understand
        worry imagine guess trust remember reckon presume suppose foresee anticipate sense
        agree disagree hope learn recognize recognise""",
        "about of",
        0.75,
    ),
    **_cues(_B, Frame.OBJECT, "like love hate dislike accept perceive", "", 0.6),
    **_cues(_B, Frame.NAMING, "see view regard consider deem", "", 0.65),
    **_cues(_B, Frame.INFINITIVE, "seem appear", "", 0.5),
    # Volition: wants, plans and refusals.
    **_cues(_I, Frame.INFINITIVE, "want plan intend wish prefer desire", "for", 0.7),
    **_cues(
        _I, Frame.CLAUSE, "decide refuse decline aspire strive hesitate seek offer opt", "", 0.7
    ),
}
"""Verb lemma -> what it reports and where its content is."""

PHRASAL_CUES: dict[tuple[str, str], Cue] = {
    **dict.fromkeys(
        [
            ("point", "out"),
            ("spell", "out"),
            ("lay", "out"),
            ("rule", "out"),
            ("speak", "out"),
            ("shoot", "back"),
            ("fire", "back"),
            ("hit", "back"),
            ("push", "back"),
        ],
        Cue(_S, Frame.OBJECT, words("against on about at"), 0.75, False),
    ),
    **dict.fromkeys(
        [
            ("brush", "off"),
            ("brush", "aside"),
            ("shrug", "off"),
            ("wave", "off"),
            ("play", "down"),
            ("play", "up"),
            ("talk", "up"),
            ("single", "out"),
            ("lash", "out"),
        ],
        Cue(_S, Frame.OBJECT, words("against at"), 0.7),
    ),
    **dict.fromkeys(
        [("weigh", "in"), ("chime", "in"), ("sound", "off")],
        Cue(_S, Frame.CLAUSE, words("on about"), 0.75),
    ),
}
"""Verb and particle -> the cue they make together ("pointed out", "brushed off")."""

NOUN_CUES: dict[str, Cue] = {
    **_cues(
        _S,
        Frame.CLAUSE,
        """statement claim assertion argument suggestion warning accusation allegation charge
        announcement comment remark testimony prediction message admission acknowledgment
        acknowledgement denial complaint insistence contention assurance promise pledge vow
        threat explanation response answer reply report finding case call demand proposal
        plea question""",
        "of for about against to that",
        0.7,
    ),
    **_cues(
        _S,
        Frame.OBJECT,
        """criticism praise attack endorsement defense defence condemnation rejection
        dismissal support opposition""",
        "of for on to against",
        0.6,
    ),
    **_cues(
        _B,
        Frame.CLAUSE,
        """belief view fear hope concern worry doubt suspicion conviction expectation opinion
        idea notion sense assessment skepticism scepticism confidence""",
        "of about that in on over",
        0.6,
    ),
    **_cues(
        _I,
        Frame.INFINITIVE,
        "plan decision intention desire refusal goal wish bid effort push",
        "for",
        0.6,
    ),
}
"""Noun lemma -> what it reports: "her claim that", "his plan to", "criticism of"."""

MEDIA = words(
    """statement comment message video photo picture image tweet post link letter op-ed
    column piece article book ad advertisement transcript email release report"""
)
"""Objects that carry words rather than being them ("released a statement", "posted a
video"): the content is what they say, found from the noun."""

DOCUMENTS = words(
    """poll survey study report analysis data research review investigation audit count tally
    memo letter filing document record ad advertisement statement release email figure number
    result estimate projection model forecast census"""
)
"""Sources that are documents: what they show or find may be a plain object ("the poll
found [Trump ahead]")."""

ADJECTIVE_CUES: dict[str, Cue] = {
    **_cues(
        _B,
        Frame.CLAUSE,
        """critical supportive opposed confident sure certain convinced worried concerned
        hopeful skeptical sceptical optimistic pessimistic adamant aware proud angry upset
        furious frustrated wary leery fearful afraid happy glad pleased satisfied
        disappointed unhappy uneasy mistrustful suspicious dismissive hostile open
        enthusiastic cautious nervous""",
        "of about to that in by with at over on",
        0.6,
    ),
    **_cues(
        _I,
        Frame.INFINITIVE,
        "eager determined willing ready reluctant unwilling keen quick careful",
        "on",
        0.6,
    ),
}
"""Adjectives of attitude after a copula ("[X] is critical of", "[they] are eager to")."""
COPULAS = words("be seem remain become appear sound look feel grow stay")

LIGHT_VERBS = words(
    """ask cast have make express voice issue release offer give raise share deliver take put
    lay present
    reiterate repeat renew launch level hurl lodge file air post publish send unveil outline
    sound"""
)
"""Verbs whose subject is the source of the cue noun they govern ("[X] voiced concern that")."""

SPEAKER_WORDS = words(
    """he she they we i you who whom it him her them us me those these everyone everybody
    someone somebody nobody anyone one some many others both all most few several each
    people public crowd audience electorate majority minority staff team side camp
    establishment leadership media press base
    critics opponents allies aides supporters conservatives liberals progressives moderates
    americans democrats republicans independents evangelicals percent half majorities
    friend friends rival rivals boss bosses faction factions scholar scholars panel state
    states country countries nation nations city delegates superdelegates tycoon family
    families group groups"""
)
"""Words that name someone who can speak, think or want, beyond names and person nouns."""
PERSON_ENDINGS = (
    *("er", "ers", "or", "ors", "ist", "ists", "ian", "ians", "ant", "ants", "ent", "ents"),
    *("ee", "ees", "man", "men", "woman", "women"),
)
"""Endings of nouns for people ("voter", "strategist", "politician", "consultant")."""
NOT_PEOPLE = words(
    """paper order center centre number power letter matter water border cover event content
    moment statement agreement element amount plant giant percent cent comment president's
    quarter chapter corner character layer member's banner barrier career computer dollar
    filter hour manner measure pointer poster prayer register seminar summer winter
    whatever however never ever other either neither together rather further weather
    answer error offer major minor factor sector mirror honor honour tremor rumor rumour
    ban plan spent account argument environment movement treatment department document
    instrument investment payment requirement settlement development management
    government parliament incident accident"""
)
"""Words with those endings that are not people ("the paper", "the border")."""
