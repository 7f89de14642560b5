"""Browser test: a plan written in Word is uploaded on Ladda upp, previewed and saved; an old
.doc is refused in Swedish saying how to save it as .docx (a real server, Chromium)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from samverkan import store
from tests.browser import PATIENCE_MS, save_screenshots, streamlit_server, wait_until_drawn

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

WORD = Path(__file__).resolve().parents[1] / "fixtures" / "word"
DROPZONE = "[data-testid='stFileUploaderDropzoneInput']"


def test_a_word_plan_is_previewed_then_saved(browser: Any, tmp_path: Path) -> None:
    db = tmp_path / "word.duckdb"
    with streamlit_server(db, demo=False) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{url}/ladda_upp")
        wait_until_drawn(page)
        hint = page.locator("[data-testid='stFileUploaderDropzoneInstructions'] span").first
        assert ".docx" in hint.evaluate("e => getComputedStyle(e, '::after').content")
        page.set_input_files(DROPZONE, str(WORD / "plan_per_focus_area.docx"))
        page.wait_for_selector("text=Filen går att läsa in: 5 aktiviteter", timeout=PATIENCE_MS)
        wait_until_drawn(page)
        text = page.inner_text("body")
        assert "Sjöbo" in text
        assert "Fokusområde 2: Unga och droger" in text  # the table, named by its heading
        save_screenshots(page, "ladda-upp-word")
        page.get_by_role("button", name="Spara").click()
        page.wait_for_selector("text=Sparat: 5 aktiviteter", timeout=PATIENCE_MS)
        page.close()
    with store.open_store(db) as con:
        (agreement,) = store.fetch_agreements(con)
        activities = store.fetch_current_activities(con, agreement.id or 0)
    assert (agreement.kommun, agreement.lpo) == ("Sjöbo", "Ystad")
    assert sorted({a.focus_area for a in activities}) == [
        "Trygg offentlig miljö",
        "Unga och droger",
        "Våld i nära relationer",
    ]


def test_an_old_word_file_is_refused_saying_how_to_save_it(browser: Any, tmp_path: Path) -> None:
    with streamlit_server(tmp_path / "doc.duckdb", demo=False) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{url}/ladda_upp")
        wait_until_drawn(page)
        page.set_input_files(DROPZONE, str(WORD / "plan_per_focus_area.doc"))
        page.wait_for_selector("text=äldre Word-dokument (.doc)", timeout=PATIENCE_MS)
        wait_until_drawn(page)
        assert 'Spara som → "Word-dokument (.docx)"' in page.inner_text("body")
        assert not page.get_by_role("button", name="Spara").count()
        page.close()
