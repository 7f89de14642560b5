"""Stores made by earlier versions open with today's code, migrate once, and read the same.

Every earlier version made DuckDB files, so the stores made by them are DuckDB's; a current
store is left as it is in each engine.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from samverkan import store
from samverkan.confidentiality import carry_confidential_marks
from samverkan.models import (
    Activity,
    Agreement,
    AgreementKind,
    ImportReport,
    ParsedAgreement,
    Role,
    SurveyReport,
    SurveyValue,
    Unit,
    UserAccount,
)
from samverkan.store.backup import restore_store
from samverkan.store.rollback import fetch_withdrawals, set_upload_withdrawn
from samverkan.store.schema import SCHEMA_VERSION, needs_migration
from samverkan.store.users import fetch_users, save_user
from tests.conftest import duckdb_only
from tests.fixtures.make_main_store import reads

FIXTURES = Path(__file__).parents[1] / "fixtures"
MAIN_STORE = FIXTURES / "store_main_190f9e0.duckdb.gz"
MAIN_READS = FIXTURES / "store_main_190f9e0.reads.json"
SCHEMA_1 = (FIXTURES / "store_schema_59fd061.sql").read_text("utf-8")
EVERY_TABLE = {
    "meta", "agreement", "focus_area", "goal", "upload", "import_batch", "activity_state",
    "survey_value", "column_mapping", "confidential_mark", "meeting", "app_user",
    "login_session", "login_attempt", "audit_log", "upload_withdrawal", "owner_address",
    "reminder_sent",
}  # fmt: skip
VERSION_5_TABLES = {"owner_address", "reminder_sent"}


@pytest.fixture
def main_store(tmp_path: Path) -> Path:
    """A store made by main's code at 190f9e0 (schema 2; tests/fixtures/make_main_store.py)."""
    path = tmp_path / "main.duckdb"
    path.write_bytes(gzip.decompress(MAIN_STORE.read_bytes()))
    return path


def tables_and_version(path: str | Path) -> tuple[set[str], str]:
    con = duckdb.connect(str(path))
    try:
        tables = {
            str(r[0]) for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        }
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    finally:
        con.close()
    assert row is not None
    return tables, str(row[0])


# Fields the models gained after main made its store, which read as None from it (version 4:
# a user's party and LPO).
NEWER_FIELDS = frozenset({"party", "lpo"})


def without_newer_fields(found: dict[str, Any]) -> dict[str, Any]:
    """What was read, without the users' newer fields that read as None."""

    def user(value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return {k: v for k, v in value.items() if not (k in NEWER_FIELDS and v is None)}

    found["users"] = [user(u) for u in found["users"]]
    session = found["session"]
    if isinstance(session, list) and session:
        found["session"] = [user(session[0]), *session[1:]]
    return found


def batch_agreement_nullable(con: store.Connection) -> str:
    row = con.execute(
        "SELECT is_nullable FROM information_schema.columns"
        " WHERE table_name = 'import_batch' AND column_name = 'agreement_id'"
    ).fetchone()
    assert row is not None
    return str(row[0])


def plan_for(kommun: str, title: str) -> ImportReport:
    agreement = Agreement(
        kommun=kommun,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        kind=AgreementKind.OPERATIVE,
    )
    activity = Activity(activity_key="N1", title=title, sheet="Plan", row=2)
    return ImportReport(
        file_name="ny.xlsx",
        agreements=[ParsedAgreement(agreement=agreement, activities=[activity])],
    )


def test_a_store_made_by_main_is_what_main_made(main_store: Path) -> None:
    tables, version = tables_and_version(main_store)
    assert version == "2"
    # main made the last five on their first write; version 5's came after it
    assert tables == EVERY_TABLE - VERSION_5_TABLES


def test_a_store_made_by_main_opens_migrated_and_reads_as_main_read_it(main_store: Path) -> None:
    found = json.loads(json.dumps(reads(main_store), ensure_ascii=False, default=str))
    assert without_newer_fields(found) == json.loads(MAIN_READS.read_text("utf-8"))
    tables, version = tables_and_version(main_store)
    assert (tables, version) == (EVERY_TABLE | {"checkin"}, str(SCHEMA_VERSION))


def test_a_store_made_by_main_takes_new_writes(main_store: Path) -> None:
    with store.open_store(main_store) as con:
        summary = store.save_import(
            con, plan_for("Eslöv", "Ny insats"), b"ny", uploaded_by="t",
            carry_marks=carry_confidential_marks,
        )  # fmt: skip
        assert [b.id for b in summary.batches] == [5]  # ids go on where main left them
        assert set_upload_withdrawn(con, summary.upload_id, True, changed_by="t")
        assert summary.upload_id in fetch_withdrawals(con)
        save_user(con, UserAccount(email="ny@lund.se", name="Ny", role=Role.READER))
        assert [u.email for u in fetch_users(con)] == [
            "anna@eslov.se", "bo@kavlinge.se", "ny@lund.se",
        ]  # fmt: skip


@pytest.mark.parametrize(
    ("schema", "what"),
    [
        (SCHEMA_1, "schema 1 as 59fd061 made it (before surveys)"),
        (
            SCHEMA_1.replace("    withdrawn BOOLEAN NOT NULL DEFAULT false\n", "").replace(
                "    warnings INTEGER NOT NULL,", "    warnings INTEGER NOT NULL"
            ),
            "an import_batch without the withdrawn flag",
        ),
    ],
    ids=["schema-1", "no-withdrawn-flag"],
)
def test_an_older_store_migrates_once(tmp_path: Path, schema: str, what: str) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute(schema)
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.close()
    with store.open_store(path) as con:
        assert not needs_migration(con), what
        assert batch_agreement_nullable(con) == "YES"
        # A survey of a kommun without an agreement: once refused by NOT NULL.
        value = SurveyValue(
            kommun="Lund", area="Lund", year=2024, indicator="Totalindex", unit=Unit.INDEX_0_6,
            value=1.5,
        )  # fmt: skip
        summary = store.save_survey(con, SurveyReport(file_name="s.csv", values=[value]), b"s", "t")
        assert [(b.agreement_id, b.withdrawn) for b in summary.batches] == [(None, False)]
        assert set_upload_withdrawn(con, summary.upload_id, True, changed_by="t")
        assert store.fetch_survey_kommuner(con) == []
    assert tables_and_version(path) == (EVERY_TABLE | {"checkin"}, str(SCHEMA_VERSION))


def test_a_current_store_is_not_migrated_again(empty_store: str) -> None:
    with store.open_store(empty_store) as con:
        assert not needs_migration(con)
        # A newer store's number is never lowered.
        con.execute(
            "UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)]
        )
        assert not needs_migration(con)


@duckdb_only  # main's store is a DuckDB file, read back with DuckDB itself
def test_restoring_a_backup_made_by_main_migrates_it(main_store: Path, empty_store: str) -> None:
    restore_store(main_store, empty_store)
    tables, version = tables_and_version(empty_store)
    assert (tables, version) == (EVERY_TABLE | {"checkin"}, str(SCHEMA_VERSION))
    with store.open_store(empty_store) as con:
        assert [a.kommun for a in store.fetch_agreements(con)] == ["Eslöv", "Kävlinge"]
        assert batch_agreement_nullable(con) == "YES"
