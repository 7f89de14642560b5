"""The first look at uploaded bytes: refuse what we do not read before any parser sees it.

Why one module: it is one gate, read in one sitting by whoever reviews what an upload can do,
and its checks share one pass over each member's bytes.

The kind of file is told by its bytes, never its name. An xlsx (and a Word .docx, whose
tables are read as sheets) is a zip: its members'
declared sizes are checked (total, count, and each member's compression ratio) before
anything is unpacked, so a zip bomb is refused in milliseconds. Then every member is unpacked
once, in chunks, and on the way:
- a DOCTYPE or ENTITY declaration anywhere in a member that is XML by its content refuses it;
- each sheet's cells that hold values are measured (xlsx cell references, .ods repeat counts,
  CSV separators): a reader allocates the rectangle from the first to the last such cell, so
  a rectangle above the cell budget is refused, naming the sheet, before any reader runs;
- a .docx's tables and their cells are counted (a span counts each column it covers), and a
  document of more tables (1,000) or cells (200,000, or the budget if lower) than a plan has
  is refused before python-docx parses it.
Macros are never run: we only ever read cell values.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from defusedxml import ElementTree as SafeET

from samverkan.excel.columns import column_index, column_letter
from samverkan.swedish import format_decimal, format_number
from samverkan.swedish import format_integer as _count

DEFAULT_MAX_UPLOAD_MB = 20
DEFAULT_MAX_CELLS = 2_000_000
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
# A member smaller than this unpacks to too little to matter, whatever its ratio (deeply
# nested but honest XML reaches 600:1); the archive's total still counts it.
_RATIO_FLOOR_BYTES = 16 * 1024 * 1024
MAX_ZIP_MEMBERS = 5_000
_CHUNK = 1 << 20

_ZIP_MAGIC = b"PK\x03\x04"
_PDF_MAGIC = b"%PDF-"
# The name of the stream an old Word document (.doc) keeps its text in, as OLE writes names.
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_WORD_MESSAGE = (
    "Filen är ett äldre Word-dokument (.doc), som inte kan läsas. Öppna det i Word och välj "
    'Arkiv → Spara som → "Word-dokument (.docx)" (i LibreOffice: Spara som → Word 2007-365), '
    'eller spara aktivitetsplanen som "Excel-arbetsbok (.xlsx)", och ladda upp den nya filen.'
)
_ODT_MESSAGE = (
    "Filen är ett OpenDocument-textdokument (.odt), som inte kan läsas. Öppna det i "
    'LibreOffice och välj Arkiv → Spara som → "Word 2007-365 (.docx)", och ladda upp den '
    "nya filen."
)
_WORD_MAIN = "word/document.xml"
# A plan has a handful of tables and a few thousand cells; Word itself crawls long before
# 200,000 cells, and python-docx reads about 100,000 cells a second (word.py).
MAX_WORD_TABLES = 1_000
MAX_WORD_CELLS = 200_000
_PASSWORD_MESSAGE = (
    "Arbetsboken är lösenordsskyddad (krypterad). Ta bort lösenordet i Excel "
    "(Arkiv → Info → Skydda arbetsbok → Kryptera med lösenord, töm fältet) och ladda upp igen."
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FileKind(StrEnum):
    """The spreadsheet formats the import reads."""

    XLSX = "xlsx"
    XLSM = "xlsm"
    ODS = "ods"
    CSV = "csv"
    DOCX = "docx"


_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


class RefusedFile(ValueError):
    """Raised by the guard with a Swedish sentence saying why the file is refused."""


@dataclass(frozen=True)
class GuardedFile:
    """Bytes that passed the guard, with the kind they turned out to be."""

    data: bytes
    kind: FileKind


def max_upload_bytes() -> int:
    """The size limit for one file, from SAMVERKAN_MAX_UPLOAD_MB (default 20 MB)."""
    try:
        mb = float(os.environ.get("SAMVERKAN_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB))
    except ValueError:
        mb = DEFAULT_MAX_UPLOAD_MB
    return int(mb * 1024 * 1024)


def max_cells() -> int:
    """The cell budget per sheet, from SAMVERKAN_IMPORT_MAX_CELLS (default 2,000,000)."""
    try:
        cells = int(os.environ.get("SAMVERKAN_IMPORT_MAX_CELLS", DEFAULT_MAX_CELLS))
    except ValueError:
        cells = DEFAULT_MAX_CELLS
    return max(cells, 1)


def guard_spreadsheet(
    data: bytes, *, max_bytes: int | None = None, cell_budget: int | None = None
) -> GuardedFile:
    """Return the bytes with their kind, or raise RefusedFile saying why they are refused."""
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    budget = max_cells() if cell_budget is None else cell_budget
    if not data:
        raise RefusedFile("Filen är tom (0 byte). Välj aktivitetsplanen igen och ladda upp den.")
    if len(data) > limit:
        raise RefusedFile(
            f"Filen är {format_decimal(len(data) / 1024 / 1024)} MB, större än gränsen "
            f"{format_number(limit / 1024 / 1024, 1)} MB. Ta bort bilder och tomma blad och "
            "försök igen."
        )
    if data.startswith(_PDF_MAGIC):
        raise RefusedFile(
            "Filen är en PDF. En PDF kan inte läsas som en plan: öppna originalet i Word eller "
            'Excel och spara det som "Word-dokument (.docx)" eller "Excel-arbetsbok (.xlsx)", '
            "och ladda upp den filen. Finns bara PDF:en: kopiera tabellen till ett tomt blad i "
            "Excel och spara som .xlsx."
        )
    if data.startswith(_OLE_MAGIC):
        # An old .xls or .doc, or an encrypted (password) xlsx, which Office wraps the same way.
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00" in data:
            raise RefusedFile(_PASSWORD_MESSAGE)
        if _WORD_STREAM in data:
            raise RefusedFile(_WORD_MESSAGE)
        # Refused rather than read: its comments could hide a personnummer we cannot screen,
        # and its colours (bedömning) are not read. Saving as .xlsx keeps everything.
        raise RefusedFile(
            "Filen är en äldre Excel-fil (.xls). Öppna den i Excel och välj Arkiv → Spara som "
            '→ "Excel-arbetsbok (.xlsx)" (i LibreOffice: Spara som → Excel 2007-365), och ladda '
            "upp den nya filen."
        )
    if not data.startswith(_ZIP_MAGIC):
        if is_csv_text(data):
            _check_csv_cells(data, budget)
            return GuardedFile(data=data, kind=FileKind.CSV)
        raise RefusedFile(
            "Filen är inte en Excel-arbetsbok (.xlsx), ett OpenDocument-kalkylblad (.ods), "
            "ett Word-dokument (.docx) eller en CSV-fil, oavsett vad den heter. Spara den i "
            'Excel som "Excel-arbetsbok (.xlsx)" (eller i Word som "Word-dokument (.docx)") '
            "och ladda upp den igen."
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise RefusedFile(
            "Filen är skadad eller ofullständig (zip-arkivet går inte att läsa). "
            "Spara den på nytt i Excel och ladda upp den igen."
        ) from exc
    _check_zip_members(members, len(data))
    names = {m.filename for m in members}
    mimetype = archive.read("mimetype").strip()[:100] if "mimetype" in names else b""
    is_ods = mimetype == _ODS_MIMETYPE
    if mimetype.startswith(_ODT_MIMETYPE):
        raise RefusedFile(_ODT_MESSAGE)
    # The reader reads every sheet, so the budget is shared: a sheet is proved quickly within
    # its share, and the sheets measured exactly must together stay within the budget.
    sheets = sum(1 for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    if "xl/workbook.xml" in names:  # the reader reads the sheets listed here, wherever they are
        sheets = max(sheets, _listed_sheets(archive))
    share = max(budget // max(sheets, 1), 1)
    extents = _check_zip_contents(archive, members, is_ods=is_ods, budget=share)
    _refuse_embedded_objects(archive, names, is_ods=is_ods)
    if is_ods:
        if "content.xml" not in names:
            raise RefusedFile("Kalkylbladet (.ods) saknar innehåll och kan inte läsas.")
        _check_cell_budget(extents, {}, budget)
        _check_total_cells(extents, budget)
        return GuardedFile(data=data, kind=FileKind.ODS)
    if _WORD_MAIN in names and "xl/workbook.xml" not in names:
        if "[Content_Types].xml" not in names:
            raise RefusedFile(
                "Filen ser ut som ett Word-dokument men saknar delar ett sådant har. Öppna "
                'den i Word, spara som "Word-dokument (.docx)" och ladda upp den igen.'
            )
        _check_word_tables(archive, min(budget, MAX_WORD_CELLS))
        return GuardedFile(data=data, kind=FileKind.DOCX)
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise RefusedFile(
            "Filen är ett zip-arkiv men ingen Excel-arbetsbok (arbetsbladen saknas). "
            'Spara den i Excel som "Excel-arbetsbok (.xlsx)".'
        )
    if not any(n.startswith("xl/worksheets/") for n in names):
        raise RefusedFile("Arbetsboken innehåller inga arbetsblad.")
    if any(e.cells > budget for e in extents.values()):
        _check_cell_budget(extents, _sheet_names_by_part(archive), budget)
    _check_total_cells(extents, budget)
    # A workbook with macros is read for its values only; the macros are never run.
    kind = FileKind.XLSM if "xl/vbaProject.bin" in names else FileKind.XLSX
    return GuardedFile(data=data, kind=kind)


# Where Office keeps an object pasted into a workbook or document as an object (a Word file,
# a PDF, another workbook: OLE packages), and ActiveX controls' binary state. Charts and
# pictures live elsewhere (xl/charts, xl/media, word/media) and are not objects in this sense.
# A part name is compared as Office resolves it (OPC part names are case-insensitive, and a
# "./" or "/" in front or a backslash names the same part), so 'XL/Embeddings/…' is one too.
# A workbook linked from the plan (xl/externalLinks) keeps a copy of the cells it reads from
# that other workbook, which the reader never reads: an object in this sense too.
_OBJECT_FOLDERS = (
    "xl/embeddings/",
    "word/embeddings/",
    "xl/activex/",
    "word/activex/",
    "xl/externallinks/",
)
# A Word altChunk: a whole HTML, RTF, MHT or Word file Word merges into the text when it opens
# the document. python-docx does not read it, so its text reaches neither the import nor the
# screen of the document's unread text (word.unread_texts).
_ALT_CHUNK = re.compile(rb"relationships/afchunk[\"']", re.IGNORECASE)
# An .ods keeps each embedded object as "Object N" (a folder, or one binary for OLE); its
# charts are such objects too, and they hold only copies of the cells, so they are allowed.
_ODS_OBJECT = re.compile(r"^(?:\./)?(Object \d+)(?:/|$)")
_ODS_CHART = "application/vnd.oasis.opendocument.chart"
_MANIFEST_ENTRY = re.compile(rb"<manifest:file-entry\b[^>]*>")
_MANIFEST_ATTRIBUTE = re.compile(rb'manifest:(full-path|media-type)\s*=\s*"([^"]*)"')


def _refuse_embedded_objects(archive: zipfile.ZipFile, names: set[str], *, is_ods: bool) -> None:
    """Refuse a file carrying an embedded object: its text is never read, so never screened.

    The upload keeps the original file, and an object pasted into a plan (a case note in
    Word, a list of names in another workbook) could carry personal data the screen cannot
    see. Fail closed: the coordinator removes the object, or pastes its content as cells.
    """
    found = sorted(
        n for n in names if _part_name(n).startswith(_OBJECT_FOLDERS) and not n.endswith("/")
    )
    found += sorted(
        n for n in names if _part_name(n).endswith(".rels") and _has_alt_chunk(archive, n)
    )
    if is_ods:
        objects = {m.group(1) for n in names if (m := _ODS_OBJECT.match(n))}
        charts = _ods_charts(archive) if "META-INF/manifest.xml" in names else set()
        found += sorted(objects - charts)
        # A chart is XML (its content, styles, meta): any other file inside it is an object.
        found += sorted(
            n
            for n in names
            if (m := _ODS_OBJECT.match(n))
            and m.group(1) in charts
            and not n.endswith((".xml", "/"))
        )
    if found:
        raise RefusedFile(
            f"Filen innehåller {_objects_phrase(len(found))} (till exempel ett Word-dokument, "
            f"en PDF eller en annan arbetsbok inklistrad som objekt): {found[0]!r}. Samverkan "
            "sparar originalfilen men kan inte granska inbäddade objekt efter personuppgifter, "
            "så filen tas inte emot. Ta bort objektet, eller klistra in dess innehåll som "
            "vanliga celler, och ladda upp filen igen."
        )


def _part_name(name: str) -> str:
    """'./XL\\Embeddings/x.bin' → 'xl/embeddings/x.bin': the part Office takes it for."""
    return name.replace("\\", "/").lstrip("./").casefold()


def _has_alt_chunk(archive: zipfile.ZipFile, name: str) -> bool:
    """True when a relationships part links an altChunk (its size and XML were checked)."""
    return bool(_ALT_CHUNK.search(archive.read(name)))


def _objects_phrase(count: int) -> str:
    return "ett inbäddat objekt" if count == 1 else f"{count} inbäddade objekt"


def _ods_charts(archive: zipfile.ZipFile) -> set[str]:
    """The "Object N" parts the manifest names as charts (its size and XML were checked)."""
    manifest = archive.read("META-INF/manifest.xml")
    charts = set()
    for entry in _MANIFEST_ENTRY.findall(manifest):
        attributes = {
            k.decode(): v.decode("utf-8", "replace") for k, v in _MANIFEST_ATTRIBUTE.findall(entry)
        }
        match = _ODS_OBJECT.match(attributes.get("full-path", ""))
        if match and attributes.get("media-type") == _ODS_CHART:
            charts.add(match.group(1))
    return charts


_SHEET_ENTRY = re.compile(rb"<(?:[\w.-]+:)?sheet[\s/>]")


def _listed_sheets(archive: zipfile.ZipFile) -> int:
    """How many sheets xl/workbook.xml lists (read in chunks; a broken member counts none)."""
    try:
        pieces = _tag_complete(_chunks(archive, archive.getinfo("xl/workbook.xml")))
        return sum(len(_SHEET_ENTRY.findall(piece)) for piece in pieces)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return 0  # the member's own scan refuses it


def _check_zip_members(members: list[zipfile.ZipInfo], packed_size: int) -> None:
    """Refuse a zip whose declared contents would unpack past our limits."""
    if len(members) > MAX_ZIP_MEMBERS:
        raise RefusedFile(
            f"Filen innehåller {len(members)} delar, fler än en arbetsbok rimligen har. "
            "Den läses inte."
        )
    unpacked = sum(m.file_size for m in members)
    ratio_limit = max(packed_size, 1) * MAX_COMPRESSION_RATIO
    if unpacked > MAX_UNPACKED_BYTES or unpacked > max(ratio_limit, 50 * 1024 * 1024):
        raise RefusedFile(
            f"Filen skulle packas upp till {format_decimal(unpacked / 1024 / 1024, 0)} MB, "
            "långt mer än en aktivitetsplan behöver (en så kallad zip-bomb). Den läses inte."
        )
    for member in members:
        if member.flag_bits & 0x1:
            raise RefusedFile(_PASSWORD_MESSAGE)
    # Per member, not per archive: a random filler member must not lend its size to a bomb.
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _RATIO_FLOOR_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise RefusedFile(
                f"Delen {member.filename!r} skulle packas upp till "
                f"{format_decimal(member.file_size / 1024 / 1024, 0)} MB, "
                f"{format_decimal(ratio, 0)} gånger sin packade storlek, "
                "långt mer än en aktivitetsplan behöver (en så kallad zip-bomb). "
                "Den läses inte."
            )


def _check_zip_contents(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], *, is_ods: bool, budget: int
) -> dict[str, CellExtent]:
    """Unpack every member once, in chunks: refuse a lying size header, a bad CRC or a DTD.

    Python's zipfile stops at the declared size and checks the CRC, and the declared sizes
    were checked above, so this is bounded; the readers after us need not be trusted to be.
    Returns the extents of valued cells that may pass the budget: per xlsx member (those
    proved within it are left out), or per .ods table name.
    """
    extents: dict[str, CellExtent] = {}
    for member in members:
        if member.flag_bits & 0x1:
            continue
        try:
            extents |= _scan_member(archive, member, is_ods=is_ods, budget=budget)
        except RefusedFile:
            raise
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise RefusedFile(
                f"Filen är skadad (delen {member.filename!r} går inte att packa upp). "
                "Spara den på nytt i Excel och ladda upp den igen."
            ) from exc
    return extents


def _chunks(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterator[bytes]:
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            yield chunk


def _scan_member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, *, is_ods: bool, budget: int
) -> dict[str, CellExtent]:
    """One pass over a member (a second only for odd cells): DTDs refused, cells measured."""
    chunks = _chunks(archive, member)
    first = next(chunks, b"")
    if not _is_xml(first):
        for _ in chunks:  # still unpacked to the end, so a bad CRC is found here
            pass
        return {}
    watched = _declarations_checked(_chain(first, chunks), _DeclarationScan(member.filename))
    if is_ods:
        if member.filename == "content.xml":
            return _measure_ods_cells(watched)
        for _ in watched:
            pass
        return {}
    plain, within = _bound_cells(watched, budget)
    if within:
        return {}
    extent = _measure_cells(_chunks(archive, member), plain=plain)
    return {member.filename: extent} if extent.cells else {}


def _chain(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def _is_xml(head: bytes) -> bool:
    """True when a member's first bytes are XML (UTF-8 or UTF-16, with or without BOM)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n\x00").startswith(b"<")


# "<!DOCTYPE" or "<!ENTITY" in UTF-8, or in UTF-16 (either byte order: a NUL between letters).
_DECLARATION = re.compile(
    rb"<!(?:DOCTYPE|ENTITY)|<\x00!\x00(?:D\x00O\x00C\x00T\x00Y\x00P\x00E|E\x00N\x00T\x00I\x00T\x00Y)",
    re.IGNORECASE,
)
_DECLARATION_OVERLAP = 32


class _DeclarationScan:
    """Finds a declaration anywhere in a member, also across the chunks' boundaries."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.tail = b""

    def feed(self, chunk: bytes) -> None:
        window = self.tail + chunk
        if _DECLARATION.search(window):
            raise RefusedFile(
                f"Filen innehåller otillåten XML (en DOCTYPE- eller ENTITY-deklaration i "
                f"{self.name!r}), som Excel aldrig skriver. Den läses inte."
            )
        self.tail = window[-_DECLARATION_OVERLAP:]


def _declarations_checked(chunks: Iterable[bytes], scan: _DeclarationScan) -> Iterator[bytes]:
    for chunk in chunks:
        scan.feed(chunk)
        yield chunk


@dataclass(frozen=True)
class CellExtent:
    """The rectangle from the first to the last cell holding a value (rows and columns 1-based)."""

    first_row: int
    last_row: int
    first_column: int
    last_column: int

    EMPTY: ClassVar[CellExtent]

    @property
    def cells(self) -> int:
        """How many cells a reader allocates for the rectangle."""
        if self.last_row < self.first_row or self.last_column < self.first_column:
            return 0
        return (self.last_row - self.first_row + 1) * (self.last_column - self.first_column + 1)

    def widened(self, row: int, column: int) -> CellExtent:
        return self.spanning(row, row, column, column)

    def spanning(self, first_row: int, last_row: int, first_col: int, last_col: int) -> CellExtent:
        if not self.cells:
            return CellExtent(first_row, last_row, first_col, last_col)
        return CellExtent(
            min(self.first_row, first_row),
            max(self.last_row, last_row),
            min(self.first_column, first_col),
            max(self.last_column, last_col),
        )

    def corners(self) -> tuple[str, str]:
        """'A1', 'XFD1048576'."""
        return (
            f"{_letters(self.first_column)}{self.first_row}",
            f"{_letters(self.last_column)}{self.last_row}",
        )


CellExtent.EMPTY = CellExtent(1, 0, 1, 0)


def _letters(column: int) -> str:
    """1 → 'A' (the extent counts columns from 1, the readers from 0)."""
    return column_letter(max(column, 1) - 1)


def _column_number(letters: bytes) -> int:
    """b'A' or b'a' → 1."""
    return column_index(letters.decode("ascii").upper()) + 1


# A start tag's attributes: a quoted value may hold ">" (XML allows it), so a tag ends at
# the first ">" outside quotes, as the readers see it.
_ATTRIBUTES = rb"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_ATTRIBUTE = re.compile(rb"""\s([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# xlsx cells as Excel, LibreOffice and openpyxl write them: <c r="B7" ...>, r first after one
# space, no prefix. A cell without a value is self-closing (<c r="B7" s="1"/>) and calamine
# does not count it, so a sheet formatted down to row 1,048,576 costs nothing and is not counted.
_NOT_PLAIN_CELL = re.compile(rb'<c(?:[/>]|(?! r="[A-Z]{1,3}\d{1,7}")\s)')
_PREFIX_HINT = re.compile(rb":c[\s/>]")
_PREFIXED_CELL = re.compile(rb"<[\w.-]+:c[\s/>]")
_VALUED_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"' + _ATTRIBUTES + rb"(?<!/)>")
_VALUED_WIDE_CELL = re.compile(rb'<c r="[A-Z]([A-Z]{1,2})\d{1,7}"' + _ATTRIBUTES + rb"(?<!/)>")
_VALUED_WIDEST_CELL = re.compile(rb'<c r="[A-Z]{3}\d{1,7}"' + _ATTRIBUTES + rb"(?<!/)>")
# calamine counts a cell only when it holds <v> or <is> (any prefix); a piece without their
# tags (<v>, </is >: XML allows whitespace before the ">") has no valued cell, and is not
# searched further.
_VALUE_HINT = re.compile(rb"(?:v|is)\s*>")
# Any cell, for the exact count of a member written otherwise.
_ROW_OR_CELL = re.compile(rb"<(?:[\w.-]+:)?(row|c)(\s" + _ATTRIBUTES + rb"?)?(/?)>")
_R_REFERENCE = re.compile(rb"([A-Za-z]*)(\d*)")
# A start tag longer than this is not carried over to the next chunk (nor trusted: the
# child process's limits still hold).
_MAX_CARRY = 1 << 20


def _tag_complete(chunks: Iterable[bytes], at: bytes = b"<") -> Iterator[bytes]:
    """The chunks re-cut before the last `at` (else the last tag), so no tag is split.

    Cut before a row, a cell and its value stay in one piece.
    """
    carry = b""
    for chunk in chunks:
        text = carry + chunk
        cut = text.rfind(at)
        if cut <= 0:
            cut = text.rfind(b"<")
        if cut <= 0 or len(text) - cut > _MAX_CARRY:
            carry = b""
            yield text
            continue
        carry = text[cut:]
        yield text[:cut]
    if carry:
        yield carry


def _is_plain(text: bytes) -> bool:
    """True when every cell is written <c r="B7" (no prefix, r first, a plain reference)."""
    if _NOT_PLAIN_CELL.search(text):
        return False
    return not (_PREFIX_HINT.search(text) and _PREFIXED_CELL.search(text))


def _rows_above(limit: int) -> re.Pattern[bytes]:
    """A valued cell whose row number is above `limit` (more digits, or larger at a digit)."""
    digits = str(limit)
    choices = [rb"\d{%d,7}" % (len(digits) + 1)]
    for index, digit in enumerate(digits):
        if digit != "9":
            choices.append(
                digits[:index].encode()
                + b"[%d-9]" % (int(digit) + 1)
                + rb"\d{%d}" % (len(digits) - index - 1)
            )
    return re.compile(
        rb'<c r="[A-Z]{1,3}(?:' + b"|".join(choices) + rb')"' + _ATTRIBUTES + rb"(?<!/)>"
    )


def _bound_cells(chunks: Iterable[bytes], budget: int) -> tuple[bool, bool]:
    """(plain, within): a quick look that proves most sheets within the budget.

    A few searches bound the widest column (Z, ZZ or beyond) and then look for any valued
    cell below the last row the budget allows at that width; finding none proves the sheet
    within the budget without collecting every cell. Otherwise (or for a member written in
    another way) the member is measured again, exactly.
    """
    columns = 26
    plain = within = True
    for text in _tag_complete(chunks, b"<row"):
        if not plain or not within:
            continue  # drained to the end all the same, so its CRC is checked
        if not _VALUE_HINT.search(text):
            continue
        if not _is_plain(text):
            plain = within = False
            continue
        if columns == 26 and _VALUED_WIDE_CELL.search(text):
            columns = 702
        if columns == 702 and _VALUED_WIDEST_CELL.search(text):
            columns = 16_384
        if _rows_above(max(budget // columns, 1)).search(text):
            within = False
    return plain, within


def _measure_cells(chunks: Iterable[bytes], *, plain: bool) -> CellExtent:
    """The exact extent of an xlsx member's valued cells.

    A plain member is read for its references; any other follows rows and cells as a reader
    does (a cell without r is the next column of its row, a row without r the next row).
    """
    extent = CellExtent.EMPTY
    row = column = 0
    for text in _tag_complete(chunks):
        if plain:
            found = _VALUED_CELL.findall(text)
            if found:
                rows = [int(number) for _, number in found]
                columns = [_column_number(letters) for letters in {c for c, _ in found}]
                extent = extent.spanning(min(rows), max(rows), min(columns), max(columns))
            continue
        for tag, attributes, closed in _ROW_OR_CELL.findall(text):
            reference = _R_REFERENCE.fullmatch(_attribute(attributes, b"r") or b"-")
            if tag == b"row":
                row = int(reference.group(2)) if reference and reference.group(2) else row + 1
                column = 0
                continue
            if reference and reference.group(1) and reference.group(2):
                column, row = _column_number(reference.group(1)), int(reference.group(2))
            else:
                column += 1
            if not closed:
                extent = extent.widened(max(row, 1), max(column, 1))
    return extent


def _attribute(attributes: bytes, name: bytes) -> bytes | None:
    """The value of the attribute called `name` (any prefix), as a reader takes it."""
    for key, double, single in _ATTRIBUTE.findall(attributes):
        if key == name or key.endswith(b":" + name):
            return bytes(double or single)
    return None


# .ods: tables, rows and cells, any prefix; repeats multiply, a cell with a value (or
# content) counts, empty and only styled cells (LibreOffice's trailing million) do not.
_ODS_TAG = re.compile(
    rb"<(/?)(?:[\w.-]+:)?(table|table-row|table-cell|covered-table-cell)(\s"
    + _ATTRIBUTES
    + rb"?)?(/?)>"
)


class _OdsTables:
    """Follows tables, rows and cells of content.xml and keeps each table's valued extent."""

    def __init__(self) -> None:
        self.extents: dict[str, CellExtent] = {}
        self.name = ""
        self.row = 0  # rows before the current one
        self.repeat = 0  # how many times the current row is repeated (0: no row open)
        self.column = 0
        self.first = self.last = 0  # 1-based columns of the current row's valued cells

    def table(self, attributes: bytes) -> None:
        self.close_row()
        self.name = (_attribute(attributes, b"name") or b"").decode("utf-8", "replace")
        self.row = 0

    def table_row(self, repeat: int) -> None:
        self.close_row()
        self.repeat, self.column, self.first, self.last = repeat, 0, 0, 0

    def cell(self, repeat: int, valued: bool) -> None:
        if valued:
            self.first = self.first or self.column + 1
            self.last = self.column + repeat
        self.column += repeat

    def close_row(self) -> None:
        if self.repeat and self.last:
            extent = self.extents.get(self.name, CellExtent.EMPTY)
            self.extents[self.name] = extent.spanning(
                self.row + 1, self.row + self.repeat, self.first, self.last
            )
        self.row += self.repeat
        self.repeat = 0


_REPEAT = re.compile(rb"\+?\d+")


def _measure_ods_cells(chunks: Iterable[bytes]) -> dict[str, CellExtent]:
    """Each table's extent of valued cells in content.xml, repeats multiplied out."""
    tables = _OdsTables()
    depth = 0  # a table inside a cell is the cell's content: the reader skips it, so do we
    for text in _tag_complete(chunks):
        for end, tag, attributes, closed in _ODS_TAG.findall(text):
            if tag == b"table":
                if end:
                    depth = max(depth - 1, 0)
                elif not closed:
                    depth += 1
                    if depth == 1:
                        tables.table(attributes)
                continue
            if end or depth > 1:
                continue
            kind = b"rows" if tag == b"table-row" else b"columns"
            repeated = _attribute(attributes, b"number-%s-repeated" % kind) or b""
            # "+100000" too: the reader (Rust's parse) takes a plus sign.
            count = max(int(repeated), 1) if _REPEAT.fullmatch(repeated) else 1
            if tag == b"table-row":
                tables.table_row(count)
            else:
                valued = _attribute(attributes, b"value-type") is not None
                tables.cell(count, not closed or valued)
    tables.close_row()
    return tables.extents


def _sheet_names_by_part(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet member's sheet name, from xl/workbook.xml and its relationships."""
    try:
        workbook = SafeET.fromstring(archive.read("xl/workbook.xml"))
        relations = SafeET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # the names only make the refusal clearer
        return {}
    targets = {}
    for rel in relations.iter():
        if rel.tag.endswith("Relationship"):
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else "xl/" + target
            targets[rel.get("Id", "")] = os.path.normpath(path)
    names = {}
    for sheet in workbook.iter():
        if sheet.tag.endswith("}sheet"):
            rel_id = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), "")
            if rel_id in targets:
                names[targets[rel_id]] = sheet.get("name", "")
    return names


def _check_cell_budget(extents: dict[str, CellExtent], sheets: dict[str, str], budget: int) -> None:
    """Refuse a sheet whose valued cells span more cells than the budget.

    `extents` is keyed by the xlsx member (named through `sheets`) or the .ods table name.
    """
    for where, extent in extents.items():
        if extent.cells <= budget:
            continue
        name = sheets.get(where, where)
        first, last = extent.corners()
        raise RefusedFile(
            f'Bladet "{name}" har värden utspridda från {first} till {last}: '
            f"{_count(extent.cells)} celler, fler än gränsen {_count(budget)}. Oftast är det "
            "en ensam cell långt ner eller långt till höger (Ctrl+End i Excel visar den sista "
            "cellen): ta bort de tomma raderna och kolumnerna emellan och ladda upp igen."
        )


def _check_total_cells(extents: dict[str, CellExtent], budget: int) -> None:
    """Refuse a workbook whose sheets together span more cells than the budget.

    Many sheets each just within the budget (a 20 kB file of 60 sheets: 109 million cells)
    would otherwise keep a reader busy for minutes.
    """
    total = sum(extent.cells for extent in extents.values())
    if total > budget:
        raise RefusedFile(
            f"Arbetsbokens {len(extents)} blad har tillsammans värden utspridda över "
            f"{_count(total)} celler, fler än gränsen {_count(budget)}. Ta bort tomma blad och "
            "de tomma raderna och kolumnerna mellan värdena, och ladda upp igen."
        )


# Word's tables and cells (any prefix), and a cell's span over grid columns.
_WORD_TAG = re.compile(rb"<(?:[\w.-]+:)?(tbl|tc|gridSpan|gridBefore)(\s" + _ATTRIBUTES + rb"?)?/?>")
_WORD_MAX_SPAN = 63


def _check_word_tables(archive: zipfile.ZipFile, budget: int) -> None:
    """Refuse a .docx with more tables than a plan has, or more table cells than the budget.

    A cell counts each grid column it spans (at most Word's 63, as word.py reads it), and a
    row's skipped columns (gridBefore) count too: the reader makes a value of each.
    """
    tables = cells = 0
    try:
        for text in _tag_complete(_chunks(archive, archive.getinfo(_WORD_MAIN))):
            for tag, attributes in _WORD_TAG.findall(text):
                if tag == b"tbl":
                    tables += 1
                elif tag == b"tc":
                    cells += 1
                else:
                    value = _attribute(attributes, b"val") or b""
                    span = int(value) if value.isdigit() and len(value) < 6 else _WORD_MAX_SPAN
                    cells += min(span, _WORD_MAX_SPAN) - (tag == b"gridSpan")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise RefusedFile(
            "Word-dokumentet är skadat (texten går inte att packa upp). Spara det på nytt och "
            "ladda upp det igen."
        ) from exc
    if tables > MAX_WORD_TABLES:
        raise RefusedFile(
            f"Word-dokumentet har {_count(tables)} tabeller, fler än gränsen "
            f"{_count(MAX_WORD_TABLES)}. Spara aktivitetsplanens tabeller i ett eget dokument "
            "och ladda upp det."
        )
    if cells > budget:
        raise RefusedFile(
            f"Word-dokumentets tabeller har tillsammans {_count(cells)} celler, fler än "
            f"gränsen {_count(budget)}. Spara aktivitetsplanens tabeller i ett eget dokument "
            "och ladda upp det."
        )


def _check_csv_cells(data: bytes, budget: int) -> None:
    """Refuse a CSV with more cells (separators and lines) than the budget."""
    separators = max(data.count(b";"), data.count(b","), data.count(b"\t"))
    # A line may end in \r alone (the CSV reader takes it as one): count whichever is more.
    cells = separators + max(data.count(b"\n"), data.count(b"\r")) + 1
    if cells > budget:
        raise RefusedFile(
            f"CSV-filen har omkring {_count(cells)} celler, fler än gränsen {_count(budget)}. "
            "Den läses inte."
        )


def decode_csv(data: bytes) -> str | None:
    """CSV text as Excel exports it: UTF-8 (with or without BOM) or Windows-1252."""
    if b"\x00" in data[:4096]:
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def is_csv_text(data: bytes) -> bool:
    """True for text with a separator on its first line (; , or tab) and no binary bytes."""
    text = decode_csv(data[:65536])
    if text is None:
        return False
    first = text.lstrip().split("\n", 1)[0]
    control = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\r\n\t")
    return control == 0 and any(sep in first for sep in (";", ",", "\t"))
