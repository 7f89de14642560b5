"""Check-ins in the store: a version like an upload, read by every page, withdrawn like one,
refused on the server for those who may not, and kept over an older file's contradiction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from samverkan import store
from samverkan.checkins import record_checkin
from samverkan.demo import KOMMUN, LPO
from samverkan.excel.plan import ImportOptions
from samverkan.history import build_upload_history
from samverkan.importing.pipeline import find_checkin_conflicts, import_workbook, read_upload
from samverkan.models import (
    CHECKIN_FILE_NAME,
    AuditAction,
    CheckInField,
    CheckInRequest,
    Party,
    PlanKind,
    ReportFormat,
    ReportKind,
    Role,
    Status,
    UserAccount,
)
from samverkan.reports import build_report
from samverkan.reports.period import report_period
from samverkan.store.audit import fetch_audit_log
from samverkan.store.checkins import (
    PlanChanged,
    fetch_checkins,
    fetch_pending_checkins,
    save_checkin,
)
from samverkan.store.rollback import set_upload_withdrawn
from samverkan.store.users import delete_user, save_user
from samverkan.swedish import format_date
from tests.conftest import store_snapshot

KIM = UserAccount(
    email="kim@polisen.se", name="Kim Polis", role=Role.READER, party=Party.POLIS, lpo=LPO
)
MALMO_POLIS = KIM.model_copy(update={"email": "mo@polisen.se", "lpo": "Malmö Norr"})
READER = UserAccount(email="las@burlov.se", name="Läsare", role=Role.READER)
LOMMA_COORDINATOR = UserAccount(
    email="sam@lomma.se", name="Sam", role=Role.COORDINATOR, kommuner=("Lomma",)
)
POLICE_KEY = "B4"  # Polis, Pågår in the demo's newest plan
KOMMUN_KEY = "B3"  # Kommun
NOW = (dt.datetime.now() - dt.timedelta(minutes=5)).replace(microsecond=0)
YEAR = report_period(ReportKind.YEAR, NOW.date())


@pytest.fixture
def demo(writable_demo_store: str) -> str:
    with store.open_store(writable_demo_store) as con:
        for user in (KIM, MALMO_POLIS, READER, LOMMA_COORDINATOR):
            save_user(con, user)
    return writable_demo_store


def current(db: str, key: str) -> Any:
    with store.open_store(db) as con:
        [agreement] = store.fetch_agreements(con)
        return next(
            a for a in store.fetch_current_activities(con, agreement.id) if a.activity_key == key
        )


def check_in(
    db: str,
    user: UserAccount | None,
    key: str,
    request: CheckInRequest,
    agreement_id: int = 1,
    now: dt.datetime = NOW,
) -> Any:
    with store.open_store(db) as con:
        return record_checkin(
            con, user, user.name if user else "okänd", agreement_id, key, request, now=now
        )


def test_a_check_in_is_a_whole_version_of_the_plan(demo: str) -> None:
    with store.open_store(demo) as con:
        before = store.fetch_current_activities(con, 1)
        old_batch = store.fetch_current_batch_id(con, 1)
    result = check_in(demo, KIM, POLICE_KEY, CheckInRequest(status=Status.DONE, comment="Klart"))
    assert result.saved, result.problems
    assert result.message == (
        "Sparat: Riktade narkotikakontroller vid Arlövs station markerad som genomförd "
        f"{format_date(NOW.date())}, ny kommentar."
    )
    with store.open_store(demo) as con:
        after = store.fetch_current_activities(con, 1)
        upload = store.fetch_current_upload(con, 1)
        batch_id = store.fetch_current_batch_id(con, 1)
        [batch] = store.fetch_batches(con, result.checkin.upload_id)
        original = store.fetch_upload_original(con, result.checkin.upload_id)
        log = fetch_audit_log(con, 1)
    assert batch_id != old_batch
    assert batch.id == batch_id
    assert (batch.kind, batch.rows, batch.agreement_id) == (PlanKind.PLAN, len(before), 1)
    assert upload is not None
    assert upload.is_checkin
    assert (upload.file_name, upload.uploaded_by, upload.uploaded_at) == (
        CHECKIN_FILE_NAME,
        "Kim Polis",
        NOW,
    )
    assert original is not None
    assert '"incheckning": "B4"' in original.decode("utf-8")
    changed = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    assert len(changed) == 1
    old, new = changed[0]
    assert (new.status, new.done_on, new.comment, new.status_text) == (
        Status.DONE, NOW.date(), "Klart", "Genomförd",
    )  # fmt: skip
    assert old.model_dump(
        exclude={"status", "done_on", "comment", "status_text"}
    ) == new.model_dump(exclude={"status", "done_on", "comment", "status_text"})
    assert (log[0].action, log[0].actor, log[0].kommun) == (
        AuditAction.CHECKIN,
        "Kim Polis",
        KOMMUN,
    )
    assert "B4" in log[0].detail
    assert "Pågår → Genomförd" in log[0].detail


def test_withdrawing_the_check_in_brings_the_plan_back(demo: str) -> None:
    before = current(demo, POLICE_KEY)
    result = check_in(demo, KIM, POLICE_KEY, CheckInRequest(status=Status.DONE))
    assert current(demo, POLICE_KEY).status is Status.DONE
    with store.open_store(demo) as con:
        assert set_upload_withdrawn(con, result.checkin.upload_id, True, changed_by="Ada")
        [checkin] = fetch_checkins(con, 1)
        assert checkin.withdrawn
        assert fetch_pending_checkins(con, [1]) == []
    assert current(demo, POLICE_KEY) == before


def test_history_lists_the_check_in_as_its_own_version(demo: str) -> None:
    check_in(demo, KIM, POLICE_KEY, CheckInRequest(status=Status.DONE))
    with store.open_store(demo) as con:
        history = build_upload_history(con, 1)
    newest = history[-1]
    assert newest.upload.is_checkin
    assert newest.changes is not None
    assert [c.after.activity_key for c in newest.changes.completed] == [POLICE_KEY]


def test_the_report_counts_the_check_in(demo: str) -> None:
    check_in(demo, KIM, POLICE_KEY, CheckInRequest(status=Status.DONE))
    with store.open_store(demo) as con:
        [agreement] = store.fetch_agreements(con)
        data = build_report(con, agreement, YEAR, ReportFormat.XLSX, NOW.date())
    assert data[:2] == b"PK"


def test_a_check_in_on_a_plan_changed_meanwhile_is_refused(demo: str) -> None:
    with store.open_store(demo) as con:
        stale = store.fetch_current_batch_id(con, 1)
    check_in(demo, KIM, POLICE_KEY, CheckInRequest(status=Status.DONE))
    snapshot = store_snapshot(demo)
    assert stale is not None
    with store.open_store(demo) as con, pytest.raises(PlanChanged):
        save_checkin(
            con, agreement_id=1, based_on_batch=stale, activity_key=POLICE_KEY, title="t",
            changes=[_status_change()], reason=None, comment=None, by="x", at=NOW, original=b"{}",
        )  # fmt: skip
    assert store_snapshot(demo) == snapshot


def _status_change() -> Any:
    from samverkan.models import FieldChange

    return FieldChange(field=CheckInField.STATUS, before=Status.IN_PROGRESS, after=Status.DONE)


@pytest.mark.parametrize(
    ("who", "key", "agreement_id", "says"),
    [
        (READER, POLICE_KEY, 1, "Du får inte checka in"),  # a reader
        (LOMMA_COORDINATOR, POLICE_KEY, 1, "Du får inte checka in"),  # another kommun's
        (MALMO_POLIS, POLICE_KEY, 1, "Du får inte checka in"),  # a kommunpolis of another LPO
        (KIM, KOMMUN_KEY, 1, "Du får inte checka in"),  # the kommun's commitment
        (KIM, "L7", 1, "Det finns ingen aktivitet L7"),  # an id not in this agreement's plan
        (KIM, POLICE_KEY, 99, "ingen plan"),  # an agreement that does not exist
        (None, POLICE_KEY, 1, "Du får inte checka in"),  # nobody logged in
    ],
)
def test_attacks_are_refused_on_the_server_and_logged(
    demo: str, who: UserAccount | None, key: str, agreement_id: int, says: str
) -> None:
    before = store_snapshot(demo)
    result = check_in(demo, who, key, CheckInRequest(status=Status.DONE), agreement_id)
    assert not result.saved
    assert any(says in p for p in result.problems), result.problems
    after = store_snapshot(demo)
    assert {t: v for t, v in after.items() if t != "audit_log"} == {
        t: v for t, v in before.items() if t != "audit_log"
    }
    if agreement_id == 1:
        with store.open_store(demo) as con:
            assert fetch_audit_log(con, 1)[0].action is AuditAction.REFUSED


def test_rights_are_read_from_the_store_when_the_check_in_is_saved(demo: str) -> None:
    with store.open_store(demo) as con:  # an admin took Kim's party away after the page drew
        save_user(con, KIM.model_copy(update={"party": None, "lpo": None}))
    result = check_in(demo, KIM, POLICE_KEY, CheckInRequest(status=Status.DONE))
    assert not result.saved


def test_an_older_file_does_not_undo_a_later_check_in(demo: str, tmp_path: Path) -> None:
    # The coordinator's working copy: the plan as it was before the check-in.
    with store.open_store(demo) as con:
        [agreement] = store.fetch_agreements(con)
        workbook = build_report(con, agreement, YEAR, ReportFormat.XLSX, NOW.date())
    check_in(
        demo,
        KIM,
        POLICE_KEY,
        CheckInRequest(status=Status.DONE, done_on=NOW.date() - dt.timedelta(days=4)),
    )
    report = read_upload(workbook, "plan.xlsx", ImportOptions(kommun=KOMMUN, lpo=LPO)).report
    conflicts = find_checkin_conflicts(report, db_path=demo)
    assert {(c.activity_key, c.field) for c in conflicts} == {
        (POLICE_KEY, CheckInField.STATUS),
        (POLICE_KEY, CheckInField.DONE_ON),
    }
    outcome = import_workbook(
        workbook, "plan.xlsx", db_path=demo, options=ImportOptions(kommun=KOMMUN, lpo=LPO)
    )
    assert outcome.summary is not None
    assert len(outcome.summary.checkin_conflicts) == 2
    assert outcome.summary.file_won == []
    kept = current(demo, POLICE_KEY)
    assert (kept.status, kept.done_on) == (Status.DONE, NOW.date() - dt.timedelta(days=4))
    with store.open_store(demo) as con:
        assert fetch_pending_checkins(con, [1]) == []  # the file holds it now


def test_the_coordinator_may_let_the_file_win(demo: str) -> None:
    with store.open_store(demo) as con:
        [agreement] = store.fetch_agreements(con)
        workbook = build_report(con, agreement, YEAR, ReportFormat.XLSX, NOW.date())
    check_in(demo, KIM, POLICE_KEY, CheckInRequest(status=Status.DONE))
    options = ImportOptions(kommun=KOMMUN, lpo=LPO)
    report = read_upload(workbook, "plan.xlsx", options).report
    status_key = next(
        c.key
        for c in find_checkin_conflicts(report, db_path=demo)
        if c.field is CheckInField.STATUS
    )
    outcome = import_workbook(
        workbook, "plan.xlsx", db_path=demo, options=options, file_wins={status_key}
    )
    assert outcome.summary is not None
    assert outcome.summary.file_won == [status_key]
    # The file's status wins, and its (empty) done date with it: one choice for both.
    assert (current(demo, POLICE_KEY).status, current(demo, POLICE_KEY).done_on) == (
        Status.IN_PROGRESS,
        None,
    )


def test_a_back_dated_file_is_no_conflict(demo: str) -> None:
    check_in(demo, KIM, POLICE_KEY, CheckInRequest(status=Status.DONE))
    with store.open_store(demo) as con:
        assert fetch_pending_checkins(con, [1], until=NOW - dt.timedelta(days=1)) == []
        assert len(fetch_pending_checkins(con, [1], until=NOW)) == 1


def test_a_removed_user_checks_in_nothing(demo: str) -> None:
    with store.open_store(demo) as con:
        delete_user(con, KIM.email)
    assert not check_in(demo, KIM, POLICE_KEY, CheckInRequest(status=Status.DONE)).saved
