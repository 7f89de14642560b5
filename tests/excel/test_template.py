"""The Excel template and plan writer: layout, dropdowns, text that stays text, and round trips."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.worksheet.worksheet import Worksheet

from samverkan.excel.plan import ImportOptions
from samverkan.excel.template import (
    PLAN_HEADERS,
    PLAN_ROWS,
    PLAN_SHEET,
    build_plan_workbook,
    build_template,
    write_template,
)
from samverkan.importing.reading import read_plan
from samverkan.models import (
    Activity,
    Agreement,
    AgreementKind,
    Assessment,
    FocusArea,
    Goal,
    GoalKind,
    Party,
    Status,
)

SHEETS = ["Instruktioner", "Överenskommelse", "Fokusområden", "Mål", "Aktivitetsplan", "Listor"]
BURLOV_2024 = Agreement(
    kommun="Burlöv",
    lpo="Kävlinge",
    title="Samverkansöverenskommelse Burlöv 2024",
    period_start=dt.date(2024, 1, 1),
    period_end=dt.date(2024, 12, 31),
)
FORMULA_TITLE = '=HYPERLINK("http://x","y")'


def make_activity(**overrides: Any) -> Activity:
    """One activity with every field set; override any, e.g. make_activity(status=None)."""
    fields: dict[str, Any] = {
        "activity_key": "A1",
        "focus_area": "Trygghet i centrum",
        "title": "Trygghetsvandring i centrum",
        "party": Party.KOMMUN,
        "owner": "Säkerhetssamordnare",
        "working_group": "Lokala BRÅ",
        "start": dt.date(2024, 2, 1),
        "due": dt.date(2024, 5, 31),
        "done_on": dt.date(2024, 5, 20),
        "followup_due": dt.date(2024, 9, 30),
        "followed_up_on": dt.date(2024, 9, 15),
        "status": Status.DONE,
        "assessment": Assessment.GREEN,
        "citizen_promise": "Vi ska synas i centrum på kvällarna",
        "confidential": True,
        "comment": "Genomförd med fastighetsägarna",
        "sheet": PLAN_SHEET,
        "row": 2,
    }
    fields.update(overrides)
    return Activity(**fields)


def load(data: bytes) -> openpyxl.Workbook:
    """The workbook as openpyxl reads it back."""
    return openpyxl.load_workbook(io.BytesIO(data))


def sheet(workbook: openpyxl.Workbook, name: str) -> Worksheet:
    ws = workbook[name]
    assert isinstance(ws, Worksheet)
    return ws


def plain(value: Any) -> Any:
    """openpyxl reads a date cell back as a datetime at midnight."""
    return value.date() if isinstance(value, dt.datetime) else value


def row_by_header(ws: Worksheet, number: int) -> dict[str, Any]:
    headers = [str(c.value) for c in ws[1]]
    return {h: plain(ws.cell(row=number, column=i).value) for i, h in enumerate(headers, start=1)}


def expected_cells(a: Activity) -> dict[str, Any]:
    """What the plan row of an activity should hold, header by header."""
    return {
        "ID": a.activity_key,
        "Fokusområde": a.focus_area,
        "Aktivitet": a.title,
        "Ansvarig part": a.party.value if a.party else None,
        "Ansvarig": a.owner,
        "Arbetsgrupp": a.working_group,
        "Start": a.start,
        "Slutdatum": a.due if a.due is not None else a.due_text,
        "Genomförd datum": a.done_on,
        "Uppföljning senast": a.followup_due,
        "Uppföljd datum": a.followed_up_on,
        "Status": a.status.value if a.status else None,
        "Bedömning": a.assessment.value if a.assessment else None,
        "Medborgarlöfte": a.citizen_promise,
        "Ej offentlig": "Ja" if a.confidential else None,
        "Kommentar": a.comment,
    }


def validations_by_column(ws: Worksheet) -> dict[str, list[Any]]:
    """Each column letter's data validations, from their sqref ranges."""
    found: dict[str, list[Any]] = {}
    for validation in ws.data_validations.dataValidation:
        for cells in str(validation.sqref).split():
            letter = re.match(r"[A-Z]+", cells)
            assert letter is not None
            found.setdefault(letter.group(), []).append(validation)
    return found


def list_values(workbook: openpyxl.Workbook, formula: str) -> list[Any]:
    """The values a list validation's range refers to, e.g. Listor!$A$2:$A$6."""
    name, cells = formula.rsplit("!", 1)
    ws = sheet(workbook, name.strip("'"))
    return [c.value for (c,) in ws[cells.replace("$", "")] if c.value is not None]


@pytest.fixture(scope="module")
def template_book() -> openpyxl.Workbook:
    """The canonical template for 2024, as openpyxl reads it."""
    return load(build_template(2024))


# ---------------------------------------------------------------- the template


def test_template_has_the_sheets_in_order_with_the_lists_hidden(
    template_book: openpyxl.Workbook,
) -> None:
    assert template_book.sheetnames == SHEETS
    states = {ws.title: ws.sheet_state for ws in template_book.worksheets}
    assert states == {name: "hidden" if name == "Listor" else "visible" for name in SHEETS}


def test_write_template_writes_this_years_plan_with_the_kommun_left_empty(tmp_path: Path) -> None:
    path = tmp_path / "mall.xlsx"
    write_template(path)
    ws = sheet(load(path.read_bytes()), "Överenskommelse")
    rows = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(2, 8)}
    year = dt.date.today().year
    assert rows["Kommun"] is None
    assert rows["Lokalpolisområde"] is None
    assert plain(rows["Period från"]) == dt.date(year, 1, 1)
    assert plain(rows["Period till"]) == dt.date(year, 12, 31)
    assert rows["Typ"] == "operativ"


@pytest.mark.parametrize("name", ["Överenskommelse", "Fokusområden", "Mål", "Aktivitetsplan"])
def test_every_table_has_a_bold_filled_frozen_header(
    template_book: openpyxl.Workbook, name: str
) -> None:
    ws = sheet(template_book, name)
    header = [c for c in ws[1] if c.value is not None]
    assert header
    assert all(c.font.bold and c.fill.fill_type == "solid" for c in header)
    assert ws.freeze_panes is not None
    assert re.fullmatch(r"[A-Z]+2", ws.freeze_panes)
    assert all(ws.column_dimensions[c.column_letter].width >= 8 for c in header)


def test_the_plan_has_the_headers_an_autofilter_and_one_example_row(
    template_book: openpyxl.Workbook,
) -> None:
    ws = sheet(template_book, PLAN_SHEET)
    assert tuple(c.value for c in ws[1]) == PLAN_HEADERS
    assert ws.auto_filter.ref is not None
    assert ws.auto_filter.ref.startswith("A1:P")
    example = row_by_header(ws, 2)
    assert example["ID"] == "A1"
    assert example["Aktivitet"]
    assert ws.cell(row=2, column=3).font.italic
    assert all(ws.cell(row=3, column=c).value is None for c in range(1, len(PLAN_HEADERS) + 1))


@pytest.mark.parametrize(
    ("name", "column", "source", "words"),
    [
        ("Aktivitetsplan", "B", "'Fokusområden'!$B$2", ["Trygghet i centrum"]),
        ("Aktivitetsplan", "D", "Listor!", [p.value for p in Party]),
        ("Aktivitetsplan", "L", "Listor!", [s.value for s in Status]),
        ("Aktivitetsplan", "M", "Listor!", [a.value for a in Assessment]),
        ("Aktivitetsplan", "O", "Listor!", ["Ja", "Nej"]),
        ("Mål", "A", "'Fokusområden'!$B$2", ["Trygghet i centrum"]),
        ("Mål", "B", "Listor!", [k.value for k in GoalKind]),
        ("Överenskommelse", "B", "Listor!", [k.value for k in AgreementKind]),
    ],
)
def test_dropdowns_offer_the_words_the_importer_understands(
    template_book: openpyxl.Workbook, name: str, column: str, source: str, words: list[str]
) -> None:
    lists = [
        v for v in validations_by_column(sheet(template_book, name))[column] if v.type == "list"
    ]
    assert len(lists) == 1
    validation = lists[0]
    assert validation.formula1.startswith(source)
    assert list_values(template_book, validation.formula1) == words
    assert validation.allowBlank
    assert validation.showErrorMessage
    assert validation.error
    assert validation.prompt
    if name != "Överenskommelse":
        assert f"{column}2:{column}{PLAN_ROWS if name == PLAN_SHEET else 200}" in str(
            validation.sqref
        )


def test_the_due_date_column_takes_any_text(template_book: openpyxl.Workbook) -> None:
    ws = sheet(template_book, PLAN_SHEET)
    due = validations_by_column(ws)["H"]
    assert all(v.type is None for v in due)  # a prompt only: "löpande" and "Q2 2024" are fine


def test_date_columns_are_formatted_to_row_1000_and_no_further(
    template_book: openpyxl.Workbook,
) -> None:
    ws = sheet(template_book, PLAN_SHEET)
    for column in ("G", "H", "I", "J", "K"):
        assert ws[f"{column}2"].number_format == "yyyy-mm-dd"
        assert ws[f"{column}{PLAN_ROWS}"].number_format == "yyyy-mm-dd"
    assert ws.max_row == PLAN_ROWS
    assert len(build_template(2024)) < 60_000


def test_the_instructions_explain_the_words_and_the_rules(
    template_book: openpyxl.Workbook,
) -> None:
    text = "\n".join(str(c.value) for (c,) in sheet(template_book, "Instruktioner")["A1:A80"])
    words = [*Status, *Party, *Assessment]
    for expected in [w.value for w in words]:
        assert expected in text
    for notation in ("2024-05-31", "maj 2024", "v. 20 2024", "Q2 2024", "T1 2024", "VT 2024"):
        assert notation in text
    assert "löpande" in text
    assert "personnummer" in text
    assert "radera" in text


def test_the_untouched_template_is_refused_not_imported_as_a_late_activity() -> None:
    report = read_plan(build_template(2024), "mall.xlsx", ImportOptions(kommun="Burlöv"))
    assert not report.is_accepted
    (error,) = report.errors
    assert error.message.startswith("Filen har bara mallens exempelrad")
    assert (error.sheet, error.row) == (PLAN_SHEET, 2)
    # Only the plan is read as a table: instructions, focus areas and goals are not activities.
    assert list(report.column_mapping) == [PLAN_SHEET]


def test_a_filled_in_template_leaves_its_example_row_out_and_says_so() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(build_template(2024)))
    sheet = workbook[PLAN_SHEET]
    headers = [c.value for c in sheet[1]]
    row = dict.fromkeys(headers)
    row.update({"ID": "B1", "Aktivitet": "Nattvandring i Arlöv", "Slutdatum": "v. 20 2024"})
    sheet.append([row[h] for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = read_plan(buffer.getvalue(), "plan.xlsx", ImportOptions(kommun="Burlöv"))
    assert report.is_accepted, [str(i) for i in report.issues]
    assert [a.activity_key for a in report.agreements[0].activities] == ["B1"]
    assert [(w.message, w.row) for w in report.warnings if "exempelrad" in w.message] == [
        ("Mallens exempelrad lästes inte in; radera den i filen.", 2)
    ]


# ---------------------------------------------------------------- build_plan_workbook


TRICKY = {
    "none everywhere": make_activity(
        focus_area=None,
        party=None,
        owner=None,
        working_group=None,
        start=None,
        due=None,
        done_on=None,
        followup_due=None,
        followed_up_on=None,
        status=None,
        assessment=None,
        citizen_promise=None,
        confidential=False,
        comment=None,
    ),
    "external party": make_activity(party=Party.EXTERNAL, owner="Burlövs Bostäder AB"),
    "formula title": make_activity(title=FORMULA_TITLE),
    "standing": make_activity(due=None, due_text="löpande", status=Status.STANDING),
    "quarter as written": make_activity(due=None, due_text="Q2 2024", status=Status.IN_PROGRESS),
    "åäö": make_activity(
        focus_area="Ökad trygghet för äldre",
        title="Åtgärder mot bedrägerier – information på äldreboenden",
        owner="Vård- och omsorgsförvaltningen",
    ),
    "long comment": make_activity(comment=("Kommentar med åäö. " * 106)[:2000]),
    "red and cancelled": make_activity(status=Status.CANCELLED, assessment=Assessment.RED),
}


@pytest.mark.parametrize("activity", TRICKY.values(), ids=TRICKY.keys())
def test_every_field_of_an_activity_is_written_under_its_header(activity: Activity) -> None:
    data = build_plan_workbook(BURLOV_2024, [], [], [activity])
    ws = sheet(load(data), PLAN_SHEET)
    assert row_by_header(ws, 2) == expected_cells(activity)
    for column in ("G", "H", "I", "J", "K"):
        if isinstance(ws[f"{column}2"].value, dt.datetime):
            assert ws[f"{column}2"].number_format == "yyyy-mm-dd"


def test_several_activities_are_written_in_order() -> None:
    activities = [make_activity(activity_key=f"A{i}", row=i + 1) for i in range(1, 4)]
    ws = sheet(load(build_plan_workbook(BURLOV_2024, [], [], activities)), PLAN_SHEET)
    assert [row_by_header(ws, r) for r in (2, 3, 4)] == [expected_cells(a) for a in activities]
    assert ws.auto_filter.ref == "A1:P4"


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_text_that_looks_like_a_formula_stays_text(start: str) -> None:
    text = f"{start}SUM(A1:A2)"
    activity = make_activity(title=text, owner=text, comment=text, extra={"Orsak": text})
    data = build_plan_workbook(BURLOV_2024, [FocusArea(name=text)], [], [activity])
    ws = sheet(load(data), PLAN_SHEET)
    for column in ("C", "E", "P", "Q"):
        assert ws[f"{column}2"].value == text
        assert ws[f"{column}2"].data_type == "s"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any(re.search(rb"<f[ >]", archive.read(n)) for n in sheets)


def test_a_formula_title_comes_back_exactly_as_written() -> None:
    data = build_plan_workbook(BURLOV_2024, [], [], [make_activity(title=FORMULA_TITLE)])
    cell = sheet(load(data), PLAN_SHEET)["C2"]
    assert (cell.value, cell.data_type) == (FORMULA_TITLE, "s")
    report = read_plan(data, "plan.xlsx")
    assert report.agreements[0].activities[0].title == FORMULA_TITLE


def test_characters_excel_cannot_hold_are_dropped() -> None:
    data = build_plan_workbook(BURLOV_2024, [], [], [make_activity(title="Möte\x01 med\x0b BRÅ")])
    assert sheet(load(data), PLAN_SHEET)["C2"].value == "Möte med BRÅ"


def test_extra_columns_follow_the_comment_in_first_seen_order() -> None:
    activities = [
        make_activity(activity_key="A1", extra={"Orsak": "Otrygghet", "Operativa mål": "Två"}),
        make_activity(activity_key="A2", extra={"Budget": "10 000 kr", "Orsak": "Droger"}),
    ]
    ws = sheet(load(build_plan_workbook(BURLOV_2024, [], [], activities)), PLAN_SHEET)
    assert [c.value for c in ws[1]] == [*PLAN_HEADERS, "Orsak", "Operativa mål", "Budget"]
    assert [c.value for c in ws[2]][-3:] == ["Otrygghet", "Två", None]
    assert [c.value for c in ws[3]][-3:] == ["Droger", None, "10 000 kr"]


def test_the_agreement_sheet_holds_label_value_rows_with_real_dates() -> None:
    agreement = BURLOV_2024.model_copy(update={"kind": AgreementKind.STRATEGIC})
    ws = sheet(load(build_plan_workbook(agreement, [], [], [])), "Överenskommelse")
    rows = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2) for r in range(2, 8)}
    assert {k: plain(c.value) for k, c in rows.items()} == {
        "Kommun": "Burlöv",
        "Lokalpolisområde": "Kävlinge",
        "Titel": "Samverkansöverenskommelse Burlöv 2024",
        "Period från": dt.date(2024, 1, 1),
        "Period till": dt.date(2024, 12, 31),
        "Typ": "strategisk",
    }
    assert rows["Period från"].number_format == "yyyy-mm-dd"


def test_focus_areas_and_goals_are_written_with_their_numbers() -> None:
    areas = [
        FocusArea(number=1, name="Ungdomsbrottslighet", valid_from=dt.date(2024, 1, 1)),
        FocusArea(number=2, name="Våld i nära relationer"),
    ]
    goal = Goal(
        focus_area="Ungdomsbrottslighet",
        kind=GoalKind.OUTCOME,
        text="Färre unga som använder narkotika",
        indicator="Andel i åk 9 som använt narkotika",
        baseline_year=2022,
        baseline_value=7.5,
        target_value=5.0,
        target_year=2025,
        direction="lägre är bättre",
    )
    orphan = make_activity(focus_area="Trygghet i centrum")
    book = load(build_plan_workbook(BURLOV_2024, areas, [goal], [orphan]))
    focus = sheet(book, "Fokusområden")
    assert [[plain(c.value) for c in row] for row in focus.iter_rows(min_row=2, max_col=4)][:3] == [
        [1, "Ungdomsbrottslighet", dt.date(2024, 1, 1), None],
        [2, "Våld i nära relationer", None, None],
        # named only by an activity: listed too, so the plan's dropdown offers it
        [None, "Trygghet i centrum", None, None],
    ]
    goals = sheet(book, "Mål")
    assert [c.value for c in goals[2]] == [
        "Ungdomsbrottslighet",
        "effektmål",
        "Färre unga som använder narkotika",
        "Andel i åk 9 som använt narkotika",
        2022,
        7.5,
        5.0,
        2025,
        "lägre är bättre",  # Riktning, which the import reads back
    ]


def test_the_same_plan_gives_the_same_bytes() -> None:
    activities = list(TRICKY.values())[:1]
    first = build_plan_workbook(BURLOV_2024, [], [], activities)
    assert build_plan_workbook(BURLOV_2024, [], [], activities) == first
    assert build_template(2024) == build_template(2024)


# ---------------------------------------------------------------- round trip through the importer

_LETTERS = "abcdefghijklmnopqrstuvwxyzåäöABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ"
_words = st.text(alphabet=_LETTERS, min_size=1, max_size=10)
# Single spaces between words: the importer reads a cell's text stripped, as written.
_texts = st.lists(_words, min_size=1, max_size=6).map(" ".join)
_dates = st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))
_FOCUS_AREAS = ["Ungdomsbrottslighet", "Våld i nära relationer", "Trygghet i centrum"]
_activity_fields = st.fixed_dictionaries(
    {
        "focus_area": st.none() | st.sampled_from(_FOCUS_AREAS),
        "title": st.tuples(st.sampled_from(["", "="]), _texts).map("".join),
        # Extern is left out: the importer keeps an external party's name as the owner.
        "party": st.none() | st.sampled_from([Party.KOMMUN, Party.POLIS, Party.JOINT]),
        "owner": st.none() | _texts,
        "working_group": st.none() | _texts,
        "start": _dates,
        "due": _dates,
        "done_on": _dates,
        "followup_due": _dates,
        "followed_up_on": _dates,
        "status": st.none() | st.sampled_from(list(Status)),
        "assessment": st.none() | st.sampled_from(list(Assessment)),
        "citizen_promise": st.none() | _texts,
        "confidential": st.booleans(),
        "comment": st.none() | _texts,
    }
)
COMPARED = (
    "activity_key",
    "focus_area",
    "title",
    "party",
    "owner",
    "working_group",
    "start",
    "due",
    "done_on",
    "followup_due",
    "followed_up_on",
    "status",
    "assessment",
    "citizen_promise",
    "confidential",
    "comment",
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(_activity_fields, min_size=1, max_size=8))
def test_a_written_plan_reads_back_field_by_field(rows: list[dict[str, Any]]) -> None:
    activities = [
        Activity(activity_key=f"A{i}", sheet=PLAN_SHEET, row=i + 1, **fields)
        for i, fields in enumerate(rows, start=1)
    ]
    areas = [FocusArea(number=i, name=name) for i, name in enumerate(_FOCUS_AREAS, start=1)]
    report = read_plan(build_plan_workbook(BURLOV_2024, areas, [], activities), "plan.xlsx")
    assert report.is_accepted, [str(i) for i in report.issues]
    (parsed,) = report.agreements
    assert (parsed.agreement.kommun, parsed.agreement.lpo) == ("Burlöv", "Kävlinge")
    assert (parsed.agreement.period_start, parsed.agreement.period_end) == (
        BURLOV_2024.period_start,
        BURLOV_2024.period_end,
    )
    read = parsed.activities
    assert [(a.sheet, a.row) for a in read] == [(PLAN_SHEET, a.row) for a in activities]
    for written, back in zip(activities, read, strict=True):
        assert {f: getattr(back, f) for f in COMPARED} == {f: getattr(written, f) for f in COMPARED}
