"""Browser test of the upload's confirm step: a column the import did not know is chosen in
its dropdown, the preview follows, and saving remembers the choice (a real server, Chromium).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from samverkan import store
from tests.browser import (
    PATIENCE_MS,
    save_screenshots,
    streamlit_server,
    wait_until_drawn,
)
from tests.conftest import SAMPLES, make_activity_row, make_plan_workbook

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

DESKTOP = {"width": 1920, "height": 1080}
TITLE = ["Handlingsplan 2024 för Burlövs kommun och lokalpolisområde Kävlinge"]
HEADERS = ("ID", "Fokusområde", "Aktivitet", "Kontakt", "Slutdatum", "Status", "Budget")
ACTIVITIES = (
    ("Trygghetsvandring i Arlöv", "Anna Lindqvist", "Pågår"),
    ("Belysning i Hjalmar Lundbohms park", "Tekniska förvaltningen", "Ej påbörjad"),
    ("Grannsamverkan i Åkarp", "Kommunpolisen", "Klar"),
)


def write_plan(path: Path) -> Path:
    rows = [
        make_activity_row(
            ID=f"B{n}", Aktivitet=title, Kontakt=contact, Status=status,
            Slutdatum=dt.date(2024, 3 * n, 28), Budget=f"{10 * n} 000 kr",
        )
        for n, (title, contact, status) in enumerate(ACTIVITIES, start=1)
    ]  # fmt: skip
    path.write_bytes(make_plan_workbook(rows, headers=HEADERS, title_rows=[TITLE]))
    return path


def read_as(page: Any, header: str) -> str:
    """What the read-only column table says the header is read as."""
    row = page.locator("[data-testid='stTable'] tr", has_text=header).first
    return str(row.locator("td").nth(1).inner_text()).strip()  # Rubrik, Läses som, (Varför)


def test_choose_a_field_for_an_unknown_column_then_save(browser: Any, tmp_path: Path) -> None:
    db = tmp_path / "upload.duckdb"
    plan = write_plan(tmp_path / "burlov-handlingsplan-2024.xlsx")
    with streamlit_server(db, demo=False) as url:
        page = browser.new_page(viewport=DESKTOP)
        page.goto(f"{url}/ladda_upp")
        wait_until_drawn(page)
        page.set_input_files("[data-testid='stFileUploaderDropzoneInput']", str(plan))
        page.wait_for_selector("text=Kolumner att välja", timeout=PATIENCE_MS)
        wait_until_drawn(page)
        assert read_as(page, "Kontakt") == "Extra kolumn (behålls som den skrevs)"

        page.get_by_role("combobox", name="Kolumnen ”Kontakt”").click()
        page.get_by_role("option", name="Ansvarig", exact=True).click()
        page.wait_for_function(
            "() => [...document.querySelectorAll(\"[data-testid='stTable'] tr\")]"
            ".some(r => r.innerText.startsWith('Kontakt')"
            " && r.innerText.trim().endsWith('Ansvarig'))",
            timeout=PATIENCE_MS,
        )
        wait_until_drawn(page)
        assert read_as(page, "Kontakt") == "Ansvarig"
        assert "Filen går att läsa in: 3 aktiviteter" in page.inner_text("body")
        page.get_by_text("Kolumner att välja").scroll_into_view_if_needed()
        save_screenshots(page, "ladda-upp-kolumnval")

        page.get_by_role("button", name="Spara").click()
        page.wait_for_selector("text=Sparat: 3 aktiviteter", timeout=PATIENCE_MS)
        page.close()
    with store.open_store(db) as con:
        assert store.fetch_column_mapping(con, "Burlöv") == {"Kontakt": "owner"}
        agreement = store.fetch_agreements(con)[0]
        owners = [a.owner for a in store.fetch_current_activities(con, agreement.id or 0)]
    assert owners == [contact for _, contact, _ in ACTIVITIES]


def test_a_survey_file_is_previewed_then_saved(browser: Any, tmp_path: Path) -> None:
    db = tmp_path / "survey.duckdb"
    with streamlit_server(db, demo=False) as url:
        page = browser.new_page(viewport=DESKTOP)
        page.goto(f"{url}/ladda_upp")
        wait_until_drawn(page)
        page.set_input_files(
            "[data-testid='stFileUploaderDropzoneInput']",
            str(SAMPLES / "trygghetsmatning_eslov_2020-2023.xlsx"),
        )
        page.wait_for_selector("text=Så här lästes filen", timeout=PATIENCE_MS)
        wait_until_drawn(page)
        text = page.inner_text("body")
        assert "går att läsa in: 20 mätvärden" in text
        assert "1,95" in text
        save_screenshots(page, "ladda-upp-matning")
        page.get_by_role("button", name="Spara").click()
        page.wait_for_selector("text=Sparat: 20 mätvärden", timeout=PATIENCE_MS)
        page.close()
    with store.open_store(db) as con:
        assert len(store.fetch_survey_values(con, "Eslöv")) == 20


def test_a_column_its_contents_decided_says_why_and_can_be_overruled(
    browser: Any, tmp_path: Path
) -> None:
    rows = [
        make_activity_row(ID=f"L{n}", Aktivitet=f"Aktivitet {n}", Lägesbeskrivning=status)
        for n, status in enumerate(("Pågår", "Klar", "Ej påbörjad", "Pågår"), start=1)
    ]
    headers = ("ID", "Fokusområde", "Aktivitet", "Slutdatum", "Lägesbeskrivning")
    plan = tmp_path / "burlov-lagesbeskrivning.xlsx"
    plan.write_bytes(make_plan_workbook(rows, headers=headers, title_rows=[TITLE]))
    with streamlit_server(tmp_path / "why.duckdb", demo=False) as url:
        page = browser.new_page(viewport=DESKTOP)
        page.goto(f"{url}/ladda_upp")
        wait_until_drawn(page)
        page.set_input_files("[data-testid='stFileUploaderDropzoneInput']", str(plan))
        page.wait_for_selector("text=Kolumner att välja", timeout=PATIENCE_MS)
        wait_until_drawn(page)
        why = "Tolkad som Status: 4 av 4 värden är en status (t.ex. Pågår eller Klar)."
        assert page.get_by_text(why).is_visible()
        assert read_as(page, "Lägesbeskrivning") == "Status"
        page.get_by_text("Kolumnerna på bladet").first.scroll_into_view_if_needed()
        save_screenshots(page, "ladda-upp-varfor")  # README's docs/ladda-upp-varfor.png

        page.get_by_role("combobox", name="Kolumnen ”Lägesbeskrivning”").click()
        page.get_by_role("option", name="Kommentar", exact=True).click()
        page.wait_for_function(
            "() => [...document.querySelectorAll(\"[data-testid='stTable'] tr\")]"
            ".some(r => r.innerText.startsWith('Lägesbeskrivning')"
            " && r.innerText.includes('Kommentar'))",
            timeout=PATIENCE_MS,
        )
        wait_until_drawn(page)
        assert page.get_by_text(why).count() == 0
        page.close()
