"""Samverkan: follow-up of the agreements between a kommun and its lokalpolisområde.

The public API is what is re-exported here; pages and the command line use it.
"""

from samverkan.excel.plan import ImportOptions, read_plan
from samverkan.importing import ImportOutcome, import_workbook, preview_workbook, save_report
from samverkan.models import (
    Activity,
    ActivityView,
    Agreement,
    AgreementKind,
    Assessment,
    FocusArea,
    FocusAreaSummary,
    Goal,
    GoalKind,
    ImportBatch,
    ImportIssue,
    ImportReport,
    ImportSummary,
    Party,
    PlanStatus,
    Severity,
    Status,
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
    "FocusArea",
    "FocusAreaSummary",
    "Goal",
    "GoalKind",
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
    "Upload",
    "build_plan_status",
    "choose_agreement",
    "import_workbook",
    "plan_status_json",
    "preview_workbook",
    "read_plan",
    "save_report",
]
