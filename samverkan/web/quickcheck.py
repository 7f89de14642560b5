"""Snabbkoll's choice, kept in the address so a bookmark opens it directly.

`?kommun=Burlöv&part=Polis` is the Police's commitments in Burlöv's plan, `?lpo=Kävlinge&part=
Polis` every plan of that lokalpolisområde together, `?ansvarig=Kommunpolis` one owner's list.
The address wins when the page opens; when someone changes the choice on the page, the
address follows, so what is bookmarked is what was on the screen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from samverkan.models import Party, PlanStatus
from samverkan.web.data import load_lpo_plan_statuses, load_plan_status
from samverkan.web.format import format_party
from samverkan.web.shell import Selection

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
        statuses = load_lpo_plan_statuses(choice.lpo, selection.as_of)
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
