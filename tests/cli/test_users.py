"""`samverkan user add|list|remove`: accounts in the store, refusals in Swedish, all logged."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from samverkan import store
from samverkan.accounts import authenticate, login_warnings
from samverkan.cli import main
from samverkan.models import AuditAction, Role, UserAccount
from samverkan.store.audit import fetch_audit_log
from tests.conftest import store_snapshot

ROOT = Path(__file__).resolve().parents[2]


def add(db: Path, *args: str, password: str | None = None) -> int:
    argv = ["user", "add", *args, "--db", str(db)]
    if password is None:
        return main(argv)
    stdin, sys.stdin = sys.stdin, io.StringIO(password + "\n")
    try:
        return main([*argv, "--password-stdin"])
    finally:
        sys.stdin = stdin


def listed(db: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["user", "list", "--json", "--db", str(db)]) == 0
    document: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return document


def test_add_list_and_remove_a_local_account(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert listed(db_path, capsys) == []
    code = add(
        db_path,
        "Sara@Burlov.se",
        "--name",
        "Sara Samordnare",
        "--role",
        "samordnare",
        "--kommun",
        "burlöv",
        "--kommun",
        "Lomma",
        password="burlövlösen1",
    )
    assert code == 0
    assert "Användaren är tillagd" in capsys.readouterr().out
    users = listed(db_path, capsys)
    assert len(users) == 1
    assert {k: users[0][k] for k in ("email", "name", "role", "kommuner", "local_account")} == {
        "email": "sara@burlov.se",
        "name": "Sara Samordnare",
        "role": "samordnare",
        "kommuner": ["Burlöv", "Lomma"],
        "local_account": True,
    }
    with store.open_store(db_path) as con:
        assert authenticate(con, "sara@burlov.se", "burlövlösen1") is not None
    assert main(["user", "remove", "SARA@burlov.se", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "borttagen" in out
    assert "lokalt läge" in out
    assert listed(db_path, capsys) == []
    with store.open_store(db_path) as con:
        actions = [e.action for e in fetch_audit_log(con)]
    assert actions == [AuditAction.USER_REMOVED, AuditAction.USER_SAVED]


def test_a_user_for_an_identity_provider_has_no_password(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert add(db_path, "polis@polisen.se", "--name", "Kim Kommunpolis", "--role", "läsare") == 0
    assert listed(db_path, capsys)[0]["local_account"] is False


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["a@b.se", "--name", "A", "--role", "samordnare"], None, "minst en kommun"),
        (["a@b.se", "--name", "A", "--role", "samordnare", "--kommun", "Atlantis"], None,
         '"Atlantis" är ingen svensk kommun'),
        (["a@b.se", "--name", "A", "--role", "admin"], "kort", "minst 10 tecken"),
        (["inte-en-adress", "--name", "A", "--role", "admin"], None, "ingen e-postadress"),
        (["a@b.se", "--name", "A", "--role", "chef"], None, "ogiltigt val"),
        (["a@b.se", "--name", " ", "--role", "admin"], None, "Ange ett namn"),
    ],
)  # fmt: skip
def test_refused_users_change_nothing(
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    password: str | None,
    message: str,
) -> None:
    with store.open_store(db_path):
        pass
    before = store_snapshot(db_path)
    assert add(db_path, *args, password=password) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert store_snapshot(db_path) == before


def test_removing_an_unknown_user_is_refused(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["user", "remove", "ingen@x.se", "--db", str(db_path)]) == 2
    assert "Det finns ingen användare ingen@x.se" in capsys.readouterr().err


def test_the_password_comes_from_standard_input_never_an_argument(db_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "samverkan", "user", "add", "ada@x.se", "--name", "Ada",
         "--role", "admin", "--password-stdin", "--db", str(db_path)],
        input="adaslösenord\n", capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with store.open_store(db_path) as con:
        assert authenticate(con, "ada@x.se", "adaslösenord") is not None
    help_text = subprocess.run(
        [sys.executable, "-m", "samverkan", "user", "add", "--help"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    ).stdout  # fmt: skip
    assert "--password-stdin" in help_text
    assert "--password " not in help_text


def person(email: str, role: Role, password: bool) -> UserAccount:
    return UserAccount(email=email, name=email, role=role, kommuner=(), has_password=password)


ADMIN_PW = person("a@x.se", Role.ADMIN, True)
ADMIN_SSO = person("b@x.se", Role.ADMIN, False)
READER_SSO = person("c@x.se", Role.READER, False)


@pytest.mark.parametrize(
    ("users", "provider", "expected"),
    [
        ([], False, []),  # local mode
        ([ADMIN_PW], False, []),
        ([ADMIN_SSO], True, []),
        ([ADMIN_PW, READER_SSO], True, []),
        ([ADMIN_SSO], False, ["Ingen kan logga in"]),
        ([READER_SSO], False, ["Ingen kan logga in", "Ingen användare är admin"]),
        ([ADMIN_PW, READER_SSO], False, ["c@x.se har inget lösenord"]),
        ([READER_SSO], True, ["Ingen användare är admin"]),
    ],
    ids=["local", "admin-password", "admin-provider", "mixed-with-provider", "nobody-can",
         "nobody-and-no-admin", "one-locked-out", "no-admin"],
)  # fmt: skip
def test_what_would_keep_people_out(
    users: list[UserAccount], provider: bool, expected: list[str]
) -> None:
    warnings = login_warnings(users, provider)
    assert len(warnings) == len(expected)
    for warning, start in zip(warnings, expected, strict=True):
        assert warning.startswith(start), warning


def test_the_readmes_sequence_without_a_provider_says_nobody_can_log_in(
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Anna (password) and Kim (provider only) added, Anna removed: the CLI says so."""
    monkeypatch.setattr("samverkan.cli.users._SECRETS_FILES", (tmp_path / "secrets.toml",))
    anna = ["anna@burlov.se", "--name", "Anna", "--role", "samordnare", "--kommun", "Burlöv"]
    assert add(db_path, *anna, password="ett långt lösenord") == 0
    captured = capsys.readouterr()
    assert "den första användaren: appen kräver nu inloggning" in captured.out
    assert "Ingen användare är admin" in captured.err
    assert add(db_path, "kim@polisen.se", "--name", "Kim", "--role", "läsare") == 0
    assert "kim@polisen.se har inget lösenord" in capsys.readouterr().err
    assert main(["user", "remove", "anna@burlov.se", "--db", str(db_path)]) == 0
    assert "Obs: Ingen kan logga in" in capsys.readouterr().err
    # With an identity provider configured, Kim can log in: only the missing admin is said.
    (tmp_path / "secrets.toml").write_text('[auth]\nredirect_uri = "x"\n', encoding="utf-8")
    assert add(db_path, "kim@polisen.se", "--name", "Kim", "--role", "läsare") == 0
    err = capsys.readouterr().err
    assert "Ingen kan logga in" not in err
    assert "Ingen användare är admin" in err
