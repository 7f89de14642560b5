"""Samverkan: follow-up of the agreements between a kommun and its lokalpolisområde.

The public API is what is re-exported here; pages and the command line use it.
"""

from samverkan.excel.plan import ImportOptions
from samverkan.excel.survey import read_survey
from samverkan.importing.pipeline import ImportOutcome, import_workbook, read_upload, save_outcome
from samverkan.importing.reading import read_plan
from samverkan.indicators import assess_goal, assess_goals
from samverkan.models import (
    Activity,
    ActivityView,
    Agreement,
    AgreementKind,
    Assessment,
    Direction,
    FocusArea,
    FocusAreaSummary,
    Goal,
    GoalAssessment,
    GoalKind,
    GoalStatus,
    ImportBatch,
    ImportIssue,
    ImportReport,
    ImportSummary,
    Party,
    PlanStatus,
    Severity,
    Status,
    SurveyReport,
    SurveyValue,
    Unit,
    Upload,
)
from samverkan.status import (
    AgreementChoiceError,
    build_plan_status,
    choose_agreement,
    plan_status_json,
)

__all__ = [
    "Activity",
    "ActivityView",
    "Agreement",
    "AgreementChoiceError",
    "AgreementKind",
    "Assessment",
    "Direction",
    "FocusArea",
    "FocusAreaSummary",
    "Goal",
    "GoalAssessment",
    "GoalKind",
    "GoalStatus",
    "ImportBatch",
    "ImportIssue",
    "ImportOptions",
    "ImportOutcome",
    "ImportReport",
    "ImportSummary",
    "Party",
    "PlanStatus",
    "Severity",
    "Status",
    "SurveyReport",
    "SurveyValue",
    "Unit",
    "Upload",
    "assess_goal",
    "assess_goals",
    "build_plan_status",
    "choose_agreement",
    "import_workbook",
    "plan_status_json",
    "read_plan",
    "read_survey",
    "read_upload",
    "save_outcome",
]
