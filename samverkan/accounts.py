"""Local accounts: argon2id password hashes, logging in, and login sessions that expire.

Parts:
- hash_password / verify_password: argon2id (argon2-cffi), salted and slow on purpose
- check_new_password / check_new_user: what `samverkan user add` refuses, in Swedish
- authenticate: e-mail and password against the store; the same work for an unknown e-mail
- is_locked_out: five failed logins for an e-mail in 15 minutes stop its logins for a while
- start_session / resume_session / end_session: a random token the browser keeps in a cookie;
  the store keeps only its sha256 and when it expires (SAMVERKAN_SESSION_HOURS, default 8)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from samverkan.kommuner import canonical_kommun
from samverkan.models import AuditAction, Role, UserAccount
from samverkan.store import Connection
from samverkan.store_audit import count_audit_entries
from samverkan.store_users import (
    delete_session,
    fetch_password_hash,
    fetch_session_user,
    fetch_user,
    save_session,
)

MIN_PASSWORD_LENGTH = 10
MAX_FAILED_LOGINS = 5
LOCKOUT_MINUTES = 15
DEFAULT_SESSION_HOURS = 8.0
_HASHER = PasswordHasher()
# Verified against when the e-mail is unknown, so a wrong e-mail takes as long as a wrong
# password and the time does not tell which accounts exist.
_DUMMY_HASH = _HASHER.hash("ingen sådan användare")


def hash_password(password: str) -> str:
    """The argon2id hash of the password (its salt and parameters inside)."""
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when the password matches the hash; False for a wrong one or a broken hash."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_new_password(password: str) -> list[str]:
    """Why a new password is refused (empty when it is accepted)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return [f"Lösenordet måste ha minst {MIN_PASSWORD_LENGTH} tecken."]
    if password.strip() != password:
        return ["Lösenordet får inte börja eller sluta med mellanslag."]
    return []


def check_new_user(email: str, role: Role, kommuner: list[str]) -> tuple[list[str], list[str]]:
    """(the kommuner by their official names, why the user is refused)."""
    messages: list[str] = []
    if "@" not in email.strip() or len(email.strip()) < 3 or " " in email.strip():
        messages.append(f'"{email}" är ingen e-postadress.')
    named: list[str] = []
    for written in kommuner:
        kommun = canonical_kommun(written)
        if kommun is None:
            messages.append(f'"{written}" är ingen svensk kommun. Skriv t.ex. --kommun Burlöv.')
        elif kommun not in named:
            named.append(kommun)
    if role is Role.COORDINATOR and not kommuner:
        messages.append("En samordnare behöver minst en kommun: ange --kommun.")
    if role is not Role.COORDINATOR and kommuner:
        messages.append("Bara en samordnare har kommuner; läsare läser allt, admin ändrar allt.")
    return named, messages


def authenticate(con: Connection, email: str, password: str) -> UserAccount | None:
    """The user when the e-mail has a local account and the password is right, else None."""
    stored = fetch_password_hash(con, email)
    matches = verify_password(stored or _DUMMY_HASH, password)
    if stored is None or not matches:
        return None
    return fetch_user(con, email)


def is_locked_out(con: Connection, email: str, now: dt.datetime | None = None) -> bool:
    """True after MAX_FAILED_LOGINS failed logins for the e-mail within LOCKOUT_MINUTES."""
    since = (now or dt.datetime.now()) - dt.timedelta(minutes=LOCKOUT_MINUTES)
    failures = count_audit_entries(con, AuditAction.LOGIN_FAILED, login_name(email), since)
    return failures >= MAX_FAILED_LOGINS


def login_name(email: str) -> str:
    """The e-mail as accounts and the log of failed logins key it."""
    return email.strip().lower()


def session_hours() -> float:
    """How long a login lasts: SAMVERKAN_SESSION_HOURS, default 8."""
    try:
        hours = float(os.environ.get("SAMVERKAN_SESSION_HOURS") or DEFAULT_SESSION_HOURS)
    except ValueError:
        return DEFAULT_SESSION_HOURS
    return hours if hours > 0 else DEFAULT_SESSION_HOURS


def token_digest(token: str) -> str:
    """What the store keeps of a session token: its sha256, never the token itself."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(con: Connection, user: UserAccount, now: dt.datetime | None = None) -> str:
    """Keep a new login for the user; return the token for the browser's cookie."""
    start = now or dt.datetime.now().replace(microsecond=0)
    token = secrets.token_urlsafe(32)
    expires = start + dt.timedelta(hours=session_hours())
    save_session(con, token_digest(token), user.email, start, expires)
    return token


def resume_session(
    con: Connection, token: str, now: dt.datetime | None = None
) -> UserAccount | None:
    """The user of a login that has not expired (with their role as the store has it now)."""
    found = fetch_session_user(con, token_digest(token))
    if found is None:
        return None
    user, expires_at = found
    return user if (now or dt.datetime.now()) < expires_at else None


def end_session(con: Connection, token: str) -> None:
    """Forget the login, so the token no longer logs anyone in."""
    delete_session(con, token_digest(token))


def login_warnings(users: list[UserAccount], has_provider: bool) -> list[str]:
    """What would keep people out of the app with these users (empty: someone can log in).

    No user at all is local mode, which needs no warning. `has_provider` is whether an
    identity provider is configured ([auth] in secrets.toml).
    """
    if not users:
        return []
    warnings = []
    if not has_provider and not any(u.has_password for u in users):
        warnings.append(
            "Ingen kan logga in: ingen användare har lösenord och ingen identitetsleverantör "
            "är konfigurerad ([auth] i .streamlit/secrets.toml). Ge en admin ett lösenord med "
            "`samverkan user add … --role admin --password-stdin`."
        )
    elif not has_provider:
        without = [u.email for u in users if not u.has_password]
        if without:
            warnings.append(
                f"{', '.join(without)} har inget lösenord och kan bara logga in via en "
                "identitetsleverantör, men ingen är konfigurerad ([auth] i "
                ".streamlit/secrets.toml)."
            )
    if not any(u.role is Role.ADMIN for u in users):
        warnings.append(
            "Ingen användare är admin: ingen kan se loggen eller dra tillbaka uppladdningar i "
            "appen. Lägg till en med `--role admin`."
        )
    return warnings
