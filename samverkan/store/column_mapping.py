"""Column choices remembered per kommun: how its headers map to fields, for its next upload."""

from __future__ import annotations

import datetime as dt

from samverkan.store.connection import Connection, transaction


def save_column_mapping(con: Connection, kommun: str, mapping: dict[str, str]) -> None:
    """Remember how a kommun's headers map to fields ('' = ignore), for its next upload."""
    now = dt.datetime.now().replace(microsecond=0)
    with transaction(con):
        for header, field in mapping.items():
            con.execute(
                "INSERT OR REPLACE INTO column_mapping VALUES (?, ?, ?, ?)",
                [kommun, header, field, now],
            )


def fetch_column_mapping(con: Connection, kommun: str) -> dict[str, str]:
    """The header → field mapping a coordinator confirmed for this kommun earlier."""
    rows = con.execute(
        "SELECT header, field FROM column_mapping WHERE kommun = ? ORDER BY header", [kommun]
    ).fetchall()
    return {str(r[0]): str(r[1]) for r in rows}
