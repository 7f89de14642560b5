"""The way into the store: open it for one call, and write in transactions.

Parts:
- open_store: open (waiting for a busy file), bring the schema up to date, yield, close
- transaction: the one way to write (the process's write lock, BEGIN, COMMIT or ROLLBACK)
- hold_writes: keep this process's writers waiting across several transactions (a restore)
- insert_table, update_from_table, next_ids: set-based writing (an Arrow table per table);
  arrow_array: a column of Python values as Arrow, without loading pandas
- resolve_db_path, store_version: where the store is, and a cheap stat that changes per write

The server must not keep the file open between calls: DuckDB locks the file against every
other process while any connection is open, and the command line must run beside the app.
Measured here: about 30 ms to connect, query and close.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from samverkan.store.files import make_private, make_store_folder, private_files
from samverkan.store.schema import migrate, needs_migration

DEFAULT_DB_PATH = Path(__file__).resolve().parent.parent.parent / "data" / "samverkan.duckdb"
BUSY_MESSAGE = "Databasen används – försök igen."

Connection = duckdb.DuckDBPyConnection

# Writers in one process queue here; writers in other processes meet DuckDB's file lock.
# Re-entrant, so a restore can hold it across its transactions (hold_writes).
_WRITE_LOCK = threading.RLock()
# Connections of one process are made one at a time. DuckDB 2.0 shares one database between a
# process's connections to a file and makes it anew when the last closed; a connection made
# while another thread's is still being made could begin a transaction that cannot see the
# Arrow scan (python_arrow_scan) yet, and every set-based insert in it failed (measured: 136
# of 450 saves by three threads at once; none with this lock).
_CONNECT_LOCK = threading.Lock()


class StoreBusy(RuntimeError):
    """The store file is held by another process for longer than we waited."""


def resolve_db_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The store's path: the argument, else SAMVERKAN_DB, else data/samverkan.duckdb."""
    if path:
        return Path(path)
    return Path(os.environ.get("SAMVERKAN_DB") or DEFAULT_DB_PATH)


@contextlib.contextmanager
def open_store(
    path: str | os.PathLike[str] | None = None, *, wait_seconds: float = 10.0
) -> Iterator[Connection]:
    """Open the store (creating or migrating its schema), yield the connection, always close."""
    db_path = resolve_db_path(path)
    with private_files():
        make_store_folder(db_path.parent, DEFAULT_DB_PATH.parent)
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                with _CONNECT_LOCK:
                    con = duckdb.connect(str(db_path))
                break
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                    if "lock" in str(exc).lower():
                        raise StoreBusy(BUSY_MESSAGE) from exc
                    raise
                time.sleep(0.1)
        try:
            # A store made by an older version (or copied in) was 0644: tightened here.
            make_private(db_path)
            if needs_migration(con):
                with transaction(con):
                    migrate(con)
            yield con
        finally:
            con.close()
            make_private(Path(str(db_path) + ".wal"))


@contextlib.contextmanager
def transaction(con: Connection, *, write: bool = True) -> Iterator[Connection]:
    """One transaction: committed at the end of the block, rolled back whole on any error.

    A write (the default) first takes the process's write lock. `write=False` is a
    consistent snapshot to read (a backup): it must not keep the app's writers waiting.
    """
    with _WRITE_LOCK if write else contextlib.nullcontext():
        con.execute("BEGIN TRANSACTION")
        try:
            yield con
            con.execute("COMMIT")
        except BaseException:
            # A COMMIT that failed has ended the transaction itself: nothing left to roll back.
            with contextlib.suppress(duckdb.TransactionException):
                con.execute("ROLLBACK")
            raise


@contextlib.contextmanager
def hold_writes() -> Iterator[None]:
    """Keep this process's other writers waiting for the block (transactions inside it run)."""
    with _WRITE_LOCK:
        yield


# What arrow_array's types are called in DuckDB.
_SQL_TYPES: dict[pa.DataType, str] = {
    pa.int32(): "INTEGER",
    pa.int64(): "BIGINT",
    pa.string(): "VARCHAR",
    pa.date32(): "DATE",
    pa.bool_(): "BOOLEAN",
    pa.float64(): "DOUBLE",
}
_CONVERTING = threading.Lock()


def arrow_array(values: Iterable[Any], type_: pa.DataType) -> pa.Array:
    """A column of Python values as an Arrow array of `type_`, the same whichever way it is made.

    pyarrow's own conversion asks whether pandas is there, and so imports it, the first time
    it converts a Python list: 51 MB and about 0.2 s in a process without it (the command
    line's import, measured; the server has pandas through Streamlit). Without pandas loaded,
    the column goes through an in-memory DuckDB instead (unnest of a list parameter).
    """
    listed = list(values)
    if "pandas" in sys.modules:
        return pa.array(listed, type=type_)
    query = f"SELECT unnest(?::{_SQL_TYPES[type_]}[]) AS v"
    with _CONVERTING:
        table: pa.Table = _converter().sql(query, params=[listed]).to_arrow_table()
    return table.column(0).combine_chunks()


@functools.cache
def _converter() -> Connection:
    return duckdb.connect()


def insert_table(con: Connection, table: str, rows: pa.Table) -> None:
    """Insert every row of the Arrow table in one statement, its columns by name.

    `table` and the column names come from code, never from a file.
    """
    con.register("incoming_rows", rows)
    try:
        names = ", ".join(f'"{name}"' for name in rows.column_names)
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM incoming_rows")
    finally:
        con.unregister("incoming_rows")


def update_from_table(con: Connection, table: str, assignments: str, rows: pa.Table) -> None:
    """Update the table's rows whose id the Arrow table `u` holds, in one statement.

    `assignments` is the SET clause, written in code (`name = coalesce(u.name, table.name)`).
    """
    con.register("u", rows)
    try:
        con.execute(f"UPDATE {table} SET {assignments} FROM u WHERE {table}.id = u.id")
    finally:
        con.unregister("u")


def next_ids(con: Connection, sequence: str, count: int) -> list[int]:
    """`count` new ids from the sequence, ascending: rows inserted with them keep their order.

    (A default nextval() in a set-based insert numbers rows in whatever order they are
    scanned; readers order by id, so the ids are given in the file's order instead.)
    """
    if count == 0:
        return []
    rows = con.execute(f"SELECT nextval('{sequence}') FROM range(?)", [count]).fetchall()
    return sorted(int(r[0]) for r in rows)


def store_version(path: str | os.PathLike[str] | None = None) -> tuple[int, int, int, int]:
    """A cheap fingerprint of the store file (and its WAL) that changes with every write."""
    db_path = resolve_db_path(path)
    parts: list[int] = []
    for candidate in (db_path, Path(str(db_path) + ".wal")):
        try:
            stat = candidate.stat()
            parts += [stat.st_mtime_ns, stat.st_size]
        except FileNotFoundError:
            parts += [0, 0]
    return parts[0], parts[1], parts[2], parts[3]
