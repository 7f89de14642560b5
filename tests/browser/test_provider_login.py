"""Logging in through real OpenID Connect providers in Chromium: st.login from end to end.

Two oidc-provider-mock servers stand in for the kommun's Entra ID and the Police's provider.
Samverkan registers with each as a client, so the provider checks the client id, the secret
and the redirect_uri as a real one does. The user types their e-mail as the subject on the
provider's page and is sent back with it as the e-mail claim (verified, unless a test says
otherwise); the role comes from the store.

- `two_providers`: [auth.entra] for burlov.se and [auth.polisen] for polisen.se, labelled; a
  samordnare and a läsare in the store, no local account. The buttons, each role's menu, a deep
  link, an unknown e-mail, logging out, the audit log, a browser that came by 127.0.0.1 instead
  of localhost, and the addresses a provider is not believed for: one it has not verified, and
  one in a domain it may not speak for (the Police's provider saying "the kommun's samordnare").
- `open_to_readers`: the unnamed [auth] provider, a second one that has stopped, and
  `unknown_users_read = true`: an unknown e-mail is a läsare; the stopped one says so in Swedish.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import urllib.parse
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from samverkan import store
from samverkan.models import AuditAction, Role, UserAccount
from samverkan.store.audit import fetch_audit_log
from samverkan.store.users import save_user
from samverkan.web import auth
from tests.browser import free_port, save_screenshots, streamlit_server, wait_until_drawn

with warnings.catch_warnings():
    # The mock uses Authlib's deprecated jose and httpx modules, and Authlib's own "always"
    # filter for them goes first when it is imported: import it, then put "ignore" before it.
    import authlib.deprecate  # noqa: F401

    warnings.simplefilter("ignore", DeprecationWarning)
    from oidc_provider_mock import run_server_in_thread

# Only the mock provider runs in this process (the app runs in Streamlit's), and a deprecation
# raised as an error in its threads would be a 500 from its token endpoint.
pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

SAMORDNARE = UserAccount(
    email="sam.samordnare@burlov.se",
    name="Sam Samordnare",
    role=Role.COORDINATOR,
    kommuner=("Burlöv",),
)
POLIS = UserAccount(
    email="kim.kommunpolis@polisen.se",
    name="Kim Kommunpolis",
    role=Role.READER,
    kommuner=("Burlöv",),
)
OKAND = "olle.okand@burlov.se"
DEEP_LINK = "/snabbkoll?kommun=Burl%C3%B6v&part=Polis"
VIEWPORT = {"width": 1920, "height": 1080}


@dataclass(frozen=True)
class Served:
    """A Samverkan server behind identity providers: its address, store and providers."""

    url: str
    db: Path
    issuers: dict[str, str]


@pytest.fixture(scope="module")
def kommun_provider() -> Iterator[str]:
    """The kommun's provider (its issuer URL); it knows the names of the test's users."""
    with run_server_in_thread(require_client_registration=True) as server:
        issuer = f"http://localhost:{server.server_port}"
        for user in (SAMORDNARE, POLIS):
            set_claims(issuer, user.email, user.name)
        set_claims(issuer, OKAND, "Olle Okänd")
        yield issuer


@pytest.fixture(scope="module")
def police_provider() -> Iterator[str]:
    """The Police's provider (its issuer URL)."""
    with run_server_in_thread(require_client_registration=True) as server:
        issuer = f"http://localhost:{server.server_port}"
        set_claims(issuer, POLIS.email, POLIS.name)
        yield issuer


@pytest.fixture(scope="module")
def stopped_provider() -> str:
    """The issuer URL of a provider that was started and has stopped: nothing answers there."""
    with run_server_in_thread() as server:
        port = server.server_port
    return f"http://localhost:{port}"


@pytest.fixture(scope="module")
def two_providers(
    demo_file: Path,
    tmp_path_factory: pytest.TempPathFactory,
    kommun_provider: str,
    police_provider: str,
) -> Iterator[Served]:
    """The demo with a samordnare and a läsare, both without passwords, and two providers."""
    folder = tmp_path_factory.mktemp("two_providers")
    db = folder / "samverkan.duckdb"
    shutil.copy(demo_file, db)
    with store.open_store(db) as con:
        save_user(con, SAMORDNARE)
        save_user(con, POLIS)
    issuers = {"entra": kommun_provider, "polisen": police_provider}
    settings = (
        'provider_labels = { entra = "Kommunens konto", polisen = "Polisens konto" }\n'
        'provider_domains = { entra = ["burlov.se"], polisen = ["polisen.se"] }'
    )
    with served_with(db, issuers, settings) as served:
        yield served


@pytest.fixture(scope="module")
def open_to_readers(
    demo_file: Path,
    tmp_path_factory: pytest.TempPathFactory,
    kommun_provider: str,
    stopped_provider: str,
) -> Iterator[Served]:
    """The demo with no users, the unnamed provider, one that is down, unknown_users_read."""
    folder = tmp_path_factory.mktemp("open_to_readers")
    db = folder / "samverkan.duckdb"
    shutil.copy(demo_file, db)
    issuers = {"": kommun_provider, "nere": stopped_provider}
    settings = (
        'provider_labels = { default = "Kommunens konto", nere = "Polisens konto" }\n'
        'provider_domains = { default = ["burlov.se"], nere = ["polisen.se"] }\n'
        "unknown_users_read = true"
    )
    with served_with(db, issuers, settings) as served:
        yield served


def set_claims(issuer: str, email: str, name: str, *, verified: bool = True) -> None:
    """The claims the provider gives the subject `email`: that address, verified or not."""
    claims = {"email": email, "name": name, "email_verified": verified}
    response = httpx.put(f"{issuer}/users/{urllib.parse.quote(email)}", json=claims)
    response.raise_for_status()


def set_subject_claims(issuer: str, subject: str, claims: dict[str, str]) -> None:
    """The claims the provider gives a subject that is not an e-mail (Entra's object id)."""
    response = httpx.put(f"{issuer}/users/{urllib.parse.quote(subject)}", json=claims)
    response.raise_for_status()


def register_client(issuer: str, redirect_uri: str) -> tuple[str, str]:
    """Samverkan registered as a client of the provider: its (client_id, client_secret)."""
    try:
        response = httpx.post(f"{issuer}/oauth2/clients", json={"redirect_uris": [redirect_uri]})
    except httpx.ConnectError:  # a provider that has stopped: nobody can register
        return "samverkan", "hemligt"
    response.raise_for_status()
    client = response.json()
    return str(client["client_id"]), str(client["client_secret"])


@contextlib.contextmanager
def served_with(db: Path, issuers: dict[str, str], settings: str) -> Iterator[Served]:
    """secrets.toml for the providers ("" is the unnamed one) beside the store, and the server."""
    port = free_port()
    # The browser uses localhost, so the provider must send it back to localhost: Streamlit's
    # login cookies belong to the address they were set on.
    redirect_uri = f"http://localhost:{port}/oauth2callback"
    toml = [
        "[auth]",
        f'redirect_uri = "{redirect_uri}"',
        f'cookie_secret = "{secrets.token_hex(32)}"',
    ]
    for name, issuer in sorted(issuers.items()):  # the unnamed one's keys before any table
        client_id, client_secret = register_client(issuer, redirect_uri)
        toml += [f"[auth.{name}]"] if name else []
        toml += [
            f'client_id = "{client_id}"',
            f'client_secret = "{client_secret}"',
            f'server_metadata_url = "{issuer}/.well-known/openid-configuration"',
        ]
    secrets_file = db.parent / "secrets.toml"
    secrets_file.write_text("\n".join([*toml, "[samverkan]", settings, ""]), encoding="utf-8")
    with streamlit_server(db, port=port, extra_args=["--secrets.files", str(secrets_file)]):
        yield Served(f"http://localhost:{port}", db, issuers)


def heading(page: Any) -> str:
    return str(page.locator("h1").first.inner_text()).strip()


def sidebar(page: Any) -> str:
    return str(page.locator("[data-testid='stSidebar']").inner_text())


def menu(page: Any) -> str:
    return str(page.locator("[data-testid='stSidebarNav']").inner_text())


def provider_logins(db: Path, user: UserAccount) -> int:
    """How many provider logins of the user the audit log holds."""
    with store.open_store(db) as con:
        return sum(
            1
            for e in fetch_audit_log(con)
            if (e.actor, e.action, e.detail)
            == (f"{user.name} ({user.email})", AuditAction.LOGIN, "Identitetsleverantör")
        )


def open_signed_out(browser: Any, url: str) -> tuple[Any, Any]:
    """A browser context of its own (no cookies, so nobody logged in), at the address, drawn."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.goto(url)
    wait_until_drawn(page)
    return context, page


def log_in(page: Any, served: Served, button: str, issuer: str, email: str) -> None:
    """Press the provider's button, be the subject `email` on its page, come back to the app."""
    page.get_by_role("button", name=button).click()
    # The provider's pages link a stylesheet on a CDN: wait for the page, not for that.
    page.wait_for_url(f"{issuer}/oauth2/authorize?*", wait_until="domcontentloaded")
    page.get_by_placeholder("sub").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{served.url}/**")
    wait_until_drawn(page)


def test_each_provider_has_its_button_and_there_is_no_password_form(
    browser: Any, two_providers: Served
) -> None:
    page = browser.new_page(viewport=VIEWPORT)
    page.goto(two_providers.url)
    wait_until_drawn(page)
    assert heading(page) == "Logga in"
    buttons = page.locator("[data-testid='stMain'] button").all_inner_texts()
    assert [b.split("\n")[-1] for b in buttons] == [
        "Logga in med Kommunens konto",
        "Logga in med Polisens konto",
    ]
    assert page.locator("input").count() == 0  # no local account: no e-mail, no password
    assert page.evaluate("document.documentElement.lang") == "sv"
    assert page.locator("[data-testid='stSidebarNav']").count() == 0
    save_screenshots(page, "inloggning-leverantorer")
    page.close()


def test_a_samordnare_logs_in_with_the_kommuns_account_and_out_again(
    browser: Any, two_providers: Served
) -> None:
    context, page = open_signed_out(browser, two_providers.url)
    log_in(page, two_providers, "Logga in med Kommunens konto", two_providers.issuers["entra"],
           SAMORDNARE.email)  # fmt: skip
    assert heading(page).startswith("Översikt")
    assert "Inloggad som Sam Samordnare, samordnare för Burlöv" in sidebar(page)
    assert "Ladda upp" in menu(page)
    save_screenshots(page, "inloggad-med-kommunens-konto")

    page.get_by_role("button", name="Logga ut").click()
    # The provider's own end of the session (RP-initiated logout), then back to the app.
    page.wait_for_url(
        f"{two_providers.issuers['entra']}/oauth2/end_session?*", wait_until="domcontentloaded"
    )
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{two_providers.url}/**")
    wait_until_drawn(page)
    assert heading(page) == "Logga in"
    assert not [c for c in context.cookies() if c["name"].startswith("_streamlit_user")]
    page.reload()
    wait_until_drawn(page)
    assert heading(page) == "Logga in"
    context.close()

    assert provider_logins(two_providers.db, SAMORDNARE) == 1
    with store.open_store(two_providers.db) as con:
        log = [(e.actor, e.action) for e in fetch_audit_log(con)]
    assert ("Sam Samordnare (sam.samordnare@burlov.se)", AuditAction.LOGOUT) in log


def test_a_police_reader_is_not_offered_uploads(browser: Any, two_providers: Served) -> None:
    context, page = open_signed_out(browser, two_providers.url)
    log_in(page, two_providers, "Logga in med Polisens konto", two_providers.issuers["polisen"],
           POLIS.email)  # fmt: skip
    assert "Inloggad som Kim Kommunpolis, läsare" in sidebar(page)
    assert "Snabbkoll" in menu(page)
    assert "Ladda upp" not in menu(page)
    assert "Överenskommelse" not in menu(page)
    context.close()


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_a_deep_link_opens_after_the_provider_login(
    browser: Any, two_providers: Served, host: str
) -> None:
    """Also from 127.0.0.1: the login screen first moves the browser to the login address.

    The way back to the deep link is a second page load; the login is logged once all the same.
    """
    logins_before = provider_logins(two_providers.db, POLIS)
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.goto(two_providers.url.replace("localhost", host) + DEEP_LINK)
    page.wait_for_url(two_providers.url + DEEP_LINK)
    wait_until_drawn(page)
    assert heading(page) == "Logga in"
    log_in(page, two_providers, "Logga in med Polisens konto", two_providers.issuers["polisen"],
           POLIS.email)  # fmt: skip
    page.wait_for_function("() => document.querySelector('h1')?.innerText.startsWith('Snabbkoll')")
    wait_until_drawn(page)
    address = urllib.parse.urlsplit(page.url)
    assert address.path == "/snabbkoll"
    assert urllib.parse.parse_qs(address.query) == {"kommun": ["Burlöv"], "part": ["Polis"]}
    assert "Polis · Burlöv" in page.locator("[data-testid='stMain']").inner_text()
    context.close()
    assert provider_logins(two_providers.db, POLIS) == logins_before + 1


def test_an_unknown_email_has_no_account(browser: Any, two_providers: Served) -> None:
    context, page = open_signed_out(browser, two_providers.url)
    log_in(page, two_providers, "Logga in med Kommunens konto", two_providers.issuers["entra"],
           OKAND)  # fmt: skip
    assert heading(page) == "Logga in"
    main = page.locator("[data-testid='stMain']")
    assert auth.NO_ACCOUNT in main.inner_text()
    assert f"Du loggade in som {OKAND}" in main.inner_text()  # which of their addresses
    assert main.get_by_role("button", name="Logga ut").is_visible()
    assert page.locator("[data-testid='stSidebarNav']").count() == 0
    save_screenshots(page, "inloggning-inget-konto")
    page.reload()  # a reload is the same attempt: logged once
    wait_until_drawn(page)
    assert auth.NO_ACCOUNT in page.locator("[data-testid='stMain']").inner_text()
    context.close()
    with store.open_store(two_providers.db) as con:
        failed = [
            e.detail
            for e in fetch_audit_log(con)
            if (e.actor, e.action) == (OKAND, AuditAction.LOGIN_FAILED)
        ]
    assert failed == ["Identitetsleverantör: inget konto"]


def test_an_entra_login_without_the_email_claim_uses_the_preferred_username(
    browser: Any, two_providers: Served
) -> None:
    """Entra sends `email` only when configured, and no `email_verified`: its stable object
    and tenant ids vouch for its `preferred_username`, the address (the UPN)."""
    issuer = two_providers.issuers["entra"]
    subject = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
    claims = {
        "preferred_username": "Sam.Samordnare@Burlov.se",
        "name": SAMORDNARE.name,
        "oid": subject,
        "tid": "9188040d-6c67-4c5b-b112-36a304b66dad",
    }
    set_subject_claims(issuer, subject, claims)
    context, page = open_signed_out(browser, two_providers.url)
    log_in(page, two_providers, "Logga in med Kommunens konto", issuer, subject)
    assert heading(page).startswith("Översikt")
    assert "Inloggad som Sam Samordnare, samordnare för Burlöv" in sidebar(page)
    context.close()


def test_unknown_users_read_lets_an_unknown_email_in_as_lasare(
    browser: Any, open_to_readers: Served
) -> None:
    context, page = open_signed_out(browser, open_to_readers.url)
    log_in(page, open_to_readers, "Logga in med Kommunens konto", open_to_readers.issuers[""],
           OKAND)  # fmt: skip
    # A läsare given no kommun sees no agreement (access.visible_agreements fails closed).
    assert heading(page) == "Välkommen till Samverkan"
    assert "Inloggad som Olle Okänd, läsare" in sidebar(page)
    assert "Ladda upp" not in menu(page)
    context.close()


def test_a_provider_that_does_not_answer_gets_a_swedish_sentence(
    browser: Any, open_to_readers: Served
) -> None:
    page = browser.new_page(viewport=VIEWPORT)
    page.goto(open_to_readers.url)
    wait_until_drawn(page)
    page.get_by_role("button", name="Logga in med Polisens konto").click()
    message = auth.PROVIDER_DOWN.format(label="Polisens konto")
    page.get_by_text(message).wait_for()
    assert page.url.startswith(open_to_readers.url)  # still here, not on an error page
    assert heading(page) == "Logga in"
    assert page.locator("[data-testid='stException']").count() == 0
    save_screenshots(page, "inloggning-leverantor-nere")
    page.close()


def refusals(db: Path, email: str) -> list[str]:
    """The failed logins of the address in the audit log, oldest first."""
    with store.open_store(db) as con:
        return [
            e.detail
            for e in reversed(fetch_audit_log(con))
            if (e.actor, e.action) == (email, AuditAction.LOGIN_FAILED)
        ]


def test_an_address_the_provider_has_not_verified_does_not_log_in(
    browser: Any, two_providers: Served
) -> None:
    """The samordnare's own address, claimed at the kommun's provider but not verified there."""
    issuer = two_providers.issuers["entra"]
    impostor = "sam.samordnare+ej-bekraftad@burlov.se"
    save_user_as(two_providers.db, SAMORDNARE.model_copy(update={"email": impostor}))
    set_claims(issuer, impostor, SAMORDNARE.name, verified=False)
    context, page = open_signed_out(browser, two_providers.url)
    log_in(page, two_providers, "Logga in med Kommunens konto", issuer, impostor)
    assert heading(page) == "Logga in"
    main = page.locator("[data-testid='stMain']").inner_text()
    assert auth.UNVERIFIED.format(label="Kommunens konto") in main
    assert "Inloggad som" not in page.locator("body").inner_text()
    assert page.locator("[data-testid='stSidebarNav']").count() == 0
    save_screenshots(page, "inloggning-ej-bekraftad")
    context.close()
    assert refusals(two_providers.db, impostor) == [
        "Identitetsleverantör: e-postadressen är inte bekräftad (entra)"
    ]


def test_a_provider_speaks_only_for_its_own_domains(browser: Any, two_providers: Served) -> None:
    """The Police's provider vouching for the kommun's samordnare: not believed."""
    issuer = two_providers.issuers["polisen"]
    set_claims(issuer, SAMORDNARE.email, SAMORDNARE.name)
    context, page = open_signed_out(browser, two_providers.url)
    log_in(page, two_providers, "Logga in med Polisens konto", issuer, SAMORDNARE.email)
    assert heading(page) == "Logga in"
    main = page.locator("[data-testid='stMain']").inner_text()
    expected = auth.FOREIGN_DOMAIN.format(label="Polisens konto", domain="burlov.se")
    assert expected in main
    assert f"Du loggade in som {SAMORDNARE.email}" in main
    assert "Inloggad som" not in page.locator("body").inner_text()
    save_screenshots(page, "inloggning-fel-doman")
    context.close()
    assert refusals(two_providers.db, SAMORDNARE.email) == [
        "Identitetsleverantör: leverantören får inte tala för domänen (polisen)"
    ]


def save_user_as(db: Path, user: UserAccount) -> None:
    with store.open_store(db) as con:
        save_user(con, user)
