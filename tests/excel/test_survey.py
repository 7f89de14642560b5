"""Reading surveys and key figures: long, wide and Kolada layouts, cells, kommun and errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from samverkan.excel.plan import ImportOptions
from samverkan.excel.read import SheetValues
from samverkan.excel.survey import read_survey
from samverkan.excel.survey_layout import locate_survey_table, parse_survey_number
from samverkan.importing.pipeline import decide_kind, read_upload
from samverkan.kommuner import KOMMUN_CODES, KOMMUNER, is_aggregate_code, kommun_from_code
from samverkan.models import PlanKind, Severity, SurveyReport, Unit
from tests.conftest import EXPECTED, SAMPLES, make_plan_workbook
from tests.survey_files import (
    KOLADA_CSV,
    SAMPLE_SURVEY,
    WIDE_EXPECTED,
    WIDE_RESPONDENTS,
    WIDE_ROWS,
    make_kolada_xlsx,
    make_long_row,
    make_long_survey,
    make_wide_survey,
    make_workbook,
)


def by_key(report: SurveyReport) -> dict[tuple[str, str, int], float | None]:
    return {(v.indicator, v.area, v.year): v.value for v in report.values}


def errors(report: SurveyReport) -> list[str]:
    return [str(i) for i in report.errors]


# -- the sample: long layout ------------------------------------------------------------------


def test_the_sample_imports_to_its_20_values() -> None:
    report = read_survey(SAMPLE_SURVEY.read_bytes(), SAMPLE_SURVEY.name)
    assert report.is_accepted, errors(report)
    assert len(report.values) == EXPECTED[SAMPLE_SURVEY.name]["values"] == 20
    assert report.kommuner == ["Eslöv"]
    assert not report.issues
    values = by_key(report)
    assert values[("Totalindex", "Hela kommunen", 2020)] == 1.95
    assert values[("Totalindex", "Centrum", 2023)] == 2.2
    assert values[("Trygg ute sent en kväll", "Hela kommunen", 2023)] == 63.8
    units = {v.indicator: v.unit for v in report.values}
    assert units == {
        "Totalindex": Unit.INDEX_0_6,
        "Öppen narkotikahandel": Unit.INDEX_0_6,
        "Trygg ute sent en kväll": Unit.PROCENT,
        "Polisen bryr sig om lokala problem": Unit.PROCENT,
    }
    respondents = {(v.area, v.year): v.respondents for v in report.values}
    assert respondents[("Hela kommunen", 2020)] == 1450
    assert respondents[("Centrum", 2022)] == 310


def test_the_sample_is_recognised_as_a_survey_by_its_content() -> None:
    outcome = read_upload(SAMPLE_SURVEY.read_bytes(), "vad som helst.xlsx")
    assert outcome.survey is not None
    assert len(outcome.survey.values) == 20
    assert outcome.report.agreements == []


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"Värde": "1,85"}, 1.85),
        ({"Värde": " 1,85 "}, 1.85),
        ({"Värde": "–"}, None),
        ({"Värde": ".."}, None),
        ({"Värde": "-"}, None),
        ({"Värde": None}, None),
        ({"År": "2023", "Värde": "1.85"}, 1.85),
        ({"År": 2023.0, "Värde": 1.85}, 1.85),
    ],
)
def test_long_values_as_written(cells: dict[str, Any], expected: float | None) -> None:
    report = read_survey(make_long_survey(make_long_row(**cells)), "t.xlsx")
    assert report.is_accepted, errors(report)
    assert [v.value for v in report.values] == [expected]
    assert report.values[0].year == 2023


@pytest.mark.parametrize(
    ("measure", "indicator", "unit"),
    [
        ("Index 0–6", "Öppen narkotikahandel", Unit.INDEX_0_6),
        ("Andel %", "Trygg ute sent en kväll", Unit.PROCENT),
        ("per 100 000 inv", "Anmälda våldsbrott", Unit.PER_100000_INV),
        ("antal", "Anmälda brott", Unit.ANTAL),
        (None, "Trygg ute sent en kväll (%)", Unit.PROCENT),
        (None, "Anmälda våldsbrott, antal/100 000 inv", Unit.PER_100000_INV),
        (None, "Totalindex", Unit.INDEX_0_6),
    ],
)
def test_unit_from_the_measure_column_or_the_name(
    measure: str | None, indicator: str, unit: Unit
) -> None:
    row = make_long_row(Mått=measure, Indikator=indicator, Värde=1.5)
    report = read_survey(make_long_survey(row), "t.xlsx")
    assert report.is_accepted, errors(report)
    assert report.values[0].unit is unit
    assert "(" not in report.values[0].indicator
    assert "100 000" not in report.values[0].indicator


def test_an_unknown_unit_warns_once_and_counts_as_antal() -> None:
    rows = [make_long_row(Mått=None, Indikator="Grannsamverkan", År=y) for y in (2022, 2023)]
    report = read_survey(make_long_survey(*rows), "t.xlsx")
    assert report.is_accepted
    assert {v.unit for v in report.values} == {Unit.ANTAL}
    assert len(report.warnings) == 1
    assert "Grannsamverkan" in report.warnings[0].message


def test_a_whole_kommun_area_however_written_is_hela_kommunen() -> None:
    rows = [make_long_row(Område=None, År=2022), make_long_row(Område="Eslövs kommun")]
    report = read_survey(make_long_survey(*rows), "t.xlsx")
    assert {v.area for v in report.values} == {"Hela kommunen"}


def test_values_outside_their_scale_warn() -> None:
    report = read_survey(make_long_survey(make_long_row(Värde="7,5")), "t.xlsx")
    assert report.is_accepted
    assert "utanför skalan 0–6" in report.warnings[0].message


# -- wide layout --------------------------------------------------------------------------


def test_a_wide_workbook_imports_to_exactly_its_numbers() -> None:
    report = read_survey(make_wide_survey(), "bred.xlsx")
    assert report.is_accepted, errors(report)
    assert {(v.indicator, v.year): v.value for v in report.values} == WIDE_EXPECTED
    assert len(report.values) == len(WIDE_EXPECTED)
    # Missing stays missing: none of the "–", ".." or empty cells became 0.
    assert all(v.value != 0 for v in report.values)
    assert {v.kommun for v in report.values} == {"Eslöv"}
    assert {v.area for v in report.values} == {"Hela kommunen"}
    assert {v.source for v in report.values} == {"Polisen, trygghetsmätning Region Syd 2023"}
    assert {v.year: v.respondents for v in report.values} == WIDE_RESPONDENTS
    units = {v.indicator: v.unit for v in report.values}
    assert units["Trygg ute sent en kväll"] is Unit.PROCENT
    assert units["Totalindex"] is Unit.INDEX_0_6


def test_a_wide_table_with_an_area_column_and_blank_indicator_header() -> None:
    rows: list[list[Any]] = [
        ["Trygghetsmätning, Burlövs kommun"],
        ["Område", None, 2022, 2023],
        ["Hela kommunen", "Totalindex", 1.83, 1.79],
        ["Arlöv", "Totalindex", 2.12, 2.05],
        ["* Index 0–6"],
    ]
    report = read_survey(make_workbook(rows), "t.xlsx")
    assert report.is_accepted, errors(report)
    assert by_key(report) == {
        ("Totalindex", "Hela kommunen", 2022): 1.83,
        ("Totalindex", "Hela kommunen", 2023): 1.79,
        ("Totalindex", "Arlöv", 2022): 2.12,
        ("Totalindex", "Arlöv", 2023): 2.05,
    }
    assert {v.kommun for v in report.values} == {"Burlöv"}


def test_a_wide_cell_that_is_no_number_names_its_cell() -> None:
    rows = [list(r) for r in WIDE_ROWS]
    rows[4][4] = "ca 2"
    report = read_survey(make_wide_survey(rows), "bred.xlsx")
    assert not report.is_accepted
    assert report.values == []
    assert errors(report) == [
        'blad "Eslöv 2019-2023", rad 5, kolumn E: Förstod inte värdet "ca 2". Skriv ett tal '
        "(t.ex. 1,85 eller 61,5), eller – när värdet saknas."
    ]


# -- Kolada -----------------------------------------------------------------------------------


def test_a_kolada_csv() -> None:
    report = read_survey(KOLADA_CSV.encode("utf-8"), "kolada.csv")
    assert report.is_accepted, errors(report)
    assert {(v.kommun, v.year): v.value for v in report.values} == {
        ("Eslöv", 2021): 1012.5,
        ("Eslöv", 2022): 1098.7,
        ("Burlöv", 2022): None,
    }
    assert {(v.indicator, v.unit, v.source) for v in report.values} == {
        ("Anmälda våldsbrott", Unit.PER_100000_INV, "Kolada")
    }
    assert report.kommuner == ["Eslöv", "Burlöv"]
    assert ['"0000"' in w.message and "jämförelsetal" in w.message for w in report.warnings] == [
        True
    ]


def test_a_kolada_xlsx_keeps_the_total_of_both_genders() -> None:
    report = read_survey(make_kolada_xlsx(), "kolada.xlsx")
    assert report.is_accepted, errors(report)
    assert {(v.kommun, v.year): v.value for v in report.values} == {
        ("Eslöv", 2021): 1012.5,
        ("Eslöv", 2022): 1098.7,
        ("Stockholm", 2022): 1401.0,
    }
    assert any("per kön (K, M)" in w.message for w in report.warnings)


def test_kolada_csv_in_windows_1252_with_names() -> None:
    text = "kpi;municipality;period;value\nN07403;Eslöv;2022;1098,7\nN07403;Riket;2022;1050\n"
    report = read_survey(text.encode("cp1252"), "kolada.csv")
    assert report.is_accepted, errors(report)
    assert [(v.kommun, v.value) for v in report.values] == [("Eslöv", 1098.7)]


def test_kolada_codes_name_every_kommun() -> None:
    assert len(KOMMUN_CODES) == 290
    assert set(KOMMUN_CODES.values()) == set(KOMMUNER)
    skane = [name for code, name in KOMMUN_CODES.items() if code.startswith("12")]
    assert len(skane) == 33
    assert kommun_from_code("1285") == "Eslöv"
    assert kommun_from_code("1231") == "Burlöv"
    assert kommun_from_code("180") == "Stockholm"  # a code that lost its leading zero
    assert kommun_from_code("9999") is None
    assert is_aggregate_code("0000")
    assert not is_aggregate_code("1285")


# -- the kommun, and refusals -----------------------------------------------------------------


def test_the_kommun_from_the_option_when_the_file_does_not_say() -> None:
    rows = [["Indikator", 2022, 2023], ["Totalindex", 1.9, 1.8]]
    data = make_workbook(rows)
    refused = read_survey(data, "t.xlsx")
    assert not refused.is_accepted
    assert "--kommun" in errors(refused)[0]
    report = read_survey(data, "t.xlsx", kommun="Eslövs kommun")
    assert report.is_accepted, errors(report)
    assert report.kommuner == ["Eslöv"]


@pytest.mark.parametrize(
    ("cells", "where", "words"),
    [
        ({"År": "tjugotjugo"}, "rad 2, kolumn A", "Året"),
        ({"År": None}, "rad 2, kolumn A", "Året saknas"),
        ({"Kommun": "Atlantis"}, "rad 2, kolumn B", "ingen svensk kommun"),
        ({"Kommun": "9999"}, "rad 2, kolumn B", "Kommunkoden"),
        ({"Indikator": None}, "rad 2, kolumn D", "Indikatorn saknas"),
        ({"Värde": "hög"}, "rad 2, kolumn F", "Förstod inte värdet"),
    ],
)
def test_a_bad_cell_refuses_the_file_naming_sheet_row_and_column(
    cells: dict[str, Any], where: str, words: str
) -> None:
    report = read_survey(make_long_survey(make_long_row(**cells)), "t.xlsx")
    assert not report.is_accepted
    assert report.values == []
    message = errors(report)[0]
    assert message.startswith(f'blad "Trygghetsmätning", {where}: ')
    assert words in message


def test_the_same_value_twice_with_different_numbers_is_refused() -> None:
    report = read_survey(
        make_long_survey(make_long_row(Värde=1.8), make_long_row(Värde=1.9)), "t.xlsx"
    )
    assert not report.is_accepted
    assert "två gånger" in errors(report)[0]
    assert "rad 3" in errors(report)[0]


def test_a_personnummer_refuses_the_survey_naming_its_cell() -> None:
    report = read_survey(make_long_survey(make_long_row(Område="Kontakt 19121212-1212")), "t")
    assert not report.is_accepted
    assert 'blad "Trygghetsmätning", rad 2, kolumn C' in errors(report)[0]
    assert "personnummer" in errors(report)[0]


def test_headers_without_values_are_refused() -> None:
    report = read_survey(make_workbook([["År", "Indikator", "Värde"]]), "t.xlsx")
    assert not report.is_accepted
    assert "inga mätvärden" in errors(report)[0]


# -- cells ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value", "is_valid"),
    [
        (1.95, 1.95, True),
        (2, 2.0, True),
        ("1,95", 1.95, True),
        ("1.95", 1.95, True),
        ("1 450", 1450.0, True),
        ("1\u00a0450", 1450.0, True),
        ("59 %", 59.0, True),
        ("−0,5", -0.5, True),
        ("1.234,5", 1234.5, True),
        ("1,234.5", 1234.5, True),
        ("–", None, True),
        ("—", None, True),
        ("..", None, True),
        ("-", None, True),
        ("", None, True),
        ("  ", None, True),
        (None, None, True),
        (float("nan"), None, True),
        ("abc", None, False),
        ("1,2,3", None, False),
        ("nan", None, False),
        (True, None, False),
        (dt.date(2023, 1, 1), None, False),
    ],
)
def test_parse_survey_number(written: object, value: float | None, is_valid: bool) -> None:
    parsed = parse_survey_number(written)
    assert (parsed.value, parsed.is_valid) == (value, is_valid)


# -- recognising the kind of file -------------------------------------------------------------


def sheet(rows: list[list[Any]], name: str = "Blad1") -> SheetValues:
    return SheetValues(name=name, rows=rows, is_hidden=False)


@pytest.mark.parametrize(
    ("rows", "kind"),
    [
        ([["År", "Indikator", "Värde"], [2023, "Totalindex", 1.8]], PlanKind.SURVEY),
        ([["kpi", "municipality", "period", "value"]], PlanKind.SURVEY),
        ([["Titel"], [], ["Indikator", 2022, 2023], ["Totalindex", 1.9, 1.8]], PlanKind.SURVEY),
        (
            [["Aktivitet", "Ansvarig", "Status"], ["Trygghetsvandring", "Polis", "Klar"]],
            PlanKind.PLAN,
        ),
        # A plan row with a start and an end year is no wide survey table.
        ([["Aktivitet", "Start", "Slut"], ["Trygghetsvandring", 2023, 2024]], PlanKind.PLAN),
        ([["Något helt annat"]], PlanKind.PLAN),
    ],
)
def test_decide_kind_from_the_values(rows: list[list[Any]], kind: PlanKind) -> None:
    assert decide_kind([sheet(rows)]) is kind


def test_the_plan_samples_stay_plans() -> None:
    for name in ("eslov_aktivitetsplan_2022.xlsx", "kavlinge_handlingsplan_2024.xlsx"):
        outcome = read_upload((SAMPLES / name).read_bytes(), name)
        assert outcome.survey is None
    outcome = read_upload(make_plan_workbook(), "plan.xlsx", ImportOptions(kommun="Lund"))
    assert outcome.survey is None
    assert outcome.report.activity_count == 1


def test_a_long_table_names_its_columns() -> None:
    layout = locate_survey_table([["Rubrik"], ["År", "Område", "Indikator", "Värde"]])
    assert layout is not None
    assert layout.kind == "long"
    assert layout.header_row == 2
    assert layout.columns == {"year": 0, "area": 1, "indicator": 2, "value": 3}


def test_errors_are_errors() -> None:
    report = read_survey(b"", "tom.csv")
    assert [i.severity for i in report.issues] == [Severity.ERROR]
    assert "tom" in report.issues[0].message
