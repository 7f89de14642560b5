"""The store: the only package that speaks SQL or imports duckdb.

Parts (one module per concern; this file only names the public API):
- connection: open_store (open, migrate, work, close; waits for a busy file), transaction
  (the one way to write), set-based inserts, resolve_db_path, store_version
- postgres: connections to a PostgreSQL store's server (lent again), its version read
- engines: the two engines (DuckDB, PostgreSQL) behind one Connection, and the few statements
  that differ between them side by side
- copying: a whole store into another (migrate-store; a PostgreSQL store's backups), and
  table_rows to compare two stores
- files: the store's files and folder are the owner's alone
- schema: every table and every migration, under one version number
- plans: save_import (a whole file in one transaction, set-based) and the activities read back
- uploads: uploads and their batches; agreements: agreements and focus areas (and the editor's
  definition); goals: goals and the one rule linking a goal to its focus area
- surveys: the safety survey; column_mapping: column choices remembered per kommun
- confidential, meetings, users, audit, rollback, backup: imported by name where needed
  (`from samverkan.store.users import save_user`)

Callers write `from samverkan import store; store.open_store(...)`; the names below are that
API (tests/store/test_package.py keeps it so).
"""

from __future__ import annotations

from samverkan.store.agreements import fetch_agreement, fetch_agreements, fetch_focus_areas
from samverkan.store.column_mapping import (
    fetch_column_mapping,
    fetch_column_mappings,
    save_column_mapping,
    save_column_mappings,
)
from samverkan.store.connection import (
    BUSY_MESSAGE,
    DEFAULT_DB_PATH,
    Connection,
    Location,
    StoreBusy,
    Version,
    describe_store,
    is_postgres,
    one_at_a_time,
    open_store,
    resolve_db_path,
    resolve_store,
    store_exists,
    store_version,
    transaction,
)
from samverkan.store.copying import StoreNotEmpty, copy_store, differing_tables, table_rows
from samverkan.store.files import (
    PRIVATE_FILE_MODE,
    PRIVATE_FOLDER_MODE,
    make_private,
    private_files,
)
from samverkan.store.goals import fetch_goals
from samverkan.store.plans import (
    CarryMarks,
    fetch_batch_activities,
    fetch_current_activities,
    save_import,
)
from samverkan.store.schema import SCHEMA_VERSION, fetch_table_counts
from samverkan.store.surveys import (
    fetch_survey_batches,
    fetch_survey_kommuner,
    fetch_survey_values,
    save_survey,
)
from samverkan.store.uploads import (
    fetch_agreement_batches,
    fetch_batches,
    fetch_current_batch_id,
    fetch_current_upload,
    fetch_upload_kommuner,
    fetch_upload_original,
    fetch_uploads,
)

__all__ = [
    "BUSY_MESSAGE",
    "DEFAULT_DB_PATH",
    "PRIVATE_FILE_MODE",
    "PRIVATE_FOLDER_MODE",
    "SCHEMA_VERSION",
    "CarryMarks",
    "Connection",
    "Location",
    "StoreBusy",
    "StoreNotEmpty",
    "Version",
    "copy_store",
    "describe_store",
    "differing_tables",
    "fetch_agreement",
    "fetch_agreement_batches",
    "fetch_agreements",
    "fetch_batch_activities",
    "fetch_batches",
    "fetch_column_mapping",
    "fetch_column_mappings",
    "fetch_current_activities",
    "fetch_current_batch_id",
    "fetch_current_upload",
    "fetch_focus_areas",
    "fetch_goals",
    "fetch_survey_batches",
    "fetch_survey_kommuner",
    "fetch_survey_values",
    "fetch_table_counts",
    "fetch_upload_kommuner",
    "fetch_upload_original",
    "fetch_uploads",
    "is_postgres",
    "make_private",
    "one_at_a_time",
    "open_store",
    "private_files",
    "resolve_db_path",
    "resolve_store",
    "save_column_mapping",
    "save_column_mappings",
    "save_import",
    "save_survey",
    "store_exists",
    "store_version",
    "table_rows",
    "transaction",
]
