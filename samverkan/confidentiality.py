"""Ej offentlig, as a coordinator sets it in the app: what each activity is, and what changed.

An activity is ej offentlig when the file's column says so, unless a coordinator has chosen
otherwise in the app (store_confidential); the app's choice then holds until it is changed
in the app again. Such an activity is shown only to logged-in users and never leaves the
app: every export, report and public page leaves it out.

Parts:
- the editor's table: confidentiality_rows, read_confidentiality, changed_choices,
  describe_changes, summary_sentence
- a new plan: carry_over (pure) and carry_confidential_marks (inside the upload's
  transaction). A choice is kept by activity key; without an ID column the key is made from
  focus area and title, so a title edited in the next file would lose it. It follows the
  activity as the changes pair them (changes_since.match_activities); where the pairing is
  uncertain the new activity is kept ej offentlig too; carry_messages tells the coordinator.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from samverkan import store
from samverkan.changes_since import match_activities
from samverkan.models import Activity, CarriedConfidential, CarryKind, ConfidentialMark
from samverkan.store.confidential import fetch_confidential_marks, insert_confidential_marks
from samverkan.swedish import format_count


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
        parts.append(
            format_count(hidden, "aktivitet är nu ej offentlig", "aktiviteter är nu ej offentliga")
        )
    if shown and hidden:  # "… och 1 är offentlig igen"
        parts.append(format_count(shown, "är offentlig igen", "är offentliga igen"))
    elif shown:
        parts.append(
            format_count(shown, "aktivitet är offentlig igen", "aktiviteter är offentliga igen")
        )
    return " och ".join(parts) + "." if parts else "Inget ändrades."


# -- a new plan -------------------------------------------------------------------------------


def carry_over(
    kommun: str,
    before: Sequence[Activity],
    after: Sequence[Activity],
    marks: Mapping[str, ConfidentialMark],
) -> tuple[list[CarriedConfidential], list[ConfidentialMark]]:
    """What becomes of the plan before's ej offentlig choices in the plan after, and the marks
    that keep them (by the new activity's key).

    Only a choice made in the app is carried: the file's own column speaks for its own rows.
    An activity already ej offentlig in the new plan needs no mark and no word.
    """
    hidden = {key for key, mark in marks.items() if mark.confidential}
    if not hidden:
        return [], []
    matching = match_activities(list(before), list(after))
    carried: list[CarriedConfidential] = []
    kept: dict[str, ConfidentialMark] = {}

    def keep(kind: CarryKind, earlier: Activity, later: Activity) -> None:
        mark = marks.get(later.activity_key)
        if later.activity_key in kept or (mark.confidential if mark else later.confidential):
            return
        chosen = marks[earlier.activity_key]
        kept[later.activity_key] = chosen.model_copy(update={"activity_key": later.activity_key})
        carried.append(
            CarriedConfidential(
                kind=kind,
                kommun=kommun,
                earlier_key=earlier.activity_key,
                earlier_title=earlier.title,
                activity_key=later.activity_key,
                title=later.title,
            )
        )

    for earlier, later in matching.pairs:
        if earlier.activity_key in hidden and earlier.activity_key != later.activity_key:
            keep(CarryKind.CARRIED, earlier, later)
    for earlier, later in matching.uncertain:
        if earlier.activity_key in hidden:
            keep(CarryKind.UNCERTAIN, earlier, later)
    looked_at = {e.activity_key for e, _ in matching.uncertain}
    if matching.added:  # a choice is missed only where the new plan has something new
        carried += [
            CarriedConfidential(
                kind=CarryKind.MISSING,
                kommun=kommun,
                earlier_key=earlier.activity_key,
                earlier_title=earlier.title,
            )
            for earlier in matching.removed
            if earlier.activity_key in hidden and earlier.activity_key not in looked_at
        ]
    return carried, list(kept.values())


def carry_confidential_marks(
    con: store.Connection,
    kommun: str,
    agreement_id: int,
    previous_batch_id: int | None,
    activities: list[Activity],
) -> list[CarriedConfidential]:
    """Carry the agreement's ej offentlig choices to a new plan, inside the upload's transaction.

    `previous_batch_id` is the plan that was current before this upload; the agreement's
    choices are looked up only when it has one made in the app, so most uploads cost a query.
    """
    if previous_batch_id is None:
        return []
    marks = fetch_confidential_marks(con, agreement_id)
    if not any(m.confidential for m in marks.values()):
        return []
    before = store.fetch_batch_activities(con, previous_batch_id, as_in_file=True)
    carried, kept = carry_over(kommun, before, activities, marks)
    insert_confidential_marks(con, agreement_id, kept)
    return carried


def carry_messages(carried: Sequence[CarriedConfidential]) -> list[tuple[CarryKind, str]]:
    """What the upload's summary says about each ej offentlig choice, in Swedish."""
    where = "under Överenskommelse → Ej offentliga aktiviteter"
    messages = []
    for c in carried:
        before, now = _quoted(c.earlier_key, c.earlier_title), _quoted(c.activity_key, c.title)
        kommun = f"{c.kommun}: "
        if c.kind is CarryKind.CARRIED:
            text = f"{now} är fortfarande ej offentlig (hette {before} i förra planen)."
        elif c.kind is CarryKind.UNCERTAIN:
            text = (
                f"{now} hålls ej offentlig eftersom den liknar {before}, som var ej offentlig i "
                f"förra planen. Kontrollera {where}; är det en annan aktivitet kan du slå av "
                "Ej offentlig där."
            )
        else:
            text = (
                f"{before} var ej offentlig men finns inte i den nya planen. Har den fått ett "
                f"nytt namn, slå på Ej offentlig för den igen {where}."
            )
        messages.append((c.kind, kommun + text))
    return messages


def _quoted(key: str | None, title: str | None) -> str:
    """'”Nattvandring” (A3)', the key left out where it was made from the title."""
    shown = f"”{title or ''}”"
    return f"{shown} ({key})" if key and not _DERIVED_KEY.fullmatch(key) else shown


_DERIVED_KEY = re.compile(r"K-[0-9A-F]{8}")  # excel.rows.derived_key's shape
