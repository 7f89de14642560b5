"""PostgreSQL with a streaming replica, set up from deploy/ as docs/deployment.md says.

The primary takes deploy/postgresql-primary.conf, the pg_hba lines and postgresql-roles.sql; the
replica is made with pg_basebackup -R on the replication role and slot. A write on the primary
is seen on the replica, which refuses writes of its own; once the primary is gone and the
replica promoted, the two-host SAMVERKAN_DB of deploy/samverkan.env reaches it unchanged.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import psycopg
import pytest

from tests.browser import PATIENCE_S
from tests.deploy import environment_file
from tests.deploy.postgresql import BIN, SAMVERKAN_PASSWORD, Server, primary, promote, replica_of

pytestmark = pytest.mark.skipif(
    not (BIN / "postgres").exists(), reason="PostgreSQL is installed by scripts/install --dev"
)


@pytest.fixture
def pair() -> Iterator[tuple[Server, Server]]:
    with primary() as first, replica_of(first) as second:
        yield first, second


def both_hosts(first: Server, second: Server) -> str:
    """deploy/samverkan.env's SAMVERKAN_DB with this test's two servers in place of db1, db2."""
    url = urlsplit(environment_file()["SAMVERKAN_DB"])
    assert url.netloc.endswith("@db1.example.se,db2.example.se")
    assert "target_session_attrs=read-write" in url.query
    query = url.query.replace("&sslmode=verify-full", "")  # the test's servers have no TLS
    hosts = f"127.0.0.1:{first.port},127.0.0.1:{second.port}"
    return f"postgresql://samverkan:{SAMVERKAN_PASSWORD}@{hosts}{url.path}?{query}"


def wait_for_rows(server: Server, expected: int) -> None:
    """Until the replica has replayed the table and its rows (it streams them, not at once)."""
    deadline = time.monotonic() + PATIENCE_S
    with psycopg.connect(server.url(), autocommit=True) as con:
        while True:
            try:
                row = con.execute("SELECT count(*) FROM visits").fetchone()
                if row == (expected,):
                    return
            except psycopg.errors.UndefinedTable:
                pass
            assert time.monotonic() < deadline, f"the replica never had {expected} rows"
            time.sleep(0.05)


def test_a_write_on_the_primary_is_seen_on_the_replica(pair: tuple[Server, Server]) -> None:
    first, second = pair
    assert second.psql("SELECT pg_is_in_recovery()") == "t"
    with psycopg.connect(first.url()) as con:
        con.execute("CREATE TABLE visits (who text)")
        con.execute("INSERT INTO visits VALUES ('Burlöv')")
    wait_for_rows(second, 1)
    assert first.psql("SELECT state, sync_state FROM pg_stat_replication") == "streaming|async"
    slot = first.psql("SELECT slot_name, active FROM pg_replication_slots")
    assert slot == "samverkan_replica|t"
    with (
        psycopg.connect(second.url()) as con,
        pytest.raises(psycopg.errors.ReadOnlySqlTransaction),
    ):
        con.execute("INSERT INTO visits VALUES ('Lomma')")


def test_the_promoted_replica_takes_the_writes_at_the_same_address(
    pair: tuple[Server, Server],
) -> None:
    first, second = pair
    url = both_hosts(first, second)
    with psycopg.connect(url) as con:
        assert con.info.port == first.port  # the one that accepts writes
        con.execute("CREATE TABLE visits (who text)")
        con.execute("INSERT INTO visits VALUES ('Burlöv')")
    wait_for_rows(second, 1)

    first.stop("immediate")  # the primary's machine is lost
    promote(second)
    assert second.psql("SELECT pg_is_in_recovery()") == "f"
    with psycopg.connect(url) as con:
        assert con.info.port == second.port
        con.execute("INSERT INTO visits VALUES ('Lomma')")
        rows = con.execute("SELECT who FROM visits ORDER BY who").fetchall()
    assert rows == [("Burlöv",), ("Lomma",)]  # nothing committed before the loss is missing
