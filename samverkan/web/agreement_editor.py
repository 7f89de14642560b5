"""The Överenskommelse page's editor: the chosen agreement's fields, focus areas and goals.

The two tables are st.data_editor tables with rows to add and remove; the goal table offers
the focus areas as they stand in the table above, renamed ones included. Spara validates
everything and writes it in one transaction, or says in Swedish why nothing was saved.
Widget keys carry the agreement and a revision that grows with each save, so after a save
(or another agreement in the sidebar) the tables start again from what the store holds.
A new goal is written in a small form under the goal table, not in the table's own new row
(where fast typing was lost), and becomes a row of the table until Spara.

Why one module: the fields, both tables, the new-goal form and Spara share one key and the
session state behind it, and Spara reads them all at once.
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
_GOAL_ROWS_KEY = "mal_rader"
_GOAL_GENERATION_KEY = "mal_generation"
_GOAL_PROBLEM_KEY = "mal_problem"
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
        "bedöms mot trygghetsmätningen när indikatorn finns där. Ett nytt mål skrivs i "
        "fälten under tabellen; ta bort ett mål genom att markera raden och trycka på "
        "papperskorgen."
    )
    # No row is added inside the grid: a fast typist's first letters, or the whole text,
    # were lost there while the grid opened its cell (tests/browser/test_desk.py). A new goal
    # is written in ordinary fields and added by a button, then edited in the grid; the grid
    # does not rerun the page on each edit, so nothing redraws it under the typing either.
    st.data_editor(
        goal_frame(goal_base_rows(key, definition.goals)),
        key=goal_editor_key(key),
        num_rows="delete",
        placeholder="",
        hide_index=True,
        width="stretch",
        column_order=GOAL_COLUMN_ORDER,
        column_config=_goal_columns(area_names, definition.goals),
        on_change="ignore",
    )
    _render_new_goal_form(key, area_names, definition.goals)
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


_GOAL_DTYPES = {
    "kind": "object",
    "text": "object",
    "focus_area": "object",
    "indicator": "object",
    "baseline_year": "Int64",
    "baseline_value": "float64",
    "target_value": "float64",
    "target_year": "Int64",
    "direction": "object",
}


def goal_rows(goals: list[Goal]) -> list[dict[str, Any]]:
    """The goals as the editor's rows (field → value, None for nothing)."""
    return [
        {
            "kind": g.kind.value,
            "text": g.text,
            "focus_area": g.focus_area,
            "indicator": g.indicator,
            "baseline_year": g.baseline_year,
            "baseline_value": g.baseline_value,
            "target_value": g.target_value,
            "target_year": g.target_year,
            "direction": g.direction,
        }
        for g in goals
    ]


def goal_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The goal rows as the editor's typed columns (so an empty table edits too)."""
    return pd.DataFrame(
        {
            name: pd.Series([r.get(name) for r in rows], dtype=dtype)
            for name, dtype in _GOAL_DTYPES.items()
        }
    )


def goal_base_rows(key: str, goals: list[Goal]) -> list[dict[str, Any]]:
    """The rows the goal grid starts from: the stored goals, then those added by the form
    (with the grid's edits before each addition folded in)."""
    kept = st.session_state.get(f"{_GOAL_ROWS_KEY}_{key}")
    return list(kept) if isinstance(kept, list) else goal_rows(goals)


def goal_editor_key(key: str) -> str:
    """The grid's key: it grows with each added goal, so the grid starts from the new rows."""
    return f"mal_{key}_{st.session_state.get(f'{_GOAL_GENERATION_KEY}_{key}', 0)}"


def _render_new_goal_form(key: str, area_names: list[str], goals: list[Goal]) -> None:
    """A new goal in ordinary fields (Enter in a field adds it, too)."""
    with st.form(f"nytt_mal_{key}", clear_on_submit=True, border=True):
        st.markdown("**Nytt mål**")
        st.text_input("Mål", key=f"nytt_mal_text_{key}", placeholder="Vad ska uppnås?")
        kind, area, indicator = st.columns(3, vertical_alignment="bottom")
        kind.selectbox("Måltyp", [k.value for k in GoalKind], index=0, key=f"nytt_mal_typ_{key}")
        area.selectbox(
            "Fokusområde",
            area_names,
            index=None,
            placeholder="Välj",
            key=f"nytt_mal_fokus_{key}",
        )
        indicator.text_input("Indikator", key=f"nytt_mal_indikator_{key}")
        st.form_submit_button(
            "Lägg till målet", icon=":material/add:", on_click=_add_goal, args=(key, goals)
        )
    problem = st.session_state.pop(f"{_GOAL_PROBLEM_KEY}_{key}", None)
    if problem:
        st.warning(problem, icon=":material/edit:")


def _add_goal(key: str, goals: list[Goal]) -> None:
    """The form's goal as a new row of the grid, after the rows as the grid has them now."""
    state = st.session_state
    text = str(state.get(f"nytt_mal_text_{key}") or "").strip()
    if not text:
        state[f"{_GOAL_PROBLEM_KEY}_{key}"] = "Skriv målet i fältet Mål och tryck Lägg till."
        return
    base = state.get(f"{_GOAL_ROWS_KEY}_{key}")
    if not isinstance(base, list):
        base = goal_rows(goals)
    rows = _edited_rows(base, state.get(goal_editor_key(key)))
    rows.append(
        dict.fromkeys(_GOAL_DTYPES)
        | {
            "text": text,
            "kind": state.get(f"nytt_mal_typ_{key}"),
            "focus_area": state.get(f"nytt_mal_fokus_{key}"),
            "indicator": str(state.get(f"nytt_mal_indikator_{key}") or "").strip() or None,
        }
    )
    state[f"{_GOAL_ROWS_KEY}_{key}"] = rows
    state[f"{_GOAL_GENERATION_KEY}_{key}"] = state.get(f"{_GOAL_GENERATION_KEY}_{key}", 0) + 1


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


# The goal first, then what it is and where it belongs: these four fit the main column of a
# 1024-pixel laptop with the sidebar open; the figures scroll in beside them. (Not pinned: a
# pinned column is drawn grey, like the index, and the goal read as if it could not be edited.)
GOAL_COLUMN_ORDER = (
    "text",
    "kind",
    "focus_area",
    "indicator",
    "baseline_year",
    "baseline_value",
    "target_value",
    "target_year",
    "direction",
)
# The key columns' widths in pixels: 495 together, beside the row markers (about 35) within
# the 535-pixel main column of a 1024-pixel window with the sidebar open.
GOAL_KEY_COLUMNS = {"text": 165, "kind": 110, "focus_area": 120, "indicator": 100}


def _goal_columns(area_names: list[str], goals: list[Goal]) -> dict[str, Any]:
    areas = list(dict.fromkeys([*area_names, *(g.focus_area for g in goals if g.focus_area)]))
    directions = [d.value for d in Direction]
    directions += sorted({g.direction for g in goals if g.direction} - set(directions))
    width = GOAL_KEY_COLUMNS
    return {
        "text": st.column_config.TextColumn("Mål", width=width["text"]),
        "kind": st.column_config.SelectboxColumn(
            "Måltyp", options=[k.value for k in GoalKind], width=width["kind"]
        ),
        "focus_area": st.column_config.SelectboxColumn(
            "Fokusområde", options=areas, width=width["focus_area"]
        ),
        "indicator": st.column_config.TextColumn("Indikator", width=width["indicator"]),
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
    rows_of_goals = _edited_rows(
        _records(goal_frame(goal_base_rows(key, previous.goals))), state.get(goal_editor_key(key))
    )
    areas, area_messages = focus_areas_from_rows(area_rows)
    goals, goal_messages = goals_from_rows(rows_of_goals)
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
