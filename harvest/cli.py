"""The ``harvest`` command: a thin layer over the Python API.

Library errors become one-line messages here, and only here: a user's mistake never
prints a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click
from rich.console import Console
from rich.table import Table

from harvest._event_arg import EVENT, EventParam
from harvest.errors import HarvestError
from harvest.event import EventFile, create_event, open_event
from harvest.importers import FORMATS as IMPORT_FORMATS
from harvest.model import LEVELS, Capture, Kind, Person, check_encodable

console = Console(stderr=True)


class _Group(click.Group):
    """Turns harvest's own errors into clean messages."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except HarvestError as error:
            raise click.ClickException(str(error)) from None


@click.group(cls=_Group)
@click.version_option(package_name="harvest")
@click.option(
    "--by",
    envvar="HARVEST_USER",
    metavar="NAME",
    help="Who is capturing, stamped on every change (env HARVEST_USER; default user@machine).",
)
@click.pass_context
def cli(ctx: click.Context, by: str | None) -> None:
    """Capture what is said during a live event and turn it into the story of the day."""
    ctx.obj = {"by": by}


def _open(ctx: click.Context, path: Path | str) -> EventFile:
    return open_event(path, actor=ctx.obj["by"])


#: EVENT: an event file, or an event on a team server (postgresql://USER@HOST/DB#slug).
event_arg = click.argument("event", type=EVENT)


@cli.command()
@click.argument("event", type=EVENT)
@click.option("--title", required=True, help="The event's title.")
@click.option(
    "--date",
    "start",
    required=True,
    type=click.DateTime(["%Y-%m-%d"]),
    help="First day, YYYY-MM-DD.",
)
@click.option("--end-date", type=click.DateTime(["%Y-%m-%d"]), help="Last day, if several.")
@click.option("--venue", default="", help="Where it happens.")
@click.option("--organiser", default="", help="Who runs it.")
@click.option("--hashtag", "hashtags", multiple=True, help="The event's hashtag (repeatable).")
@click.option(
    "--timezone",
    default="Europe/London",
    show_default=True,
    help="IANA time zone the agenda is written in.",
)
@click.option(
    "--publish",
    "publication",
    type=click.Choice(LEVELS),
    default="named",
    show_default=True,
    help="Default publication level of new captures.",
)
@click.pass_context
def init(
    ctx: click.Context,
    event: Path,
    title: str,
    start: Any,
    end_date: Any,
    venue: str,
    organiser: str,
    hashtags: tuple[str, ...],
    timezone: str,
    publication: str,
) -> None:
    """Create a new event file.

    Example:

    \b
    harvest init day2.harvest --title "Leading Together, Day 2" --date 2026-03-12
    harvest init day2.harvest --title "Day 2" --date 2026-03-12 --hashtag LeadingWyvern
    """
    with create_event(
        event,
        title=title,
        start_date=start.date(),
        end_date=end_date.date() if end_date else None,
        venue=venue,
        organiser=organiser,
        timezone=timezone,
        hashtags=hashtags,
        default_publication=publication,
        actor=ctx.obj["by"],
    ) as created:
        click.echo(f"created {event}: {created.info.title}, {created.info.start_date}")


@cli.command()
@event_arg
@click.argument(  # transcript turns come only from files (harvest import)
    "kind", type=click.Choice([k.value for k in Kind if k is not Kind.TRANSCRIPT])
)
@click.argument("text_or_file")
@click.option("--speaker", help="Who said it (quotes). Known people are recognised by name.")
@click.option("--role", default="", help="The speaker's role.")
@click.option("--org", "organisation", default="", help="The speaker's organisation.")
@click.option("--session", help="Session title (or its start); default: the one running now.")
@click.option(
    "--publish",
    "publication",
    type=click.Choice(LEVELS),
    help="Publication level; default: the event's.",
)
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--caption", default="", help="What a photo shows (images).")
@click.option("--author", default="", help="The post's handle (posts) or note's author (notes).")
@click.option("--url", default="", help="The post's address (posts).")
@click.pass_context
def add(
    ctx: click.Context,
    event: Path,
    kind: str,
    text_or_file: str,
    speaker: str | None,
    role: str,
    organisation: str,
    session: str | None,
    publication: str | None,
    tags: tuple[str, ...],
    caption: str,
    author: str,
    url: str,
) -> None:
    """Add one capture: a quote, note or post (TEXT), or an image (FILE).

    Example:

    \b
    harvest add day2.harvest quote "We stopped asking and started listening."
    harvest add day2.harvest quote "Now is the time." --speaker "Asha Patel" --session "Breakout A"
    harvest add day2.harvest post "Day 2! #LeadingWyvern" --author @ceri_l
    harvest add day2.harvest image flipchart.jpg --caption "What residents need"
    """
    given = [
        ("--speaker", speaker),
        ("--role", role),
        ("--org", organisation),
        ("--session", session),
        ("--caption", caption),
        ("--author", author),
        ("--url", url),
        *(("--tag", tag) for tag in tags),
    ]
    if kind != "image":  # an image's FILE is a path: any bytes may name a file
        given.insert(0, (f"the {kind} text", text_or_file))
    for name, value in given:
        check_encodable(value or "", name)  # before the file is opened: nothing is stored
    with _open(ctx, event) as ev:
        common: dict[str, Any] = {"session": session, "publication": publication, "tags": tags}
        if kind == "quote":
            saved = ev.add_quote(
                text_or_file, speaker=speaker, role=role, organisation=organisation, **common
            )
        elif kind == "note":
            saved = ev.add_note(text_or_file, author=author or None, **common)
        elif kind == "post":
            if not author:
                raise click.UsageError("a post needs --author @handle")
            saved = ev.add_post(text_or_file, author=author, url=url, **common)
        else:
            saved = ev.add_image(Path(text_or_file), caption=caption, **common)
        click.echo(f"saved {saved.kind} {saved.id}")


@cli.command(name="import")
@event_arg
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(IMPORT_FORMATS)),
    help="The file's format; recognised from its content when omitted.",
)
@click.option(
    "--column",
    "columns",
    multiple=True,
    metavar="OURS=THEIRS",
    help="Map a column of the file to harvest's name, e.g. posted_at=Date "
    "(CSV formats; repeatable).",
)
@click.option("--encoding", help="The file's text encoding if not UTF-8, e.g. cp1252.")
@click.option(
    "--author",
    help="Whose posts: an X archive without account.js, a LinkedIn Shares.csv, a Bluesky "
    "export (its handle rather than its DID).",
)
@click.option(
    "--split",
    type=click.Choice(["auto", "heading", "paragraph"]),
    help="Notes: one note per heading or per paragraph (default: auto).",
)
@click.option(
    "--session",
    metavar="TITLE",
    help="Transcripts, chats, forms: the session they are of (a transcript's times count "
    "from its start).",
)
@click.option(
    "--start",
    metavar="TIME",
    help="Transcripts: when the recording started (ISO 8601), if neither --session nor a "
    "Zoom file name (GMT20240124-202901) says; chats: the day.",
)
@click.option(
    "--dates",
    type=click.Choice(["uk", "us"]),
    help="Forms: day first (uk, 24/01/2026) or month first (us, 01/24/2026), when no "
    "response tells.",
)
@click.pass_context
def import_(
    ctx: click.Context,
    event: Path,
    file: Path,
    fmt: str | None,
    columns: tuple[str, ...],
    encoding: str | None,
    author: str | None,
    split: str | None,
    session: str | None,
    start: str | None,
    dates: str | None,
) -> None:
    """Import a file as its tool exported it: the whole file, or nothing if it is broken.

    The format is recognised from the content (see docs/bring-your-data.md). Items
    harvest does not keep (a followers-only post, an untitled block) are skipped and
    counted in the report; a file that keeps nothing fails saying why. Importing the same
    file twice adds nothing. Formats: mastodon (outbox.json or the archive zip); x-archive
    (the zip, or tweets.js); linkedin (Shares.csv, with --author); posts-csv; forms
    (Google or Microsoft Forms responses, --column text=QUESTION); quotes-csv;
    sessionize, schedule-json, schedule-xml (pretalx, frab), ical, agenda-csv,
    agenda-yaml; transcript (.vtt, .srt, Otter .txt; internal turns), zoom-chat; slido,
    mentimeter (questions and answers, anonymous); bluesky (the repository .car); notes
    (Markdown or text files, or a folder); images (a YAML list of file + caption).

    Example:

    \b
    harvest import day2.harvest agenda.yaml
    harvest import day2.harvest twitter-2026-03-12.zip
    harvest import day2.harvest export.csv --column author=Handle --column posted_at=Date
    harvest import day2.harvest GMT20260312-100102_Recording.vtt --session "Breakout A"
    """
    options: dict[str, Any] = {}
    if columns:
        pairs = [c.split("=", 1) for c in columns]
        if any(len(p) != 2 or not p[0] or not p[1] for p in pairs):
            raise click.BadParameter(
                "write each mapping as OURS=THEIRS, e.g. posted_at=Date", param_hint="--column"
            )
        options["columns"] = {ours.strip(): theirs.strip() for ours, theirs in pairs}
    given = {"encoding": encoding, "author": author, "split": split, "session": session}
    given.update(start=start, dates=dates)
    for name, value in given.items():
        if value:
            options[name] = value
    with _open(ctx, event) as ev:
        click.echo(str(ev.import_file(file, fmt, **options)))


@cli.command()
@event_arg
@click.argument("capture_id")
@click.option(
    "--level",
    required=True,
    type=click.Choice(LEVELS),
    help="The publication level the speaker agreed to.",
)
@click.option("--text", help="The confirmed words, where they differ from the transcript's.")
@click.option("--speaker", help="Who said it, where the transcript names someone else.")
@click.pass_context
def promote(
    ctx: click.Context,
    event: Path,
    capture_id: str,
    level: str,
    text: str | None,
    speaker: str | None,
) -> None:
    """Make a quote of a transcript turn once its words and level are confirmed.

    A transcript is not a consented quote: its turns are imported internal. The turn
    stays as it was; the quote is a new capture tagged from-transcript.

    Example:

    \b
    harvest promote day2.harvest 01JQ3Z... --level role-only
    """
    from harvest.importers.transcripts import promote as promote_turn

    with _open(ctx, event) as ev:
        quote = promote_turn(ev, capture_id, level, text=text, speaker=speaker)
    click.echo(f"promoted {capture_id} to quote {quote.id} ({quote.publication.value})")


@cli.command(name="list")
@event_arg
@click.option("--kind", type=click.Choice([k.value for k in Kind]), help="Only this kind.")
@click.option("--session", help="Only this session (title or its start).")
@click.option("--tag", help="Only captures with this tag.")
@click.option("--deleted", is_flag=True, help="Include deleted captures.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, one object per capture.")
@click.pass_context
def list_(
    ctx: click.Context,
    event: Path,
    kind: str | None,
    session: str | None,
    tag: str | None,
    deleted: bool,
    as_json: bool,
) -> None:
    """List captures in time order, at the times of the event's own time zone.

    Example:

    \b
    harvest list day2.harvest --kind quote --session "Breakout A"
    harvest list day2.harvest --json > captures.json
    """
    with _open(ctx, event) as ev:
        found = ev.captures(kind=kind, session=session, tag=tag, include_deleted=deleted)
        sessions = {s.id: s.title for s in ev.sessions()}
        people = {p.id: p for p in ev.people()}
        zone = ev.info.zone  # times as the room saw them, not UTC
        rows = [_describe(c, sessions, people, zone) for c in found]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(f"time ({zone.key})", "kind", "session", "who", "level", "text", box=None)
    local = [c.at.astimezone(zone) for c in found]
    days = len({t.date() for t in local}) > 1  # then each time says its day too
    for row, at in zip(rows, local, strict=True):
        table.add_row(
            f"{at:%a} {at.day} {at:%b %H:%M}" if days else f"{at:%H:%M}",
            row["kind"],
            row["session"] or "",
            row["who"] or "",
            row["publication"],
            _short(row["text"]),
        )
    Console().print(table)
    console.print(f"{len(rows)} capture(s)")


@cli.command()
@event_arg
@click.argument("others", nargs=-1, required=True, type=EventParam(exists=True))
@click.option("--force", is_flag=True, help="Merge files of a different event too.")
@click.pass_context
def merge(ctx: click.Context, event: Path, others: tuple[Path, ...], force: bool) -> None:
    """Fold other event files (e.g. note-takers' laptops) into EVENT, without duplicates.

    A capture changed in both files is merged field by field: each field keeps its newer
    edit, so a withdrawal stays unless the other file later changed the publication level
    itself; every such conflict is listed. Every revision is kept, and merging the same
    file again changes nothing. A damaged file is refused whole.

    Example:

    \b
    harvest merge day2.harvest laptop-ceri.harvest laptop-tom.harvest
    """
    with _open(ctx, event) as ev:
        for other in others:
            click.echo(str(ev.merge(other, force=force)))


@cli.command()
@event_arg
@click.argument("capture_id")
@click.option("--text", help="New text (or caption of an image).")
@click.option("--speaker", help="New speaker name.")
@click.option("--session", help="New session title.")
@click.option("--publish", "publication", type=click.Choice(LEVELS), help="New level.")
@click.option("--tag", "tags", multiple=True, help="Replace the tags (repeatable).")
@click.pass_context
def edit(ctx: click.Context, /, event: Path, capture_id: str, **changes: Any) -> None:
    """Change a capture; its earlier versions are kept.

    Example:

    \b
    harvest edit day2.harvest 01JQ3Z... --publish anonymous
    """
    wanted = {k: v for k, v in changes.items() if v not in (None, ())}
    with _open(ctx, event) as ev:
        saved = ev.edit(capture_id, **wanted)
        click.echo(f"saved {saved.kind} {saved.id}")


@cli.command()
@event_arg
@click.argument("capture_id")
@click.pass_context
def delete(ctx: click.Context, event: Path, capture_id: str) -> None:
    """Delete a capture (kept in its history; undo brings it back).

    Example:

    \b
    harvest delete day2.harvest 01JQ3Z...
    """
    with _open(ctx, event) as ev:
        click.echo(f"deleted {ev.delete(capture_id).id}")


@cli.command()
@event_arg
@click.pass_context
def undo(ctx: click.Context, event: Path) -> None:
    """Undo your latest change (add, edit or delete) not yet undone.

    Example:

    \b
    harvest undo day2.harvest
    harvest --by "Ceri L." undo day2.harvest
    """
    with _open(ctx, event) as ev:
        restored = ev.undo()
        if restored is None:
            click.echo("nothing to undo")
        else:
            state = "now deleted" if restored.deleted else "restored"
            click.echo(f"undone: {restored.kind} {restored.id} {state}")


@cli.command()
@click.argument(
    "outdir",
    required=False,
    default="harvest-demo",
    type=click.Path(file_okay=False, path_type=Path),
)
def demo(outdir: Path) -> None:
    """Build the bundled sample event in OUTDIR, analyse it and write the day's outputs.

    OUTDIR gets the event file, the deck (deck.pptx), the story page (story.html), its
    Markdown, quote cards, word clouds and the theme data.

    Example:

    \b
    harvest demo out/
    """
    from harvest.demo import build_demo
    from harvest.export.cli import run_export

    with _progress() as progress:
        path = build_demo(outdir, progress=progress)
    with open_event(path, actor="harvest demo") as ev:
        _summary(ev)
        run_export(ev, out=outdir)
    click.echo(f"event file: {path}")


# -- helpers ------------------------------------------------------------------------------


def _progress() -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=not console.is_terminal,
    )


def _describe(
    capture: Capture, sessions: dict[str, str], people: dict[str, Person], zone: ZoneInfo
) -> dict[str, Any]:
    """A capture as JSON-ready data: session title and speaker spelled out, time in ``zone``."""
    data = capture.to_dict()
    speaker = people.get(capture.speaker_id or "")
    data["at"] = capture.at.astimezone(zone).isoformat()
    data["timezone"] = zone.key
    data["session"] = sessions.get(capture.session_id or "")
    data["speaker"] = (
        {"name": speaker.name, "role": speaker.role, "organisation": speaker.organisation}
        if speaker
        else None
    )
    data["who"] = (
        speaker.name if speaker else capture.post.author_handle if capture.post else capture.author
    )
    return data


def _short(text: str, width: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _summary(ev: EventFile) -> None:
    info = ev.info
    out = Console()
    out.print(f"[bold]{info.title}[/bold] — {info.start_date:%d %B %Y}, {info.venue}")
    counts = ev.store.count()
    table = Table("session", "room", "quotes", "posts", "notes", "images", box=None)
    per: dict[str | None, dict[str, int]] = {}
    captures = ev.captures()
    for c in captures:
        per.setdefault(c.session_id, {}).setdefault(c.kind.value, 0)
        per[c.session_id][c.kind.value] += 1
    zone = info.zone
    for s in ev.sessions():
        n = per.get(s.id, {})
        table.add_row(
            f"{s.starts_at.astimezone(zone):%H:%M} {s.title}",
            s.room,
            *(str(n.get(k, 0)) for k in ("quote", "post", "note", "image")),
        )
    n = per.get(None, {})
    table.add_row(
        "(no session)", "", *(str(n.get(k, 0)) for k in ("quote", "post", "note", "image"))
    )
    out.print(table)
    levels: dict[str, int] = {}
    for c in captures:
        levels[c.publication.value] = levels.get(c.publication.value, 0) + 1
    kinds = ", ".join(f"{v} {k}s" for k, v in sorted(counts.items()))
    out.print(
        f"{sum(counts.values())} captures ({kinds}) "
        f"from {len(ev.people())} speakers; publication: "
        + ", ".join(f"{levels.get(level, 0)} {level}" for level in LEVELS)
    )


def _add_extension_commands() -> None:
    """Commands of the other packages; their modules import their heavy extras lazily."""
    from harvest._server_cli import server
    from harvest.export.cli import export
    from harvest.library.cli import search
    from harvest.nlp.cli import commands as nlp_commands
    from harvest.ui.cli import capture, story

    for command in (*nlp_commands(), export, capture, story, search, server):
        cli.add_command(command)


_add_extension_commands()
