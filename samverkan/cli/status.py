"""The `status` and `survey` commands: what the store holds, as lines or as JSON.

`samverkan status [--db] [--kommun] [--as-of ÅÅÅÅ-MM-DD] [--json] [--include-confidential]
[--activities]`: the agreement's plan judged on a day (--activities: each activity's ID, status
and title under its focus area, the IDs `checkin` takes). `samverkan survey [--db] [--kommun]
[--json]`: the survey's and the key figures' values by indicator, area and year.
"""

from __future__ import annotations

import argparse
import json

from samverkan import store
from samverkan.agreement import choose_agreement
from samverkan.cli.common import (
    EXIT_OK,
    UsageError,
    open_existing_store,
    parse_day,
    say,
    terminal_text,
)
from samverkan.indicators import survey_values_json
from samverkan.kommuner import canonical_kommun
from samverkan.models import status_word
from samverkan.status import build_plan_status, confidential_line, plan_status_json
from samverkan.swedish import format_count as count
from samverkan.swedish import format_number


def run_status(args: argparse.Namespace) -> int:
    """Print the plan's state on `--as-of` (today by default), per focus area or as JSON."""
    as_of = parse_day(args.as_of, "--as-of")
    with open_existing_store(args.db) as con:
        agreement = choose_agreement(store.fetch_agreements(con), args.kommun, as_of)
        status = build_plan_status(
            con, agreement, as_of, include_confidential=args.include_confidential
        )
    if as_of is not None and as_of < agreement.period_start:
        say(
            f"Obs: {as_of} är före överenskommelsens period ({agreement.period_label}); "
            "planen bedöms ändå den dagen."
        )
    document = plan_status_json(status, include_confidential=args.include_confidential)
    if args.json:
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{document['kommun']} – läget {document['as_of']}")
    for fa in status.focus_areas:
        print(
            f"  {fa.name}: {count(fa.activities, 'aktivitet', 'aktiviteter')}, "
            f"{count(fa.done, 'genomförd', 'genomförda')}, "
            f"{count(fa.overdue, 'försenad', 'försenade')}"
        )
        if args.activities:  # the IDs `samverkan checkin` takes
            for view in status.activities:
                a = view.activity
                if a.focus_area == fa.name:
                    late = ", försenad" if view.overdue else ""
                    print(
                        terminal_text(
                            f"    {a.activity_key}\t{status_word(a.status)}{late}\t{a.title}"
                        )
                    )
    confidential = document["confidential"]
    line = confidential_line(confidential["activities"], confidential["included"])
    if line:
        print(line)
    return EXIT_OK


def run_survey(args: argparse.Namespace) -> int:
    """Print the kommun's survey values (the only kommun's without --kommun), or as JSON."""
    with open_existing_store(args.db) as con:
        in_store = store.fetch_survey_kommuner(con)
        kommun = _survey_kommun(in_store, args.kommun)
        values = store.fetch_survey_values(con, kommun) if kommun else []
        if kommun and not values and in_store:
            known = {a.kommun for a in store.fetch_agreements(con)}
            if kommun not in known:
                raise UsageError(
                    f"Inga mätvärden för {kommun}. Databasen har mätvärden för: "
                    + ", ".join(in_store)
                    + "."
                )
    if args.json:
        print(json.dumps(survey_values_json(values), ensure_ascii=False, indent=2))
        return EXIT_OK
    if not values:
        print("Databasen innehåller inga mätvärden" + (f" för {kommun}." if kommun else "."))
        return EXIT_OK
    print(f"{kommun} – trygghetsmätning och nyckeltal")
    rows: dict[tuple[str, str], list[str]] = {}
    for v in values:
        shown = format_number(v.value)
        rows.setdefault((v.indicator, v.area), []).append(f"{v.year}: {shown}")
    for (indicator, area), years in rows.items():
        print(f"  {indicator} ({area}): " + ", ".join(years))
    return EXIT_OK


def _survey_kommun(in_store: list[str], asked: str | None) -> str | None:
    """The kommun asked for (by its proper name), or the only one the store has values for."""
    if asked is not None:
        kommun = canonical_kommun(asked)
        if kommun is None:
            raise UsageError(f'"{asked}" är ingen svensk kommun. Skriv t.ex. --kommun Eslöv.')
        return kommun
    if len(in_store) > 1:
        raise UsageError(
            "Databasen har mätvärden för flera kommuner; ange en med --kommun: "
            + ", ".join(in_store)
            + "."
        )
    return in_store[0] if in_store else None
