"""The store's part for the agreement itself: saving and reading an agreement's definition.

Parts:
- save_agreement_definition: an agreement with its focus areas and goals, in one transaction
- fetch_agreement_definition: the same, read back

It is part of the store (with store.py the only place that holds SQL), and uses store.py's
connection, write lock and helpers. The schema needs nothing new: focus_area has had
valid_from and valid_to since the first schema, so existing store files work as they are.
"""

from __future__ import annotations

from samverkan import store
from samverkan.models import Agreement, AgreementDefinition, FocusArea, Goal


def save_agreement_definition(con: store.Connection, definition: AgreementDefinition) -> int:
    """Create the agreement (id None) or update it, with its focus areas and goals; its id.

    Focus areas are matched by name, so one that keeps its name keeps its row; one no longer
    listed is removed. The goals are replaced, as an upload's Mål sheet replaces them.
    Activities name their focus area in each batch and are never touched here.
    """
    with store._WRITE_LOCK:
        con.execute("BEGIN TRANSACTION")
        try:
            agreement_id = _save_agreement(con, definition.agreement)
            _replace_focus_areas(con, agreement_id, definition.focus_areas)
            _replace_goals(con, agreement_id, definition.goals)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return agreement_id


def fetch_agreement_definition(
    con: store.Connection, agreement_id: int
) -> AgreementDefinition | None:
    """The agreement with its focus areas (in their order) and goals; None when it is unknown."""
    agreement = store.fetch_agreement(con, agreement_id)
    if agreement is None:
        return None
    return AgreementDefinition(
        agreement=agreement,
        focus_areas=store.fetch_focus_areas(con, agreement_id),
        goals=store.fetch_goals(con, agreement_id),
    )


def _save_agreement(con: store.Connection, agreement: Agreement) -> int:
    values = [
        agreement.kommun,
        agreement.lpo,
        agreement.title,
        agreement.period_start,
        agreement.period_end,
        agreement.kind.value,
    ]
    if agreement.id is None:
        return store._insert_returning_id(
            con,
            "INSERT INTO agreement (kommun, lpo, title, period_start, period_end, kind)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            values,
        )
    updated = con.execute(
        "UPDATE agreement SET kommun = ?, lpo = ?, title = ?, period_start = ?, period_end = ?,"
        " kind = ? WHERE id = ? RETURNING id",
        [*values, agreement.id],
    ).fetchone()
    if updated is None:
        raise LookupError(f"Överenskommelsen {agreement.id} finns inte längre.")
    return agreement.id


def _replace_focus_areas(con: store.Connection, agreement_id: int, areas: list[FocusArea]) -> None:
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


def _replace_goals(con: store.Connection, agreement_id: int, goals: list[Goal]) -> None:
    areas = {
        str(name).strip().casefold(): area_id
        for name, area_id in con.execute(
            "SELECT name, id FROM focus_area WHERE agreement_id = ?", [agreement_id]
        ).fetchall()
    }
    con.execute("DELETE FROM goal WHERE agreement_id = ?", [agreement_id])
    for goal in goals:
        con.execute(
            "INSERT INTO goal (agreement_id, focus_area_id, kind, text, indicator, baseline_year,"
            " baseline_value, target_value, target_year, direction)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                agreement_id,
                areas.get(goal.focus_area.strip().casefold()) if goal.focus_area else None,
                goal.kind.value,
                goal.text,
                goal.indicator,
                goal.baseline_year,
                goal.baseline_value,
                goal.target_value,
                goal.target_year,
                goal.direction,
            ],
        )
