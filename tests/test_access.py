"""Access (issue 7): the role rules, passwords, login sessions, the audit log and its exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from samverkan import store
from samverkan.access import (
    LOCAL_ADMIN,
    is_page_visible,
    may_manage_users,
    may_see_confidential,
    may_withdraw,
    may_write,
    may_write_all,
    write_refusal,
)
from samverkan.accounts import (
    attempt_login,
    authenticate,
    check_new_password,
    check_new_user,
    end_session,
    hash_password,
    resume_session,
    start_session,
    token_digest,
    verify_password,
)
from samverkan.excel.safe_cells import neutralise_csv_value
from samverkan.exports.audit_log import audit_log_csv, audit_log_xlsx
from samverkan.models import AuditAction, AuditEntry, LoginRefusal, Role, UserAccount
from samverkan.store.audit import fetch_audit_log, save_audit_entry
from samverkan.store.users import delete_user, fetch_account_counts, fetch_users, save_user

READER = UserAccount(email="lasare@burlov.se", name="Lars Läsare", role=Role.READER)
LOMMA = UserAccount(
    email="sam@lomma.se", name="Sara Samordnare", role=Role.COORDINATOR, kommuner=("Lomma",)
)
TWO = UserAccount(
    email="bo@x.se", name="Bo", role=Role.COORDINATOR, kommuner=("Burlöv", "Kävlinge")
)
ADMIN = UserAccount(email="admin@burlov.se", name="Ada Admin", role=Role.ADMIN)


@pytest.mark.parametrize(
    ("role", "page", "visible"),
    [
        (Role.READER, "", True),  # Översikt, the default page
        (Role.READER, "snabbkoll", True),
        (Role.READER, "historik", True),
        (Role.READER, "rapporter", True),
        (Role.READER, "forandringar", True),
        (Role.READER, "ladda_upp", False),
        (Role.READER, "overenskommelse", False),
        (Role.READER, "anvandare", False),
        (Role.COORDINATOR, "ladda_upp", True),
        (Role.COORDINATOR, "overenskommelse", True),
        (Role.COORDINATOR, "historik", True),
        (Role.COORDINATOR, "anvandare", False),
        (Role.ADMIN, "ladda_upp", True),
        (Role.ADMIN, "overenskommelse", True),
        (Role.ADMIN, "anvandare", True),
        (Role.ADMIN, "snabbkoll", True),
    ],
)
def test_which_pages_each_role_sees(role: Role, page: str, visible: bool) -> None:
    assert is_page_visible(role, page) is visible


@pytest.mark.parametrize(
    ("user", "kommun", "allowed"),
    [
        (READER, "Burlöv", False),
        (READER, "Lomma", False),
        (LOMMA, "Lomma", True),
        (LOMMA, "lomma", True),  # any case
        (LOMMA, "Lommas", True),  # as a title writes it
        (LOMMA, "Burlöv", False),
        (LOMMA, "", False),
        (LOMMA, None, False),
        (TWO, "Burlöv", True),
        (TWO, "Kävlinge", True),
        (TWO, "Lomma", False),
        (ADMIN, "Burlöv", True),
        (ADMIN, "Lomma", True),
        (LOCAL_ADMIN, "Eslöv", True),
        (None, "Burlöv", False),
    ],
)
def test_who_may_write_for_which_kommun(
    user: UserAccount | None, kommun: str | None, allowed: bool
) -> None:
    assert may_write(user, kommun) is allowed


@pytest.mark.parametrize(
    ("user", "kommuner", "allowed"),
    [
        (TWO, ["Burlöv", "Kävlinge"], True),
        (TWO, ["Burlöv", "Lomma"], False),  # a file with one kommun too many saves nothing
        (TWO, [], False),
        (ADMIN, ["Burlöv", "Lomma"], True),
    ],
)
def test_a_file_with_several_kommuner_needs_the_right_for_each(
    user: UserAccount, kommuner: list[str], allowed: bool
) -> None:
    assert may_write_all(user, kommuner) is allowed


@pytest.mark.parametrize(
    ("user", "withdraw", "manage"),
    [(READER, False, False), (LOMMA, False, False), (ADMIN, True, True), (None, False, False)],
)
def test_only_an_admin_withdraws_and_manages_users(
    user: UserAccount | None, withdraw: bool, manage: bool
) -> None:
    assert may_withdraw(user) is withdraw
    assert may_manage_users(user) is manage


@pytest.mark.parametrize(
    ("user", "sees"),
    [(READER, True), (LOMMA, True), (ADMIN, True), (LOCAL_ADMIN, True), (None, False)],
)
def test_every_logged_in_user_sees_ej_offentlig_and_nobody_else(
    user: UserAccount | None, sees: bool
) -> None:
    assert may_see_confidential(user) is sees


@pytest.mark.parametrize(
    ("user", "words"),
    [
        (READER, "bara läsa"),
        (LOMMA, "Du får inte ändra uppgifterna för Burlöv. Ditt konto gäller Lomma."),
        (None, "inte inloggad"),
    ],
)
def test_a_refusal_is_a_swedish_sentence_saying_nothing_was_saved(
    user: UserAccount | None, words: str
) -> None:
    message = write_refusal(user, ["Burlöv"])
    assert words in message
    assert "Inget har sparats" in message


def test_a_password_hash_round_trip_and_a_wrong_password_refused() -> None:
    hashed = hash_password("korrekt häst batteri")
    assert hashed.startswith("$argon2id$")
    assert "korrekt" not in hashed
    assert verify_password(hashed, "korrekt häst batteri")
    assert not verify_password(hashed, "korrekt häst batterI")
    assert not verify_password(hashed, "")
    assert not verify_password("inte en hash", "korrekt häst batteri")
    assert hash_password("samma") != hash_password("samma")  # salted


@pytest.mark.parametrize(
    ("password", "refused"),
    [("kort", True), ("tio tecken", False), (" mellanslag först", True), ("långtlösenord1", False)],
)
def test_new_passwords_need_ten_characters(password: str, refused: bool) -> None:
    assert bool(check_new_password(password)) is refused


@pytest.mark.parametrize(
    ("email", "role", "kommuner", "named", "refused"),
    [
        ("a@b.se", Role.COORDINATOR, ["burlöv", "Burlövs kommun"], ["Burlöv"], False),
        ("a@b.se", Role.COORDINATOR, [], [], True),  # a samordnare needs a kommun
        ("a@b.se", Role.COORDINATOR, ["Atlantis"], [], True),
        ("a@b.se", Role.READER, ["Lomma"], ["Lomma"], False),  # the kommuner a läsare reads
        ("a@b.se", Role.ADMIN, ["Lomma"], ["Lomma"], True),  # an admin has every kommun
        ("inte-en-adress", Role.ADMIN, [], [], True),
        ("a@b.se", Role.ADMIN, [], [], False),
    ],
)
def test_new_users_are_checked(
    email: str, role: Role, kommuner: list[str], named: list[str], refused: bool
) -> None:
    got, messages = check_new_user(email, role, kommuner)
    assert got == named
    assert bool(messages) is refused


def test_a_local_account_logs_in_with_its_password_only(empty_store: Path) -> None:
    with store.open_store(empty_store) as con:
        assert fetch_account_counts(con) == (0, 0)
        save_user(con, LOMMA, hash_password("lommalösen1"))
        save_user(con, READER)  # logs in through an identity provider: no password
        assert fetch_account_counts(con) == (2, 1)
        assert authenticate(con, "Sam@Lomma.se", "lommalösen1") == fetch_users(con)[1]
        assert authenticate(con, "sam@lomma.se", "fel lösenord") is None
        assert authenticate(con, "ingen@lomma.se", "lommalösen1") is None
        assert authenticate(con, READER.email, "") is None


def test_changing_a_user_keeps_the_password_unless_a_new_one_is_given(empty_store: Path) -> None:
    with store.open_store(empty_store) as con:
        assert save_user(con, LOMMA, hash_password("lommalösen1")) is True
        moved = LOMMA.model_copy(update={"kommuner": ("Lomma", "Burlöv")})
        assert save_user(con, moved) is False
        assert authenticate(con, LOMMA.email, "lommalösen1") is not None
        assert fetch_users(con)[0].kommuner == ("Lomma", "Burlöv")


def test_a_session_lasts_its_hours_and_ends_on_logout_or_removal(
    empty_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAMVERKAN_SESSION_HOURS", "2")
    start = dt.datetime(2026, 12, 2, 9, 0)
    with store.open_store(empty_store) as con:
        save_user(con, LOMMA, hash_password("lommalösen1"))
        token = start_session(con, LOMMA, now=start)
        assert token_digest(token) != token
        in_time = resume_session(con, token, now=start + dt.timedelta(hours=1, minutes=59))
        assert in_time is not None
        assert in_time.email == LOMMA.email
        assert resume_session(con, token, now=start + dt.timedelta(hours=2)) is None
        assert resume_session(con, "gissad", now=start) is None
        end_session(con, token)
        assert resume_session(con, token, now=start) is None
        other = start_session(con, LOMMA, now=start)
        assert delete_user(con, LOMMA.email)
        assert resume_session(con, other, now=start) is None


def test_the_audit_log_keeps_who_when_what_newest_first(empty_store: Path) -> None:
    with store.open_store(empty_store) as con:
        assert fetch_audit_log(con) == []
        save_audit_entry(
            con, "Sara", AuditAction.LOGIN, "Lokalt konto", at=dt.datetime(2026, 12, 1, 8, 0)
        )
        save_audit_entry(
            con,
            "Sara",
            AuditAction.UPLOAD,
            "plan.xlsx",
            kommun="Lomma",
            at=dt.datetime(2026, 12, 1, 8, 5),
        )
        log = fetch_audit_log(con)
    assert [(e.action, e.kommun) for e in log] == [
        (AuditAction.UPLOAD, "Lomma"),
        (AuditAction.LOGIN, None),
    ]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=SUMMA(A1:A3)", "'=SUMMA(A1:A3)"),
        ("+46 40 123", "'+46 40 123"),
        ("-1", "'-1"),
        ("@import", "'@import"),
        ("\tflik", "'\tflik"),
        ("Burlöv", "Burlöv"),
        ("", ""),
    ],
)
def test_csv_values_that_a_spreadsheet_would_run_get_an_apostrophe(
    value: str, written: str
) -> None:
    assert neutralise_csv_value(value) == written


def test_the_log_exports_keep_user_text_as_text() -> None:
    entries = [
        AuditEntry(
            at=dt.datetime(2026, 12, 2, 16, 40),
            actor='=HYPERLINK("http://x")',
            action=AuditAction.UPLOAD,
            kommun="Burlöv",
            detail="plan;med semikolon.xlsx",
        )
    ]
    rows = list(csv.reader(io.StringIO(audit_log_csv(entries).decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Tid", "Vem", "Vad", "Kommun", "Beskrivning"]
    assert rows[1] == [
        "2026-12-02 16:40",
        '\'=HYPERLINK("http://x")',
        "uppladdning",
        "Burlöv",
        "plan;med semikolon.xlsx",
    ]
    workbook = openpyxl.load_workbook(io.BytesIO(audit_log_xlsx(entries, [LOMMA])))
    cell = workbook["Logg"]["B2"]
    assert cell.value == '=HYPERLINK("http://x")'
    assert cell.data_type == "s"
    users = workbook["Användare"]
    assert [c.value for c in users[2]][:6] == [
        "sam@lomma.se",
        "Sara Samordnare",
        "samordnare",
        "Lomma",
        None,  # no party (Part)
        "nej",
    ]


@pytest.mark.parametrize(
    ("failures", "minutes_ago", "locked"),
    [(4, 1, False), (5, 1, True), (5, 14, True), (5, 16, False), (9, 30, False)],
)
def test_five_failed_logins_in_fifteen_minutes_lock_the_email(
    empty_store: Path, failures: int, minutes_ago: int, locked: bool
) -> None:
    now = dt.datetime(2026, 12, 2, 12, 0)
    with store.open_store(empty_store) as con:
        save_user(con, LOMMA, hash_password("lommalösen1"))
        for _ in range(failures):
            before = now - dt.timedelta(minutes=minutes_ago)
            attempt_login(con, "sam@lomma.se", "fel lösenord", now=before)
        outcome = attempt_login(con, " Sam@Lomma.se", "lommalösen1", now=now)
        assert (outcome is LoginRefusal.LOCKED_OUT) is locked
        other = attempt_login(con, "annan@lomma.se", "fel lösenord", now=now)
        assert other is LoginRefusal.WRONG_PASSWORD
