"""Plans in the store: saving an accepted import, and reading an agreement's activities back.

Parts:
- save_import: one transaction for the whole file (the upload, its bytes, every agreement,
  its focus areas, goals, batch and activity states, and the ej offentlig choices carried to
  changed titles), written set-based: a national file of 290 kommuner is one Arrow table per
  table, not 290 rounds of statements
- reading: fetch_current_activities, fetch_batch_activities
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any

import pyarrow as pa

from samverkan.models import (
    Activity,
    Assessment,
    CarriedConfidential,
    ImportBatch,
    ImportReport,
    ImportSummary,
    ParsedAgreement,
    Party,
    PlanKind,
    Status,
    activity_columns,
)
from samverkan.store.agreements import save_plan_agreements, save_plan_focus_areas
from samverkan.store.connection import Connection, arrow_array, insert_table, transaction
from samverkan.store.goals import replace_goals
from samverkan.store.uploads import (
    fetch_current_batch_id,
    fetch_current_batch_ids,
    find_imported,
    insert_batches,
    insert_upload,
)

# Carries an agreement's ej offentlig choices to its new plan, inside the upload's transaction:
# (connection, kommun, agreement id, the plan current before, the new plan's activities).
# Called only for an agreement that had a plan and holds an ej offentlig choice made in the
# app: no other has anything to carry (a national file then costs no query per kommun).
CarryMarks = Callable[
    [Connection, str, int, "int | None", list[Activity]], list[CarriedConfidential]
]

ACTIVITY_COLUMNS = (
    "activity_key",
    "focus_area",
    "title",
    "party",
    "owner",
    "working_group",
    "start",
    "due",
    "due_text",
    "done_on",
    "followup_due",
    "followed_up_on",
    "status",
    "assessment",
    "citizen_promise",
    "confidential",
    "comment",
    "status_text",
    "party_text",
    "assessment_text",
    "extra",
    "sheet",
    "row",
)
_ACTIVITY_SELECT = ", ".join(f's."{c}"' for c in ACTIVITY_COLUMNS)
# The same, with a coordinator's ej offentlig choice (confidential_mark m) over the file's.
_ACTIVITY_SELECT_MARKED = _ACTIVITY_SELECT.replace(
    's."confidential"', 'coalesce(m.confidential, s."confidential")'
)
_ENUM_COLUMNS = frozenset({"party", "status", "assessment"})
_ARROW_TYPES: dict[str, pa.DataType] = {
    "batch_id": pa.int32(),
    "start": pa.date32(),
    "due": pa.date32(),
    "done_on": pa.date32(),
    "followup_due": pa.date32(),
    "followed_up_on": pa.date32(),
    "confidential": pa.bool_(),
    "row": pa.int32(),
}


def save_import(
    con: Connection,
    report: ImportReport,
    original: bytes,
    *,
    uploaded_by: str,
    carry_marks: CarryMarks,
    uploaded_at: dt.datetime | None = None,
) -> ImportSummary:
    """Store an accepted import in one transaction; a file already imported is not stored twice.

    Each agreement's ej offentlig choices follow its activities to the new plan where a title
    changed (`carry_marks`: confidentiality.carry_confidential_marks, passed in since that
    module reads the store); the summary says what became of them. It is required: a save
    that forgot it would leave a renamed ej offentlig activity public.
    """
    if not report.is_accepted:
        raise ValueError("Only an accepted import can be saved.")
    sha = hashlib.sha256(original).hexdigest()
    with transaction(con):
        existing = find_imported(con, sha)
        if existing is not None:
            return existing
        when = uploaded_at or dt.datetime.now().replace(microsecond=0)
        upload_id = insert_upload(con, report.file_name, sha, uploaded_by, when, original)
        batches: list[ImportBatch] = []
        carried: list[CarriedConfidential] = []
        for plans in _rounds(report.agreements):
            saved, marks = _save_plans(con, upload_id, plans, len(report.warnings), carry_marks)
            batches += saved
            carried += marks
    return ImportSummary(upload_id=upload_id, batches=batches, confidential=carried)


def _rounds(plans: Sequence[ParsedAgreement]) -> list[list[ParsedAgreement]]:
    """The file's agreements in order, cut where a kommun comes again.

    A round is written set-based against the store as it was before it; a kommun with two
    plans in one file (two LPOs) may find the agreement its first plan just made, so that
    plan comes a round later, exactly as if each plan were saved in turn.
    """
    rounds: list[list[ParsedAgreement]] = []
    seen: set[str] = set()
    for plan in plans:
        if not rounds or plan.agreement.kommun in seen:
            rounds.append([])
            seen = set()
        rounds[-1].append(plan)
        seen.add(plan.agreement.kommun)
    return rounds


def _save_plans(
    con: Connection,
    upload_id: int,
    plans: Sequence[ParsedAgreement],
    warnings: int,
    carry_marks: CarryMarks,
) -> tuple[list[ImportBatch], list[CarriedConfidential]]:
    """One round: agreements of different kommuner, each statement for all of them at once."""
    agreement_ids = save_plan_agreements(con, [p.agreement for p in plans])
    paired = list(zip(agreement_ids, plans, strict=True))
    save_plan_focus_areas(con, [(i, p.focus_areas) for i, p in paired])
    replace_goals(con, {i: p.goals for i, p in paired if p.goals})
    previous = fetch_current_batch_ids(con, agreement_ids)
    batches = insert_batches(
        con, upload_id, PlanKind.PLAN, [(i, len(p.activities)) for i, p in paired], warnings
    )
    _insert_activities(con, [(b.id, p.activities) for b, p in zip(batches, plans, strict=True)])
    carried: list[CarriedConfidential] = []
    chosen = _with_confidential_choices(con, list(previous))
    for agreement_id, plan in paired:
        if agreement_id in chosen:
            # In the same transaction: a changed title never leaves an ej offentlig activity
            # public, not even for a moment.
            carried += carry_marks(
                con, plan.agreement.kommun, agreement_id, previous[agreement_id], plan.activities
            )
    return batches, carried


def _with_confidential_choices(con: Connection, agreement_ids: list[int]) -> set[int]:
    """The agreements among these with an activity made ej offentlig in the app."""
    if not agreement_ids:
        return set()
    rows = con.execute(
        "SELECT DISTINCT agreement_id FROM confidential_mark"
        " WHERE confidential AND agreement_id = ANY(?)",
        [agreement_ids],
    ).fetchall()
    return {int(r[0]) for r in rows}


def _insert_activities(con: Connection, batches: Sequence[tuple[int, list[Activity]]]) -> None:
    """Every batch's activity states in one statement, through one Arrow table.

    Activities the import read as columns are saved as those columns (no model is built);
    a list of models is turned into columns here.
    """
    held = [_columns_of(listed) for _, listed in batches]
    columns: dict[str, list[Any]] = {
        "batch_id": [batch_id for batch_id, listed in batches for _ in range(len(listed))]
    }
    for name in ACTIVITY_COLUMNS:
        values = [v for batch in held for v in batch[name]]
        if name in _ENUM_COLUMNS:
            values = [v.value if v is not None else None for v in values]
        elif name == "extra":
            values = [json.dumps(v, ensure_ascii=False) if v else None for v in values]
        columns[name] = values
    table = pa.table(
        {
            name: arrow_array(values, _ARROW_TYPES.get(name, pa.string()))
            for name, values in columns.items()
        }
    )
    insert_table(con, "activity_state", table)


def _columns_of(activities: list[Activity]) -> dict[str, list[Any]]:
    """The activities as columns by field: as the import read them, else from the models."""
    held: dict[str, list[Any]] | None = getattr(activities, "columns", None)
    return held if held is not None else activity_columns(activities)


def fetch_current_activities(
    con: Connection, agreement_id: int, *, as_in_file: bool = False
) -> list[Activity]:
    """The activities of the agreement's current plan, in (sheet, row) order."""
    batch_id = fetch_current_batch_id(con, agreement_id)
    if batch_id is None:
        return []
    return fetch_batch_activities(con, batch_id, as_in_file=as_in_file)


def fetch_batch_activities(
    con: Connection, batch_id: int, *, as_in_file: bool = False
) -> list[Activity]:
    """The activities of one batch, in the order the file had them.

    Ej offentlig is the coordinator's choice in the app where one was made for the activity
    (store.confidential), else the file's; `as_in_file` gives the file's alone.
    """
    if as_in_file:
        sql = f"SELECT {_ACTIVITY_SELECT} FROM activity_state s WHERE s.batch_id = ?"
    else:
        sql = (
            f"SELECT {_ACTIVITY_SELECT_MARKED} FROM activity_state s"
            " JOIN import_batch b ON b.id = s.batch_id"
            " LEFT JOIN confidential_mark m"
            " ON m.agreement_id = b.agreement_id AND m.activity_key = s.activity_key"
            " WHERE s.batch_id = ?"
        )
    rows = con.execute(sql + ' ORDER BY s.sheet, s."row"', [batch_id]).fetchall()
    return [_activity(r) for r in rows]


def _activity(row: tuple[Any, ...]) -> Activity:
    values = dict(zip(ACTIVITY_COLUMNS, row, strict=True))
    values["party"] = Party(values["party"]) if values["party"] else None
    values["status"] = Status(values["status"]) if values["status"] else None
    values["assessment"] = Assessment(values["assessment"]) if values["assessment"] else None
    values["extra"] = json.loads(values["extra"]) if values["extra"] else {}
    return Activity.model_construct(**values)
