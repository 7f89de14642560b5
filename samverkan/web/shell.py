"""The frame around every page: mode check, first-start demo, the sidebar's choices.

Pages read the chosen agreement and judging day with `current_selection()`.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import streamlit as st

from samverkan import store
from samverkan.models import Agreement
from samverkan.web.data import db_path, load_agreements
from samverkan.web.format import format_date
from samverkan.web.mode import is_local_mode, is_local_mode_allowed

_AGREEMENT_KEY = "vald_overenskommelse"
_AS_OF_KEY = "bedomningsdag"


@dataclass(frozen=True)
class Selection:
    """What the sidebar has chosen: the agreement and the day to judge on."""

    agreement: Agreement
    as_of: dt.date


def refuse_unsafe_mode() -> None:
    """Stop with a Swedish explanation when local mode would be reachable from other machines."""
    if is_local_mode() and not is_local_mode_allowed():
        st.error(
            "Samverkan körs i lokalt läge (utan inloggning) men lyssnar på en annan adress än "
            "127.0.0.1. Det är inte tillåtet: konfigurera inloggning, eller starta med "
            "SAMVERKAN_ALLOW_REMOTE_LOCAL=1 om alla som når adressen får se och ändra allt."
        )
        st.stop()


@st.cache_resource(show_spinner="Förbereder databasen …")
def _prepare_store(path: str) -> bool:
    """Create the schema and, unless SAMVERKAN_DEMO=0, load the demo into an empty store."""
    if os.environ.get("SAMVERKAN_DEMO", "1") == "0":
        with store.open_store(path):
            return False
    from samverkan.demo import ensure_demo

    return ensure_demo(path)


def prepare_store() -> None:
    """Make sure the store exists (once per server process and path)."""
    _prepare_store(str(db_path()))


def render_local_mode_notice() -> None:
    """The visible 'Lokalt läge' notice of DESIGN.md."""
    if is_local_mode():
        st.badge(
            "Lokalt läge – ingen inloggning, bara den här datorn",
            icon=":material/lock_open:",
            color="orange",
        )


def render_sidebar() -> Selection | None:
    """The agreement and judging-day choices; None when the store has no agreement."""
    agreements = load_agreements()
    with st.sidebar:
        st.markdown("### Samverkan")
        if not agreements:
            st.caption("Ingen överenskommelse är inläst ännu.")
            return None
        ids = [a.id for a in agreements]
        by_id = {a.id: a for a in agreements}
        chosen = st.session_state.get(_AGREEMENT_KEY)
        if chosen not in ids:
            st.session_state[_AGREEMENT_KEY] = _default_agreement(agreements).id
        agreement_id = st.selectbox(
            "Överenskommelse",
            ids,
            format_func=lambda i: _label(by_id[i]),
            key=_AGREEMENT_KEY,
        )
        agreement = by_id[agreement_id]
        default_day = min(_day_from_url() or dt.date.today(), agreement.period_end)
        as_of = st.date_input(
            "Bedömningsdag",
            value=default_day,
            min_value=agreement.period_start,
            max_value=agreement.period_end,
            format="YYYY-MM-DD",
            key=f"{_AS_OF_KEY}_{agreement_id}",
            help="Försenat räknas mot den här dagen. Standard: i dag, eller "
            "överenskommelsens sista dag om den har löpt ut.",
        )
        st.caption(
            f"Period {format_date(agreement.period_start)} – {format_date(agreement.period_end)}"
        )
    return Selection(
        agreement=agreement, as_of=as_of if isinstance(as_of, dt.date) else default_day
    )


def _day_from_url() -> dt.date | None:
    """`?dag=2024-06-01` in the address sets the judging day, so a link can fix it."""
    try:
        return dt.date.fromisoformat(str(st.query_params.get("dag", "")))
    except ValueError:
        return None


def _default_agreement(agreements: list[Agreement]) -> Agreement:
    today = dt.date.today()
    running = [a for a in agreements if a.period_start <= today <= a.period_end]
    return max(running or agreements, key=lambda a: (a.period_end, a.id or 0))


def _label(agreement: Agreement) -> str:
    lpo = f" – LPO {agreement.lpo}" if agreement.lpo else ""
    return f"{agreement.kommun}{lpo} ({agreement.period_label})"


def current_selection() -> Selection | None:
    """The sidebar's choice for this run (set by app.py before the page runs)."""
    selection = st.session_state.get("selection")
    return selection if isinstance(selection, Selection) else None
