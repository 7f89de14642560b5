"""The goal table's words: values in Swedish with their unit, bedömning as icon and word."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from samverkan.goal_followup import build_goal_followup
from samverkan.models import Goal, GoalKind, GoalStatus, SurveyValue, Unit
from samverkan.web.goals import (
    GOAL_STATUS_ICONS,
    format_goal_status,
    format_indicator_value,
    goal_table,
)


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (1.79, Unit.INDEX_0_6, "1,79"),
        (2.0, Unit.INDEX_0_6, "2,00"),
        (59.4, Unit.PROCENT, "59,4\u00a0%"),
        (65.0, Unit.PROCENT, "65\u00a0%"),
        (1234.0, Unit.PER_100000_INV, "1\u00a0234"),
        (812.5, Unit.PER_100000_INV, "812,5"),
        (12.0, Unit.ANTAL, "12"),
        (12.0, None, "12"),
        (None, Unit.PROCENT, "–"),
    ],
)
def test_indicator_values_in_swedish(value: float | None, unit: Unit | None, text: str) -> None:
    assert format_indicator_value(value, unit) == text


@pytest.mark.parametrize("status", list(GoalStatus))
def test_every_assessment_is_an_icon_and_a_word(status: GoalStatus) -> None:
    text = format_goal_status(status)
    assert text.startswith(GOAL_STATUS_ICONS[status])
    assert text.endswith(status.value.capitalize())
    assert len(set(GOAL_STATUS_ICONS.values())) == len(GoalStatus)  # a shape for each


def test_the_goal_table_keeps_what_the_coordinator_wrote_as_text() -> None:
    goal = Goal(
        focus_area="Trygghet *i* centrum",
        kind=GoalKind.OUTCOME,
        text="Färre [anmälda] brott",
        indicator="Anmälda brott",
        baseline_year=2020,
        baseline_value=100.0,
        target_value=80.0,
        target_year=2027,
    )
    values = [
        SurveyValue(
            kommun="Burlöv",
            area="Hela kommunen",
            year=year,
            indicator="Anmälda brott",
            unit=Unit.PER_100000_INV,
            value=number,
        )
        for year, number in ((2021, 96.0), (2022, 90.0), (2023, 84.5))
    ]
    table = goal_table(build_goal_followup("Burlöv", [goal], values, deadline_year=2027))
    row = table.iloc[0].to_dict()
    assert row["Mål"] == "Färre \\[anmälda\\] brott"
    assert row["Fokusområde"] == "Trygghet \\*i\\* centrum"
    assert (
        row["Värden"]
        == "Bas\u00a0100\u00a0(2020)  \nSenast\u00a084,5\u00a0(2023)  \nMål\u00a080\u00a0(2027)"
    )
    assert row["Bedömning"].endswith("På\u00a0väg  \n↘ sjunker 5,25 per år – bättre")
    without_area = goal_table(build_goal_followup("Burlöv", [goal], values), show_focus_area=False)
    assert "Fokusområde" not in without_area.columns


def _draw_each_indicator_both_ways() -> None:
    """Every demo indicator, full and compact: st.altair_chart's chart, then the cached spec."""
    import streamlit as st

    from samverkan.charts.indicator import build_indicator_chart
    from samverkan.web.data import load_agreements, load_goal_followup, load_indicator_chart_spec

    for agreement in load_agreements():
        for compact in (False, True):
            for series in load_goal_followup(agreement).indicators:
                goal = series.goals[0] if series.goals else None
                chart = build_indicator_chart(
                    series.values, goal, direction=series.direction, compact=compact
                )
                st.altair_chart(chart, width="stretch")
                st.vega_lite_chart(
                    load_indicator_chart_spec(series, compact=compact), width="stretch"
                )


def test_the_cached_indicator_chart_is_the_one_altair_chart_sends(demo_store: Path) -> None:
    app = AppTest.from_function(_draw_each_indicator_both_ways, default_timeout=60)
    for _ in range(2):  # the first run builds each spec, the second takes it from the cache
        app.run()
        assert not app.exception
        charts = app.get("vega_lite_chart")
        assert len(charts) >= 8
        for drawn, cached in zip(charts[::2], charts[1::2], strict=True):
            assert cached.proto == drawn.proto
            assert cached.proto.datasets  # the data goes as Arrow beside the spec, not in it
