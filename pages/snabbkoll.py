"""Snabbkoll: one party's or one owner's commitments on a phone: a summary line that jumps to
its groups, then what is late, the follow-ups missing, the next days and the rest."""

import streamlit as st

from samverkan.exports.calendar import build_calendar
from samverkan.models import CommitmentGroup
from samverkan.swedish import format_count, format_date
from samverkan.web import auth, shell
from samverkan.web.checkin import checkin_action, holds_saved_checkin, render_checkin_dialog
from samverkan.web.format import escape_markdown, format_party
from samverkan.web.quickcheck import (
    build_check,
    calendar_file_name,
    choice_from_url,
    load_quick_check_plans,
    render_calendar_left_out,
    render_choice,
    render_group,
    render_summary,
)
from samverkan.web.views import render_commitment_cards, render_empty_store, render_no_plan

shell.require_app_frame()
selection = shell.current_selection()
if selection is None:
    render_empty_store()
    st.stop()

statuses = load_quick_check_plans(choice_from_url(), selection)
st.title("Snabbkoll", anchor=False)
if not any(s.activities for s in statuses):
    render_no_plan(selection.agreement)
    st.stop()

choice = render_choice(choice_from_url(), statuses)
check = build_check(statuses, choice, selection.as_of)
several = len(statuses) - len(check.ended) > 1
place = f"LPO {choice.lpo}" if choice.lpo else statuses[0].agreement.kommun
who = choice.owner or (format_party(choice.party) if choice.party else "Alla parter")
st.markdown(
    f"**{escape_markdown(who)} · {escape_markdown(place)}** · bedömt {format_date(check.as_of)}"
)
render_summary(check)
# "Checka in" on each card the user may update (none for a reader without a party).
action = checkin_action(auth.current_user())
for group in (CommitmentGroup.LATE, CommitmentGroup.FOLLOWUP_MISSING, CommitmentGroup.UPCOMING):
    render_group(check, group, show_kommun=several, action=action)

if check.others:
    with st.expander(
        f"Övriga åtaganden ({len(check.others)})",
        icon=":material/list:",
        expanded=holds_saved_checkin(check.others),  # the card just checked in, in view
    ):
        render_commitment_cards(check.others, show_kommun=several, action=action)

# Below the lists: on a phone the first card is then on the first screen.
st.download_button(
    "Lägg in datumen i kalendern (.ics)",
    data=lambda: build_calendar(check.shown, name=f"Samverkan – {who} – {place}"),
    file_name=calendar_file_name(choice, statuses, check.as_of),
    mime="text/calendar",
    icon=":material/calendar_add_on:",
    on_click="ignore",
    help="Slutdatum och uppföljningar som en kalenderfil, med en påminnelse dagen före. "
    "Aktiviteter märkta ej offentlig är inte med.",
)
render_calendar_left_out(check)
st.caption(
    f"{format_count(len(check.shown), 'åtagande', 'åtaganden')} visas. Spara sidan som "
    "bokmärke: adressen behåller valet av part och ansvarig."
)
render_checkin_dialog()
