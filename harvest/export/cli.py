"""``harvest export``: the day's outputs from the command line.

Importing this module stays cheap: python-pptx, Jinja2, wordcloud and spaCy load inside
the command, so ``harvest --help`` stays fast and the core never needs the extras.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from harvest._event_arg import EventParam

__all__ = ["export"]

_path = click.Path(path_type=Path)


@click.command()
@click.argument("event", type=EventParam(dir_okay=False))
@click.option("--deck", type=_path, metavar="F.pptx", help="Write the slide deck here.")
@click.option("--page", type=_path, metavar="F.html", help="Write the story page here.")
@click.option("--markdown", type=_path, metavar="F.md", help="Write the Markdown story here.")
@click.option("--cards", type=_path, metavar="DIR", help="Write the quote cards (PNG) here.")
@click.option(
    "--data", type=_path, metavar="F.json", help="Write theme data here (and F.csv beside it)."
)
@click.option(
    "--template",
    type=_path,
    metavar="T.pptx",
    help="Use this PowerPoint template's layouts and theme for the deck.",
)
@click.option(
    "--templates",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    metavar="DIR",
    help="A folder of Jinja2 templates overriding the page's (story.html).",
)
@click.option(
    "--brand",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    metavar="B.yaml",
    help="The programme's colours and logo for the quote cards (YAML or JSON).",
)
@click.option(
    "--analysis",
    "analysis_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    metavar="A.json",
    help="Use a saved analysis (harvest analyse --json) instead of analysing now.",
)
@click.option(
    "--out",
    type=_path,
    default=Path("."),
    show_default=True,
    help="Folder for every output when no single output is named.",
)
@click.pass_context
def export(
    ctx: click.Context,
    event: Path,
    deck: Path | None,
    page: Path | None,
    markdown: Path | None,
    cards: Path | None,
    data: Path | None,
    template: Path | None,
    templates: Path | None,
    brand: Path | None,
    analysis_file: Path | None,
    out: Path,
) -> None:
    """Write the day's deck, story page, Markdown, quote cards and theme data.

    With no output named, all of them go into --out. Publication levels are applied:
    withdrawn and internal captures never appear, others are attributed as agreed.
    Exporting again into the same place replaces what harvest wrote there last time
    (listed in .harvest-export.json), so nothing withdrawn since stays behind; a file
    harvest did not write there stops the export instead of being deleted.

    Example:

        harvest export day2.harvest --out outputs/

        harvest export day2.harvest --deck day2.pptx --template ours.pptx

        harvest export day2.harvest --cards cards/ --brand brand.yaml
    """
    from harvest.analysis import Analysis
    from harvest.event import open_event

    with open_event(event, actor=(ctx.obj or {}).get("by")) as ev:
        analysis = None
        if analysis_file is not None:
            try:
                analysis = Analysis.from_dict(json.loads(analysis_file.read_text("utf-8")))
            except (ValueError, KeyError, TypeError) as error:
                raise click.ClickException(
                    f"{analysis_file} is not an analysis saved by harvest analyse --json: {error}"
                ) from None
        run_export(
            ev,
            analysis,
            out=out,
            deck=deck,
            page=page,
            markdown=markdown,
            cards=cards,
            data=data,
            template=template,
            templates=templates,
            brand=brand,
        )


def run_export(event: Any, analysis: Any = None, **options: Any) -> Any:
    """Analyse ``event`` if no ``analysis`` is given, then write its outputs, showing progress.

    The one path of ``harvest export`` and ``harvest demo``; prints what was written.

    :param options: the outputs, as :func:`harvest.export.export_steps` takes them
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from harvest.export import ExportReport, check_export, export_steps
    from harvest.story import build_story
    from harvest.story.curation import load_curation

    console = Console(stderr=True)
    check_export(**options)  # a folder in use or a bad brand file: say so before analysing
    columns = (TextColumn("{task.description:<16}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console) as progress:
        if analysis is None:
            tasks: dict[str, Any] = {}

            def show(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = progress.add_task(f"analysing: {stage}", total=total)
                progress.update(tasks[stage], completed=done, total=total)

            analysis = _analyse(event, show)
        story = build_story(event, analysis, load_curation(event.store))
        report = ExportReport()
        steps = export_steps(story, report=report, **options)
        task = progress.add_task("exporting", total=len(steps))
        for name, step in steps:
            progress.update(task, description=name)
            step()
            progress.advance(task)
        progress.update(task, description="exported")
    for path in report.files:
        if path.suffix in (".pptx", ".html", ".md", ".json", ".csv"):
            click.echo(str(path))
    folders: dict[Path, int] = {}
    for path in report.files:
        if path.suffix in (".png", ".jpg", ".gif", ".webp"):
            folders[path.parent] = folders.get(path.parent, 0) + 1
    for folder, count in folders.items():
        click.echo(f"{folder}/ ({count} images)")
    if report.cards:
        click.echo(f"{report.cards} quote cards (alt text and post copy in cards.csv)")
    for folder in report.cleaned:
        click.echo(f"removed {folder}: staging folder left by an export that was stopped", err=True)
    for line in report.skipped:
        console.print(f"[yellow]left out:[/yellow] {line}")
    if report.downgraded:
        console.print(
            f"{report.downgraded} role-only quote{'s' * (report.downgraded != 1)} shown as "
            "anonymous: the speaker is named elsewhere in the story, which would identify them"
        )
    return report


def _analyse(event: Any, progress: Any) -> Any:
    try:
        from harvest import nlp
    except ModuleNotFoundError as error:
        if error.name and not error.name.startswith("harvest"):
            raise click.ClickException(
                f"analysing needs {error.name}: pip install 'harvest[nlp]', "
                "or pass --analysis A.json"
            ) from None
        raise click.ClickException(
            "this harvest has no analysis module (harvest.nlp): pass --analysis A.json"
        ) from None
    from harvest.story.curation import load_curation

    guided = load_curation(event.store).guided_themes()
    # a capture the analysis cannot read is named in the export's own report
    return nlp.analyse(event, guided=guided, progress=progress, skipped=lambda cid, why: None)
