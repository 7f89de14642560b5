"""Ladda upp as a script (AppTest): column choices remembered per kommun, survey files, codes.

Each test writes, so each has its own store; the page is reached the way a bookmark does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from samverkan import store
from samverkan.excel.locate import needs_choice
from samverkan.excel.plan import ImportOptions
from samverkan.importing.pipeline import read_upload
from samverkan.importing.reading import read_plan
from samverkan.models import ImportIssue, ImportReport, IssueCode, Severity, Unit
from samverkan.web.survey_upload import format_survey_value
from samverkan.web.upload import needs_kommun
from tests.conftest import SAMPLES, make_activity_row, make_plan_workbook
from tests.survey_files import KOLADA_CSV, make_workbook

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parents[1] / "fixtures"
TITLE = ["Handlingsplan 2024 för Burlövs kommun och lokalpolisområde Kävlinge"]
HEADERS = ("ID", "Fokusområde", "Aktivitet", "Kontakt", "Slutdatum", "Status", "Budget")
SURVEY = SAMPLES / "trygghetsmatning_eslov_2020-2023.xlsx"


@pytest.fixture
def page_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty store the page writes to (no demo)."""
    path = tmp_path / "upload.duckdb"
    with store.open_store(path):
        pass
    monkeypatch.setenv("SAMVERKAN_DB", str(path))
    monkeypatch.setenv("SAMVERKAN_DEMO", "0")
    return path


def survey_without_kommun() -> bytes:
    """A long survey table with no Kommun column and no title naming one."""
    return make_workbook(
        [
            ["År", "Område", "Indikator", "Mått", "Värde"],
            [2022, "Hela kommunen", "Totalindex", "Index 0–6", 1.9],
            [2023, "Hela kommunen", "Totalindex", "Index 0–6", 1.8],
        ]
    )


def contact_plan(*titles: str) -> bytes:
    """Burlöv's plan with an unknown column Kontakt (the owner) and Budget."""
    rows = [
        make_activity_row(
            ID=f"B{n}", Aktivitet=title, Kontakt=f"Kontakt {n}", Budget="10 000 kr",
            Slutdatum=dt.date(2024, 5 + n, 1),
        )
        for n, title in enumerate(titles, start=1)
    ]  # fmt: skip
    return make_plan_workbook(rows, headers=HEADERS, title_rows=[TITLE])


def open_upload_page() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page("pages/ladda_upp.py").run()
    return app


def upload(app: AppTest, name: str, data: bytes) -> None:
    app.get("file_uploader")[0].upload(name, data).run()  # type: ignore[attr-defined]
    assert not app.exception, [e.value for e in app.exception]


def column_choice(app: AppTest, header: str) -> Any:
    return next(s for s in app.selectbox if s.label == f"Kolumnen ”{header}”")


def mapping_shown(app: AppTest) -> dict[str, str]:
    """The read-only table of the first sheet: header as written → what it is read as."""
    frame = next(t.value for t in app.table if "Rubrik i filen" in t.value.columns)
    return dict(zip(frame["Rubrik i filen"], frame["Läses som"], strict=True))


def save(app: AppTest) -> None:
    next(b for b in app.button if b.label == "Spara").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def owners(path: Path, kommun: str) -> dict[str, str | None]:
    with store.open_store(path) as con:
        agreement = next(a for a in store.fetch_agreements(con) if a.kommun == kommun)
        return {a.title: a.owner for a in store.fetch_current_activities(con, agreement.id or 0)}


def test_a_column_choice_rereads_the_file_and_is_remembered_for_the_next_upload(
    page_store: Path,
) -> None:
    app = open_upload_page()
    upload(app, "plan.xlsx", contact_plan("Trygghetsvandring", "Belysning i parken"))
    kontakt = column_choice(app, "Kontakt")
    assert kontakt.value == "extra"
    assert column_choice(app, "Budget").value == "extra"
    assert mapping_shown(app)["Kontakt"] == "Extra kolumn (behålls som den skrevs)"
    assert "Status" not in [s.label for s in app.selectbox], "known columns keep no dropdown"

    kontakt.set_value("owner").run()
    assert mapping_shown(app)["Kontakt"] == "Ansvarig"
    assert column_choice(app, "Kontakt").value == "owner", "the choice stays to be changed"
    column_choice(app, "Budget").set_value("").run()
    assert mapping_shown(app)["Budget"] == "(läses inte in)"
    save(app)
    assert any("Sparat: 2 aktiviteter" in s.value for s in app.success)
    with store.open_store(page_store) as con:
        assert store.fetch_column_mapping(con, "Burlöv") == {"Kontakt": "owner", "Budget": ""}
    assert owners(page_store, "Burlöv") == {
        "Trygghetsvandring": "Kontakt 1",
        "Belysning i parken": "Kontakt 2",
    }

    again = open_upload_page()
    upload(again, "plan-v2.xlsx", contact_plan("Trygghetsvandring", "Ny belysning", "Kameror"))
    assert any("Kolumnvalen från förra uppladdningen används" in i.value for i in again.info)
    assert column_choice(again, "Kontakt").value == "owner"
    assert mapping_shown(again)["Kontakt"] == "Ansvarig"
    save(again)
    assert owners(page_store, "Burlöv")["Kameror"] == "Kontakt 3"


def test_a_remembered_choice_can_be_changed_on_the_next_upload(page_store: Path) -> None:
    with store.open_store(page_store) as con:
        store.save_column_mapping(con, "Burlöv", {"Kontakt": "owner"})
    app = open_upload_page()
    upload(app, "plan.xlsx", contact_plan("Trygghetsvandring"))
    assert mapping_shown(app)["Kontakt"] == "Ansvarig"
    column_choice(app, "Kontakt").set_value("working_group").run()
    assert mapping_shown(app)["Kontakt"] == "Arbetsgrupp"
    save(app)
    with store.open_store(page_store) as con:
        assert store.fetch_column_mapping(con, "Burlöv")["Kontakt"] == "working_group"


def test_another_kommun_does_not_get_the_choices(page_store: Path) -> None:
    with store.open_store(page_store) as con:
        store.save_column_mapping(con, "Lomma", {"Kontakt": "owner"})
    app = open_upload_page()
    upload(app, "plan.xlsx", contact_plan("Trygghetsvandring"))
    assert not any("förra uppladdningen" in i.value for i in app.info)
    assert column_choice(app, "Kontakt").value == "extra"


def test_a_survey_file_is_previewed_and_saved(page_store: Path) -> None:
    app = open_upload_page()
    upload(app, "trygghetsmatning.xlsx", SURVEY.read_bytes())
    assert "20 mätvärden" in app.success[0].value
    text = "\n".join(m.value for m in app.markdown)
    assert "**Eslöv:** 20 mätvärden, år 2020–2023." in text
    for written in ("Totalindex", "Polisen bryr sig om lokala problem", "Centrum"):
        assert written in text
    values = next(t.value for t in app.table if "Indikator" in t.value.columns)
    assert list(values.columns) == ["Indikator", "Område", "Mått", "2020", "2021", "2022", "2023"]
    totalindex = values[
        (values["Indikator"] == "Totalindex") & (values["Område"] == "Hela kommunen")
    ]
    assert totalindex["2020"].item() == "1,95"
    assert not [s for s in app.selectbox if s.label.startswith("Kolumnen")]
    save(app)
    assert any("Sparat: 20 mätvärden" in s.value for s in app.success)
    with store.open_store(page_store) as con:
        assert len(store.fetch_survey_values(con, "Eslöv")) == 20


def test_a_survey_without_its_kommun_asks_for_it(page_store: Path) -> None:
    data = survey_without_kommun()
    app = open_upload_page()
    upload(app, "matning.xlsx", data)
    assert not app.error, "choosing the kommun is a step, not an error"
    assert any("Välj kommun ovan för att fortsätta" in i.value for i in app.info)
    choice = next(s for s in app.selectbox if s.label.startswith("Vilken kommun"))
    choice.set_value("Höör").run()
    assert not app.error
    save(app)
    with store.open_store(page_store) as con:
        assert store.fetch_survey_values(con, "Höör")


def test_the_uploader_takes_every_file_and_the_import_says_what_it_cannot_read(
    page_store: Path,
) -> None:
    """No list of types: the browser would refuse a PDF with an English tooltip only."""
    app = open_upload_page()
    assert not app.get("file_uploader")[0].proto.type


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("plan.pdf", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n", "Filen är en PDF."),
        ("bild.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "Filen är inte en Excel-arbetsbok"),
    ],
)
def test_a_file_that_is_no_plan_is_refused_in_swedish(
    page_store: Path, name: str, data: bytes, says: str
) -> None:
    app = open_upload_page()
    upload(app, name, data)
    assert app.error[0].value.startswith("Filen kan inte läsas in")
    # The table writes each message as Markdown (escaped).
    messages = [m.replace("\\", "") for t in app.table for m in t.value.get("Meddelande", [])]
    assert [m for m in messages if m.startswith(says)]
    assert all('"Excel-arbetsbok (.xlsx)"' in m for m in messages)


@pytest.mark.parametrize(
    ("name", "data", "verdict"),
    [
        ("plan.ods", (FIXTURES / "libreoffice_plan.ods").read_bytes(), "5 aktiviteter"),
        ("plan.csv", (FIXTURES / "libreoffice_plan_utf8_bom.csv").read_bytes(), "5 aktiviteter"),
        ("plan.csv", (FIXTURES / "libreoffice_plan_cp1252.csv").read_bytes(), "5 aktiviteter"),
        ("kolada.csv", KOLADA_CSV.encode("utf-8"), "3 mätvärden, med 1 varning"),
    ],
)
def test_ods_and_csv_files_are_read_on_the_page(
    page_store: Path, name: str, data: bytes, verdict: str
) -> None:
    app = open_upload_page()
    upload(app, name, data)
    assert not app.error, [e.value for e in app.error]
    assert f"går att läsa in: {verdict}" in app.success[0].value
    save(app)
    assert any(s.value.startswith("Sparat:") for s in app.success)


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (1.95, Unit.INDEX_0_6, "1,95"),
        (2.0, Unit.INDEX_0_6, "2"),
        (59.0, Unit.PROCENT, "59\u00a0%"),
        (61.5, Unit.PROCENT, "61,5\u00a0%"),
        (1450.5, Unit.PER_100000_INV, "1\u00a0450,5"),
        (0.0, Unit.ANTAL, "0"),
        (None, Unit.INDEX_0_6, "–"),
    ],
)
def test_survey_values_are_written_the_swedish_way(
    value: float | None, unit: Unit, shown: str
) -> None:
    assert format_survey_value(value, unit) == shown


@pytest.mark.parametrize(
    ("header", "read_as", "chosen", "dropdown"),
    [
        ("Kontakt", "extra", {}, True),  # unknown
        ("Budget", "", {}, True),  # left out
        ("Uppföljning", "assessment", {}, True),  # ambiguous: dates or a traffic light
        ("Ansvarig", "extra", {}, True),  # a second owner column
        ("Status", "status", {}, False),
        ("Klart senast:", "due", {}, False),
        ("Ansvarig", "working_group", {"ANSVARIG": "working_group"}, True),  # chosen: stays
    ],
)
def test_which_columns_get_a_dropdown(
    header: str, read_as: str, chosen: dict[str, str], dropdown: bool
) -> None:
    assert needs_choice(header, read_as, chosen) is dropdown


# -- the kommun finding is told by its code, not its words ---------------------------------


@pytest.mark.parametrize(
    ("kommun", "code"),
    [(None, IssueCode.KOMMUN_MISSING), ("Atlantis", IssueCode.KOMMUN_UNKNOWN), ("Lund", None)],
)
def test_a_plan_says_by_code_when_its_kommun_is_missing_or_unknown(
    kommun: str | None, code: IssueCode | None
) -> None:
    report = read_plan(make_plan_workbook(), "plan.xlsx", ImportOptions(kommun=kommun))
    assert [i.code for i in report.errors if i.code] == ([code] if code else [])
    assert needs_kommun(report) is (code is not None)


@pytest.mark.parametrize(
    ("kommun", "code"),
    [(None, IssueCode.KOMMUN_MISSING), ("Atlantis", IssueCode.KOMMUN_UNKNOWN), ("Lund", None)],
)
def test_a_survey_says_by_code_when_its_kommun_is_missing_or_unknown(
    kommun: str | None, code: IssueCode | None
) -> None:
    data = survey_without_kommun()
    outcome = read_upload(data, "matning.xlsx", ImportOptions(kommun=kommun))
    assert outcome.survey is not None
    assert [i.code for i in outcome.survey.errors if i.code] == ([code] if code else [])
    assert needs_kommun(outcome.report) is (code is not None)


@pytest.mark.parametrize(
    ("issue", "asks"),
    [
        (ImportIssue(severity=Severity.ERROR, message="x", code=IssueCode.KOMMUN_MISSING), True),
        (ImportIssue(severity=Severity.ERROR, message="x", code=IssueCode.KOMMUN_UNKNOWN), True),
        (ImportIssue(severity=Severity.WARNING, message="x", code=IssueCode.KOMMUN_MISSING), False),
        # the words alone no longer decide: only the code does
        (ImportIssue(severity=Severity.ERROR, message="Filen säger inte vilken kommun"), False),
    ],
)
def test_only_a_kommun_error_asks_for_the_kommun(issue: ImportIssue, asks: bool) -> None:
    assert needs_kommun(ImportReport(file_name="x.xlsx", issues=[issue])) is asks
