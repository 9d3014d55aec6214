"""Word lists the claim finder reasons with: reporting verbs and the words around them.

Attribution in news prose is signalled by a small, stable vocabulary (PARC calls
these words cues). Each verb records what must follow it for the word to be a
cue rather than an ordinary verb or noun: "said" always reports speech, but
"added" only does so before a clause ("added that ...", "added the strikes
would go on"), never before an object ("added extra trains").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


def words(text: str) -> frozenset[str]:
    """A word list written as one string, one or more words a line."""
    return frozenset(text.split())


class Complement(Enum):
    """What must follow a reporting verb for it to count as a cue."""

    ANY = "any"
    """An object or a clause: "denied the report", "warned of floods", "said it had ..."."""
    CLAUSE = "clause"
    """A clause, a quotation or a colon: "added that ...", "wrote: ...", "found that ..."."""
    LISTENER = "listener"
    """A listener, then the message: "told reporters (that) ..."."""
    PARTICLE = "particle"
    """Only with a particle or a quoted label: "called for", "pointed out", "called it "..."."""


@dataclass(frozen=True, slots=True)
class CueVerb:
    lemma: str
    complement: Complement
    particles: tuple[str, ...] = ()
    """Particles that join the cue ("for" in "called for"); required for PARTICLE verbs."""


# Lemma, then its forms: base, third person, past, -ing, and an irregular past participle.
_VERBS: tuple[tuple[str, Complement, str, tuple[str, ...]], ...] = (
    ("say", Complement.ANY, "say says said saying", ()),
    ("tell", Complement.LISTENER, "tell tells told telling", ()),
    ("claim", Complement.ANY, "claim claims claimed claiming", ()),
    ("estimate", Complement.ANY, "estimate estimates estimated estimating", ()),
    ("deny", Complement.ANY, "deny denies denied denying", ()),
    ("condemn", Complement.ANY, "condemn condemns condemned condemning", ()),
    ("warn", Complement.ANY, "warn warns warned warning", ()),
    ("accuse", Complement.ANY, "accuse accuses accused accusing", ()),
    ("insist", Complement.ANY, "insist insists insisted insisting", ()),
    ("report", Complement.ANY, "report reports reported reporting", ()),
    ("confirm", Complement.ANY, "confirm confirms confirmed confirming", ()),
    ("announce", Complement.ANY, "announce announces announced announcing", ()),
    ("allege", Complement.ANY, "allege alleges alleged alleging", ()),
    ("admit", Complement.ANY, "admit admits admitted admitting", ()),
    ("acknowledge", Complement.ANY, "acknowledge acknowledges acknowledged acknowledging", ()),
    ("predict", Complement.ANY, "predict predicts predicted predicting", ()),
    ("forecast", Complement.ANY, "forecast forecasts forecasted forecasting", ()),
    ("promise", Complement.ANY, "promise promises promised promising", ()),
    ("vow", Complement.ANY, "vow vows vowed vowing", ()),
    ("pledge", Complement.ANY, "pledge pledges pledged pledging", ()),
    ("urge", Complement.ANY, "urge urges urged urging", ()),
    ("blame", Complement.ANY, "blame blames blamed blaming", ()),
    ("expect", Complement.ANY, "expect expects expected expecting", ()),
    ("fear", Complement.ANY, "fear fears feared fearing", ()),
    ("welcome", Complement.ANY, "welcome welcomes welcomed welcoming", ()),
    ("criticise", Complement.ANY, "criticise criticises criticised criticising", ()),
    ("criticize", Complement.ANY, "criticize criticizes criticized criticizing", ()),
    ("question", Complement.ANY, "question questions questioned questioning", ()),
    ("complain", Complement.ANY, "complain complains complained complaining", ()),
    ("reject", Complement.ANY, "reject rejects rejected rejecting", ()),
    ("think", Complement.CLAUSE, "think thinks thought thinking", ()),
    ("hope", Complement.CLAUSE, "hope hopes hoped hoping", ()),
    ("doubt", Complement.CLAUSE, "doubt doubts doubted doubting", ()),
    ("add", Complement.CLAUSE, "add adds added adding", ()),
    ("note", Complement.CLAUSE, "note notes noted noting", ()),
    ("state", Complement.CLAUSE, "state states stated stating", ()),
    ("explain", Complement.CLAUSE, "explain explains explained explaining", ()),
    ("argue", Complement.CLAUSE, "argue argues argued arguing", ()),
    ("stress", Complement.CLAUSE, "stress stresses stressed stressing", ()),
    ("emphasise", Complement.CLAUSE, "emphasise emphasises emphasised emphasising", ()),
    ("emphasize", Complement.CLAUSE, "emphasize emphasizes emphasized emphasizing", ()),
    ("reiterate", Complement.CLAUSE, "reiterate reiterates reiterated reiterating", ()),
    ("reveal", Complement.CLAUSE, "reveal reveals revealed revealing", ()),
    ("declare", Complement.CLAUSE, "declare declares declared declaring", ()),
    ("suggest", Complement.CLAUSE, "suggest suggests suggested suggesting", ()),
    ("believe", Complement.CLAUSE, "believe believes believed believing", ()),
    ("find", Complement.CLAUSE, "find finds found finding", ()),
    ("conclude", Complement.CLAUSE, "conclude concludes concluded concluding", ()),
    ("rule", Complement.CLAUSE, "rule rules ruled ruling", ()),
    ("show", Complement.CLAUSE, "show shows showed showing shown", ()),
    ("write", Complement.CLAUSE, "write writes wrote writing written", ()),
    ("reply", Complement.CLAUSE, "reply replies replied replying", ()),
    ("tweet", Complement.CLAUSE, "tweet tweets tweeted tweeting", ()),
    ("dispute", Complement.ANY, "dispute disputes disputed disputing", ()),
    ("cite", Complement.ANY, "cite cites cited citing", ()),
    ("oppose", Complement.CLAUSE, "oppose opposes opposed opposing", ()),
    ("agree", Complement.CLAUSE, "agree agrees agreed agreeing", ()),
    ("remind", Complement.LISTENER, "remind reminds reminded reminding", ()),
    ("call", Complement.PARTICLE, "call calls called calling", ("for", "on", "upon")),
    ("ask", Complement.PARTICLE, "ask asks asked asking", ("for",)),
    ("point", Complement.PARTICLE, "point points pointed pointing", ("out",)),
    ("appeal", Complement.PARTICLE, "appeal appeals appealed appealing", ("for",)),
)

CUE_FORMS: dict[str, CueVerb] = {
    form: CueVerb(lemma, complement, particles)
    for lemma, complement, forms, particles in _VERBS
    for form in forms.split()
}
"""Every inflected form of a reporting verb -> the verb."""

ING_FORMS = frozenset(form for form in CUE_FORMS if form.endswith("ing"))
PAST_FORMS = frozenset(
    form for _, _, forms, _ in _VERBS for index, form in enumerate(forms.split()) if index in (2, 4)
)
PERFECT_ONLY_FORMS = frozenset(
    forms.split()[4] for _, _, forms, _ in _VERBS if len(forms.split()) > 4
)
"""Irregular participles ("written") that report speech only after has/have/had;
elsewhere they describe a noun ("written questions")."""
NOUN_LIKE_FORMS = words(
    """claim claims estimate estimates report reports promise promises fear fears
    note notes state states question questions ruling rulings rule rules show shows
    call calls appeal appeals finding findings forecast forecasts tweet tweets
    pledge pledges vow vows welcome reply replies blame say dispute disputes hope hopes
    doubt doubts thought"""
)
"""Forms that are often nouns ("a claim", "the report"): cues only after a subject."""

PASSIVE_REPORTS = words(
    "reported said estimated claimed alleged believed feared expected announced confirmed"
)
"""Verbs of the impersonal passive "it was reported that ..."."""

BE_FORMS = words("is are was were be been being")
AUXILIARIES = BE_FORMS | words(
    "has have had having do does did will would shall should can could may might must"
)
PRE_CUE_WORDS = words(
    """has have had do does did will would could may might also later earlier previously then
    again repeatedly publicly officially both all long since first initially originally
    separately now already once reportedly privately subsequently quickly recently twice"""
)
"""Words between a source and its verb ("Wagner did say", "officials have long feared")."""

NEGATIONS = words("not never no neither nor cannot")
DETERMINERS = words("the a an this these those its his her their our my your every each another no")
"""Words after which a reporting-verb form is a noun or an adjective ("the alleged attack")."""

SUBORDINATORS = words(
    """while though although whereas because since after before when if unless until
    where whereby but yet so than as whether"""
)
"""Words that open a new clause: a source never reaches back past one."""

RELATIVES = words("who whom which that whose")
COORDINATORS = words("and but or")
LEADING_ADVERBIALS = words(
    """in on at after before during with among under for from speaking asked citing
    meanwhile however separately later earlier also but and yet still instead now today
    yesterday last late early by since despite amid following like unlike further elsewhere
    nearby there here back outside inside across along around beyond near down up"""
)
"""First words of a phrase that comes before a subject ("In a statement, the army said")."""

ADVERBIAL_WORDS = words(
    """in on at by via through during after before from late early earlier later last this
    that next over under with without while when again also today yesterday tonight"""
)
"""Words that start a circumstance after a cue ("said on Tuesday", "told reporters in Lagos")."""

TIME_WORDS = words(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december jan feb mar apr jun jul aug sep
    sept oct nov dec week weekend month year morning afternoon evening night day"""
)

PRONOUN_SOURCES = words("he she it they")
PERSON_PRONOUNS = words("he she")

PERSON_NOUNS = words(
    """spokesman spokeswoman spokesperson official officer minister president premier
    chancellor secretary director manager executive chief chairman chairwoman chair ceo
    leader head commander general colonel captain lieutenant sergeant governor mayor senator
    representative lawmaker mp ambassador diplomat envoy judge lawyer attorney prosecutor
    analyst expert economist scientist researcher professor doctor nurse teacher farmer
    trader resident witness survivor victim man woman boy girl son daughter father mother
    wife husband brother sister uncle aunt member founder curator administrator coach
    player driver pilot engineer worker activist campaigner candidate source person
    strategist adviser advisor consultant correspondent reporter journalist editor
    mr mrs ms dr prof sir dame lord lady king queen prince princess pope bishop imam"""
)
"""Head nouns of a person ("a spokesman for", "the minister")."""

ORG_NOUNS = words(
    """army military ministry government group company firm police agency party junta
    council office department committee commission union court bank authority
    administration organisation organization alliance coalition campaign movement network
    service embassy institute university hospital board bureau parliament congress senate
    cabinet presidency regime operator airline carrier regulator watchdog association
    federation league club team museum school charity foundation fund mission force navy
    command unit division corporation business newspaper broadcaster channel station
    website outlet magazine monitor lab laboratory centre center project programme program
    statement report bulletin survey study filing filings data results poll"""
)
"""Head nouns of an organisation or document, referred to as "it"."""

NAME_PARTICLES = words("von van der de del della di du la le al bin ben da dos")
TITLE_WORDS = words(
    """president minister prime chancellor secretary director chief executive chairman
    leader head commander general governor mayor senator representative ambassador judge
    spokesman spokeswoman spokesperson curator administrator official officer manager
    council mr mrs ms dr prof sir mp"""
)
"""Words of a title that comes before a name ("Council leader James Lewis")."""

PARTICIPLE_MODIFIERS = words(
    """known based led backed affiliated aligned linked allied funded owned run called named
    chaired headed founded"""
)
"""Participles that describe a noun inside a subject ("a group known as ...")."""

IRREGULAR_PAST = words(
    """lost won took made gave held left fell rose hit cut set met led ran saw came went got
    paid sold bought built kept brought began became grew fought struck spent sent put shot
    drew broke chose thought knew felt stood threw flew drove rode wore bore swore tore
    forgot hid bit fed fled sought taught caught sat slept spoke stole stuck swept swung
    understood withdrew overtook undertook mistook"""
)
"""Past-tense verbs without "-ed": they mark a clause, not part of a subject."""

ING_SOURCE_NOUNS = words(
    "statement letter post message video note report filing document tweet email"
)
"""Nouns that can report speech through an -ing form ("a statement saying ...")."""
