"""What the narrative rules read in spaCy's parse: tense, negation, subjects, clauses, quotes.

Small questions about one token or one doc, kept apart from the rules that ask them
(``_narrative_rules``) so each rule reads as what it decides.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

__all__ = [
    "FUTURE",
    "GIVE_UP",
    "PLUR1",
    "REFUSE",
    "SING1",
    "SUBJ",
    "finite_verb",
    "is_past",
    "negated",
    "quoted_tokens",
    "subject_of",
    "under_negation",
    "verb_of",
]

_QUOTES = {'"', "“", "”", "«", "»", "„"}
#: First person singular and plural: the speakers of self and of us.
SING1 = {"i", "me", "my", "myself", "mine"}
PLUR1 = {"we", "us", "our", "ours", "ourselves", "let's"}
#: Subject dependencies.
SUBJ = {"nsubj", "nsubjpass", "csubj"}
#: Future auxiliaries (``wo``: the first half of ``won't`` as spaCy splits it).
FUTURE = {"will", "'ll", "shall", "wo"}
#: Verbs a negated future pledges to keep at: "we won't stop".
GIVE_UP = {"stop", "quit", "rest", "wait", "give", "settle"}
#: Verbs of putting up with something: "I will not accept..." refuses, so it pledges.
REFUSE = {"accept", "tolerate", "allow", "let", "stand"}
_CLAUSE = {"ROOT", "ccomp", "xcomp", "advcl", "conj", "relcl", "parataxis", "acl", "pcomp"}


def quoted_tokens(doc: Doc) -> set[int]:
    """Tokens inside quotation marks, unless the quotes wrap the whole text."""
    marks = [t.i for t in doc if t.text in _QUOTES or (t.text == "'" and t.is_quote)]
    inside: set[int] = set()
    for open_, close in zip(marks[::2], marks[1::2], strict=False):
        words = [t for t in doc if not t.is_punct]
        if words and open_ <= words[0].i and close >= words[-1].i:
            continue
        inside.update(range(open_ + 1, close))
    return inside


def is_past(verb: Token) -> bool:
    """Past or perfect: ``went``, ``was told``, ``have learned``, ``had to``."""
    if verb.tag_ == "VBD" or "Past" in verb.morph.get("Tense", []) and verb.tag_ != "VBN":
        return True
    kids = list(verb.children)
    if any(k.dep_ in ("aux", "auxpass") and "Past" in k.morph.get("Tense", []) for k in kids):
        return True
    if any(k.dep_ == "aux" and k.tag_ == "MD" for k in kids):
        # "must have gone", "should have known": a modal with perfect is about the past;
        # "will have met" (future perfect) is not
        if any(k.lemma_ in FUTURE for k in kids):
            return False
        return verb.tag_ == "VBN" and any(k.lemma_ == "have" for k in kids)
    return verb.tag_ == "VBN" and any(k.lemma_ == "have" and k.dep_ == "aux" for k in kids)


def finite_verb(verb: Token) -> Token:
    """The verb that gives a non-finite one its tense: "promised" for "a way of working".

    A bare infinitive, gerund or participle with no auxiliary of its own takes the tense of
    the clause above it: "we had to fix it by Friday" is past, "we need to fix it" is not.
    """
    node = verb
    for _ in range(6):
        own = any(k.dep_ in ("aux", "auxpass") and k.tag_ != "TO" for k in node.children)
        if own or node.tag_ not in ("VB", "VBG", "VBN") or node.head is node:
            return node
        above = verb_of(node.head)
        if above is None or above is node:
            return node
        node = above
    return node


def under_negation(verb: Token) -> bool:
    """Negated, or inside a negated clause: "I don't think we need to", "don't feel you have to"."""
    node = verb
    for _ in range(6):
        if negated(node) is not None:
            return True
        if node.dep_ not in ("ccomp", "xcomp", "conj") or node.head is node:
            return False
        node = node.head
    return False


def verb_of(token: Token) -> Token | None:
    """The verb (or copula) whose clause the token belongs to."""
    node = token
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") and (node.dep_ in _CLAUSE or node.head is node):
            return node
        if node.head is node:
            return node if node.pos_ in ("VERB", "AUX") else None
        node = node.head
    return None


def subject_of(verb: Token) -> Token | None:
    """The subject of ``verb``, or the one it shares with the verb it is joined to."""
    node = verb
    for _ in range(4):
        found = next((k for k in node.children if k.dep_ in SUBJ), None)
        if found is not None:
            return found
        if node.dep_ in ("conj", "xcomp") and node.head is not node:
            node = node.head
        else:
            return None
    return None


def negated(verb: Token) -> Token | None:
    """The ``neg`` dependent of ``verb`` ("not", "n't"), if it has one."""
    return next((k for k in verb.children if k.dep_ == "neg"), None)
