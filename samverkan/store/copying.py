"""A whole store copied into another, on either engine: migrate-store, and a PostgreSQL store's
backups and restores.

Parts:
- table_rows: every row of a table in one fixed order, the same on both engines (to compare)
- copy_store: every table of one store, and where each sequence stands, into another, inside
  the target's one transaction (all or nothing); the source is read as one snapshot
- differing_tables: the tables whose rows differ between two stores (none: nothing was lost)

Rows go a chunk at a time (engines.read_in_chunks), so a national store is never held in
memory whole, and each chunk is written set-based (engines.insert_table: Arrow into DuckDB,
COPY into PostgreSQL). Only the tables and columns both stores have are copied: a backup made
by an earlier version has fewer, and migrate brings the result up to date afterwards.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from samverkan.store.connection import Connection, insert_table, transaction
from samverkan.store.engines import move_sequence, read_in_chunks, sequence_position
from samverkan.store.schema import SEQUENCES, TABLES, migrate

_VERSION = "store_version"


class StoreNotEmpty(ValueError):
    """The store copied into already holds something; the message says what, in Swedish."""


class TableNotCopied(ValueError):
    """A table's rows did not fit the target's (a hand-made or damaged file); nothing copied."""


def table_columns(con: Connection, table: str) -> list[str]:
    """The table's columns in their order; empty when the store has no such table."""
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_catalog ="
        " current_database() AND table_schema = current_schema() AND table_name = ?"
        " ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [str(r[0]) for r in rows]


def table_rows(con: Connection, table: str) -> list[tuple[Any, ...]]:
    """Every row of the table (one of schema.TABLES), ordered by every column in turn."""
    columns = table_columns(con, table)
    if not columns:
        return []
    names = ", ".join(f'"{c}"' for c in columns)
    order = ", ".join(str(i) for i in range(1, len(columns) + 1))
    rows = con.execute(f"SELECT {names} FROM {table} ORDER BY {order}", []).fetchall()
    return [tuple(_plain(v) for v in r) for r in rows]


def differing_tables(first: Connection, second: Connection) -> list[str]:
    """The tables (meta's store_version aside) whose rows are not the same in both stores."""
    differing = []
    for table in TABLES:
        a, b = table_rows(first, table), table_rows(second, table)
        if table == "meta":
            a, b = _without_version(a), _without_version(b)
        if a != b:
            differing.append(table)
    return differing


def held_tables(con: Connection) -> list[str]:
    """The tables (meta aside) that hold at least one row."""
    held = []
    for table in TABLES[1:]:
        if table_columns(con, table):
            row = con.execute(f"SELECT count(*) FROM {table}", []).fetchone()
            if row and row[0]:
                held.append(table)
    return held


def copy_store(source: Connection, target: Connection, *, replace: bool = False) -> dict[str, int]:
    """Copy every table of `source` into `target`; returns the rows copied per table.

    Without `replace` the target must hold nothing yet (StoreNotEmpty, nothing written);
    with it (a restore) the target's rows are deleted first, in the same transaction. The
    target's version ends above both stores' versions, so no cache keyed by an earlier version
    of the target is taken for the copy.
    """
    copied: dict[str, int] = {}
    with transaction(source, write=False), transaction(target):
        held = [] if replace else held_tables(target)
        if held:
            raise StoreNotEmpty(
                "Databasen som det ska kopieras till är inte tom (den har "
                f"{', '.join(held)}); välj en tom databas."
            )
        version = max(_version(source), _version(target))
        for table in reversed(TABLES):
            # meta (the version numbers) is always the source's, brought up to date below.
            if (replace or table == "meta") and table_columns(target, table):
                target.execute(f"DELETE FROM {table}", [])
        for table in TABLES:
            try:
                copied[table] = _copy_table(source, target, table)
            except Exception as exc:
                if _connection_lost(exc):
                    raise
                raise TableNotCopied(
                    f"Tabellen {table} gick inte att kopiera: ett värde i den passar inte i "
                    "databasen (en handgjord eller skadad fil?)."
                ) from exc
        for sequence in SEQUENCES:
            move_sequence(target, sequence, sequence_position(source, sequence))
        # The source may be older (a backup): the result is brought up to this version.
        migrate(target)
        target.execute("UPDATE meta SET value = ? WHERE key = ?", [str(version), _VERSION])
    return copied


def _copy_table(source: Connection, target: Connection, table: str) -> int:
    wanted = set(table_columns(target, table))
    columns = [c for c in table_columns(source, table) if c in wanted]
    if not columns:
        return 0
    names = ", ".join(f'"{c}"' for c in columns)
    count = 0
    for chunk in read_in_chunks(source, f"SELECT {names} FROM {table}"):
        insert_table(target, table, _as_arrow(columns, chunk))
        count += len(chunk)
    return count


def _as_arrow(columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> pa.Table:
    """Rows as an Arrow table, each column's type read off its values (None: NULL)."""
    by_column = list(zip(*rows, strict=True))
    return pa.table(
        {
            name: pa.array([_plain(v) for v in values])
            for name, values in zip(columns, by_column, strict=True)
        }
    )


def _plain(value: Any) -> Any:
    """A value as both engines give it back (PostgreSQL's bytea may come as a memoryview)."""
    return bytes(value) if isinstance(value, memoryview) else value


def _connection_lost(exc: Exception) -> bool:
    """The server went away (open_store says "försök igen"), rather than a row that did not fit."""
    psycopg = sys.modules.get("psycopg")
    return psycopg is not None and isinstance(exc, psycopg.OperationalError)


def _version(con: Connection) -> int:
    row = con.execute("SELECT value FROM meta WHERE key = ?", [_VERSION]).fetchone()
    return int(row[0]) if row and str(row[0]).isdigit() else 0


def _without_version(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return [r for r in rows if r[0] != _VERSION]
