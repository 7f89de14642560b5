"""Pure chart builders for an indicator over the years (trygghetsmätning, nyckeltal).

One line per area (the whole kommun first), the latest value written above each line's last
point, the goal's target as a dashed rule with its words ("Mål 2027: 2"), and the baseline as
an open diamond. The subtitle says which way is better in words and what the unit is, so the
chart reads without colour and without the table beside it. Numbers in Swedish through the
locale of charts.py (decimal comma); text we write ourselves is formatted here the same way.

Parts:
- indicator_frame: the values as rows; a missing value is left out, never drawn as 0
- build_indicator_chart: the chart, full size (Trygghet och mål), compact (Fokusområde), or
  Mötesläge's (no text under 20 pixels, the title and subtitle a line each, as high as the
  screen leaves it)
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any, Literal

import altair as alt
import pandas as pd

from samverkan.charts.plan import MEETING_FONT_SIZE, MEETING_MARK_SIZE, MEETING_TITLE_SIZE
from samverkan.indicators import (
    UNIT_LABELS,
    WHOLE_KOMMUN,
    better_direction,
    goal_direction,
    indicator_key,
)
from samverkan.models import Direction, Goal, SurveyValue, Unit
from samverkan.swedish import VEGA_NUMBER_LOCALE, VEGA_TIME_LOCALE, format_number

# Okabe–Ito, one colour per area (safe for colour-blind readers); the goal is drawn in black.
AREA_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
INK = "#31333F"
INDEX_SCALE = "0 = inget problem, 6 = mycket stort"
# A title longer than this wraps: on a phone the chart is about 350 pixels wide.
TITLE_WIDTH = 32
VALUE_FORMAT = ",.2~f"
# Streamlit fits the whole chart (title, legend, axes) into the height, so it counts them too.
HEIGHT = 440
COMPACT_HEIGHT = 330


def indicator_frame(values: Sequence[SurveyValue]) -> pd.DataFrame:
    """One row per area (the whole kommun first) and year; a missing value is left out, not 0."""
    rows = [
        {
            "år": v.year,
            "område": v.area,
            "värde": v.value,
            "antal svar": v.respondents,
        }
        for v in sorted(values, key=lambda v: (v.area != WHOLE_KOMMUN, v.area, v.year))
        if v.value is not None
    ]
    return pd.DataFrame(rows, columns=["år", "område", "värde", "antal svar"])


def subtitle_lines(direction: Direction | None, unit: Unit | None) -> list[str]:
    """'Lägre är bättre', then the unit ('Index 0–6' and what 0 and 6 mean), short for a phone."""
    lines = [direction.value.capitalize() if direction else "Bättre riktning ej angiven"]
    if unit is Unit.INDEX_0_6:
        lines += [UNIT_LABELS[unit], INDEX_SCALE]
    elif unit is not None:
        lines.append(UNIT_LABELS[unit])
    return lines


def build_indicator_chart(
    values: Sequence[SurveyValue],
    goal: Goal | None = None,
    *,
    direction: Direction | None = None,
    compact: bool = False,
    meeting: bool = False,
) -> alt.LayerChart:
    """An indicator's values over the years, one line per area, with the goal's target and baseline.

    `values` are one indicator's (the goal's, else the first value's; others are left out).
    `compact` is the smaller version shown beside a focus area's goals; `meeting` the one a
    meeting room reads from four metres (compact is then ignored).
    """
    compact = compact and not meeting
    name = goal.indicator if goal is not None and goal.indicator else None
    key = indicator_key(name or (values[0].indicator if values else ""))
    own = [v for v in values if indicator_key(v.indicator) == key]
    title = own[0].indicator if own else (name or "Indikator")
    unit = own[0].unit if own else None
    better = direction or (goal_direction(goal, unit) if goal else better_direction(title, unit))
    frame = indicator_frame(own)
    areas = list(dict.fromkeys(frame["område"]))
    x = alt.X("år:O", title=None, axis=alt.Axis(labelAngle=0))
    area_scale = alt.Scale(domain=areas, range=list(AREA_COLOURS[: max(len(areas), 1)]))
    colour = alt.Color(
        "område:N",
        title=None,
        scale=area_scale,
        legend=alt.Legend(
            orient="bottom", direction="horizontal", symbolSize=320 if meeting else 200
        ),
    )
    line = alt.Chart(frame).encode(
        x=x,
        y=alt.Y(
            "värde:Q",
            title=None,  # the subtitle names the unit, and a phone needs the width
            # Room above and below the lines for the target's words and the value labels.
            scale=alt.Scale(zero=False, nice=True, padding=28),
        ),
        color=colour,
    )
    layers: list[alt.Chart] = [
        line.mark_line(
            point=alt.OverlayMarkDef(size=70 if compact else 110, filled=True),
            strokeWidth=3 if compact else 4,
        ).encode(
            tooltip=[
                alt.Tooltip("år:O", title="År"),
                alt.Tooltip("område:N", title="Område"),
                alt.Tooltip("värde:Q", title="Värde", format=VALUE_FORMAT),
                alt.Tooltip("antal svar:Q", title="Antal svar", format=",d"),
            ],
        )
    ]
    if goal is not None and goal.target_value is not None:
        layers.extend(
            _target_layers(
                goal,
                goal.target_value,
                size=MEETING_FONT_SIZE if meeting else 14 if compact else 16,
            )
        )
    if not compact:
        # The latest value of each line, written above the highest line's last point and
        # below the others', so two lines that end close together keep their numbers apart.
        # Drawn after the target, on a white halo: a number that meets the dashed line or a
        # grid line stays readable.
        latest = frame[frame["år"] == frame.groupby("område")["år"].transform("max")]
        plotted = [*frame["värde"].dropna()]
        plotted += (
            [v for v in (goal.target_value, goal.baseline_value) if v is not None] if goal else []
        )
        above = value_label_sides(
            dict(zip(latest["område"], latest["värde"], strict=True)),
            goal.target_value if goal else None,
            max(plotted, default=0) - min(plotted, default=0),
        )
        on_top = latest["område"].map(above).astype(bool)
        sides: tuple[tuple[pd.DataFrame, int, Literal["bottom", "top"]], ...] = (
            (latest[on_top], -12, "bottom"),
            (latest[~on_top], 12, "top"),
        )
        for part, dy, anchor in sides:
            layers.extend(
                _text_on_halo(
                    alt.Chart(part),
                    {
                        "dy": dy,
                        "baseline": anchor,
                        "fontSize": MEETING_MARK_SIZE if meeting else 17,
                        "fontWeight": "bold",
                    },
                    x=x,
                    y="värde:Q",
                    text=alt.Text("värde:Q", format=VALUE_FORMAT),
                    color=alt.Color("område:N", scale=area_scale, legend=None),
                )
            )
    if goal is not None and goal.baseline_year is not None and goal.baseline_value is not None:
        baseline = pd.DataFrame(
            [
                {
                    "år": goal.baseline_year,
                    "värde": goal.baseline_value,
                    "mark": f"Basvärde {goal.baseline_year}",
                }
            ]
        )
        layers.append(
            alt.Chart(baseline)
            .mark_point(
                shape="diamond",
                size=260 if compact else 420,
                filled=False,
                strokeWidth=3,
                color="#000000",
            )
            .encode(
                x=x,
                y="värde:Q",
                tooltip=[
                    alt.Tooltip("mark:N", title="Basvärde"),
                    alt.Tooltip("värde:Q", title="Värde", format=VALUE_FORMAT),
                ],
            )
        )
    subtitle = subtitle_lines(better, unit)
    # The meeting's chart has the screen's width: a line each, to leave the plot its height;
    # and its height is Streamlit's to set (what the screen leaves free).
    chart = alt.layer(*layers).properties(
        title=alt.TitleParams(
            text=title if meeting else textwrap.wrap(title, TITLE_WIDTH) or [title],
            subtitle=" · ".join(subtitle) if meeting else subtitle,
        ),
        **({} if meeting else {"height": COMPACT_HEIGHT if compact else HEIGHT}),
    )
    size = MEETING_FONT_SIZE if meeting else 14 if compact else 16
    configured: alt.LayerChart = chart.configure(
        locale=alt.Locale(number=VEGA_NUMBER_LOCALE, time=VEGA_TIME_LOCALE),
        axis=alt.AxisConfig(labelFontSize=size, titleFontSize=size, labelColor=INK, titleColor=INK),
        legend=alt.LegendConfig(
            labelFontSize=size,
            titleFontSize=size,
            labelColor=INK,
            titleColor=INK,
            # The meeting's type grows with the screen: no "Hela kom…".
            labelLimit=0 if meeting else alt.Undefined,
        ),
        title=alt.TitleConfig(
            fontSize=MEETING_TITLE_SIZE if meeting else 18 if compact else 22,
            subtitleFontSize=size,
            anchor="start",
            color=INK,
            subtitleColor=INK,
        ),
    )
    return configured


# How far a value label reaches from its point, as a share of the values' span: 32 pixels of
# a plot about 210 high, whose axis (rounded, with padding) spans about 1.5 times the values.
LABEL_REACH = 0.22


def value_label_sides(
    latest: dict[str, float], target: float | None, span: float
) -> dict[str, bool]:
    """Whether each line's latest value is written above its point (True) or below.

    The highest line's above, the others' below, so two lines that end close together keep
    their numbers apart; but a number that would sit on the target's dashed line goes to the
    other side when that side is free of the target and of other lines' last points.
    """
    highest = max(latest.values(), default=0.0)
    reach = LABEL_REACH * span

    def blocked(value: float, up: bool, area: str) -> bool:
        low, high = (value, value + reach) if up else (value - reach, value)
        others = [v for a, v in latest.items() if a != area]
        return any(low <= v <= high for v in [*others, *([target] if target is not None else [])])

    sides = {}
    for area, value in latest.items():
        up = value == highest
        near_target = target is not None and (
            value <= target <= value + reach if up else value - reach <= target <= value
        )
        if near_target and not blocked(value, not up, area):
            up = not up
        sides[area] = up
    return sides


def _target_layers(goal: Goal, target_value: float, *, size: int | alt.ExprRef) -> list[alt.Chart]:
    """The target as a dashed rule, and its words ('Mål 2027: 2') on a halo at the left."""
    label = "Mål" + (f" {goal.target_year}" if goal.target_year else "")
    # The words go on the side of the rule away from the baseline, so they never meet.
    below = goal.baseline_value is not None and goal.baseline_value > target_value
    target = pd.DataFrame(
        [{"målvärde": target_value, "mål": f"{label}: {format_number(target_value)}"}]
    )
    rule = alt.Chart(target).mark_rule(color="#000000", strokeDash=[8, 5], strokeWidth=2)
    words = {
        "align": "left",
        "baseline": "top" if below else "bottom",
        "dx": 4,
        "dy": 4 if below else -4,
        "fontSize": size,
        "fontWeight": "bold",
        "color": "#000000",
    }
    return [
        rule.encode(y="målvärde:Q", tooltip=[alt.Tooltip("mål:N", title="Mål")]),
        *_text_on_halo(alt.Chart(target), words, y="målvärde:Q", text="mål:N", x=alt.value(0)),
    ]


def _text_on_halo(chart: alt.Chart, mark: dict[str, Any], **encoding: Any) -> list[alt.Chart]:
    """The text twice: first in a thick white outline (the halo), then itself on top of it."""
    halo_mark = {**mark, "color": "white", "stroke": "white", "strokeWidth": 8}
    halo_encoding = {k: v for k, v in encoding.items() if k != "color"}
    return [
        chart.mark_text(**halo_mark, strokeJoin="round").encode(**halo_encoding),
        chart.mark_text(**mark).encode(**encoding),
    ]
