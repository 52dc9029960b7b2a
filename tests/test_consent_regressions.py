"""Consent regressions: counterexamples tests/test_consent_stateful.py found, as a user meets them.

Each test runs the commands two note-takers would run on their laptops (``harvest init``,
``import``, ``add``, ``edit``, ``merge``), then ``harvest export`` on a saved analysis that
puts every capture into the story, and ``harvest search``; and reads every byte the outputs
hold (the deck's parts, PNG text chunks and inline pictures included).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from consent_support import HASHTAG, TITLE, make_analysis, output_texts, photo, quotes_csv

from harvest import open_event
from harvest.cli import cli

SPEAKER = "Wenna Zkquillon"
ROLE = "Director of Nursing"
ORG = "Kestle Vale NHS Trust"
SAID = "zqplover we will share one record across the three neighbourhoods by spring"


def run(by: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--by", by, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def laptop_a(*args: str) -> str:
    return run("Amy (laptop A)", *args)


def laptop_b(*args: str) -> str:
    return run("Ben (laptop B)", *args)


@pytest.fixture
def laptops(tmp_path: Path) -> tuple[Path, Path]:
    """Laptop A's event file, and laptop B's: a copy of it made before the day began."""
    a = tmp_path / "a" / "day.harvest"
    b = tmp_path / "b" / "day.harvest"
    a.parent.mkdir()
    b.parent.mkdir()
    laptop_a("init", str(a), "--title", TITLE, "--date", "2026-03-12", "--hashtag", HASHTAG)
    shutil.copy(a, b)
    return a, b


def captures(path: Path) -> list[dict[str, object]]:
    found: list[dict[str, object]] = json.loads(laptop_a("list", str(path), "--json", "--deleted"))
    return found


def published(path: Path, tmp_path: Path) -> dict[str, str]:
    """Every file ``harvest export`` writes for ``path`` -> all its readable text, lowercased."""
    with open_event(path) as event:
        people = {p.id: p for p in event.people()}
        analysis = make_analysis(event.captures(), people)
    saved = tmp_path / "analysis.json"
    saved.write_text(json.dumps(analysis.to_dict()), "utf-8")
    out = tmp_path / "out"
    shutil.rmtree(out, ignore_errors=True)
    laptop_a("export", str(path), "--analysis", str(saved), "--out", str(out))
    return output_texts(out)


def holding(texts: dict[str, str], word: str) -> list[str]:
    """The files whose text holds ``word``."""
    return [name for name, text in texts.items() if word in text]


def searched(path: Path) -> str:
    """What ``harvest search`` shows of the folder holding ``path``."""
    return laptop_a("search", str(path.parent), "--limit", "100").lower()


# -- found by the stateful test ------------------------------------------------------------------


def test_a_withdrawal_of_a_quote_both_laptops_imported_survives_the_merge(
    laptops: tuple[Path, Path], tmp_path: Path
) -> None:
    """Both note-takers import the shared quotes spreadsheet; the speaker then asks laptop B
    to withdraw the quote. Merging B into A must withdraw it in A too.

    Minimal sequence found: import the CSV on A; import the same CSV on B; withdraw it on
    B; merge B into A. The merge used to treat B's copy as "already there" (the two
    imports meet by their source fingerprint, not by id) and drop B's revisions with it,
    the withdrawal included, so A kept publishing the quote, named.
    """
    a, b = laptops
    sheet = quotes_csv(
        tmp_path / "quotes.csv",
        [
            {
                "text": SAID,
                "speaker": SPEAKER,
                "role": ROLE,
                "organisation": ORG,
                "publication": "named",
                "captured_at": "2026-03-12T10:05:00+00:00",
            }
        ],
    )
    laptop_a("import", str(a), str(sheet))
    laptop_b("import", str(b), str(sheet))
    (on_b,) = captures(b)
    laptop_b("edit", str(b), str(on_b["id"]), "--publish", "withdrawn")
    laptop_a("merge", str(a), str(b))

    outputs = published(a, tmp_path)
    assert holding(outputs, "zqplover") == []
    assert holding(outputs, "zkquillon") == []
    shown = searched(a)
    assert "zqplover" not in shown and "zkquillon" not in shown
    assert [c["publication"] for c in captures(a)] == ["withdrawn"]


def test_a_withdrawal_of_a_photo_both_laptops_added_survives_the_merge(
    laptops: tuple[Path, Path], tmp_path: Path
) -> None:
    """Both note-takers add the same flipchart photo (from the shared phone folder); the
    people on it ask laptop B to withdraw it. Merging B into A must withdraw it in A too.

    Minimal sequence found: add the photo on A; add the same photo on B; withdraw it on
    B; merge B into A. As with imported quotes, the two captures meet by their source
    (the photo's hash), and the merge used to drop B's revisions, the withdrawal with them.
    """
    a, b = laptops
    data, _, _ = photo(7)
    picture = tmp_path / "flipchart.jpg"
    picture.write_bytes(data)
    caption = "zqheron flipchart of the table where residents wrote their own names"
    laptop_a("add", str(a), "image", str(picture), "--caption", caption)
    laptop_b("add", str(b), "image", str(picture), "--caption", caption)
    (on_b,) = captures(b)
    laptop_b("edit", str(b), str(on_b["id"]), "--publish", "withdrawn")
    laptop_a("merge", str(a), str(b))

    outputs = published(a, tmp_path)
    assert holding(outputs, "zqheron") == []
    assert [c["publication"] for c in captures(a)] == ["withdrawn"]


def test_undo_of_ones_own_delete_brings_the_quote_back_after_a_merge(
    laptops: tuple[Path, Path],
) -> None:
    """Both laptops delete a quote; A undoes its delete and B merges A's file in (the quote
    stays deleted on B: B's own delete still holds); then B undoes its delete. The quote
    must be back on B, as "undo takes back your latest change" says.

    Found by the stateful test (as a file that did not hold what its last save left). Undo
    used to restore the revision before B's delete *in time*, which after the merge was A's
    delete: B's undo reported "restored" and the quote stayed deleted, until the next merge
    brought it back unasked. The same step could restore another laptop's older level.
    """
    a, b = laptops
    laptop_a("add", str(a), "quote", SAID, "--speaker", SPEAKER, "--publish", "named")
    shutil.copy(a, b)
    (quote,) = captures(a)
    qid = str(quote["id"])
    laptop_a("delete", str(a), qid)
    laptop_b("delete", str(b), qid)
    laptop_a("undo", str(a))
    run("Ben (laptop B)", "merge", str(b), str(a))
    assert [c["deleted"] for c in captures(b)] == [True]

    laptop_b("undo", str(b))
    assert [c["deleted"] for c in captures(b)] == [False]


@pytest.mark.parametrize("into", ["a", "b"])
def test_a_withdrawal_made_with_a_text_fix_survives_a_merge_of_an_unrelated_edit(
    laptops: tuple[Path, Path], tmp_path: Path, into: str
) -> None:
    """On laptop B the speaker first agrees to be named, then withdraws; each time Ben fixes
    the wording in the same edit (``--text`` and ``--publish`` together). Laptop A only
    tagged the quote. After a merge either way round the quote must stay withdrawn.

    Found by the stateful test (in its mirror image: a re-consent to named, made with a text
    fix, came out of the merge withdrawn again). The merge rebuilds each laptop's line of
    edits from revisions that record no parent, and hangs an edit on the revision it differs
    least from: Ben's last edit (new text, withdrawn) differs from the quote as first
    captured (withdrawn) by its text alone, but from his own previous edit (named) by text
    and level, so it is hung on the first; his "named" then counts as the newest level
    decision, and the quote is published.
    """
    a, b = laptops
    laptop_a(
        "add", str(a), "quote", SAID, "--speaker", SPEAKER, "--role", ROLE, "--org", ORG,
        "--publish", "withdrawn",
    )  # fmt: skip
    shutil.copy(a, b)
    (quote,) = captures(a)
    qid = str(quote["id"])
    laptop_a("edit", str(a), qid, "--tag", "listening")
    laptop_b(
        "edit", str(b), qid, "--text", "zqwren asked again: yes, name me", "--publish", "named"
    )
    laptop_b(
        "edit", str(b), qid, "--text", "zqfinch she changed her mind", "--publish", "withdrawn"
    )
    target, other = (a, b) if into == "a" else (b, a)
    run("merger", "merge", str(target), str(other))

    outputs = published(target, tmp_path)
    for word in ("zqplover", "zqwren", "zqfinch", "zkquillon"):
        assert holding(outputs, word) == [], word
    assert [c["publication"] for c in captures(target)] == ["withdrawn"]
