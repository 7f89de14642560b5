"""Chart builders return data: assert on the Vega-Lite spec."""

from __future__ import annotations

from samverkan.charts import STATUS_ORDER, build_status_chart, status_counts_frame
from samverkan.models import FocusAreaSummary


def make_summary(name: str, **counts: int) -> FocusAreaSummary:
    values = dict.fromkeys(
        ("activities", "done", "overdue", "followup_missing", "standing", "cancelled",
         "in_progress", "not_started", "status_missing"), 0,
    )  # fmt: skip
    values.update(counts)
    return FocusAreaSummary(name=name, progress=None, **values)


def test_status_chart_is_a_stacked_bar_per_focus_area() -> None:
    summaries = [make_summary("Droger", done=2, in_progress=1), make_summary("Våld", standing=1)]
    spec = build_status_chart(summaries).to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["y"]["field"] == "fokusområde"
    assert spec["encoding"]["y"]["sort"] == ["Droger", "Våld"]
    assert spec["encoding"]["x"]["field"] == "antal"
    assert spec["encoding"]["color"]["scale"]["domain"] == list(STATUS_ORDER)
    assert spec["title"] == "Status per fokusområde"
    assert {t["field"] for t in spec["encoding"]["tooltip"]} == {"fokusområde", "status", "antal"}


def test_status_counts_leave_out_zeros() -> None:
    frame = status_counts_frame([make_summary("Droger", done=2, status_missing=3)])
    assert frame[["status", "antal"]].to_dict("records") == [
        {"status": "Genomförd", "antal": 2},
        {"status": "Ej angiven", "antal": 3},
    ]
