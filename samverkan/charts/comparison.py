"""Jämförelse's small multiples: each agreement's progress over its uploads, one panel each.

Parts:
- comparison_label: "Burlöv 2025–2027", the LPO added where two panels would share a name
- comparison_progress_frame: one row per agreement and upload day (the day's last upload, as
  on Historik)
- build_comparison_chart: the panels in the table's order, MAX_PANELS at most
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import altair as alt
import pandas as pd

from samverkan.charts.plan import swedish_config
from samverkan.models import ComparisonRow

# More panels than this are no longer read one by one; the page says how many it leaves out.
MAX_PANELS = 24
PANEL_COLUMNS = 4


def comparison_label(row: ComparisonRow, rows: list[ComparisonRow]) -> str:
    """'Burlöv 2025–2027', or 'Burlöv 2025–2027 (LPO Kävlinge)' when another row has that name."""
    agreement = row.agreement
    plain = f"{agreement.kommun} {agreement.period_label}"
    twins = Counter(f"{r.agreement.kommun} {r.agreement.period_label}" for r in rows)
    if twins[plain] > 1 and agreement.lpo:
        return f"{plain} (LPO {agreement.lpo})"
    return plain


def comparison_progress_frame(rows: list[ComparisonRow]) -> pd.DataFrame:
    """One row per panel and upload day: the share done in that day's last upload."""
    records = []
    for row in rows[:MAX_PANELS]:
        label = comparison_label(row, rows)
        days: dict[dt.date, dict[str, object]] = {}
        for point in sorted(row.history, key=lambda p: p.uploaded_at):
            if point.progress is None:
                continue
            day = point.uploaded_at.date()
            days[day] = {
                "överenskommelse": label,
                "uppladdad": pd.Timestamp(day),
                "andel": point.progress,
                "genomförda": point.done,
                "planerade": point.countable,
                "fil": point.file_name,
            }
        records += list(days.values())
    columns = ["överenskommelse", "uppladdad", "andel", "genomförda", "planerade", "fil"]
    return pd.DataFrame(records, columns=columns)


def build_comparison_chart(rows: list[ComparisonRow], *, columns: int = PANEL_COLUMNS) -> alt.Chart:
    """Genomfört av planerat at each upload day, a small panel per agreement, shared axes.

    `columns` panels a line: four in a wide main column, one on a phone.
    """
    frame = comparison_progress_frame(rows)
    order = [comparison_label(r, rows) for r in rows[:MAX_PANELS]]
    chart: alt.Chart = (
        alt.Chart(frame, title=alt.Title("Genomfört av planerat", subtitle="vid varje uppladdning"))
        .mark_line(point=alt.OverlayMarkDef(size=50, filled=True), strokeWidth=2, color="#0072B2")
        .encode(
            x=alt.X(
                "uppladdad:T",
                title=None,
                axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=3, labelOverlap="greedy"),
            ),
            y=alt.Y(
                "andel:Q",
                title=None,
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format=".0%", tickCount=3),
            ),
            facet=alt.Facet(
                "överenskommelse:N",
                title=None,
                sort=order,
                columns=columns,
                header=alt.Header(labelFontSize=15, labelAnchor="start", labelColor="#31333F"),
            ),
            tooltip=[
                alt.Tooltip("överenskommelse:N", title="Överenskommelse"),
                alt.Tooltip("uppladdad:T", title="Uppladdad", format="%-d %B %Y (v. %V)"),
                alt.Tooltip("andel:Q", title="Genomfört", format=".0%"),
                alt.Tooltip("genomförda:Q", title="Genomförda"),
                alt.Tooltip("planerade:Q", title="Planerade"),
                alt.Tooltip("fil:N", title="Fil"),
            ],
        )
        .properties(width=190, height=110)
    )
    return swedish_config(chart)
