"""The layouts coordinators really write, built with openpyxl and checked field by field."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from openpyxl.styles import Color, Font, PatternFill

from samverkan.excel.plan import ImportOptions
from samverkan.importing.reading import read_plan
from samverkan.models import Activity, Assessment, GoalKind, ImportReport, Party, Status

BURLOV = ImportOptions(kommun="Burlöv")


def save(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def activities(report: ImportReport) -> list[Activity]:
    assert report.is_accepted, [str(i) for i in report.issues]
    return [a for parsed in report.agreements for a in parsed.activities]


def fields(report: ImportReport, *names: str) -> list[tuple[Any, ...]]:
    return [tuple(getattr(a, n) for n in names) for a in activities(report)]


def test_title_block_header_further_down_and_notes_below() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Handlingsplan 2024 – Trygga Burlöv"])
    ws.append(["Burlövs kommun och lokalpolisområde Kävlinge"])
    ws.append([])
    ws.append(["Senast reviderad av styrgruppen i mars"])
    ws.append(["Fokusområde", "Insats", "Ansvarig", "Tidplan", "Status"])
    ws.append(["Droger", "Föräldravandring", "Fritid", "v. 12", "Pågår"])
    ws.append(["Droger", "Tillsyn tobak", "Miljö", "Q2", "Klar"])
    ws.append([])
    ws.append(["Förklaring: status enligt senaste styrgruppsmöte"])
    ws.append(["Grön = enligt plan"])
    ws.append(["Ansvarig samordnare är säkerhetssamordnaren"])
    report = read_plan(save(wb), "plan.xlsx")
    assert fields(report, "title", "due", "due_text", "status") == [
        ("Föräldravandring", dt.date(2024, 3, 24), "v. 12", Status.IN_PROGRESS),
        ("Tillsyn tobak", dt.date(2024, 6, 30), "Q2", Status.DONE),
    ]
    assert report.agreements[0].agreement.kommun == "Burlöv"
    assert report.agreements[0].agreement.lpo == "Kävlinge"
    assert report.agreements[0].agreement.title == "Handlingsplan 2024 – Trygga Burlöv"


def test_merged_focus_area_cells_carry_down() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Fokusområde", "Aktivitet", "Ansvarig", "Klart senast"])
    ws.append(["1. Ungdomar", "SSPF", "Socialtjänsten", "löpande"])
    ws.append([None, "Drogvaneenkät", "Folkhälsa", "maj 2024"])
    ws.append(["2. Våld i nära relationer", "FREDA", "Socialtjänsten", "T1 2024"])
    ws.merge_cells("A2:A3")
    report = read_plan(save(wb), "plan 2024.xlsx", BURLOV)
    assert fields(report, "focus_area", "title", "due") == [
        ("Ungdomar", "SSPF", None),
        ("Ungdomar", "Drogvaneenkät", dt.date(2024, 5, 31)),
        ("Våld i nära relationer", "FREDA", dt.date(2024, 4, 30)),
    ]
    assert [(fa.number, fa.name) for fa in report.agreements[0].focus_areas] == [
        (1, "Ungdomar"),
        (2, "Våld i nära relationer"),
    ]


def test_bold_section_rows_without_a_keyword() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Åtgärd", "Vem", "När"])
    ws.append(["Trygg skolväg"])
    ws["A2"].font = Font(bold=True)
    ws.append(["Skolpolis vid skolstart", "Kommunpolis", "2024-08-20"])
    ws.append(["2: Mängdbrott"])
    ws["A4"].font = Font(bold=True)
    ws.append(["Cykelmärkning", "Kommunpolis", "v. 16 2024"])
    ws.append(["Ensam aktivitet utan mer"])
    report = read_plan(save(wb), "plan.xlsx", BURLOV)
    assert fields(report, "focus_area", "title", "party") == [
        ("Trygg skolväg", "Skolpolis vid skolstart", Party.POLIS),
        ("Mängdbrott", "Cykelmärkning", Party.POLIS),
        ("Mängdbrott", "Ensam aktivitet utan mer", None),
    ]


def test_one_sheet_per_focus_area() -> None:
    wb = openpyxl.Workbook()
    first = wb.active
    assert first is not None
    first.title = "1. Droger"
    first.append(["Aktivitet", "Ansvarig", "Klart"])
    first.append(["Föräldravandring", "Fritid", "2024-05-01"])
    second = wb.create_sheet("Våld 2024")
    second.append(["Fokusområde 2: Våld i nära relationer"])
    second.append(["Aktivitet", "Ansvarig", "Klart"])
    second.append(["FREDA-utbildning", "Socialtjänsten", "2024-09-01"])
    wb.create_sheet("Tomt blad")
    hidden = wb.create_sheet("Listor")
    hidden.append(["Aktivitet", "Ansvarig"])
    hidden.append(["Dold rad", "x"])
    hidden.sheet_state = "hidden"
    report = read_plan(save(wb), "plan.xlsx", BURLOV)
    assert fields(report, "sheet", "focus_area", "title") == [
        ("1. Droger", "Droger", "Föräldravandring"),
        ("Våld 2024", "Våld i nära relationer", "FREDA-utbildning"),
    ]


def test_goal_rows_become_goals_of_their_focus_area() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Plan 2024"])
    ws.append(["Åtgärd", "Ansvar", "Klart"])
    ws.append(["Fokusområde 1: Droger"])
    ws.append(["Effektmål: Färre upplever öppen droghandel (index under 2,0)"])
    ws.append(["Produktionsmål: 20 föräldravandringar"])
    ws.append(["Föräldravandring", "Fritid", "2024-05-01"])
    report = read_plan(save(wb), "plan.xlsx", BURLOV)
    goals = report.agreements[0].goals
    assert [(g.focus_area, g.kind, g.text) for g in goals] == [
        ("Droger", GoalKind.OUTCOME, "Färre upplever öppen droghandel (index under 2,0)"),
        ("Droger", GoalKind.OUTPUT, "20 föräldravandringar"),
    ]
    assert fields(report, "title") == [("Föräldravandring",)]


# openpyxl writes Office's 2007 theme: accent2 C0504D red, accent3 9BBB59 green, accent6 F79646.
FILLS = {
    "rgb": PatternFill("solid", fgColor="FF00B050"),
    "theme-green": PatternFill("solid", fgColor=Color(theme=6)),
    "theme-orange": PatternFill("solid", fgColor=Color(theme=9)),
    "theme-red-lighter": PatternFill("solid", fgColor=Color(theme=5, tint=0.4)),
    "indexed-red": PatternFill("solid", fgColor=Color(indexed=10)),
    "indexed-yellow": PatternFill("solid", fgColor=Color(indexed=13)),
}


@pytest.mark.parametrize(
    ("fill", "expected"),
    [("rgb", Assessment.GREEN), ("theme-green", Assessment.GREEN),
     ("theme-orange", Assessment.YELLOW), ("theme-red-lighter", Assessment.RED),
     ("indexed-red", Assessment.RED), ("indexed-yellow", Assessment.YELLOW)],
)  # fmt: skip
def test_colour_in_a_status_column_sets_assessment_never_status(
    fill: str, expected: Assessment
) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Aktivitet", "Ansvarig", "Status"])
    ws.append(["Trygghetsvandring", "Kommunen", "Pågår"])
    ws["C2"].fill = FILLS[fill]
    report = read_plan(save(wb), "plan 2024.xlsx", BURLOV)
    assert fields(report, "status", "assessment") == [(Status.IN_PROGRESS, expected)]


def test_text_and_colour_that_contradict_warn() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Aktivitet", "Ansvarig", "Bedömning"])
    ws.append(["Trygghetsvandring", "Kommunen", "Grön"])
    ws["C2"].fill = PatternFill("solid", fgColor="FFFF0000")
    report = read_plan(save(wb), "plan 2024.xlsx", BURLOV)
    assert fields(report, "assessment", "assessment_text") == [(Assessment.GREEN, "Grön")]
    (warning,) = report.warnings
    assert (warning.row, warning.column) == (2, "C")
    assert "färgad röd" in warning.message


@pytest.mark.parametrize(
    "headers",
    [
        ("Insats", "Ansvar", "Deadline", "Läge"),
        ("ÅTGÄRD", "Vem?", "Klart senast:", "Bedömning"),
        ("Aktivitet/åtgärd", "Ansvarig (förvaltning)", "Tidplan", "Trafikljus"),
        ("atgard", "ansvarig", "nar", "lage"),
    ],
)
def test_header_synonyms_regardless_of_case_accents_and_punctuation(
    headers: tuple[str, ...],
) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(list(headers))
    ws.append(["Trygghetsvandring", "Säkerhetssamordnare", "2024-05-31", "gul"])
    report = read_plan(save(wb), "plan.xlsx", BURLOV)
    assert fields(report, "title", "owner", "due", "assessment") == [
        ("Trygghetsvandring", "Säkerhetssamordnare", dt.date(2024, 5, 31), Assessment.YELLOW)
    ]


def test_bra_model_columns_keep_the_unmapped_ones_in_extra() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Orsak", "Åtgärd", "Operativa mål", "När", "Vem", "Uppföljning"])
    ws.append(["Otrygg park", "Belysning", "10 nya lampor", "VT 2024", "Tekniska", "Grön"])
    report = read_plan(save(wb), "plan.xlsx", BURLOV)
    (activity,) = activities(report)
    assert activity.extra == {"Orsak": "Otrygg park", "Operativa mål": "10 nya lampor"}
    assert (activity.due, activity.assessment) == (dt.date(2024, 6, 30), Assessment.GREEN)
    assert report.column_mapping["Sheet"]["Uppföljning"] == "assessment"


def test_uppfoljning_with_dates_is_a_follow_up_date() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Aktivitet", "Klart", "Status", "Uppföljning"])
    ws.append(["Vandring", "2024-03-01", "Klar", dt.date(2024, 6, 1)])
    report = read_plan(save(wb), "plan.xlsx", BURLOV)
    assert fields(report, "followup_due") == [(dt.date(2024, 6, 1),)]


def test_a_confirmed_mapping_overrides_the_synonyms() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Aktivitet", "Kontakt", "Färdigt när"])
    ws.append(["Vandring", "Eva", "2024-03-01"])
    mapping = {"Kontakt": "owner", "Färdigt när": "due"}
    options = ImportOptions(kommun="Burlöv", column_mapping=mapping)
    report = read_plan(save(wb), "plan.xlsx", options)
    assert fields(report, "owner", "due") == [("Eva", dt.date(2024, 3, 1))]


@pytest.mark.parametrize(
    ("mapping", "extra", "comment", "budget_shown_as"),
    [
        ({}, {"Budget": "12,5"}, "Bra", "extra"),
        ({"Budget": "extra"}, {"Budget": "12,5"}, "Bra", "extra"),
        ({"Budget": ""}, {}, "Bra", ""),
        ({"Budget": "comment", "Notering": ""}, {}, "12,5", "comment"),
        ({"Budget": "inget-sådant-fält"}, {"Budget": "12,5"}, "Bra", "extra"),
    ],
)
def test_mapping_can_keep_ignore_or_assign_a_column(
    mapping: dict[str, str], extra: dict[str, str], comment: str, budget_shown_as: str
) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Aktivitet", "Budget", "Notering"])
    ws.append(["Vandring", "12,5", "Bra"])
    options = ImportOptions(kommun="Burlöv", column_mapping=mapping)
    report = read_plan(save(wb), "plan.xlsx", options)
    (activity,) = activities(report)
    assert (activity.extra, activity.comment) == (extra, comment)
    shown = report.column_mapping["Sheet"]
    assert (shown["Aktivitet"], shown["Budget"]) == ("title", budget_shown_as)
