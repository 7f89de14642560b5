"""Logging in with a local account in a real browser: the deep link, a reload, logging out.

The server's store has an account, so it runs in served mode: the first request is a
bookmarked Snabbkoll link, the login form comes first, and after it the bookmarked page with
its query parameters. A reload keeps the login (the session cookie); logging out ends it.

`served_https`: the same over https (a certificate made for the test), where the session cookie
is `__Host-samverkan_session`, Secure, and a cookie under the plain name is not a login.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from samverkan import store
from samverkan.accounts import hash_password, start_session, token_digest
from samverkan.demo import ensure_demo
from samverkan.models import Role, UserAccount
from samverkan.store.users import fetch_session_user, fetch_user, save_user
from tests.browser import (
    save_screenshots,
    streamlit_server,
    wait_until_drawn,
)

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

EMAIL, PASSWORD = "kim.kommunpolis@polisen.se", "ett långt lösenord"
ADMIN = "ada.admin@burlov.se"
DEEP_LINK = "/snabbkoll?kommun=Burl%C3%B6v&part=Polis"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A server on the demo store with one local account (a läsare): served mode."""
    db = tmp_path_factory.mktemp("served") / "served.duckdb"
    assert ensure_demo(db)
    with store.open_store(db) as con:
        user = UserAccount(
            email=EMAIL, name="Kim Kommunpolis", role=Role.READER, kommuner=("Burlöv",)
        )
        save_user(con, user, hash_password(PASSWORD))
        admin = UserAccount(email=ADMIN, name="Ada Admin", role=Role.ADMIN)
        save_user(con, admin, hash_password(PASSWORD))
    with streamlit_server(db) as url:
        yield url, db


@pytest.fixture(scope="module")
def served_https(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The same server and accounts, over https only (a certificate for 127.0.0.1)."""
    folder = tmp_path_factory.mktemp("served_https")
    db = folder / "served.duckdb"
    assert ensure_demo(db)
    with store.open_store(db) as con:
        user = UserAccount(
            email=EMAIL, name="Kim Kommunpolis", role=Role.READER, kommuner=("Burlöv",)
        )
        save_user(con, user, hash_password(PASSWORD))
    with streamlit_server(db, tls=self_signed_certificate(folder)) as url:
        yield url, db


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """(certificate, key) files for 127.0.0.1 and localhost, valid for a day."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def heading(page: Any) -> str:
    return str(page.locator("h1").first.inner_text()).strip()


def test_login_keeps_the_deep_link_and_survives_a_reload(
    browser: Any, served: tuple[str, Path]
) -> None:
    url, db = served
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(url + DEEP_LINK)
    wait_until_drawn(page)
    assert heading(page) == "Logga in"
    assert page.locator("[data-testid='stSidebarNav']").count() == 0  # no menu before login
    assert "Burlöv" not in page.locator("[data-testid='stMain']").inner_text()
    page.get_by_label("E-postadress").fill(EMAIL)
    page.get_by_label("Lösenord", exact=True).fill("fel lösenord")
    page.get_by_role("button", name="Logga in").click()
    page.get_by_text("Fel e-postadress eller lösenord").wait_for()
    save_screenshots(page, "inloggning")

    page.get_by_label("E-postadress").fill(EMAIL)
    page.get_by_label("Lösenord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_function("() => document.querySelector('h1')?.innerText.startsWith('Snabbkoll')")
    wait_until_drawn(page)
    address = urllib.parse.urlsplit(page.url)
    assert address.path == "/snabbkoll"
    assert urllib.parse.parse_qs(address.query) == {"kommun": ["Burlöv"], "part": ["Polis"]}
    assert "Inloggad som Kim Kommunpolis" in page.locator("[data-testid='stSidebar']").inner_text()
    nav = page.locator("[data-testid='stSidebarNav']").inner_text()
    assert "Snabbkoll" in nav
    assert "Ladda upp" not in nav  # a läsare is never offered it
    cookie = next(c for c in context.cookies() if c["name"] == "samverkan_session")
    with store.open_store(db) as con:
        assert fetch_session_user(con, token_digest(cookie["value"])) is not None
    save_screenshots(page, "inloggad-snabbkoll")

    page.reload()
    wait_until_drawn(page)
    assert heading(page).startswith("Snabbkoll")  # still logged in after a reload

    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_function("() => document.querySelector('h1')?.innerText === 'Logga in'")
    with store.open_store(db) as con:
        assert fetch_session_user(con, token_digest(cookie["value"])) is None
    page.reload()
    wait_until_drawn(page)
    assert heading(page) == "Logga in"
    context.close()


def test_the_admin_sees_users_and_the_log(browser: Any, served: tuple[str, Path]) -> None:
    url, _ = served
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(url + "/anvandare")
    wait_until_drawn(page)
    page.get_by_label("E-postadress").fill(ADMIN)
    page.get_by_label("Lösenord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_function("() => document.querySelector('h1')?.innerText === 'Användare och logg'")
    # The two tables arrive after the heading; on a busy machine the page may look settled
    # between the login's rerun and the tables, so wait for the second table itself.
    wait_until_drawn(page, answered="[data-testid='stDataFrame'] >> nth=1")
    assert page.locator("[data-testid='stDataFrame']").count() == 2
    main = page.locator("[data-testid='stMain']").inner_text()
    assert "Ladda ned loggen som CSV" in main
    assert "Ladda upp" in page.locator("[data-testid='stSidebarNav']").inner_text()
    save_screenshots(page, "anvandare-och-logg")
    # The file is made when the button is pressed, with the log as it is then.
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Ladda ned loggen som CSV").click()
    assert download.value.suggested_filename.startswith("samverkan-logg-")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "Tid;Vem;Vad;Kommun;Beskrivning"
    assert f"Ada Admin ({ADMIN});inloggning;;Lokalt konto" in text
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Ladda ned loggen och användarna som Excel").click()
    assert Path(download.value.path()).read_bytes().startswith(b"PK")
    page.close()


def test_over_https_the_session_cookie_is_host_only_and_secure(
    browser: Any, served_https: tuple[str, Path]
) -> None:
    url, db = served_https
    context = browser.new_context(
        viewport={"width": 1920, "height": 1080}, ignore_https_errors=True
    )
    page = context.new_page()
    page.goto(url + DEEP_LINK)
    wait_until_drawn(page)
    page.get_by_label("E-postadress").fill(EMAIL)
    page.get_by_label("Lösenord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_function("() => document.querySelector('h1')?.innerText.startsWith('Snabbkoll')")
    ours = [c for c in context.cookies() if c["name"].endswith("samverkan_session")]
    assert [c["name"] for c in ours] == ["__Host-samverkan_session"]
    (cookie,) = ours
    assert cookie["secure"] is True
    assert cookie["path"] == "/"
    assert cookie["sameSite"] == "Strict"
    assert cookie["domain"] == "127.0.0.1"  # host-only: no Domain attribute, no subdomains
    with store.open_store(db) as con:
        assert fetch_session_user(con, token_digest(cookie["value"])) is not None
    page.reload()
    wait_until_drawn(page)
    assert heading(page).startswith("Snabbkoll")  # the login survives a reload over https
    context.close()


def test_over_https_a_cookie_without_the_prefix_logs_nobody_in(
    browser: Any, served_https: tuple[str, Path]
) -> None:
    """A cookie planted under the plain name (by a sibling host, or an http page) is no login,
    even with a token that is valid: only the `__Host-` cookie counts over https."""
    url, db = served_https
    with store.open_store(db) as con:
        user = fetch_user(con, EMAIL)
        assert user is not None
        token = start_session(con, user)
    context = browser.new_context(
        viewport={"width": 1920, "height": 1080}, ignore_https_errors=True
    )
    context.add_cookies([{"name": "samverkan_session", "value": token, "url": url}])
    page = context.new_page()
    page.goto(url)
    wait_until_drawn(page)
    assert heading(page) == "Logga in"
    assert "Inloggad som" not in page.locator("body").inner_text()
    context.close()
