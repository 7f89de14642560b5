"""The `changes` command (issue 6): what changed in the plan between two days.

`samverkan changes [--db PATH] [--kommun K] --since YYYY-MM-DD [--until YYYY-MM-DD] --json
[--include-confidential]` (ej offentlig activities are left out without it)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

from samverkan import store
from samverkan.agreement import choose_agreement
from samverkan.changes_since import CHANGE_KINDS, build_changes_since, changes_json
from samverkan.cli.common import EXIT_OK, UsageError, open_existing_store, parse_day
from samverkan.status import confidential_line


def run_changes(args: argparse.Namespace) -> int:
    """Print what changed in the plan between `--since` and `--until` (today by default)."""
    since = parse_day(args.since, "--since")
    until = parse_day(args.until, "--until") or dt.date.today()
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
    for key, label, _ in CHANGE_KINDS:
        if key not in document:
            continue
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
