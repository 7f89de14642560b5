"""Headers as coordinators write them: qualifiers, abbreviations, plural and definite forms."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverkan.excel.locate import FIELD_SYNONYMS, field_for_header
from samverkan.excel.plan import ImportOptions
from samverkan.importing.reading import read_plan

BURLOV = ImportOptions(kommun="Burlöv")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        # as written, case, accents and punctuation aside
        ("Aktivitet", "title"),
        ("ÅTGÄRD", "title"),
        ("Klart senast:", "due"),
        # what the parentheses say comes first, then the header without them
        ("Vem (part)", "party"),
        ("Ansvarig (förvaltning)", "owner"),
        ("Ansvarig (förvaltning/enhet)", "owner"),
        ("Klart (datum)", "due"),
        ("Åtgärd (vad ska göras)", "title"),
        ("(Status)", "status"),
        # a slash between two names of the same field, or a qualifier after it
        ("Part/huvudman", "party"),
        ("Ansvarig organisation", "party"),
        ("Aktivitet – vad ska göras", "title"),
        # abbreviations with a full stop
        ("Ansv.", "owner"),
        ("Komm.", "comment"),
        ("Anm.", "comment"),
        ("Bed.", "assessment"),
        ("Uppf. datum", "followup_due"),
        ("Genomf. datum", "done_on"),
        ("Beskr. av åtgärd", "title"),
        ("Akt. ID", "activity_key"),
        ("Aktivitet-ID", "activity_key"),
        # plural and definite forms
        ("Aktiviteterna", "title"),
        ("Aktiviteten", "title"),
        ("Åtgärden", "title"),
        ("Åtgärderna", "title"),
        ("Insatserna", "title"),
        ("Statusen", "status"),
        ("Bedömningen", "assessment"),
        ("Fokusområdena", "focus_area"),
        ("Områden", "focus_area"),
        ("Kommentaren", "comment"),
        ("Aktörer", "party"),
        ("Parten", "party"),
        ("Ansvariga", "owner"),
        ("Medborgarlöftena", "citizen_promise"),
        ("Uppföljningen", "?uppfoljning"),
        # a line break inside the header cell
        ("Klart\nsenast", "due"),
        ("Ansvarig\n(förvaltning)", "owner"),
        # not headers of ours: kept as extra columns, never guessed
        ("Orsak", None),
        ("Operativa mål", None),
        ("Datum", None),
        ("Kr.", None),
        ("", None),
        ("()", None),
    ],
)
def test_a_header_names_its_field(header: str, expected: str | None) -> None:
    assert field_for_header(header) == expected


SINGLE_WORD_SYNONYMS = sorted(
    (synonym, name)
    for name, synonyms in FIELD_SYNONYMS.items()
    for synonym in synonyms
    if " " not in synonym and len(synonym) >= 4
)


@given(
    st.sampled_from(SINGLE_WORD_SYNONYMS),
    st.sampled_from(["", "en", "et", "na", "erna", "arna"]),
    st.sampled_from([str.lower, str.upper, str.title]),
)
def test_a_definite_or_plural_ending_keeps_a_known_header_its_field(
    synonym_and_field: tuple[str, str], ending: str, case: object
) -> None:
    """A synonym with an ending names its field, or nothing: never another field."""
    synonym, name = synonym_and_field
    written = case(synonym + ending)  # type: ignore[operator]
    assert field_for_header(written) in {name, None}


def test_a_plan_with_such_headers_reads_every_field() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Aktiviteterna", "Vem (part)", "Ansv.", "Klart\nsenast", "Statusen", "Komm."])
    ws.append(["Trygghetsvandring", "Kommun", "Fritidsgården", "2024-05-31", "Pågår", "Bra"])
    buffer = io.BytesIO()
    wb.save(buffer)
    report = read_plan(buffer.getvalue(), "plan.xlsx", BURLOV)
    assert report.errors == []
    (activity,) = report.agreements[0].activities
    assert (activity.title, activity.party_text, activity.owner) == (
        "Trygghetsvandring",
        "Kommun",
        "Fritidsgården",
    )
    assert (activity.due, activity.status_text, activity.comment) == (
        dt.date(2024, 5, 31),
        "Pågår",
        "Bra",
    )
