"""The `withdraw`, `backup` and `restore` commands (issue 7): undo an upload, keep a copy.

`samverkan withdraw UPPLADDNING [--db PATH] [--restore] [--by NAMN]`
`samverkan backup SÖKVÄG [--db PATH]`
`samverkan restore SÖKVÄG [--db PATH]`

Each waits up to 10 s for a busy store and then exits 3, like every command; a file that is
no Samverkan store, or an upload that does not exist, exits 2 with a Swedish sentence.
"""

from __future__ import annotations

import argparse

from samverkan.cli.common import EXIT_OK, UsageError, open_existing_store
from samverkan.models import AuditAction
from samverkan.store.audit import save_audit_entry
from samverkan.store.backup import RefusedBackup, backup_store, restore_store
from samverkan.store.rollback import (
    CheckInsOnTop,
    UploadNotFound,
    set_upload_withdrawn,
    withdraw_refusal,
)
from samverkan.swedish import format_decimal


def run_withdraw(args: argparse.Namespace) -> int:
    """Withdraw the upload (or restore it with --restore); say what happened."""
    text = str(args.upload).strip()
    if not text.isdigit():
        raise UsageError(f'"{text}" är inget uppladdningsnummer; skriv t.ex. `withdraw 4`.')
    upload_id = int(text)
    withdrawn = not args.restore
    try:
        with open_existing_store(args.db) as con:
            changed = set_upload_withdrawn(con, upload_id, withdrawn, changed_by=args.by)
            if changed:
                action = AuditAction.WITHDRAWAL if withdrawn else AuditAction.RESTORE
                done = "tillbakadragen" if withdrawn else "återställd"
                save_audit_entry(con, args.by, action, f"Uppladdning {upload_id} {done}")
    except CheckInsOnTop as exc:
        raise UsageError(withdraw_refusal(exc)) from None
    except UploadNotFound:
        raise UsageError(
            f"Det finns ingen uppladdning {upload_id}. Historik-sidan visar uppladdningarnas "
            "nummer."
        ) from None
    if not changed:
        state = "tillbakadragen" if withdrawn else "gällande"
        print(f"Uppladdning {upload_id} var redan {state}; inget ändrades.")
    elif withdrawn:
        print(
            f"Uppladdning {upload_id} är tillbakadragen: planen före den gäller igen. Inget är "
            f"raderat; ångra med `samverkan withdraw {upload_id} --restore`."
        )
    else:
        print(f"Uppladdning {upload_id} är återställd och gäller igen.")
    return EXIT_OK


def run_backup(args: argparse.Namespace) -> int:
    """Write a consistent copy of the store to the path."""
    try:
        written = backup_store(args.path, args.db)
    except RefusedBackup as exc:
        raise UsageError(str(exc)) from None
    except PermissionError:
        raise UsageError(f"Säkerhetskopian får inte skrivas till {args.path}.") from None
    size = format_decimal(written.stat().st_size / 1_000_000)
    print(f"Säkerhetskopian är skriven till {written} ({size} MB).")
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    """Replace the store's content with the backup's, keeping the state before beside it."""
    try:
        kept = restore_store(args.path, args.db)
    except RefusedBackup as exc:
        raise UsageError(f"{exc} Databasen är oförändrad.") from None
    print(
        f"Databasen är återställd från {args.path}. Läget före återställningen finns kvar i {kept}."
    )
    return EXIT_OK
