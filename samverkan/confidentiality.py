"""Ej offentlig, as a coordinator sets it in the app: what each activity is, and what changed.

An activity is ej offentlig when the file's column says so, unless a coordinator has chosen
otherwise in the app (store_confidential); the app's choice then holds until it is changed
in the app again. Such an activity is shown only to logged-in users and never leaves the
app: every export, report and public page leaves it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from samverkan import store
from samverkan.models import Activity, ConfidentialMark
from samverkan.store_confidential import fetch_confidential_marks


@dataclass(frozen=True)
class ConfidentialityRow:
    """One activity of the current plan, as the ej offentlig table shows it."""

    activity_key: str
    focus_area: str | None
    title: str
    in_file: bool
    confidential: bool
    changed_by: str | None = None
    changed_at: dt.datetime | None = None


def confidentiality_rows(
    activities_as_in_file: Sequence[Activity], marks: Mapping[str, ConfidentialMark]
) -> list[ConfidentialityRow]:
    """The plan's activities with the file's value, the one in force, and who chose it."""
    rows = []
    for activity in activities_as_in_file:
        mark = marks.get(activity.activity_key)
        rows.append(
            ConfidentialityRow(
                activity_key=activity.activity_key,
                focus_area=activity.focus_area,
                title=activity.title,
                in_file=activity.confidential,
                confidential=mark.confidential if mark else activity.confidential,
                changed_by=mark.set_by if mark else None,
                changed_at=mark.set_at if mark else None,
            )
        )
    return rows


def read_confidentiality(con: store.Connection, agreement_id: int) -> list[ConfidentialityRow]:
    """The agreement's current plan as the ej offentlig table shows it (empty before a plan)."""
    activities = store.fetch_current_activities(con, agreement_id, as_in_file=True)
    return confidentiality_rows(activities, fetch_confidential_marks(con, agreement_id))


def changed_choices(
    rows: Sequence[ConfidentialityRow], chosen: Mapping[str, bool]
) -> dict[str, bool]:
    """The chosen values that differ from those in force, by activity key (unknown keys dropped)."""
    in_force = {r.activity_key: r.confidential for r in rows}
    return {
        key: value
        for key, value in chosen.items()
        if key in in_force and in_force[key] != bool(value)
    }


def describe_changes(rows: Sequence[ConfidentialityRow], changes: Mapping[str, bool]) -> str:
    """'Ej offentlig: A3 Trygghetsvandring. Offentlig igen: A2 Nattvandring.' for the log."""
    titles = {r.activity_key: r.title for r in rows}
    parts = []
    for value, label in ((True, "Ej offentlig"), (False, "Offentlig igen")):
        named = [f"{key} {titles.get(key, '')}".strip() for key, v in changes.items() if v is value]
        if named:
            parts.append(f"{label}: {', '.join(named)}.")
    return " ".join(parts)


def summary_sentence(changes: Mapping[str, bool]) -> str:
    """'2 aktiviteter är nu ej offentliga och 1 är offentlig igen.'"""
    hidden = sum(1 for v in changes.values() if v)
    shown = len(changes) - hidden
    parts = []
    if hidden:
        noun = "aktivitet" if hidden == 1 else "aktiviteter"
        parts.append(f"{hidden} {noun} är nu ej offentlig{'' if hidden == 1 else 'a'}")
    if shown:
        noun = "" if hidden else (" aktivitet" if shown == 1 else " aktiviteter")
        parts.append(f"{shown}{noun} är offentlig{'' if shown == 1 else 'a'} igen")
    return " och ".join(parts) + "." if parts else "Inget ändrades."
