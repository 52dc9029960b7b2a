"""``harvest server``: an admin's commands for a team server (PostgreSQL).

Importing this module is cheap: psycopg is loaded when a command connects.
"""

from __future__ import annotations

import click

from harvest._event_arg import EventParam
from harvest.store._address import parse_server

__all__ = ["server"]


@click.group()
def server() -> None:
    """Set up a team server and say who may do what (run as the server's admin).

    See docs/server.md for starting a server and creating its logins.

    Example:

    \b
    harvest server setup postgresql://admin@db.example.org:5432/team
    harvest server grant postgresql://admin@db.example.org:5432/team#day-2 amy --as note-taker
    """


@server.command()
@click.argument("database", type=EventParam(database=True, file_okay=False))
def setup(database: str) -> None:
    """Make the search index, the readers' view and the readers' group on DATABASE.

    Safe to run again.

    Example:

    \b
    harvest server setup postgresql://admin@db.example.org:5432/team
    """
    from harvest.store._roles import set_up

    set_up(parse_server(database, need_slug=False))
    click.echo(f"set up {parse_server(database, need_slug=False).display}")


@server.command()
@click.argument("where", type=EventParam(database=True, file_okay=False))
@click.argument("user")
@click.option(
    "--as",
    "kind",
    type=click.Choice(["note-taker", "facilitator", "reader"]),
    required=True,
    help="note-taker or facilitator of the event WHERE names (#slug), or reader of all.",
)
def grant(where: str, user: str, kind: str) -> None:
    """Let the login USER work as a note-taker or facilitator of an event, or read.

    The database enforces it: a note-taker captures but cannot curate or touch other
    events; a reader sees published captures only, never internal or withdrawn ones or a
    protected name. USER must exist (CREATE ROLE amy LOGIN PASSWORD '...').

    Example:

    \b
    harvest server grant postgresql://admin@db:5432/team#day-2 amy --as note-taker
    harvest server grant postgresql://admin@db:5432/team#day-2 fay --as facilitator
    harvest server grant postgresql://admin@db:5432/team comms --as reader
    """
    from harvest.store._roles import grant as give

    address = parse_server(where, need_slug=kind != "reader")
    give(address, user, kind)
    click.echo(f"{user} is now a {kind}" + (f" of {address.slug}" if kind != "reader" else ""))
