"""Snabbkoll's choice, kept in the address so a bookmark opens it directly.

`?kommun=Burlöv&part=Polis` is the Police's commitments in Burlöv's plan, `?lpo=Kävlinge&part=
Polis` every plan of that lokalpolisområde together, `?ansvarig=Kommunpolis` one owner's list.
The address wins when the page opens; when someone changes the choice on the page, the
address follows, so what is bookmarked is what was on the screen.

The page opens with a summary line ("2 försenade · 1 saknar uppföljning · 3 inom 30 dagar")
whose parts jump to their groups (render_summary, render_group: each group's heading carries
its CommitmentGroup value as its anchor). Ej offentlig activities are shown, with their lock,
only to a user who may see them (access.may_see_confidential; nobody logged in: left out).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import streamlit as st

from samverkan.access import may_see_confidential
from samverkan.exports.calendar import left_out_count, left_out_sentence
from samverkan.metrics import build_quick_check
from samverkan.models import Agreement, CommitmentGroup, Party, PlanStatus, QuickCheck
from samverkan.swedish import format_count, format_date
from samverkan.web import auth
from samverkan.web.checkin import CheckinAction
from samverkan.web.data import load_lpo_plan_statuses, load_plan_status
from samverkan.web.format import FOLLOWUP_ICON, LATE_ICON, escape_markdown, format_party
from samverkan.web.shell import Selection
from samverkan.web.views import render_commitment_cards

_PARTY_KEY = "snabbkoll_part"
_OWNER_KEY = "snabbkoll_ansvarig"
PARTY_WORDS = {
    "polis": Party.POLIS,
    "polisen": Party.POLIS,
    "lpo": Party.POLIS,
    "kommun": Party.KOMMUN,
    "kommunen": Party.KOMMUN,
    "gemensam": Party.JOINT,
    "gemensamt": Party.JOINT,
    "gemensamma": Party.JOINT,
    "extern": Party.EXTERNAL,
    "externa": Party.EXTERNAL,
}
PARTIES = (Party.POLIS, Party.KOMMUN, Party.JOINT, Party.EXTERNAL)
NO_BREAK = "\u00a0"


@dataclass(frozen=True)
class QuickCheckChoice:
    """Whose commitments, in which plans."""

    party: Party | None
    owner: str | None
    lpo: str | None


def parse_party_word(word: str) -> Party | None:
    """'Polis', 'polisen', 'Kommun' … → the party; anything else → None (every party)."""
    return PARTY_WORDS.get(word.strip().casefold())


def choice_from_url() -> QuickCheckChoice:
    """What the address asks for."""
    params = st.query_params
    return QuickCheckChoice(
        party=parse_party_word(str(params.get("part", ""))),
        owner=str(params.get("ansvarig", "")).strip() or None,
        lpo=None if params.get("kommun") else str(params.get("lpo", "")).strip() or None,
    )


def load_quick_check_plans(choice: QuickCheckChoice, selection: Selection) -> list[PlanStatus]:
    """The plans to look in: every agreement of the LPO, or the one chosen in the sidebar."""
    if choice.lpo:
        statuses = load_lpo_plan_statuses(choice.lpo, selection.as_of, auth.current_user())
        if statuses:
            return statuses
    status = load_plan_status(selection.agreement.id, selection.as_of)
    return [status] if status is not None else []


def render_choice(choice: QuickCheckChoice, statuses: list[PlanStatus]) -> QuickCheckChoice:
    """The party and owner pickers, starting from the address and writing back to it."""
    if _PARTY_KEY not in st.session_state or st.session_state.get("_url_part") != choice.party:
        st.session_state[_PARTY_KEY] = choice.party
        st.session_state["_url_part"] = choice.party
    owners = sorted(
        {v.activity.owner for s in statuses for v in s.activities if v.activity.owner},
        key=str.casefold,
    )
    if choice.owner and choice.owner not in owners:
        owners.insert(0, choice.owner)  # a word from the address that matches within owners
    if _OWNER_KEY not in st.session_state or st.session_state.get("_url_owner") != choice.owner:
        st.session_state[_OWNER_KEY] = choice.owner
        st.session_state["_url_owner"] = choice.owner
    party = st.segmented_control(
        "Part",
        PARTIES,
        format_func=format_party,
        key=_PARTY_KEY,
        on_change=_party_to_url,
        help="Polisens och kommunens listor tar med de gemensamma åtagandena.",
    )
    owner = st.selectbox(
        "Ansvarig",
        owners,
        index=None,
        placeholder="Alla ansvariga",
        key=_OWNER_KEY,
        on_change=_owner_to_url,
        width=480,
    )
    return QuickCheckChoice(party=party, owner=owner, lpo=choice.lpo)


def _party_to_url() -> None:
    party = st.session_state.get(_PARTY_KEY)
    st.session_state["_url_part"] = party
    if isinstance(party, Party):
        st.query_params["part"] = party.value
    elif "part" in st.query_params:
        del st.query_params["part"]


def _owner_to_url() -> None:
    owner = st.session_state.get(_OWNER_KEY)
    st.session_state["_url_owner"] = owner
    if owner:
        st.query_params["ansvarig"] = str(owner)
    elif "ansvarig" in st.query_params:
        del st.query_params["ansvarig"]


def calendar_file_name(choice: QuickCheckChoice, statuses: list[PlanStatus], day: dt.date) -> str:
    """'samverkan-polis-burlov-2026-11-22.ics'."""
    place = choice.lpo or (statuses[0].agreement.kommun if statuses else "plan")
    who = choice.owner or (choice.party.value if choice.party else "alla")
    words = "-".join(f"samverkan {who} {place}".casefold().split())
    ascii_name = words.translate(str.maketrans("åäöé", "aaoe"))
    safe = "".join(c for c in ascii_name if c.isalnum() or c == "-")
    return f"{safe}-{day.isoformat()}.ics"


def build_check(statuses: list[PlanStatus], choice: QuickCheckChoice, day: dt.date) -> QuickCheck:
    """The chosen commitments judged on `day`; ej offentlig ones only for those who may see them."""
    return build_quick_check(
        statuses,
        party=choice.party,
        owner=choice.owner,
        as_of=day,
        include_confidential=may_see_confidential(auth.current_user()),
    )


def summary_parts(check: QuickCheck) -> list[tuple[str, CommitmentGroup]]:
    """('2 försenade', LATE), ('1 saknar uppföljning', …), ('3 inom 30 dagar', …)."""
    return [
        (format_count(len(check.late), "försenad", "försenade"), CommitmentGroup.LATE),
        (f"{len(check.followup_missing)} saknar uppföljning", CommitmentGroup.FOLLOWUP_MISSING),
        (f"{len(check.upcoming)} inom {check.horizon_days} dagar", CommitmentGroup.UPCOMING),
    ]


def summary_markdown(check: QuickCheck) -> str:
    """The summary line, each part a link to its group's heading on the same page.

    A part never breaks inside (no-break spaces): on a phone the line wraps between parts.
    """
    return " · ".join(
        f"[{text.replace(' ', NO_BREAK)}](#{group.value})" for text, group in summary_parts(check)
    )


def render_summary(check: QuickCheck) -> None:
    """The summary line, then what is left out and why."""
    st.markdown(f"**{summary_markdown(check)}**")
    if check.ended:
        st.caption(ended_sentence(check.ended))
    if check.hidden:
        st.caption(
            f"{format_count(check.hidden, 'aktivitet märkt', 'aktiviteter märkta')} ej offentlig "
            "visas inte för ditt konto."
        )


def ended_sentence(ended: list[Agreement]) -> str:
    """'Inte med: Kävlinge 2024, vars period slutade 31 december 2024. …' (Markdown)."""
    named = [
        f"{escape_markdown(a.kommun)} {a.period_label} (slutade {format_date(a.period_end)})"
        for a in sorted(ended, key=lambda a: a.kommun)
    ]
    return (
        f":material/event_busy: Inte med, eftersom perioden har slutat: {', '.join(named)}. "
        "Välj kommunen i sidofältet för att se hur det gick."
    )


def render_calendar_left_out(check: QuickCheck) -> None:
    """Beside the download: how many ej offentlig activities the calendar file leaves out."""
    sentence = left_out_sentence(left_out_count(check.shown))
    if sentence:
        st.caption(f":material/lock: {sentence}")


Divider = Literal["red", "orange", "blue"]
_GROUP_HEADINGS: dict[CommitmentGroup, tuple[str, str, Divider]] = {
    # group: (icon, heading, divider colour)
    CommitmentGroup.LATE: (LATE_ICON, "Försenat", "red"),
    CommitmentGroup.FOLLOWUP_MISSING: (FOLLOWUP_ICON, "Uppföljning saknas", "orange"),
    CommitmentGroup.UPCOMING: (":material/event:", "De närmaste {days} dagarna", "blue"),
}


def render_group(
    check: QuickCheck,
    group: CommitmentGroup,
    *,
    show_kommun: bool,
    action: CheckinAction | None = None,
) -> None:
    """One group under its heading, which its part of the summary line jumps to; `action` is
    each card's check-in button (web/checkin.py), for those who may."""
    commitments = check.group(group)
    icon, heading, colour = _GROUP_HEADINGS[group]
    st.subheader(
        f"{icon} {heading.format(days=check.horizon_days)} ({len(commitments)})",
        anchor=group.value,
        divider=colour,
    )
    render_commitment_cards(commitments, show_kommun=show_kommun, action=action)
    if commitments:
        return
    if group is CommitmentGroup.LATE:
        st.success("Inget är försenat.", icon=":material/check_circle:")
    elif group is CommitmentGroup.FOLLOWUP_MISSING:
        st.success("Ingen uppföljning saknas.", icon=":material/check_circle:")
    else:
        st.caption(
            f"Inget ska vara klart eller följas upp de närmaste {check.horizon_days} dagarna."
        )
