"""Jämförelse, pure: which agreements to put side by side, and each one's row on the day.

Parts:
- ComparisonScope, choose_compared: the agreements in force on the day, within `?lpo=` or
  `?lan=` (or the whole store), and only of the kommuner the user may see (access.py)
- build_comparison_row(s): one agreement's figures judged by Översikt's own rules:
  metrics.judge_activity and summarize_focus_areas for done, planned, late and missing
  follow-ups; goal_followup.build_goal_followup for the goals; days since the current plan's
  upload, and the flag for a plan not updated in over STALE_DAYS days
- scope_label: "LPO Kävlinge", "Skåne län", "alla kommuner" (the page's heading and file name)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from samverkan.agreement import is_in_force, lpo_key
from samverkan.goal_followup import build_goal_followup
from samverkan.indicators import indicator_key
from samverkan.kommuner import canonical_lan, kommuner_in_lan
from samverkan.metrics import judge_activity, judging_day, summarize_focus_areas
from samverkan.models import (
    AgreementFigures,
    ComparisonRow,
    GoalAssessment,
    StoredAgreement,
    SurveyValue,
    Unit,
)

# A plan not uploaded again in more days than this is flagged: the meeting works from old news.
STALE_DAYS = 120


@dataclass(frozen=True)
class ComparisonScope:
    """Which agreements the page compares: one LPO's, one län's, or (neither) the whole store."""

    lpo: str | None = None
    lan: str | None = None


def choose_compared(
    agreements: Sequence[StoredAgreement],
    scope: ComparisonScope,
    day: dt.date,
    may_see: Callable[[str], bool],
) -> list[StoredAgreement]:
    """The agreements in force on the day within the scope whose kommun `may_see` allows.

    An unknown län chooses nothing (not the whole store). Ordered by kommun, then period.
    """
    chosen = [a for a in agreements if is_in_force(a, day) and may_see(a.kommun)]
    if scope.lpo is not None:
        wanted = lpo_key(scope.lpo)
        chosen = [a for a in chosen if lpo_key(a.lpo) == wanted]
    if scope.lan is not None:
        kommuner = set(kommuner_in_lan(scope.lan))
        chosen = [a for a in chosen if a.kommun in kommuner]
    return sorted(chosen, key=lambda a: (a.kommun, a.period_start, a.id))


def scope_label(scope: ComparisonScope) -> str:
    """'LPO Kävlinge', 'Skåne län' or 'alla kommuner'."""
    if scope.lpo is not None:
        return f"LPO {scope.lpo.strip()}"
    if scope.lan is not None:
        lan = canonical_lan(scope.lan)
        return f"{lan} län" if lan else f"länet {scope.lan.strip()}"
    return "alla kommuner"


def build_comparison_row(
    figures: AgreementFigures, survey: Sequence[SurveyValue], day: dt.date
) -> ComparisonRow:
    """One agreement's row judged on `day` (clamped to its period's end, as Översikt's)."""
    agreement = figures.agreement
    as_of = judging_day(agreement, day)
    views = [judge_activity(a, as_of) for a in figures.activities]
    areas = summarize_focus_areas(views)
    done = sum(a.done for a in areas)
    planned = sum(a.planned for a in areas)
    late = sum(a.overdue for a in areas)
    followup = build_goal_followup(
        agreement.kommun, figures.goals, survey, deadline_year=agreement.period_end.year
    )
    index = _survey_index(followup.assessments)
    upload = figures.upload
    days = (as_of - upload.uploaded_at.date()).days if upload else None
    return ComparisonRow(
        agreement=agreement,
        as_of=as_of,
        activities=sum(a.activities for a in areas),
        planned=planned,
        done=done,
        progress=done / planned if planned else None,
        late=late,
        late_share=late / planned if planned else None,
        followup_missing=sum(a.followup_missing for a in areas),
        goals=len(followup.assessments),
        goals_met_or_on_track=followup.met_or_on_track,
        survey_indicator=index.goal.indicator if index else None,
        survey_unit=_unit_of(index, survey),
        survey_year=index.latest_year if index else None,
        survey_value=index.latest_value if index else None,
        survey_target=index.goal.target_value if index else None,
        last_upload=upload.uploaded_at if upload else None,
        days_since_upload=days,
        stale=is_stale(days),
        history=figures.history,
    )


def build_comparison_rows(
    figures: Sequence[AgreementFigures],
    survey: Mapping[str, Sequence[SurveyValue]],
    day: dt.date,
) -> list[ComparisonRow]:
    """Every agreement's row, in the order given."""
    return [build_comparison_row(f, survey.get(f.agreement.kommun, ()), day) for f in figures]


def is_stale(days_since_upload: int | None) -> bool:
    """True for a plan never uploaded, or not uploaded again in more than STALE_DAYS days."""
    return days_since_upload is None or days_since_upload > STALE_DAYS


def _survey_index(assessments: Sequence[GoalAssessment]) -> GoalAssessment | None:
    """The first goal (in the goals' order) with a survey value and a target to hold it to."""
    for assessment in assessments:
        goal = assessment.goal
        if goal.indicator and assessment.latest_value is not None and goal.target_value is not None:
            return assessment
    return None


def _unit_of(index: GoalAssessment | None, survey: Sequence[SurveyValue]) -> Unit | None:
    """The unit of the indicator the index was read from (index 0–6, procent …)."""
    if index is None or index.goal.indicator is None:
        return None
    key = indicator_key(index.goal.indicator)
    return next((v.unit for v in survey if indicator_key(v.indicator) == key), None)
