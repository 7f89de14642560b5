"""The `import` command: plans and surveys from files, with what became of each said in Swedish.

`samverkan import FIL… [--db] [--kommun] [--lpo] [--period 2020-2023] [--uploaded-at ÅÅÅÅ-MM-DD]
[--uploaded-by NAMN] [--mapping JSON-FIL] [--file-wins]`: exit 0 and a summary per file (also
"redan importerad"), 2 when a file is refused (the store unchanged), 3 when the store is busy.
Where a plan contradicts a check-in made in the app after the agreement's last file, the
check-in's value is kept (each such conflict printed) unless --file-wins.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from samverkan.checkins import conflict_choices, conflict_sentence
from samverkan.cli.common import (
    EXIT_OK,
    EXIT_REFUSED,
    UsageError,
    parse_day,
    say,
    terminal_text,
)
from samverkan.confidentiality import carry_messages
from samverkan.excel.agreement_info import parse_period
from samverkan.excel.contents import column_notes
from samverkan.excel.guard import max_upload_bytes
from samverkan.excel.plan import ImportOptions
from samverkan.importing.pipeline import import_workbook
from samverkan.importing.sandbox import keep_spare_child
from samverkan.models import ImportReport, SurveyReport
from samverkan.swedish import format_count as count
from samverkan.swedish import format_number, format_years

_MAX_MAPPING_BYTES = 1024 * 1024


def run_import(args: argparse.Namespace) -> int:
    """Import each file in turn; the exit code is the worst of them."""
    if len(args.files) > 1:  # each next file finds its child process started ahead
        keep_spare_child()
    options = ImportOptions(
        kommun=args.kommun,
        lpo=args.lpo,
        period=_period(args.period),
        column_mapping=_mapping(args.mapping),
    )
    uploaded_at = parse_day(args.uploaded_at, "--uploaded-at")
    when = dt.datetime.combine(uploaded_at, dt.time()) if uploaded_at else None
    worst = EXIT_OK
    for path in args.files:
        try:
            with path.open("rb") as stream:  # never more than the limit: /dev/zero, a FIFO
                data = stream.read(max_upload_bytes() + 1)
        except OSError:
            say(f"{path}: filen går inte att läsa (finns den?).")
            worst = EXIT_REFUSED
            continue
        if len(data) > max_upload_bytes():
            say(f"{path.name}: filen importerades inte. Inget har ändrats i databasen.")
            limit = format_number(max_upload_bytes() / 1024 / 1024, 1)
            say(
                f"  Fel – Filen är större än gränsen {limit} MB "
                "och läses inte. Ta bort bilder och tomma blad och försök igen."
            )
            worst = EXIT_REFUSED
            continue
        outcome = import_workbook(
            data,
            path.name,
            db_path=args.db,
            options=options,
            uploaded_by=args.uploaded_by,
            uploaded_at=when,
            file_wins=bool(args.file_wins),
        )
        if outcome.summary is None:
            _print_refusal(path, outcome.report)
            worst = EXIT_REFUSED
            continue
        _print_warnings(outcome.report)
        if outcome.remembered_mapping:
            print(f"{path.name}: kolumnvalen från förra uppladdningen används.")
        for header, note in column_notes(outcome.report).items():
            print(terminal_text(f"  Kolumnen ”{header}” – {note}"))
        if outcome.summary.already_imported:
            print(
                f"{path.name}: redan importerad (uppladdning {outcome.summary.upload_id}); "
                "inget nytt sparades."
            )
            continue
        if outcome.survey is not None:
            _print_survey_summary(path, outcome.survey)
            continue
        for parsed in outcome.report.agreements:
            a = parsed.agreement
            print(
                terminal_text(
                    f"{path.name}: {count(len(parsed.activities), 'aktivitet', 'aktiviteter')} i "
                    + count(
                        len({x.focus_area for x in parsed.activities}),
                        "fokusområde",
                        "fokusområden",
                    )
                    + f" importerade för {a.kommun} {a.period_label}"
                    + (f" (LPO {a.lpo})" if a.lpo else "")
                    + f", {count(len(outcome.report.warnings), 'varning', 'varningar')}."
                )
            )
        for _kind, text in carry_messages(outcome.summary.confidential):
            print(terminal_text(f"  Ej offentlig – {text}"))
        won = set(outcome.summary.file_won)
        for conflict in conflict_choices(outcome.summary.checkin_conflicts):
            kept = "Filen vald" if conflict.key in won else "Incheckningen behållen"
            print(terminal_text(f"  {kept} – {conflict_sentence(conflict)}"))
        if outcome.summary.checkin_conflicts and not won:
            upload = outcome.summary.upload_id
            print(
                f"  Ska filen gälla där i stället: `samverkan withdraw {upload}`, och importera "
                "den igen med --file-wins."
            )
    return worst


def _period(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    period = parse_period(text)
    if period is None:
        raise UsageError(f'--period "{text}" förstås inte; skriv t.ex. 2020-2023.')
    return period


def _mapping(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    try:
        with path.open("rb") as stream:  # a column mapping is a few hundred bytes
            text = stream.read(_MAX_MAPPING_BYTES + 1)
        if len(text) > _MAX_MAPPING_BYTES:
            raise ValueError("too large")
        loaded: Any = json.loads(text.decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        raise UsageError(f"--mapping {path}: filen går inte att läsa som JSON.") from None
    if not isinstance(loaded, dict) or not all(isinstance(v, str) for v in loaded.values()):
        raise UsageError('--mapping ska vara ett JSON-objekt {"Rubrik": "fält"}.')
    return {str(k): v for k, v in loaded.items()}


def _print_refusal(path: Path, report: ImportReport) -> None:
    say(f"{path.name}: filen importerades inte. Inget har ändrats i databasen.")
    for issue in report.errors:
        say(f"  Fel – {issue}")


def _print_survey_summary(path: Path, survey: SurveyReport) -> None:
    for kommun in survey.kommuner:
        values = [v for v in survey.values if v.kommun == kommun]
        years = sorted({v.year for v in values})
        span = format_years(years[0], years[-1])
        print(
            f"{path.name}: {len(values)} mätvärden för "
            f"{len({v.indicator for v in values})} indikatorer i "
            f"{len({v.area for v in values})} områden ({span}) importerade för {kommun}, "
            f"{len(survey.warnings)} varningar."
        )


def _print_warnings(report: ImportReport) -> None:
    for issue in report.warnings:
        say(f"  Varning – {issue}")
