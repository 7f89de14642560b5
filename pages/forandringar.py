"""Förändringar: what changed in the plan since the last meeting (or a date, or an upload)."""

import streamlit as st

from samverkan.checkins import version_name
from samverkan.swedish import format_date, format_datetime
from samverkan.web import shell
from samverkan.web.changes_view import (
    render_change_counts,
    render_changes_by_focus_area,
    render_since_choice,
)
from samverkan.web.data import (
    load_changes_since,
    load_meetings,
    load_plan_status,
    load_upload_history,
)
from samverkan.web.format import escape_markdown
from samverkan.web.meetings import (
    render_meeting_form,
    render_meeting_list,
    render_saved_notice,
)
from samverkan.web.views import render_empty_store, render_no_plan

shell.require_app_frame()
selection = shell.current_selection()
if selection is None:
    render_empty_store()
    st.stop()

agreement = selection.agreement
until = selection.as_of
st.title(f"Förändringar – {agreement.kommun}", anchor=False)
history = load_upload_history(agreement.id)
meetings = load_meetings(agreement.id)

with st.expander(f"Möten ({len(meetings)})", icon=":material/groups:", expanded=not meetings):
    render_meeting_form(agreement)
    render_meeting_list(meetings, agreement.kommun)
render_saved_notice()

if not history:
    render_no_plan(agreement)
    st.stop()

uploads = [e.upload for e in reversed(history) if not e.batch.withdrawn]
choice = render_since_choice(meetings, uploads, until)
if choice is None:
    st.stop()
if choice.since > until:
    st.warning(
        f"Jämförelsen börjar {format_date(choice.since)}, efter bedömningsdagen "
        f"{format_date(until)}. Välj en tidigare dag eller ändra bedömningsdagen i sidofältet.",
        icon=":material/event_busy:",
    )
    st.stop()

changes = load_changes_since(agreement, choice.since, until, choice.upload_id)
before, after = changes.before_upload, changes.after_upload
st.markdown(
    f"Sedan {escape_markdown(choice.label)} till {format_date(until)}: planen "
    + (
        f"från {format_datetime(before.uploaded_at)} (**{escape_markdown(version_name(before))}**)"
        if before
        else "före den första uppladdningen (tom)"
    )
    + " jämförs med "
    + (
        f"planen från {format_datetime(after.uploaded_at)} "
        f"(**{escape_markdown(version_name(after))}**)."
        if after
        else "en tom plan."
    )
)
render_change_counts(changes)
status = load_plan_status(agreement.id, until)
render_changes_by_focus_area(changes, [fa.name for fa in status.focus_areas] if status else [])
