"""The store as a package: its API, one way to write, one goal rule, a file saved set-based."""

from __future__ import annotations

import ast
import datetime as dt
import pkgutil
import threading
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from samverkan import store
from samverkan.confidentiality import carry_confidential_marks
from samverkan.models import (
    Activity,
    Agreement,
    AgreementDefinition,
    AgreementKind,
    FocusArea,
    Goal,
    GoalKind,
    ImportReport,
    MeetingBody,
    ParsedAgreement,
)
from samverkan.store import plans
from samverkan.store.agreements import fetch_agreement_definition, save_agreement_definition
from samverkan.store.connection import insert_table
from samverkan.store.goals import focus_area_id
from samverkan.store.meetings import save_meeting
from tests.conftest import every_table

ROOT = Path(__file__).resolve().parents[2]
STORE_FILES = sorted((ROOT / "samverkan" / "store").glob("*.py"))


def full_snapshot(con: store.Connection) -> dict[str, Any]:
    """Every row of every table of the store (not only those fetch_table_counts names)."""
    return {t: store.table_rows(con, t) for t in every_table(con)}


def make_plan(
    kommun: str,
    activities: int = 3,
    *,
    lpo: str | None = None,
    areas: tuple[str, ...] = ("Trygghet i centrum", "Ungdomar"),
    goals: list[Goal] | None = None,
    number_from: int = 1,
) -> ParsedAgreement:
    """One kommun's yearly plan, its activities spread over the focus areas."""
    return ParsedAgreement(
        agreement=Agreement(
            kommun=kommun,
            lpo=lpo,
            title=f"Plan {kommun}",
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2024, 12, 31),
            kind=AgreementKind.OPERATIVE,
        ),
        focus_areas=[FocusArea(number=number_from + i, name=n) for i, n in enumerate(areas)],
        goals=goals or [],
        activities=[
            Activity(
                activity_key=f"A{i + 1}",
                focus_area=areas[i % len(areas)],
                title=f"Insats {i + 1} i {kommun}",
                due=dt.date(2024, 6, 1) + dt.timedelta(days=i),
                sheet="Plan",
                row=i + 2,
            )
            for i in range(activities)
        ],
    )


def save(
    con: store.Connection, plans_: list[ParsedAgreement], original: bytes = b"fil"
) -> list[tuple[int, int | None]]:
    report = ImportReport(file_name="plan.xlsx", agreements=plans_)
    summary = store.save_import(
        con, report, original, uploaded_by="test", carry_marks=carry_confidential_marks
    )
    return [(b.id, b.agreement_id) for b in summary.batches]


# -- one way to write -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "failure",
    [RuntimeError("disk full"), KeyboardInterrupt(), duckdb.ConstraintException("dubblett")],
    ids=["error", "interrupt", "constraint"],
)
def test_a_transaction_rolls_back_whole_and_the_store_is_exactly_as_before(
    empty_store: str, failure: BaseException
) -> None:
    with store.open_store(empty_store) as con:
        save(con, [make_plan("Eslöv")])
        before = full_snapshot(con)
        with pytest.raises(type(failure)):
            change_then_fail(con, failure)
        assert full_snapshot(con) == before
        with store.transaction(con):  # the lock was given back and the connection works
            save_meeting_rows(con)
        assert store.fetch_table_counts(con)["meeting"] == 1


def change_then_fail(con: store.Connection, failure: BaseException) -> None:
    with store.transaction(con):
        save_meeting_rows(con)
        con.execute("UPDATE agreement SET title = 'ändrad'")
        con.execute("DELETE FROM activity_state")
        raise failure


def save_meeting_rows(con: store.Connection) -> None:
    con.execute(
        "INSERT INTO meeting (agreement_id, held_on, body) VALUES (1, DATE '2024-05-01', 'KSAU')"
    )


def test_a_write_inside_a_transaction_waits_for_nothing_and_others_wait_for_it(
    empty_store: str,
) -> None:
    """Another thread's write waits for the open transaction, then goes through."""
    with store.open_store(empty_store) as con:
        save(con, [make_plan("Eslöv")])
    done = threading.Event()

    def other_writer() -> None:
        with store.open_store(empty_store) as other:
            save_meeting(other, 1, dt.date(2024, 5, 2), MeetingBody.KSAU)
        done.set()

    with store.open_store(empty_store) as con, store.transaction(con):
        save_meeting_rows(con)
        thread = threading.Thread(target=other_writer)
        thread.start()
        assert not done.wait(0.3)
    thread.join(10)
    assert done.is_set()
    with store.open_store(empty_store) as con:
        assert store.fetch_table_counts(con)["meeting"] == 2


def test_threads_opening_the_store_at_once_all_write_set_based(empty_store: str) -> None:
    """Three threads at the same moment, each opening the store anew: every insert goes in.

    (DuckDB shares one database between a process's connections; connections made at once
    once began transactions that could not see the Arrow scan: about a third failed.)
    """
    rounds, threads = 100, 3
    start = threading.Barrier(threads)
    failures: list[BaseException] = []
    meetings = pa.table(
        {
            "agreement_id": pa.array([1] * 20, pa.int32()),
            "held_on": pa.array([dt.date(2024, 5, 1)] * 20, pa.date32()),
            "body": pa.array(["KSAU"] * 20, pa.string()),
        }
    )

    def writer() -> None:
        for _ in range(rounds):
            start.wait()
            try:
                with store.open_store(empty_store) as con, store.transaction(con):
                    insert_table(con, "meeting", meetings)
            except Exception as exc:  # collected, shown by the assert below
                failures.append(exc)

    workers = [threading.Thread(target=writer) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert failures == []
    with store.open_store(empty_store) as con:
        assert store.fetch_table_counts(con)["meeting"] == rounds * threads * 20


def test_a_file_failing_in_its_second_round_leaves_the_store_exactly_as_before(
    empty_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with store.open_store(empty_store) as con:
        save(con, [make_plan("Eslöv"), make_plan("Höör")])
        before = full_snapshot(con)
        calls = []
        real_insert = plans._insert_activities

        def fail_second_round(*args: Any) -> None:
            calls.append(args)
            if len(calls) == 2:
                raise RuntimeError("disk full")
            real_insert(*args)

        monkeypatch.setattr(plans, "_insert_activities", fail_second_round)
        two_rounds = [make_plan("Eslöv", 5), make_plan("Höör", 5), make_plan("Eslöv", 2, lpo="X")]
        with pytest.raises(RuntimeError):
            save(con, two_rounds, b"ny fil")
        assert len(calls) == 2
        assert full_snapshot(con) == before


# -- a file saved set-based, as if each plan were saved in turn -------------------------------


def test_two_plans_of_one_kommun_in_a_file_are_saved_in_turn(empty_store: str) -> None:
    """The second plan finds the agreement the first made (LPO unknown) and fills in its LPO."""
    with store.open_store(empty_store) as con:
        batches = save(con, [make_plan("Eslöv"), make_plan("Höör"), make_plan("Eslöv", lpo="X")])
        assert batches == [(1, 1), (2, 2), (3, 1)]
        assert [(a.id, a.kommun, a.lpo) for a in store.fetch_agreements(con)] == [
            (1, "Eslöv", "X"),
            (2, "Höör", None),
        ]
        assert store.fetch_current_batch_id(con, 1) == 3


def test_a_national_file_round_trips_and_its_next_version_updates_it(empty_store: str) -> None:
    from samverkan.kommuner import KOMMUNER

    goals = [
        Goal(focus_area="Ungdomar", kind=GoalKind.OUTCOME, text="Färre unga i brott"),
        Goal(kind=GoalKind.OUTPUT, text="En rapport"),
    ]
    kommuner = KOMMUNER[:40]
    first = [make_plan(k, 7, goals=goals) for k in kommuner]
    with store.open_store(empty_store) as con:
        batches = save(con, first)
        assert [b for b, _ in batches] == list(range(1, 41))
        assert [a for _, a in batches] == list(range(1, 41))  # new agreements in file order
        for agreement_id, plan in enumerate(first, start=1):
            stored = store.fetch_current_activities(con, agreement_id)
            assert [a.model_dump() for a in stored] == [a.model_dump() for a in plan.activities]
            assert store.fetch_focus_areas(con, agreement_id) == plan.focus_areas
            assert store.fetch_goals(con, agreement_id) == goals
        # The next version: numbers renumbered, a new focus area, goals gone from the file.
        second = [
            make_plan(k, 4, areas=("Ungdomar", "Trygghet i centrum", "Nytt"), number_from=5)
            for k in kommuner
        ]
        again = save(con, second, b"andra versionen")
        assert [a for _, a in again] == list(range(1, 41))
        areas = store.fetch_focus_areas(con, 7)
        assert [(a.number, a.name) for a in areas] == [
            (5, "Ungdomar"), (6, "Trygghet i centrum"), (7, "Nytt"),
        ]  # fmt: skip
        assert store.fetch_goals(con, 7) == goals  # a file without goals keeps them
        assert len(store.fetch_current_activities(con, 7)) == 4
        assert store.fetch_table_counts(con)["agreement"] == 40


# -- one rule for a goal's focus area ---------------------------------------------------------

AREAS = [(1, "Trygghet i centrum"), (2, "Ungdomar"), (3, "ungdomar")]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Trygghet i centrum", 1),
        ("trygghet i centrum", 1),  # an upload once left this goal without a focus area
        ("  TRYGGHET I CENTRUM ", 1),
        ("ungdomar", 3),  # the exact name first
        ("Ungdomar", 2),
        ("UNGDOMAR", 2),  # else the first in the agreement's order
        ("Trygghet", None),
        ("", None),
        (None, None),
    ],
)
def test_a_goal_finds_its_focus_area_by_one_rule(written: str | None, expected: int | None) -> None:
    assert focus_area_id(written, AREAS) == expected


def test_an_upload_and_the_editor_link_a_goal_alike(empty_store: str) -> None:
    """The case that differed: the Mål sheet writes the focus area in other case and spaces."""
    goal = Goal(focus_area=" trygghet i CENTRUM", kind=GoalKind.OUTCOME, text="Tryggare torg")
    with store.open_store(empty_store) as con:
        save(con, [make_plan("Eslöv", goals=[goal])])
        uploaded = store.fetch_goals(con, 1)
        definition = fetch_agreement_definition(con, 1)
        assert definition is not None
        save_agreement_definition(con, AgreementDefinition(
            agreement=definition.agreement, focus_areas=definition.focus_areas, goals=[goal],
        ))  # fmt: skip
        edited = store.fetch_goals(con, 1)
    assert [g.focus_area for g in uploaded] == ["Trygghet i centrum"]
    assert edited == uploaded


# -- the package's shape ----------------------------------------------------------------------


def test_the_public_api_is_what_init_exports() -> None:
    submodules = {m.name for m in pkgutil.iter_modules(store.__path__)}
    named = {n for n in dir(store) if not n.startswith("_")} - submodules - {"annotations"}
    assert set(store.__all__) == named
    for name in store.__all__:
        assert getattr(store, name) is not None


def test_the_default_store_is_the_repositorys_data_folder() -> None:
    assert store.DEFAULT_DB_PATH == ROOT / "data" / "samverkan.duckdb"


@pytest.mark.parametrize("path", STORE_FILES, ids=lambda p: p.name)
def test_a_store_module_keeps_to_its_part(path: Path) -> None:
    """Under 400 lines; no other module's private names; SQL's own words where they belong."""
    text = path.read_text("utf-8")
    assert len(text.splitlines()) < 400
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("samverkan"):
            assert node.module != "samverkan" or "store" not in {a.name for a in node.names}
            assert not [a.name for a in node.names if a.name.startswith("_")], node.module
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            assert not (node.value.id == "store" and node.attr.startswith("_"))
    if path.name != "connection.py":
        assert "BEGIN" not in text
        assert "ROLLBACK" not in text
    if path.name != "schema.py":
        assert "CREATE TABLE" not in text
        assert "ALTER TABLE" not in text
