"""Samverkan: follow-up of the agreements between a kommun and its lokalpolisområde.

The public API is what is re-exported here; pages and the command line use it. Each name is
imported from its module the first time it is asked for, not when the package is: every
`samverkan` command and the import's sandbox child import this package, and `samverkan status`
should not pay for the Excel readers, nor `--help` for the store.
"""

import importlib as _importlib
import typing as _typing

if _typing.TYPE_CHECKING:
    from samverkan.excel.plan import ImportOptions
    from samverkan.excel.survey import read_survey
    from samverkan.importing.pipeline import (
        ImportOutcome,
        import_workbook,
        read_upload,
        save_outcome,
    )
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
    from samverkan.status import build_plan_status, plan_status_json
from samverkan.agreement import AgreementChoiceError, choose_agreement

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

# Where each public name lives, imported from there at its first use.
_HOMES = {
    "samverkan.excel.plan": ("ImportOptions",),
    "samverkan.excel.survey": ("read_survey",),
    "samverkan.importing.pipeline": (
        "ImportOutcome",
        "import_workbook",
        "read_upload",
        "save_outcome",
    ),
    "samverkan.importing.reading": ("read_plan",),
    "samverkan.indicators": ("assess_goal", "assess_goals"),
    "samverkan.models": (
        "Activity",
        "ActivityView",
        "Agreement",
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
    ),
    "samverkan.agreement": ("AgreementChoiceError", "choose_agreement"),
    "samverkan.status": ("build_plan_status", "plan_status_json"),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> object:
    """The public name, imported from its module at first use (PEP 562)."""
    home = _HOME_OF.get(name)
    if home is None:
        raise AttributeError(f"module 'samverkan' has no attribute {name!r}")
    value = getattr(_importlib.import_module(home), name)
    globals()[name] = value  # asked once: the next use is a plain attribute
    return value


def __dir__() -> list[str]:
    """What the package names: its public API, loaded or not, and its loaded submodules."""
    return sorted({*globals(), *__all__})
