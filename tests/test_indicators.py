"""Indicators and goals: units, the better direction, and the assessment rule as a table."""

from __future__ import annotations

from typing import Any

import pytest

from samverkan.indicators import (
    assess_goal,
    assess_goals,
    better_direction,
    least_squares_slope,
    parse_direction,
    parse_unit,
    series_for_goal,
    split_unit,
    survey_values_json,
    trend_word,
)
from samverkan.models import Direction, Goal, GoalKind, GoalStatus, SurveyValue, Unit

LOWER, HIGHER = Direction.LOWER, Direction.HIGHER
MET, ON, OFF, UNKNOWN = (
    GoalStatus.MET,
    GoalStatus.ON_TRACK,
    GoalStatus.OFF_TRACK,
    GoalStatus.UNKNOWN,
)


def make_goal(**overrides: Any) -> Goal:
    """An outcome goal on the totalindex (lower is better): 2.5 in 2019 → 1.9 by 2026."""
    values: dict[str, Any] = {
        "kind": GoalKind.OUTCOME,
        "text": "Problemen i området ska minska",
        "indicator": "Totalindex",
        "baseline_year": 2019,
        "baseline_value": 2.5,
        "target_value": 1.9,
        "target_year": 2026,
    }
    values.update(overrides)
    return Goal(**values)


def make_value(year: int, value: float | None, **overrides: Any) -> SurveyValue:
    values: dict[str, Any] = {
        "kommun": "Eslöv",
        "area": "Hela kommunen",
        "year": year,
        "indicator": "Totalindex",
        "unit": Unit.INDEX_0_6,
        "value": value,
    }
    values.update(overrides)
    return SurveyValue(**values)


TRYGG = {
    "indicator": "Trygg ute sent en kväll",
    "baseline_value": 58.0,
    "target_value": 60.0,
}

# id: (goal overrides, series {year: value}, deadline year, expected status)
ASSESSMENTS: dict[str, tuple[dict[str, Any], dict[int, float | None], int | None, GoalStatus]] = {
    "target met, lower is better": ({}, {2021: 2.1, 2022: 2.0, 2023: 1.85}, None, MET),
    "target met, higher is better": (TRYGG, {2021: 58.5, 2022: 59.0, 2023: 60.4}, None, MET),
    "met exactly on the target": ({}, {2022: 2.0, 2023: 1.9}, None, MET),
    # −0.1 a year from 2.2 in 2023 reaches 1.9 in 2026 exactly (float noise tolerated).
    "improving fast enough, lower": ({}, {2021: 2.4, 2022: 2.3, 2023: 2.2}, None, ON),
    "improving fast enough, higher": (TRYGG, {2022: 58.0, 2023: 58.7}, None, ON),
    "improving too slowly, lower": ({}, {2021: 2.4, 2022: 2.38, 2023: 2.36}, None, OFF),
    "improving too slowly, higher": (TRYGG, {2022: 58.0, 2023: 58.2}, None, OFF),
    "worsening, lower is better": ({}, {2021: 2.0, 2022: 2.1, 2023: 2.2}, None, OFF),
    "worsening, higher is better": (TRYGG, {2021: 59.0, 2022: 58.0, 2023: 57.5}, None, OFF),
    "standing still": ({}, {2021: 2.2, 2022: 2.2, 2023: 2.2}, None, OFF),
    "no data and no baseline": ({"baseline_year": None}, {}, None, UNKNOWN),
    "only missing values": ({"baseline_year": None}, {2022: None, 2023: None}, None, UNKNOWN),
    "no target value": ({"target_value": None}, {2022: 2.0, 2023: 1.8}, None, UNKNOWN),
    "no target year, no deadline": ({"target_year": None}, {2022: 2.3, 2023: 2.2}, None, UNKNOWN),
    "no target year, the agreement's end": (
        {"target_year": None},
        {2022: 2.3, 2023: 2.2},
        2027,
        ON,
    ),
    "one data point, not met": ({"baseline_year": None}, {2023: 2.2}, None, UNKNOWN),
    "one data point, met": ({"baseline_year": None}, {2023: 1.8}, None, MET),
    "one data point and the baseline": ({"baseline_year": 2022}, {2023: 2.2}, None, ON),
    "the baseline far back is no trend": ({"baseline_year": 2015}, {2023: 2.2}, None, UNKNOWN),
    "target year passed, not met": ({"target_year": 2022}, {2022: 2.2, 2023: 2.0}, None, OFF),
    "target year passed, met": ({"target_year": 2022}, {2022: 2.0, 2023: 1.8}, None, MET),
    # Worse long ago, better over the last four years: only the last four count.
    "the trend uses the last four years": (
        {"target_year": 2025},
        {2016: 1.5, 2017: 1.8, 2018: 2.4, 2019: 2.6, 2020: 2.5, 2021: 2.3, 2022: 2.1, 2023: 2.0},
        None,
        ON,
    ),
    "unknown direction, none written": (
        {"indicator": "Medborgardialoger", "baseline_value": None},
        {2022: 3.0, 2023: 4.0},
        None,
        UNKNOWN,
    ),
    "unknown indicator, direction from baseline to target": (
        {"indicator": "Medborgardialoger", "baseline_value": 2.0, "target_value": 6.0},
        {2022: 3.0, 2023: 4.0},
        None,
        ON,
    ),
    "the written direction wins": (
        {
            "indicator": "Medborgardialoger",
            "direction": "öka",
            "baseline_value": None,
            "target_value": 6.0,
        },
        {2022: 3.0, 2023: 7.0},
        None,
        MET,
    ),
}


@pytest.mark.parametrize(
    ("overrides", "series", "deadline", "expected"), ASSESSMENTS.values(), ids=ASSESSMENTS
)
def test_the_assessment_rule(
    overrides: dict[str, Any],
    series: dict[int, float | None],
    deadline: int | None,
    expected: GoalStatus,
) -> None:
    goal = make_goal(**overrides)
    assessment = assess_goal(goal, series.items(), deadline_year=deadline)
    assert assessment.status is expected, assessment.reason
    assert assessment.reason


def test_an_assessment_carries_its_figures() -> None:
    goal = make_goal()
    values = [make_value(y, v) for y, v in ((2021, 2.4), (2022, 2.3), (2023, 2.2))]
    assessment = assess_goal(goal, values, unit=Unit.INDEX_0_6)
    assert assessment.direction is LOWER
    assert (assessment.latest_year, assessment.latest_value) == (2023, 2.2)
    assert assessment.slope == pytest.approx(-0.1)
    assert assessment.projected_value == pytest.approx(1.9)
    assert assessment.is_improving is True
    assert trend_word(assessment) == "↗ positiv"
    assert "−0,1 per år" in assessment.reason
    assert "1,9 år 2026" in assessment.reason


@pytest.mark.parametrize(
    ("series", "word"),
    [
        ({2022: 2.0, 2023: 2.2}, "↘ negativ"),
        ({2022: 2.2, 2023: 2.2}, "→ ingen förändring"),
        ({2023: 2.2}, "saknas"),
    ],
)
def test_trend_words(series: dict[int, float], word: str) -> None:
    assessment = assess_goal(make_goal(baseline_year=None), series.items())
    assert trend_word(assessment) == word


def test_least_squares_slope() -> None:
    assert least_squares_slope([(2020, 1.0), (2021, 2.0), (2022, 3.0)]) == pytest.approx(1.0)
    assert least_squares_slope([(2020, 1.0), (2021, 3.0), (2022, 2.0)]) == pytest.approx(0.5)
    assert least_squares_slope([(2020, 1.0)]) is None


@pytest.mark.parametrize(
    ("indicator", "unit", "direction"),
    [
        ("Totalindex", None, LOWER),
        ("Öppen narkotikahandel", Unit.INDEX_0_6, LOWER),
        ("Öppen narkotikahandel", None, None),
        ("Trygg ute sent en kväll", Unit.PROCENT, HIGHER),
        ("Otrygg ute sent en kväll", Unit.PROCENT, LOWER),
        ("Nöjd med polisens insatser", None, HIGHER),
        ("Missnöjd med polisens insatser", None, LOWER),
        ("Förtroende för polisen", None, HIGHER),
        ("Polisen bryr sig om lokala problem", Unit.PROCENT, HIGHER),
        ("Utsatt för brott senaste 12 månaderna", Unit.PROCENT, LOWER),
        ("Ej utsatta för brott", Unit.PROCENT, HIGHER),
        ("Oroliga för att bli överfallna", Unit.PROCENT, LOWER),
        ("Anmälda våldsbrott", Unit.PER_100000_INV, LOWER),
        ("Medborgardialoger", Unit.ANTAL, None),
    ],
)
def test_better_direction(indicator: str, unit: Unit | None, direction: Direction | None) -> None:
    assert better_direction(indicator, unit) is direction


def test_a_direction_set_by_hand_wins() -> None:
    known = {"medborgardialoger": HIGHER, "Totalindex": HIGHER}
    assert better_direction("Medborgardialoger", Unit.ANTAL, known) is HIGHER
    assert better_direction("totalindex", Unit.INDEX_0_6, known) is HIGHER


@pytest.mark.parametrize(
    ("written", "direction"),
    [
        ("Lägre är bättre", LOWER),
        ("minska", LOWER),
        ("Sänkas", LOWER),
        ("↓", LOWER),
        ("högre", HIGHER),
        ("Öka", HIGHER),
        ("ökning", HIGHER),
        ("↑", HIGHER),
        ("okänd", None),
        (None, None),
    ],
)
def test_parse_direction(written: str | None, direction: Direction | None) -> None:
    assert parse_direction(written) is direction


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Index 0–6", Unit.INDEX_0_6),
        ("index_0_6", Unit.INDEX_0_6),
        ("Andel %", Unit.PROCENT),
        ("%", Unit.PROCENT),
        ("Procent", Unit.PROCENT),
        ("per 100 000 inv", Unit.PER_100000_INV),
        ("antal/100 000 inv.", Unit.PER_100000_INV),
        ("per_100000_inv", Unit.PER_100000_INV),
        ("Antal", Unit.ANTAL),
        ("Medelvärde", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_unit(text: str | None, unit: Unit | None) -> None:
    assert parse_unit(text) is unit


@pytest.mark.parametrize(
    ("name", "clean", "unit"),
    [
        ("Trygg ute sent en kväll (%)", "Trygg ute sent en kväll", Unit.PROCENT),
        ("Anmälda våldsbrott, antal/100 000 inv", "Anmälda våldsbrott", Unit.PER_100000_INV),
        ("Öppen narkotikahandel – index", "Öppen narkotikahandel", Unit.INDEX_0_6),
        ("Totalindex", "Totalindex", Unit.INDEX_0_6),
        ("Öppen  narkotikahandel", "Öppen narkotikahandel", None),
        ("Polisen bryr sig (om lokala problem)", "Polisen bryr sig (om lokala problem)", None),
    ],
)
def test_split_unit(name: str, clean: str, unit: Unit | None) -> None:
    assert split_unit(name) == (clean, unit)


def test_series_for_goal_prefers_the_whole_kommun() -> None:
    values = [
        make_value(2023, 2.3, area="Arlöv"),
        make_value(2022, 2.4, area="Arlöv"),
        make_value(2023, 1.8, area="Totalt"),
        make_value(2023, 63.0, indicator="Trygg ute sent en kväll", unit=Unit.PROCENT),
    ]
    goal = make_goal(indicator="TOTALINDEX")
    assert [v.value for v in series_for_goal(values, goal)] == [1.8]
    assert [v.value for v in series_for_goal(values, goal, area="Arlöv")] == [2.4, 2.3]
    assert series_for_goal(values, make_goal(indicator=None)) == []
    only_arlov = [v for v in values if v.area == "Arlöv"]
    assert [v.year for v in series_for_goal(only_arlov, goal)] == [2022, 2023]


def test_assess_goals_in_order_with_and_without_indicator() -> None:
    values = [make_value(y, v) for y, v in ((2022, 2.3), (2023, 2.2))]
    goals = [make_goal(), make_goal(indicator=None, kind=GoalKind.PROCESS, text="Utbilda")]
    statuses = [a.status for a in assess_goals(goals, values, deadline_year=2027)]
    assert statuses == [ON, UNKNOWN]


def test_survey_values_json_is_the_contract() -> None:
    values = [
        make_value(2023, None, area="Arlöv"),
        make_value(2022, 1.9),
        make_value(2021, 61.0, indicator="Trygg ute sent en kväll", unit=Unit.PROCENT),
    ]
    assert survey_values_json(values) == {
        "values": [
            {"indicator": "Totalindex", "area": "Arlöv", "year": 2023, "unit": "index_0_6",
             "value": None},
            {"indicator": "Totalindex", "area": "Hela kommunen", "year": 2022,
             "unit": "index_0_6", "value": 1.9},
            {"indicator": "Trygg ute sent en kväll", "area": "Hela kommunen", "year": 2021,
             "unit": "procent", "value": 61.0},
        ]
    }  # fmt: skip
