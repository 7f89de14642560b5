"""The late list for the minutes: what a coordinator wrote stays text, never a formula."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import openpyxl
import pytest

from samverkan.exports.late_list import LATE_COLUMNS, LATE_SHEET, build_late_report
from samverkan.metrics import judge_activity, summarize_focus_areas
from samverkan.models import Activity, Agreement, Party, PlanStatus, Status

DAY = dt.date(2024, 6, 1)
AGREEMENT = Agreement(
    id=1, kommun="Burlöv", lpo="Kävlinge", period_start=dt.date(2024, 1, 1),
    period_end=dt.date(2024, 12, 31),
)  # fmt: skip


def make_activity(key: str, **overrides: Any) -> Activity:
    values: dict[str, Any] = {
        "activity_key": key,
        "focus_area": "Droger",
        "title": f"Aktivitet {key}",
        "party": Party.POLIS,
        "owner": "Kommunpolis",
        "due": dt.date(2024, 5, 1),
        "due_text": "v. 18 2024",
        "status": Status.IN_PROGRESS,
        "sheet": "Plan",
        "row": 2,
    }
    values.update(overrides)
    return Activity(**values)


def make_status(*activities: Activity) -> PlanStatus:
    views = [judge_activity(a, DAY) for a in activities]
    return PlanStatus(
        as_of=DAY, agreement=AGREEMENT, focus_areas=summarize_focus_areas(views), activities=views
    )


def read_rows(data: bytes) -> list[tuple[Any, ...]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook[LATE_SHEET]
    header = [c.value for c in sheet[5]]
    assert header == [title for title, _ in LATE_COLUMNS]
    return [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=6)]


@pytest.mark.parametrize("text", ["=SUM(A1:A9)", "+46 40 123", "-1 dag", "@kommunpolis"])
def test_formula_looking_text_stays_a_string_cell(text: str) -> None:
    data = build_late_report(make_status(make_activity("A1", title=text, comment=text)))
    sheet = openpyxl.load_workbook(io.BytesIO(data))[LATE_SHEET]
    title, comment = sheet.cell(row=6, column=4), sheet.cell(row=6, column=12)
    assert (title.value, title.data_type) == (text, "s")
    assert (comment.value, comment.data_type) == (text, "s")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_rows_by_party_and_owner_most_days_late_first_with_dates_as_dates() -> None:
    status = make_status(
        make_activity("K1", party=Party.KOMMUN, owner="Socialtjänsten", due=dt.date(2024, 5, 20)),
        make_activity("P1", due=dt.date(2024, 5, 25)),
        make_activity("P2", due=dt.date(2024, 4, 1)),
        make_activity("OK", due=dt.date(2024, 7, 1)),
        make_activity(
            "F1", status=Status.DONE, due=dt.date(2024, 3, 1), followup_due=dt.date(2024, 5, 1)
        ),
    )
    rows = read_rows(build_late_report(status))
    assert [(r[0], r[3], r[4], r[8]) for r in rows] == [
        ("Polis", "Aktivitet P2", "Försenad", 61),
        ("Polis", "Aktivitet F1", "Uppföljning saknas", 31),
        ("Polis", "Aktivitet P1", "Försenad", 7),
        ("Kommun", "Aktivitet K1", "Försenad", 12),
    ]
    assert rows[0][5] == dt.datetime(2024, 4, 1)
    assert rows[0][6] == "v. 18 2024"


def test_confidential_activities_never_leave_the_app() -> None:
    secret = make_activity("A2", title="Hemlig insats", confidential=True)
    data = build_late_report(make_status(make_activity("A1"), secret))
    assert [r[3] for r in read_rows(data)] == ["Aktivitet A1"]
    sheet = openpyxl.load_workbook(io.BytesIO(data))[LATE_SHEET]
    every_value = [c.value for row in sheet.iter_rows() for c in row]
    assert "Hemlig insats" not in every_value
    assert "ej offentlig" in str(sheet["A3"].value)


def test_nothing_late_says_so() -> None:
    data = build_late_report(make_status(make_activity("A1", due=dt.date(2024, 9, 1))))
    assert read_rows(data)[0][0] == "Inget är försenat och ingen uppföljning saknas."
