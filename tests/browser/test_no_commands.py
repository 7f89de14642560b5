"""No page tells the person reading it to run a command: every page of the demo, in each role.

The demo store with a läsare, a samordnare for Burlöv and an admin (served mode, each logged
in in a browser of their own), and the same store in local mode (the person at the machine):
every page the menu offers that role is opened, and its text as drawn (main column and
sidebar) is read for a command of ours (`samverkan import`, `samverkan user` …), an option
(`--kommun`, `--uploaded-at`) and `.venv`.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from samverkan import store
from samverkan.accounts import hash_password
from samverkan.cli.parser import build_parser
from samverkan.demo import ensure_demo
from samverkan.models import Role, UserAccount
from samverkan.store.users import save_user
from tests.browser import streamlit_server, wait_until_drawn

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

PASSWORD = "ett långt lösenord"
USERS = {
    Role.READER: UserAccount(
        email="lars.lasare@polisen.se", name="Lars Läsare", role=Role.READER, kommuner=("Burlöv",)
    ),
    Role.COORDINATOR: UserAccount(
        email="sam.samordnare@burlov.se",
        name="Sam Samordnare",
        role=Role.COORDINATOR,
        kommuner=("Burlöv",),
    ),
    Role.ADMIN: UserAccount(email="ada.admin@burlov.se", name="Ada Admin", role=Role.ADMIN),
}
DESKTOP = {"width": 1280, "height": 900}


def command_names() -> list[str]:
    """Every command of the command line, as its parser knows them."""
    parser = build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(name for action in actions for name in action.choices)


def commands_in(text: str) -> list[str]:
    """What in a page's text tells its reader to run something."""
    words = "|".join(map(re.escape, command_names()))
    found = re.findall(rf"\bsamverkan (?:{words})\b", text)
    found += re.findall(r"(?<![\w-])--[a-z][a-z-]*", text)
    found += re.findall(r"\.venv\b", text)
    return found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Läs in planen med `samverkan import FIL --uploaded-at ÅÅÅÅ-MM-DD`.", 2),
        ("(på kommandoraden: --kommun NAMN)", 1),
        ("Kör .venv/bin/samverkan status", 2),
        ("Samverkan mellan kommun och polis – 3 av 4 genomförda", 0),
        ("Samverkansöverenskommelse 2025–2027, samverkan i Burlöv", 0),
    ],
)
def test_a_command_is_told_from_ordinary_words(text: str, found: int) -> None:
    assert len(commands_in(text)) == found, commands_in(text)


@pytest.fixture(scope="module")
def served_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    db = tmp_path_factory.mktemp("no_commands") / "demo.duckdb"
    assert ensure_demo(db)
    with store.open_store(db) as con:
        for user in USERS.values():
            save_user(con, user, hash_password(PASSWORD))
    with streamlit_server(db, local=False) as url:
        yield url, db


def log_in(page: Any, url: str, email: str) -> None:
    page.goto(url)
    wait_until_drawn(page)
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_function("() => document.querySelector('h1')?.innerText !== 'Logga in'")
    wait_until_drawn(page)


def read_every_page(page: Any, url: str) -> dict[str, list[str]]:
    """Each page the menu offers: its path → the commands its text tells to run."""
    nav = page.locator("[data-testid='stSidebarNav'] a")
    paths = [str(nav.nth(i).get_attribute("href")).split("?")[0] for i in range(nav.count())]
    paths = [p.replace(url, "") or "/" for p in paths]
    assert len(paths) >= 5, paths
    found = {}
    for path in paths:
        page.goto(f"{url}{path}")
        wait_until_drawn(page, answered="h1, [data-testid='stAlert']")
        text = page.locator("[data-testid='stApp']").inner_text()
        found[path] = commands_in(text)
    return found


@pytest.mark.parametrize("role", list(USERS), ids=[r.value for r in USERS])
def test_no_page_tells_a_logged_in_user_to_run_a_command(
    browser: Any, served_demo: tuple[str, Path], role: Role
) -> None:
    url, _ = served_demo
    page = browser.new_context(viewport=DESKTOP).new_page()
    log_in(page, url, USERS[role].email)
    found = read_every_page(page, url)
    page.context.close()
    assert found, role
    assert {path: c for path, c in found.items() if c} == {}


def test_no_page_tells_the_person_at_the_machine_to_run_a_command(
    browser: Any, tmp_path: Path
) -> None:
    with streamlit_server(tmp_path / "local.duckdb") as url:
        page = browser.new_page(viewport=DESKTOP)
        page.goto(url)
        wait_until_drawn(page)
        found = read_every_page(page, url)
        page.close()
    assert "/anvandare" in found, "local mode is admin: every page, the users page too"
    assert {path: c for path, c in found.items() if c} == {}
