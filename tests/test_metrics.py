"""Judging a plan: late, missing follow-up and progress, as DESIGN.md's rules say."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from samverkan.metrics import (
    is_followup_missing,
    is_overdue,
    judge_activity,
    judging_day,
    summarize_focus_areas,
)
from samverkan.models import Activity, Agreement, Assessment, FocusArea, Status

DAY = dt.date(2024, 6, 1)


def make_activity(**overrides: Any) -> Activity:
    values: dict[str, Any] = {
        "activity_key": "A1",
        "focus_area": "Trygghet",
        "title": "Trygghetsvandring",
        "sheet": "Plan",
        "row": 2,
    }
    values.update(overrides)
    return Activity(**values)


@pytest.mark.parametrize(
    ("due", "status", "late"),
    [
        (dt.date(2024, 5, 31), Status.IN_PROGRESS, True),
        (dt.date(2024, 5, 31), Status.NOT_STARTED, True),
        (dt.date(2024, 5, 31), None, True),  # unreported is never done
        (dt.date(2024, 5, 31), Status.DONE, False),
        (dt.date(2024, 5, 31), Status.STANDING, False),
        (dt.date(2024, 5, 31), Status.CANCELLED, False),
        (dt.date(2024, 6, 1), Status.IN_PROGRESS, False),  # due today is not late yet
        (None, Status.IN_PROGRESS, False),
    ],
)
def test_overdue(due: dt.date | None, status: Status | None, late: bool) -> None:
    assert is_overdue(make_activity(due=due, status=status), DAY) is late


@pytest.mark.parametrize(
    ("status", "followup_due", "followed_up_on", "missing"),
    [
        (Status.DONE, dt.date(2024, 5, 1), None, True),
        (Status.DONE, dt.date(2024, 5, 1), dt.date(2024, 5, 2), False),
        (Status.DONE, dt.date(2024, 6, 1), None, False),
        (Status.DONE, None, None, False),
        (Status.IN_PROGRESS, dt.date(2024, 5, 1), None, False),
    ],
)
def test_followup_missing(
    status: Status, followup_due: dt.date | None, followed_up_on: dt.date | None, missing: bool
) -> None:
    activity = make_activity(
        status=status, followup_due=followup_due, followed_up_on=followed_up_on
    )
    assert is_followup_missing(activity, DAY) is missing


def test_days_late() -> None:
    view = judge_activity(make_activity(due=dt.date(2024, 5, 22), status=Status.IN_PROGRESS), DAY)
    assert view.days_late == 10


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(dt.date(2023, 3, 1), dt.date(2023, 3, 1)), (dt.date(2030, 1, 1), dt.date(2024, 12, 31))],
)
def test_judging_day_never_after_the_agreements_end(as_of: dt.date, expected: dt.date) -> None:
    agreement = Agreement(
        kommun="Lund", period_start=dt.date(2023, 1, 1), period_end=dt.date(2024, 12, 31)
    )
    assert judging_day(agreement, as_of) == expected


def test_progress_leaves_out_cancelled_and_standing() -> None:
    statuses = [
        Status.DONE,
        Status.DONE,
        Status.IN_PROGRESS,
        Status.STANDING,
        Status.CANCELLED,
        None,
    ]
    views = [
        judge_activity(make_activity(activity_key=str(i), status=s), DAY)
        for i, s in enumerate(statuses)
    ]
    (summary,) = summarize_focus_areas(views)
    assert summary.progress == pytest.approx(2 / 4)
    assert (summary.activities, summary.done, summary.standing, summary.cancelled) == (6, 2, 1, 1)
    assert summary.status_missing == 1


def test_focus_areas_in_agreement_order_then_as_met() -> None:
    views = [
        judge_activity(
            make_activity(activity_key="1", focus_area="B", assessment=Assessment.RED), DAY
        ),
        judge_activity(make_activity(activity_key="2", focus_area="C"), DAY),
        judge_activity(make_activity(activity_key="3", focus_area="A"), DAY),
    ]
    summaries = summarize_focus_areas(views, [FocusArea(name="A"), FocusArea(name="B")])
    assert [s.name for s in summaries] == ["A", "B", "C"]
    assert summaries[1].assessments == {"Röd": 1}


def test_only_standing_has_no_progress() -> None:
    views = [judge_activity(make_activity(status=Status.STANDING), DAY)]
    assert summarize_focus_areas(views)[0].progress is None
