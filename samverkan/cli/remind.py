"""The `remind` command: each owner's list by e-mail, for cron or a systemd timer (issue 19).

`samverkan remind [--db PATH] [--kommun K] [--dry-run] [--as EPOST]`: for each kommun with an
e-mail register (or the one named), one e-mail per address with its late commitments, missing
follow-ups and what falls due within 14 days, judged today. Nothing goes to an address with
nothing to say, nor the same list to the same address within a week. `--dry-run` prints every
e-mail and marks nothing. `--as` runs as a user of the store: only the kommuner that user may
write, and the audit log names them (without it, "kommandoraden" and every kommun: whoever
runs the command has the whole store already).

Exit 0 done (also with nothing to send), 2 a wrong choice or missing settings, 1 a mail
server that does not answer or refuses a message (those it accepted are marked, no others).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from samverkan import store
from samverkan.access import may_write
from samverkan.cli.common import (
    EXIT_OK,
    EXIT_UNEXPECTED,
    UsageError,
    open_existing_store,
    say,
    terminal_text,
)
from samverkan.kommuner import canonical_kommun
from samverkan.mail import (
    KommunReminders,
    MailError,
    MailSettings,
    message_for,
    prepare_reminders,
    read_mail_settings,
    send_reminders,
)
from samverkan.models import AuditAction, UserAccount
from samverkan.store.audit import save_audit_entry
from samverkan.store.reminders import fetch_register_kommuner
from samverkan.store.users import fetch_user
from samverkan.swedish import format_count, format_datetime

COMMAND_LINE = "kommandoraden"


def run_remind(args: argparse.Namespace) -> int:
    """Send (or with --dry-run print) the reminders of one kommun or of every registered one."""
    settings = read_mail_settings()
    if not args.dry_run and settings.refusals():
        raise UsageError(
            " ".join(settings.refusals()) + " README.md (Påminnelser via e-post) säger hur."
        )
    now = dt.datetime.now().astimezone()
    with open_existing_store(args.db) as con:
        user = _user(con, args.as_user)
        kommuner = _kommuner(con, args.kommun, user)
        prepared = [prepare_reminders(con, k, now) for k in kommuner]
    if not prepared:
        say(
            "Inget att skicka: ingen kommun har något e-postregister ännu. Ange de ansvarigas "
            "adresser på sidan Överenskommelse (E-post till ansvariga)."
        )
        return EXIT_OK
    if not settings.link_base:
        say(
            "Obs: SAMVERKAN_BASE_URL är inte inställd, så e-posten säger vilken sida som ska "
            "öppnas i stället för att länka dit."
        )
    if args.dry_run:
        return _print_dry_run(prepared, settings, now)
    return _send(prepared, settings, args.db, user, now)


def _user(con: store.Connection, email: str | None) -> UserAccount | None:
    if email is None:
        return None
    user = fetch_user(con, email)
    if user is None:
        raise UsageError(f"--as {email}: det finns ingen sådan användare.")
    return user


def _kommuner(con: store.Connection, kommun: str | None, user: UserAccount | None) -> list[str]:
    registered = fetch_register_kommuner(con)
    if kommun is not None:
        name = canonical_kommun(kommun) or kommun.strip()
        if user is not None and not may_write(user, name):
            raise UsageError(f"--as {user.email} får inte skicka påminnelser för {name}.")
        return [name]
    if user is not None:
        return [k for k in registered if may_write(user, k)]
    return registered


def _print_dry_run(
    prepared: list[KommunReminders], settings: MailSettings, now: dt.datetime
) -> int:
    for kommun in prepared:
        _say_kommun(kommun)
        for item in kommun.outgoing:
            if item.earlier is not None:
                say(
                    f"  Skickas inte till {item.reminder.email}: {_held_back(item.earlier.sent_at)}"
                )
                continue
            try:
                message = message_for(item, settings, now)
            except ValueError as exc:  # an address that could add a header: never printed
                say(f"  Skickas inte till {_shown(item.reminder.email)}: {exc}")
                continue
            print(f"From: {message['From']}")
            print(f"To: {message['To']}")
            print(f"Subject: {message['Subject']}")
            print(f"Date: {message['Date']}")
            print()
            plain = message.get_body(preferencelist=("plain",))
            print(terminal_text(plain.get_content() if plain is not None else ""))
            print("-" * 72)
    waiting = sum(len(k.to_send) for k in prepared)
    sys.stdout.flush()
    say(
        f"Provkörning: {format_count(waiting, 'e-postmeddelande', 'e-postmeddelanden')} skulle "
        "skickas. "
        "Inget har skickats och inget har markerats som skickat."
    )
    return EXIT_OK


def _send(
    prepared: list[KommunReminders],
    settings: MailSettings,
    db: Path | None,
    user: UserAccount | None,
    now: dt.datetime,
) -> int:
    actor = f"{user.name} ({user.email})" if user else COMMAND_LINE
    failed_any = False
    for kommun in prepared:
        _say_kommun(kommun)
        for item in kommun.outgoing:
            if item.earlier is not None:
                say(
                    f"  Skickas inte till {item.reminder.email}: {_held_back(item.earlier.sent_at)}"
                )
        try:
            outcome = send_reminders(settings, kommun.to_send, _db_path(db), actor, now)
        except MailError as exc:
            say(f"Fel: {exc}")
            return EXIT_UNEXPECTED
        for email in outcome.accepted:
            print(f"{kommun.kommun}: skickat till {email}")
        for email, why in outcome.failed:
            say(f"Fel: {kommun.kommun}: inte skickat till {_shown(email)}: {why}.")
        failed_any = failed_any or bool(outcome.failed)
        if outcome.accepted:
            _audit(db, actor, kommun.kommun, len(outcome.accepted))
    if failed_any:
        say("Det som inte skickades är inte markerat som skickat; nästa körning försöker igen.")
        return EXIT_UNEXPECTED
    return EXIT_OK


def _say_kommun(kommun: KommunReminders) -> None:
    if kommun.agreement is None:
        say(f"{kommun.kommun}: ingen överenskommelse löper i dag; inga påminnelser.")
    elif not kommun.registered:
        say(
            f"{kommun.kommun}: inga e-postadresser i registret. Samordnaren lägger in dem på "
            "sidan Överenskommelse."
        )
    elif not kommun.outgoing:
        say(f"{kommun.kommun}: ingen ansvarig har något försenat eller nära förestående.")


def _shown(email: str) -> str:
    """The address on one line, whatever the store holds ('a@b.se\\r\\nBcc: …')."""
    return email.encode("unicode_escape").decode("ascii")


def _held_back(sent_at: dt.datetime) -> str:
    return f"samma påminnelse skickades {format_datetime(sent_at)} (högst en gång i veckan)."


def _db_path(db: store.Location | None) -> Path | str:
    return store.resolve_store(db)


def _audit(db: Path | None, actor: str, kommun: str, count: int) -> None:
    with store.open_store(_db_path(db)) as con:
        save_audit_entry(
            con,
            actor,
            AuditAction.REMINDERS,
            f"Påminnelser via e-post: {format_count(count, 'adress', 'adresser')}",
            kommun=kommun,
        )
