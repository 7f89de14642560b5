"""The quarterly and annual reports: figures, PDF, Excel round trip, text never a formula.

A known plan is uploaded twice, once before the third quarter of 2025 and once during it,
so the figures, the late list and the quarter's changes are known exactly.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pypdf
import pytest

from samverkan import store
from samverkan.cli import main
from samverkan.excel.template import build_plan_workbook
from samverkan.exports.late_list import build_late_report
from samverkan.importing.pipeline import import_workbook
from samverkan.metrics import judge_activity, summarize_focus_areas
from samverkan.models import (
    Activity,
    Agreement,
    FocusArea,
    Party,
    PlanReport,
    PlanStatus,
    ReportFormat,
    ReportKind,
    Status,
)
from samverkan.reports import (
    build_report,
    first_plan_day,
    missing_plan_text,
    report_file_name,
    report_period,
    report_periods,
)
from samverkan.reports.content import build_plan_report, confidential_note
from samverkan.reports.pdf import build_report_pdf, pdf_text
from samverkan.reports.period import judging_day_of
from samverkan.reports.workbook import build_report_workbook
from samverkan.store.rollback import set_upload_withdrawn
from tests.browser import OUTPUT

AGREEMENT = Agreement(
    kommun="Eslöv", lpo="Mittskåne", title="Samverkansöverenskommelse Eslöv 2025",
    period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31),
)  # fmt: skip
FOCUS_AREAS = [
    FocusArea(number=1, name="Droger"),
    FocusArea(number=2, name="Våld i nära relationer"),
]
Q3 = report_period(ReportKind.QUARTER, dt.date(2025, 8, 1))
END_OF_Q3 = dt.date(2025, 9, 30)
D = dt.date
HYPERLINK = '=HYPERLINK("http://x","y")'
SECRET = "Planerad insats mot langning"


def make_activity(key: str, **overrides: Any) -> Activity:
    values: dict[str, Any] = {
        "activity_key": key,
        "focus_area": "Droger",
        "title": f"Aktivitet {key}",
        "party": Party.KOMMUN,
        "owner": "Säkerhetssamordnare",
        "due": dt.date(2025, 12, 31),
        "due_text": "2025-12-31",
        "status": Status.NOT_STARTED,
        "sheet": "Aktivitetsplan",
        "row": 2,
    }
    values.update(overrides)
    return Activity(**values)


PROMISE = "Vi ska minska droghandeln vid stationen"
# The plan during the quarter (uploaded 2025-08-15).
AFTER = [
    make_activity(
        "A1", title="Narkotikakontroller vid stationen", party=Party.POLIS, owner="Kommunpolis",
        due=dt.date(2025, 6, 30), due_text="2025-06-30", status=Status.DONE,
        done_on=dt.date(2025, 6, 20), followup_due=dt.date(2025, 8, 1), citizen_promise=PROMISE,
    ),
    make_activity(
        "A2", title="Föräldravandringar", due=dt.date(2025, 9, 1), due_text="2025-09-01",
        status=Status.IN_PROGRESS, citizen_promise=PROMISE, comment="Svårt att få vuxna",
    ),
    make_activity(
        "A3", title="Samverkansmöten varje månad", party=Party.JOINT, due=None, due_text="löpande",
        status=Status.STANDING,
    ),
    make_activity(
        "A4", focus_area="Våld i nära relationer", title="Utbildning för socialsekreterare",
        due=dt.date(2025, 12, 31), due_text="v. 1 2026",
    ),
    make_activity(
        "A5", focus_area="Våld i nära relationer", title=SECRET, party=Party.POLIS,
        owner="Hemlig gruppchef", due=dt.date(2025, 8, 1), due_text="2025-08-01",
        status=Status.IN_PROGRESS, confidential=True, comment="Ej för protokollet",
        citizen_promise=PROMISE,
    ),
    make_activity(
        "A6", focus_area="Våld i nära relationer", title="Kvinnojouren informerar",
        party=Party.EXTERNAL, owner="Kvinnojouren", status=Status.CANCELLED,
    ),
    make_activity(
        "A7", focus_area="Våld i nära relationer", title=HYPERLINK, due=dt.date(2025, 10, 15),
        due_text="2025-10-15", status=Status.IN_PROGRESS,
    ),
]  # fmt: skip
# The plan before the quarter (uploaded 2025-06-01): A3 and A7 came later, A8 went.
BEFORE = [
    AFTER[0].model_copy(update={"status": Status.IN_PROGRESS, "done_on": None}),
    AFTER[1].model_copy(update={"due": dt.date(2025, 8, 15), "due_text": "2025-08-15"}),
    AFTER[3],
    AFTER[4],
    AFTER[5].model_copy(update={"status": Status.NOT_STARTED}),
    make_activity("A8", title="Pilotprojekt nattvandring"),
]


def numbered(activities: list[Activity]) -> list[Activity]:
    return [a.model_copy(update={"row": row}) for row, a in enumerate(activities, start=2)]


def save_plan(db: Path, activities: list[Activity], day: dt.date) -> None:
    data = build_plan_workbook(AGREEMENT, FOCUS_AREAS, [], numbered(activities))
    when = dt.datetime.combine(day, dt.time(9))
    outcome = import_workbook(data, f"plan-{day}.xlsx", db_path=db, uploaded_at=when)
    assert outcome.summary is not None, [str(i) for i in outcome.report.issues]


@pytest.fixture(scope="module")
def eslov_q3_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eslöv's 2025 plan uploaded on 1 June and on 15 August."""
    db = tmp_path_factory.mktemp("reports") / "eslov.duckdb"
    save_plan(db, BEFORE, dt.date(2025, 6, 1))
    save_plan(db, AFTER, dt.date(2025, 8, 15))
    return db


@pytest.fixture
def eslov_q3_store(eslov_q3_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "eslov.duckdb"
    shutil.copy(eslov_q3_file, path)
    return path


def q3_report(db: Path) -> PlanReport:
    with store.open_store(db) as con:
        agreement = store.fetch_agreements(con)[0]
        return build_plan_report(con, agreement, Q3, END_OF_Q3)


def pdf_text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


# ---------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("kind", "day", "start", "end", "label"),
    [
        (ReportKind.QUARTER, D(2025, 2, 15), D(2025, 1, 1), D(2025, 3, 31), "kvartal 1 2025"),
        (ReportKind.QUARTER, D(2025, 6, 30), D(2025, 4, 1), D(2025, 6, 30), "kvartal 2 2025"),
        (ReportKind.QUARTER, D(2025, 7, 1), D(2025, 7, 1), D(2025, 9, 30), "kvartal 3 2025"),
        (ReportKind.QUARTER, D(2024, 12, 31), D(2024, 10, 1), D(2024, 12, 31), "kvartal 4 2024"),
        (ReportKind.YEAR, D(2024, 2, 29), D(2024, 1, 1), D(2024, 12, 31), "år 2024"),
    ],
)  # fmt: skip
def test_report_period(
    kind: ReportKind, day: dt.date, start: dt.date, end: dt.date, label: str
) -> None:
    period = report_period(kind, day)
    assert (period.start, period.end, period.label) == (start, end, label)


def test_periods_of_an_agreement_newest_first_and_only_begun_ones() -> None:
    labels = [p.label for p in report_periods(ReportKind.QUARTER, AGREEMENT, dt.date(2025, 8, 1))]
    assert labels == ["kvartal 3 2025", "kvartal 2 2025", "kvartal 1 2025"]
    years = report_periods(ReportKind.YEAR, AGREEMENT, dt.date(2030, 1, 1))
    assert [p.label for p in years] == ["år 2025"]


@pytest.mark.parametrize(
    ("today", "judged"),
    [
        (dt.date(2025, 8, 20), dt.date(2025, 8, 20)),  # the running quarter: today
        (dt.date(2025, 11, 2), dt.date(2025, 9, 30)),  # a finished one: its last day
        (dt.date(2025, 5, 2), dt.date(2025, 7, 1)),  # not begun: its first day
    ],
)
def test_judging_day_of_a_period(today: dt.date, judged: dt.date) -> None:
    assert judging_day_of(Q3, today) == judged


# ---------------------------------------------------------------- figures and changes


def test_figures_per_focus_area_leave_the_confidential_out(eslov_q3_store: Path) -> None:
    report = q3_report(eslov_q3_store)
    assert report.status.as_of == END_OF_Q3
    assert report.hidden == 1
    figures = {
        fa.name: (fa.activities, fa.done, fa.overdue, fa.followup_missing, fa.progress)
        for fa in report.status.focus_areas
    }
    assert figures == {
        "Droger": (3, 1, 1, 1, 0.5),  # the standing one does not count for progress
        "Våld i nära relationer": (3, 0, 0, 0, 0.0),  # the cancelled one does not count
    }
    assert SECRET not in {v.activity.title for v in report.status.activities}


def test_changes_over_the_quarter(eslov_q3_store: Path) -> None:
    report = q3_report(eslov_q3_store)
    changes = report.changes
    assert changes is not None
    assert report.changes_from is not None  # the plan when the quarter began
    assert report.changes_from.uploaded_at.date() == dt.date(2025, 6, 1)
    assert [a.activity_key for a in changes.added] == ["A3", "A7"]
    assert [a.activity_key for a in changes.removed] == ["A8"]
    assert {(c.activity_key, c.status_before, c.status_after) for c in changes.status_changed} == {
        ("A1", Status.IN_PROGRESS, Status.DONE),
        ("A6", Status.NOT_STARTED, Status.CANCELLED),
    }
    assert [(c.activity_key, c.due_before, c.due_after) for c in changes.due_moved] == [
        ("A2", dt.date(2025, 8, 15), dt.date(2025, 9, 1))
    ]


def test_a_period_the_plan_came_in_is_compared_with_its_first_plan(eslov_q3_store: Path) -> None:
    with store.open_store(eslov_q3_store) as con:
        agreement = store.fetch_agreements(con)[0]
        year = build_plan_report(
            con, agreement, report_period(ReportKind.YEAR, END_OF_Q3), END_OF_Q3
        )
        q2 = build_plan_report(
            con, agreement, report_period(ReportKind.QUARTER, dt.date(2025, 5, 1)),
            dt.date(2025, 6, 30),
        )  # fmt: skip
        before_any = build_plan_report(
            con, agreement, report_period(ReportKind.QUARTER, dt.date(2025, 2, 1)),
            dt.date(2025, 3, 31),
        )  # fmt: skip
    assert year.changes_from is not None
    assert year.changes_from.uploaded_at.date() == dt.date(2025, 6, 1)
    assert year.changes == q3_report(eslov_q3_store).changes
    assert "Jämfört med periodens första plan, uppladdad 1 juni 2025." in pdf_text_of(
        build_report_pdf(year)
    )
    assert q2.changes is None  # one version of the plan in the quarter: nothing to compare
    assert len(q2.status.activities) == 5
    assert before_any.status.activities == []
    assert "ingen aktivitetsplan" in pdf_text_of(build_report_pdf(before_any))


# ---------------------------------------------------------------- the PDF


def test_pdf_has_the_figures_the_late_list_and_the_changes(eslov_q3_store: Path) -> None:
    data = build_report_pdf(q3_report(eslov_q3_store))
    assert data.startswith(b"%PDF-")
    text = pdf_text_of(data)
    for expected in (
        "Kvartalsrapport, kvartal 3 2025",
        "Till kommunstyrelsens arbetsutskott (KSAU)",
        "1 juli 2025 – 30 september 2025",
        "Våld i nära relationer",
        "50 %",
        "Föräldravandringar",  # late, 29 days
        "Narkotikakontroller vid stationen",  # follow-up missing
        "Pilotprojekt nattvandring",  # removed during the quarter
        "15 augusti 2025",  # the moved due date, from
        "Jämfört med planen som gällde när perioden började (uppladdad 1 juni 2025).",
        HYPERLINK,
    ):
        assert expected in text, expected
    for hidden in (SECRET, "Hemlig gruppchef", "Ej för protokollet"):
        assert hidden not in text


def test_pdf_says_up_front_that_its_figures_leave_the_ej_offentlig_out(
    eslov_q3_store: Path,
) -> None:
    pages = pypdf.PdfReader(io.BytesIO(build_report_pdf(q3_report(eslov_q3_store)))).pages
    first = " ".join(pages[0].extract_text().split())
    statement = (
        "1 aktivitet är märkt ej offentlig och är inte med i rapporten, varken i listorna eller "
        "i siffrorna. Appens översikt, som bara inloggade ser, räknar med den: där har samma "
        "plan 1 aktivitet fler, och andelen genomförda kan skilja sig."
    )
    assert statement in first
    # Beside the figures: right after the summary's sentence, before the first table.
    assert first.index("Planen har 6 aktiviteter") < first.index(statement)
    assert first.index(statement) < first.index("Per fokusområde")


@pytest.mark.parametrize(
    ("hidden", "start", "fewer"),
    [
        (1, "1 aktivitet är märkt ej offentlig", "räknar med den: där har samma plan 1 aktivitet"),
        (3, "3 aktiviteter är märkta ej offentlig", "med dem: där har samma plan 3 aktiviteter"),
    ],
)
def test_confidential_note_in_singular_and_plural(hidden: int, start: str, fewer: str) -> None:
    note = confidential_note(hidden)
    assert note.startswith(start)
    assert fewer in note


def test_pdf_without_ej_offentlig_says_nothing_of_them(eslov_q3_store: Path) -> None:
    report = q3_report(eslov_q3_store).model_copy(update={"hidden": 0})
    assert "ej offentlig" not in pdf_text_of(build_report_pdf(report))


def test_pdf_renders_to_a_picture(eslov_q3_store: Path) -> None:
    """The pages as PNG for a person to look at (poppler's pdftoppm, from scripts/install)."""
    data = build_report_pdf(q3_report(eslov_q3_store))
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    assert 1 <= len(pages) <= 4
    assert any("/Image" in str(page.get("/Resources", {})) or page.images for page in pages)
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm (poppler-utils) is missing: run scripts/install --dev")
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "kvartalsrapport.pdf").write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", str(OUTPUT / "kvartalsrapport.pdf"),
         str(OUTPUT / "kvartalsrapport")],
        check=True,
    )  # fmt: skip
    assert (OUTPUT / "kvartalsrapport-1.png").stat().st_size > 10_000


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ("Åtgärder i Höör – klart …", "Åtgärder i Höör – klart …"),
        ("”Trygg i Eslöv” 12,5 € é", "”Trygg i Eslöv” 12,5 € é"),
        ("Łódź-projektet", "Lódz-projektet"),  # nearest letters outside Windows-1252
        ("−3 dagar", "-3 dagar"),
        ("日本", "??"),
    ],
)
def test_text_the_pdf_font_can_write(written: str, printed: str) -> None:
    assert pdf_text(written) == printed


# ---------------------------------------------------------------- the Excel workbook


def test_workbook_reads_back_to_the_same_plan(eslov_q3_store: Path, tmp_path: Path) -> None:
    report = q3_report(eslov_q3_store)
    again = tmp_path / "again.duckdb"
    outcome = import_workbook(build_report_workbook(report), "rapport.xlsx", db_path=again)
    assert outcome.summary is not None, [str(i) for i in outcome.report.issues]
    with store.open_store(again) as con:
        agreement = store.fetch_agreements(con)[0]
        read_back = store.fetch_current_activities(con, agreement.id or 0)
    assert (agreement.kommun, agreement.lpo, agreement.period_start, agreement.period_end) == (
        "Eslöv", "Mittskåne", dt.date(2025, 1, 1), dt.date(2025, 12, 31),
    )  # fmt: skip
    written = [v.activity for v in report.status.activities]
    assert [a.activity_key for a in read_back] == ["A1", "A2", "A3", "A4", "A6", "A7"]
    for before, after in zip(written, read_back, strict=True):
        for field in Activity.model_fields:
            if field not in ("sheet", "row"):
                assert getattr(after, field) == getattr(before, field), (before.activity_key, field)


def test_workbook_opens_on_its_data_sheet(eslov_q3_store: Path) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(build_report_workbook(q3_report(eslov_q3_store))))
    assert workbook.active is not None
    assert workbook.active.title == "Aktivitetsplan"
    assert workbook.sheetnames[0] == "Instruktioner"  # the template's order is kept
    assert [ws.title for ws in workbook if ws.sheet_view.tabSelected] == ["Aktivitetsplan"]


def test_the_template_still_opens_on_its_instructions() -> None:
    workbook = openpyxl.load_workbook(
        io.BytesIO(build_plan_workbook(AGREEMENT, FOCUS_AREAS, [], []))
    )
    assert workbook.active is not None
    assert workbook.active.title == "Instruktioner"


def test_workbook_leaves_the_confidential_out(eslov_q3_store: Path) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(build_report_workbook(q3_report(eslov_q3_store))))
    texts = {str(c.value) for ws in workbook for row in ws.iter_rows() for c in row if c.value}
    assert not any(SECRET in t or "Hemlig gruppchef" in t for t in texts)


INJECTIONS = (
    HYPERLINK,
    "=1+1",
    "+46 70 123 45 67",
    "-2+3",
    "@SUM(A1:A2)",
    "=cmd|' /C calc'!A0",
)


def injected_report(text: str) -> PlanReport:
    activity = make_activity(
        "X1", title=text, owner=text, comment=text, citizen_promise=text, working_group=text,
        focus_area=text, due=dt.date(2025, 8, 1), due_text="2025-08-01", status=Status.IN_PROGRESS,
    )  # fmt: skip
    views = [judge_activity(activity, END_OF_Q3)]
    agreement = AGREEMENT.model_copy(update={"id": 1, "title": text})
    status = PlanStatus(
        as_of=END_OF_Q3, agreement=agreement, focus_areas=summarize_focus_areas(views),
        activities=views,
    )  # fmt: skip
    return PlanReport(period=Q3, status=status)


@pytest.mark.parametrize("export", ["report workbook", "late list"])
@pytest.mark.parametrize("text", INJECTIONS)
def test_text_that_looks_like_a_formula_stays_text(export: str, text: str) -> None:
    report = injected_report(text)
    data = (
        build_report_workbook(report)
        if export == "report workbook"
        else build_late_report(report.status)
    )
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for ws in workbook for row in ws.iter_rows() for c in row if c.value == text]
    assert len(cells) >= 4  # title, owner, comment, focus area at least
    assert {c.data_type for c in cells} == {"s"}
    assert not [c for ws in workbook for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_formula_looking_text_is_printed_as_written_in_the_pdf() -> None:
    reports = [injected_report(text) for text in INJECTIONS]
    views = [
        view.model_copy(
            update={"activity": view.activity.model_copy(update={"activity_key": f"X{i}"})}
        )
        for i, report in enumerate(reports)
        for view in report.status.activities
    ]
    status = reports[0].status.model_copy(
        update={"activities": views, "focus_areas": summarize_focus_areas(views)}
    )
    text = pdf_text_of(build_report_pdf(PlanReport(period=Q3, status=status)))
    for written in INJECTIONS:
        assert written in text


# ---------------------------------------------------------------- build_report and the command line


def test_file_names() -> None:
    year = report_period(ReportKind.YEAR, END_OF_Q3)
    assert report_file_name(AGREEMENT, Q3, ReportFormat.PDF) == "kvartalsrapport-Eslöv-2025-Q3.pdf"
    assert report_file_name(AGREEMENT, year, ReportFormat.XLSX) == "arsrapport-Eslöv-2025.xlsx"


def test_build_report_judges_a_finished_quarter_on_its_last_day(eslov_q3_store: Path) -> None:
    with store.open_store(eslov_q3_store) as con:
        agreement = store.fetch_agreements(con)[0]
        data = build_report(con, agreement, Q3, ReportFormat.PDF, today=dt.date(2025, 12, 1))
    assert "läget bedömt 30 september 2025" in pdf_text_of(data)


@pytest.mark.parametrize(
    ("arguments", "check"),
    [
        (["--kind", "kvartal", "--format", "pdf"], lambda d: d.startswith(b"%PDF-")),
        (["--kind", "ar", "--format", "xlsx"], lambda d: d.startswith(b"PK")),
    ],
)
def test_cli_writes_the_report(
    eslov_q3_store: Path, tmp_path: Path, arguments: list[str], check: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    out = tmp_path / "rapport"
    code = main(
        ["report", *arguments, str(out), "--db", str(eslov_q3_store), "--as-of", "2025-09-30"]
    )
    assert code == 0
    assert check(out.read_bytes())
    written = capsys.readouterr()
    assert "för Eslöv är skriven till" in written.out
    assert written.err == ""  # the plan was there: nothing to warn about


def test_cli_takes_the_format_from_the_path(eslov_q3_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "rapport.pdf"
    assert main(["report", "--kind", "kvartal", str(out), "--db", str(eslov_q3_store)]) == 0
    assert out.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--kind", "kvartal", "rapport.txt"], "--format xlsx eller --format docx (eller en"),
        (["--kind", "vecka", "rapport.pdf"], "ogiltigt val"),
        (["--kind", "ar", "rapport.pdf", "--as-of", "igår"], "är inget datum"),
        (["--kind", "ar", "rapport.pdf", "--kommun", "Lund"], 'Ingen överenskommelse för "Lund"'),
    ],
)
def test_cli_refuses_in_swedish(
    eslov_q3_store: Path, tmp_path: Path, arguments: list[str], message: str,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    assert main(["report", *arguments, "--db", str(eslov_q3_store)]) == 2
    assert message in capsys.readouterr().err


def test_cli_on_an_empty_store_says_what_to_do(
    empty_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "r.pdf"
    assert main(["report", "--kind", "ar", str(path), "--db", str(empty_store)]) == 2
    assert "ingen överenskommelse" in capsys.readouterr().err
    assert not path.exists()


# -- a period before the first plan ------------------------------------------------------------

Q1 = report_period(ReportKind.QUARTER, dt.date(2025, 2, 1))


@pytest.mark.parametrize(
    ("first", "day", "expected"),
    [
        (None, D(2025, 3, 31), "Överenskommelsen har ingen aktivitetsplan inläst ännu"),
        (D(2025, 6, 1), D(2025, 3, 31), "Den första aktivitetsplanen laddades upp 1 juni 2025, "
         "efter 31 mars 2025 som rapporten bedöms på, så rapporten blir tom."),
        (D(2025, 3, 31), D(2025, 3, 31), None),  # uploaded on the judging day: it counts
        (D(2025, 1, 2), D(2025, 3, 31), None),
    ],
)  # fmt: skip
def test_missing_plan_text(first: dt.date | None, day: dt.date, expected: str | None) -> None:
    text = missing_plan_text(first, day)
    if expected is None:
        assert text is None
    else:
        assert text is not None
        assert text.startswith(expected)


def test_a_report_before_the_first_plan_says_when_the_plan_came(eslov_q3_store: Path) -> None:
    with store.open_store(eslov_q3_store) as con:
        agreement = store.fetch_agreements(con)[0]
        assert agreement.id is not None
        assert first_plan_day(con, agreement.id) == D(2025, 6, 1)
        data = build_report(con, agreement, Q1, ReportFormat.PDF, today=D(2025, 12, 1))
    text = " ".join(pdf_text_of(data).split())
    assert (
        "Det fanns ingen aktivitetsplan att redovisa för perioden: den första laddades upp "
        "1 juni 2025, efter periodens slut." in text
    )


def test_a_withdrawn_first_plan_does_not_count_as_the_first(eslov_q3_store: Path) -> None:
    with store.open_store(eslov_q3_store) as con:
        agreement = store.fetch_agreements(con)[0]
        assert agreement.id is not None
        first = min(store.fetch_uploads(con, agreement.id), key=lambda u: u.uploaded_at)
        assert set_upload_withdrawn(con, first.id, True, changed_by="admin")
        assert first_plan_day(con, agreement.id) == D(2025, 8, 15)


def test_cli_warns_when_the_report_has_no_plan_to_show(
    eslov_q3_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "q1.pdf"
    arguments = ["report", "--kind", "kvartal", str(out), "--as-of", "2025-02-01"]
    assert main([*arguments, "--db", str(eslov_q3_store)]) == 0
    written = capsys.readouterr()
    assert "Kvartalsrapporten kvartal 1 2025 för Eslöv är skriven till" in written.out
    assert written.err.startswith(
        "Varning: Den första aktivitetsplanen laddades upp 1 juni 2025, efter 1 februari 2025"
    )
    assert "samverkan import FIL --uploaded-at ÅÅÅÅ-MM-DD" in written.err
    assert out.read_bytes().startswith(b"%PDF-")
