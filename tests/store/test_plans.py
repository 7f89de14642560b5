"""The store in each engine: one transaction per import, history kept, no duplicates."""

from __future__ import annotations

import datetime as dt
import threading

import duckdb
import pytest

from samverkan import store
from samverkan.confidentiality import carry_confidential_marks
from samverkan.excel.plan import ImportOptions
from samverkan.importing.pipeline import import_workbook
from samverkan.importing.reading import read_plan
from samverkan.models import Status
from samverkan.store import plans
from tests.conftest import (
    duckdb_only,
    make_activity_row,
    make_plan_workbook,
    store_held_by_other_process,
    store_snapshot,
)


def test_schema_is_created_on_first_open(store_location: str) -> None:
    with store.open_store(store_location) as con:
        counts = store.fetch_table_counts(con)
    assert counts == dict.fromkeys(counts, 0)
    assert set(counts) >= {"agreement", "upload", "import_batch", "activity_state", "survey_value"}


def test_import_keeps_original_bytes_and_hash(eslov_2022_store: str) -> None:
    with store.open_store(eslov_2022_store) as con:
        (upload,) = store.fetch_uploads(con)
        original = store.fetch_upload_original(con, upload.id)
    assert original is not None
    assert upload.size == len(original)
    assert upload.uploaded_at == dt.datetime(2022, 9, 1, 10, 0)
    import hashlib

    assert upload.sha256 == hashlib.sha256(original).hexdigest()


def test_same_file_twice_is_stored_once(eslov_2022_store: str) -> None:
    from tests.conftest import SAMPLES

    before = store_snapshot(eslov_2022_store)
    outcome = import_workbook(
        (SAMPLES / "eslov_aktivitetsplan_2022.xlsx").read_bytes(),
        "kopia.xlsx",
        db_path=eslov_2022_store,
        options=ImportOptions(kommun="Eslöv"),
    )
    assert outcome.summary is not None
    assert outcome.summary.already_imported
    assert store_snapshot(eslov_2022_store) == before


def test_newer_upload_becomes_current_and_history_stays(empty_store: str) -> None:
    options = ImportOptions(kommun="Burlöv")
    first = make_plan_workbook([make_activity_row(Status="Pågår")])
    second = make_plan_workbook([make_activity_row(Status="Klar")])
    import_workbook(
        first, "v1.xlsx", db_path=empty_store, options=options, uploaded_at=dt.datetime(2024, 3, 1)
    )
    import_workbook(
        second, "v2.xlsx", db_path=empty_store, options=options, uploaded_at=dt.datetime(2024, 6, 1)
    )
    with store.open_store(empty_store) as con:
        (agreement,) = store.fetch_agreements(con)
        assert agreement.id is not None
        current = store.fetch_current_activities(con, agreement.id)
        uploads = store.fetch_uploads(con, agreement.id)
    assert [a.status for a in current] == [Status.DONE]
    assert [u.file_name for u in uploads] == ["v2.xlsx", "v1.xlsx"]


def test_backdated_upload_does_not_replace_the_current_plan(empty_store: str) -> None:
    options = ImportOptions(kommun="Burlöv")
    newer = make_plan_workbook([make_activity_row(Status="Klar")])
    older = make_plan_workbook([make_activity_row(Status="Ej påbörjad")])
    import_workbook(
        newer,
        "juni.xlsx",
        db_path=empty_store,
        options=options,
        uploaded_at=dt.datetime(2024, 6, 1),
    )
    import_workbook(
        older,
        "mars.xlsx",
        db_path=empty_store,
        options=options,
        uploaded_at=dt.datetime(2024, 3, 1),
    )
    with store.open_store(empty_store) as con:
        (agreement,) = store.fetch_agreements(con)
        assert agreement.id is not None
        assert [a.status for a in store.fetch_current_activities(con, agreement.id)] == [
            Status.DONE
        ]


def test_kommun_column_with_several_kommuner_makes_one_batch_each(empty_store: str) -> None:
    rows = [
        make_activity_row(ID="1", Kommun="Eslöv"),
        make_activity_row(ID="2", Kommun="Höör", Aktivitet="Nattvandring"),
        make_activity_row(ID="3", Kommun="Eslöv", Aktivitet="Kameraövervakning"),
    ]
    outcome = import_workbook(make_plan_workbook(rows), "region.xlsx", db_path=empty_store)
    assert outcome.summary is not None
    assert sorted(b.rows for b in outcome.summary.batches) == [1, 2]
    with store.open_store(empty_store) as con:
        assert sorted(a.kommun for a in store.fetch_agreements(con)) == ["Eslöv", "Höör"]


def test_failure_inside_the_transaction_leaves_nothing(
    empty_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = read_plan(make_plan_workbook(), "x.xlsx", ImportOptions(kommun="Lund"))
    before = store_snapshot(empty_store)

    def broken_insert(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(plans, "_insert_activities", broken_insert)
    with store.open_store(empty_store) as con, pytest.raises(RuntimeError):
        store.save_import(
            con, report, b"bytes", uploaded_by="test", carry_marks=carry_confidential_marks
        )
    assert store_snapshot(empty_store) == before


def test_store_version_changes_with_a_write(empty_store: str) -> None:
    before = store.store_version(empty_store)
    import_workbook(
        make_plan_workbook(), "x.xlsx", db_path=empty_store, options=ImportOptions(kommun="Lund")
    )
    assert store.store_version(empty_store) != before


@duckdb_only  # another process holding the store is DuckDB's file lock
def test_busy_store_raises_store_busy_after_waiting(empty_store: str) -> None:
    with (
        store_held_by_other_process(empty_store),
        pytest.raises(store.StoreBusy),
        store.open_store(empty_store, wait_seconds=0.5),
    ):
        pass


def test_parallel_imports_in_one_process_both_complete(empty_store: str) -> None:
    errors: list[BaseException] = []

    def upload(kommun: str) -> None:
        try:
            book = make_plan_workbook([make_activity_row(Aktivitet=f"Insats i {kommun}")])
            import_workbook(
                book, f"{kommun}.xlsx", db_path=empty_store, options=ImportOptions(kommun=kommun)
            )
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=upload, args=(k,)) for k in ("Lund", "Eslöv", "Höör")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with store.open_store(empty_store) as con:
        assert store.fetch_table_counts(con)["import_batch"] == 3


@duckdb_only  # only DuckDB's file can be held by a connection left open
def test_file_is_closed_between_calls(empty_store: str) -> None:
    import_workbook(
        make_plan_workbook(), "x.xlsx", db_path=empty_store, options=ImportOptions(kommun="Lund")
    )
    # Another connection can open the file at once: nothing of ours holds it.
    duckdb.connect(str(empty_store)).close()
