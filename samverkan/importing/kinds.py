"""Where an upload gets its kind decided, and a plan's sheets sorted by what they hold.

Both read the sheets already in memory (never the file again), and share one rule for which
sheets hold content: a hidden sheet, the Överenskommelse sheet and instruction or list sheets
hold none.

- decide_kind: an activity plan or a survey (trygghetsmätning, Kolada), told by the content
- sort_plan_sheets: a plan's sheets in order, each as focus areas, goals, activities or
  citizen promises, with its table's layout
"""

from __future__ import annotations

from typing import Literal

from samverkan.excel.agreement_info import is_agreement_sheet
from samverkan.excel.contents import decide_by_contents
from samverkan.excel.locate import locate_table
from samverkan.excel.plan import PlanSheet
from samverkan.excel.promises import is_promise_sheet
from samverkan.excel.read import SheetValues
from samverkan.excel.structure import is_focus_sheet, is_goal_sheet, is_skipped_sheet
from samverkan.excel.survey_layout import locate_survey_table
from samverkan.models import PlanKind


def holds_content(sheet: SheetValues) -> bool:
    """False for a hidden sheet, the agreement sheet, and instruction or list sheets."""
    name = sheet.name
    return not (sheet.is_hidden or is_agreement_sheet(name) or is_skipped_sheet(name))


def _structure_role(sheet: SheetValues) -> Literal["focus_areas", "goals"] | None:
    if is_focus_sheet(sheet.name):
        return "focus_areas"
    if is_goal_sheet(sheet.name):
        return "goals"
    return None


def decide_kind(sheets: list[SheetValues]) -> PlanKind:
    """A survey when a visible sheet holds a survey table and none holds an activity table.

    A long table (År, Indikator, Värde) or a Kolada export (kpi, municipality, period, value)
    makes its sheet a survey sheet outright; a wide table (years as headers) only where no
    activity table is found, since a plan's row may hold two years (start and end) too.
    """
    surveys = 0
    for sheet in sheets:
        if not holds_content(sheet) or _structure_role(sheet) is not None:
            continue
        survey = locate_survey_table(sheet.rows)
        if survey is not None and survey.kind != "wide":
            surveys += 1
            continue
        if locate_table(sheet.rows) is not None:
            return PlanKind.PLAN
        surveys += survey is not None
    return PlanKind.SURVEY if surveys else PlanKind.PLAN


def sort_plan_sheets(
    sheets: list[SheetValues], column_mapping: dict[str, str] | None = None
) -> list[PlanSheet]:
    """The plan's sheets that hold something, in the workbook's order, each with its role.

    A table is located with the coordinator's column choices (`column_mapping`), and its
    columns decided by header and contents together; a sheet without a table is left out.
    """
    sorted_sheets = []
    for sheet in sheets:
        if not holds_content(sheet):
            continue
        structure = _structure_role(sheet)
        if structure is not None:
            sorted_sheets.append(PlanSheet(sheet, structure))
            continue
        layout = locate_table(sheet.rows, column_mapping)
        if layout is None:
            continue
        decide_by_contents(layout, sheet.rows)
        if is_promise_sheet(sheet, layout):
            sorted_sheets.append(PlanSheet(sheet, "promises", layout))
        else:
            sorted_sheets.append(PlanSheet(sheet, "activities", layout))
    return sorted_sheets
