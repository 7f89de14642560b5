"""Creating the first agreement in a real browser: a real server on an empty store, Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from samverkan import store
from samverkan.store.agreements import fetch_agreement_definition
from tests.browser import (
    PATIENCE_MS,
    save_screenshots,
    streamlit_server,
    wait_until_drawn,
)

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

DESKTOP = (1920, 1080)


def choose(page: Any, label: str, text: str) -> None:
    """Type into a selectbox and take what was typed (an option, or a new one where allowed)."""
    box = page.locator("[data-testid='stSelectbox']").filter(has_text=label).first
    box.locator("input").click()
    box.locator("input").fill(text)
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)


def add_focus_area(page: Any, name: str) -> None:
    """Add a row to the focus-area table and write its name, as a person does in the grid.

    The grid is a canvas that redraws after every rerun, so each step waits for what the
    person would see (the new row, the open cell editor, the name in the table) rather than
    for a fixed time; a double click that lands during a redraw is tried again.
    """
    table = page.locator("[data-testid='stDataFrame']").first
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    assert box is not None
    # Its last line ("+") adds a row; the new row's name cell is then where the "+" line
    # was, in the Fokusområde column (the second, after the narrow Nr). The grid keeps a
    # hidden table of its cells for screen readers: it tells when the row and name are in.
    rows = table.locator("table tbody tr")
    before = rows.count()
    page.mouse.click(box["x"] + 40, box["y"] + 54)
    page.wait_for_function(
        "n => document.querySelectorAll(\"[data-testid='stDataFrame'] table tbody tr\").length > n",
        arg=before,
        timeout=PATIENCE_MS,
    )
    wait_until_drawn(page)
    editor = page.locator("#portal textarea.gdg-input")
    for _ in range(5):
        # Near the window's edge a rerun's reflow moves the grid under the pointer: centre it.
        table.evaluate("e => e.scrollIntoView({block: 'center'})")
        wait_until_drawn(page)
        box = table.bounding_box()
        assert box is not None
        page.mouse.dblclick(box["x"] + 400, box["y"] + 54)
        try:
            editor.wait_for(state="visible", timeout=3_000)
            editor.fill(name)
            if editor.input_value() != name:
                raise PlaywrightTimeout("the editor closed while typing")
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            continue  # the grid was redrawing: the click did not open the cell
        page.keyboard.press("Enter")
        try:
            page.wait_for_function(
                "name => (document.querySelector(\"[data-testid='stDataFrame'] table\")"
                "?.textContent || '').includes(name)",
                arg=name,
                timeout=PATIENCE_MS,
            )
        except PlaywrightTimeout:
            continue
        wait_until_drawn(page)
        return
    raise AssertionError(f"{name!r} did not get into the focus-area table")


def test_create_the_first_agreement_and_its_focus_area(browser: Any, tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    with streamlit_server(db, demo=False) as url:
        page = browser.new_page(viewport={"width": DESKTOP[0], "height": DESKTOP[1]})
        page.goto(f"{url}/overenskommelse")
        wait_until_drawn(page)
        assert page.locator("h1").first.inner_text() == "Överenskommelse"
        choose(page, "Kommun", "Lomma")
        choose(page, "Lokalpolisområde", "Kävlinge")
        page.get_by_label("Titel").fill("Trygga Lomma 2027–2030")
        save_screenshots(page, "overenskommelse-ny")
        page.get_by_role("button", name="Skapa överenskommelsen").click()
        page.get_by_text("Överenskommelsen för Lomma").wait_for(timeout=PATIENCE_MS)
        wait_until_drawn(page)
        body = page.inner_text("body")
        assert "Fokusområden" in body
        assert "Traceback" not in body

        add_focus_area(page, "Trygghet i Bjärred")
        page.get_by_role("button", name="Spara ändringar").click()
        page.get_by_text("Sparat: Lomma").wait_for(timeout=PATIENCE_MS)
        wait_until_drawn(page)
        page.locator("h1").first.scroll_into_view_if_needed()
        save_screenshots(page, "overenskommelse")
        page.close()

    with store.open_store(db) as con:
        (agreement,) = store.fetch_agreements(con)
        assert agreement.id is not None
        saved = fetch_agreement_definition(con, agreement.id)
    assert (agreement.kommun, agreement.lpo, agreement.title) == (
        "Lomma",
        "Kävlinge",
        "Trygga Lomma 2027–2030",
    )
    assert saved is not None
    assert [a.name for a in saved.focus_areas] == ["Trygghet i Bjärred"]
