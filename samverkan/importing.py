"""Importing a file end to end: read it into a report, and store it only when it is accepted.

Parts:
- decide_kind: an activity plan or a survey (trygghetsmätning, Kolada), told by the content
- read_upload: the file read as what it is, nothing stored (an upload page's first step)
- read_upload_remembering: read_upload with the column choices remembered for the kommun
- save_outcome: store what was read; a plan's column choices are remembered for its kommun
- import_workbook: read_upload_remembering, then save_outcome
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from samverkan import store
from samverkan.excel.agreement_info import is_agreement_sheet
from samverkan.excel.guard import RefusedFile, guard_spreadsheet
from samverkan.excel.locate import locate_table, normalize_header
from samverkan.excel.plan import ImportOptions, read_plan
from samverkan.excel.read import SheetValues, read_values
from samverkan.excel.structure import is_focus_sheet, is_goal_sheet, is_skipped_sheet
from samverkan.excel.survey import csv_sheet_name, read_survey_sheets
from samverkan.excel.survey_layout import locate_survey_table
from samverkan.kommuner import canonical_kommun
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
    `column_mapping` is every column choice the plan was read with (header → field, EXTRA or
    IGNORE), `remembered_mapping` those of them that came from the kommun's earlier upload.
    """

    report: ImportReport
    summary: ImportSummary | None
    survey: SurveyReport | None = None
    column_mapping: dict[str, str] = field(default_factory=dict)
    remembered_mapping: dict[str, str] = field(default_factory=dict)


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
    """Read a plan or survey file and, when it is accepted, save it in one transaction.

    A plan is read with the column choices remembered for its kommun (the given ones win),
    and the choices it was read with are remembered for the kommun's next upload.
    """
    outcome = read_upload_remembering(
        data, file_name, options, db_path=db_path, wait_seconds=wait_seconds
    )
    if not is_accepted(outcome):
        return outcome
    summary = save_outcome(
        outcome,
        data,
        db_path=db_path,
        uploaded_by=uploaded_by,
        uploaded_at=uploaded_at,
        wait_seconds=wait_seconds,
    )
    return replace(outcome, summary=summary)


def is_accepted(outcome: ImportOutcome) -> bool:
    """True when the file (plan or survey) may be stored."""
    if outcome.survey is not None:
        return outcome.survey.is_accepted
    return outcome.report.is_accepted


def read_upload_remembering(
    data: bytes,
    file_name: str,
    options: ImportOptions | None = None,
    *,
    db_path: str | os.PathLike[str] | None = None,
    wait_seconds: float = 10.0,
) -> ImportOutcome:
    """read_upload, then again with the column choices remembered for the plan's kommun.

    The kommun is the one given, else the ones the file names; a choice given in `options`
    wins over a remembered one. Nothing is stored; a store that does not exist yet remembers
    nothing and is not created. Raises store.StoreBusy when the store stays busy.
    """
    options = options or ImportOptions()
    given = dict(options.column_mapping)
    outcome = read_upload(data, file_name, options)
    if outcome.survey is not None:
        return outcome
    outcome = replace(outcome, column_mapping=given)
    remembered = _remembered_mapping(db_path, _plan_kommuner(outcome.report, options), wait_seconds)
    present = {
        normalize_header(h) for sheet in outcome.report.column_mapping.values() for h in sheet
    }
    chosen = {normalize_header(h) for h in given}
    applied = {
        header: name
        for header, name in remembered.items()
        if normalize_header(header) in present and normalize_header(header) not in chosen
    }
    if not applied:
        return outcome
    used = applied | given
    with _bulk_allocation():
        report = read_plan(data, _safe_name(file_name), replace(options, column_mapping=used))
    return ImportOutcome(
        report=report, summary=None, column_mapping=used, remembered_mapping=applied
    )


def save_outcome(
    outcome: ImportOutcome,
    data: bytes,
    *,
    db_path: str | os.PathLike[str] | None = None,
    uploaded_by: str = "lokal användare",
    uploaded_at: dt.datetime | None = None,
    wait_seconds: float = 10.0,
) -> ImportSummary:
    """Store an accepted plan or survey; a plan's column choices are remembered for its kommun."""
    if outcome.survey is not None:
        with store.open_store(db_path, wait_seconds=wait_seconds) as con:
            return store.save_survey(
                con, outcome.survey, data, uploaded_by=uploaded_by, uploaded_at=uploaded_at
            )
    with _bulk_allocation(), store.open_store(db_path, wait_seconds=wait_seconds) as con:
        summary = store.save_import(
            con, outcome.report, data, uploaded_by=uploaded_by, uploaded_at=uploaded_at
        )
        # A file stored before stays exactly as it was, its choices included.
        if outcome.column_mapping and not summary.already_imported:
            for kommun in dict.fromkeys(p.agreement.kommun for p in outcome.report.agreements):
                store.save_column_mapping(con, kommun, outcome.column_mapping)
    return summary


def _plan_kommuner(report: ImportReport, options: ImportOptions) -> list[str]:
    """The kommun given for the file, else every kommun the plan names."""
    given = canonical_kommun(options.kommun) if options.kommun else None
    if given is not None:
        return [given]
    return list(dict.fromkeys(p.agreement.kommun for p in report.agreements))


def _remembered_mapping(
    db_path: str | os.PathLike[str] | None, kommuner: list[str], wait_seconds: float
) -> dict[str, str]:
    """The column choices remembered for the kommuner (the first kommun's win)."""
    if not kommuner or not store.resolve_db_path(db_path).exists():
        return {}
    remembered: dict[str, str] = {}
    with store.open_store(db_path, wait_seconds=wait_seconds) as con:
        for kommun in reversed(kommuner):
            remembered |= store.fetch_column_mapping(con, kommun)
    return remembered


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
