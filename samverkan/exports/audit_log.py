"""The audit log and the users as files for an admin: CSV (Excel's Swedish dialect) and xlsx.

Every user text stays text: in the xlsx each is a string cell (never a formula, value
unchanged, quotePrefix where it starts like one); in the CSV a value starting with =, +, -, @,
tab or CR gets a leading apostrophe, so a spreadsheet does not run it (our own import takes the
apostrophe off again). Both are excel/safe_cells.py's.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from samverkan.access import ROLE_LABELS
from samverkan.excel.safe_cells import neutralise_csv_value, put_cell
from samverkan.models import AuditEntry, UserAccount
from samverkan.swedish import format_timestamp

LOG_HEADERS = ("Tid", "Vem", "Vad", "Kommun", "Beskrivning")
USER_HEADERS = ("E-post", "Namn", "Roll", "Kommuner", "Part", "Lokalt konto", "Skapad")


def audit_log_rows(entries: list[AuditEntry]) -> list[tuple[str, ...]]:
    """The log as text rows, newest first, times as 2026-12-02 16:40."""
    return [
        (
            format_timestamp(e.at),
            e.actor,
            e.action.value,
            e.kommun or "",
            e.detail,
        )
        for e in entries
    ]


def user_rows(users: list[UserAccount]) -> list[tuple[str, ...]]:
    """The users as text rows."""
    return [
        (
            u.email,
            u.name,
            ROLE_LABELS[u.role],
            ", ".join(u.kommuner),
            party_text(u),
            "ja" if u.has_password else "nej",
            format_timestamp(u.created_at),
        )
        for u in users
    ]


def party_text(user: UserAccount) -> str:
    """'Polis, LPO Kävlinge': whose commitments the user may check in; '' for no party."""
    if user.party is None:
        return ""
    return user.party.value + (f", LPO {user.lpo}" if user.lpo else "")


def audit_log_csv(entries: list[AuditEntry]) -> bytes:
    """The log as CSV the way Swedish Excel opens it: `;`, UTF-8 with BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(LOG_HEADERS)
    for row in audit_log_rows(entries):
        writer.writerow([neutralise_csv_value(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def audit_log_xlsx(entries: list[AuditEntry], users: list[UserAccount]) -> bytes:
    """Two sheets, Logg and Användare, every cell a text cell."""
    workbook = openpyxl.Workbook()
    log = workbook.active
    assert log is not None
    log.title = "Logg"
    _write_sheet(log, LOG_HEADERS, audit_log_rows(entries))
    _write_sheet(workbook.create_sheet("Användare"), USER_HEADERS, user_rows(users))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_file_name(kind: str, day: dt.date | None = None) -> str:
    """'samverkan-logg-2026-12-02.csv'."""
    return f"samverkan-logg-{(day or dt.date.today()).isoformat()}.{kind}"


def _write_sheet(ws: Worksheet, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    for column, header in enumerate(headers, start=1):
        put_cell(ws, 1, column, header)
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            put_cell(ws, row_number, column, value)
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCDEF", (18, 28, 22, 18, 60, 18), strict=False):
        ws.column_dimensions[letter].width = width
