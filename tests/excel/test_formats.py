"""One plan saved by LibreOffice as xlsx, ods and csv (cp1252 and UTF-8 with BOM) reads the same.

The files are made by tests/fixtures/make_libreoffice_fixtures.py and committed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from samverkan.excel.guard import FileKind, guard_spreadsheet
from samverkan.importing.reading import read_plan
from samverkan.models import Activity, Assessment, Party, Status

FIXTURES = Path(__file__).parents[1] / "fixtures"
FILES = {
    "libreoffice_plan.xlsx": FileKind.XLSX,
    "libreoffice_plan.ods": FileKind.ODS,
    "libreoffice_plan_cp1252.csv": FileKind.CSV,
    "libreoffice_plan_utf8_bom.csv": FileKind.CSV,
}
EXPECTED = [
    ("Ungdomar och droger", "SSPF-möten varannan vecka", Party.JOINT, "Socialtjänsten",
     None, "löpande", Status.STANDING, Assessment.GREEN),
    ("Ungdomar och droger", "Drogvaneundersökning åk 9", Party.KOMMUN, "Folkhälsostrateg",
     dt.date(2024, 5, 19), "v. 20 2024", Status.IN_PROGRESS, Assessment.YELLOW),
    ("Ungdomar och droger", "Tillsyn av tobaksförsäljning", Party.KOMMUN,
     "Miljö- och byggnadsnämnden", dt.date(2024, 6, 30), "2024-06-30", Status.DONE,
     Assessment.GREEN),
    ("Trygghet i centrum", "Trygghetsvandring med fastighetsägare", Party.POLIS, "Kommunpolis",
     dt.date(2024, 9, 30), "Q3 2024", Status.NOT_STARTED, Assessment.RED),
    ("Trygghet i centrum", "Belysning i Åkarps park", Party.KOMMUN, "Tekniska förvaltningen",
     dt.date(2024, 5, 31), "maj 2024", Status.IN_PROGRESS, Assessment.RED),
]  # fmt: skip


def row_of(activity: Activity) -> tuple[object, ...]:
    return (
        activity.focus_area,
        activity.title,
        activity.party,
        activity.owner,
        activity.due,
        activity.due_text,
        activity.status,
        activity.assessment,
    )


@pytest.mark.parametrize(("name", "kind"), FILES.items())
def test_the_guard_knows_each_format_by_its_bytes(name: str, kind: FileKind) -> None:
    assert guard_spreadsheet((FIXTURES / name).read_bytes()).kind is kind


@pytest.mark.parametrize("name", FILES)
def test_libreoffice_files_read_field_by_field(name: str) -> None:
    report = read_plan((FIXTURES / name).read_bytes(), name)
    assert report.is_accepted, [str(i) for i in report.issues]
    (parsed,) = report.agreements
    assert (parsed.agreement.kommun, parsed.agreement.lpo) == ("Höör", "Höör")
    assert parsed.agreement.period_start == dt.date(2024, 1, 1)
    colours_kept = FILES[name] is not FileKind.CSV  # a CSV has no colours to carry
    expected = [row if colours_kept else (*row[:-1], None) for row in EXPECTED]
    assert [row_of(a) for a in parsed.activities] == expected
    assert parsed.activities[-1].status_text == "Försenad"
    assert parsed.activities[1].comment == "Enkät ute; svar i juni"


def test_csv_apostrophe_before_a_formula_sign_is_taken_off() -> None:
    data = b"Aktivitet;Ansvarig;Kommun\n'=HYPERLINK(\"x\");'-Eva;Lund\n"
    report = read_plan(data, "plan.csv")
    (activity,) = report.agreements[0].activities
    assert (activity.title, activity.owner) == ('=HYPERLINK("x")', "-Eva")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [("Åtgärd;Ansvar;Kommun\nTrygghetsvandring;Säkerhetssamordnare;Höör\n", "cp1252"),
     ("Åtgärd,Ansvar,Kommun\nTrygghetsvandring,Säkerhetssamordnare,Höör\n", "utf-8-sig"),
     ("Åtgärd\tAnsvar\tKommun\nTrygghetsvandring\tSäkerhetssamordnare\tHöör\n", "utf-8")],
)  # fmt: skip
def test_csv_separators_and_encodings(text: str, encoding: str) -> None:
    report = read_plan(text.encode(encoding), "plan.csv")
    (activity,) = report.agreements[0].activities
    assert (activity.title, activity.owner) == ("Trygghetsvandring", "Säkerhetssamordnare")
    assert report.agreements[0].agreement.kommun == "Höör"
