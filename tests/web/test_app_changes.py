"""Förändringar as a script (AppTest): the demo's last meeting, the meeting form, the choices."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from samverkan.demo import FOCUS_AREAS, MEETING_OFFSET, UPLOAD_OFFSETS
from samverkan.excel.plan import ImportOptions
from samverkan.importing.pipeline import import_workbook
from tests.conftest import make_activity_row, make_plan_workbook
from tests.web.test_app import all_text, assert_no_error, open_page

PAGE = "pages/forandringar.py"
TODAY = dt.date.today()


@pytest.fixture
def demo_store(writable_demo_store: Path) -> Path:
    """A copy of the demo store for each test: the meeting form writes."""
    return writable_demo_store


@pytest.fixture
def no_meetings_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One plan uploaded twice (A2 done the second time) and no meeting registered."""
    path = tmp_path / "plan.duckdb"
    for offset, status in ((-60, "Pågår"), (-10, "Klar")):
        rows = [
            make_activity_row(ID="A1", Slutdatum=TODAY + dt.timedelta(days=90)),
            make_activity_row(ID="A2", Aktivitet="Belysning", Status=status),
        ]
        outcome = import_workbook(
            make_plan_workbook(rows, sheet=f"Aktivitetsplan {TODAY.year}"),
            f"plan{offset}.xlsx",
            db_path=path,
            options=ImportOptions(kommun="Lomma"),
            uploaded_at=dt.datetime.combine(TODAY + dt.timedelta(days=offset), dt.time(9)),
        )
        assert outcome.summary is not None
    monkeypatch.setenv("SAMVERKAN_DB", str(path))
    monkeypatch.setenv("SAMVERKAN_DEMO", "0")
    return path


def widget(elements: Any, label: str) -> Any:
    """The one widget with this label (outside the meeting form)."""
    [found] = [e for e in elements if e.label == label and not str(e.key).startswith("nytt_mote")]
    return found


def counts(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def test_the_demo_shows_the_changes_since_the_last_meeting(demo_store: Path) -> None:
    app = open_page(PAGE)
    assert_no_error(app)
    assert app.title[0].value == "Förändringar – Burlöv"
    meeting_day = TODAY + dt.timedelta(days=MEETING_OFFSET)
    assert app.segmented_control[0].value == "Ett möte"
    assert widget(app.selectbox, "Möte").value.held_on == meeting_day
    # The plan at the meeting is the upload before it; the current plan is the newest.
    assert counts(app) == {
        "Nya": "1",
        "Borttagna": "1",
        "Genomförda": "4",
        "Nyss försenade": "3",
        "Nytt slutdatum": "1",
        "Ny status": "9",
        "Ny bedömning": "8",
        "Nya kommentarer": "0",
        "Ny rubrik": "0",
    }
    assert [s.value for s in app.subheader] == list(FOCUS_AREAS)
    text = all_text(app)
    assert "**Ny:** Inbrottsförebyggande information inför semestern" in text
    assert "**Borttagen:** Pilotprojekt nattvandring med föreningar" in text
    assert "FREDA\\-utbildning för socialsekreterare" in text
    assert "flyttat 1 gång" in text
    assert "Pågår → :material/block: Inställd" in text  # the word beside its icon
    assert "Traceback" not in text


def test_a_meeting_is_added_in_one_go_and_becomes_the_start(demo_store: Path) -> None:
    app = open_page(PAGE)
    day = TODAY + dt.timedelta(days=UPLOAD_OFFSETS[2] + 5)  # after the third upload
    app.date_input(key="nytt_mote_datum").set_value(day)
    app.selectbox(key="nytt_mote_organ").select_index(3)  # KSAU
    app.text_input(key="nytt_mote_anteckning").input("Rapport till KSAU")
    app.form_submit_button[0].click().run()
    assert_no_error(app)
    assert any("Mötet är sparat: KSAU" in s.value for s in app.success)
    assert app.expander[0].label == "Möten (2)"
    assert "Rapport till KSAU" in all_text(app)
    # The latest meeting is the default start: only the newest upload's changes remain.
    assert widget(app.selectbox, "Möte").value.held_on == day
    assert counts(app)["Borttagna"] == "0"
    assert int(counts(app)["Genomförda"]) < 4


def test_a_meeting_added_by_mistake_can_be_removed(demo_store: Path) -> None:
    app = open_page(PAGE)
    [remove] = [b for b in app.button if b.label == "Ta bort"]
    remove.click().run()
    assert_no_error(app)
    assert app.expander[0].label == "Möten (0)"
    assert "Inga möten är registrerade ännu." in all_text(app)
    assert app.segmented_control[0].value == "En uppladdning"


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("En uppladdning", {"Nya": "0", "Borttagna": "0"}),  # the upload before the newest
        ("Ett datum", {"Nya": "1", "Borttagna": "1"}),  # 90 days ago: the second upload
    ],
)
def test_another_start_can_be_chosen(demo_store: Path, mode: str, expected: dict[str, str]) -> None:
    app = open_page(PAGE)
    app.segmented_control[0].set_value(mode).run()
    assert_no_error(app)
    assert {k: counts(app)[k] for k in expected} == expected


def test_a_date_before_every_upload_makes_everything_new(demo_store: Path) -> None:
    app = open_page(PAGE)
    app.segmented_control[0].set_value("Ett datum").run()
    widget(app.date_input, "Datum").set_value(TODAY - dt.timedelta(days=400)).run()
    assert_no_error(app)
    assert int(counts(app)["Nya"]) > 15
    assert counts(app)["Borttagna"] == "0"
    assert "före den första uppladdningen" in all_text(app)


def test_without_meetings_the_upload_before_the_newest_is_the_start(
    no_meetings_store: Path,
) -> None:
    app = open_page(PAGE)
    assert_no_error(app)
    assert app.expander[0].label == "Möten (0)"
    assert app.segmented_control[0].value == "En uppladdning"
    assert counts(app)["Genomförda"] == "1"
    assert ":material/check_circle: **Genomförd:** Belysning" in all_text(app)


def test_nothing_changed_is_said_in_a_sentence(no_meetings_store: Path) -> None:
    app = open_page(PAGE)
    widget(app.selectbox, "Uppladdning").select_index(0).run()  # the newest against itself
    assert_no_error(app)
    assert "Inget har ändrats i planen under perioden." in [s.value for s in app.success]


def test_an_empty_store_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMVERKAN_DB", str(tmp_path / "empty.duckdb"))
    monkeypatch.setenv("SAMVERKAN_DEMO", "0")
    app = open_page(PAGE)
    assert_no_error(app)
    assert app.title[0].value == "Välkommen till Samverkan"
    text = all_text(app)
    assert "Ladda upp" in text
    assert "samverkan import" not in text  # a web page never sends its user to a terminal
