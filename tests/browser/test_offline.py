"""A page of the kommun's asks no other host for anything: no fonts, icons or scripts from
elsewhere, so no visitor's address reaches a third party (and the app works offline)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser import go_to, streamlit_server, wait_until_drawn

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

PAGES = ["Översikt", "Försenade åtaganden", "Trygghet och mål", "Medborgarlöften", "Snabbkoll"]


def test_no_page_asks_another_host_for_anything(browser: Any, demo_store: Path) -> None:
    """The favicon was a :material/…: icon, fetched from fonts.gstatic.com on every view."""
    with streamlit_server(demo_store) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        page.goto(url)
        wait_until_drawn(page)
        for title in PAGES[1:]:
            go_to(page, title)
        page.close()
    own = urlsplit(url).netloc
    elsewhere = sorted(
        {
            u
            for u in asked
            if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != own
        }
    )
    assert elsewhere == []
    assert len(asked) > 10  # the pages were really drawn, their scripts and styles fetched
