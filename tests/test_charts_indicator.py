"""The indicator chart is data: one line per area over the years, the target, the baseline."""

from __future__ import annotations

from typing import Any

from samverkan.charts import build_indicator_chart, indicator_frame
from samverkan.excel.survey import read_survey
from samverkan.models import Goal, GoalKind, SurveyValue, Unit
from tests.survey_files import SAMPLE_SURVEY


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


def test_indicator_chart_lines_target_and_baseline() -> None:
    spec = build_indicator_chart(sample_values(), GOAL).to_dict()
    line, rule, label, baseline = spec["layer"]
    assert label["encoding"]["text"]["field"] == "mål"
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["line", "rule", "text", "point"]
    assert spec["title"] == {"text": "Totalindex", "subtitle": ["Lägre är bättre", "Index 0–6"]}
    assert line["encoding"]["x"] == {
        "field": "år",
        "type": "ordinal",
        "title": "År",
        "axis": {"labelAngle": 0},
    }
    assert line["encoding"]["y"]["field"] == "värde"
    assert line["encoding"]["y"]["title"] == "Index 0–6"
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
    assert rule["encoding"]["y"]["field"] == "målvärde"
    assert data_of(spec, rule) == [{"målvärde": 1.8, "mål": "Mål 2025"}]
    assert baseline["mark"]["shape"] == "diamond"
    assert data_of(spec, baseline) == [{"år": 2020, "värde": 1.95, "mark": "Basvärde"}]
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_indicator_chart_without_goal_states_the_direction() -> None:
    trygg = [v for v in sample_values() if v.indicator == "Trygg ute sent en kväll"]
    spec = build_indicator_chart(trygg).to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["line"]
    assert spec["title"]["subtitle"] == ["Högre är bättre", "Andel (%)"]


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
