"""A throwaway PostgreSQL server for the tests: Debian's binaries, a fresh data directory.

`PostgresServer` runs `initdb` into a new directory under /tmp and starts the server there on
a Unix socket only (no TCP), tuned for tests rather than durability (fsync off). Each test gets
a database of its own from `create_database()`. As root (the usual container) the server runs
as the `postgres` system user, since initdb refuses root. Every server's directory records the
process that started it, so a server left behind by a session that was killed is stopped and
removed by the next one.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import psycopg
from psycopg import sql

from tests.browser import free_port

BINARIES = Path("/usr/lib/postgresql")  # Debian's postgresql package: one folder per version
USER = "samverkan"
DIR_PREFIX = "samverkan-pg-"
OWNER_FILE = "owner.pid"
# Two Streamlit servers, each with a session per viewer, and the tests beside them.
MAX_CONNECTIONS = 200
SETTINGS = {
    "listen_addresses": "''",
    "max_connections": str(MAX_CONNECTIONS),
    # A throwaway server: a crash loses nothing anyone needs, so never wait for the disk.
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "shared_buffers": "32MB",
    "logging_collector": "off",
}
INSTALL_HINT = "PostgreSQL's server binaries are missing: run scripts/install --dev"


class PostgresMissing(RuntimeError):
    """Debian's postgresql package is not installed."""


def find_bin_dir() -> Path:
    """The newest /usr/lib/postgresql/N/bin that has initdb."""
    found = [p.parent for p in BINARIES.glob("*/bin/initdb")]
    if not found:
        raise PostgresMissing(INSTALL_HINT)
    return max(found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)


def as_server_user() -> list[str]:
    """The prefix that runs a command as the server's owner (initdb refuses root)."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_abandoned_servers(bin_dir: Path) -> None:
    """Stop and remove servers whose starting process is gone (a session killed mid-run)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{DIR_PREFIX}*"):
        try:
            owner = int((folder / OWNER_FILE).read_text().strip())
        except (OSError, ValueError):
            continue  # not ours, or being set up right now
        if _alive(owner):
            continue
        if (folder / "data" / "postmaster.pid").exists():
            subprocess.run(
                [*as_server_user(), str(bin_dir / "pg_ctl"), "stop", "-D", str(folder / "data"),
                 "-m", "immediate", "-s"],
                cwd=folder, capture_output=True, check=False, timeout=60,
            )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


class PostgresServer:
    """One PostgreSQL server in a temporary directory, reached on a Unix socket there."""

    def __init__(self) -> None:
        self.bin_dir = find_bin_dir()
        self.dir = Path(tempfile.mkdtemp(prefix=DIR_PREFIX))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self.port = free_port()
        self.running = False

    def start(self) -> PostgresServer:
        """initdb and start the server; returns when it accepts connections."""
        remove_abandoned_servers(self.bin_dir)
        (self.dir / OWNER_FILE).write_text(str(os.getpid()))
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        atexit.register(self.stop)
        try:
            self._run(
                "initdb", "-D", str(self.data), "-A", "trust", "-U", USER, "-E", "UTF8",
                "--no-locale", "--no-sync", "--no-instructions",
            )  # fmt: skip
            with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
                for name, value in {
                    **SETTINGS,
                    "port": str(self.port),
                    "unix_socket_directories": f"'{self.dir}'",
                }.items():
                    conf.write(f"{name} = {value}\n")
            self._run("pg_ctl", "start", "-w", "-s", "-D", str(self.data), "-l", str(self.log))
            self.running = True
        except BaseException:
            self.stop()
            raise
        return self

    def _run(self, program: str, *args: str) -> None:
        done = subprocess.run(
            [*as_server_user(), str(self.bin_dir / program), *args],
            cwd=self.dir,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        if done.returncode != 0:
            log = self.log.read_text("utf-8", "replace") if self.log.exists() else ""
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr}{log}")

    def url(self, dbname: str) -> str:
        """The database's URL, as SAMVERKAN_DB and --db take it."""
        return f"postgresql://{USER}@/{dbname}?host={self.dir}&port={self.port}"

    def create_database(self) -> str:
        """A new, empty, uniquely named database; its URL."""
        name = f"t_{uuid.uuid4().hex[:16]}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as con:
            con.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop the database the URL names, ending its sessions first."""
        name = database_name(url)
        with psycopg.connect(self.url("postgres"), autocommit=True) as con:
            con.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def stop(self) -> None:
        """Stop the server (fast: sessions are ended) and remove its directory."""
        if self.running:
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self._run("pg_ctl", "stop", "-w", "-s", "-D", str(self.data), "-m", "fast")
            self.running = False
        shutil.rmtree(self.dir, ignore_errors=True)
        atexit.unregister(self.stop)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def database_name(url: str) -> str:
    """The database a postgresql:// URL names."""
    return url.split("://", 1)[1].split("/", 1)[1].split("?", 1)[0]


def is_postgres_url(location: str | os.PathLike[str]) -> bool:
    """Whether a store location names a PostgreSQL database rather than a DuckDB file."""
    return str(location).startswith(("postgresql://", "postgres://"))


def copy_database(source: str, target: str) -> None:
    """Make the database `target` names a copy of `source`'s (same server), dropping it first."""
    name, template = database_name(target), database_name(source)
    admin = target.replace(f"/{name}?", "/postgres?", 1)
    with psycopg.connect(admin, autocommit=True) as con:
        # A template may have no other session: the app's connections may linger.
        con.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [template],
        )
        con.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        con.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        )
