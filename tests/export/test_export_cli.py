"""``harvest export`` end to end, on a saved analysis (the documented --analysis seam)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from export_support import MARKER, marker_event

from harvest.analysis import Analysis
from harvest.cli import cli


def _saved(tmp_path: Path, analysis: Analysis) -> Path:
    path = tmp_path / "analysis.json"
    path.write_text(json.dumps(analysis.to_dict()), "utf-8")
    return path


def test_cli_export_writes_everything_into_out(
    sample_path: Path, sample_analysis: Analysis, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        [
            "export",
            str(sample_path),
            "--analysis",
            str(_saved(tmp_path, sample_analysis)),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    for name in ("deck.pptx", "story.html", "story.md", "themes.json", "themes.csv"):
        assert (out / name).stat().st_size > 0
    assert len(list((out / "cards").glob("*-square.png"))) >= 3
    assert (out / "wordclouds" / "event.png").is_file()
    assert "deck.pptx" in result.output


def test_cli_export_only_what_is_named(
    sample_path: Path, sample_analysis: Analysis, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "export",
            str(sample_path),
            "--analysis",
            str(_saved(tmp_path, sample_analysis)),
            "--page",
            str(tmp_path / "p.html"),
            "--data",
            str(tmp_path / "d.json"),
            "--out",
            str(tmp_path / "unused"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".harvest-export.json",  # what harvest wrote here, so a re-export replaces only that
        "analysis.json",
        "d.csv",
        "d.json",
        "p.html",
    ]


def test_cli_export_bad_analysis_is_a_clean_error(sample_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "a.json"
    bad.write_text('{"nothing": 1}')
    result = CliRunner().invoke(cli, ["export", str(sample_path), "--analysis", str(bad)])
    assert result.exit_code == 1
    assert "is not an analysis saved by harvest analyse --json" in result.output
    assert "Traceback" not in result.output


def test_cli_export_missing_event_is_a_clean_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", str(tmp_path / "none.harvest")])
    assert result.exit_code == 1 and "no event file" in result.output


def test_cli_export_of_file_event_hides_marker(tmp_path: Path) -> None:
    event, analysis = marker_event()
    path = tmp_path / "marker.harvest"
    # the in-memory marker event is copied into a file through a merge
    from harvest import create_event

    with create_event(
        path, title="Marker day", start_date=event.info.start_date, actor="t"
    ) as target:
        dump = event.store.dump()
        dump.event = None
        target.store.apply(dump)
    result = CliRunner().invoke(
        cli,
        [
            "export",
            str(path),
            "--analysis",
            str(_saved(tmp_path, analysis)),
            "--out",
            str(tmp_path / "o"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert MARKER not in result.output
    for f in (tmp_path / "o").rglob("*"):
        if f.suffix in (".html", ".md", ".json", ".csv"):
            assert MARKER not in f.read_text("utf-8")


def test_cli_export_cards_have_a_sidecar_and_take_the_brand(
    sample_path: Path, sample_analysis: Analysis, tmp_path: Path
) -> None:
    """Every card file has a row (alt text, post copy) in cards.csv and cards.json, the
    report counts the cards, and --brand recolours them (issue 14)."""
    import csv

    from PIL import Image

    analysis = str(_saved(tmp_path, sample_analysis))
    plain, branded = tmp_path / "plain", tmp_path / "branded"
    result = CliRunner().invoke(
        cli, ["export", str(sample_path), "--analysis", analysis, "--cards", str(plain)]
    )
    assert result.exit_code == 0, result.output
    pngs = sorted(p.name for p in plain.glob("*.png"))
    with (plain / "cards.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["file"] for r in rows) == pngs and len(pngs) >= 4
    assert [r["file"] for r in json.loads((plain / "cards.json").read_text("utf-8"))] == [
        r["file"] for r in rows
    ]
    assert all(r["alt"].startswith("Quote card: ") and r["post"] for r in rows)
    assert f"{len(pngs)} quote cards" in result.output

    (tmp_path / "brand.yaml").write_text(
        "background: '#003B5C'\naccent: '#F2A900'\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        cli,
        ["export", str(sample_path), "--analysis", analysis, "--cards", str(branded)]
        + ["--brand", str(tmp_path / "brand.yaml")],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in branded.glob("*.png")) == pngs
    layouts = {r["file"]: r["layout"] for r in rows}
    expected = {"dark": (0x00, 0x3B, 0x5C), "accent": (0xF2, 0xA9, 0x00)}
    for name in pngs:
        with Image.open(plain / name) as before, Image.open(branded / name) as after:
            corner = after.convert("RGB").getpixel((5, 5))
            assert corner != before.convert("RGB").getpixel((5, 5)) or layouts[name] == "light"
            if layouts[name] in expected:
                assert corner == expected[layouts[name]], name
