"""Local mode and served mode (DESIGN.md): who may reach the app, and whether login applies.

With no accounts and no identity provider configured, the app runs in local mode: no
login, every role, bound to 127.0.0.1. It refuses to serve that way on another address
unless SAMVERKAN_ALLOW_REMOTE_LOCAL=1 says so explicitly.
"""

from __future__ import annotations

import os

import streamlit as st

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def has_identity_provider() -> bool:
    """True when an OpenID Connect provider is configured in secrets ([auth])."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError, OSError):
        return False
    except Exception:  # a malformed secrets file: no provider, and the server log says why
        return False


def is_local_mode() -> bool:
    """True when nobody has to log in (no provider; local accounts come with issue 7)."""
    return not has_identity_provider()


def is_local_mode_allowed() -> bool:
    """Local mode is only for the machine itself unless explicitly allowed."""
    address = str(st.get_option("server.address") or "")
    explicit = os.environ.get("SAMVERKAN_ALLOW_REMOTE_LOCAL", "") == "1"
    return address in LOOPBACK or explicit
