"""What changed between two versions of a plan: added, removed, new status, moved due date."""

from __future__ import annotations

from samverkan.models import Activity, ActivityChange, PlanChanges


def compare_plans(before: list[Activity], after: list[Activity]) -> PlanChanges:
    """The differences from `before` to `after`, activities matched by their key, in plan order."""
    old = {a.activity_key: a for a in before}
    new = {a.activity_key: a for a in after}
    status_changed = []
    due_moved = []
    for key, activity in new.items():
        earlier = old.get(key)
        if earlier is None:
            continue
        change = ActivityChange(
            activity_key=key,
            title=activity.title,
            status_before=earlier.status,
            status_after=activity.status,
            due_before=earlier.due,
            due_after=activity.due,
        )
        if earlier.status != activity.status:
            status_changed.append(change)
        if earlier.due != activity.due:
            due_moved.append(change)
    return PlanChanges(
        added=[a for key, a in new.items() if key not in old],
        removed=[a for key, a in old.items() if key not in new],
        status_changed=status_changed,
        due_moved=due_moved,
    )
