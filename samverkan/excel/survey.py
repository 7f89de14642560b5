"""Reading a safety survey or key-figure file into a SurveyReport; the survey import's entry.

Why one module: the three layouts it reads (long, Kolada, wide) share the value rules below.

guard → read values → screen for personal data → locate each sheet's table (survey_layout)
→ read its rows (long, Kolada or wide; each row's kommun by survey_kommun) → one SurveyValue
per kommun, area, year and indicator. Nothing here raises on bad input: every problem
becomes an ImportIssue with sheet, row and column, in Swedish. A value written as "–", "..",
"-" or left empty is stored as missing (None), never as 0.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from samverkan.excel.columns import column_letter
from samverkan.excel.guard import GuardedFile, RefusedFile, guard_spreadsheet
from samverkan.excel.locate import normalize_header
from samverkan.excel.parse import cell_text
from samverkan.excel.personal_data import screen_personal_data
from samverkan.excel.read import SheetValues, read_screened_texts, read_values
from samverkan.excel.survey_kommun import KommunResolver
from samverkan.excel.survey_layout import (
    RESPONDENT_ROWS,
    SurveyLayout,
    locate_survey_table,
    parse_survey_number,
    parse_survey_year,
    source_note,
    title_labels,
)
from samverkan.indicators import WHOLE_KOMMUN, is_whole_kommun, parse_unit, split_unit
from samverkan.kommuner import canonical_kommun, find_kommun_in_text
from samverkan.models import ImportIssue, Severity, SurveyReport, SurveyValue, Unit
from samverkan.swedish import format_number

KOLADA_SOURCE = "Kolada"
# Kolada ids whose name and unit are certain (DOMAIN.md); other ids keep their code as name.
KNOWN_KPIS = {"N07403": ("Anmälda våldsbrott", Unit.PER_100000_INV)}
_TOTAL_GENDER = frozenset({"t", "totalt", "total", "alla", "samtliga", "kvinnor och man"})
_GENERIC_SHEET_NAMES = frozenset({"blad1", "sheet1", "data", "csv", "tabell", "resultat"})
_RANGES = {Unit.INDEX_0_6: (0.0, 6.0, "skalan 0–6"), Unit.PROCENT: (0.0, 100.0, "0–100 %")}


def read_survey(data: bytes, file_name: str, kommun: str | None = None) -> SurveyReport:
    """Read a survey or key-figure file; the report holds its values, or why none are stored.

    `kommun` is used where the file does not say (no Kommun column, no "… kommun" title).
    """
    try:
        guarded = guard_spreadsheet(data)
        sheets = read_values(guarded.data, guarded.kind, csv_sheet_name(file_name))
    except RefusedFile as refusal:
        return _refused(file_name, str(refusal))
    return read_survey_sheets(guarded, sheets, file_name, kommun)


def read_survey_sheets(
    guarded: GuardedFile, sheets: list[SheetValues], file_name: str, kommun: str | None = None
) -> SurveyReport:
    """The same as read_survey, for a file whose values are already read."""
    try:
        screened = screen_personal_data(sheets, read_screened_texts(guarded.data, guarded.kind))
        if any(i.severity is Severity.ERROR for i in screened):
            return SurveyReport(file_name=file_name, issues=screened)
        return _SurveyReader(file_name, sheets, kommun).read(screened)
    except RefusedFile as refusal:
        return _refused(file_name, str(refusal))
    except (RecursionError, MemoryError):
        return _refused(file_name, "Filen är för djupt nästlad eller för stor för att läsas.")
    except Exception as exc:  # a file we did not foresee: refuse it, never show a traceback
        return _refused(
            file_name,
            f"Filen kunde inte läsas ({type(exc).__name__}). Spara den på nytt i Excel som .xlsx "
            "och försök igen; hjälper inte det, skicka filen till förvaltaren av Samverkan.",
        )


def csv_sheet_name(file_name: str) -> str:
    """The name a CSV file's one sheet goes by in messages: the file's name without .csv."""
    return os.path.splitext(file_name)[0][:31] or "CSV"


def _at(row: list[Any], column: int | None) -> Any:
    """The cell in the column, or None when the row is shorter or there is no such column."""
    return row[column] if column is not None and 0 <= column < len(row) else None


def _refused(file_name: str, message: str) -> SurveyReport:
    return SurveyReport(
        file_name=file_name, issues=[ImportIssue(severity=Severity.ERROR, message=message)]
    )


@dataclass
class _Draft:
    """A value being read, before its unit is settled for the whole indicator."""

    kommun: str
    area: str
    year: int
    indicator: str
    unit: Unit | None
    value: float | None
    respondents: int | None
    source: str | None
    sheet: str
    row: int
    column: int


@dataclass
class _SheetContext:
    """What a sheet's title block and notes say about all its values."""

    kommun: str | None = None
    area: str | None = None
    unit: Unit | None = None
    source: str | None = None
    respondents: dict[tuple[str, int], int] = field(default_factory=dict)


class _SurveyReader:
    """Turns located survey tables into values; holds the issues found on the way."""

    def __init__(self, file_name: str, sheets: list[SheetValues], kommun: str | None) -> None:
        self.file_name = file_name
        self.sheets = [s for s in sheets if not s.is_hidden]
        self.issues: list[ImportIssue] = []
        self.kommuner = KommunResolver(kommun, self.issues)
        self.drafts: list[_Draft] = []
        self.seen: dict[tuple[str, str, int, str], _Draft] = {}
        self.skipped_genders: set[str] = set()
        self.unknown_measures: set[str] = set()

    def issue(
        self,
        severity: Severity,
        message: str,
        sheet: str | None = None,
        row: int | None = None,
        column: int | None = None,
    ) -> None:
        letter = column_letter(column) if column is not None and column >= 0 else None
        self.issues.append(
            ImportIssue(severity=severity, message=message, sheet=sheet, row=row, column=letter)
        )

    def error(self, message: str, sheet: str, row: int, column: int | None = None) -> None:
        self.issue(Severity.ERROR, message, sheet, row, column)

    def warn(self, message: str, sheet: str, row: int, column: int | None = None) -> None:
        self.issue(Severity.WARNING, message, sheet, row, column)

    # -- the whole file -------------------------------------------------------------------

    def read(self, screened: list[ImportIssue]) -> SurveyReport:
        self.issues.extend(screened)
        located = [(s, layout) for s in self.sheets if (layout := locate_survey_table(s.rows))]
        if not located:
            self.issues.append(
                ImportIssue(
                    severity=Severity.ERROR,
                    message=(
                        "Hittade ingen tabell med mätvärden. En trygghetsmätning behöver "
                        "kolumnerna År, Indikator och Värde (eller kpi, municipality, period "
                        "och value som i Kolada), eller indikatorer i en kolumn och åren som "
                        "rubriker, inom de första 30 raderna."
                    ),
                )
            )
            return self._report([])
        several = len(located) > 1
        for sheet, layout in located:
            context = self._context(sheet, layout, several_sheets=several)
            if layout.kind == "wide":
                self._read_wide(sheet, layout, context)
            else:
                self._read_long(sheet, layout, context)
        self._report_skipped()
        if not self.drafts and not any(i.severity is Severity.ERROR for i in self.issues):
            sheet, layout = located[0]
            self.issue(
                Severity.ERROR,
                "Tabellen har rubriker men inga mätvärden. Fyll i minst en rad under rubrikerna.",
                sheet.name,
                layout.header_row,
            )
        return self._report(self._settle_units())

    def _report(self, values: list[SurveyValue]) -> SurveyReport:
        if any(i.severity is Severity.ERROR for i in self.issues):
            values = []
        return SurveyReport(file_name=self.file_name, values=values, issues=self.issues)

    def _context(
        self, sheet: SheetValues, layout: SurveyLayout, *, several_sheets: bool
    ) -> _SheetContext:
        """The kommun, area, unit and source a sheet's title block (and sheet name) give."""
        title_rows = sheet.rows[: layout.header_row - 1]
        labels = title_labels(title_rows)
        texts = " ".join(t for row in title_rows for t in (cell_text(v) for v in row) if t)
        context = _SheetContext(
            kommun=canonical_kommun(labels["kommun"]) if "kommun" in labels else None,
            area=labels.get("area"),
            unit=parse_unit(labels.get("unit")),
            source=labels.get("source") or (KOLADA_SOURCE if layout.kind == "kolada" else None),
        )
        if context.kommun is None and texts:
            context.kommun = find_kommun_in_text(texts)
        if (
            layout.kind == "wide"
            and "area" not in layout.columns
            and context.area is None
            and several_sheets
            and normalize_header(sheet.name) not in _GENERIC_SHEET_NAMES
        ):
            context.area = sheet.name
        return context

    def _kommun(
        self, written: Any, context: _SheetContext, sheet: str, row: int, column: int | None
    ) -> str | None:
        return self.kommuner.resolve(written, context.kommun, sheet, row, column)

    # -- long and Kolada tables -------------------------------------------------------------

    def _read_long(self, sheet: SheetValues, layout: SurveyLayout, context: _SheetContext) -> None:
        columns = layout.columns

        def cell(row: list[Any], name: str) -> Any:
            return _at(row, columns.get(name))

        for index in range(layout.header_row, len(sheet.rows)):
            row = sheet.rows[index]
            number = index + 1
            filled = [v for v in row if cell_text(v)]
            if not filled:
                continue
            if len(filled) == 1 and cell_text(cell(row, "value")) is None:
                # A note under the table ("Källa: …") or a heading inside it.
                note = source_note(cell_text(filled[0]) or "")
                if note:
                    context.source = note
                continue
            gender = cell_text(cell(row, "gender"))
            if gender and normalize_header(gender) not in _TOTAL_GENDER:
                self.skipped_genders.add(gender)
                continue
            year = self._year(cell(row, "year"), sheet.name, number, columns["year"])
            indicator, name_unit = self._indicator(row, layout, sheet.name, number)
            if year is None or indicator is None:
                continue
            kommun = self._kommun(
                cell(row, "kommun"), context, sheet.name, number, columns.get("kommun")
            )
            if kommun is None:
                continue
            unit = self._unit(cell(row, "unit"), sheet.name, number, columns.get("unit"))
            is_read, value = self._value(cell(row, "value"), sheet.name, number, columns["value"])
            if not is_read:
                continue
            area = self._area(cell_text(cell(row, "area")) or context.area, kommun)
            self._add(
                _Draft(
                    kommun=kommun,
                    area=area,
                    year=year,
                    indicator=indicator,
                    unit=unit or name_unit or context.unit,
                    value=value,
                    respondents=self._respondents(
                        cell(row, "respondents"), sheet.name, number, columns.get("respondents")
                    ),
                    source=cell_text(cell(row, "source")) or context.source,
                    sheet=sheet.name,
                    row=number,
                    column=columns["value"],
                )
            )
        for draft in self.drafts:
            if draft.sheet == sheet.name and draft.source is None:
                draft.source = context.source

    def _indicator(
        self, row: list[Any], layout: SurveyLayout, sheet: str, number: int
    ) -> tuple[str | None, Unit | None]:
        """The indicator's name and the unit its name tells; Kolada ids get their known name."""
        column = layout.columns["indicator"]
        written = cell_text(_at(row, column))
        title = cell_text(_at(row, layout.columns.get("title")))
        if written is None and title is None:
            self.error("Indikatorn saknas på raden.", sheet, number, column)
            return None, None
        if title:
            return split_unit(title)
        assert written is not None
        if written.upper() in KNOWN_KPIS:
            return KNOWN_KPIS[written.upper()]
        return split_unit(written)

    # -- wide tables --------------------------------------------------------------------------

    def _read_wide(self, sheet: SheetValues, layout: SurveyLayout, context: _SheetContext) -> None:
        columns = layout.columns
        label_column = columns["indicator"]
        drafts_before = len(self.drafts)
        for index in range(layout.header_row, len(sheet.rows)):
            row = sheet.rows[index]
            number = index + 1
            label = cell_text(_at(row, label_column))
            cells = {column: _at(row, column) for column in layout.years}
            written = {c: v for c, v in cells.items() if cell_text(v)}
            if not written or (
                label is None
                and not any(parse_survey_number(v).value is not None for v in written.values())
            ):
                # A heading, a note or the source under the table.
                note = next((source_note(t) for t in map(cell_text, row) if t), None)
                if note:
                    context.source = note
                continue
            if label is None:
                self.error(
                    "Raden har värden men ingen indikator.", sheet.name, number, label_column
                )
                continue
            kommun = self._kommun(
                _at(row, columns.get("kommun")), context, sheet.name, number, columns.get("kommun")
            )
            if kommun is None:
                continue
            area = self._area(cell_text(_at(row, columns.get("area"))) or context.area, kommun)
            if normalize_header(label) in RESPONDENT_ROWS:
                for column, year in layout.years.items():
                    count = self._respondents(cells[column], sheet.name, number, column)
                    if count is not None:
                        context.respondents[(area, year)] = count
                continue
            indicator, name_unit = split_unit(label)
            unit = self._unit(
                _at(row, columns.get("unit")), sheet.name, number, columns.get("unit")
            )
            for column, year in layout.years.items():
                is_read, value = self._value(cells[column], sheet.name, number, column)
                if not is_read:
                    continue
                self._add(
                    _Draft(
                        kommun=kommun,
                        area=area,
                        year=year,
                        indicator=indicator,
                        unit=unit or name_unit or context.unit,
                        value=value,
                        respondents=None,
                        source=None,
                        sheet=sheet.name,
                        row=number,
                        column=column,
                    )
                )
        for draft in self.drafts[drafts_before:]:
            draft.source = context.source
            draft.respondents = context.respondents.get((draft.area, draft.year))

    # -- cells ----------------------------------------------------------------------------

    def _year(self, value: Any, sheet: str, row: int, column: int) -> int | None:
        year = parse_survey_year(value)
        if year is None:
            text = cell_text(value)
            self.error(
                f'Året "{text}" förstås inte; skriv året med fyra siffror, t.ex. 2023.'
                if text
                else "Året saknas på raden.",
                sheet,
                row,
                column,
            )
        return year

    def _value(self, value: Any, sheet: str, row: int, column: int) -> tuple[bool, float | None]:
        """(True, the number or None when missing), or (False, None) with an error."""
        parsed = parse_survey_number(value)
        if not parsed.is_valid:
            self.error(
                f'Förstod inte värdet "{parsed.text}". Skriv ett tal (t.ex. 1,85 eller 61,5), '
                "eller – när värdet saknas.",
                sheet,
                row,
                column,
            )
            return False, None
        return True, parsed.value

    def _unit(self, value: Any, sheet: str, row: int, column: int | None) -> Unit | None:
        text = cell_text(value)
        unit = parse_unit(text)
        if text and unit is None and text not in self.unknown_measures:
            self.unknown_measures.add(text)  # once per text, not once per row
            self.warn(
                f'Måttet "{text}" är okänt; skriv Index 0–6, Andel %, per 100 000 inv eller antal.',
                sheet,
                row,
                column,
            )
        return unit

    def _respondents(self, value: Any, sheet: str, row: int, column: int | None) -> int | None:
        parsed = parse_survey_number(value)
        count = parsed.value
        if count is None and parsed.is_valid:
            return None
        if count is None or count < 0 or not count.is_integer():
            self.warn(
                f'Antal svar "{parsed.text}" är inget heltal och lästes inte.', sheet, row, column
            )
            return None
        return int(count)

    def _area(self, written: str | None, kommun: str) -> str:
        if written is None or is_whole_kommun(written, kommun):
            return WHOLE_KOMMUN
        return " ".join(written.split())

    def _add(self, draft: _Draft) -> None:
        key = (draft.kommun, draft.area, draft.year, normalize_header(draft.indicator))
        earlier = self.seen.get(key)
        if earlier is None:
            self.seen[key] = draft
            self.drafts.append(draft)
            return
        if earlier.value != draft.value:
            self.error(
                f'"{draft.indicator}" för {draft.area} {draft.year} står två gånger med olika '
                f'värden (även rad {earlier.row} på bladet "{earlier.sheet}"). Ta bort den ena.',
                draft.sheet,
                draft.row,
                draft.column,
            )

    # -- after every sheet ----------------------------------------------------------------

    def _report_skipped(self) -> None:
        self.kommuner.report_skipped()
        if self.skipped_genders:
            self.issues.append(
                ImportIssue(
                    severity=Severity.WARNING,
                    message="Värden per kön ("
                    + ", ".join(sorted(self.skipped_genders))
                    + ") lästes inte; bara totalen (T) sparas.",
                )
            )

    def _settle_units(self) -> list[SurveyValue]:
        """One unit per indicator; values outside their scale warn, a missing unit warns once."""
        units: dict[str, Unit] = {}
        for draft in self.drafts:
            key = normalize_header(draft.indicator)
            if draft.unit is not None:
                units.setdefault(key, draft.unit)
        warned: set[str] = set()
        values = []
        for draft in self.drafts:
            key = normalize_header(draft.indicator)
            unit = draft.unit or units.get(key)
            if unit is None:
                unit = Unit.ANTAL
                if key not in warned:
                    warned.add(key)
                    self.warn(
                        f'Det framgår inte vad "{draft.indicator}" mäts i (ingen kolumn Mått och '
                        "inget i namnet); värdena sparas som antal.",
                        draft.sheet,
                        draft.row,
                    )
            self._check_range(draft, unit)
            values.append(
                SurveyValue(
                    kommun=draft.kommun,
                    area=draft.area,
                    year=draft.year,
                    indicator=draft.indicator,
                    unit=unit,
                    value=draft.value,
                    respondents=draft.respondents,
                    source=draft.source,
                )
            )
        return values

    def _check_range(self, draft: _Draft, unit: Unit) -> None:
        if draft.value is None:
            return
        low, high, words = _RANGES.get(unit, (0.0, float("inf"), "noll eller mer"))
        if not low <= draft.value <= high:
            self.warn(
                f"Värdet {format_number(draft.value)} ligger utanför {words}; kontrollera det.",
                draft.sheet,
                draft.row,
                draft.column,
            )
