"""Mötesläge's tables and charts: fewer columns that fit, the same words, no text under 20 px."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest

from samverkan.charts.indicator import build_indicator_chart
from samverkan.charts.plan import build_status_chart
from samverkan.meeting_agenda import text_lines
from samverkan.models import (
    Activity,
    ActivityView,
    Assessment,
    Goal,
    GoalKind,
    OwnerCommitments,
    Party,
    PartyCommitments,
    Status,
)
from samverkan.web.meeting_mode import (
    ACTIVITY_WIDTHS,
    DUE_COLUMN,
    GOAL_WIDTHS,
    LATE_WIDTHS,
    column_chars,
    meeting_activity_table,
    meeting_late_table,
)
from samverkan.web.tables import late_table
from tests.charts.test_indicator import sample_values
from tests.charts.test_plan import make_summary

DAY = dt.date(2026, 12, 7)


def make_view(**overrides: Any) -> ActivityView:
    values: dict[str, Any] = {
        "activity_key": "A1",
        "focus_area": "Trygghet",
        "title": "Trygghetsvandring",
        "sheet": "Plan",
        "row": 2,
        "status": Status.IN_PROGRESS,
        "owner": "Kommunpolis",
        "party": Party.POLIS,
        "due": dt.date(2026, 11, 25),
        "assessment": Assessment.GREEN,
    }
    values.update(overrides)
    activity = Activity(**values)
    late = activity.due is not None and activity.due < DAY
    return ActivityView(activity=activity, overdue=late, followup_missing=False)


@pytest.mark.parametrize("widths", [ACTIVITY_WIDTHS, LATE_WIDTHS, GOAL_WIDTHS])
def test_each_table_fills_the_width_and_each_column_holds_its_heading(
    widths: dict[str, int],
) -> None:
    assert sum(widths.values()) == 100
    chars = column_chars(widths)
    assert all(text_lines(column, chars[column]) == 1 for column in widths)


def test_an_activity_keeps_its_marks_and_its_delay_goes_under_its_date() -> None:
    views = [
        make_view(confidential=True, citizen_promise="Ja", comment="Två pass återstår"),
        make_view(activity_key="A2", title="Klottersanering", due=dt.date(2027, 1, 1)),
    ]
    frame = meeting_activity_table(views, DAY)
    assert list(frame.columns) == list(ACTIVITY_WIDTHS)
    first = frame.iloc[0]
    # Ej offentlig is shown as on Fokusområde, with its lock: the meeting is inside the app.
    assert ":material/lock: *ej offentlig*" in first["Aktivitet"]
    assert "medborgarlöfte" in first["Aktivitet"]
    assert first[DUE_COLUMN].startswith("25 november 2026 (v.\u00a048)  \n")
    assert "12 dagar försenad" in first[DUE_COLUMN]
    assert frame.iloc[1][DUE_COLUMN] == "1 januari 2027 (v.\u00a053)"  # not late: the date


def test_a_plan_without_comments_has_no_comment_column() -> None:
    frame = meeting_activity_table([make_view()], DAY)
    assert "Kommentar" not in frame.columns


def test_late_commitments_say_why_and_how_long_in_one_cell() -> None:
    view = make_view(confidential=True)
    group = PartyCommitments(
        party=Party.POLIS, owners=[OwnerCommitments(owner="Kommunpolis", commitments=[view])]
    )
    frame = meeting_late_table(late_table(group, DAY))
    assert list(frame.columns) == list(LATE_WIDTHS)
    assert ":material/lock: *ej offentlig*" in frame.iloc[0]["Aktivitet"]
    assert frame.iloc[0]["Varför"].endswith("Försenad  \n12 dagar")
    assert "Dagar efter" not in frame.columns  # the days are under the reason


def font_sizes(spec: Any) -> Iterator[tuple[str, float]]:
    """Every font size a Vega-Lite spec sets, wherever it is."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key.lower().endswith("fontsize"):
                yield key, value
            else:
                yield from font_sizes(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from font_sizes(item)


GOAL = Goal(
    kind=GoalKind.OUTCOME,
    text="Problemen ska minska",
    indicator="Totalindex",
    baseline_year=2020,
    baseline_value=1.95,
    target_value=1.8,
    target_year=2025,
)


@pytest.mark.parametrize(
    "spec",
    [
        pytest.param(
            lambda: build_status_chart(
                [make_summary("Droger", activities=3, done=1, in_progress=2)], meeting=True
            ),
            id="status",
        ),
        pytest.param(
            lambda: build_indicator_chart(sample_values(), GOAL, meeting=True), id="indicator"
        ),
    ],
)
def test_the_meetings_charts_have_no_text_under_20_pixels(spec: Any) -> None:
    sizes = list(font_sizes(spec().to_dict()))
    assert sizes  # the sizes are set, not left to Vega's 10 or 11 pixels
    # Each grows with the chart's width from its size at 1280×720: "max(20, round(width …))".
    smallest = [
        re.fullmatch(r"max\((\d+), round\(width \* \d+ / 1150\)\)", s["expr"]) for _, s in sizes
    ]
    assert all(smallest), sizes
    assert min(int(m.group(1)) for m in smallest if m) >= 20, sizes


def test_the_meetings_indicator_chart_has_a_title_line_and_a_subtitle_line() -> None:
    spec = build_indicator_chart(sample_values(), GOAL, meeting=True).to_dict()
    assert spec["title"] == {
        "text": "Totalindex",
        "subtitle": "Lägre är bättre · Index 0–6 · 0 = inget problem, 6 = mycket stort",
    }
    assert "height" not in spec  # the screen's to give: what the step leaves free


def test_the_pages_charts_are_as_before() -> None:
    assert build_indicator_chart(sample_values(), GOAL).to_dict()["height"] == 440
    status = build_status_chart([make_summary("Droger", activities=1, done=1)]).to_dict()
    assert status["height"] == {"step": 64}
    assert status["config"]["axis"]["labelFontSize"] == 15
