"""Snabbkoll on a kommunpolis's phone (390×844): what a person sees, in a real browser.

The store is the demo (Burlöv, LPO Kävlinge) with one police activity marked ej offentlig in
the app, plus Kävlinge's 2024 plan in the same LPO, whose period has ended. The page opens
with a summary line whose parts jump to their groups; a Genomförd activity whose follow-up is
late is under "Uppföljning saknas", never under "Försenat"; `?lpo=` leaves the ended plan out
and says so; the ej offentlig card carries Fokusområde's lock for whoever may see it, and a
visitor who is not logged in sees none of it.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from samverkan import store
from samverkan.accounts import hash_password
from samverkan.demo import ensure_demo
from samverkan.excel.plan import ImportOptions
from samverkan.importing.pipeline import import_workbook
from samverkan.models import Role, UserAccount
from samverkan.store.confidential import save_confidential_marks
from samverkan.store.users import save_user
from samverkan.swedish import format_date
from tests.browser import (
    PATIENCE_MS,
    has_no_sideways_scroll,
    save_screenshots,
    streamlit_server,
    wait_until_drawn,
)
from tests.conftest import SAMPLES

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

PHONE = (390, 844)
DESKTOP = (1920, 1080)
QUICK = "/snabbkoll?kommun=Burl%C3%B6v&part=Polis"
LPO = "/snabbkoll?lpo=K%C3%A4vlinge&part=Polis"
SECRET = "Riktade narkotikakontroller vid Arlövs station"  # B4, marked ej offentlig in the app
FOLLOWUP = "Rutin för skyddsbedömning vid polisanmälan"  # Genomförd, its follow-up 73 days late
KAVLINGE_ONLY = "Grannsamverkan i Furulund"  # a police activity of Kävlinge's ended 2024 plan
EMAIL, PASSWORD = "kim.kommunpolis@polisen.se", "ett långt lösenord"

# Each card with the group heading above it: (group anchor, the card's text).
CARDS_BY_GROUP = """() => {
  const heads = [...document.querySelectorAll("[data-testid='stMain'] h3[id]")];
  return [...document.querySelectorAll("[data-testid='stMain'] [data-testid='stGridCell']")]
    .filter((card) => !card.closest("[data-testid='stExpander']"))
    .map((card) => {
      const above = heads.filter(
        (h) => h.compareDocumentPosition(card) & Node.DOCUMENT_POSITION_FOLLOWING);
      return [above.length ? above[above.length - 1].id : null, card.innerText];
    });
}"""
HEADING_TOP = "(id) => document.getElementById(id).getBoundingClientRect().top"


@pytest.fixture(scope="module")
def lpo_ended_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo, B4 ej offentlig, and Kävlinge's 2024 plan (ended) in LPO Kävlinge."""
    db = tmp_path_factory.mktemp("snabbkoll") / "lpo.duckdb"
    assert ensure_demo(db)
    data = (SAMPLES / "kavlinge_handlingsplan_2024.xlsx").read_bytes()
    outcome = import_workbook(
        data,
        "kavlinge_handlingsplan_2024.xlsx",
        db_path=db,
        options=ImportOptions(kommun="Kävlinge", lpo="Kävlinge"),
    )
    assert outcome.summary is not None, [str(i) for i in outcome.report.issues]
    with store.open_store(db) as con:
        [burlov] = [a for a in store.fetch_agreements(con) if a.kommun == "Burlöv"]
        save_confidential_marks(con, burlov.id, {"B4": True}, "Anna Lindqvist")
    return db


@pytest.fixture(scope="module")
def local_url(lpo_ended_file: Path) -> Iterator[str]:
    """Local mode: the person at the machine is admin, who may see ej offentlig."""
    with streamlit_server(lpo_ended_file) as url:
        yield url


@pytest.fixture(scope="module")
def served_url(lpo_ended_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same store with a läsare's account: served mode, login first."""
    db = tmp_path_factory.mktemp("snabbkoll_served") / "served.duckdb"
    shutil.copy(lpo_ended_file, db)
    with store.open_store(db) as con:
        reader = UserAccount(
            email=EMAIL, name="Kim Kommunpolis", role=Role.READER, kommuner=("Burlöv",)
        )
        save_user(con, reader, hash_password(PASSWORD))
    with streamlit_server(db) as url:
        yield url


def open_page(browser: Any, url: str, size: tuple[int, int]) -> Any:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]}, accept_downloads=True)
    page.goto(url)
    wait_until_drawn(page)
    return page


def main_text(page: Any) -> str:
    return str(page.locator("[data-testid='stMain']").inner_text()).replace("\u00a0", " ")


def card(page: Any, title: str) -> Any:
    return page.locator("[data-testid='stGridCell']", has_text=title).first


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390x844", "1920x1080"])
def test_summary_line_groups_and_jump_links(
    browser: Any, local_url: str, size: tuple[int, int]
) -> None:
    page = open_page(browser, local_url + QUICK, size)
    text = main_text(page)
    summary = "2 försenade · 1 saknar uppföljning · 3 inom 30 dagar"
    assert summary in text
    # The summary comes before the first group, and the groups in this order.
    order = [text.index(t) for t in (summary, "Försenat (2)", "Uppföljning saknas (1)",
                                     "De närmaste 30 dagarna (3)")]  # fmt: skip
    assert order == sorted(order)
    cards = page.evaluate(CARDS_BY_GROUP)
    late = [body for group, body in cards if group == "forsenat"]
    assert len(late) == 2
    assert not any("Genomförd" in body for body in late)  # a Genomförd activity is never late
    assert [g for g, body in cards if FOLLOWUP in body] == ["uppfoljning-saknas"]
    assert "Uppföljningen 73 dagar sen" in card(page, FOLLOWUP).inner_text()
    assert has_no_sideways_scroll(page)
    save_screenshots(page, "snabbkoll-grupper")

    # Each part of the summary jumps to its group's heading.
    for words, anchor in (
        ("3 inom 30 dagar", "narmaste-dagarna"),
        ("1 saknar uppföljning", "uppfoljning-saknas"),
        ("2 försenade", "forsenat"),
    ):
        link = page.get_by_role("link", name=words, exact=True)
        assert link.get_attribute("href") == f"#{anchor}"
        link.click()
        # On a phone the heading comes to the top; a wide screen may lack the room below.
        limit = 200 if size == PHONE else size[1] - 80
        page.wait_for_function(
            f"() => {{ const t = ({HEADING_TOP})('{anchor}'); return t >= 0 && t < {limit}; }}"
        )
        assert page.url.endswith(f"#{anchor}")
    page.close()


def test_the_lock_and_the_calendar_s_count_for_who_may_see_ej_offentlig(
    browser: Any, local_url: str
) -> None:
    page = open_page(browser, local_url + QUICK, PHONE)
    secret = card(page, SECRET)
    assert secret.is_visible()
    title = secret.locator("[data-testid='stMarkdown']").first
    assert "ej offentlig" in title.inner_text()
    lock = title.locator("span[aria-label='lock icon']")
    assert lock.inner_text() == "lock"
    assert lock.is_visible()
    assert "ej offentlig" not in card(page, FOLLOWUP).inner_text()
    said = "1 aktivitet märkt ej offentlig är inte med i kalenderfilen."
    assert said in main_text(page)
    with page.expect_download() as started:
        page.get_by_role("button", name="Lägg in datumen i kalendern").click()
    calendar = Path(started.value.path()).read_bytes().decode().replace("\r\n ", "")
    assert f"X-WR-CALDESC:Slutdatum och uppföljningar ur Samverkan\\, var och en med en " \
           f"påminnelse dagen före. {said}" in calendar  # fmt: skip
    assert SECRET not in calendar
    assert "Slutdatum: Trygghetsvandring med fastighetsägare" in calendar
    secret.scroll_into_view_if_needed()
    save_screenshots(page, "snabbkoll-ej-offentlig")
    page.close()


def test_lpo_leaves_out_the_ended_plan_and_counts_on_the_heading_s_day(
    browser: Any, local_url: str
) -> None:
    page = open_page(browser, local_url + LPO, PHONE)
    text = main_text(page)
    today = dt.date.today()
    assert f"Polis · LPO Kävlinge · bedömt {format_date(today)}" in text
    assert KAVLINGE_ONLY not in text
    assert "254 dagar" not in text  # counted to the ended plan's last day, before
    assert (
        "Inte med, eftersom perioden har slutat: Kävlinge 2024 (slutade 31 december 2024)" in text
    )
    # Every late card counts its days to the heading's day.
    days = [
        int(body.split(" dagar försenad")[0].split()[-1])
        for group, body in page.evaluate(CARDS_BY_GROUP)
        if group == "forsenat"
    ]
    assert days == [18, 12]  # the demo's: due 18 and 12 days before today
    assert "2 försenade · 1 saknar uppföljning · 3 inom 30 dagar" in text
    assert has_no_sideways_scroll(page)
    save_screenshots(page, "snabbkoll-lpo")
    page.close()


def test_ej_offentlig_only_after_login_and_then_with_its_lock(
    browser: Any, served_url: str
) -> None:
    context = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]})
    page = context.new_page()
    page.goto(served_url + QUICK)
    wait_until_drawn(page)
    # Not logged in: the login form and nothing of the plan, ej offentlig least of all.
    assert page.locator("h1").first.inner_text().strip() == "Logga in"
    assert SECRET not in main_text(page)
    assert page.locator("[data-testid='stGridCell']").count() == 0
    page.get_by_label("E-postadress").fill(EMAIL)
    page.get_by_label("Lösenord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_function(
        "() => document.querySelector('h1')?.innerText.startsWith('Snabbkoll')",
        timeout=PATIENCE_MS,
    )
    wait_until_drawn(page)
    # A läsare (the kommunpolis) may see ej offentlig inside the app: with the lock.
    secret = card(page, SECRET)
    assert secret.locator("span[aria-label='lock icon']").is_visible()
    assert "ej offentlig" in secret.inner_text()
    context.close()
