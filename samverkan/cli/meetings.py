"""The `meeting` commands (issue 6): the meeting register of the kommun's agreement.

`samverkan meeting add [--db PATH] [--kommun K] --date YYYY-MM-DD --body styrgrupp [--note …]`
`samverkan meeting list [--db PATH] [--kommun K] --json`
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

from samverkan import store
from samverkan.agreement import choose_agreement
from samverkan.cli.common import EXIT_OK, UsageError, open_existing_store, parse_day
from samverkan.models import MeetingBody, StoredAgreement
from samverkan.privacy import typed_personal_number
from samverkan.store.meetings import fetch_meetings, save_meeting

_BODIES = ", ".join(b.value for b in MeetingBody)


def run_meeting_add(args: argparse.Namespace) -> int:
    """Register a meeting of the kommun's agreement."""
    held_on = parse_day(args.date, "--date") or dt.date.today()
    body = _body(args.body)
    refusal = typed_personal_number(args.note, "Anteckningen")
    if refusal:
        raise UsageError(refusal)
    with open_existing_store(args.db) as con:
        agreement = _agreement(con, args.kommun, held_on)
        meeting = save_meeting(con, agreement.id, held_on, body, args.note)
    print(f"Mötet ({meeting.body.value} {meeting.held_on}) är registrerat för {agreement.kommun}.")
    return EXIT_OK


def run_meeting_list(args: argparse.Namespace) -> int:
    """List the agreement's meetings, the latest first."""
    with open_existing_store(args.db) as con:
        agreement = _agreement(con, args.kommun, None)
        meetings = fetch_meetings(con, agreement.id)
    if args.json:
        document = {
            "kommun": agreement.kommun,
            "meetings": [
                {"date": m.held_on.isoformat(), "body": m.body.value, "note": m.note}
                for m in meetings
            ],
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not meetings:
        print(f"Inga möten är registrerade för {agreement.kommun}.")
    for m in meetings:
        print(f"{m.held_on} {m.body.value}" + (f": {m.note}" if m.note else ""))
    return EXIT_OK


def _agreement(con: store.Connection, kommun: str | None, on: dt.date | None) -> StoredAgreement:
    return choose_agreement(store.fetch_agreements(con), kommun, on)


def _body(text: str) -> MeetingBody:
    """The body by its word, without regard to case ('Styrgrupp', 'lokala brå')."""
    for body in MeetingBody:
        if body.value.casefold() == text.strip().casefold():
            return body
    raise UsageError(f'--body "{text}" är inget mötesorgan; välj bland: {_BODIES}.')
