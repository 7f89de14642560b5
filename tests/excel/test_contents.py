"""Columns decided by header and contents together (excel.contents).

The pairs below are headers as published plans write them, each over cells of the kind such a
plan holds under it. The layouts are those of BRÅ's model åtgärdsplan (Samverkan i lokalt
brottsförebyggande arbete: Problem, Orsak, Åtgärd, Ansvarig, Tidplan, Uppföljning), the
Police's medborgarlöfte follow-up (Aktivitet, Ansvarig, Tidsperiod, Lägesbeskrivning), the
two sample plans in ../shared/samples (Eslöv 2022, Kävlinge 2024) and kommuners published
handlingsplaner and aktivitetsplaner; the cell values are written for the test, in the words
those plans use.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.styles import PatternFill

from samverkan.excel.contents import (
    ColumnProfile,
    decide_by_contents,
    fit,
    profile_column,
)
from samverkan.excel.locate import EXTRA, locate_table
from samverkan.excel.plan import ImportOptions
from samverkan.importing.reading import read_plan
from samverkan.models import Assessment, Party, Status

D1, D2, D3 = dt.datetime(2024, 3, 15), dt.datetime(2024, 6, 30), dt.datetime(2024, 11, 1)
DATES = [D1, D2, D3, D2]
FREE = [
    "Två pass genomförda under våren",
    "Redovisas för styrgruppen i juni",
    "Inväntar beslut om finansiering",
]
YES_NO = ["Ja", "Nej", "Ja", "X"]

BRA = "BRÅ:s modell för åtgärdsplan"
POLIS = "Polisens uppföljning av medborgarlöften"
ESLOV = "Eslöv, aktivitetsplan 2022"
KAVLINGE = "Kävlinge, handlingsplan 2024"
KOMMUN = "kommuners handlingsplaner"

# (source, header, cells, the field the column is)
PAIRS: list[tuple[str, str, list[Any], str]] = [
    (
        BRA,
        "Ansvarig",
        ["Socialförvaltningen", "Polisen LPO Eslöv", "Fritidsförvaltningen"],
        "owner",
    ),
    (BRA, "Tidplan", ["HT 2024", "VT 2025", "Löpande"], "due"),
    (BRA, "Uppföljning", ["Grön", "Gul", "Röd", "Grön"], "assessment"),
    (BRA, "Uppföljning", DATES, "followup_due"),
    (BRA, "Uppföljning", FREE, "comment"),
    (BRA, "Uppföljning", ["Pågår", "Klar", "Pågår"], "status"),
    (BRA, "Orsak", FREE, EXTRA),
    (BRA, "Problem", ["Otrygghet i centrum kvällstid", "Droghandel vid stationen"], EXTRA),
    (BRA, "Resurser", ["Inom befintlig ram", "20 000 kr", "Inom befintlig ram"], EXTRA),
    (BRA, "Åtgärdens mål", FREE, EXTRA),
    (POLIS, "Lägesbeskrivning", ["Pågår", "Pågår", "Klar", "Ej påbörjad"], "status"),
    (POLIS, "Lägesbeskrivning", ["Grön", "Gul", "Grön"], "assessment"),
    (POLIS, "Lägesbeskrivning", FREE, "comment"),
    (POLIS, "Tidsperiod", ["2024-01-01 – 2024-12-31", "Q3 2024", "vecka 36 2024"], "due"),
    (POLIS, "Status", ["Pågår", "Genomförd", "Stående"], "status"),
    (POLIS, "Status", ["Grön", "Röd", "Gul"], "assessment"),
    (POLIS, "Status", ["🟢", "🟡", "🔴"], "assessment"),
    (POLIS, "Aktuellt läge", ["Pågår", "Klar", "Pågår"], "status"),
    (POLIS, "Lägesrapport", ["Pågår", "Klar", "Ej påbörjad"], "status"),
    (KAVLINGE, "Ansvar", ["Socialtjänst", "Polisen", "Fältgruppen"], "owner"),
    (KAVLINGE, "Part", ["Gemensamt", "Kommun", "Polis"], "party"),
    (KAVLINGE, "Klart", ["löpande", "2024-06-30", "v. 40 2024"], "due"),
    (KAVLINGE, "Läge", ["Grön", "Gul", "Grön"], "assessment"),
    (KAVLINGE, "Notering", FREE, "comment"),
    (ESLOV, "Ansvarig part", ["Polis", "Kommun", "Gemensam"], "party"),
    (ESLOV, "Genomförd datum", DATES, "done_on"),
    (ESLOV, "Uppföljning senast", DATES, "followup_due"),
    (ESLOV, "Uppföljd datum", DATES, "followed_up_on"),
    (ESLOV, "Bedömning", ["Grön", "Gul", "Röd"], "assessment"),
    (ESLOV, "Slutdatum", DATES, "due"),
    (ESLOV, "Start", DATES, "start"),
    (ESLOV, "Kommentar", FREE, "comment"),
    (KOMMUN, "Klar", DATES, "done_on"),
    (KOMMUN, "Avslutad", DATES, "done_on"),
    (KOMMUN, "Utförd", DATES, "done_on"),
    (KOMMUN, "Utförd (datum)", DATES, "done_on"),
    (KOMMUN, "Genomförd", DATES, "done_on"),
    (KOMMUN, "Klar?", YES_NO, "status"),
    (KOMMUN, "Genomförd (ja/nej)", YES_NO, "status"),
    (KOMMUN, "Klart", ["Ja", "Nej", "Nej", "Ja"], "status"),
    (KOMMUN, "Avslutad", ["Ja", "Ja", "Nej"], "status"),
    (KOMMUN, "Vem (part)", ["Kommun", "Polis", "Gemensamt"], "party"),
    (KOMMUN, "Part/huvudman", ["Kommunen", "Polisen", "Båda"], "party"),
    (KOMMUN, "Ansvarig organisation", ["Kommunen", "Polisen", "Kommunen"], "party"),
    (KOMMUN, "Organisation", ["Kommun", "Polis", "Kommun"], "party"),
    (KOMMUN, "Huvudansvarig", ["Polis", "Kommun", "Gemensam"], "party"),
    (KOMMUN, "Ansv. part", ["Polis", "Kommun"], "party"),
    (KOMMUN, "Aktör", ["Kommun", "Polis", "Räddningstjänsten"], "party"),
    (KOMMUN, "Kommentar/status", ["Pågår", "Klar", "Pågår"], "status"),
    (KOMMUN, "Kommentar/status", FREE, "comment"),
    (KOMMUN, "Status/bedömning", ["Grön", "Gul", "Grön"], "assessment"),
    (KOMMUN, "Status (färg)", ["Grön", "Röd", "Röd"], "assessment"),
    (KOMMUN, "Prognos", ["Grön", "Gul"], "assessment"),
    (KOMMUN, "Anteckningar", FREE, "comment"),
    (KOMMUN, "Övrigt", FREE, "comment"),
    (
        KOMMUN,
        "Samverkanspartner",
        ["Skolan, fritid", "Polisen", "Fastighetsägare"],
        "working_group",
    ),
    (KOMMUN, "Medverkande", ["Fältgruppen", "Polisen"], "working_group"),
    (KOMMUN, "Kontaktperson", ["Anna Svensson", "Per Olsson", "Lena Berg"], "owner"),
    (KOMMUN, "Samordnare", ["Anna Svensson", "Per Olsson", "Lena Berg"], "owner"),
    (KOMMUN, "Datum", DATES, "due"),
    (KOMMUN, "Tidsram", ["2024", "2024–2025", "HT 2025"], "due"),
    (KOMMUN, "Deadline", DATES, "due"),
    (KOMMUN, "När", ["Vecka 12 2024", "Mars 2024", "Q4 2024"], "due"),
    (KOMMUN, "Senast klar", DATES, "due"),
    (KOMMUN, "Klart senast", DATES, "due"),
    (KOMMUN, "Målgrupp", ["Unga 13–18 år", "Föräldrar", "Boende i området"], EXTRA),
    (KOMMUN, "Indikator", ["Andel otrygga i NTU", "Antal anmälda brott"], EXTRA),
    (KOMMUN, "Finansiering", ["Brottsförebyggande rådet", "Egen budget"], EXTRA),
    (KOMMUN, "Ej offentlig", ["Ja", "Nej", "Nej"], "confidential"),
    (KOMMUN, "Sekretess", ["X", "", "X"], "confidential"),
    (KOMMUN, "Nästa uppföljning", DATES, "followup_due"),
    (KOMMUN, "Ansvarig aktör", ["Räddningstjänsten", "Polisen"], "party"),
    (KOMMUN, "Status", ["Pågår", "", "", "", "", ""], "status"),
    (KOMMUN, "Ansvarig", ["Polisen", "Kommunen", "Polisen"], "party"),
    (KOMMUN, "Polis/Kommun", ["Polis", "Kommun", "Gemensamt"], "party"),
    (KOMMUN, "Huvudansvarig", ["Anna Svensson", "Fältgruppen", "Rektor"], "owner"),
    (KOMMUN, "Övriga deltagare", ["Skolan, fritid", "Polisen"], "working_group"),
    (KOMMUN, "Senast uppföljd", DATES, "followed_up_on"),
    (KOMMUN, "Datum för uppföljning", DATES, "followup_due"),
    (KOMMUN, "Fr.o.m.", DATES, "start"),
    (KOMMUN, "Åtgärdat", ["X", "", "X", "X"], "status"),
    (KOMMUN, "Involverade", ["Socialtjänsten, fältgruppen", "Bostadsbolaget"], "working_group"),
]


def table_of(header: str, cells: list[Any]) -> list[list[Any]]:
    """A plan table with an ID and an activity column, and the column under test."""
    rows: list[list[Any]] = [["Nr", "Aktivitet", header]]
    rows += [[f"{n}", f"Aktivitet {n}", cell] for n, cell in enumerate(cells, 1)]
    return rows


def _decided(rows: list[list[Any]], mapping: dict[str, str] | None = None) -> Any:
    layout = locate_table(rows, mapping)
    assert layout is not None
    decide_by_contents(layout, rows)
    return layout


def test_at_least_sixty_pairs_from_published_layouts() -> None:
    assert len(PAIRS) >= 60
    assert len({(h, str(c), f) for _, h, c, f in PAIRS}) == len(PAIRS)


@pytest.mark.parametrize(
    ("source", "header", "cells", "expected"), PAIRS, ids=[f"{p[1]}-{p[3]}" for p in PAIRS]
)
def test_a_column_is_what_its_header_and_cells_say(
    source: str, header: str, cells: list[Any], expected: str
) -> None:
    layout = _decided(table_of(header, cells))
    assert layout.columns.get(2, EXTRA) == expected, source


@pytest.mark.parametrize(
    ("header", "cells", "reason"),
    [
        ("Klar", DATES, "4 av 4 värden är datum"),
        ("Lägesbeskrivning", ["Pågår", "Klar", "Fortsätter i höst"], "2 av 3 värden är en status"),
        ("Status", ["Grön", "Gul", "Röd", "Grön", "Grön"], "5 av 5 värden är Grön, Gul eller Röd"),
        ("Klar?", YES_NO, "4 av 4 värden är ja eller nej"),
        ("Huvudansvarig", ["Polis", "Kommun"], "2 av 2 värden är en part"),
    ],
)
def test_a_column_the_cells_decide_says_why(header: str, cells: list[Any], reason: str) -> None:
    layout = _decided(table_of(header, cells))
    assert layout.reasons[2].startswith(reason)


@pytest.mark.parametrize(
    ("header", "cells"),
    [("Slutdatum", DATES), ("Ansvarig part", ["Polis", "Kommun"]), ("Kommentar", FREE)],
)
def test_a_column_the_header_and_cells_agree_on_has_no_reason(header: str, cells: list) -> None:
    assert _decided(table_of(header, cells)).reasons == {}


@pytest.mark.parametrize(
    ("headers", "cells", "expected", "extra"),
    [
        # An empty Status column beside one full of status words: the words win.
        (
            ("Status", "Lägesbeskrivning"),
            [("", "Pågår"), ("", "Klar"), ("", "Pågår")],
            {"Lägesbeskrivning": "status"},
            "Status",
        ),
        # Two "Status" columns: one of colours, one of words; each becomes what it holds.
        (
            ("Status", "Status"),
            [("Grön", "Pågår"), ("Gul", "Klar"), ("Röd", "Pågår")],
            {"Status": "status"},
            None,
        ),
        # Two due dates by header, the same fit: the first stands, the other is kept as extra.
        (
            ("Slutdatum", "Klart"),
            [(D1, D2), (D2, D3), (D3, D1)],
            {"Slutdatum": "due"},
            "Klart",
        ),
        # A comment column full of status words loses to a better status column and stays
        # the comment.
        (
            ("Status", "Kommentar"),
            [("Pågår", "Pågår"), ("Klar", "Klar"), ("Pågår", "Se protokoll")],
            {"Status": "status", "Kommentar": "comment"},
            None,
        ),
    ],
)
def test_two_candidates_for_one_field_the_better_fit_wins(
    headers: tuple[str, str], cells: list[tuple[Any, Any]], expected: dict, extra: str | None
) -> None:
    rows: list[list[Any]] = [["Nr", "Aktivitet", *headers]]
    rows += [[str(n), f"Aktivitet {n}", *pair] for n, pair in enumerate(cells, 1)]
    layout = _decided(rows)
    fields = {layout.headers[c]: f for c, f in layout.columns.items() if c >= 2}
    for header, name in expected.items():
        assert name in {f for h, f in fields.items() if h == header}
    if extra is not None:
        column = next(c for c, h in layout.unknown.items() if h == extra)
        assert "passar bättre" in layout.reasons[column]


def test_the_two_status_columns_are_told_apart_by_their_cells() -> None:
    rows: list[list[Any]] = [["Nr", "Aktivitet", "Status", "Status"]]
    rows += [["1", "A", "Grön", "Pågår"], ["2", "B", "Gul", "Klar"], ["3", "C", "Röd", "Pågår"]]
    layout = _decided(rows)
    assert layout.columns[2] == "assessment"
    assert layout.columns[3] == "status"


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [("status", "status"), ("comment", "comment"), (EXTRA, EXTRA)],
)
def test_the_coordinators_choice_wins_over_the_cells(chosen: str, expected: str) -> None:
    rows = table_of("Lägesbeskrivning", ["Grön", "Gul", "Röd"])
    layout = _decided(rows, {"Lägesbeskrivning": chosen})
    assert layout.columns.get(2, EXTRA) == expected
    assert 2 not in layout.reasons


def test_a_few_cells_decide_nothing() -> None:
    layout = _decided(table_of("Status", ["Grön"]))
    assert layout.columns[2] == "status"


def test_only_the_first_rows_are_profiled() -> None:
    from samverkan.excel.contents import SAMPLE_ROWS

    cells = ["Pågår"] * SAMPLE_ROWS + ["Grön"] * (SAMPLE_ROWS * 3)
    layout = _decided(table_of("Lägesbeskrivning", cells))
    assert layout.columns[2] == "status"


_CELLS_OF = {
    "status": st.sampled_from(["Pågår", "Klar", "Ej påbörjad", "Genomförd", "Inställd"]),
    "assessment": st.sampled_from(["Grön", "Gul", "Röd", "grön", "RÖD"]),
    "due": st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)).map(
        lambda d: dt.datetime(d.year, d.month, d.day)
    ),
    "party": st.sampled_from(["Kommun", "Polis", "Gemensamt", "Polisen", "Kommunen"]),
}
_HEADER_OF = {"status": "Status", "assessment": "Bedömning", "due": "Slutdatum", "party": "Part"}


@settings(deadline=None)  # a busy machine's first call may take longer than a cell's worth
@given(
    name=st.sampled_from(sorted(_CELLS_OF)),
    data=st.data(),
    empty=st.integers(0, 3),
)
def test_a_column_whose_header_and_cells_agree_keeps_its_field(
    name: str, data: st.DataObject, empty: int
) -> None:
    cells = data.draw(st.lists(_CELLS_OF[name], min_size=2, max_size=30)) + [""] * empty
    layout = _decided(table_of(_HEADER_OF[name], cells))
    assert layout.columns[2] == name
    assert layout.reasons == {}


@settings(deadline=None)
@given(cells=st.lists(st.one_of(st.text(max_size=30), st.none(), st.integers()), max_size=40))
def test_a_profile_counts_every_filled_cell_once(cells: list[Any]) -> None:
    profile = profile_column(cells)
    assert profile.rows == len(cells)
    assert 0 <= profile.texts <= profile.filled <= profile.rows
    for name in ("status", "assessment", "party", "due", "comment", "owner"):
        assert 0.0 <= fit(name, profile) <= 1.0


def test_an_empty_profile_fits_nothing() -> None:
    assert fit("status", ColumnProfile()) == 0.0
    assert ColumnProfile(rows=10, filled=2).is_mostly_empty


# -- through the whole import ---------------------------------------------------------------

BURLOV = ImportOptions(kommun="Burlöv")


def _workbook(headers: list[str], rows: list[list[Any]], fills: dict[str, list[str]]) -> bytes:
    """An xlsx with a header row, rows, and solid fills in the columns named in `fills`."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Aktivitetsplan 2024"
    ws.append(headers)
    for row in rows:
        ws.append(row)
    for header, colours in fills.items():
        column = headers.index(header) + 1
        for offset, colour in enumerate(colours, 2):
            fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
            ws.cell(row=offset, column=column).fill = fill
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_a_plan_whose_headers_say_other_things_than_its_cells_reads_right() -> None:
    headers = ["Aktivitet", "Vem (part)", "Lägesbeskrivning", "Klar", "Klart senast"]
    rows = [
        ["Trygghetsvandring", "Kommun", "Klar", dt.datetime(2024, 4, 2), dt.datetime(2024, 4, 30)],
        ["Nattvandring", "Gemensamt", "Pågår", None, dt.datetime(2024, 9, 30)],
        ["Kameraansökan", "Polis", "Ej påbörjad", None, dt.datetime(2024, 12, 31)],
        ["Föräldramöte", "Kommun", "Klar", dt.datetime(2024, 2, 1), dt.datetime(2024, 3, 1)],
    ]
    report = read_plan(_workbook(headers, rows, {}), "plan.xlsx", BURLOV)
    assert report.errors == []
    assert report.warnings == []
    first, second, third, _ = report.agreements[0].activities
    assert (first.party, first.status, first.done_on) == (
        Party.KOMMUN,
        Status.DONE,
        dt.date(2024, 4, 2),
    )
    assert (second.party, second.status, second.done_on) == (Party.JOINT, Status.IN_PROGRESS, None)
    assert third.status is Status.NOT_STARTED
    reasons = report.column_reasons["Aktivitetsplan 2024"]
    assert reasons == {
        "Lägesbeskrivning": "4 av 4 värden är en status (t.ex. Pågår eller Klar)",
        "Klar": "2 av 2 värden är datum",
    }
    assert report.column_mapping["Aktivitetsplan 2024"]["Klar"] == "done_on"


def test_a_yes_no_done_column_is_the_status() -> None:
    headers = ["Aktivitet", "Klart senast", "Klar?"]
    rows = [["A", "2024-05-31", "Ja"], ["B", "2024-06-30", "Nej"], ["C", "2024-09-30", "x"]]
    report = read_plan(_workbook(headers, rows, {}), "plan.xlsx", BURLOV)
    assert report.errors == []
    assert report.warnings == []
    statuses = [(a.status, a.status_text) for a in report.agreements[0].activities]
    assert statuses == [(Status.DONE, "Ja"), (None, "Nej"), (Status.DONE, "x")]


def test_a_column_of_colours_alone_is_the_bedomning() -> None:
    headers = ["Aktivitet", "Slutdatum", "Lägesbeskrivning"]
    rows = [["A", "2024-05-31", None], ["B", "2024-06-30", None], ["C", "2024-09-30", None]]
    fills = {"Lägesbeskrivning": ["FF00B050", "FFFFC000", "FFFF0000"]}
    report = read_plan(_workbook(headers, rows, fills), "plan.xlsx", BURLOV)
    assert report.errors == []
    assessments = [a.assessment for a in report.agreements[0].activities]
    assert assessments == [Assessment.GREEN, Assessment.YELLOW, Assessment.RED]
    assert report.column_reasons["Aktivitetsplan 2024"] == {
        "Lägesbeskrivning": "3 av 3 rader är färgade grön, gul eller röd"
    }


def test_grey_fills_make_no_bedomning() -> None:
    headers = ["Aktivitet", "Slutdatum", "Lägesbeskrivning"]
    rows = [["A", "2024-05-31", None], ["B", "2024-06-30", None], ["C", "2024-09-30", None]]
    fills = {"Lägesbeskrivning": ["FFD9D9D9", "FFD9D9D9", "FFD9D9D9"]}
    report = read_plan(_workbook(headers, rows, fills), "plan.xlsx", BURLOV)
    assert [a.assessment for a in report.agreements[0].activities] == [None, None, None]
    assert report.column_mapping["Aktivitetsplan 2024"]["Lägesbeskrivning"] == "comment"
