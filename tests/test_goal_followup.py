"""Trygghet och mål assembled from goals and survey values: assessments, series, words."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkan.demo import SURVEY_AREAS, demo_agreement, demo_goals, demo_survey_workbook
from samverkan.excel.survey import read_survey
from samverkan.goal_followup import (
    build_goal_followup,
    goal_count_line,
    goals_of_focus_area,
    trend_text,
)
from samverkan.models import (
    Direction,
    Goal,
    GoalAssessment,
    GoalFollowUp,
    GoalKind,
    GoalStatus,
    SurveyValue,
    Unit,
)

AGREEMENT = demo_agreement(dt.date(2026, 6, 1))


def demo_values() -> list[SurveyValue]:
    return read_survey(demo_survey_workbook(), "demo.xlsx").values


def value(indicator: str, year: int, number: float | None, **overrides: object) -> SurveyValue:
    fields: dict[str, object] = {
        "kommun": "Burlöv",
        "area": "Hela kommunen",
        "year": year,
        "indicator": indicator,
        "unit": Unit.ANTAL,
        "value": number,
    }
    fields.update(overrides)
    return SurveyValue.model_validate(fields)


def goal(**overrides: object) -> Goal:
    fields: dict[str, object] = {
        "focus_area": "Trygghet",
        "kind": GoalKind.OUTCOME,
        "text": "Färre anmälda brott",
        "indicator": "Anmälda brott",
        "baseline_year": 2020,
        "baseline_value": 100.0,
        "target_value": 80.0,
        "target_year": 2027,
    }
    fields.update(overrides)
    return Goal.model_validate(fields)


def test_the_demo_goals_are_assessed_in_their_order_with_their_indicators() -> None:
    followup = build_goal_followup(
        "Burlöv", demo_goals(AGREEMENT), demo_values(), deadline_year=AGREEMENT.period_end.year
    )
    assert [a.status for a in followup.assessments] == [
        GoalStatus.ON_TRACK,
        GoalStatus.UNKNOWN,  # a process goal without indicator
        GoalStatus.OFF_TRACK,
        GoalStatus.MET,
        GoalStatus.OFF_TRACK,
    ]
    # The indicators the goals name, in the goals' order.
    assert [(s.indicator, s.unit, s.direction) for s in followup.indicators] == [
        ("Öppen narkotikahandel", Unit.INDEX_0_6, Direction.LOWER),
        ("Trygg ute sent en kväll", Unit.PROCENT, Direction.HIGHER),
        ("Totalindex", Unit.INDEX_0_6, Direction.LOWER),
        ("Polisen bryr sig om lokala problem", Unit.PROCENT, Direction.HIGHER),
    ]
    for series in followup.indicators:
        assert {v.area for v in series.values} == set(SURVEY_AREAS)
        assert [g.indicator for g in series.goals] == [series.indicator]
    assert followup.has_values
    assert followup.met_or_on_track == 2
    assert goal_count_line(followup) == "2 av 5 mål uppnådda eller på väg"


def test_indicators_no_goal_names_come_last_with_the_direction_their_name_tells() -> None:
    values = [
        value("Utsatta för brott", 2022, 20.0, unit=Unit.PROCENT),
        value("Anmälda brott", 2022, 90.0),
        value("Anmälda brott", 2023, 85.0),
        value("Nöjda med polisen", 2022, 50.0, unit=Unit.PROCENT),
    ]
    followup = build_goal_followup("Burlöv", [goal(indicator="ANMÄLDA  brott")], values)
    assert [(s.indicator, s.direction) for s in followup.indicators] == [
        ("Anmälda brott", Direction.LOWER),
        ("Nöjda med polisen", Direction.HIGHER),
        ("Utsatta för brott", Direction.LOWER),
    ]
    assert [len(s.goals) for s in followup.indicators] == [1, 0, 0]
    assert followup.assessments[0].latest_value == 85.0


def test_a_goal_whose_indicator_has_no_values_has_no_series() -> None:
    followup = build_goal_followup("Burlöv", [goal()], [])
    assert followup.indicators == []
    assert not followup.has_values
    assert followup.assessments[0].status is GoalStatus.UNKNOWN


def test_one_focus_area_keeps_its_goals_and_the_indicators_that_measure_them() -> None:
    followup = build_goal_followup(
        "Burlöv", demo_goals(AGREEMENT), demo_values(), deadline_year=AGREEMENT.period_end.year
    )
    area = demo_goals(AGREEMENT)[2].focus_area
    assert area is not None
    own = goals_of_focus_area(followup, area)
    assert [a.goal.indicator for a in own.assessments] == [
        "Trygg ute sent en kväll",
        "Totalindex",
        "Polisen bryr sig om lokala problem",
    ]
    assert [s.indicator for s in own.indicators] == [
        "Trygg ute sent en kväll",
        "Totalindex",
        "Polisen bryr sig om lokala problem",
    ]
    assert goals_of_focus_area(followup, "Finns inte") == GoalFollowUp(kommun="Burlöv")


def assessed(
    status: GoalStatus, slope: float | None = None, direction: Direction | None = None
) -> GoalAssessment:
    return GoalAssessment(goal=goal(), status=status, reason="", slope=slope, direction=direction)


@pytest.mark.parametrize(
    ("statuses", "line"),
    [
        ([], ""),
        ([GoalStatus.MET], "1 av 1 mål uppnått eller på väg"),
        ([GoalStatus.OFF_TRACK, GoalStatus.UNKNOWN], "0 av 2 mål uppnådda eller på väg"),
        ([GoalStatus.ON_TRACK, GoalStatus.OFF_TRACK], "1 av 2 mål uppnått eller på väg"),
        (
            [
                GoalStatus.MET,
                GoalStatus.ON_TRACK,
                GoalStatus.MET,
                GoalStatus.ON_TRACK,
                GoalStatus.OFF_TRACK,
                GoalStatus.UNKNOWN,
            ],
            "4 av 6 mål uppnådda eller på väg",
        ),
    ],
)
def test_the_count_line(statuses: list[GoalStatus], line: str) -> None:
    followup = GoalFollowUp(kommun="Burlöv", assessments=[assessed(s) for s in statuses])
    assert goal_count_line(followup) == line


@pytest.mark.parametrize(
    ("slope", "direction", "text"),
    [
        (None, Direction.LOWER, "Ingen trend (för få mätningar)"),
        (0.0, Direction.LOWER, "→ oförändrad"),
        (-0.0925, Direction.LOWER, "↘ sjunker 0,09 per år – bättre"),
        (-0.0925, Direction.HIGHER, "↘ sjunker 0,09 per år – sämre"),
        (0.36, Direction.HIGHER, "↗ stiger 0,36 per år – bättre"),
        (0.5, Direction.LOWER, "↗ stiger 0,5 per år – sämre"),
        (2.0, None, "↗ stiger 2 per år"),
        (-0.001, Direction.LOWER, "↘ sjunker mindre än 0,01 per år – bättre"),
    ],
)
def test_the_trend_in_words(slope: float | None, direction: Direction | None, text: str) -> None:
    assert trend_text(assessed(GoalStatus.ON_TRACK, slope, direction)) == text
