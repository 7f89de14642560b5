"""Saving and reading an agreement's definition in a real store of each engine, and uploads
attaching."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkan import store
from samverkan.excel.plan import ImportOptions
from samverkan.importing.pipeline import import_workbook
from samverkan.models import (
    Agreement,
    AgreementDefinition,
    AgreementKind,
    FocusArea,
    Goal,
    GoalKind,
)
from samverkan.store.agreements import fetch_agreement_definition, save_agreement_definition
from tests.conftest import make_activity_row, make_plan_workbook, store_snapshot

D = dt.date


def burlov(**overrides: object) -> Agreement:
    values: dict[str, object] = {
        "kommun": "Burlöv",
        "lpo": "Kävlinge",
        "title": "Samverkansöverenskommelse 2024–2027",
        "period_start": D(2024, 1, 1),
        "period_end": D(2027, 12, 31),
        "kind": AgreementKind.STRATEGIC,
    }
    values.update(overrides)
    return Agreement.model_validate(values)


def definition(agreement: Agreement) -> AgreementDefinition:
    return AgreementDefinition(
        agreement=agreement,
        focus_areas=[
            FocusArea(number=1, name="Trygghet i centrum"),
            FocusArea(number=2, name="Droger", valid_from=D(2024, 1, 1), valid_to=D(2025, 12, 31)),
        ],
        goals=[
            Goal(
                kind=GoalKind.OUTCOME,
                text="Fler känner sig trygga",
                focus_area="Trygghet i centrum",
                indicator="Trygg ute sent en kväll (%)",
                baseline_year=2023,
                baseline_value=58.5,
                target_value=65.0,
                target_year=2027,
                direction="högre är bättre",
            ),
            Goal(kind=GoalKind.PROCESS, text="Styrgruppen möts fyra gånger om året"),
        ],
    )


def focus_area_ids(path: str, agreement_id: int) -> dict[str, int]:
    with store.open_store(path) as con:
        rows = con.execute(
            "SELECT name, id FROM focus_area WHERE agreement_id = ?", [agreement_id]
        ).fetchall()
    return {str(name): int(area_id) for name, area_id in rows}


def test_a_new_agreement_round_trips(empty_store: str) -> None:
    with store.open_store(empty_store) as con:
        agreement_id = save_agreement_definition(con, definition(burlov()))
        saved = fetch_agreement_definition(con, agreement_id)
    assert saved == definition(burlov(id=agreement_id))


def test_an_unknown_agreement_reads_as_none(empty_store: str) -> None:
    with store.open_store(empty_store) as con:
        assert fetch_agreement_definition(con, 42) is None


def test_editing_keeps_renamed_areas_apart_and_replaces_goals(empty_store: str) -> None:
    with store.open_store(empty_store) as con:
        agreement_id = save_agreement_definition(con, definition(burlov()))
    before = focus_area_ids(empty_store, agreement_id)
    edited = AgreementDefinition(
        agreement=burlov(id=agreement_id, lpo="Malmö Norr", title=None),
        focus_areas=[
            FocusArea(number=1, name="Trygghet i centrum", valid_from=D(2026, 1, 1)),
            FocusArea(number=2, name="Våld i nära relationer", valid_from=D(2026, 1, 1)),
        ],
        goals=[
            Goal(
                kind=GoalKind.OUTPUT,
                text="Tio utbildningar om våld",
                focus_area="våld i nära relationer",
            )
        ],
    )
    with store.open_store(empty_store) as con:
        assert save_agreement_definition(con, edited) == agreement_id
        saved = fetch_agreement_definition(con, agreement_id)
        assert len(store.fetch_agreements(con)) == 1
    assert saved is not None
    assert saved.agreement.lpo == "Malmö Norr"
    assert saved.agreement.title is None
    assert saved.focus_areas == edited.focus_areas
    assert [(g.text, g.focus_area) for g in saved.goals] == [
        ("Tio utbildningar om våld", "Våld i nära relationer")
    ]
    after = focus_area_ids(empty_store, agreement_id)
    assert after["Trygghet i centrum"] == before["Trygghet i centrum"]
    assert "Droger" not in after


def test_saving_an_agreement_that_is_gone_changes_nothing(empty_store: str) -> None:
    with store.open_store(empty_store) as con:
        save_agreement_definition(con, definition(burlov()))
    before = store_snapshot(empty_store)
    with store.open_store(empty_store) as con, pytest.raises(LookupError):
        save_agreement_definition(con, definition(burlov(id=99)))
    assert store_snapshot(empty_store) == before


def test_an_imported_agreement_can_be_edited_and_keeps_its_plan(eslov_2022_store: str) -> None:
    with store.open_store(eslov_2022_store) as con:
        (agreement,) = store.fetch_agreements(con)
        assert agreement.id is not None
        activities = store.fetch_current_activities(con, agreement.id)
        imported = fetch_agreement_definition(con, agreement.id)
        assert imported is not None
        extra = FocusArea(number=9, name="Ny lägesbild 2022", valid_from=D(2022, 7, 1))
        changed = imported.model_copy(
            update={
                "agreement": agreement.model_copy(update={"lpo": "Eslöv"}),
                "focus_areas": [*imported.focus_areas, extra],
            }
        )
        save_agreement_definition(con, changed)
        saved = fetch_agreement_definition(con, agreement.id)
        assert store.fetch_current_activities(con, agreement.id) == activities
    assert saved is not None
    assert saved.focus_areas[-1] == extra
    assert saved.agreement.lpo == "Eslöv"


def import_plan(path: str, year: int, lpo: str | None = None) -> int | None:
    data = make_plan_workbook(
        [make_activity_row(Slutdatum=D(year, 5, 31))], sheet=f"Aktivitetsplan {year}"
    )
    outcome = import_workbook(
        data,
        f"plan-{year}-{lpo}.xlsx",
        db_path=path,
        options=ImportOptions(kommun="Burlöv", lpo=lpo),
    )
    assert outcome.summary is not None, [str(i) for i in outcome.report.issues]
    (batch,) = outcome.summary.batches
    return batch.agreement_id


@pytest.mark.parametrize(
    ("year", "lpo", "attaches_to"),
    [
        (2025, None, "strategic"),
        (2025, "Kävlinge", "strategic"),
        (2026, None, "operative"),
        (2029, None, "new"),
        (2025, "Malmö Norr", "new"),
    ],
    ids=["year-inside", "same-lpo", "exact-operative", "after-the-period", "other-lpo"],
)
def test_an_upload_attaches_to_the_agreement_created_here(
    empty_store: str, year: int, lpo: str | None, attaches_to: str
) -> None:
    with store.open_store(empty_store) as con:
        strategic = save_agreement_definition(con, AgreementDefinition(agreement=burlov()))
        operative = save_agreement_definition(
            con,
            AgreementDefinition(
                agreement=burlov(
                    period_start=D(2026, 1, 1),
                    period_end=D(2026, 12, 31),
                    kind=AgreementKind.OPERATIVE,
                )
            ),
        )
    agreement_id = import_plan(empty_store, year, lpo)
    with store.open_store(empty_store) as con:
        count = len(store.fetch_agreements(con))
        title = store.fetch_agreement(con, strategic)
    expected = {"strategic": strategic, "operative": operative}.get(attaches_to)
    if expected is None:
        assert agreement_id not in (strategic, operative)
        assert count == 3
    else:
        assert agreement_id == expected
        assert count == 2
    assert title is not None
    assert title.title == "Samverkansöverenskommelse 2024–2027", "the title set here is kept"
