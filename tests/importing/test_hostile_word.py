"""Hostile Word documents: each is refused with a Swedish reason, within the same ceilings as
the hostile workbooks (tests/importing/test_hostile.py), and the store is untouched."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import store_snapshot
from tests.importing.test_hostile import populated_store, run_import

__all__ = ["populated_store"]  # the fixture, used by name below

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "word" / "plan_per_focus_area.docx"
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _with_document(body: Callable[[Callable[[bytes], object]], None]) -> bytes:
    """The LibreOffice fixture with word/document.xml replaced by what `body` writes."""
    base = zipfile.ZipFile(io.BytesIO(FIXTURE.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for item in base.infolist():
            if item.filename != "word/document.xml":
                archive.writestr(item.filename, base.read(item))
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            body(member.write)
    return out.getvalue()


def _document(inner: bytes) -> bytes:
    def write(put: Callable[[bytes], object]) -> None:
        put(b'<?xml version="1.0" encoding="UTF-8"?><w:document ' + _W.encode() + b"><w:body>")
        put(inner)
        put(b"</w:body></w:document>")

    return _with_document(write)


def zip_bomb() -> bytes:
    """The document's text would unpack to 100 MB of spaces (a thousand times its size)."""

    def write(put: Callable[[bytes], object]) -> None:
        chunk = b" " * (1 << 20)
        for _ in range(600):
            put(chunk)

    return _with_document(write)


def billion_laughs() -> bytes:
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]><w:document {_W}><w:body>'
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>&a9;</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "</w:body></w:document>"
    )
    return _with_document(lambda put: put(xml.encode()))


def billion_laughs_in_comments() -> bytes:
    data = FIXTURE.read_bytes()
    base = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    xml = (
        '<?xml version="1.0"?><!DOCTYPE c [<!ENTITY a0 "ha"><!ENTITY a1 "&a0;&a0;&a0;">]>'
        f'<w:comments {_W}><w:comment w:id="0"><w:p><w:r><w:t>&a1;</w:t></w:r></w:p>'
        "</w:comment></w:comments>"
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in base.infolist():
            archive.writestr(item.filename, base.read(item))
        archive.writestr("word/comments.xml", xml)
    return out.getvalue()


def ten_thousand_tables() -> bytes:
    table = b"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Aktivitet</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    return _document(table * 10_000)


def huge_table() -> bytes:
    """One table of 40,000 rows, each a cell spanning 63 columns: 2.5 million cells."""
    row = b'<w:tr><w:tc><w:tcPr><w:gridSpan w:val="63"/></w:tcPr><w:p/></w:tc></w:tr>'
    return _document(b"<w:tbl>" + row * 40_000 + b"</w:tbl>")


def span_beyond_any_number() -> bytes:
    """Cells claiming spans of a billion columns: counted at Word's 63 each."""
    row = b'<w:tr><w:tc><w:tcPr><w:gridSpan w:val="999999999"/></w:tcPr><w:p/></w:tc></w:tr>'
    return _document(b"<w:tbl>" + row * 40_000 + b"</w:tbl>")


HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "zip-bomb": (zip_bomb, "zip-bomb"),
    "miljard-skratt": (billion_laughs, "doctype"),
    "miljard-skratt-i-kommentarer": (billion_laughs_in_comments, "doctype"),
    "tiotusen-tabeller": (ten_thousand_tables, "10\xa0000 tabeller"),
    "jattetabell": (huge_table, "celler, fler än gränsen"),
    "spann-utan-slut": (span_beyond_any_number, "celler, fler än gränsen"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_word_document_is_refused_and_nothing_changes(
    name: str, populated_store: Path, tmp_path: Path
) -> None:
    build, reason = HOSTILE[name]
    path = tmp_path / "plan.docx"
    path.write_bytes(build())
    before = store_snapshot(populated_store)
    result = run_import(str(path), "--db", str(populated_store), "--kommun", "Lund")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "Inget har ändrats" in result.stderr
    assert reason in result.stderr.casefold()
    assert store_snapshot(populated_store) == before


def test_a_large_honest_table_within_the_budget_is_read_in_time(tmp_path: Path) -> None:
    """15,000 rows of 10 empty cells pass the guard; the sandboxed read says no table."""
    row = b"<w:tr>" + b"<w:tc><w:p/></w:tc>" * 10 + b"</w:tr>"
    path = tmp_path / "plan.docx"
    path.write_bytes(_document(b"<w:tbl>" + row * 15_000 + b"</w:tbl>"))
    result = run_import(str(path), "--db", str(tmp_path / "t.duckdb"), "--kommun", "Lund")
    assert result.returncode == 2, result.stderr
    assert "ingen aktivitetstabell" in result.stderr.casefold()
