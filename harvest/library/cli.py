"""``harvest search``: search the quotes of a folder of events from the command line.

Importing this module is cheap: the library needs only the core, and cards and decks are
not made here (use the notebook, or ``harvest.library.export_*`` from Python).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from harvest._event_arg import EventParam
from harvest.library._index import KINDS
from harvest.story.publication import SEEN_BY_TEAM

__all__ = ["search"]

_KINDS = tuple(k.value for k in KINDS)


def _day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date: write it as YYYY-MM-DD") from None


@click.command()
@click.argument("folder", type=EventParam(database=True, file_okay=False))
@click.argument("words", nargs=-1)
@click.option("--theme", default="", help="Only this theme (as listed by --themes).")
@click.option("--speaker", default="", help="Part of a speaker's name (named quotes only).")
@click.option("--organisation", default="", help="Part of an organisation, or its kind.")
@click.option(
    "--level",
    "levels",
    multiple=True,
    type=click.Choice([p.value for p in SEEN_BY_TEAM]),
    help="Only this level.",
)
@click.option("--kind", "kinds", multiple=True, type=click.Choice(_KINDS), help="Only this kind.")
@click.option("--since", callback=_day, metavar="YYYY-MM-DD", help="Events on or after.")
@click.option("--until", callback=_day, metavar="YYYY-MM-DD", help="Events on or before.")
@click.option("--limit", default=20, show_default=True, help="Show at most this many.")
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write every exportable result to this CSV file.",
)
@click.option("--themes", is_flag=True, help="List the themes across events instead.")
def search(
    folder: Path,
    words: tuple[str, ...],
    theme: str,
    speaker: str,
    organisation: str,
    levels: tuple[str, ...],
    kinds: tuple[str, ...],
    since: date | None,
    until: date | None,
    limit: int,
    csv_path: Path | None,
    themes: bool,
) -> None:
    """Search the quotes, posts and notes of every event file in FOLDER.

    FOLDER may be a team server's database, postgresql://USER@HOST:PORT/DBNAME: every
    event on it is searched (PostgreSQL full-text search, the same rules).

    All WORDS must appear (case and accents ignored; a word also finds longer words
    starting with it; quote a phrase to find it as written). Withdrawn captures never
    show; internal ones show as said, marked internal, but are never written to --csv.
    Elsewhere a third party's name, phone or email is replaced ("[a patient]", "[phone
    number]"), as in every published output. The files are only read.

    Example:

        harvest search events/ burnout "night shift" --level named --csv quotes.csv
    """
    from harvest.errors import HarvestError
    from harvest.library import Query, export_csv, open_library
    from harvest.library._index import INTERNAL_MARK

    try:
        if isinstance(folder, str):  # a server (see harvest.library._server)
            from harvest.library._server import open_server_library

            library: Any = open_server_library(folder)
            click.get_current_context().call_on_close(library.close)
        else:
            library = open_library(folder)
        for bad in library.problems:
            click.echo(f"skipped {bad.name}: {bad.error}", err=True)
        if themes:
            for t in library.themes():
                click.echo(f"{t.label}  [{t.direction}, {t.events} events, {t.total} captures]")
            if library.not_analysed:
                names = ", ".join(e.name for e in library.not_analysed)
                click.echo(f"not analysed (themes unknown): {names}", err=True)
            return
        query = Query(
            words=" ".join(f'"{w}"' if " " in w else w for w in words),
            theme=theme,
            speaker=speaker,
            organisation=organisation,
            levels=levels,  # type: ignore[arg-type]
            kinds=kinds,
            since=since,
            until=until,
        )
        found = library.search(query)
        click.echo(f"{len(found)} found in {len(library.readable)} events")
        for e in found[:limit]:
            click.echo(f"\n{e.event_day}  {e.event_title}  [{e.level.value}, {e.kind}]")
            click.echo(f"  “{e.text}”")
            if not e.exportable:  # said as it was, names and numbers in it: for the team only
                click.echo(f"  ({INTERNAL_MARK})")
            click.echo(f"  — {e.attribution}" + (f"  (theme: {e.theme})" if e.theme else ""))
        if csv_path is not None:
            result = export_csv(found, csv_path)
            click.echo(f"\n{csv_path}: {len(found) - len(result.skipped)} rows", err=True)
    except HarvestError as error:
        raise click.ClickException(str(error)) from None
