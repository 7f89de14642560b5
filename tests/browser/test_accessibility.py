"""The pages in Swedish for a screen reader too: lang, Streamlit's and Vega's labels, icons.

A sighted user reads our Swedish; a screen reader also reads what only it is told. These
tests read every label a screen reader would (aria-label and placeholder on elements it is
not told to skip) on the pages with the most kinds of element, and fail on English words.
The rules themselves are checked in Python first: a table of Streamlit's and Vega's English
labels and the Swedish each must become.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from samverkan.web.accessibility import LABELS, PATTERNS, SKIP_LINK
from tests.browser import PATIENCE_MS, streamlit_server, wait_until_drawn

pytest.importorskip("playwright.sync_api")

# Words in Streamlit's and Vega's labels that are not Swedish (case as they are written).
ENGLISH = {
    "for", "with", "the", "to", "from", "of", "Help", "Choose", "Download", "Show", "Link",
    "Collapse", "Expand", "axis", "legend", "visualization", "Search", "Add", "row", "Fullscreen",
    "Sidebar", "pages", "Open", "Close", "icon", "option", "options", "scale", "values", "titled",
    "upload", "progress", "Copy", "spec", "Remove", "file", "Clear", "year", "month", "day",
    "Skip", "main", "content", "Title", "Subtitle", "Symbol",
}  # fmt: skip
PAGES = (
    "",
    "fokusomrade",
    "forandringar",
    "trygghet",
    "overenskommelse",
    "ladda_upp",
    "historik",
    "jamforelse",
)


def swedish(label: str) -> str:
    """The rules as the page's script applies them (JavaScript's $1 is Python's \\1)."""
    if label in LABELS:
        return LABELS[label]
    for source, replacement in PATTERNS:
        label = re.sub(source, re.sub(r"\$(\d)", r"\\\1", replacement), label, count=1)
    return label


@pytest.mark.parametrize(
    ("english", "expected"),
    [
        ("Collapse sidebar", "Fäll ihop sidofältet"),
        ("Link to heading", "Länk till rubriken"),
        ("Choose an option", "Välj"),
        ("Help for Bedömningsdag", "Hjälp om Bedömningsdag"),
        ("month, Period från", "månad, Period från"),
        ("Title text 'Trygg ute sent en kväll'", "Rubrik: Trygg ute sent en kväll"),
        ("Subtitle text 'Lägre är bättre'", "Underrubrik: Lägre är bättre"),
        ("Y-axis for a linear scale with values from 1,8 to 3,2", "Lodrät axel: från 1,8 till 3,2"),
        ("X-axis for a discrete scale with 5 values: 2019, 2020, 2021, 2022, 2023",
         "Vågrät axel, 5 värden: 2019, 2020, 2021, 2022, 2023"),
        ("X-axis titled 'Antal aktiviteter' for a linear scale with values from 0 to 9",
         "Vågrät axel med rubriken 'Antal aktiviteter': från 0 till 9"),
        ("X-axis for a time scale with values from 6 juli 2026 to 27 november 2026",
         "Vågrät axel: från 6 juli 2026 till 27 november 2026"),
        ("Symbol legend titled 'Status' for fill color with 6 values: Genomförd, Pågår",
         "Teckenförklaring med rubriken 'Status', 6 värden: Genomförd, Pågår"),
        ("Symbol legend for fill color and stroke color with 2 values: Hela kommunen, Arlöv",
         "Teckenförklaring, 2 värden: Hela kommunen, Arlöv"),
        # Ours, already Swedish, pass unchanged; so do labels the rules do not know.
        ("Hjälp om Part", "Hjälp om Part"),
        ("år: 2019; värde: 2,45; område: Arlöv", "år: 2019; värde: 2,45; område: Arlöv"),
        ("Bedömningsdag", "Bedömningsdag"),
    ],
)  # fmt: skip
def test_the_rules_make_each_english_label_swedish(english: str, expected: str) -> None:
    assert swedish(english) == expected
    assert swedish(expected) == expected  # a translated label is left alone (no loop)
    assert not set(re.findall(r"\w+", expected)) & ENGLISH


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with streamlit_server(tmp_path_factory.mktemp("demo") / "demo.duckdb") as url:
        yield url


# Every label a screen reader may read: not on an element hidden from it, nor inside one.
READ_LABELS = """() => {
  const out = [];
  for (const name of ['aria-label', 'placeholder']) {
    document.querySelectorAll(`[${name}]`).forEach((e) => {
      if (!e.closest('[aria-hidden="true"]')) out.push(e.getAttribute(name));
    });
  }
  return out;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "oversikt")
def test_a_screen_reader_hears_swedish(browser: Any, demo_url: str, path: str) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(f"{demo_url}/{path}")
    wait_until_drawn(page)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stSkipToContent\"]')?.textContent"
        f" === {SKIP_LINK!r}",
        timeout=PATIENCE_MS,
    )
    assert page.evaluate("document.documentElement.lang") == "sv"
    labels = page.evaluate(READ_LABELS)
    assert len(labels) > 10  # the sidebar alone has more: the test reads what it should
    english = {label for label in labels if set(re.findall(r"\w+", label)) & ENGLISH}
    assert english == set()
    icons = page.locator('span[role="img"][aria-label$=" icon"]')
    assert icons.count() > 0  # the pages have icons in their texts…
    assert all(i.get_attribute("aria-hidden") == "true" for i in icons.all())  # …all silent
    assert " icon" not in page.locator("[data-testid='stMain']").aria_snapshot()
    page.close()
