"""Withdrawing an upload (rollback): the plan before returns exactly, nothing is deleted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from samverkan import store
from samverkan.cli import main
from samverkan.demo import KOMMUN, LPO, demo_workbooks
from samverkan.excel.plan import ImportOptions
from samverkan.history import build_upload_history, latest_changes
from samverkan.importing.pipeline import import_workbook
from samverkan.models import AuditAction
from samverkan.status import build_plan_status
from samverkan.store.audit import fetch_audit_log
from samverkan.store.rollback import (
    UploadNotFound,
    fetch_withdrawal_log,
    fetch_withdrawals,
    set_upload_withdrawn,
)
from tests.conftest import clone_store, every_table, store_snapshot
from tests.survey_files import make_long_row, make_long_survey

TODAY = dt.date(2024, 6, 1)
ANNA = "Anna Admin"


def import_demo_upload(db: str, stage: int) -> int:
    """Import the demo's plan of one stage (0 = oldest); return its upload id."""
    name, data, when, who = demo_workbooks(TODAY)[stage]
    outcome = import_workbook(
        data,
        name,
        db_path=db,
        options=ImportOptions(kommun=KOMMUN, lpo=LPO),
        uploaded_by=who,
        uploaded_at=when,
    )
    assert outcome.summary is not None
    return outcome.summary.upload_id


def plan_state(db: str) -> dict[str, Any]:
    """What every page shows of the agreement: its current plan judged on TODAY."""
    with store.open_store(db) as con:
        [agreement] = store.fetch_agreements(con)
        return build_plan_status(con, agreement, TODAY).model_dump()


@pytest.fixture(scope="module")
def three_uploads(module_store_location: Callable[[str], str]) -> str:
    """The demo agreement's first three plan uploads (ids 1, 2, 3), in the module's engine."""
    db = module_store_location("rollback")
    for stage in range(3):
        import_demo_upload(db, stage)
    return db


@pytest.fixture
def four_uploads(three_uploads: str, store_location: str) -> str:
    """The three uploads, then the fourth (id 4), in a store of the test's own."""
    db = clone_store(three_uploads, store_location)
    assert import_demo_upload(db, 3) == 4
    return db


def withdraw(db: str, upload_id: int, withdrawn: bool = True, **when: Any) -> bool:
    with store.open_store(db) as con:
        return set_upload_withdrawn(con, upload_id, withdrawn, changed_by=ANNA, **when)


def test_withdrawing_the_newest_upload_brings_back_the_plan_before_exactly(
    three_uploads: str, four_uploads: str
) -> None:
    before = plan_state(three_uploads)
    after = plan_state(four_uploads)
    assert before != after
    snapshot_after = store_snapshot(four_uploads)

    assert withdraw(four_uploads, 4)
    assert plan_state(four_uploads) == before
    # Nothing was deleted: the upload, its file and its activities are all still there.
    with store.open_store(four_uploads) as con:
        counts = store.fetch_table_counts(con)
        assert store.fetch_batch_activities(con, 4)
        assert store.fetch_upload_original(con, 4)
    assert counts == {t: len(rows) for t, rows in snapshot_after.items()}

    assert withdraw(four_uploads, 4, withdrawn=False)
    assert plan_state(four_uploads) == after
    assert store_snapshot(four_uploads) == snapshot_after


@pytest.mark.parametrize(
    ("withdrawn", "current_file_stage"),
    [
        ([4], 2),  # the newest: the one before counts again
        ([3], 3),  # an older one: the current plan stays the newest
        ([4, 3], 1),  # two in a row: back two steps
        ([1, 2, 3, 4], None),  # all: no plan at all, nothing to show but nothing lost
    ],
)
def test_the_current_plan_is_the_newest_upload_not_withdrawn(
    four_uploads: str, withdrawn: list[int], current_file_stage: int | None
) -> None:
    for upload_id in withdrawn:
        assert withdraw(four_uploads, upload_id)
    with store.open_store(four_uploads) as con:
        [agreement] = store.fetch_agreements(con)
        upload = store.fetch_current_upload(con, agreement.id or 0)
        activities = store.fetch_current_activities(con, agreement.id or 0)
    if current_file_stage is None:
        assert upload is None
        assert activities == []
    else:
        assert upload is not None
        assert upload.file_name == demo_workbooks(TODAY)[current_file_stage][0]
        assert activities


def test_history_marks_the_withdrawn_upload_with_who_and_when(four_uploads: str) -> None:
    moment = dt.datetime(2024, 6, 2, 16, 40)
    withdraw(four_uploads, 3, changed_at=moment)
    with store.open_store(four_uploads) as con:
        history = build_upload_history(con, 1)
    assert [e.batch.withdrawn for e in history] == [False, False, True, False]
    marked = history[2]
    assert marked.withdrawal is not None
    assert (marked.withdrawal.changed_by, marked.withdrawal.changed_at) == (ANNA, moment)
    assert marked.changes is None
    # The fourth upload is compared with the second, the last plan that counted before it.
    assert history[3].changes is not None
    assert latest_changes(history) is history[3]
    assert all(e.withdrawal is None for e in history if not e.batch.withdrawn)

    withdraw(four_uploads, 3, withdrawn=False)
    with store.open_store(four_uploads) as con:
        history = build_upload_history(con, 1)
        log = fetch_withdrawal_log(con, 3)
    assert not any(e.batch.withdrawn or e.withdrawal for e in history)
    assert [(w.withdrawn, w.changed_by) for w in log] == [(True, ANNA), (False, ANNA)]


def test_withdrawing_twice_changes_nothing_the_second_time(four_uploads: str) -> None:
    assert withdraw(four_uploads, 4)
    assert not withdraw(four_uploads, 4)
    assert not withdraw(four_uploads, 3, withdrawn=False)
    with store.open_store(four_uploads) as con:
        assert len(fetch_withdrawal_log(con, 4)) == 1
        assert fetch_withdrawal_log(con, 3) == []


def test_an_unknown_upload_is_refused_and_nothing_changes(four_uploads: str) -> None:
    before = store_snapshot(four_uploads)
    with pytest.raises(UploadNotFound), store.open_store(four_uploads) as con:
        set_upload_withdrawn(con, 99, True, changed_by=ANNA)
    assert store_snapshot(four_uploads) == before


def test_a_store_made_before_rollback_existed_reads_and_withdraws(three_uploads: str) -> None:
    """A store without the withdrawal log (every store made before it) gets it, empty, on open."""
    with store.open_store(three_uploads) as con:  # as main made stores until schema 3
        con.execute("DROP TABLE upload_withdrawal")
        con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    with store.open_store(three_uploads) as con:
        assert "upload_withdrawal" in every_table(con)
        assert fetch_withdrawals(con) == {}
        assert len(build_upload_history(con, 1)) == 3


def test_a_withdrawn_file_uploaded_again_counts_again(four_uploads: str) -> None:
    withdraw(four_uploads, 4)
    assert import_demo_upload(four_uploads, 3) == 5
    with store.open_store(four_uploads) as con:
        upload = store.fetch_current_upload(con, 1)
    assert upload is not None
    assert upload.id == 5


def test_withdrawing_a_survey_upload_brings_back_the_values_before(store_location: str) -> None:
    first = make_long_survey(make_long_row(År=2022, Värde=1.9), make_long_row(År=2023, Värde=1.8))
    second = make_long_survey(make_long_row(År=2023, Värde=1.5))
    ids = []
    for name, data in (("forsta.xlsx", first), ("andra.xlsx", second)):
        outcome = import_workbook(data, name, db_path=store_location)
        assert outcome.summary is not None
        assert outcome.survey is not None
        ids.append(outcome.summary.upload_id)

    def values() -> dict[int, float | None]:
        with store.open_store(store_location) as con:
            return {v.year: v.value for v in store.fetch_survey_values(con, "Eslöv")}

    assert values() == {2022: 1.9, 2023: 1.5}
    withdraw(store_location, ids[1])
    assert values() == {2022: 1.9, 2023: 1.8}
    withdraw(store_location, ids[0])
    assert values() == {}
    with store.open_store(store_location) as con:
        assert store.fetch_survey_kommuner(con) == []
    withdraw(store_location, ids[1], withdrawn=False)
    assert values() == {2023: 1.5}


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["withdraw", "4"], 0, "Uppladdning 4 är tillbakadragen"),
        (["withdraw", "4", "--restore"], 0, "var redan gällande"),
        (["withdraw", "99"], 2, "Det finns ingen uppladdning 99"),
        (["withdraw", "fyra"], 2, "inget uppladdningsnummer"),
        (["withdraw"], 2, "följande argument saknas"),
    ],
)
def test_withdraw_command_exit_codes(
    four_uploads: str,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    code: int,
    said: str,
) -> None:
    assert main([*args, "--db", str(four_uploads)]) == code
    out = capsys.readouterr()
    assert said in out.out + out.err
    assert "Traceback" not in out.out + out.err


def test_withdraw_command_then_restore_returns_the_plan(
    three_uploads: str, four_uploads: str, capsys: pytest.CaptureFixture[str]
) -> None:
    after = plan_state(four_uploads)
    assert main(["withdraw", "4", "--db", str(four_uploads), "--by", "Anna"]) == 0
    assert plan_state(four_uploads) == plan_state(three_uploads)
    with store.open_store(four_uploads) as con:
        assert fetch_withdrawals(con)[4].changed_by == "Anna"
    assert main(["withdraw", "4", "--restore", "--db", str(four_uploads)]) == 0
    assert plan_state(four_uploads) == after
    with store.open_store(four_uploads) as con:
        logged = [(e.actor, e.action) for e in fetch_audit_log(con)]
    assert sorted(logged) == sorted(
        [("Anna", AuditAction.WITHDRAWAL), ("kommandoraden", AuditAction.RESTORE)]
    )
    assert "återställd" in capsys.readouterr().out
