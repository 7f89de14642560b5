"""A plan read in the child is saved as the columns it came back as: no model per row is built
in the parent, and what is stored is exactly what saving the models stores."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path
from typing import Any

import pytest

from samverkan import store
from samverkan.confidentiality import carry_confidential_marks
from samverkan.excel import rows as excel_rows
from samverkan.excel.plan import ImportOptions
from samverkan.excel.rows import ColumnActivities, activities_from_columns
from samverkan.importing import pipeline
from samverkan.importing.reading import ImportOutcome, pack_outcome, read_plan, unpack_outcome
from samverkan.models import Activity, ImportReport, activity_columns
from tests.conftest import SAMPLES

# Each sample plan with the kommun it is imported for (Eslöv's file does not name it).
PLANS = {"eslov_aktivitetsplan_2022.xlsx": "Eslöv", "kavlinge_handlingsplan_2024.xlsx": None}


def sample_report(name: str) -> ImportReport:
    options = ImportOptions(kommun=PLANS[name])
    return read_plan((SAMPLES / name).read_bytes(), name, options)


def sample_columns(name: str) -> dict[str, list[Any]]:
    report = sample_report(name)
    return activity_columns(report.agreements[0].activities)


def count_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    built: list[int] = []
    real = excel_rows.activities_from_columns

    def counted(columns: dict[str, list[Any]]) -> list[Activity]:
        built.append(1)
        return real(columns)

    monkeypatch.setattr(excel_rows, "activities_from_columns", counted)
    return built


@pytest.mark.parametrize("name", PLANS)
def test_column_activities_are_the_list_of_their_models(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    columns = sample_columns(name)
    models = activities_from_columns(columns)
    built = count_builds(monkeypatch)
    held = ColumnActivities(columns)
    assert len(held) == len(models)
    assert bool(held) == bool(models)
    assert held.columns is columns
    assert not built  # its length and its columns need no model
    assert held == models
    assert list(held) == models
    assert held[0] == models[0]
    assert held[-2:] == models[-2:]
    assert list(reversed(held)) == models[::-1]
    assert pickle.loads(pickle.dumps(held)) == models
    assert copy.deepcopy(held) == models
    assert copy.copy(held) == models
    assert type(pickle.loads(pickle.dumps(held))) is list
    assert len(built) == 1  # built once, however often read
    assert held.columns is columns  # reading leaves the columns as they were


@pytest.mark.parametrize(
    "change",
    [
        lambda a: a.pop(),
        lambda a: a.append(a[0]),
        lambda a: a.__setitem__(0, a[-1]),
        lambda a: a.__delitem__(slice(0, 1)),
        lambda a: a.reverse(),
        lambda a: a.clear(),
    ],
    ids=["pop", "append", "setitem", "delitem", "reverse", "clear"],
)
def test_a_changed_list_lets_go_of_its_columns(change: Any) -> None:
    columns = sample_columns(next(iter(PLANS)))
    held = ColumnActivities(columns)
    models = activities_from_columns(columns)
    change(held)
    change(models)
    assert held == models
    assert len(held) == len(models)
    assert held.columns == activity_columns(models)


def test_an_empty_plan_holds_no_activity() -> None:
    held = ColumnActivities(activity_columns([]))
    assert len(held) == 0
    assert not held
    assert list(held) == []


@pytest.mark.parametrize("name", PLANS)
def test_a_plan_saved_from_columns_stores_exactly_what_its_models_store(
    tmp_path: Path, name: str
) -> None:
    """The same report saved once with models, once with the child's columns: same rows."""
    data = (SAMPLES / name).read_bytes()
    report = sample_report(name)
    unpacked = unpack_outcome(pack_outcome(ImportOutcome(report=report, summary=None))).report
    assert all(isinstance(p.activities, ColumnActivities) for p in unpacked.agreements)
    snapshots = []
    for label, saved in (("models", report), ("columns", unpacked)):
        with store.open_store(tmp_path / f"{label}.duckdb") as con:
            store.save_import(
                con, saved, data, uploaded_by="test", carry_marks=carry_confidential_marks,
                uploaded_at=pipeline.dt.datetime(2024, 5, 1, 12),
            )  # fmt: skip
            snapshots.append(
                {
                    batch.id: store.fetch_batch_activities(con, batch.id, as_in_file=True)
                    for agreement in store.fetch_agreements(con)
                    for batch in store.fetch_agreement_batches(con, agreement.id or 0)
                }
            )
    assert snapshots[0] == snapshots[1]
    assert sum(map(len, snapshots[1].values())) == report.activity_count


def test_the_import_builds_no_model_in_the_parent(
    monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    """import_workbook reads and stores a plan without one model per row in the parent."""
    name = "eslov_aktivitetsplan_2022.xlsx"
    data = (SAMPLES / name).read_bytes()
    built = count_builds(monkeypatch)
    options = ImportOptions(kommun="Eslöv")
    outcome = pipeline.import_workbook(data, name, db_path=db_path, options=options)
    assert outcome.summary is not None
    assert outcome.report.is_accepted
    assert not built
    assert isinstance(outcome.report, ImportReport)
    expected = sample_report(name).agreements[0].activities
    assert outcome.report.agreements[0].activities == expected
    with store.open_store(db_path) as con:
        batch = outcome.summary.batches[0].id
        assert store.fetch_batch_activities(con, batch, as_in_file=True) == expected
