"""Sending the reminders: the mail server's settings, what a kommun has to send, and the sending.

Parts:
- MailSettings, read_mail_settings: host, port, STARTTLS, user, password, sender and the
  app's public address, from the environment (SAMVERKAN_SMTP_HOST, …, SAMVERKAN_BASE_URL)
  or `.streamlit/secrets.toml` ([smtp], and [samverkan] base_url); the environment wins
- prepare_reminders: a kommun's running agreement judged today, its register, and each
  reminder with the earlier send that holds it back (if any)
- send_reminders: one SMTP session; each message is marked as sent (store.reminders) only
  after the server accepted it, so a refusal or a server that went away leaves the rest unsent
  and unmarked; MailError says in Swedish what went wrong

The store is not held while the server is talked to: DuckDB locks the file for every other
process while a connection is open, so each accepted message opens it for its one row.
"""

from __future__ import annotations

import datetime as dt
import os
import smtplib
import ssl
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from samverkan import store
from samverkan.agreement import running_agreement
from samverkan.models import Meeting, Reminder, SentReminder, StoredAgreement
from samverkan.reminders import (
    SAME_REMINDER_DAYS,
    base_url_refusal,
    build_message,
    build_reminders,
    content_sha256,
    email_refusal,
    find_earlier_send,
)
from samverkan.status import build_plan_status
from samverkan.store.reminders import (
    fetch_owner_addresses,
    fetch_sent_reminders,
    save_sent_reminder,
)

# Where Streamlit looks for secrets.toml when the app is started from the repository (as
# scripts/run does) or from the current folder, and the user's own: the first that has a
# setting gives it.
SECRETS_FILES = (
    Path(__file__).resolve().parents[1] / ".streamlit" / "secrets.toml",
    Path.cwd() / ".streamlit" / "secrets.toml",
    Path.home() / ".streamlit" / "secrets.toml",
)
DEFAULT_PORT = 587
TIMEOUT_SECONDS = 20.0
_OFF_WORDS = frozenset({"0", "false", "nej", "no", "off", "av"})


class MailError(Exception):
    """The mail server could not be used; the message says why, in Swedish."""


@dataclass(frozen=True)
class MailSettings:
    """How to reach the mail server, who the e-mails are from, and the app's public address."""

    host: str | None = None
    port: int = DEFAULT_PORT
    starttls: bool = True
    user: str | None = None
    password: str | None = None
    sender: str | None = None
    base_url: str | None = None

    def refusals(self) -> list[str]:
        """What is missing or wrong for sending, in Swedish (empty: ready)."""
        found = []
        if not self.host:
            found.append("Ingen e-postserver är inställd (SAMVERKAN_SMTP_HOST eller [smtp] host).")
        if not self.sender:
            found.append("Ingen avsändare är inställd (SAMVERKAN_SMTP_SENDER eller [smtp] sender).")
        elif _sender_refusal(self.sender):
            found.append(_sender_refusal(self.sender) or "")
        if self.base_url and base_url_refusal(self.base_url):
            found.append(base_url_refusal(self.base_url) or "")
        return found

    @property
    def link_base(self) -> str | None:
        """The public address links start with; None (no links) when unset or unusable."""
        if self.base_url and not base_url_refusal(self.base_url):
            return self.base_url.strip()
        return None


def _sender_refusal(sender: str) -> str | None:
    if any(c in sender for c in "\r\n"):
        return "Avsändaren får inte innehålla radbrytningar."
    address = parseaddr(sender)[1]
    if not address or email_refusal(address):
        return f"Avsändaren ({sender[:80]}) är ingen e-postadress."
    return None


def read_mail_settings(
    environ: Mapping[str, str] | None = None, secrets_files: Sequence[Path] = SECRETS_FILES
) -> MailSettings:
    """The settings: each from the environment, else from the first secrets.toml that has it."""
    env = os.environ if environ is None else environ
    smtp, app = _secrets_tables(secrets_files)

    def setting(name: str, key: str, table: Mapping[str, Any]) -> str | None:
        value = env.get(f"SAMVERKAN_{name}")
        if value is None and key in table:
            value = str(table[key])
        return value.strip() if value and value.strip() else None

    port_text = setting("SMTP_PORT", "port", smtp)
    starttls_text = setting("SMTP_STARTTLS", "starttls", smtp)
    return MailSettings(
        host=setting("SMTP_HOST", "host", smtp),
        port=int(port_text) if port_text and port_text.isdigit() else DEFAULT_PORT,
        starttls=(starttls_text or "").casefold() not in _OFF_WORDS,
        user=setting("SMTP_USER", "user", smtp),
        password=env.get("SAMVERKAN_SMTP_PASSWORD") or _text(smtp.get("password")),
        sender=setting("SMTP_SENDER", "sender", smtp),
        base_url=setting("BASE_URL", "base_url", app),
    )


def _secrets_tables(paths: Sequence[Path]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The first readable secrets.toml's [smtp] and [samverkan] tables."""
    for path in paths:
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            continue
        smtp, app = document.get("smtp", {}), document.get("samverkan", {})
        if smtp or app:
            return (
                smtp if isinstance(smtp, dict) else {},
                app if isinstance(app, dict) else {},
            )
    return {}, {}


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


# ---------------------------------------------------------------- what a kommun has to send


@dataclass(frozen=True)
class Outgoing:
    """A reminder ready to go, and the earlier send that holds it back (None: send it)."""

    reminder: Reminder
    content_sha256: str
    earlier: SentReminder | None


@dataclass(frozen=True)
class KommunReminders:
    """One kommun's reminders on a day: the agreement judged, and each address's e-mail."""

    kommun: str
    agreement: StoredAgreement | None
    outgoing: list[Outgoing]
    registered: int  # addresses in the register (also those with nothing to say)

    @property
    def to_send(self) -> list[Outgoing]:
        """Those not held back by an earlier send."""
        return [o for o in self.outgoing if o.earlier is None]


def prepare_reminders(
    con: store.Connection,
    kommun: str,
    now: dt.datetime,
    *,
    meeting: Meeting | None = None,
    agreement: StoredAgreement | None = None,
) -> KommunReminders:
    """The kommun's reminders judged on `now`'s day: its running agreement (none once every
    period has ended: nothing is left to do), its register, and what was sent this week."""
    register = fetch_owner_addresses(con, kommun)
    registered = len({a.email.casefold() for a in register})
    day = now.date()
    chosen = agreement or _running(con, kommun, day)
    if chosen is None or not register:
        return KommunReminders(kommun, chosen, [], registered)
    status = build_plan_status(con, chosen, day)
    reminders = build_reminders(status, register, day, meeting=meeting)
    since = now.replace(tzinfo=None) - dt.timedelta(days=SAME_REMINDER_DAYS)
    sent = fetch_sent_reminders(con, kommun, since)
    outgoing = [Outgoing(r, content_sha256(r), find_earlier_send(r, sent, now)) for r in reminders]
    return KommunReminders(chosen.kommun, chosen, outgoing, registered)


def _running(con: store.Connection, kommun: str, day: dt.date) -> StoredAgreement | None:
    mine = [a for a in store.fetch_agreements(con) if a.kommun.casefold() == kommun.casefold()]
    if not mine:
        return None
    chosen = running_agreement(mine, day)
    return chosen if chosen.period_start <= day <= chosen.period_end else None


# ---------------------------------------------------------------- sending


@dataclass(frozen=True)
class SendOutcome:
    """What the server accepted, and what it did not (address, why in Swedish)."""

    accepted: list[str]
    failed: list[tuple[str, str]]


Connect = Callable[[MailSettings], smtplib.SMTP]


def send_reminders(
    settings: MailSettings,
    outgoing: Sequence[Outgoing],
    db_path: Path | str | None,
    sent_by: str,
    now: dt.datetime,
    *,
    connect: Connect | None = None,
) -> SendOutcome:
    """Send each message in one session; mark each in the store once the server accepted it.

    Raises MailError when no session can be had (nothing sent, nothing marked). A message the
    server refuses is reported in `failed`; a server that goes away mid-way leaves the rest
    in `failed` too, unmarked.
    """
    refusals = settings.refusals()
    if refusals:
        raise MailError(" ".join(refusals))
    messages = []
    failed: list[tuple[str, str]] = []
    for item in outgoing:
        try:
            messages.append(
                (item, build_message(item.reminder, settings.sender or "", settings.link_base, now))
            )
        except ValueError as exc:  # an address written to the store some other way
            failed.append((item.reminder.email, str(exc).rstrip(".")))
    if not messages:
        return SendOutcome([], failed)
    smtp = _open_session(settings, connect or _connect)
    accepted: list[str] = []
    try:
        for index, (item, message) in enumerate(messages):
            email = item.reminder.email
            try:
                refused = smtp.send_message(message)
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as exc:
                failed.append((email, f"servern tog inte emot adressen ({_reason(exc)})"))
                continue
            except smtplib.SMTPDataError as exc:
                failed.append((email, f"servern tog inte emot meddelandet ({_reason(exc)})"))
                continue
            except (smtplib.SMTPException, OSError) as exc:
                why = f"förbindelsen med servern bröts ({_reason(exc)})"
                failed += [(o.reminder.email, why) for o, _ in messages[index:]]
                break
            if refused:
                failed.append((email, "servern tog inte emot adressen"))
                continue
            _mark(item, db_path, sent_by, now)
            accepted.append(email)
    finally:
        _quit(smtp)
    return SendOutcome(accepted, failed)


def _mark(item: Outgoing, db_path: Path | str | None, sent_by: str, now: dt.datetime) -> None:
    reminder = item.reminder
    with store.open_store(db_path) as con:
        save_sent_reminder(
            con,
            SentReminder(
                email=reminder.email,
                kommun=reminder.kommun,
                content_sha256=item.content_sha256,
                sent_at=now.replace(tzinfo=None),
                sent_by=sent_by,
                meeting_on=reminder.meeting.held_on if reminder.meeting else None,
            ),
        )


def _connect(settings: MailSettings) -> smtplib.SMTP:
    host = settings.host or ""
    if settings.port == 465:  # implicit TLS (SMTPS): the connection is encrypted from the start
        return smtplib.SMTP_SSL(
            host, settings.port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context()
        )
    return smtplib.SMTP(host, settings.port, timeout=TIMEOUT_SECONDS)


def _open_session(settings: MailSettings, connect: Connect) -> smtplib.SMTP:
    where = f"{settings.host}:{settings.port}"
    try:
        smtp = connect(settings)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(
            f"E-postservern {where} svarar inte ({_reason(exc)}). Inget har skickats."
        ) from None
    try:
        if settings.starttls and settings.port != 465:
            smtp.starttls(context=ssl.create_default_context())
        if settings.user:
            smtp.login(settings.user, settings.password or "")
    except smtplib.SMTPNotSupportedError:
        _quit(smtp)
        raise MailError(
            f"E-postservern {where} erbjuder inte STARTTLS. Inget har skickats. Stäng av det "
            "(SAMVERKAN_SMTP_STARTTLS=0) bara för en server på samma maskin eller i ett "
            "skyddat nät."
        ) from None
    except smtplib.SMTPAuthenticationError:
        _quit(smtp)
        raise MailError(
            f"E-postservern {where} godtog inte användaren {settings.user} och lösenordet. "
            "Inget har skickats."
        ) from None
    except (OSError, smtplib.SMTPException, ssl.SSLError) as exc:
        _quit(smtp)
        raise MailError(
            f"E-postservern {where} gick inte att använda ({_reason(exc)}). Inget har skickats."
        ) from None
    return smtp


def _quit(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [
            f"{code} {text.decode('utf-8', 'replace')}" for code, text in exc.recipients.values()
        ]
        return "; ".join(codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        error = exc.smtp_error
        text = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)
        return f"{exc.smtp_code} {text}".strip()
    return str(exc) or type(exc).__name__


def message_for(item: Outgoing, settings: MailSettings, now: dt.datetime) -> EmailMessage:
    """The e-mail as it would go out (a dry run, the preview); the sender may still be unset."""
    sender = settings.sender or "samverkan@example.invalid"
    return build_message(item.reminder, sender, settings.link_base, now)
