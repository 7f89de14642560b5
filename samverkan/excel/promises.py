"""Citizen promises (medborgarlöften): a sheet listing them marks the plan's activities.

Its rows add no activities of their own: each names an activity of the plan (by ID where
the sheet has one, else by title), and that activity carries the promise's text.
"""

from __future__ import annotations

from samverkan.excel.columns import column_letter
from samverkan.excel.locate import TableLayout, normalize_header
from samverkan.excel.parse import cell_text
from samverkan.excel.read import SheetValues
from samverkan.models import Activity, ImportIssue, Severity


def is_promise_sheet(sheet: SheetValues, layout: TableLayout) -> bool:
    """A sheet listing citizen promises: a promise column, and named so or without due dates."""
    if not layout.has("citizen_promise"):
        return False
    return "lofte" in normalize_header(sheet.name) or not layout.has("due")


def mark_citizen_promises(
    sheet: SheetValues, layout: TableLayout, activities: list[Activity]
) -> tuple[list[Activity], list[ImportIssue]]:
    """The activities with their promise set, and a warning for each promise row not matched."""
    by_title = {normalize_header(a.title): i for i, a in enumerate(activities)}
    by_key = {a.activity_key: i for i, a in enumerate(activities)}
    marked = list(activities)
    issues = []
    columns = {n: layout.column_of(n) for n in ("citizen_promise", "title", "activity_key")}
    last_promise: str | None = None
    for index in range(layout.header_row, len(sheet.rows)):
        row = sheet.rows[index]
        cells = {
            name: cell_text(row[c]) if c is not None and c < len(row) else None
            for name, c in columns.items()
        }
        # A promise written once above the activities that keep it counts for each of them.
        last_promise = cells["citizen_promise"] or last_promise
        title, key = cells["title"], cells["activity_key"]
        if title is None and key is None:
            continue
        target = by_key.get(key) if key else None
        if target is None and title:
            target = by_title.get(normalize_header(title))
        if target is None:
            title_column = columns["title"]
            issues.append(
                ImportIssue(
                    severity=Severity.WARNING,
                    message=f'Medborgarlöftets aktivitet "{title or key}" finns inte i planen '
                    "och kopplades inte.",
                    sheet=sheet.name,
                    row=index + 1,
                    column=column_letter(title_column) if title_column is not None else None,
                )
            )
            continue
        marked[target] = marked[target].model_copy(update={"citizen_promise": last_promise})
    return marked, issues
