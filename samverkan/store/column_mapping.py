"""Column choices remembered per kommun: how its headers map to fields, for its next upload."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import pyarrow as pa

from samverkan.store.connection import Connection, arrow_array, incoming, transaction


def save_column_mapping(con: Connection, kommun: str, mapping: dict[str, str]) -> None:
    """Remember how a kommun's headers map to fields ('' = ignore), for its next upload."""
    save_column_mappings(con, [kommun], mapping)


def save_column_mappings(con: Connection, kommuner: Iterable[str], mapping: dict[str, str]) -> None:
    """Remember the same choices for every kommun of a file, in one transaction and statement.

    A national file names 290 kommuner: one statement for all of them, not 290 rounds.
    """
    names = list(dict.fromkeys(kommuner))
    if not names or not mapping:
        return
    now = dt.datetime.now().replace(microsecond=0)
    headers, fields = list(mapping), list(mapping.values())
    rows = pa.table(
        {
            "kommun": arrow_array([k for k in names for _ in headers], pa.string()),
            "header": arrow_array(headers * len(names), pa.string()),
            "field": arrow_array(fields * len(names), pa.string()),
        }
    )
    with transaction(con), incoming(con, "incoming_mapping", rows):
        con.execute(
            "INSERT INTO column_mapping (kommun, header, field, saved_at)"
            " SELECT kommun, header, field, ? FROM incoming_mapping"
            " ON CONFLICT (kommun, header) DO UPDATE"
            " SET field = excluded.field, saved_at = excluded.saved_at",
            [now],
        )


def fetch_column_mapping(con: Connection, kommun: str) -> dict[str, str]:
    """The header → field mapping a coordinator confirmed for this kommun earlier."""
    return fetch_column_mappings(con, [kommun]).get(kommun, {})


def fetch_column_mappings(
    con: Connection, kommuner: Sequence[str] | None = None
) -> dict[str, dict[str, str]]:
    """Every kommun's remembered header → field mapping (or these kommuners'), in one query.

    Only kommuner with a remembered choice appear; each mapping is in header order.
    """
    sql = "SELECT kommun, header, field FROM column_mapping"
    params: list[object] = []
    if kommuner is not None:
        sql += " WHERE kommun = ANY(?)"
        params.append(list(kommuner))
    rows = con.execute(sql + " ORDER BY kommun, header", params).fetchall()
    mappings: dict[str, dict[str, str]] = {}
    for kommun, header, field in rows:
        mappings.setdefault(str(kommun), {})[str(header)] = str(field)
    return mappings
