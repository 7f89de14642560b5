"""Users and login sessions in the store: who may log in, with which role, and who is logged in.

- `app_user`: one row per user, keyed by e-mail (lower case). A local account has an argon2
  hash; a user who logs in through an identity provider has none. A samordnare's kommuner are
  kept as a JSON list; a user's party and LPO (who may check in what, access.may_check_in)
  as the Party word and the LPO's name, NULL for none.
- `login_session`: a local account's login, kept by the sha256 of its random token (the token
  itself lives only in the browser's cookie), with the time it expires. A new password or role
  for the user ends them all.
- `login_attempt`: each password login, recorded before its password is checked, in the same
  transaction that counts the e-mail's earlier ones: threads racing each other still get at
  most the limit of guesses checked. A login that succeeds takes its attempt back.

The tables are part of the store's schema (store.schema): a store made before them gets them
empty when it is first opened, so it simply has no users (a served app then asks for its
first admin).

The last admin can be neither removed nor made something else (`LastAdminError`): a store
with users but no admin has nobody who can see the log or withdraw an upload.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from samverkan.models import Party, Role, UserAccount
from samverkan.store.connection import Connection, transaction

_USER_COLUMNS = "email, name, role, kommuner, password_hash IS NOT NULL, created_at, party, lpo"
_USER_WIDTH = 8


class LastAdminError(Exception):
    """The change would remove or demote the store's only admin; nothing was changed."""


def save_user(con: Connection, user: UserAccount, password_hash: str | None = None) -> bool:
    """Add the user, or change an existing one (its password only when a new hash is given).

    A new password or role ends the user's logins: whoever is logged in as them logs in again.
    (A samordnare's kommuner apply at once without that: every write asks the store again.)
    Returns True when the user is new. Raises LastAdminError when it would demote the only
    admin.
    """
    email = user.email.strip().lower()
    kommuner = json.dumps(list(user.kommuner), ensure_ascii=False)
    with transaction(con):
        if user.role is not Role.ADMIN and _is_last_admin(con, email):
            raise LastAdminError(email)
        row = con.execute(
            "SELECT password_hash, created_at, role FROM app_user WHERE email = ?", [email]
        ).fetchone()
        kept_hash = password_hash or (row[0] if row else None)
        created = row[1] if row else (user.created_at or _now())
        con.execute("DELETE FROM app_user WHERE email = ?", [email])
        con.execute(
            "INSERT INTO app_user (email, name, role, kommuner, password_hash, created_at,"
            " party, lpo) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                email,
                user.name,
                user.role.value,
                kommuner,
                kept_hash,
                created,
                user.party.value if user.party else None,
                user.lpo,
            ],
        )
        if row and (password_hash or row[2] != user.role.value):
            con.execute("DELETE FROM login_session WHERE email = ?", [email])
    return row is None


def delete_user(con: Connection, email: str) -> bool:
    """Remove the user and end their sessions; False when there was no such user.

    Raises LastAdminError when the user is the only admin.
    """
    with transaction(con):
        key = email.strip().lower()
        if _is_last_admin(con, key):
            raise LastAdminError(key)
        row = con.execute("DELETE FROM app_user WHERE email = ? RETURNING email", [key])
        found = row.fetchone() is not None
        con.execute("DELETE FROM login_session WHERE email = ?", [key])
    return found


def fetch_users(con: Connection) -> list[UserAccount]:
    """Every user, by e-mail."""
    rows = con.execute(f"SELECT {_USER_COLUMNS} FROM app_user ORDER BY email").fetchall()
    return [_user(r) for r in rows]


def fetch_user(con: Connection, email: str) -> UserAccount | None:
    """The user with this e-mail (any case), if any."""
    row = con.execute(
        f"SELECT {_USER_COLUMNS} FROM app_user WHERE email = ?", [email.strip().lower()]
    ).fetchone()
    return _user(row) if row else None


def fetch_password_hash(con: Connection, email: str) -> str | None:
    """The local account's password hash; None for a user without one, or no such user."""
    row = con.execute(
        "SELECT password_hash FROM app_user WHERE email = ?", [email.strip().lower()]
    ).fetchone()
    return str(row[0]) if row and row[0] else None


def fetch_account_counts(con: Connection) -> tuple[int, int]:
    """(users, of them local accounts with a password): what decides local or served mode."""
    row = con.execute("SELECT count(*), count(password_hash) FROM app_user").fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def save_session(
    con: Connection, token_sha256: str, email: str, created_at: dt.datetime, expires_at: dt.datetime
) -> None:
    """Keep a login; expired ones are removed on the way."""
    with transaction(con):
        con.execute("DELETE FROM login_session WHERE expires_at <= ?", [created_at])
        con.execute(
            "INSERT INTO login_session VALUES (?, ?, ?, ?)",
            [token_sha256, email.strip().lower(), created_at, expires_at],
        )


def fetch_session_user(
    con: Connection, token_sha256: str
) -> tuple[UserAccount, dt.datetime] | None:
    """The user a login belongs to and when it expires (expired or not: the caller judges)."""
    row = con.execute(
        f"SELECT {', '.join('u.' + c for c in _USER_COLUMNS.split(', '))}, s.expires_at"
        " FROM login_session s JOIN app_user u ON u.email = s.email"
        " WHERE s.token_sha256 = ?",
        [token_sha256],
    ).fetchone()
    return (_user(row[:_USER_WIDTH]), row[_USER_WIDTH]) if row else None


def delete_session(con: Connection, token_sha256: str) -> None:
    """End a login (logging out)."""
    with transaction(con):
        con.execute("DELETE FROM login_session WHERE token_sha256 = ?", [token_sha256])


def save_login_attempt(
    con: Connection, attempt_id: str, email: str, since: dt.datetime, now: dt.datetime, limit: int
) -> bool:
    """Record a login attempt unless the e-mail already has `limit` since then; True if recorded.

    Counting and recording are one transaction under the write lock (and DuckDB's file lock
    keeps other processes out while the store is open), so no two attempts see the same count.
    Attempts older than `since` count for nothing any more and are removed on the way.
    """
    key = email.strip().lower()
    with transaction(con):
        con.execute("DELETE FROM login_attempt WHERE attempted_at < ?", [since])
        row = con.execute(
            "SELECT count(*) FROM login_attempt WHERE email = ? AND attempted_at >= ?",
            [key, since],
        ).fetchone()
        allowed = (int(row[0]) if row else 0) < limit
        if allowed:
            con.execute("INSERT INTO login_attempt VALUES (?, ?, ?)", [attempt_id, key, now])
    return allowed


def delete_login_attempt(con: Connection, attempt_id: str) -> None:
    """Take an attempt back (its login succeeded, so it counts against nobody)."""
    with transaction(con):
        con.execute("DELETE FROM login_attempt WHERE attempt_id = ?", [attempt_id])


def _is_last_admin(con: Connection, email: str) -> bool:
    """Is this user (e-mail in lower case) an admin, and no other user one?"""
    row = con.execute(
        "SELECT count(*) FILTER (WHERE email = ?), count(*) FILTER (WHERE email <> ?)"
        " FROM app_user WHERE role = ?",
        [email, email, Role.ADMIN.value],
    ).fetchone()
    return row is not None and row[0] == 1 and row[1] == 0


def _user(row: tuple[Any, ...]) -> UserAccount:
    return UserAccount(
        email=row[0],
        name=row[1],
        role=Role(row[2]),
        kommuner=tuple(json.loads(row[3] or "[]")),
        has_password=bool(row[4]),
        created_at=row[5],
        party=Party(row[6]) if row[6] else None,
        lpo=row[7] or None,
    )


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)
