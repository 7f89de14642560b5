"""An agreement's goals in the store: written by an upload's Mål sheet and by the editor alike.

Both replace the agreement's goals (they are its definition) through replace_goals, and both
link a goal to its focus area by one rule (focus_area_id): the name exactly as written, else
the same name in any case and without the spaces around it. A Mål sheet that writes
"trygghet i centrum " keeps its goal under Trygghet i centrum, as the editor always did
(an upload once matched exactly only, and such a goal lost its focus area).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pyarrow as pa

from samverkan.models import Goal, GoalKind
from samverkan.store.connection import Connection, arrow_array, insert_table, next_ids

_GOAL_TYPES: dict[str, pa.DataType] = {
    "id": pa.int32(),
    "agreement_id": pa.int32(),
    "focus_area_id": pa.int32(),
    "kind": pa.string(),
    "text": pa.string(),
    "indicator": pa.string(),
    "baseline_year": pa.int32(),
    "baseline_value": pa.float64(),
    "target_value": pa.float64(),
    "target_year": pa.int32(),
    "direction": pa.string(),
}


def focus_area_id(name: str | None, areas: Sequence[tuple[int, str]]) -> int | None:
    """The focus area a goal names, from (id, name) in the agreement's order; None if none.

    The exact name first; else the name in any case without surrounding spaces (the first
    such area in the agreement's order, should an upload have made two).
    """
    if not name:
        return None
    for area_id, area_name in areas:
        if area_name == name:
            return area_id
    key = name.strip().casefold()
    for area_id, area_name in areas:
        if area_name.strip().casefold() == key:
            return area_id
    return None


def replace_goals(con: Connection, goals: Mapping[int, Sequence[Goal]]) -> None:
    """Replace each agreement's goals by the ones given, inside the caller's transaction."""
    if not goals:
        return
    agreement_ids = list(goals)
    areas: dict[int, list[tuple[int, str]]] = {agreement_id: [] for agreement_id in goals}
    for agreement_id, area_id, name in con.execute(
        "SELECT agreement_id, id, name FROM focus_area WHERE agreement_id = ANY(?)"
        " ORDER BY number NULLS LAST, id",
        [agreement_ids],
    ).fetchall():
        areas[int(agreement_id)].append((int(area_id), str(name)))
    con.execute("DELETE FROM goal WHERE agreement_id = ANY(?)", [agreement_ids])
    rows = [(agreement_id, goal) for agreement_id, listed in goals.items() for goal in listed]
    columns: dict[str, list[object]] = {name: [] for name in _GOAL_TYPES}
    columns["id"] = list(next_ids(con, "goal_ids", len(rows)))
    for agreement_id, goal in rows:
        columns["agreement_id"].append(agreement_id)
        columns["focus_area_id"].append(focus_area_id(goal.focus_area, areas[agreement_id]))
        columns["kind"].append(goal.kind.value)
        for name in _GOAL_TYPES:
            if name not in {"id", "agreement_id", "focus_area_id", "kind"}:
                columns[name].append(getattr(goal, name))
    if rows:
        insert_table(
            con,
            "goal",
            pa.table({name: arrow_array(columns[name], t) for name, t in _GOAL_TYPES.items()}),
        )


def fetch_goals(con: Connection, agreement_id: int) -> list[Goal]:
    """The agreement's goals, by focus area."""
    return fetch_goals_of(con, [agreement_id]).get(agreement_id, [])


def fetch_goals_of(con: Connection, agreement_ids: Sequence[int]) -> dict[int, list[Goal]]:
    """fetch_goals for many agreements in one query, by agreement id (those with goals)."""
    if not agreement_ids:
        return {}
    rows = con.execute(
        "SELECT g.agreement_id, f.name, g.kind, g.text, g.indicator, g.baseline_year,"
        " g.baseline_value, g.target_value, g.target_year, g.direction FROM goal g"
        " LEFT JOIN focus_area f ON f.id = g.focus_area_id"
        " WHERE g.agreement_id = ANY(?)"
        " ORDER BY g.agreement_id, f.number NULLS LAST, g.id",
        [list(agreement_ids)],
    ).fetchall()
    found: dict[int, list[Goal]] = {}
    for r in rows:
        found.setdefault(int(r[0]), []).append(
            Goal(
                focus_area=r[1],
                kind=GoalKind(r[2]),
                text=r[3],
                indicator=r[4],
                baseline_year=r[5],
                baseline_value=r[6],
                target_value=r[7],
                target_year=r[8],
                direction=r[9],
            )
        )
    return found
