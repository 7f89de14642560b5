"""Pure chart builders: data in, an Altair chart out (tests assert on `to_dict()`).

Colours are the Okabe–Ito palette, safe for colour-blind readers, and every chart carries
the status words in its legend and tooltips, so colour is never the only carrier. Every
chart carries Vega-Lite's Swedish locale in its config (decimal comma, Swedish month names):
Streamlit passes a chart's config to Vega but drops vega-embed's formatLocale options.

Parts:
- status per focus area: status_counts_frame, build_status_chart
- progress over the uploads: progress_history_frame, build_progress_history_chart
- swedish_config: the locale and the projector-sized fonts every chart gets
- an indicator over the years: indicator_frame, build_indicator_chart (target and baseline)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import altair as alt
import pandas as pd

from samverkan.indicators import (
    UNIT_LABELS,
    WHOLE_KOMMUN,
    better_direction,
    goal_direction,
    indicator_key,
)
from samverkan.models import (
    STATUS_MISSING_LABEL,
    Direction,
    FocusAreaSummary,
    Goal,
    Status,
    SurveyValue,
    UploadHistoryEntry,
)

ChartT = TypeVar("ChartT", alt.Chart, alt.LayerChart)

STATUS_ORDER = (
    Status.DONE.value,
    Status.IN_PROGRESS.value,
    Status.NOT_STARTED.value,
    STATUS_MISSING_LABEL,
    Status.STANDING.value,
    Status.CANCELLED.value,
)
STATUS_COLOURS = ("#009E73", "#56B4E9", "#E69F00", "#CC79A7", "#999999", "#D0D0D0")

# Vega-Lite's number and time locale for Swedish: decimal comma, space for thousands.
SWEDISH_NUMBER_LOCALE = {
    "decimal": ",",
    "thousands": "\u00a0",
    "grouping": [3],
    "currency": ["", "\u00a0kr"],
    "percent": "\u00a0%",
    "minus": "\u2212",
}
SWEDISH_TIME_LOCALE = {
    "dateTime": "%A %e %B %Y %X",
    "date": "%Y-%m-%d",
    "time": "%H:%M:%S",
    "periods": ["fm", "em"],
    "days": ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
    "shortDays": ["sön", "mån", "tis", "ons", "tor", "fre", "lör"],
    "months": [
        "januari", "februari", "mars", "april", "maj", "juni",
        "juli", "augusti", "september", "oktober", "november", "december",
    ],
    "shortMonths": [
        "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    ],
}  # fmt: skip


def status_counts_frame(summaries: list[FocusAreaSummary]) -> pd.DataFrame:
    """One row per focus area and status with its count (zero counts left out)."""
    rows = []
    for summary in summaries:
        counts = {
            Status.DONE.value: summary.done,
            Status.IN_PROGRESS.value: summary.in_progress,
            Status.NOT_STARTED.value: summary.not_started,
            STATUS_MISSING_LABEL: summary.status_missing,
            Status.STANDING.value: summary.standing,
            Status.CANCELLED.value: summary.cancelled,
        }
        for order, status in enumerate(STATUS_ORDER):
            if counts[status]:
                rows.append(
                    {
                        "fokusområde": summary.name,
                        "status": status,
                        "antal": counts[status],
                        "ordning": order,
                    }
                )
    return pd.DataFrame(rows, columns=["fokusområde", "status", "antal", "ordning"])


def build_status_chart(summaries: list[FocusAreaSummary]) -> alt.LayerChart:
    """A stacked bar per focus area of how many activities have each status, named above it.

    The name sits above its bar rather than on an axis beside it, so the bars keep their width
    on a phone; each segment carries its count, and the legend lists only the statuses present.
    """
    frame = status_counts_frame(summaries)
    present = [s for s in STATUS_ORDER if s in set(frame["status"])]
    base = alt.Chart(frame).encode(
        y=alt.Y(
            "fokusområde:N",
            title=None,
            sort=[s.name for s in summaries],
            axis=None,
            scale=alt.Scale(paddingInner=0.55, paddingOuter=0.3),
        ),
    )
    bars = base.mark_bar().encode(
        x=alt.X(
            "antal:Q",
            title="Antal aktiviteter",
            stack="zero",
            axis=alt.Axis(tickMinStep=1, format="d"),
        ),
        color=alt.Color(
            "status:N",
            title="Status",
            scale=alt.Scale(domain=list(STATUS_ORDER), range=list(STATUS_COLOURS)),
            legend=alt.Legend(orient="bottom", values=present, columns=3, symbolSize=240),
        ),
        order=alt.Order("ordning:Q"),
        tooltip=[
            alt.Tooltip("fokusområde:N", title="Fokusområde"),
            alt.Tooltip("status:N", title="Status"),
            alt.Tooltip("antal:Q", title="Antal"),
        ],
    )
    counts = base.mark_text(dx=-8, align="right", fontSize=16, fontWeight="bold").encode(
        x=alt.X("antal:Q", stack="zero"),
        order=alt.Order("ordning:Q"),
        detail="status:N",
        text=alt.Text("antal:Q", format="d"),
        color=alt.condition(
            alt.FieldOneOfPredicate(field="status", oneOf=[Status.DONE.value]),
            alt.value("white"),
            alt.value("#1a1a1a"),
        ),
    )
    area_names = pd.DataFrame({"fokusområde": [s.name for s in summaries if s.activities]})
    names = (
        alt.Chart(area_names)
        .mark_text(align="left", baseline="bottom", dy=-18, fontSize=17, color="#1a1a1a")
        .encode(
            y=alt.Y("fokusområde:N", sort=[s.name for s in summaries], axis=None),
            x=alt.datum(0),
            text="fokusområde:N",
        )
    )
    chart = alt.LayerChart(
        layer=[bars, counts, names], title="Status per fokusområde", height=alt.Step(64)
    )
    return swedish_config(chart)


def progress_history_frame(entries: list[UploadHistoryEntry]) -> pd.DataFrame:
    """One row per upload that counts: when, the share done, and how many were done of how many."""
    rows = [
        {
            "uppladdad": entry.upload.uploaded_at,
            "andel": entry.progress,
            "genomförda": entry.done,
            "planerade": entry.countable,
            "fil": entry.upload.file_name,
        }
        for entry in entries
        if entry.progress is not None and not entry.batch.withdrawn
    ]
    return pd.DataFrame(rows, columns=["uppladdad", "andel", "genomförda", "planerade", "fil"])


def build_progress_history_chart(entries: list[UploadHistoryEntry]) -> alt.Chart:
    """Genomfört av planerat at each upload: is the plan moving between meetings?"""
    frame = progress_history_frame(entries)
    chart: alt.Chart = (
        alt.Chart(frame, title="Genomfört av planerat")
        .mark_line(point=alt.OverlayMarkDef(size=120, filled=True), strokeWidth=3, color="#0072B2")
        .encode(
            x=alt.X(
                "uppladdad:T",
                title=None,
                axis=alt.Axis(format="%-d %b %Y", labelAngle=0, tickCount=6),
            ),
            y=alt.Y(
                "andel:Q",
                title=None,
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format=".0%"),
            ),
            tooltip=[
                alt.Tooltip("uppladdad:T", title="Uppladdad", format="%-d %B %Y (v. %V)"),
                alt.Tooltip("andel:Q", title="Genomfört", format=".0%"),
                alt.Tooltip("genomförda:Q", title="Genomförda"),
                alt.Tooltip("planerade:Q", title="Planerade"),
                alt.Tooltip("fil:N", title="Fil"),
            ],
        )
        .properties(height=320)
    )
    return swedish_config(chart)


def swedish_config(chart: ChartT) -> ChartT:
    """The Swedish locale and fonts readable from the back of a room, set in one config.

    One `configure` call: Altair replaces the whole config on `configure(...)`, so a later
    call would drop the locale set by an earlier one.
    """
    configured: ChartT = chart.configure(
        locale=alt.Locale(number=SWEDISH_NUMBER_LOCALE, time=SWEDISH_TIME_LOCALE),
        axis=alt.AxisConfig(
            labelFontSize=15, titleFontSize=15, labelColor="#31333F", titleColor="#31333F"
        ),
        legend=alt.LegendConfig(
            labelFontSize=15, titleFontSize=15, labelColor="#31333F", titleColor="#31333F"
        ),
        title=alt.TitleConfig(fontSize=20, anchor="start", color="#31333F"),
    )
    return configured


# -- an indicator over the years (trygghetsmätning, nyckeltal) ---------------------------------

# Okabe–Ito again, one colour per area; the target is drawn in black, dashed.
AREA_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")


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


def build_indicator_chart(
    values: Sequence[SurveyValue], goal: Goal | None = None, *, direction: Direction | None = None
) -> alt.LayerChart:
    """An indicator's values over the years, one line per area, with the goal's target and baseline.

    `values` are one indicator's (the goal's, else the first value's; others are left out).
    The subtitle states the better direction in words and the unit.
    """
    name = goal.indicator if goal is not None and goal.indicator else None
    key = indicator_key(name or (values[0].indicator if values else ""))
    own = [v for v in values if indicator_key(v.indicator) == key]
    title = own[0].indicator if own else (name or "Indikator")
    unit = own[0].unit if own else None
    better = direction or (goal_direction(goal, unit) if goal else better_direction(title, unit))
    subtitle = [better.value.capitalize() if better else "Bättre riktning ej angiven"]
    if unit is not None:
        subtitle.append(UNIT_LABELS[unit])
    frame = indicator_frame(own)
    areas = list(dict.fromkeys(frame["område"]))
    x = alt.X("år:O", title="År", axis=alt.Axis(labelAngle=0))
    layers: list[alt.Chart] = [
        alt.Chart(frame)
        .mark_line(point=alt.OverlayMarkDef(size=90, filled=True), strokeWidth=3)
        .encode(
            x=x,
            y=alt.Y(
                "värde:Q",
                title=UNIT_LABELS[unit] if unit else "Värde",
                scale=alt.Scale(zero=False),
            ),
            color=alt.Color(
                "område:N",
                title="Område",
                scale=alt.Scale(domain=areas, range=list(AREA_COLOURS[: max(len(areas), 1)])),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("år:O", title="År"),
                alt.Tooltip("område:N", title="Område"),
                alt.Tooltip("värde:Q", title="Värde"),
                alt.Tooltip("antal svar:Q", title="Antal svar"),
            ],
        )
    ]
    if goal is not None and goal.target_value is not None:
        label = "Mål" + (f" {goal.target_year}" if goal.target_year else "")
        target = pd.DataFrame([{"målvärde": goal.target_value, "mål": label}])
        rule = alt.Chart(target).mark_rule(color="#000000", strokeDash=[8, 5], strokeWidth=2)
        layers.append(
            rule.encode(
                y="målvärde:Q",
                tooltip=[
                    alt.Tooltip("mål:N", title="Mål"),
                    alt.Tooltip("målvärde:Q", title="Målvärde"),
                ],
            )
        )
        layers.append(
            alt.Chart(target)
            .mark_text(align="left", dx=4, dy=-8, fontSize=14)
            .encode(y="målvärde:Q", text="mål:N", x=alt.value(0))
        )
    if goal is not None and goal.baseline_year is not None and goal.baseline_value is not None:
        baseline = pd.DataFrame(
            [{"år": goal.baseline_year, "värde": goal.baseline_value, "mark": "Basvärde"}]
        )
        layers.append(
            alt.Chart(baseline)
            .mark_point(shape="diamond", size=260, filled=False, strokeWidth=3, color="#000000")
            .encode(
                x=x,
                y="värde:Q",
                tooltip=[
                    alt.Tooltip("mark:N", title=" "),
                    alt.Tooltip("år:O", title="Basår"),
                    alt.Tooltip("värde:Q", title="Basvärde"),
                ],
            )
        )
    chart = alt.layer(*layers).properties(
        title=alt.TitleParams(text=title, subtitle=subtitle), height=320
    )
    configured: alt.LayerChart = chart.configure(
        locale=alt.Locale(number=SWEDISH_NUMBER_LOCALE, time=SWEDISH_TIME_LOCALE),
        axis=alt.AxisConfig(labelFontSize=14, titleFontSize=14),
        legend=alt.LegendConfig(labelFontSize=14, titleFontSize=14),
        title=alt.TitleConfig(fontSize=20, anchor="start", subtitleFontSize=15),
    )
    return configured
