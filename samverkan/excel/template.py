"""The canonical Excel template, and the writer that turns a plan into such a workbook.

Why one module: the template is one artefact; its sheets, headers and dropdown lists must
agree with each other and with what the importer reads back.

Parts:
- names: PLAN_SHEET, PLAN_HEADERS and the other sheets' headers, which the importer reads back
- build_plan_workbook: agreement, focus areas, goals and activities → xlsx bytes (an export
  may choose each activity's cells, `row_values`, and add the "Planens år" row, `plan_year`:
  exports/current_plan.py, whose file must import back unchanged)
- build_template / write_template: the empty plan with one example row, for coordinators
- one builder per sheet: Instruktioner, Överenskommelse, Fokusområden, Mål, Aktivitetsplan,
  and the hidden Listor that the dropdowns read from
- cells: safe_cells.put_cell writes every text as text (never a formula, quotePrefix where it
  starts like one), every date as a real Excel date
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from samverkan.excel.safe_cells import DATE_FORMAT, put_cell
from samverkan.excel.sections import EXAMPLE_COMMENT
from samverkan.models import (
    Activity,
    Agreement,
    AgreementKind,
    Assessment,
    Direction,
    FocusArea,
    Goal,
    GoalKind,
    Party,
    Status,
)

INSTRUCTIONS_SHEET = "Instruktioner"
AGREEMENT_SHEET = "Överenskommelse"
FOCUS_SHEET = "Fokusområden"
GOALS_SHEET = "Mål"
PLAN_SHEET = "Aktivitetsplan"
LISTS_SHEET = "Listor"

# fmt: off
PLAN_HEADERS: tuple[str, ...] = (
    "ID", "Fokusområde", "Aktivitet", "Ansvarig part", "Ansvarig", "Arbetsgrupp", "Start",
    "Slutdatum", "Genomförd datum", "Uppföljning senast", "Uppföljd datum", "Status", "Bedömning",
    "Medborgarlöfte", "Ej offentlig", "Kommentar",
)
PLAN_DATE_HEADERS: tuple[str, ...] = (
    "Start", "Slutdatum", "Genomförd datum", "Uppföljning senast", "Uppföljd datum",
)
FOCUS_HEADERS: tuple[str, ...] = ("Nummer", "Fokusområde", "Gäller från", "Gäller till")
GOAL_HEADERS: tuple[str, ...] = (
    "Fokusområde", "Måltyp", "Mål", "Indikator", "Basår", "Basvärde", "Målvärde", "Målår",
    "Riktning",
)
AGREEMENT_LABELS: tuple[str, ...] = (
    "Kommun", "Lokalpolisområde", "Titel", "Period från", "Period till", "Typ",
)
PLAN_YEAR_LABEL = "Planens år"  # written only where the plan's yearless dates need it
_WIDTHS = {
    "ID": 8, "Nummer": 9, "Fokusområde": 28, "Aktivitet": 48, "Ansvarig part": 14, "Ansvarig": 26,
    "Arbetsgrupp": 22, "Status": 13, "Bedömning": 12, "Medborgarlöfte": 30, "Ej offentlig": 12,
    "Kommentar": 48, "Måltyp": 16, "Mål": 48, "Indikator": 36, "Start": 12, "Slutdatum": 13,
    "Genomförd datum": 12, "Uppföljning senast": 12, "Uppföljd datum": 12, "Gäller från": 12,
    "Gäller till": 12, "Uppgift": 20, "Värde": 60, "Riktning": 16,
}
# fmt: on
# Formats and dropdowns reach this far down, so rows the coordinator adds get them too; cells
# are styled one by one, so a whole-column format (1,048,576 rows) is never written.
PLAN_ROWS = 1000
SMALL_TABLE_ROWS = 200
CONFIDENTIAL_YES, CONFIDENTIAL_NO = "Ja", "Nej"

# An activity's cells in PLAN_HEADERS order (plan_values, or an export's own choice of words).
RowValues = Callable[[Activity], Sequence[object]]

# The dropdown lists, one column each on the hidden Listor sheet, in this order.
LISTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Status", tuple(s.value for s in Status)),
    ("Ansvarig part", tuple(p.value for p in Party)),
    ("Bedömning", tuple(a.value for a in Assessment)),
    ("Ej offentlig", (CONFIDENTIAL_YES, CONFIDENTIAL_NO)),
    ("Måltyp", tuple(k.value for k in GoalKind)),
    ("Typ", tuple(k.value for k in AgreementKind)),
    ("Riktning", tuple(d.value for d in Direction)),
)

# The Instruktioner sheet, one line per row; "# " marks the title, "## " a heading.
_INSTRUCTIONS = """\
# Aktivitetsplan för samverkansöverenskommelsen – så fyller du i

## Bladen
Överenskommelse: kommun, lokalpolisområde, titel, period och typ (strategisk eller operativ).
Fokusområden: de prioriterade problemen med nummer; namnen blir valbara i aktivitetsplanen.
Mål: effektmål, processmål och produktionsmål per fokusområde, med indikator och målvärde.
Aktivitetsplan: en rad per aktivitet. Ge varje rad ett eget ID (A1, A2 …) och behåll det.

## Status
Ej påbörjad – arbetet har inte börjat.
Pågår – arbetet är igång men inte klart.
Genomförd – aktiviteten är klar; skriv dagen i Genomförd datum.
Stående – pågår hela perioden som ordinarie arbete och har inget slutdatum.
Inställd – aktiviteten blir inte av; skriv varför i Kommentar.

## Ansvarig part
Kommun – kommunen eller någon av dess förvaltningar och bolag.
Polis – lokalpolisområdet, t.ex. kommunpolisen.
Gemensam – kommun och polis tillsammans.
Extern – någon annan, t.ex. ett bostadsbolag eller en förening; skriv vem i Ansvarig.

## Bedömning
Grön – går enligt plan.
Gul – risk för försening eller avvikelse; håll ögonen på den.
Röd – håller inte utan åtgärd; ta upp den i styrgruppen.

## Datum
Skriv datum som {year}-05-31.
Slutdatum får också skrivas maj {year}, v. 20 {year}, Q2 {year}, T1 {year}, VT {year} eller löpande.
Uppföljning senast: när en genomförd aktivitet ska följas upp; Uppföljd datum: när det gjordes.
Ja i Ej offentlig: raden visas aldrig publikt och följer inte med i exporter (t.ex. en polisinsats).

## Inga personuppgifter
Skriv inga personnummer och inga namn på enskilda personer i ärenden.
En fil med personnummer tas inte emot. Skriv gärna en funktion som ansvarig, inte ett namn.
"""
_EXAMPLE_INSTRUCTIONS = """\

## Exemplet
Den grå kursiva raden på bladen Aktivitetsplan och Fokusområden är ett exempel: radera den.
"""

_DEFAULT_WIDTH = 20

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill(fill_type="solid", start_color="1F4E78", end_color="1F4E78")
_HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")
_TITLE_FONT = Font(bold=True, size=14)
_HEADING_FONT = Font(bold=True, size=12)
# Grey italics mark example rows; not a fill, which the importer would read as a bedömning.
_EXAMPLE_FONT = Font(italic=True, color="808080")
_TOP_WRAP = Alignment(wrap_text=True, vertical="top")
_ASSESSMENT_FILLS = {
    Assessment.GREEN: "C6EFCE",
    Assessment.YELLOW: "FFEB9C",
    Assessment.RED: "FFC7CE",
}

# A fixed time in docProps and in the zip entries makes equal input give equal bytes.
_FIXED_TIME = dt.datetime(2024, 1, 1)
_ZIP_TIME = (2024, 1, 1, 0, 0, 0)


def build_plan_workbook(
    agreement: Agreement,
    focus_areas: list[FocusArea],
    goals: list[Goal],
    activities: list[Activity],
    *,
    example: bool = False,
    opens_on_plan: bool = False,
    plan_year: int | None = None,
    row_values: RowValues | None = None,
) -> bytes:
    """An xlsx in the template's layout holding the agreement, its goals and its activities.

    `opens_on_plan`: Excel opens it on the Aktivitetsplan sheet, not the instructions (a report).
    `plan_year`: a "Planens år" row on the Överenskommelse sheet, the year the import gives a
    due date written without one ("v. 20"). `row_values`: an activity's cells in PLAN_HEADERS
    order (default plan_values: the fields as the app reads them).
    """
    values: tuple[object, ...] = (agreement.kommun, agreement.lpo, agreement.title)
    values += (agreement.period_start, agreement.period_end, agreement.kind.value)
    if plan_year is not None:
        values += (plan_year,)
    year = agreement.period_start.year
    return _build(
        values,
        year,
        focus_areas,
        goals,
        activities,
        example=example,
        opens_on_plan=opens_on_plan,
        row_values=row_values or plan_values,
    )


def build_template(year: int | None = None) -> bytes:
    """The empty plan for `year` (default this year) with one example row, as xlsx bytes."""
    year = year or dt.date.today().year
    # Kommun and LPO stay empty for the coordinator (an Agreement would refuse an empty kommun);
    # the title carries the year until the coordinator names the agreement.
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    values = (None, None, f"Aktivitetsplan {year}", start, end, AgreementKind.OPERATIVE.value)
    area = FocusArea(number=1, name="Trygghet i centrum")
    activity = Activity(
        activity_key="A1",
        focus_area=area.name,
        title="Trygghetsvandring i centrum med fastighetsägare",
        party=Party.JOINT,
        owner="Säkerhetssamordnare och kommunpolis",
        working_group="Lokala BRÅ",
        start=dt.date(year, 3, 1),
        due=dt.date(year, 5, 31),
        status=Status.IN_PROGRESS,
        assessment=Assessment.GREEN,
        comment=EXAMPLE_COMMENT,
        sheet=PLAN_SHEET,
        row=2,
    )
    return _build(values, year, [area], [], [activity], example=True)


def write_template(path: str | os.PathLike[str]) -> None:
    """Write the canonical template (an empty plan for this year with one example row)."""
    Path(path).write_bytes(build_template())


def _build(
    agreement: tuple[object, ...],
    year: int,
    focus_areas: list[FocusArea],
    goals: list[Goal],
    activities: list[Activity],
    *,
    example: bool,
    opens_on_plan: bool = False,
    row_values: RowValues | None = None,
) -> bytes:
    """The six sheets in order, saved with fixed timestamps."""
    workbook = Workbook()
    instructions = workbook.active
    assert isinstance(instructions, Worksheet)
    instructions.title = INSTRUCTIONS_SHEET
    _write_instructions(instructions, year, example)
    _write_agreement(workbook.create_sheet(AGREEMENT_SHEET), agreement)
    _write_focus_areas(
        workbook.create_sheet(FOCUS_SHEET), _all_focus_areas(focus_areas, activities), example
    )
    _write_goals(workbook.create_sheet(GOALS_SHEET), goals, example)
    plan = workbook.create_sheet(PLAN_SHEET)
    _write_plan(plan, activities, example, row_values or plan_values)
    if opens_on_plan:
        # The active sheet and the selected tab both: Excel groups every selected tab.
        instructions.sheet_view.tabSelected = False
        plan.sheet_view.tabSelected = True
        workbook.active = plan
    lists = workbook.create_sheet(LISTS_SHEET)
    _write_lists(lists)
    lists.sheet_state = "hidden"
    workbook.properties.creator = "Samverkan"
    workbook.properties.created = _FIXED_TIME
    workbook.properties.modified = _FIXED_TIME
    return _save(workbook)


def _all_focus_areas(given: list[FocusArea], activities: list[Activity]) -> list[FocusArea]:
    """The given focus areas, then those only an activity names, so the dropdown offers them."""
    names = {fa.name for fa in given}
    missing = dict.fromkeys(
        a.focus_area for a in activities if a.focus_area and a.focus_area not in names
    )
    return [*given, *(FocusArea(name=name) for name in missing if name)]


# ---------------------------------------------------------------- sheets


def _write_instructions(ws: Worksheet, year: int, example: bool) -> None:
    """Short Swedish instructions, one line per row in column A."""
    text = _INSTRUCTIONS + (_EXAMPLE_INSTRUCTIONS if example else "")
    # One cell per row: a row with two known headers could pass for the plan's table.
    for number, line in enumerate(text.format(year=year).splitlines(), start=1):
        level, _, heading = line.partition(" ")
        if level in ("#", "##"):
            put_cell(ws, number, 1, heading).font = _TITLE_FONT if level == "#" else _HEADING_FONT
        elif line:
            put_cell(ws, number, 1, line)
    ws.column_dimensions["A"].width = 110


def _write_agreement(ws: Worksheet, values: tuple[object, ...]) -> None:
    """'label | value' rows in columns A and B, as the importer's agreement reader expects."""
    _write_header(ws, ("Uppgift", "Värde"))
    labels = (*AGREEMENT_LABELS, PLAN_YEAR_LABEL)[: len(values)]
    for number, (label, written) in enumerate(zip(labels, values, strict=True), start=2):
        put_cell(ws, number, 1, label).font = Font(bold=True)
        value = put_cell(ws, number, 2, written)
        if label.startswith("Period"):
            value.number_format = DATE_FORMAT
        if label == "Typ":
            _add_list(ws, f"B{number}", "Typ")


def _write_focus_areas(ws: Worksheet, areas: list[FocusArea], example: bool) -> None:
    """The focus areas with their numbers; column B feeds the Fokusområde dropdowns."""
    _write_header(ws, FOCUS_HEADERS)
    for number, area in enumerate(areas, start=2):
        _write_row(ws, number, (area.number, area.name, area.valid_from, area.valid_to), example)
    _format_dates(ws, ("C", "D"), SMALL_TABLE_ROWS)


def _write_goals(ws: Worksheet, goals: list[Goal], example: bool) -> None:
    """The goals, one row each, with dropdowns for focus area and kind."""
    _write_header(ws, GOAL_HEADERS)
    for number, goal in enumerate(goals, start=2):
        row: tuple[object, ...] = (goal.focus_area, goal.kind.value, goal.text, goal.indicator)
        row += (goal.baseline_year, goal.baseline_value, goal.target_value, goal.target_year)
        _write_row(ws, number, (*row, goal.direction), example)
    last = max(SMALL_TABLE_ROWS, len(goals) + 1)
    _add_focus_area_list(ws, f"A2:A{last}")
    _add_list(ws, f"B2:B{last}", "Måltyp")
    _add_list(ws, f"I2:I{last}", "Riktning")


def _write_plan(
    ws: Worksheet, activities: list[Activity], example: bool, row_values: RowValues
) -> None:
    """The activity plan: PLAN_HEADERS, then the extra columns the activities carry."""
    extra = list(dict.fromkeys(h for a in activities for h in a.extra))
    headers = (*PLAN_HEADERS, *extra)
    _write_header(ws, headers)
    for number, activity in enumerate(activities, start=2):
        row = (*row_values(activity), *(activity.extra.get(h) for h in extra))
        _write_row(ws, number, row, example)
    last = max(PLAN_ROWS, len(activities) + 1)
    column = {h: get_column_letter(i) for i, h in enumerate(PLAN_HEADERS, start=1)}
    _format_dates(ws, [column[h] for h in PLAN_DATE_HEADERS], last)
    _add_focus_area_list(ws, f"{column['Fokusområde']}2:{column['Fokusområde']}{last}")
    for header in ("Status", "Ansvarig part", "Bedömning", "Ej offentlig"):
        _add_list(ws, f"{column[header]}2:{column[header]}{last}", header)
    # A prompt only: coordinators write "löpande" or "Q2 2024" here, so no date restriction.
    due_hint = DataValidation(
        showInputMessage=True,
        promptTitle="Slutdatum",
        prompt="Ett datum (2024-05-31) eller maj 2024, v. 20 2024, Q2 2024, T1 2024, VT 2024, "
        "löpande.",
    )
    due_hint.add(f"{column['Slutdatum']}2:{column['Slutdatum']}{last}")
    ws.add_data_validation(due_hint)
    assessments = f"{column['Bedömning']}2:{column['Bedömning']}{last}"
    for assessment, colour in _ASSESSMENT_FILLS.items():
        # Conditional, not a fixed fill: the cell follows the word the coordinator picks.
        fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
        word = f'"{assessment.value}"'
        rule = Rule(
            type="cellIs", operator="equal", formula=[word], dxf=DifferentialStyle(fill=fill)
        )
        ws.conditional_formatting.add(assessments, rule)
    ws.freeze_panes = "D2"  # keeps ID, focus area and title in view while scrolling right
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(len(activities) + 1, 2)}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:1"


def plan_values(activity: Activity) -> tuple[object, ...]:
    """One activity's cells in PLAN_HEADERS order."""
    return (
        activity.activity_key,
        activity.focus_area,
        activity.title,
        _enum_value(activity.party),
        activity.owner,
        activity.working_group,
        activity.start,
        activity.due if activity.due is not None else activity.due_text,
        activity.done_on,
        activity.followup_due,
        activity.followed_up_on,
        _enum_value(activity.status),
        _enum_value(activity.assessment),
        activity.citizen_promise,
        CONFIDENTIAL_YES if activity.confidential else None,
        activity.comment,
    )


def _write_lists(ws: Worksheet) -> None:
    """One column per dropdown list, with its name in row 1."""
    for column, (name, values) in enumerate(LISTS, start=1):
        put_cell(ws, 1, column, name).font = Font(bold=True)
        for number, value in enumerate(values, start=2):
            put_cell(ws, number, column, value)


# ---------------------------------------------------------------- tables and dropdowns


def _write_header(ws: Worksheet, headers: Sequence[str]) -> None:
    """A bold, filled, frozen header row with column widths to match."""
    for column, header in enumerate(headers, start=1):
        cell = put_cell(ws, 1, column, header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _HEADER_ALIGNMENT
        ws.column_dimensions[get_column_letter(column)].width = _WIDTHS.get(header, _DEFAULT_WIDTH)
    if ws.freeze_panes is None:
        ws.freeze_panes = "A2"


def _write_row(ws: Worksheet, number: int, values: Iterable[object], example: bool) -> None:
    """One data row, wrapped and top-aligned so long titles and comments stay readable."""
    for column, value in enumerate(values, start=1):
        cell = put_cell(ws, number, column, value)
        cell.alignment = _TOP_WRAP
        if example:
            cell.font = _EXAMPLE_FONT


def _format_dates(ws: Worksheet, columns: Iterable[str], last: int) -> None:
    """The date format on rows 2..last, so a date typed later shows as 2024-05-31 too."""
    for letter in columns:
        for number in range(2, last + 1):
            ws[f"{letter}{number}"].number_format = DATE_FORMAT


def _add_list(ws: Worksheet, cells: str, label: str) -> None:
    """A strict dropdown of one of LISTS (on the Listor sheet): its words, or nothing."""
    column = [name for name, _ in LISTS].index(label) + 1
    letter, words = get_column_letter(column), LISTS[column - 1][1]
    source = f"{LISTS_SHEET}!${letter}$2:${letter}${len(words) + 1}"
    prompt = f"Välj i listan: {', '.join(words)}."
    _add_dropdown(ws, cells, source, label, prompt=prompt, error=prompt, strict=True)


def _add_focus_area_list(ws: Worksheet, cells: str) -> None:
    """A lenient dropdown of the Fokusområden sheet's names: a new name is a warning only."""
    source = f"'{FOCUS_SHEET}'!$B$2:$B${SMALL_TABLE_ROWS}"
    prompt = f"Välj ett fokusområde från bladet {FOCUS_SHEET}."
    error = f"Fokusområdet finns inte på bladet {FOCUS_SHEET}. Lägg gärna till det där."
    _add_dropdown(ws, cells, source, "Fokusområde", prompt=prompt, error=error, strict=False)


def _add_dropdown(
    ws: Worksheet, cells: str, source: str, label: str, *, prompt: str, error: str, strict: bool
) -> None:
    validation = DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorStyle="stop" if strict else "warning",
        errorTitle=f"Ogiltigt värde: {label}"[:32],  # Excel refuses titles over 32 characters
        error=error,
        promptTitle=label,
        prompt=prompt,
    )
    validation.add(cells)
    ws.add_data_validation(validation)


# ---------------------------------------------------------------- cells and bytes


def _enum_value(value: Status | Party | Assessment | None) -> str | None:
    return None if value is None else value.value


def _save(workbook: Workbook) -> bytes:
    """The workbook's bytes, with fixed timestamps so the same plan gives the same file."""
    buffer = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook stamps the current time as modified.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()
    stamped = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(stamped, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return stamped.getvalue()
