"""Browser test of Mötesläge: every step of the demo's meeting fits the screen, on the wall.

A real server on the demo and Debian's Chromium, at 1920×1080 and at 1280×720 and 1024×768
projectors; each step is reached with the Nästa button, the way the chair clicks through. On
every step:
the content is no taller than the window (the main area's scrollHeight against innerHeight),
every chart's text is drawn at 20 pixels or more (read from the SVG Vega drew, scaled as the
browser shows it), and nothing is said beyond the position ("3 / 24"). Screenshots of every
step are saved in test-output/ (moteslage-NN-WxH.png).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from samverkan.demo import FOCUS_AREAS
from tests.browser import PATIENCE_MS, save_screenshots, streamlit_server, wait_until_drawn

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

CHARTS = "[data-testid='stVegaLiteChart']"
# Each part of the agenda, in the order the meeting takes them.
AGENDA = ["Läget i stort", *FOCUS_AREAS, "Försenade åtaganden", "Sedan förra mötet",
          "Trygghet och mål"]  # fmt: skip
# Every chart on the step has drawn its marks and its text (Vega draws after the script ends).
CHARTS_DRAWN = f"""() => [...document.querySelectorAll("{CHARTS}")].every(
    c => c.querySelector('svg.marks text') !== null)"""
# The step against the window: the main area scrolls when its content is taller.
HEIGHTS = """() => ({
  content: document.querySelector("[data-testid='stMain']").scrollHeight,
  window: window.innerHeight,
})"""
# Every text Vega drew, with the size the browser shows it at: its font size times the scale
# of its SVG (drawn width against the width Vega gave it).
CHART_TEXTS = f"""() => [...document.querySelectorAll("{CHARTS} svg.marks")].flatMap(svg => {{
  const scale = svg.getBoundingClientRect().width / svg.width.baseVal.value;
  return [...svg.querySelectorAll('text')]
    .filter(t => t.textContent.trim() && getComputedStyle(t).visibility !== 'hidden')
    .map(t => ({{text: t.textContent.trim(),
                 px: parseFloat(getComputedStyle(t).fontSize) * scale}}));
}})"""
POSITION = re.compile(r"^(\d+) / (\d+)$", re.MULTILINE)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with streamlit_server(tmp_path_factory.mktemp("demo") / "demo.duckdb") as url:
        yield url


def position(page: Any) -> tuple[int, int]:
    main = page.locator("[data-testid='stMain']").inner_text()
    found = POSITION.findall(main)
    assert len(found) == 1, found  # shown once, at the top
    return int(found[0][0]), int(found[0][1])


def wait_for_step(page: Any) -> None:
    """The script has run, the page has settled, and every chart on it is drawn."""
    wait_until_drawn(page)
    page.wait_for_function(CHARTS_DRAWN, timeout=PATIENCE_MS)


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720), (1024, 768)])
def test_every_step_of_the_meeting_fits_the_screen(
    browser: Any, demo_url: str, width: int, height: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(f"{demo_url}/moteslage")
    wait_for_step(page)
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    number, count = position(page)
    assert number == 1
    assert count > 7  # the seven tall screens of old, split into steps that fit
    titles, charts = [], 0
    while True:
        title = page.locator("h1").first.inner_text().strip()
        titles.append(title)
        heights = page.evaluate(HEIGHTS)
        assert heights["content"] <= heights["window"], (number, title, heights)
        texts = page.evaluate(CHART_TEXTS)
        small = [t for t in texts if t["px"] < 20]
        assert not small, (number, title, small)
        charts += page.locator(CHARTS).count()
        main = page.locator("[data-testid='stMain']")
        # Nothing said about the screen but the position: no captions, no mode notice.
        assert main.locator("[data-testid='stCaptionContainer']").count() == 0, number
        assert "Lokalt läge" not in main.inner_text()
        # Large type for the back of the room: the body text is 21 px or more.
        size = page.evaluate("() => getComputedStyle(document.documentElement).fontSize")
        assert float(size.removesuffix("px")) >= 21
        save_screenshots(page, f"moteslage-{number:02d}")
        next_button = page.get_by_role("button", name="Nästa")
        if number == count:
            assert next_button.is_disabled()
            break
        next_button.click()
        page.wait_for_function(
            "n => document.querySelector(\"[data-testid='stMain']\").innerText.includes(`${n} / `)",
            arg=number + 1,
            timeout=PATIENCE_MS,
        )
        wait_for_step(page)
        number += 1
        assert position(page) == (number, count)
    # The agenda's order, each part's steps together.
    assert list(dict.fromkeys(titles)) == AGENDA
    # The status chart and every indicator's chart were drawn, each on a step of its own.
    assert charts >= 1 + 4
    # A reload keeps the place: the step number is in the address.
    assert f"skarm={count}" in page.url
    page.reload()
    wait_for_step(page)
    assert position(page) == (count, count)
    page.get_by_role("button", name="Föregående").click()
    page.wait_for_function(
        "n => document.querySelector(\"[data-testid='stMain']\").innerText.includes(`${n} / `)",
        arg=count - 1,
    )


def test_a_goal_step_reads_from_the_back_of_the_room(browser: Any, demo_url: str) -> None:
    """The first focus area's goal: its words, and its chart at full width with the legend."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{demo_url}/moteslage?skarm=3")
    wait_for_step(page)
    main = page.locator("[data-testid='stMain']")
    assert "Effektmål" in main.inner_text()
    chart = page.locator(CHARTS).first
    texts = [t["text"] for t in page.evaluate(CHART_TEXTS)]
    assert any("Lägre är bättre" in t for t in texts), texts
    assert "2023" in texts
    assert "Hela kommunen" in texts
    # Full width: the chart spans the main column.
    column = page.locator("[data-testid='stMainBlockContainer']").bounding_box()
    assert chart.bounding_box()["width"] >= 0.9 * column["width"]


def test_a_clickers_keys_turn_the_steps(browser: Any, demo_url: str) -> None:
    """PageDown and PageUp (a presenter's clicker), and the arrows, press Nästa and Föregående."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{demo_url}/moteslage")
    wait_for_step(page)
    for key, expected in (("PageDown", 2), ("ArrowRight", 3), ("PageUp", 2), ("ArrowLeft", 1)):
        page.keyboard.press(key)
        page.wait_for_function(
            "n => document.querySelector(\"[data-testid='stMain']\").innerText.includes(`${n} / `)",
            arg=expected,
            timeout=PATIENCE_MS,
        )
        wait_for_step(page)
        assert position(page)[0] == expected
        assert f"skarm={expected}" in page.url
    page.keyboard.press("ArrowLeft")  # on the first step: nothing to go back to
    wait_for_step(page)
    assert position(page)[0] == 1
