"""The two engines behind one store: DuckDB (a file) and PostgreSQL (a server).

Parts:
- Connection: `execute` takes the same SQL on both, with `?` for each parameter (written as
  %s for psycopg here, and nowhere else)
- the few statements that differ, side by side: insert_table (DuckDB scans the Arrow table
  in place; PostgreSQL takes it through COPY ... FROM STDIN), incoming (an Arrow table to
  join against: registered in DuckDB, a temporary table in PostgreSQL), update_from_table,
  next_ids
- read_in_chunks, sequence_position, move_sequence: what a copy of a whole store needs
  (store.copying): rows a chunk at a time, and where each sequence stands
- arrow_array: a column of Python values as Arrow, without loading pandas

Every other statement of the store is written once, in the SQL both engines accept:
`x = ANY(?)` for a list parameter, `ON CONFLICT ... DO UPDATE` for an upsert, a window in a
subquery where DuckDB alone would take QUALIFY.
"""

from __future__ import annotations

import contextlib
import functools
import re
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol

import duckdb
import pyarrow as pa

if TYPE_CHECKING:  # psycopg itself is loaded only for a PostgreSQL store (postgres.py)
    import psycopg

BUSY_MESSAGE = "Databasen används – försök igen."
UNREACHABLE_MESSAGE = "Databasen går inte att nå just nu – försök igen om en stund."
MISSING_DATABASE_MESSAGE = (
    "PostgreSQL-servern svarar men har ingen sådan databas (eller användare): rätta adressen i "
    "SAMVERKAN_DB (eller --db), eller skapa databasen (docs/deployment.md)."
)

Engine = Literal["duckdb", "postgresql"]
# A parameter `?` outside a quoted string; psycopg spells it %s, and a literal % as %%.
_SQL_PIECES = re.compile(r"('(?:[^']|'')*'|\"(?:[^\"]|\"\")*\")|(\?)|(%)")


class StoreBusy(RuntimeError):
    """The store is held by another writer for longer than we waited, or cannot be reached."""


class Rows(Protocol):
    """What a statement gives back: its rows."""

    def fetchall(self) -> list[tuple[Any, ...]]: ...

    def fetchone(self) -> tuple[Any, ...] | None: ...


class Connection:
    """One open store: the same SQL (with `?` parameters) on DuckDB or PostgreSQL."""

    def __init__(
        self,
        engine: Engine,
        raw: duckdb.DuckDBPyConnection | psycopg.Connection[tuple[Any, ...]],
        wait_seconds: float = 10.0,
    ) -> None:
        self.engine: Engine = engine
        self._raw = raw
        self.wait_seconds = wait_seconds

    @property
    def duckdb(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection underneath (the store's DuckDB-only parts: backup, Arrow)."""
        assert isinstance(self._raw, duckdb.DuckDBPyConnection), "not a DuckDB store"
        return self._raw

    @property
    def postgres(self) -> psycopg.Connection[tuple[Any, ...]]:
        """The psycopg connection underneath (COPY, the PostgreSQL-only parts)."""
        assert not isinstance(self._raw, duckdb.DuckDBPyConnection), "not a PostgreSQL store"
        return self._raw

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Rows:
        """Run one statement (or, without parameters, a script of several)."""
        if params is not None:
            params = [_without_nul(p) for p in params]
        if isinstance(self._raw, duckdb.DuckDBPyConnection):
            return self._raw.execute(sql, params)
        if params is None:
            return self._raw.execute(sql.encode())  # bytes: never read for placeholders
        return self._raw.execute(_postgres_sql(sql), params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement for each row of parameters."""
        cleaned = [[_without_nul(p) for p in row] for row in rows]
        if isinstance(self._raw, duckdb.DuckDBPyConnection):
            self._raw.executemany(sql, cleaned)
            return
        with self._raw.cursor() as cursor:
            cursor.executemany(_postgres_sql(sql), cleaned)

    def close(self) -> None:
        self._raw.close()


def _without_nul(value: Any) -> Any:
    """Text without NUL characters (a list's text too): PostgreSQL's text cannot hold one, no
    plan, form or file means one (XML, so xlsx, docx and ods, cannot even carry it), and a
    store must hold the same on both engines. Dropped on the way in, on both."""
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    return value


def _arrow_without_nul(rows: pa.Table) -> pa.Table:
    """The Arrow table's text columns without NUL characters (see _without_nul)."""
    import pyarrow.compute as pc  # here: only a write pays its 24 ms of import

    for index, field in enumerate(rows.schema):
        if pa.types.is_string(field.type) or pa.types.is_large_string(field.type):
            column = pc.replace_substring(rows.column(index), "\x00", "")
            rows = rows.set_column(index, field, column)
    return rows


@functools.lru_cache(maxsize=256)
def _postgres_sql(sql: str) -> str:
    """The statement in psycopg's spelling: each `?` outside a quoted string as %s."""

    def piece(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(1).replace("%", "%%")
        return "%s" if match.group(2) else "%%"

    return _SQL_PIECES.sub(piece, sql)


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
def _converter() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


# An Arrow column's type as each engine names it (a temporary table's columns).
_POSTGRES_TYPES: dict[pa.DataType, str] = {
    pa.int32(): "INTEGER",
    pa.int64(): "BIGINT",
    pa.string(): "VARCHAR",
    pa.large_string(): "VARCHAR",
    pa.date32(): "DATE",
    pa.bool_(): "BOOLEAN",
    pa.float64(): "DOUBLE PRECISION",
    pa.binary(): "BYTEA",
    pa.timestamp("us"): "TIMESTAMP",
    pa.list_(pa.string()): "VARCHAR[]",
}


def insert_table(con: Connection, table: str, rows: pa.Table) -> None:
    """Insert every row of the Arrow table in one statement, its columns by name.

    `table` and the column names come from code, never from a file.
    """
    names = ", ".join(f'"{name}"' for name in rows.column_names)
    rows = _arrow_without_nul(rows)
    if con.engine == "postgresql":
        _copy_in(con, table, names, rows)
        return
    con.duckdb.register("incoming_rows", rows)
    try:
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM incoming_rows")
    finally:
        con.duckdb.unregister("incoming_rows")


def _copy_in(con: Connection, table: str, names: str, rows: pa.Table) -> None:
    """The Arrow table's rows into a PostgreSQL table through COPY (text; psycopg writes each
    value as its type)."""
    columns = [column.to_pylist() for column in rows.columns]
    with con.postgres.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in zip(*columns, strict=True):
            copy.write_row(row)


@contextlib.contextmanager
def incoming(con: Connection, name: str, rows: pa.Table) -> Iterator[None]:
    """The Arrow table as a table `name` for the block's statements to join against.

    DuckDB scans the Arrow table where it lies; PostgreSQL gets a temporary table, filled by
    COPY and dropped after. `name` and the column names come from code.
    """
    rows = _arrow_without_nul(rows)
    if con.engine == "duckdb":
        con.duckdb.register(name, rows)
        try:
            yield
        finally:
            con.duckdb.unregister(name)
        return
    columns = ", ".join(f'"{field.name}" {_POSTGRES_TYPES[field.type]}' for field in rows.schema)
    con.execute(f"CREATE TEMPORARY TABLE {name} ({columns})", [])
    try:
        _copy_in(con, name, ", ".join(f'"{n}"' for n in rows.column_names), rows)
        yield
    finally:
        con.execute(f"DROP TABLE IF EXISTS {name}", [])


def update_from_table(con: Connection, table: str, assignments: str, rows: pa.Table) -> None:
    """Update the table's rows whose id the Arrow table `u` holds, in one statement.

    `assignments` is the SET clause, written in code (`name = coalesce(u.name, table.name)`).
    """
    with incoming(con, "u", rows):
        con.execute(f"UPDATE {table} SET {assignments} FROM u WHERE {table}.id = u.id", [])


def next_ids(con: Connection, sequence: str, count: int) -> list[int]:
    """`count` new ids from the sequence, ascending: rows inserted with them keep their order.

    (A default nextval() in a set-based insert numbers rows in whatever order they are
    scanned; readers order by id, so the ids are given in the file's order instead.)
    """
    if count == 0:
        return []
    rows = con.execute(
        f"SELECT nextval('{sequence}') FROM generate_series(1, ?)", [count]
    ).fetchall()
    return sorted(int(r[0]) for r in rows)


def read_in_chunks(
    con: Connection, sql: str, size: int = 50_000
) -> Iterator[list[tuple[Any, ...]]]:
    """The query's rows, `size` at a time (a national store's 650,000 activity rows are never
    all in memory at once). On PostgreSQL a server-side cursor: call inside a transaction."""
    if con.engine == "duckdb":
        result = con.duckdb.execute(sql)
        while chunk := result.fetchmany(size):
            yield chunk
        return
    with con.postgres.cursor(name="samverkan_read_in_chunks") as cursor:
        cursor.execute(sql.encode())
        while chunk := cursor.fetchmany(size):
            yield chunk


def sequence_position(con: Connection, sequence: str) -> int:
    """The last value the sequence gave (0: none yet)."""
    if con.engine == "duckdb":
        sql = (
            "SELECT last_value FROM duckdb_sequences() WHERE sequence_name = ?"
            " AND database_name = current_database()"  # not an attached backup's
        )
    else:
        sql = "SELECT last_value FROM pg_sequences WHERE sequencename = ?"
    row = con.execute(sql, [sequence]).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def move_sequence(con: Connection, sequence: str, position: int) -> None:
    """Make the sequence's next value position + 1 (ids go on where the copied store's did).

    PostgreSQL sets it; DuckDB has no setval, so its sequence (never behind: only a store that
    was just made or emptied is copied into) is drawn from up to the position.
    """
    if position <= 0:
        return
    if con.engine == "postgresql":
        con.execute("SELECT setval(?, ?)", [sequence, position])
        return
    behind = position - sequence_position(con, sequence)
    if behind > 0:
        con.execute(f"SELECT max(nextval('{sequence}')) FROM generate_series(1, ?)", [behind])
