"""The `migrate-store` command (issue 20): a whole store copied into another, on either engine.

`samverkan migrate-store FRÅN TILL`

FRÅN and TILL are each a DuckDB file or a postgresql:// address. TILL must hold nothing yet
(a new file, or a new PostgreSQL database): it is never overwritten. A FRÅN whose rows do not
fit (a hand-made file) exits 2 with the table named, TILL unchanged. The copy is one
transaction; afterwards every table is compared row by row in both stores, and the command
says so (exit 0), or names the tables that differ (exit 1; use neither before it is understood).
"""

from __future__ import annotations

import argparse

from samverkan.cli.common import EXIT_OK, EXIT_UNEXPECTED, UsageError, say
from samverkan.swedish import format_integer


def run_migrate_store(args: argparse.Namespace) -> int:
    """Copy FRÅN into the empty TILL, then compare every table."""
    from samverkan import store  # here, not above: only the commands that open it load it
    from samverkan.store.copying import TableNotCopied

    source, target = store.resolve_store(args.source), store.resolve_store(args.target)
    if str(source) == str(target):
        raise UsageError("FRÅN och TILL är samma databas; ange två olika.")
    if not store.store_exists(source):
        raise UsageError(f"Databasen {store.describe_store(source)} finns inte.")
    try:
        with store.open_store(source) as con_from, store.open_store(target) as con_to:
            copied = store.copy_store(con_from, con_to)
            differing = store.differing_tables(con_from, con_to)
    except (store.StoreNotEmpty, TableNotCopied) as exc:
        raise UsageError(f"{exc} Inget har ändrats.") from None
    rows = sum(count for table, count in copied.items() if table != "meta")
    print(
        f"Kopierade {format_integer(rows)} rader i {len(copied)} tabeller från "
        f"{store.describe_store(source)} till {store.describe_store(target)}."
    )
    if differing:
        say(
            "Kopian skiljer sig från originalet i tabellerna "
            f"{', '.join(differing)}. Använd inte {store.describe_store(target)} förrän "
            "skillnaden är förstådd."
        )
        return EXIT_UNEXPECTED
    print(f"Alla {len(copied)} tabeller är jämförda rad för rad: de är lika i båda databaserna.")
    return EXIT_OK
