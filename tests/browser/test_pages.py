"""Browser tests: a real server, Debian's Chromium, what a user sees (screenshots kept).

One demo server serves every read-only test of the module; the upload and the command-line
tests write, so each starts its own server on an empty store (and opens a page other than the
start page as the server's first request, as a bookmark does).
"""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from samverkan.demo import FOCUS_AREAS
from tests.browser import (
    PATIENCE_MS,
    go_to,
    has_no_sideways_scroll,
    save_screenshots,
    streamlit_server,
    wait_until_drawn,
)
from tests.conftest import SAMPLES

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

DESKTOP = (1920, 1080)
PHONE = (390, 844)
CHART = "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg"


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One server on the demo store for every test that only reads."""
    with streamlit_server(tmp_path_factory.mktemp("demo") / "demo.duckdb") as url:
        yield url


def open_page(browser: Any, url: str, size: tuple[int, int]) -> Any:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]}, accept_downloads=True)
    page.goto(url)
    wait_until_drawn(page)
    return page


def visible_text(page: Any) -> str:
    return str(page.inner_text("body"))


def download(page: Any, button: str) -> bytes:
    with page.expect_download() as started:
        page.get_by_role("button", name=button).click()
    return Path(started.value.path()).read_bytes()


# Each page is loaded once per screen size (a load costs seconds), so what a page must show
# is checked on that same load: these take the page and the screen width.


def check_overview(page: Any, width: int) -> None:
    page.wait_for_selector(CHART, timeout=PATIENCE_MS)
    text = visible_text(page)
    for name in FOCUS_AREAS:
        assert name in text
    assert "gröna" in text  # the traffic-light mix in words
    assert "genomförda" in text
    assert "Senast uppdaterad" in text


def check_focus_area(page: Any, width: int) -> None:
    text = visible_text(page)
    assert "Slutdatum" in text
    assert "Drogvaneundersökning åk 9 och gy 2" in text
    # "Ungdomsbrottslighet" is the title's first word: on a phone too it stays on one line.
    assert page.evaluate(LINES_OF_FIRST_TITLE_WORD) == 1


# How many lines the first word of the page's title takes (a word broken in two takes two).
LINES_OF_FIRST_TITLE_WORD = """() => {
  const title = document.querySelector('[data-testid="stHeading"] h1');
  const text = document.createTreeWalker(title, NodeFilter.SHOW_TEXT).nextNode();
  const range = document.createRange();
  range.setStart(text, 0);
  range.setEnd(text, text.textContent.indexOf(' '));
  return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
}"""


def check_late(page: Any, width: int) -> None:
    assert "Riktade narkotikakontroller vid Arlövs station" in visible_text(page)
    # Nine columns on a wide screen, a card per commitment (as on Snabbkoll) on a phone.
    table, cards = (
        page.locator(".st-key-forsenade_0_tabell"),
        page.locator(".st-key-forsenade_0_kort"),
    )
    assert (table.is_visible(), cards.is_visible()) == (width > PHONE[0], width == PHONE[0])
    if width == PHONE[0]:
        assert "12 dagar försenad" in cards.inner_text()
        assert "Uppföljningen 73 dagar sen" in cards.inner_text()
    if width == DESKTOP[0]:
        data = download(page, "Ladda ned för protokollet")
        titles = [c.value for c in openpyxl.load_workbook(io.BytesIO(data)).active["D"]]
        assert "Riktade narkotikakontroller vid Arlövs station" in titles


def check_quick(page: Any, width: int) -> None:
    text = visible_text(page)
    assert "Riktade narkotikakontroller vid Arlövs station" in text
    assert "Kartläggning av hedersrelaterat våld" not in text  # the kommun's own
    assert text.index("Försenat") < text.index("Riktade narkotikakontroller")
    assert text.index("Riktade narkotikakontroller") < text.index("De närmaste 30 dagarna")
    assert "part=Polis" in page.url
    if width == PHONE[0]:
        calendar = download(page, "Lägg in datumen i kalendern")
        assert calendar.startswith(b"BEGIN:VCALENDAR\r\n")
        assert b"Slutdatum: Riktade narkotikakontroller" in calendar.replace(b"\r\n ", b"")


def check_upload(page: Any, width: int) -> None:
    assert "Välj fil" not in visible_text(page)  # CSS text, not in the document…
    assert page.get_by_role("button", name="Ladda ned Excel-mallen").is_visible()


def check_history(page: Any, width: int) -> None:
    page.wait_for_selector(CHART, timeout=PATIENCE_MS)
    text = visible_text(page)
    assert "Johan Berg" in text
    assert page.get_by_role("button", name="Originalfilen").count() == 5  # 4 plans, 1 survey


# Every page in the order a user might walk them: an address is opened (a bookmark), a page
# title is clicked in the sidebar. (how to reach it, screenshot name, title, what else to check)
WALK = (
    ("/", "oversikt", "Översikt – Burlöv", check_overview),
    ("Fokusområde", "fokusomrade", FOCUS_AREAS[0], check_focus_area),
    ("Försenade åtaganden", "forsenade", "Försenade åtaganden – Burlöv", check_late),
    ("Ladda upp", "ladda_upp", "Ladda upp aktivitetsplan", check_upload),
    ("Historik", "historik", "Historik – Burlöv", check_history),
    ("/snabbkoll?kommun=Burlöv&part=Polis", "snabbkoll", "Polis · Burlöv", check_quick),
)


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1920x1080", "390x844"])
def test_every_page_draws_in_swedish_without_errors(
    browser: Any, demo_url: str, size: tuple[int, int]
) -> None:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]}, accept_downloads=True)
    for way, name, title, check in WALK:
        if way.startswith("/"):
            page.goto(f"{demo_url}{way}")
            wait_until_drawn(page)
        else:
            go_to(page, way)
        text = visible_text(page)
        assert title in text, name
        assert "Lokalt läge" in text, name
        for unwanted in ("Traceback", "Error", "Something went wrong", "Page not found"):
            assert unwanted not in text, (name, unwanted)
        assert "Något gick fel" not in text, name
        assert has_no_sideways_scroll(page), name
        check(page, size[0])
        save_screenshots(page, name)
    page.close()


def test_upload_through_the_page_then_every_page_shows_it(browser: Any, tmp_path: Path) -> None:
    with streamlit_server(tmp_path / "upload.duckdb", demo=False) as url:
        page = open_page(browser, f"{url}/ladda_upp", DESKTOP)
        page.set_input_files(
            "[data-testid='stFileUploaderDropzoneInput']",
            str(SAMPLES / "eslov_aktivitetsplan_2022.xlsx"),
        )
        page.wait_for_selector("text=Vilken kommun gäller planen?", timeout=PATIENCE_MS)
        assert "Välj kommun ovan för att fortsätta" in visible_text(page)  # a step, no error
        page.get_by_role("combobox", name="Vilken kommun gäller planen?").click()
        page.keyboard.type("Eslöv")
        page.keyboard.press("Enter")
        page.wait_for_selector("text=Filen går att läsa in", timeout=PATIENCE_MS)
        wait_until_drawn(page)
        text = visible_text(page)
        assert "8 aktiviteter" in text
        assert "Så här lästes filen" in text
        save_screenshots(page, "ladda-upp-forhandsvisning")
        page.get_by_role("button", name="Spara").click()
        page.wait_for_selector("text=Sparat: 8 aktiviteter", timeout=PATIENCE_MS)
        save_screenshots(page, "ladda-upp-sparad")

        page.get_by_text("Till översikten").click()
        page.wait_for_selector("text=Översikt – Eslöv", timeout=PATIENCE_MS)
        wait_until_drawn(page)
        page.wait_for_selector("[data-testid='stMetric']", timeout=PATIENCE_MS)
        text = visible_text(page)
        assert "Öppen droghandel" in text
        assert "eslov_aktivitetsplan_2022.xlsx" in text
        metrics = page.locator("[data-testid='stMetric']").all_inner_texts()
        assert any(m.split() == ["Aktiviteter", "8"] for m in metrics), metrics

        go_to(page, "Försenade åtaganden")
        assert "Hastighetskontroller vid skolor" in visible_text(page)
        page.close()


def test_bookmark_first_on_a_new_server_then_cli_import_shows_at_once(
    browser: Any, tmp_path: Path
) -> None:
    db = tmp_path / "t.duckdb"
    with streamlit_server(db, demo=False) as url:
        # The server's very first request is a bookmark to a page, not to the start page.
        page = open_page(browser, f"{url}/snabbkoll?kommun=Eslöv&part=Polis", PHONE)
        text = visible_text(page)
        assert "Lokalt läge" in text  # app.py ran around the page: sidebar and frame are there
        assert "Välkommen till Samverkan" in text
        assert "Page not found" not in text
        save_screenshots(page, "tom-databas")
        result = subprocess.run(
            [sys.executable, "-m", "samverkan", "import",
             str(SAMPLES / "eslov_aktivitetsplan_2022.xlsx"), "--db", str(db), "--kommun", "Eslöv"],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        page.reload()
        wait_until_drawn(page)
        text = visible_text(page)
        assert "Polis · Eslöv" in text
        assert "Hastighetskontroller vid skolor" in text
        assert "Trafiksäkerhetsdag för åk 4" not in text  # the kommun's own
        assert "part=Polis" in page.url
        save_screenshots(page, "snabbkoll-eslov")
        page.close()
