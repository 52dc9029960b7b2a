"""Contacts, numbers and titled names found with no model (harvest.nlp.pii.find_patterns)."""

from __future__ import annotations

import pytest

from harvest.model import Person
from harvest.nlp.pii import find_patterns, match_person, quick_check


def kinds(text: str) -> list[tuple[str, str]]:
    return [(d.kind, d.text) for d in find_patterns(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ring me on 07700 900123 tonight.", [("phone", "07700 900123")]),
        ("The desk is (0113) 496 0000.", [("phone", "(0113) 496 0000")]),
        ("From abroad: +44 20 7946 0958.", [("phone", "+44 20 7946 0958")]),
        ("Our Dublin office, +353 1 234 5678.", [("phone", "+353 1 234 5678")]),
        (
            "Write to jo.bloggs+events@example.org today.",
            [("email", "jo.bloggs+events@example.org")],
        ),
        ("Her NHS number is 943 476 5919.", [("nhs_number", "943 476 5919")]),
        ("She lives at 14 Cobden Road with her dog.", [("address", "14 Cobden Road")]),
        ("Post it to KE4 7QT please.", [("postcode", "KE4 7QT")]),
        ("He was born on 3 March 1947 in Eastgate.", [("birth_date", "3 March 1947")]),
        ("DOB: 03/03/1947, on the form.", [("birth_date", "03/03/1947")]),
        ("When Mr Okafor rang me", [("name", "Mr Okafor")]),
        ("I saw Dr Bashir at Hope Street surgery", [("name", "Dr Bashir")]),
    ],
)
def test_find_patterns_finds_each_kind(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Between 2019 and 2024 we saw 14 services in 5 months and 120 000 calls.",
        "Her number was 943 476 5918, one digit out.",  # fails the NHS check digit
        "I spoke to the team at Hope Street surgery on Thursday.",
        "Kestlebury City Council and Wyvern Vale NHS Trust signed on 12 March 2026.",
        "We met in Room 3 at 10:30 and again at 14:15.",
        "Dr Foster Street is closed.",
    ],
)
def test_find_patterns_leaves_look_alikes(text: str) -> None:
    assert kinds(text) == []


def test_titled_name_before_a_place_word_is_a_place() -> None:
    assert kinds("Ask the Dr Patel Surgery staff") == []
    assert kinds("Ask Dr Patel on Monday") == [("name", "Dr Patel")]


def test_nhs_number_is_not_also_a_phone_number() -> None:
    assert [d.kind for d in find_patterns("NHS no 9434765919")] == ["nhs_number"]


def test_match_person_by_full_name_part_and_initial() -> None:
    asha = Person("Asha Patel", id="a")
    zoe = Person("Zoë Adeyemi-Clarke", id="z")
    ann = Person("Ann Patel", id="p")
    people = [asha, zoe, ann]
    assert match_person("Dr Asha Patel", people) is asha
    assert match_person("Asha", people) is asha
    assert match_person("Asha P.", people) is asha
    assert match_person("Zoë A-C", people) is zoe
    assert match_person("Patel", people) is None  # two Patels: nobody in particular
    assert match_person("Edie", people) is None


def test_quick_check_marks_a_first_name_and_a_person_of_the_event() -> None:
    found = quick_check(
        "We asked whether Edie and Asha could call 07700 900123.", [Person("Asha Patel")]
    )
    assert [(d.kind, d.text) for d in found] == [
        ("name", "Edie"),
        ("name", "Asha"),
        ("phone", "07700 900123"),
    ]


def test_quick_check_leaves_places() -> None:
    assert quick_check("We went to the Grace Court surgery in Eastgate.") == []
