"""The import's one pass over a guarded file: what the import's child process runs.

read values once → decide the kind on those sheets (kinds.py) → a survey, or a plan: screen
for personal data, sort the sheets, parse → the kommun's remembered column choices applied to
the same sheets in memory. Nothing here touches the store (nor imports it), so the child
process that reads an upload (sandbox.py) starts with only the spreadsheet readers loaded.

- ImportOutcome: what reading (and then storing) a file gave
- read_guarded_file: the pass, for a file the guard has passed (run in the child)
- read_plan: a file read as a plan in this process (tests, and callers that know the kind)
- PackedOutcome / pack_outcome / unpack_outcome: the outcome with its activities as columns
  for the way back from the child (a pickled model per row took longer than the reading);
  unpacked they stay columns until read (the store saves them as they are)
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from samverkan.excel.agreement_info import is_agreement_sheet
from samverkan.excel.guard import FileKind, GuardedFile, RefusedFile, guard_spreadsheet
from samverkan.excel.locate import normalize_header
from samverkan.excel.personal_data import screen_personal_data
from samverkan.excel.plan import ImportOptions, PlanSheet, read_plan_sheets, refused_report
from samverkan.excel.read import SheetValues, read_screened_texts, read_values
from samverkan.excel.rows import ColumnActivities
from samverkan.excel.survey import csv_sheet_name, read_survey_sheets
from samverkan.excel.word import in_word_terms
from samverkan.importing.kinds import decide_kind, sort_plan_sheets
from samverkan.kommuner import canonical_kommun
from samverkan.models import ImportReport, ImportSummary, PlanKind, SurveyReport, activity_columns

# Column choices remembered per kommun: {kommun: {header as written: field, EXTRA or IGNORE}}.
Remembered = dict[str, dict[str, str]]


@dataclass(frozen=True)
class ImportOutcome:
    """The report, and what was stored (None when the file was refused or only previewed).

    For a survey file `survey` holds what was read, and `report` carries its issues (no
    agreements), so a caller that only knows plans still prints why a file was refused.
    `column_mapping` is every column choice the plan was read with (header → field, EXTRA or
    IGNORE), `remembered_mapping` those of them that came from the kommun's earlier upload;
    `memory_unavailable` says the store was busy, so no remembered choice could be looked up.
    `sheets` is every sheet of a plan in the workbook's order with what it was read for
    (agreement, focus_areas, goals, activities, promises; '' for one not read).
    """

    report: ImportReport
    summary: ImportSummary | None
    survey: SurveyReport | None = None
    column_mapping: dict[str, str] = field(default_factory=dict)
    remembered_mapping: dict[str, str] = field(default_factory=dict)
    memory_unavailable: bool = False
    sheets: dict[str, str] = field(default_factory=dict)


@contextlib.contextmanager
def bulk_allocation() -> Iterator[None]:
    """Pause the cyclic garbage collector while thousands of rows become objects.

    Measured on a 20,000-row plan: the collector rescanned the growing heap again and again
    and took a fifth of the import; what it would free is collected when it resumes.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_guarded_file(
    guarded: GuardedFile, name: str, options: ImportOptions, remembered: Remembered
) -> PackedOutcome:
    """The file read once, as the plan or survey it is (run in the child process).

    `remembered` holds the column choices remembered for the kommuner the file may name;
    those of the plan's kommun are applied to the sheets already read.
    """
    with bulk_allocation():
        return pack_outcome(_read(guarded, name, options, remembered, as_plan=False))


def read_plan(data: bytes, file_name: str, options: ImportOptions | None = None) -> ImportReport:
    """Read an activity plan in this process; the report holds what would be stored, or why not."""
    try:
        guarded = guard_spreadsheet(data)
    except RefusedFile as refusal:
        return refused_report(file_name, str(refusal))
    return _read(guarded, file_name, options or ImportOptions(), {}, as_plan=True).report


def _read(
    guarded: GuardedFile,
    name: str,
    options: ImportOptions,
    remembered: Remembered,
    *,
    as_plan: bool,
) -> ImportOutcome:
    """Read the values once; a survey, or the plan with its kommun's remembered choices."""
    given = dict(options.column_mapping)
    try:
        sheets = read_values(guarded.data, guarded.kind, csv_sheet_name(name))
        if not as_plan and decide_kind(sheets) is PlanKind.SURVEY:
            survey = read_survey_sheets(guarded, sheets, name, options.kommun)
            report = ImportReport(file_name=survey.file_name, issues=survey.issues)
            return ImportOutcome(report=report, summary=None, survey=survey)
        screened = screen_personal_data(sheets, read_screened_texts(guarded.data, guarded.kind))
        read_for: dict[str, str] = {}

        def parse(mapping: dict[str, str]) -> ImportReport:
            plan_sheets = sort_plan_sheets(sheets, mapping)
            read_for.clear()
            read_for.update(_sheets_read_for(sheets, plan_sheets))
            with_mapping = replace(options, column_mapping=mapping)
            report = read_plan_sheets(guarded, name, sheets, plan_sheets, with_mapping, screened)
            if guarded.kind is FileKind.DOCX:  # rows and columns as Word shows the table
                return in_word_terms(report, guarded.data)
            return report

        report = parse(given)
        applied = _applied_memory(report, options, remembered)
        if not applied:
            return ImportOutcome(report=report, summary=None, column_mapping=given, sheets=read_for)
        used = applied | given
        report = parse(used)
        return ImportOutcome(
            report=report,
            summary=None,
            column_mapping=used,
            remembered_mapping=applied,
            sheets=read_for,
        )
    except RefusedFile as refusal:
        report = refused_report(name, str(refusal))
    except (RecursionError, MemoryError):
        report = refused_report(name, "Filen är för djupt nästlad eller för stor för att läsas.")
    except Exception as exc:  # a file we did not foresee: refuse it, never show a traceback
        report = refused_report(
            name,
            f"Filen kunde inte läsas ({type(exc).__name__}). Spara den på nytt i Excel som .xlsx "
            "(eller i Word som .docx) och försök igen; hjälper inte det, skicka filen till "
            "förvaltaren av Samverkan.",
        )
    return ImportOutcome(report=report, summary=None, column_mapping=given)


def _sheets_read_for(sheets: list[SheetValues], plan_sheets: list[PlanSheet]) -> dict[str, str]:
    """Each sheet with what the plan was read from it ('' for a sheet not read)."""
    roles: dict[str, str] = {p.sheet.name: p.role for p in plan_sheets}
    for sheet in sheets:
        if not sheet.is_hidden and is_agreement_sheet(sheet.name):
            roles[sheet.name] = "agreement"
    return {sheet.name: roles.get(sheet.name, "") for sheet in sheets}


def _applied_memory(
    report: ImportReport, options: ImportOptions, remembered: Remembered
) -> dict[str, str]:
    """The remembered choices for the plan's kommun that fit its headers and were not chosen.

    The kommun is the one given, else the ones the plan names (the first one's choices win);
    a choice given in `options` wins over a remembered one.
    """
    if not remembered:
        return {}
    given = canonical_kommun(options.kommun) if options.kommun else None
    kommuner = (
        [given] if given else list(dict.fromkeys(p.agreement.kommun for p in report.agreements))
    )
    memory: dict[str, str] = {}
    for kommun in reversed(kommuner):
        memory |= remembered.get(kommun, {})
    present = {normalize_header(h) for sheet in report.column_mapping.values() for h in sheet}
    chosen = {normalize_header(h) for h in options.column_mapping}
    return {
        header: name
        for header, name in memory.items()
        if normalize_header(header) in present and normalize_header(header) not in chosen
    }


@dataclass(frozen=True)
class PackedOutcome:
    """An outcome on its way back from the child: each agreement's activities as columns."""

    outcome: ImportOutcome
    activities: list[dict[str, list[Any]]]


def pack_outcome(outcome: ImportOutcome) -> PackedOutcome:
    """The outcome with its activities taken out as columns (a few lists pickle fast)."""
    report = outcome.report
    columns = [activity_columns(p.activities) for p in report.agreements]
    emptied = [p.model_copy(update={"activities": []}) for p in report.agreements]
    light = report.model_copy(update={"agreements": emptied})
    return PackedOutcome(replace(outcome, report=light), columns)


def unpack_outcome(packed: PackedOutcome) -> ImportOutcome:
    """The outcome with its activities held as the columns (they were validated).

    The models are built only when something reads them (the page's preview, the command
    line's summary); the store saves the columns as they came (excel.rows.ColumnActivities).
    """
    report = packed.outcome.report
    agreements = [
        p.model_copy(update={"activities": ColumnActivities(columns)})
        for p, columns in zip(report.agreements, packed.activities, strict=True)
    ]
    return replace(packed.outcome, report=report.model_copy(update={"agreements": agreements}))
