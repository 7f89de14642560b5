"""Ej offentlig switched on in a real browser: the switch, the lock, the promise gone.

A real server on a copy of the demo, Chromium at desk size: the coordinator opens
Överenskommelse, chooses "Ej offentliga aktiviteter", ticks B4 (a planned police operation
with a medborgarlöfte) with the keyboard as a person may, and saves.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from samverkan import store
from samverkan.store.confidential import fetch_confidential_marks
from tests.browser import (
    PATIENCE_MS,
    READY,
    go_to,
    save_screenshots,
    streamlit_server,
    wait_until_drawn,
)

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

TITLE = "Riktade narkotikakontroller vid Arlövs station"
DESKTOP = {"width": 1600, "height": 1000}


def main_text(page: Any) -> str:
    return str(page.locator("[data-testid='stMain']").inner_text())


def test_a_coordinator_hides_a_planned_operation(
    browser: Any, demo_file: Path, tmp_path: Path
) -> None:
    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_file, db)
    with streamlit_server(db) as url:
        page = browser.new_page(viewport=DESKTOP, locale="sv-SE")
        page.goto(f"{url}/medborgarloften")
        page.wait_for_selector(READY, timeout=PATIENCE_MS)
        wait_until_drawn(page)
        assert TITLE in main_text(page)
        assert page.evaluate("document.documentElement.lang") == "sv"  # for screen readers

        go_to(page, "Överenskommelse")
        page.locator("[data-testid='stButtonGroup'] button").filter(
            has_text="Ej offentliga aktiviteter"
        ).click()
        wait_until_drawn(page)
        table = page.locator("[data-testid='stDataFrame']").first
        headers = table.locator("table th").all_inner_texts()
        assert headers[:6] == [
            "ID", "Fokusområde", "Aktivitet", "I filen", "Ej offentlig", "Ändrad i appen"
        ]  # fmt: skip
        table.evaluate("e => e.scrollIntoView({block: 'center'})")
        wait_until_drawn(page)
        box = table.bounding_box()
        assert box is not None
        # The grid is a canvas: click a cell of the first rows, then walk to B4's switch and
        # press Space, as a keyboard user does (B4 is the fourth row, the switch the fifth
        # column). The grid's hidden table says which cell is selected and what it holds, so
        # each step waits for it; on a busy machine a rerun may move the grid under the click.
        page.mouse.click(box["x"] + 30, box["y"] + 56)
        selected = table.locator("td[aria-selected='true']")
        selected.first.wait_for(state="attached")
        column, row = map(int, (selected.first.get_attribute("id") or "").split("-")[-2:])
        # Space right after the last arrow: glide's grid ignored a Space pressed a moment later.
        for key in [
            *["ArrowDown"] * (3 - row),
            *["ArrowUp"] * (row - 3),
            *["ArrowRight"] * (4 - column),
            " ",
        ]:
            page.keyboard.press(key)
        # The hidden table is drawn anew as the grid changes: ask for the cell each time.
        page.wait_for_function(
            "() => document.querySelector(\"[data-testid='glide-cell-4-3']\")?.textContent"
            " === 'true'"
        )
        page.get_by_role("button", name="Spara").click()
        page.wait_for_selector("[data-testid='stAlertContentSuccess']")
        wait_until_drawn(page)
        assert "Sparat: 1 aktivitet är nu ej offentlig." in main_text(page)
        save_screenshots(page, "ej-offentlig-sparad")

        go_to(page, "Fokusområde")
        rows = [
            r for r in page.locator("[data-testid='stTable'] tr").all_inner_texts() if TITLE in r
        ]
        assert len(rows) == 1
        assert "ej offentlig" in rows[0]
        save_screenshots(page, "ej-offentlig-fokusomrade")

        go_to(page, "Medborgarlöften")
        assert TITLE not in main_text(page)
        page.close()
    with store.open_store(db) as con:
        (agreement,) = store.fetch_agreements(con)
        marks = fetch_confidential_marks(con, agreement.id or 0)
    assert {k: (m.confidential, m.set_by) for k, m in marks.items()} == {
        "B4": (True, "lokal användare")
    }
