"""The Överenskommelse page as a script (AppTest): create, edit, new period, refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from samverkan import store
from samverkan.store.agreements import fetch_agreement_definition
from tests.conftest import store_snapshot

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/overenskommelse.py"


@pytest.fixture
def demo_store(writable_demo_store: Path) -> Path:
    """A copy of the demo store (Burlöv – LPO Kävlinge) that the test may change."""
    return writable_demo_store


def open_page(**query: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in query.items():
        app.query_params[name] = value
    app.run()
    app.switch_page(PAGE).run()
    assert_no_exception(app)
    return app


def assert_no_exception(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]


def messages(app: AppTest, kind: str) -> str:
    """The text of every element of the kind, as read (markdown's escapes taken off)."""
    return "\n".join(str(e.value) for e in getattr(app, kind)).replace("\\", "")


def agreements(path: Path) -> list[Any]:
    with store.open_store(path) as con:
        return store.fetch_agreements(con)


def definition(path: Path, agreement_id: int) -> Any:
    with store.open_store(path) as con:
        return fetch_agreement_definition(con, agreement_id)


def fill_create_form(app: AppTest, **values: Any) -> None:
    for key, value in values.items():
        widget = app.text_input(key="ny_titel") if key == "ny_titel" else None
        if widget is not None:
            widget.input(value)
        elif key in ("ny_start", "ny_slut"):
            app.date_input(key=key).set_value(value)
        else:
            app.selectbox(key=key).set_value(value)


def test_an_empty_store_offers_to_create_the_first_agreement(nothing_store: Path) -> None:
    app = open_page()
    assert_no_exception(app)
    assert not app.error
    assert app.title[0].value == "Överenskommelse"
    assert "ingen överenskommelse ännu" in messages(app, "markdown")
    assert app.selectbox(key="ny_kommun").value is None
    assert app.selectbox(key="ny_lpo").options == []
    assert app.button[0].label == "Skapa överenskommelsen"


def test_creating_an_agreement_chooses_it_for_editing(demo_store: Path) -> None:
    app = open_page()
    app.segmented_control(key="overenskommelse_lage").set_value("Ny överenskommelse").run()
    assert app.selectbox(key="ny_lpo").options == ["Kävlinge"], "suggested from the store"
    fill_create_form(app, ny_kommun="Lomma", ny_lpo="Kävlinge", ny_titel="Trygga Lomma")
    app.button[0].click().run()
    assert_no_exception(app)
    assert not app.error, messages(app, "error")
    assert "Överenskommelsen för Lomma" in messages(app, "success")
    created = next(a for a in agreements(demo_store) if a.kommun == "Lomma")
    assert (created.lpo, created.title) == ("Kävlinge", "Trygga Lomma")
    assert created.period_end.year - created.period_start.year == 3
    # The sidebar chose it and the page shows it for editing, with empty tables.
    assert app.selectbox(key="vald_overenskommelse").value == created.id
    assert [s.value for s in app.subheader][:2] == ["Överenskommelsen", "Fokusområden"]
    assert [len(e.value) for e in app.data_editor] == [0, 0]
    app.switch_page("pages/oversikt.py").run()
    assert_no_exception(app)
    assert "Lomma" in messages(app, "info"), "Översikt says the new agreement has no plan yet"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"ny_titel": "Trygga Lomma"}, "Välj kommun."),
        ({"ny_kommun": "Lomma"}, "Skriv vilket lokalpolisområde"),
        (
            {"ny_kommun": "Lomma", "ny_lpo": "Kävlinge", "ny_slut": dt.date(2020, 1, 1)},
            "Perioden måste sluta efter att den börjar",
        ),
    ],
    ids=["no-kommun", "no-lpo", "end-before-start"],
)
def test_a_bad_new_agreement_says_why_and_stores_nothing(
    nothing_store: Path, values: dict[str, Any], expected: str
) -> None:
    app = open_page()
    before = store_snapshot(nothing_store)
    fill_create_form(app, **values)
    app.button[0].click().run()
    assert_no_exception(app)
    assert "Överenskommelsen skapades inte" in messages(app, "error")
    assert expected in messages(app, "error")
    assert "Traceback" not in messages(app, "error")
    assert store_snapshot(nothing_store) == before


def test_an_overlapping_agreement_for_the_same_kommun_is_refused(demo_store: Path) -> None:
    app = open_page()
    (demo,) = agreements(demo_store)
    before = store_snapshot(demo_store)
    app.segmented_control(key="overenskommelse_lage").set_value("Ny överenskommelse").run()
    fill_create_form(app, ny_kommun="Burlöv", ny_lpo="Kävlinge", ny_start=demo.period_start)
    app.button[0].click().run()
    assert "har redan en strategisk överenskommelse" in messages(app, "error")
    assert store_snapshot(demo_store) == before


def editor_key(app: AppTest, index: int) -> str:
    key = app.data_editor[index].key
    assert key
    return key


def test_editing_a_focus_area_and_adding_a_goal_shows_on_every_page(demo_store: Path) -> None:
    app = open_page()
    (demo,) = agreements(demo_store)
    areas = app.data_editor[0].value
    assert list(areas["name"])[:1] == [definition(demo_store, demo.id).focus_areas[0].name]
    first = str(areas["name"][0])
    start = demo.period_start.isoformat()
    app.session_state[editor_key(app, 0)] = {
        "edited_rows": {0: {"valid_from": start}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.session_state[editor_key(app, 1)] = {
        "edited_rows": {},
        "added_rows": [
            {
                "kind": "processmål",
                "text": "Trygghetsvandring varje kvartal",
                "focus_area": first,
                "target_value": 4,
                "target_year": demo.period_end.year,
            }
        ],
        "deleted_rows": [],
    }
    app.run()
    app.button(key=f"spara_{demo.id}_0").click().run()
    assert_no_exception(app)
    assert not app.error, messages(app, "error")
    assert "Sparat: Burlöv" in messages(app, "success")
    saved = definition(demo_store, demo.id)
    assert saved.focus_areas[0].valid_from == demo.period_start
    added = [g for g in saved.goals if g.text == "Trygghetsvandring varje kvartal"]
    assert len(added) == 1
    assert (added[0].focus_area, added[0].target_value) == (first, 4.0)
    # The focus-area page (cached by the store's version) shows the new goal at once.
    app.switch_page("pages/fokusomrade.py").run()
    assert_no_exception(app)
    if app.selectbox(key="valt_fokusomrade").value != first:
        app.selectbox(key="valt_fokusomrade").set_value(first).run()
    assert "Trygghetsvandring varje kvartal" in messages(app, "markdown")


@pytest.mark.parametrize(
    ("area_edit", "goal_rows", "expected"),
    [
        ({}, [{"kind": None, "text": "Ett mål utan typ"}], "välj måltyp"),
        ({0: {"name": None}}, [], "fokusområdet behöver ett namn"),
        ({0: {"valid_from": "1999-01-01"}}, [], "utanför överenskommelsens period"),
        ({}, [{"kind": "effektmål", "text": "X", "baseline_value": 2.0}], "basår"),
    ],
    ids=["goal-without-kind", "area-without-name", "area-outside-period", "baseline-no-year"],
)
def test_a_bad_edit_says_why_in_swedish_and_changes_nothing(
    demo_store: Path, area_edit: dict[int, Any], goal_rows: list[dict[str, Any]], expected: str
) -> None:
    app = open_page()
    (demo,) = agreements(demo_store)
    before = store_snapshot(demo_store)
    app.session_state[editor_key(app, 0)] = {
        "edited_rows": area_edit,
        "added_rows": [],
        "deleted_rows": [],
    }
    app.session_state[editor_key(app, 1)] = {
        "edited_rows": {},
        "added_rows": goal_rows,
        "deleted_rows": [],
    }
    app.run()
    app.button(key=f"spara_{demo.id}_0").click().run()
    assert_no_exception(app)
    error = messages(app, "error")
    assert "Inget sparades" in error
    assert expected in error
    assert store_snapshot(demo_store) == before


def test_a_new_period_copies_focus_areas_and_goals(demo_store: Path) -> None:
    app = open_page()
    (demo,) = agreements(demo_store)
    previous = definition(demo_store, demo.id)
    app.segmented_control(key="overenskommelse_lage").set_value("Ny period").run()
    start = app.date_input(key=f"ny_period_start_{demo.id}").value
    assert start == demo.period_end + dt.timedelta(days=1)
    app.button[0].click().run()
    assert_no_exception(app)
    assert not app.error, messages(app, "error")
    assert "Ny period" in messages(app, "success")
    new = next(a for a in agreements(demo_store) if a.id != demo.id)
    assert new.period_start == start
    assert (new.kommun, new.lpo, new.kind) == (demo.kommun, demo.lpo, demo.kind)
    copied = definition(demo_store, new.id)
    assert [a.name for a in copied.focus_areas] == [a.name for a in previous.focus_areas]
    assert [(g.text, g.baseline_value) for g in copied.goals] == [
        (g.text, g.baseline_value) for g in previous.goals
    ]
    assert app.selectbox(key="vald_overenskommelse").value == new.id
    # The same period again overlaps the one just made: refused, nothing stored.
    before = store_snapshot(demo_store)
    app.segmented_control(key="overenskommelse_lage").set_value("Ny period").run()
    app.switch_page(PAGE).run()
    app.selectbox(key="vald_overenskommelse").set_value(demo.id).run()
    app.segmented_control(key="overenskommelse_lage").set_value("Ny period").run()
    app.button[0].click().run()
    assert "Perioden startades inte" in messages(app, "error")
    assert store_snapshot(demo_store) == before
