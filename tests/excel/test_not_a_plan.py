"""A PDF, an old Word file (.doc) or an .odt is not read as a plan: a Swedish sentence says how
to make one (a .docx is read: tests/excel/test_word.py)."""

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


def odt() -> bytes:
    """An OpenDocument text: a zip whose mimetype says so."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
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
        (pdf, ["Filen är en PDF", "Word-dokument (.docx)", "Excel-arbetsbok (.xlsx)"]),
        (doc, ["äldre Word-dokument (.doc)", "Spara som", "Word-dokument (.docx)", ".xlsx"]),
        (odt, ["OpenDocument-textdokument (.odt)", "Spara som", ".docx"]),
        (xls, ["äldre Excel-fil (.xls)", "Excel-arbetsbok (.xlsx)"]),
    ],
    ids=["pdf", "doc", "odt", "xls"],
)
def test_the_refusal_names_the_file_and_says_what_to_do(make, words: list[str]) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RefusedFile) as refused:
        guard_spreadsheet(make())
    for word in words:
        assert word in str(refused.value)


@pytest.mark.parametrize("make", [pdf, doc, odt], ids=["pdf", "doc", "odt"])
def test_an_upload_of_one_changes_nothing(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "s.duckdb"
    outcome = import_workbook(make(), "plan.pdf", db_path=db)
    assert outcome.summary is None
    (error,) = outcome.report.errors
    assert ".docx" in error.message
    assert not db.exists()


def test_the_command_line_refuses_an_old_word_plan_with_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "plan.doc"
    path.write_bytes(doc())
    result = subprocess.run(
        [sys.executable, "-m", "samverkan", "import", str(path), "--db", str(tmp_path / "s.db"),
         "--kommun", "Lund"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert 'Spara som → "Word-dokument (.docx)"' in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
