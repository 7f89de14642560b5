"""The current plan as the coordinator's working copy: it reads back with nothing changed.

The round trip is import a coordinator's file → build_current_plan → import that onto the same
store; the second batch must hold the same activity states (every field but the place in the
file), and Förändringar's comparison of the two uploads must find nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samverkan import store
from samverkan.changes_since import changes_line, count_changes
from samverkan.demo import ensure_demo
from samverkan.excel.plan import ImportOptions
from samverkan.excel.safe_cells import FORMULA_STARTS
from samverkan.excel.template import PLAN_HEADERS, PLAN_SHEET
from samverkan.exports.current_plan import (
    NoCurrentPlan,
    build_current_plan,
    current_plan_cells,
    current_plan_file_name,
    plan_year_for,
)
from samverkan.history import build_upload_history
from samverkan.importing.pipeline import import_workbook
from samverkan.models import Activity, Status
from samverkan.store.confidential import save_confidential_marks
from tests.conftest import EXPECTED, SAMPLES

# Everything but where the row stood in its file.
_PLACE = {"sheet", "row"}
# The words as written: the app's word where the file had none (a fill, a party read from
# the owner), so only the plan's values are compared for the samples.
_WORDS = {"status_text", "party_text", "assessment_text"}


def _states(activities: list[Activity], leave_out: set[str]) -> list[dict[str, Any]]:
    return [a.model_dump(exclude=leave_out) for a in activities]


def _round_trip(db: Path, agreement_id: int) -> tuple[list[Activity], list[Activity], int]:
    """(before, after, changes the reimport's upload made) for the agreement's current plan."""
    with store.open_store(db) as con:
        before = store.fetch_current_activities(con, agreement_id)
        focus_areas = store.fetch_focus_areas(con, agreement_id)
        goals = store.fetch_goals(con, agreement_id)
        agreement = store.fetch_agreement(con, agreement_id)
        data = build_current_plan(con, agreement_id)
    assert agreement is not None
    name = current_plan_file_name(agreement.kommun, dt.date(2026, 12, 7))
    outcome = import_workbook(data, name, db_path=db)
    assert outcome.summary is not None, [str(i) for i in outcome.report.issues]
    assert [b.agreement_id for b in outcome.summary.batches] == [agreement_id]
    with store.open_store(db) as con:
        after = store.fetch_current_activities(con, agreement_id)
        assert store.fetch_focus_areas(con, agreement_id) == focus_areas
        assert store.fetch_goals(con, agreement_id) == goals
        assert len(store.fetch_agreements(con)) == 1
        history = build_upload_history(con, agreement_id)
    last = history[-1]
    assert last.upload.id == outcome.summary.upload_id
    assert last.changes is not None
    counts = count_changes(last.changes)
    assert changes_line(last.changes) == "inga ändringar", counts
    return before, after, sum(counts.values())


# ---------------------------------------------------------------- generated plans

_LETTERS = "abcdefghijklmnopqrstuvwxyzåäöéABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ -,.:;!?()/&'\"=+@"
_TEXT = st.text(alphabet=_LETTERS, min_size=1, max_size=40).filter(lambda t: t.strip() != "")
_LONG = st.text(alphabet=_LETTERS + "\n", min_size=200, max_size=2000).filter(
    lambda t: t.strip() != ""
)
_DATES = st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2026, 12, 31))
_DUE = st.one_of(
    st.none(),
    _DATES,
    _DATES.map(dt.date.isoformat),
    st.sampled_from(
        ["v. 20", "v. 47 2026", "Q2", "Q4 2026", "löpande", "maj 2026", "31 maj", "VT", "HT 2026"]
    ),
    st.sampled_from(["oklart", "när budget finns", "T2"]),
)
_STATUS_WORDS = ("Ej påbörjad", "Pågår", "Genomförd", "Stående", "Inställd", "Klar", "klart")
_STATUS = st.sampled_from((None, *_STATUS_WORDS, "försenad", "Väntar", "pågår enligt plan"))
_PARTY = st.sampled_from(
    [None, "Kommun", "Polis", "Gemensam", "Extern", "Polisen", "Burlövs kommun", "Bostadsbolaget"]
)
_ASSESSMENT = st.sampled_from([None, "Grön", "Gul", "Röd", "gult", "🟢", "okänt"])
_CONFIDENTIAL = st.sampled_from([None, "Ja", "Nej", "x"])
_EXTRA_HEADERS = ("Orsak", "Operativt mål", "Finansiering")
_OPTIONAL_HEADERS = ("ID", "Status", "Ansvarig part", "Bedömning", "Ej offentlig", "Arbetsgrupp")


@st.composite
def _rows(draw: st.DrawFn) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    """A coordinator's plan: headers (some extra) and rows as they would be typed."""
    extras = tuple(draw(st.lists(st.sampled_from(_EXTRA_HEADERS), unique=True, max_size=2)))
    # Columns a plan may lack: without an ID the key is made from focus area and title; without
    # a status column a "löpande" row has no status at all (the Kävlinge sample).
    left_out = set(draw(st.lists(st.sampled_from(_OPTIONAL_HEADERS), unique=True, max_size=3)))
    areas = draw(st.lists(_TEXT, min_size=1, max_size=3, unique_by=str.casefold))
    count = draw(st.integers(min_value=1, max_value=8))
    rows = []
    for number in range(1, count + 1):
        title = draw(_TEXT)
        row: dict[str, Any] = {
            "ID": f"A{number}",
            "Fokusområde": draw(st.sampled_from(areas)),
            # unique without an ID: two rows with one key are refused, as they should be
            "Aktivitet": title if "ID" not in left_out else f"{title} {number}",
            "Ansvarig part": draw(_PARTY),
            "Ansvarig": draw(st.one_of(st.none(), _TEXT)),
            "Arbetsgrupp": draw(st.one_of(st.none(), _TEXT)),
            "Start": draw(st.one_of(st.none(), _DATES)),
            "Slutdatum": draw(_DUE),
            "Genomförd datum": draw(st.one_of(st.none(), _DATES)),
            "Uppföljning senast": draw(st.one_of(st.none(), _DATES)),
            "Uppföljd datum": draw(st.one_of(st.none(), _DATES)),
            "Status": draw(_STATUS),
            "Bedömning": draw(_ASSESSMENT),
            "Medborgarlöfte": draw(st.one_of(st.none(), _TEXT)),
            "Ej offentlig": draw(_CONFIDENTIAL),
            "Kommentar": draw(st.one_of(st.none(), _TEXT, _LONG)),
        }
        for header in extras:
            row[header] = draw(st.one_of(st.none(), _TEXT))
        rows.append(row)
    headers = (*(h for h in rows[0] if h not in extras and h not in left_out), *extras)
    return headers, rows


def _coordinators_file(headers: tuple[str, ...], rows: list[dict[str, Any]]) -> bytes:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = "Handlingsplan 2026"
    ws.append(list(headers))
    for number, row in enumerate(rows, start=2):
        for column, header in enumerate(headers, start=1):
            cell = ws.cell(row=number, column=column, value=row.get(header))
            if isinstance(row.get(header), str):
                cell.data_type = "s"  # a title "=…" is the coordinator's text, not a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@settings(
    max_examples=int(os.environ.get("PLAN_EXAMPLES", "15")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(_rows())
def test_a_generated_plan_reads_back_with_nothing_changed(
    plan: tuple[tuple[str, ...], list[dict[str, Any]]],
) -> None:
    headers, rows = plan
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "samverkan.duckdb"
        outcome = import_workbook(
            _coordinators_file(headers, rows),
            "Handlingsplan Burlöv 2026.xlsx",
            db_path=db,
            options=ImportOptions(kommun="Burlöv"),
        )
        assert outcome.summary is not None, [str(i) for i in outcome.report.issues]
        [batch] = outcome.summary.batches
        assert batch.agreement_id is not None
        before, after, changes = _round_trip(db, batch.agreement_id)
    assert _states(after, _PLACE) == _states(before, _PLACE)
    assert changes == 0


# ---------------------------------------------------------------- the samples and the demo

_PLAN_SAMPLES = sorted(name for name, e in EXPECTED.items() if "activities" in e)


@pytest.mark.parametrize("name", _PLAN_SAMPLES)
def test_each_sample_reads_back_with_nothing_changed(name: str, empty_store: Path) -> None:
    kommun = "Eslöv" if "eslov" in name else None
    outcome = import_workbook(
        (SAMPLES / name).read_bytes(),
        name,
        db_path=empty_store,
        options=ImportOptions(kommun=kommun),
    )
    assert outcome.summary is not None
    [batch] = outcome.summary.batches
    assert batch.agreement_id is not None
    before, after, changes = _round_trip(empty_store, batch.agreement_id)
    assert _states(after, _PLACE | _WORDS) == _states(before, _PLACE | _WORDS)
    assert changes == 0


def test_the_demo_reads_back_with_nothing_changed(empty_store: Path) -> None:
    ensure_demo(empty_store, today=dt.date(2026, 12, 7))
    with store.open_store(empty_store) as con:
        [agreement] = store.fetch_agreements(con)
    before, after, changes = _round_trip(empty_store, agreement.id)
    assert _states(after, _PLACE) == _states(before, _PLACE)
    assert changes == 0


def test_ej_offentlig_rows_stay_in_marked_ja(empty_store: Path) -> None:
    """The app's choice (store.confidential) is what the file says, so it reads back too."""
    ensure_demo(empty_store, today=dt.date(2026, 12, 7))
    with store.open_store(empty_store) as con:
        [agreement] = store.fetch_agreements(con)
        activities = store.fetch_current_activities(con, agreement.id)
        public = next(a for a in activities if not a.confidential)
        save_confidential_marks(con, agreement.id, {public.activity_key: True}, "test")
        data = build_current_plan(con, agreement.id)
        hidden = {a.activity_key for a in store.fetch_current_activities(con, agreement.id)}
    rows = _plan_rows(data)
    marked = {r["ID"] for r in rows if r["Ej offentlig"] == "Ja"}
    expected = {a.activity_key for a in activities if a.confidential} | {public.activity_key}
    assert marked == expected
    assert {r["ID"] for r in rows} == hidden


def _plan_rows(data: bytes) -> list[dict[str, Any]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    ws = workbook[PLAN_SHEET]
    values = list(ws.iter_rows(values_only=True))
    headers = [str(h) for h in values[0]]
    return [dict(zip(headers, row, strict=True)) for row in values[1:] if any(row)]


# ---------------------------------------------------------------- cells


def _activity(**fields: Any) -> Activity:
    base: dict[str, Any] = {"activity_key": "A1", "title": "Trygghetsvandring", "sheet": "P"}
    return Activity.model_validate({**base, "row": 2, **fields})


@pytest.mark.parametrize(
    ("fields", "header", "written"),
    [
        ({"status": Status.DONE, "status_text": "Klar"}, "Status", "Klar"),
        ({"status": Status.DONE}, "Status", "Genomförd"),
        ({"status": None, "status_text": "Väntar"}, "Status", "Väntar"),
        ({"status": Status.DONE, "status_text": "X"}, "Status", "Genomförd"),  # a Klar? column
        ({"due_text": "löpande", "status": Status.STANDING}, "Status", None),
        ({"due_text": "löpande"}, "Status", "Ej angiven"),
        ({"due": dt.date(2026, 5, 17), "due_text": "v. 20 2026"}, "Slutdatum", "v. 20 2026"),
        (
            {"due": dt.date(2026, 5, 31), "due_text": "2026-05-31"},
            "Slutdatum",
            dt.date(2026, 5, 31),
        ),
        ({"due_text": "oklart"}, "Slutdatum", "oklart"),
        ({"assessment_text": "Ok"}, "Bedömning", "Ok"),
    ],
)
def test_each_word_is_written_as_it_reads_back(
    fields: dict[str, Any], header: str, written: object
) -> None:
    cells = dict(zip(PLAN_HEADERS, current_plan_cells(_activity(**fields), None), strict=True))
    assert cells[header] == written


def test_a_week_without_its_year_gets_the_plan_year_on_the_agreement_sheet() -> None:
    from samverkan.excel.parse import parse_due

    due = parse_due("v. 20", 2024).due
    assert due is not None
    activity = _activity(due=due, due_text="v. 20")
    assert plan_year_for([activity]) == 2024
    assert plan_year_for([_activity(due=due, due_text=due.isoformat())]) is None
    cells = dict(zip(PLAN_HEADERS, current_plan_cells(activity, 2024), strict=True))
    assert cells["Slutdatum"] == "v. 20"


def test_the_file_name_says_kommun_and_day() -> None:
    day = dt.date(2026, 12, 7)
    assert current_plan_file_name("Burlöv", day) == "Samverkan-Burlov-aktuell-plan-2026-12-07.xlsx"
    assert current_plan_file_name("Upplands Väsby", day).startswith("Samverkan-Upplands-Vasby-")


def test_an_agreement_without_a_plan_has_none_to_give(empty_store: Path) -> None:
    with store.open_store(empty_store) as con, pytest.raises(NoCurrentPlan):
        build_current_plan(con, 1)


@pytest.mark.parametrize("start", FORMULA_STARTS[:4])
def test_a_text_that_starts_like_a_formula_is_text(start: str, empty_store: Path) -> None:
    rows = [
        {"ID": "A1", "Fokusområde": f"{start}Fokus", "Aktivitet": f'{start}HYPERLINK("x")'}
        | {"Ansvarig": f"{start}1+1", "Kommentar": f"{start}cmd|' /C calc'!A0", "Status": "Pågår"}
    ]
    headers = tuple(rows[0])
    outcome = import_workbook(
        _coordinators_file(headers, rows),
        "plan 2026.xlsx",
        db_path=empty_store,
        options=ImportOptions(kommun="Burlöv"),
    )
    assert outcome.summary is not None
    with store.open_store(empty_store) as con:
        data = build_current_plan(con, 1)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    ws = workbook[PLAN_SHEET]
    texts = [c for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert {c.value for c in texts} >= {rows[0]["Aktivitet"], rows[0]["Kommentar"]}
    for cell in texts:
        assert cell.data_type == "s"
        if str(cell.value).startswith(start):
            assert cell.quotePrefix


@pytest.mark.parametrize(
    ("written", "due", "status", "status_text"),
    [
        ("Ej angiven", "löpande", None, None),  # the working copy's word: no status, no text
        ("ingen status", "löpande", None, None),
        (None, "löpande", Status.STANDING, None),  # an empty cell beside löpande is Stående
        ("Okänt", "löpande", None, "Okänt"),  # an unknown word is kept, with a warning
    ],
)
def test_ej_angiven_reads_as_no_status_and_keeps_no_text(
    written: str | None, due: str, status: Status | None, status_text: str | None
) -> None:
    """What the current plan writes for a löpande activity with no status reads back as it was
    in a plan without a status column: no status and nothing written (not Stående)."""
    from openpyxl import Workbook

    from samverkan.importing.reading import read_plan

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Kommun", "Aktivitet", "Status", "Slutdatum"])
    sheet.append(["Burlöv", "Nattvandring", written, due])
    buffer = io.BytesIO()
    book.save(buffer)
    report = read_plan(buffer.getvalue(), "Burlöv 2026.xlsx")
    [activity] = [a for parsed in report.agreements for a in parsed.activities]
    assert (activity.status, activity.status_text) == (status, status_text)
