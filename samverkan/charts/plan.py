"""Pure chart builders: data in, an Altair chart out (tests assert on `to_dict()`).

Colours are the Okabe–Ito palette, safe for colour-blind readers, and every chart carries
the status words in its legend and tooltips, so colour is never the only carrier. Every
chart carries Vega-Lite's Swedish locale in its config (decimal comma, Swedish month names):
Streamlit passes a chart's config to Vega but drops vega-embed's formatLocale options. The
locale is built in samverkan/swedish.py from the marks pages and reports write with.

Parts:
- status per focus area: status_counts_frame, build_status_chart
- progress over the uploads: progress_history_frame, build_progress_history_chart
- swedish_config: the locale and the projector-sized fonts every chart gets (Mötesläge's
  larger still: MEETING_MIN_SIZE pixels and up)

An indicator over the years (target and baseline) is in charts/indicator.py.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TypeVar

import altair as alt
import pandas as pd

from samverkan.models import (
    STATUS_MISSING_LABEL,
    FocusAreaSummary,
    Status,
    UploadHistoryEntry,
)
from samverkan.swedish import VEGA_NUMBER_LOCALE, VEGA_TIME_LOCALE

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
# Mötesläge's chart type, read from four metres: no text under 20 pixels, titles larger; and
# as the page's type grows with the screen (1920×1080 shows 1280×720 half as large again), so
# does the chart's: each size is the larger of its pixels and its share of the plot's width
# (`width`, 1 150 pixels at 1280×720).
MEETING_MIN_SIZE = 20


def meeting_size(pixels: int) -> alt.ExprRef:
    """A font size of `pixels` at 1280×720 that grows with the chart's width, never smaller."""
    return alt.ExprRef(expr=f"max({pixels}, round(width * {pixels} / 1150))")


MEETING_FONT_SIZE = meeting_size(MEETING_MIN_SIZE)
MEETING_MARK_SIZE = meeting_size(22)
MEETING_TITLE_SIZE = meeting_size(26)


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


def build_status_chart(
    summaries: list[FocusAreaSummary], *, meeting: bool = False
) -> alt.LayerChart:
    """A stacked bar per focus area of how many activities have each status, named above it.

    The name sits above its bar rather than on an axis beside it, so the bars keep their width
    on a phone; each segment carries its count, and the legend lists only the statuses present.
    `meeting` is Mötesläge's version: every text at least MEETING_MIN_SIZE pixels, the
    legend on one line, and the height left to the screen (the chart fills what is free).
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
            # In the meeting the title says it ("Antal aktiviteter per status …"): the bands
            # keep the height for the names above the bars.
            title=None if meeting else "Antal aktiviteter",
            stack="zero",
            axis=alt.Axis(tickMinStep=1, format="d"),
        ),
        color=alt.Color(
            "status:N",
            title=None if meeting else "Status",
            scale=alt.Scale(domain=list(STATUS_ORDER), range=list(STATUS_COLOURS)),
            legend=alt.Legend(
                orient="bottom",
                values=present,
                columns=len(STATUS_ORDER) if meeting else 3,
                symbolSize=400 if meeting else 240,
            ),
        ),
        order=alt.Order("ordning:Q"),
        tooltip=[
            alt.Tooltip("fokusområde:N", title="Fokusområde"),
            alt.Tooltip("status:N", title="Status"),
            alt.Tooltip("antal:Q", title="Antal"),
        ],
    )
    counts = base.mark_text(
        dx=-8, align="right", fontSize=MEETING_MARK_SIZE if meeting else 16, fontWeight="bold"
    ).encode(
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
        .mark_text(
            align="left",
            baseline="bottom",
            dy=-6 if meeting else -18,
            fontSize=MEETING_MARK_SIZE if meeting else 17,
            color="#1a1a1a",
        )
        .encode(
            # In the meeting the bands grow with the screen and the type with it: the name
            # stands on its bar's top edge (the band's start) rather than above its middle.
            y=alt.Y(
                "fokusområde:N",
                sort=[s.name for s in summaries],
                axis=None,
                bandPosition=0 if meeting else alt.Undefined,
            ),
            x=alt.datum(0),
            text="fokusområde:N",
        )
    )
    chart = alt.LayerChart(
        layer=[bars, counts, names],
        title="Antal aktiviteter per status och fokusområde"
        if meeting
        else "Status per fokusområde",
        # In the meeting the bars share the height the screen leaves (the spec's height is
        # Streamlit's to set); elsewhere each focus area gets its own band.
        height=alt.Undefined if meeting else alt.Step(64),
    )
    return swedish_config(chart, meeting=meeting)


def progress_history_frame(entries: list[UploadHistoryEntry]) -> pd.DataFrame:
    """One row per day with an upload that counts: the share done in that day's last upload.

    Several uploads on one day (a file corrected and sent again) are one point: the plan as it
    stood when the day ended, and how many uploads the day had.
    """
    days: dict[dt.date, dict[str, object]] = {}
    uploads: Counter[dt.date] = Counter()
    counted = [e for e in entries if e.progress is not None and not e.batch.withdrawn]
    for entry in sorted(counted, key=lambda e: e.upload.uploaded_at):
        day = entry.upload.uploaded_at.date()
        uploads[day] += 1
        days[day] = {
            "uppladdad": pd.Timestamp(day),  # midnight, local: Vega-Lite reads it as the day
            "andel": entry.progress,
            "genomförda": entry.done,
            "planerade": entry.countable,
            "fil": entry.upload.file_name,
            "uppladdningar": uploads[day],
        }
    columns = ["uppladdad", "andel", "genomförda", "planerade", "fil", "uppladdningar"]
    return pd.DataFrame(list(days.values()), columns=columns)


def build_progress_history_chart(entries: list[UploadHistoryEntry]) -> alt.Chart:
    """Genomfört av planerat at each day with an upload: is the plan moving between meetings?

    The axis labels the upload days themselves, each once (Vega's own ticks fall every few
    hours when the uploads span a day or two, and each then read "6 dec 2026").
    """
    frame = progress_history_frame(entries)
    days = [ts.date() for ts in frame["uppladdad"]]
    chart: alt.Chart = (
        alt.Chart(frame, title="Genomfört av planerat")
        .mark_line(point=alt.OverlayMarkDef(size=120, filled=True), strokeWidth=3, color="#0072B2")
        .encode(
            x=alt.X(
                "uppladdad:T",
                title=None,
                scale=alt.Scale(domain=_padded_days(days)),
                axis=alt.Axis(
                    values=[_vega_day(d) for d in days],
                    format="%-d %b %Y",
                    labelAngle=0,
                    labelOverlap="greedy",
                ),
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
                alt.Tooltip("uppladdningar:Q", title="Uppladdningar den dagen"),
            ],
        )
        .properties(height=320)
    )
    return swedish_config(chart)


def _padded_days(days: list[dt.date]) -> list[alt.DateTime]:
    """The axis from a little before the first day to a little after the last (one day at least),
    so one day alone, or the first and last, are not drawn on the edge."""
    if not days:
        return []
    first, last = min(days), max(days)
    pad = dt.timedelta(days=max(1, round((last - first).days * 0.04)))
    return [_vega_day(first - pad), _vega_day(last + pad)]


def _vega_day(day: dt.date) -> alt.DateTime:
    """The day at midnight in the reader's time zone, as the data's days are read."""
    return alt.DateTime(year=day.year, month=day.month, date=day.day)


def swedish_config(chart: ChartT, *, meeting: bool = False) -> ChartT:
    """The Swedish locale and fonts readable from the back of a room, set in one config.

    One `configure` call: Altair replaces the whole config on `configure(...)`, so a later
    call would drop the locale set by an earlier one. `meeting`: Mötesläge's larger type.
    """
    size = MEETING_FONT_SIZE if meeting else 15
    configured: ChartT = chart.configure(
        locale=alt.Locale(number=VEGA_NUMBER_LOCALE, time=VEGA_TIME_LOCALE),
        axis=alt.AxisConfig(
            labelFontSize=size, titleFontSize=size, labelColor="#31333F", titleColor="#31333F"
        ),
        legend=alt.LegendConfig(
            labelFontSize=size,
            titleFontSize=size,
            labelColor="#31333F",
            titleColor="#31333F",
            labelLimit=0 if meeting else alt.Undefined,  # the type grows: no "Pågå…"
        ),
        title=alt.TitleConfig(
            fontSize=MEETING_TITLE_SIZE if meeting else 20, anchor="start", color="#31333F"
        ),
    )
    return configured
