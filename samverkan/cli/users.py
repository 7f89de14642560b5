"""The `user` commands (issue 7): who may log in, with which role, for which kommuner.

`samverkan user add EPOST --name NAMN --role läsare|samordnare|admin [--kommun K …]
[--party polis|kommun [--lpo LPO]] [--password-stdin] [--db PATH]`: add or change a user
(a party with a kommun or an LPO: who may check in that party's commitments there); with
--password-stdin the first line of standard input is the password of a local account (never
an argument: it would show in the process list and the shell's history). Without it, the
user logs in through an identity provider.
`samverkan user list [--json] [--db PATH]` and `samverkan user remove EPOST [--db PATH]`.

Every change is written to the audit log as done by "kommandoraden". The only admin can be
neither removed nor given another role (exit 2, logged as a refused change): add another
admin first.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path
from typing import NoReturn

from samverkan import store
from samverkan.access import ROLE_LABELS, role_description
from samverkan.accounts import (
    check_new_password,
    check_new_user,
    hash_password,
    login_warnings,
)
from samverkan.cli.common import EXIT_OK, UsageError
from samverkan.models import AuditAction, Party, UserAccount
from samverkan.store.audit import save_audit_entry
from samverkan.store.users import LastAdminError, delete_user, fetch_users, save_user

CLI_ACTOR = "kommandoraden"
_ROLES = {label: role for role, label in ROLE_LABELS.items()}
# What --party takes (the parser offers only these words).
_PARTIES = {"polis": Party.POLIS, "kommun": Party.KOMMUN}
NO_USERS = (
    "Inga användare: en server visar bara hur den första administratören läggs till, och "
    "scripts/run (lokalt läge, bara på den här datorn) öppnar utan inloggning."
)
LAST_ADMIN = (
    "{email} är den enda administratören och kan inte {change}: då kan ingen se loggen, dra "
    "tillbaka uppladdningar eller sköta användarna i appen. Lägg först till en annan "
    "administratör med `samverkan user add EPOST --name NAMN --role admin --password-stdin` "
    "(eller utan --password-stdin om den loggar in via en identitetsleverantör). "
    "Inget har ändrats."
)


def run_user_add(args: argparse.Namespace) -> int:
    """Add or change the user; say which."""
    role = _ROLES[args.role]
    email = str(args.email).strip().lower()
    party = _PARTIES.get(str(args.party or "").strip().casefold())
    lpo = str(args.lpo).strip() if args.lpo else None
    kommuner, messages = check_new_user(email, role, list(args.kommun), party, lpo)
    password_hash = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        messages += check_new_password(password)
        if not messages:
            password_hash = hash_password(password)
    name = str(args.name).strip()
    if not name:
        messages.append("Ange ett namn med --name.")
    if messages:
        raise UsageError(" ".join(messages) + " Inget har ändrats.")
    user = UserAccount(
        email=email, name=name, role=role, kommuner=tuple(kommuner), party=party, lpo=lpo
    )
    with store.open_store(args.db) as con:
        try:
            created = save_user(con, user, password_hash)
        except LastAdminError:
            _refuse_last_admin(con, email, "få en annan roll")
        described = f"{name} <{email}>, {role_description(user)}" + (
            ", lokalt konto" if password_hash else ""
        )
        save_audit_entry(
            con,
            CLI_ACTOR,
            AuditAction.USER_SAVED,
            ("Ny användare: " if created else "Ändrad användare: ") + described,
        )
    print(("Användaren är tillagd: " if created else "Användaren är ändrad: ") + described + ".")
    _say_who_can_log_in(args, first=created)
    return EXIT_OK


def run_user_list(args: argparse.Namespace) -> int:
    """Every user, as lines or as JSON."""
    with store.open_store(args.db) as con:
        users = fetch_users(con)
    if args.json:
        document = [
            {
                "email": u.email,
                "name": u.name,
                "role": u.role.value,
                "kommuner": list(u.kommuner),
                "local_account": u.has_password,
                "party": u.party.value if u.party else None,
                "lpo": u.lpo,
                "created_at": u.created_at.isoformat() if u.created_at else None,
            }
            for u in users
        ]
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not users:
        print(NO_USERS)
    for u in users:
        local = ", lokalt konto" if u.has_password else ""
        print(f"{u.email}\t{u.name}\t{role_description(u)}{local}")
    return EXIT_OK


def run_user_remove(args: argparse.Namespace) -> int:
    """Remove the user and end their logins."""
    email = str(args.email).strip().lower()
    with store.open_store(args.db) as con:
        try:
            found = delete_user(con, email)
        except LastAdminError:
            _refuse_last_admin(con, email, "tas bort")
        if not found:
            raise UsageError(f"Det finns ingen användare {email}. Inget har ändrats.")
        save_audit_entry(con, CLI_ACTOR, AuditAction.USER_REMOVED, f"Borttagen: {email}")
    print(f"Användaren {email} är borttagen; hens inloggningar gäller inte längre.")
    _say_who_can_log_in(args, first=False)
    return EXIT_OK


def _refuse_last_admin(con: store.Connection, email: str, change: str) -> NoReturn:
    """Log the refused change and stop with the Swedish reason (exit 2)."""
    message = LAST_ADMIN.format(email=email, change=change)
    save_audit_entry(con, CLI_ACTOR, AuditAction.REFUSED, message)
    raise UsageError(message)


def _say_who_can_log_in(args: argparse.Namespace, *, first: bool) -> None:
    """After a change: local mode, or served mode and anything that would keep people out."""
    with store.open_store(args.db) as con:
        users = fetch_users(con)
    if not users:
        print("Det finns inga användare kvar. " + NO_USERS)
        return
    if first and len(users) == 1:
        print("Det här är den första användaren: appen kräver nu inloggning (inte lokalt läge).")
    for warning in login_warnings(users, _has_identity_provider()):
        print(f"Obs: {warning}", file=sys.stderr)


# Where Streamlit looks for secrets.toml when the app is started from the repository (as
# scripts/run does) or from the current folder, and the user's own.
_SECRETS_FILES = (
    Path(__file__).resolve().parents[2] / ".streamlit" / "secrets.toml",
    Path.cwd() / ".streamlit" / "secrets.toml",
    Path.home() / ".streamlit" / "secrets.toml",
)


def _has_identity_provider() -> bool:
    """True when a secrets.toml the app would read has an [auth] section."""
    for path in _SECRETS_FILES:
        try:
            if "auth" in tomllib.loads(path.read_text(encoding="utf-8")):
                return True
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            continue
    return False
