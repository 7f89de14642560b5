"""One store, two engines (issue 20): what only the PostgreSQL side has to get right.

- the same SQL reaches psycopg with its own placeholders, and a quoted ? or % stays as written;
- every write counts the store's version up (the caches' key), and a read does not;
- a writer that waits on another server's write longer than it may is refused whole with
  "försök igen" (StoreBusy), and one that waits less goes on after it;
- text never holds NUL, on either engine (PostgreSQL's cannot);
- a whole store copied DuckDB → PostgreSQL → DuckDB holds exactly what it held, for any
  text a plan can carry (a property test).
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from pathlib import Path

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samverkan import store
from samverkan.demo import ensure_demo
from samverkan.models import AuditAction
from samverkan.store.audit import fetch_audit_log, save_audit_entry
from samverkan.store.column_mapping import fetch_column_mapping, save_column_mapping
from samverkan.store.engines import _postgres_sql


@pytest.mark.parametrize(
    ("written", "sent"),
    [
        ("SELECT 1", "SELECT 1"),
        ("SELECT ? + ?", "SELECT %s + %s"),
        ("SELECT '?' , ?", "SELECT '?' , %s"),
        ("SELECT 'it''s ?', ?", "SELECT 'it''s ?', %s"),
        ("SELECT '100 %', ?", "SELECT '100 %%', %s"),
        ("SELECT 5 % 2 WHERE x = ?", "SELECT 5 %% 2 WHERE x = %s"),
        ('SELECT "a?b" FROM t WHERE c = ?', 'SELECT "a?b" FROM t WHERE c = %s'),
        ("x = ANY(?)", "x = ANY(%s)"),
    ],
)
def test_the_same_sql_reaches_psycopg_with_its_placeholders(written: str, sent: str) -> None:
    assert _postgres_sql(written) == sent


def test_nul_is_dropped_from_text_on_both_engines(store_location: str) -> None:
    """PostgreSQL's text cannot hold NUL; so that both engines hold the same, neither does."""
    with store.open_store(store_location) as con:
        save_audit_entry(con, "a\x00b@kommun.se", AuditAction.LOGIN, "in\x00loggad")
        save_column_mapping(con, "Lomma", {"Rubrik\x00": "owner"})
        [entry] = fetch_audit_log(con)
        assert (entry.actor, entry.detail) == ("ab@kommun.se", "inloggad")
        assert fetch_column_mapping(con, "Lomma") == {"Rubrik": "owner"}


def test_every_write_counts_the_version_up_and_a_read_does_not(postgres_url: str) -> None:
    with store.open_store(postgres_url):
        pass
    before = store.store_version(postgres_url)
    with store.open_store(postgres_url) as con:
        store.fetch_agreements(con)
    assert store.store_version(postgres_url) == before
    # Another app server (another connection) writes: this one sees it at once.
    with store.open_store(postgres_url) as con:
        save_audit_entry(con, "a@kommun.se", AuditAction.LOGIN, "inloggad")
    after = store.store_version(postgres_url)
    assert after > before
    with store.open_store(postgres_url) as con:
        save_audit_entry(con, "a@kommun.se", AuditAction.LOGIN, "inloggad")
    assert store.store_version(postgres_url) > after


@pytest.mark.parametrize(
    ("held_seconds", "wait_seconds", "refused"),
    [
        (None, 0.5, False),  # nobody writing: straight through
        (3.0, 0.5, True),  # another server's write outlasts the wait: "försök igen"
        (0.3, 10.0, False),  # a short write: this one waits for it and goes on
    ],
)
def test_a_writer_waits_for_another_servers_write_or_is_refused_whole(
    postgres_url: str, held_seconds: float | None, wait_seconds: float, refused: bool
) -> None:
    with store.open_store(postgres_url):
        pass
    released = threading.Event()
    holding = threading.Event()

    def other_server() -> None:
        # The lock every write takes (connection._WRITE_LOCK_KEY), held by another process's
        # connection as its write would hold it.
        with psycopg.connect(postgres_url) as con:
            con.execute("SELECT pg_advisory_xact_lock(2023196)")
            holding.set()
            released.wait(held_seconds)
            con.rollback()

    holder = threading.Thread(target=other_server)
    if held_seconds is not None:
        holder.start()
        assert holding.wait(30)
    try:
        with store.open_store(postgres_url, wait_seconds=wait_seconds) as con:
            if refused:
                with pytest.raises(store.StoreBusy, match="försök igen"):
                    save_audit_entry(con, "b@kommun.se", AuditAction.LOGIN, "inloggad")
            else:
                save_audit_entry(con, "b@kommun.se", AuditAction.LOGIN, "inloggad")
            details = [e.actor for e in fetch_audit_log(con)]
    finally:
        released.set()
        if holder.is_alive():
            holder.join()
    assert details == ([] if refused else ["b@kommun.se"])


@pytest.mark.parametrize(
    ("where", "said"),
    [
        ("no-server", "går inte att nå"),  # no server on that socket: try again later
        ("no-database", "ingen sådan databas"),  # a server, a mistyped name: say so
        ("no-user", "ingen sådan databas (eller användare)"),
    ],
)
def test_a_store_that_cannot_be_opened_is_said_in_swedish(
    postgres_url: str, where: str, said: str
) -> None:
    url = {
        "no-server": "postgresql://samverkan@/samverkan?host=/nonexistent&port=1",
        "no-database": re.sub(r"@/\w+\?", "@/finns_inte?", postgres_url),
        "no-user": postgres_url.replace("samverkan@", "ingen_sadan@"),
    }[where]
    with pytest.raises(store.StoreBusy, match=re.escape(said)), store.open_store(url):
        pass


# What a plan's text may hold: any character but NUL (which the import never lets through and
# PostgreSQL's text cannot hold), quotes, ? and % among them.
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=40,
)


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    actors=st.lists(TEXT, min_size=1, max_size=5),
    details=st.lists(TEXT, min_size=1, max_size=5),
    day=st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)),
)
def test_a_store_copied_to_postgresql_and_back_holds_what_it_held(
    postgres_server: object,
    postgres_url: str,
    tmp_path_factory: pytest.TempPathFactory,
    actors: list[str],
    details: list[str],
    day: dt.date,
) -> None:
    folder: Path = tmp_path_factory.mktemp("copy")
    original, back = folder / "original.duckdb", folder / "back.duckdb"
    with store.open_store(original) as con:
        for actor, detail in zip(actors, details, strict=False):
            save_audit_entry(
                con,
                actor,
                AuditAction.LOGIN,
                detail,
                kommun=detail[:10] or None,
                at=dt.datetime.combine(day, dt.time(12, 0)),
            )
    with store.open_store(postgres_url) as con:
        for table in reversed(store.schema.TABLES):
            con.execute(f"DELETE FROM {table}", [])  # each example starts from an empty store
    with store.open_store(original) as a, store.open_store(postgres_url) as b:
        store.copy_store(a, b)
        assert store.differing_tables(a, b) == []
    with store.open_store(postgres_url) as b, store.open_store(back) as c:
        store.copy_store(b, c)
    with store.open_store(original) as a, store.open_store(back) as c:
        assert store.differing_tables(a, c) == []
        assert [e.detail for e in fetch_audit_log(c)] == [e.detail for e in fetch_audit_log(a)]


def backend(con: store.Connection) -> int:
    row = con.execute("SELECT pg_backend_pid()", []).fetchone()
    assert row is not None
    return int(row[0])


def test_an_idle_connection_is_lent_again_and_one_the_server_ended_never(
    postgres_url: str,
) -> None:
    with store.open_store(postgres_url) as con:
        first = backend(con)
    with store.open_store(postgres_url) as con:
        assert backend(con) == first  # no new process forked on the server for this call
    # The server ends it (restarted, failed over): the next call gets a new one and works.
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [first])
    with store.open_store(postgres_url) as con:
        assert backend(con) != first
        assert store.fetch_agreements(con) == []


def half_write_then_fail(con: store.Connection) -> None:
    with store.transaction(con):
        con.execute(
            "INSERT INTO audit_log (logged_at, actor, action, detail, entry)"
            " VALUES (?, 'a@kommun.se', 'inloggning', 'inloggad', nextval('entry_ids'))",
            [dt.datetime(2026, 1, 1)],
        )
        con.execute("CREATE TEMPORARY TABLE left_behind (x INTEGER)", [])
        raise RuntimeError("mitt i")


def test_a_connection_left_in_a_failed_write_is_not_lent_dirty(postgres_url: str) -> None:
    with store.open_store(postgres_url) as con:
        pid = backend(con)
        with pytest.raises(RuntimeError):
            half_write_then_fail(con)
    with store.open_store(postgres_url) as con:
        assert backend(con) == pid  # the same connection, lent again: nothing of it is left
        assert fetch_audit_log(con) == []
        save_audit_entry(con, "b@kommun.se", AuditAction.LOGIN, "inloggad")
        con.execute("CREATE TEMPORARY TABLE left_behind (x INTEGER)", [])
        assert [e.actor for e in fetch_audit_log(con)] == ["b@kommun.se"]


def test_two_servers_starting_together_fill_an_empty_store_with_the_demo_once(
    postgres_url: str,
) -> None:
    """Two app servers (here two threads, each with its own connections) on one empty store."""
    filled: list[bool] = []
    starting = threading.Barrier(2)

    def server() -> None:
        starting.wait()
        filled.append(ensure_demo(postgres_url))

    servers = [threading.Thread(target=server) for _ in range(2)]
    for thread in servers:
        thread.start()
    for thread in servers:
        thread.join()
    assert sorted(filled) == [False, True]
    with store.open_store(postgres_url) as con:
        assert len(store.fetch_agreements(con)) == 1
        assert len(store.fetch_uploads(con)) == 5
