"""Browser test of Förändringar: a real server on the demo, Debian's Chromium, screenshots kept.

A meeting is added through the form the way a coordinator does it after a meeting, and the
page then compares the plan with the state at that meeting.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from samverkan.demo import FOCUS_AREAS, MEETING_OFFSET, UPLOAD_OFFSETS
from samverkan.swedish import format_date
from tests.browser import (
    PATIENCE_MS,
    save_screenshots,
    streamlit_server,
    wait_until_drawn,
)

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

DESKTOP = (1920, 1080)


def metric(page: Any, label: str) -> str:
    """The value of the metric with this label."""
    box = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return str(box.locator("[data-testid='stMetricValue']").inner_text()).strip()


def test_adding_a_meeting_and_seeing_the_changes_since_it(browser: Any, tmp_path: Path) -> None:
    today = dt.date.today()
    with streamlit_server(tmp_path / "demo.duckdb") as url:
        page = browser.new_page(viewport={"width": DESKTOP[0], "height": DESKTOP[1]})
        page.goto(f"{url}/forandringar")  # a bookmark, as the server's first request
        wait_until_drawn(page)
        main = page.locator("[data-testid='stMain']")
        assert "Förändringar – Burlöv" in main.inner_text()
        # The demo's styrgrupp met between the second and third uploads.
        demo_meeting = f"Styrgrupp {format_date(today + dt.timedelta(days=MEETING_OFFSET))}"
        assert demo_meeting in main.inner_text()
        assert (metric(page, "Nya"), metric(page, "Borttagna")) == ("1", "1")
        for area in FOCUS_AREAS:
            assert main.get_by_role("heading", name=area).count() == 1
        save_screenshots(page, "forandringar")

        # A meeting after the third upload: the page now compares with the plan then.
        held_on = today + dt.timedelta(days=UPLOAD_OFFSETS[2] + 5)
        page.get_by_text("Möten (1)").click()
        form = page.locator("[data-testid='stForm']")
        date_field = form.locator("[data-testid='stDateInput'] input")
        date_field.fill(held_on.isoformat())
        date_field.press("Enter")
        form.locator("[data-testid='stSelectbox']").click()
        page.get_by_role("option", name="KSAU").click()
        form.get_by_label("Anteckning").fill("Kvartalsrapport till KSAU")
        form.get_by_role("button", name="Spara mötet").click()
        page.get_by_text("Mötet är sparat").wait_for(timeout=PATIENCE_MS)
        wait_until_drawn(page)
        text = main.inner_text()
        assert f"Mötet är sparat: KSAU {format_date(held_on)}." in text
        assert f"Sedan mötet (KSAU {format_date(held_on)})" in text
        assert (metric(page, "Nya"), metric(page, "Borttagna")) == ("0", "0")
        page.get_by_text("Möten (2)").click()
        page.get_by_text("Kvartalsrapport till KSAU").wait_for(timeout=PATIENCE_MS)
        page.wait_for_timeout(500)  # the expander's opening animation
        save_screenshots(page, "forandringar-efter-mote")
        page.close()
