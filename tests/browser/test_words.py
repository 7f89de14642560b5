"""Words and numbers as a person sees them in a real browser (issue 17).

- every demo page: the glossary's words, and none of the other spellings;
- a selectbox whose search finds nothing says so in Swedish;
- a dropped PDF is told in Swedish what to do (no English tooltip on a red icon);
- the goal editor writes and reads decimals with a comma, in a Swedish and an English browser.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from samverkan.glossary import DUE, FOLLOWUP_MISSING, other_spellings
from tests.browser import go_to, save_screenshots, streamlit_server, wait_until_drawn

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

DESKTOP = {"width": 1920, "height": 1080}
# Every page of the demo by its address, and a word it must show.
PAGES = {
    "": FOLLOWUP_MISSING,
    "fokusomrade": DUE,
    "forsenade": DUE,
    "forandringar": "Ny status",
    "trygghet": "Trygghet",
    "medborgarloften": "Medborgarlöften",
    "moteslage": "Mötesläge",
    "snabbkoll": "Snabbkoll",
    "overenskommelse": "Basvärde",
    "ladda_upp": "Ladda ned Excel-mallen",
    "historik": "Ändringar:",
    "rapporter": "Ladda ned som PDF",
    "anvandare": "Ladda ned loggen som CSV",
}
# The text of the main area and the sidebar, hidden parts (closed expanders) included, and
# the page's own scripts and styles left out.
PAGE_TEXT = """() => ['stMain', 'stSidebar'].map((id) => {
    const root = document.querySelector(`[data-testid='${id}']`);
    if (!root) return '';
    const copy = root.cloneNode(true);
    copy.querySelectorAll('script, style').forEach((element) => element.remove());
    return copy.textContent;
}).join(' ')"""


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One server on a demo store of its own (the goal editor is typed into)."""
    with streamlit_server(tmp_path_factory.mktemp("words") / "demo.duckdb") as url:
        yield url


def open_page(browser: Any, url: str, *, locale: str = "sv-SE", size: Any = None) -> Any:
    page = browser.new_page(viewport=size or DESKTOP, locale=locale)
    page.goto(url)
    wait_until_drawn(page)
    return page


def test_every_page_says_each_thing_one_way(browser: Any, demo_url: str) -> None:
    page = browser.new_page(viewport=DESKTOP, locale="sv-SE")
    found = {}
    for path, word in PAGES.items():
        page.goto(f"{demo_url}/{path}")
        wait_until_drawn(page)
        text = " ".join(page.evaluate(PAGE_TEXT).split())
        assert word in text, path
        found[path] = other_spellings(text)
    assert {path: spellings for path, spellings in found.items() if spellings} == {}
    page.close()


def test_a_search_that_finds_nothing_says_so_in_swedish(browser: Any, demo_url: str) -> None:
    page = open_page(browser, demo_url, locale="en-US")
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first.click()
    page.keyboard.type("zzzz")
    listbox = page.locator("[role='listbox'][data-empty='true']")
    listbox.wait_for()
    page.wait_for_function(
        "() => document.querySelector(\"[role='listbox']\").innerText.trim() === 'Inga träffar'"
    )
    assert "No results" not in page.evaluate("document.body.innerText")
    page.close()


def test_a_dropped_pdf_is_told_in_swedish_what_to_do(browser: Any, demo_url: str) -> None:
    page = open_page(browser, demo_url)
    go_to(page, "Ladda upp")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        {"name": "plan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n%\xe2\xe3\n"}
    )
    page.get_by_text("Filen är en PDF.", exact=False).first.wait_for()
    wait_until_drawn(page)
    text = page.evaluate(PAGE_TEXT)
    assert "not allowed" not in text
    assert '"Excel-arbetsbok (.xlsx)"' in text
    save_screenshots(page, "ord-pdf")
    page.close()


def test_a_file_over_the_limit_is_refused_in_swedish(browser: Any, demo_url: str) -> None:
    """The browser refuses it before the import sees it: its tooltip and alert say why."""
    page = open_page(browser, f"{demo_url}/ladda_upp", locale="en-US")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        {"name": "stor.xlsx", "mimeType": "application/zip", "buffer": b"PK" + bytes(21 << 20)}
    )
    chip = page.locator("[data-testid='stFileChip']")
    alert = chip.locator("[role='alert']")
    alert.wait_for(state="attached")
    page.wait_for_function(
        "() => document.querySelector(\"[data-testid='stFileChip'] [role='alert']\")"
        ".textContent.startsWith('Filen är större än gränsen 20 MB.')"
    )
    chip.hover()
    tooltip = page.locator("[data-testid='stTooltipErrorContent']")
    tooltip.wait_for()
    page.wait_for_function(
        "() => document.querySelector(\"[data-testid='stTooltipErrorContent']\")"
        ".textContent.startsWith('Filen är större än gränsen 20 MB.')"
    )
    assert "22 MB" in chip.inner_text()
    assert chip.get_attribute("aria-label") == "stor.xlsx, 22 MB"
    page.close()


@pytest.mark.parametrize("locale", ["sv-SE", "en-US"])
def test_the_goal_editor_writes_decimals_with_a_comma(
    browser: Any, demo_url: str, locale: str
) -> None:
    """Shown 2,45 and edited as 2,45 in any browser: the numbers follow the page's language."""
    page = open_page(browser, f"{demo_url}/overenskommelse", locale=locale)
    # What Streamlit's format="localized" and its number editor ask the browser.
    assert page.evaluate(
        "[new Intl.NumberFormat(navigator.languages).format(2.45),"
        " Intl.NumberFormat().formatToParts(1.1).find((p) => p.type === 'decimal').value]"
    ) == ["2,45", ","]
    goals = page.locator("[data-testid='stDataFrame']").nth(1)
    goals.scroll_into_view_if_needed()
    box = goals.bounding_box()
    assert box is not None
    # The first goal's first cell, then one to the right at a time (the grid's table for
    # screen readers follows the chosen cell) until its Basvärde: 2.45 in the demo.
    page.mouse.click(box["x"] + 60, box["y"] + 57)
    for column in range(1, 7):
        if column > 1:
            page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => document.activeElement.id === 'glide-cell-{column}-0'")
    page.keyboard.press("Enter")
    editor = page.locator("input.gdg-input")
    editor.wait_for()
    assert editor.input_value() == "2,45"
    editor.press("Control+A")
    # At a person's pace: keys sent with no pause at all can outrun the grid's number editor,
    # which then keeps the old value (30 ms apart never did in 16 tries; a person is slower).
    editor.type("2,5", delay=100)
    assert editor.input_value() == "2,5"
    editor.press("Enter")
    # Read back from the grid itself by opening the cell again: its table for screen readers
    # is not redrawn after an edit that does not rerun the page, so it may still say 2.45.
    page.wait_for_function("() => document.activeElement.id === 'glide-cell-6-1'")
    page.keyboard.press("ArrowUp")
    page.wait_for_function("() => document.activeElement.id === 'glide-cell-6-0'")
    page.keyboard.press("Enter")
    editor.wait_for()
    assert editor.input_value() == "2,5"
    editor.press("Escape")
    goals.screenshot(path=str(Path(__file__).parents[2] / "test-output" / f"mal-{locale}.png"))
    page.close()
