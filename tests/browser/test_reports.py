"""Rapporter and Medborgarlöften in Chromium on a real server: they draw, and the files come."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

from tests.browser import (
    PATIENCE_MS,
    has_no_sideways_scroll,
    save_screenshots,
    streamlit_server,
    wait_until_drawn,
)

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

DESKTOP = {"width": 1920, "height": 1080}


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with streamlit_server(tmp_path_factory.mktemp("demo") / "demo.duckdb") as url:
        yield url


def open_page(browser: Any, url: str) -> Any:
    page = browser.new_page(viewport=DESKTOP, accept_downloads=True)
    page.goto(url)
    wait_until_drawn(page)
    text = page.inner_text("body")
    for unwanted in ("Traceback", "Error", "Något gick fel", "Page not found"):
        assert unwanted not in text
    assert has_no_sideways_scroll(page)
    return page


def download(page: Any, button: str) -> bytes:
    with page.expect_download(timeout=PATIENCE_MS) as started:
        page.get_by_role("button", name=button).click()
    return Path(started.value.path()).read_bytes()


def test_reports_page_downloads_the_pdf_the_workbook_and_the_word_document(
    browser: Any, demo_url: str
) -> None:
    page = open_page(browser, f"{demo_url}/rapporter")
    assert "Rapporter – Burlöv" in page.inner_text("body")
    save_screenshots(page, "rapporter")
    assert download(page, "Ladda ned som PDF").startswith(b"%PDF-")
    workbook = openpyxl.load_workbook(io.BytesIO(download(page, "Ladda ned som Excel")))
    assert "Aktivitetsplan" in workbook.sheetnames
    document = docx.Document(io.BytesIO(download(page, "Ladda ned som Word (.docx)")))
    assert "Styrgruppens bedömning" in [p.text for p in document.paragraphs]
    page.get_by_text("Årsrapport (kommunstyrelsen och LPO-chefen)").click()
    wait_until_drawn(page)
    assert download(page, "Ladda ned som PDF").startswith(b"%PDF-")
    page.close()


def test_promises_page_lists_the_promises_and_downloads_the_web_page(
    browser: Any, demo_url: str
) -> None:
    page = open_page(browser, f"{demo_url}/medborgarloften")
    text = page.inner_text("body")
    assert "Medborgarlöften – Burlöv" in text
    assert "Vi ska minska den öppna droghandeln vid stationen" in text
    assert "Kommunpolis" not in page.inner_text("[data-testid='stMain']")
    save_screenshots(page, "medborgarloften")
    html = download(page, "Ladda ned för webbplatsen (HTML)").decode("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "Vi ska minska den öppna droghandeln vid stationen" in html
    page.close()


AXE = Path(__file__).resolve().parents[2] / ".tools/node_modules/axe-core/axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def serious_violations(page: Any, context: str = "html") -> list[str]:
    """axe-core's WCAG 2.1 AA violations of impact serious or critical, as 'rule: nodes'."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run scripts/install --dev")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "([context, tags]) => axe.run(document.querySelector(context),"
        " {runOnly: {type: 'tag', values: tags}})",
        [context, WCAG_21_AA],
    )
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_promises_page_and_its_export_meet_wcag_21_aa(browser: Any, demo_url: str) -> None:
    """Public web pages in Sweden must meet WCAG 2.1 AA (the DOS law).

    The page's own content is checked (the app's sidebar is not what gets published); the
    exported page, which is what the kommun publishes, is checked whole.
    """
    page = open_page(browser, f"{demo_url}/medborgarloften")
    assert serious_violations(page, "[data-testid='stMain']") == []
    html = download(page, "Ladda ned för webbplatsen (HTML)").decode("utf-8")
    page.set_content(html)
    assert serious_violations(page) == []
    page.close()
