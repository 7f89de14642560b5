"""Pure chart builders: data in, an Altair chart out (tests assert on `to_dict()`).

Colours are the Okabe–Ito palette, safe for colour-blind readers, and every chart carries
the status words in its legend and tooltips, so colour is never the only carrier.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from samverkan.models import STATUS_MISSING_LABEL, FocusAreaSummary, Status

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


def build_status_chart(summaries: list[FocusAreaSummary]) -> alt.Chart:
    """A horizontal stacked bar per focus area: how many activities have each status."""
    frame = status_counts_frame(summaries)
    chart: alt.Chart = (
        alt.Chart(frame, title="Status per fokusområde")
        .mark_bar()
        .encode(
            y=alt.Y(
                "fokusområde:N",
                title=None,
                sort=[s.name for s in summaries],
                axis=alt.Axis(labelLimit=320, labelFontSize=14),
            ),
            x=alt.X("antal:Q", title="Antal aktiviteter", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "status:N",
                title="Status",
                scale=alt.Scale(domain=list(STATUS_ORDER), range=list(STATUS_COLOURS)),
                legend=alt.Legend(orient="bottom", labelFontSize=13, titleFontSize=13),
            ),
            order=alt.Order("ordning:Q"),
            tooltip=[
                alt.Tooltip("fokusområde:N", title="Fokusområde"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("antal:Q", title="Antal"),
            ],
        )
        .properties(height=alt.Step(44))
        .configure_axis(labelFontSize=13, titleFontSize=13)
        .configure_title(fontSize=18, anchor="start")
    )
    return chart
