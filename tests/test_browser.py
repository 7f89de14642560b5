"""Browser tests: a real server, Debian's Chromium, what a user sees (screenshots kept)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from samverkan.demo import FOCUS_AREAS
from tests.browser import CHROMIUM, CHROMIUM_ARGS, OUTPUT, READY, streamlit_server
from tests.conftest import SAMPLES

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run scripts/install --dev")
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def open_page(browser: object, url: str, width: int, height: int) -> object:
    page = browser.new_page(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    page.goto(url)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector("[data-testid='stMetric']", timeout=60_000)
    return page


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (390, 844)])
def test_overview_of_the_demo(browser: object, tmp_path: Path, width: int, height: int) -> None:
    with streamlit_server(tmp_path / "demo.duckdb") as url:
        page = open_page(browser, url, width, height)
        text = page.inner_text("body")  # type: ignore[attr-defined]
        assert "Översikt – Burlöv" in text
        for name in FOCUS_AREAS:
            assert name in text
        assert "Lokalt läge" in text
        assert "Traceback" not in text
        page.wait_for_selector(
            "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg"
        )  # type: ignore[attr-defined]
        page.screenshot(path=str(OUTPUT / f"oversikt-{width}x{height}.png"), full_page=True)  # type: ignore[attr-defined]


def test_cli_import_beside_the_running_app_shows_at_once(browser: object, tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    with streamlit_server(db, demo=False) as url:
        page = open_page_empty(browser, url)
        assert "Välkommen till Samverkan" in page.inner_text("body")  # type: ignore[attr-defined]
        result = subprocess.run(
            [sys.executable, "-m", "samverkan", "import",
             str(SAMPLES / "eslov_aktivitetsplan_2022.xlsx"), "--db", str(db), "--kommun", "Eslöv"],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        page.reload()  # type: ignore[attr-defined]
        page.wait_for_selector(READY, timeout=60_000)  # type: ignore[attr-defined]
        page.wait_for_selector("[data-testid='stMetric']", timeout=60_000)  # type: ignore[attr-defined]
        text = page.inner_text("body")  # type: ignore[attr-defined]
        assert "Översikt – Eslöv" in text
        assert "Öppen droghandel" in text
        page.screenshot(path=str(OUTPUT / "oversikt-eslov-1920x1080.png"), full_page=True)  # type: ignore[attr-defined]


def open_page_empty(browser: object, url: str) -> object:
    page = browser.new_page(viewport={"width": 1920, "height": 1080})  # type: ignore[attr-defined]
    page.goto(url)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector("h1", timeout=60_000)
    return page
