"""Activity rows into Activity models, a column at a time.

The plan reader has already decided which rows are activities and which focus area each
belongs to; here every column is parsed in one pass (each distinct cell value once, since
plans repeat the same words and dates on thousands of rows), then the rows are assembled and
validated in one call. Measured on a 20,000-row plan this is several times faster than
parsing row by row, and it keeps the rules of one field together.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter
from typing import Any

from pydantic import TypeAdapter

from samverkan.excel.columns import column_letter
from samverkan.excel.locate import normalize_header
from samverkan.excel.parse import (
    cell_text,
    parse_assessment_text,
    parse_bool,
    parse_date,
    parse_due,
    parse_fill_colour,
    parse_party,
    parse_status,
)
from samverkan.models import Activity, Assessment, ImportIssue, Party, Severity, Status

DATE_FIELDS = ("start", "done_on", "followup_due", "followed_up_on")
TEXT_FIELDS = ("owner", "working_group", "comment", "citizen_promise", "kommun", "lpo")

# Plans repeat the same few words, parties and dates on thousands of rows: each distinct cell
# value is parsed once. Calamine's values are all hashable; typed, so True and 1 stay apart.
_cached = functools.lru_cache(maxsize=16_384, typed=True)
_due = _cached(parse_due)
_date = _cached(parse_date)
_status = _cached(parse_status)
_party = _cached(parse_party)
_assessment_text = _cached(parse_assessment_text)
_fill = _cached(parse_fill_colour)
_bool = _cached(parse_bool)
_text = _cached(cell_text)
_ACTIVITIES = TypeAdapter(list[Activity])


@dataclass
class RowTable:
    """The activity rows of one sheet, with where each field is and what the rows belong to."""

    sheet: str
    rows: list[list[Any]]
    numbers: list[int]
    focus_areas: list[str | None]
    where: dict[str, int]
    unknown: dict[int, str]
    fills: dict[tuple[int, int], str]
    plan_year: int | None


@dataclass
class ParsedRows:
    """Activities in row order, the kommun and LPO each row names, and what was found."""

    activities: list[Activity] = field(default_factory=list)
    kommuner: list[str | None] = field(default_factory=list)
    lpos: list[str | None] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)


def parse_activity_rows(table: RowTable) -> ParsedRows:
    """Parse every column, assemble each row's fields and validate them in one call."""
    parsed = ParsedRows()
    count = len(table.rows)
    shortest = min(map(len, table.rows), default=0)

    def column(name: str) -> list[Any]:
        index = table.where.get(name)
        if index is None:
            return [None] * count
        if index < shortest:  # every row reaches it: one C-level getter per row
            return list(map(itemgetter(index), table.rows))
        return [row[index] if index < len(row) else None for row in table.rows]

    def warn(message: str, position: int, name: str | None) -> None:
        index = table.where.get(name) if name else None
        parsed.issues.append(
            ImportIssue(
                severity=Severity.WARNING,
                message=message,
                sheet=table.sheet,
                row=table.numbers[position],
                column=column_letter(index) if index is not None else None,
            )
        )

    texts = {name: list(map(_text, column(name))) for name in (*TEXT_FIELDS, "title")}
    keys = list(map(_text, column("activity_key")))
    dues = list(map(_due, column("due"), repeat(table.plan_year)))
    dates = {n: list(map(_date, column(n), repeat(table.plan_year))) for n in DATE_FIELDS}
    statuses = list(map(_status, column("status")))
    parties = list(map(_party, column("party")))
    confidential = list(map(_bool, column("confidential")))
    assessments = _assessments(table, texts_of=list(map(_text, column("assessment"))), warn=warn)
    extras = _extras(table)
    has_status, has_party = "status" in table.where, "party" in table.where

    rows: list[dict[str, Any]] = []
    for i in range(count):
        due, status, party = dues[i], statuses[i], parties[i]
        owner = texts["owner"][i]
        for parse_result, name in ((due, "due"), (status, "status")):
            if parse_result.warning:
                warn(parse_result.warning, i, name)
        fields: dict[str, Any] = {
            "activity_key": keys[i] or derived_key(table.focus_areas[i], texts["title"][i] or ""),
            "focus_area": table.focus_areas[i],
            "title": texts["title"][i],
            "party": party.party,
            "party_text": party.text,
            "owner": owner,
            "working_group": texts["working_group"][i],
            "due": due.due,
            "due_text": due.text,
            "status": status.status,
            "status_text": status.text,
            "assessment": assessments[i][0],
            "assessment_text": assessments[i][1],
            "citizen_promise": texts["citizen_promise"][i],
            "confidential": confidential[i],
            "comment": texts["comment"][i],
            "extra": extras[i],
            "sheet": table.sheet,
            "row": table.numbers[i],
        }
        for name in DATE_FIELDS:
            result = dates[name][i]
            fields[name] = result.due
            if result.warning:
                warn(result.warning, i, name)
        # Without a status column nothing is stated, and status stays unreported (EXPECTED.json).
        if due.is_standing and has_status:
            if status.status is None and status.text is None:
                fields["status"] = Status.STANDING
            elif status.status not in (Status.STANDING, None):
                warn(
                    f'Slutdatumet "{due.text}" betyder stående, men statusen är '
                    f'"{status.text}"; statusen gäller.',
                    i,
                    "status",
                )
        if party.party is Party.EXTERNAL and owner is None:
            fields["owner"] = party.owner
        if party.party is None and not has_party and owner:
            inferred = _party(owner).party
            fields["party"] = inferred if inferred is not Party.EXTERNAL else None
        if keys[i] is None and "activity_key" in table.where:
            warn("Raden saknar ID; en nyckel bildas av fokusområde och titel.", i, "activity_key")
        rows.append(fields)
    # Strict: the parsers hand over typed values, so nothing may be coerced on the way in.
    parsed.activities = _ACTIVITIES.validate_python(rows, strict=True)
    parsed.kommuner, parsed.lpos = texts["kommun"], texts["lpo"]
    return parsed


def _assessments(
    table: RowTable,
    texts_of: list[str | None],
    warn: Callable[[str, int, str | None], None],
) -> list[tuple[Assessment | None, str | None]]:
    """Bedömning from the words written, else from the fill of the assessment or status cell."""
    colour_columns = [table.where[n] for n in ("assessment", "status") if n in table.where]
    result: list[tuple[Assessment | None, str | None]] = []
    for i, text in enumerate(texts_of):
        from_text = _assessment_text(text) if text else None
        from_colour = None
        if table.fills:
            for index in colour_columns:
                colour = table.fills.get((table.numbers[i], index))
                from_colour = _fill(colour) if colour else None
                if from_colour is not None:
                    break
        if text and from_text is None:
            warn(
                f'Bedömningen "{text}" är inte grön, gul eller röd och lästes inte som bedömning.',
                i,
                "assessment",
            )
        if from_text and from_colour and from_text is not from_colour:
            warn(
                f'Bedömningen är skriven "{text}" men cellen är färgad '
                f"{from_colour.value.lower()}; texten gäller.",
                i,
                "assessment",
            )
        result.append((from_text or from_colour, text))
    return result


def _extras(table: RowTable) -> list[dict[str, str]]:
    """The columns we do not map (BRÅ's Orsak, Operativa mål, …), kept per row by header."""
    extras: list[dict[str, str]] = [{} for _ in table.rows]
    for index, header in table.unknown.items():
        for extra, row in zip(extras, table.rows, strict=True):
            text = _text(row[index]) if index < len(row) else None
            if text is not None:
                extra[header] = text
    return extras


def derived_key(focus_area: str | None, title: str) -> str:
    """A key that stays the same across uploads of a plan without an ID column."""
    basis = f"{normalize_header(focus_area or '')}/{normalize_header(title)}"
    return "K-" + hashlib.sha1(basis.encode(), usedforsecurity=False).hexdigest()[:8].upper()
