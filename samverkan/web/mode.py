"""Local mode and served mode (DESIGN.md): who may reach the app, and whether login applies.

With no accounts and no identity provider configured, the app runs in local mode: no
login, every role, bound to 127.0.0.1. It refuses to serve that way on another address
unless SAMVERKAN_ALLOW_REMOTE_LOCAL=1 says so explicitly. As soon as the store has a user
(`samverkan user add`) or secrets.toml has an [auth] section, login is required.

Identity providers (st.login) are the [auth] section: its own client_id is the unnamed
provider, each [auth.NAME] table a named one. A [samverkan] section in secrets.toml can name
them on the login screen (`provider_labels = { entra = "Kommunens konto" }`) and let an
authenticated e-mail without an account in as a läsare (`unknown_users_read = true`).
"""

from __future__ import annotations

import os
from typing import Any

import streamlit as st

from samverkan import store
from samverkan.store_users import fetch_account_counts
from samverkan.web.data import Version, data_version, db_path

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def has_identity_provider() -> bool:
    """True when an OpenID Connect provider is configured in secrets ([auth])."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError, OSError):
        return False
    except Exception:  # a malformed secrets file: no provider, and the server log says why
        return False


def identity_providers() -> list[tuple[str | None, str]]:
    """(name for st.login, label on the login screen) of every configured provider."""
    try:
        auth: Any = st.secrets.get("auth")
        labels = dict(provider_settings().get("provider_labels") or {})
    except Exception:  # a malformed secrets file: no provider, and the server log says why
        return []
    if auth is None or not hasattr(auth, "items"):
        return []
    providers: list[tuple[str | None, str]] = []
    if "client_id" in auth:
        providers.append((None, str(labels.get("default") or "organisationens konto")))
    for name, value in auth.items():
        if hasattr(value, "items"):
            providers.append((str(name), str(labels.get(name) or name)))
    return providers


def provider_metadata_url(name: str | None) -> str | None:
    """The provider's server_metadata_url ([auth] for None, else [auth.NAME]), if it has one."""
    try:
        auth: Any = st.secrets.get("auth")
        section: Any = auth if name is None or auth is None else auth.get(name)
        url = section.get("server_metadata_url") if hasattr(section, "get") else None
    except Exception:  # a malformed secrets file: no provider, and the server log says why
        return None
    return str(url) if url else None


def login_redirect_uri() -> str | None:
    """Where every provider sends the browser back ([auth] redirect_uri), if configured.

    Streamlit fills in "{port}" with the server's port; so does this.
    """
    try:
        auth: Any = st.secrets.get("auth")
        uri = auth.get("redirect_uri") if hasattr(auth, "get") else None
    except Exception:
        return None
    if not uri:
        return None
    return str(uri).replace("{port}", str(st.get_option("server.port")))


def provider_settings() -> dict[str, Any]:
    """The [samverkan] section of secrets.toml (labels, unknown_users_read), or {}."""
    try:
        section: Any = st.secrets.get("samverkan")
    except Exception:
        return {}
    return dict(section) if section is not None and hasattr(section, "items") else {}


def local_account_count() -> int:
    """Users in the store with a password (-1 when the store cannot be read just now)."""
    users, local = _account_counts(str(db_path()), data_version())
    return local if users >= 0 else -1


def has_accounts() -> bool:
    """True when the store has any user, or cannot tell (then login is required: fail closed)."""
    return _account_counts(str(db_path()), data_version())[0] != 0


@st.cache_data(show_spinner=False, max_entries=8)
def _account_counts(path: str, version: Version) -> tuple[int, int]:
    try:
        with store.open_store(path, wait_seconds=2.0) as con:
            return fetch_account_counts(con)
    except store.StoreBusy:
        return -1, -1


def is_local_mode() -> bool:
    """True when nobody has to log in: no identity provider and no user in the store."""
    return not has_identity_provider() and not has_accounts()


def is_local_mode_allowed() -> bool:
    """Local mode is only for the machine itself unless explicitly allowed."""
    address = str(st.get_option("server.address") or "")
    explicit = os.environ.get("SAMVERKAN_ALLOW_REMOTE_LOCAL", "") == "1"
    return address in LOOPBACK or explicit
