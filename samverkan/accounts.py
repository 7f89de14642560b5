"""Local accounts: argon2id password hashes, logging in, and login sessions that expire.

Parts:
- hash_password / verify_password: argon2id (argon2-cffi), salted and slow on purpose; at most
  two at a time, since each takes 64 MiB
- check_new_password / check_new_user: what `samverkan user add` refuses, in Swedish
- check_login_input: an e-mail that is no e-mail, or a password longer than any we keep, is
  refused before the store or a hash is touched
- attempt_login: the whole password login. The attempt is recorded before the password is
  checked, and refused when the e-mail already has five in 15 minutes: however many guesses
  arrive at once, at most five are checked per e-mail in any 15 minutes
- authenticate: e-mail and password against the store; the same work for an unknown e-mail
- provider_identity: the e-mail an identity provider vouches for, and whether it may
- start_session / resume_session / end_session: a random token the browser keeps in a cookie;
  the store keeps only its sha256 and when it expires (SAMVERKAN_SESSION_HOURS, default 8)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
import threading
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from samverkan.kommuner import canonical_kommun
from samverkan.models import LoginRefusal, Party, Role, UserAccount
from samverkan.store import Connection
from samverkan.store.users import (
    delete_login_attempt,
    delete_session,
    fetch_password_hash,
    fetch_session_user,
    fetch_user,
    save_login_attempt,
    save_session,
)

MIN_PASSWORD_LENGTH = 10
# Longer than any passphrase a person types; a longer one is refused before it is hashed.
MAX_PASSWORD_LENGTH = 1024
# RFC 5321: 64 characters before the @, 255 after it; 320 in all is the usual ceiling.
MAX_EMAIL_LENGTH = 320
MAX_FAILED_LOGINS = 5
LOCKOUT_MINUTES = 15
DEFAULT_SESSION_HOURS = 8.0
_HASHER = PasswordHasher()
# Each hash takes 64 MiB (argon2-cffi's default memory cost): a crowd of logins at once, each
# with another e-mail, waits here for a slot instead of taking the server's memory.
_HASH_SLOTS = threading.BoundedSemaphore(2)
# Verified against when the e-mail is unknown, so a wrong e-mail takes as long as a wrong
# password and the time does not tell which accounts exist.
_DUMMY_HASH = _HASHER.hash("ingen sådan användare")
# One @, something on each side, no spaces or control characters: what a person types as an
# address. Whether it exists is the store's question, not this one's.
_EMAIL_SHAPE = re.compile(r"[^@\s\x00-\x1f\x7f]{1,64}@[^@\s\x00-\x1f\x7f]{1,255}")


def hash_password(password: str) -> str:
    """The argon2id hash of the password (its salt and parameters inside)."""
    with _HASH_SLOTS:
        return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when the password matches the hash; False for a wrong one or a broken hash."""
    try:
        with _HASH_SLOTS:
            return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def is_email_address(text: str) -> bool:
    """Does the text look like an e-mail address (at most MAX_EMAIL_LENGTH characters)?"""
    return len(text) <= MAX_EMAIL_LENGTH and _EMAIL_SHAPE.fullmatch(text) is not None


def check_new_password(password: str) -> list[str]:
    """Why a new password is refused (empty when it is accepted)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return [f"Lösenordet måste ha minst {MIN_PASSWORD_LENGTH} tecken."]
    if len(password) > MAX_PASSWORD_LENGTH:
        return [f"Lösenordet får ha högst {MAX_PASSWORD_LENGTH} tecken."]
    if password.strip() != password:
        return ["Lösenordet får inte börja eller sluta med mellanslag."]
    return []


def check_new_user(
    email: str,
    role: Role,
    kommuner: list[str],
    party: Party | None = None,
    lpo: str | None = None,
) -> tuple[list[str], list[str]]:
    """(the kommuner by their official names, why the user is refused).

    A user given a party (Polis or Kommun, who may check in that party's commitments) needs
    a kommun or an LPO for it, and only such a user or a samordnare has kommuner.
    """
    messages: list[str] = []
    if not is_email_address(email.strip()):
        shown = email if len(email) <= MAX_EMAIL_LENGTH else email[:40] + "…"
        messages.append(f'"{shown}" är ingen e-postadress.')
    named: list[str] = []
    for written in kommuner:
        kommun = canonical_kommun(written)
        if kommun is None:
            messages.append(f'"{written}" är ingen svensk kommun. Skriv t.ex. --kommun Burlöv.')
        elif kommun not in named:
            named.append(kommun)
    if role is Role.COORDINATOR and not kommuner:
        messages.append("En samordnare behöver minst en kommun: ange --kommun.")
    if role is Role.ADMIN and kommuner:
        # A läsare's kommuner are the ones they read (access.visible_agreements).
        messages.append("En admin ser och ändrar alla kommuner; ange ingen --kommun.")
    if party is not None and party not in (Party.POLIS, Party.KOMMUN):
        messages.append("En användares part är Polis eller Kommun.")
    if party is not None and not kommuner and not (lpo or "").strip():
        messages.append(
            "En part gäller i en kommun eller ett lokalpolisområde: ange --kommun eller --lpo."
        )
    if party is None and (lpo or "").strip():
        messages.append("Ett lokalpolisområde gäller en part: ange --party också.")
    return named, messages


def check_login_input(email: str, password: str) -> LoginRefusal | None:
    """What refuses the login form before the store is asked or a hash computed, if anything."""
    if not is_email_address(email.strip()):
        return LoginRefusal.NOT_AN_EMAIL
    if len(password) > MAX_PASSWORD_LENGTH:
        return LoginRefusal.PASSWORD_TOO_LONG
    return None


def attempt_login(
    con: Connection, email: str, password: str, now: dt.datetime | None = None
) -> UserAccount | LoginRefusal:
    """The user when the password is right; else why not (nothing logged: the caller logs).

    The attempt is recorded, atomically with counting the e-mail's earlier ones, before the
    password is checked; a right password takes it back, so only failures lock an e-mail.
    """
    refused = check_login_input(email, password)
    if refused is not None:
        return refused
    moment = now or dt.datetime.now()
    since = moment - dt.timedelta(minutes=LOCKOUT_MINUTES)
    attempt = uuid.uuid4().hex
    if not save_login_attempt(con, attempt, login_name(email), since, moment, MAX_FAILED_LOGINS):
        return LoginRefusal.LOCKED_OUT
    user = authenticate(con, email, password) if password else None
    if user is None:
        return LoginRefusal.WRONG_PASSWORD
    delete_login_attempt(con, attempt)
    return user


def authenticate(con: Connection, email: str, password: str) -> UserAccount | None:
    """The user when the e-mail has a local account and the password is right, else None."""
    stored = fetch_password_hash(con, email)
    matches = verify_password(stored or _DUMMY_HASH, password)
    if stored is None or not matches:
        return None
    return fetch_user(con, email)


def login_name(email: str) -> str:
    """The e-mail as accounts and the log of failed logins key it."""
    return email.strip().lower()


def provider_identity(
    claims: Mapping[str, Any], domains: Sequence[str] | None
) -> tuple[str, LoginRefusal | None]:
    """(the e-mail an identity provider vouches for, lower case, or ''; why it is refused).

    The provider must have verified the address: `email_verified` true for its `email`, or,
    for Entra ID, which sends no such claim, its stable object and tenant ids (`oid`, `tid`)
    with the UPN (`preferred_username` or `upn`), whose domain the tenant has proven it owns;
    Entra's own `email` claim is not proven, so it is not used. And the address's domain must
    be one the provider may speak for (`domains`); a provider without a list speaks for none.
    """
    email = ""
    if _is_true(claims.get("email_verified")):
        email = _address(claims.get("email"))
    elif claims.get("oid") and claims.get("tid"):
        email = _address(claims.get("preferred_username")) or _address(claims.get("upn"))
    else:
        unproven = [_address(claims.get(c)) for c in ("email", "preferred_username", "upn")]
        return next((e for e in unproven if e), ""), LoginRefusal.UNVERIFIED
    if not email:
        return "", LoginRefusal.NOT_AN_EMAIL
    if not domains:
        return email, LoginRefusal.NO_DOMAINS
    domain = email.rsplit("@", 1)[1]
    if domain not in {d.strip().lower().lstrip("@") for d in domains}:
        return email, LoginRefusal.FOREIGN_DOMAIN
    return email, None


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


def _is_true(value: object) -> bool:
    # Most providers send a JSON true; a few (AWS Cognito among them) the string "true".
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _address(value: object) -> str:
    text = str(value or "").strip().lower()
    return text if is_email_address(text) else ""


def login_warnings(users: list[UserAccount], has_provider: bool) -> list[str]:
    """What would keep people out of the app with these users (empty: someone can log in).

    No user at all needs no warning here: a served app then shows how to add the first admin,
    and scripts/run's local mode needs none. `has_provider` is whether an identity provider
    is configured ([auth] in secrets.toml).
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
