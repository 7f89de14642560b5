"""Jämförelse in Chromium over a store with several kommuner: the table on a wide screen, a card
per agreement on a phone, the small multiples drawn, the Excel file, a card's link to Översikt."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from samverkan.exports.comparison import HEADER_ROW
from tests.browser import (
    PATIENCE_MS,
    has_no_sideways_scroll,
    save_screenshots,
    streamlit_server,
    wait_until_drawn,
)
from tests.comparison_stores import add_several_kommuner

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

WIDE_CHART = ".st-key-jamforelse_diagram_tabell [data-testid='stVegaLiteChart'] svg"
NARROW_CHART = ".st-key-jamforelse_diagram_kort [data-testid='stVegaLiteChart'] svg"
TABLE = ".st-key-jamforelse_tabell [data-testid='stDataFrame']"
CARDS = ".st-key-jamforelse_kort"


@pytest.fixture(scope="module")
def several_url(demo_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("several") / "several.duckdb"
    shutil.copy(demo_file, path)
    add_several_kommuner(path)
    with streamlit_server(path) as url:
        yield url


def open_comparison(browser: Any, url: str, size: tuple[int, int], query: str) -> Any:
    """The page, with the small multiples drawn: four panels a line where wide, one on a phone."""
    page = browser.new_page(viewport={"width": size[0], "height": size[1]}, accept_downloads=True)
    page.goto(f"{url}/jamforelse{query}")
    wait_until_drawn(page)
    chart = WIDE_CHART if size[0] > 720 else NARROW_CHART
    page.wait_for_selector(chart, timeout=PATIENCE_MS)
    return page


def test_the_lpo_on_a_wide_screen_is_a_table_with_the_excel_file(
    browser: Any, several_url: str
) -> None:
    page = open_comparison(browser, several_url, (1920, 1080), "?lpo=Kävlinge")
    text = page.inner_text("body")
    assert "Jämförelse – LPO Kävlinge" in text
    assert "3 överenskommelser som gäller den dagen" in text.replace("\u00a0", " ")
    assert page.locator(TABLE).is_visible()
    assert not page.locator(CARDS).is_visible()
    assert has_no_sideways_scroll(page)
    save_screenshots(page, "jamforelse")
    with page.expect_download() as started:
        page.get_by_role("button", name="Ladda ned som Excel").click()
    data = Path(started.value.path()).read_bytes()
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws is not None
    kommuner = [ws.cell(r, 1).value for r in range(HEADER_ROW + 1, ws.max_row + 1)]
    assert kommuner == ["Burlöv", "Kävlinge", "Lomma"]
    page.close()


def test_on_a_phone_each_agreement_is_a_card_that_opens_its_overview(
    browser: Any, several_url: str
) -> None:
    page = open_comparison(browser, several_url, (390, 844), "")
    assert page.locator(CARDS).is_visible()
    assert not page.locator(TABLE).is_visible()
    cards = page.locator(f"{CARDS} [class*='st-key-jamforelse_avtal_']")
    assert cards.count() == 4  # Burlöv, Kävlinge, Lomma, Uppsala: Bjuv's plan has ended
    assert "Inaktuell plan (över 120 dagar)" in cards.nth(2).inner_text()
    assert has_no_sideways_scroll(page)
    save_screenshots(page, "jamforelse")
    cards.nth(2).get_by_text("Öppna översikten").click()
    page.wait_for_selector("h1:has-text('Översikt – Lomma')", timeout=PATIENCE_MS)
    page.close()
