"""The way into the store: open it for one call, and write in transactions, on either engine.

Parts:
- Connection: one open store, DuckDB (a file, the default) or PostgreSQL (a postgresql://
  address: several app servers on one store); `execute` takes the same SQL on both, with `?`
  for each parameter
- open_store: open (waiting for a busy file or server), bring the schema up to date, yield,
  close; transaction: the one way to write (the write lock, BEGIN, COMMIT or ROLLBACK)
- hold_writes: keep this process's writers waiting across several transactions (a restore)
- insert_table, update_from_table, next_ids, incoming, arrow_array: set-based writing,
  re-exported from engines.py, where the few statements that differ per engine are
- resolve_store, store_exists, store_version: where the store is, whether it is there, and a
  version that changes with every write; one_at_a_time: a task of several transactions run
  by one process at a time (the demo's first fill)
- PostgreSQL's connections themselves (made, kept idle, lent again) are in postgres.py

The server does not keep a store open between calls: DuckDB locks the file against every
other process while any connection is open, and the command line must run beside the app.
Measured here: about 30 ms to connect, query and close a DuckDB file on an idle machine;
PostgreSQL's connection (a process forked per connection) costs about as much.

Writing on PostgreSQL: every write transaction first takes one transaction-scoped advisory
lock, so writes of every app server run one at a time, as DuckDB's writers of one file do,
and each statement (READ COMMITTED) sees what the writer before committed. Two servers
importing at once therefore end as two whole batches, one after the other; a writer that waits
longer than `wait_seconds`, or that PostgreSQL finds in a deadlock or serialization failure,
is refused whole with "försök igen" (StoreBusy). Each write also counts the store's version
up (meta.store_version), which every server's caches are keyed by.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from samverkan.store import postgres
from samverkan.store.engines import (
    BUSY_MESSAGE,
    MISSING_DATABASE_MESSAGE,
    UNREACHABLE_MESSAGE,
    Connection,
    StoreBusy,
    arrow_array,
    incoming,
    insert_table,
    next_ids,
    update_from_table,
)
from samverkan.store.files import make_private, make_store_folder, private_files
from samverkan.store.schema import migrate, needs_migration

__all__ = [
    "BUSY_MESSAGE",
    "DEFAULT_DB_PATH",
    "MISSING_DATABASE_MESSAGE",
    "UNREACHABLE_MESSAGE",
    "Connection",
    "Location",
    "StoreBusy",
    "Version",
    "arrow_array",
    "describe_store",
    "hold_writes",
    "incoming",
    "insert_table",
    "is_postgres",
    "next_ids",
    "one_at_a_time",
    "open_store",
    "resolve_db_path",
    "resolve_store",
    "store_exists",
    "store_version",
    "transaction",
    "update_from_table",
]

DEFAULT_DB_PATH = Path(__file__).resolve().parent.parent.parent / "data" / "samverkan.duckdb"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")

# A store's location: a DuckDB file's path, or a PostgreSQL address (postgresql://...).
Location = str | os.PathLike[str]

# Writers in one process queue here; writers in other processes meet DuckDB's file lock (or,
# on PostgreSQL, the advisory lock below). Re-entrant, so a restore can hold it across its
# transactions (hold_writes).
_WRITE_LOCK = threading.RLock()
# Connections of one process are made one at a time. DuckDB 2.0 shares one database between a
# process's connections to a file and makes it anew when the last closed; a connection made
# while another thread's is still being made could begin a transaction that cannot see the
# Arrow scan (python_arrow_scan) yet, and every set-based insert in it failed (measured: 136
# of 450 saves by three threads at once; none with this lock).
_CONNECT_LOCK = threading.Lock()
# The key of PostgreSQL's advisory lock that every write transaction takes (law 2023:196).
_WRITE_LOCK_KEY = 2023196


def is_postgres(location: Location | None) -> bool:
    """True for a PostgreSQL address (postgresql://...), False for a file."""
    return location is not None and str(location).startswith(POSTGRES_SCHEMES)


def resolve_store(location: Location | None = None) -> Path | str:
    """The store: the argument, else SAMVERKAN_DB, else data/samverkan.duckdb.

    A PostgreSQL address comes back as the text it is (a Path would fold its `//`).
    """
    chosen: Location = location or os.environ.get("SAMVERKAN_DB") or DEFAULT_DB_PATH
    if is_postgres(chosen):
        return str(chosen)
    return Path(chosen)


def resolve_db_path(path: Location | None = None) -> Path:
    """The store's file (DuckDB only): the argument, else SAMVERKAN_DB, else data/."""
    chosen = resolve_store(path)
    if isinstance(chosen, str):
        raise ValueError("A PostgreSQL store has no file.")
    return chosen


def describe_store(location: Location | None = None) -> str:
    """The store as a person may read it: a file's path, or a PostgreSQL address without its
    password."""
    chosen = resolve_store(location)
    if isinstance(chosen, Path):
        return str(chosen)
    import psycopg.conninfo  # only for a PostgreSQL store

    info = psycopg.conninfo.conninfo_to_dict(chosen)
    info.pop("password", None)
    database = info.get("dbname", "")
    where = info.get("host") or "localhost"
    return f"PostgreSQL-databasen {database} på {where}"


def store_exists(location: Location | None = None) -> bool:
    """Whether the store is there to read: a file that exists, or a PostgreSQL database that
    holds a Samverkan schema (the server is asked; an unreachable one raises StoreBusy)."""
    chosen = resolve_store(location)
    if isinstance(chosen, Path):
        return chosen.is_file()
    with postgres.connect(chosen, 10.0) as con:
        row = con.execute("SELECT to_regclass('meta') IS NOT NULL").fetchone()
        return bool(row and row[0])


@contextlib.contextmanager
def open_store(
    location: Location | None = None, *, wait_seconds: float = 10.0
) -> Iterator[Connection]:
    """Open the store (creating or migrating its schema), yield the connection, always close."""
    chosen = resolve_store(location)
    if isinstance(chosen, str):
        with postgres.connect(chosen, wait_seconds) as con:
            _bring_up_to_date(con)
            yield con
        return
    with private_files():
        make_store_folder(chosen.parent, DEFAULT_DB_PATH.parent)
        con = _duckdb_connection(chosen, wait_seconds)
        try:
            # A store made by an older version (or copied in) was 0644: tightened here.
            make_private(chosen)
            _bring_up_to_date(con)
            yield con
        finally:
            con.close()
            make_private(Path(str(chosen) + ".wal"))


def _bring_up_to_date(con: Connection) -> None:
    if needs_migration(con):
        with transaction(con):
            # Another server may have migrated while this one waited for the write lock.
            if needs_migration(con):
                migrate(con)


def _duckdb_connection(path: Path, wait_seconds: float) -> Connection:
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            with _CONNECT_LOCK:
                return Connection("duckdb", duckdb.connect(str(path)), wait_seconds)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                if "lock" in str(exc).lower():
                    raise StoreBusy(BUSY_MESSAGE) from exc
                raise
            time.sleep(0.1)


@contextlib.contextmanager
def transaction(con: Connection, *, write: bool = True) -> Iterator[Connection]:
    """One transaction: committed at the end of the block, rolled back whole on any error.

    A write (the default) first takes the write lock (this process's; on PostgreSQL also the
    one every server shares) and counts the store's version up. `write=False` is a
    consistent snapshot to read (a backup): it must not keep the app's writers waiting.
    """
    with _WRITE_LOCK if write else contextlib.nullcontext():
        if con.engine == "duckdb":
            with _duckdb_transaction(con, write):
                yield con
        else:
            with _postgres_transaction(con, write):
                yield con


@contextlib.contextmanager
def _duckdb_transaction(con: Connection, write: bool) -> Iterator[None]:
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        if write:
            _count_version_up(con)
        con.execute("COMMIT")
    except BaseException:
        # A COMMIT that failed has ended the transaction itself: nothing left to roll back.
        with contextlib.suppress(duckdb.TransactionException):
            con.execute("ROLLBACK")
        raise


# What PostgreSQL says when a writer must give way: a lock waited for too long, a deadlock, a
# serialization failure. The transaction is rolled back whole and the person tries again.
_GIVE_WAY = {"55P03", "40P01", "40001"}  # SQLSTATE: lock_not_available, deadlock, serialization


@contextlib.contextmanager
def _postgres_transaction(con: Connection, write: bool) -> Iterator[None]:
    if write:
        con.execute("BEGIN ISOLATION LEVEL READ COMMITTED")
    else:
        # A snapshot; not READ ONLY, since a read may join a temporary table (incoming).
        con.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
    try:
        if write:
            milliseconds = max(1, int(con.wait_seconds * 1000))
            con.execute(f"SET LOCAL lock_timeout = {milliseconds}")
            con.execute("SELECT pg_advisory_xact_lock(?)", [_WRITE_LOCK_KEY])
        yield
        if write:
            _count_version_up(con)
        con.execute("COMMIT")
    except BaseException as exc:
        import psycopg  # loaded already: the connection is psycopg's

        with contextlib.suppress(psycopg.Error):
            con.execute("ROLLBACK")
        if isinstance(exc, psycopg.Error) and exc.sqlstate in _GIVE_WAY:
            raise StoreBusy(BUSY_MESSAGE) from exc
        raise


def _count_version_up(con: Connection) -> None:
    """meta.store_version + 1, inside the write (no row yet: a store before the migration)."""
    con.execute(
        "UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR)"
        " WHERE key = 'store_version'"
    )


@contextlib.contextmanager
def hold_writes() -> Iterator[None]:
    """Keep this process's other writers waiting for the block (transactions inside it run)."""
    with _WRITE_LOCK:
        yield


@contextlib.contextmanager
def one_at_a_time(location: Location | None, task: str) -> Iterator[None]:
    """Run the block in one process at a time of all that share the store (a task of several
    transactions, such as filling an empty store with the demo, which two app servers started
    together would otherwise both do). On PostgreSQL a session advisory lock named by `task`,
    held on a connection of its own; a DuckDB file has one serving process (the app runs such
    a task once per process), so nothing is taken there.
    """
    chosen = resolve_store(location)
    if isinstance(chosen, Path):
        yield
        return
    key = int.from_bytes(task.encode()[:7].ljust(7, b"\0"), "big")
    with postgres.connect(chosen, 60.0) as con:
        con.execute("SELECT pg_advisory_lock(?)", [key])
        try:
            yield
        finally:
            con.execute("SELECT pg_advisory_unlock(?)", [key])


Version = tuple[int, ...]


def store_version(location: Location | None = None) -> Version:
    """A cheap version of the store that changes with every write (the caches' key).

    PostgreSQL: meta.store_version, which every write counts up in its transaction, so a write
    through one app server is seen by the others at their next run (one small query on a
    kept connection). A DuckDB file: its and its WAL's stat, which every write changes;
    only one process holds the file, and reading the counter would mean opening it (30 ms).
    """
    chosen = resolve_store(location)
    if isinstance(chosen, str):
        return (postgres.read_version(chosen),)
    parts: list[int] = []
    for candidate in (chosen, Path(str(chosen) + ".wal")):
        try:
            stat = candidate.stat()
            parts += [stat.st_mtime_ns, stat.st_size]
        except FileNotFoundError:
            parts += [0, 0]
    return tuple(parts)
