"""Trygghet och mål, pure: an agreement's goals judged against the kommun's safety survey.

Parts:
- build_goal_followup: every goal assessed by the README's rule (indicators.assess_goals), and
  every indicator's values in every area with the goals it measures; the indicators that
  goals name come first, in the goals' order, then the survey's other indicators
- goals_of_focus_area: the part of a follow-up that belongs to one focus area (Fokusområde)
- goal_count_line: "2 av 5 mål uppnådda eller på väg" (Översikt)
- trend_text: the trend as an arrow for the way the value moves, and whether that is better
"""

from __future__ import annotations

from collections.abc import Sequence

from samverkan.indicators import assess_goals, better_direction, goal_direction, indicator_key
from samverkan.models import (
    Direction,
    Goal,
    GoalAssessment,
    GoalFollowUp,
    GoalStatus,
    IndicatorSeries,
    SurveyValue,
)
from samverkan.swedish import format_number


def build_goal_followup(
    kommun: str,
    goals: Sequence[Goal],
    values: Sequence[SurveyValue],
    *,
    deadline_year: int | None = None,
) -> GoalFollowUp:
    """The goals assessed and the indicators' series; `deadline_year` stands in for a målår."""
    by_indicator: dict[str, list[SurveyValue]] = {}
    for value in values:
        by_indicator.setdefault(indicator_key(value.indicator), []).append(value)
    named = [indicator_key(g.indicator) for g in goals if g.indicator]
    order = [k for k in dict.fromkeys(named) if k in by_indicator]
    order += sorted(k for k in by_indicator if k not in order)
    indicators = []
    for key in order:
        own = sorted(by_indicator[key], key=lambda v: (v.area, v.year))
        linked = [g for g in goals if g.indicator and indicator_key(g.indicator) == key]
        unit = own[0].unit
        direction = (
            goal_direction(linked[0], unit) if linked else better_direction(own[0].indicator, unit)
        )
        indicators.append(
            IndicatorSeries(
                indicator=own[0].indicator,
                unit=unit,
                direction=direction,
                values=own,
                goals=linked,
            )
        )
    return GoalFollowUp(
        kommun=kommun,
        assessments=assess_goals(goals, values, deadline_year=deadline_year),
        indicators=indicators,
    )


def goals_of_focus_area(followup: GoalFollowUp, focus_area: str) -> GoalFollowUp:
    """Only the focus area's goals, and only the indicators that measure them."""
    assessments = [a for a in followup.assessments if a.goal.focus_area == focus_area]
    indicators = []
    for series in followup.indicators:
        own = [g for g in series.goals if g.focus_area == focus_area]
        if own:
            indicators.append(series.model_copy(update={"goals": own}))
    return GoalFollowUp(kommun=followup.kommun, assessments=assessments, indicators=indicators)


def goal_count_line(followup: GoalFollowUp) -> str:
    """'4 av 6 mål uppnådda eller på väg' ('1 av 6 mål uppnått …'); '' without goals."""
    total = len(followup.assessments)
    if not total:
        return ""
    count = followup.met_or_on_track
    word = "uppnått" if count == 1 else "uppnådda"
    return f"{count} av {total} mål {word} eller på väg"


def count_of(followup: GoalFollowUp, status: GoalStatus) -> int:
    """How many of the goals have the assessment."""
    return sum(a.status is status for a in followup.assessments)


def trend_text(assessment: GoalAssessment) -> str:
    """'↘ sjunker 0,04 per år – bättre': the arrow is how the value moves, the word its meaning.

    The arrow follows the value (↗ up, ↘ down, → still), since a falling index is good news and
    a falling share may not be; whether that is better says the word after it. Without a trend
    (fewer than two years of values) the text says so.
    """
    slope = assessment.slope
    if slope is None:
        return "Ingen trend (för få mätningar)"
    if abs(slope) < 1e-9:
        return "→ oförändrad"
    arrow, verb = ("↗", "stiger") if slope > 0 else ("↘", "sjunker")
    pace = format_number(abs(slope)) if abs(slope) >= 0.005 else "mindre än 0,01"
    text = f"{arrow} {verb} {pace} per år"
    if assessment.direction is None:
        return text
    better = slope < 0 if assessment.direction is Direction.LOWER else slope > 0
    return f"{text} – {'bättre' if better else 'sämre'}"
