"""Agreements and their focus areas in the store: as a plan brings them, as the editor sets them.

Parts:
- reading: fetch_agreements, fetch_agreement, fetch_focus_areas, fetch_agreement_definition
- a plan's upload (inside its transaction, set-based): save_plan_agreements,
  save_plan_focus_areas
- the editor: save_agreement_definition (an agreement with its focus areas and goals, in one
  transaction)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from samverkan.models import (
    Agreement,
    AgreementDefinition,
    AgreementKind,
    FocusArea,
    StoredAgreement,
)
from samverkan.store.connection import (
    Connection,
    arrow_array,
    incoming,
    insert_table,
    next_ids,
    transaction,
    update_from_table,
)
from samverkan.store.goals import fetch_goals, replace_goals

_AGREEMENT_COLUMNS = "id, kommun, lpo, title, period_start, period_end, kind"


def fetch_agreements(con: Connection) -> list[StoredAgreement]:
    """Every agreement, by kommun and period."""
    rows = con.execute(
        f"SELECT {_AGREEMENT_COLUMNS} FROM agreement ORDER BY kommun, period_start, id"
    ).fetchall()
    return [_agreement(r) for r in rows]


def fetch_agreement(con: Connection, agreement_id: int) -> StoredAgreement | None:
    """One agreement by its id."""
    row = con.execute(
        f"SELECT {_AGREEMENT_COLUMNS} FROM agreement WHERE id = ?", [agreement_id]
    ).fetchone()
    return _agreement(row) if row else None


def _agreement(row: tuple[Any, ...]) -> StoredAgreement:
    return StoredAgreement(
        id=row[0],
        kommun=row[1],
        lpo=row[2],
        title=row[3],
        period_start=row[4],
        period_end=row[5],
        kind=AgreementKind(row[6]),
    )


def fetch_focus_areas(con: Connection, agreement_id: int) -> list[FocusArea]:
    """The agreement's focus areas in their order."""
    rows = con.execute(
        "SELECT number, name, valid_from, valid_to FROM focus_area WHERE agreement_id = ?"
        " ORDER BY number NULLS LAST, id",
        [agreement_id],
    ).fetchall()
    return [FocusArea(number=r[0], name=r[1], valid_from=r[2], valid_to=r[3]) for r in rows]


def fetch_agreement_definition(con: Connection, agreement_id: int) -> AgreementDefinition | None:
    """The agreement with its focus areas (in their order) and goals; None when it is unknown."""
    agreement = fetch_agreement(con, agreement_id)
    if agreement is None:
        return None
    return AgreementDefinition(
        agreement=agreement,
        focus_areas=fetch_focus_areas(con, agreement_id),
        goals=fetch_goals(con, agreement_id),
    )


# -- a plan's upload --------------------------------------------------------------------------


def save_plan_agreements(con: Connection, agreements: Sequence[Agreement]) -> list[int]:
    """Each plan's agreement (LPO filled in if unknown, title if none) or a new one; their ids.

    The exact period first; else the shortest agreement whose period holds the plan's (a
    yearly plan belongs to the strategic agreement created on the Överenskommelse page).
    The kommuner must differ (save_import calls in rounds): each plan is matched against the
    store as it was before the call.
    """
    known = _matching_agreements(con, agreements)
    # Only what changes is written: a plan uploaded again fills in nothing.
    fills: list[tuple[int, str | None, str | None]] = []
    for ordinal, agreement in enumerate(agreements):
        if ordinal in known:
            agreement_id, lpo, title = known[ordinal]
            new_lpo = agreement.lpo if lpo is None and agreement.lpo else None
            new_title = agreement.title if agreement.title and not title else None
            if new_lpo or new_title:
                fills.append((agreement_id, new_lpo, new_title))
    if fills:
        update_from_table(
            con,
            "agreement",
            "lpo = coalesce(agreement.lpo, u.lpo), title = coalesce(agreement.title, u.title)",
            pa.table(
                {
                    "id": arrow_array([f[0] for f in fills], pa.int32()),
                    "lpo": arrow_array([f[1] for f in fills], pa.string()),
                    "title": arrow_array([f[2] for f in fills], pa.string()),
                }
            ),
        )
    new = [a for i, a in enumerate(agreements) if i not in known]
    new_ids = next_ids(con, "agreement_ids", len(new))  # in file order
    given = iter(new_ids)
    ids = [known[i][0] if i in known else next(given) for i in range(len(agreements))]
    if new:
        insert_table(
            con,
            "agreement",
            pa.table(
                {
                    "id": arrow_array(new_ids, pa.int32()),
                    "kommun": arrow_array([a.kommun for a in new], pa.string()),
                    "lpo": arrow_array([a.lpo for a in new], pa.string()),
                    "title": arrow_array([a.title for a in new], pa.string()),
                    "period_start": arrow_array([a.period_start for a in new], pa.date32()),
                    "period_end": arrow_array([a.period_end for a in new], pa.date32()),
                    "kind": arrow_array([a.kind.value for a in new], pa.string()),
                }
            ),
        )
    return ids


def fetch_matching_agreement_ids(
    con: Connection, agreements: Sequence[Agreement]
) -> list[int | None]:
    """The stored agreement each plan's agreement would be saved to (None: a new one).

    The same match as save_plan_agreements, without writing: what an upload's confirm step
    asks before it is saved (check-ins it would contradict).
    """
    known = _matching_agreements(con, agreements)
    return [known[i][0] if i in known else None for i in range(len(agreements))]


def _matching_agreements(
    con: Connection, agreements: Sequence[Agreement]
) -> dict[int, tuple[int, str | None, str | None]]:
    """By the plan's position: the matching stored agreement's (id, lpo, title)."""
    plans = pa.table(
        {
            "ordinal": arrow_array(range(len(agreements)), pa.int32()),
            "kommun": arrow_array([a.kommun for a in agreements], pa.string()),
            "lpo": arrow_array([a.lpo for a in agreements], pa.string()),
            "period_start": arrow_array([a.period_start for a in agreements], pa.date32()),
            "period_end": arrow_array([a.period_end for a in agreements], pa.date32()),
        }
    )
    with incoming(con, "incoming_agreements", plans):
        found = con.execute(
            "SELECT ordinal, id, lpo, title FROM ("
            " SELECT i.ordinal, a.id, a.lpo, a.title, row_number() OVER (PARTITION BY i.ordinal"
            "  ORDER BY (a.period_start = i.period_start AND a.period_end = i.period_end) DESC,"
            "  a.period_end - a.period_start, a.id) AS preference"
            " FROM incoming_agreements i JOIN agreement a"
            " ON a.kommun = i.kommun AND a.period_start <= i.period_start"
            " AND a.period_end >= i.period_end"
            " AND (a.lpo IS NULL OR i.lpo IS NULL OR a.lpo = i.lpo)"
            ") ranked WHERE preference = 1",
            [],
        ).fetchall()
    return {int(r[0]): (int(r[1]), r[2], r[3]) for r in found}


def save_plan_focus_areas(
    con: Connection, areas: Sequence[tuple[int, Sequence[FocusArea]]]
) -> None:
    """Add each agreement's new focus areas; numbers and validity a file gives update known ones.

    Matched by name against the store as it was before the call (agreements differ).
    """
    agreement_ids = [agreement_id for agreement_id, _ in areas]
    known = {
        (int(r[0]), str(r[1])): int(r[2])
        for r in con.execute(
            "SELECT agreement_id, name, id FROM focus_area WHERE agreement_id = ANY(?)",
            [agreement_ids],
        ).fetchall()
    }
    updates: dict[int, FocusArea] = {}
    new: list[tuple[int, FocusArea]] = []
    for agreement_id, listed in areas:
        for area in listed:
            area_id = known.get((agreement_id, area.name))
            if area_id is None:
                new.append((agreement_id, area))
            elif area_id in updates:  # named twice: the later values over the earlier
                earlier = updates[area_id]
                updates[area_id] = area.model_copy(
                    update={
                        "number": _first(area.number, earlier.number),
                        "valid_from": _first(area.valid_from, earlier.valid_from),
                        "valid_to": _first(area.valid_to, earlier.valid_to),
                    }
                )
            else:
                updates[area_id] = area
    if updates:
        update_from_table(
            con,
            "focus_area",
            "number = coalesce(u.number, focus_area.number),"
            " valid_from = coalesce(u.valid_from, focus_area.valid_from),"
            " valid_to = coalesce(u.valid_to, focus_area.valid_to)",
            pa.table(
                {
                    "id": arrow_array(list(updates), pa.int32()),
                    "number": arrow_array([a.number for a in updates.values()], pa.int32()),
                    "valid_from": arrow_array(
                        [a.valid_from for a in updates.values()], pa.date32()
                    ),
                    "valid_to": arrow_array([a.valid_to for a in updates.values()], pa.date32()),
                }
            ),
        )
    if new:
        insert_table(con, "focus_area", _focus_area_table(con, new))


def _first(*values: Any) -> Any:
    return next((v for v in values if v is not None), None)


def _focus_area_table(con: Connection, areas: Sequence[tuple[int, FocusArea]]) -> pa.Table:
    """New focus_area rows, with ids in the order given."""
    return pa.table(
        {
            "id": arrow_array(next_ids(con, "focus_area_ids", len(areas)), pa.int32()),
            "agreement_id": arrow_array([i for i, _ in areas], pa.int32()),
            "number": arrow_array([a.number for _, a in areas], pa.int32()),
            "name": arrow_array([a.name for _, a in areas], pa.string()),
            "valid_from": arrow_array([a.valid_from for _, a in areas], pa.date32()),
            "valid_to": arrow_array([a.valid_to for _, a in areas], pa.date32()),
        }
    )


# -- the editor -------------------------------------------------------------------------------


def save_agreement_definition(con: Connection, definition: AgreementDefinition) -> int:
    """Create the agreement (id None) or update it, with its focus areas and goals; its id.

    Focus areas are matched by name, so one that keeps its name keeps its row; one no longer
    listed is removed. The goals are replaced, as an upload's Mål sheet replaces them.
    Activities name their focus area in each batch and are never touched here.
    """
    with transaction(con):
        agreement_id = _save_agreement(con, definition.agreement)
        _replace_focus_areas(con, agreement_id, definition.focus_areas)
        # Even with none: the editor removed them all.
        replace_goals(con, {agreement_id: definition.goals})
    return agreement_id


def _save_agreement(con: Connection, agreement: Agreement) -> int:
    values = [
        agreement.kommun,
        agreement.lpo,
        agreement.title,
        agreement.period_start,
        agreement.period_end,
        agreement.kind.value,
    ]
    if agreement.id is None:
        row = con.execute(
            "INSERT INTO agreement (kommun, lpo, title, period_start, period_end, kind)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            values,
        ).fetchone()
        assert row is not None
        return int(row[0])
    updated = con.execute(
        "UPDATE agreement SET kommun = ?, lpo = ?, title = ?, period_start = ?, period_end = ?,"
        " kind = ? WHERE id = ? RETURNING id",
        [*values, agreement.id],
    ).fetchone()
    if updated is None:
        raise LookupError(f"Överenskommelsen {agreement.id} finns inte längre.")
    return agreement.id


def _replace_focus_areas(con: Connection, agreement_id: int, areas: list[FocusArea]) -> None:
    known = dict(
        con.execute(
            "SELECT name, id FROM focus_area WHERE agreement_id = ?", [agreement_id]
        ).fetchall()
    )
    wanted = {a.name for a in areas}
    for name, area_id in known.items():
        if name not in wanted:
            con.execute("DELETE FROM focus_area WHERE id = ?", [area_id])
    for area in areas:
        values = [area.number, area.valid_from, area.valid_to]
        if area.name in known:
            con.execute(
                "UPDATE focus_area SET number = ?, valid_from = ?, valid_to = ? WHERE id = ?",
                [*values, known[area.name]],
            )
        else:
            con.execute(
                "INSERT INTO focus_area (agreement_id, name, number, valid_from, valid_to)"
                " VALUES (?, ?, ?, ?, ?)",
                [agreement_id, area.name, *values],
            )
