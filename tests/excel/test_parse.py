"""Cells as coordinators write them: dates, status, party, assessment, fills and flags."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverkan.excel.parse import (
    DueParse,
    PartyParse,
    StatusParse,
    cell_text,
    parse_assessment_text,
    parse_bool,
    parse_date,
    parse_due,
    parse_fill_colour,
    parse_party,
    parse_status,
)
from samverkan.models import Assessment, Party, Status

D = dt.date
GREEN, YELLOW, RED = Assessment.GREEN, Assessment.YELLOW, Assessment.RED
SWEDISH_MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip
NOT_UNDERSTOOD = "Förstod inte datumet"
plausible_dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31))
plan_years = st.one_of(st.none(), st.integers())


# ---------------------------------------------------------------- cell_text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("   \n\t", None),
        ("\xa0Klar\xa0", "Klar"),
        ("  maj 2023 ", "maj 2023"),
        (2023, "2023"),
        (2023.0, "2023"),
        (2.5, "2.5"),
        (-0.0, "0"),
        (float("nan"), None),
        (True, "SANT"),
        (False, "FALSKT"),
        (D(2023, 5, 31), "2023-05-31"),
        (dt.datetime(2023, 5, 31), "2023-05-31"),
        (dt.datetime(2023, 5, 31, 14, 30), "2023-05-31 14:30"),
        (dt.datetime(2023, 5, 31, 14, 30, 15), "2023-05-31 14:30:15"),
        (dt.time(9, 15), "09:15:00"),
        (dt.timedelta(days=3), "3 days, 0:00:00"),
    ],
)
def test_cell_text_is_what_was_written(value: object, expected: str | None) -> None:
    assert cell_text(value) == expected


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_cell_text_writes_whole_floats_without_a_decimal(number: int) -> None:
    assert cell_text(float(number)) == str(int(float(number)))


# ---------------------------------------------------------------- due dates


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        # a full date
        ("2023-05-31", D(2023, 5, 31)),
        ("2023-5-31", D(2023, 5, 31)),
        ("2023/05/31", D(2023, 5, 31)),
        ("2023-05-31 00:00:00", D(2023, 5, 31)),
        ("20230531", D(2023, 5, 31)),
        ("31.5.2023", D(2023, 5, 31)),
        ("31/5/2023", D(2023, 5, 31)),
        ("31/5 2023", D(2023, 5, 31)),
        ("31/5-23", D(2023, 5, 31)),
        ("31/5-2023", D(2023, 5, 31)),
        ("31-5-2023", D(2023, 5, 31)),
        ("31 maj 2023", D(2023, 5, 31)),
        ("31 Maj. 2023", D(2023, 5, 31)),
        ("1:a maj 2023", D(2023, 5, 1)),
        ("1 sept. 2023", D(2023, 9, 1)),
        ("15 OKT 2023", D(2023, 10, 15)),
        # a month → its last day
        ("maj 2023", D(2023, 5, 31)),
        ("Maj-23", D(2023, 5, 31)),
        ("jul-23", D(2023, 7, 31)),
        ("feb 2024", D(2024, 2, 29)),
        ("mars 2023", D(2023, 3, 31)),
        ("mar 2023", D(2023, 3, 31)),
        ("Sept. 2023", D(2023, 9, 30)),
        ("2023-05", D(2023, 5, 31)),
        ("05/2023", D(2023, 5, 31)),
        ("2023 maj", D(2023, 5, 31)),
        # an ISO week → its Sunday
        ("v. 20 2023", D(2023, 5, 21)),
        ("v20 2023", D(2023, 5, 21)),
        ("vecka 20 2023", D(2023, 5, 21)),
        ("v.20-2023", D(2023, 5, 21)),
        ("2023 v 20", D(2023, 5, 21)),
        ("v. 20, 2023", D(2023, 5, 21)),
        ("V. 20 -2023", D(2023, 5, 21)),
        ("2023-W20", D(2023, 5, 21)),
        ("v. 1 2024", D(2024, 1, 7)),
        ("v 53 2020", D(2021, 1, 3)),
        # a quarter → its last day
        ("Q2 2023", D(2023, 6, 30)),
        ("Q2-2023", D(2023, 6, 30)),
        ("Q2-23", D(2023, 6, 30)),
        ("Q2/2023", D(2023, 6, 30)),
        ("2023 Q2", D(2023, 6, 30)),
        ("kv 2 2023", D(2023, 6, 30)),
        ("kv2 2023", D(2023, 6, 30)),
        ("Kv. 4 2023", D(2023, 12, 31)),
        ("kvartal 1 2023", D(2023, 3, 31)),
        ("2:a kvartalet 2023", D(2023, 6, 30)),
        ("tredje kvartalet 2023", D(2023, 9, 30)),
        ("K2 2023", D(2023, 6, 30)),
        # a tertial, a half year, a term, a season
        ("T1 2023", D(2023, 4, 30)),
        ("T2 2023", D(2023, 8, 31)),
        ("T3 2023", D(2023, 12, 31)),
        ("tertial 1 2023", D(2023, 4, 30)),
        ("halvår 1 2023", D(2023, 6, 30)),
        ("H2 2023", D(2023, 12, 31)),
        ("VT 2024", D(2024, 6, 30)),
        ("vt 2024", D(2024, 6, 30)),
        ("VT24", D(2024, 6, 30)),
        ("vt-24", D(2024, 6, 30)),
        ("våren 2024", D(2024, 6, 30)),
        ("vår 2024", D(2024, 6, 30)),
        ("HT 2023", D(2023, 12, 31)),
        ("ht23", D(2023, 12, 31)),
        ("hösten 2023", D(2023, 12, 31)),
        ("Sommar 2023", D(2023, 8, 31)),
        ("läsåret 23/24", D(2024, 6, 30)),
        # a year → Dec 31
        ("2023", D(2023, 12, 31)),
        ("år 2023", D(2023, 12, 31)),
        ("under 2023", D(2023, 12, 31)),
        ("senast 2023", D(2023, 12, 31)),
        # words before a date change nothing
        ("senast 31/5 2023", D(2023, 5, 31)),
        ("Klart senast 2023-05-31", D(2023, 5, 31)),
        ("klart v. 20 2023", D(2023, 5, 21)),
        ("till 31 maj 2023", D(2023, 5, 31)),
        ("ca maj 2023", D(2023, 5, 31)),
        ("ca. maj 2023", D(2023, 5, 31)),
        ("c:a v. 20 2023", D(2023, 5, 21)),
        ("t.o.m. Q2 2023", D(2023, 6, 30)),
        ("den 31 maj 2023", D(2023, 5, 31)),
        ("Deadline: 31/5 2023", D(2023, 5, 31)),
        ("i slutet av maj 2023", D(2023, 5, 31)),
        ("under hösten 2023", D(2023, 12, 31)),
        # a range takes its end
        ("jan–mars 2023", D(2023, 3, 31)),
        ("jan-mars 2023", D(2023, 3, 31)),
        ("jan - mars 2023", D(2023, 3, 31)),
        ("från jan till mars 2023", D(2023, 3, 31)),
        ("2023-01-01 – 2023-03-31", D(2023, 3, 31)),
        ("2023-01-01-2023-03-31", D(2023, 3, 31)),
        ("1/3–31/5 2023", D(2023, 5, 31)),
        ("v. 10-12 2023", D(2023, 3, 26)),
        ("v 10–v 12 2023", D(2023, 3, 26)),
        ("Q1-Q2 2023", D(2023, 6, 30)),
        ("2020–2023", D(2023, 12, 31)),
        ("nov 2023 – feb", D(2024, 2, 29)),
        # punctuation and odd spacing around it
        ("  maj   2023. ", D(2023, 5, 31)),
        ("31\xa0maj\xa02023", D(2023, 5, 31)),
        ("1‑5‑2023", D(2023, 5, 1)),
    ],
)
def test_due_notations(written: str, expected: dt.date) -> None:
    assert parse_due(written, None) == DueParse(expected, written.strip(), False, None)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("31/5", D(2024, 5, 31)),
        ("31.5", D(2024, 5, 31)),
        ("31 maj", D(2024, 5, 31)),
        ("maj", D(2024, 5, 31)),
        ("Februari", D(2024, 2, 29)),
        ("v 20", D(2024, 5, 19)),
        ("vecka 20", D(2024, 5, 19)),
        ("kvartal 2", D(2024, 6, 30)),
        ("Q3", D(2024, 9, 30)),
        ("T1", D(2024, 4, 30)),
        ("VT", D(2024, 6, 30)),
        ("hösten", D(2024, 12, 31)),
        ("under året", D(2024, 12, 31)),
        ("senast 31/5", D(2024, 5, 31)),
        ("jan–mars", D(2024, 3, 31)),
        # "v. 10-12" is a range of weeks; "v. 20-23" too, but "v. 30-23" is week 30 of 2023
        ("v. 10-12", D(2024, 3, 24)),
        ("v. 30-23", D(2023, 7, 30)),
    ],
)
def test_a_notation_without_year_takes_the_plan_year_quietly(
    written: str, expected: dt.date
) -> None:
    assert parse_due(written, 2024) == DueParse(expected, written, False, None)


@pytest.mark.parametrize(
    "written", ["maj", "31/5", "31 maj", "v 20", "kvartal 2", "VT", "jan–mars"]
)
def test_a_missing_year_without_plan_year_is_a_warning(written: str) -> None:
    parsed = parse_due(written, None)
    assert (parsed.due, parsed.text, parsed.is_standing) == (None, written, False)
    assert parsed.warning is not None
    assert parsed.warning.startswith(f'Året saknas i "{written}" och planens år framgår inte')


def test_the_missing_year_message_shows_how_to_write_it() -> None:
    assert parse_due("maj", None).warning == (
        'Året saknas i "maj" och planens år framgår inte – skriv t.ex. "maj 2023".'
    )


@pytest.mark.parametrize(
    "written",
    [
        "löpande",
        "Löpande",
        "LÖPANDE.",
        "hela perioden",
        "Under hela perioden",
        "stående",
        "varje år",
        "Varje vecka",
        "varje månad",
        "varje termin",
        "årligen",
        "kontinuerligt",
        "kontinuerlig",
        "ordinarie verksamhet",
        "pågående",
        "återkommande",
        "ongoing",
        "tills vidare",
        "2 ggr/termin",
        "Löpande under 2023",
        "fortlöpande",
    ],
)
def test_standing_words_have_no_due_date(written: str) -> None:
    assert parse_due(written, 2023) == DueParse(None, written, True, None)


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("31/2 2023", "februari 2023 har 28 dagar"),
        ("30 februari 2024", "februari 2024 har 29 dagar"),
        ("2023-04-31", "april 2023 har 30 dagar"),
        ("31/13 2023", "ett år har 12 månader"),
        ("2023-13", "ett år har 12 månader"),
        ("v. 54 2023", "år 2023 har 52 veckor"),
        ("v. 53 2023", "år 2023 har 52 veckor"),
        ("v. 0 2023", "år 2023 har 52 veckor"),
        ("Q5 2023", "ett år har 4 kvartal"),
        ("T4 2023", "ett år har 3 tertial"),
        ("31/5 1850", "året 1850 ligger utanför 1990–2100"),
    ],
)
def test_a_date_that_does_not_exist_is_a_warning(written: str, reason: str) -> None:
    assert parse_due(written, 2023) == DueParse(
        None, written, False, f'Kontrollera datumet "{written}": {reason}.'
    )


@pytest.mark.parametrize(
    "written",
    [
        *("snart", "när det passar", "xx-2023", "12", "1850", "?", "Q", "v.", "31/5/2023/1"),
        *("maj maj", "9" * 400, "-1"),
    ],
)
def test_what_is_not_understood_is_kept_with_a_warning(written: str) -> None:
    parsed = parse_due(written, 2023)
    assert (parsed.due, parsed.text, parsed.is_standing) == (None, written, False)
    assert parsed.warning == (
        f'Förstod inte datumet "{written}". '
        "Skriv t.ex. 2023-05-31, maj 2023, v. 20 2023 eller Q2 2023."
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D(2023, 5, 31), DueParse(D(2023, 5, 31), "2023-05-31", False, None)),
        (dt.datetime(2023, 5, 31, 14, 30), DueParse(D(2023, 5, 31), "2023-05-31", False, None)),
        (2023, DueParse(D(2023, 12, 31), "2023", False, None)),
        (2023.0, DueParse(D(2023, 12, 31), "2023", False, None)),
        (1990, DueParse(D(1990, 12, 31), "1990", False, None)),
        (2100, DueParse(D(2100, 12, 31), "2100", False, None)),
        (45077, DueParse(D(2023, 5, 31), "45077", False, None)),
        (45077.0, DueParse(D(2023, 5, 31), "45077", False, None)),
        (45077.75, DueParse(D(2023, 5, 31), "45077.75", False, None)),
        ("45077", DueParse(D(2023, 5, 31), "45077", False, None)),
        (20230531, DueParse(D(2023, 5, 31), "20230531", False, None)),
        (None, DueParse(None, None, False, None)),
        ("", DueParse(None, None, False, None)),
        ("  ", DueParse(None, None, False, None)),
        (float("nan"), DueParse(None, None, False, None)),
    ],
)
def test_excel_values(value: object, expected: DueParse) -> None:
    assert parse_due(value, 2024) == expected


@pytest.mark.parametrize(
    "value",
    [
        12,
        2101,
        1989,
        12.5,
        -3,
        29999,
        80000,
        float("inf"),
        True,
        False,
        dt.time(12),
        dt.timedelta(1),
    ],
)
def test_numbers_and_values_that_are_no_date(value: object) -> None:
    parsed = parse_due(value, 2024)
    assert (parsed.due, parsed.text, parsed.is_standing) == (None, cell_text(value), False)
    assert parsed.warning is not None
    assert parsed.warning.startswith(NOT_UNDERSTOOD)


@pytest.mark.parametrize(
    ("written", "expected"),
    [("2023-05-31", D(2023, 5, 31)), ("31/5", D(2023, 5, 31)), ("v. 20", D(2023, 5, 21))],
)
def test_parse_date_reads_the_same_notations(written: str, expected: dt.date) -> None:
    assert parse_date(written, 2023) == DueParse(expected, written, False, None)


@pytest.mark.parametrize("written", ["löpande", "hela perioden", "pågående", "varje år"])
def test_parse_date_is_never_standing(written: str) -> None:
    assert parse_date(written, 2023) == DueParse(
        None, written, False, f'"{written}" är inget datum; skriv t.ex. 2023-05-31.'
    )


def test_parse_date_needs_no_plan_year_for_a_full_date() -> None:
    assert parse_date(D(2023, 1, 10)).due == D(2023, 1, 10)
    assert parse_date("maj").warning is not None


@given(st.text(), plan_years)
def test_parse_due_never_raises(text: str, plan_year: int | None) -> None:
    parsed = parse_due(text, plan_year)
    assert parsed.text == cell_text(text)
    # Every outcome is either a date, standing, empty, or explained.
    assert parsed.due or parsed.is_standing or parsed.text is None or parsed.warning


@given(
    st.text(alphabet="0123456789 -–/.:,vVqQkKtThHåäöjanmrsupoeclbgdivy'", max_size=30),
    plan_years,
)
def test_parse_due_never_raises_on_date_like_text(text: str, plan_year: int | None) -> None:
    parse_due(text, plan_year)
    parse_date(text, plan_year)


@given(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.dates(), st.datetimes()),
    plan_years,
)
def test_parse_due_never_raises_on_any_cell_value(value: object, plan_year: int | None) -> None:
    assert parse_due(value, plan_year).is_standing is False


@given(
    plausible_dates,
    st.sampled_from(
        [
            "{d:%Y-%m-%d}",
            "{d.year}-{d.month}-{d.day}",
            "{d:%Y%m%d}",
            "{d.day}.{d.month}.{d.year}",
            "{d.day}/{d.month}/{d.year}",
            "{d.day}/{d.month} {d.year}",
            "{d.day}/{d.month}-{d.year}",
            "{d.day}-{d.month}-{d.year}",
            "{d.day} {m} {d.year}",
            "senast {d.day} {M} {d.year}",
        ]
    ),
)
def test_any_written_date_parses_back_to_itself(day: dt.date, notation: str) -> None:
    month = SWEDISH_MONTHS[day.month - 1]
    written = notation.format(d=day, m=month, M=month.capitalize())
    assert parse_due(written, None) == DueParse(day, written, False, None)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31)), st.integers(1990, 2100))
def test_a_two_digit_year_is_this_century(day: dt.date, plan_year: int) -> None:
    assert parse_due(f"{day.day}/{day.month}-{day:%y}", plan_year).due == day


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31)))
def test_a_day_without_year_is_in_the_plan_year(day: dt.date) -> None:
    assert parse_due(f"{day.day}/{day.month}", day.year).due == day
    assert parse_due(f"{day.day} {SWEDISH_MONTHS[day.month - 1]}", day.year).due == day


@given(st.integers(1990, 2100), st.integers(1, 53))
def test_any_iso_week_is_its_sunday(year: int, week: int) -> None:
    try:
        sunday = D.fromisocalendar(year, week, 7)
    except ValueError:
        assert parse_due(f"v. {week} {year}", None).warning is not None
    else:
        assert parse_due(f"v. {week} {year}", None).due == sunday
        assert parse_due(f"vecka {week}", year).due == sunday


@given(st.integers(1990, 2100), st.integers(1, 12))
def test_any_month_is_its_last_day(year: int, month: int) -> None:
    last = D(year, month % 12 + 1, 1) - dt.timedelta(days=1) if month < 12 else D(year, 12, 31)
    assert parse_due(f"{SWEDISH_MONTHS[month - 1]} {year}", None).due == last
    assert parse_due(f"{year}-{month:02d}", None).due == last


# ---------------------------------------------------------------- status


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        *[(w, Status.DONE) for w in ("Genomförd", "Klar", "Färdig", "Slutförd", "Utförd")],
        *[(w, Status.DONE) for w in ("Avslutad", "Klart", "Genomfört", "klar.", " KLART! ")],
        *[(w, Status.IN_PROGRESS) for w in ("Pågår", "Påbörjad", "Pågående", "Startad")],
        *[(w, Status.IN_PROGRESS) for w in ("I gång", "Igång", "Pågår enligt plan", "pågår ")],
        *[(w, Status.NOT_STARTED) for w in ("Ej påbörjad", "Ej startad", "Inte påbörjad")],
        *[(w, Status.NOT_STARTED) for w in ("Inte startad", "Planerad", "Ej påbörjat")],
        *[(w, Status.STANDING) for w in ("Stående", "Löpande", "Kontinuerlig")],
        *[(w, Status.STANDING) for w in ("Ordinarie verksamhet", "Återkommande")],
        *[(w, Status.CANCELLED) for w in ("Inställd", "Avbruten", "Struken", "Utgår")],
        *[(w, Status.CANCELLED) for w in ("Inställt", "Avbrutet")],
    ],
)
def test_status_synonyms(written: str, expected: Status) -> None:
    assert parse_status(written) == StatusParse(expected, written.strip(), None)


@pytest.mark.parametrize("written", ["Försenad", "försenat", "Fördröjd"])
def test_delayed_is_in_progress_and_keeps_its_word(written: str) -> None:
    assert parse_status(written) == StatusParse(Status.IN_PROGRESS, written, None)


@pytest.mark.parametrize("value", [None, "", "   "])
def test_an_empty_status_is_no_status(value: object) -> None:
    assert parse_status(value) == StatusParse(None, None, None)


@pytest.mark.parametrize("written", ["Vet ej", "Ja", "1", "Genomförd?? kanske"])
def test_an_unknown_status_is_kept_with_a_warning(written: str) -> None:
    assert parse_status(written) == StatusParse(
        None,
        written,
        f'Förstod inte statusen "{written}". '
        "Skriv Ej påbörjad, Pågår, Genomförd, Stående eller Inställd.",
    )


@pytest.mark.parametrize("written", ["Grön", "gul", "RÖD", "Rött"])
def test_a_colour_word_is_no_status(written: str) -> None:
    parsed = parse_status(written)
    assert (parsed.status, parsed.text) == (None, written)
    assert parsed.warning is not None
    assert parsed.warning.startswith(f'"{written}" är en bedömning')


# ---------------------------------------------------------------- party


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        *[(w, Party.JOINT) for w in ("Gemensamt", "Gemensam", "Båda", "Samverkan", "Alla parter")],
        *[(w, Party.JOINT) for w in ("Kommun och polis", "Kommunen och polisen", "Kommun/Polis")],
        *[(w, Party.JOINT) for w in ("Polis och kommun", "Kommun + polis", "LPO + kommun")],
        ("Kommunpolis och säkerhetssamordnare", Party.JOINT),
        ("Socialtjänsten och polisen", Party.JOINT),
        *[(w, Party.POLIS) for w in ("Polis", "Polisen", "LPO", "Lokalpolisområdet", "lpo")],
        *[(w, Party.POLIS) for w in ("Kommunpolis", "Kommunpolisen", "Polismyndigheten")],
        *[(w, Party.POLIS) for w in ("Närpolisen", "LPO Eslöv", "Polishögskolan")],
        ("Polisen och Bostadsbolaget", Party.POLIS),
        *[(w, Party.KOMMUN) for w in ("Kommun", "Kommunen", "Eslövs kommun", "Socialtjänsten")],
        *[(w, Party.KOMMUN) for w in ("Socialförvaltningen", "Kultur- och fritidsförvaltningen")],
        ("Barn- och utbildningsförvaltningen", Party.KOMMUN),
        ("Miljö- och byggnadsnämnden", Party.KOMMUN),
        ("Barn- och familjenämnden", Party.KOMMUN),
        *[(w, Party.KOMMUN) for w in ("Kommunledningskontoret", "Fritidsgården", "Skolan")],
        *[(w, Party.KOMMUN) for w in ("Räddningstjänsten", "Kommunstyrelsen", "Fältgruppen")],
        *[(w, Party.KOMMUN) for w in ("Säkerhetssamordnare", "Trygghetsenheten", "Grundskolan")],
        ("Kommunen och Bostadsbolaget", Party.KOMMUN),
        ("Kommunens fritidsgårdar", Party.KOMMUN),
    ],
)
def test_party_synonyms(written: str, expected: Party) -> None:
    assert parse_party(written) == PartyParse(expected, written, None)


@pytest.mark.parametrize(
    "written",
    [
        "Bostadsbolaget",
        "AB Eslövs Bostäder",
        "Hamnbolaget",
        "Trafikverket",
        "Region Skåne",
        "Idrottsföreningen",
        "Kommunens bostadsbolag",
        "Kommunala bostadsbolaget",
        "Friskolan AB",
        "Länsstyrelsen",
    ],
)
def test_anyone_else_is_external_with_the_name_as_owner(written: str) -> None:
    assert parse_party(f"  {written} ") == PartyParse(Party.EXTERNAL, written, written)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, PartyParse(None, None, None)),
        ("", PartyParse(None, None, None)),
        ("-", PartyParse(None, "-", None)),
        ("Okänd", PartyParse(None, "Okänd", None)),
        ("Extern", PartyParse(Party.EXTERNAL, "Extern", None)),
        ("Extern aktör", PartyParse(Party.EXTERNAL, "Extern aktör", None)),
    ],
)
def test_party_without_a_name(value: object, expected: PartyParse) -> None:
    assert parse_party(value) == expected


# ---------------------------------------------------------------- assessment


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        *[(w, GREEN) for w in ("Grön", "grön", "GRÖNT", "Gröna", "green", "🟢", "● Grön")],
        *[(w, GREEN) for w in ("🟢 Grön", "Grön – enligt plan", "grön.")],
        *[(w, YELLOW) for w in ("Gul", "gult", "Yellow", "Y", "🟡", "🟡 Gul", "Orange")],
        *[
            (w, RED)
            for w in ("Röd", "RÖTT", "röda", "red", "R", "r", "🔴", "● Röd", "Röd, försenad")
        ],
        # "G" is Grön or Gul in Swedish; two colours at once are no judgement
        *[(w, None) for w in ("G", "OK", "Grön/gul", "🟢 Röd", "🟢🔴", "Ej grön", "Rolf")],
        *[(w, None) for w in ("", None, "Pågår", "1", "●")],
    ],
)
def test_assessment_text(written: str | None, expected: Assessment | None) -> None:
    assert parse_assessment_text(written) is expected


@pytest.mark.parametrize(
    ("argb", "expected"),
    [
        *[(c, GREEN) for c in ("00B050", "92D050", "00FF00", "C6EFCE", "FF00B050", "ffc6efce")],
        *[(c, YELLOW) for c in ("FFC000", "FFFF00", "FFEB9C", "FFFFEB9C", "#FFC000")],
        ("F4B183", YELLOW),  # orange reads as amber: a warning, not yet red
        *[(c, RED) for c in ("FF0000", "C00000", "FFC7CE", "FFFFC7CE", "E06666", "FFFF0000")],
        *[(c, None) for c in ("FFFFFF", "000000", "D9D9D9", "0070C0", "7030A0", "FFFFFFFF")],
        *[(c, None) for c in ("F2F2F2", "00000000", "E2EFDA", "00B0F0", "FF99FF")],
    ],
)
def test_fill_colour(argb: str, expected: Assessment | None) -> None:
    assert parse_fill_colour(argb) is expected


@pytest.mark.parametrize("argb", [None, "", "zzzzzz", "FFF", "FF00B0500", "0x00B050", " ", 42])
def test_a_malformed_fill_is_no_colour(argb: str | None) -> None:
    assert parse_fill_colour(argb) is None


@given(st.text())
def test_parse_fill_colour_never_raises(argb: str) -> None:
    parse_fill_colour(argb)


@given(st.integers(0, 255))
def test_greys_are_no_colour(level: int) -> None:
    assert parse_fill_colour(f"FF{level:02X}{level:02X}{level:02X}") is None


# ---------------------------------------------------------------- flags


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        *[(v, True) for v in ("Ja", "ja", "X", "x", "1", "Sant", "SANT", "true", True, 1, 1.0)],
        # any other mark hides the row: publishing a confidential row is the worse mistake
        *[(v, True) for v in ("Sekretess", "Ej off.", "✓")],
        *[(v, False) for v in ("", "  ", None, "Nej", "nej", "0", "Falskt", "-", False, 0)],
        *[(v, False) for v in (0.0, float("nan"))],
    ],
)
def test_parse_bool(value: object, expected: bool) -> None:
    assert parse_bool(value) is expected


# ---------------------------------------------------------------- results


@pytest.mark.parametrize(
    "result",
    [
        parse_due("maj 2023", None),
        parse_status("Klar"),
        parse_party("Polisen"),
    ],
)
def test_results_are_frozen(result: object) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.text = "ändrad"  # type: ignore[attr-defined]


@given(st.text())
def test_status_and_party_never_raise(text: str) -> None:
    assert parse_status(text).text == cell_text(text)
    party = parse_party(text)
    assert party.owner is None or party.party is Party.EXTERNAL
    parse_assessment_text(text)
    parse_bool(text)
