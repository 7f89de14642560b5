"""The indicator chart is data: one line per area over the years, the target, the baseline."""

from __future__ import annotations

from typing import Any

import pytest

from samverkan.charts.indicator import (
    COMPACT_HEIGHT,
    HEIGHT,
    build_indicator_chart,
    indicator_frame,
    subtitle_lines,
    value_label_sides,
)
from samverkan.excel.survey import read_survey
from samverkan.models import Direction, Goal, GoalKind, SurveyValue, Unit
from samverkan.swedish import format_number as swedish_number
from tests.survey_files import SAMPLE_SURVEY

HALO = {"color", "stroke", "strokeWidth", "strokeJoin"}


def sample_values() -> list[SurveyValue]:
    return read_survey(SAMPLE_SURVEY.read_bytes(), SAMPLE_SURVEY.name).values


def data_of(spec: dict[str, Any], layer: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = spec["datasets"][layer["data"]["name"]]
    return rows


GOAL = Goal(
    kind=GoalKind.OUTCOME,
    text="Problemen ska minska",
    indicator="Totalindex",
    baseline_year=2020,
    baseline_value=1.95,
    target_value=1.8,
    target_year=2025,
)


def test_indicator_chart_lines_latest_values_target_and_baseline() -> None:
    spec = build_indicator_chart(sample_values(), GOAL).to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == [
        "line",
        "rule",
        *["text"] * 6,  # the target's words, the value labels above and below: each on a halo
        "point",
    ]
    line, rule, label_halo, label, above_halo, above, below_halo, below, baseline = spec["layer"]
    for halo, text in ((label_halo, label), (above_halo, above), (below_halo, below)):
        assert halo["mark"]["stroke"] == halo["mark"]["color"] == "white"
        assert halo["mark"]["strokeWidth"] >= 5
        assert halo["encoding"]["text"] == text["encoding"]["text"]
        assert {k: v for k, v in halo["mark"].items() if k not in HALO} == {
            k: v for k, v in text["mark"].items() if k not in HALO
        }  # the same place and size: only the colours differ
    assert spec["title"] == {
        "text": ["Totalindex"],
        "subtitle": ["Lägre är bättre", "Index 0–6", "0 = inget problem, 6 = mycket stort"],
    }
    assert line["encoding"]["x"]["field"] == "år"
    assert line["encoding"]["x"]["type"] == "ordinal"
    assert line["encoding"]["y"]["field"] == "värde"
    assert line["encoding"]["y"]["title"] is None  # the subtitle names the unit
    assert line["encoding"]["color"]["field"] == "område"
    assert line["encoding"]["color"]["scale"]["domain"] == ["Hela kommunen", "Centrum"]
    assert {t["title"] for t in line["encoding"]["tooltip"]} == {
        "År",
        "Område",
        "Värde",
        "Antal svar",
    }
    points = data_of(spec, line)
    assert {(p["område"], p["år"]) for p in points} == {
        (area, year) for area in ("Hela kommunen", "Centrum") for year in range(2020, 2024)
    }
    # The latest value of each line is written by its last point, in Swedish: above the
    # highest line's, below the others' (value_label_sides), except where the target is in
    # the way: Hela kommunen ends at 1,82, just over the target 1,8, so its number goes above.
    assert [(p["område"], p["år"]) for p in data_of(spec, above)] == [
        ("Hela kommunen", 2023),
        ("Centrum", 2023),
    ]
    assert data_of(spec, below) == []
    without_target = build_indicator_chart(
        sample_values(), GOAL.model_copy(update={"target_value": None})
    ).to_dict()
    *_, above_only, _, below_only, _ = without_target["layer"]
    assert [p["område"] for p in data_of(without_target, above_only)] == ["Centrum"]
    assert [p["område"] for p in data_of(without_target, below_only)] == ["Hela kommunen"]
    assert above["mark"]["dy"] < 0 < below["mark"]["dy"]
    assert above["encoding"]["text"]["format"] == ",.2~f"
    assert rule["encoding"]["y"]["field"] == "målvärde"
    assert rule["mark"]["strokeDash"] == [8, 5]
    assert data_of(spec, rule) == [{"målvärde": 1.8, "mål": "Mål 2025: 1,8"}]
    assert label["encoding"]["text"]["field"] == "mål"
    assert label["mark"]["baseline"] == "top"  # below the rule, away from the higher baseline
    assert baseline["mark"]["shape"] == "diamond"
    assert baseline["mark"]["filled"] is False
    assert data_of(spec, baseline) == [{"år": 2020, "värde": 1.95, "mark": "Basvärde 2020"}]
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["height"] == HEIGHT


def test_the_compact_chart_is_lower_and_leaves_out_the_value_labels() -> None:
    spec = build_indicator_chart(sample_values(), GOAL, compact=True).to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == [
        "line",
        "rule",
        "text",
        "text",
        "point",
    ]
    assert spec["height"] == COMPACT_HEIGHT
    assert spec["config"]["title"]["fontSize"] < 22


def test_the_target_words_go_above_the_rule_when_the_baseline_is_below() -> None:
    higher = GOAL.model_copy(update={"baseline_value": 1.5, "target_value": 1.8})
    label = build_indicator_chart(sample_values(), higher).to_dict()["layer"][3]
    assert label["mark"]["baseline"] == "bottom"


def test_indicator_chart_without_goal_states_the_direction() -> None:
    trygg = [v for v in sample_values() if v.indicator == "Trygg ute sent en kväll"]
    spec = build_indicator_chart(trygg).to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["line", *["text"] * 4]
    assert spec["title"]["subtitle"] == ["Högre är bättre", "Andel (%)"]


def test_a_long_indicator_name_wraps_for_a_phone() -> None:
    name = "Polisen bryr sig om de lokala problemen i mitt bostadsområde"
    values = [v.model_copy(update={"indicator": name}) for v in sample_values()[:2]]
    title = build_indicator_chart(values).to_dict()["title"]["text"]
    assert len(title) > 1
    assert " ".join(title) == name
    assert all(len(line) <= 32 for line in title)


def test_a_missing_value_is_left_out_of_the_line_not_drawn_as_zero() -> None:
    values = [
        SurveyValue(
            kommun="Eslöv",
            area="Hela kommunen",
            year=year,
            indicator="Totalindex",
            unit=Unit.INDEX_0_6,
            value=value,
        )
        for year, value in ((2021, 1.9), (2022, None), (2023, 1.8))
    ]
    frame = indicator_frame(values)
    assert frame[["år", "värde"]].to_dict("records") == [
        {"år": 2021, "värde": 1.9},
        {"år": 2023, "värde": 1.8},
    ]


def test_no_values_at_all_draw_an_empty_chart_not_an_error() -> None:
    spec = build_indicator_chart([], GOAL).to_dict()
    assert spec["title"]["text"] == ["Totalindex"]
    assert data_of(spec, spec["layer"][0]) == []


@pytest.mark.parametrize(
    ("direction", "unit", "lines"),
    [
        (
            Direction.LOWER,
            Unit.INDEX_0_6,
            ["Lägre är bättre", "Index 0–6", "0 = inget problem, 6 = mycket stort"],
        ),
        (Direction.HIGHER, Unit.PROCENT, ["Högre är bättre", "Andel (%)"]),
        (Direction.LOWER, Unit.PER_100000_INV, ["Lägre är bättre", "Per 100 000 invånare"]),
        (None, Unit.ANTAL, ["Bättre riktning ej angiven", "Antal"]),
        (None, None, ["Bättre riktning ej angiven"]),
    ],
)
def test_the_subtitle_says_the_better_way_and_the_unit(
    direction: Direction | None, unit: Unit | None, lines: list[str]
) -> None:
    assert subtitle_lines(direction, unit) == lines


@pytest.mark.parametrize(
    ("number", "text"),
    [(1.8, "1,8"), (59.0, "59"), (2.0, "2"), (1.956, "1,96"), (-0.5, "−0,5"), (0.0, "0")],
)
def test_numbers_we_write_into_a_chart_are_swedish(number: float, text: str) -> None:
    assert swedish_number(number) == text


@pytest.mark.parametrize(
    ("latest", "target", "above"),
    [
        # Two lines: the higher one's number above, the lower one's below.
        ({"Hela kommunen": 2.12, "Arlöv": 2.44}, None, {"Hela kommunen": False, "Arlöv": True}),
        # The target right under the lower line's last point: its number goes above instead.
        ({"Hela kommunen": 2.12, "Arlöv": 2.44}, 2.0, {"Hela kommunen": True, "Arlöv": True}),
        # …unless the higher line ends just above it too: then it stays below (on its halo).
        ({"Hela kommunen": 2.12, "Arlöv": 2.2}, 2.0, {"Hela kommunen": False, "Arlöv": True}),
        # The target just above the highest line's point: its number goes below.
        ({"Hela kommunen": 59.4, "Arlöv": 54.1}, 60.0, {"Hela kommunen": False, "Arlöv": False}),
        # Far from the target, nothing moves.
        ({"Hela kommunen": 59.4, "Arlöv": 54.1}, 65.0, {"Hela kommunen": True, "Arlöv": False}),
        # The target above the lower point is not in the way of a number written below it.
        ({"Hela kommunen": 1.79, "Arlöv": 2.05}, 1.8, {"Hela kommunen": False, "Arlöv": True}),
        ({"Hela kommunen": 1.5}, 1.45, {"Hela kommunen": True}),
        ({"Hela kommunen": 1.5}, 1.55, {"Hela kommunen": False}),
        ({}, 2.0, {}),
    ],
)  # fmt: skip
def test_value_labels_keep_off_the_target_line(
    latest: dict[str, float], target: float | None, above: dict[str, bool]
) -> None:
    span = max([*latest.values(), *([target] if target else [])], default=0) - min(
        [*latest.values(), *([target] if target else [])], default=0
    )
    assert value_label_sides(latest, target, max(span, 1.0)) == above
