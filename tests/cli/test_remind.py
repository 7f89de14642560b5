"""`samverkan remind` run as cron runs it: the real command in a subprocess, a real SMTP server."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from samverkan import store
from samverkan.models import AuditAction, Role, UserAccount
from samverkan.store.audit import fetch_audit_log
from samverkan.store.reminders import fetch_sent_reminders, save_owner_addresses
from samverkan.store.users import save_user
from tests.reminder_stores import SECRET_COMMENT, SECRET_TITLE, make_reminder_store
from tests.smtp_server import Inbox, free_port, running_smtp_server


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with running_smtp_server() as server:
        yield server


@pytest.fixture
def reminder_store(db_path: Path, tmp_path: Path) -> Path:
    return make_reminder_store(db_path, tmp_path)


def remind(
    db: Path, *args: str, env: dict[str, str] | None = None, home: Path
) -> subprocess.CompletedProcess[str]:
    """The command in its own process; HOME and the folder are the test's (no secrets.toml)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SAMVERKAN_")}
    return subprocess.run(
        [sys.executable, "-m", "samverkan", "remind", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=clean | {"HOME": str(home)} | (env or {}),
        cwd=home,
        timeout=120,
        check=False,
    )


def sent_count(db: Path) -> int:
    with store.open_store(db) as con:
        return len(fetch_sent_reminders(con, "Burlöv"))


def test_dry_run_prints_every_email_and_marks_nothing(reminder_store: Path, tmp_path: Path) -> None:
    done = remind(reminder_store, "--dry-run", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\nSubject: ") + done.stdout.startswith("Subject") == 2
    assert "To: ukf@burlov.se" in done.stdout
    assert "To: kim@polisen.se" in done.stdout
    assert "soc@burlov.se" not in done.stdout
    assert "- 1 ej offentligt åtagande – se Snabbkoll" in done.stdout
    assert SECRET_TITLE not in done.stdout
    assert SECRET_COMMENT not in done.stdout
    # Without SAMVERKAN_BASE_URL: no link, the page to open instead.
    assert "http" not in done.stdout
    assert "Öppna sidan Snabbkoll i Samverkan" in done.stdout
    assert "SAMVERKAN_BASE_URL är inte inställd" in done.stderr
    assert "Provkörning: 2 e-postmeddelanden skulle skickas." in done.stderr
    assert sent_count(reminder_store) == 0


def test_sends_once_and_not_again_within_the_week(
    reminder_store: Path, inbox: Inbox, tmp_path: Path
) -> None:
    first = remind(reminder_store, "--kommun", "burlöv", env=inbox.environ(), home=tmp_path)
    assert first.returncode == 0, first.stderr
    assert sorted(first.stdout.splitlines()) == [
        "Burlöv: skickat till kim@polisen.se",
        "Burlöv: skickat till ukf@burlov.se",
    ]
    assert sorted(r[0] for r in inbox.recipients) == ["kim@polisen.se", "ukf@burlov.se"]
    [ukf] = inbox.to("ukf@burlov.se")
    assert "Samverkan Burlöv" in ukf["Subject"]
    plain = ukf.get_body(preferencelist=("plain",))
    assert plain is not None
    assert "https://samverkan.burlov.se/snabbkoll?kommun=Burl%C3%B6v&ansvarig=Fritid%2FUKF" in (
        plain.get_content()
    )
    again = remind(reminder_store, env=inbox.environ(), home=tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout == ""
    assert "Skickas inte till ukf@burlov.se: samma påminnelse skickades" in again.stderr
    assert len(inbox.messages) == 2
    assert sent_count(reminder_store) == 2
    with store.open_store(reminder_store) as con:
        [entry] = [e for e in fetch_audit_log(con) if e.action is AuditAction.REMINDERS]
    assert (entry.actor, entry.kommun) == ("kommandoraden", "Burlöv")


def test_a_server_that_is_down_exits_1_in_swedish_and_marks_nothing(
    reminder_store: Path, tmp_path: Path
) -> None:
    port = free_port()
    env = {
        "SAMVERKAN_SMTP_HOST": "127.0.0.1",
        "SAMVERKAN_SMTP_PORT": str(port),
        "SAMVERKAN_SMTP_SENDER": "samverkan@burlov.se",
    }
    done = remind(reminder_store, env=env, home=tmp_path)
    assert done.returncode == 1
    assert f"Fel: E-postservern 127.0.0.1:{port} svarar inte" in done.stderr
    assert "Inget har skickats." in done.stderr
    assert "Traceback" not in done.stderr
    assert sent_count(reminder_store) == 0


def test_a_refused_message_exits_1_and_only_the_accepted_are_marked(
    reminder_store: Path, inbox: Inbox, tmp_path: Path
) -> None:
    inbox.refuse.add("ukf@burlov.se")
    done = remind(reminder_store, env=inbox.environ(), home=tmp_path)
    assert done.returncode == 1
    assert "Fel: Burlöv: inte skickat till ukf@burlov.se: servern tog inte emot adressen" in (
        done.stderr
    )
    with store.open_store(reminder_store) as con:
        assert [s.email for s in fetch_sent_reminders(con, "Burlöv")] == ["kim@polisen.se"]


def test_without_a_server_setting_it_says_what_to_set_and_exits_2(
    reminder_store: Path, tmp_path: Path
) -> None:
    done = remind(reminder_store, home=tmp_path)
    assert done.returncode == 2
    assert "Ingen e-postserver är inställd (SAMVERKAN_SMTP_HOST" in done.stderr
    assert sent_count(reminder_store) == 0


def test_as_a_user_only_the_kommuner_they_may_write(
    reminder_store: Path, inbox: Inbox, tmp_path: Path
) -> None:
    with store.open_store(reminder_store) as con:
        save_user(
            con,
            UserAccount(
                email="eva@lomma.se", name="Eva", role=Role.COORDINATOR, kommuner=("Lomma",)
            ),
        )
    unknown = remind(reminder_store, "--as", "nobody@x.se", env=inbox.environ(), home=tmp_path)
    assert unknown.returncode == 2
    assert "--as nobody@x.se: det finns ingen sådan användare." in unknown.stderr
    refused = remind(
        reminder_store,
        "--as",
        "eva@lomma.se",
        "--kommun",
        "Burlöv",
        env=inbox.environ(),
        home=tmp_path,
    )
    assert refused.returncode == 2
    assert "får inte skicka påminnelser för Burlöv" in refused.stderr
    nothing = remind(reminder_store, "--as", "eva@lomma.se", env=inbox.environ(), home=tmp_path)
    assert nothing.returncode == 0
    assert inbox.messages == []


def test_a_kommun_without_a_register_is_told_where_to_add_it(
    reminder_store: Path, tmp_path: Path
) -> None:
    done = remind(reminder_store, "--kommun", "Lomma", "--dry-run", home=tmp_path)
    assert done.returncode == 0
    assert "Lomma: ingen överenskommelse löper i dag" in done.stderr


def test_an_address_that_could_add_a_header_is_never_sent_to(
    reminder_store: Path, inbox: Inbox, tmp_path: Path
) -> None:
    """Written to the store some other way than the register's form: refused at sending."""
    with store.open_store(reminder_store) as con:
        save_owner_addresses(
            con, "Burlöv", {"Fritid/UKF": "ukf@burlov.se\r\nBcc: all@evil.example"}, "t"
        )
    dry = remind(reminder_store, "--dry-run", home=tmp_path)
    assert dry.returncode == 0
    assert "evil" not in dry.stdout
    assert "får inte innehålla radbrytningar" in dry.stderr
    done = remind(reminder_store, env=inbox.environ(), home=tmp_path)
    assert done.returncode == 1
    assert "får inte innehålla radbrytningar" in done.stderr
    assert [r for rs in inbox.recipients for r in rs] == ["kim@polisen.se"]
    assert all("evil" not in m.as_string() for m in inbox.messages)
    with store.open_store(reminder_store) as con:
        assert [s.email for s in fetch_sent_reminders(con, "Burlöv")] == ["kim@polisen.se"]
