"""The command line's `changes` and `meeting` commands (issue 6), registered by cli.py.

`samverkan changes [--db PATH] [--kommun K] --since YYYY-MM-DD [--until YYYY-MM-DD] --json
[--include-confidential]` (ej offentlig activities are left out without it)
`samverkan meeting add [--db PATH] [--kommun K] --date YYYY-MM-DD --body styrgrupp [--note …]`
`samverkan meeting list [--db PATH] [--kommun K] --json`

cli.py imports this module when it builds its parser, so the helpers come from cli.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from samverkan import store
from samverkan.changes_since import build_changes_since, changes_json
from samverkan.cli import EXIT_OK, UsageError, _day, add_include_confidential, open_existing_store
from samverkan.models import MeetingBody, StoredAgreement
from samverkan.privacy import typed_personal_number
from samverkan.status import choose_agreement, confidential_line
from samverkan.store.meetings import fetch_meetings, save_meeting

_BODIES = ", ".join(b.value for b in MeetingBody)


def add_changes_commands(commands: Any, add_db: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add `changes` and `meeting` to the subcommands; each names its handler as `run`."""
    changes = commands.add_parser("changes", help="vad som ändrats i planen sedan ett datum")
    add_db(changes)
    changes.add_argument("--kommun")
    changes.add_argument("--since", required=True, help="från (ÅÅÅÅ-MM-DD), t.ex. förra mötet")
    changes.add_argument("--until", help="till (ÅÅÅÅ-MM-DD), standard i dag")
    changes.add_argument("--json", action="store_true", help="skriv JSON")
    add_include_confidential(changes)
    changes.set_defaults(run=run_changes)

    meeting = commands.add_parser("meeting", help="mötesregistret: lägg till eller lista möten")
    actions = meeting.add_subparsers(dest="action", required=True, parser_class=type(meeting))
    add = actions.add_parser("add", help="registrera ett möte")
    add_db(add)
    add.add_argument("--kommun")
    add.add_argument("--date", help="mötesdag (ÅÅÅÅ-MM-DD), standard i dag")
    add.add_argument("--body", default=MeetingBody.STEERING_GROUP.value, help=_BODIES)
    add.add_argument("--note", help="anteckning, t.ex. beslut")
    add.set_defaults(run=run_meeting_add)
    listing = actions.add_parser("list", help="lista mötena")
    add_db(listing)
    listing.add_argument("--kommun")
    listing.add_argument("--json", action="store_true", help="skriv JSON")
    listing.set_defaults(run=run_meeting_list)


def run_changes(args: argparse.Namespace) -> int:
    """Print what changed in the plan between `--since` and `--until` (today by default)."""
    since = _day(args.since, "--since")
    until = _day(args.until, "--until") or dt.date.today()
    assert since is not None
    if since > until:
        raise UsageError(f"--since ({since}) är efter --until ({until}); byt plats på dem.")
    with open_existing_store(args.db) as con:
        agreement = choose_agreement(store.fetch_agreements(con), args.kommun, until)
        changes = build_changes_since(con, agreement, since, until)
    document = changes_json(changes, include_confidential=args.include_confidential)
    if args.json:
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{agreement.kommun} – förändringar {document['since']} till {document['until']}")
    labels = (
        ("added", "Nya"),
        ("removed", "Borttagna"),
        ("completed", "Genomförda"),
        ("newly_overdue", "Nyss försenade"),
        ("due_moved", "Flyttat slutdatum"),
        ("status_changed", "Ny status"),
    )
    for key, label in labels:
        items = document[key]
        print(f"  {label}: {len(items)}")
        for item in items:
            moved = f" ({item['from'] or '–'} → {item['to'] or '–'})" if "from" in item else ""
            hidden = " (ej offentlig)" if item.get("confidential") else ""
            print(f"    {item['id']} {item['title']}{moved}{hidden}")
    confidential = document["confidential"]
    line = confidential_line(confidential["activities"], confidential["included"])
    if line:
        print(line)
    return EXIT_OK


def run_meeting_add(args: argparse.Namespace) -> int:
    """Register a meeting of the kommun's agreement."""
    held_on = _day(args.date, "--date") or dt.date.today()
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
