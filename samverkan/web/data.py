"""Cached reads of the store, keyed by the store's version so an upload shows at once.

The version is the file's stat (cheap), so most reruns never open the database; when it
changes, every cached answer is stale and the next call opens the store, asks, and closes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from samverkan import store
from samverkan.models import Agreement, PlanStatus
from samverkan.status import build_plan_status


def db_path() -> Path:
    """The store this server uses (SAMVERKAN_DB or data/samverkan.duckdb)."""
    return store.resolve_db_path()


def data_version() -> tuple[int, int, int, int]:
    """The store's current version: changes whenever anything is written."""
    return store.store_version(db_path())


def load_agreements() -> list[Agreement]:
    """Every agreement in the store."""
    return _agreements(str(db_path()), data_version())


def load_plan_status(agreement_id: int, as_of: dt.date | None) -> PlanStatus | None:
    """The agreement's current plan judged on `as_of`."""
    return _plan_status(str(db_path()), data_version(), agreement_id, as_of)


@st.cache_data(show_spinner=False, max_entries=16)
def _agreements(path: str, version: tuple[int, int, int, int]) -> list[Agreement]:
    with store.open_store(path) as con:
        return store.fetch_agreements(con)


@st.cache_data(show_spinner=False, max_entries=256)
def _plan_status(
    path: str, version: tuple[int, int, int, int], agreement_id: int, as_of: dt.date | None
) -> PlanStatus | None:
    with store.open_store(path) as con:
        agreement = store.fetch_agreement(con, agreement_id)
        return build_plan_status(con, agreement, as_of) if agreement else None
