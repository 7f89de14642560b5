"""Finding Swedish personal identity numbers (personnummer, samordningsnummer) in cell text.

Parts:
- PersonalNumber: one hit, whether it is certain (a separator or the century is written) and
  whether its check digit is right
- find_personal_numbers: every hit in a text
- find_personal_numbers_in_value: the same for a cell value as python-calamine returns it
- typed_personal_number: the refusal for a text someone typed in a form (a meeting's note)

A hit needs a real calendar date (day + 60 for a samordningsnummer). With a valid Luhn check
digit over the ten-digit YYMMDDNNNN form it is a number; written like one (century or
separator) with a wrong check digit it is a number with a typo, still a person's; anything
else (dates, phone numbers, order numbers) is not a hit. Ten digits without a separator may
be a phone number, so that hit is uncertain, and ten such digits that fail the check are none.

People type the number in many ways: spaces around the separator ("19121212 - 1212"), a
non-breaking hyphen, a minus sign or a soft hyphen from Word, a dash, full-width digits from
an East Asian keyboard layout, an invisible zero-width character pasted from a web page or a
chat. The text is normalised (NFKC, every decimal digit to 0-9, invisible format characters
left out) before the search, and the hit is reported as it was written.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass

PERSONNUMMER = "personnummer"
SAMORDNINGSNUMMER = "samordningsnummer"

# A samordningsnummer is a personnummer with 60 added to the day of birth.
_SAMORDNING_DAY_OFFSET = 60

# What may stand between date and digits, after NFKC (which makes U+2011 a U+2010 hyphen, a
# no-break or thin space a space, a full-width hyphen a '-'): a hyphen or dash of any kind, the
# minus sign, a soft hyphen (Word's optional hyphen, invisible in the cell) or a '+' (100 years
# or older), with a space or two either side; or spaces alone.
_DASHES = r"\-\u00ad\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_SEPARATOR = rf"[ \t]{{0,2}}(?:[{_DASHES}]{{1,2}}|\+)[ \t]{{0,2}}|[ \t]{{1,2}}"

# Never part of a longer run of digits: an order number of 14 digits holds no hit.
_CANDIDATE = re.compile(
    rf"(?<![0-9])(?P<century>18|19|20)?(?P<date>[0-9]{{6}})(?P<sep>{_SEPARATOR})?"
    rf"(?P<tail>[0-9]{{4}})(?![0-9])"
)

# An integer cell loses a leading zero: 0501011234 (born 2005) is stored as 501011234.
_DIGITS_WITH_LOST_ZERO = 9


@dataclass(frozen=True)
class PersonalNumber:
    """A personnummer or samordningsnummer found in a text, as it was written."""

    text: str
    kind: str
    is_certain: bool
    # False: written like a number (century or separator, a real date), but the check digit
    # is wrong. A typo in a person's number, still personal data.
    has_valid_check_digit: bool = True

    @property
    def is_refused(self) -> bool:
        """Certainly a person's number: the file or text may not be stored."""
        return self.is_certain and self.has_valid_check_digit


def find_personal_numbers(text: str) -> list[PersonalNumber]:
    """Every personnummer and samordningsnummer in the text, in order of appearance."""
    normal, origin = _normalised(text)
    hits = []
    for match in _CANDIDATE.finditer(normal):
        century, date, separator, tail = match.group("century", "date", "sep", "tail")
        kind = _kind_of(century, date, separator or "")
        if kind is None:
            continue
        is_certain = bool(century or separator)
        is_valid = is_luhn_valid(date + tail)
        if not (is_valid or is_certain):
            continue
        start, end = match.span()
        if origin is not None:
            start, end = origin[start], origin[end - 1] + 1
        written = text[start:end]
        hits.append(PersonalNumber(written, kind, is_certain, has_valid_check_digit=is_valid))
    return hits


def typed_personal_number(text: str | None, where: str) -> str | None:
    """Why a typed text may not be saved (it holds a person's number), or None when it may."""
    refused = [h for h in find_personal_numbers(text or "") if h.is_refused]
    if not refused:
        return None
    return (
        f"{where} innehåller ett {refused[0].kind}. Här får inga personuppgifter om enskilda "
        "stå: ta bort numret och spara igen."
    )


# Anything but ASCII and the Latin-1 letters (å ä ö é ü …) may be a digit or separator in
# another form: the no-break space and soft hyphen (U+00A0, U+00AD) are below U+00C0.
_NEEDS_NORMALISING = re.compile(r"[^\x00-\x7f\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff]")


# Invisible too, but a separator (Word's optional hyphen): kept, _DASHES takes it.
_SOFT_HYPHEN = "\u00ad"


def _normalised(text: str) -> tuple[str, list[int] | None]:
    """The text with digits and separators in one form, and where each character came from.

    None for where: the text is already in that form (ASCII and Swedish letters, the usual
    case), and each character stays where it was.
    """
    if not _NEEDS_NORMALISING.search(text):
        return text, None
    characters: list[str] = []
    origin: list[int] = []
    for index, character in enumerate(text):
        if character.isascii():
            forms = character
        elif character.isdecimal():  # full-width, Arabic-Indic, mathematical … digits
            forms = str(unicodedata.decimal(character))
        elif unicodedata.category(character) == "Cf" and character != _SOFT_HYPHEN:
            forms = ""  # invisible (zero-width space, word joiner, BOM): the number looks whole
        else:
            forms = unicodedata.normalize("NFKC", character)
        characters.append(forms)
        origin += [index] * len(forms)
    return "".join(characters), origin


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
        PersonalNumber(digits, hit.kind, hit.is_certain, hit.has_valid_check_digit)
        for hit in find_personal_numbers("0" + digits)
    ]


def _kind_of(century: str | None, date: str, separator: str) -> str | None:
    """The kind of number the date makes, or None when it is no real date of birth."""
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
    return (1900 if "+" in separator else 2000) + year_in_century


def is_luhn_valid(digits: str) -> bool:
    """True when the last digit is the Luhn check digit of the others (as Skatteverket uses)."""
    total = 0
    for position, digit in enumerate(reversed(digits)):
        product = int(digit) * (2 if position % 2 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0
