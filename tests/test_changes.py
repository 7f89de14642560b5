"""What changed between two versions of a plan as the reports list it, paired as pages pair."""

from __future__ import annotations

import datetime as dt
from typing import Any

from samverkan.changes_since import compare_plans
from samverkan.models import Activity, Status


def make_activity(key: str, **overrides: Any) -> Activity:
    values: dict[str, Any] = {
        "activity_key": key,
        "title": f"Aktivitet {key}",
        "status": Status.IN_PROGRESS,
        "due": dt.date(2024, 5, 31),
        "sheet": "Plan",
        "row": 2,
    }
    values.update(overrides)
    return Activity(**values)


def test_the_same_plan_changes_nothing() -> None:
    plan = [make_activity("A"), make_activity("B")]
    assert compare_plans(plan, list(plan)).is_empty


def test_added_removed_new_status_and_moved_due_date() -> None:
    before = [make_activity("A"), make_activity("B"), make_activity("C")]
    after = [
        make_activity("A", status=Status.DONE, row=5),  # a new row number is no change
        make_activity("C", due=dt.date(2024, 8, 31)),
        make_activity("D"),
    ]
    changes = compare_plans(before, after)
    assert [a.activity_key for a in changes.added] == ["D"]
    assert [a.activity_key for a in changes.removed] == ["B"]
    [status] = changes.status_changed
    assert (status.activity_key, status.status_before, status.status_after) == (
        "A",
        Status.IN_PROGRESS,
        Status.DONE,
    )
    [moved] = changes.due_moved
    assert (moved.activity_key, moved.due_before, moved.due_after) == (
        "C",
        dt.date(2024, 5, 31),
        dt.date(2024, 8, 31),
    )
    assert not changes.is_empty


def test_a_renamed_activity_keeps_its_identity() -> None:
    changes = compare_plans([make_activity("A")], [make_activity("A", title="Nytt namn")])
    assert changes.is_empty


def test_everything_is_new_against_an_empty_plan() -> None:
    changes = compare_plans([], [make_activity("A"), make_activity("B")])
    assert len(changes.added) == 2
    assert not changes.removed


def test_an_edited_title_without_an_id_is_one_activity_as_on_forandringar() -> None:
    """A plan without IDs: the key comes from focus area and title, so an edit changes it."""
    from samverkan.excel.rows import derived_key

    def plain(title: str, **overrides: Any) -> Activity:
        return make_activity(derived_key("Trygghet", title), title=title, focus_area="Trygghet",
                             **overrides)  # fmt: skip

    before = [plain("Trygghetsvandring i centrum")]
    after = [plain("Trygghetsvandringar i centrum", status=Status.DONE)]
    changes = compare_plans(before, after)
    assert (changes.added, changes.removed) == ([], [])
    [status] = changes.status_changed
    assert (status.title, status.status_after) == ("Trygghetsvandringar i centrum", Status.DONE)
