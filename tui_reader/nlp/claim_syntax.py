"""Attributions read off a dependency parse: the parser path of the claim finder.

spaCy's tagger and parser say what the word lists of the rule path can only
guess: that "rules" in "the new rules" is a noun, that "Friday" in '"...," she
said Friday' is a time and not the content, where a subject with an apposition
("Sen. Jane Roe (D-Ore.), who chairs the panel,") ends. Each cue (`claim_cues`)
finds its content among its dependents (a clause, an object, a to-infinitive,
the object of a preposition) and its source in its subject, climbing through
participles, coordinated and controlled verbs ("..., saying", "and added",
"went on to say") and relative clauses ("who said" -> the noun it belongs to).

Everything here works on one parsed paragraph (a spaCy `Doc`) and answers in
character offsets of that paragraph; `claim_parser` places them in the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui_reader.document import Span
from tui_reader.nlp.claim_cues import (
    ADJECTIVE_CUES,
    COPULAS,
    DOCUMENTS,
    LIGHT_VERBS,
    MEDIA,
    NOT_PEOPLE,
    NOUN_CUES,
    PERSON_ENDINGS,
    PHRASAL_CUES,
    SPEAKER_WORDS,
    VERB_CUES,
    ClaimKind,
    Cue,
    Frame,
)
from tui_reader.nlp.claim_lexicon import ORG_NOUNS, PERSON_NOUNS, TIME_WORDS, words
from tui_reader.nlp.claim_text import Quotation, find_quotations

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as Sentence

_SUBJECTS = frozenset({"nsubj", "csubj"})
_CLIMB = frozenset({"xcomp", "advcl", "conj", "acl", "dep"})
"""Dependencies through which a verb borrows the subject of its head."""
_RELATIVES = words("who which that whom")
_EMPTY_OBJECTS = words("it this that so something anything nothing much more")
"""Objects that are no content of their own ("said so", "denied it")."""
_EXPLETIVES = words("it there")
_NOT_UNATTRIBUTED = words("ask tell call name show find describe see")
"""Passives whose subject is the one spoken to or of ("he was asked", "she was called")."""
_FLOATING = words("both all each alone themselves himself herself itself")
"""Words after a subject that are not part of its name ("Mali and Wagner both said")."""
_TRIM = frozenset(" ,;:.!?-–—\t\r\n")
_MIN_QUOTATION_WORDS = 3
"""A quotation continuing a speaker's words needs this many words (not a scare quote)."""


@dataclass(frozen=True, slots=True)
class Found:
    """An attribution in one paragraph: character offsets within it."""

    source: Span
    cue: Span
    content: Span
    kind: ClaimKind
    score: float
    antecedent: Span | None = None
    """For a relative pronoun source ("who"), the noun phrase it stands for."""
    quoted: bool = False
    """The content is a quotation (its speaker may go on in the next one)."""


def paragraph_attributions(doc: Doc) -> list[Found]:
    """Every attribution of a parsed paragraph, in text order, none inside another's content."""
    quotations = find_quotations(doc.text, 0, len(doc.text))
    found: list[Found] = []
    for sentence in doc.sents:
        found.extend(_sentence_attributions(sentence, quotations))
    found.sort(key=lambda f: (f.cue, f.content))
    return outermost(found)


def outermost(found: list[Found]) -> list[Found]:
    """Drop attributions whose cue lies inside another's content ("X said [Y thinks Z]").

    Each token belongs to one attribution in PARC; the outer one carries the
    nested one in its content, which is how a reader meets it.
    """
    kept = []
    for candidate in found:
        inside = any(
            other is not candidate
            and other.content[0] <= candidate.cue[0] < other.content[1]
            and (other.content[1] - other.content[0])
            > (candidate.content[1] - candidate.content[0])
            for other in found
        )
        if not inside:
            kept.append(candidate)
    return kept


def _sentence_attributions(sentence: Sentence, quotations: list[Quotation]) -> Iterator[Found]:
    text = sentence.doc.text
    for token in sentence:
        if _in_quotation(token, quotations):
            continue
        if token.lower_ == "according" and token.i + 1 < len(token.doc):
            found = _according(token, sentence, quotations)
        elif _as_verb(token) and (phrasal := _phrasal(token)):
            found = _verb(token, phrasal, sentence, quotations)
        elif _as_verb(token) and (lemma := _lemma(token, VERB_CUES)):
            found = _verb(token, VERB_CUES[lemma], sentence, quotations)
        elif token.pos_ == "NOUN" and (lemma := _lemma(token, NOUN_CUES)):
            found = _noun(token, NOUN_CUES[lemma], quotations)
        elif token.dep_ == "acomp" and token.lower_ in ADJECTIVE_CUES:
            found = _adjective(token, ADJECTIVE_CUES[token.lower_], quotations)
        else:
            found = None
        if found is not None and _sound(found, text):
            yield found


def negated(token: Token) -> bool:
    """ "did not say", "Neither X nor Y have said"."""
    if any(c.dep_ == "neg" for c in token.children):
        return True
    subject = next((c for c in token.children if c.dep_ in _SUBJECTS), None)
    return subject is not None and any(
        t.lower_ in ("neither", "nobody", "none") for t in subject.subtree
    )


def _phrasal(token: Token) -> Cue | None:
    """The cue a verb makes with its particle ("pointed out", "brushed aside")."""
    particle = next((c.lower_ for c in token.children if c.dep_ == "prt"), None)
    if particle is None:
        return None
    return PHRASAL_CUES.get((token.lemma_.lower(), particle))


def _as_verb(token: Token) -> bool:
    """A verb, or a word the tagger called a noun but the parser gave a subject
    ("Democrats plan to release ...")."""
    if token.pos_ in ("VERB", "AUX"):
        return True
    return token.pos_ == "NOUN" and any(c.dep_ == "nsubj" for c in token.children)


def _lemma(token: Token, table: dict[str, Cue]) -> str | None:
    """The token's lemma if the table knows it; the lemmatiser's slips ("hopes" -> "hop")
    are caught by undoing the regular endings of the word itself."""
    lemma = token.lemma_.lower()
    if lemma in table:
        return lemma
    word = token.lower_
    for ending, replacement in _ENDINGS:
        guess = word[: len(word) - len(ending)] + replacement
        if word.endswith(ending) and guess in table:
            return guess
    return None


_ENDINGS = (
    *(("ies", "y"), ("ied", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", "")),
    *(("ing", "e"), ("ing", ""), ("s", "")),
)


def _sound(found: Found, text: str) -> bool:
    """Source and cue do not overlap, nor cut into the content (which may hold them
    whole, as in "The deal, she said, is dead"), and the content says something."""
    source, cue, content = found.source, found.cue, found.content
    if _cuts(source, cue) or _cuts(cue, content) or _cuts(source, content):
        return False
    if content[0] <= cue[0] and cue[1] <= content[1]:
        outside = (
            text[content[0] : min(cue[0], source[0])] + text[max(cue[1], source[1]) : content[1]]
        )
    else:
        outside = text[content[0] : content[1]]
    return len(outside.split()) >= 1


def _cuts(inner: Span, outer: Span) -> bool:
    """Do two spans overlap without one holding the other whole?"""
    overlap = inner[0] < outer[1] and outer[0] < inner[1]
    holds = (outer[0] <= inner[0] and inner[1] <= outer[1]) or (
        inner[0] <= outer[0] and outer[1] <= inner[1]
    )
    return overlap and not holds


def _in_quotation(token: Token, quotations: list[Quotation]) -> bool:
    return any(q.start < token.idx < q.end for q in quotations)


# Verbs -----------------------------------------------------------------------------------


def _verb(token: Token, cue: Cue, sentence: Sentence, quotations: list[Quotation]) -> Found | None:
    if token.pos_ == "AUX" and token.dep_ not in ("ROOT", "ccomp", "conj", "parataxis"):
        return None
    passive = any(child.dep_ in ("auxpass", "nsubjpass") for child in token.children)
    if passive:
        return _passive(token, cue, quotations)
    if token.tag_ == "VBN" and any(c.dep_ == "agent" for c in token.children):
        return _as_reported(token, cue, sentence, quotations)
    if token.tag_ == "VBN" and token.dep_ in ("amod", "acl") and token.head.pos_ == "NOUN":
        return None  # "the alleged attack", "a plan announced last week"
    if _phrasal(token) is None and any(c.dep_ == "prt" for c in token.children):
        return None  # "called off", "showed up": another verb than the cue
    if cue.kind is ClaimKind.STATEMENT and negated(token):
        return None  # "did not say how many": no claim made
    before = _quotation_before(token, quotations)
    subject = _subject(token)
    if subject is None and before is not None:
        subject = _speaker_after_quotation(token, before)
    if subject is None:
        subject = _apposed_subject(token)
    if subject is None or (subject.lower_ in _EXPLETIVES and subject.dep_ == "expl"):
        return None
    if cue.animate and not is_speaker(subject):
        return None
    if cue.frame is Frame.INFINITIVE and cue.kind is ClaimKind.BELIEF and subject.lower_ == "it":
        return None  # "it seems to be", not an opinion of anyone
    if cue.kind is ClaimKind.INTENTION and subject.lower_ in _RELATIVES:
        return None  # "voters who back Cruz" describes the voters
    source, antecedent = source_span(subject, token)
    cue_place = cue_span(token)
    content = _complement(token, cue, quotations)
    if content is not None and content[1] <= cue_place[0] and before is None:
        # "The argument would be aided, Devine said, by the calendar": around the cue
        content = _interrupted(sentence, source, cue_place) or content
    quoted = False
    if content is None and before is not None and cue.frame is not Frame.INFINITIVE:
        content, quoted = before.inner, True
    if content is None and cue.frame is not Frame.QUOTATION:
        content = _prepositional(token, cue) or _relative_head(token)
        if content is None:
            content = _interrupted(sentence, source, cue_place)
    if content is None:
        content = _after_colon(token, quotations)
    if content is None:
        return None
    content, quoted_inside = widen_to_quotation(content, quotations, token.doc)
    return Found(
        source,
        cue_place,
        _trim(token.doc.text, content),
        cue.kind,
        cue.strength,
        antecedent,
        quoted or quoted_inside,
    )


def _passive(token: Token, cue: Cue, quotations: list[Quotation]) -> Found | None:
    """ "The move was first reported by MSNBC": the source is the agent, the content the subject."""
    agent = next((c for c in token.children if c.dep_ == "agent"), None)
    source = None if agent is None else next((c for c in agent.children if c.dep_ == "pobj"), None)
    if agent is not None and source is None:
        return None
    subject = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
    content = _complement(token, cue, quotations)
    if source is None:
        return _unattributed(token, cue, subject, content, quotations)
    if content is None:
        if subject is None:
            return None
        content = _subtree_span(subject)
    content, _ = widen_to_quotation(content, quotations)
    return Found(
        _subtree_span(source),
        cue_span(token),
        _trim(token.doc.text, content),
        cue.kind,
        cue.strength - 0.1,
    )


def _unattributed(
    token: Token,
    cue: Cue,
    subject: Token | None,
    content: Span | None,
    quotations: list[Quotation],
) -> Found | None:
    """ "Clinton is expected to win", "It is believed that ...": a claim the text gives
    no source for; its source is left empty, where the cue is."""
    if cue.kind is ClaimKind.INTENTION or token.lemma_.lower() in _NOT_UNATTRIBUTED:
        return None
    if subject is not None and subject.lower_ == "it":
        if content is None:
            return None  # "it was announced" with nothing said
    elif subject is not None and content is not None:
        content = _join(_subtree_span(subject), content)  # "[Clinton] is expected [to win]"
    elif subject is not None and cue.frame is Frame.OBJECT:
        content = _subtree_span(subject)  # "[the deal] was announced"
    if content is None:
        return None
    content, quoted = widen_to_quotation(content, quotations)
    cue_place = cue_span(token)
    return Found(
        (cue_place[0], cue_place[0]),
        cue_place,
        _trim(token.doc.text, content),
        cue.kind,
        0.5,
        None,
        quoted,
    )


def _as_reported(
    token: Token, cue: Cue, sentence: Sentence, quotations: list[Quotation]
) -> Found | None:
    """ "As reported by X, there are ...": the agent speaks, the clause around is said."""
    agent = next(c for c in token.children if c.dep_ == "agent")
    source = next((c for c in agent.children if c.dep_ == "pobj"), None)
    if source is None or token.dep_ != "advcl":
        return None
    doc = token.doc
    first, last = token.left_edge.i, token.right_edge.i
    if first == sentence.start and last + 1 < sentence.end:
        content = doc[last + 1].idx, sentence.end_char
    elif first > sentence.start:
        content = sentence.start_char, doc[first - 1].idx + len(doc[first - 1].text)
    else:
        return None
    content, quoted = widen_to_quotation(content, quotations)
    return Found(
        _subtree_span(source),
        cue_span(token),
        _trim(doc.text, content),
        cue.kind,
        cue.strength - 0.1,
        None,
        quoted,
    )


def _subject(token: Token) -> Token | None:
    """The verb's subject, or the subject it borrows ("X went on to say", "..., saying")."""
    seen = 0
    while seen < 6:
        seen += 1
        subject = next((c for c in token.children if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            return subject
        if token.dep_ == "acl" and token.tag_ == "VBG":
            return _issuer(token.head)  # "[the council] issued a statement saying"
        if token.dep_ == "relcl":
            return token.head  # "the senator who said" (handled below)
        if token.dep_ in _CLIMB and token.head is not token:
            token = token.head
            continue
        if token.dep_ == "pcomp" and token.head.dep_ == "prep":
            token = token.head.head  # "[Husted] continued by saying"
            continue
        return None
    return None


def _issuer(noun: Token) -> Token:
    """Who put out the statement, letter or video a participle reports ("The council
    issued a statement saying ..."): the subject of the verb it is the object of."""
    if noun.lemma_.lower() in MEDIA and noun.dep_ == "dobj":
        subject = next((c for c in noun.head.children if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            return subject
    return noun


def source_span(subject: Token, cue: Token) -> tuple[Span, Span | None]:
    """The source as written, and for a relative pronoun the phrase it stands for."""
    if subject.lower_ in _RELATIVES and subject.head.dep_ == "relcl":
        antecedent = subject.head.head
        return _token_span(subject), _phrase_without(antecedent, subject.head)
    if subject is cue.head and cue.dep_ in ("relcl", "acl"):
        return _phrase_without(subject, cue), None
    return _phrase_without(subject, cue), None


def _phrase_without(head: Token, cut: Token) -> Span:
    """A noun phrase: the subtree of its head, stopped before the cue's own subtree
    (and after a dateline the parser took into it)."""
    left, right = head.left_edge.i, head.right_edge.i
    if cut.left_edge.i > head.i:
        right = min(right, cut.left_edge.i - 1)
    elif cut.right_edge.i < head.i:
        left = max(left, cut.right_edge.i + 1)
    doc = head.doc
    while right > left and (
        (doc[right].is_punct and doc[right].text != ")") or doc[right].lower_ in _FLOATING
    ):
        right -= 1
    while left < right and doc[left].is_punct:
        left += 1
    closing = doc[right].text == ")" and "(" not in doc[left:right].text
    if closing:
        right -= 1
    return after_dateline(doc.text, (doc[left].idx, doc[right].idx + len(doc[right].text)))


def _complement(token: Token, cue: Cue, quotations: list[Quotation]) -> Span | None:
    """The content among the cue's dependents, by the cue's frame.

    A verb of saying takes no plain object as its content ("said goodbye", "wrote
    the letter"), except a quotation ('answered "Denver"') or what a document
    shows ("the poll showed [Trump with a lead]").
    """
    children = list(token.children)
    clauses = [c for c in children if c.dep_ == "ccomp"]
    if clauses:  # "said that A, and that B": the second clause hangs on the verb
        clauses += [
            c
            for c in children
            if c.dep_ == "conj" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        ]
    clause = clauses[0] if clauses else None
    infinitive = next((c for c in children if c.dep_ == "xcomp"), None)
    obj = next((c for c in children if c.dep_ == "dobj"), None)
    if obj is not None and obj.lower_ in _RELATIVES and token.dep_ == "relcl":
        return _phrase_without(token.head, token)  # "the deal, which Mali invoked"
    if obj is not None and (obj.lower_ in _EMPTY_OBJECTS or _is_time(obj)):
        obj = None
    frame = cue.frame
    if frame in (Frame.PREPOSITION, Frame.QUOTATION):
        return None
    if frame is Frame.NAMING:
        named = obj is not None and any(
            c.dep_ in ("oprd", "xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ == "as")
            for c in children
            if c.i > obj.i
        )
        if obj is not None and named:
            return _object_span(token, obj, cue)
        small = [c for c in clauses if c.pos_ in ("ADJ", "NOUN") and c.n_lefts != 0]
        return _clauses_span(small) if small else None
    if obj is not None and obj.lemma_.lower() in MEDIA and frame is Frame.OBJECT:
        obj = None  # "released a statement": the statement's words are the content
    if clause is not None:
        return _with_stranded_words(token, _clauses_span(clauses), clauses)
    if infinitive is not None:
        if frame is Frame.LISTENER and obj is not None and obj.i < infinitive.i:
            # "urged [the party to ax its superdelegates]": who is urged, and to do what
            return _join(_subtree_span(obj), _subtree_span(infinitive))
        return _subtree_span(infinitive)
    if obj is not None and frame in (Frame.OBJECT, Frame.INFINITIVE):
        return _object_span(token, obj, cue)
    if obj is not None and frame is Frame.CLAUSE:
        span = _subtree_span(obj)
        quoted = any(q.start <= span[0] and span[1] <= q.end for q in quotations)
        if quoted or _is_document(_subject(token)):
            return _object_span(token, obj, cue)
    return None


def is_speaker(token: Token) -> bool:
    """Can the phrase headed by `token` speak, think or want? A name, a pronoun for
    people, a noun for a person, a group or an organisation ("the campaign")."""
    lower = token.lower_
    if lower in SPEAKER_WORDS:
        return True
    if lower in _RELATIVES and token.head.dep_ == "relcl":
        return is_speaker(token.head.head)
    if token.pos_ in ("PROPN", "NUM") or (token.is_title and not token.is_sent_start):
        return True
    if token.pos_ != "NOUN":
        return False
    lemma = token.lemma_.lower()
    if lemma in PERSON_NOUNS or lemma in ORG_NOUNS or lower in SPEAKER_WORDS:
        return True
    return lower.endswith(PERSON_ENDINGS) and lemma not in NOT_PEOPLE and lower not in NOT_PEOPLE


def _join(first: Span, second: Span) -> Span:
    return min(first[0], second[0]), max(first[1], second[1])


def _with_stranded_words(verb: Token, content: Span, clauses: list[Token]) -> Span:
    """A clause after the cue starts right after it, even where the parser hung some of
    its first words elsewhere ("said [the way they disparaged women] ''would be ...''")."""
    doc = verb.doc
    if content[0] <= verb.idx:
        return content
    owned = {verb.i}
    for child in verb.children:
        if child not in clauses:
            owned.update(t.i for t in child.subtree)
    first = next((c.left_edge.i for c in clauses), verb.i)
    for index in range(verb.i + 1, first):
        if index not in owned and not doc[index].is_punct:
            return doc[index].idx, content[1]
    return content


def _is_document(subject: Token | None) -> bool:
    return subject is not None and subject.lemma_.lower() in DOCUMENTS


def _clauses_span(clauses: list[Token]) -> Span:
    """Clauses said together ("said that A and B", '"A," she said, "B"'), as one span."""
    doc = clauses[0].doc
    left = min(c.left_edge.i for c in clauses)
    right = max(c.right_edge.i for c in clauses)
    if doc[left].dep_ == "mark" and doc[left].lower_ == "that" and left < right:
        left += 1  # the content is what follows "that", not the word itself
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def _is_time(token: Token) -> bool:
    """ "said Friday", "tweeted Wednesday night": a time, not what was said."""
    return all(t.lower_ in TIME_WORDS or t.like_num or t.is_punct for t in token.subtree) or (
        token.dep_ == "npadvmod"
    )


def _object_span(verb: Token, obj: Token, cue: Cue) -> Span:
    """The object with what completes it: "called [Trump a liar]", "accused [X of lying]"."""
    left, right = obj.left_edge.i, obj.right_edge.i
    for child in verb.children:
        if child.i <= right:
            continue
        if child.dep_ in ("oprd", "xcomp", "ccomp") or (
            child.dep_ == "prep" and child.lower_ in cue.prepositions | {"as", "of", "for"}
        ):
            right = max(right, child.right_edge.i)
    doc = verb.doc
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def _prepositional(token: Token, cue: Cue) -> Span | None:
    """ "bragged about [her father teaching her to shoot]": what follows the preposition."""
    doc = token.doc
    for child in token.children:
        if child.dep_ != "prep" or child.lower_ not in cue.prepositions:
            continue
        if any(c.dep_ in ("pobj", "pcomp") for c in child.children):
            last = doc[child.right_edge.i]
            return doc[child.i + 1].idx, last.idx + len(last.text)
    return None


def _interrupted(sentence: Sentence, source: Span, cue: Span) -> Span | None:
    """ "The deal, she said, is dead": a source and cue set off by commas inside the
    content, which is then the whole sentence around them."""
    text = sentence.doc.text
    first, last = min(source[0], cue[0]), max(source[1], cue[1])
    before = text[sentence.start_char : first].rstrip()
    after = text[last : sentence.end_char].lstrip()
    if not (before.endswith((",", "—", "–")) and after.startswith((",", "—", "–"))):
        return None
    if len(before.split()) < 2 or len(after.split()) < 2:
        return None
    return sentence.start_char, sentence.end_char


def _after_colon(token: Token, quotations: list[Quotation]) -> Span | None:
    """ "She said: ..." : the quotation or the words after the colon."""
    doc = token.doc
    colon = next(
        (t for t in doc[token.i + 1 : min(len(doc), token.right_edge.i + 2)] if t.text == ":"),
        None,
    )
    if colon is None or colon.i + 1 >= len(doc):
        return None
    following = [q for q in quotations if q.start >= colon.idx]
    if following:
        return following[0].inner
    last = doc[-1]
    return doc[colon.i + 1].idx, last.idx + len(last.text)


def _relative_head(token: Token) -> Span | None:
    """ "the bill [Republicans] wanted": the noun a relative clause without a pronoun
    belongs to is what the cue is about."""
    if token.dep_ != "relcl" or any(c.lower_ in _RELATIVES for c in token.children):
        return None
    return _phrase_without(token.head, token)


def _quotation_before(token: Token, quotations: list[Quotation]) -> Quotation | None:
    """The quotation that ends just before the cue and its source ('"...," X said'),
    or before the cue alone ('"...," said X')."""
    doc = token.doc
    subject = next((c for c in token.children if c.dep_ in _SUBJECTS), None)
    first = token.i
    if subject is not None and subject.i < token.i:
        first = min(first, subject.left_edge.i)
    start = doc[first].idx
    for quotation in reversed(quotations):
        if quotation.closed and quotation.end <= start:
            gap = doc.text[quotation.end : start]
            if not gap.strip(" ,–—") or (subject is None and "," in gap and len(gap) < 200):
                return quotation
            return None
    return None


def _apposed_subject(token: Token) -> Token | None:
    """ "At the club, Jay Roe, its president, suggested ...": the parser hung the name
    on the phrase before it; the subject is the name in the phrase that ends, with a
    comma, just before the verb."""
    doc = token.doc
    if token.dep_ not in ("ROOT", "conj") or token.i < 2 or doc[token.i - 1].text != ",":
        return None
    node = doc[token.i - 2]
    chain = [node]
    while node.head is not node and node.head.i < token.i and len(chain) < 8:
        node = node.head
        chain.append(node)
    names = [n for n in chain if n.pos_ == "PROPN" and n.dep_ in ("appos", "conj", "nsubj")]
    return names[-1] if names else None


def _speaker_after_quotation(token: Token, quotation: Quotation) -> Token | None:
    """'"...," Texas delegate Bill Eastland, wearing a hat, said': the parser lost the
    subject; it is the first noun phrase between the quotation and the cue."""
    doc = token.doc
    region = [t for t in doc if quotation.end <= t.idx < token.idx]
    inside = {t.i for t in region}
    for candidate in region:
        if candidate.pos_ in ("PROPN", "NOUN", "PRON") and candidate.head.i not in inside:
            return candidate
    return None


def widen_to_quotation(
    content: Span, quotations: list[Quotation], doc: Doc | None = None
) -> tuple[Span, bool]:
    """A content that ends a quotation begun sentences before is the whole quotation.

    A content that opens with a quotation of a whole clause and runs on past its
    closing mark ('said "the quay is old" at a meeting', where the parse hangs the
    meeting inside the quoted clause) is the quotation: what follows is where it
    was said, not what. A quoted phrase inside a clause of the writer's ('said
    "the plan" is dead') is not cut.
    """
    for quotation in quotations:
        inner = quotation.inner
        if inner[0] < content[1] and content[0] < inner[1]:
            if content[0] >= quotation.start and content[1] <= quotation.end + 1:
                return inner, True
            if (
                doc is not None
                and quotation.start <= content[0] <= inner[0]
                and content[1] > quotation.end
                and _holds_clause(doc, inner)
            ):
                return inner, True
            return (min(content[0], inner[0]), max(content[1], inner[1])), False
    return content, False


def _holds_clause(doc: Doc, span: Span) -> bool:
    """Does the span hold a verb with its own subject (a quoted sentence)?"""
    return any(
        span[0] <= token.idx < span[1]
        and token.dep_ in ("nsubj", "nsubjpass", "expl")
        and span[0] <= token.head.idx < span[1]
        for token in doc
    )


# Nouns -------------------------------------------------------------------------------------


def _noun(token: Token, cue: Cue, quotations: list[Quotation]) -> Found | None:
    """ "his claim that ...", "her plan to ...", "criticism of X by Y", "X voiced concern that"."""
    content = None
    for child in token.children:
        if child.dep_ in ("acl", "ccomp", "relcl") and child.dep_ != "relcl":
            if child.tag_ == "VBG" and child.lemma_ in VERB_CUES:
                return None  # "a statement saying ..." belongs to "saying"
            content = _clauses_span([child])
            break
        if child.dep_ == "prep" and child.lower_ in cue.prepositions:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                content = _subtree_span(objects[0])
                break
    if content is None:
        return None
    source = _noun_source(token)
    if source is None:
        return None
    content, quoted = widen_to_quotation(content, quotations)
    return Found(
        _subtree_span(source),
        _token_span(token),
        _trim(token.doc.text, content),
        cue.kind,
        cue.strength,
        None,
        quoted,
    )


def _noun_source(token: Token) -> Token | None:
    """Who holds the claim a noun names: its possessor, its "by"/"from" phrase, or the
    subject of the light verb it is the object of ("[X] expressed concern that")."""
    for child in token.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    head = token.head
    if token.dep_ in ("dobj", "attr") and head.lemma_.lower() in LIGHT_VERBS:
        return next((c for c in head.children if c.dep_ == "nsubj"), None)
    return None


def _adjective(token: Token, cue: Cue, quotations: list[Quotation]) -> Found | None:
    """ "Islanders were critical of the timetable", "they are eager to leave"."""
    copula = token.head
    if copula.lemma_.lower() not in COPULAS:
        return None
    subject = next((c for c in copula.children if c.dep_ in _SUBJECTS), None)
    if subject is None or not is_speaker(subject):
        return None
    clause = next((c for c in token.children if c.dep_ in ("ccomp", "xcomp")), None)
    content = _clauses_span([clause]) if clause is not None else _prepositional(token, cue)
    if content is None:
        return None
    content, quoted = widen_to_quotation(content, quotations)
    source, antecedent = source_span(subject, copula)
    return Found(
        source,
        (copula.idx if copula.i < token.i else token.idx, token.idx + len(token.text)),
        _trim(token.doc.text, content),
        cue.kind,
        cue.strength,
        antecedent,
        quoted,
    )


# "According to" -----------------------------------------------------------------------------


def _according(token: Token, sentence: Sentence, quotations: list[Quotation]) -> Found | None:
    doc = token.doc
    to = doc[token.i + 1]
    if to.lower_ != "to":
        return None
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None:
        return None
    phrase_end = max(token.right_edge.i, source.right_edge.i)
    head = token.head if token.head is not token else None
    left = sentence.start if head is None else min(head.left_edge.i, sentence.start)
    right = sentence.end - 1 if head is None else head.right_edge.i
    if token.i > left:
        content = doc[left].idx, doc[token.i - 1].idx + len(doc[token.i - 1].text)
    elif phrase_end < right:
        content = doc[phrase_end + 1].idx, doc[right].idx + len(doc[right].text)
    else:
        return None
    content, quoted = widen_to_quotation(content, quotations)
    cue = token.idx, to.idx + len(to.text)
    return Found(
        _subtree_span(source),
        cue,
        _trim(doc.text, content),
        ClaimKind.STATEMENT,
        0.9,
        None,
        quoted,
    )


# Spans --------------------------------------------------------------------------------------


def cue_span(token: Token) -> Span:
    """The cue with its particle ("pointed out") or its preposition ("called for")."""
    end = token.idx + len(token.text)
    for child in token.children:
        if child.dep_ == "prt" and child.i == token.i + 1:
            end = child.idx + len(child.text)
    return token.idx, end


def _token_span(token: Token) -> Span:
    return token.idx, token.idx + len(token.text)


def _subtree_span(token: Token) -> Span:
    left, right = token.left_edge, token.right_edge
    return left.idx, right.idx + len(right.text)


_DATELINE = re.compile(
    r"[A-Z][A-Z.'’ /-]{1,40}(?:,[^()—–\n]{0,30})?(?:\s*\([^)\n]{1,40}\)\s*|\s+)[—–-]+\s+"
)
"""The dateline that opens a wire story: "SAN FRANCISCO (Reuters) - ", "OSLO, May 3 — "."""


def after_dateline(text: str, span: Span) -> Span:
    """A span without the dateline at its start."""
    match = _DATELINE.match(text, span[0], span[1])
    if match is None or match.end() >= span[1]:
        return span
    return match.end(), span[1]


def _trim(text: str, span: Span) -> Span:
    """Without a dateline, nor the punctuation and spaces at either end."""
    span = after_dateline(text, span)
    start, end = span
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def subject_mentions(doc: Doc) -> list[Span]:
    """The subjects of the paragraph's main clauses that are not pronouns, outside
    quotations: what a later "he" may mean (not "a drone" in "X said a drone hit ...")."""
    quotations = find_quotations(doc.text, 0, len(doc.text))
    found = []
    for token in doc:
        subject = token.dep_ in ("nsubj", "nsubjpass") and token.pos_ in ("PROPN", "NOUN")
        main = token.head.dep_ in ("ROOT", "conj") and token.head.head.dep_ != "ccomp"
        if subject and main and not _in_quotation(token, quotations):
            found.append(_phrase_without(token, token.head))
    return found
