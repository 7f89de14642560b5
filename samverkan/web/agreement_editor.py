"""The Överenskommelse page's editor: the chosen agreement's fields, focus areas and goals.

The two tables are st.data_editor tables with rows to add and remove; the goal table offers
the focus areas as they stand in the table above, renamed ones included. Spara validates
everything and writes it in one transaction, or says in Swedish why nothing was saved.
Widget keys carry the agreement and a revision that grows with each save, so after a save
(or another agreement in the sidebar) the tables start again from what the store holds.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pandas as pd
import streamlit as st

from samverkan import store
from samverkan.access import write_refusal
from samverkan.agreement import focus_areas_from_rows, goals_from_rows
from samverkan.kommuner import KOMMUNER
from samverkan.models import (
    Agreement,
    AgreementDefinition,
    AgreementKind,
    Direction,
    FocusArea,
    Goal,
    GoalKind,
    StoredAgreement,
)
from samverkan.swedish import format_count
from samverkan.web import auth
from samverkan.web.agreement_form import (
    KIND_LABELS,
    SAVE_FAILED,
    Notice,
    forget_notice,
    lpo_options,
    save_checked,
    set_notice,
)
from samverkan.web.data import load_definition
from samverkan.web.format import escape_markdown

_REVISION_KEY = "overenskommelse_revision"
_REFUSAL_KEY = "overenskommelse_ej_sparat"
_LOG = logging.getLogger("samverkan.web")
_FIRST_DAY = dt.date(1990, 1, 1)
_LAST_DAY = dt.date(2100, 12, 31)


def render_agreement_editor(agreement: StoredAgreement, agreements: list[StoredAgreement]) -> None:
    """The chosen agreement's fields, its focus areas and goals, and Spara."""
    definition = load_definition(agreement.id)
    if definition is None:
        st.info("Överenskommelsen finns inte längre. Välj en annan i sidofältet.")
        return
    key = f"{agreement.id}_{st.session_state.get(_REVISION_KEY, 0)}"
    st.subheader("Överenskommelsen", anchor=False)
    _render_fields(definition.agreement, agreements, key)
    st.subheader("Fokusområden", anchor=False)
    st.caption(
        "Ett fokusområde per rad. Gäller från och till följer den årliga lägesbilden; tomt "
        "betyder hela perioden. Lägg till en rad längst ned, ta bort en rad genom att markera "
        "den och trycka på papperskorgen."
    )
    area_rows = _records(
        st.data_editor(
            focus_area_frame(definition.focus_areas),
            key=f"fokusomraden_{key}",
            num_rows="dynamic",
            placeholder="",
            hide_index=True,
            width="stretch",
            column_config=_focus_area_columns(definition.agreement),
        )
    )
    area_names = [str(r["name"]).strip() for r in area_rows if _filled(r.get("name"))]
    st.subheader("Mål", anchor=False)
    st.caption(
        "Effekt-, process- och produktionsmål med indikator, basvärde och målvärde. Målen "
        "bedöms mot trygghetsmätningen när indikatorn finns där."
    )
    st.data_editor(
        goal_frame(definition.goals),
        key=f"mal_{key}",
        num_rows="dynamic",
        placeholder="",
        hide_index=True,
        width="stretch",
        column_config=_goal_columns(area_names, definition.goals),
    )
    refusal = st.session_state.pop(_REFUSAL_KEY, None)
    if refusal:
        details = "\n".join(f"- {escape_markdown(m)}" for m in refusal)
        st.error(f"Inget sparades:\n\n{details}", icon=":material/error:")
    # The right is checked again when Spara runs (agreement_form.save_checked), on the server.
    allowed = auth.may_write_here([agreement.kommun])
    if not allowed:
        st.info(write_refusal(auth.current_user(), [agreement.kommun]), icon=":material/lock:")
    st.button(
        "Spara ändringar",
        type="primary",
        icon=":material/save:",
        key=f"spara_{key}",
        on_click=_save,
        args=(definition, key),
        disabled=not allowed,
    )


def _render_fields(agreement: Agreement, agreements: list[StoredAgreement], key: str) -> None:
    left, right = st.columns(2)
    with left:
        st.selectbox(
            "Kommun",
            KOMMUNER,
            index=KOMMUNER.index(agreement.kommun) if agreement.kommun in KOMMUNER else None,
            placeholder="Välj kommun",
            key=f"kommun_{key}",
        )
        st.date_input(
            "Period från",
            value=agreement.period_start,
            min_value=_FIRST_DAY,
            max_value=_LAST_DAY,
            format="YYYY-MM-DD",
            key=f"start_{key}",
        )
        st.radio(
            "Typ",
            list(AgreementKind),
            index=list(AgreementKind).index(agreement.kind),
            format_func=KIND_LABELS.__getitem__,
            horizontal=True,
            key=f"typ_{key}",
        )
    with right:
        lpos = lpo_options(agreements, agreement.lpo)
        st.selectbox(
            "Lokalpolisområde",
            lpos,
            index=lpos.index(agreement.lpo) if agreement.lpo in lpos else None,
            placeholder="Välj eller skriv ett nytt",
            accept_new_options=True,
            key=f"lpo_{key}",
        )
        st.date_input(
            "Period till",
            value=agreement.period_end,
            min_value=_FIRST_DAY,
            max_value=_LAST_DAY,
            format="YYYY-MM-DD",
            key=f"slut_{key}",
        )
        st.text_input("Titel", value=agreement.title or "", key=f"titel_{key}")


def focus_area_frame(areas: list[FocusArea]) -> pd.DataFrame:
    """The focus areas as the editor's rows (typed columns, so an empty table edits too)."""
    return pd.DataFrame(
        {
            "number": pd.Series([a.number for a in areas], dtype="Int64"),
            "name": pd.Series([a.name for a in areas], dtype="object"),
            "valid_from": pd.Series([a.valid_from for a in areas], dtype="object"),
            "valid_to": pd.Series([a.valid_to for a in areas], dtype="object"),
        }
    )


def goal_frame(goals: list[Goal]) -> pd.DataFrame:
    """The goals as the editor's rows."""
    return pd.DataFrame(
        {
            "kind": pd.Series([g.kind.value for g in goals], dtype="object"),
            "text": pd.Series([g.text for g in goals], dtype="object"),
            "focus_area": pd.Series([g.focus_area for g in goals], dtype="object"),
            "indicator": pd.Series([g.indicator for g in goals], dtype="object"),
            "baseline_year": pd.Series([g.baseline_year for g in goals], dtype="Int64"),
            "baseline_value": pd.Series([g.baseline_value for g in goals], dtype="float64"),
            "target_value": pd.Series([g.target_value for g in goals], dtype="float64"),
            "target_year": pd.Series([g.target_year for g in goals], dtype="Int64"),
            "direction": pd.Series([g.direction for g in goals], dtype="object"),
        }
    )


def _focus_area_columns(agreement: Agreement) -> dict[str, Any]:
    return {
        "number": st.column_config.NumberColumn(
            "Nr", min_value=1, step=1, format="%d", width="small"
        ),
        "name": st.column_config.TextColumn("Fokusområde", width="large"),
        "valid_from": st.column_config.DateColumn(
            "Gäller från",
            help=f"Tomt: från {agreement.period_start.isoformat()}",
            format="YYYY-MM-DD",
        ),
        "valid_to": st.column_config.DateColumn(
            "Gäller till",
            help=f"Tomt: till {agreement.period_end.isoformat()}",
            format="YYYY-MM-DD",
        ),
    }


def _goal_columns(area_names: list[str], goals: list[Goal]) -> dict[str, Any]:
    areas = list(dict.fromkeys([*area_names, *(g.focus_area for g in goals if g.focus_area)]))
    directions = [d.value for d in Direction]
    directions += sorted({g.direction for g in goals if g.direction} - set(directions))
    return {
        "kind": st.column_config.SelectboxColumn("Måltyp", options=[k.value for k in GoalKind]),
        "text": st.column_config.TextColumn("Mål", width="large"),
        "focus_area": st.column_config.SelectboxColumn("Fokusområde", options=areas),
        "indicator": st.column_config.TextColumn("Indikator"),
        "baseline_year": _year_column("Basår"),
        "baseline_value": st.column_config.NumberColumn(
            "Basvärde", width="small", format="localized"
        ),
        "target_value": st.column_config.NumberColumn(
            "Målvärde", width="small", format="localized"
        ),
        "target_year": _year_column("Målår"),
        "direction": st.column_config.SelectboxColumn("Riktning", options=directions),
    }


def _year_column(label: str) -> Any:
    return st.column_config.NumberColumn(
        label, min_value=1990, max_value=2100, step=1, format="%d", width="small"
    )


def _records(frame: Any) -> list[dict[str, Any]]:
    """The edited table's rows, with None for every empty cell."""
    if not isinstance(frame, pd.DataFrame):
        return []
    cleaned = frame.astype(object).where(frame.notna(), None)
    return [{str(k): v for k, v in row.items()} for row in cleaned.to_dict("records")]


def _filled(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def _edited_rows(base: list[dict[str, Any]], state: Any) -> list[dict[str, Any]]:
    """The table's rows after the editor's edits, removals and additions (its session state)."""
    if not isinstance(state, dict):
        return base
    rows = [dict(r) for r in base]
    for index, changes in (state.get("edited_rows") or {}).items():
        if 0 <= int(index) < len(rows) and isinstance(changes, dict):
            rows[int(index)].update(changes)
    deleted = {int(i) for i in state.get("deleted_rows") or []}
    kept = [r for i, r in enumerate(rows) if i not in deleted]
    return kept + [dict(r) for r in state.get("added_rows") or [] if isinstance(r, dict)]


def _save(definition: AgreementDefinition, key: str) -> None:
    """Spara's callback: validate and save everything, or keep why nothing was saved.

    A callback runs before the script (so the click survives the rerun that leaves
    Streamlit's folder-page mode) and outside app.py's error guard, so it catches.
    """
    forget_notice()
    try:
        _save_edits(definition, key)
    except store.StoreBusy:
        st.session_state[_REFUSAL_KEY] = [store.BUSY_MESSAGE]
    except Exception:
        _LOG.exception("Saving an agreement failed")
        st.session_state[_REFUSAL_KEY] = [SAVE_FAILED]


def _save_edits(previous: AgreementDefinition, key: str) -> None:
    state = st.session_state
    kommun, start, end = (
        state.get(f"kommun_{key}"),
        state.get(f"start_{key}"),
        state.get(f"slut_{key}"),
    )
    messages: list[str] = []
    if not kommun:
        messages.append("Välj kommun.")
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        messages.append("Ange periodens första och sista dag.")
    area_rows = _edited_rows(
        _records(focus_area_frame(previous.focus_areas)), state.get(f"fokusomraden_{key}")
    )
    goal_rows = _edited_rows(_records(goal_frame(previous.goals)), state.get(f"mal_{key}"))
    areas, area_messages = focus_areas_from_rows(area_rows)
    goals, goal_messages = goals_from_rows(goal_rows)
    messages += area_messages + goal_messages
    if messages or not isinstance(start, dt.date) or not isinstance(end, dt.date):
        state[_REFUSAL_KEY] = messages
        return
    agreement = previous.agreement.model_copy(
        update={
            "kommun": str(kommun),
            "lpo": str(state.get(f"lpo_{key}") or "").strip() or None,
            "title": str(state.get(f"titel_{key}") or "").strip() or None,
            "period_start": start,
            "period_end": end,
            "kind": AgreementKind(state.get(f"typ_{key}") or previous.agreement.kind),
        }
    )
    definition = AgreementDefinition(agreement=agreement, focus_areas=areas, goals=goals)
    agreement_id, messages = save_checked(definition)
    if agreement_id is None:
        state[_REFUSAL_KEY] = messages
        return
    state[_REVISION_KEY] = state.get(_REVISION_KEY, 0) + 1
    set_notice(
        Notice(
            True,
            f"Sparat: {agreement.kommun} {agreement.period_label} med "
            f"{format_count(len(areas), 'fokusområde', 'fokusområden')} och {len(goals)} mål. "
            "Alla sidor visar nu ändringen.",
        )
    )
