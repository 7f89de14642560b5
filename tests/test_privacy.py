"""Tests for samverkan.privacy: which written numbers are personnummer, and which are not."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverkan.privacy import (
    PersonalNumber,
    find_personal_numbers,
    find_personal_numbers_in_value,
    is_luhn_valid,
    typed_personal_number,
)


def check_digit(nine_digits: str) -> str:
    """The Luhn check digit, computed here independently of the module under test."""
    total = 0
    for index, char in enumerate(nine_digits):
        product = int(char) * (2 - index % 2)
        total += product // 10 + product % 10
    return str(-total % 10)


def wrong_check_digit(nine_digits: str) -> str:
    """A check digit that is not the right one."""
    return str((int(check_digit(nine_digits)) + 1) % 10)


def test_check_digit_helper_agrees_with_skatteverkets_example() -> None:
    assert check_digit("121212121") == "2"  # 121212-1212, Skatteverket's example number
    assert check_digit("811218987") == "6"  # 811218-9876, in many Swedish examples


# 2000 is a leap year: 29 February 2000 exists, written with a '-' (under 100 years old).
LEAP_2000 = "000229-123" + check_digit("000229123")
# A samordningsnummer: the day of birth plus 60 (12 December 2012 → 72).
SAMORDNING = "121272-121" + check_digit("121272121")
BORN_1980 = "800101123" + check_digit("800101123")
BORN_2005 = "050101123" + check_digit("050101123")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19121212-1212", "19121212-1212"),
        ("121212-1212", "121212-1212"),
        ("121212+1212", "121212+1212"),
        ("191212121212", "191212121212"),
        ("20121212-1212", "20121212-1212"),
        ("121212 1212", "121212 1212"),
        ("121212\u00a01212", "121212\u00a01212"),
        ("121212–1212", "121212–1212"),
        ("811218-9876", "811218-9876"),
        ("Kontakt: Anna 121212-1212, tel 040-123 45 67", "121212-1212"),
        ("(121212-1212)", "121212-1212"),
        ("pnr:121212-1212.", "121212-1212"),
        ("Ärende gällande 19121212-1212 i Eslöv", "19121212-1212"),
        (LEAP_2000, LEAP_2000),
        ("20" + LEAP_2000, "20" + LEAP_2000),
        ("19" + BORN_1980, "19" + BORN_1980),
    ],
)
def test_a_written_personnummer_is_a_certain_hit(text: str, expected: str) -> None:
    assert find_personal_numbers(text) == [
        PersonalNumber(text=expected, kind="personnummer", is_certain=True)
    ]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("1912\u200b1212-1212", id="zero-width space"),
        pytest.param("19121212\u2060-1212", id="word joiner"),
        pytest.param("19121212-\ufeff1212", id="byte order mark"),
        pytest.param("121212\u200d-\u200c1212", id="zero-width joiner and non-joiner"),
    ],
)
def test_an_invisible_character_inside_a_personnummer_does_not_hide_it(text: str) -> None:
    # Pasted from a web page or a chat, the number looks whole; the screen must see it so.
    (hit,) = find_personal_numbers(text)
    assert hit.is_refused
    assert hit.text == text
    assert typed_personal_number(text, "Kommentaren")


def test_a_samordningsnummer_is_a_certain_hit_of_its_own_kind() -> None:
    assert find_personal_numbers(f"Samordningsnummer {SAMORDNING}") == [
        PersonalNumber(text=SAMORDNING, kind="samordningsnummer", is_certain=True)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "1212121212",
        BORN_1980,
        f"Ring {BORN_1980} efter kl 10",
    ],
)
def test_ten_digits_without_separator_is_an_uncertain_hit(text: str) -> None:
    (hit,) = find_personal_numbers(text)
    assert hit.kind == "personnummer"
    assert not hit.is_certain


def test_a_phone_number_that_passes_the_date_and_check_digit_is_uncertain() -> None:
    # 070-123 45 6x reads as 2007-01-23; one in ten such numbers also passes the check digit.
    phone = "070123456" + check_digit("070123456")
    assert [h.is_certain for h in find_personal_numbers(f"tel {phone}")] == [False]


def test_every_number_in_a_cell_is_found_in_order() -> None:
    hits = find_personal_numbers(f"121212-1212 och {SAMORDNING}; {BORN_1980}")
    assert [(h.text, h.kind, h.is_certain) for h in hits] == [
        ("121212-1212", "personnummer", True),
        (SAMORDNING, "samordningsnummer", True),
        (BORN_1980, "personnummer", False),
    ]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("1212121213", id="wrong check digit, no separator"),
        pytest.param("121312-121" + check_digit("121312121"), id="month 13"),
        pytest.param("121232-121" + check_digit("121232121"), id="day 32"),
        pytest.param("120230-121" + check_digit("120230121"), id="30 February"),
        pytest.param("120200-121" + check_digit("120200121"), id="day 0"),
        pytest.param("121292-121" + check_digit("121292121"), id="samordning day 32"),
        pytest.param("010229-121" + check_digit("010229121"), id="29 February 2001"),
        pytest.param("000229+121" + check_digit("000229121"), id="29 February 1900"),
        pytest.param("19000229-121" + check_digit("000229121"), id="29 February 1900, century"),
        pytest.param("21121212-1212", id="century 21"),
        pytest.param("12345678901234", id="14 digits"),
        pytest.param("Order 00121212121200", id="digits around a number"),
        pytest.param("9121212-1212", id="a digit before"),
        pytest.param("121212-12125", id="a digit after"),
        pytest.param("1121212121212", id="13 digits"),
        pytest.param("2023-05-31", id="ISO date"),
        pytest.param("2023-05-31 12:00", id="ISO date and time"),
        pytest.param("040-123 45 67", id="phone with area code"),
        pytest.param("0701234567", id="mobile phone failing the check"),
        pytest.param("070-123 45 67", id="mobile phone written out"),
        pytest.param("Bankgiro 5050-1055", id="bank giro"),
        pytest.param("Org.nr 212000-1124", id="organisation number, month 20"),
        pytest.param("211 20 Malmö", id="postal code"),
        pytest.param("Handlingsplan 2024–2027", id="period"),
        pytest.param("", id="empty"),
    ],
)
def test_what_is_not_a_personnummer(text: str) -> None:
    assert find_personal_numbers(text) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("121212-1212", [("121212-1212", True)], id="text"),
        pytest.param(float("19" + BORN_1980), [("19" + BORN_1980, True)], id="12-digit float"),
        pytest.param(float(BORN_1980), [(BORN_1980, False)], id="10-digit float"),
        pytest.param(int("19" + BORN_1980), [("19" + BORN_1980, True)], id="12-digit int"),
        pytest.param(int(BORN_1980), [(BORN_1980, False)], id="10-digit int"),
        pytest.param(int(BORN_2005), [(BORN_2005[1:], False)], id="leading zero lost"),
        pytest.param(float(BORN_2005), [(BORN_2005[1:], False)], id="leading zero lost, float"),
    ],
)
def test_personal_numbers_in_a_cell_value(value: object, expected: list[tuple[str, bool]]) -> None:
    hits = find_personal_numbers_in_value(value)
    assert [(h.text, h.is_certain) for h in hits] == expected


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        "",
        2023,
        2023.0,
        1212121213.0,
        float(BORN_1980) + 0.5,
        float("nan"),
        float("inf"),
        dt.date(2012, 12, 12),
        dt.datetime(2012, 12, 12, 12, 12),
        dt.time(12, 12),
        dt.timedelta(seconds=1212121212),
    ],
)
def test_cell_values_without_a_personal_number(value: object) -> None:
    assert find_personal_numbers_in_value(value) == []


def test_luhn_validation() -> None:
    assert is_luhn_valid("1212121212")
    assert not is_luhn_valid("1212121213")


BIRTH_DATES = st.dates(min_value=dt.date(1870, 1, 1), max_value=dt.date(2099, 12, 31))
SERIALS = st.integers(min_value=0, max_value=999)


def written_forms(birth: dt.date, serial: int, samordning: bool, check: str) -> dict[str, bool]:
    """Every way to write the number, each with whether a hit on it is certain."""
    day = birth.day + (60 if samordning else 0)
    short = f"{birth:%y%m}{day:02d}"
    nnnn = f"{serial:03d}{check}"
    forms = {
        f"{birth.year}{short[2:]}-{nnnn}": True,
        f"{birth.year}{short[2:]}{nnnn}": True,
        f"{short}-{nnnn}": True,
        f"{short} {nnnn}": True,
        f"{short}{nnnn}": False,
    }
    if birth.year < 2000:
        forms[f"{short}+{nnnn}"] = True
    return forms


@given(birth=BIRTH_DATES, serial=SERIALS, samordning=st.booleans())
def test_every_written_form_of_a_valid_number_is_found(
    birth: dt.date, serial: int, samordning: bool
) -> None:
    day = birth.day + (60 if samordning else 0)
    nine = f"{birth:%y%m}{day:02d}{serial:03d}"
    kind = "samordningsnummer" if samordning else "personnummer"
    for text, is_certain in written_forms(birth, serial, samordning, check_digit(nine)).items():
        assert find_personal_numbers(f"Se {text}.") == [PersonalNumber(text, kind, is_certain)]


@given(birth=BIRTH_DATES, serial=SERIALS, samordning=st.booleans())
def test_a_written_form_with_a_wrong_check_digit_is_a_typo_or_nothing(
    birth: dt.date, serial: int, samordning: bool
) -> None:
    """Written like a number (century or separator): a typo in one; ten bare digits: nothing."""
    day = birth.day + (60 if samordning else 0)
    nine = f"{birth:%y%m}{day:02d}{serial:03d}"
    kind = "samordningsnummer" if samordning else "personnummer"
    for text, is_certain in written_forms(
        birth, serial, samordning, wrong_check_digit(nine)
    ).items():
        hits = find_personal_numbers(f"Se {text}.")
        if is_certain:
            assert hits == [PersonalNumber(text, kind, True, has_valid_check_digit=False)]
            assert not hits[0].is_refused
        else:
            assert hits == []
