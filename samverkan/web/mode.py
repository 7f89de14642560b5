"""Local mode and served mode (DESIGN.md): who may reach the app, and whether login applies.

Local mode (no login, every role) is chosen by whoever starts the app, never guessed:
`scripts/run` sets SAMVERKAN_LOCAL=1. Without it the app is served, and a served app with no
user and no identity provider shows how to add the first admin, never the data, so a proxy
in front of an empty store, a removed last user or an old backup cannot open it to everyone.

In local mode a session is refused unless it came straight from this machine: the
WebSocket handshake's Host (and Origin, when sent) must be a loopback name, and it must carry
no proxy's headers. This stops both a reverse proxy in front of a local-mode app and DNS
rebinding (a web page whose own name has been pointed at 127.0.0.1). The app refuses to
listen on another address than 127.0.0.1 in local mode unless SAMVERKAN_ALLOW_REMOTE_LOCAL=1
says so (a container publishing the port to the host's own 127.0.0.1); the Host check still
applies then. As soon as the store has a user (`samverkan user add`) or secrets.toml has an
[auth] section, login is required, local mode or not.

Identity providers (st.login) are the [auth] section: its own client_id is the unnamed
provider, each [auth.NAME] table a named one. A [samverkan] section in secrets.toml can name
them on the login screen (`provider_labels = { entra = "Kommunens konto" }`) and let an
authenticated e-mail without an account in as a läsare (`unknown_users_read = true`).
"""

from __future__ import annotations

import ipaddress
import os
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from samverkan.web.data import load_account_counts

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
LOCAL_MODE_VARIABLE = "SAMVERKAN_LOCAL"
# A proxy adds one of these (or an X-Forwarded-* header); a browser on this machine sends none.
PROXY_HEADERS = frozenset(
    {
        "forwarded",
        "forwarded-for",
        "via",
        "x-real-ip",
        "x-client-ip",
        "true-client-ip",
        "cf-connecting-ip",  # Cloudflare and its tunnel (cloudflared)
        "fastly-client-ip",
        "x-cluster-client-ip",
        "x-original-forwarded-for",
    }
)


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
    users, local = load_account_counts()
    return local if users >= 0 else -1


def has_accounts() -> bool:
    """True when the store has any user, or cannot tell (then login is required: fail closed)."""
    return load_account_counts()[0] != 0


def is_local_mode_chosen() -> bool:
    """True when whoever started the app chose local mode (scripts/run: SAMVERKAN_LOCAL=1)."""
    return os.environ.get(LOCAL_MODE_VARIABLE, "") == "1"


def is_local_mode() -> bool:
    """True when nobody has to log in: local mode chosen, no identity provider, no user."""
    return is_local_mode_chosen() and not has_identity_provider() and not has_accounts()


def needs_first_admin() -> bool:
    """True when a served app has no user and no identity provider: nobody could log in."""
    return not is_local_mode_chosen() and not has_identity_provider() and not has_accounts()


def is_local_mode_allowed() -> bool:
    """Local mode is only for the machine itself unless explicitly allowed."""
    address = str(st.get_option("server.address") or "")
    explicit = os.environ.get("SAMVERKAN_ALLOW_REMOTE_LOCAL", "") == "1"
    return address in LOOPBACK or explicit


def request_headers() -> dict[str, list[str]]:
    """This session's WebSocket handshake headers, by lower-case name, every value kept.

    Empty when the script runs without a browser's connection (AppTest): a handshake
    always carries headers (Host, Upgrade, Sec-WebSocket-Key).
    """
    headers = st.context.headers
    return {name.lower(): headers.get_all(name) for name in headers}


def is_loopback_request(headers: Mapping[str, Sequence[str]]) -> bool:
    """True when the handshake came straight from this machine, as local mode requires.

    One Host, a loopback name with any port; an Origin, if sent, on a loopback name too;
    and none of a proxy's headers. `headers` maps lower-case names to every value sent.
    """
    if not headers:
        return True  # no connection at all (AppTest): nothing came from anywhere
    if any(is_proxy_header(name) for name in headers):
        return False
    hosts = headers.get("host") or []
    if len(hosts) != 1 or not is_loopback_host(hosts[0]):
        return False
    origins = headers.get("origin") or []
    if len(origins) > 1:
        return False
    return not origins or _is_loopback_origin(origins[0])


def is_proxy_header(name: str) -> bool:
    """True for a header a proxy adds on the way (Forwarded, Via, X-Forwarded-For, …)."""
    name = name.lower()
    return name in PROXY_HEADERS or name.startswith("x-forwarded-")


def is_loopback_host(host: str) -> bool:
    """'localhost', '127.0.0.1' or '[::1]', with an optional port: this machine's own names."""
    name, port = _split_host(host.strip())
    if port is not None and not (port.isascii() and port.isdigit() and 0 < int(port) < 65536):
        return False
    if name.startswith("[") and name.endswith("]"):
        return _is_ipv6_loopback(name[1:-1])
    return name.lower() in {"localhost", "127.0.0.1"}


def _split_host(host: str) -> tuple[str, str | None]:
    """('[::1]', '8501') from '[::1]:8501', ('localhost', None) from 'localhost'."""
    if host.startswith("["):
        end = host.find("]")
        if end < 0:
            return host, None
        rest = host[end + 1 :]
        if not rest:
            return host, None
        return host[: end + 1], rest[1:] if rest.startswith(":") else rest
    name, colon, port = host.rpartition(":")
    return (name, port) if colon else (host, None)


def _is_ipv6_loopback(text: str) -> bool:
    try:
        return ipaddress.IPv6Address(text) == ipaddress.IPv6Address("::1")
    except ValueError:
        return False


def _is_loopback_origin(origin: str) -> bool:
    """'http://localhost:8501' and the like; 'null' and every other name are not."""
    try:
        parts = urllib.parse.urlsplit(origin.strip())
    except ValueError:
        return False
    if parts.scheme not in {"http", "https"} or parts.username or parts.password:
        return False
    if parts.path not in {"", "/"} or parts.query or parts.fragment:
        return False
    return is_loopback_host(parts.netloc)
