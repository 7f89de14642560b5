"""A .docx as an attacker writes it: each place text can hide, and each way a table can be
wrapped, decided. What the import reads is screened for personnummer; what it does not read
(deleted and moved-away text, footnotes, embedded files, external links) is never stored.
A cell wrapped in a content control keeps its column, so an owner's name never becomes a
title (which the Medborgarlöften page shows)."""

from __future__ import annotations

import io
import socket
import threading
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from samverkan.excel.guard import FileKind, RefusedFile, guard_spreadsheet
from samverkan.excel.read import read_values
from samverkan.importing.reading import read_plan
from samverkan.models import ImportReport
from tests.importing.test_hostile import run_import
from tests.importing.test_hostile_word import FIXTURE, _document

PNR = "19121212-1212"  # Skatteverket's test personnummer: the check digit is right
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_CHANGE = "w:id='1' w:author='x' w:date='2024-01-01T00:00:00Z'"


def _run(text: str, properties: str = "") -> str:
    return f"<w:r>{properties}<w:t xml:space='preserve'>{text}</w:t></w:r>"


def _tc(inner: str) -> str:
    return f"<w:tc><w:p>{inner}</w:p></w:tc>"


def _tr(*cells: str) -> str:
    return "<w:tr>" + "".join(cells) + "</w:tr>"


HEADER = _tr(_tc(_run("Aktivitet")), _tc(_run("Ansvarig")), _tc(_run("Status")))
SECOND = _tr(_tc(_run("Nattvandring")), _tc(_run("Polisen")), _tc(_run("Klar")))


def _docx(table: str, *, title: str = "Handlingsplan 2025 för Lunds kommun") -> bytes:
    document = docx.Document()
    document.add_paragraph(title)
    document.add_heading("Fokusområde 1: Trygghet", level=2)
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(f"<w:tbl {_W}>{table}</w:tbl>"))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _with_title_cell(inner: str) -> bytes:
    """The plan with `inner` (runs) as the first activity's title cell."""
    return _docx(HEADER + _tr(_tc(inner), _tc(_run("Anna Berg")), _tc(_run("Pågår"))) + SECOND)


def _titles(report: ImportReport) -> list[tuple[str, str | None]]:
    return [(a.title, a.owner) for p in report.agreements for a in p.activities]


def _refused_for_personnummer(report: ImportReport) -> bool:
    return not report.agreements and any("personnummer" in e.message for e in report.errors)


# -- text the import reads: screened ------------------------------------------------------

_READ_AND_SCREENED = {
    "spårad-infogning": f"{_run('Trygghetsvandring ')}<w:ins {_CHANGE}>{_run(PNR)}</w:ins>",
    "dold-text": _run("Trygghetsvandring ") + _run(PNR, "<w:rPr><w:vanish/></w:rPr>"),
    "textruta": _run("Trygghetsvandring ")
    + "<w:r><w:pict><v:shape xmlns:v='urn:schemas-microsoft-com:vml'><v:textbox>"
    f"<w:txbxContent><w:p>{_run(PNR)}</w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>",
    "nästlad-tabell": _run("Trygghetsvandring")
    + f"</w:p><w:tbl><w:tr><w:tc><w:p>{_run(PNR)}</w:p></w:tc></w:tr></w:tbl><w:p>",
    "innehållskontroll": f"<w:sdt><w:sdtPr/><w:sdtContent>{_run(PNR)}</w:sdtContent></w:sdt>",
    "ruby": _run("Trygghetsvandring")
    + f"<w:r><w:ruby><w:rubyPr/><w:rt>{_run(PNR)}</w:rt><w:rubyBase>{_run('x')}</w:rubyBase>"
    "</w:ruby></w:r>",
}


@pytest.mark.parametrize("name", sorted(_READ_AND_SCREENED))
def test_a_personnummer_anywhere_the_cell_text_is_read_from_refuses_the_file(name: str) -> None:
    assert _refused_for_personnummer(
        read_plan(_with_title_cell(_READ_AND_SCREENED[name]), "p.docx")
    )


def test_a_personnummer_in_the_title_block_or_heading_refuses_the_file() -> None:
    data = _docx(HEADER + SECOND, title=f"Handlingsplan 2025 för Lunds kommun {PNR}")
    assert _refused_for_personnummer(read_plan(data, "p.docx"))


# -- text the import does not read: not a value, but screened (the original is stored) ------

_NOT_READ = {
    "raderad": f"<w:del {_CHANGE}><w:r><w:delText>{{}}</w:delText></w:r></w:del>",
    # Word never writes w:t inside w:del, but a crafted file may: it is deleted all the same.
    "raderad-som-text": f"<w:del {_CHANGE}>{_run('{}')}</w:del>",
    "raderad-fältkod": f"<w:del {_CHANGE}><w:r><w:delInstrText>{{}}</w:delInstrText></w:r></w:del>",
    # Moved away: Word keeps w:t in w:moveFrom, and the final view shows it only where it went.
    "flyttad-härifrån": f"<w:moveFrom {_CHANGE}>{_run('{}')}</w:moveFrom>",
    "fältkod": "<w:r><w:fldChar w:fldCharType='begin'/></w:r>"
    '<w:r><w:instrText> HYPERLINK "file:///etc/passwd" {}</w:instrText></w:r>'
    "<w:r><w:fldChar w:fldCharType='separate'/></w:r>"
    f"{_run(' länk')}<w:r><w:fldChar w:fldCharType='end'/></w:r>",
}


@pytest.mark.parametrize("name", sorted(_NOT_READ))
def test_text_word_does_not_show_as_the_cells_value_is_not_read(name: str) -> None:
    data = _with_title_cell(_run("Trygghetsvandring") + _NOT_READ[name].format("Bertil Olsson"))
    report = read_plan(data, "p.docx")
    assert not report.errors, report.errors
    (title, owner), _ = _titles(report)
    assert title in ("Trygghetsvandring", "Trygghetsvandring länk")
    assert owner == "Anna Berg"
    assert "Bertil" not in repr(read_values(data, FileKind.DOCX))


def _refused_for_unread_text(report: ImportReport, where: str) -> bool:
    return not report.agreements and any(
        e.message.startswith(f"Word-dokumentets {where}") and "personnummer" in e.message
        for e in report.errors
    )


@pytest.mark.parametrize("name", sorted(_NOT_READ))
def test_a_personnummer_in_text_word_does_not_show_refuses_the_file(name: str) -> None:
    """Not read, but the original file is stored as uploaded (Historik): fail closed."""
    data = _with_title_cell(_run("Trygghetsvandring") + _NOT_READ[name].format(PNR))
    assert _refused_for_unread_text(read_plan(data, "p.docx"), "text")


def _with_part(data: bytes, name: str, xml: str, rels: str = "", link: str = "") -> bytes:
    """The document with one more XML part, linked from `rels` (python-docx keeps it as bytes,
    or, unlinked, never loads it): in the stored original either way."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        base = zipfile.ZipFile(io.BytesIO(data))
        for item in base.infolist():
            content = base.read(item.filename)
            if item.filename == rels:
                content = content.replace(b"</Relationships>", link.encode() + b"</Relationships>")
            if item.filename != name:
                archive.writestr(item.filename, content)
        archive.writestr(name, xml)
    return out.getvalue()


_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARTS = {
    "anpassad-xml": (
        "customXml/item1.xml",
        "<elev><namn>Bertil Olsson</namn><nummer>{}</nummer></elev>",
        "word/_rels/document.xml.rels",
        f'<Relationship Id="rC1" Type="{_REL}/customXml" Target="../customXml/item1.xml"/>',
        "anpassade XML-data",
    ),
    "egna-egenskaper": (
        "docProps/custom.xml",
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-'
        'properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" '
        'name="Kontakt"><vt:lpwstr>{}</vt:lpwstr></property></Properties>',
        "_rels/.rels",
        f'<Relationship Id="rP9" Type="{_REL}/custom-properties" Target="docProps/custom.xml"/>',
        "dokumentegenskaper",
    ),
    "olänkad-del": ("word/anteckning.xml", "<a><b>Gäller {}</b></a>", "", "", "/word/anteckning"),
}


@pytest.mark.parametrize("part", sorted(_PARTS))
def test_a_personnummer_in_a_part_python_docx_does_not_parse_refuses_the_file(part: str) -> None:
    name, xml, rels, link, where = _PARTS[part]
    data = _with_part(_docx(HEADER + SECOND), name, xml.format(PNR), rels, link)
    assert _refused_for_unread_text(read_plan(data, "p.docx"), where)


def _plan_with(place: str, text: str) -> bytes:
    document = docx.Document(io.BytesIO(_docx(HEADER + SECOND)))
    if place == "löptext":
        document.add_paragraph(f"Kontaktperson på socialtjänsten: Anna Berg, {text}.")
    elif place == "sidhuvud":
        document.sections[0].header.paragraphs[0].text = text
    elif place == "sidfot":
        document.sections[0].footer.paragraphs[0].text = text
    else:
        document.core_properties.author = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_PLACES = {
    "löptext": "text",
    "sidhuvud": "sidhuvud",
    "sidfot": "sidfot",
    "egenskaper": "dokumentegenskaper",
}


@pytest.mark.parametrize("place", sorted(_PLACES))
def test_a_personnummer_outside_the_tables_refuses_the_file(place: str) -> None:
    assert _refused_for_unread_text(read_plan(_plan_with(place, PNR), "p.docx"), _PLACES[place])


@pytest.mark.parametrize("place", sorted(_PLACES))
def test_phone_and_case_numbers_outside_the_tables_are_no_personnummer(place: str) -> None:
    text = "Dnr KS 2024/123, tel. 046-35 50 00, 0701234567, 19121212"
    report = read_plan(_plan_with(place, text), "p.docx")
    assert not report.errors, report.errors
    assert _titles(report) == [("Nattvandring", "Polisen")]


def test_a_personnummer_in_a_cell_is_named_once_at_its_cell() -> None:
    report = read_plan(_with_title_cell(_run(f"Samtal {PNR}")), "p.docx")
    (error,) = report.errors
    assert error.message.startswith("Cellen innehåller ett personnummer")


def _rels(port: int) -> bytes:
    kinds = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    return (
        f'<Relationship Id="rX1" Type="{kinds}/image" '
        f'Target="http://127.0.0.1:{port}/bild.png" TargetMode="External"/>'
        f'<Relationship Id="rX2" Type="{kinds}/hyperlink" Target="file:///etc/passwd" '
        'TargetMode="External"/>'
        f'<Relationship Id="rX3" Type="{kinds}/subDocument" '
        f'Target="http://127.0.0.1:{port}/del.docx" TargetMode="External"/>'
        f'<Relationship Id="rX4" Type="{kinds}/aFChunk" Target="bit.html"/>'
        f'<Relationship Id="rX5" Type="{kinds}/package" Target="embeddings/plan.xlsx"/>'
        f'<Relationship Id="rX6" Type="{kinds}/oleObject" Target="embeddings/ole.bin"/>'
    ).encode()


def _with_outside_parts(data: bytes, port: int, plan_xlsx: bytes) -> bytes:
    """External links (an image, a sub document, a template), an altChunk of HTML, an
    embedded workbook and an OLE object, each holding a personnummer or pointing at `port`."""
    base = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in base.infolist():
            content = base.read(item.filename)
            if item.filename == "word/_rels/document.xml.rels":
                content = content.replace(b"</Relationships>", _rels(port) + b"</Relationships>")
            elif item.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Default Extension="html" ContentType="text/html"/>'
                    b'<Default Extension="bin" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.oleObject"/>'
                    b'<Override PartName="/word/embeddings/plan.xlsx" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sheet"/></Types>',
                )
            elif item.filename == "word/document.xml":
                content = content.replace(
                    b"</w:body>", b'<w:altChunk r:id="rX4"/><w:subDoc r:id="rX3"/></w:body>'
                )
            archive.writestr(item.filename, content)
        archive.writestr("word/bit.html", f"<html><body><p>{PNR}</p></body></html>")
        archive.writestr("word/embeddings/plan.xlsx", plan_xlsx)
        archive.writestr("word/embeddings/ole.bin", b"\xd0\xcf\x11\xe0" + PNR.encode())
        archive.writestr(
            "word/_rels/settings.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rT" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
            f'Target="http://127.0.0.1:{port}/mall.dotm" TargetMode="External"/>'
            "</Relationships>",
        )
    return out.getvalue()


def test_external_links_and_embedded_files_are_neither_fetched_nor_read() -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["Aktivitet", "Ansvarig"])
    workbook.active.append([f"Samtal med {PNR}", "Anna Berg"])
    embedded = io.BytesIO()
    workbook.save(embedded)
    connections: list[object] = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)

    def serve() -> None:
        while not stopped.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            connections.append(connection)
            connection.close()

    stopped = threading.Event()
    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        data = _with_outside_parts(
            _docx(HEADER + SECOND), server.getsockname()[1], embedded.getvalue()
        )
        # The guard refuses the embedded files (the altChunk's HTML, the workbook, the OLE
        # object): their text would be stored with the original, never screened.
        with pytest.raises(RefusedFile, match="3 inbäddade objekt"):
            guard_spreadsheet(data)
        report = read_plan(data, "p.docx")
    finally:
        stopped.set()
        thread.join()
        server.close()
    assert [e.message for e in report.errors if "inbäddade objekt" in e.message]
    assert PNR not in repr(read_values(data, FileKind.DOCX))
    assert connections == []


# -- wrapped rows and cells keep their columns -------------------------------------------


def _control(inner: str) -> str:
    return f"<w:sdt><w:sdtPr/><w:sdtContent>{inner}</w:sdtContent></w:sdt>"


def _custom(inner: str) -> str:
    return f"<w:customXml w:element='rad'>{inner}</w:customXml>"


_WRAPPED: dict[str, str] = {
    # A template's title cell in a content control: read as a direct child only, the cell
    # was skipped and "Anna Berg" became the title, shown on the Medborgarlöften page.
    "cell-i-innehållskontroll": _tr(
        _control(_tc(_run("Trygghetsvandring"))), _tc(_run("Anna Berg")), _tc(_run("Pågår"))
    ),
    "cell-i-custom-xml": _tr(
        _custom(_tc(_run("Trygghetsvandring"))), _tc(_run("Anna Berg")), _tc(_run("Pågår"))
    ),
    # A repeating section: the row in a content control was dropped without a word.
    "rad-i-innehållskontroll": _control(
        _tr(_tc(_run("Trygghetsvandring")), _tc(_run("Anna Berg")), _tc(_run("Pågår")))
    ),
    "rad-i-nästlade-kontroller": _control(
        _custom(_tr(_tc(_run("Trygghetsvandring")), _tc(_run("Anna Berg")), _tc(_run("Pågår"))))
    ),
}


@pytest.mark.parametrize("name", sorted(_WRAPPED))
def test_a_row_or_cell_in_a_content_control_keeps_its_place(name: str) -> None:
    data = _docx(HEADER + _WRAPPED[name] + SECOND)
    report = read_plan(data, "p.docx")
    assert not report.errors, report.errors
    assert _titles(report) == [("Trygghetsvandring", "Anna Berg"), ("Nattvandring", "Polisen")]


def test_a_cell_in_a_content_control_showing_its_prompt_is_empty() -> None:
    prompt = "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>"
    row = _tr(
        _tc(_run("Trygghetsvandring")),
        prompt.format(_tc(_run("Klicka eller tryck här för att ange text."))),
        _tc(_run("Pågår")),
    )
    report = read_plan(_docx(HEADER + row + SECOND), "p.docx")
    assert _titles(report) == [("Trygghetsvandring", None), ("Nattvandring", "Polisen")]


def test_a_header_row_in_a_content_control_is_the_header() -> None:
    data = _docx(_control(HEADER) + SECOND)
    assert _titles(read_plan(data, "p.docx")) == [("Nattvandring", "Polisen")]


def test_a_personnummer_in_a_wrapped_cell_refuses_the_file() -> None:
    row = _tr(_control(_tc(_run(PNR))), _tc(_run("Anna Berg")), _tc(_run("Pågår")))
    assert _refused_for_personnummer(read_plan(_docx(HEADER + row + SECOND), "p.docx"))


# -- the kind by its bytes, never its name ------------------------------------------------


def test_a_docx_named_xlsx_is_read_as_the_word_document_it_is() -> None:
    report = read_plan(_docx(HEADER + SECOND), "plan.xlsx")
    assert _titles(report) == [("Nattvandring", "Polisen")]


def test_a_workbook_named_docx_is_read_as_the_workbook_it_is() -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["Handlingsplan 2025 för Lunds kommun"])
    workbook.active.append(["Aktivitet", "Ansvarig", "Status"])
    workbook.active.append(["Nattvandring", "Polisen", "Klar"])
    out = io.BytesIO()
    workbook.save(out)
    assert _titles(read_plan(out.getvalue(), "plan.docx")) == [("Nattvandring", "Polisen")]


_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


@pytest.mark.parametrize(
    "content_type",
    [
        b"application/vnd.ms-word.document.macroEnabled.main+xml",  # .docm
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
        b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",  # .dotm
    ],
)
def test_a_macro_document_or_a_template_is_refused_saying_how_to_save_it(
    content_type: bytes,
) -> None:
    base = zipfile.ZipFile(io.BytesIO(_docx(HEADER + SECOND)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in base.infolist():
            content = base.read(item.filename)
            if item.filename == "[Content_Types].xml":
                assert _MAIN in content
                content = content.replace(_MAIN, content_type)
            archive.writestr(item.filename, content)
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")
    report = read_plan(out.getvalue(), "plan.docm")
    assert not report.agreements
    (error,) = report.errors
    assert "Spara som" in error.message
    assert ".docx" in error.message


# -- a heading that takes a later table's name ---------------------------------------------


def test_a_heading_named_like_a_later_table_does_not_lend_it_its_colours() -> None:
    """A heading "Tabell 2" over the first table: the second table, unnamed, was "Tabell 2"
    too, and was read with the first one's shading (its green read as red) and columns."""
    document = docx.Document()
    document.add_paragraph("Handlingsplan 2025 för Lunds kommun")
    document.add_heading("Tabell 2", level=2)

    def table(rows: list[list[str]], fill: str) -> None:
        added = document.add_table(rows=len(rows), cols=len(rows[0]))
        for row, values in zip(added.rows, rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
                if not value:
                    cell._tc.get_or_add_tcPr().append(
                        parse_xml(f'<w:shd {_W} w:val="clear" w:fill="{fill}"/>')
                    )

    table([["Aktivitet", "Ansvarig", "Bedömning"], ["Vandring", "Anna Berg", ""]], "FF0000")
    document.add_paragraph("En lång förklarande text som inte är någon rubrik, utan löptext.")
    table([["Åtgärd", "Vem", "Bedömning"], ["Samtal", "Polisen", ""]], "00B050")
    out = io.BytesIO()
    document.save(out)
    report = read_plan(out.getvalue(), "p.docx")
    assert not report.errors, report.errors
    found = [(a.title, a.sheet, a.assessment) for p in report.agreements for a in p.activities]
    assert [(title, str(assessment)) for title, _, assessment in found] == [
        ("Vandring", "Röd"),
        ("Samtal", "Grön"),
    ]
    assert len({sheet for _, sheet, _ in found}) == 2
    assert len(report.column_mapping) == 2


# -- as much as the guard lets through, within the hostile corpus's ceilings ---------------


def _big_cell(text: bytes, properties: bytes = b"") -> bytes:
    return b"<w:tc>" + properties + b"<w:p><w:r><w:t>" + text + b"</w:t></w:r></w:p></w:tc>"


def _most_cells() -> bytes:
    """3,150 rows of Word's 63 columns, every cell a text of its own: 198,450 cells."""
    names = (b"Aktivitet", b"Ansvarig", b"Status", b"Klart senast")
    header = b"".join(_big_cell(h) for h in names)
    header += b"".join(_big_cell(b"Extra %d" % i) for i in range(59))
    rows = [
        b"<w:tr>"
        + _big_cell(b"Aktivitet %d" % n)
        + _big_cell(b"Anna Berg %d" % n)
        + _big_cell("Pågår".encode())
        + _big_cell(b"2025-05-%02d" % (n % 28 + 1))
        + b"".join(_big_cell(b"v. %d - %d kv%d" % (n, i, i)) for i in range(59))
        + b"</w:tr>"
        for n in range(3149)
    ]
    return _document(b"<w:tbl><w:tr>" + header + b"</w:tr>" + b"".join(rows) + b"</w:tbl>")


def _most_merges() -> bytes:
    """3,100 rows of 63 cells, each merged down from the row above."""
    header = b"".join(_big_cell(h) for h in (b"Aktivitet", b"Ansvarig", b"Status"))
    header += b"".join(_big_cell(b"E%d" % i) for i in range(60))
    restart = b'<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>'
    first = b"".join(_big_cell(b"x%d" % i, restart) for i in range(63))
    more = b"<w:tr>" + b"<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>" * 63 + b"</w:tr>"
    return _document(
        b"<w:tbl><w:tr>" + header + b"</w:tr><w:tr>" + first + b"</w:tr>" + more * 3100
        + b"</w:tbl>"
    )  # fmt: skip


def _most_comments() -> bytes:
    """150,000 comments (16 MB of XML, the most a member unpacks to at any ratio), each
    with digits the personal-data screen must look at."""
    base = zipfile.ZipFile(io.BytesIO(FIXTURE.read_bytes()))
    assert "word/comments.xml" not in base.namelist()
    comments = b"".join(
        b'<w:comment w:id="%d" w:author="a"><w:p><w:r><w:t>Ring 070-%07d om 1912121%d'
        b"</w:t></w:r></w:p></w:comment>" % (i, i, i % 10)
        for i in range(150_000)
    )
    kinds = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in base.infolist():
            content = base.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/word/comments.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>',
                )
            elif item.filename == "word/_rels/document.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rC1" Type="' + kinds + b'" Target="comments.xml"/>'
                    b"</Relationships>",
                )
            archive.writestr(item.filename, content)
        archive.writestr(
            "word/comments.xml",
            b'<?xml version="1.0"?><w:comments ' + _W.encode() + b">" + comments
            + b"</w:comments>",
        )  # fmt: skip
    return out.getvalue()


_MOST = {
    "celler": (_most_cells, 0, "3\xa0149 aktiviteter"),
    "sammanslagningar": (_most_merges, 2, "finns på två rader"),
    "kommentarer": (_most_comments, 0, "5 aktiviteter"),
}


@pytest.mark.parametrize("name", sorted(_MOST))
def test_the_most_a_docx_may_hold_is_read_within_the_ceilings(name: str, tmp_path: Path) -> None:
    build, code, said = _MOST[name]
    path = tmp_path / "plan.docx"
    path.write_bytes(build())
    result = run_import(str(path), "--db", str(tmp_path / "t.duckdb"), "--kommun", "Lund")
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode == code, result.stderr
    assert said in result.stdout + result.stderr
