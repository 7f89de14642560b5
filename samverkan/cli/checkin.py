"""The `checkin` command (issue 18): one activity updated from a script, as on the phone.

`samverkan checkin AKTIVITET [--db PATH] [--kommun K] [--status S] [--done-on ÅÅÅÅ-MM-DD]
[--due ÅÅÅÅ-MM-DD --reason TEXT] [--assessment Grön|Gul|Röd] [--comment TEXT] [--as EPOST]`

AKTIVITET is the activity's ID in the plan (`samverkan status --json` lists them as "id"; the
form on Snabbkoll and Fokusområde shows it). The same rules as the app: with `--as` the
check-in is that user's and only what they may check in is taken (access.may_check_in);
without it the command line acts for the person running the server, as `import` and
`withdraw` do, and is recorded as "kommandoraden". Exit 0 saved, 2 refused (nothing stored,
a Swedish sentence why), 3 the store busy.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TypeVar

from samverkan import store
from samverkan.access import visible_agreements
from samverkan.agreement import choose_agreement
from samverkan.checkins import record_checkin
from samverkan.cli.common import EXIT_OK, UsageError, open_existing_store, parse_day
from samverkan.excel.parse import parse_status
from samverkan.models import Assessment, CheckInRequest, Role, Status, UserAccount
from samverkan.store.users import fetch_user

CLI_ACTOR = "kommandoraden"
_Word = TypeVar("_Word", bound=Assessment)
# Whoever runs the command line on the server: the store's file is theirs already.
COMMAND_LINE = UserAccount(email="kommandoraden@localhost", name=CLI_ACTOR, role=Role.ADMIN)


def run_checkin(args: argparse.Namespace) -> int:
    """Record the check-in; print the confirmation, or refuse (exit 2) saying why."""
    request = CheckInRequest(
        status=_status(args.status),
        done_on=parse_day(args.done_on, "--done-on"),
        due=parse_day(args.due, "--due"),
        reason=args.reason,
        assessment=_choice(args.assessment, Assessment, "--assessment"),
        comment=args.comment,
    )
    key = str(args.activity).strip()
    with open_existing_store(args.db) as con:
        agreements = store.fetch_agreements(con)
        user, actor = COMMAND_LINE, CLI_ACTOR
        if args.as_user:
            found = fetch_user(con, args.as_user)
            if found is None:
                raise UsageError(
                    f"Det finns ingen användare {args.as_user.strip().lower()}. Inget har "
                    "sparats; `samverkan user list` visar användarna."
                )
            user, actor = found, f"{found.name} ({found.email})"
            # What the user may not see is as unknown as what does not exist (access).
            agreements = visible_agreements(user, agreements)
            if not agreements:
                raise UsageError(
                    f"{user.email} får inte se någon överenskommelse. Inget har sparats."
                )
        agreement = choose_agreement(agreements, args.kommun, dt.date.today())
        result = record_checkin(con, user, actor, agreement.id, key, request)
    if not result.saved:
        raise UsageError(" ".join(result.problems))
    assert result.checkin is not None
    print(
        f"{result.message} (Incheckning {result.checkin.upload_id}; ångra med "
        f"`samverkan withdraw {result.checkin.upload_id}`.)"
    )
    return EXIT_OK


def _status(text: str | None) -> Status | None:
    """The status as a plan may write it (Klar, Påbörjad … by the import's synonyms)."""
    if text is None:
        return None
    parsed = parse_status(text)
    if parsed.status is None:
        raise UsageError(f"--status: {parsed.warning}")
    return parsed.status


def _choice(text: str | None, enum: type[_Word], option: str) -> _Word | None:
    """The enum's value written in any case; refused with the words it takes."""
    if text is None:
        return None
    wanted = text.strip().casefold()
    for member in enum:
        if member.value.casefold() == wanted:
            return member
    words = ", ".join(m.value for m in enum)
    raise UsageError(f'{option} "{text}" finns inte; skriv något av: {words}.')
