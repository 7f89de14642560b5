"""Snabbkoll as a script (AppTest): the summary line, its groups, and `?lpo=` with an ended plan.

The store is the demo (Burlöv, LPO Kävlinge) plus a 2024 plan of Bjuv in the same LPO, whose
period has ended. Bjuv sorts before Burlöv, so the sidebar would choose it first for `?lpo=`
were it not for the rule that a running agreement comes first: then the page's day would be
Bjuv's last day, and every count would be made on it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from samverkan.excel.plan import ImportOptions
from samverkan.importing.pipeline import import_workbook
from samverkan.swedish import format_date
from tests.conftest import make_activity_row, make_plan_workbook
from tests.web.test_app import all_text, assert_no_error, open_page

ENDED_TITLE = "Grannsamverkan i Bjuvs centrum"


@pytest.fixture
def ended_lpo_store(writable_demo_store: Path) -> Path:
    """The demo and Bjuv's 2024 plan (ended), both in lokalpolisområde Kävlinge."""
    rows = [
        make_activity_row(
            ID="J1", Aktivitet=ENDED_TITLE, **{"Ansvarig part": "Polis"},
            Ansvarig="Kommunpolis", Slutdatum=dt.date(2024, 4, 21), Status="Pågår",
        ),
    ]  # fmt: skip
    outcome = import_workbook(
        make_plan_workbook(rows, sheet="Aktivitetsplan 2024"),
        "bjuv-2024.xlsx",
        db_path=writable_demo_store,
        options=ImportOptions(kommun="Bjuv", lpo="Kävlinge"),
    )
    assert outcome.summary is not None, [str(i) for i in outcome.report.issues]
    return writable_demo_store


def test_the_summary_line_links_to_each_group(demo_store: Path) -> None:
    app = open_page("pages/snabbkoll.py", kommun="Burlöv", part="Polis")
    assert_no_error(app)
    text = all_text(app).replace("\u00a0", " ")
    assert (
        "**[2 försenade](#forsenat) · [1 saknar uppföljning](#uppfoljning-saknas) · "
        "[3 inom 30 dagar](#narmaste-dagarna)**"
    ) in text
    headings = [h.value for h in app.subheader]
    assert [h.split(" ", 1)[1] for h in headings] == [
        "Försenat (2)",
        "Uppföljning saknas (1)",
        "De närmaste 30 dagarna (3)",
    ]


def test_lpo_counts_on_today_and_names_the_ended_plan(ended_lpo_store: Path) -> None:
    app = open_page("pages/snabbkoll.py", lpo="Kävlinge", part="Polis")
    assert_no_error(app)
    text = all_text(app)
    assert f"**Polis · LPO Kävlinge** · bedömt {format_date(dt.date.today())}" in text
    assert ENDED_TITLE not in text
    assert "Inte med, eftersom perioden har slutat: Bjuv 2024 (slutade 31 december 2024)" in text
    assert "Riktade narkotikakontroller vid Arlövs station" in text  # Burlöv's, running
