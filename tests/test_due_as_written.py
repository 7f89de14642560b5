"""What the plan said about a due date where it says more than the date: one rule for all."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkan.models import Activity


@pytest.mark.parametrize(
    ("due", "due_text", "shown"),
    [
        (dt.date(2026, 11, 22), "v. 47 2026", "v. 47 2026"),
        (dt.date(2026, 11, 22), "2026-11-22", None),  # the date itself says nothing more
        (dt.date(2026, 11, 22), None, None),
        (None, "löpande", "löpande"),
        (None, None, None),
    ],
)
def test_due_as_written(due: dt.date | None, due_text: str | None, shown: str | None) -> None:
    activity = Activity(
        activity_key="1", title="Trygghetsvandring", due=due, due_text=due_text, sheet="Plan", row=2
    )
    assert activity.due_as_written == shown
