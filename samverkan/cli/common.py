"""What every command shares: exit codes, the refusal, a day as written, the store that must exist.

Nothing here loads a library a command might not need: the store (DuckDB) is imported only
when a command opens it, so `--help` and `template` never load it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
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
def open_existing_store(db: Path | str | None) -> Iterator[Connection]:
    """The store for a command that needs what it holds: refused (exit 2) when there is none.

    Opening a store creates it, so without this check `samverkan status` on a mistyped path
    would leave an empty database behind and then say it holds no agreement.
    """
    from samverkan import store  # here, not above: only the commands that open it load DuckDB

    location = store.resolve_store(db)
    if not store.store_exists(location):
        raise UsageError(
            f"Databasen {store.describe_store(location)} finns inte. Ange rätt fil med --db"
            " (eller SAMVERKAN_DB), eller importera en plan först med `samverkan import FIL`."
        )
    with store.open_store(location) as con:
        yield con


# Control characters a terminal acts on (ESC, and the C1 controls such as CSI, U+009B) and
# the bidi ones that reorder the line. A file's text (a header, a sheet's name) reaches the
# terminal in what we print: there it must be text, never a command (clear the screen, set
# the window's title, a link).
_TERMINAL_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def terminal_text(text: str) -> str:
    """The text with every control character shown as U+FFFD (line breaks and tabs kept)."""
    return _TERMINAL_CONTROLS.sub("\ufffd", text)


def say(message: str) -> None:
    """A line for the person at the terminal, on standard error (standard out is for results)."""
    print(terminal_text(message), file=sys.stderr)
