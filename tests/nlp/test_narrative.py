"""The narrative rules on docs built by hand (no model), one behaviour per case."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.nlp.conftest import make_doc

P1S = "Case=Nom|Number=Sing|Person=1|PronType=Prs"
P1P = "Case=Nom|Number=Plur|Person=1|PronType=Prs"
P3S = "Case=Nom|Number=Sing|Person=3|PronType=Prs"
PAST = "Tense=Past|VerbForm=Fin"
PRES = "Tense=Pres|VerbForm=Fin"
INF = "VerbForm=Inf"

CASES = {
    # I + past tense of a learning verb: a value learned
    "self_learned": (
        [
            ("I", "PRP", "PRON", "nsubj", 1, "I", P1S),
            ("learned", "VBD", "VERB", "ROOT", 1, "learn", PAST),
            ("patience", "NN", "NOUN", "dobj", 1, "patience", "Number=Sing"),
            (".", ".", "PUNCT", "punct", 1, ".", ""),
        ],
        {"self"},
        {"self": ["I", "learned"]},
    ),
    # "I think" in the present is a hedge, not a story
    "hedge": (
        [
            ("I", "PRP", "PRON", "nsubj", 1, "I", P1S),
            ("think", "VBP", "VERB", "ROOT", 1, "think", PRES),
            ("so", "RB", "ADV", "advmod", 1, "so", ""),
            (".", ".", "PUNCT", "punct", 1, ".", ""),
        ],
        set(),
        {},
    ),
    # story of self without "I"
    "my_mother": (
        [
            ("My", "PRP$", "PRON", "poss", 1, "my", "Number=Sing|Person=1|Poss=Yes|PronType=Prs"),
            ("mother", "NN", "NOUN", "nsubj", 2, "mother", "Number=Sing"),
            ("worked", "VBD", "VERB", "ROOT", 2, "work", PAST),
            ("nights", "NNS", "NOUN", "npadvmod", 2, "night", "Number=Plur"),
            (".", ".", "PUNCT", "punct", 2, ".", ""),
        ],
        {"self"},
        {"self": ["My", "mother"]},
    ),
    # an obligation now
    "we_must": (
        [
            ("We", "PRP", "PRON", "nsubj", 2, "we", P1P),
            ("must", "MD", "AUX", "aux", 2, "must", "VerbForm=Fin"),
            ("act", "VB", "VERB", "ROOT", 2, "act", INF),
            (".", ".", "PUNCT", "punct", 2, ".", ""),
        ],
        {"now"},
        {"now": ["must", "act"]},
    ),
    # an obligation in the past tense is not a call to action
    "had_to": (
        [
            ("We", "PRP", "PRON", "nsubj", 1, "we", P1P),
            ("had", "VBD", "VERB", "ROOT", 1, "have", PAST),
            ("to", "TO", "PART", "aux", 3, "to", ""),
            ("close", "VB", "VERB", "xcomp", 1, "close", INF),
            ("it", "PRP", "PRON", "dobj", 3, "it", ""),
            (".", ".", "PUNCT", "punct", 1, ".", ""),
        ],
        set(),
        {},
    ),
    # an obligation in reported speech is someone else's
    "reported": (
        [
            ("She", "PRP", "PRON", "nsubj", 1, "she", P3S),
            ("said", "VBD", "VERB", "ROOT", 1, "say", PAST),
            ("we", "PRP", "PRON", "nsubj", 4, "we", P1P),
            ("must", "MD", "AUX", "aux", 4, "must", "VerbForm=Fin"),
            ("act", "VB", "VERB", "ccomp", 1, "act", INF),
            (".", ".", "PUNCT", "punct", 1, ".", ""),
        ],
        set(),
        {},
    ),
    # an imperative with no keyword, and a deadline
    "imperative": (
        [
            ("Call", "VB", "VERB", "ROOT", 0, "call", INF),
            ("them", "PRP", "PRON", "dobj", 0, "they", ""),
            ("by", "IN", "ADP", "prep", 0, "by", ""),
            ("spring", "NN", "NOUN", "pobj", 2, "spring", "Number=Sing"),
            (".", ".", "PUNCT", "punct", 0, ".", ""),
        ],
        {"now"},
        {"now": ["Call", "by", "spring"]},
    ),
    # a negated imperative still urges
    "dont_wait": (
        [
            ("Do", "VBP", "AUX", "aux", 2, "do", PRES),
            ("n't", "RB", "PART", "neg", 2, "not", "Polarity=Neg"),
            ("wait", "VB", "VERB", "ROOT", 2, "wait", INF),
            (".", ".", "PUNCT", "punct", 2, ".", ""),
        ],
        {"now"},
        {"now": ["wait"]},
    ),
    # a negated need is no obligation
    "no_need": (
        [
            ("We", "PRP", "PRON", "nsubj", 3, "we", P1P),
            ("do", "VBP", "AUX", "aux", 3, "do", PRES),
            ("n't", "RB", "PART", "neg", 3, "not", "Polarity=Neg"),
            ("need", "VB", "VERB", "ROOT", 3, "need", INF),
            ("to", "TO", "PART", "aux", 5, "to", ""),
            ("hurry", "VB", "VERB", "xcomp", 3, "hurry", INF),
            (".", ".", "PUNCT", "punct", 3, ".", ""),
        ],
        set(),
        {},
    ),
    # a quoted call to action is not the speaker's
    "quoted": (
        [
            ("The", "DT", "DET", "det", 1, "the", ""),
            ("poster", "NN", "NOUN", "nsubj", 2, "poster", "Number=Sing"),
            ("said", "VBD", "VERB", "ROOT", 2, "say", PAST),
            ('"', "``", "PUNCT", "punct", 4, '"', ""),
            ("act", "VB", "VERB", "ccomp", 2, "act", INF),
            ('"', "''", "PUNCT", "punct", 4, '"', ""),
            (".", ".", "PUNCT", "punct", 2, ".", ""),
        ],
        set(),
        {},
    ),
    # "together": shared identity
    "together": (
        [
            ("We", "PRP", "PRON", "nsubj", 1, "we", P1P),
            ("stand", "VBP", "VERB", "ROOT", 1, "stand", PRES),
            ("together", "RB", "ADV", "advmod", 1, "together", ""),
            (".", ".", "PUNCT", "punct", 1, ".", ""),
        ],
        {"us"},
        {"us": ["We", "stand", "together"]},
    ),
    # a generic "we": people in general
    "generic_we": (
        [
            ("When", "WRB", "SCONJ", "mark", 2, "when", ""),
            ("we", "PRP", "PRON", "nsubj", 2, "we", P1P),
            ("tire", "VBP", "VERB", "advcl", 4, "tire", PRES),
            ("we", "PRP", "PRON", "nsubj", 4, "we", P1P),
            ("forget", "VBP", "VERB", "ROOT", 4, "forget", PRES),
            (".", ".", "PUNCT", "punct", 4, ".", ""),
        ],
        set(),
        {},
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_narrative_labels_and_evidence(blank: Language, case: str) -> None:
    rows, labels, evidence = CASES[case]
    doc = blank.get_pipe("harvest_narrative")(make_doc(blank, rows))
    reading = doc._.harvest_narrative
    assert set(reading.labels) == labels
    assert {k: list(v) for k, v in reading.evidence.items()} == evidence
    assert all(0.0 <= s <= 1.0 for s in reading.scores.values())


def test_narrative_call_to_action_cue(blank: Language) -> None:
    doc = blank.get_pipe("harvest_narrative")(make_doc(blank, CASES["imperative"][0]))
    assert "call_to_action" in doc._.harvest_narrative.cues


def test_narrative_sentence_reading_matches_doc_for_one_sentence(blank: Language) -> None:
    doc = blank.get_pipe("harvest_narrative")(make_doc(blank, CASES["we_must"][0]))
    sent = next(iter(doc.sents))
    assert sent._.harvest_narrative == doc._.harvest_narrative


def test_narrative_threshold_must_be_a_probability(blank: Language) -> None:
    from harvest.nlp.narrative import NarrativeDetector

    with pytest.raises(ValueError, match="threshold must be in"):
        NarrativeDetector(blank, threshold=0)


def test_narrative_bad_pattern_says_what_is_missing(blank: Language) -> None:
    with pytest.raises(ValueError, match="needs 'label' and 'pattern'"):
        blank.get_pipe("harvest_narrative").add_patterns([{"label": "X"}])


# Calls to action as the parsed model sees them: housekeeping, negation and pledges.
CALLS = {
    "We have to fix discharge before winter.": True,
    "We won't stop until every street has a warm space.": True,
    "We will not let another winter pass without a respite offer for carers.": True,
    "I'll send the slides round later, so please don't feel you have to photograph the screen.": (
        False
    ),
    "I won't pretend going back was easy.": False,
    "They never let us off the hook, and we are better for it.": False,
    "Someone said it over lunch. I think it's going to be uncomfortable.": False,
}


@pytest.mark.model
@pytest.mark.parametrize("text", sorted(CALLS))
def test_call_to_action_precision(model: Language, text: str) -> None:
    cues = model(text)._.harvest_narrative.cues
    assert ("call_to_action" in cues) is CALLS[text]


# The share of sentences that only run the room: such a capture is a poor theme quote.
HOUSEKEEPING = {
    "Good morning, and welcome back. Lunch is at half past twelve in the hall.": 1.0,
    "Thank you to the kitchen team. Winter nearly broke us, and we are still here.": 0.5,
    "People tell their pharmacist things they would never tell a doctor.": 0.0,
}


@pytest.mark.model
@pytest.mark.parametrize("text", sorted(HOUSEKEEPING))
def test_housekeeping_share(model: Language, text: str) -> None:
    assert model(text)._.harvest_narrative_data["housekeeping"] == HOUSEKEEPING[text]


# A named place told as a community, but not a grandmother, and not "always" said elsewhere.
PLACES = {
    "Kestlebury has always been a town that mucks in.": True,
    "Wyvern Vale has always been a place that makes things.": True,
    "The day I qualified, my nan told me to always be on time for people.": False,
}


@pytest.mark.model
@pytest.mark.parametrize("text", sorted(PLACES))
def test_place_story_needs_the_place(model: Language, text: str) -> None:
    assert ("us" in model(text)._.harvest_narrative.labels) is PLACES[text]


# Reflective prose (issue 15): advice to anyone is not a call; a past deadline is not now;
# a refusal pledges; a date that decides is a choice now.
REFLECTIVE_NOW = {
    "You have to keep turning up, even when the meetings feel pointless.": False,
    "You should never promise a resident something the budget can't keep.": False,
    "You must send your nominations to the network by Friday.": True,
    "The council committed to opening three hubs by next spring, and opened one.": False,
    "Back then the trust wanted to halve waiting lists within a year.": False,
    "We need to agree the plan by March.": True,
    "I will not accept another year of carers being ignored.": True,
    "I won't pretend it was easy.": False,
    "The coming year will decide whether the hubs survive.": True,
    "The next session will be in the Loom Room.": False,
    "Participants reported that they must keep meeting after the funding ends.": False,
    # evaluation voice: what others felt is reported; what a report recommends urges
    "Respondents felt that the council must take more of a lead.": False,
    "I think we must act before the winter.": True,
    "The evaluation recommends that partners fund the connectors for another two years.": True,
    "The review asks whether the hubs should stay open.": False,
    "The report recommended that the council fund the hubs.": False,
    "It is now time for the integrated care board to decide whether to scale this up.": True,
}


@pytest.mark.model
@pytest.mark.parametrize("text", sorted(REFLECTIVE_NOW))
def test_reflective_now(model: Language, text: str) -> None:
    assert ("now" in model(text)._.harvest_narrative.labels) is REFLECTIVE_NOW[text]


# A group described, a place that is only the setting of a story of self, an organisation's
# "our", what others told us: none of them is a community's shared identity.
REFLECTIVE_US = {
    "I spent my childhood on the Riverside estate, so I know how damp flats make children ill.": (
        False
    ),
    "The people of the Riverside estate have always looked after each other.": True,
    "Our referral letters confuse half the people who get them.": False,
    "Our town looks after its own.": True,
    "We were a small team of four in a borrowed office.": False,
    "Several interviewees told us we should have started with the residents.": False,
    "By the spring we were a real team, and we looked out for each other.": True,
    "We all came from different organisations but shared a love of the borough.": True,
    "We came from different trusts and met in the library.": False,
}


@pytest.mark.model
@pytest.mark.parametrize("text", sorted(REFLECTIVE_US))
def test_reflective_us(model: Language, text: str) -> None:
    assert ("us" in model(text)._.harvest_narrative.labels) is REFLECTIVE_US[text]
