"""Which kommun a survey row belongs to: its Kommun cell, else --kommun, else the sheet's title.

A Kommun or municipality cell may hold a name ("Eslöv", "Eslövs kommun"), a kommunkod as
Kolada writes it ("1285", "180" when Excel dropped the zero, "1285 Eslöv"), or a comparison
figure (Kolada's "0000", "Riket", "Skåne län"), which is left out with one warning per name.
"""

from __future__ import annotations

from typing import Any

from samverkan.excel.columns import column_letter
from samverkan.excel.locate import normalize_header
from samverkan.excel.parse import cell_text
from samverkan.kommuner import canonical_kommun, is_aggregate_code, kommun_from_code
from samverkan.models import ImportIssue, IssueCode, Severity
from samverkan.swedish import format_count

# Figures for comparison that a Kolada export or a survey table may hold beside the kommun.
_AGGREGATE_WORDS = (
    "riket",
    "sverige",
    "lan",
    "region",
    "lpo",
    "lokalpolisomrade",
    "polisomrade",
    "polisregion",
    "alla kommuner",
    "samtliga kommuner",
    "kommungrupp",
    "medel",
    "genomsnitt",
)


class KommunResolver:
    """Resolves each written kommun once; its findings go to the reader's issues."""

    def __init__(self, option: str | None, issues: list[ImportIssue]) -> None:
        self.option = option
        self.issues = issues
        self.known: dict[str, str | None] = {}
        self.aggregate_rows: dict[str, int] = {}
        self.missing_told = False

    def resolve(
        self, written: Any, title_kommun: str | None, sheet: str, row: int, column: int | None
    ) -> str | None:
        """The row's kommun; None for a comparison figure or what names no kommun (an error)."""
        text = cell_text(written)
        if text is None:
            return self._fallback(title_kommun, sheet, row)
        if text not in self.known:
            self.known[text] = self._of_text(text, sheet, row, column)
        if text in self.aggregate_rows:
            self.aggregate_rows[text] += 1
        return self.known[text]

    def report_skipped(self) -> None:
        """One warning per comparison figure that was left out."""
        for text, rows in self.aggregate_rows.items():
            self.issues.append(
                ImportIssue(
                    severity=Severity.WARNING,
                    message=f'Raderna för "{text}" är jämförelsetal, ingen kommun, och lästes '
                    f"inte ({format_count(rows, 'rad', 'rader')}).",
                )
            )

    def _error(self, message: str, sheet: str, row: int, column: int | None) -> None:
        letter = column_letter(column) if column is not None else None
        self.issues.append(
            ImportIssue(
                severity=Severity.ERROR, message=message, sheet=sheet, row=row, column=letter
            )
        )

    def _of_text(self, text: str, sheet: str, row: int, column: int | None) -> str | None:
        code, _, rest = text.partition(" ")
        if code.isdigit():
            if is_aggregate_code(code):
                self.aggregate_rows[text] = 0
                return None
            found = kommun_from_code(code)
            if found is not None:
                return found
            if not rest:
                message = f'Kommunkoden "{text}" finns inte; skriv kommunens namn, t.ex. "Eslöv".'
                self._error(message, sheet, row, column)
                return None
            text = rest
        kommun = canonical_kommun(text)
        if kommun is not None:
            return kommun
        key = normalize_header(text)
        if any(word in key.split() or key.startswith(word) for word in _AGGREGATE_WORDS):
            self.aggregate_rows[text] = 0
            return None
        message = f'"{text}" är ingen svensk kommun. Skriv kommunens namn, t.ex. "Eslöv".'
        self._error(message, sheet, row, column)
        return None

    def _fallback(self, title_kommun: str | None, sheet: str, row: int) -> str | None:
        """The kommun from --kommun, else from the sheet's title; an error when neither tells."""
        if self.option:
            if self.option not in self.known:
                kommun = canonical_kommun(self.option)
                self.known[self.option] = kommun
                if kommun is None:
                    self.issues.append(
                        ImportIssue(
                            severity=Severity.ERROR,
                            message=f'"{self.option}" är ingen svensk kommun. Skriv kommunens '
                            'namn, t.ex. "Eslöv".',
                            code=IssueCode.KOMMUN_UNKNOWN,
                        )
                    )
            return self.known[self.option]
        if title_kommun is not None:
            return title_kommun
        if not self.missing_told:
            self.missing_told = True
            self.issues.append(
                ImportIssue(
                    severity=Severity.ERROR,
                    message=(
                        "Filen säger inte vilken kommun mätvärdena gäller (ingen kolumn Kommun "
                        'och ingen rubrik som "… Eslövs kommun"). Ange kommunen vid '
                        "uppladdningen (på kommandoraden: --kommun NAMN)."
                    ),
                    sheet=sheet,
                    row=row,
                    code=IssueCode.KOMMUN_MISSING,
                )
            )
        return None
