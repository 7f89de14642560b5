"""Personnummer as people type them: every place text comes in is screened the same way.

A valid number in any typed form (spaces around the separator, a non-breaking hyphen, a minus
sign, a soft hyphen, a dash, full-width digits) is refused, in a cell, a comment, a CSV, an
.ods, a survey file, the agreement editor and a meeting's note. A number written like one whose
check digit is wrong is a typo in a person's number: a warning naming the cell. Dates, phone
numbers, diarienummer and amounts are neither.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.comments import Comment

from samverkan import store
from samverkan.agreement import validate_definition
from samverkan.cli import main
from samverkan.excel.plan import ImportOptions
from samverkan.importing.pipeline import read_upload
from samverkan.models import Agreement, AgreementDefinition, FocusArea, Goal, GoalKind
from samverkan.privacy import find_personal_numbers, typed_personal_number
from samverkan.store.meetings import fetch_meetings
from tests.conftest import make_activity_row, make_plan_workbook
from tests.hostile_files import _replace_member, _with_member
from tests.survey_files import make_long_row, make_long_survey
from tests.test_privacy import check_digit

FIXTURES = Path(__file__).parents[1] / "fixtures"

# 19121212-1212 (Skatteverket's example) as people type it.
TYPED_FORMS = [
    pytest.param("19121212 - 1212", id="spaces around the hyphen"),
    pytest.param("121212 -1212", id="space before the hyphen"),
    pytest.param("121212\u20111212", id="non-breaking hyphen U+2011"),
    pytest.param("121212\u20101212", id="hyphen U+2010"),
    pytest.param("121212\u22121212", id="minus sign U+2212"),
    pytest.param("121212\u00ad1212", id="soft hyphen U+00AD"),
    pytest.param("121212\u00ad-1212", id="soft hyphen and hyphen"),
    pytest.param("121212\u20131212", id="en dash"),
    pytest.param("19121212 \u2013 1212", id="en dash with spaces"),
    pytest.param("121212\u20141212", id="em dash"),
    pytest.param("121212\u20121212", id="figure dash"),
    pytest.param("121212\uff0d1212", id="full-width hyphen"),
    pytest.param("１９１２１２１２－１２１２", id="full-width digits"),
    pytest.param("１２１２１２-1212", id="full-width date"),
    pytest.param("121212\u202f1212", id="narrow no-break space"),
    pytest.param("121212\u20091212", id="thin space"),
    pytest.param("121212\t1212", id="tab"),
    pytest.param("19121212\u00a0-\u00a01212", id="no-break spaces around the hyphen"),
    pytest.param("121212\uff0b1212", id="full-width plus"),
    pytest.param("１９１２１２１２１２１２", id="twelve full-width digits"),
]

# Written like a number, a real date, but the check digit is wrong: a warning.
TYPOS = [
    pytest.param("19121212-1213", id="century and hyphen"),
    pytest.param("121212-1213", id="hyphen"),
    pytest.param("191212121213", id="century, no separator"),
    pytest.param("121212 - 1213", id="spaces around the hyphen"),
    pytest.param("121272-1213", id="samordningsnummer"),
    pytest.param("１２１２１２－１２１３", id="full-width"),
]

# Neither a number nor a typo: no hit at all, so no warning either.
NOT_PERSONAL_NUMBERS = [
    pytest.param("KS 2024/123", id="diarienummer"),
    pytest.param("Dnr KS 2023-000123", id="diarienummer with year"),
    pytest.param("SN 2024.1234", id="diarienummer with a dot"),
    pytest.param("2024-05-31", id="ISO date"),
    pytest.param("2024-05-31 – 2024-06-30", id="date range"),
    pytest.param("31/5 2024", id="Swedish date"),
    pytest.param("v. 20 2024", id="week"),
    pytest.param("Handlingsplan 2024–2027", id="period"),
    pytest.param("040-123 45 67", id="phone with area code"),
    pytest.param("070-123 45 67", id="mobile written out"),
    pytest.param("0701234567", id="mobile, ten digits failing the check"),
    pytest.param("+46 70 123 45 67", id="international phone"),
    pytest.param("1 250 000 kr", id="amount with spaces"),
    pytest.param("1\u00a0250\u00a0000 kr", id="amount with no-break spaces"),
    pytest.param("250000 - 1000 kr", id="amount minus amount"),
    pytest.param("Budget 120000-150000", id="amount range"),
    pytest.param("Org.nr 212000-1124", id="organisation number"),
    pytest.param("556677-8899", id="company number"),
    pytest.param("Bankgiro 5050-1055", id="bank giro"),
    pytest.param("211 20 Malmö", id="postal code"),
    pytest.param("Order 00121212121200", id="long order number"),
    pytest.param("121312-1212", id="month 13"),
    pytest.param("121232-1212", id="day 32"),
    pytest.param("1212121213", id="ten digits failing the check"),
]


@pytest.mark.parametrize("form", TYPED_FORMS)
def test_a_typed_form_of_a_valid_number_is_refused(form: str) -> None:
    (hit,) = find_personal_numbers(f"Samtal med {form} om oro")
    assert hit.text == form
    assert hit.is_refused


@pytest.mark.parametrize("form", TYPOS)
def test_a_number_with_a_wrong_check_digit_is_a_typo(form: str) -> None:
    (hit,) = find_personal_numbers(f"Gäller {form}.")
    assert (hit.text, hit.is_certain, hit.has_valid_check_digit) == (form, True, False)
    assert not hit.is_refused


@pytest.mark.parametrize("text", NOT_PERSONAL_NUMBERS)
def test_what_is_no_personal_number_at_all(text: str) -> None:
    assert find_personal_numbers(text) == []


# Each typed form of a number, as a function of its parts (date written YYMMDD, NNNN).
FORM_WRITERS = [
    lambda century, short, nnnn: f"{century}{short} - {nnnn}",
    lambda century, short, nnnn: f"{short} -{nnnn}",
    lambda century, short, nnnn: f"{short}\u2011{nnnn}",
    lambda century, short, nnnn: f"{short}\u2212{nnnn}",
    lambda century, short, nnnn: f"{short}\u00ad{nnnn}",
    lambda century, short, nnnn: f"{century}{short}\u2013{nnnn}",
    lambda century, short, nnnn: f"{short}\u2014{nnnn}",
    lambda century, short, nnnn: f"{century}{short}\u00a0{nnnn}",
    lambda century, short, nnnn: to_full_width(f"{century}{short}-{nnnn}"),
    lambda century, short, nnnn: to_full_width(f"{short}") + f"\uff0d{nnnn}",
    lambda century, short, nnnn: to_full_width(f"{century}{short}{nnnn}"),
]
# Text around the number: no digits touching it, anything else (letters, punctuation, å ä ö).
SURROUNDINGS = st.text(
    alphabet=st.characters(
        blacklist_categories=("Nd", "No", "Cs"), blacklist_characters="+\u00ad\u2212-"
    ),
    max_size=20,
)


def to_full_width(text: str) -> str:
    return "".join(chr(ord(c) - ord("0") + 0xFF10) if c.isdigit() else c for c in text)


@given(
    birth=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2026, 12, 7)),
    serial=st.integers(min_value=0, max_value=999),
    samordning=st.booleans(),
    writer=st.sampled_from(FORM_WRITERS),
    before=SURROUNDINGS,
    after=SURROUNDINGS,
)
def test_any_valid_number_in_any_typed_form_in_any_text_is_refused(
    birth: dt.date,
    serial: int,
    samordning: bool,
    writer: object,
    before: str,
    after: str,
) -> None:
    day = birth.day + (60 if samordning else 0)
    short = f"{birth:%y%m}{day:02d}"
    nine = f"{short}{serial:03d}"
    nnnn = f"{serial:03d}{check_digit(nine)}"
    assert callable(writer)
    form = writer(str(birth.year)[:2], short, nnnn)
    hits = find_personal_numbers(f"{before} {form} {after}")
    assert [h.is_refused for h in hits] == [True]
    assert hits[0].kind == ("samordningsnummer" if samordning else "personnummer")


# -- every way text comes in -------------------------------------------------------------------


def plan_with_cell(text: str) -> bytes:
    return make_plan_workbook([make_activity_row(Kommentar=text)])


def plan_with_comment(text: str) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(make_plan_workbook([make_activity_row()])))
    sheet = workbook.active
    assert sheet is not None
    sheet["C2"].comment = Comment(f"Kontakt {text}", "Handläggare")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plan_as_csv(text: str) -> bytes:
    return f"Aktivitet;Ansvarig;Kommentar\nHembesök;Socialtjänsten;Gäller {text}\n".encode()


def _ods_with(text: str, *, as_comment: bool) -> bytes:
    data = (FIXTURES / "libreoffice_plan.ods").read_bytes()
    source = zipfile.ZipFile(io.BytesIO(data))
    content = source.read("content.xml").decode()
    marker = "<text:p>SSPF-möten varannan vecka</text:p>"
    assert marker in content
    if as_comment:
        written = f"<office:annotation><text:p>Kontakt {text}</text:p></office:annotation>{marker}"
    else:
        written = f"<text:p>SSPF-möten med {text}</text:p>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = (
                content.replace(marker, written).encode()
                if item.filename == "content.xml"
                else None
            )
            target.writestr(item, body if body is not None else source.read(item))
    return out.getvalue()


def ods_with_cell(text: str) -> bytes:
    return _ods_with(text, as_comment=False)


def ods_with_comment(text: str) -> bytes:
    return _ods_with(text, as_comment=True)


def survey_with_cell(text: str) -> bytes:
    return make_long_survey(make_long_row(Område=f"Kontakt {text}"))


FILES = [
    pytest.param(plan_with_cell, "plan.xlsx", 'blad "Aktivitetsplan 2024", rad 2, kolumn H',
                 id="xlsx"),
    pytest.param(plan_with_comment, "plan.xlsx", "rad 2, kolumn C", id="xlsx comment"),
    pytest.param(plan_as_csv, "plan.csv", 'blad "plan", rad 2, kolumn C', id="csv"),
    pytest.param(ods_with_cell, "plan.ods", 'blad "Handlingsplan 2024", rad 5, kolumn A', id="ods"),
    pytest.param(ods_with_comment, "plan.ods", 'blad "Handlingsplan 2024", rad 5, kolumn A',
                 id="ods comment"),
    pytest.param(survey_with_cell, "trygghet.xlsx", 'blad "Trygghetsmätning", rad 2, kolumn C',
                 id="survey"),
]  # fmt: skip


@pytest.mark.parametrize(("build", "name", "where"), FILES)
@pytest.mark.parametrize(
    "form", ["19121212 - 1212", "121212\u20111212", "１２１２１２\u22121212", "121212\u00ad1212"]
)
def test_every_file_refuses_a_typed_number_naming_the_cell(
    build: object, name: str, where: str, form: str
) -> None:
    assert callable(build)
    outcome = read_upload(build(form), name, ImportOptions(kommun="Eslöv"))
    errors = [str(i) for i in outcome.report.errors]
    assert errors, outcome.report.issues
    assert where in errors[0]
    assert "personnummer" in errors[0]
    assert form not in errors[0]  # the number itself is not repeated where it is shown


def _saved(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plan_with_footer(text: str) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(make_plan_workbook([make_activity_row()])))
    assert workbook.active is not None
    footer = workbook.active.oddFooter
    assert footer is not None
    footer.center.text = f"Kontakt {text}"
    return _saved(workbook)


def plan_with_properties(text: str) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(make_plan_workbook([make_activity_row()])))
    workbook.properties.subject = f"Gäller {text}"
    return _saved(workbook)


def plan_with_text_box(text: str) -> bytes:
    """A text box on the sheet (Infoga → Textruta): its runs split the number, as Excel may."""
    half = len(text) // 2
    drawing = (
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/'
        'spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        "<xdr:twoCellAnchor><xdr:sp><xdr:txBody><a:p><a:r><a:t>Kontakt "
        f"{text[:half]}</a:t></a:r><a:r><a:t>{text[half:]}</a:t></a:r></a:p></xdr:txBody>"
        "</xdr:sp></xdr:twoCellAnchor></xdr:wsDr>"
    )
    data = make_plan_workbook([make_activity_row()])
    return _with_member(data, "xl/drawings/drawing1.xml", drawing.encode())


def plan_with_part(name: str, xml: str) -> bytes:
    return _with_member(make_plan_workbook([make_activity_row()]), name, xml.encode())


def plan_with_chart_title(text: str) -> bytes:
    chart = (
        '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><c:chart><c:title>'
        f"<c:tx><c:rich><a:p><a:r><a:t>Ärende {text}</a:t></a:r></a:p></c:rich></c:tx>"
        "</c:title></c:chart></c:chartSpace>"
    )
    return _with_member(make_plan_workbook([make_activity_row()]), "xl/charts/chart1.xml",
                        chart.encode())  # fmt: skip


def _ods_part(name: str, change: object) -> bytes:
    data = (FIXTURES / "libreoffice_plan.ods").read_bytes()
    assert callable(change)
    text = zipfile.ZipFile(io.BytesIO(data)).read(name).decode()
    return _replace_member(data, name, change(text).encode())


def ods_with_footer(text: str) -> bytes:
    def change(styles: str) -> str:
        end = styles.index(">", styles.index("<style:master-page")) + 1
        footer = f"<style:footer><text:p>Kontakt {text}</text:p></style:footer>"
        return styles[:end] + footer + styles[end:]

    return _ods_part("styles.xml", change)


def ods_with_properties(text: str) -> bytes:
    subject = f"<dc:subject>Gäller {text}</dc:subject></office:meta>"
    return _ods_part("meta.xml", lambda meta: meta.replace("</office:meta>", subject))


def ods_with_chart_title(text: str) -> bytes:
    """A chart (allowed by the guard: its manifest says so) whose title holds the number."""
    chart = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        f"<office:chart><text:p>Ärende <text:span>{text}</text:span></text:p></office:chart>"
        "</office:body></office:document-content>"
    )
    data = (FIXTURES / "libreoffice_plan.ods").read_bytes()
    data = _with_member(data, "Object 1/content.xml", chart.encode())
    manifest = zipfile.ZipFile(io.BytesIO(data)).read("META-INF/manifest.xml").decode()
    entry = (
        '<manifest:file-entry manifest:full-path="Object 1/" '
        'manifest:media-type="application/vnd.oasis.opendocument.chart"/></manifest:manifest>'
    )
    manifest = manifest.replace("</manifest:manifest>", entry)
    return _replace_member(data, "META-INF/manifest.xml", manifest.encode())


@pytest.mark.parametrize(
    ("build", "name", "where"),
    [
        pytest.param(plan_with_footer, "plan.xlsx", "sidhuvud eller sidfot", id="footer"),
        pytest.param(plan_with_properties, "plan.xlsx", "dokumentegenskaper", id="properties"),
        pytest.param(plan_with_text_box, "plan.xlsx", "textrutor och former", id="text box"),
        pytest.param(plan_with_chart_title, "plan.xlsx", "diagram", id="chart title"),
        pytest.param(
            lambda text: plan_with_part("customXml/item1.xml", f"<elev><nr>{text}</nr></elev>"),
            "plan.xlsx",
            "anpassade XML-data",
            id="custom xml",
        ),
        pytest.param(
            lambda text: plan_with_part("xl/anteckning.xml", f"<a><b>Gäller {text}</b></a>"),
            "plan.xlsx",
            "xl/anteckning.xml",
            id="a part nothing links",
        ),
        pytest.param(ods_with_footer, "plan.ods", "sidhuvud eller sidfot", id="ods footer"),
        pytest.param(ods_with_properties, "plan.ods", "dokumentegenskaper", id="ods properties"),
        pytest.param(ods_with_chart_title, "plan.ods", "diagram", id="ods chart title"),
    ],
)
@pytest.mark.parametrize("form", ["19121212-1212", "121212\u20111212"])
def test_a_workbooks_text_outside_the_cells_is_screened_too(
    build: object, name: str, where: str, form: str
) -> None:
    # Not a value, so never imported; but the original file is stored as uploaded.
    assert callable(build)
    outcome = read_upload(build(form), name, ImportOptions(kommun="Eslöv"))
    errors = [str(i) for i in outcome.report.errors]
    assert errors, outcome.report.issues
    assert f"Arbetsbokens {where} innehåller ett personnummer" in errors[0]
    assert form not in errors[0]


def test_a_workbooks_footer_with_a_date_or_a_phone_number_is_no_finding() -> None:
    data = plan_with_footer("040-123 45 67, utskrivet 2026-12-07 &P av &N")
    outcome = read_upload(data, "plan.xlsx", ImportOptions(kommun="Eslöv"))
    assert not outcome.report.errors, outcome.report.errors


@pytest.mark.parametrize(("build", "name", "where"), FILES)
def test_every_file_warns_of_a_typo_naming_the_cell(build: object, name: str, where: str) -> None:
    assert callable(build)
    outcome = read_upload(build("19121212 - 1213"), name, ImportOptions(kommun="Eslöv"))
    assert not outcome.report.errors, outcome.report.errors
    warnings = [str(i) for i in outcome.report.warnings if "kontrollsiffra" in i.message]
    assert len(warnings) == 1, outcome.report.warnings
    assert where in warnings[0]
    assert "felskrivet personnummer" in warnings[0]


@pytest.mark.parametrize("text", NOT_PERSONAL_NUMBERS[:12])
def test_a_plan_with_dates_phones_and_diarienummer_has_no_personal_data_finding(
    text: str,
) -> None:
    outcome = read_upload(plan_with_cell(text), "plan.xlsx", ImportOptions(kommun="Eslöv"))
    assert outcome.report.is_accepted
    assert not [i for i in outcome.report.issues if "personnummer" in i.message]


AGREEMENT = Agreement(
    kommun="Eslöv",
    lpo="Mitt Skåne",
    title="Samverkansöverenskommelse 2024",
    period_start=dt.date(2024, 1, 1),
    period_end=dt.date(2027, 12, 31),
)


@pytest.mark.parametrize(
    ("change", "where"),
    [
        pytest.param({"title": "Överenskommelse 19121212 - 1212"}, "Titeln", id="title"),
        pytest.param({"lpo": "Mitt Skåne 121212\u20111212"}, "Lokalpolisområdet", id="lpo"),
        pytest.param({"area": "Droger 121212\u22121212"}, "Fokusområden, rad 1", id="focus area"),
        pytest.param({"goal": "Stöd till １２１２１２－１２１２"}, "Mål, rad 1", id="goal"),
        pytest.param({"indicator": "Index 121212\u00ad1212"}, "Mål, rad 1", id="indicator"),
    ],
)
def test_the_agreement_editor_refuses_a_typed_number(change: dict[str, str], where: str) -> None:
    definition = AgreementDefinition(
        agreement=AGREEMENT.model_copy(
            update={k: v for k, v in change.items() if k in {"title", "lpo"}}
        ),
        focus_areas=[FocusArea(name=change.get("area", "Droger"))],
        goals=[
            Goal(
                kind=GoalKind.OUTCOME,
                text=change.get("goal", "Minskad narkotikahandel"),
                indicator=change.get("indicator"),
            )
        ],
    )
    (message,) = [m for m in validate_definition(definition, []) if "personnummer" in m]
    assert message.startswith(where)


def test_the_agreement_editor_accepts_dates_diarienummer_and_a_typo() -> None:
    definition = AgreementDefinition(
        agreement=AGREEMENT.model_copy(update={"title": "Överenskommelse KS 2024/123"}),
        focus_areas=[FocusArea(name="Droger 2024-05-31")],
        goals=[Goal(kind=GoalKind.OUTCOME, text="Se 19121212-1213, tel 070-123 45 67")],
    )
    assert validate_definition(definition, []) == []


def test_typed_personal_number_says_where() -> None:
    assert typed_personal_number("Beslut om KS 2024/123", "Anteckningen") is None
    assert typed_personal_number(None, "Anteckningen") is None
    refusal = typed_personal_number("Ärendet 19121212 - 1212", "Anteckningen")
    assert refusal is not None
    assert refusal.startswith("Anteckningen innehåller ett personnummer.")


def test_the_command_line_refuses_a_meeting_note_with_a_number(
    eslov_2022_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(eslov_2022_store)
    note = "Beslut om 19121212 - 1212"
    args = ["meeting", "add", "--db", db, "--date", "2022-10-01", "--note", note]
    assert main(args) == 2
    assert "Anteckningen innehåller ett personnummer" in capsys.readouterr().err
    with store.open_store(db) as con:
        (agreement,) = store.fetch_agreements(con)
        assert fetch_meetings(con, agreement.id or 0) == []
    ok = ["meeting", "add", "--db", db, "--date", "2022-10-01", "--note", "Beslut KS 2022/12"]
    assert main(ok) == 0


def test_the_meeting_form_refuses_a_note_with_a_number(writable_demo_store: Path) -> None:
    from tests.web.test_app import open_page

    app = open_page("pages/forandringar.py")
    before = app.expander[0].label
    app.text_input(key="nytt_mote_anteckning").input("Samtal med 121212\u20111212")
    app.form_submit_button[0].click().run()
    assert not app.exception
    assert any("Anteckningen innehåller ett personnummer" in w.value for w in app.warning)
    assert not any("Mötet är sparat" in s.value for s in app.success)
    assert app.expander[0].label == before
    with store.open_store(writable_demo_store) as con:
        notes = [
            m.note for a in store.fetch_agreements(con) for m in fetch_meetings(con, a.id or 0)
        ]
    assert not any(note and "1212" in note for note in notes)


def test_the_agreement_page_refuses_a_title_with_a_number(nothing_store: Path) -> None:
    from tests.conftest import store_snapshot
    from tests.web.test_agreement_page import fill_create_form, messages, open_page

    app = open_page()
    before = store_snapshot(nothing_store)
    fill_create_form(app, ny_kommun="Lomma", ny_lpo="Kävlinge", ny_titel="Trygga 19121212 - 1212")
    app.button[0].click().run()
    assert not app.exception
    assert "Titeln innehåller ett personnummer" in messages(app, "error")
    assert store_snapshot(nothing_store) == before
