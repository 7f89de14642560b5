"""Finding Swedish personal identity numbers (personnummer, samordningsnummer) in cell text.

Parts:
- PersonalNumber: one hit, with whether it is certain (a separator or the century is written)
- find_personal_numbers: every hit in a text
- find_personal_numbers_in_value: the same for a cell value as python-calamine returns it

A hit needs a real calendar date (day + 60 for a samordningsnummer) and a valid Luhn check
digit over the ten-digit YYMMDDNNNN form; anything else (dates, phone numbers, order numbers)
is not a hit. Ten digits without a separator may be a phone number, so that hit is uncertain.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

PERSONNUMMER = "personnummer"
SAMORDNINGSNUMMER = "samordningsnummer"

# A samordningsnummer is a personnummer with 60 added to the day of birth.
_SAMORDNING_DAY_OFFSET = 60

# Hyphen, en dash (Word and Excel autocorrect), plus (100 years or older), a space or a
# no-break space (hand-written and pasted text): one of them may stand between date and digits.
_SEPARATORS = "-\u2013+ \u00a0"

# Never part of a longer run of digits: an order number of 14 digits holds no hit.
_CANDIDATE = re.compile(
    rf"(?<!\d)(?P<century>18|19|20)?(?P<date>\d{{6}})(?P<sep>[{_SEPARATORS}]?)(?P<tail>\d{{4}})(?!\d)"
)

# An integer cell loses a leading zero: 0501011234 (born 2005) is stored as 501011234.
_DIGITS_WITH_LOST_ZERO = 9


@dataclass(frozen=True)
class PersonalNumber:
    """A personnummer or samordningsnummer found in a text, as it was written."""

    text: str
    kind: str
    is_certain: bool


def find_personal_numbers(text: str) -> list[PersonalNumber]:
    """Every personnummer and samordningsnummer in the text, in order of appearance."""
    hits = []
    for match in _CANDIDATE.finditer(text):
        century, date, separator, tail = match.group("century", "date", "sep", "tail")
        kind = _kind_of(century, date, separator, tail)
        if kind is not None:
            is_certain = bool(century or separator)
            hits.append(PersonalNumber(text=match.group(), kind=kind, is_certain=is_certain))
    return hits


def find_personal_numbers_in_value(value: object) -> list[PersonalNumber]:
    """Every personnummer in a cell value: text, a number (as Excel stores it) or nothing."""
    if value is None or isinstance(value, bool | dt.date | dt.time | dt.timedelta):
        return []
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            return []
        value = int(value)
    if isinstance(value, int):
        return _find_in_integer(value)
    return find_personal_numbers(value if isinstance(value, str) else str(value))


def _find_in_integer(value: int) -> list[PersonalNumber]:
    digits = str(abs(value))
    if len(digits) != _DIGITS_WITH_LOST_ZERO:
        return find_personal_numbers(digits)
    # Report the digits the cell shows, so the coordinator can find them.
    return [
        PersonalNumber(text=digits, kind=hit.kind, is_certain=hit.is_certain)
        for hit in find_personal_numbers("0" + digits)
    ]


def _kind_of(century: str | None, date: str, separator: str, tail: str) -> str | None:
    """The kind of number the parts make, or None when the date or check digit is wrong."""
    if not is_luhn_valid(date + tail):
        return None
    year_in_century, month, day = int(date[:2]), int(date[2:4]), int(date[4:6])
    kind = PERSONNUMMER
    if day > _SAMORDNING_DAY_OFFSET:
        kind = SAMORDNINGSNUMMER
        day -= _SAMORDNING_DAY_OFFSET
    year = _full_year(century, year_in_century, separator)
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return kind


def _full_year(century: str | None, year_in_century: int, separator: str) -> int:
    """The year of birth; without a written century, this century unless '+' says 100+ years."""
    if century is not None:
        return int(century) * 100 + year_in_century
    # Only 29 February of year 00 depends on the century (2000 is a leap year, 1900 is not),
    # so the rule need not look at today's date: a '-' in 000229-NNNN means 2000, a '+' 1900.
    return (1900 if separator == "+" else 2000) + year_in_century


def is_luhn_valid(digits: str) -> bool:
    """True when the last digit is the Luhn check digit of the others (as Skatteverket uses)."""
    total = 0
    for position, digit in enumerate(reversed(digits)):
        product = int(digit) * (2 if position % 2 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0
