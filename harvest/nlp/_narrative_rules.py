"""The narrative rules: what one sentence says of self, us and now, and why.

Each rule reads spaCy's parse through ``_narrative_grammar`` and the cue labels the
component's matchers put on tokens (:data:`Marks`), and adds a weight and its evidence
to :class:`Findings`; the component combines them. The reasons are in ``docs/nlp.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from harvest.analysis import ELEMENTS
from harvest.nlp._narrative_grammar import (
    FUTURE,
    GIVE_UP,
    PLUR1,
    REFUSE,
    SING1,
    SUBJ,
    finite_verb,
    is_past,
    negated,
    subject_of,
    under_negation,
    verb_of,
)

__all__ = ["Findings", "Marks", "SentenceRules"]

#: Which cue labels cover each token (by its index in the doc).
Marks = dict[int, set[str]]


@dataclass
class Findings:
    """What the rules found in one sentence: weights and evidence per element, cues."""

    weights: dict[str, list[float]] = field(default_factory=lambda: {e: [] for e in ELEMENTS})
    evidence: dict[str, list[int]] = field(default_factory=lambda: {e: [] for e in ELEMENTS})
    cues: set[str] = field(default_factory=set)

    def add(self, element: str, weight: float, *tokens: Token | None) -> None:
        """One rule's weight for ``element``, and the tokens that made it (each once)."""
        self.weights[element].append(weight)
        for token in tokens:
            if token is not None and token.i not in self.evidence[element]:
                self.evidence[element].append(token.i)


class SentenceRules:
    """The rules applied to one sentence."""

    def __init__(self, sent: Span, marks: Marks, quoted: set[int], weights: dict[str, float]):
        self.sent = sent
        self.marks = marks
        self.quoted = quoted
        self.w = weights
        self.found = Findings()
        self._by_label: dict[str, list[Token]] = {}
        for i in sorted(i for i in marks if sent.start <= i < sent.end):
            for label in marks[i]:
                self._by_label.setdefault(label, []).append(sent.doc[i])
        self.doc_logistics = any("LOGISTICS" in m for m in marks.values())

    def has(self, token: Token, label: str) -> bool:
        """Whether a cue pattern labelled ``label`` covers ``token``."""
        return label in self.marks.get(token.i, ())

    def anywhere(self, label: str) -> list[Token]:
        """The sentence's tokens a ``label`` cue covers."""
        return list(self._by_label.get(label, ()))

    def run(self) -> Findings:
        """Apply every rule; what they found."""
        self.self_rules()
        self.us_rules()
        self.now_rules()
        self.cue_rules()
        return self.found

    # story of self ------------------------------------------------------------------------

    def self_rules(self) -> None:
        """I, me and my, weighed by tense and what they are said with; kin; "as a young nurse"."""
        logistics = bool(self.anywhere("LOGISTICS"))
        question = self.sent[-1].text == "?"
        for tok in self.sent:
            if tok.lower_ not in SING1 or tok.i in self.quoted:
                continue
            verb = verb_of(tok)
            if tok.lower_ == "my" and self.has(tok.head, "KIN"):
                self.found.add("self", self.w["self_kin"], tok, tok.head)
                continue
            if verb is None:
                continue
            past = is_past(verb) or any(
                is_past(v) for v in self.sent if v.pos_ in ("VERB", "AUX") and v.head is verb
            )
            if logistics or (question and tok.dep_ in SUBJ):
                continue  # "I've put the pens on the back table", "now, where was I?"
            if self.has(verb, "HEDGE") and not past:
                continue
            if self.has(verb, "MEMORY") and tok.dep_ in SUBJ:
                self.found.add("self", self.w["self_past"], tok, verb)
            elif past and self.has(verb, "LEARN"):
                self.found.add("self", self.w["self_learned"], tok, verb)
                self.found.cues.add("choice" if verb.lemma_ in ("decide", "choose") else "outcome")
            elif past:
                self.found.add("self", self.w["self_past"], tok, verb)
            else:
                self.found.add("self", self.w["self_present"], tok, verb)
        # "As a student nurse, ..." / "as a young man" told in the past: self without "I"
        for tok in self.sent:
            if tok.lower_ == "as" and tok.i + 2 < len(tok.doc) and tok.i not in self.quoted:
                nxt = tok.doc[tok.i + 1 : tok.i + 4]
                stage = [t for t in nxt if self.has(t, "LIFE_STAGE")]
                verb = verb_of(tok)
                # one's own past told with "you": "as a student nurse, you learn..."
                you = verb is not None and any(
                    s.lower_ == "you" for s in [subject_of(verb)] if s is not None
                )
                if stage and verb is not None and (is_past(verb) or you):
                    self.found.add("self", self.w["self_as_a"], tok, *stage)

    # story of us --------------------------------------------------------------------------

    def us_rules(self) -> None:
        """We, our, a community told in the third person, a place told as a community."""
        bond = self.anywhere("TOGETHER") + self.anywhere("SHARED") + self.anywhere("ALWAYS")
        generic = self._us_generic(bond)
        self._us_pronouns(bond, generic)
        self._us_community(bond, generic)
        self._us_named_place(generic)
        if not generic:
            self._us_together()

    def _us_generic(self, bond: list[Token]) -> list[Token]:
        """What makes "we" people in general rather than a community: "we all get tired"."""
        anchor = [
            t
            for t in self.anywhere("COMMUNITY")
            if any(k.lower_ in ("this", "our") for k in t.children)
        ]
        generic = self.anywhere("GENERIC") + self._generic_we()
        soft = self.anywhere("GENERIC_SOFT")
        if (
            soft
            and not bond
            and not anchor
            and not any(t.tag_ == "VBD" for t in self.sent if t.dep_ in ("ROOT", "conj"))
        ):
            generic += soft  # "we all get tired" but not "we all chose this work"
        return generic

    def _us_pronouns(self, bond: list[Token], generic: list[Token]) -> None:
        """Each "we", "us" and "our", weighed by what it is said with."""
        logistics = bool(self.anywhere("LOGISTICS"))
        for tok in self.sent:
            if tok.lower_ not in PLUR1 or tok.i in self.quoted:
                continue
            verb = verb_of(tok)
            if self._told(tok):
                continue  # "interviewees told us we should...": their words, not our bond
            if generic:
                self.found.add("us", self.w["us_generic"], tok, *generic)
            elif logistics:
                continue
            elif tok.lower_ == "our" and self.has(tok.head, "KIN"):
                continue  # "our family": a story of self
            elif tok.lower_ == "our" and (
                self.has(tok.head, "COMMUNITY") or self.has(tok.head, "VALUE_NOUN")
            ):
                self.found.add("us", self.w["us_our_place"], tok, tok.head)
            elif verb is not None and tok.dep_ in SUBJ and (valued := self._values(verb)):
                self.found.add("us", self.w["us_bond"], tok, valued)
            elif verb is not None and is_past(verb) and tok.dep_ in (*SUBJ, "poss"):
                self.found.add("us", self.w["us_past"], tok, verb)
            elif bond:
                self.found.add("us", self.w["us_bond"], tok, *bond)
            elif (
                verb is not None
                and verb.lemma_ == "be"
                and any(k.dep_ == "attr" and k.pos_ in ("NOUN", "PROPN") for k in verb.children)
            ):
                self.found.add("us", self.w["us_identity"], tok, verb)
            elif tok.lower_ == "our":
                self.found.add("us", self.w["us_our"], tok, tok.head)
            elif verb is not None and any(
                self.has(k, "OBLIGATION") or k.lemma_ in FUTURE for k in verb.children
            ):
                self.found.add("us", self.w["us_obligation"], tok)
            else:
                self.found.add("us", self.w["us_present"], tok, verb)

    def _values(self, verb: Token) -> Token | None:
        """A verb of shared values said of this subject: "we came... but shared a love of"."""
        for v in (verb, *(k for k in verb.children if k.dep_ == "conj" and k.pos_ == "VERB")):
            if self.has(v, "US_VALUE") and not any(
                k.dep_ in SUBJ for k in v.children if v is not verb
            ):
                return v
        return None

    def _us_community(self, bond: list[Token], generic: list[Token]) -> None:
        """A community told in the third person.

        "This valley has always...", "the people of Eastgate looked after each other".
        """
        for tok in self.sent:
            if not self.has(tok, "COMMUNITY") or tok.i in self.quoted:
                continue
            anchored = any(
                k.lower_ in ("this", "our")
                or (k.dep_ == "prep" and k.lower_ == "of" and not self._a_count(k))
                or (k.dep_ == "compound" and k.pos_ == "PROPN")
                for k in tok.children
            )
            if not anchored or generic:
                continue
            verb = verb_of(tok)
            teller = subject_of(verb) if verb is not None else None
            if teller is not None and teller.lower_ in SING1 and not bond:
                continue  # "I grew up on the Brookside estate": the setting of a story of self
            story = verb is not None and (
                is_past(verb)
                or tok.dep_ in SUBJ
                or (tok.dep_ == "attr" and any(s.lower_ == "this" for s in verb.children))
            )
            if bond or story:
                why = bond or ([verb] if verb is not None else [])
                self.found.add("us", self.w["us_place_story"], tok, *why)

    @staticmethod
    def _a_count(of: Token) -> bool:
        """A count ("a team of four") is a size, not a place or people anchoring a community."""
        return any(k.dep_ == "pobj" and (k.like_num or k.tag_ == "CD") for k in of.children)

    def _us_named_place(self, generic: list[Token]) -> None:
        """A named place told as a community: "Harton has always been a town that..."."""
        for tok in self.sent:
            # a kin word ("my nan") is a story of self, and "always" must be said of the
            # place itself, not elsewhere in the sentence
            if (
                tok.dep_ in SUBJ
                and tok.pos_ == "PROPN"
                and not generic
                and not self.has(tok, "KIN")
            ):
                verb = verb_of(tok)
                said = list(verb.children) if verb is not None else []
                place = any(k.dep_ == "attr" and self.has(k, "COMMUNITY") for k in said)
                if place or any(self.has(k, "ALWAYS") for k in said):
                    self.found.add("us", self.w["us_place_story"], tok, verb)

    def _us_together(self) -> None:
        """The first "together" (not quoted) says us, even without "we"."""
        for tok in self.anywhere("TOGETHER"):
            if tok.i not in self.quoted:
                self.found.add("us", self.w["us_together"], tok)
                break

    # story of now -------------------------------------------------------------------------

    def now_rules(self) -> None:
        """Calls to action, obligations, commitments, pledges, deadlines, urgency, hope."""
        sent = self.sent
        question = sent[-1].text == "?" if len(sent) else False
        logistics = bool(self.anywhere("LOGISTICS"))
        # an instruction followed by "four minutes each, then swap" is an activity
        activity = logistics or self.doc_logistics
        for tok in sent:
            if tok.i in self.quoted:
                continue
            imperative = self._imperative(tok)
            future = tok.lemma_ in FUTURE or (
                tok.lower_ == "going" and tok.nbor(1).lower_ == "to"
                if tok.i + 1 < len(tok.doc)
                else False
            )
            obligation, request = self.has(tok, "OBLIGATION"), self.has(tok, "REQUEST")
            commit = self.has(tok, "COMMIT")
            deadline = tok.lower_ in ("by", "within", "before", "starting") and tok.dep_ == "prep"
            # whether it is reported speech is asked only of a token a rule could take
            could = imperative or future or obligation or request or commit or deadline
            if not could or self._reported(tok):
                continue
            if imperative and not question:
                if activity:
                    continue
                self.found.add("now", self.w["now_imperative"], tok)
                self.found.cues.add("call_to_action")
                if self.has(tok, "HOPE"):
                    self.found.cues.add("outcome")
            elif obligation and not logistics:
                self._obligation(tok)
            elif future:
                self._commitment(tok, logistics)
            elif request and tok.pos_ == "VERB" and not is_past(tok) and not (negated(tok)):
                subj = subject_of(tok)
                if subj is not None and subj.lower_ in ("i", "we") and tok.tag_ in ("VBP", "VBG"):
                    self.found.add("now", self.w["now_pledge"], subj, tok)
                    self.found.cues.add("call_to_action")
                elif subj is not None and tok.tag_ == "VBZ" and self._asks_an_act(tok):
                    # a report's voice: "the evaluation recommends that partners fund..."
                    self.found.add("now", self.w["now_pledge"], subj, tok)
                    self.found.cues.add("call_to_action")
            elif commit and tok.pos_ == "VERB" and not is_past(tok):
                subj = subject_of(tok)
                if subj is not None and subj.lower_ in SING1 | PLUR1:
                    self.found.add("now", self.w["now_pledge"], subj, tok)
                    self.found.cues.add("call_to_action")
            elif deadline:
                self._deadline(tok)
        urgency = [t for t in self.anywhere("URGENCY") if t.i not in self.quoted]
        if urgency:
            verb = verb_of(urgency[0])
            if verb is None or not is_past(verb):
                self.found.add("now", self.w["now_urgency"], *urgency)
                self.found.cues.add("challenge")
        hope = [t for t in self.anywhere("HOPE") if t.i not in self.quoted]
        if hope and not any(is_past(v) for v in sent if v.dep_ == "ROOT"):
            self.found.add("now", self.w["now_hope"], *hope)
            self.found.cues.add("outcome")

    def _generic_we(self) -> list[Token]:
        """People in general: "when we're stressed, we stop listening"."""
        for tok in self.sent:
            if tok.lower_ == "we" and tok.dep_ in SUBJ and tok.head.dep_ == "advcl":
                clause = tok.head
                opener = next((k for k in clause.children if k.dep_ == "mark"), None)
                if opener is not None and opener.lower_ in ("when", "as", "whenever", "once"):
                    if not is_past(clause) and not any(k.tag_ == "MD" for k in clause.children):
                        return [opener, tok]
        return []

    @staticmethod
    def _asks_an_act(verb: Token) -> bool:
        """Whether ``verb`` asks for an act ("...that partners fund", "...partners to fund")."""
        for k in verb.children:
            if any(m.lower_ in ("whether", "if") for m in k.children if m.dep_ == "mark"):
                return False  # "the report asks whether...": a question
            if k.dep_ == "ccomp" and k.tag_ in ("VB", "VBP"):
                return True
            if k.dep_ == "xcomp" and any(a.tag_ == "TO" for a in k.children):
                return True
        return False

    def _told(self, tok: Token) -> bool:
        """Whether others told "us" something in the past, or "we" is inside what they told."""
        verb = verb_of(tok)
        if verb is None or tok.dep_ not in ("dobj", "dative", "pobj", *SUBJ):
            return False
        speech = verb if tok.dep_ not in SUBJ else verb.head
        if tok.dep_ in SUBJ and verb.dep_ not in ("ccomp", "xcomp"):
            return False
        if not self.has(speech, "SPEECH") or not is_past(speech):
            return False
        teller = subject_of(speech)
        return teller is not None and teller.lower_ not in SING1 | PLUR1

    def _reported(self, tok: Token) -> bool:
        """Inside what someone else said (or what was said in the past)."""
        node = verb_of(tok)
        for _ in range(6):
            if node is None or node.head is node:
                return False
            if node.dep_ not in ("ccomp", "xcomp", "conj", "advcl"):
                return False
            node = node.head
            if self.has(node, "SPEECH"):
                if negated(node) is not None and not self._imperative(node):
                    return True  # "I'm not saying we must fix everything"
                subj = subject_of(node)
                third = subj is not None and subj.lower_ not in SING1 | PLUR1
                return is_past(node) or third
        return False

    def _imperative(self, tok: Token) -> bool:
        if tok.tag_ != "VB" or tok.dep_ not in ("ROOT", "ccomp", "conj", "parataxis"):
            return False
        kids = list(tok.children)
        if tok.lemma_ == "let" and any(k.lower_ in ("'s", "us") for k in kids):
            return not any(k.dep_ in SUBJ for k in kids)  # "let's build it", not "they let us"
        if tok.dep_ == "conj" and (
            subject_of(tok.head) is not None
            or any(k.tag_ in ("MD", "TO") for k in tok.head.children)
        ):
            return False  # "we will meet and talk": the subject is shared
        if any(k.dep_ in SUBJ or k.tag_ in ("MD", "TO") or k.dep_ == "mark" for k in kids):
            return False
        # the verb opens its clause: nothing but "please", "so", "now", "just", "do n't"
        for left in tok.lefts:
            if left.dep_ in (
                "punct",
                "neg",
                "intj",
                "cc",
                "advmod",
                "discourse",
                "advcl",
                "npadvmod",
            ):
                continue
            if left.dep_ == "aux" and left.lemma_ == "do":
                continue
            return False
        return True

    def _obligation(self, tok: Token) -> None:
        verb: Token | None
        if tok.tag_ == "MD":  # must, should, ought
            verb = tok.head
            if tok.lemma_ not in ("must", "should", "ought") or is_past(verb):
                return
        else:  # need to / have to / got to + verb
            verb = next(
                (
                    k
                    for k in tok.children
                    if k.dep_ == "xcomp" and any(a.tag_ == "TO" for a in k.children)
                ),
                None,
            )
            if verb is None or is_past(tok) or under_negation(tok):
                return  # "we had to", "don't feel you have to": no obligation now
            if tok.lemma_ == "have" and tok.tag_ == "VBN":
                return
        subj = subject_of(tok if tok.tag_ != "MD" else verb)
        if subj is not None and self.has(subj, "GENERIC"):
            return
        if subj is not None and subj.lower_ == "you" and not self._this_moment():
            return  # "you have to go in with determination": advice for any time, not a call
        self.found.add("now", self.w["now_obligation"], tok, verb)
        self.found.cues.add("call_to_action")

    def _commitment(self, tok: Token, logistics: bool) -> None:
        verb = tok if tok.lower_ == "going" else tok.head
        subj = subject_of(verb)
        when = subj is not None and (self.has(subj, "TIME_NOUN") or subj.ent_type_ == "DATE")
        if when and subj is not None and self.has(verb, "CHOICE"):
            # "the coming year will decide whether...": a choice with a date on it
            self.found.add("now", self.w["now_deadline"], subj, verb)
            self.found.cues.add("choice")
            return
        if subj is None or subj.lower_ not in SING1 | PLUR1 or logistics:
            return
        if negated(verb) is not None and not (
            verb.lemma_ in GIVE_UP | REFUSE
            or any(t.lower_ in ("until", "without") for t in verb.subtree)
        ):
            return  # "I won't pretend it was easy"; "we won't stop until..." is a pledge
        if verb.lemma_ == "be" and not any(k.dep_ in ("attr", "acomp") for k in verb.children):
            return
        self.found.add("now", self.w["now_commitment"], subj, tok, verb)
        self.found.cues.add("call_to_action")

    def _deadline(self, tok: Token) -> None:
        obj = next((k for k in tok.children if k.dep_ == "pobj"), None)
        if obj is None:
            return
        when = (
            self.has(obj, "TIME_NOUN")
            or obj.ent_type_ == "DATE"
            or (obj.like_num and len(obj.text) == 4)
        )
        verb = verb_of(tok)
        if verb is not None and is_past(finite_verb(verb)):
            return  # "the bid promised a new way of working by the first year"
        if verb is not None and (
            negated(verb)
            or (
                verb.dep_ == "xcomp" and negated(verb.head) and verb.head.lemma_ in ("need", "have")
            )
        ):
            return  # "we don't need to fix it by Friday"
        if when and (verb is None or not is_past(verb)):
            self.found.add("now", self.w["now_deadline"], tok, obj)
            self.found.cues.add("call_to_action")

    def _this_moment(self) -> bool:
        """Whether the sentence ties what it asks to now: a date, a deadline, urgency."""
        return bool(self.anywhere("URGENCY")) or any(
            t.ent_type_ == "DATE" or (self.has(t, "TIME_NOUN") and t.dep_ == "pobj")
            for t in self.sent
        )

    # cues ---------------------------------------------------------------------------------

    def cue_rules(self) -> None:
        """Challenge, choice and outcome cues said outside quotation marks."""
        for label, cue in (
            ("CHALLENGE", "challenge"),
            ("CHOICE", "choice"),
            ("OUTCOME", "outcome"),
        ):
            if any(t.i not in self.quoted for t in self.anywhere(label)):
                self.found.cues.add(cue)
