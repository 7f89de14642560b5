"""Cached reads of the store, keyed by the store's version so an upload shows at once.

The version is the file's stat (cheap), so most reruns never open the database; when it
changes, every cached answer is stale and the next call opens the store, asks, and closes.
Every cached function takes the path and the version as its first two arguments.

The answers are frozen pydantic models shared by every session (st.cache_resource), not
pickled copies (st.cache_data): unpickling a thousand agreements on every click cost ~40 ms
on the national store (bench/page_bench.py). Callers must not mutate the lists they get.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from samverkan import store
from samverkan.confidentiality import ConfidentialityRow, read_confidentiality
from samverkan.goal_followup import build_goal_followup
from samverkan.history import build_survey_history, build_upload_history
from samverkan.models import (
    Agreement,
    Goal,
    GoalFollowUp,
    PlanStatus,
    SurveyUploadEntry,
    SurveyValue,
    UploadHistoryEntry,
)
from samverkan.reports.content import first_plan_day
from samverkan.status import (
    AgreementChoiceError,
    build_plan_status,
    choose_agreement,
    choose_lpo_agreements,
)

Version = tuple[int, int, int, int]


def db_path() -> Path:
    """The store this server uses (SAMVERKAN_DB or data/samverkan.duckdb)."""
    return store.resolve_db_path()


def data_version() -> Version:
    """The store's current version: changes whenever anything is written."""
    return store.store_version(db_path())


def load_agreements() -> list[Agreement]:
    """Every agreement in the store."""
    return _agreements(str(db_path()), data_version())


def load_kommun_agreement(kommun: str, on: dt.date | None) -> Agreement | None:
    """The kommun's agreement running on `on` (today), else its newest; None when it has none.

    Cached: every click resolves the address's ?kommun=, and on the national store looking
    through 1,160 agreements twice a run was most of what Medborgarlöften cost there.
    """
    return _kommun_agreement(str(db_path()), data_version(), kommun, on or dt.date.today())


def load_plan_status(agreement_id: int, as_of: dt.date | None) -> PlanStatus | None:
    """The agreement's current plan judged on `as_of`."""
    return _plan_status(str(db_path()), data_version(), agreement_id, as_of)


def load_lpo_plan_statuses(lpo: str, as_of: dt.date | None) -> list[PlanStatus]:
    """The current plan of every kommun's agreement with the lokalpolisområde."""
    chosen = choose_lpo_agreements(load_agreements(), lpo, as_of)
    statuses = [load_plan_status(a.id or 0, as_of) for a in chosen]
    return [s for s in statuses if s is not None]


def load_goals(agreement_id: int) -> list[Goal]:
    """The agreement's goals."""
    return _goals(str(db_path()), data_version(), agreement_id)


def load_survey_values(kommun: str) -> list[SurveyValue]:
    """The kommun's survey values by indicator, area and year."""
    return _survey_values(str(db_path()), data_version(), kommun)


def load_goal_followup(agreement: Agreement) -> GoalFollowUp:
    """The agreement's goals judged against the survey; its last year stands in for a målår."""
    return build_goal_followup(
        agreement.kommun,
        load_goals(agreement.id or 0),
        load_survey_values(agreement.kommun),
        deadline_year=agreement.period_end.year,
    )


def load_upload_history(agreement_id: int) -> list[UploadHistoryEntry]:
    """Every upload of the agreement's plan, oldest first, with what each changed."""
    return _upload_history(str(db_path()), data_version(), agreement_id)


def load_first_plan_day(agreement_id: int) -> dt.date | None:
    """The day the agreement's first plan that counts was uploaded (None before any)."""
    return _first_plan_day(str(db_path()), data_version(), agreement_id)


def load_survey_history(kommun: str) -> list[SurveyUploadEntry]:
    """Every survey upload with values for the kommun, oldest first."""
    return _survey_history(str(db_path()), data_version(), kommun)


def load_confidentiality(agreement_id: int) -> list[ConfidentialityRow]:
    """The current plan's activities with their ej offentlig choice (read fresh, not cached)."""
    with store.open_store(db_path()) as con:
        return read_confidentiality(con, agreement_id)


@st.cache_resource(show_spinner=False, max_entries=16)
def _agreements(path: str, version: Version) -> list[Agreement]:
    with store.open_store(path) as con:
        return store.fetch_agreements(con)


@st.cache_resource(show_spinner=False, max_entries=256)
def _kommun_agreement(path: str, version: Version, kommun: str, on: dt.date) -> Agreement | None:
    try:
        return choose_agreement(_agreements(path, version), kommun, on)
    except AgreementChoiceError:
        return None


@st.cache_resource(show_spinner=False, max_entries=256)
def _plan_status(
    path: str, version: Version, agreement_id: int, as_of: dt.date | None
) -> PlanStatus | None:
    with store.open_store(path) as con:
        agreement = store.fetch_agreement(con, agreement_id)
        return build_plan_status(con, agreement, as_of) if agreement else None


@st.cache_resource(show_spinner=False, max_entries=64)
def _goals(path: str, version: Version, agreement_id: int) -> list[Goal]:
    with store.open_store(path) as con:
        return store.fetch_goals(con, agreement_id)


@st.cache_resource(show_spinner=False, max_entries=64)
def _survey_values(path: str, version: Version, kommun: str) -> list[SurveyValue]:
    with store.open_store(path) as con:
        return store.fetch_survey_values(con, kommun)


@st.cache_resource(show_spinner=False, max_entries=64)
def _upload_history(path: str, version: Version, agreement_id: int) -> list[UploadHistoryEntry]:
    with store.open_store(path) as con:
        return build_upload_history(con, agreement_id)


@st.cache_resource(show_spinner=False, max_entries=64)
def _first_plan_day(path: str, version: Version, agreement_id: int) -> dt.date | None:
    with store.open_store(path) as con:
        return first_plan_day(con, agreement_id)


@st.cache_resource(show_spinner=False, max_entries=64)
def _survey_history(path: str, version: Version, kommun: str) -> list[SurveyUploadEntry]:
    with store.open_store(path) as con:
        return build_survey_history(con, kommun)
