"""Förändringar on the page: the "since" choice, the counts on top, the changes per focus area.

Status and bedömning are written as words with their icon (never colour alone), and every
text a coordinator wrote goes through escape_markdown.

Parts:
- render_since_choice: the last meeting (default), a date or an upload
- render_change_counts: one metric per kind of change (changes_since.CHANGE_KINDS)
- render_changes: one upload's changes, line by line (Ladda upp, Historik, Översikt), beside
  changes_since.changes_line: counted and named as the metrics are
- render_changes_by_focus_area: per focus area, a line per change
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from samverkan.changes_since import (
    CHANGE_KINDS,
    count_changes,
    group_by_focus_area,
    last_meeting,
)
from samverkan.checkins import version_name
from samverkan.glossary import DUE
from samverkan.models import Activity, ChangesSince, Meeting, Status, Upload
from samverkan.swedish import format_count, format_date, format_datetime, format_days
from samverkan.web.format import (
    LATE_ICON,
    STATUS_ICONS,
    escape_markdown,
    format_assessment,
    format_status,
)
from samverkan.web.meetings import meeting_label

_MODE_KEY = "forandringar_sedan"
MEETING, DAY, UPLOAD = "Ett möte", "Ett datum", "En uppladdning"


@dataclass(frozen=True)
class SinceChoice:
    """Where the comparison starts: a day, or an upload's plan; and how to say it."""

    since: dt.date
    upload_id: int | None
    label: str


def render_since_choice(
    meetings: list[Meeting], uploads: list[Upload], until: dt.date
) -> SinceChoice | None:
    """The comparison's start: the last meeting by default, else the upload before the newest."""
    held = [m for m in meetings if m.held_on <= until]
    modes = ([MEETING] if held else []) + [DAY, UPLOAD]
    if st.session_state.get(_MODE_KEY) not in modes:
        st.session_state[_MODE_KEY] = MEETING if held else UPLOAD
    with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):
        mode = st.segmented_control("Jämför med läget vid", modes, key=_MODE_KEY, required=True)
        if mode == MEETING:
            default = last_meeting(held, until)
            chosen = st.selectbox(
                "Möte",
                held,
                index=held.index(default) if default in held else 0,
                format_func=meeting_label,
                width=320,
            )
            return SinceChoice(chosen.held_on, None, f"mötet ({meeting_label(chosen)})")
        if mode == UPLOAD:
            if not uploads:
                st.caption("Inga uppladdningar ännu.")
                return None
            index = 1 if len(uploads) > 1 else 0
            upload = st.selectbox(
                "Uppladdning",
                uploads,
                index=index,
                format_func=lambda u: f"{format_datetime(u.uploaded_at)} – {version_name(u)}",
                width=480,
            )
            return SinceChoice(
                upload.uploaded_at.date(),
                upload.id,
                f"uppladdningen {format_datetime(upload.uploaded_at)}",
            )
        day = st.date_input(
            "Datum",
            value=min(until, dt.date.today()) - dt.timedelta(days=90),
            max_value=until,
            format="YYYY-MM-DD",
            width=160,
        )
        since = day if isinstance(day, dt.date) else until
        return SinceChoice(since, None, format_date(since))


def render_change_counts(changes: ChangesSince) -> None:
    """One metric per kind of change, in a row that wraps on a narrow screen."""
    counts = count_changes(changes)
    with st.container(horizontal=True, gap="small"):
        for name, label, help_text in CHANGE_KINDS:
            st.metric(label, counts[name], border=True, help=help_text)


def render_changes(changes: ChangesSince) -> None:
    """What one upload changed, a line per change, as Förändringar writes them."""
    if changes.is_empty:
        st.markdown("Inget har ändrats i planen.")
        return
    st.markdown("\n".join(change_lines(changes)))


def render_changes_by_focus_area(changes: ChangesSince, area_order: list[str]) -> None:
    """A section per focus area with a line per change; a sentence when nothing changed."""
    if changes.is_empty:
        st.success("Inget har ändrats i planen under perioden.", icon=":material/check_circle:")
        return
    for area, part in group_by_focus_area(changes, area_order):
        st.subheader(escape_markdown(area), anchor=False, divider="gray")
        st.markdown("\n".join(change_lines(part)))


def change_lines(changes: ChangesSince) -> list[str]:
    """Markdown list lines, each change once: a completed activity is not repeated as new status."""
    lines = [f"- :material/add_circle: **Ny:** {_title(a)}{_due_note(a)}" for a in changes.added]
    lines += [f"- :material/remove_circle: **Borttagen:** {_title(a)}" for a in changes.removed]
    lines += [
        f"- {STATUS_ICONS[Status.DONE]} **Genomförd:** {_title(c.after)}"
        + (f", {format_date(c.after.done_on)}" if c.after.done_on else "")
        for c in changes.completed
    ]
    lines += [
        f"- {LATE_ICON} **Försenad:** {_title(a)}, slutdatum {format_date(a.due)}"
        + (f" ({format_days((changes.until - a.due).days)} sedan)" if a.due else "")
        for a in changes.newly_overdue
    ]
    lines += [
        f"- :material/event: **Nytt slutdatum:** {_title(c.after)}: {format_date(c.before.due)} → "
        f"**{format_date(c.after.due)}** ({_moves(c.due_moves)})"
        for c in changes.due_moved
    ]
    completed = {c.activity_key for c in changes.completed}
    lines += [
        f"- :material/swap_horiz: **Ny status:** {_title(c.after)}: "
        f"{format_status(c.before.status)} → {format_status(c.after.status)}"
        for c in changes.status_changed
        if c.activity_key not in completed
    ]
    lines += [
        f"- :material/traffic: **Ny bedömning:** {_title(c.after)}: "
        f"{format_assessment(c.before.assessment)} → {format_assessment(c.after.assessment)}"
        for c in changes.assessment_changed
    ]
    lines += [
        f"- :material/comment: **{'Ändrad' if c.before.comment else 'Ny'} kommentar:** "
        f"{_title(c.after)}: *{escape_markdown(c.after.comment)}*"
        for c in changes.comment_changed
    ]
    lines += [
        f"- :material/edit: **Ny rubrik:** {escape_markdown(c.before.title)} → {_title(c.after)}"
        for c in changes.renamed
    ]
    return lines


def _title(activity: Activity) -> str:
    return escape_markdown(activity.title)


def _due_note(activity: Activity) -> str:
    return f", {DUE.lower()} {format_date(activity.due)}" if activity.due else ""


def _moves(times: int) -> str:
    return f"flyttat {format_count(times, 'gång', 'gånger')}"
