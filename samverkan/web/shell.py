"""The frame around every page: mode check, first-start demo, the sidebar, errors as sentences.

Why one module: every page runs it first, in this order; the sidebar and the address that
follows it share their state keys, and splitting them would spread one rule over two files.

The mode check runs first and alone (mode.py): a session local mode may not serve gets a
Swedish refusal before the store is touched, and a served app without users a setup message
after reading only how many users there are.

Pages read the chosen agreement and judging day with `current_selection()`. The address can
choose them too (`?avtal=12` one agreement by its id, as Jämförelse links; `?kommun=Burlöv`
the kommun's running one; `?lpo=Kävlinge`; `?dag=2024-06-01`): the sidebar follows the
address, and when someone changes the sidebar the address follows it, so a bookmark always
opens what was on the screen.

Only the agreements of the kommuner the user may see are offered or chosen, by the sidebar
and by the address alike (access.visible_agreements: an admin and local mode every one): an
address naming another kommun's agreement gets the same page as one naming none that exists.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from samverkan import store
from samverkan.access import may_see_agreement, visible_kommuner
from samverkan.agreement import (
    AgreementChoiceError,
    choose_agreement,
    choose_lpo_agreements,
    running_agreement,
)
from samverkan.kommuner import KOMMUNER
from samverkan.models import Agreement, StoredAgreement
from samverkan.swedish import format_date
from samverkan.web import auth
from samverkan.web.accessibility import declare_swedish
from samverkan.web.data import db_path, load_kommun_agreement, load_visible_agreements
from samverkan.web.format import escape_markdown
from samverkan.web.mode import (
    is_local_mode,
    is_local_mode_allowed,
    is_local_mode_chosen,
    is_loopback_request,
    is_proxy_header,
    needs_first_admin,
    request_headers,
)

_AGREEMENT_KEY = "vald_overenskommelse"
AGREEMENT_PARAM = "avtal"  # ?avtal=12: one agreement by its id (Jämförelse's row links)
NO_AGREEMENT = "Ingen överenskommelse som du får se är inläst ännu."
_KOMMUN_KEY = "vald_kommun"
_AS_OF_KEY = "bedomningsdag"
_SELECTION_KEY = "selection"
LOCAL_USER = "lokal användare"
UNEXPECTED_ERROR = (
    "Något gick fel när sidan skulle visas. Ladda om sidan och försök igen; om felet kommer "
    "tillbaka, kontakta den som sköter Samverkan och berätta vad du gjorde. Inget har ändrats."
)
_LOG = logging.getLogger("samverkan.web")
_MESSAGE_WIDTH = 760  # pixels: a refusal or setup message reads as lines, not a banner


@dataclass(frozen=True)
class Selection:
    """What the sidebar has chosen: the agreement and the day to judge on."""

    agreement: StoredAgreement
    as_of: dt.date


def refuse_unsafe_mode() -> None:
    """Stop before anything is read when this session may not see the app (mode.py).

    Local mode: only a browser on this machine, by its own name and not through a proxy,
    and only while the app listens on a loopback address. Served with no user and no
    identity provider: how to add the first admin, and nothing else.
    """
    if is_local_mode_chosen():
        headers = request_headers()
        if not is_loopback_request(headers):
            _log_refused(headers)
            _hide_the_menu()
            render_local_refusal()
            st.stop()
        if not is_local_mode_allowed():
            _LOG.warning(
                "Local mode refused a session: the server listens on %.100r, not loopback",
                st.get_option("server.address"),
            )
            _hide_the_menu()
            declare_swedish()
            st.error(
                "Samverkan startades i lokalt läge (utan inloggning) men lyssnar på en annan "
                "adress än 127.0.0.1. Det är inte tillåtet: konfigurera inloggning och starta "
                "utan lokalt läge, eller starta med SAMVERKAN_ALLOW_REMOTE_LOCAL=1 om porten "
                "bara nås från den här datorn (till exempel från en container)."
            )
            st.stop()
    elif needs_first_admin():
        _hide_the_menu()
        render_first_admin_needed()
        st.stop()


def render_local_refusal() -> None:
    """The page a session gets when local mode may not serve it: why, and nothing of the data."""
    with st.container(width=_MESSAGE_WIDTH):
        st.title("Samverkan visas bara på den egna datorn", anchor=False)
        st.error(
            "Samverkan körs i lokalt läge, utan inloggning, och visar därför ingenting för en "
            "anslutning som kommer via ett annat namn än datorns eget (localhost, 127.0.0.1 "
            "eller [::1]) eller genom en proxy.",
            icon=":material/block:",
        )
        port = st.get_option("server.port")
        st.markdown(
            f"Sitter du vid datorn där Samverkan körs: öppna http://localhost:{port}.\n\n"
            "Ska fler nå Samverkan över nätverket: lägg till användare med "
            "`samverkan user add` och starta appen utan lokalt läge (README, avsnittet "
            "Säkerhet och drift)."
        )
    declare_swedish()


def render_first_admin_needed() -> None:
    """A served app with no user and no identity provider: how to add the first admin."""
    with st.container(width=_MESSAGE_WIDTH):
        st.title("Samverkan behöver en första administratör", anchor=False)
        st.info(
            "Det finns ingen användare och ingen inloggning via en identitetsleverantör, så "
            "ingen kan logga in och ingenting visas ännu.",
            icon=":material/admin_panel_settings:",
        )
        st.markdown(
            "Den som sköter servern lägger till den första administratören på kommandoraden. "
            "Kommandot ska nå samma databas som appen: samma `SAMVERKAN_DB`, eller `--db`. "
            "Lösenordet, minst 10 tecken, läses från standard in:"
        )
        st.code(
            'samverkan user add EPOST --name "NAMN" --role admin --password-stdin',
            language=None,
            wrap_lines=True,
        )
        st.markdown(
            "Ladda sedan om sidan och logga in. Inloggning med kommunens eller Polisens konto "
            "ställs in i `.streamlit/secrets.toml` (README, avsnittet Säkerhet och drift).\n\n"
            "Vill du bara prova Samverkan på din egen dator: starta den med `scripts/run` "
            "(lokalt läge, med demodata)."
        )
    declare_swedish()


def _hide_the_menu() -> None:
    """Every page registered with the menu hidden, and none of them run.

    Otherwise Streamlit, still in its pages/-folder mode, lists every file in the sidebar
    beside the message, and a deep link would get its English "Page not found". Each page's
    url_path is its file's name (require_app_frame), so the folder is the list; the start
    page ("/") is a page that draws nothing, so every file keeps its own address.
    """
    files = sorted((Path(__file__).resolve().parents[2] / "pages").glob("*.py"))
    pages = [st.Page(path, url_path=path.stem) for path in files]
    st.navigation([st.Page(_nothing, title="Samverkan", default=True), *pages], position="hidden")


def _nothing() -> None:
    """The hidden start page beside a refusal (never run)."""


def _log_refused(headers: dict[str, list[str]]) -> None:
    """One line in the server log: what the refused handshake said (repr: no forged lines)."""
    proxies = sorted(name for name in headers if is_proxy_header(name))
    _LOG.warning(
        "Local mode refused a session: Host %.200r, Origin %.200r, proxy headers %s",
        headers.get("host"),
        headers.get("origin"),
        proxies or "none",
    )


def is_demo_wanted() -> bool:
    """Should an empty store get the demo agreement? In local mode (scripts/run) yes, unless
    SAMVERKAN_DEMO=0; served, only when SAMVERKAN_DEMO=1 asks for it.

    A served deployment's store holds a kommun's real plans: a demo Burlöv agreement written
    into it when the first admin logs in would stay (uploads are withdrawn, never deleted) and
    a real Burlöv plan of the same period would attach to it.
    """
    choice = os.environ.get("SAMVERKAN_DEMO", "").strip()
    if choice in ("0", "1"):
        return choice == "1"
    return is_local_mode_chosen()


@st.cache_resource(show_spinner="Förbereder databasen …")
def _prepare_store(path: str) -> bool:
    """Create the schema and, when is_demo_wanted, load the demo into an empty store."""
    if not is_demo_wanted():
        with store.open_store(path):
            return False
    from samverkan.demo import ensure_demo

    return ensure_demo(path)


def prepare_store() -> None:
    """Make sure the store exists (once per server process and path)."""
    _prepare_store(str(db_path()))


@contextlib.contextmanager
def errors_as_sentences() -> Iterator[None]:
    """Turn anything unexpected into a Swedish sentence; the traceback goes to the server log.

    st.stop() and st.rerun() raise BaseException, not Exception, so they pass through.
    """
    try:
        yield
    except store.StoreBusy:
        st.error(store.BUSY_MESSAGE, icon=":material/hourglass_top:")
    except Exception:
        _LOG.exception("A page failed")
        st.error(UNEXPECTED_ERROR, icon=":material/error:")


def render_local_mode_notice() -> None:
    """The visible 'Lokalt läge' notice of DESIGN.md."""
    if is_local_mode():
        st.badge(
            "Lokalt läge – ingen inloggning, bara den här datorn",
            icon=":material/lock_open:",
            color="orange",
        )


def current_user_name() -> str:
    """Who is using the app: the logged-in name, or 'lokal användare' in local mode."""
    if is_local_mode():
        return LOCAL_USER
    return auth.actor_label(auth.current_user())


def render_sidebar() -> Selection | None:
    """The agreement and judging-day choices; None when the store has no agreement the user
    may see."""
    agreements = visible_agreements_here()
    with st.sidebar:
        if not agreements:
            everything = visible_kommuner(auth.current_user()) is None
            st.caption("Ingen överenskommelse är inläst ännu." if everything else NO_AGREEMENT)
            declare_swedish()
            return None
        ids = [a.id for a in agreements]
        by_id = {a.id: a for a in agreements}
        from_url = _agreement_from_url(agreements)
        if from_url is not None:
            st.session_state[_AGREEMENT_KEY] = from_url.id
        elif st.session_state.get(_AGREEMENT_KEY) not in ids:
            st.session_state[_AGREEMENT_KEY] = running_agreement(agreements).id
        kommuner = _kommuner_of(agreements)
        shown = ids
        if len(kommuner) > 1:
            # Many agreements: the kommun first, then its agreements (usually one or two).
            st.session_state[_KOMMUN_KEY] = by_id[st.session_state[_AGREEMENT_KEY]].kommun
            kommun = st.selectbox(
                "Kommun",
                kommuner,
                key=_KOMMUN_KEY,
                on_change=_follow_kommun,
                args=(agreements,),
                help="Skriv några bokstäver för att hitta kommunen.",
            )
            shown = [a.id for a in agreements if a.kommun == kommun]
        agreement_id = st.selectbox(
            "Överenskommelse",
            shown,
            format_func=lambda i: agreement_label(by_id[i], with_kommun=len(kommuner) == 1),
            key=_AGREEMENT_KEY,
            on_change=_follow_agreement_in_url,
            args=(by_id,),
        )
        agreement = by_id[agreement_id]
        default_day = min(_day_from_url() or dt.date.today(), agreement.period_end)
        default_day = max(default_day, agreement.period_start)
        as_of = st.date_input(
            "Bedömningsdag",
            value=default_day,
            min_value=agreement.period_start,
            max_value=agreement.period_end,
            format="YYYY-MM-DD",
            key=f"{_AS_OF_KEY}_{agreement_id}",
            on_change=_follow_day_in_url,
            args=(f"{_AS_OF_KEY}_{agreement_id}",),
            help="Försenat räknas mot den här dagen. Standard: i dag, eller "
            "överenskommelsens sista dag om den har löpt ut.",
        )
        st.caption(
            f"Period {format_date(agreement.period_start)} – {format_date(agreement.period_end)}"
        )
        declare_swedish()  # last, so its empty element adds no gap between the choices
    return Selection(
        agreement=agreement, as_of=as_of if isinstance(as_of, dt.date) else default_day
    )


def remember_selection(selection: Selection | None) -> None:
    """Keep this run's choice for the page (app.py calls it before the page runs)."""
    st.session_state[_SELECTION_KEY] = selection


def current_selection() -> Selection | None:
    """The sidebar's choice for this run (set by app.py before the page runs)."""
    selection = st.session_state.get(_SELECTION_KEY)
    return selection if isinstance(selection, Selection) else None


def render_address_notice() -> None:
    """Say so when the address names an agreement, kommun or LPO the store has none for (or
    none the user may see: the same words)."""
    agreements = visible_agreements_here()
    if not agreements:
        return
    kommun, lpo = _url_text("kommun"), _url_text("lpo")
    if _url_text(AGREEMENT_PARAM) and _agreement_from_url(agreements) is None:
        st.warning(
            "Adressen frågar efter en överenskommelse som inte finns här. Sidan visar den som "
            "är vald i sidofältet.",
            icon=":material/link_off:",
        )
    elif kommun and _agreement_from_url(agreements) is None:
        st.warning(
            f"Adressen frågar efter kommunen {escape_markdown(kommun)}, men den har ingen "
            "överenskommelse här. Sidan visar den som är vald i sidofältet.",
            icon=":material/link_off:",
        )
    elif lpo and not kommun and not choose_lpo_agreements(agreements, lpo, _day_from_url()):
        st.warning(
            f"Adressen frågar efter lokalpolisområde {escape_markdown(lpo)}, men ingen "
            "överenskommelse här gäller det. Sidan visar den som är vald i sidofältet.",
            icon=":material/link_off:",
        )


def agreement_label(agreement: Agreement, *, with_kommun: bool = True) -> str:
    """'Burlöv 2025–2027 (LPO Kävlinge)': the kommun and period first, they tell plans apart.

    Without the kommun ('2025–2027 (LPO Kävlinge)') where the sidebar has chosen it above.
    """
    lpo = f" (LPO {agreement.lpo})" if agreement.lpo else ""
    kommun = f"{agreement.kommun} " if with_kommun else ""
    return f"{kommun}{agreement.period_label}{lpo}"


def _kommuner_of(agreements: list[StoredAgreement]) -> list[str]:
    """The kommuner with an agreement, in Swedish order (the list's order; others last)."""
    order = {k: i for i, k in enumerate(KOMMUNER)}
    return sorted({a.kommun for a in agreements}, key=lambda k: (order.get(k, len(order)), k))


def visible_agreements_here() -> list[StoredAgreement]:
    """The agreements this session's user may see: what the sidebar offers and an address
    may choose."""
    return load_visible_agreements(auth.current_user())


def _agreement_from_url(agreements: list[StoredAgreement]) -> StoredAgreement | None:
    """The agreement `?avtal=`, `?kommun=` or `?lpo=` names (the kommun's or LPO's running on
    `?dag=` or today), if any among `agreements` (the ones the user may see)."""
    day = _day_from_url()
    wanted, kommun, lpo = _url_text(AGREEMENT_PARAM), _url_text("kommun"), _url_text("lpo")
    if wanted:
        try:
            return choose_agreement(agreements, None, agreement_id=int(wanted))
        except (ValueError, AgreementChoiceError):
            return None
    if kommun:
        found = load_kommun_agreement(kommun, day)
        # The kommun's agreement only where the user may see that kommun: else as unknown.
        user = auth.current_user()
        return found if found is not None and may_see_agreement(user, found) else None
    if lpo:  # a running one (else the latest to end): its day is the day Snabbkoll counts on
        chosen = choose_lpo_agreements(agreements, lpo, day)
        return running_agreement(chosen, day) if chosen else None
    return None


def _follow_kommun(agreements: list[StoredAgreement]) -> None:
    """Another kommun: choose its current agreement, and let the address follow."""
    kommun = st.session_state.get(_KOMMUN_KEY)
    own = [a for a in agreements if a.kommun == kommun]
    if not own:
        return
    st.session_state[_AGREEMENT_KEY] = running_agreement(own).id
    _follow_agreement_in_url({a.id: a for a in agreements})


def _follow_agreement_in_url(by_id: dict[int, StoredAgreement]) -> None:
    """When the address chose the agreement, make it name the one now chosen instead: by its
    kommun where that chooses it, else by its id (a kommun's second agreement)."""
    if not any(name in st.query_params for name in (AGREEMENT_PARAM, "kommun", "lpo")):
        return
    chosen = by_id.get(st.session_state.get(_AGREEMENT_KEY, 0))
    if chosen is None:
        return
    for name in (AGREEMENT_PARAM, "kommun", "lpo"):
        if name in st.query_params:
            del st.query_params[name]
    if load_kommun_agreement(chosen.kommun, _day_from_url()) == chosen:
        st.query_params["kommun"] = chosen.kommun
    else:
        st.query_params[AGREEMENT_PARAM] = str(chosen.id)


def _follow_day_in_url(key: str) -> None:
    """When the address set the judging day, make it carry the day now chosen."""
    day = st.session_state.get(key)
    if "dag" in st.query_params and isinstance(day, dt.date):
        st.query_params["dag"] = day.isoformat()


def _url_text(name: str) -> str:
    return str(st.query_params.get(name, "")).strip()


def _day_from_url() -> dt.date | None:
    """`?dag=2024-06-01` in the address sets the judging day, so a link can fix it."""
    try:
        return dt.date.fromisoformat(_url_text("dag"))
    except ValueError:
        return None


def select_agreement(agreement_id: int) -> None:
    """Choose the agreement in the sidebar from a widget's callback (before the sidebar draws)."""
    st.session_state[_AGREEMENT_KEY] = agreement_id


def require_app_frame() -> None:
    """Make sure app.py (sidebar, navigation, error guard) runs around the page.

    Streamlit starts in its old folder-based multipage mode because pages/ exists, and leaves
    it only when app.py calls st.navigation. A bookmark to /snabbkoll opened first after the
    server starts would run the page alone, without app.py; leave that mode and run again.
    The old mode finds a page by its file name, so every page's url_path is its file's name
    (tests/web/test_app.py checks it); otherwise it would say "Page not found" first.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
