"""Who is using the app, and the login screen shown until someone is (issue 7).

Why one module: who is logged in, the login screen and which pages they are offered are one
security decision, read and reviewed together; half of the length is the why below.

Parts:
- current_user: the local admin in local mode; else the user of a local account's login, or
  of an identity provider's (st.login), with the role the store gives their e-mail
- require_login: the login screen instead of any page, until someone is logged in
- navigation: st.navigation with each page offered only to the roles that may see it
- may_write_here / may_withdraw_here / audit: the server-side checks and the log, for writes
- render_account: the sidebar's 'Inloggad som …' and 'Logga ut'

How a local login survives a reload: Streamlit cannot set a cookie from the server (an
HttpOnly cookie would need a route of our own beside Streamlit's), and st.context.cookies
only reads. So a login makes a random token; the store keeps its sha256 and the time it
expires (SAMVERKAN_SESSION_HOURS, default 8), and a tiny script puts the token in a cookie
(SameSite=Strict; over https Secure and named with the `__Host-` prefix, so no other host under
the same domain and no page over http can set or replace it). On a reload the new session reads
the cookie and asks the store. The cookie is not HttpOnly, so a script could read it: the app
never renders user text as HTML, the token is worthless once it expires or its user logs out,
and removing the user, or a new password or role, ends it at once. A token in the address
was the other choice; it would leak into bookmarks, screenshots on a shared screen and the
browser history, so it was not taken.

A deep link survives either way: the page and its query parameters stay in the address while
the login form is shown; an identity provider returns to the start page, so before it the
login screen keeps the address in a short-lived cookie, and the first run after the return
goes back there.

A provider login only works on the address its redirect_uri names: Streamlit keeps the login's
state in a cookie for the address the button was pressed on, and the provider returns to the
redirect_uri's. So the login screen moves a browser that came by another name (127.0.0.1 for
localhost, an alias) to that address first, path and query kept. Before sending anyone to a
provider, the button asks for its metadata (a few seconds at most): one that does not answer
gets a Swedish sentence here instead of Streamlit's bare "Authentication error" page.

A provider is believed only for what it has verified and may speak for: `email_verified` (or
Entra's `oid` and `tid` with the UPN), and an address in one of the domains listed for it in
secrets.toml ([samverkan] provider_domains); a provider without a list logs nobody in
(accounts.provider_identity).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import urllib.parse
import urllib.request
from collections.abc import Mapping

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from samverkan import store
from samverkan.access import (
    LOCAL_ADMIN,
    is_page_visible,
    may_withdraw,
    may_write_all,
    role_description,
)
from samverkan.accounts import (
    LOCKOUT_MINUTES,
    MAX_EMAIL_LENGTH,
    MAX_PASSWORD_LENGTH,
    attempt_login,
    check_login_input,
    end_session,
    login_name,
    provider_identity,
    session_hours,
    start_session,
    token_digest,
)
from samverkan.models import AuditAction, LoginRefusal, Role, UserAccount
from samverkan.store.audit import save_audit_entry
from samverkan.web.accessibility import SWEDISH_PAGE_SCRIPT
from samverkan.web.data import db_path, load_session, load_user
from samverkan.web.format import escape_markdown
from samverkan.web.mode import (
    identity_providers,
    is_local_mode,
    local_account_count,
    login_redirect_uri,
    provider_metadata_url,
    provider_settings,
)

SESSION_COOKIE = "samverkan_session"
# Over https the cookie is `__Host-samverkan_session`: a browser takes a cookie with that name
# only from this very host, over https, for the whole site, so a sibling host or an http page
# cannot plant a session (cookie tossing) or read it.
SECURE_PREFIX = "__Host-"
RETURN_COOKIE = "samverkan_tillbaka"
_TOKEN_KEY = "inloggning_token"
_NEW_TOKEN_KEY = "inloggning_ny_token"
_LOGIN_ERROR_KEY = "inloggning_fel"
_RETURN_DONE_KEY = "inloggning_atervand"
_NO_ACCOUNT_LOGGED_KEY = "inloggning_utan_konto_loggad"
# What provider_identity reads: Entra ID sends `email` only as an optional claim (and does not
# verify it), but its `preferred_username` (the UPN) is the address in most kommuner's tenants.
_IDENTITY_CLAIMS = ("email", "email_verified", "preferred_username", "upn", "oid", "tid")
NO_ACCOUNT = "Du har inget konto – kontakta administratören."
WRONG_LOGIN = "Fel e-postadress eller lösenord. Försök igen."
NOT_AN_EMAIL = (
    f"Skriv din e-postadress (högst {MAX_EMAIL_LENGTH} tecken), t.ex. anna.lindqvist@burlov.se."
)
PASSWORD_TOO_LONG = f"Lösenordet är för långt: högst {MAX_PASSWORD_LENGTH} tecken."
UNVERIFIED = (
    "Inloggningen med {label} har inte bekräftat din e-postadress, så den kan inte användas "
    "här. Kontakta administratören."
)
NO_DOMAINS = (
    "Inloggningen med {label} är inte inställd för någon e-postdomän ännu (provider_domains i "
    "secrets.toml), så ingen kan logga in med den. Kontakta administratören."
)
FOREIGN_DOMAIN = (
    "Inloggningen med {label} får inte logga in adresser på {domain}. Logga in med rätt "
    "konto, eller kontakta administratören."
)
LOCKED_OUT = (
    f"För många misslyckade inloggningar. Vänta {LOCKOUT_MINUTES} minuter och försök igen, "
    "eller kontakta administratören."
)
PROVIDER_DOWN = (
    "Inloggningen med {label} svarar inte just nu. Försök igen om en stund; om det inte går, "
    "kontakta administratören."
)
_PROVIDER_TIMEOUT_SECONDS = 5.0
_LOG = logging.getLogger("samverkan.web")


def current_user() -> UserAccount | None:
    """Who is here: the local admin in local mode, a logged-in user, or None."""
    if is_local_mode():
        return LOCAL_ADMIN
    token = st.session_state.get(_TOKEN_KEY) or _cookie(session_cookie_name())
    if token:
        user = _session_user(str(token))
        if user is not None:
            st.session_state[_TOKEN_KEY] = str(token)
            return user
        st.session_state.pop(_TOKEN_KEY, None)
    return _provider_user()


def actor_label(user: UserAccount | None) -> str:
    """How the audit log and the history name the user: 'Anna Lindqvist (anna@…)'."""
    if user is None:
        return "okänd"
    if user == LOCAL_ADMIN:
        return LOCAL_ADMIN.name
    return f"{user.name} ({user.email})"


def may_write_here(kommuner: list[str]) -> bool:
    """The server-side check every write makes when it runs: may this user write for them?"""
    return may_write_all(current_user(), kommuner)


def may_withdraw_here() -> bool:
    """May this user withdraw and restore uploads (an admin)?"""
    return may_withdraw(current_user())


def audit(action: AuditAction, detail: str, kommun: str | None = None) -> None:
    """One line in the audit log for what this user just did (a failure goes to the log)."""
    try:
        with store.open_store(db_path()) as con:
            save_audit_entry(con, actor_label(current_user()), action, detail, kommun=kommun)
    except Exception:  # the action itself is done; losing its log line must not undo it
        _LOG.exception("Writing the audit log failed")


def navigation(sections: Mapping[str, list[StreamlitPage]]) -> StreamlitPage:
    """st.navigation for who is here: their role's pages, and Administration for an admin.

    Before login every page is registered but the menu is hidden, so the address keeps
    naming the page a deep link asked for while the login form is shown.
    """
    admin_page = st.Page(
        "pages/anvandare.py",
        title="Användare och logg",
        icon=":material/manage_accounts:",
        url_path="anvandare",
    )
    every = {**sections, "Administration": [admin_page]}
    try:
        user = current_user()
    except Exception:  # the store is busy or broken: the login screen's guard says so
        user = None
    if user is None:
        return st.navigation(every, position="hidden")
    # Every page in view: folded, Streamlit's menu would end in an English "View 3 more".
    return st.navigation(pages_for_role(user.role, every), expanded=True)


def pages_for_role(
    role: Role, sections: Mapping[str, list[StreamlitPage]]
) -> dict[str, list[StreamlitPage]]:
    """The sections with only the pages the role may see (empty sections left out)."""
    shown: dict[str, list[StreamlitPage]] = {}
    for name, pages in sections.items():
        visible = [p for p in pages if is_page_visible(role, p.url_path or "")]
        if visible:
            shown[name] = visible
    return shown


def require_login() -> None:
    """Show the login screen and stop, unless someone is logged in (or in local mode)."""
    if is_local_mode():
        return
    user = current_user()
    if user is not None:
        _after_login()
        return
    _render_login_screen()
    st.stop()


def render_account() -> None:
    """'Inloggad som Anna Lindqvist, samordnare för Burlöv' and 'Logga ut', in the sidebar."""
    if is_local_mode():
        return
    user = current_user()
    if user is None:
        return
    with st.sidebar:
        st.caption(f"Inloggad som **{escape_markdown(user.name)}**, {role_description(user)}")
        st.button("Logga ut", icon=":material/logout:", key="logga_ut", on_click=_logout)


# -- the login screen ---------------------------------------------------------------------------


def _render_login_screen() -> None:
    st.title("Logga in", anchor=False)
    if _provider_logged_in():
        _render_no_account()
        return
    # Any session cookie still in the browser has expired or was ended: forget it; keep the
    # address for an identity provider, which returns to the start page (an hour at most).
    _run_script(
        SWEDISH_PAGE_SCRIPT
        + _cookie_script("", 0)
        + f"document.cookie = '{RETURN_COOKIE}=' + encodeURIComponent("
        "window.parent.location.pathname + window.parent.location.search)"
        " + '; Max-Age=3600; Path=/; SameSite=Lax';" + _to_login_address()
    )
    st.markdown(
        "Samverkan visar kommunens och polisens arbetsmaterial. Logga in för att fortsätta."
    )
    for name, label in identity_providers():
        st.button(
            f"Logga in med {label}",
            icon=":material/login:",
            key=f"logga_in_{name or 'standard'}",
            on_click=_provider_login,
            args=(name, label),
        )
    if local_account_count():
        _render_password_form()
    elif not identity_providers():
        st.info(NO_ACCOUNT, icon=":material/no_accounts:")
    error = st.session_state.pop(_LOGIN_ERROR_KEY, None)
    if error:
        st.error(error, icon=":material/error:")


def _render_no_account() -> None:
    """Signed in at the provider, but not let in here: say why and with which address, log it.

    Logged when the browser is just back from the provider (the return cookie is there), so
    a reload of this screen is not another attempt in the log.
    """
    email, refused = _provider_identity()
    provider = _provider_name()
    label = {n or "default": lab for n, lab in identity_providers()}.get(provider, provider)
    domain = escape_markdown(email.rsplit("@", 1)[-1])
    messages: dict[LoginRefusal | None, str] = {
        LoginRefusal.UNVERIFIED: UNVERIFIED.format(label=label),
        LoginRefusal.NO_DOMAINS: NO_DOMAINS.format(label=label),
        LoginRefusal.FOREIGN_DOMAIN: FOREIGN_DOMAIN.format(label=label, domain=domain),
    }
    st.error(messages.get(refused, NO_ACCOUNT), icon=":material/no_accounts:")
    if email:
        st.markdown(f"Du loggade in som **{escape_markdown(email)}**.")
    if _cookie(RETURN_COOKIE) and not st.session_state.get(_NO_ACCOUNT_LOGGED_KEY):
        st.session_state[_NO_ACCOUNT_LOGGED_KEY] = True
        if refused in messages:
            detail = f"{refused} ({provider})"
            _LOG.warning("Refused a login through %s for %s: %s", provider, email, refused)
        else:
            detail = "inget konto" if email else "ingen e-postadress"
        try:
            with store.open_store(db_path()) as con:
                save_audit_entry(
                    con,
                    email or "okänd",
                    AuditAction.LOGIN_FAILED,
                    f"Identitetsleverantör: {detail}",
                )
        except Exception:  # the screen matters more than its log line
            _LOG.exception("Writing the audit log failed")
        _run_script(_clear_return())
    st.button("Logga ut", icon=":material/logout:", on_click=st.logout)


def _render_password_form() -> None:
    with st.form("inloggning", border=True, width=480):
        st.text_input(
            "E-postadress",
            key="inloggning_epost",
            autocomplete="username",
            max_chars=MAX_EMAIL_LENGTH,
        )
        st.text_input(
            "Lösenord",
            type="password",
            key="inloggning_losenord",
            autocomplete="current-password",
            max_chars=MAX_PASSWORD_LENGTH,
        )
        st.form_submit_button("Logga in", type="primary", on_click=_password_login)


def _password_login() -> None:
    """The form's callback: check the password, keep the login, log it either way.

    The browser's max_chars is only a courtesy: what arrives is checked again here, before
    the store is opened or a hash computed, and such input is never written to the log.
    """
    email = str(st.session_state.get("inloggning_epost") or "").strip()
    password = str(st.session_state.get("inloggning_losenord") or "")
    st.session_state["inloggning_losenord"] = ""
    refused = check_login_input(email, password)
    if refused is not None:
        st.session_state[_LOGIN_ERROR_KEY] = {
            LoginRefusal.NOT_AN_EMAIL: NOT_AN_EMAIL,
            LoginRefusal.PASSWORD_TOO_LONG: PASSWORD_TOO_LONG,
        }[refused]
        if len(email) > MAX_EMAIL_LENGTH or refused is LoginRefusal.PASSWORD_TOO_LONG:
            _LOG.warning("Refused a login form: %s (%d characters)", refused, len(email))
        return
    try:
        with store.open_store(db_path()) as con:
            outcome = attempt_login(con, email, password)
            if outcome is LoginRefusal.LOCKED_OUT:
                st.session_state[_LOGIN_ERROR_KEY] = LOCKED_OUT
                return
            if not isinstance(outcome, UserAccount):
                st.session_state[_LOGIN_ERROR_KEY] = WRONG_LOGIN
                save_audit_entry(con, login_name(email), AuditAction.LOGIN_FAILED, "Lokalt konto")
                return
            user = outcome
            token = start_session(con, user)
            save_audit_entry(con, actor_label(user), AuditAction.LOGIN, "Lokalt konto")
    except store.StoreBusy:
        st.session_state[_LOGIN_ERROR_KEY] = store.BUSY_MESSAGE
        return
    st.session_state[_TOKEN_KEY] = token
    st.session_state[_NEW_TOKEN_KEY] = token


def _provider_login(name: str | None, label: str) -> None:
    """A provider button's callback: off to the provider, unless it does not answer."""
    if not _is_provider_reachable(name):
        st.session_state[_LOGIN_ERROR_KEY] = PROVIDER_DOWN.format(label=label)
        return
    if name is None:
        st.login()
    else:
        st.login(name)


def _is_provider_reachable(name: str | None) -> bool:
    """Does the provider's metadata answer? Streamlit asks for it first thing after the button."""
    url = provider_metadata_url(name)
    if url is None:  # configured without discovery: st.login has its own errors for that
        return True
    try:
        with urllib.request.urlopen(url, timeout=_PROVIDER_TIMEOUT_SECONDS) as response:
            return int(response.status) == 200
    except (OSError, ValueError):  # refused, timed out, an HTTP error, a malformed URL
        _LOG.warning("The identity provider %s did not answer at %s", name or "[auth]", url)
        return False


def _after_login() -> None:
    """Right after a login: the token into the browser's cookie, or back to the deep link."""
    new_token = st.session_state.pop(_NEW_TOKEN_KEY, None)
    if new_token:
        hours = _session_seconds()
        _run_script(_cookie_script(str(new_token), hours) + _clear_return())
        return
    if st.session_state.get(_RETURN_DONE_KEY):
        return
    # The first run of a session: back from an identity provider, the address it had before.
    st.session_state[_RETURN_DONE_KEY] = True
    target = urllib.parse.unquote(_cookie(RETURN_COOKIE) or "")
    if not target or not _provider_logged_in():
        return
    audit(AuditAction.LOGIN, "Identitetsleverantör")
    if is_own_path(target):
        safe = json.dumps(target).replace("<", "\\u003c")
        _run_script(
            _clear_return() + f"const t = {safe}; const l = window.parent.location;"
            " if (!l.search && l.pathname + l.search !== t) { l.replace(t); }"
        )
    else:
        _run_script(_clear_return())


def _logout() -> None:
    token = st.session_state.pop(_TOKEN_KEY, None)
    audit(AuditAction.LOGOUT, "")
    if token:
        try:
            with store.open_store(db_path()) as con:
                end_session(con, str(token))
        except store.StoreBusy:
            _LOG.warning("The store was busy; the session ends when it expires")
    if _provider_logged_in():
        st.logout()


# -- reading who is logged in -------------------------------------------------------------------


def _session_user(token: str) -> UserAccount | None:
    found = load_session(token_digest(token))
    if found is None:
        return None
    user, expires_at = found
    return user if dt.datetime.now() < expires_at else None


def _provider_user() -> UserAccount | None:
    if not _provider_logged_in():
        return None
    email, refused = _provider_identity()
    if refused is not None:
        return None
    known = load_user(email)
    if known is not None:
        return known
    if provider_settings().get("unknown_users_read") is True:
        name = str(st.user.get("name") or email)
        return UserAccount(email=email, name=name, role=Role.READER)
    return None


def _provider_identity() -> tuple[str, LoginRefusal | None]:
    """The signed-in e-mail (lower case, or ''), and why the provider is not believed for it."""
    claims = {claim: st.user.get(claim) for claim in _IDENTITY_CLAIMS}
    return provider_identity(claims, provider_domains(_provider_name()))


def _provider_name() -> str:
    """Which provider the user signed in with: its [auth.NAME], or 'default' for [auth]."""
    return str(st.user.get("provider") or "default")


def provider_domains(provider: str) -> list[str] | None:
    """The e-mail domains [samverkan] provider_domains lets this provider speak for, if any."""
    listed = dict(provider_settings().get("provider_domains") or {}).get(provider)
    if isinstance(listed, str):
        return [listed]
    if isinstance(listed, list | tuple):
        return [str(d) for d in listed if str(d).strip()]
    return None


def _provider_logged_in() -> bool:
    try:
        return bool(identity_providers()) and bool(st.user.is_logged_in)
    except Exception:
        return False


def _cookie(name: str) -> str | None:
    try:
        value = st.context.cookies.get(name)
    except Exception:
        return None
    return str(value) if value else None


def _session_seconds() -> int:
    return int(session_hours() * 3600)


def is_own_path(target: str) -> bool:
    """Only a path on this server (never '//elsewhere' or a scheme): no open redirect.

    A browser reads a backslash as a slash and drops tabs and line breaks from an address, so
    '/\\evil.example', and '/', a tab, '/evil.example', would both become '//evil.example': any
    backslash or control character (or other unprintable one) refuses the path.
    """
    return (
        target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and target.isprintable()
    )


def is_served_over_https() -> bool:
    """Does this browser see the site over https? Its own address says; else the proxy's
    X-Forwarded-Proto, else the scheme of the identity providers' redirect_uri."""
    try:
        url = st.context.url
        forwarded = st.context.headers.get("X-Forwarded-Proto")
    except Exception:  # no browser request (a script run without one)
        url, forwarded = None, None
    if url:
        return url.lower().startswith("https:")
    if forwarded:
        return forwarded.split(",")[0].strip().lower() == "https"
    return (login_redirect_uri() or "").lower().startswith("https:")


def session_cookie_name() -> str:
    """'__Host-samverkan_session' over https, 'samverkan_session' over http."""
    return SECURE_PREFIX + SESSION_COOKIE if is_served_over_https() else SESSION_COOKIE


def _cookie_script(value: str, max_age: int) -> str:
    """Script: the session cookie, named and flagged as the browser's own address asks.

    The browser decides by its own address, just as is_served_over_https does on the server,
    so both use the same name. The token is URL-safe base64: nothing here needs escaping.
    """
    return (
        "{ const s = window.parent.location.protocol === 'https:';"
        f" document.cookie = (s ? '{SECURE_PREFIX}' : '') + '{SESSION_COOKIE}={value};"
        f" Max-Age={max_age}; Path=/; SameSite=Strict' + (s ? '; Secure' : ''); }}"
    )


def _to_login_address() -> str:
    """Script: to the redirect_uri's scheme, host and port, if the browser came by another."""
    uri = login_redirect_uri()
    if not uri or not identity_providers():
        return ""
    safe = json.dumps(uri).replace("<", "\\u003c")
    # The browser's own URL parser on both sides: the same origin never looks different. A
    # block, so a rerun of the login screen does not declare the constants twice.
    return (
        f"{{ const o = new URL({safe}).origin; const w = window.parent.location;"
        " if (w.origin !== o) { w.replace(o + w.pathname + w.search); } }"
    )


def _clear_return() -> str:
    return f"document.cookie = '{RETURN_COOKIE}=; Max-Age=0; Path=/; SameSite=Lax';"


def _run_script(code: str) -> None:
    st.html(f"<script>{code}</script>", unsafe_allow_javascript=True, width=1)
