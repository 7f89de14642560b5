"""A PDF or a Word document is not read as a plan: a Swedish sentence says how to make one."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from samverkan.excel.guard import RefusedFile, guard_spreadsheet
from samverkan.importing.pipeline import import_workbook


def pdf() -> bytes:
    return b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"


def docx() -> bytes:
    """What Word writes, in outline: the parts a .docx always has, a table in its body."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Aktivitet'
            "</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>",
        )
    return out.getvalue()


def doc() -> bytes:
    """An old Word file: OLE's header, then a directory naming the WordDocument stream."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    directory = "WordDocument".encode("utf-16-le").ljust(64, b"\x00") + bytes(64)
    return header + directory + bytes(1024)


def xls() -> bytes:
    """An old Excel file: the same OLE header, its stream called Workbook."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    return header + "Workbook".encode("utf-16-le").ljust(64, b"\x00") + bytes(1024)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (pdf, ["Filen är en PDF", "Excel-arbetsbok (.xlsx)", "kopiera"]),
        (docx, ["Word-dokument (.docx)", "läses inte ännu", "Excel-arbetsbok (.xlsx)"]),
        (doc, ["Word-dokument (.doc)", "läses inte ännu", "Klistra in"]),
        (xls, ["äldre Excel-fil (.xls)", "Excel-arbetsbok (.xlsx)"]),
    ],
    ids=["pdf", "docx", "doc", "xls"],
)
def test_the_refusal_names_the_file_and_says_what_to_do(make, words: list[str]) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RefusedFile) as refused:
        guard_spreadsheet(make())
    for word in words:
        assert word in str(refused.value)


@pytest.mark.parametrize("make", [pdf, docx, doc], ids=["pdf", "docx", "doc"])
def test_an_upload_of_one_changes_nothing(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "s.duckdb"
    outcome = import_workbook(make(), "plan.pdf", db_path=db)
    assert outcome.summary is None
    (error,) = outcome.report.errors
    assert "Excel-arbetsbok (.xlsx)" in error.message
    assert not db.exists()


def test_the_command_line_refuses_a_word_plan_with_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes(docx())
    result = subprocess.run(
        [sys.executable, "-m", "samverkan", "import", str(path), "--db", str(tmp_path / "s.db"),
         "--kommun", "Lund"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "Word-dokument (.docx)" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
