"""The personal-data screen: an activity plan must never hold a personnummer.

Every cell of every sheet (hidden ones too) and every comment is screened before anything
else is read; a CSV's one sheet and an .ods's sheets come here the same way, and so do survey
files. A certain hit refuses the file naming the cell. Two kinds only warn, naming the cell:
a number written like a personnummer whose check digit is wrong (a typo in a person's number
is still theirs, but it may also be a case number, so the coordinator decides), and ten
digits without a separator (they may be a phone number).
"""

from __future__ import annotations

import re

from samverkan.excel.columns import column_letter
from samverkan.excel.read import CellComment, SheetValues
from samverkan.models import ImportIssue, Severity
from samverkan.privacy import PersonalNumber, find_personal_numbers, find_personal_numbers_in_value

# A cheap first pass: a row can only hold a personnummer if it has six digits in a run.
_SIX_DIGITS = re.compile(r"\d{6}")


def screen_personal_data(
    sheets: list[SheetValues], comments: list[CellComment]
) -> list[ImportIssue]:
    """Errors for personnummer and samordningsnummer, warnings for possible ones, per cell."""
    issues = []
    for sheet in sheets:
        # One pass over the sheet's texts and long numbers first: most have no six-digit run.
        # Dates are left out here: an Excel date cell cannot hold a personnummer.
        candidates = [
            v if v.__class__ is str else repr(v)
            for row in sheet.rows
            for v in row
            if v.__class__ is str or (v.__class__ in (int, float) and abs(v) >= 1e8)
        ]
        if not _SIX_DIGITS.search("\n".join(candidates)):
            continue
        for row_index, row in enumerate(sheet.rows):
            if not _SIX_DIGITS.search("\t".join(_as_text(v) for v in row if v not in ("", None))):
                continue
            for column, value in enumerate(row):
                hits = find_personal_numbers_in_value(value)
                if hits:
                    issues.append(_issue(hits, sheet.name, row_index + 1, column_letter(column)))
    screened_text: str | None = None
    for comment in comments:
        hits = find_personal_numbers(comment.text)
        if hits and comment.where:
            # Text of the file that is not read (word.unread_texts): only a certain number
            # refuses it, and only one not already found in a cell or comment above.
            if screened_text is None:
                screened_text = _all_text(sheets, comments)
            refused = [h for h in hits if h.is_refused and h.text not in screened_text]
            if refused:
                issues.append(_unread_issue(refused[0], comment))
            continue
        if hits:
            match = re.match(r"([A-Z]+)(\d+)", comment.cell)
            where_row = int(match.group(2)) if match else None
            where_column = match.group(1) if match else None
            issue = _issue(hits, comment.sheet, where_row, where_column)
            issues.append(issue.model_copy(update={"message": "I en kommentar: " + issue.message}))
    return issues


def _all_text(sheets: list[SheetValues], comments: list[CellComment]) -> str:
    """The cells' texts and the comments', to tell a number already found in them."""
    cells = (_as_text(v) for sheet in sheets for row in sheet.rows for v in row if v)
    return "\n".join([*cells, *(c.text for c in comments if not c.where)])


def _unread_issue(hit: PersonalNumber, text: CellComment) -> ImportIssue:
    if not text.sheet:  # a workbook's text box, chart, page header or footer, properties
        return ImportIssue(
            severity=Severity.ERROR,
            message=(
                f"Arbetsbokens {text.where} innehåller ett {hit.kind}. Den texten läses inte "
                "in i planen, men filen sparas som den laddades upp: ta bort numret ur "
                "arbetsboken och ladda upp filen igen. Inget har sparats."
            ),
        )
    return ImportIssue(
        severity=Severity.ERROR,
        sheet=text.sheet,
        message=(
            f"Word-dokumentets {text.where} innehåller ett {hit.kind}. Den texten läses inte "
            "in i planen, men filen sparas som den laddades upp: ta bort numret ur "
            "dokumentet (spårade ändringar: Granska → Acceptera alla ändringar) och ladda upp "
            "filen igen. Inget har sparats."
        ),
    )


def _as_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _issue(
    hits: list[PersonalNumber], sheet: str, row: int | None, column: str | None
) -> ImportIssue:
    certain = [h for h in hits if h.is_refused]
    if certain:
        return ImportIssue(
            severity=Severity.ERROR,
            sheet=sheet,
            row=row,
            column=column,
            message=(
                f"Cellen innehåller ett {certain[0].kind}. En aktivitetsplan får inte innehålla "
                "personuppgifter om enskilda: ta bort numret och ladda upp filen igen. "
                "Inget har sparats."
            ),
        )
    if any(h.is_certain for h in hits):
        return ImportIssue(
            severity=Severity.WARNING,
            sheet=sheet,
            row=row,
            column=column,
            message=(
                "Cellen innehåller något som är skrivet som ett personnummer (ett datum och fyra "
                "siffror) men vars kontrollsiffra inte stämmer. Är det ett felskrivet "
                "personnummer är det ändå en personuppgift: ta bort det ur filen."
            ),
        )
    return ImportIssue(
        severity=Severity.WARNING,
        sheet=sheet,
        row=row,
        column=column,
        message=(
            "Cellen innehåller tio siffror som kan vara ett personnummer (eller ett "
            "telefonnummer). Kontrollera att inga personuppgifter finns i planen."
        ),
    )
