"""What the learned claim finder sees of a parsed paragraph: features as strings.

A feature names a construction, never a person: a word's lemma and its part of
speech, its dependency and its head, the dependents it has (a clause, an
object, an infinitive, a preposition), who its subject is (a pronoun, a name, a
noun for a person, an entity type), what the verb classes of `claim_cues` say
of it, and where it stands against the paragraph's quotations. Names (a proper
noun, an entity, a word the article only writes capitalised) and numbers stand
for their kind, so that a model trained on them learns "NAME said", not
"Trump said".

Three kinds of decision are described here, each with its own features:
- `cue_features`: is this word the cue of an attribution?
- `content_features`: is this span (one of `content_candidates`) its content?
- `source_features`: is this phrase (one of `source_candidates`) its source?
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui_reader.document import Span
from tui_reader.nlp.claim_cues import ADJECTIVE_CUES, NOUN_CUES, PHRASAL_CUES, VERB_CUES
from tui_reader.nlp.claim_lexicon import words
from tui_reader.nlp.claim_text import Quotation, find_quotations

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

CANDIDATE_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ", "ADP", "ADV", "PROPN", "PUNCT"})
"""Parts of speech a cue's main word may have (a colon of "NAME: ..." is punctuation)."""
_OPAQUE_POS = frozenset({"PROPN", "NUM"})
"""Words whose form is not a feature: names and numbers stand for their kind."""
_SUBJECTS = frozenset({"nsubj", "csubj", "nsubjpass"})
_CLIMB = frozenset({"xcomp", "advcl", "conj", "acl", "dep", "pcomp"})
_PERSON_PRONOUNS = words("he she i we you they who")
_MARKED_CHILDREN = frozenset({"prep", "prt", "mark", "neg", "aux", "auxpass", "advmod", "agent"})
"""Dependents whose word is part of the feature ("prep:about", "prt:out", "aux:will")."""
_CLAUSAL = frozenset({"ccomp", "xcomp", "dobj", "advcl", "parataxis", "acl", "relcl"})


@dataclass(frozen=True)
class ParagraphView:
    """A parsed paragraph with what every feature needs: quotations, entity types, and
    the words that are names."""

    doc: Doc
    quotations: tuple[Quotation, ...]
    quoted: tuple[bool, ...]
    """Per token: inside a quotation (its marks included)."""
    entity: tuple[str, ...]
    """Per token: the type of the entity it is part of ("PERSON", "ORG", ...), or ""."""
    names: frozenset[str] = frozenset()
    """Lower-case forms that are names in this article (`article_names`)."""
    starts: tuple[int, ...] = ()
    """Per token: its first character (to find the tokens of a span by bisection)."""

    @classmethod
    def of(
        cls,
        doc: Doc,
        entity_spans: list[tuple[int, int, str]],
        names: frozenset[str] = frozenset(),
    ) -> ParagraphView:
        """`entity_spans` in character offsets of the paragraph."""
        quotations = tuple(find_quotations(doc.text, 0, len(doc.text)))
        quoted = tuple(any(q.start <= t.idx < q.end for q in quotations) for t in doc)
        labels = [""] * len(doc)
        if entity_spans:
            spans = sorted(entity_spans)
            j = 0
            for token in doc:
                while j < len(spans) and spans[j][1] <= token.idx:
                    j += 1
                if j < len(spans) and spans[j][0] <= token.idx < spans[j][1]:
                    labels[token.i] = spans[j][2]
        return cls(doc, quotations, quoted, tuple(labels), names, tuple(t.idx for t in doc))

    def tokens_within(self, span: Span) -> list[Token]:
        """The tokens that start inside `span`."""
        first, last = bisect_left(self.starts, span[0]), bisect_left(self.starts, span[1])
        return list(self.doc[first:last])


_WORD = re.compile(r"[^\W\d_]+")
_STANDALONE_WORD = re.compile(r"(?<![\w\-/@#.])[^\W\d_]+(?![\w\-/@#]|\.\w)")
"""A word standing by itself: not part of a hyphenated compound, an address or a tag."""


def article_names(text: str) -> frozenset[str]:
    """The words the article writes capitalised and never in lower case by themselves:
    names, even where the tagger takes one for a noun or a verb at the start of a
    sentence. A lower-case word inside a compound or an address ("anti-trump",
    "example.com/a-brenner-rally") does not make a name an ordinary word."""
    capitalised = {word.lower() for word in set(_WORD.findall(text)) if word[0].isupper()}
    lower = {word for word in set(_STANDALONE_WORD.findall(text)) if word.islower()}
    return frozenset(capitalised - lower - _KEPT_CAPITALS)


_KEPT_CAPITALS = words("i")


def _opaque(token: Token, view: ParagraphView) -> str | None:
    """The kind a name or a number stands for, or None for an ordinary word. A word
    compounded with a name ("anti-Brenner" where the tokenizer keeps it whole) has the
    name's part hidden: "anti-<NAME>"."""
    if token.pos_ in _OPAQUE_POS or token.like_num:
        return f"<{token.pos_}>"
    if view.entity[token.i] or (token.lower_ in view.names and not _common(token)):
        return "<NAME>"
    if "-" in token.text or "/" in token.text:
        parts = _COMPOUND_PARTS.split(token.lower_)
        if any(part in view.names or _has_digit(part) for part in parts):
            hidden = ["<NAME>" if part in view.names else part for part in parts]
            return "-".join("<NUM>" if _has_digit(part) else part for part in hidden)
    return None


_COMPOUND_PARTS = re.compile(r"[-/]")


def _has_digit(word: str) -> bool:
    return any(character.isdigit() for character in word)


def _common(token: Token) -> bool:
    """A word that is no name even if the article only writes it capitalised: a stop
    word ("It", "Meanwhile") or a cue ("According to", "Says")."""
    lemma = token.lemma_.lower()
    return token.is_stop or lemma in VERB_CUES or lemma in NOUN_CUES or lemma in _CUE_WORDS


_CUE_WORDS = words("according")


def word_of(token: Token, view: ParagraphView) -> str:
    """The token's form as a feature: lower case, or its kind for a name or a number,
    so that a model trained on them learns "NAME said", not "Trump said"."""
    return _opaque(token, view) or token.lower_


def lemma_of(token: Token, view: ParagraphView) -> str:
    """The token's lemma as a feature, or its kind for a name or a number."""
    return _opaque(token, view) or token.lemma_.lower()


def subject_of(token: Token) -> Token | None:
    """The token's subject, or the one it borrows through participles, coordination,
    controlled verbs and relative clauses (as `claim_syntax` does for verbs)."""
    for _ in range(6):
        subject = next((c for c in token.children if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            return subject
        if token.dep_ == "relcl":
            return token.head
        if token.dep_ in _CLIMB and token.head is not token:
            token = token.head
            continue
        if token.dep_ == "prep" and token.head is not token:
            token = token.head
            continue
        return None
    return None


def speaker_class(token: Token, view: ParagraphView) -> str:
    """What kind of phrase a subject is: a person pronoun, a name and its entity type,
    a noun (its lemma: "official", "campaign"), or something else."""
    lower = token.lower_
    if lower in _PERSON_PRONOUNS:
        return f"pron:{lower}"
    if token.pos_ == "PRON":
        return f"pron:{lower}"
    label = view.entity[token.i]
    if token.pos_ == "PROPN" or label:
        return f"name:{label or 'none'}"
    if token.pos_ == "NOUN":
        return f"noun:{token.lemma_.lower()}"
    return f"other:{token.pos_}"


def _lexicon(token: Token) -> Iterator[str]:
    lemma = token.lemma_.lower()
    particle = next((c.lower_ for c in token.children if c.dep_ == "prt"), None)
    if particle is not None and (lemma, particle) in PHRASAL_CUES:
        cue = PHRASAL_CUES[(lemma, particle)]
        yield f"lex:phrasal:{cue.kind.value}:{cue.frame.value}"
    if token.pos_ in ("VERB", "AUX") and lemma in VERB_CUES:
        cue = VERB_CUES[lemma]
        yield f"lex:verb:{cue.kind.value}:{cue.frame.value}"
    if token.pos_ == "NOUN" and lemma in NOUN_CUES:
        cue = NOUN_CUES[lemma]
        yield f"lex:noun:{cue.kind.value}:{cue.frame.value}"
    if token.pos_ == "ADJ" and token.lower_ in ADJECTIVE_CUES:
        cue = ADJECTIVE_CUES[token.lower_]
        yield f"lex:adj:{cue.kind.value}:{cue.frame.value}"


_COMPLEMENTS = frozenset({"acomp", "attr", "dobj", "oprd", "xcomp"})


def _complement(token: Token, view: ParagraphView) -> Iterator[str]:
    """What a copular or light verb's complement is: "is [critical] of", "has the
    [backing] of", "took [aim] at", "is [eager] to". A stance with no reporting verb
    is a construction of a verb, a complement and its preposition or clause."""
    lemma = lemma_of(token, view)
    for child in token.children:
        if child.dep_ not in _COMPLEMENTS:
            continue
        complement = lemma_of(child, view)
        yield f"comp:{child.dep_}:{complement}"
        yield f"l|comp:{lemma}|{complement}"
        for grandchild in child.children:
            if grandchild.dep_ == "prep":
                yield f"comp|prep:{complement}|{grandchild.lower_}"
            elif grandchild.dep_ in ("ccomp", "xcomp"):
                yield f"comp|clause:{complement}|{grandchild.dep_}"


def _quotation_around(token: Token, view: ParagraphView) -> Iterator[str]:
    """Where the nearest quotations stand: just before the token's clause, just after it."""
    doc = token.doc
    left, right = token.left_edge, token.right_edge
    for quotation in view.quotations:
        if quotation.end <= left.idx:
            gap = doc.text[quotation.end : left.idx]
            if len(gap) <= 3 and gap.strip(" ,—–") == "":
                yield "quote:before-clause"
        elif quotation.start >= token.idx + len(token.text):
            gap = doc.text[token.idx + len(token.text) : quotation.start]
            if len(gap) <= 3:
                yield f"quote:after:{gap.strip() or 'space'}"
            elif quotation.start <= right.idx + len(right.text):
                yield "quote:in-subtree"
    if token.i + 1 < len(doc) and doc[token.i + 1].text == ":":
        yield "colon-after"


def cue_features(token: Token, view: ParagraphView, rule_kind: str | None) -> list[str]:
    """The features of a word as the possible main word of a cue.

    `rule_kind` is the kind of claim the parser path's rules read off this word
    ("statement", ...), or None: the rules are one more piece of evidence.
    """
    doc = token.doc
    lemma, word, pos, dep = lemma_of(token, view), word_of(token, view), token.pos_, token.dep_
    head = token.head
    features = [
        "bias",
        f"w:{word}",
        f"l:{lemma}",
        f"p:{pos}",
        f"t:{token.tag_}",
        f"d:{dep}",
        f"l|p:{lemma}|{pos}",
        f"l|d:{lemma}|{dep}",
        f"p|d:{pos}|{dep}",
        f"hp:{head.pos_}",
        f"d|hp:{dep}|{head.pos_}",
        f"hl:{lemma_of(head, view)}",
        f"l|hl:{lemma}|{lemma_of(head, view)}",
        f"rule:{rule_kind}",
        f"rule|p:{rule_kind}|{pos}",
    ]
    if view.quoted[token.i]:
        features.append("in-quote")
    previous = doc[token.i - 1] if token.i > 0 else None
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    features.append(f"prev:{word_of(previous, view) if previous is not None else '<s>'}")
    features.append(f"next:{word_of(following, view) if following is not None else '</s>'}")
    if following is not None:
        features.append(f"l|next:{lemma}|{word_of(following, view)}")
    deps = set()
    for child in token.children:
        deps.add(child.dep_)
        if child.dep_ in _MARKED_CHILDREN:
            features.append(f"c:{child.dep_}:{child.lower_}")
            if child.dep_ in ("prep", "prt"):
                features.append(f"l|c:{lemma}|{child.dep_}:{child.lower_}")
        if child.dep_ == "dobj":
            features.append(f"dobj:{lemma_of(child, view)}")
            features.append(f"dobj-p:{child.pos_}")
    for name in sorted(deps):
        features.append(f"c:{name}")
        if name in _CLAUSAL or name in _SUBJECTS:
            features.append(f"l|c:{lemma}|{name}")
    subject = subject_of(token)
    if subject is None:
        features.append("subj:none")
        features.append(f"l|subj:{lemma}|none")
    else:
        kind = speaker_class(subject, view)
        side = "before" if subject.i < token.i else "after"
        features += [
            f"subj:{kind}",
            f"subj-kind:{kind.split(':')[0]}",
            f"subj-side:{side}",
            f"l|subj-kind:{lemma}|{kind.split(':')[0]}",
            f"subj-dep:{subject.dep_}",
        ]
    features += _lexicon(token)
    features += _complement(token, view)
    features += _quotation_around(token, view)
    sentence = token.sent
    features.append(f"sent-first:{token.i == sentence.start}")
    if token.i == sentence.root.i:
        features.append("sent-root")
    return features


def _length_bucket(tokens: int) -> str:
    for limit in (1, 2, 4, 8, 16, 32, 64):
        if tokens <= limit:
            return str(limit)
    return "more"


def _lexical_frame(token: Token) -> str:
    return next(iter(_lexicon(token)), "lex:none")


def content_features(cue: Token, kind: str, span: Span, view: ParagraphView) -> list[str]:
    """The features of a span as the content of the cue `cue`; `kind` names the
    constructions that gave it ("child:ccomp+right")."""
    lemma, pos, dep = lemma_of(cue, view), cue.pos_, cue.dep_
    frame = _lexical_frame(cue)
    inside = view.tokens_within(span)
    length = _length_bucket(len(inside))
    features = [f"K:{kind}", f"len:{length}"]
    for part in kind.split("+"):
        features += [
            f"k:{part}",
            f"k|l:{part}|{lemma}",
            f"k|p:{part}|{pos}",
            f"k|d:{part}|{dep}",
            f"k|lex:{part}|{frame}",
            f"k|len:{part}|{length}",
        ]
    if inside:
        first, last = inside[0], inside[-1]
        features += [
            f"first:{word_of(first, view)}",
            f"first-p:{first.pos_}",
            f"last-p:{last.pos_}",
        ]
        sentence = cue.sent
        features.append(f"starts-sentence:{first.i == sentence.start}")
        features.append(f"ends-sentence:{last.i >= sentence.end - 2}")
        features.append(f"other-sentence:{first.sent.start != sentence.start}")
        sentences = 1 + sum(1 for t in inside[1:] if t.is_sent_start)
        features.append(f"sentences:{min(sentences, 3)}")
        features.append(f"sentences|colon:{min(sentences, 3)}|{_colon_after(cue)}")
        if any(t.i == cue.i for t in inside):
            features.append("holds-cue")
        subject = subject_of(cue)
        if subject is not None and span[0] <= subject.idx < span[1]:
            features.append("holds-subject")
    quoted = [q for q in view.quotations if q.start < span[1] and span[0] < q.end]
    if any(q.inner == span for q in quoted):
        features.append("is-quotation")
    elif any(q.start >= span[0] - 1 and q.end <= span[1] + 1 for q in quoted):
        features.append("holds-quotation")
    elif quoted:
        features.append("cuts-quotation")
    return features


def _colon_after(cue: Token) -> bool:
    """ "He said: ..." (a colon after the cue or its particle), which often opens
    several sentences of content."""
    doc = cue.doc
    following = cue.i + 1
    while following < len(doc) and doc[following].dep_ in ("prt", "advmod", "npadvmod"):
        following += 1
    return following < len(doc) and doc[following].text == ":"


def _path(source: Token, cue: Token) -> str:
    """The dependency path from the cue to a phrase: up-steps, then down-steps."""
    ups: list[Token] = [cue]
    while ups[-1].head is not ups[-1] and len(ups) < 6:
        ups.append(ups[-1].head)
    downs: list[Token] = [source]
    while downs[-1].head is not downs[-1] and len(downs) < 6:
        downs.append(downs[-1].head)
    down_ids = {t.i: n for n, t in enumerate(downs)}
    for up_count, node in enumerate(ups):
        if node.i in down_ids:
            climbed = [f"^{t.dep_}" for t in ups[:up_count]]
            descended = [f"v{t.dep_}" for t in reversed(downs[: down_ids[node.i]])]
            steps = climbed + descended
            return "".join(steps[:4]) if len(steps) <= 4 else "long"
    return "none"


def source_features(
    cue: Token, source: Token | None, content: Span, view: ParagraphView, rule_source: int | None
) -> list[str]:
    """The features of a phrase (its head `source`) as the source of the cue; None is
    the choice of no source in the sentence ("is expected to", "Asked about it, ...")."""
    pos, frame = cue.pos_, _lexical_frame(cue)
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in cue.children)
    if source is None:
        subject = subject_of(cue)
        kind = "none" if subject is None else speaker_class(subject, view).split(":")[0]
        return [
            "none",
            f"none|p:{pos}",
            f"none|d:{cue.dep_}",
            f"none|lex:{frame}",
            f"none|passive:{passive}",
            f"none|subj:{kind}",
            f"none|l:{lemma_of(cue, view)}",
            f"none|rule:{rule_source is not None}",
        ]
    path = _path(source, cue)
    kind = speaker_class(source, view)
    group = kind.split(":")[0]
    distance = _length_bucket(abs(source.i - cue.i))
    side = "before" if source.i < cue.i else "after"
    features = [
        f"path:{path}",
        f"path|p:{path}|{pos}",
        f"path|lex:{path}|{frame}",
        f"path|passive:{path}|{passive}",
        f"path|kind:{path}|{group}",
        f"s:{kind}",
        f"s-kind:{group}",
        f"s-d:{source.dep_}",
        f"s-p:{source.pos_}",
        f"side:{side}",
        f"dist:{distance}",
        f"side|dist:{side}|{distance}",
        f"l|path:{lemma_of(cue, view)}|{path}",
    ]
    if rule_source is not None:
        features.append(f"rule-source:{rule_source == source.i}")
    if view.quoted[source.i]:
        features.append("s-quoted")
    if content[0] <= source.idx < content[1]:
        features.append("s-in-content")
    return features


def is_cue_candidate(token: Token) -> bool:
    """May this word be the main word of a cue? (Verbs, nouns, adjectives, adverbs
    like "reportedly", prepositions like "according to", the colon of a label.)"""
    if token.pos_ not in CANDIDATE_POS:
        return False
    return token.pos_ != "PUNCT" or token.text == ":"
