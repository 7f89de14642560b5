"""The tests' own PostgreSQL server (tests/postgres.py): it answers, each test's database is its
own and empty, it takes as many connections as two app servers open, and it cleans up."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from tests import postgres
from tests.postgres import MAX_CONNECTIONS, OWNER_FILE, PostgresServer, copy_database


def test_the_server_answers_on_its_socket_only(postgres_url: str) -> None:
    with psycopg.connect(postgres_url) as con:
        user, encoding, listen = con.execute(
            "SELECT current_user, pg_encoding_to_char(encoding),"
            " current_setting('listen_addresses') FROM pg_database"
            " WHERE datname = current_database()"
        ).fetchone() or (None, None, None)
    assert (user, encoding, listen) == ("samverkan", "UTF8", "")
    assert "host=/tmp/" in postgres_url


def test_a_fresh_database_is_empty(postgres_url: str) -> None:
    with psycopg.connect(postgres_url) as con:
        tables = con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables"
            " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
        ).fetchall()
    assert tables == []


def test_two_databases_are_apart(postgres_server: PostgresServer) -> None:
    first, second = postgres_server.create_database(), postgres_server.create_database()
    try:
        assert first != second
        with psycopg.connect(first) as con:
            con.execute("CREATE TABLE agreement (kommun TEXT)")
            con.execute("INSERT INTO agreement VALUES ('Höör')")
        with psycopg.connect(second) as con:
            found = con.execute("SELECT count(*) FROM pg_tables WHERE tablename = 'agreement'")
            assert found.fetchone() == (0,)
    finally:
        postgres_server.drop_database(first)
        postgres_server.drop_database(second)


def test_a_copy_holds_what_its_source_held_and_changes_alone(
    postgres_server: PostgresServer, postgres_url: str
) -> None:
    with psycopg.connect(postgres_url) as con:
        con.execute("CREATE TABLE meta (key TEXT, value TEXT)")
        con.execute("INSERT INTO meta VALUES ('schema_version', '7')")
    copy = postgres_server.create_database()
    try:
        source = psycopg.connect(postgres_url)  # a session left open, as the app's may be
        copy_database(postgres_url, copy)
        source.close()
        with psycopg.connect(copy) as con:
            assert con.execute("SELECT * FROM meta").fetchall() == [("schema_version", "7")]
            con.execute("DELETE FROM meta")
        with psycopg.connect(postgres_url) as con:
            assert con.execute("SELECT count(*) FROM meta").fetchone() == (1,)
    finally:
        postgres_server.drop_database(copy)


def test_two_app_servers_worth_of_connections(postgres_url: str) -> None:
    """Two Streamlit servers of 80 sessions each, all connected at once, and a little over."""
    connections = [psycopg.connect(postgres_url) for _ in range(160)]
    try:
        for number, con in enumerate(connections):
            assert con.execute("SELECT %s::int", [number]).fetchone() == (number,)
    finally:
        for con in connections:
            con.close()
    assert MAX_CONNECTIONS >= 160 + 20


def test_a_server_is_stopped_and_its_folder_removed() -> None:
    with PostgresServer() as server:
        url = server.create_database()
        folder = server.dir
        with psycopg.connect(url) as con:
            assert con.execute("SELECT 1").fetchone() == (1,)
    assert not folder.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url, connect_timeout=2)


def test_a_server_left_by_a_killed_session_is_removed_by_the_next() -> None:
    """A session killed with SIGKILL never stops its server; the next start does it."""
    code = (
        "import sys; from tests.postgres import PostgresServer; s = PostgresServer().start(); "
        "print(s.dir, flush=True); sys.stdin.read()"
    )
    root = Path(__file__).parents[2]
    session = subprocess.Popen(
        [sys.executable, "-c", code], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    assert session.stdout is not None
    left = Path(session.stdout.readline().strip())
    session.kill()
    session.wait()
    session.stdout.close()
    assert session.stdin is not None
    session.stdin.close()
    server_pid = int((left / "data" / "postmaster.pid").read_text().split()[0])
    assert int((left / OWNER_FILE).read_text()) == session.pid
    with PostgresServer():
        assert not left.exists()
        assert has_ended(server_pid)


def has_ended(pid: int, seconds: float = 10.0) -> bool:
    """Whether the process ends (or is only a zombie left for its new parent to reap) in time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False


def test_without_the_binaries_the_session_is_told_to_install_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never a silent skip: the store's tests on PostgreSQL fail, saying what to run."""
    monkeypatch.setattr(postgres, "BINARIES", tmp_path)
    with pytest.raises(postgres.PostgresMissing, match="run scripts/install --dev"):
        PostgresServer()
    newest = tmp_path / "16" / "bin"
    newest.mkdir(parents=True)
    (newest / "initdb").touch()
    (tmp_path / "9" / "bin").mkdir(parents=True)
    (tmp_path / "9" / "bin" / "initdb").touch()
    assert postgres.find_bin_dir() == newest
