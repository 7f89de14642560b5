"""Builders for hostile and broken files: each returns the bytes of one file."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

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


def _sheet_xml_replaced(data: bytes, old: str, new: str) -> bytes:
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    if old not in sheet:  # openpyxl on lxml (python-docx brings it) writes "å" as "&#229;"
        old = old.encode("ascii", "xmlcharrefreplace").decode()
    assert old in sheet
    return _replace_member(data, "xl/worksheets/sheet1.xml", sheet.replace(old, new, 1).encode())


def external_entity() -> bytes:
    """An XXE attempt: a SYSTEM entity pointing at a local file."""
    data = make_plan_workbook()
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    body = sheet[sheet.index("?>") + 2 :] if sheet.startswith("<?xml") else sheet
    xml = '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + body
    return _replace_member(data, "xl/worksheets/sheet1.xml", xml.encode())


def deeply_nested_xml() -> bytes:
    """200,000 nested elements in the sheet's extension list."""
    depth = 200_000
    nested = "<extLst>" + "<a>" * depth + "</a>" * depth + "</extLst>"
    return _sheet_xml_replaced(make_plan_workbook(), "</worksheet>", nested + "</worksheet>")


def duplicate_ids() -> bytes:
    rows = [make_activity_row(ID="A1"), make_activity_row(ID="A1", Aktivitet="Annan insats")]
    return make_plan_workbook(rows)


def samordningsnummer_in_comment() -> bytes:
    return _workbook_with_comment("Berör 701063-2391")


def personnummer_in_hidden_sheet() -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(make_plan_workbook()))
    hidden = workbook.create_sheet("Anteckningar")
    hidden["B3"] = "Anmälan gäller 20121212-1212"
    hidden.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def personnummer_in_csv() -> bytes:
    return "Aktivitet;Ansvarig;Kommentar\nHembesök;Socialtjänsten;Gäller 121212-1212\n".encode(
        "cp1252"
    )


def personnummer_in_ods_comment() -> bytes:

    source = Path(__file__).parent / "fixtures" / "libreoffice_plan.ods"
    data = source.read_bytes()
    content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml").decode()
    marker = "<text:p>SSPF-möten varannan vecka</text:p>"
    assert marker in content
    note = "<office:annotation><text:p>Kontakt 19121212-1212</text:p></office:annotation>"
    return _replace_member(data, "content.xml", content.replace(marker, note + marker).encode())


def oversized_file() -> bytes:
    """Over the 20 MB upload limit (incompressible bytes in a member the guard never trusts)."""
    import os

    base = make_plan_workbook()
    out = io.BytesIO(base)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/media/bild.bin", os.urandom(21 * 1024 * 1024))
    return out.getvalue()


HOSTILE.update(
    {
        "extern-entitet": external_entity,
        "dubbla-id": duplicate_ids,
        "samordningsnummer-i-kommentar": samordningsnummer_in_comment,
        "personnummer-pa-dolt-blad": personnummer_in_hidden_sheet,
        "personnummer-i-csv": personnummer_in_csv,
        "personnummer-i-ods-kommentar": personnummer_in_ods_comment,
        "for-stor-fil": oversized_file,
    }
)


# Files that are odd but honest: each must import, and import correctly.
def formulas_and_error_values() -> bytes:
    rows = [
        make_activity_row(ID="A1", Ansvarig="=1/0"),
        make_activity_row(ID="A2", Aktivitet="Trygghetsmöte", Ansvarig="#DIV/0!"),
    ]
    return make_plan_workbook(rows)


def control_and_invisible_characters() -> bytes:
    title = "Trygg\u202ehets\u200bvandring"
    data = make_plan_workbook([make_activity_row(Aktivitet=title, Kommentar="rad MARK två")])
    # openpyxl refuses control characters, Excel writes them as _xHHHH_ escapes.
    return _sheet_xml_replaced(data, "rad MARK två", "rad_x000B_ två_x0007_")


def very_long_cells() -> bytes:
    return make_plan_workbook([make_activity_row(Kommentar="lång text " * 10_000)])


def missing_ids() -> bytes:
    rows = [make_activity_row(ID=None), make_activity_row(ID="A2", Aktivitet="Andra")]
    return make_plan_workbook(rows)


def dates_in_1904_mode() -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(make_plan_workbook()))
    workbook.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_member_with_path_traversal() -> bytes:
    out = io.BytesIO(make_plan_workbook())
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("../../../tmp/samverkan-pwned.txt", "x")
    return out.getvalue()


ACCEPTED: dict[str, Callable[[], bytes]] = {
    "formler-och-felvarden": formulas_and_error_values,
    "styr-och-osynliga-tecken": control_and_invisible_characters,
    "mycket-langa-celler": very_long_cells,
    "saknade-id": missing_ids,
    "datum-i-1904-lage": dates_in_1904_mode,
    "zip-med-sokvag-utanfor": zip_member_with_path_traversal,
    "djupt-nastlad-xml": deeply_nested_xml,
    "miljon-formaterade-rader": million_styled_rows,
}


# Files that took the whole server down, or kept it busy for a minute (issue 14): a reader
# allocates every cell from the first to the last one holding a value, and a zip member can
# unpack to hundreds of times its size. Each is refused before it is read, or by the limits
# of the child process that reads it.
_INLINE = '<c r="{ref}" t="inlineStr"><is><t>x</t></is></c>'


def _with_far_row(row: int, cell: str, data: bytes | None = None) -> bytes:
    """The plan with one more row, far down, holding the given cell."""
    data = data or make_plan_workbook()
    return _sheet_xml_replaced(data, "</sheetData>", f'<row r="{row}">{cell}</row></sheetData>')


def cell_at_xfd1048576() -> bytes:
    """5 kB: one value in the very last cell, and the reader allocated 17 billion cells."""
    return _with_far_row(1_048_576, _INLINE.format(ref="XFD1048576"))


def cell_at_cv200000() -> bytes:
    """A value at CV200000: 20 million cells, 1 GB and 12 s, and it was accepted."""
    return _with_far_row(200_000, _INLINE.format(ref="CV200000"))


def cell_without_reference_far_down() -> bytes:
    """A cell without r in the last row: it sits in column A of row 1,048,576."""
    return _with_far_row(1_048_576, '<c t="inlineStr"><is><t>x</t></is></c>')


def cell_with_reference_last() -> bytes:
    """r written after the other attributes, where a quick look for <c r="…" misses it."""
    return _with_far_row(1_048_576, '<c t="inlineStr" r="XFD1048576"><is><t>x</t></is></c>')


def far_cell_on_hidden_sheet() -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(make_plan_workbook()))
    hidden = workbook.create_sheet("Gömt")
    hidden["A1"] = "start"
    hidden["XFD1048576"] = "slut"
    hidden.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _doctype_sheet(prefix: str, *, encoding: str = "utf-8") -> bytes:
    """The plan's sheet with `prefix` and then a DOCTYPE declaring an entity."""
    sheet = zipfile.ZipFile(io.BytesIO(make_plan_workbook())).read("xl/worksheets/sheet1.xml")
    body = sheet.decode()
    body = body[body.index("?>") + 2 :] if body.startswith("<?xml") else body
    # Declared, not used: calamine reads past it, so only the guard can refuse the file.
    declared = '<!DOCTYPE worksheet [<!ENTITY hej "hej">]>'
    head = f'<?xml version="1.0" encoding="{encoding.upper()}"?>'
    return (head + prefix + declared + body).encode(encoding)


def doctype_after_long_comment() -> bytes:
    """A 5,000-byte comment first hid the DOCTYPE from a look at the first 4,096 bytes."""
    sheet = _doctype_sheet("<!--" + "x" * 5_000 + "-->")
    return _replace_member(make_plan_workbook(), "xl/worksheets/sheet1.xml", sheet)


def doctype_across_chunk_boundary() -> bytes:
    """The DOCTYPE split between the guard's 1 MiB chunks ("<!DOC" | "TYPE")."""
    import os

    head = '<?xml version="1.0" encoding="UTF-8"?>'
    # Random text, so the member does not compress past the ratio limit.
    filler = "<!--" + os.urandom(1 << 19).hex()[: (1 << 20) - len(head) - 4 - 3 - 5] + "-->"
    sheet = _doctype_sheet(filler)
    assert sheet.index(b"<!DOCTYPE") == (1 << 20) - 5
    return _replace_member(make_plan_workbook(), "xl/worksheets/sheet1.xml", sheet)


def doctype_in_utf16_member() -> bytes:
    sheet = _doctype_sheet("<!--" + "x" * 5_000 + "-->", encoding="utf-16")
    return _replace_member(make_plan_workbook(), "xl/worksheets/sheet1.xml", sheet)


def doctype_in_member_not_named_xml() -> bytes:
    """The sheet moved to xl/worksheets/blad1.dat: XML by its content, whatever its name."""
    data = make_plan_workbook()
    source = zipfile.ZipFile(io.BytesIO(data))
    sheet = _doctype_sheet("")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                target.writestr("xl/worksheets/blad1.dat", sheet)
                continue
            if item.filename in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
                content = content.replace(b"worksheets/sheet1.xml", b"worksheets/blad1.dat")
            target.writestr(item.filename, content)
    return out.getvalue()


def _with_shared_strings(data: bytes, write: Callable[[Callable[[bytes], object]], None]) -> bytes:
    """The workbook with a sharedStrings part (written by `write`), related and typed."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/sharedStrings" Target="sharedStrings.xml" Id="rId99" />'
                    b"</Relationships>",
                )
            elif item.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                    b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml" /></Types>',
                )
            target.writestr(item.filename, content)
        with target.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
            write(member.write)
    return out.getvalue()


def shared_strings_behind_filler() -> bytes:
    """390 MB of shared strings in 3 MB: a random filler member lent the archive its ratio."""
    import os

    def write(put: Callable[[bytes], object]) -> None:
        count = 390 * 1024
        put(b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.')
        put(b'org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (count, count))
        item = b"<si><t>" + b"a" * 1010 + b"</t></si>"
        for _ in range(count // 256):
            put(item * 256)
        put(b"</sst>")

    data = _with_shared_strings(make_plan_workbook(), write)
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/media/fyllnad.bin", os.urandom(3 * 1024 * 1024))
    return out.getvalue()


def string_amplification() -> bytes:
    """One 32,000-character shared string in 200,000 cells: 6 GB once each cell has its copy.

    Within the cell budget and every zip ratio, so only the child process's memory limit
    stops it.
    """

    def write(put: Callable[[bytes], object]) -> None:
        put(b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.')
        put(b'org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>')
        put(bytes(range(65, 91)) * 1230 + b"</t></si></sst>")

    letters = "ABCDEFGHIJ"
    rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}" t="s"><v>0</v></c>' for c in letters) + "</row>"
        for r in range(3, 20_003)
    )
    data = _sheet_xml_replaced(make_plan_workbook(), "</sheetData>", rows + "</sheetData>")
    return _with_shared_strings(data, write)


def _ods_with_rows(rows: str) -> bytes:
    """The LibreOffice plan with more rows after its own, before its million empty ones."""

    data = (Path(__file__).parent / "fixtures" / "libreoffice_plan.ods").read_bytes()
    content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml").decode()
    end = content.index('<table:table-row table:style-name="ro1" table:number-rows-repeated=')
    return _replace_member(data, "content.xml", (content[:end] + rows + content[end:]).encode())


def ods_repeated_rows() -> bytes:
    """27 kB: a row of 300 values repeated 100,000 times, 30 million cells."""
    cell = (
        '<table:table-cell table:number-columns-repeated="300" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell>"
    )
    return _ods_with_rows(
        f'<table:table-row table:number-rows-repeated="100000">{cell}</table:table-row>'
    )


def ods_far_cell() -> bytes:
    """One value in the last cell of an .ods sheet, reached by repeated empty rows and cells."""
    return _ods_with_rows(
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
        'table:number-columns-repeated="16384"/></table:table-row><table:table-row>'
        '<table:table-cell table:number-columns-repeated="16383"/><table:table-cell '
        'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
    )


def ods_string_amplification() -> bytes:
    """A 30,000-character value repeated over 1.8 million cells: within the cell budget."""
    cell = (
        '<table:table-cell table:number-columns-repeated="300" office:value-type="string">'
        f"<text:p>{'x' * 30_000}</text:p></table:table-cell>"
    )
    return _ods_with_rows(
        f'<table:table-row table:number-rows-repeated="6000">{cell}</table:table-row>'
    )


def csv_with_millions_of_cells() -> bytes:
    """19 MB of separators: 19 million empty cells."""
    return b"Aktivitet;Ansvarig;Slutdatum\n" + b";" * (19 * 1024 * 1024) + b"\n"


HOSTILE.update(
    {
        "cell-langst-ut": cell_at_xfd1048576,
        "cell-vid-cv200000": cell_at_cv200000,
        "cell-utan-adress-langst-ner": cell_without_reference_far_down,
        "cell-med-adressen-sist": cell_with_reference_last,
        "langt-ut-pa-dolt-blad": far_cell_on_hidden_sheet,
        "doctype-efter-lang-kommentar": doctype_after_long_comment,
        "doctype-over-blockgrans": doctype_across_chunk_boundary,
        "doctype-i-utf16-del": doctype_in_utf16_member,
        "doctype-i-del-utan-xml-namn": doctype_in_member_not_named_xml,
        "delade-strangar-bakom-fyllnad": shared_strings_behind_filler,
        "strangforstarkning": string_amplification,
        "ods-upprepade-rader": ods_repeated_rows,
        "ods-cell-langst-ut": ods_far_cell,
        "ods-strangforstarkning": ods_string_amplification,
        "csv-med-miljoner-celler": csv_with_millions_of_cells,
    }
)


def ods_colour_bomb() -> bytes:
    """2,000 coloured empty cells each repeated 10,000 times: 2.8 GB and 35 s when expanded."""
    cell = '<table:table-cell table:style-name="ce4" table:number-columns-repeated="10000"/>'
    return _ods_with_rows(f"<table:table-row>{cell}</table:table-row>" * 2_000)


ACCEPTED["ods-fargbomb"] = ods_colour_bomb


_FIXTURES = Path(__file__).parent / "fixtures"


def _with_member(data: bytes, name: str, content: bytes) -> bytes:
    """The same zip with one more member (the way Office stores an object pasted in)."""
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return out.getvalue()


def _case_note() -> bytes:
    """A Word document holding a personnummer: what an object pasted into a plan can carry."""
    return (_FIXTURES / "word" / "personnummer_in_cell.docx").read_bytes()


def word_document_embedded_in_workbook() -> bytes:
    plan = make_plan_workbook([make_activity_row()], sheet="Plan")
    return _with_member(plan, "xl/embeddings/Microsoft_Word_Document.docx", _case_note())


def ole_object_embedded_in_word() -> bytes:
    plan = (_FIXTURES / "word" / "plan_per_focus_area.docx").read_bytes()
    return _with_member(plan, "word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0" + bytes(60))


def text_object_embedded_in_ods() -> bytes:
    """An .ods with a text document as "Object 1" (a chart there is allowed, see the tests)."""
    plan = (_FIXTURES / "libreoffice_plan.ods").read_bytes()
    return _with_member(plan, "Object 1/content.xml", b"<office:document-content/>")


HOSTILE.update(
    {
        "word-dokument-inbaddat-i-arbetsbok": word_document_embedded_in_workbook,
        "ole-objekt-inbaddat-i-word": ole_object_embedded_in_word,
        "textobjekt-inbaddat-i-ods": text_object_embedded_in_ods,
    }
)
