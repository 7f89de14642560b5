"""OpenDocument spreadsheets (.ods): comments and cell background colours from content.xml.

Values come from calamine like any workbook; this walks the XML once, counting repeated
rows and columns (LibreOffice writes a million trailing empty rows as one repeated row)
rather than expanding them. A coloured cell repeated across columns stays one run, taken
apart only for the columns a reader asks for: 2,000 coloured cells repeated 10,000 times
each took 2.8 GB as one entry per cell. Parsed with defusedxml, so entity tricks are refused.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from defusedxml import ElementTree as SafeET

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"


@dataclass(frozen=True)
class FillRun:
    """`count` cells of one row, from `column` (0-based) rightwards, filled with `colour`."""

    row: int
    column: int
    count: int
    colour: str


@dataclass
class OdsDetails:
    """What calamine does not give: per sheet, comments and solid background colours."""

    comments: list[tuple[str, int, int, str]] = field(default_factory=list)
    fills: dict[str, list[FillRun]] = field(default_factory=dict)

    def fills_in(self, sheet: str, columns: set[int]) -> dict[tuple[int, int], str]:
        """The colours of the given columns: {(excel_row, column): 'FFRRGGBB'}."""
        return {
            (run.row, column): run.colour
            for run in self.fills.get(sheet, [])
            for column in columns
            if run.column <= column < run.column + run.count
        }


def read_ods_details(data: bytes) -> OdsDetails:
    """Walk content.xml once for comments (sheet, row, column, text) and cell colours."""
    content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml")
    details = OdsDetails()
    backgrounds: dict[str, str] = {}
    sheet = ""
    row = 0
    column = 0
    for event, element in SafeET.iterparse(io.BytesIO(content), events=("start", "end")):
        tag = element.tag
        if event == "start":
            if tag == f"{_TABLE}table":
                sheet, row = element.get(f"{_TABLE}name", ""), 0
                details.fills.setdefault(sheet, [])
            elif tag == f"{_TABLE}table-row":
                column = 0
            continue
        if tag == f"{_STYLE}style":
            props = element.find(f"{_STYLE}table-cell-properties")
            colour = props.get(f"{_FO}background-color") if props is not None else None
            if colour and colour.startswith("#") and len(colour) == 7:
                backgrounds[element.get(f"{_STYLE}name", "")] = "FF" + colour[1:].upper()
        elif tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
            repeat = int(element.get(f"{_TABLE}number-columns-repeated", "1") or 1)
            colour = backgrounds.get(element.get(f"{_TABLE}style-name", ""))
            annotation = element.find(f"{_OFFICE}annotation")
            if annotation is not None:
                text = " ".join(t.strip() for t in annotation.itertext() if t.strip())
                details.comments.append((sheet, row + 1, column, text))
            if colour:
                details.fills[sheet].append(FillRun(row + 1, column, repeat, colour))
            column += repeat
            element.clear()
        elif tag == f"{_TABLE}table-row":
            row += int(element.get(f"{_TABLE}number-rows-repeated", "1") or 1)
            element.clear()
    return details
