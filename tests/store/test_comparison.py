"""Jämförelse's store query on real stores of each engine: few fixed queries, and every figure
the same as what the agreement's own pages compute (Översikt: status.build_plan_status and
metrics; Trygghet och mål: goal_followup; Historik: history.build_upload_history) on the same
day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from samverkan import store
from samverkan.comparison import ComparisonScope, build_comparison_rows, choose_compared
from samverkan.goal_followup import build_goal_followup
from samverkan.history import build_upload_history
from samverkan.models import ComparisonRow, StoredAgreement
from samverkan.status import build_plan_status
from samverkan.store.comparison import fetch_agreement_figures
from samverkan.store.surveys import fetch_survey_values_of
from tests.comparison_stores import add_several_kommuner
from tests.conftest import clone_store


@pytest.fixture(scope="module")
def several_source(demo_source: str, module_store_location: Callable[[str], str]) -> str:
    """The demo and four more kommuner (tests/comparison_stores.py), in the module's engine."""
    location = clone_store(demo_source, module_store_location("several"))
    add_several_kommuner(location)  # type: ignore[arg-type]
    return location


def rows_of(path: str, day: dt.date, scope: ComparisonScope | None = None) -> list[ComparisonRow]:
    with store.open_store(path) as con:
        chosen = choose_compared(
            store.fetch_agreements(con), scope or ComparisonScope(), day, lambda k: True
        )
        figures = fetch_agreement_figures(con, chosen)
        survey = fetch_survey_values_of(con, sorted({a.kommun for a in chosen}))
    return build_comparison_rows(figures, survey, day)


def single_agreement_figures(
    con: store.Connection, agreement: StoredAgreement, day: dt.date
) -> dict[str, Any]:
    """What the agreement's own pages show on the day, computed as they compute it."""
    status = build_plan_status(con, agreement, day)
    areas = status.focus_areas
    done = sum(a.done for a in areas)
    planned = sum(a.activities - a.standing - a.cancelled for a in areas)
    followup = build_goal_followup(
        agreement.kommun,
        store.fetch_goals(con, agreement.id),
        store.fetch_survey_values(con, agreement.kommun),
        deadline_year=agreement.period_end.year,
    )
    history = [e for e in build_upload_history(con, agreement.id) if not e.batch.withdrawn]
    return {
        "as_of": status.as_of,
        "activities": sum(a.activities for a in areas),
        "planned": planned,
        "done": done,
        "progress": done / planned if planned else None,
        "late": sum(a.overdue for a in areas),
        "followup_missing": sum(a.followup_missing for a in areas),
        "goals": len(followup.assessments),
        "goals_met_or_on_track": followup.met_or_on_track,
        "last_upload": status.upload.uploaded_at if status.upload else None,
        "history": [(e.upload.uploaded_at, e.done, e.countable) for e in history],
    }


def row_figures(row: ComparisonRow) -> dict[str, Any]:
    return {
        **row.model_dump(
            include={
                "as_of", "activities", "planned", "done", "progress", "late",
                "followup_missing", "goals", "goals_met_or_on_track", "last_upload",
            }
        ),
        "history": [(p.uploaded_at, p.done, p.countable) for p in row.history],
    }  # fmt: skip


@pytest.mark.parametrize("store_name", ["demo", "several"])
@pytest.mark.parametrize("days_ahead", [0, -200, 30])
def test_every_row_agrees_with_the_agreements_own_pages(
    demo_source: str, several_source: str, store_name: str, days_ahead: int
) -> None:
    path = demo_source if store_name == "demo" else several_source
    day = dt.date.today() + dt.timedelta(days=days_ahead)
    rows = rows_of(path, day)
    assert rows, "some agreement is in force"
    with store.open_store(path) as con:
        for row in rows:
            expected = single_agreement_figures(con, row.agreement, day)
            assert row_figures(row) == expected, row.agreement.kommun


def test_the_several_kommuner_store_today(several_source: str) -> None:
    today = dt.date.today()
    rows = {r.agreement.kommun: r for r in rows_of(several_source, today)}
    assert sorted(rows) == ["Burlöv", "Kävlinge", "Lomma", "Uppsala"]  # Bjuv's 2024 plan ended
    assert (rows["Lomma"].days_since_upload, rows["Lomma"].stale) == (121, True)
    assert (rows["Kävlinge"].days_since_upload, rows["Kävlinge"].stale) == (120, False)
    assert len(rows["Lomma"].history) == 2
    assert rows["Burlöv"].goals == 5
    assert rows["Burlöv"].survey_value is not None
    lpo = rows_of(several_source, today, ComparisonScope(lpo="Kävlinge"))
    assert [r.agreement.kommun for r in lpo] == ["Burlöv", "Kävlinge", "Lomma"]
    lan = rows_of(several_source, today, ComparisonScope(lan="Uppsala"))
    assert [r.agreement.kommun for r in lan] == ["Uppsala"]


class CountingConnection:
    """A connection that counts the statements it runs."""

    def __init__(self, con: store.Connection) -> None:
        self.con, self.statements = con, 0

    def execute(self, *args: Any, **kwargs: Any) -> Any:
        self.statements += 1
        return self.con.execute(*args, **kwargs)


def test_the_number_of_queries_does_not_grow_with_the_agreements(several_source: str) -> None:
    counts = []
    with store.open_store(several_source) as con:
        every = store.fetch_agreements(con)
        for size in (1, len(every)):
            counting = CountingConnection(con)
            figures = fetch_agreement_figures(counting, every[:size])  # type: ignore[arg-type]
            assert [f.agreement for f in figures] == every[:size]
            counts.append(counting.statements)
    assert counts[0] == counts[1] <= 6


def test_no_agreement_asks_nothing(empty_store: str) -> None:
    with store.open_store(empty_store) as con:
        counting = CountingConnection(con)
        assert fetch_agreement_figures(counting, []) == []  # type: ignore[arg-type]
        assert fetch_survey_values_of(counting, []) == {}  # type: ignore[arg-type]
    assert counting.statements == 0
