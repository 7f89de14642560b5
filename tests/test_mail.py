"""Sending reminders to a real SMTP server (aiosmtpd) and reading the messages back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from samverkan import store
from samverkan.mail import (
    MailError,
    MailSettings,
    prepare_reminders,
    read_mail_settings,
    send_reminders,
)
from samverkan.store.reminders import fetch_sent_reminders
from tests.reminder_stores import SECRET_COMMENT, SECRET_TITLE, make_reminder_store
from tests.smtp_server import Inbox, free_port, running_smtp_server

NOW = dt.datetime.now().astimezone()


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with running_smtp_server() as server:
        yield server


@pytest.fixture
def reminder_store(db_path: Path, tmp_path: Path) -> Path:
    return make_reminder_store(db_path, tmp_path)


def settings_for(inbox: Inbox, **overrides: str) -> MailSettings:
    return read_mail_settings(inbox.environ(**overrides), secrets_files=())


def send(path: Path, settings: MailSettings, now: dt.datetime = NOW) -> tuple[list[str], list[str]]:
    with store.open_store(path) as con:
        prepared = prepare_reminders(con, "Burlöv", now)
    outcome = send_reminders(settings, prepared.to_send, path, "test", now)
    return outcome.accepted, [e for e, _ in outcome.failed]


def test_each_address_gets_its_list_and_nothing_is_sent_with_nothing_to_say(
    reminder_store: Path, inbox: Inbox
) -> None:
    accepted, failed = send(reminder_store, settings_for(inbox))
    assert (sorted(accepted), failed) == (["kim@polisen.se", "ukf@burlov.se"], [])
    assert inbox.to("soc@burlov.se") == []  # Socialtjänsten has nothing due within 14 days
    [ukf] = inbox.to("ukf@burlov.se")
    assert ukf["From"] == "Samverkan Burlöv <samverkan@burlov.se>"
    assert ukf["Subject"] == (
        "Påminnelse från Samverkan Burlöv: 1 försenat åtagande, 1 uppföljning saknas, "
        "1 de närmaste 14 dagarna"
    )
    assert ukf["Date"]
    assert ukf["Message-ID"]
    plain = ukf.get_body(preferencelist=("plain",))
    rich = ukf.get_body(preferencelist=("html",))
    assert plain is not None
    assert rich is not None
    # What arrives over SMTP has CRLF line ends.
    text, page = plain.get_content().replace("\r\n", "\n"), rich.get_content()
    link = "https://samverkan.burlov.se/snabbkoll?kommun=Burl%C3%B6v&ansvarig=Fritid%2FUKF"
    assert "Försenade (1)\n- Trygghetsvandring i Arlöv – Slutdatum" in text
    assert f"  {link}\n" in text
    assert f'<a href="{link.replace("&", "&amp;")}">Föräldravandring</a>' in page
    assert "Uppföljning saknas (1)" in text
    assert "De närmaste 14 dagarna (1)" in text


def test_confidential_rows_are_only_counted_in_what_arrives(
    reminder_store: Path, inbox: Inbox
) -> None:
    send(reminder_store, settings_for(inbox))
    [kim] = inbox.to("kim@polisen.se")
    raw = kim.as_string()
    plain = kim.get_body(preferencelist=("plain",))
    assert plain is not None
    assert "- 1 ej offentligt åtagande – se Snabbkoll\r\n" in plain.get_content()
    assert "Narkotikakontroller" in plain.get_content()
    for secret in (SECRET_TITLE, SECRET_COMMENT, "Hemlig", "tullen"):
        assert secret not in raw
        assert secret not in plain.get_content()


def test_no_second_send_within_the_week_but_again_after_it(
    reminder_store: Path, inbox: Inbox
) -> None:
    settings = settings_for(inbox)
    send(reminder_store, settings)
    assert len(inbox.messages) == 2
    assert send(reminder_store, settings, NOW + dt.timedelta(days=3)) == ([], [])
    assert len(inbox.messages) == 2
    accepted, _ = send(reminder_store, settings, NOW + dt.timedelta(days=8))
    assert sorted(accepted) == ["kim@polisen.se", "ukf@burlov.se"]
    with store.open_store(reminder_store) as con:
        assert len(fetch_sent_reminders(con, "burlöv")) == 4


def test_a_server_that_is_down_is_a_clear_error_and_nothing_is_marked(
    reminder_store: Path,
) -> None:
    port = free_port()
    settings = MailSettings(host="127.0.0.1", port=port, starttls=False, sender="s@burlov.se")
    with pytest.raises(MailError, match=rf"E-postservern 127.0.0.1:{port} svarar inte"):
        send(reminder_store, settings)
    with store.open_store(reminder_store) as con:
        assert fetch_sent_reminders(con, "Burlöv") == []


def test_a_refused_recipient_is_not_marked_the_others_are(
    reminder_store: Path, inbox: Inbox
) -> None:
    inbox.refuse.add("kim@polisen.se")
    accepted, failed = send(reminder_store, settings_for(inbox))
    assert (accepted, failed) == (["ukf@burlov.se"], ["kim@polisen.se"])
    with store.open_store(reminder_store) as con:
        assert [s.email for s in fetch_sent_reminders(con, "Burlöv")] == ["ukf@burlov.se"]
    inbox.refuse.clear()
    assert send(reminder_store, settings_for(inbox)) == (["kim@polisen.se"], [])


def test_starttls_on_by_default_and_a_server_without_it_is_refused(
    reminder_store: Path, inbox: Inbox
) -> None:
    settings = settings_for(inbox, SAMVERKAN_SMTP_STARTTLS="")
    assert settings.starttls
    with pytest.raises(MailError, match="erbjuder inte STARTTLS"):
        send(reminder_store, settings)
    assert inbox.messages == []


def test_settings_from_secrets_toml_and_the_environment_wins(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        '[smtp]\nhost = "smtp.burlov.se"\nport = 2525\nstarttls = false\nuser = "samverkan"\n'
        'password = "hemligt"\nsender = "samverkan@burlov.se"\n\n'
        '[samverkan]\nbase_url = "https://samverkan.burlov.se"\n',
        encoding="utf-8",
    )
    from_file = read_mail_settings({}, secrets_files=(tmp_path / "missing.toml", secrets))
    assert from_file == MailSettings(
        host="smtp.burlov.se",
        port=2525,
        starttls=False,
        user="samverkan",
        password="hemligt",
        sender="samverkan@burlov.se",
        base_url="https://samverkan.burlov.se",
    )
    env = read_mail_settings({"SAMVERKAN_SMTP_HOST": "mail.example.se"}, secrets_files=(secrets,))
    assert env.host == "mail.example.se"
    assert env.port == 2525


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        (MailSettings(), "Ingen e-postserver är inställd"),
        (MailSettings(host="h"), "Ingen avsändare är inställd"),
        (MailSettings(host="h", sender="a@b.se\r\nBcc: x@y.se"), "radbrytningar"),
        (MailSettings(host="h", sender="ingen adress"), "är ingen e-postadress"),
        (MailSettings(host="h", sender="a@b.se", base_url="javascript:alert(1)"), "appens adress"),
    ],
)
def test_missing_or_unsafe_settings_are_said_before_anything_is_sent(
    settings: MailSettings, words: str
) -> None:
    assert any(words in r for r in settings.refusals())
