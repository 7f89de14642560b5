"""The `export-plan` command: the agreement's current plan as the template's workbook.

`samverkan export-plan [--kommun NAMN] [-o FIL] [--as EPOST] [--db]`: the plan of the kommun's
agreement (the one running today, else its newest) as "Ladda ned aktuell plan" gives it, which
`samverkan import` reads back with nothing changed. Without -o the file gets the page's name
(Samverkan-Burlov-aktuell-plan-2026-12-07.xlsx) in the current folder.

`--as EPOST` runs it with that user's rights: only the agreements of the kommuner the user may
see are found (another kommun's is as unknown as one that does not exist), and the file,
which keeps the ej offentlig rows, is given only to someone who may write the kommun's plan
(access.may_take_current_plan). Without it the command is the server's operator, who holds
the store itself. Exit 0 written, 2 refused or a wrong choice, 3 the store is busy.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from samverkan import store
from samverkan.access import may_take_current_plan, visible_agreements
from samverkan.agreement import choose_agreement
from samverkan.cli.common import EXIT_OK, UsageError, open_existing_store
from samverkan.exports.current_plan import (
    NoCurrentPlan,
    build_current_plan,
    current_plan_file_name,
)
from samverkan.models import UserAccount
from samverkan.store.users import fetch_user


def run_export_plan(args: argparse.Namespace) -> int:
    """Write the current plan to -o (or the page's file name) and say where."""
    today = dt.date.today()
    with open_existing_store(args.db) as con:
        agreements = store.fetch_agreements(con)
        user: UserAccount | None = None
        if args.as_user is not None:
            user = fetch_user(con, args.as_user)
            if user is None:
                raise UsageError(f"Det finns ingen användare {args.as_user}.")
            agreements = visible_agreements(user, agreements)
            if not agreements:
                raise UsageError(f"{user.email} får inte se någon överenskommelse.")
        agreement = choose_agreement(agreements, args.kommun, today)
        if user is not None and not may_take_current_plan(user, agreement.kommun):
            raise UsageError(
                f"{user.email} får inte ta ut {agreement.kommun}s aktuella plan: den har även de "
                "ej offentliga aktiviteterna och ges bara till den som får ändra kommunens plan."
            )
        try:
            data = build_current_plan(con, agreement.id)
        except NoCurrentPlan:
            raise UsageError(
                f"{agreement.kommun} har ingen plan ännu: ladda upp en först."
            ) from None
    path: Path = args.output or Path(current_plan_file_name(agreement.kommun, today))
    try:
        path.write_bytes(data)
    except OSError:
        raise UsageError(f"{path}: filen går inte att skriva (finns mappen?).") from None
    print(f"Den aktuella planen för {agreement.kommun} är skriven till {path}.")
    return EXIT_OK
