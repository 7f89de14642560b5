"""An activity plan's sheets, already read and sorted, into an ImportReport.

Why one module: its steps run in this order over the same sheets and add to the same issues.

The import (samverkan/importing/) reads the file once and sorts its sheets (importing.kinds);
here: agreement info → each table's rows parsed a column at a time (rows.py) → citizen
promises → example rows and duplicate IDs → grouped by agreement. Nothing here raises on bad
input: every problem becomes an ImportIssue with sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from samverkan.excel.agreement_info import AgreementInfo, read_agreement_info
from samverkan.excel.columns import column_letter
from samverkan.excel.contents import (
    colour_candidates,
    decide_by_colour,
    table_rows,
)
from samverkan.excel.guard import GuardedFile
from samverkan.excel.locate import TableLayout
from samverkan.excel.parse import cell_text
from samverkan.excel.promises import mark_citizen_promises
from samverkan.excel.read import (
    SheetValues,
    has_solid_fills,
    read_bold_cells,
    read_fills,
)
from samverkan.excel.rows import RowTable, parse_activity_rows
from samverkan.excel.sections import (
    EXAMPLE_COMMENT,
    GOAL_KIND_WORDS,
    GOAL_ROW,
    NUMBER_PREFIX,
    SECTION_ROW,
    YEAR_IN_NAME,
    focus_area_from_sheet_name,
    lone_cell_kind,
)
from samverkan.excel.structure import (
    read_focus_area_sheet,
    read_goal_sheet,
)
from samverkan.kommuner import canonical_kommun
from samverkan.models import (
    Activity,
    Agreement,
    AgreementKind,
    FocusArea,
    Goal,
    GoalKind,
    ImportIssue,
    ImportReport,
    IssueCode,
    ParsedAgreement,
    Severity,
)


@dataclass(frozen=True)
class ImportOptions:
    """What the person importing tells us beside the file."""

    kommun: str | None = None
    lpo: str | None = None
    period: tuple[int, int] | None = None
    column_mapping: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanSheet:
    """One sheet of a plan and what it holds (importing.kinds sorts them); `layout` is its
    table's, None for the focus-area and goal sheets."""

    sheet: SheetValues
    role: Literal["focus_areas", "goals", "activities", "promises"]
    layout: TableLayout | None = None


@dataclass
class _Draft:
    """An activity being built from one row, with the kommun it belongs to."""

    activity: Activity
    kommun: str | None
    lpo: str | None


def read_plan_sheets(
    guarded: GuardedFile,
    file_name: str,
    sheets: list[SheetValues],
    plan_sheets: list[PlanSheet],
    options: ImportOptions,
    screened: list[ImportIssue],
) -> ImportReport:
    """The plan in sheets already read and sorted (importing.kinds); `screened` is what the
    personal-data screen found. Raises only on a file nobody foresaw (the caller refuses it)."""
    if any(i.severity is Severity.ERROR for i in screened):
        return ImportReport(file_name=file_name, issues=screened)
    return _PlanReader(guarded, file_name, sheets, options).read(screened, plan_sheets)


def refused_report(file_name: str, message: str) -> ImportReport:
    """A report that refuses the whole file, saying why."""
    return _refused(file_name, message)


def _refused(file_name: str, message: str, **where: Any) -> ImportReport:
    issue = ImportIssue(severity=Severity.ERROR, message=message, **where)
    return ImportReport(file_name=file_name, issues=[issue])


class _PlanReader:
    """Turns located tables into activities; holds the issues found on the way."""

    def __init__(
        self,
        guarded: GuardedFile,
        file_name: str,
        sheets: list[SheetValues],
        options: ImportOptions,
    ) -> None:
        self.data = guarded.data
        self.kind = guarded.kind
        self.file_name = file_name
        self.sheets = [s for s in sheets if not s.is_hidden and _has_values(s)]
        self.options = options
        self.issues: list[ImportIssue] = []
        self.layouts: dict[str, TableLayout] = {}
        self.focus_areas: dict[str, FocusArea] = {}
        self.goals: list[Goal] = []
        self.has_fills = has_solid_fills(self.data, self.kind)
        self.kommuner: dict[str | None, str | None] = {}

    def warn(
        self,
        message: str,
        sheet: str | None = None,
        row: int | None = None,
        column: int | None = None,
    ) -> None:
        letter = column_letter(column) if column is not None else None
        self.issues.append(
            ImportIssue(
                severity=Severity.WARNING, message=message, sheet=sheet, row=row, column=letter
            )
        )

    def error(
        self,
        message: str,
        sheet: str | None = None,
        row: int | None = None,
        column: int | None = None,
        code: IssueCode | None = None,
    ) -> None:
        letter = column_letter(column) if column is not None else None
        self.issues.append(
            ImportIssue(
                severity=Severity.ERROR,
                message=message,
                sheet=sheet,
                row=row,
                column=letter,
                code=code,
            )
        )

    def read(self, screened: list[ImportIssue], sorted_sheets: list[PlanSheet]) -> ImportReport:
        self.issues.extend(screened)
        plan_sheets: list[SheetValues] = []
        promise_sheets: list[SheetValues] = []
        for found in sorted_sheets:
            sheet = found.sheet
            if not _has_values(sheet):
                continue
            if found.role == "focus_areas":
                for area in read_focus_area_sheet(sheet, self.issues):
                    self.focus_areas.setdefault(area.name, area)
            elif found.role == "goals":
                self.goals.extend(read_goal_sheet(sheet, self.issues))
            elif found.layout is not None:
                self.layouts[sheet.name] = found.layout
                (promise_sheets if found.role == "promises" else plan_sheets).append(sheet)
        title_rows = {s.name: s.rows[: self.layouts[s.name].header_row - 1] for s in plan_sheets}
        info = read_agreement_info(self.sheets, title_rows, self.file_name)
        if not plan_sheets:
            self.error(
                "Hittade ingen aktivitetstabell. Planen behöver en rubrikrad med minst en kolumn "
                'för aktiviteten (t.ex. "Aktivitet", "Åtgärd" eller "Insats") och en till '
                '(t.ex. "Ansvarig", "Status" eller "Klart senast"), inom de första 30 raderna. '
                "Ladda gärna ner mallen och jämför."
            )
            return self._report([])
        drafts: list[_Draft] = []
        for sheet in plan_sheets:
            layout = self.layouts[sheet.name]
            many = len(plan_sheets) > 1
            drafts.extend(self._read_plan_sheet(sheet, layout, info, many_sheets=many))
        for sheet in promise_sheets:
            marked, issues = mark_citizen_promises(
                sheet, self.layouts[sheet.name], [d.activity for d in drafts]
            )
            self.issues.extend(issues)
            for draft, activity in zip(drafts, marked, strict=True):
                draft.activity = activity
        drafts = self._without_example_rows(drafts)
        if not drafts and not any(i.severity is Severity.ERROR for i in self.issues):
            self.error(
                "Tabellen har rubriker men inga aktiviteter. Fyll i minst en rad under rubrikerna.",
                sheet=plan_sheets[0].name,
            )
        self._check_duplicate_keys(drafts)
        return self._report(self._group_by_agreement(drafts, info))

    def _without_example_rows(self, drafts: list[_Draft]) -> list[_Draft]:
        """Leave out the template's example row; a file with nothing else is refused."""
        kept = [d for d in drafts if d.activity.comment != EXAMPLE_COMMENT]
        for draft in drafts:
            if draft.activity.comment != EXAMPLE_COMMENT:
                continue
            sheet, row = draft.activity.sheet, draft.activity.row
            if kept:
                self.warn("Mallens exempelrad lästes inte in; radera den i filen.", sheet, row)
            else:
                self.error(
                    "Filen har bara mallens exempelrad. Radera den, fyll i er egen plan och "
                    "ladda upp igen.",
                    sheet,
                    row,
                )
        return kept

    def _report(self, agreements: list[ParsedAgreement]) -> ImportReport:
        mapping = {name: layout.mapping() for name, layout in self.layouts.items()}
        return ImportReport(
            file_name=self.file_name,
            agreements=agreements,
            issues=self.issues,
            column_mapping=mapping,
            column_reasons={
                name: reasons
                for name, layout in self.layouts.items()
                if (reasons := layout.reasons_by_header())
            },
        )

    # -- one plan sheet ---------------------------------------------------------------------

    def _read_plan_sheet(
        self, sheet: SheetValues, layout: TableLayout, info: AgreementInfo, *, many_sheets: bool
    ) -> list[_Draft]:
        fills = self._fills_for(sheet, layout)
        columns = list(layout.columns.items())
        where = {name: column for column, name in columns}
        sheet_focus = None
        if "focus_area" not in where:
            sheet_focus = self._sheet_focus_area(sheet, layout, many_sheets=many_sheets)
        self._read_goal_rows(sheet, range(layout.header_row - 1), sheet_focus)
        first = layout.header_row
        below = sheet.rows[first:]
        # How many cells of each row hold a value: counted once, for lone cells and gaps.
        filled = [len(row) - row.count("") - row.count(None) for row in below]
        lone_rows = {
            first + offset + 1: (first + offset + 1, _first_filled(below[offset]))
            for offset, count in enumerate(filled)
            if count == 1
        }
        bold = set()
        if lone_rows:
            bold = read_bold_cells(self.data, sheet.name, set(lone_rows.values()), self.kind)
        current_section: str | None = None
        seen_activity = after_gap = False
        table = RowTable(
            sheet=sheet.name,
            rows=[],
            numbers=[],
            focus_areas=[],
            where=where,
            unknown=layout.unknown,
            fills=fills,
            plan_year=info.plan_year,
            status_is_done_flag=where.get("status") in layout.done_flags,
        )
        title_column = where.get("title", -1)
        focus_column = where.get("focus_area", -1)
        titles = [row[title_column] if title_column < len(row) else None for row in below]
        focus_of: dict[str, str] = {}  # a focus area is written the same way on many rows
        for offset, (row, count, title) in enumerate(zip(below, filled, titles, strict=True)):
            number = first + offset + 1
            if count == 1:
                kind, text = lone_cell_kind(row, lone_rows[number] in bold, after_gap)
                if kind == "section":
                    current_section = self._focus_area(text)
                    after_gap = False
                    continue
                if kind == "goal":
                    self._read_goal_rows(sheet, [number - 1], current_section or sheet_focus)
                    continue
                if kind == "note":
                    continue
            elif count == 0:
                after_gap = seen_activity
                continue
            if cell_text(title) is None:
                if any(cell_text(row[c]) for c, _ in columns if c < len(row)):
                    self.warn(
                        "Raden har ingen aktivitet (tom aktivitetscell) och lästes inte.",
                        sheet.name,
                        number,
                        where.get("title"),
                    )
                continue
            focus = cell_text(row[focus_column]) if 0 <= focus_column < len(row) else None
            table.rows.append(row)
            table.numbers.append(number)
            if focus:
                if focus not in focus_of:
                    focus_of[focus] = self._focus_area(focus)
                table.focus_areas.append(focus_of[focus])
            else:
                table.focus_areas.append(current_section or sheet_focus)
            seen_activity = True
        parsed = parse_activity_rows(table)
        self.issues.extend(parsed.issues)
        return [
            _Draft(activity=activity, kommun=kommun, lpo=lpo)
            for activity, kommun, lpo in zip(
                parsed.activities, parsed.kommuner, parsed.lpos, strict=True
            )
        ]

    def _sheet_focus_area(
        self, sheet: SheetValues, layout: TableLayout, *, many_sheets: bool
    ) -> str | None:
        """One sheet per focus area: a title cell ('Fokusområde 2: Våld') or the sheet name."""
        for row in sheet.rows[: layout.header_row - 1]:
            for value in row:
                text = cell_text(value)
                match = SECTION_ROW.match(text) if text else None
                if match:
                    return self._focus_area(match.group(2), match.group(1))
        from_name = focus_area_from_sheet_name(sheet.name)
        if from_name:
            return self._focus_area(from_name)
        if many_sheets:
            return self._focus_area(YEAR_IN_NAME.sub("", sheet.name).strip(" -–:") or sheet.name)
        return None

    def _read_goal_rows(self, sheet: SheetValues, indexes: Any, focus_area: str | None) -> None:
        """'Effektmål: …' rows become goals of the focus area they stand in."""
        for index in indexes:
            for value in sheet.rows[index]:
                text = cell_text(value)
                match = GOAL_ROW.match(text) if text else None
                if match:
                    kind = GOAL_KIND_WORDS.get(match.group(1).casefold(), GoalKind.OUTCOME)
                    self.goals.append(Goal(focus_area=focus_area, kind=kind, text=match.group(2)))

    def _fills_for(self, sheet: SheetValues, layout: TableLayout) -> dict[tuple[int, int], str]:
        """The fills of the status and bedömning cells; a column told only by its colours
        becomes the bedömning here (excel.contents), since only here are fills read."""
        if not self.has_fills:
            return {}
        candidates = colour_candidates(layout)
        columns = {c for c, f in layout.columns.items() if f in ("assessment", "status")}
        fills = read_fills(self.data, sheet.name, columns | candidates, self.kind)
        if candidates:
            numbers = [i + 1 for i in table_rows(sheet.rows, layout.header_row)]
            decide_by_colour(layout, numbers, fills)
        return fills

    def _focus_area(self, written: str, number: str | None = None) -> str:
        """The focus area's name without numbering, registered in order of appearance."""
        match = NUMBER_PREFIX.match(written)
        if match:
            number = number or match.group(1)
            written = written[match.end() :]
        name = " ".join(written.split())
        if name not in self.focus_areas:
            self.focus_areas[name] = FocusArea(
                name=name, number=int(number) if number else len(self.focus_areas) + 1
            )
        return name

    # -- promises, keys, agreements ---------------------------------------------------------

    def _check_duplicate_keys(self, drafts: list[_Draft]) -> None:
        seen: dict[tuple[str | None, str], Activity] = {}
        for draft in drafts:
            activity = draft.activity
            key = (draft.kommun, activity.activity_key)
            if key in seen:
                first = seen[key]
                self.error(
                    f'ID "{activity.activity_key}" finns på två rader (även rad {first.row} på '
                    f'bladet "{first.sheet}"). Varje aktivitet behöver ett eget ID.',
                    activity.sheet,
                    activity.row,
                )
            seen[key] = activity

    def _group_by_agreement(
        self, drafts: list[_Draft], info: AgreementInfo
    ) -> list[ParsedAgreement]:
        groups: dict[tuple[str, str | None], list[Activity]] = {}
        for draft in drafts:
            kommun = self._kommun_of(draft, info)
            if kommun is None:
                return []
            lpo = self.options.lpo or draft.lpo or info.lpo
            groups.setdefault((kommun, lpo), []).append(draft.activity)
        start, end = self._period(info, [a for group in groups.values() for a in group])
        agreements = []
        for (kommun, lpo), activities in groups.items():
            kind = info.kind or (
                AgreementKind.OPERATIVE if start.year == end.year else AgreementKind.STRATEGIC
            )
            agreement = Agreement(
                kommun=kommun,
                lpo=lpo,
                title=info.title,
                period_start=start,
                period_end=end,
                kind=kind,
            )
            used = {a.focus_area for a in activities} | {g.focus_area for g in self.goals}
            # A focus area listed on its own sheet is kept even before it has activities.
            areas = [fa for name, fa in self.focus_areas.items() if name in used or fa.valid_from]
            agreements.append(
                ParsedAgreement(
                    agreement=agreement,
                    focus_areas=areas,
                    goals=list(self.goals),
                    activities=activities,
                )
            )
        return agreements

    def _kommun_of(self, draft: _Draft, info: AgreementInfo) -> str | None:
        written = self.options.kommun or draft.kommun or info.kommun
        if written not in self.kommuner:
            self.kommuner[written] = self._canonical_kommun(written, draft)
        return self.kommuner[written]

    def _canonical_kommun(self, written: str | None, draft: _Draft) -> str | None:
        if written is None:
            self.error(
                "Filen säger inte vilken kommun planen gäller (ingen kolumn Kommun, inget blad "
                'Överenskommelse och ingen rubrik som "… Eslövs kommun"). Ange kommunen vid '
                "uppladdningen (på kommandoraden: --kommun NAMN).",
                code=IssueCode.KOMMUN_MISSING,
            )
            return None
        kommun = canonical_kommun(written)
        if kommun is None:
            where = {} if written == self.options.kommun else {"row": draft.activity.row}
            self.error(
                f'"{written}" är ingen svensk kommun. Skriv kommunens namn, t.ex. "Eslöv".',
                sheet=draft.activity.sheet if where else None,
                code=IssueCode.KOMMUN_UNKNOWN,
                **where,
            )
        return kommun

    def _period(self, info: AgreementInfo, activities: list[Activity]) -> tuple[dt.date, dt.date]:
        if self.options.period:
            return dt.date(self.options.period[0], 1, 1), dt.date(self.options.period[1], 12, 31)
        if info.period_start and info.period_end:
            return info.period_start, info.period_end
        if info.plan_year:
            return dt.date(info.plan_year, 1, 1), dt.date(info.plan_year, 12, 31)
        years = sorted({d.year for a in activities for d in (a.start, a.due) if d is not None})
        if years:
            return dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31)
        year = dt.date.today().year
        self.warn(f"Planens period framgår inte av filen; den räknas som {year}.")
        return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _first_filled(row: list[Any]) -> int:
    return next(c for c, v in enumerate(row) if v not in ("", None))


def _has_values(sheet: SheetValues) -> bool:
    return any(v not in ("", None) for row in sheet.rows[:200] for v in row)
