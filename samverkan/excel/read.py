"""Reading a guarded workbook: values with python-calamine, fills and comments from the XML.

- read_values: every sheet's cell values from A1, with its visibility (calamine, fast).
- read_comments: the cell comments (legacy and threaded), for the personal-data check.
- read_screened_texts: the comments, and a .docx's or a workbook's text that is not read
  (text boxes, charts, page headers and footers, properties), for that check.
- read_fills: the solid fill colour of chosen columns' cells, as ARGB hex.

Fills are read straight from the sheet XML with a pattern over the raw bytes, only for the
columns that need them, and only when the workbook has any solid fill at all: a full
openpyxl load of a sheet formatted down to row 1,048,576 took 20 s and 1 GB here, and even
openpyxl's read-only mode parses every cell. All XML that is parsed as a tree goes through
defusedxml, so entity tricks are refused rather than expanded.

Why one module: each reader answers for every format (xlsx, .ods, CSV, .docx) from one
guarded file, so what one format can hold is decided in one place for all of them.
"""

from __future__ import annotations

import colorsys
import csv
import functools
import html
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element

import python_calamine
from defusedxml import ElementTree as SafeET

from samverkan.excel.columns import column_index, column_letter
from samverkan.excel.guard import FileKind, RefusedFile, decode_csv
from samverkan.excel.ods import OdsDetails, read_ods_details
from samverkan.excel.word import (
    OUTSIDE_TABLES,
    read_word,
    word_bold_cells,
    word_fills,
    word_has_fills,
)

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_NS_DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_NS_THREADED = "{http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments}"

# Excel's theme colour index order puts the light/dark pairs first, swapped.
_THEME_ORDER = ("lt1", "dk1", "lt2", "dk2", *(f"accent{i}" for i in range(1, 7)), "hlink")
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


@dataclass(frozen=True)
class SheetValues:
    """One sheet's values; rows[0] is Excel row 1 and rows[r][0] column A."""

    name: str
    rows: list[list[Any]]
    is_hidden: bool


@dataclass(frozen=True)
class CellComment:
    """A comment on a cell."""

    sheet: str
    cell: str
    text: str
    # Not a comment but other text of the file that is not read (a .docx's prose, deleted
    # text, headers and footers), and where it is, in Swedish: screened all the same.
    where: str = ""


def read_values(
    data: bytes, kind: FileKind = FileKind.XLSX, name: str = "CSV"
) -> list[SheetValues]:
    """Read every sheet's values from A1, or raise RefusedFile when the workbook is unreadable."""
    if kind is FileKind.CSV:
        return [SheetValues(name=name, rows=read_csv_rows(data), is_hidden=False)]
    if kind is FileKind.DOCX:  # each table of the document a sheet (word.py)
        return [SheetValues(t.name, t.rows, is_hidden=False) for t in read_word(data).tables]
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in workbook.sheets_metadata:
            if str(meta.typ) != "SheetTypeEnum.WorkSheet":
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            rows = _rows_from_a1(sheet)
            _fill_down_merged(rows, sheet.merged_cell_ranges or [])
            hidden = str(meta.visible) != "SheetVisibleEnum.Visible"
            sheets.append(SheetValues(name=meta.name, rows=rows, is_hidden=hidden))
        workbook.close()
    except python_calamine.PasswordError as exc:
        raise RefusedFile(
            "Arbetsboken är lösenordsskyddad. Ta bort lösenordet i Excel och ladda upp den igen."
        ) from exc
    except (python_calamine.CalamineError, ValueError, OSError) as exc:
        raise RefusedFile(
            "Arbetsboken går inte att läsa (innehållet är skadat eller inte Excel). "
            "Öppna den i Excel, spara på nytt som .xlsx och ladda upp den igen."
        ) from exc
    return sheets


def _rows_from_a1(sheet: python_calamine.CalamineSheet) -> list[list[Any]]:
    """The sheet's rows from A1, the empty area above and left of its values kept small.

    calamine holds only the rectangle from the first to the last value; asked for rows from
    A1 it would fill the empty area above and left of that with empty cells too. Rows above
    are empty lists and columns left are a short prefix, so a lone value far down or far
    right costs a list per row, not a cell per row and column (a reader takes a short row as
    empty to its right).
    """
    rows: list[list[Any]] = sheet.to_python(skip_empty_area=True)
    if not rows:
        return rows
    top, left = sheet.start or (0, 0)
    if left:
        rows = [[""] * left + row for row in rows]
    return [[] for _ in range(top)] + rows if top else rows


def _fill_down_merged(rows: list[list[Any]], ranges: list[Any]) -> None:
    """A cell merged down over several rows (a focus area beside its activities) counts on each.

    Only downwards, in the merge's first column: a title merged across columns stays one cell.
    """
    for (top, left), (bottom, _right) in ranges:
        if bottom <= top or top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for index in range(top + 1, min(bottom, len(rows) - 1) + 1):
            row = rows[index]
            if left < len(row) and row[left] in ("", None):
                row[left] = value


class _Package:
    """The parts of an xlsx zip and the paths of its sheets, found through the relationships."""

    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.names = set(self.zip.namelist())
        self.sheet_parts = self._find_sheet_parts()

    def xml(self, part: str) -> Element | None:
        if part not in self.names:
            return None
        try:
            root: Element = SafeET.fromstring(self.zip.read(part))
        except Exception as exc:  # defusedxml raises its own types for entity tricks
            raise RefusedFile(
                f"Arbetsboken innehåller otillåten eller skadad XML ({part}). Den läses inte."
            ) from exc
        return root

    def relations(self, part: str) -> dict[str, str]:
        folder, name = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", name + ".rels"))
        if root is None:
            return {}
        found = {}
        for rel in root.iter(f"{_NS_PKG_REL}Relationship"):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found[rel.get("Id", "")] = posixpath.normpath(path)
        return found

    def _find_sheet_parts(self) -> dict[str, str]:
        root = self.xml("xl/workbook.xml")
        if root is None:
            return {}
        rels = self.relations("xl/workbook.xml")
        parts = {}
        for sheet in root.iter(f"{_NS_MAIN}sheet"):
            target = rels.get(sheet.get(f"{_NS_REL}id", ""))
            if target:
                parts[sheet.get("name", "")] = target
        return parts


def read_csv_rows(data: bytes) -> list[list[Any]]:
    """Rows of a CSV as Excel exports it: ; or , or tab, UTF-8 (BOM or not) or Windows-1252.

    Values stay text (decimal commas and dates are parsed later like any cell); an apostrophe
    that an export put before = + - @ to keep it from becoming a formula is taken off again.
    """
    text = decode_csv(data)
    if text is None:
        raise RefusedFile("CSV-filen går inte att läsa som text (UTF-8 eller Windows-1252).")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    # A cell may be as long as the file (the guard bounds it); csv's default stops at 128 kB.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    rows = []
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        rows.append([_unescape_formula(v) for v in row])
    return rows


def _unescape_formula(value: str) -> str:
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value


def read_screened_texts(data: bytes, kind: FileKind = FileKind.XLSX) -> list[CellComment]:
    """Every comment, and for a .docx or a workbook every other text of the file that is not
    read (with `where` set): what the personal-data screen looks at besides the cells."""
    comments = read_comments(data, kind)
    if kind in (FileKind.XLSX, FileKind.XLSM, FileKind.ODS):
        package = _Package(data)
        read = unread_ods_texts if kind is FileKind.ODS else unread_workbook_texts
        return comments + [CellComment("", "", text, where) for where, text in read(package)]
    if kind is not FileKind.DOCX:
        return comments
    unread = read_word(data).unread
    return comments + [CellComment(OUTSIDE_TABLES, "", text, where) for where, text in unread]


# A workbook's text that is neither a cell nor a comment, by where Excel keeps it, in Swedish.
# The original file is stored as uploaded (Historik hands it out), so it is screened too.
_UNREAD_WORKBOOK_PARTS = (
    ("xl/drawings/", "textrutor och former"),
    ("xl/charts/", "diagram"),
    ("docprops/", "dokumentegenskaper"),
    ("customxml/", "anpassade XML-data"),
)
_CELL_PARTS = frozenset({"xl/sharedstrings.xml", "[content_types].xml"})
_HEADER_FOOTER = re.compile(
    rb"<(?:[\w.-]+:)?headerFooter\b.*?</(?:[\w.-]+:)?headerFooter>", re.DOTALL
)
_TAG = re.compile(r"<[^>]*>")


def unread_workbook_texts(package: _Package) -> list[tuple[str, str]]:
    """(where, text) for each text box, shape, chart text, document property, page header or
    footer and every other XML part of the workbook (custom XML data, a part nothing links):
    none of them is a value, but each is in the stored file. The cells (the sheets and their
    shared strings) are read as values, and screened as such."""
    found: list[tuple[str, str]] = []
    for name in sorted(package.names):
        lowered = name.casefold()
        if not lowered.endswith(".xml") or lowered in _CELL_PARTS:
            continue
        if lowered.startswith("xl/worksheets/"):
            for match in _HEADER_FOOTER.finditer(package.zip.read(name)):
                text = _TAG.sub(" ", match.group().decode("utf-8", "replace"))
                found.append(("sidhuvud eller sidfot", html.unescape(text)))
            continue
        where = next(
            (w for prefix, w in _UNREAD_WORKBOOK_PARTS if lowered.startswith(prefix)), name
        )
        root = package.xml(name)
        found += [(where, text) for text in _texts(root)] if root is not None else []
    return found


_ODS_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_ODS_PARAGRAPHS = frozenset({f"{_ODS_TEXT}p", f"{_ODS_TEXT}h"})
# An .ods's charts ("Object 1/content.xml": titles typed in the chart), page headers and
# footers (styles.xml) and properties (meta.xml): text calamine does not read.
_ODS_UNREAD = re.compile(
    r"^(?:\./)?(?:(?P<chart>Object \d+/.*)|(?P<styles>styles)|(?P<meta>meta))\.xml$"
)


def unread_ods_texts(package: _Package) -> list[tuple[str, str]]:
    """(where, text) for each paragraph of an .ods's charts, page headers and footers, and
    each of its document properties: in the stored file, never a value."""
    found: list[tuple[str, str]] = []
    for name in sorted(package.names):
        match = _ODS_UNREAD.match(name)
        root = package.xml(name) if match else None
        if match is None or root is None:
            continue
        if match.group("meta"):
            found += [
                ("dokumentegenskaper", e.text) for e in root.iter() if e.text and e.text.strip()
            ]
            continue
        where = "diagram" if match.group("chart") else "sidhuvud eller sidfot"
        for paragraph in root.iter():
            text = "".join(paragraph.itertext()) if paragraph.tag in _ODS_PARAGRAPHS else ""
            if text.strip():
                found.append((where, text))
    return found


def _texts(root: Element) -> list[str]:
    """A drawing's paragraphs (their runs joined, as shown), then every other element's text."""
    runs = f"{_NS_DRAWING}t"
    paragraphs = ["".join(t.text or "" for t in p.iter(runs)) for p in root.iter(f"{_NS_DRAWING}p")]
    others = [e.text for e in root.iter() if e.tag != runs and e.text and e.text.strip()]
    return [t for t in paragraphs if t.strip()] + others


def read_comments(data: bytes, kind: FileKind = FileKind.XLSX) -> list[CellComment]:
    """Every cell comment of the workbook (legacy notes and threaded comments)."""
    if kind is FileKind.CSV:
        return []
    if kind is FileKind.ODS:
        return [
            CellComment(sheet, f"{column_letter(column)}{row}", text)
            for sheet, row, column, text in _ods(data).comments
        ]
    if kind is FileKind.DOCX:
        return [CellComment(c.sheet, c.cell, c.text) for c in read_word(data).comments]
    package = _Package(data)
    comments = []
    for sheet, part in package.sheet_parts.items():
        for target in package.relations(part).values():
            root = package.xml(target) if "comment" in target.lower() else None
            if root is None:
                continue
            for tag in (f"{_NS_MAIN}comment", f"{_NS_THREADED}threadedComment"):
                for comment in root.iter(tag):
                    text = "".join(comment.itertext())
                    comments.append(CellComment(sheet, comment.get("ref", ""), text))
    return comments


def read_fills(
    data: bytes, sheet: str, columns: set[int], kind: FileKind = FileKind.XLSX
) -> dict[tuple[int, int], str]:
    """Solid fill colours of the given 0-based columns: {(excel_row, column): 'FFRRGGBB'}."""
    if kind is FileKind.ODS:
        return _ods(data).fills_in(sheet, columns)
    if kind is FileKind.DOCX:
        return word_fills(data, sheet, columns)
    if kind is not FileKind.XLSX and kind is not FileKind.XLSM:
        return {}
    package = _Package(data)
    part = package.sheet_parts.get(sheet)
    if part is None or not columns:
        return {}
    fill_of_style = _solid_fill_styles(package)
    if not fill_of_style:
        return {}
    xml = package.zip.read(part)
    letters = "|".join(column_letter(c) for c in sorted(columns))
    # Excel, LibreOffice and openpyxl all write r before s; only chosen columns are matched.
    pattern = re.compile(rb'<c r="(' + letters.encode() + rb')(\d+)"([^>]*)>')
    style_attr = re.compile(rb'\ss="(\d+)"')
    fills = {}
    for match in pattern.finditer(xml):
        style = style_attr.search(match.group(3))
        if style is None:
            continue
        colour = fill_of_style.get(int(style.group(1)))
        if colour is not None:
            fills[(int(match.group(2)), column_index(match.group(1).decode()))] = colour
    return fills


def has_solid_fills(data: bytes, kind: FileKind = FileKind.XLSX) -> bool:
    """True when any cell style of the workbook has a solid fill."""
    if kind is FileKind.ODS:
        return any(_ods(data).fills.values())
    if kind is FileKind.DOCX:
        return word_has_fills(data)
    if kind is FileKind.CSV:
        return False
    return bool(_solid_fill_styles(_Package(data)))


@functools.lru_cache(maxsize=2)
def _ods(data: bytes) -> OdsDetails:
    """One walk of an .ods file's XML serves its comments and its colours."""
    try:
        return read_ods_details(data)
    except Exception as exc:  # defusedxml raises its own types for entity tricks
        raise RefusedFile(
            "Kalkylbladet (.ods) innehåller otillåten eller skadad XML. Det läses inte."
        ) from exc


def _solid_fill_styles(package: _Package) -> dict[int, str]:
    """Map each cell style (xf index) that has a solid fill to its ARGB colour."""
    styles = package.xml("xl/styles.xml")
    if styles is None:
        return {}
    theme = _theme_colours(package)
    fills: list[str | None] = []
    fills_el = styles.find(f"{_NS_MAIN}fills")
    for fill in fills_el if fills_el is not None else []:
        pattern = fill.find(f"{_NS_MAIN}patternFill")
        colour = None
        if pattern is not None and pattern.get("patternType") == "solid":
            fg = pattern.find(f"{_NS_MAIN}fgColor")
            colour = _resolve_colour(fg, theme) if fg is not None else None
        fills.append(colour)
    cell_xfs = styles.find(f"{_NS_MAIN}cellXfs")
    by_style = {}
    for index, xf in enumerate(cell_xfs if cell_xfs is not None else []):
        fill_id = int(xf.get("fillId", "0") or 0)
        if 0 <= fill_id < len(fills) and fills[fill_id] is not None:
            by_style[index] = fills[fill_id] or ""
    return {k: v for k, v in by_style.items() if v}


def _theme_colours(package: _Package) -> list[str]:
    """The workbook theme's colours in Excel's index order, as 'FFRRGGBB'."""
    theme_part = next((n for n in sorted(package.names) if n.startswith("xl/theme/")), None)
    root = package.xml(theme_part) if theme_part else None
    if root is None:
        return []
    scheme = root.find(f".//{_NS_DRAWING}clrScheme")
    if scheme is None:
        return []
    colours = []
    for name in _THEME_ORDER:
        node = scheme.find(f"{_NS_DRAWING}{name}")
        value = "FF000000"
        if node is not None and len(node):
            child = node[0]
            value = "FF" + (child.get("val") or child.get("lastClr") or "000000")[-6:]
        colours.append(value.upper())
    return colours


def _resolve_colour(colour: Element, theme: list[str]) -> str | None:
    """An fgColor element as ARGB: rgb as written, theme and indexed looked up, tint applied."""
    argb: str | None = None
    if colour.get("rgb"):
        argb = colour.get("rgb", "").upper()
    elif colour.get("theme") is not None:
        index = int(colour.get("theme", "0"))
        argb = theme[index] if 0 <= index < len(theme) else None
    elif colour.get("indexed") is not None:
        index = int(colour.get("indexed", "0"))
        # openpyxl's styles take a fifth of a second to import; only this table is needed.
        from openpyxl.styles.colors import COLOR_INDEX

        argb = ("FF" + COLOR_INDEX[index][-6:]) if 0 <= index < 64 else None
    if argb is None or len(argb) not in (6, 8):
        return None
    tint = float(colour.get("tint", "0") or 0)
    return _apply_tint(argb[-6:], tint) if tint else "FF" + argb[-6:]


def _apply_tint(rgb: str, tint: float) -> str:
    """Lighten or darken a colour the way Excel applies a theme tint."""
    r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    light = light * (1 + tint) if tint < 0 else light * (1 - tint) + tint
    r, g, b = colorsys.hls_to_rgb(hue, min(max(light, 0.0), 1.0), sat)
    return "FF" + "".join(f"{round(v * 255):02X}" for v in (r, g, b))


def read_bold_cells(
    data: bytes, sheet: str, cells: set[tuple[int, int]], kind: FileKind = FileKind.XLSX
) -> set[tuple[int, int]]:
    """Which of the given (excel_row, column) cells are written in bold (xlsx and docx)."""
    if kind is FileKind.DOCX:
        return word_bold_cells(data, sheet, cells)
    if kind is not FileKind.XLSX and kind is not FileKind.XLSM:
        return set()
    package = _Package(data)
    part = package.sheet_parts.get(sheet)
    styles = package.xml("xl/styles.xml")
    if part is None or styles is None or not cells:
        return set()
    bold_fonts = set()
    fonts = styles.find(f"{_NS_MAIN}fonts")
    for index, font in enumerate(fonts if fonts is not None else []):
        bold = font.find(f"{_NS_MAIN}b")
        if bold is not None and bold.get("val", "1") not in ("0", "false"):
            bold_fonts.add(index)
    cell_xfs = styles.find(f"{_NS_MAIN}cellXfs")
    bold_styles = {
        index
        for index, xf in enumerate(cell_xfs if cell_xfs is not None else [])
        if int(xf.get("fontId", "0") or 0) in bold_fonts
    }
    if not bold_styles:
        return set()
    refs = {f"{column_letter(c)}{r}".encode(): (r, c) for r, c in cells}
    found = set()
    for match in re.finditer(rb'<c r="([A-Z]{1,3}\d+)"([^>]*)>', package.zip.read(part)):
        where = refs.get(match.group(1))
        if where is None:
            continue
        style = re.search(rb'\ss="(\d+)"', match.group(2))
        if style is not None and int(style.group(1)) in bold_styles:
            found.add(where)
    return found
