"""Builders for hostile and broken files: each returns the bytes of one file."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable

import openpyxl
from openpyxl.comments import Comment

from tests.conftest import make_activity_row, make_plan_workbook


def _replace_member(data: bytes, name: str, content: bytes) -> bytes:
    """The same xlsx with one member's content replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, content if item.filename == name else source.read(item))
    return out.getvalue()


def not_xlsx_renamed() -> bytes:
    return b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"


def png_renamed() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8


def empty_file() -> bytes:
    return b""


def truncated_zip() -> bytes:
    data = make_plan_workbook()
    return data[: len(data) // 2]


def zip_without_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hej.txt", "inte en arbetsbok")
    return out.getvalue()


def empty_workbook() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def headers_only() -> bytes:
    return make_plan_workbook([], headers=("ID", "Aktivitet", "Ansvarig", "Slutdatum", "Status"))


def unrelated_table() -> bytes:
    rows = [{"Artikel": "Kaffe", "Pris": 45, "Antal": 3}, {"Artikel": "Te", "Pris": 30, "Antal": 1}]
    return make_plan_workbook(rows)


def zip_bomb() -> bytes:
    """A workbook whose sheet would unpack to 600 MB of nothing."""
    out = io.BytesIO()
    base = zipfile.ZipFile(io.BytesIO(make_plan_workbook()))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for item in base.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(item.filename, base.read(item))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1 << 20)
            for _ in range(600):
                member.write(chunk)
    return out.getvalue()


def entity_bomb() -> bytes:
    """Billion laughs declared in the sheet and used in a cell."""
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    data = make_plan_workbook()
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    body = sheet[sheet.index("?>") + 2 :] if sheet.startswith("<?xml") else sheet
    body = body.replace("<v>", "<v>&a9;", 1)
    xml = '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE worksheet [' + entities + "]>" + body
    return _replace_member(data, "xl/worksheets/sheet1.xml", xml.encode())


def entity_bomb_in_comments() -> bytes:
    data = _workbook_with_comment("Ring upp")
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    part = next(n for n in names if n.startswith("xl/comments"))
    xml = (
        '<?xml version="1.0"?><!DOCTYPE c [' + entities + ']><comments xmlns="http://schemas.'
        'openxmlformats.org/spreadsheetml/2006/main"><authors><author>x</author></authors>'
        '<commentList><comment ref="C2" authorId="0"><text><t>&a9;</t></text></comment>'
        "</commentList></comments>"
    )
    return _replace_member(data, part, xml.encode())


def personnummer_in_cell() -> bytes:
    row = make_activity_row(Aktivitet="Stödsamtal med 19121212-1212 om oro")
    return make_plan_workbook([row])


def personnummer_as_number() -> bytes:
    return make_plan_workbook([make_activity_row(ID=191212121212)])


def samordningsnummer_in_cell() -> bytes:
    return make_plan_workbook([make_activity_row(Kommentar="Gäller 701063-2391")])


def _workbook_with_comment(text: str) -> bytes:
    data = make_plan_workbook([make_activity_row(Aktivitet="Hembesök")])
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook.active
    assert sheet is not None
    sheet["C2"].comment = Comment(text, "Handläggare")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def personnummer_in_comment() -> bytes:
    return _workbook_with_comment("Kontakt: 121212-1212, ring efter lunch")


def old_xls() -> bytes:
    """An OLE container, as an old .xls is."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096 + "Workbook".encode("utf-16-le")


def encrypted_ole() -> bytes:
    """A password-protected xlsx: Office wraps it in OLE with an EncryptionInfo stream."""
    return (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 4096
        + "EncryptionInfo".encode("utf-16-le")
        + "EncryptedPackage".encode("utf-16-le")
    )


def text_without_table() -> bytes:
    return "Hej!\nHär är planen; den kommer sen.\n".encode()


def missing_kommun() -> bytes:
    return make_plan_workbook([make_activity_row(Slutdatum=dt.date(2024, 5, 1))], sheet="Plan")


HOSTILE: dict[str, Callable[[], bytes]] = {
    "inte-xlsx-med-ratt-namn": not_xlsx_renamed,
    "png-med-xlsx-namn": png_renamed,
    "text-utan-tabell": text_without_table,
    "gammal-xls": old_xls,
    "tom-fil": empty_file,
    "avklippt-zip": truncated_zip,
    "zip-utan-arbetsbok": zip_without_workbook,
    "tom-arbetsbok": empty_workbook,
    "bara-rubriker": headers_only,
    "orelaterad-tabell": unrelated_table,
    "zip-bomb": zip_bomb,
    "entitetsbomb": entity_bomb,
    "entitetsbomb-i-kommentar": entity_bomb_in_comments,
    "personnummer-i-cell": personnummer_in_cell,
    "personnummer-som-tal": personnummer_as_number,
    "samordningsnummer-i-cell": samordningsnummer_in_cell,
    "personnummer-i-kommentar": personnummer_in_comment,
    "losenordsskyddad-eller-xls": encrypted_ole,
}


def million_styled_rows() -> bytes:
    """Two real rows, then styled empty cells down to row 1,048,576 ("format whole column")."""
    data = make_plan_workbook([make_activity_row()])
    archive = zipfile.ZipFile(io.BytesIO(data))
    sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    filler = "".join(
        f'<row r="{r}"><c r="A{r}" s="1"/><c r="G{r}" s="1"/></row>' for r in range(3, 1_048_577)
    )
    sheet = sheet.replace("</sheetData>", filler + "</sheetData>")
    styles = archive.read("xl/styles.xml").decode()
    # Give style 1 a solid yellow fill, so the fill reader has a million candidates too.
    styles = styles.replace(
        "</fills>",
        '<fill><patternFill patternType="solid"><fgColor rgb="FFFFFF00"/></patternFill></fill>'
        "</fills>",
    )
    fill_id = styles.count("<fill>") - 1
    styles = styles.replace(
        "</cellXfs>",
        f'<xf numFmtId="0" fontId="0" fillId="{fill_id}" borderId="0" applyFill="1"/></cellXfs>',
    )
    out = _replace_member(data, "xl/worksheets/sheet1.xml", sheet.encode())
    return _replace_member(out, "xl/styles.xml", styles.encode())
