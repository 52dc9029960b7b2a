"""A throw-away PostgreSQL cluster for the tests: Debian's server, started in a temp folder.

``initdb`` in a temporary folder, its own port and unix-socket folder, trust
authentication on localhost only; as root it runs as the ``postgres`` system user (the
server refuses to run as root). A missing server FAILS the tests that need it: install
Debian's ``postgresql`` (``bash scripts/setup.sh --test`` does).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

MISSING = (
    "PostgreSQL's server is missing (no /usr/lib/postgresql/*/bin/initdb): install Debian's "
    "postgresql package (bash scripts/setup.sh --test does)"
)


def server_bin() -> Path:
    """The newest installed server's bin folder (Debian keeps initdb off the PATH)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parent.parent.name),
    )
    assert found, MISSING
    return Path(found[-1]).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    """One running cluster; ``url(db, slug)`` addresses an event on it."""

    folder: Path
    port: int
    bin: Path
    user: str  # the system user the server runs as ("" when not root)

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def sockets(self) -> Path:
        return self.folder / "sockets"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [*args]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    def init(self) -> None:
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1"
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, database: str, slug: str | None = None, user: str = "postgres") -> str:
        """``postgresql://USER@127.0.0.1:PORT/DATABASE#SLUG`` (no slug: the database)."""
        base = f"postgresql://{user}@127.0.0.1:{self.port}/{database}"
        return f"{base}#{slug}" if slug else base

    def sql(self, statement: str, database: str = "postgres") -> None:
        """Run ``statement`` as the superuser (autocommit: CREATE DATABASE needs it)."""
        import psycopg

        conninfo = f"host=127.0.0.1 port={self.port} user=postgres dbname={database}"
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(statement)  # type: ignore[arg-type]

    def new_database(self, name: str) -> str:
        self.sql(f'CREATE DATABASE "{name}"')
        return name


def start_cluster() -> Cluster:
    """A fresh cluster in a temporary folder, started (stop it with :func:`remove`)."""
    bin_ = server_bin()
    folder = Path(tempfile.mkdtemp(prefix="harvest-pg-"))
    user = ""
    if os.geteuid() == 0:  # the server refuses root: run it as the postgres system user
        user = "postgres"
        try:
            entry = pwd.getpwnam(user)
        except KeyError:
            raise AssertionError(f"no '{user}' system user: {MISSING}") from None
        os.chmod(folder, 0o755)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    cluster = Cluster(folder, free_port(), bin_, user)
    cluster.sockets.mkdir()
    if user:
        os.chown(cluster.sockets, pwd.getpwnam(user).pw_uid, pwd.getpwnam(user).pw_gid)
    cluster.init()
    cluster.start()
    return cluster


def remove(cluster: Cluster) -> None:
    """Stop the cluster (immediately) and delete its folder."""
    cluster.stop("immediate")
    shutil.rmtree(cluster.folder, ignore_errors=True)
