"""Snabbkoll: one party's or one owner's commitments on a phone, late first, then the next days."""

import streamlit as st

from samverkan.exports.calendar import build_calendar
from samverkan.metrics import build_quick_check
from samverkan.swedish import format_count, format_date
from samverkan.web import shell
from samverkan.web.format import escape_markdown, format_party
from samverkan.web.quickcheck import (
    calendar_file_name,
    choice_from_url,
    load_quick_check_plans,
    render_choice,
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
check = build_quick_check(statuses, party=choice.party, owner=choice.owner)
several = len(statuses) > 1
place = f"LPO {choice.lpo}" if choice.lpo else statuses[0].agreement.kommun
who = choice.owner or (format_party(choice.party) if choice.party else "Alla parter")
st.markdown(
    f"**{escape_markdown(who)} · {escape_markdown(place)}** · bedömt {format_date(check.as_of)}"
)
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

st.subheader(f":material/alarm: Försenat ({len(check.late)})", anchor=False, divider="red")
render_commitment_cards(check.late, show_kommun=several)
if not check.late:
    st.success("Inget är försenat.", icon=":material/check_circle:")

st.subheader(
    f":material/event: De närmaste {check.horizon_days} dagarna ({len(check.upcoming)})",
    anchor=False,
    divider="blue",
)
render_commitment_cards(check.upcoming, show_kommun=several)
if not check.upcoming:
    st.caption(f"Inget ska vara klart eller följas upp de närmaste {check.horizon_days} dagarna.")

if check.others:
    with st.expander(f"Övriga åtaganden ({len(check.others)})", icon=":material/list:"):
        render_commitment_cards(check.others, show_kommun=several)

st.caption(
    f"{format_count(len(check.shown), 'åtagande', 'åtaganden')} visas. Spara sidan som "
    "bokmärke: adressen behåller valet av part och ansvarig."
)
