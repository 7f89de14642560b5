"""The `report` command (issue 6): the quarterly or annual report as PDF, Excel or Word.

`samverkan report --kind kvartal|ar --format pdf|xlsx|docx PATH [--db] [--kommun] [--as-of]`:
the report of the quarter or year that holds `--as-of` (default today), judged on its last
day or on `--as-of` if sooner. Without --format the path's ending decides.
Only this command loads the PDF and chart stack (fpdf2, Altair, vl-convert, python-docx).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from samverkan import store
from samverkan.agreement import choose_agreement
from samverkan.cli.common import EXIT_OK, UsageError, open_existing_store, parse_day
from samverkan.models import ReportFormat, ReportKind
from samverkan.reports import (
    build_report,
    first_plan_day,
    missing_plan_text,
    report_day,
    report_period,
)


def run_report(args: argparse.Namespace) -> int:
    """Write the report to PATH and say what was written."""
    path: Path = args.path
    report_format = _format(args.format, path)
    today = dt.date.today()
    asked = parse_day(args.as_of, "--as-of")
    with open_existing_store(args.db) as con:
        agreement = choose_agreement(store.fetch_agreements(con), args.kommun, asked or today)
        # Without --as-of: today, or the agreement's last day once it has ended.
        day = asked or min(today, agreement.period_end)
        period = report_period(ReportKind(args.kind), day)
        data = build_report(con, agreement, period, report_format, today=min(day, today))
        missing = missing_plan_text(
            first_plan_day(con, agreement.id), report_day(agreement, period, min(day, today))
        )
    try:
        path.write_bytes(data)
    except OSError:
        raise UsageError(f"{path}: filen går inte att skriva (finns mappen?).") from None
    title = report_title_for(ReportKind(args.kind), period.label)
    print(f"{title} för {agreement.kommun} är skriven till {path}.")
    if missing:
        print(f"Varning: {missing.replace('`', '')}", file=sys.stderr)
    return EXIT_OK


def report_title_for(kind: ReportKind, label: str) -> str:
    """'Kvartalsrapporten kvartal 4 2026', 'Årsrapporten år 2026'."""
    return ("Kvartalsrapporten " if kind is ReportKind.QUARTER else "Årsrapporten ") + label


def _format(written: str | None, path: Path) -> ReportFormat:
    if written is not None:
        return ReportFormat(written)
    ending = path.suffix.lower().lstrip(".")
    if ending in {f.value for f in ReportFormat}:
        return ReportFormat(ending)
    raise UsageError(
        "ange --format pdf, --format xlsx eller --format docx (eller en sökväg som slutar så)."
    )
