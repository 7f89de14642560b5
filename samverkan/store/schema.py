"""Every table of the store, and how a store made by an earlier version is brought up to date.

One version number (`meta.schema_version`) covers everything. open_store calls migrate when a
store's number is older (or missing: a new file), inside one transaction; a restore calls it
after copying an older backup in. Every step is idempotent, so one migrate serves every older
version and a half-made store alike:

- 1: plans, uploads, batches, activity states, surveys, meetings, column choices
- 2: confidential_mark (ej offentlig chosen in the app)
- 3: the tables once made by their first write (app_user, login_session, login_attempt on
  the first user or login; audit_log on the first entry; upload_withdrawal on the first
  withdrawal) are made here, with everything else; import_batch.agreement_id takes NULL
  (stores before surveys had it NOT NULL, lifted at the first survey for a kommun without an
  agreement) and import_batch.withdrawn exists (added at the first withdrawal where missing).
  A store without a user still has no user: the app asks for its first admin as before.
- 4: check-ins (issue 18): the `checkin` table (one row per check-in, its upload and batch
  made like a file's) and app_user's `party` and `lpo` (who may check in what); NULL for
  every user made before.
- 5: owner_address (the owners' e-mail register per kommun) and reminder_sent (what the mail
  server accepted, so the same reminder is not sent twice in a week): _migrate_reminders.
- 6: the order of audit_log and upload_withdrawal is their own column `entry` (from the
  sequence entry_ids) instead of DuckDB's rowid, which PostgreSQL has not; rows of a store
  before get their rowid's order (_migrate_entry_order). meta.store_version (counted up by
  every write: the caches' key on PostgreSQL) is made by every migrate where missing.

The tables are written once for both engines. PostgreSQL gets them through _for_engine: JSON
is kept as text (read back as DuckDB reads it), and text compares and sorts by its bytes
(COLLATE "C"), as in DuckDB, whatever locale the database was made with.
"""

from __future__ import annotations

import re

from samverkan.store.engines import Connection, move_sequence

SCHEMA_VERSION = 6

_SEQUENCES = """
CREATE SEQUENCE IF NOT EXISTS agreement_ids;
CREATE SEQUENCE IF NOT EXISTS focus_area_ids;
CREATE SEQUENCE IF NOT EXISTS goal_ids;
CREATE SEQUENCE IF NOT EXISTS upload_ids;
CREATE SEQUENCE IF NOT EXISTS batch_ids;
CREATE SEQUENCE IF NOT EXISTS meeting_ids;
CREATE SEQUENCE IF NOT EXISTS entry_ids;
"""

_PLANS = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS agreement (
    id INTEGER PRIMARY KEY DEFAULT nextval('agreement_ids'),
    kommun VARCHAR NOT NULL,
    lpo VARCHAR,
    title VARCHAR,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    kind VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS focus_area (
    id INTEGER PRIMARY KEY DEFAULT nextval('focus_area_ids'),
    agreement_id INTEGER NOT NULL,
    number INTEGER,
    name VARCHAR NOT NULL,
    valid_from DATE,
    valid_to DATE
);
CREATE TABLE IF NOT EXISTS goal (
    id INTEGER PRIMARY KEY DEFAULT nextval('goal_ids'),
    agreement_id INTEGER NOT NULL,
    focus_area_id INTEGER,
    kind VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    indicator VARCHAR,
    baseline_year INTEGER,
    baseline_value DOUBLE PRECISION,
    target_value DOUBLE PRECISION,
    target_year INTEGER,
    direction VARCHAR
);
CREATE TABLE IF NOT EXISTS upload (
    id INTEGER PRIMARY KEY DEFAULT nextval('upload_ids'),
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    uploaded_by VARCHAR NOT NULL,
    uploaded_at TIMESTAMP NOT NULL,
    size BIGINT NOT NULL,
    original BYTEA NOT NULL
);
CREATE TABLE IF NOT EXISTS import_batch (
    id INTEGER PRIMARY KEY DEFAULT nextval('batch_ids'),
    upload_id INTEGER NOT NULL,
    agreement_id INTEGER,
    kind VARCHAR NOT NULL,
    rows INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    withdrawn BOOLEAN NOT NULL DEFAULT false
);
CREATE TABLE IF NOT EXISTS activity_state (
    batch_id INTEGER NOT NULL,
    activity_key VARCHAR NOT NULL,
    focus_area VARCHAR,
    title VARCHAR NOT NULL,
    party VARCHAR,
    owner VARCHAR,
    working_group VARCHAR,
    start DATE,
    due DATE,
    due_text VARCHAR,
    done_on DATE,
    followup_due DATE,
    followed_up_on DATE,
    status VARCHAR,
    assessment VARCHAR,
    citizen_promise VARCHAR,
    confidential BOOLEAN NOT NULL,
    comment VARCHAR,
    status_text VARCHAR,
    party_text VARCHAR,
    assessment_text VARCHAR,
    extra JSON,
    sheet VARCHAR NOT NULL,
    "row" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS survey_value (
    kommun VARCHAR NOT NULL,
    area VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    indicator VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    value DOUBLE PRECISION,
    respondents INTEGER,
    source VARCHAR,
    batch_id INTEGER
);
CREATE TABLE IF NOT EXISTS column_mapping (
    kommun VARCHAR NOT NULL,
    header VARCHAR NOT NULL,
    field VARCHAR NOT NULL,
    saved_at TIMESTAMP NOT NULL,
    PRIMARY KEY (kommun, header)
);
CREATE TABLE IF NOT EXISTS confidential_mark (
    agreement_id INTEGER NOT NULL,
    activity_key VARCHAR NOT NULL,
    confidential BOOLEAN NOT NULL,
    set_by VARCHAR NOT NULL,
    set_at TIMESTAMP NOT NULL,
    PRIMARY KEY (agreement_id, activity_key)
);
CREATE TABLE IF NOT EXISTS meeting (
    id INTEGER PRIMARY KEY DEFAULT nextval('meeting_ids'),
    agreement_id INTEGER NOT NULL,
    held_on DATE NOT NULL,
    body VARCHAR NOT NULL,
    note VARCHAR
);
"""

_PEOPLE = """
CREATE TABLE IF NOT EXISTS app_user (
    email VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    kommuner VARCHAR NOT NULL,
    password_hash VARCHAR,
    created_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS login_session (
    token_sha256 VARCHAR PRIMARY KEY,
    email VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS login_attempt (
    attempt_id VARCHAR NOT NULL,
    email VARCHAR NOT NULL,
    attempted_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_log (
    logged_at TIMESTAMP NOT NULL,
    actor VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    kommun VARCHAR,
    detail VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS upload_withdrawal (
    upload_id INTEGER NOT NULL,
    withdrawn BOOLEAN NOT NULL,
    changed_by VARCHAR NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
"""

_REMINDERS = """
CREATE TABLE IF NOT EXISTS owner_address (
    kommun VARCHAR NOT NULL,
    owner VARCHAR NOT NULL,
    email VARCHAR NOT NULL,
    set_by VARCHAR NOT NULL,
    set_at TIMESTAMP NOT NULL,
    PRIMARY KEY (kommun, owner)
);
CREATE TABLE IF NOT EXISTS reminder_sent (
    email VARCHAR NOT NULL,
    kommun VARCHAR NOT NULL,
    content_sha256 VARCHAR NOT NULL,
    sent_at TIMESTAMP NOT NULL,
    sent_by VARCHAR NOT NULL,
    meeting_on DATE
);
"""

# A check-in (store.checkins): the upload and batch it made, the activity, and each field it
# may change before and after (`fields` names those it changed: NULL after may be a cleared
# value). Its batch carries the whole plan, so every page reads it as a version.
_CHECKINS = """
CREATE TABLE IF NOT EXISTS checkin (
    upload_id INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL,
    activity_key VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    fields VARCHAR[] NOT NULL,
    status_before VARCHAR,
    status_after VARCHAR,
    done_on_before DATE,
    done_on_after DATE,
    due_before DATE,
    due_after DATE,
    assessment_before VARCHAR,
    assessment_after VARCHAR,
    comment_before VARCHAR,
    comment_after VARCHAR,
    reason VARCHAR,
    comment VARCHAR,
    checked_in_by VARCHAR NOT NULL,
    checked_in_at TIMESTAMP NOT NULL
);
"""

# What a picture of the store counts (fetch_table_counts): the plans' tables and their kin.
COUNTED_TABLES = (
    "column_mapping",
    "agreement",
    "focus_area",
    "goal",
    "upload",
    "import_batch",
    "activity_state",
    "survey_value",
    "meeting",
    "confidential_mark",
)


# Every table of the store, in the order a copy fills them (store.copying, migrate-store).
TABLES = (
    "meta",
    *COUNTED_TABLES,
    "app_user",
    "login_session",
    "login_attempt",
    "audit_log",
    "upload_withdrawal",
    "checkin",
    "owner_address",
    "reminder_sent",
)
# Every sequence (copying.copy_store moves each where the copied store's stood).
SEQUENCES = (
    "agreement_ids",
    "focus_area_ids",
    "goal_ids",
    "upload_ids",
    "batch_ids",
    "meeting_ids",
    "entry_ids",
)
# Tables whose rows are ordered by `entry` (version 6).
_ENTRY_ORDERED = ("audit_log", "upload_withdrawal")


def needs_migration(con: Connection) -> bool:
    """True for a new store or a store made by an earlier version."""
    if _column_nullable(con, "meta", "value") is None:
        return True  # asked of the catalog: a failed query would end a transaction
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'", []).fetchone()
    return row is None or not str(row[0]).isdigit() or int(row[0]) < SCHEMA_VERSION


def migrate(con: Connection) -> None:
    """Bring the store to SCHEMA_VERSION, inside the caller's transaction (idempotent)."""
    _create(con, _SEQUENCES + _PLANS + _PEOPLE)
    if _column_nullable(con, "import_batch", "withdrawn") is None:
        con.execute("ALTER TABLE import_batch ADD COLUMN withdrawn BOOLEAN DEFAULT false")
    if _column_nullable(con, "import_batch", "agreement_id") is False:
        con.execute("ALTER TABLE import_batch ALTER COLUMN agreement_id DROP NOT NULL")
    _migrate_checkins(con)
    _migrate_reminders(con)
    _migrate_entry_order(con)
    con.execute(
        "INSERT INTO meta VALUES ('schema_version', ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [str(SCHEMA_VERSION)],
    )
    con.execute("INSERT INTO meta VALUES ('store_version', '0') ON CONFLICT (key) DO NOTHING", [])


def _create(con: Connection, script: str) -> None:
    """Run a script of CREATE statements, as the store's engine spells them."""
    con.execute(_for_engine(con, script))


_VARCHAR = re.compile(r"\bVARCHAR\b(?!\[)")


def _for_engine(con: Connection, ddl: str) -> str:
    """The tables as this engine is given them (see the module's docstring)."""
    if con.engine == "duckdb":
        return ddl
    text = _VARCHAR.sub('VARCHAR COLLATE "C"', ddl.replace(" JSON,", " VARCHAR,"))
    return text.replace("VARCHAR[]", 'VARCHAR[] COLLATE "C"')


def _migrate_entry_order(con: Connection) -> None:
    """Version 6 (idempotent): `entry` orders the audit log and the withdrawals."""
    highest = 0
    for table in _ENTRY_ORDERED:  # identifiers from code
        if _column_nullable(con, table, "entry") is None:
            con.execute(f"ALTER TABLE {table} ADD COLUMN entry BIGINT")
            if con.engine == "duckdb":  # only a DuckDB store can have rows from before
                # Numbered 1, 2, … in rowid order (a rowid itself can be 2**55 and more for
                # rows copied in by the same transaction, as a restore does).
                con.execute(
                    f"UPDATE {table} SET entry = ordered.n FROM (SELECT rowid AS r,"
                    f" row_number() OVER (ORDER BY rowid) AS n FROM {table}) ordered"
                    f" WHERE {table}.rowid = ordered.r"
                )
        row = con.execute(f"SELECT max(entry) FROM {table}", []).fetchone()
        highest = max(highest, int(row[0]) if row and row[0] is not None else 0)
    move_sequence(con, "entry_ids", highest)


def _migrate_reminders(con: Connection) -> None:
    """Version 5: the owners' e-mail register and the reminders sent (idempotent)."""
    _create(con, _REMINDERS)


def _migrate_checkins(con: Connection) -> None:
    """Version 4 (idempotent): the checkin table, and each user's party and LPO."""
    _create(con, _CHECKINS)
    for column in ("party", "lpo"):  # identifiers from code
        if _column_nullable(con, "app_user", column) is None:
            con.execute(_for_engine(con, f"ALTER TABLE app_user ADD COLUMN {column} VARCHAR"))


def _column_nullable(con: Connection, table: str, column: str) -> bool | None:
    """Whether the store's column takes NULL; None when it has no such column.

    Only the store's own catalog: a restore has the backup attached, with the same tables.
    """
    row = con.execute(
        "SELECT is_nullable FROM information_schema.columns WHERE table_catalog ="
        " current_database() AND table_schema = current_schema() AND table_name = ?"
        " AND column_name = ?",
        [table, column],
    ).fetchone()
    return None if row is None else row[0] == "YES"


def fetch_table_counts(con: Connection) -> dict[str, int]:
    """Rows per table: a quick picture of the store, for tests and the status line."""
    counts = {}
    for table in COUNTED_TABLES:  # identifiers from the tuple above, never from input
        row = con.execute(f"SELECT count(*) FROM {table}", []).fetchone()
        counts[table] = int(row[0]) if row else 0
    return counts
