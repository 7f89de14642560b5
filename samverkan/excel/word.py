"""Activity plans written in Word (.docx): each table of the document read as a sheet.

Why one module: one walk over the document gives every reader its answer (values, fills,
bold, comments) and the row numbers they share; split, each part would need the others' rules.

BRÅ's model åtgärdsplan and many signed agreements carry the activity plan as a table in a
Word document. Here every table of the document body becomes a SheetValues, so it goes
through the same locate → parse → validate path as an Excel sheet:

- the table's rows are the sheet's rows; a cell merged across columns (gridSpan) is one value
  in its first column, a cell merged down (vMerge) counts on each row it covers, as
  read.py fills a merged Excel cell down;
- above the table's rows stand, as rows with one cell each, the document's first paragraphs
  (its title block: kommun, LPO, period, read as the titles above an Excel table are) and
  the paragraph just above the table (a heading "Fokusområde 2: Våld" names the focus area,
  as a title cell above an Excel table does);
- the sheet is named after that heading when it is one (a heading style, bold, or
  "Fokusområde …"), else "Tabell 2": a plan of one table per focus area reads like a
  workbook of one sheet per focus area, and a message names what the coordinator sees;
- a table with the same header row as the one before and no heading between goes on from
  it (Word split it at a page, or it was pasted in parts): one sheet, rows counted on;
- cell shading (w:shd fill) is the fill colour a traffic-light Bedömning is read from, bold
  text makes a lone row a section as in Excel, and Word's comments reach the personal-data
  screen, each at the cell it is anchored in.

in_word_terms then turns the sheet's row numbers back into the table's own (the header row
is rad 1, the lines above are not counted) and column letters into numbers (kolumn 3), since
Word shows neither letters nor row numbers.

The guard (guard.py) has checked the zip before python-docx sees it: its sizes, and no
DOCTYPE or ENTITY in any XML part (python-docx parses with lxml, resolve_entities=False).
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from samverkan.excel.columns import column_index, column_letter
from samverkan.excel.guard import RefusedFile
from samverkan.excel.locate import normalize_header
from samverkan.excel.parse import cell_text
from samverkan.excel.sections import GOAL_ROW
from samverkan.models import ImportIssue, ImportReport

# Word's own limit: a table has at most 63 columns. A span beyond it is clamped, so a
# hostile gridSpan cannot make a row of millions of cells.
MAX_COLUMNS = 63
# How many paragraphs from the document's start are its title block.
TITLE_PARAGRAPHS = 6
# A heading longer than this is body text, not a name for the table.
_MAX_NAME = 80

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SECTION = re.compile(
    r"^\s*(?:fokusområde|fokusomr\.?|prioriterat område|område|tema|problemområde)\b",
    re.IGNORECASE,
)
OUTSIDE_TABLES = "Dokumentets text"
# The sheet names the import reads in a way of their own, as agreement_info and structure
# know them (they import read.py, which imports this module; tests/excel/test_word.py keeps
# these the same as theirs).
SPECIAL_SHEET_PREFIXES = ("overenskommelse", "samverkansoverenskommelse", "avtal")
SPECIAL_SHEET_NAMES = (
    "fokusomraden", "fokusomrade", "prioriterade omraden",
    "mal", "malen", "mal och indikatorer", "maluppfyllelse",
    "instruktioner", "instruktion", "anvisningar", "lathund", "listor",
)  # fmt: skip

_TR, _TC, _TC_PR, _P, _T = f"{_W}tr", f"{_W}tc", f"{_W}tcPr", f"{_W}p", f"{_W}t"
_GRID_SPAN, _VMERGE, _SHD = f"{_W}gridSpan", f"{_W}vMerge", f"{_W}shd"
_GRID_BEFORE = f"{_W}trPr/{_W}gridBefore"
_VAL, _FILL, _ID = f"{_W}val", f"{_W}fill", f"{_W}id"
_BREAKS = {f"{_W}tab": " ", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
_SDT, _PLACEHOLDER = f"{_W}sdt", f"{_W}sdtPr/{_W}showingPlcHdr"
# Text a tracked change took away: deleted (Word writes it as w:delText, which is never read,
# but a w:t inside is still deleted) or moved elsewhere (w:moveFrom keeps w:t). Word's final
# view does not show it, so it is no value: a name moved out of a title stays out of it.
_REMOVED = (f"{_W}del", f"{_W}moveFrom")
_CELL_TAGS = (
    _P, _T, _SDT, *_REMOVED, *_BREAKS, f"{_W}commentRangeStart", f"{_W}commentReference"
)  # fmt: skip
_HEX = re.compile(r"[0-9A-F]{6}")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the body: its text, and whether it looks like a heading."""

    text: str
    is_heading: bool


@dataclass
class WordTable:
    """One table as rows, with its fills and bold cells keyed by (sheet row, column)."""

    name: str
    rows: list[list[Any]]
    lines_above: int
    header: list[str] = field(default_factory=list)  # its first row's texts, as written
    fills: dict[tuple[int, int], str] = field(default_factory=dict)
    bold: set[tuple[int, int]] = field(default_factory=set)


@dataclass(frozen=True)
class WordComment:
    """A comment, and the sheet and cell (as 'C5') it is anchored in ('' when outside)."""

    sheet: str
    cell: str
    text: str


@dataclass
class WordDetails:
    """Everything the import reads from a .docx, from one parse."""

    tables: list[WordTable]
    comments: list[WordComment]
    # The package's other text, as (where, text), one paragraph each: see unread_texts.
    unread: list[tuple[str, str]] = field(default_factory=list)


@functools.lru_cache(maxsize=2)
def read_word(data: bytes) -> WordDetails:
    """The document's tables, comments and colours (one parse serves every reader)."""
    import docx  # python-docx loads lxml and its own classes: only when a .docx comes
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, ValueError, KeyError) as exc:
        raise RefusedFile(
            "Word-dokumentet går inte att läsa (det är skadat, eller en mall eller ett "
            'dokument med makron). Öppna det i Word, välj Arkiv → Spara som → "Word-dokument '
            '(.docx)" och ladda upp den nya filen.'
        ) from exc
    except Exception as exc:  # lxml's own errors for broken XML
        raise RefusedFile(
            "Word-dokumentet innehåller skadad XML och kan inte läsas. Öppna det i Word, spara "
            'det på nytt som "Word-dokument (.docx)" och ladda upp det igen.'
        ) from exc
    reader = _Reader(document)
    reader.read_body(document.element.body)
    return WordDetails(
        tables=reader.finished_tables(),
        comments=reader.comments(document),
        unread=unread_texts(document) + _unloaded_texts(data, document),
    )


# Every text a Word part holds: shown, deleted (w:delText), and field codes (w:instrText).
_ALL_TEXT = (_T, f"{_W}delText", f"{_W}instrText", f"{_W}delInstrText")
_PART_NAMES = (
    ("/word/document.xml", "text (även borttagen text, fältkoder och textrutor)"),
    ("/word/header", "sidhuvud"),
    ("/word/footer", "sidfot"),
    ("/word/footnotes", "fotnoter"),
    ("/word/endnotes", "slutkommentarer"),
    ("/word/comments", "kommentarer"),
    ("/docProps/", "dokumentegenskaper"),
)


def unread_texts(document: Any) -> list[tuple[str, str]]:
    """Each paragraph of text in every XML part of the package, with where it is in Swedish.

    The import reads the tables, the title block and the comments; the rest of the document
    (its prose, deleted and moved text of tracked changes, field codes, headers, footers,
    footnotes, properties) is never a value, but the original file is stored as uploaded and
    can be downloaded (Historik). So it is screened for personnummer too: fail closed, as an
    .xls is refused because its comments could not be. Files embedded in the document (an
    Excel object, an altChunk) are not XML parts and are not looked into.
    """
    found: list[tuple[str, str]] = []
    for part in document.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is None:
            continue
        name = str(part.partname)
        found += [(_where(name), text) for text in _element_texts(element)]
    return found


def _where(name: str) -> str:
    return next((w for prefix, w in _PART_NAMES if name.startswith(prefix)), name)


def _element_texts(element: Any) -> list[str]:
    """Each paragraph's text (its runs joined); a part without paragraphs as one text."""
    paragraphs: dict[Any, list[str]] = {}
    for node in element.iter(*_ALL_TEXT):
        paragraph = next(node.iterancestors(_P), None)
        paragraphs.setdefault(paragraph, []).append(node.text or "")
    if paragraphs:
        return ["".join(texts) for texts in paragraphs.values()]
    # The document's properties, custom XML data: no paragraphs, only text
    text = " ".join(t.strip() for t in element.itertext() if t.strip())
    return [text] if text else []


def _unloaded_texts(data: bytes, document: Any) -> list[tuple[str, str]]:
    """The text of every other XML part of the zip, which python-docx keeps as bytes or never
    loads (custom XML data, custom and app properties, a part nothing links): stored with
    the original all the same. The guard refused DOCTYPE and ENTITY in every XML part."""
    from docx.oxml import parse_xml  # lxml, as python-docx parses (resolve_entities=False)

    loaded = {
        str(p.partname).casefold()
        for p in document.part.package.iter_parts()
        if getattr(p, "_element", None) is not None
    }
    archive = zipfile.ZipFile(io.BytesIO(data))
    found: list[tuple[str, str]] = []
    for name in sorted(archive.namelist()):
        partname = "/" + name.lstrip("/")
        if not name.casefold().endswith(".xml") or partname.casefold() in loaded:
            continue
        if name == "[Content_Types].xml":
            continue
        blob = archive.read(name)
        try:
            texts = _element_texts(parse_xml(blob))
        except Exception:  # not XML after all: its bytes, as text, all the same
            texts = [re.sub(r"<[^>]*>", " ", blob.decode("utf-8", "replace"))]
        where = "anpassade XML-data" if name.startswith("customXml/") else _where(partname)
        found += [(where, text) for text in texts]
    return found


class _Reader:
    """Walks the body in order: paragraphs before each table, then the table's rows."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.title: list[Paragraph] = []
        self.since_table: list[Paragraph] = []
        self.tables: list[WordTable] = []
        self.seen_table = False
        self.anchors: dict[str, tuple[str, str]] = {}  # comment id → (sheet, cell)

    def read_body(self, element: Any) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if tag == f"{_W}p":
                self._paragraph(child)
            elif tag == f"{_W}tbl":
                self._table(child)
            elif tag == f"{_W}sdt":  # a content control around paragraphs or a table
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    self.read_body(content)

    def _paragraph(self, element: Any) -> None:
        from docx.text.paragraph import Paragraph as DocxParagraph

        paragraph = DocxParagraph(element, self.document._body)
        # Without control or invisible characters, as a cell's text is read: a heading names
        # the sheet, and the sheet's name is shown in messages and printed in a terminal.
        text = " ".join((cell_text(paragraph.text) or "").split())
        if not text:
            return
        found = Paragraph(text, _is_heading(paragraph, text))
        if not self.seen_table and len(self.title) < TITLE_PARAGRAPHS:
            self.title.append(found)
        self.since_table.append(found)

    def _table(self, element: Any) -> None:
        number = len(self.tables) + 1
        heading = self.since_table[-1] if self.since_table else None
        header = _first_row(element)
        previous = self.tables[-1] if self.tables else None
        if (
            previous is not None
            and (heading is None or not heading.is_heading)
            and any(header)
            and header == previous.header
        ):
            # The same header row and no heading between: the table goes on (Word split it
            # at a page, or it was pasted in parts). Its rows are counted on from the first's.
            self._rows(element, previous, skip_first=True)
            self.since_table = []
            return
        if not self.seen_table:
            # The title block is what stands above the first table's own heading, and no
            # focus-area heading: every table gets it, but names only its own focus area.
            self.title = [p for p in self.title if p is not heading and not _SECTION.match(p.text)]
        lines = [p.text for p in self.title]
        if heading is not None:
            lines.append(heading.text)
        # A goal in the title block ("Övergripande mål: …") is read once, with the first table.
        self.title = [p for p in self.title if not GOAL_ROW.match(p.text)]
        name = f"Tabell {number}"
        taken = {t.name for t in self.tables}
        if (
            heading is not None
            and heading.is_heading
            and not _names_a_special_sheet(heading.text)
            and heading.text not in taken
        ):
            name = heading.text
        # A heading may itself read "Tabell 3": the later table by that number must not share
        # its name, or it would be read with the first one's colours, bold cells and columns
        # (they are looked up by the sheet's name).
        copy = 1
        while name in taken:
            copy += 1
            name = f"Tabell {number} ({copy})"
        table = WordTable(
            name=name, rows=[[line] for line in lines], lines_above=len(lines), header=header
        )
        self._rows(element, table)
        self.tables.append(table)
        self.since_table = []
        self.seen_table = True

    def _rows(self, element: Any, table: WordTable, *, skip_first: bool = False) -> None:
        for index, tr in enumerate(_wrapped(element, _TR)):
            if skip_first and not index:
                continue
            sheet_row = len(table.rows) + 1
            row: list[Any] = [""] * min(_grid_before(tr), MAX_COLUMNS)
            above = table.rows[-1] if len(table.rows) > table.lines_above else []
            for tc in _wrapped(tr, _TC):
                column = len(row)
                if column >= MAX_COLUMNS:
                    break
                span, merge, fill = _cell_properties(tc)
                text, comment_ids = _cell_text(tc)
                value = (above[column] if column < len(above) else "") if merge else text
                row.append(value)
                if span > 1:
                    row.extend([""] * min(span - 1, MAX_COLUMNS - column - 1))
                if fill is not None:
                    table.fills[(sheet_row, column)] = fill
                if text and not merge and _is_bold(tc):
                    table.bold.add((sheet_row, column))
                for ref in comment_ids:
                    self.anchors.setdefault(
                        ref, (table.name, f"{column_letter(column)}{sheet_row}")
                    )
            table.rows.append(row)

    def finished_tables(self) -> list[WordTable]:
        return self.tables

    def comments(self, document: Any) -> list[WordComment]:
        try:
            comments = list(document.comments)
        except Exception as exc:  # a comments part python-docx cannot read is not screened
            raise RefusedFile(
                "Word-dokumentets kommentarer går inte att läsa, så de kan inte granskas för "
                "personuppgifter. Spara dokumentet på nytt som .docx och ladda upp det igen."
            ) from exc
        found = []
        for comment in comments:
            sheet, cell = self.anchors.get(str(comment.comment_id), (OUTSIDE_TABLES, ""))
            found.append(WordComment(sheet=sheet, cell=cell, text=comment.text))
        return found


def _names_a_special_sheet(name: str) -> bool:
    """True for a name the import reads a sheet of its own way by (the agreement, focus-area,
    goal, instruction and list sheets): a table under such a heading keeps its number."""
    normalized = normalize_header(name)
    return normalized.startswith(SPECIAL_SHEET_PREFIXES) or normalized in SPECIAL_SHEET_NAMES


def _first_row(table: Any) -> list[str]:
    """The texts of a table's first row, cell by cell (to tell a table that goes on)."""
    tr = next(_wrapped(table, _TR), None)
    return [] if tr is None else [_cell_text(tc)[0] for tc in _wrapped(tr, _TC)]


_WRAPPERS = (f"{_W}sdt", f"{_W}customXml")


def _wrapped(element: Any, tag: str) -> Iterator[Any]:
    """The rows of a table (or the cells of a row) in order, also those inside a content
    control or a custom XML element (w:sdt, w:customXml), as Word shows them.

    Word's templates wrap rows (a repeating section) and cells in content controls; read
    only as direct children, a wrapped cell would be skipped and the cells after it moved one
    column left: the owner's name read as the activity's title, which is shown publicly.
    """
    for child in element.iterchildren(tag, *_WRAPPERS):
        if child.tag == tag:
            yield child
        elif child.tag == _WRAPPERS[0]:
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _wrapped(content, tag)
        else:
            yield from _wrapped(child, tag)


def _grid_before(tr: Any) -> int:
    node = tr.find(_GRID_BEFORE)
    value = node.get(_VAL) if node is not None else None
    return int(value) if value is not None and value.isdigit() else 0


def _cell_properties(tc: Any) -> tuple[int, bool, str | None]:
    """(columns spanned, whether it continues a merge from above, shading as 'FFRRGGBB').

    A span is at least 1 (the caller clamps it to the table); white and auto shading are no
    colour.
    """
    span, merge, fill = 1, False, None
    properties = tc.find(_TC_PR)
    if properties is None:
        return span, merge, fill
    for node in properties.iterchildren(_GRID_SPAN, _VMERGE, _SHD):
        tag = node.tag
        if tag == _GRID_SPAN:
            value = node.get(_VAL) or ""
            span = min(int(value), MAX_COLUMNS) if value.isdigit() and len(value) < 6 else 1
            span = max(span, 1)
        elif tag == _VMERGE:
            merge = (node.get(_VAL) or "continue") == "continue"
        else:
            colour = (node.get(_FILL) or "").upper()
            if _HEX.fullmatch(colour) and colour != "FFFFFF":
                fill = "FF" + colour
    return span, merge, fill


def _cell_text(tc: Any) -> tuple[str, list[str]]:
    """The cell's paragraphs, one line each (a nested table's text too), trimmed; and the
    ids of the comments anchored in it. One walk over the cell's elements."""
    lines: list[str] = []
    parts: list[str] = []
    comments: list[str] = []
    unread: set[Any] = set()  # placeholder prompts and removed text
    wrapper = tc.getparent()  # a content control around the whole cell (see _wrapped)
    if wrapper is not None and wrapper.tag == f"{_W}sdtContent":
        control = wrapper.getparent()
        if control is not None and control.find(_PLACEHOLDER) is not None:
            unread.update(tc.iter(_T))
    for node in tc.iter(*_CELL_TAGS):
        tag = node.tag
        if tag == _T:
            if node not in unread:
                parts.append(node.text or "")
        elif tag == _SDT:
            # A content control still showing its prompt ("Klicka här för att ange text.")
            # holds no value. lxml returns the same element objects while they are held.
            if node.find(_PLACEHOLDER) is not None:
                unread.update(node.iter(_T))
        elif tag in _REMOVED:
            unread.update(node.iter(_T))
        elif tag == _P:
            if parts:
                lines.append("".join(parts).strip())
                parts = []
        elif tag in _BREAKS:
            parts.append(_BREAKS[tag])
        elif tag != _SDT:
            comments.append(node.get(_ID) or "")
    if parts:
        lines.append("".join(parts).strip())
    return "\n".join(line for line in lines if line), comments


def _is_bold(tc: Any) -> bool:
    """True when every run with text in the cell is bold."""
    runs = [r for r in tc.iter(f"{_W}r") if "".join(t.text or "" for t in r.iter(f"{_W}t")).strip()]
    if not runs:
        return False
    for run in runs:
        bold = run.find(f"{_W}rPr/{_W}b")
        if bold is None or bold.get(f"{_W}val", "1") in ("0", "false", "off"):
            return False
    return True


def _is_heading(paragraph: Any, text: str) -> bool:
    """A heading style (Rubrik/Heading/Title), a bold line, or 'Fokusområde …'."""
    if len(text) > _MAX_NAME:
        return False
    if _SECTION.match(text):
        return True
    try:
        style = (paragraph.style.name or "").casefold() if paragraph.style is not None else ""
    except Exception:  # a style python-docx cannot resolve is no heading
        style = ""
    if style.startswith(("heading", "rubrik", "title", "subtitle", "underrubrik")):
        return True
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(runs) and all(r.bold for r in runs)


# -- what the import's readers ask for ---------------------------------------------------------


def word_fills(data: bytes, sheet: str, columns: set[int]) -> dict[tuple[int, int], str]:
    """Shaded cells of the given columns: {(sheet_row, column): 'FFRRGGBB'}."""
    for table in read_word(data).tables:
        if table.name == sheet:
            return {k: v for k, v in table.fills.items() if k[1] in columns}
    return {}


def word_has_fills(data: bytes) -> bool:
    return any(t.fills for t in read_word(data).tables)


def word_bold_cells(data: bytes, sheet: str, cells: set[tuple[int, int]]) -> set[tuple[int, int]]:
    for table in read_word(data).tables:
        if table.name == sheet:
            return cells & table.bold
    return set()


def in_word_terms(report: ImportReport, data: bytes) -> ImportReport:
    """Rows counted in the table (its first row is rad 1) and columns by number (kolumn 3).

    A finding in the lines above a table (the title block or the heading) keeps its sheet
    and drops the row and column, which Word does not show there.
    """
    above = {t.name: t.lines_above for t in read_word(data).tables}
    issues = [_issue_in_word_terms(issue, above) for issue in report.issues]
    agreements = []
    for parsed in report.agreements:
        activities = [
            a.model_copy(update={"row": a.row - above.get(a.sheet or "", 0)})
            if a.row is not None
            else a
            for a in parsed.activities
        ]
        agreements.append(parsed.model_copy(update={"activities": activities}))
    return report.model_copy(update={"issues": issues, "agreements": agreements})


# A message that points at another row: 'även rad 7 på bladet "Tabell 1"'.
_OTHER_ROW = re.compile(r'rad (\d+) på bladet "([^"]*)"')


def _issue_in_word_terms(issue: ImportIssue, above: dict[str, int]) -> ImportIssue:
    def other_row(match: re.Match[str]) -> str:
        row, sheet = int(match.group(1)), match.group(2)
        return f'rad {max(row - above.get(sheet, 0), 1)} på bladet "{sheet}"'

    message = _OTHER_ROW.sub(other_row, issue.message)
    if message != issue.message:
        issue = issue.model_copy(update={"message": message})
    if issue.sheet not in above:
        return issue
    row, column = issue.row, issue.column
    if row is not None:
        row -= above[issue.sheet]
        if row < 1:
            row, column = None, None
    if column is not None and column.isalpha():
        column = str(column_index(column) + 1)
    return issue.model_copy(update={"row": row, "column": column})
