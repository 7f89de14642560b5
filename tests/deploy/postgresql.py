"""Throwaway PostgreSQL servers for tests/deploy: a primary set up from deploy/ and its replica.

Not tests/postgres.py's server (a generic one for the store's tests: Unix socket only, trust,
fsync off) but one set up as production is, so that the recipe itself is tested; the two share
the clean-up of servers a killed run left behind. Debian's PostgreSQL 15 binaries, each server
in its own temp folder with its socket there and a loopback port, run as the `postgres` system
user when the tests run as root (initdb refuses root). The primary takes
deploy/postgresql-primary.conf, deploy/pg_hba-samverkan.conf (without TLS and for 127.0.0.1: a
test has no certificate authority or network) and deploy/postgresql-roles.sql as written; the
replica is made the documented way, pg_basebackup -R.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.browser import free_port
from tests.deploy import DEPLOY
from tests.postgres import DIR_PREFIX, OWNER_FILE, as_server_user, remove_abandoned_servers

BIN = Path("/usr/lib/postgresql/15/bin")
SAMVERKAN_PASSWORD = "samverkan-test-password"
REPLICATOR_PASSWORD = "replicator-test-password"


def _as_postgres(command: list[str | Path]) -> list[str]:
    return [*as_server_user(), *(str(w) for w in command)]


def _run(command: list[str | Path], **options: object) -> str:
    result = subprocess.run(
        _as_postgres(command), check=False, capture_output=True, text=True, **options
    )  # type: ignore[call-overload]
    assert result.returncode == 0, f"{command[0]}: {result.stderr or result.stdout}"
    return str(result.stdout)


@dataclass
class Server:
    """One PostgreSQL server: its data folder, socket folder and loopback port."""

    folder: Path
    port: int

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, user: str = "samverkan", database: str = "samverkan") -> str:
        """Over loopback TCP with the role's password, as an app server connects."""
        password = SAMVERKAN_PASSWORD if user == "samverkan" else ""
        secret = f":{password}" if password else ""
        return f"postgresql://{user}{secret}@127.0.0.1:{self.port}/{database}"

    def psql(
        self,
        sql: str | None = None,
        *,
        file: Path | None = None,
        database: str = "postgres",
        **variables: str,
    ) -> str:
        """SQL (or a file of it) as the superuser over the Unix socket; the output, bare."""
        command: list[str | Path] = [
            BIN / "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
            "-h", self.folder, "-p", str(self.port), "-U", "postgres", "-d", database,
        ]  # fmt: skip
        for name, value in variables.items():
            command += ["-v", f"{name}={value}"]
        command += ["-f", file] if file else ["-c", sql or ""]
        return _run(command).strip()

    def start(self) -> None:
        _run([BIN / "pg_ctl", "-D", self.data, "-l", self.folder / "server.log", "-w", "start"])

    def stop(self, mode: str = "fast") -> None:
        _run([BIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop"])

    def is_running(self) -> bool:
        result = subprocess.run(
            _as_postgres([BIN / "pg_ctl", "-D", self.data, "status"]),
            check=False,
            capture_output=True,
        )
        return result.returncode == 0


def _folder() -> Path:
    """A short temp folder owned by postgres (a socket path may not exceed 107 bytes), marked
    as tests/postgres.py marks its servers', so one left by a killed run is removed by the next."""
    remove_abandoned_servers(BIN)
    folder = Path(tempfile.mkdtemp(prefix=DIR_PREFIX))
    (folder / OWNER_FILE).write_text(str(os.getpid()))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    return folder


def _local_settings(server: Server) -> str:
    """What a test overrides after deploy/'s settings: loopback only, its port and socket."""
    return (
        f"\nlisten_addresses = '127.0.0.1'\nport = {server.port}\n"
        f"unix_socket_directories = '{server.folder}'\n"
    )


def hba_lines() -> str:
    """deploy/pg_hba-samverkan.conf for a test: plain TCP on 127.0.0.1 instead of TLS on a LAN."""
    text = (DEPLOY / "pg_hba-samverkan.conf").read_text("utf-8")
    assert "hostssl" in text
    assert "10.0.0.0/24" in text
    return text.replace("hostssl ", "host    ").replace("10.0.0.0/24", "127.0.0.1/32")


@contextlib.contextmanager
def primary() -> Iterator[Server]:
    """A primary with deploy/'s settings, pg_hba lines, roles, database and replication slot."""
    server = Server(_folder(), free_port())
    try:
        _run([BIN / "initdb", "-D", server.data, "-U", "postgres", "--auth-local=trust",
              "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"])  # fmt: skip
        settings = (DEPLOY / "postgresql-primary.conf").read_text("utf-8")
        conf = server.data / "postgresql.conf"
        _append(conf, f"\n# deploy/postgresql-primary.conf\n{settings}{_local_settings(server)}")
        hba = server.data / "pg_hba.conf"
        _write(hba, hba_lines() + _read(hba))
        server.start()
        roles = server.folder / "roles.sql"
        _write(roles, (DEPLOY / "postgresql-roles.sql").read_text("utf-8"))
        server.psql(
            file=roles,
            samverkan_password=SAMVERKAN_PASSWORD,
            replicator_password=REPLICATOR_PASSWORD,
        )
        yield server
    finally:
        if server.is_running():
            server.stop("immediate")
        shutil.rmtree(server.folder, ignore_errors=True)


@contextlib.contextmanager
def replica_of(source: Server) -> Iterator[Server]:
    """A streaming replica made as docs/deployment.md says: pg_basebackup -R with the slot."""
    server = Server(_folder(), free_port())
    try:
        _run(
            [BIN / "pg_basebackup", "-h", "127.0.0.1", "-p", str(source.port), "-U", "replicator",
             "-D", server.data, "-R", "-X", "stream", "-S", "samverkan_replica",
             "--checkpoint=fast"],
            env={**os.environ, "PGPASSWORD": REPLICATOR_PASSWORD},
        )  # fmt: skip
        # The copy brings the primary's settings; a second server on this machine needs its
        # own port and socket (on a machine of its own nothing changes).
        _append(server.data / "postgresql.conf", _local_settings(server))
        server.start()
        yield server
    finally:
        if server.is_running():
            server.stop("immediate")
        shutil.rmtree(server.folder, ignore_errors=True)


def promote(server: Server) -> None:
    """The replica becomes a primary that takes writes (as `pg_ctlcluster 15 main promote`)."""
    _run([BIN / "pg_ctl", "-D", server.data, "-w", "promote"])


def _read(path: Path) -> str:
    return _run(["cat", path])


def _write(path: Path, text: str) -> None:
    subprocess.run(_as_postgres(["tee", str(path)]), input=text, text=True, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def _append(path: Path, text: str) -> None:
    subprocess.run(_as_postgres(["tee", "-a", str(path)]), input=text, text=True, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
