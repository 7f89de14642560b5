"""Columns decided by their contents, as an attacker fills them (excel.contents, excel.locate).

- cells crafted to make the profiler slow: a text is tried as a date range cut at every
  dash, so a long text of dashes took time by the square of its length; now a text longer
  than any date is no date, and a plan of such cells is read within the hostile corpus's
  ceilings;
- headers crafted to drive a terminal (ESC, CSI) or to look like one field and map as
  another (zero-width and bidi characters): a header is read as every cell is, without them,
  and `samverkan import` prints no control character;
- headers crafted to inject Markdown or HTML into the upload page: the dropdown's label and
  the reason under it show the header as itself;
- contents that would move a column to a field shown publicly (the Medborgarlöften page
  shows titles, promises and status; never owners or comments): the contents never give a
  column the title, the promise, the ID, the focus area or the ej offentlig mark.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from samverkan.excel.contents import _kind_of, column_notes, decide_by_contents
from samverkan.excel.locate import field_for_header, locate_table
from samverkan.excel.parse import parse_due
from samverkan.importing.reading import read_plan
from tests.importing.test_hostile import run_import
from tests.importing.test_hostile_word import _document

TITLE = "Handlingsplan 2025 för Lunds kommun"


def _workbook(rows: list[list[Any]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([TITLE])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# -- a slow profiler ------------------------------------------------------------------------

_LONG = 40_000
_SLOW = {
    "streck": "-" * _LONG,
    "siffra-streck": "1-" * (_LONG // 2),
    "datum-streck": "2024-01-" * (_LONG // 8),
    "veckor": "v. 1" * (_LONG // 4),
    "kvartal": "kv1 " * (_LONG // 4),
    "versaler": "A" * _LONG,
    "versaler-mellanslag": "Aa " * (_LONG // 3),
    "kommatecken": "Anna B, " * (_LONG // 8),
    "snedstreck": "1/" * (_LONG // 2),
    "terminer": "HT VT " * (_LONG // 6),
}


@pytest.mark.parametrize("name", sorted(_SLOW))
def test_a_long_crafted_cell_is_profiled_and_parsed_in_linear_time(name: str) -> None:
    """Each such cell took up to a second (40,000 dashes: 1.1 s, 100,000: 7 s)."""
    text = _SLOW[name] + name  # a value of its own: the profile's cache does not help
    _kind_of.cache_clear()
    started = time.perf_counter()
    _kind_of(text)
    parse_due(text, 2025)
    assert time.perf_counter() - started < 0.5


def test_dates_as_long_as_plans_write_them_are_still_read() -> None:
    for text in (
        "Klart senast till och med första kvartalet 2024 – fjärde kvartalet 2025",
        "2024-01-01 12:00:00 – 2024-12-31 12:00:00",
    ):
        assert parse_due(text, 2025).due is not None, text
    long_text = "Löpande under året, " + "i samråd med skolorna och fritidsgårdarna " * 4
    assert parse_due(long_text, 2025).is_standing


def test_a_plan_of_crafted_slow_cells_is_read_within_the_ceilings(tmp_path: Path) -> None:
    """300 cells of 40,000 dashes in a 100 kB .docx: five minutes before, seconds now."""

    def cell(text: str) -> bytes:
        return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>".encode()

    header = b"<w:tr>" + b"".join(
        cell(h) for h in ("Aktivitet", "Klart senast", "Vad", "Hur", "När")
    )
    rows = [
        b"<w:tr>"
        + cell(f"Aktivitet {n}")
        + b"".join(cell("-" * _LONG + f"{n}{c}") for c in "abcd")
        + b"</w:tr>"
        for n in range(75)
    ]
    path = tmp_path / "plan.docx"
    path.write_bytes(_document(b"<w:tbl>" + header + b"</w:tr>" + b"".join(rows) + b"</w:tbl>"))
    assert zipfile.ZipFile(path).getinfo("word/document.xml").file_size > 12_000_000
    result = run_import(str(path), "--db", str(tmp_path / "t.duckdb"), "--kommun", "Lund")
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode == 0, result.stderr


# -- headers that drive a terminal or hide what they say ---------------------------------


def _with_escapes(data: bytes) -> bytes:
    """The workbook with ESC and BEL written as Excel escapes them (_x001B_), which the reader
    turns back into the characters."""
    base = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in base.namelist():
            content = base.read(name)
            if name.endswith(".xml"):
                content = content.replace(b"ESC", b"_x001B_").replace(b"BEL", b"_x0007_")
            archive.writestr(name, content)
    return out.getvalue()


_TERMINAL = [
    "Aktivitet",
    "AnsvarigESC[2JESC]0;tagenBEL",  # clear the screen, set the window's title
    "Sta\x9b31mtus",  # CSI as one C1 character, valid in XML
    "Kommentar\u202e",
]


def test_samverkan_import_prints_no_control_character_from_a_header(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    rows = [_TERMINAL, ["Vandring", "Klar", "Pågår", "x"], ["Natt", "Pågår", "Pågår", "y"]]
    path.write_bytes(_with_escapes(_workbook(rows)))
    result = subprocess.run(
        [sys.executable, "-m", "samverkan", "import", str(path), "--db", str(tmp_path / "t.db")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    printed = result.stdout + result.stderr
    assert "Kolumnen ”Ansvarig[2J]0;tagen”" in printed  # the reason is printed, as text
    for control in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert control not in printed


def test_the_terminal_text_shows_control_characters_as_replacement_marks() -> None:
    from samverkan.cli.common import terminal_text

    assert terminal_text("a\x1b[2Jb\x9bc\u202ed\ne\tf") == "a\ufffd[2Jb\ufffdc\ufffdd\ne\tf"


_HIDDEN = ["\u200b", "\u200d", "\u2060", "\u00ad", "\u202e", "\u2066", "\u061c", "\ufeff", "\x85"]


@pytest.mark.parametrize("mark", _HIDDEN, ids=[f"U+{ord(m):04X}" for m in _HIDDEN])
def test_an_invisible_character_in_a_header_neither_hides_nor_shows_it(mark: str) -> None:
    """'Akti\u200bvitet' looks like Aktivitet: it is read as Aktivitet, and shown without it."""
    headers = [f"Akti{mark}vitet", f"Ansv{mark}arig", f"Sta{mark}tus", f"{mark}Kommentar"]
    report = read_plan(
        _workbook(
            [
                headers,
                ["Vandring", "Anna Berg", "Pågår", "Bra"],
                ["Natt", "Omar Svensson", "Klar", ""],
            ]
        ),
        "plan.xlsx",
    )
    assert not report.errors, report.errors
    (mapping,) = report.column_mapping.values()
    assert mapping == {
        "Aktivitet": "title",
        "Ansvarig": "owner",
        "Status": "status",
        "Kommentar": "comment",
    }


# -- headers that inject Markdown or HTML into the upload page ---------------------------

_INJECTED = "**Ansvarig** [klicka](javascript:alert(1)) <img src=x onerror=alert(1)> :red[x] $x$"


def _draw_hostile_choices() -> None:
    from samverkan.importing.pipeline import ImportOutcome
    from samverkan.models import ImportReport
    from samverkan.web.column_choice import render_column_choices

    header = "**Ansvarig** [klicka](javascript:alert(1)) <img src=x onerror=alert(1)> :red[x] $x$"
    report = ImportReport(
        file_name="plan.xlsx",
        column_mapping={"Blad": {"Aktivitet": "title", header: "status", "Läge": "extra"}},
        column_reasons={
            "Blad": {
                header: "2 av 3 värden är en status (t.ex. Pågår eller Klar)",
                "Läge": f"kolumnen ”{header}” passar bättre som Status (2 av 3 mot 1 av 3)",
            }
        },
    )
    render_column_choices("0" * 64, ImportOutcome(report=report, summary=None))


def test_a_header_is_shown_as_itself_in_the_dropdowns_label_and_its_reason() -> None:
    app = AppTest.from_function(_draw_hostile_choices, default_timeout=60)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    shown = [s.label for s in app.selectbox] + [c.value for c in app.caption]
    assert len(shown) == 4
    unescaped = re.compile(r"(?<!\\)(?:\*\*Ansvarig|\[klicka|<img|:red|\$x)")
    for text in shown:
        assert not unescaped.search(text), text
    assert any(r"\*\*Ansvarig\*\*" in text for text in shown)
    # Its dropdown's label, and the reason of the column that lost to it, which names it.
    assert sum(r"\<img" in text for text in shown) == 2


def test_the_reasons_carry_the_header_as_written_for_the_page_to_escape() -> None:
    data = _workbook(
        [
            ["Aktivitet", _INJECTED, "Tidplan"],
            ["Vandring", "Klar", "2025-05-01"],
            ["Natt", "Pågår", "2025-06-01"],
            ["Samtal", "Pågår", "2025-07-01"],
        ]
    )
    notes = column_notes(read_plan(data, "plan.xlsx"))
    assert _INJECTED in notes


# -- contents never make a column public -------------------------------------------------

_PUBLIC_OR_KEY = frozenset({"title", "citizen_promise", "activity_key", "focus_area"})
_PUBLIC_OR_KEY |= {"confidential"}
_HEADERS = [
    "Aktivitet", "Ansvarig", "Kontaktperson", "Kommentar", "Anteckningar", "Medborgarlöfte",
    "Ej offentlig", "Vem", "Uppföljning", "Klar", "Status", "Fokusområde", "Nr", "Övrigt",
    "Lägesbeskrivning", "Part", "Deltagare",
]  # fmt: skip
_CELLS = [
    "Anna Berg", "Omar S.", "Anna Berg 070-123 45 67", "Trygghetssamordnare", "Klar",
    "Pågår", "Ej påbörjad", "Grön", "Röd", "Kommun", "Polis", "Gemensam", "Ja", "Nej", "X",
    "2025-05-01", "v. 20", "HT 2025", "Löpande", "Soc, Fritid och Skola", "Ring mamman om sonen",
    "Socialförvaltningen", "LPO Lund", "",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    headers=st.lists(st.sampled_from(_HEADERS), min_size=2, max_size=6, unique=True),
    cells=st.lists(st.lists(st.sampled_from(_CELLS), min_size=6, max_size=6), max_size=12),
)
def test_the_contents_never_give_a_column_a_public_field_its_header_does_not_name(
    headers: list[str], cells: list[list[str]]
) -> None:
    rows: list[list[Any]] = [list(headers), *[row[: len(headers)] for row in cells]]
    layout = locate_table(rows)
    if layout is None:
        return
    decide_by_contents(layout, rows)
    for column, name in layout.columns.items():
        if name in _PUBLIC_OR_KEY:
            assert field_for_header(layout.headers[column]) == name, (layout.headers, name)
