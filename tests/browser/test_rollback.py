"""Withdrawing the newest demo upload in a real browser, and Översikt following it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from samverkan.demo import demo_workbooks
from tests.browser import (
    save_screenshots,
    streamlit_server,
    wait_until_drawn,
)

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")


def source_line(page: Any) -> str:
    """Översikt's line naming the file the plan came from."""
    return str(page.get_by_text("Senast uppdaterad").first.inner_text())


def open_at(page: Any, address: str) -> None:
    """Open a page by its address (the sidebar may fold pages away behind "Visa fler")."""
    page.goto(address)
    wait_until_drawn(page)


def headline(page: Any) -> list[str]:
    """Översikt's headline figures (activities, done, late, …) as shown."""
    return [str(t) for t in page.locator("[data-testid='stMetricValue']").all_inner_texts()]


def test_withdrawing_the_newest_upload_changes_the_overview(browser: Any, tmp_path: Path) -> None:
    names = [name for name, *_ in demo_workbooks(dt.date.today())]
    with streamlit_server(tmp_path / "demo.duckdb") as url:
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(url)
        wait_until_drawn(page)
        assert names[3] in source_line(page)
        figures_before = headline(page)

        open_at(page, f"{url}/historik")
        page.get_by_role("button", name="Dra tillbaka").first.click()
        wait_until_drawn(page)
        assert "Dra tillbaka uppladdningen från" in page.inner_text("body")
        save_screenshots(page, "historik-bekrafta-tillbakadragning")
        page.get_by_role("button", name="Ja, dra tillbaka").click()
        wait_until_drawn(page)
        text = page.inner_text("body")
        assert "Uppladdningen är tillbakadragen" in text
        assert "Tillbakadragen" in text
        assert "av lokal användare" in text
        assert page.get_by_role("button", name="Återställ").count() == 1
        save_screenshots(page, "historik-tillbakadragen")

        open_at(page, url)
        line = source_line(page)
        assert names[2] in line
        assert names[3] not in line
        assert headline(page) != figures_before  # fewer done, more late: the plan before
        save_screenshots(page, "oversikt-efter-tillbakadragning")

        open_at(page, f"{url}/historik")
        page.get_by_role("button", name="Återställ").click()
        wait_until_drawn(page)
        assert "återställd" in page.inner_text("body")
        open_at(page, url)
        assert names[3] in source_line(page)
        page.close()
