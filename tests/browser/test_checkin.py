"""A check-in in a real browser: from the phone (390×844) on Snabbkoll, through Förändringar,
and back out by withdrawing it on Historik; and the same form on Fokusområde at 1920×1080.

The store is the demo (Burlöv, LPO Kävlinge) in local mode, where the person at the machine
is admin: every card offers "Checka in". B4 is a police commitment 12 days late.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from samverkan.demo import ensure_demo
from tests.browser import (
    OUTPUT,
    has_no_sideways_scroll,
    save_screenshots,
    streamlit_server,
    wait_until_drawn,
)

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

PHONE = (390, 844)
DESKTOP = (1920, 1080)
QUICK = "/snabbkoll?kommun=Burl%C3%B6v&part=Polis"
FOCUS = "/fokusomrade?fokus=Ungdomsbrottslighet%20och%20droger"
B4 = "Riktade narkotikakontroller vid Arlövs station"
DIALOG = "[data-testid='stDialog'] [role='dialog']"
SAVED = f"Sparat: {B4} markerad som genomförd"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("incheckning") / "demo.duckdb"
    assert ensure_demo(db)
    return db


@pytest.fixture
def url(demo_file: Path, tmp_path: Path) -> Iterator[str]:
    """A server on a copy of the demo: each test checks in on a plan of its own."""
    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_file, db)
    with streamlit_server(db) as address:
        yield address


def open_at(page: Any, address: str) -> None:
    page.goto(address)
    wait_until_drawn(page)


def main_text(page: Any) -> str:
    return str(page.locator("[data-testid='stMain']").inner_text()).replace("\u00a0", " ")


def card(page: Any, title: str) -> Any:
    return page.locator("[data-testid='stGridCell']", has_text=title).first


def shoot(page: Any, name: str) -> None:
    """The screenshots under test-output/, and a copy for the report's reader."""
    save_screenshots(page, name)


def fill_and_save(page: Any, *, done: bool, comment: str, name: str = "Kim Polis") -> None:
    dialog = page.locator(DIALOG)
    if done:
        dialog.get_by_text("Genomförd", exact=True).click()
        dialog.get_by_role("group", name="Genomförd den").wait_for()
    dialog.get_by_label("Kort kommentar").fill(comment)
    dialog.get_by_label("Ditt namn (visas i historiken)").fill(name)
    dialog.get_by_label("Ditt namn (visas i historiken)").press("Tab")
    wait_until_drawn(page)


def test_a_check_in_from_the_phone_and_back_out(browser: Any, url: str) -> None:
    page = browser.new_page(viewport={"width": PHONE[0], "height": PHONE[1]})
    open_at(page, url + QUICK)
    assert "Försenat (2)" in main_text(page)
    before = card(page, B4).inner_text()
    assert "12 dagar försenad" in before

    # One tap on the card opens the form, which fits the phone.
    card(page, B4).get_by_role("button", name="Checka in").click()
    page.wait_for_selector(DIALOG)
    wait_until_drawn(page)
    dialog = page.locator(DIALOG)
    assert B4 in dialog.inner_text()
    assert "ID B4" in dialog.inner_text()
    box = dialog.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE[0]
    assert has_no_sideways_scroll(page)
    fill_and_save(page, done=True, comment="Klart i tisdags")
    shoot(page, "incheckning-formular")  # README's docs/incheckning-390x844.png
    dialog.get_by_role("button", name="Spara").click()
    page.wait_for_selector(DIALOG, state="detached")
    wait_until_drawn(page)

    # The Swedish confirmation, and the card updated at once: no longer late, Genomförd.
    page.wait_for_selector(
        "[data-testid='stToast']:has-text('Sparat: B4 markerad som genomförd, ny kommentar.')"
    )
    text = main_text(page)
    assert "Försenat (1)" in text
    updated = card(page, B4)
    updated.scroll_into_view_if_needed()
    assert SAVED in updated.inner_text()
    assert "Genomförd" in updated.inner_text()
    assert "försenad" not in updated.inner_text()
    assert "Klart i tisdags" in updated.inner_text()
    assert has_no_sideways_scroll(page)
    shoot(page, "incheckning-sparad")

    # Förändringar shows it as its own version, by the one who checked in.
    open_at(page, url + "/forandringar")
    text = main_text(page)
    assert "(i appen, av Kim Polis)" in text
    assert f"Genomförd: {B4}" in text
    shoot(page, "incheckning-forandringar")

    # Historik lists it and withdraws it like an upload.
    open_at(page, url + "/historik")
    text = main_text(page)
    assert "Incheckning i appen" in text
    assert f"B4 {B4}: status Pågår → Genomförd" in text
    page.get_by_role("button", name="Dra tillbaka").first.click()
    wait_until_drawn(page)
    page.get_by_role("button", name="Ja, dra tillbaka").click()
    wait_until_drawn(page)
    assert "Uppladdningen är tillbakadragen" in main_text(page)
    shoot(page, "incheckning-tillbakadragen")

    # The card is as before.
    open_at(page, url + QUICK)
    assert "Försenat (2)" in main_text(page)
    assert card(page, B4).inner_text() == before
    page.close()


def test_the_same_form_on_fokusomrade_at_1920(browser: Any, url: str) -> None:
    page = browser.new_page(viewport={"width": DESKTOP[0], "height": DESKTOP[1]})
    open_at(page, url + FOCUS)
    # A table row cannot be tapped: the activity is chosen under the table.
    picker = page.locator("[data-testid='stSelectbox']").filter(has_text="Checka in en aktivitet")
    picker.scroll_into_view_if_needed()
    picker.click()
    page.get_by_role("option", name=f"B4 – {B4}").click()
    page.wait_for_selector(DIALOG)
    wait_until_drawn(page)
    dialog = page.locator(DIALOG)
    dialog.get_by_text("Gul", exact=True).click()
    wait_until_drawn(page)
    fill_and_save(page, done=False, comment="Två pass kvar, ett inställt")
    shoot(page, "incheckning-fokusomrade")
    dialog.get_by_role("button", name="Spara").click()
    page.wait_for_selector(DIALOG, state="detached")
    wait_until_drawn(page)
    page.wait_for_selector(
        "[data-testid='stToast']:has-text('Sparat: B4 bedömning Gul, ny kommentar.')"
    )
    row = page.locator("[data-testid='stTable'] tr", has_text=B4).first.inner_text()
    assert "Gul" in row
    assert "Två pass kvar, ett inställt" in row
    page.close()


@pytest.mark.parametrize(
    ("size", "sidebar"),
    [((1280, 720), False), ((1024, 768), True), (DESKTOP, False), (PHONE, False)],
    ids=["1280x720", "1024x768-sidopanel", "1920x1080", "390x844"],
)
def test_the_form_fits_every_screen(
    browser: Any, url: str, size: tuple[int, int], sidebar: bool
) -> None:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    open_at(page, url + QUICK)
    expand = page.locator("[data-testid='stExpandSidebarButton']")
    if sidebar and expand.count() and expand.first.is_visible():
        expand.first.click()
    card(page, B4).get_by_role("button", name="Checka in").click()
    page.wait_for_selector(DIALOG)
    wait_until_drawn(page)
    box = page.locator(DIALOG).bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= size[0]
    # Spara is on the first screen, or a short scroll inside the dialog away.
    page.locator(DIALOG).get_by_role("button", name="Spara").scroll_into_view_if_needed()
    assert page.locator(DIALOG).get_by_role("button", name="Spara").is_visible()
    page.screenshot(path=str(OUTPUT / f"incheckning-dialog-{size[0]}x{size[1]}.png"))
    page.close()
