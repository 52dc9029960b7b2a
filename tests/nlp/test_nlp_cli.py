"""The nlp commands: JSON lines on stdout and nothing else; help with examples."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from harvest import create_event
from harvest.cli import cli


def _jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


ROWS = [
    {"id": "a", "text": "My mother cleaned offices at night."},
    {"id": "b", "text": "We must act by spring."},
    {"id": "c", "text": "I'll send the slides round later."},
]


@pytest.mark.model
def test_cli_narrative_prints_one_exact_line_per_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["nlp", "narrative", str(_jsonl(tmp_path / "in.jsonl", ROWS))])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [list(line) for line in lines] == [["id", "narrative", "scores", "evidence"]] * 3
    assert [line["narrative"] for line in lines] == [["self"], ["now"], []]
    assert set(lines[0]["scores"]) == {"self", "us", "now"}
    assert lines[1]["evidence"]["now"]


@pytest.mark.model
def test_cli_themes_prints_one_line_per_input(tmp_path: Path) -> None:
    rows = [
        {"id": str(i), "text": t}
        for i, t in enumerate(
            [
                "Damp flats make children ill.",
                "The landlord never fixed the mould.",
                "Discharge from hospital waits for a care package.",
                "Beds are blocked on the ward.",
                "Nurses are burning out on the rota.",
                "Staff need rest between shifts.",
                "Mould and damp again in the tower block.",
                "Care packages take weeks to arrange.",
            ]
        )
    ]
    result = CliRunner().invoke(cli, ["nlp", "themes", str(_jsonl(tmp_path / "q.jsonl", rows))])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == [r["id"] for r in rows]
    assert all(list(line) == ["id", "theme", "theme_label"] for line in lines)


@pytest.mark.parametrize("line", ['{"id": "x"}', "5", '["id", "text"]'])
def test_cli_narrative_bad_line_is_a_message_not_a_traceback(tmp_path: Path, line: str) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(line + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["nlp", "narrative", str(bad)])
    assert result.exit_code == 1
    assert "line 1 needs the keys id, text" in result.output
    assert "Traceback" not in result.output and result.exception is not None
    assert isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("args", [["analyse"], ["nlp", "narrative"], ["nlp", "themes"], ["eval"]])
def test_cli_help_ends_with_an_example(args: list[str]) -> None:
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert "harvest " + " ".join(args) in result.output.split("Example:")[1]


@pytest.mark.model
def test_cli_analyse_json_names_the_model(tmp_path: Path) -> None:
    from harvest.demo import build_demo

    path = build_demo(tmp_path)
    result = CliRunner().invoke(cli, ["analyse", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["model"].startswith("en_core_web_sm") and data["themes"]


@pytest.mark.model
def test_cli_analyse_guided_are_saved_with_the_event_until_cleared(tmp_path: Path) -> None:
    from harvest import open_event
    from harvest.demo import build_demo
    from harvest.story.curation import load_curation

    path = build_demo(tmp_path)
    expected = _jsonl(
        tmp_path / "principles.jsonl",
        [{"label": "Falls and frailty", "description": "falls, frailty and waiting"}],
    )
    runner = CliRunner()
    first = runner.invoke(
        cli, ["--by", "Helen T.", "analyse", str(path), "--guided", str(expected)]
    )
    assert first.exit_code == 0, first.output
    assert "Falls and frailty (guided)" in first.output
    later = runner.invoke(cli, ["analyse", str(path), "--json"])  # no --guided: still there
    assert json.loads(later.stdout)["themes"][0]["label"] == "Falls and frailty"
    with open_event(path) as event:
        assert load_curation(event.store).guided == {
            "Falls and frailty": "falls, frailty and waiting"
        }
        assert event.store.curation_history()[-1][1] == "Helen T."
    cleared = runner.invoke(
        cli, ["analyse", str(path), "--json", "--guided", str(_jsonl(tmp_path / "none.jsonl", []))]
    )
    assert not any(t["guided"] for t in json.loads(cleared.stdout)["themes"])
    nameless = _jsonl(tmp_path / "nameless.jsonl", [{"label": " ", "description": "what?"}])
    refused = runner.invoke(cli, ["analyse", str(path), "--guided", str(nameless)])
    assert refused.exit_code != 0 and "theme 1 has an empty label" in refused.output


@pytest.mark.model
def test_cli_eval_prints_both_sides(tmp_path: Path) -> None:
    narrative = _jsonl(
        tmp_path / "n.jsonl",
        [{**r, "labels": lab} for r, lab in zip(ROWS, [["self"], ["now"], []], strict=True)],
    )
    result = CliRunner().invoke(cli, ["eval", "--narrative", str(narrative), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["narrative"]["n"]["macro_f1"]["harvest"] == pytest.approx(1.0)
    assert "baseline" in data["narrative"]["n"]["self"]
    assert "themes" not in data  # only what was asked for


@pytest.mark.model
def test_cli_eval_scores_themes_chosen_given_and_guided(tmp_path: Path) -> None:
    quotes = [
        {"id": f"q{i}", "text": text, "theme": theme}
        for i, (text, theme) in enumerate(
            [
                (f"The damp in flat {n} came back after the landlord's repair.", "homes")
                for n in range(4)
            ]
            + [
                (f"Staff on ward {n} are exhausted after the winter rota.", "staff")
                for n in range(4)
            ]
        )
    ]
    themes = _jsonl(tmp_path / "t.jsonl", quotes)
    guided = _jsonl(
        tmp_path / "g.jsonl", [{"label": "Damp homes", "description": "mould, repairs"}]
    )
    args = ["eval", "--themes", str(themes), "--guided", str(guided), "--json", "--seeds", "2"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)["themes"]["t"]
    assert figures["seeds"] == 2
    assert figures["harvest_k_given"]["themes"] == 2
    assert figures["harvest_k_given"]["ari"] == pytest.approx(1.0)
    assert 0.4 <= figures["harvest_guided"]["joined"] <= 0.6
    assert "baseline_tfidf_kmeans" in figures and "word_vectors" in figures


@pytest.mark.model
def test_cli_eval_prints_every_section(tmp_path: Path) -> None:
    sentences = [{**r, "labels": lab} for r, lab in zip(ROWS, [["self"], ["now"], []], strict=True)]
    narrative = _jsonl(tmp_path / "n.jsonl", sentences)
    quotes = [
        {"id": f"q{t}{n}", "text": text.format(n=n), "theme": theme}
        for t, (text, theme) in enumerate(
            [
                ("The damp in flat {n} came back after the landlord's repair.", "homes"),
                ("Staff on ward {n} are exhausted after the winter rota.", "staff"),
            ]
        )
        for n in range(5)
    ]
    themes = _jsonl(tmp_path / "t.jsonl", quotes)
    guided = _jsonl(
        tmp_path / "g.jsonl",
        [
            {"label": "Damp homes", "description": "mould, repairs", "theme": "homes"},
            {"label": "Tired staff", "description": "rotas, rest", "theme": "staff"},
        ],
    )
    chores = _jsonl(
        tmp_path / "h.jsonl",
        [
            {"text": "The wifi password is on your table.", "housekeeping": True, "split": "held"},
            {"text": "We closed the ward in March.", "housekeeping": False, "split": "held"},
        ],
    )
    args = ["eval", "--narrative", str(narrative), "--themes", str(themes), "--guided"]
    args += [str(guided), "--housekeeping", str(chores), "--seeds", "1"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    out = result.stdout
    for line in ("narrative, n", "macro-F1", "themes, t (10 quotes, 2 hand themes)"):
        assert line in out
    for row in ("harvest, k chosen", "harvest, k=2", "baseline TF-IDF k-means, k=2"):
        assert row in out
    for row in ("guided, no examples", "guided + 1 example each", "guided + 3 examples each"):
        assert row in out
    assert "guided + 5 examples" not in out  # no quote of a theme would be left to score
    assert "naming (k=2" in out
    assert "unexpected (each expected theme left out in turn)" in out
    assert "held back (reported)" in out and "precision" in out


def _stored_by_an_older_harvest(path: Path, capture_id: str, text: str) -> None:
    """Write ``text`` (with a lone surrogate) into the file as an older harvest did: it
    kept it, escaped in the JSON (``\\udcff``), where today's harvest refuses it."""
    escaped = json.dumps(text)[1:-1]
    with sqlite3.connect(path) as conn:
        for table in ("captures", "revisions"):
            column = "id" if table == "captures" else "capture_id"
            conn.execute(
                f"UPDATE {table} SET data = json_set(data, '$.text', json(?)) "  # noqa: S608
                f"WHERE {column} = ?",
                (f'"{escaped}"', capture_id),
            )
    conn.close()


@pytest.mark.model
def test_cli_analyse_skips_a_capture_it_cannot_read_and_names_it(tmp_path: Path) -> None:
    path = tmp_path / "old.harvest"
    with create_event(path, title="Old day", start_date=date(2026, 3, 12)) as event:
        bad = event.add_quote("Placeholder", speaker="Asha Patel")
        kept = [event.add_quote(r["text"]).id for r in ROWS]
    _stored_by_an_older_harvest(path, bad.id, "Caf\udce9 at night")
    result = CliRunner().invoke(cli, ["analyse", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert f"skipped capture {bad.id}" in result.stderr
    assert "byte that is not UTF-8 (0xE9) at position 3" in result.stderr
    assert f"harvest edit {path} {bad.id} --text" in result.stderr
    assert sorted(json.loads(result.stdout)["narrative"]) == sorted(kept)


def test_cli_nlp_refuses_half_a_character_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "in.jsonl"
    bad.write_text('{"id": "a", "text": "ok"}\n{"id": "b", "text": "Proud \\ud83d"}\n')
    result = CliRunner().invoke(cli, ["nlp", "narrative", str(bad)])
    assert result.exit_code == 1
    assert "line 2: 'text' contains half of a character (a lone surrogate, U+D83D)" in (
        result.output
    )
    assert "Traceback" not in result.output


@pytest.mark.model
def test_cli_themes_a_topic_nobody_expected_is_not_forced_into_an_expected_theme(
    tmp_path: Path,
) -> None:
    """The day talks of something the programme did not expect: it emerges (or waits
    unsorted) beside the expected themes, instead of swelling one of them."""
    topics = {
        "damp": "The damp in flat {n} came back after the landlord's repair.",
        "staff": "Nurses on ward {n} are exhausted after the winter rota.",
        "buses": "The number {n} bus to the hospital was cancelled again this week.",
    }
    rows = [
        {"id": f"{topic}{n}", "text": text.format(n=n)}
        for topic, text in topics.items()
        for n in range(2, 9)
    ]
    quotes = _jsonl(tmp_path / "q.jsonl", rows)
    guided = _jsonl(
        tmp_path / "g.jsonl",
        [
            {"label": "Damp homes", "description": "mould, damp flats, repairs by landlords"},
            {"label": "Tired staff", "description": "exhausted nurses, rotas, rest"},
        ],
    )
    result = CliRunner().invoke(cli, ["nlp", "themes", str(quotes), "--guided", str(guided)])
    assert result.exit_code == 0, result.output
    placed = {r["id"]: r["theme_label"] for r in map(json.loads, result.stdout.splitlines())}
    assert {placed[f"damp{n}"] for n in range(2, 9)} == {"Damp homes"}
    assert {placed[f"staff{n}"] for n in range(2, 9)} == {"Tired staff"}
    buses = [placed[f"buses{n}"] for n in range(2, 9)]
    assert not {"Damp homes", "Tired staff"} & set(buses), buses
