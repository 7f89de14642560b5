"""Reading a guarded file into an outcome: what the import's child process runs.

Nothing here touches the store (nor imports it), so the child process that reads an upload
(sandbox.py) starts with only the spreadsheet readers loaded.

- ImportOutcome: what reading (and then storing) a file gave
- read_guarded_upload: a file read as the plan or survey it is
- read_guarded_plan_in_bulk: a file read as a plan, with given column choices
- decide_kind: an activity plan or a survey (trygghetsmätning, Kolada), told by the content
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field

from samverkan.excel.agreement_info import is_agreement_sheet
from samverkan.excel.guard import GuardedFile, RefusedFile
from samverkan.excel.locate import locate_table
from samverkan.excel.plan import ImportOptions, read_guarded_plan
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
    `column_mapping` is every column choice the plan was read with (header → field, EXTRA or
    IGNORE), `remembered_mapping` those of them that came from the kommun's earlier upload.
    """

    report: ImportReport
    summary: ImportSummary | None
    survey: SurveyReport | None = None
    column_mapping: dict[str, str] = field(default_factory=dict)
    remembered_mapping: dict[str, str] = field(default_factory=dict)


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


def read_guarded_upload(guarded: GuardedFile, name: str, options: ImportOptions) -> ImportOutcome:
    """read_upload's reading, for a file the guard has passed (run in the child process)."""
    with bulk_allocation():
        if len(guarded.data) <= SURVEY_PEEK_BYTES:
            survey = _read_if_survey(guarded, name, options)
            if survey is not None:
                return _survey_outcome(survey)
        report = read_guarded_plan(guarded, name, options)
        if len(guarded.data) > SURVEY_PEEK_BYTES and not report.column_mapping:
            survey = _read_if_survey(guarded, name, options)
            if survey is not None:
                return _survey_outcome(survey)
    return ImportOutcome(report=report, summary=None)


def read_guarded_plan_in_bulk(
    guarded: GuardedFile, name: str, options: ImportOptions
) -> ImportReport:
    """read_guarded_plan with the collector paused (run in the child process)."""
    with bulk_allocation():
        return read_guarded_plan(guarded, name, options)


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


def _read_if_survey(
    guarded: GuardedFile, file_name: str, options: ImportOptions
) -> SurveyReport | None:
    """The survey the file is, or None for a plan (or a file the plan reader will refuse)."""
    try:
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
