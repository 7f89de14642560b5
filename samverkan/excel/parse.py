"""Cells as coordinators write them, parsed into values that keep the text beside them.

Why one module: the parsers share the text normalisation and the Swedish month, week and
term words; "how is a cell understood" is answered in one file.

Parts:
- cell_text: the text of any cell value, as written
- dates: DueParse, parse_due, parse_date (Excel dates, 31/5 2023, maj 2023, v. 20, Q2, T1,
  VT/HT, years, ranges, standing words such as "löpande")
- status: StatusParse, parse_status (the synonyms of the five statuses)
- party: PartyParse, parse_party (Kommun, Polis, Gemensam, or Extern with the name kept)
- assessment: parse_assessment_text (grön/gul/röd, emoji), parse_fill_colour (fills by hue)
- parse_bool: the mark in an "Ej offentlig" column
Nothing here raises on bad input: what is not understood comes back as a Swedish warning.
"""

from __future__ import annotations

import calendar
import colorsys
import datetime as dt
import math
import re
import string
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from samverkan.models import STATUS_MISSING_LABEL, Assessment, Party, Status

# Control characters, and the invisible ones that reorder or hide text (bidi overrides and
# marks, zero-width spaces and joiners, soft hyphens): they have no place in a plan and could
# disguise what a title or a header says. The C1 controls too (U+0080–U+009F, valid in XML):
# U+009B is a terminal's CSI, so a header printed by `samverkan import` could drive it.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff]"
)


def cell_text(value: object) -> str | None:
    """The text of a cell as written: None when empty, whole floats without '.0', dates ISO."""
    if type(value) is str:  # the common case first: this runs for every cell of a plan
        if not value.isprintable() and _INVISIBLE.search(value):
            value = _INVISIBLE.sub("", value)
        return value.strip() or None
    if value is None:
        return None
    if isinstance(value, bool):
        return "SANT" if value else "FALSKT"  # as Swedish Excel shows a logical cell
    if isinstance(value, float):
        if math.isnan(value):  # pandas' empty cell
            return None
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip() or None


# ---------------------------------------------------------------- dates


@dataclass(frozen=True)
class DueParse:
    """A date cell understood: the date, what was written, and whether it is standing."""

    due: dt.date | None
    text: str | None
    is_standing: bool
    warning: str | None


_EXAMPLES = "Skriv t.ex. 2023-05-31, maj 2023, v. 20 2023 eller Q2 2023."
_EXAMPLE_YEAR = 2023
_YEARS = range(1990, 2101)
# Excel's 1900 date system counts from 1899-12-30 (its phantom 29 Feb 1900 lies far below);
# 30000–80000 is 1982–2119, so a stray count like 12 or 500 is never read as a date.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIALS = range(30000, 80000)

_MONTH_NAMES: tuple[str, ...] = ("januari", "februari", "mars", "april", "maj", "juni", "juli")
_MONTH_NAMES += ("augusti", "september", "oktober", "november", "december")
_MONTHS = {name: n for n, name in enumerate(_MONTH_NAMES, 1)} | {
    "jan": 1, "feb": 2, "febr": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# Quarter, tertial and half-year: how many months one of them spans.
_PERIOD_MONTHS = {"kvartalet": 3, "kvartal": 3, "kv": 3, "q": 3, "k": 3, "tertialet": 4}
_PERIOD_MONTHS |= {"tertial": 4, "t": 4, "halvåret": 6, "halvår": 6, "h": 6}
_PERIOD_NAMES = {3: "kvartal", 4: "tertial", 6: "halvår"}
_ORDINALS = {"första": 1, "andra": 2, "tredje": 3, "fjärde": 4}
# Term words → the month they end in. Summer is taken to end with August, when school starts.
_TERMS = {"vt": 6, "vårterminen": 6, "vårtermin": 6, "våren": 6, "vår": 6, "ht": 12}
_TERMS |= {"höstterminen": 12, "hösttermin": 12, "hösten": 12, "höst": 12}
_TERMS |= {"sommarlovet": 8, "sommaren": 8, "sommar": 8}

_STANDING = re.compile(
    r"\b(?:löpande|fortlöpande|stående|varje|årligen|årlig|återkommande|pågående|ongoing"
    r"|kontinuerlig[ta]?|ordinarie verksamhet|tills vidare|ständigt"
    r"|hela (?:perioden|avtalsperioden|året|tiden)|(?:termins|månads|vecko|kvartals|års)vis"
    r"|per (?:år|termin|läsår|månad|vecka|kvartal))\b|/(?:år|termin|månad|vecka)\b"
)
# Words before a date that do not change it ("senast 31/5", "ca v. 20", "under 2023").
_PREFIX = re.compile(
    r"(?:klart senast|senast|klart|klar|färdigt|till och med|t\.o\.m\.?|tom|tills?|före|innan"
    r"|fr\.o\.m\.?|från|ca\.?|c:a|cirka|runt|omkring|prel\.?|preliminärt|beräknat|deadline"
    r"|under|i slutet av|slutet av|i slutet på|slutet på|utgången av|i|den|år)(?::?\s+|(?<=\.))"
)
_DASHES = str.maketrans({"—": "–", "−": "–", "‐": "-", "‑": "-"})  # range dash vs hyphen
_RANGE_MARKS = ("–", " till ", " t.o.m. ", " tom ", " - ")


class _YearMissingError(Exception):
    """A notation that needs the plan's year, and the plan's year is not known."""


class _NoSuchDateError(Exception):
    """A notation that was understood but names no real day; the argument says why."""


@dataclass
class _Years:
    """The year a notation names, or the default it falls back on (and whether it did)."""

    default: int | None
    defaulted: bool = False

    def pick(self, written: str | None) -> int:
        """The year as written (2-digit years are 20yy), else the default."""
        if written is None:
            if self.default is None:
                raise _YearMissingError
            self.defaulted = True
            return self.default
        digits = written.lstrip("'")
        year = 2000 + int(digits) if len(digits) == 2 else int(digits)
        if year not in _YEARS:
            raise _NoSuchDateError(f"året {year} ligger utanför 1990–2100")
        return year


def _day(year: int, month: int, day: int | None = None) -> dt.date:
    """The day, or the month's last day when day is None; _NoSuchDateError when there is none."""
    if not 1 <= month <= 12:
        raise _NoSuchDateError("ett år har 12 månader")
    last = calendar.monthrange(year, month)[1]
    if day is not None and not 1 <= day <= last:
        raise _NoSuchDateError(f"{_MONTH_NAMES[month - 1]} {year} har {last} dagar")
    return dt.date(year, month, last if day is None else day)


def _month(g: dict[str, str | None]) -> int | None:
    """The month of a match, by number or by Swedish name."""
    if g.get("mn") is not None:
        return _MONTHS.get(str(g["mn"]))
    return int(str(g["m"]))


def _on_day(g: dict[str, str | None], years: _Years) -> dt.date | None:
    month = _month(g)
    return None if month is None else _day(years.pick(g["y"]), month, int(str(g["d"])))


def _month_end(g: dict[str, str | None], years: _Years) -> dt.date | None:
    month = _month(g)
    return None if month is None else _day(years.pick(g["y"]), month)


def _week(g: dict[str, str | None], years: _Years) -> dt.date:
    week, end, written = int(str(g["w"])), g["w2"], g["y1"] or g["y2"]
    if end is not None:
        # "v. 10-12" is weeks 10 to 12, but "v. 30-23" can only be week 30 of 2023.
        if written is None and int(end) <= week:
            written = end
        else:
            week = int(end)
    year = years.pick(written)
    weeks = dt.date(year, 12, 28).isocalendar().week
    if not 1 <= week <= weeks:
        raise _NoSuchDateError(f"år {year} har {weeks} veckor")
    return dt.date.fromisocalendar(year, week, 7)


def _period(g: dict[str, str | None], years: _Years) -> dt.date:
    months = _PERIOD_MONTHS[str(g["u"]).rstrip(".")]
    written = str(g.get("n2") or g["n"])
    number = _ORDINALS.get(written) or int(written)
    count = 12 // months
    if not 1 <= number <= count:
        raise _NoSuchDateError(f"ett år har {count} {_PERIOD_NAMES[months]}")
    return _day(years.pick(g.get("y1") or g["y2"]), number * months)


def _term(g: dict[str, str | None], years: _Years) -> dt.date:
    return _day(years.pick(g["y"]), _TERMS[str(g["t"])])


def _year_end(g: dict[str, str | None], years: _Years) -> dt.date | None:
    if g.get("y") is None:
        return _day(years.pick(None), 12)
    year = int(str(g["y"]))
    return dt.date(year, 12, 31) if year in _YEARS else None


def _excel_serial(number: float) -> dt.date | None:
    """The day an Excel serial number stands for, when it lies in the plausible range."""
    if not math.isfinite(number) or int(number) not in _SERIALS:
        return None
    return _EXCEL_EPOCH + dt.timedelta(days=int(number))


def _serial(g: dict[str, str | None], years: _Years) -> dt.date | None:
    return _excel_serial(float(str(g["n"]).replace(",", ".")))


def _school_year(g: dict[str, str | None], years: _Years) -> dt.date:
    return _day(years.pick(g["y"]), 6)


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation of the words, longest first so "kvartal" wins over "kv"."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_Y = r"(?:\d{4}|'?\d{2})"
_WEEK_WORD = r"(?:veckan|vecka|v\.?|w)"
_UNIT = rf"(?:{_alternatives(_PERIOD_MONTHS)})\.?"
_Handler = Callable[[dict[str, str | None], _Years], dt.date | None]
# Tried in order; each must match the whole (normalised, prefix-free) text.
_NOTATION_PATTERNS: tuple[tuple[str, _Handler], ...] = (
    (
        r"(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})"
        r"(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?",
        _on_day,
    ),
    (r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})", _on_day),
    (r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})", _month_end),
    (r"(?P<m>\d{1,2})[-/.](?P<y>\d{4})", _month_end),
    (
        rf"(?P<d>\d{{1,2}})(?P<s>[/.])(?P<m>\d{{1,2}})(?:(?:(?P=s)|\s*-\s*|\s+)(?P<y>{_Y}))?",
        _on_day,
    ),
    (r"(?P<d>\d{1,2})-(?P<m>\d{1,2})-(?P<y>\d{4})", _on_day),
    (rf"(?P<d>\d{{1,2}})(?::[ae])?\s*(?P<mn>[a-zåäö]+)\.?(?:\s*-?\s*(?P<y>{_Y}))?", _on_day),
    (rf"(?P<mn>[a-zåäö]+)\.?(?:\s*-?\s*(?P<y>{_Y}))?", _month_end),
    (r"(?P<y>\d{4})\s+(?P<mn>[a-zåäö]+)\.?", _month_end),
    (
        rf"(?:(?P<y1>\d{{4}})\s*-?\s*)?{_WEEK_WORD}\s*(?P<w>\d{{1,2}})(?!\d)"
        rf"(?:\s*[-–]\s*{_WEEK_WORD}?\s*(?P<w2>\d{{1,2}})(?!\d))?(?:[\s/-]+(?P<y2>{_Y}))?",
        _week,
    ),
    (
        rf"(?:(?P<y1>\d{{4}})\s*-?\s*)?(?P<u>{_UNIT})\s*(?P<n>\d)(?!\d)"
        rf"(?:\s*[-–]\s*(?:{_UNIT})?\s*(?P<n2>\d)(?!\d))?(?:[\s/-]+(?P<y2>{_Y}))?",
        _period,
    ),
    (
        rf"(?P<n>\d|{_alternatives(_ORDINALS)})(?::[ae])?\s*(?P<u>{_UNIT})(?:[\s/-]+(?P<y2>{_Y}))?",
        _period,
    ),
    (rf"(?P<t>{_alternatives(_TERMS)})\.?\s*-?\s*(?P<y>{_Y})?", _term),
    (rf"läsår(?:et)?\s*{_Y}\s*[/-]\s*(?P<y>{_Y})", _school_year),
    (r"(?P<y>\d{4})", _year_end),
    (r"(?:i |innevarande )?(?:år|året|årsskiftet|årets slut|årsslutet?)", _year_end),
    (r"(?P<n>\d+(?:[.,]\d+)?)", _serial),
)
_NOTATIONS = tuple((re.compile(pattern), handler) for pattern, handler in _NOTATION_PATTERNS)


# The longest text read as a date: the longest notation with its prefix ("klart senast till
# och med första kvartalet 2024 – fjärde kvartalet 2025") is some 60 characters. A longer
# text is no date, and is not tried: a range is tried cut at every dash, each half against
# every notation, so a cell of 40,000 dashes took a second and a docx cell has no length limit.
_MAX_DATE_TEXT = 120


def _read(text: str, years: _Years) -> dt.date | None:
    """The date one notation names; None when no notation fits."""
    while (prefix := _PREFIX.match(text)) and prefix.end() < len(text):
        text = text[prefix.end() :]
    for pattern, handler in _NOTATIONS:
        if (match := pattern.fullmatch(text)) and (found := handler(match.groupdict(), years)):
            return found
    return None


def _range_parts(text: str) -> Iterator[tuple[str, str]]:
    """Every way to cut the text into start and end of a range, likeliest first."""
    for mark in _RANGE_MARKS:
        if mark in text:
            head, _, tail = text.partition(mark)
            yield head.strip(), tail.strip()
    for i, char in enumerate(text):
        if char == "-":
            yield text[:i].strip(), text[i + 1 :].strip()


def _read_range(text: str, plan_year: int | None) -> dt.date | None:
    """The date the text names; for a range ("jan–mars 2023") its end."""
    found = _read(text, _Years(plan_year))
    if found is not None:
        return found
    for head, tail in _range_parts(text):
        try:
            start = _read(head, _Years(plan_year))
            recognised = start is not None
        except (_YearMissingError, _NoSuchDateError):
            start, recognised = None, True
        if not recognised:  # "snart-2023" is no range: only a real start makes one
            continue
        years = _Years(start.year if start else plan_year)
        end = _read(tail, years)
        if end is not None and start is not None and years.defaulted and end < start:
            end = _read(tail, _Years(start.year + 1))  # "nov 2023 – feb" ends in 2024
        if end is not None:
            return end
    return None


def _parse_any_date(value: object, plan_year: int | None, standing: bool) -> DueParse:
    text = cell_text(value)
    if text is None:
        return DueParse(None, None, False, None)
    if isinstance(value, dt.datetime):
        return DueParse(value.date(), value.date().isoformat(), False, None)
    if isinstance(value, dt.date):
        return DueParse(value, text, False, None)
    not_understood = f'Förstod inte datumet "{text}". {_EXAMPLES}'
    if isinstance(value, bool | dt.time | dt.timedelta):
        return DueParse(None, text, False, not_understood)
    if isinstance(value, float) and not value.is_integer():
        # A fraction can only be an Excel serial with a time of day, never a written notation.
        found = _excel_serial(value)
        return DueParse(found, text, False, None if found else not_understood)
    key = re.sub(r"\s+", " ", re.sub(r"[,;]", " ", text.lower())).strip(" .!?")
    key = key.translate(_DASHES)
    if _STANDING.search(key):
        if standing:
            return DueParse(None, text, True, None)
        return DueParse(None, text, False, f'"{text}" är inget datum; skriv t.ex. 2023-05-31.')
    if len(key) > _MAX_DATE_TEXT:
        return DueParse(None, text, False, not_understood)
    try:
        due = _read_range(key, plan_year)
    except _YearMissingError:
        message = f'Året saknas i "{text}" och planens år framgår inte – skriv t.ex. "{text} '
        return DueParse(None, text, False, message + f'{_EXAMPLE_YEAR}".')
    except _NoSuchDateError as reason:
        return DueParse(None, text, False, f'Kontrollera datumet "{text}": {reason}.')
    except (ValueError, OverflowError):  # a plan year no calendar holds
        return DueParse(None, text, False, f'Kontrollera datumet "{text}": det finns inte.')
    return DueParse(due, text, False, None if due else not_understood)


def parse_due(value: object, plan_year: int | None) -> DueParse:
    """A due date as written: a date, a notation with plan_year for a missing year, or standing."""
    return _parse_any_date(value, plan_year, standing=True)


def parse_date(value: object, plan_year: int | None = None) -> DueParse:
    """A start, done or follow-up date: the notations of parse_due, but never standing."""
    return _parse_any_date(value, plan_year, standing=False)


# ---------------------------------------------------------------- status


@dataclass(frozen=True)
class StatusParse:
    """A status cell understood: the status, what was written, and a warning if not understood."""

    status: Status | None
    text: str | None
    warning: str | None


def _words(*phrases: str) -> frozenset[str]:
    return frozenset(phrases)


_STATUS_WORDS: dict[Status, frozenset[str]] = {
    Status.DONE: _words("genomförd", "genomfört", "genomförda", "klar", "klart", "klara", "färdig")
    | _words("färdigt", "slutförd", "slutfört", "utförd", "utfört", "avslutad", "avslutat")
    | _words("åtgärdad", "åtgärdat"),
    # A delayed activity is still being worked on: not done, so it stays late once due.
    Status.IN_PROGRESS: _words("pågår", "påbörjad", "påbörjat", "pågående", "startad", "startat")
    | _words("i gång", "igång", "pågår enligt plan", "under arbete", "delvis genomförd")
    | _words("delvis klar", "försenad", "försenat", "försenade", "fördröjd", "fördröjt"),
    Status.NOT_STARTED: _words("ej påbörjad", "ej påbörjat", "ej startad", "ej startat", "planerad")
    | _words("inte påbörjad", "inte påbörjat", "inte startad", "inte startat", "planerat")
    | _words("ej i gång", "ej igång", "inte i gång", "inte igång"),
    Status.STANDING: _words("stående", "löpande", "kontinuerlig", "kontinuerligt", "återkommande")
    | _words("ordinarie verksamhet"),
    Status.CANCELLED: _words("inställd", "inställt", "avbruten", "avbrutet", "struken", "struket")
    | _words("utgår", "utgått", "stryks"),
}
_STATUS_BY_WORD = {word: status for status, words in _STATUS_WORDS.items() for word in words}
_COLOUR_AS_STATUS = _words("grön", "grönt", "gul", "gult", "röd", "rött", "green", "yellow", "red")
_STATUS_HINT = "Skriv Ej påbörjad, Pågår, Genomförd, Stående eller Inställd."
# The app's own word for a status nobody reported (models.STATUS_MISSING_LABEL), as the
# current plan's working copy writes it where an empty cell would read as Stående.
NO_STATUS_WORDS = _words(STATUS_MISSING_LABEL.casefold(), "ingen status")


def says_no_status(text: str | None) -> bool:
    """True for the app's word for no status ("Ej angiven"): no status, and nothing to keep."""
    return text is not None and _key(text) in NO_STATUS_WORDS


def _key(text: str) -> str:
    """Text folded for lookup: lower case, single spaces, no punctuation around it."""
    return re.sub(r"\s+", " ", text.casefold()).strip(" .,;:!?-–*•")


def parse_status(value: object) -> StatusParse:
    """The status a coordinator wrote, by its Swedish synonyms; unknown words are a warning."""
    text = cell_text(value)
    if text is None:
        return StatusParse(None, None, None)
    key = _key(text)
    if (status := _STATUS_BY_WORD.get(key)) is not None:
        return StatusParse(status, text, None)
    if key in NO_STATUS_WORDS:
        return StatusParse(None, text, None)  # stated, so not Stående; rows.py keeps no text
    if key in _COLOUR_AS_STATUS:
        reason = f'"{text}" är en bedömning (Grön, Gul eller Röd), inte en status.'
    else:
        reason = f'Förstod inte statusen "{text}".'
    return StatusParse(None, text, f"{reason} {_STATUS_HINT}")


# A yes or a no written in a cell; a dash alone also says no in a "Klar?" column.
YES_WORDS = _words("ja", "j", "x", "1", "sant", "true", "yes", "ok", "✓", "✔", "☑")
NO_WORDS = _words("nej", "n", "0", "falskt", "false", "no", "✗", "✘", "☐")
_NO = NO_WORDS | _words("-", "–")


def parse_done_flag(value: object) -> StatusParse:
    """A 'Klar?' cell: Ja (X, 1, ✓) is Genomförd; Nej says only that it is not done, so no
    status; a status word written instead is read as one."""
    if isinstance(value, bool):
        return StatusParse(Status.DONE if value else None, "Ja" if value else "Nej", None)
    text = cell_text(value)
    if text is None:
        return StatusParse(None, None, None)
    key = _key(text) or text.strip()
    if key in YES_WORDS:
        return StatusParse(Status.DONE, text, None)
    if key in _NO:
        return StatusParse(None, text, None)
    return parse_status(value)


# ---------------------------------------------------------------- party


@dataclass(frozen=True)
class PartyParse:
    """A party cell understood: the party, what was written, and an external owner's name."""

    party: Party | None
    text: str | None
    owner: str | None


_JOINT_PHRASES = _words("gemensamt", "gemensam", "gemensamma", "båda", "bägge", "båda parter")
_JOINT_PHRASES |= _words("bägge parter", "alla", "alla parter", "samverkan")
_JOINT_PHRASES |= _words("samverkansgruppen", "samverkansgrupp", "styrgruppen", "styrgrupp")
_EXTERNAL_PHRASES = _words("extern", "externa", "extern aktör", "externa aktörer", "annan aktör")
_NO_PARTY = _words("okänd", "okänt", "ej angiven", "ej angivet", "saknas", "oklart", "vet ej")
# Words that name the kommun or a part of it outright.
_KOMMUN_WORDS = _words("kommun", "kommunen", "kommuner", "socialtjänsten", "socialtjänst")
_KOMMUN_WORDS |= _words("räddningstjänsten", "räddningstjänst", "fritid", "kultur", "elevhälsan")
_KOMMUN_WORDS |= _words("fältare", "fältarna", "fältgruppen", "fältassistenter", "samhällsbyggnad")
_KOMMUN_SUFFIXES: tuple[str, ...] = ("förvaltningen", "förvaltning", "förvaltningar", "nämnden")
_KOMMUN_SUFFIXES += ("nämnd", "kontoret", "enheten", "avdelningen", "samordnare", "samordnaren")
# Words that only suggest the kommun: "Kommunens bostadsbolag" and "Friskolan AB" are Extern.
_KOMMUN_HINTS = ("skola", "skolan", "skolans", "skolor", "skolorna", "gymnasiet", "kommunens")
_COMPANY_SUFFIXES = ("bolag", "bolaget", "förening", "föreningen", "föreningar", "stiftelsen")


def _is_polis(word: str) -> bool:
    # Whole words: "kommunpolisen" ends in a police word, so it is Polis, not Kommun.
    if word == "lpo" or word.startswith(("polis", "lokalpolis")):
        return True
    return word.endswith(("polis", "polisen"))


def _is_kommun(word: str) -> bool:
    if word.startswith("kommun") and not word.startswith("kommunal"):
        return word != "kommunens"  # the possessive is only a hint
    return (
        word in _KOMMUN_WORDS or word.endswith(_KOMMUN_SUFFIXES) or word.startswith("fritidsgård")
    )


def _is_company(word: str) -> bool:
    return word in ("ab", "hb", "kb") or word.endswith(_COMPANY_SUFFIXES) or "friskol" in word


def parse_party(value: object) -> PartyParse:
    """Who carries the activity: Gemensam, Polis, Kommun, or Extern with the name as owner."""
    text = cell_text(value)
    if text is None:
        return PartyParse(None, None, None)
    key = _key(text)
    words = re.findall(r"[^\W\d_]+", key)
    if not words or key in _NO_PARTY:
        return PartyParse(None, text, None)
    if key in _EXTERNAL_PHRASES:
        return PartyParse(Party.EXTERNAL, text, None)  # the category, not a name to keep
    polis = any(_is_polis(w) for w in words)
    others = [w for w in words if not _is_polis(w)]  # "Polishögskolan" is no school of the kommun
    hinted = not any(map(_is_company, others)) and any(w.endswith(_KOMMUN_HINTS) for w in others)
    kommun = hinted or any(map(_is_kommun, others))
    if key in _JOINT_PHRASES or words[0] in ("gemensamt", "gemensam") or (kommun and polis):
        return PartyParse(Party.JOINT, text, None)
    if polis:
        return PartyParse(Party.POLIS, text, None)
    if kommun:
        return PartyParse(Party.KOMMUN, text, None)
    return PartyParse(Party.EXTERNAL, text, text)


# ---------------------------------------------------------------- assessment


_ASSESSMENT_WORDS = dict.fromkeys(("grön", "grönt", "gröna", "green"), Assessment.GREEN)
_ASSESSMENT_WORDS |= dict.fromkeys(("gul", "gult", "gula", "yellow", "orange"), Assessment.YELLOW)
_ASSESSMENT_WORDS |= dict.fromkeys(("röd", "rött", "röda", "red"), Assessment.RED)
_ASSESSMENT_SYMBOLS = dict.fromkeys("🟢🟩💚", Assessment.GREEN)
_ASSESSMENT_SYMBOLS |= dict.fromkeys("🟡🟨🟠🟧💛", Assessment.YELLOW)
_ASSESSMENT_SYMBOLS |= dict.fromkeys("🔴🟥", Assessment.RED)
# "G" alone could be Grön or Gul in Swedish, so only R and Y stand for a colour by themselves.
_ASSESSMENT_LETTERS = {"r": Assessment.RED, "y": Assessment.YELLOW}


def parse_assessment_text(value: object) -> Assessment | None:
    """Grön, Gul or Röd from a word or a coloured symbol leading the cell; None otherwise."""
    text = cell_text(value)
    if text is None:
        return None
    symbols = {_ASSESSMENT_SYMBOLS[c] for c in text if c in _ASSESSMENT_SYMBOLS}
    words = re.findall(r"[^\W\d_]+", text.casefold())
    if not words:
        return symbols.pop() if len(symbols) == 1 else None
    if len(words) == 1 and _key(text).strip("●•○◉ ") in _ASSESSMENT_LETTERS:
        return _ASSESSMENT_LETTERS[words[0]]
    colour = _ASSESSMENT_WORDS.get(words[0])
    named = {_ASSESSMENT_WORDS[w] for w in words if w in _ASSESSMENT_WORDS}
    # "Grön/gul" or a green dot beside "Röd" says two things; better none than a guess.
    return colour if colour is not None and named | symbols == {colour} else None


def parse_fill_colour(argb: str | None) -> Assessment | None:
    """The traffic light a fill shows ('FF00B050' or '00B050'); None for any other colour."""
    if not isinstance(argb, str):
        return None
    digits = argb.strip().removeprefix("#")
    if len(digits) not in (6, 8) or not all(c in string.hexdigits for c in digits):
        return None
    digits = digits[-6:]  # Excel ignores the alpha byte of ARGB
    red, green, blue = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, saturation, value = colorsys.rgb_to_hsv(red, green, blue)
    degrees = hue * 360
    # 0.15 keeps Excel's pale Good/Bad/Neutral fills (C6EFCE, FFC7CE, FFEB9C) and drops greys.
    if saturation < 0.15 or value < 0.45:
        return None
    if degrees <= 15 or degrees >= 340:
        return Assessment.RED
    if degrees <= 65:  # orange (F4B183) is read as amber: a warning, not yet red
        return Assessment.YELLOW
    if 75 <= degrees <= 165:
        return Assessment.GREEN
    return None


# ---------------------------------------------------------------- flags

_FALSE_WORDS = _words("nej", "n", "no", "0", "falskt", "false", "ej", "inte", "-", "–")


def parse_bool(value: object) -> bool:
    """An 'Ej offentlig' mark: Ja, X, 1, SANT → True; empty, Nej, 0 → False; other marks → True."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0 and not math.isnan(value)
    key = _key(cell_text(value) or "")
    # Any other mark in the column is read as "not public": hiding a row is the safe mistake.
    return bool(key) and key not in _FALSE_WORDS
