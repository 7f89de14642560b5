"""Every page runs as a script (AppTest) against a demo store and an empty one.

Pages are reached with `switch_page` and chosen through the address (query parameters), the
way a bookmark reaches them; widgets on the page are then used as a person would. AppTest
starts every run in Streamlit's old folder-based page mode (pages/ exists), like a server's
first request; shell.require_app_frame leaves it, so these runs also cover a bookmark opened
first after the server starts.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from samverkan import store
from samverkan.demo import FOCUS_AREAS
from samverkan.excel.plan import ImportOptions
from samverkan.importing.pipeline import import_workbook
from samverkan.models import Agreement, AgreementDefinition
from samverkan.store.agreements import save_agreement_definition
from samverkan.web.shell import UNEXPECTED_ERROR
from tests.conftest import SAMPLES, make_activity_row, make_plan_workbook, store_snapshot

ROOT = Path(__file__).resolve().parents[2]
PAGES = (
    "pages/oversikt.py",
    "pages/jamforelse.py",
    "pages/fokusomrade.py",
    "pages/forsenade.py",
    "pages/forandringar.py",
    "pages/trygghet.py",
    "pages/medborgarloften.py",
    "pages/moteslage.py",
    "pages/snabbkoll.py",
    "pages/overenskommelse.py",
    "pages/ladda_upp.py",
    "pages/historik.py",
    "pages/rapporter.py",
)


@pytest.fixture
def lpo_store(writable_demo_store: Path) -> Path:
    """The demo (Burlöv) plus a plan of Lomma, in the same lokalpolisområde Kävlinge."""
    today = dt.date.today()
    rows = [
        make_activity_row(
            ID="L1", Aktivitet="Grannsamverkan i Bjärred", **{"Ansvarig part": "Polis"},
            Ansvarig="Kommunpolis", Slutdatum=today - dt.timedelta(days=20), Status="Pågår",
        ),
        make_activity_row(
            ID="L2", Aktivitet="Belysning vid Lomma hamn", **{"Ansvarig part": "Kommun"},
            Ansvarig="Tekniska förvaltningen", Slutdatum=today - dt.timedelta(days=3),
        ),
    ]  # fmt: skip
    outcome = import_workbook(
        make_plan_workbook(rows, sheet=f"Aktivitetsplan {today.year}"),
        "lomma.xlsx",
        db_path=writable_demo_store,
        options=ImportOptions(kommun="Lomma", lpo="Kävlinge"),
    )
    assert outcome.summary is not None, [str(i) for i in outcome.report.issues]
    return writable_demo_store


def open_page(page: str, **query: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in query.items():
        app.query_params[name] = value
    app.run()
    if page != PAGES[0]:
        app.switch_page(page).run()
    return app


def all_text(app: AppTest) -> str:
    parts = [e.value for e in app.markdown] + [e.value for e in app.title]
    parts += [e.value for e in app.header] + [e.value for e in app.subheader]
    parts += [e.value for e in app.info] + [e.value for e in app.caption]
    parts += [e.value for e in app.success] + [e.value for e in app.warning]
    parts += [e.value for e in app.error]
    return "\n".join(str(p) for p in parts)


def text_in_order(app: AppTest) -> str:
    """The main area's text in the order the page draws it."""
    parts: list[str] = []

    def walk(node: object) -> None:
        value = getattr(node, "value", None)
        if isinstance(value, str):
            parts.append(value)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app.main)
    return "\n".join(parts)


def table_text(app: AppTest) -> str:
    return "\n".join(t.value.to_string() for t in app.table)


def assert_no_error(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def headline(app: AppTest) -> dict[str, str]:
    """The headline metrics at the top of Översikt (cards repeat some labels further down)."""
    return {m.label: m.value for m in list(app.metric)[:5]}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_on_the_demo_store(demo_store: Path, page: str) -> None:
    app = open_page(page)
    assert_no_error(app)
    assert app.title, "every page says what it is"
    assert "Traceback" not in all_text(app)


# Ladda upp and Överenskommelse are where an empty store starts (tested on their own).
@pytest.mark.parametrize(
    "page", [p for p in PAGES if p not in ("pages/ladda_upp.py", "pages/overenskommelse.py")]
)
def test_every_page_on_an_empty_store_says_what_to_do(nothing_store: Path, page: str) -> None:
    app = open_page(page)
    assert_no_error(app)
    assert app.title[0].value == "Välkommen till Samverkan"
    assert "Ladda upp" in all_text(app)
    assert "samverkan import" not in all_text(app)  # a page never tells its user to run a command


def test_upload_page_on_an_empty_store_offers_the_template(nothing_store: Path) -> None:
    app = open_page("pages/ladda_upp.py")
    assert_no_error(app)
    assert app.title[0].value == "Ladda upp aktivitetsplan"
    assert len(app.get("file_uploader")) == 1
    assert [b.proto.label for b in app.get("download_button")] == ["Ladda ned Excel-mallen"]


def test_overview_on_the_demo_store(demo_store: Path) -> None:
    app = open_page("pages/oversikt.py")
    assert app.title[0].value == "Översikt – Burlöv"
    assert [s.value for s in app.subheader] == list(FOCUS_AREAS)
    labels = headline(app)
    assert int(labels["Aktiviteter"]) >= 20
    assert int(labels["Försenade"]) >= 1
    text = all_text(app)
    assert "Senast uppdaterad" in text
    assert "Anna Lindqvist" in text
    assert "**Bedömning:**" in text
    assert "gröna" in text
    assert app.selectbox[0].label == "Överenskommelse"
    assert "Sedan förra uppladdningen" in app.expander[0].label


def test_judging_day_from_the_address_changes_the_count_of_late(demo_store: Path) -> None:
    app = open_page("pages/oversikt.py")
    late_today = int(headline(app)["Försenade"])
    first_day = app.date_input[0].min
    earlier = open_page("pages/oversikt.py", dag=first_day.isoformat())
    assert_no_error(earlier)
    assert earlier.date_input[0].value == first_day
    assert int(headline(earlier)["Försenade"]) < late_today


def test_focus_area_from_the_address_with_its_activities_and_filters(demo_store: Path) -> None:
    app = open_page("pages/fokusomrade.py", fokus="Våld i nära relationer")
    assert_no_error(app)
    assert app.title[0].value == "Våld i nära relationer"
    table = app.table[0].value
    assert "Kartläggning av hedersrelaterat våld" in table["Aktivitet"].tolist()
    assert "Skrivet i planen" in table.columns or "Slutdatum" in table.columns
    everything = len(table)
    party = app.multiselect(key=next(m.key for m in app.multiselect if m.label == "Part"))
    party.select(party.options[0]).run()
    assert_no_error(app)
    assert 0 < len(app.table[0].value) < everything
    assert app.title[0].value == "Våld i nära relationer"


def test_focus_area_choice_follows_into_the_address(demo_store: Path) -> None:
    app = open_page("pages/fokusomrade.py")
    app.selectbox(key="valt_fokusomrade").set_value(FOCUS_AREAS[2]).run()
    assert app.title[0].value == FOCUS_AREAS[2]
    assert app.query_params["fokus"] == FOCUS_AREAS[2]


def test_late_page_groups_by_party_and_offers_the_excel(demo_store: Path) -> None:
    app = open_page("pages/forsenade.py")
    assert_no_error(app)
    assert app.title[0].value == "Försenade åtaganden – Burlöv"
    headings = [s.value for s in app.subheader]
    assert any(h.startswith("Polis:") for h in headings)
    assert "Riktade narkotikakontroller vid Arlövs station" in table_text(app)
    [download] = app.get("download_button")
    assert "Excel" in download.proto.label


def test_quick_check_deep_link_shows_the_police_commitments(demo_store: Path) -> None:
    app = open_page("pages/snabbkoll.py", kommun="Burlöv", part="Polis")
    assert_no_error(app)
    text = all_text(app)
    assert "**Polis · Burlöv**" in text
    assert "Riktade narkotikakontroller vid Arlövs station" in text  # Polis, late
    assert "Trygghetsvandring med fastighetsägare" in text  # Gemensam, late
    assert "Kartläggning av hedersrelaterat våld" not in text  # the kommun's own
    in_order = text_in_order(app)
    late = in_order.index("Försenat")
    assert late < in_order.index("Riktade narkotikakontroller") < in_order.index("De närmaste 30")
    assert [b.proto.label for b in app.get("download_button")] == [
        "Lägg in datumen i kalendern (.ics)"
    ]


def test_quick_check_of_one_owner(demo_store: Path) -> None:
    app = open_page("pages/snabbkoll.py", ansvarig="Socialtjänsten")
    assert_no_error(app)
    text = all_text(app)
    assert "**Socialtjänsten · Burlöv**" in text
    assert "Kartläggning av hedersrelaterat våld" in text
    assert "Riktade narkotikakontroller" not in text


def test_quick_check_party_choice_follows_into_the_address(demo_store: Path) -> None:
    app = open_page("pages/snabbkoll.py")
    segmented = app.get("button_group")[0]
    segmented.set_value(segmented.options[1]).run()  # type: ignore[attr-defined]
    assert_no_error(app)
    assert app.query_params["part"] == "Kommun"
    assert "**Kommun · Burlöv**" in all_text(app)


def test_quick_check_of_a_whole_lpo(lpo_store: Path) -> None:
    app = open_page("pages/snabbkoll.py", lpo="Kävlinge", part="Polis")
    assert_no_error(app)
    text = all_text(app)
    assert "**Polis · LPO Kävlinge**" in text
    assert "Grannsamverkan i Bjärred" in text
    assert "Riktade narkotikakontroller vid Arlövs station" in text
    assert "Belysning vid Lomma hamn" not in text
    assert "Lomma ·" in text  # every card says whose plan it is


def test_an_unknown_kommun_in_the_address_is_said(demo_store: Path) -> None:
    app = open_page("pages/snabbkoll.py", kommun="Malmö", part="Polis")
    assert not app.exception
    assert "Malmö" in app.warning[0].value


def test_history_lists_every_upload_with_its_original(demo_store: Path) -> None:
    app = open_page("pages/historik.py")
    assert_no_error(app)
    downloads = app.get("download_button")
    assert len(downloads) == 5  # the four plans and the survey
    assert all(d.proto.label == "Originalfilen" for d in downloads)
    assert "Johan Berg" in all_text(app)
    assert any(e.label.startswith("Ändringar:") for e in app.expander)


def test_upload_asks_for_the_kommun_then_saves_and_every_page_shows_it(
    writable_demo_store: Path,
) -> None:
    data = (SAMPLES / "eslov_aktivitetsplan_2022.xlsx").read_bytes()
    app = open_page("pages/ladda_upp.py")
    app.get("file_uploader")[0].upload("eslov_aktivitetsplan_2022.xlsx", data).run()  # type: ignore[attr-defined]
    # Choosing the kommun is a step, not an error (issue 17): no red box, no findings table.
    assert not app.error
    assert any("Välj kommun ovan för att fortsätta" in i.value for i in app.info)
    kommun = next(s.key for s in app.selectbox if s.label.startswith("Vilken"))
    app.selectbox(key=kommun).set_value("Eslöv").run()
    assert not app.error
    assert "8 aktiviteter" in app.success[0].value
    assert "Aktivitetsplan" in all_text(app)  # the sheets read
    app.text_input(key="uppladdad_av").input("Sara Samordnare").run()
    app.button[0].click().run()
    assert_no_error(app)
    assert any("Sparat: 8 aktiviteter" in s.value for s in app.success)
    app.switch_page("pages/oversikt.py").run()
    assert app.title[0].value == "Översikt – Eslöv"
    assert headline(app)["Aktiviteter"] == "8"
    assert "Sara Samordnare" in all_text(app)
    app.switch_page("pages/forsenade.py").run()
    assert "Hastighetskontroller vid skolor" in table_text(app)


def test_a_refused_file_stores_nothing(writable_demo_store: Path) -> None:
    before = store_snapshot(writable_demo_store)
    app = open_page("pages/ladda_upp.py")
    app.get("file_uploader")[0].upload("plan.xlsx", b"inte alls en arbetsbok").run()  # type: ignore[attr-defined]
    assert not app.exception
    assert "Inget har sparats" in app.error[0].value
    assert not [b for b in app.button if b.label == "Spara"]
    assert store_snapshot(writable_demo_store) == before


def test_an_unexpected_failure_is_a_swedish_sentence(
    demo_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("samverkan.web.data.load_plan_status", broken)
    app = open_page("pages/forsenade.py")
    assert not app.exception
    assert [e.value for e in app.error] == [UNEXPECTED_ERROR]
    assert "boom" not in all_text(app)


def test_the_sidebar_follows_the_address_and_the_address_follows_the_sidebar(
    lpo_store: Path,
) -> None:
    app = open_page("pages/snabbkoll.py", kommun="Lomma", part="Polis")
    assert_no_error(app)
    # Two kommuner: the sidebar chooses the kommun, then its agreement (period and LPO).
    kommun = app.selectbox(key="vald_kommun")
    assert (kommun.options, kommun.value) == (["Burlöv", "Lomma"], "Lomma")
    chosen = app.selectbox(key="vald_overenskommelse")
    assert [o.startswith("20") for o in chosen.options] == [True]
    assert "**Polis · Lomma**" in all_text(app)
    kommun.set_value("Burlöv").run()
    assert_no_error(app)
    assert app.query_params["kommun"] == "Burlöv"
    assert app.query_params["part"] == "Polis"
    assert app.selectbox(key="vald_kommun").value == "Burlöv"
    assert "**Polis · Burlöv**" in all_text(app)


def test_a_kommun_with_several_agreements_is_chosen_first_then_its_period(
    nothing_store: Path,
) -> None:
    today = dt.date.today()
    periods = {
        "Lomma": [(today.year - 3, today.year - 1), (today.year, today.year + 2)],
        "Burlöv": [(today.year, today.year + 3)],
    }
    with store.open_store(nothing_store) as con:
        for kommun, spans in periods.items():
            for first, last in spans:
                agreement = Agreement(
                    kommun=kommun, lpo="Kävlinge", period_start=dt.date(first, 1, 1),
                    period_end=dt.date(last, 12, 31),
                )  # fmt: skip
                save_agreement_definition(con, AgreementDefinition(agreement=agreement))
    app = open_page("pages/oversikt.py")
    assert_no_error(app)
    kommun = app.selectbox(key="vald_kommun")
    assert kommun.options == ["Burlöv", "Lomma"]  # Swedish order
    kommun.set_value("Lomma").run()
    assert_no_error(app)
    chosen = app.selectbox(key="vald_overenskommelse")
    running = f"{today.year}–{today.year + 2} (LPO Kävlinge)"
    assert chosen.options == [f"{today.year - 3}–{today.year - 1} (LPO Kävlinge)", running]
    assert chosen.options[chosen.index or 0] == running  # the one running today
    chosen.select_index(0).run()
    assert_no_error(app)
    assert app.selectbox(key="vald_kommun").value == "Lomma"
    assert app.selectbox(key="vald_overenskommelse").index == 0


def test_every_page_address_is_its_file_name() -> None:
    """A bookmark opened first after the server starts is found by file name (see shell)."""
    tree = ast.parse((ROOT / "app.py").read_text("utf-8"))
    pages = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Page"
    ]
    assert len(pages) == len(PAGES)
    for page in pages:
        script = page.args[0]
        assert isinstance(script, ast.Constant)
        keywords = {k.arg: k.value for k in page.keywords}
        if "default" in keywords:
            continue
        url_path = keywords["url_path"]
        assert isinstance(url_path, ast.Constant)
        assert url_path.value == Path(script.value).stem
