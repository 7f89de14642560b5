"""Chart builders return data: assert on the Vega-Lite spec."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import vl_convert

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


def make_history_entry(
    *,
    withdrawn: bool = False,
    countable: int = 4,
    done: int = 2,
    at: dt.datetime = dt.datetime(2024, 5, 3, 9, 30),
    upload_id: int = 1,
) -> UploadHistoryEntry:
    upload = Upload(
        id=upload_id,
        file_name=f"plan-{upload_id}.xlsx",
        sha256="0" * 64,
        uploaded_by="Anna",
        uploaded_at=at,
        size=1000,
    )
    batch = ImportBatch(
        id=upload_id, upload_id=upload_id, agreement_id=1, kind=PlanKind.PLAN, rows=4, warnings=0,
        withdrawn=withdrawn,
    )  # fmt: skip
    return UploadHistoryEntry(upload=upload, batch=batch, done=done, countable=countable)


def uploads_at(*times: dt.datetime) -> list[UploadHistoryEntry]:
    return [
        make_history_entry(at=at, upload_id=i, done=i, countable=10)
        for i, at in enumerate(times, start=1)
    ]


def at(day: int, hour: int = 9, minute: int = 0, month: int = 12) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute)


# Several uploads on one day (the usability test's "6 dec 2026" said again and again), a day
# and the next, a week of daily uploads, and the demo's four over five months.
UPLOAD_DAYS = {
    "en-dag": uploads_at(at(6, 9, 10), at(6, 9, 20), at(6, 14, 5)),
    "tva-dagar": uploads_at(at(5, 15), at(6, 9, 10), at(6, 9, 20), at(6, 9, 30)),
    "en-vecka": uploads_at(*(at(d) for d in range(1, 8))),
    "demo": uploads_at(at(10, month=7), at(8, month=9), at(2, month=11), at(1)),
}


@pytest.mark.parametrize("entries", UPLOAD_DAYS.values(), ids=UPLOAD_DAYS.keys())
def test_progress_history_has_one_point_and_one_label_per_day(
    entries: list[UploadHistoryEntry],
) -> None:
    days = sorted({e.upload.uploaded_at.date() for e in entries})
    frame = progress_history_frame(entries)
    assert [ts.date() for ts in frame["uppladdad"]] == days
    last = {e.upload.uploaded_at.date(): e for e in entries}  # the day's last upload counts
    assert frame["andel"].tolist() == [last[d].progress for d in days]
    assert frame["uppladdningar"].sum() == len(entries)
    axis = build_progress_history_chart(entries).to_dict()["encoding"]["x"]["axis"]
    assert [(v["year"], v["month"], v["date"]) for v in axis["values"]] == [
        (d.year, d.month, d.day) for d in days
    ]


@pytest.mark.parametrize("entries", UPLOAD_DAYS.values(), ids=UPLOAD_DAYS.keys())
def test_progress_history_axis_as_drawn_names_each_day_once(
    entries: list[UploadHistoryEntry],
) -> None:
    """Drawn by Vega (vl-convert, as the reports are) at a phone's width: no day said twice."""
    spec = build_progress_history_chart(entries).to_dict()
    spec["width"] = 340
    svg = vl_convert.vegalite_to_svg(spec)
    labels = [t for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg) if "2026" in t]
    assert labels
    assert len(labels) == len(set(labels)), labels
    assert set(labels) <= {f"{d.day} {MONTHS[d.month]} 2026" for d in days_of(entries)}


MONTHS = {7: "jul", 9: "sep", 11: "nov", 12: "dec"}


def days_of(entries: list[UploadHistoryEntry]) -> set[dt.date]:
    return {e.upload.uploaded_at.date() for e in entries}


def test_status_counts_leave_out_zeros() -> None:
    frame = status_counts_frame([make_summary("Droger", done=2, status_missing=3)])
    assert frame[["status", "antal"]].to_dict("records") == [
        {"status": "Genomförd", "antal": 2},
        {"status": "Ej angiven", "antal": 3},
    ]
