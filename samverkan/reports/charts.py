"""Our Altair charts drawn offline for paper: vl-convert renders Vega-Lite with no browser."""

from __future__ import annotations

from typing import Any

import altair as alt
import vl_convert

from samverkan.charts.plan import build_status_chart
from samverkan.models import FocusAreaSummary

# Points wide on an A4 page's text width; the PNG is drawn at twice that for sharp print.
PAPER_WIDTH = 760


def render_chart_png(chart: alt.Chart | alt.LayerChart, width: int = PAPER_WIDTH) -> bytes:
    """The chart as PNG bytes, `width` points wide (Streamlit would stretch it to the screen)."""
    spec: dict[str, Any] = chart.to_dict()
    spec["width"] = width
    spec["background"] = "white"
    return bytes(vl_convert.vegalite_to_png(spec, scale=2))


def render_status_png(summaries: list[FocusAreaSummary]) -> bytes:
    """Status per fokusområde, as on Översikt."""
    return render_chart_png(build_status_chart(summaries))
