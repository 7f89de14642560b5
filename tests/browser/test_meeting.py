"""Browser test of Mötesläge: the meeting walked screen by screen at 1920×1080, as on the wall.

A real server on the demo and Debian's Chromium; each screen is reached with the Nästa
button, the way the chair clicks through, and saved as a screenshot in test-output/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from samverkan.demo import FOCUS_AREAS
from tests.browser import (
    PATIENCE_MS,
    save_screenshots,
    streamlit_server,
    wait_until_drawn,
)

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

CHART = "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg"
SCREENS = [
    "Läget i stort",
    *FOCUS_AREAS,
    "Försenade åtaganden",
    "Sedan förra mötet",
    "Trygghet och mål",
]


def test_the_meeting_walks_every_screen_in_order(browser: Any, tmp_path: Path) -> None:
    with streamlit_server(tmp_path / "demo.duckdb") as url:
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(f"{url}/moteslage")
        wait_until_drawn(page)
        assert not page.locator("[data-testid='stSidebar']").is_visible()
        for number, title in enumerate(SCREENS, start=1):
            main = page.locator("[data-testid='stMain']")
            assert page.locator("h1").first.inner_text().strip() == title
            assert f"{number} / {len(SCREENS)}" in main.inner_text()
            if number in (1, len(SCREENS)):  # the status chart; the indicator charts
                page.wait_for_selector(CHART, timeout=PATIENCE_MS)
            # Large type for the back of the room: the body text is bigger than Streamlit's 16 px.
            size = page.evaluate("() => getComputedStyle(document.documentElement).fontSize")
            assert float(size.removesuffix("px")) >= 20
            save_screenshots(page, f"moteslage-{number}")
            next_button = page.get_by_role("button", name="Nästa").first
            if number < len(SCREENS):
                next_button.click()
                page.wait_for_function(
                    "t => document.querySelector('h1')?.innerText.trim() === t",
                    arg=SCREENS[number],
                    timeout=PATIENCE_MS,
                )
                wait_until_drawn(page)
            else:
                assert next_button.is_disabled()
        # A reload keeps the place: the screen number is in the address.
        assert "skarm=7" in page.url
        page.reload()
        wait_until_drawn(page)
        assert page.locator("h1").first.inner_text().strip() == SCREENS[-1]
        page.get_by_role("button", name="Föregående").first.click()
        page.wait_for_function(
            "t => document.querySelector('h1')?.innerText.trim() === t", arg=SCREENS[-2]
        )
