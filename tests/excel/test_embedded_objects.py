"""Objects pasted into a plan are refused: their text is never read, so never screened.

The upload keeps the original file, so a Word document with a case note pasted into a
workbook as an object would be stored with the plan, unseen by the personal-data screen.
Pictures and charts are not objects in this sense and pass (an .ods keeps a chart as an
"Object N" too: its manifest says it is a chart).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from samverkan.excel.guard import FileKind, RefusedFile, guard_spreadsheet
from tests.conftest import make_activity_row, make_plan_workbook
from tests.hostile_files import _replace_member, _with_member

FIXTURES = Path(__file__).parents[1] / "fixtures"
ODS = FIXTURES / "libreoffice_plan.ods"
DOCX = FIXTURES / "word" / "plan_per_focus_area.docx"
CHART_ENTRY = (
    '<manifest:file-entry manifest:full-path="Object 1/" '
    'manifest:media-type="application/vnd.oasis.opendocument.chart"/>'
)
TEXT_ENTRY = (
    '<manifest:file-entry manifest:full-path="Object 1/" '
    'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
)


ALT_CHUNK = (
    '<Relationship Id="rIdAlt1" Target="afchunk.mht" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/aFChunk"/>'
)


def _docx_with_alt_chunk() -> bytes:
    """The Word plan with an altChunk: an MHT file Word merges into the text, python-docx not."""
    data = _with_member(DOCX.read_bytes(), "word/afchunk.mht", b"<p>Elev 19121212-1212</p>")
    rels = zipfile.ZipFile(io.BytesIO(data)).read("word/_rels/document.xml.rels").decode()
    rels = rels.replace("</Relationships>", f"{ALT_CHUNK}</Relationships>")
    return _replace_member(data, "word/_rels/document.xml.rels", rels.encode())


def _xlsx() -> bytes:
    return make_plan_workbook([make_activity_row()], sheet="Plan")


def _ods_with_object(entry: str, member: str = "Object 1/content.xml") -> bytes:
    """The LibreOffice plan with one embedded object, declared in its manifest as `entry`."""
    data = _with_member(ODS.read_bytes(), member, b"<office:document-content/>")
    manifest = zipfile.ZipFile(io.BytesIO(data)).read("META-INF/manifest.xml").decode()
    manifest = manifest.replace("</manifest:manifest>", f"{entry}</manifest:manifest>")
    return _replace_member(data, "META-INF/manifest.xml", manifest.encode())


@pytest.mark.parametrize(
    ("build", "named"),
    [
        (lambda: _with_member(_xlsx(), "xl/embeddings/oleObject1.bin", b"\xd0\xcf"), "oleObject1"),
        (lambda: _with_member(_xlsx(), "xl/embeddings/Dokument.docx", b"PK"), "Dokument.docx"),
        (lambda: _with_member(_xlsx(), "xl/embeddings/Ark.xlsx", b"PK"), "Ark.xlsx"),
        (lambda: _with_member(_xlsx(), "xl/activeX/activeX1.bin", b"\x00"), "activeX1.bin"),
        (lambda: _with_member(DOCX.read_bytes(), "word/embeddings/Blad.xlsx", b"PK"), "Blad.xlsx"),
        (lambda: _ods_with_object(TEXT_ENTRY), "Object 1"),
        (lambda: _ods_with_object(""), "Object 1"),
        (lambda: _ods_with_object("", member="Object 2"), "Object 2"),
        (
            lambda: _ods_with_object(CHART_ENTRY.replace("Object 1/", "Object 9/")),
            "Object 1",
        ),
        (lambda: _with_member(_xlsx(), "XL/Embeddings/oleObject1.bin", b"\xd0"), "oleObject1"),
        (lambda: _with_member(_xlsx(), "./xl/embeddings/Dok.docx", b"PK"), "Dok.docx"),
        (lambda: _with_member(_xlsx(), "xl\\embeddings\\Dok.docx", b"PK"), "Dok.docx"),
        (
            lambda: _with_member(_xlsx(), "xl/externalLinks/externalLink1.xml", b"<x/>"),
            "externalLink1",
        ),
        (_docx_with_alt_chunk, "document.xml.rels"),
        (lambda: _with_member(_ods_with_object(CHART_ENTRY), "Object 1/Ark.xlsx", b"PK"), "Ark"),
        (lambda: _ods_with_object(CHART_ENTRY, member="Object 1"), "Object 1"),
    ],
    ids=[
        "ole-in-xlsx",
        "word-in-xlsx",
        "workbook-in-xlsx",
        "activex-in-xlsx",
        "workbook-in-docx",
        "text-object-in-ods",
        "undeclared-object-in-ods",
        "ole-binary-in-ods",
        "chart-declared-for-another-object",
        "object-folder-in-other-case",
        "object-folder-after-dot-slash",
        "object-folder-with-backslashes",
        "external-link-cache-in-xlsx",
        "alt-chunk-in-docx",
        "workbook-inside-an-ods-chart",
        "ods-chart-that-is-a-binary",
    ],
)
def test_a_file_with_an_embedded_object_is_refused_naming_it(build: object, named: str) -> None:
    with pytest.raises(RefusedFile, match="inbäddat objekt") as refused:
        guard_spreadsheet(build())  # type: ignore[operator]
    assert named in str(refused.value)
    assert "personuppgifter" in str(refused.value)


@pytest.mark.parametrize(
    ("build", "kind"),
    [
        (lambda: _with_member(_xlsx(), "xl/media/image1.png", b"\x89PNG"), FileKind.XLSX),
        (lambda: _with_member(_xlsx(), "xl/charts/chart1.xml", b"<c:chartSpace/>"), FileKind.XLSX),
        (lambda: _with_member(DOCX.read_bytes(), "word/media/logo.png", b"\x89PNG"), FileKind.DOCX),
        (lambda: _ods_with_object(CHART_ENTRY), FileKind.ODS),
        (
            lambda: _ods_with_object(CHART_ENTRY.replace('"Object 1/"', '"./Object 1/"')),
            FileKind.ODS,
        ),
    ],
    ids=["picture-in-xlsx", "chart-in-xlsx", "picture-in-docx", "chart-in-ods", "chart-dot-path"],
)
def test_pictures_and_charts_are_not_objects(build: object, kind: FileKind) -> None:
    assert guard_spreadsheet(build()).kind is kind  # type: ignore[operator]
