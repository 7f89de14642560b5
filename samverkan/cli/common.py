"""What every command shares: exit codes, the refusal, a day as written, the store that must exist.

Nothing here loads a library a command might not need: the store (DuckDB) is imported only
when a command opens it, so `--help` and `template` never load it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from samverkan.store import Connection

EXIT_OK, EXIT_UNEXPECTED, EXIT_REFUSED, EXIT_BUSY = 0, 1, 2, 3


class UsageError(Exception):
    """The command was written wrong; the message says how to write it."""


def parse_day(text: str | None, option: str) -> dt.date | None:
    """The day an option gives as ÅÅÅÅ-MM-DD (None when not given); refused otherwise."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f'{option} "{text}" är inget datum; skriv ÅÅÅÅ-MM-DD.') from None


@contextlib.contextmanager
def open_existing_store(db: Path | None) -> Iterator[Connection]:
    """The store for a command that needs what it holds: refused (exit 2) when there is no file.

    Opening a store creates it, so without this check `samverkan status` on a mistyped path
    would leave an empty database behind and then say it holds no agreement.
    """
    from samverkan import store  # here, not above: only the commands that open it load DuckDB

    path = store.resolve_db_path(db)
    if not path.is_file():
        raise UsageError(
            f"Databasen {path} finns inte. Ange rätt fil med --db (eller SAMVERKAN_DB), eller "
            "importera en plan först med `samverkan import FIL`."
        )
    with store.open_store(path) as con:
        yield con


def say(message: str) -> None:
    """A line for the person at the terminal, on standard error (standard out is for results)."""
    print(message, file=sys.stderr)
