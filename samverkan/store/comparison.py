"""Jämförelse's reads: every chosen agreement's figures in a few fixed queries, not one per plan.

fetch_agreement_figures asks the store the same questions Översikt asks for one agreement
(its current plan, the upload that made it, its goals, and each upload's done and planned
for the progress chart), each once for all the agreements at once: six queries whatever
their number (the survey is fetch_survey_values_of, asked by the caller for the kommuner with
goals). The current plan is fetch_current_batch_ids' (the newest plan batch not withdrawn),
the one fetch_current_activities reads for one agreement.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from samverkan.models import (
    NOT_PLANNED,
    Activity,
    AgreementFigures,
    Assessment,
    Party,
    PlanKind,
    ProgressPoint,
    Status,
    StoredAgreement,
    Upload,
)
from samverkan.store.connection import Connection
from samverkan.store.goals import fetch_goals_of
from samverkan.store.uploads import fetch_current_batch_ids, upload_from_row

# What judging an activity reads (metrics.judge_activity, summarize_focus_areas), and what
# names it; the rest of a row (comments, extra columns) no figure on the page uses.
_ACTIVITY_COLUMNS = (
    "activity_key",
    "focus_area",
    "title",
    "party",
    "owner",
    "due",
    "done_on",
    "followup_due",
    "followed_up_on",
    "status",
    "assessment",
    "confidential",
)


def fetch_agreement_figures(
    con: Connection, agreements: Sequence[StoredAgreement]
) -> list[AgreementFigures]:
    """Each agreement's current plan, its upload, goals and progress per upload, in order."""
    ids = [a.id for a in agreements]
    if not ids:
        return []
    batches = fetch_current_batch_ids(con, ids)
    activities = _fetch_activities(con, list(batches.values()))
    uploads = _fetch_uploads(con, list(batches.values()))
    goals = fetch_goals_of(con, ids)
    history = _fetch_progress(con, ids)
    figures = []
    for agreement in agreements:
        batch = batches.get(agreement.id)
        figures.append(
            AgreementFigures(
                agreement=agreement,
                activities=activities.get(batch, []) if batch is not None else [],
                upload=uploads.get(batch) if batch is not None else None,
                goals=goals.get(agreement.id, []),
                history=history.get(agreement.id, []),
            )
        )
    return figures


def _fetch_activities(con: Connection, batch_ids: list[int]) -> dict[int, list[Activity]]:
    """The batches' activities by batch, in the file's order, ej offentlig as chosen in the app."""
    if not batch_ids:
        return {}
    columns = ", ".join(
        'coalesce(m.confidential, s."confidential")' if c == "confidential" else f's."{c}"'
        for c in _ACTIVITY_COLUMNS
    )
    rows = con.execute(
        f"SELECT s.batch_id, {columns} FROM activity_state s"
        # A join on the wanted ids, not a list searched per row: 650,000 rows read once.
        " JOIN (SELECT DISTINCT unnest(?::INTEGER[]) AS id) wanted ON wanted.id = s.batch_id"
        " JOIN import_batch b ON b.id = s.batch_id"
        " LEFT JOIN confidential_mark m"
        " ON m.agreement_id = b.agreement_id AND m.activity_key = s.activity_key"
        ' ORDER BY s.batch_id, s.sheet, s."row"',
        [batch_ids],
    ).fetchall()
    found: dict[int, list[Activity]] = {}
    for row in rows:
        found.setdefault(int(row[0]), []).append(_activity(row[1:]))
    return found


# Every activity starts as a copy of this one with the row's values over it: model_copy is
# twice as fast as model_construct, which walks every field (0.28 s against 0.56 s for the
# 20,000 activities of a national day, most of the cold page's cost).
_BLANK = Activity.model_construct(activity_key="-", title="-", sheet="", row=1, confidential=False)


def _activity(row: Sequence[Any]) -> Activity:
    values = dict(zip(_ACTIVITY_COLUMNS, row, strict=True))
    values["party"] = Party(values["party"]) if values["party"] else None
    values["status"] = Status(values["status"]) if values["status"] else None
    values["assessment"] = Assessment(values["assessment"]) if values["assessment"] else None
    return _BLANK.model_copy(update=values)


def _fetch_uploads(con: Connection, batch_ids: list[int]) -> dict[int, Upload]:
    """The upload that made each batch, by batch id."""
    if not batch_ids:
        return {}
    rows = con.execute(
        "SELECT b.id, u.id, u.file_name, u.sha256, u.uploaded_by, u.uploaded_at, u.size"
        " FROM import_batch b JOIN upload u ON u.id = b.upload_id"
        " WHERE b.id = ANY(?)",
        [batch_ids],
    ).fetchall()
    return {int(r[0]): upload_from_row(r[1:]) for r in rows}


def _fetch_progress(con: Connection, agreement_ids: list[int]) -> dict[int, list[ProgressPoint]]:
    """Each agreement's plan uploads that count (not withdrawn), oldest first, done of planned.

    The same counts as Historik's (history.build_upload_history): Genomförd, and every
    activity but models.NOT_PLANNED's (no status counts as planned).
    """
    rows = con.execute(
        "SELECT b.agreement_id, u.uploaded_at, u.file_name,"
        " count(s.activity_key) FILTER (WHERE s.status = ?),"
        " count(s.activity_key) FILTER (WHERE s.status IS NULL OR NOT (s.status = ANY(?)))"
        " FROM import_batch b JOIN upload u ON u.id = b.upload_id"
        " LEFT JOIN activity_state s ON s.batch_id = b.id"
        " WHERE b.agreement_id = ANY(?) AND b.kind = ? AND NOT b.withdrawn"
        " GROUP BY b.agreement_id, b.id, u.uploaded_at, u.file_name"
        " ORDER BY b.agreement_id, u.uploaded_at, b.id",
        [
            Status.DONE.value,
            [status.value for status in NOT_PLANNED],
            agreement_ids,
            PlanKind.PLAN.value,
        ],
    ).fetchall()
    found: dict[int, list[ProgressPoint]] = {}
    for agreement_id, uploaded_at, file_name, done, countable in rows:
        found.setdefault(int(agreement_id), []).append(
            ProgressPoint(
                uploaded_at=uploaded_at, file_name=file_name, done=done, countable=countable
            )
        )
    return found
