"""Login holds under attack (issue 14): each way in that a review found open, shut.

- guesses racing each other: at most five checked per e-mail in any 15 minutes, with 30
  threads on a real DuckDB file
- input no person types: a 5 MB e-mail or a huge password is refused before a hash or the
  store, and no text of any length makes an audit row of more than a few kilobytes
- a new password or role ends the user's logins
- an identity provider is believed only for an address it verified, in a domain it may
  speak for
- the way back after a provider login never leaves the site
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest

from samverkan import accounts, store
from samverkan.accounts import (
    MAX_EMAIL_LENGTH,
    MAX_FAILED_LOGINS,
    attempt_login,
    check_login_input,
    check_new_password,
    hash_password,
    provider_identity,
    resume_session,
    start_session,
)
from samverkan.models import AuditAction, LoginRefusal, Role, UserAccount
from samverkan.store.audit import (
    MAX_ACTOR_LENGTH,
    MAX_DETAIL_LENGTH,
    MAX_KOMMUN_LENGTH,
    fetch_audit_log,
    save_audit_entry,
)
from samverkan.store.users import save_user
from samverkan.web.auth import is_own_path

PASSWORD = "lommalösen1"
LOMMA = UserAccount(
    email="sam@lomma.se", name="Sara Samordnare", role=Role.COORDINATOR, kommuner=("Lomma",)
)
NOW = dt.datetime(2026, 12, 7, 1, 0)
HUGE_EMAIL = "a" * 5_000_000 + "@lomma.se"


@pytest.fixture
def lomma_store(empty_store: Path) -> Path:
    """A store with one local account, Lomma's samordnare."""
    with store.open_store(empty_store) as con:
        save_user(con, LOMMA, hash_password(PASSWORD))
    return empty_store


@pytest.fixture
def counted_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password hash checked from now on, by the password it was checked with."""
    checked: list[str] = []
    lock = threading.Lock()
    real = accounts.verify_password

    def counting(password_hash: str, password: str) -> bool:
        with lock:
            checked.append(password)
        return real(password_hash, password)

    monkeypatch.setattr(accounts, "verify_password", counting)
    return checked


# -- guesses racing each other -------------------------------------------------------------------


def test_thirty_guesses_at_once_get_five_checked(
    lomma_store: Path, counted_checks: list[str]
) -> None:
    """Each thread opens the store itself, as each browser session's login does."""
    start = threading.Barrier(30)
    outcomes: list[object] = []
    lock = threading.Lock()

    def guess(number: int) -> None:
        start.wait()
        with store.open_store(lomma_store) as con:
            outcome = attempt_login(con, LOMMA.email, f"gissning {number}", now=NOW)
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert len(outcomes) == 30
    assert len(counted_checks) == MAX_FAILED_LOGINS
    assert outcomes.count(LoginRefusal.WRONG_PASSWORD) == MAX_FAILED_LOGINS
    assert outcomes.count(LoginRefusal.LOCKED_OUT) == 30 - MAX_FAILED_LOGINS
    with store.open_store(lomma_store) as con:
        # The right password is locked out too until the window has passed; then it works.
        assert attempt_login(con, LOMMA.email, PASSWORD, now=NOW) is LoginRefusal.LOCKED_OUT
        later = attempt_login(con, LOMMA.email, PASSWORD, now=NOW + dt.timedelta(minutes=16))
    assert isinstance(later, UserAccount)
    assert later.email == LOMMA.email
    assert len(counted_checks) == MAX_FAILED_LOGINS + 1


def test_a_right_password_does_not_count_towards_the_lockout(lomma_store: Path) -> None:
    with store.open_store(lomma_store) as con:
        for _ in range(MAX_FAILED_LOGINS + 2):
            assert isinstance(attempt_login(con, LOMMA.email, PASSWORD, now=NOW), UserAccount)
        assert attempt_login(con, LOMMA.email, "fel lösenord", now=NOW) is (
            LoginRefusal.WRONG_PASSWORD
        )


# -- input no person types -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "password", "refused"),
    [
        ("sam@lomma.se", PASSWORD, None),
        (" Sam@Lomma.se ", PASSWORD, None),
        (HUGE_EMAIL, PASSWORD, LoginRefusal.NOT_AN_EMAIL),
        ("a" * 64 + "@" + "b" * (MAX_EMAIL_LENGTH - 65), PASSWORD, None),  # 320: the most
        ("a" * 64 + "@" + "b" * (MAX_EMAIL_LENGTH - 64), PASSWORD, LoginRefusal.NOT_AN_EMAIL),
        ("a" * 65 + "@lomma.se", PASSWORD, LoginRefusal.NOT_AN_EMAIL),  # 64 before the @
        ("", PASSWORD, LoginRefusal.NOT_AN_EMAIL),
        ("sam", PASSWORD, LoginRefusal.NOT_AN_EMAIL),
        ("sam@", PASSWORD, LoginRefusal.NOT_AN_EMAIL),
        ("@lomma.se", PASSWORD, LoginRefusal.NOT_AN_EMAIL),
        ("sam@lomma@se", PASSWORD, LoginRefusal.NOT_AN_EMAIL),
        ("sam lindqvist@lomma.se", PASSWORD, LoginRefusal.NOT_AN_EMAIL),
        ("sam\x00@lomma.se", PASSWORD, LoginRefusal.NOT_AN_EMAIL),
        ("sam@lomma.se\n", PASSWORD, None),  # stripped, as the form strips it
        ("sam@lomma.se", "x" * 1024, None),
        ("sam@lomma.se", "x" * 1025, LoginRefusal.PASSWORD_TOO_LONG),
        ("sam@lomma.se", "x" * 5_000_000, LoginRefusal.PASSWORD_TOO_LONG),
    ],
)
def test_login_input_is_checked_before_anything_else(
    email: str, password: str, refused: LoginRefusal | None
) -> None:
    assert check_login_input(email, password) is refused


def test_a_huge_email_or_password_is_never_hashed_nor_stored(
    lomma_store: Path, counted_checks: list[str]
) -> None:
    before = store.store_version(lomma_store)
    with store.open_store(lomma_store) as con:
        assert attempt_login(con, HUGE_EMAIL, PASSWORD) is LoginRefusal.NOT_AN_EMAIL
        huge_password = "x" * 5_000_000
        assert attempt_login(con, LOMMA.email, huge_password) is LoginRefusal.PASSWORD_TOO_LONG
    assert counted_checks == []
    assert store.store_version(lomma_store) == before


@pytest.mark.parametrize(("length", "refused"), [(1024, False), (1025, True)])
def test_a_new_password_fits_the_login_form(length: int, refused: bool) -> None:
    assert bool(check_new_password("x" * length)) is refused


@pytest.mark.parametrize(
    ("actor", "detail", "kommun", "cut"),
    [
        (HUGE_EMAIL, "Lokalt konto", None, "actor"),
        ("Sara", "x" * 5_000_000, "Lomma", "detail"),
        ("Sara", "plan.xlsx", "L" * 1_000_000, "kommun"),
    ],
)
def test_an_audit_row_holds_a_few_kilobytes_whatever_it_is_given(
    empty_store: Path, actor: str, detail: str, kommun: str | None, cut: str
) -> None:
    with store.open_store(empty_store) as con:
        save_audit_entry(con, actor, AuditAction.LOGIN_FAILED, detail, kommun=kommun)
        (entry,) = fetch_audit_log(con)
    assert len(entry.actor) <= MAX_ACTOR_LENGTH
    assert len(entry.detail) <= MAX_DETAIL_LENGTH
    assert len(entry.kommun or "") <= MAX_KOMMUN_LENGTH
    given = {"actor": actor, "detail": detail, "kommun": kommun or ""}[cut]
    stored = str(getattr(entry, cut))
    assert stored.endswith(f"… [avkortad, {len(given)} tecken]")  # marked, saying how long
    assert given.startswith(stored.split("…", maxsplit=1)[0])


# -- a new password or role ends the user's logins -------------------------------------------------


@pytest.mark.parametrize(
    ("change", "new_password", "ended"),
    [
        ({"role": Role.ADMIN, "kommuner": ()}, None, True),
        ({"role": Role.READER, "kommuner": ()}, None, True),
        # Kommuner apply at once without it: every write asks the store again.
        ({"kommuner": ("Lomma", "Burlöv")}, None, False),
        ({}, "ett nytt lösenord", True),
        ({"name": "Sara Lindqvist"}, None, False),  # the name is no right
        ({}, None, False),
    ],
)
def test_a_new_password_or_role_ends_the_users_logins(
    lomma_store: Path, change: dict[str, object], new_password: str | None, ended: bool
) -> None:
    with store.open_store(lomma_store) as con:
        token = start_session(con, LOMMA)
        other = UserAccount(email="annan@lomma.se", name="Annan", role=Role.READER)
        save_user(con, other, hash_password(PASSWORD))
        others_token = start_session(con, other)
        new_hash = hash_password(new_password) if new_password else None
        save_user(con, LOMMA.model_copy(update=change), new_hash)
        assert (resume_session(con, token) is None) is ended
        assert resume_session(con, others_token) is not None


# -- an identity provider is believed only for what it verified -----------------------------------

ENTRA_IDS = {"oid": "00000000-0000-0000-0000-0000000000aa", "tid": "11111111-2222-3333-4444"}


@pytest.mark.parametrize(
    ("claims", "domains", "email", "refused"),
    [
        ({"email": "Sam@Lomma.se", "email_verified": True}, ["lomma.se"], "sam@lomma.se", None),
        ({"email": "sam@lomma.se", "email_verified": "true"}, ["lomma.se"], "sam@lomma.se", None),
        ({"email": "sam@lomma.se"}, ["lomma.se"], "sam@lomma.se", LoginRefusal.UNVERIFIED),
        (
            {"email": "sam@lomma.se", "email_verified": False},
            ["lomma.se"],
            "sam@lomma.se",
            LoginRefusal.UNVERIFIED,
        ),
        (
            {"email": "sam@lomma.se", "email_verified": "false"},
            ["lomma.se"],
            "sam@lomma.se",
            LoginRefusal.UNVERIFIED,
        ),
        (
            {"preferred_username": "sam@lomma.se"},
            ["lomma.se"],
            "sam@lomma.se",
            LoginRefusal.UNVERIFIED,
        ),
        # Entra ID: its stable ids with the UPN; its own `email` claim is not proven, not used.
        ({"preferred_username": "Sam@Lomma.se", **ENTRA_IDS}, ["lomma.se"], "sam@lomma.se", None),
        ({"upn": "sam@lomma.se", **ENTRA_IDS}, ["lomma.se"], "sam@lomma.se", None),
        (
            {"email": "boss@lomma.se", "preferred_username": "x@evil.example", **ENTRA_IDS},
            ["lomma.se"],
            "x@evil.example",
            LoginRefusal.FOREIGN_DOMAIN,
        ),
        (
            {"email": "sam@lomma.se", "oid": "only-the-object-id"},
            ["lomma.se"],
            "sam@lomma.se",
            LoginRefusal.UNVERIFIED,
        ),
        ({"email": "sam@lomma.se", **ENTRA_IDS}, ["lomma.se"], "", LoginRefusal.NOT_AN_EMAIL),
        # The domain must be one the provider may speak for, exactly.
        (
            {"email": "kim@polisen.se", "email_verified": True},
            ["lomma.se"],
            "kim@polisen.se",
            LoginRefusal.FOREIGN_DOMAIN,
        ),
        (
            {"email": "sam@evil-lomma.se", "email_verified": True},
            ["lomma.se"],
            "sam@evil-lomma.se",
            LoginRefusal.FOREIGN_DOMAIN,
        ),
        (
            {"email": "sam@lomma.se.evil.example", "email_verified": True},
            ["lomma.se"],
            "sam@lomma.se.evil.example",
            LoginRefusal.FOREIGN_DOMAIN,
        ),
        (
            {"email": "sam@x.lomma.se", "email_verified": True},
            ["lomma.se"],
            "sam@x.lomma.se",
            LoginRefusal.FOREIGN_DOMAIN,
        ),
        (
            {"email": "sam@lomma.se", "email_verified": True},
            [" @Lomma.SE "],
            "sam@lomma.se",
            None,
        ),
        (
            {"email": "sam@lomma.se", "email_verified": True},
            ["burlov.se", "lomma.se"],
            "sam@lomma.se",
            None,
        ),
        # A provider without a list speaks for no domain: closed, not open.
        (
            {"email": "sam@lomma.se", "email_verified": True},
            None,
            "sam@lomma.se",
            LoginRefusal.NO_DOMAINS,
        ),
        (
            {"email": "sam@lomma.se", "email_verified": True},
            [],
            "sam@lomma.se",
            LoginRefusal.NO_DOMAINS,
        ),
        (
            {"email": "inte en adress", "email_verified": True},
            ["lomma.se"],
            "",
            LoginRefusal.NOT_AN_EMAIL,
        ),
        (
            {"email": HUGE_EMAIL, "email_verified": True},
            ["lomma.se"],
            "",
            LoginRefusal.NOT_AN_EMAIL,
        ),
    ],
)
def test_a_provider_is_believed_only_for_a_verified_address_in_its_domains(
    claims: dict[str, object],
    domains: list[str] | None,
    email: str,
    refused: LoginRefusal | None,
) -> None:
    assert provider_identity(claims, domains) == (email, refused)


# -- the way back after a provider login ----------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "own"),
    [
        ("/", True),
        ("/snabbkoll?kommun=Burl%C3%B6v&part=Polis", True),
        ("/historik", True),
        ("/snabbkoll?q=a/b//c", True),
        ("//evil.example", False),
        ("///evil.example", False),
        ("/\\evil.example", False),
        ("\\\\evil.example", False),
        ("/\t/evil.example", False),  # a browser drops the tab: //evil.example
        ("/\n/evil.example", False),
        ("/\r/evil.example", False),
        ("/\x00/evil.example", False),
        ("/\x1b/evil.example", False),
        ("/\x7f/evil.example", False),
        ("/\x85/evil.example", False),  # a C1 control
        ("/\u2028/evil.example", False),
        ("\t//evil.example", False),
        (" //evil.example", False),
        ("https://evil.example", False),
        ("javascript:alert(1)", False),
        ("evil.example", False),
        ("", False),
    ],
)
def test_the_way_back_never_leaves_the_site(target: str, own: bool) -> None:
    assert is_own_path(target) is own
