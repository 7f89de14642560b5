"""Logging in with a local account in a real browser: the deep link, a reload, logging out.

The server's store has an account, so it runs in served mode: the first request is a
bookmarked Snabbkoll link, the login form comes first, and after it the bookmarked page with
its query parameters. A reload keeps the login (the session cookie); logging out ends it.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from samverkan import store
from samverkan.accounts import hash_password, token_digest
from samverkan.demo import ensure_demo
from samverkan.models import Role, UserAccount
from samverkan.store_users import fetch_session_user, save_user
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
        user = UserAccount(email=EMAIL, name="Kim Kommunpolis", role=Role.READER)
        save_user(con, user, hash_password(PASSWORD))
        admin = UserAccount(email=ADMIN, name="Ada Admin", role=Role.ADMIN)
        save_user(con, admin, hash_password(PASSWORD))
    with streamlit_server(db) as url:
        yield url, db


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
    wait_until_drawn(page)
    assert page.locator("[data-testid='stDataFrame']").count() == 2
    main = page.locator("[data-testid='stMain']").inner_text()
    assert "Hämta loggen som CSV" in main
    assert "Ladda upp" in page.locator("[data-testid='stSidebarNav']").inner_text()
    save_screenshots(page, "anvandare-och-logg")
    page.close()
