"""Reminders in a real browser: the e-mail register on Överenskommelse, then the meeting's
preview and send, to a real SMTP server (aiosmtpd) in the test.

A real server on a copy of the demo with a styrgrupp meeting in three days, Chromium: the
coordinator types Kommunpolis's address into the register with the keyboard, saves, opens
the meeting's preview on Förändringar (an expander per e-mail), and sends. Each step waits
on what the person sees. Screenshots at 1920×1080, 1280×720, 1024×768 (sidebar open) and
390×844 go to test-output/.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from samverkan import store
from samverkan.models import MeetingBody
from samverkan.store.confidential import save_confidential_marks
from samverkan.store.meetings import save_meeting
from samverkan.store.reminders import fetch_owner_addresses, save_owner_addresses
from tests.browser import (
    PATIENCE_MS,
    PATIENCE_S,
    go_to,
    save_screenshots,
    streamlit_server,
    wait_until_drawn,
)
from tests.smtp_server import Inbox, running_smtp_server

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

SIZES = ((1920, 1080), (1280, 720), (1024, 768), (390, 844))
SECRET = "Riktade narkotikakontroller vid Arlövs station"


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with running_smtp_server() as server:
        yield server


@pytest.fixture
def meeting_store(demo_file: Path, tmp_path: Path) -> Path:
    """The demo, a styrgrupp meeting in three days, and B4 (Kommunpolis's, late) ej offentlig."""
    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_file, db)
    with store.open_store(db) as con:
        (burlov,) = store.fetch_agreements(con)
        save_meeting(
            con, burlov.id, dt.date.today() + dt.timedelta(days=3), MeetingBody.STEERING_GROUP
        )
        save_confidential_marks(con, burlov.id, {"B4": True}, "test")
    return db


def main_text(page: Any) -> str:
    return str(page.locator("[data-testid='stMain']").inner_text())


def open_register(page: Any) -> None:
    go_to(page, "Överenskommelse")
    page.locator("[data-testid='stButtonGroup'] button").filter(
        has_text="E-post till ansvariga"
    ).click()
    page.get_by_role("heading", name="E-post till ansvariga").wait_for()
    wait_until_drawn(page)


def open_reminder_dialog(page: Any) -> None:
    """Press "Påminn de ansvariga" until its dialog is open: a press while the page is being
    redrawn (a busy machine) lands on a button that is replaced, and is lost."""
    title = page.locator("[data-testid='stDialog']").get_by_text("Påminn de ansvariga inför mötet")
    deadline = time.monotonic() + PATIENCE_S
    while not title.count():
        wait_until_drawn(page)
        page.get_by_role("button", name="Påminn de ansvariga").click()
        wait_until_drawn(page)
        if time.monotonic() > deadline:
            raise TimeoutError("the reminder dialog never opened")


def test_the_register_is_kept_and_the_meeting_sends_after_a_preview(
    browser: Any, meeting_store: Path, inbox: Inbox
) -> None:
    with streamlit_server(meeting_store, extra_env=inbox.environ()) as url:
        page = browser.new_page(viewport={"width": 1600, "height": 1000}, locale="sv-SE")
        page.goto(f"{url}/")
        wait_until_drawn(page)
        open_register(page)
        table = page.locator("[data-testid='stDataFrame']").first
        assert table.locator("table th").all_inner_texts()[:3] == [
            "Ansvarig",
            "E-post",
            "Åtaganden",
        ]
        owners = table.locator("table tbody tr td:first-child").all_inner_texts()
        target = owners.index("Kommunpolis")
        table.evaluate("e => e.scrollIntoView({block: 'center'})")
        wait_until_drawn(page)
        box = table.bounding_box()
        assert box is not None
        # The grid is a canvas: select a cell of the first row, walk to Kommunpolis's E-post
        # cell with the arrows (the hidden table says where the selection starts), then type.
        page.mouse.click(box["x"] + 30, box["y"] + 56)
        selected = table.locator("td[aria-selected='true']")
        selected.first.wait_for(state="attached")
        column, row = map(int, (selected.first.get_attribute("id") or "").split("-")[-2:])
        for key in [
            *["ArrowDown"] * (target - row),
            *["ArrowUp"] * (row - target),
            *["ArrowRight"] * (1 - column),
        ]:
            page.keyboard.press(key)
        # Enter opens the cell's editor; typing before it is open loses the first letters.
        page.keyboard.press("Enter")
        editor = page.locator("#portal textarea.gdg-input, #portal input.gdg-input")
        editor.first.wait_for(state="visible")
        editor.first.fill("kim@polisen.se")
        page.keyboard.press("Enter")
        page.wait_for_function(
            f"() => document.querySelector(\"[data-testid='glide-cell-1-{target}']\")"
            "?.textContent === 'kim@polisen.se'"
        )
        page.get_by_role("button", name="Spara adresserna").click()
        page.get_by_text("Sparat: 1 adress ändrade i e-postregistret.").wait_for()
        wait_until_drawn(page)
        with store.open_store(meeting_store) as con:
            saved = {a.owner: a.email for a in fetch_owner_addresses(con, "Burlöv")}
        assert saved == {"Kommunpolis": "kim@polisen.se"}

        go_to(page, "Förändringar")
        page.get_by_text("Möten (2)").click()
        open_reminder_dialog(page)
        dialog = page.locator("[data-testid='stDialog']")
        dialog.get_by_text("Påminn de ansvariga inför mötet").wait_for()
        preview = dialog.locator("[data-testid='stExpander']")
        preview.first.wait_for()
        assert preview.count() == 1
        assert "kim@polisen.se" in preview.first.inner_text()
        preview.first.locator("summary").click()
        text = dialog.locator("[data-testid='stText']").first
        text.wait_for()
        body = text.inner_text()
        assert "Inför styrgruppens möte" in body
        assert "Försenade (" in body
        assert "- 1 ej offentligt åtagande – se Snabbkoll" in body
        assert SECRET not in dialog.inner_text()
        assert "https://samverkan.burlov.se/snabbkoll?kommun=Burl%C3%B6v&ansvarig=Kommunpolis" in (
            body
        )
        dialog.get_by_role("button", name="Skicka 1 e-postmeddelande").click()
        dialog.get_by_text("Skickat till 1 adress: kim@polisen.se.").wait_for(timeout=PATIENCE_MS)
        page.close()
    [message] = inbox.messages
    assert message["To"] == "kim@polisen.se"
    assert SECRET not in message.as_string()
    assert message["Subject"].startswith("Inför styrgruppens möte ")


def test_screenshots_of_the_register_and_the_preview(
    browser: Any, meeting_store: Path, inbox: Inbox
) -> None:
    with store.open_store(meeting_store) as con:
        save_owner_addresses(
            con,
            "Burlöv",
            {"Kommunpolis": "kim@polisen.se", "Socialtjänsten": "soc@burlov.se"},
            "test",
        )
    with streamlit_server(meeting_store, extra_env=inbox.environ()) as url:
        for width, height in SIZES:
            page = browser.new_page(viewport={"width": width, "height": height}, locale="sv-SE")
            page.goto(f"{url}/")
            wait_until_drawn(page)
            open_register(page)
            grid = page.locator("[data-testid='stDataFrame'] table").first
            assert "kim@polisen.se" in (grid.text_content() or "")  # the grid's hidden table
            page.get_by_role("heading", name="E-post till ansvariga").scroll_into_view_if_needed()
            save_screenshots(page, "e-postregister")
            go_to(page, "Förändringar")
            page.get_by_text("Möten (2)").click()
            open_reminder_dialog(page)
            dialog = page.locator("[data-testid='stDialog']")
            dialog.locator("[data-testid='stExpander']").first.wait_for()
            dialog.locator("[data-testid='stExpander'] summary").first.click()
            dialog.locator("[data-testid='stText']").first.wait_for()
            wait_until_drawn(page)
            # The dialog must fit the window's width: no text cut at its right edge.
            box = dialog.locator("[role='dialog']").first.bounding_box()
            assert box is not None
            assert box["x"] >= 0
            assert box["x"] + box["width"] <= width + 1
            assert SECRET not in dialog.inner_text()
            page.screenshot(path=f"test-output/paminnelser-forhandsvisning-{width}x{height}.png")
            page.close()
    assert inbox.messages == []  # a preview sends nothing
