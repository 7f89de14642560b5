"""Trygghet och mål in Debian's Chromium: the goal table and every indicator chart drawn.

Screenshots (test-output/trygghet-1920x1080.png, -390x844.png and the whole pages, -hel) are
for looking at: a projector from the back of a room and a phone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest

from samverkan.demo import FOCUS_AREAS
from tests.browser import (
    PATIENCE_MS,
    has_no_sideways_scroll,
    save_screenshots,
    streamlit_server,
    wait_until_drawn,
)

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

DESKTOP = (1920, 1080)
PHONE = (390, 844)
CHARTS = "[data-testid='stVegaLiteChart']"
# vega-embed draws into a canvas (or an svg) with the class "marks".
DRAWN = f"{CHARTS} canvas.marks, {CHARTS} svg.marks"


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with streamlit_server(tmp_path_factory.mktemp("demo") / "demo.duckdb") as url:
        yield url


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1920x1080", "390x844"])
def test_goals_and_indicator_charts_draw(
    browser: Any, demo_url: str, size: tuple[int, int]
) -> None:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(f"{demo_url}/trygghet")
    wait_until_drawn(page)
    page.wait_for_function(
        f"() => document.querySelectorAll({DRAWN!r}).length >= 4", timeout=PATIENCE_MS
    )
    text = page.inner_text("body")
    assert "Trygghet och mål – Burlöv" in text
    assert "2 av 5 mål uppnådda eller på väg" in text
    assert "Lokalt läge" in text
    for unwanted in ("Traceback", "Error", "Något gick fel"):
        assert unwanted not in text
    assert page.locator(CHARTS).count() == 4
    for chart in page.locator(CHARTS).all():
        drawn = chart.locator("canvas.marks, svg.marks")
        assert drawn.count() == 1
        box = drawn.first.bounding_box()
        assert box is not None
        assert box["width"] > 250
        assert box["height"] > 200
        assert box["x"] + box["width"] <= size[0] + 1  # nothing beyond the screen's edge
    assert has_no_sideways_scroll(page)
    save_screenshots(page, "trygghet")
    page.close()


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1920x1080", "390x844"])
def test_the_focus_area_and_the_overview_show_the_goals(
    browser: Any, demo_url: str, size: tuple[int, int]
) -> None:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(f"{demo_url}/fokusomrade?fokus={quote(FOCUS_AREAS[2])}")
    wait_until_drawn(page)
    page.wait_for_function(
        f"() => document.querySelectorAll({DRAWN!r}).length >= 3", timeout=PATIENCE_MS
    )
    text = page.inner_text("body")
    assert "Fler ska känna sig trygga ute sent en kväll" in text
    assert "Inte på väg" in text
    assert has_no_sideways_scroll(page)
    save_screenshots(page, "trygghet-fokusomrade")

    page.goto(f"{demo_url}/?kommun={quote('Burlöv')}")
    wait_until_drawn(page)
    assert "2 av 5 mål uppnådda eller på väg" in page.inner_text("body")
    save_screenshots(page, "trygghet-oversikt")
    page.get_by_role("link", name="Visa Trygghet och mål").click()
    page.wait_for_selector("text=Trygghet och mål – Burlöv", timeout=PATIENCE_MS)
    page.close()


@pytest.mark.parametrize(
    ("width", "height", "shown"),
    [
        (1920, 1080, "tabell"),
        (1440, 900, "tabell"),  # the steering group's shared screen
        (1024, 768, "kort"),  # a laptop with the sidebar open: the main column is narrow
        (390, 844, "kort"),  # the kommunpolis's phone
    ],
)
def test_the_goals_are_a_table_where_it_fits_and_cards_where_it_does_not(
    browser: Any, demo_url: str, width: int, height: int, shown: str
) -> None:
    """Every column of the table gets room to be read; where it cannot, a card per goal."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(f"{demo_url}/trygghet")
    wait_until_drawn(page)
    table = page.locator(".st-key-malen_tabell")
    cards = page.locator(".st-key-malen_kort")
    table.wait_for(state="attached", timeout=PATIENCE_MS)
    assert (table.is_visible(), cards.is_visible()) == (shown == "tabell", shown == "kort")
    if shown == "tabell":
        headers = table.locator("th")
        names = [h.inner_text().strip() for h in headers.all()]
        assert names == ["Mål", "Fokusområde", "Indikator", "Värden", "Bedömning", "Motivering"]
        for header in headers.all():
            box = header.bounding_box()
            assert box is not None
            assert box["width"] >= 110, header.inner_text()
            assert box["x"] + box["width"] <= width + 1
        assert "Senast\u00a059,4\u00a0%\u00a0(2023)" in table.inner_text()
    else:
        text = cards.inner_text()
        assert text.count("Effektmål:") + text.count("Processmål:") == 5  # a card per goal
        assert text.count("Basvärde ") == 4  # the goals with an indicator
    assert has_no_sideways_scroll(page)
    page.close()
