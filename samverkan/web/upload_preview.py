"""What Ladda upp shows of a plan before Spara: the verdict and findings, then what was read.

The order is the coordinator's: can it be saved (and what to look at), then what the import
understood, so it can be checked row by row; Spara stays in reach below (upload.render_save).

Parts:
- due_dates_outside_period: activities whose due date falls outside their plan's period
- is_worth_opening: whether a sheet's column table opens by itself
- render_import_report: the verdict, the findings, and what was read (the sheets, the
  activities as read, rows per focus area, the columns, each due date as written)
- render_checkin_conflicts, chosen_file_wins: where the file contradicts a later check-in
  made in the app, a choice per row ("Behåll incheckningen", the default, or the file's)
"""

from __future__ import annotations

import streamlit as st

from samverkan.checkins import conflict_choices, conflict_sentence
from samverkan.excel.locate import needs_choice
from samverkan.models import Activity, CheckInConflict, ImportReport, ParsedAgreement
from samverkan.swedish import format_count, format_date
from samverkan.web.format import escape_markdown
from samverkan.web.tables import (
    activity_preview_table,
    column_mapping_table,
    due_dates_table,
    focus_area_counts_table,
    issues_table,
)

# What a sheet was read for (importing.reading.ImportOutcome.sheets), as the page says it.
SHEET_ROLES = {
    "agreement": "överenskommelsen (kommun, lokalpolisområde, period)",
    "focus_areas": "fokusområden",
    "goals": "mål",
    "activities": "aktiviteter",
    "promises": "medborgarlöften",
}
# Rows shown before "Visa alla": enough to check the columns, short enough to reach Spara.
PREVIEW_ROWS = 5
# Rows a warning names before it says how many more.
NAMED_ROWS = 8


def due_dates_outside_period(report: ImportReport) -> list[tuple[ParsedAgreement, list[Activity]]]:
    """Each plan with the activities due before its period starts or after it ends."""
    found = []
    for parsed in report.agreements:
        start, end = parsed.agreement.period_start, parsed.agreement.period_end
        outside = [a for a in parsed.activities if a.due and not start <= a.due <= end]
        if outside:
            found.append((parsed, outside))
    return found


def is_worth_opening(
    mapping: dict[str, str], reasons: dict[str, str], choices: dict[str, str]
) -> bool:
    """Whether a sheet's column table opens by itself: where a column needs a choice, or its
    contents decided it. Headings that name their field are not worth a table between the
    file and Spara."""
    return bool(reasons) or any(needs_choice(h, name, choices) for h, name in mapping.items())


def render_import_report(
    report: ImportReport,
    *,
    sheets: dict[str, str] | None = None,
    column_choices: dict[str, str] | None = None,
    waiting_for_kommun: bool = False,
) -> None:
    """The verdict and findings naming sheet, row and column, then what the import read.

    `sheets` is what each sheet was read for; `column_choices` the coordinator's choices
    (a sheet's column table opens where a column still needs one). While the kommun is not
    chosen (`waiting_for_kommun`) there is no verdict: choosing it is the next step.
    """
    _render_verdict(report, waiting_for_kommun=waiting_for_kommun)
    _render_due_dates_outside(report)
    if report.issues:
        st.subheader("Fel och varningar", anchor=False)
        st.table(issues_table(report.issues), hide_index=True)
    if waiting_for_kommun or (not report.column_mapping and not report.agreements):
        return  # the plan is read once the kommun is known
    st.subheader("Så här lästes filen", anchor=False)
    for parsed in report.agreements:
        agreement = parsed.agreement
        lpo = f", lokalpolisområde {escape_markdown(agreement.lpo)}" if agreement.lpo else ""
        st.markdown(
            f"**{escape_markdown(agreement.kommun)}**{lpo}, period {agreement.period_label}: "
            f"{format_count(len(parsed.activities), 'aktivitet', 'aktiviteter')} i "
            f"{format_count(len(parsed.focus_areas), 'fokusområde', 'fokusområden')}"
            f" och {format_count(len(parsed.goals), 'mål', 'mål')}."
        )
    _render_sheets(report, sheets or {})
    _render_activities(report)
    if report.agreements:
        st.table(focus_area_counts_table(report), hide_index=True)
    for sheet, mapping in report.column_mapping.items():
        reasons = report.column_reasons.get(sheet, {})
        with st.expander(
            f"Kolumnerna på bladet ”{escape_markdown(sheet)}”",
            icon=":material/table_chart:",
            expanded=is_worth_opening(mapping, reasons, column_choices or {}),
        ):
            st.table(column_mapping_table(mapping, reasons), hide_index=True)
    if report.activity_count:
        with st.expander("Slutdatum som de skrevs och hur de tolkades", icon=":material/event:"):
            st.table(due_dates_table(report), hide_index=True)


def _render_verdict(report: ImportReport, *, waiting_for_kommun: bool) -> None:
    if report.errors:
        st.error(
            f"Filen kan inte läsas in: {format_count(len(report.errors), 'fel', 'fel')}. "
            "Inget har sparats. Rätta i filen och ladda upp den igen.",
            icon=":material/block:",
        )
    elif waiting_for_kommun:
        return
    elif not report.is_accepted:
        st.error(
            "Filen innehåller inga aktiviteter som går att läsa in. Inget har sparats.",
            icon=":material/block:",
        )
    else:
        warnings = (
            f", med {format_count(len(report.warnings), 'varning', 'varningar')} att titta på"
            if report.warnings
            else ""
        )
        st.success(
            f"Filen går att läsa in: "
            f"{format_count(report.activity_count, 'aktivitet', 'aktiviteter')}{warnings}. "
            "Kontrollera nedan och tryck sedan på **Spara**.",
            icon=":material/check_circle:",
        )


def _render_due_dates_outside(report: ImportReport) -> None:
    for parsed, outside in due_dates_outside_period(report):
        agreement = parsed.agreement
        named = ", ".join(
            f"rad {a.row} ({escape_markdown(a.title)}: {format_date(a.due)})"
            for a in outside[:NAMED_ROWS]
        )
        more = len(outside) - NAMED_ROWS
        if more > 0:
            named += f" och {format_count(more, 'rad', 'rader')} till"
        st.warning(
            f"{format_count(len(outside), 'slutdatum ligger', 'slutdatum ligger')} utanför "
            f"planens period {agreement.period_label} "
            f"({format_date(agreement.period_start)} – {format_date(agreement.period_end)}): "
            f"{named}. Stämmer året? Planen kan sparas ändå.",
            icon=":material/event_busy:",
        )


def _render_sheets(report: ImportReport, sheets: dict[str, str]) -> None:
    """Every sheet the plan was read from, with what it gave; the ones not read after."""
    if not sheets:
        sheets = dict.fromkeys(report.column_mapping, "activities")
    counts = {
        "focus_areas": sum(len(p.focus_areas) for p in report.agreements),
        "goals": sum(len(p.goals) for p in report.agreements),
    }
    per_sheet: dict[str, int] = {}
    for parsed in report.agreements:
        for activity in parsed.activities:
            per_sheet[activity.sheet] = per_sheet.get(activity.sheet, 0) + 1
    lines = []
    for sheet, role in sheets.items():
        if not role:
            continue
        what = SHEET_ROLES.get(role, role)
        if role == "activities":
            what = format_count(per_sheet.get(sheet, 0), "aktivitet", "aktiviteter")
        elif role in counts and list(sheets.values()).count(role) == 1:
            what = f"{what} ({counts[role]})"
        lines.append(f"- ”{escape_markdown(sheet)}”: {what}")
    if lines:
        st.markdown("**Blad som lästes**\n\n" + "\n".join(lines))
    skipped = [f"”{escape_markdown(s)}”" for s, role in sheets.items() if not role]
    if skipped:
        st.caption(
            f"Blad som inte lästes (instruktioner, listor, dolda eller utan tabell): "
            f"{', '.join(skipped)}."
        )


def _render_activities(report: ImportReport) -> None:
    """The first activities with every field as read; all of them behind Visa alla."""
    activities = [a for parsed in report.agreements for a in parsed.activities]
    if not activities:
        return
    st.markdown("**Aktiviteterna som de lästes**")
    every, empty = activity_preview_table(activities)
    st.dataframe(every.head(PREVIEW_ROWS), hide_index=True, width="stretch")
    if empty:
        st.caption(f"Tomma på alla rader, så de visas inte: {', '.join(empty)}.")
    if len(activities) > PREVIEW_ROWS:
        with st.expander(
            f"Visa alla {format_count(len(activities), 'aktivitet', 'aktiviteter')}",
            icon=":material/list:",
        ):
            st.dataframe(every, hide_index=True, width="stretch")


KEEP_CHECKIN = "Behåll incheckningen"
USE_FILE = "Använd filens värde"


def render_checkin_conflicts(conflicts: list[CheckInConflict], key: str) -> None:
    """Each contradicted check-in with its choice; keeping the check-in is the default."""
    conflicts = conflict_choices(conflicts)
    if not conflicts:
        return
    st.subheader("Filen säger emot incheckningar i appen", anchor=False)
    st.markdown(
        f"{format_count(len(conflicts), 'uppgift', 'uppgifter')} har checkats in i appen efter "
        "förra filen, och filen säger något annat. Välj per rad; incheckningen behålls om du "
        "inte väljer filen."
    )
    for conflict in conflicts:
        with st.container(border=True, gap="small"):
            st.markdown(escape_markdown(conflict_sentence(conflict)))
            st.segmented_control(
                "Vilket värde ska gälla?",
                [KEEP_CHECKIN, USE_FILE],
                default=KEEP_CHECKIN,
                required=True,
                key=f"{key}_{conflict.key}",
                label_visibility="collapsed",
            )


def chosen_file_wins(conflicts: list[CheckInConflict], key: str) -> set[str]:
    """The conflicts (by key) where the coordinator chose the file's value."""
    return {c.key for c in conflicts if st.session_state.get(f"{key}_{c.key}") == USE_FILE}
