"""Chart builders return data: assert on the Vega-Lite spec."""

from __future__ import annotations

import datetime as dt

from samverkan.charts.plan import (
    STATUS_ORDER,
    build_progress_history_chart,
    build_status_chart,
    progress_history_frame,
    status_counts_frame,
)
from samverkan.models import (
    FocusAreaSummary,
    ImportBatch,
    PlanKind,
    Upload,
    UploadHistoryEntry,
)


def make_summary(name: str, **counts: int) -> FocusAreaSummary:
    values = dict.fromkeys(
        ("activities", "done", "overdue", "followup_missing", "standing", "cancelled",
         "in_progress", "not_started", "status_missing"), 0,
    )  # fmt: skip
    values.update(counts)
    return FocusAreaSummary(name=name, progress=None, **values)


def test_status_chart_is_a_stacked_bar_per_focus_area_named_above_it() -> None:
    summaries = [
        make_summary("Droger", activities=3, done=2, in_progress=1),
        make_summary("Våld", activities=1, standing=1),
    ]
    spec = build_status_chart(summaries).to_dict()
    assert spec["title"] == "Status per fokusområde"
    bars, counts, names = spec["layer"]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["y"]["field"] == "fokusområde"
    assert bars["encoding"]["y"]["sort"] == ["Droger", "Våld"]
    assert bars["encoding"]["x"]["field"] == "antal"
    assert bars["encoding"]["color"]["scale"]["domain"] == list(STATUS_ORDER)
    # The legend names only the statuses present, so it stays short on a phone.
    assert bars["encoding"]["color"]["legend"]["values"] == ["Genomförd", "Pågår", "Stående"]
    assert {t["field"] for t in bars["encoding"]["tooltip"]} == {"fokusområde", "status", "antal"}
    assert (counts["mark"]["type"], counts["encoding"]["text"]["field"]) == ("text", "antal")
    assert (names["mark"]["type"], names["encoding"]["text"]["field"]) == ("text", "fokusområde")


def test_every_chart_carries_the_swedish_locale() -> None:
    entry = make_history_entry()
    for chart in (build_status_chart([make_summary("Droger", done=1)]),
                  build_progress_history_chart([entry])):  # fmt: skip
        locale = chart.to_dict()["config"]["locale"]
        assert locale["number"]["decimal"] == ","
        assert locale["number"]["thousands"] == "\u00a0"
        assert locale["time"]["months"][4] == "maj"
        assert locale["time"]["shortMonths"][9] == "okt"


def test_progress_history_is_a_line_over_upload_days_in_percent() -> None:
    spec = build_progress_history_chart([make_history_entry()]).to_dict()
    assert spec["mark"]["type"] == "line"
    assert spec["encoding"]["x"]["field"] == "uppladdad"
    assert spec["encoding"]["x"]["type"] == "temporal"
    assert spec["encoding"]["y"]["axis"]["format"] == ".0%"
    tooltip = {t["field"]: t for t in spec["encoding"]["tooltip"]}
    assert tooltip["uppladdad"]["format"] == "%-d %B %Y (v. %V)"


def test_progress_history_leaves_out_withdrawn_uploads_and_empty_plans() -> None:
    kept = make_history_entry()
    withdrawn = make_history_entry(withdrawn=True)
    empty = make_history_entry(countable=0)
    frame = progress_history_frame([kept, withdrawn, empty])
    assert frame["andel"].tolist() == [0.5]


def make_history_entry(*, withdrawn: bool = False, countable: int = 4) -> UploadHistoryEntry:
    upload = Upload(
        id=1,
        file_name="plan.xlsx",
        sha256="0" * 64,
        uploaded_by="Anna",
        uploaded_at=dt.datetime(2024, 5, 3, 9, 30),
        size=1000,
    )
    batch = ImportBatch(
        id=1, upload_id=1, agreement_id=1, kind=PlanKind.PLAN, rows=4, warnings=0,
        withdrawn=withdrawn,
    )  # fmt: skip
    return UploadHistoryEntry(upload=upload, batch=batch, done=2, countable=countable)


def test_status_counts_leave_out_zeros() -> None:
    frame = status_counts_frame([make_summary("Droger", done=2, status_missing=3)])
    assert frame[["status", "antal"]].to_dict("records") == [
        {"status": "Genomförd", "antal": 2},
        {"status": "Ej angiven", "antal": 3},
    ]
