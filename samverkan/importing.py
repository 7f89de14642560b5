"""Importing a file end to end: read it into a report, and store it only when it is accepted.

Parts:
- decide_kind: an activity plan or a survey (trygghetsmätning, Kolada), told by the content
- read_upload: the file read as what it is, nothing stored (an upload page's first step)
- import_workbook: read_upload, then save_report or save_survey_report in one transaction
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
from collections.abc import Iterator
from dataclasses import dataclass

from samverkan import store
from samverkan.excel.agreement_info import is_agreement_sheet
from samverkan.excel.guard import RefusedFile, guard_spreadsheet
from samverkan.excel.locate import locate_table
from samverkan.excel.plan import ImportOptions, read_plan
from samverkan.excel.read import SheetValues, read_values
from samverkan.excel.structure import is_focus_sheet, is_goal_sheet, is_skipped_sheet
from samverkan.excel.survey import csv_sheet_name, read_survey_sheets
from samverkan.excel.survey_layout import locate_survey_table
from samverkan.models import ImportReport, ImportSummary, PlanKind, SurveyReport

# Survey files are small (a few hundred rows). A larger file is read as a plan straight away,
# so a 20,000-row plan is not read twice only to learn that it is a plan; it is looked at as
# a survey only when the plan reader finds no activity table in it.
SURVEY_PEEK_BYTES = 512 * 1024


@dataclass(frozen=True)
class ImportOutcome:
    """The report, and what was stored (None when the file was refused).

    For a survey file `survey` holds what was read, and `report` carries its issues (no
    agreements), so a caller that only knows plans still prints why a file was refused.
    """

    report: ImportReport
    summary: ImportSummary | None
    survey: SurveyReport | None = None


@contextlib.contextmanager
def _bulk_allocation() -> Iterator[None]:
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


def import_workbook(
    data: bytes,
    file_name: str,
    *,
    db_path: str | os.PathLike[str] | None = None,
    options: ImportOptions | None = None,
    uploaded_by: str = "lokal användare",
    uploaded_at: dt.datetime | None = None,
    wait_seconds: float = 10.0,
) -> ImportOutcome:
    """Read a plan or survey file and, when it is accepted, save it in one transaction."""
    outcome = read_upload(data, file_name, options)
    if outcome.survey is not None:
        if not outcome.survey.is_accepted:
            return outcome
        with store.open_store(db_path, wait_seconds=wait_seconds) as con:
            summary = store.save_survey(
                con, outcome.survey, data, uploaded_by=uploaded_by, uploaded_at=uploaded_at
            )
        return ImportOutcome(report=outcome.report, summary=summary, survey=outcome.survey)
    report = outcome.report
    if not report.is_accepted:
        return outcome
    summary = save_report(
        report,
        data,
        db_path=db_path,
        uploaded_by=uploaded_by,
        uploaded_at=uploaded_at,
        wait_seconds=wait_seconds,
    )
    return ImportOutcome(report=report, summary=summary)


def read_upload(data: bytes, file_name: str, options: ImportOptions | None = None) -> ImportOutcome:
    """Read a file as the plan or survey it is; nothing is stored (`summary` is None)."""
    options = options or ImportOptions()
    name = _safe_name(file_name)
    with _bulk_allocation():
        if len(data) <= SURVEY_PEEK_BYTES:
            survey = _read_if_survey(data, name, options)
            if survey is not None:
                return _survey_outcome(survey)
        report = read_plan(data, name, options)
        if len(data) > SURVEY_PEEK_BYTES and not report.column_mapping:
            survey = _read_if_survey(data, name, options)
            if survey is not None:
                return _survey_outcome(survey)
    return ImportOutcome(report=report, summary=None)


def decide_kind(sheets: list[SheetValues]) -> PlanKind:
    """A survey when a visible sheet holds a survey table and none holds an activity table.

    A long table (År, Indikator, Värde) or a Kolada export (kpi, municipality, period, value)
    makes its sheet a survey sheet outright; a wide table (years as headers) only where no
    activity table is found, since a plan's row may hold two years (start and end) too.
    """
    surveys = 0
    for sheet in sheets:
        name = sheet.name
        if sheet.is_hidden or is_agreement_sheet(name) or is_skipped_sheet(name):
            continue
        if is_goal_sheet(name) or is_focus_sheet(name):
            continue
        survey = locate_survey_table(sheet.rows)
        if survey is not None and survey.kind != "wide":
            surveys += 1
            continue
        if locate_table(sheet.rows) is not None:
            return PlanKind.PLAN
        surveys += survey is not None
    return PlanKind.SURVEY if surveys else PlanKind.PLAN


def _read_if_survey(data: bytes, file_name: str, options: ImportOptions) -> SurveyReport | None:
    """The survey the file is, or None for a plan (or a file the plan reader will refuse)."""
    try:
        guarded = guard_spreadsheet(data)
        sheets = read_values(guarded.data, guarded.kind, csv_sheet_name(file_name))
    except RefusedFile:
        return None  # the plan reader refuses it too, and says why
    except Exception:  # whatever else went wrong, the plan reader reports it in Swedish
        return None
    if decide_kind(sheets) is not PlanKind.SURVEY:
        return None
    return read_survey_sheets(guarded, sheets, file_name, options.kommun)


def _survey_outcome(survey: SurveyReport) -> ImportOutcome:
    report = ImportReport(file_name=survey.file_name, issues=survey.issues)
    return ImportOutcome(report=report, summary=None, survey=survey)


def preview_workbook(
    data: bytes, file_name: str, options: ImportOptions | None = None
) -> ImportReport:
    """What an import would store, without storing anything (the upload page's first step)."""
    with _bulk_allocation():
        return read_plan(data, _safe_name(file_name), options)


def save_report(
    report: ImportReport,
    data: bytes,
    *,
    db_path: str | os.PathLike[str] | None = None,
    uploaded_by: str = "lokal användare",
    uploaded_at: dt.datetime | None = None,
    wait_seconds: float = 10.0,
) -> ImportSummary:
    """Store an accepted report with its original bytes, in one transaction."""
    with _bulk_allocation(), store.open_store(db_path, wait_seconds=wait_seconds) as con:
        return store.save_import(
            con, report, data, uploaded_by=uploaded_by, uploaded_at=uploaded_at
        )


def _safe_name(file_name: str) -> str:
    """Only the file's own name is kept: an uploaded name never becomes a path."""
    name = os.path.basename(file_name.replace("\\", "/")).strip()
    return "".join(c for c in name if c.isprintable())[:200] or "namnlös.xlsx"
