"""The commands of a first look: `template` (the workbook to fill in) and `demo` (a store to try).

`samverkan template SÖKVÄG` writes the canonical Excel template; `samverkan demo [--db]` fills
an empty store with the demo agreement and leaves a store with data as it is.
"""

from __future__ import annotations

import argparse

from samverkan.cli.common import EXIT_OK, UsageError
from samverkan.excel.template import write_template


def run_template(args: argparse.Namespace) -> int:
    """Write the template to the path."""
    try:
        write_template(args.path)
    except OSError:
        raise UsageError(f"{args.path}: filen går inte att skriva (finns mappen?).") from None
    print(f"Mallen är skriven till {args.path}.")
    return EXIT_OK


def run_demo(args: argparse.Namespace) -> int:
    """Import the demo agreement into an empty store."""
    from samverkan.demo import ensure_demo  # the store and the import: `template` needs neither

    created = ensure_demo(args.db)
    print(
        "Demoöverenskommelsen är inläst."
        if created
        else "Databasen har redan data; inget ändrades."
    )
    return EXIT_OK
