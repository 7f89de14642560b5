"""Trygghet och mål, and the goals on Fokusområde and Översikt, run as scripts (AppTest).

Three states: the demo (plans, goals and the survey 2019–2023), a store holding nothing, and a
store holding the demo's plans and goals but no survey yet.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from samverkan.charts.indicator import COMPACT_HEIGHT
from samverkan.demo import FOCUS_AREAS, KOMMUN, LPO, demo_workbooks
from samverkan.excel.plan import ImportOptions
from samverkan.importing.pipeline import import_workbook
from tests.web.test_app import all_text, assert_no_error, open_page, table_text

PAGE = "pages/trygghet.py"


@pytest.fixture
def plans_without_survey_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo's newest plan with its goals, and no safety survey."""
    path = tmp_path / "plans.duckdb"
    name, data, when, who = demo_workbooks(dt.date.today())[-1]
    outcome = import_workbook(
        data,
        name,
        db_path=path,
        options=ImportOptions(kommun=KOMMUN, lpo=LPO),
        uploaded_by=who,
        uploaded_at=when,
    )
    assert outcome.summary is not None, [str(i) for i in outcome.report.issues]
    monkeypatch.setenv("SAMVERKAN_DB", str(path))
    monkeypatch.setenv("SAMVERKAN_DEMO", "0")
    return path


def chart_specs(app: AppTest) -> list[dict[str, object]]:
    charts = app.get("vega_lite_chart")
    return [json.loads(c.proto.spec) for c in charts]


def page_links(app: AppTest) -> list[str]:
    return [link.proto.label for link in app.get("page_link")]


def chart_titles(app: AppTest) -> list[str]:
    """Each chart's title as one line (a long one wraps for a phone)."""
    return [" ".join(s["title"]["text"]) for s in chart_specs(app)]  # type: ignore[index]


def test_the_demo_goals_table_first_then_a_chart_per_indicator(demo_store: Path) -> None:
    app = open_page(PAGE)
    assert_no_error(app)
    assert app.title[0].value == "Trygghet och mål – Burlöv"
    text = all_text(app)
    assert "2 av 5 mål uppnådda eller på väg" in text
    assert "index från 0 till 6" in text
    assert "Lägre är alltså bättre" in text
    table = app.table[0].value
    assert list(table.columns) == [
        "Mål",
        "Fokusområde",
        "Indikator",
        "Värden",
        "Bedömning",
        "Motivering",
    ]
    assert len(table) == 5
    first = table.iloc[0]
    assert first["Indikator"] == "Öppen narkotikahandel"
    target_year = dt.date.today().year + 1  # the period's end
    assert first["Värden"].split("  \n") == [
        "Bas\u00a02,45\u00a0(2019)",
        "Senast\u00a02,12\u00a0(2023)",
        f"Mål\u00a02,00\u00a0({target_year})",
    ]
    status, trend = first["Bedömning"].split("  \n")
    assert status.endswith("På\u00a0väg")
    assert trend == "↘ sjunker 0,09 per år – bättre"
    assert "Senast\u00a059,4\u00a0%\u00a0(2023)" in table.iloc[2]["Värden"]
    assert table.iloc[2]["Bedömning"].endswith("↗ stiger 0,36 per år – bättre")
    assert "Uppnått  \n" in table.iloc[3]["Bedömning"]
    assert table.iloc[4]["Bedömning"].endswith("– sämre")
    assert table.iloc[1]["Bedömning"].endswith("Kan\u00a0inte\u00a0bedömas")  # no indicator
    assert table.iloc[1]["Värden"] == "–"
    specs = chart_specs(app)
    assert chart_titles(app) == [
        "Öppen narkotikahandel",
        "Trygg ute sent en kväll",
        "Totalindex",
        "Polisen bryr sig om lokala problem",
    ]
    assert [s["title"]["subtitle"][0] for s in specs] == [  # type: ignore[index]
        "Lägre är bättre",
        "Högre är bättre",
        "Lägre är bättre",
        "Högre är bättre",
    ]
    # The goal table comes before the charts.
    assert app.subheader[0].value == "Målen"
    assert app.subheader[1].value == "Trygghetsmätningen år för år"


def test_an_empty_store_says_what_to_do(nothing_store: Path) -> None:
    app = open_page(PAGE)
    assert_no_error(app)
    assert app.title[0].value == "Välkommen till Samverkan"
    assert "Ladda upp" in all_text(app)


def test_plans_without_a_survey_say_to_upload_the_survey(plans_without_survey_store: Path) -> None:
    app = open_page(PAGE)
    assert_no_error(app)
    assert app.title[0].value == "Trygghet och mål – Burlöv"
    text = all_text(app)
    assert "inga värden från trygghetsmätningen för Burlöv" in text
    assert "0 av 5 mål uppnådda eller på väg" in text
    assert "Ladda upp trygghetsmätningen" in page_links(app)
    assert "Kan\u00a0inte\u00a0bedömas" in table_text(app)
    assert not app.get("vega_lite_chart")


def test_the_focus_area_shows_its_goals_assessed_with_compact_charts(demo_store: Path) -> None:
    app = open_page("pages/fokusomrade.py", fokus=FOCUS_AREAS[2])
    assert_no_error(app)
    text = all_text(app)
    assert "Fler ska känna sig trygga ute sent en kväll" in text
    assert "Uppnått" in text
    assert "Inte på väg" in text
    assert "↗ stiger 0,36 per år – bättre" in text
    specs = chart_specs(app)
    assert chart_titles(app) == [
        "Trygg ute sent en kväll",
        "Totalindex",
        "Polisen bryr sig om lokala problem",
    ]
    assert all(s["height"] == COMPACT_HEIGHT for s in specs)


def test_a_focus_area_goal_without_survey_says_so(plans_without_survey_store: Path) -> None:
    app = open_page("pages/fokusomrade.py", fokus=FOCUS_AREAS[0])
    assert_no_error(app)
    text = all_text(app)
    assert "Den öppna narkotikahandeln ska upplevas som ett mindre problem" in text
    assert "ladda upp trygghetsmätningen" in text
    assert not app.get("vega_lite_chart")


def test_the_overview_counts_the_goals_on_track_and_links_to_them(demo_store: Path) -> None:
    app = open_page("pages/oversikt.py", kommun=KOMMUN)
    assert_no_error(app)
    assert "2 av 5 mål uppnådda eller på väg" in all_text(app)
    assert "Visa Trygghet och mål" in page_links(app)
