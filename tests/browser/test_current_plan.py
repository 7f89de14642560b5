"""In Chromium: "Ladda ned aktuell plan" downloaded from Ladda upp and uploaded back with
nothing changed, and Jämförelse's card of a kommun's second agreement opening that agreement."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from samverkan import store
from samverkan.changes_since import changes_line
from samverkan.exports.current_plan import current_plan_file_name
from samverkan.history import build_upload_history
from samverkan.web.current_plan import LABEL
from tests.browser import PATIENCE_MS, save_screenshots, streamlit_server, wait_until_drawn
from tests.comparison_stores import add_second_burlov_agreement, add_several_kommuner

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

DESKTOP = {"width": 1920, "height": 1080}


def test_the_current_plan_downloads_and_uploads_back_with_nothing_changed(
    browser: Any, demo_file: Path, tmp_path: Path
) -> None:
    db = tmp_path / "plan.duckdb"
    shutil.copy(demo_file, db)
    with streamlit_server(db) as url:
        page = browser.new_page(viewport=DESKTOP, accept_downloads=True)
        page.goto(f"{url}/ladda_upp")
        wait_until_drawn(page)
        for size in ((1920, 1080), (1280, 720), (1024, 768), (390, 844)):
            page.set_viewport_size({"width": size[0], "height": size[1]})
            wait_until_drawn(page)
            assert page.get_by_role("button", name=LABEL).is_visible()
            save_screenshots(page, "ladda-upp-aktuell-plan")
        page.set_viewport_size(DESKTOP)
        with page.expect_download() as started:
            page.get_by_role("button", name=LABEL).click()
        download = started.value
        assert download.suggested_filename == current_plan_file_name("Burlöv", dt.date.today())
        plan = tmp_path / download.suggested_filename
        download.save_as(plan)

        page.set_input_files("[data-testid='stFileUploaderDropzoneInput']", str(plan))
        page.wait_for_selector("text=Så här lästes filen", timeout=PATIENCE_MS)
        wait_until_drawn(page)
        page.get_by_role("button", name="Spara").click()
        page.wait_for_selector("text=Sparat:", timeout=PATIENCE_MS)
        wait_until_drawn(page)
        page.close()
    with store.open_store(db) as con:
        [agreement] = store.fetch_agreements(con)
        history = build_upload_history(con, agreement.id)
    assert history[-1].upload.file_name == plan.name
    assert history[-1].changes is not None
    assert changes_line(history[-1].changes) == "inga ändringar"


@pytest.fixture(scope="module")
def two_agreements(
    demo_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, int]]:
    path = tmp_path_factory.mktemp("two") / "two.duckdb"
    shutil.copy(demo_file, path)
    add_several_kommuner(path)
    operative = add_second_burlov_agreement(path)
    with streamlit_server(path) as url:
        yield url, operative


def test_the_card_of_a_kommuns_second_agreement_opens_that_agreement(
    browser: Any, two_agreements: tuple[str, int]
) -> None:
    url, operative = two_agreements
    year = dt.date.today().year
    # 1024 × 768 with the sidebar open: the main column is narrow, so a card per agreement.
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    page.goto(f"{url}/jamforelse?lpo=Kävlinge")
    wait_until_drawn(page)
    cards = page.locator("[class*='st-key-jamforelse_avtal_']")
    burlov = [cards.nth(i).inner_text() for i in range(cards.count())]
    assert sum(text.startswith("Burlöv") for text in burlov) == 2  # both agreements, a card each
    card = page.locator(f".st-key-jamforelse_avtal_{operative}")
    assert card.inner_text().startswith(f"Burlöv {year}")
    card.get_by_text("Öppna översikten").click()
    page.wait_for_function(
        f"() => location.search.includes('avtal={operative}')", timeout=PATIENCE_MS
    )
    page.wait_for_selector("h1:has-text('Översikt – Burlöv')", timeout=PATIENCE_MS)
    wait_until_drawn(page)
    sidebar = page.locator("[data-testid='stSidebar']").inner_text().replace("\u00a0", " ")
    assert f"Period 1 januari {year} – 31 december {year}" in sidebar
    save_screenshots(page, "jamforelse-andra-overenskommelsen")
    page.close()
