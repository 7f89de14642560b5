"""Connections to a PostgreSQL store's server: made, lent again, and the store's version read.

Parts:
- connect: a connection for one call (autocommit: transaction() begins and ends each one), a
  kept idle one when there is one that still answers; "försök igen" (StoreBusy) in Swedish
  when the server cannot be reached or has no such database
- read_version: meta.store_version, the caches' key

psycopg is imported inside each function: only a PostgreSQL store loads it (80 ms), never a
command on a DuckDB file.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from samverkan.store.engines import (
    MISSING_DATABASE_MESSAGE,
    UNREACHABLE_MESSAGE,
    Connection,
    StoreBusy,
)

if TYPE_CHECKING:
    import psycopg


@contextlib.contextmanager
def connect(url: str, wait_seconds: float) -> Iterator[Connection]:
    """A psycopg connection in autocommit (transaction() begins and ends each transaction).

    A connection is a process forked on the database server (about as slow as opening a
    DuckDB file): a few idle ones are kept per process and address and lent out again, each
    asked `SELECT 1` first, so one that died with a restarted server is never lent. One is
    kept only when it is idle and outside a transaction (a rolled-back or failed call leaves
    nothing behind: temporary tables are dropped, locks and SET LOCAL end with their
    transaction). psycopg is loaded here, for a PostgreSQL store only: a command on a DuckDB
    file does not pay its 80 ms of import.
    """
    import psycopg

    raw = _borrow(url)
    if raw is None:
        try:
            raw = psycopg.connect(
                url,
                autocommit=True,
                connect_timeout=max(2, int(wait_seconds)),
                application_name="samverkan",
                # A server that dies mid-write (killed, its machine gone) is noticed by
                # PostgreSQL within 5 s even while its statement waits for a lock: the
                # transaction is rolled back and the write lock freed for the other servers
                # (PostgreSQL 14 or newer).
                options="-c client_connection_check_interval=5000",
            )
        except psycopg.OperationalError as exc:
            if "does not exist" in str(exc):  # a mistyped name, not a busy server
                raise StoreBusy(MISSING_DATABASE_MESSAGE) from exc
            raise StoreBusy(UNREACHABLE_MESSAGE) from exc
    con = Connection("postgresql", raw, wait_seconds)
    try:
        yield con
    except psycopg.OperationalError as exc:
        # The server went away mid-call (restarted, failed over): nothing half-written stays,
        # and the person is asked to try again.
        raise StoreBusy(UNREACHABLE_MESSAGE) from exc
    finally:
        _give_back(url, raw)


_IDLE: dict[str, list[psycopg.Connection[tuple[Any, ...]]]] = {}
_IDLE_LOCK = threading.Lock()
_MOST_IDLE = 4  # per address and process: a page's reads run one after another


def _borrow(url: str) -> psycopg.Connection[tuple[Any, ...]] | None:
    """An idle connection to the address that still answers, or None."""
    import psycopg

    while True:
        with _IDLE_LOCK:
            idle = _IDLE.get(url)
            if not idle:
                return None
            raw = idle.pop()
        try:
            raw.execute("SELECT 1")
            return raw
        except psycopg.Error:
            raw.close()


def _give_back(url: str, raw: psycopg.Connection[tuple[Any, ...]]) -> None:
    """Keep the connection for the next call when it is whole and idle; else close it."""
    from psycopg.pq import TransactionStatus

    if not raw.closed and not raw.broken and raw.info.transaction_status == TransactionStatus.IDLE:
        with _IDLE_LOCK:
            idle = _IDLE.setdefault(url, [])
            if len(idle) < _MOST_IDLE:
                idle.append(raw)
                return
    raw.close()


def read_version(url: str) -> int:
    """meta.store_version, on a connection lent like any other (0: no schema yet)."""
    import psycopg

    with connect(url, 5.0) as con:
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'store_version'").fetchone()
        except psycopg.errors.UndefinedTable:
            return 0  # no schema yet: the first open makes it
    return int(row[0]) if row else 0
