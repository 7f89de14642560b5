"""Activity lists as display tables: Swedish headers, words with icons, dates as Swedes write.

The frames are for st.table, which renders Markdown in cells, so every text a coordinator
wrote goes through escape_markdown and shows as itself.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from samverkan.glossary import DUE, FOLLOWUP_DUE, FOLLOWUP_MISSING, LATE
from samverkan.metrics import NO_OWNER, days_behind
from samverkan.models import (
    COLUMN_READ_AS_LABELS,
    FIELD_LABELS,
    Activity,
    ActivityView,
    ImportIssue,
    ImportReport,
    PartyCommitments,
    Severity,
    status_word,
)
from samverkan.swedish import format_date, format_days, format_integer, format_week
from samverkan.web.format import (
    CONFIDENTIAL_MARK,
    FOLLOWUP_ICON,
    LATE_ICON,
    escape_markdown,
    format_assessment,
    format_party,
    format_status,
)


def activity_table(views: list[ActivityView], as_of: dt.date) -> pd.DataFrame:
    """A focus area's activities: what, status, when (as written too), who, bedömning, comment."""
    rows = [
        {
            "Aktivitet": _title(view),
            "Status": _nowrap(format_status(view.activity.status)),
            DUE: _due(view),
            "Skrivet i planen": escape_markdown(view.activity.due_as_written),
            "Försening": _behind(view, as_of),
            "Ansvarig": escape_markdown(view.activity.owner) or "–",
            "Part": format_party(view.activity.party),
            "Bedömning": _nowrap(format_assessment(view.activity.assessment)),
            "Kommentar": escape_markdown(view.activity.comment),
        }
        for view in views
    ]
    return pd.DataFrame(rows, columns=_columns(rows, ACTIVITY_COLUMNS))


ACTIVITY_COLUMNS = (
    "Aktivitet",
    "Status",
    DUE,
    "Skrivet i planen",
    "Försening",
    "Ansvarig",
    "Part",
    "Bedömning",
    "Kommentar",
)


def late_table(group: PartyCommitments, as_of: dt.date) -> pd.DataFrame:
    """One party's late commitments for the meeting, by owner: why, how long, what was said."""
    rows = [
        {
            "Ansvarig": owner_label(owner.owner),
            "Aktivitet": _title(view),
            "Fokusområde": escape_markdown(view.activity.focus_area) or "–",
            "Varför": f"{LATE_ICON} {LATE}"
            if view.overdue
            else f"{FOLLOWUP_ICON} {FOLLOWUP_MISSING}",
            "Dagar efter": format_integer(days_behind(view, as_of)),
            DUE: _due(view),
            FOLLOWUP_DUE: _followup(view),
            "Status": _nowrap(format_status(view.activity.status)),
            "Bedömning": _nowrap(format_assessment(view.activity.assessment)),
            "Kommentar": escape_markdown(view.activity.comment),
        }
        for owner in group.owners
        for view in owner.commitments
    ]
    return pd.DataFrame(rows, columns=list(LATE_COLUMNS))


LATE_COLUMNS = (
    "Ansvarig",
    "Aktivitet",
    "Fokusområde",
    "Varför",
    "Dagar efter",
    DUE,
    FOLLOWUP_DUE,
    "Status",
    "Bedömning",
    "Kommentar",
)


def issues_table(issues: list[ImportIssue]) -> pd.DataFrame:
    """The import's findings: what kind, where (sheet, row, column), and what it says."""
    rows = [
        {
            "": ":red[:material/block:] Fel"
            if issue.severity is Severity.ERROR
            else ":orange[:material/warning:] Varning",
            "Blad": escape_markdown(issue.sheet) or "–",
            "Rad": str(issue.row) if issue.row is not None else "–",
            "Kolumn": escape_markdown(issue.column) or "–",
            "Meddelande": escape_markdown(issue.message),
        }
        for issue in issues
    ]
    return pd.DataFrame(rows, columns=["", "Blad", "Rad", "Kolumn", "Meddelande"])


def column_mapping_table(
    mapping: dict[str, str], reasons: dict[str, str] | None = None
) -> pd.DataFrame:
    """One sheet's headers and the field each was read as; with `reasons` (header → why the
    contents decided it) a third column Varför, blank for a column read by its heading."""
    reasons = reasons or {}
    rows = [
        {
            "Rubrik i filen": escape_markdown(header),
            "Läses som": COLUMN_READ_AS_LABELS.get(field, field),
            "Varför": escape_markdown(reasons.get(header)) or "–",
        }
        for header, field in mapping.items()
    ]
    columns = ["Rubrik i filen", "Läses som", *(["Varför"] if reasons else [])]
    return pd.DataFrame(rows, columns=columns)


# The activity's fields in the preview, in the model's order (each one models.FIELD_LABELS names);
# kommun and LPO belong to the agreement, not the activity, and are said above the table.
PREVIEW_FIELDS = tuple(name for name in Activity.model_fields if name in FIELD_LABELS)


def activity_preview_table(activities: list[Activity]) -> tuple[pd.DataFrame, list[str]]:
    """The activities as the import read them, for st.dataframe (plain text, not Markdown):
    sheet and row, every field some row has a value in (Swedish labels), then the extra
    columns as headed in the file; and the labels of the fields no row has."""
    rows = [
        {"Blad": a.sheet, "Rad": a.row}
        | {FIELD_LABELS[f]: _field_text(a, f) for f in PREVIEW_FIELDS}
        | {f"{header} (extra)": value for header, value in a.extra.items()}
        for a in activities
    ]
    labels = [FIELD_LABELS[f] for f in PREVIEW_FIELDS]
    empty = [label for label in labels if not any(r.get(label) for r in rows)]
    extras = list(dict.fromkeys(k for a in activities for k in (f"{h} (extra)" for h in a.extra)))
    shown = ["Blad", "Rad", *(label for label in labels if label not in empty), *extras]
    if "Aktivitet" not in shown:
        shown.insert(2, "Aktivitet")
    return pd.DataFrame(rows, columns=shown).fillna(""), [e for e in empty if e != "Aktivitet"]


def _field_text(activity: Activity, field: str) -> str:
    """One field as the preview writes it: dates and words the Swedish way, '' for nothing."""
    value = getattr(activity, field)
    if field == "due" and value is None and activity.due_text:
        return f"{activity.due_text} (ingen dag)"
    if field == "due" and value is not None and activity.due_as_written:
        return f"{format_date(value)} ({activity.due_as_written})"
    if isinstance(value, dt.date):
        return format_date(value)
    if field == "status":
        return status_word(value) if value is not None else (activity.status_text or "")
    if field == "confidential":
        return "Ja" if value else ""
    if value is None:
        return ""
    return str(getattr(value, "value", value))


def focus_area_counts_table(report: ImportReport) -> pd.DataFrame:
    """Rows per focus area in each agreement the file holds."""
    rows = []
    for parsed in report.agreements:
        counts: dict[str, int] = {}
        for activity in parsed.activities:
            name = activity.focus_area or "Utan fokusområde"
            counts[name] = counts.get(name, 0) + 1
        for name, count in counts.items():
            rows.append(
                {
                    "Kommun": escape_markdown(parsed.agreement.kommun),
                    "Fokusområde": escape_markdown(name),
                    "Aktiviteter": str(count),
                }
            )
    return pd.DataFrame(rows, columns=["Kommun", "Fokusområde", "Aktiviteter"])


def due_dates_table(report: ImportReport) -> pd.DataFrame:
    """Each activity's due date as written beside the date it was read as."""
    rows = [
        {
            "Blad": escape_markdown(activity.sheet),
            "Rad": str(activity.row),
            "Aktivitet": escape_markdown(activity.title),
            "Skrivet": escape_markdown(activity.due_text) or "–",
            "Tolkat som": (
                f"{format_date(activity.due)} ({format_week(activity.due)})"
                if activity.due
                else "ingen dag (stående)"
                if activity.due_text
                else "–"
            ),
        }
        for parsed in report.agreements
        for activity in parsed.activities
    ]
    return pd.DataFrame(rows, columns=["Blad", "Rad", "Aktivitet", "Skrivet", "Tolkat som"])


def _columns(rows: list[dict[str, str]], columns: tuple[str, ...]) -> list[str]:
    """The columns, leaving out those no row has anything in (a plan without comments)."""
    if not rows:
        return list(columns)
    return [c for c in columns if any(r[c] not in ("", "–") for r in rows) or c == "Aktivitet"]


def _title(view: ActivityView) -> str:
    title = escape_markdown(view.activity.title)
    if view.activity.confidential:
        title += f" {CONFIDENTIAL_MARK}"
    if view.activity.citizen_promise:
        title += " :material/campaign: *medborgarlöfte*"
    return title


def _due(view: ActivityView) -> str:
    return _day_and_week(view.activity.due)


def _followup(view: ActivityView) -> str:
    return _day_and_week(view.activity.followup_due)


def _day_and_week(day: dt.date | None) -> str:
    """'27 september 2026 (v. 39)', broken only between the date and the week."""
    return f"{_nowrap(format_date(day))} ({format_week(day)})" if day else "–"


def _nowrap(text: str) -> str:
    """Keep a short cell on one line (no-break spaces), so a table column does not wrap it."""
    return text.replace(" ", "\u00a0")


def _behind(view: ActivityView, as_of: dt.date) -> str:
    if view.overdue:
        return _nowrap(f"{LATE_ICON} {format_days(days_behind(view, as_of))} försenad")
    if view.followup_missing:
        return f"{FOLLOWUP_ICON} uppföljning {format_days(days_behind(view, as_of))} sen"
    return ""


def owner_label(owner: str) -> str:
    """An owner's name as a heading, escaped."""
    return escape_markdown(owner) if owner != NO_OWNER else NO_OWNER
