"""Cached reads of the store, keyed by the store's version so an upload shows at once.

Why one module: every cached read is keyed the same way (path, version) and cleared by the
same write; spread over the pages' modules they would drift in how they are keyed.

The version is the file's stat (cheap), so most reruns never open the database; when it
changes, every cached answer is stale and the next call opens the store, asks, and closes.
Every cached function takes the path and the version as its first two arguments.

The answers are frozen pydantic models shared by every session (st.cache_resource), not
pickled copies (st.cache_data): unpickling a thousand agreements on every click cost ~40 ms
on the national store (bench/page_bench.py). Callers must not mutate the lists they get.

Every cached read of the app is here, so an upload, a saved meeting or a new user shows on
every page at once:
- the plan: load_agreements, load_visible_agreements (the user's), load_kommun_agreement,
  load_plan_status, load_lpo_plan_statuses,
  load_first_plan_day, load_upload_history, load_definition (the Överenskommelse page),
  load_confidentiality (fresh)
- goals and the survey: load_goals, load_survey_values, load_goal_followup, load_survey_history
- meetings: load_meetings, load_changes_since
- Jämförelse: load_comparison (every chosen agreement's row from a few set-based queries),
  load_comparison_chart_spec
- charts: load_indicator_chart_spec (Altair's validation is most of a chart's cost)
- reports: report_download (built when its button is pressed)
- who may see what: load_account_counts, load_session, load_user, load_users_and_log
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

# Private, but it is exactly what st.altair_chart sends; streamlit is pinned to one minor
# version and tests/web/test_goals.py compares both ways of drawing each chart.
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from samverkan import store
from samverkan.access import visible_agreements, visible_kommuner
from samverkan.agreement import AgreementChoiceError, choose_agreement, choose_lpo_agreements
from samverkan.changes_since import build_changes_since
from samverkan.charts.comparison import build_comparison_chart
from samverkan.charts.indicator import build_indicator_chart
from samverkan.comparison import ComparisonScope, build_comparison_rows, choose_compared
from samverkan.confidentiality import ConfidentialityRow, read_confidentiality
from samverkan.goal_followup import build_goal_followup
from samverkan.history import build_survey_history, build_upload_history
from samverkan.models import (
    AgreementDefinition,
    AuditEntry,
    ChangesSince,
    ComparisonRow,
    Goal,
    GoalFollowUp,
    IndicatorSeries,
    Meeting,
    PlanStatus,
    ReportFormat,
    ReportPeriod,
    StoredAgreement,
    SurveyUploadEntry,
    SurveyValue,
    UploadHistoryEntry,
    UserAccount,
)
from samverkan.reports import build_report
from samverkan.reports.content import first_plan_day
from samverkan.status import build_plan_status
from samverkan.store.agreements import fetch_agreement_definition
from samverkan.store.audit import fetch_audit_log
from samverkan.store.comparison import fetch_agreement_figures
from samverkan.store.meetings import fetch_meetings
from samverkan.store.surveys import fetch_survey_values_of
from samverkan.store.users import (
    fetch_account_counts,
    fetch_session_user,
    fetch_user,
    fetch_users,
)

Version = store.Version


def db_path() -> Path | str:
    """The store this server uses (SAMVERKAN_DB, a file or a postgresql:// address, or
    data/samverkan.duckdb)."""
    return store.resolve_store()


def data_version() -> Version:
    """The store's current version: changes whenever anything is written."""
    return store.store_version(db_path())


def load_agreements() -> list[StoredAgreement]:
    """Every agreement in the store."""
    return _agreements(str(db_path()), data_version())


def load_visible_agreements(user: UserAccount | None) -> list[StoredAgreement]:
    """The agreements of the kommuner the user may see (access.visible_agreements; every one
    for an admin and in local mode, none for nobody)."""
    if user is None:
        return []
    if visible_kommuner(user) is None:
        return load_agreements()
    return _visible_agreements(str(db_path()), data_version(), user)


def load_kommun_agreement(kommun: str, on: dt.date | None) -> StoredAgreement | None:
    """The kommun's agreement running on `on` (today), else its newest; None when it has none.

    Cached: every click resolves the address's ?kommun=, and on the national store looking
    through 1,160 agreements twice a run was most of what Medborgarlöften cost there.
    """
    return _kommun_agreement(str(db_path()), data_version(), kommun, on or dt.date.today())


def load_plan_status(agreement_id: int, as_of: dt.date | None) -> PlanStatus | None:
    """The agreement's current plan judged on `as_of`."""
    return _plan_status(str(db_path()), data_version(), agreement_id, as_of)


def load_lpo_plan_statuses(
    lpo: str, as_of: dt.date | None, user: UserAccount | None
) -> list[PlanStatus]:
    """The current plan of every kommun's agreement with the lokalpolisområde that the user
    may see (chosen before the store is asked)."""
    chosen = choose_lpo_agreements(load_visible_agreements(user), lpo, as_of)
    statuses = [load_plan_status(a.id, as_of) for a in chosen]
    return [s for s in statuses if s is not None]


def load_goals(agreement_id: int) -> list[Goal]:
    """The agreement's goals."""
    return _goals(str(db_path()), data_version(), agreement_id)


def load_survey_values(kommun: str) -> list[SurveyValue]:
    """The kommun's survey values by indicator, area and year."""
    return _survey_values(str(db_path()), data_version(), kommun)


def load_goal_followup(agreement: StoredAgreement) -> GoalFollowUp:
    """The agreement's goals judged against the survey; its last year stands in for a målår."""
    return build_goal_followup(
        agreement.kommun,
        load_goals(agreement.id),
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


def load_definition(agreement_id: int) -> AgreementDefinition | None:
    """The agreement with its focus areas and goals."""
    return _definition(str(db_path()), data_version(), agreement_id)


def load_meetings(agreement_id: int) -> list[Meeting]:
    """The agreement's meetings, latest first."""
    return _meetings(str(db_path()), data_version(), agreement_id)


def load_changes_since(
    agreement: StoredAgreement, since: dt.date, until: dt.date, upload_id: int | None = None
) -> ChangesSince:
    """What changed in the agreement's plan from `since` (or an upload) to `until`."""
    return _changes(str(db_path()), data_version(), agreement.id, since, until, upload_id)


def load_comparison(
    scope: ComparisonScope, day: dt.date, user: UserAccount | None
) -> list[ComparisonRow]:
    """Jämförelse's rows: the agreements in force on `day` in the scope that the user may see.

    The user's kommuner choose the agreements before the store is asked (access.py, failing
    closed), so no other kommun's figure is fetched, cached under their key, or drawn.
    """
    # Every agreement the user may see (a kommunpolis also their LPO's), then the scope's.
    chosen = choose_compared(load_visible_agreements(user), scope, day, lambda _kommun: True)
    return _comparison(str(db_path()), data_version(), tuple(a.id for a in chosen), day)


def load_comparison_chart_spec(
    rows: list[ComparisonRow], day: dt.date, columns: int
) -> dict[str, Any]:
    """The small multiples of progress as the Vega-Lite spec st.altair_chart sends (cached)."""
    ids = tuple(r.agreement.id for r in rows)
    text, datasets = _comparison_chart_spec(str(db_path()), data_version(), ids, day, columns)
    return {**json.loads(text), "datasets": dict(datasets)}


def report_download(
    agreement_id: int, period: ReportPeriod, report_format: ReportFormat, today: dt.date
) -> Callable[[], bytes]:
    """The report's bytes for a download button: built when pressed, from the store as drawn."""
    path, version = str(db_path()), data_version()

    def build() -> bytes:
        return _report(path, version, agreement_id, period, report_format, today)

    return build


def load_account_counts() -> tuple[int, int]:
    """How many users, and how many with a password; (-1, -1) when the store is busy just now."""
    return _account_counts(str(db_path()), data_version())


def load_session(digest: str) -> tuple[UserAccount, dt.datetime] | None:
    """The user of a login session and when it expires (None: no such session)."""
    return _session(str(db_path()), data_version(), digest)


def load_user(email: str) -> UserAccount | None:
    """The user with the e-mail address, if there is one."""
    return _user(str(db_path()), data_version(), email)


def load_users_and_log(log_lines: int) -> tuple[list[UserAccount], list[AuditEntry]]:
    """Every user and the newest `log_lines` lines of the audit log."""
    return _users_and_log(str(db_path()), data_version(), log_lines)


@st.cache_resource(show_spinner=False, max_entries=16)
def _agreements(path: str, version: Version) -> list[StoredAgreement]:
    with store.open_store(path) as con:
        return store.fetch_agreements(con)


@st.cache_resource(show_spinner=False, max_entries=64)
def _visible_agreements(path: str, version: Version, user: UserAccount) -> list[StoredAgreement]:
    return visible_agreements(user, _agreements(path, version))


@st.cache_resource(show_spinner=False, max_entries=256)
def _kommun_agreement(
    path: str, version: Version, kommun: str, on: dt.date
) -> StoredAgreement | None:
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


@st.cache_resource(show_spinner=False, max_entries=32)
def _definition(path: str, version: Version, agreement_id: int) -> AgreementDefinition | None:
    with store.open_store(path) as con:
        return fetch_agreement_definition(con, agreement_id)


@st.cache_resource(show_spinner=False, max_entries=64)
def _meetings(path: str, version: Version, agreement_id: int) -> list[Meeting]:
    with store.open_store(path) as con:
        return fetch_meetings(con, agreement_id)


@st.cache_resource(show_spinner=False, max_entries=128)
def _changes(
    path: str,
    version: Version,
    agreement_id: int,
    since: dt.date,
    until: dt.date,
    upload_id: int | None,
) -> ChangesSince:
    with store.open_store(path) as con:
        agreement = store.fetch_agreement(con, agreement_id)
        if agreement is None:
            return ChangesSince(since=since, until=until)
        return build_changes_since(con, agreement, since, until, since_upload_id=upload_id)


@st.cache_resource(show_spinner=False, max_entries=32)
def _comparison(
    path: str, version: Version, agreement_ids: tuple[int, ...], day: dt.date
) -> list[ComparisonRow]:
    by_id = {a.id: a for a in _agreements(path, version)}
    chosen = [by_id[i] for i in agreement_ids if i in by_id]
    if not chosen:
        return []
    with store.open_store(path) as con:
        figures = fetch_agreement_figures(con, chosen)
        # Only a kommun with goals needs its survey: the values are judged against goals.
        survey = fetch_survey_values_of(
            con, sorted({f.agreement.kommun for f in figures if f.goals})
        )
    return build_comparison_rows(figures, survey, day)


@st.cache_resource(show_spinner=False, max_entries=32)
def _comparison_chart_spec(
    path: str, version: Version, agreement_ids: tuple[int, ...], day: dt.date, columns: int
) -> tuple[str, dict[str, Any]]:
    rows = _comparison(path, version, agreement_ids, day)
    spec = _convert_altair_to_vega_lite_spec(build_comparison_chart(rows, columns=columns))
    datasets = spec.pop("datasets", {})
    return json.dumps(spec), datasets


@st.cache_resource(show_spinner="Rapporten tas fram …", max_entries=16)
def _report(
    path: str,
    version: Version,
    agreement_id: int,
    period: ReportPeriod,
    report_format: ReportFormat,
    today: dt.date,
) -> bytes:
    with store.open_store(path) as con:
        agreement = store.fetch_agreement(con, agreement_id)
        if agreement is None:  # removed since the page was drawn
            return b""
        return build_report(con, agreement, period, report_format, today)


@st.cache_resource(show_spinner=False, max_entries=8)
def _account_counts(path: str, version: Version) -> tuple[int, int]:
    try:
        with store.open_store(path, wait_seconds=2.0) as con:
            return fetch_account_counts(con)
    except store.StoreBusy:
        return -1, -1


# A session's expiry is a time, not a write: the answer is kept a minute at most.
@st.cache_resource(show_spinner=False, max_entries=256, ttl=60)
def _session(path: str, version: Version, digest: str) -> tuple[UserAccount, dt.datetime] | None:
    with store.open_store(path) as con:
        return fetch_session_user(con, digest)


@st.cache_resource(show_spinner=False, max_entries=256, ttl=60)
def _user(path: str, version: Version, email: str) -> UserAccount | None:
    with store.open_store(path) as con:
        return fetch_user(con, email)


@st.cache_resource(show_spinner=False, max_entries=4)
def _users_and_log(
    path: str, version: Version, log_lines: int
) -> tuple[list[UserAccount], list[AuditEntry]]:
    with store.open_store(path) as con:
        return fetch_users(con), fetch_audit_log(con, limit=log_lines)


def load_indicator_chart_spec(
    series: IndicatorSeries, *, compact: bool = False, meeting: bool = False
) -> dict[str, Any]:
    """The indicator's chart (against its first goal) as the Vega-Lite spec st.altair_chart sends.

    Cached by data version and series: Altair validates every part against the Vega-Lite
    schema, once as the chart is built and again as it becomes a spec, which made Trygghet
    och mål take a second of script a click (bench/page_bench.py). The answer is a new dict
    each call, so Streamlit may change it freely.
    """
    text, datasets = _indicator_chart_spec(str(db_path()), data_version(), series, compact, meeting)
    return {**json.loads(text), "datasets": dict(datasets)}


@st.cache_resource(show_spinner=False, max_entries=256)
def _indicator_chart_spec(
    path: str, version: Version, series: IndicatorSeries, compact: bool, meeting: bool = False
) -> tuple[str, dict[str, Any]]:
    """The spec without its data, as JSON (so nobody can change it), and the data (Arrow bytes)."""
    goal = series.goals[0] if series.goals else None
    chart = build_indicator_chart(
        series.values, goal, direction=series.direction, compact=compact, meeting=meeting
    )
    spec = _convert_altair_to_vega_lite_spec(chart)
    datasets = spec.pop("datasets", {})
    return json.dumps(spec), datasets
