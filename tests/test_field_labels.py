"""One table of field labels: the import, the upload page's dropdowns and its table agree."""

from __future__ import annotations

import pytest

from samverkan.excel.locate import EXTRA, FIELD_SYNONYMS, IGNORE
from samverkan.models import (
    COLUMN_CHOICE_LABELS,
    COLUMN_READ_AS_LABELS,
    EXTRA_COLUMN,
    FIELD_LABELS,
    IGNORED_COLUMN,
    Activity,
    Agreement,
)
from samverkan.web.tables import column_mapping_table


def test_every_field_the_import_reads_has_one_label() -> None:
    assert set(FIELD_LABELS) == set(FIELD_SYNONYMS)


def test_the_import_maps_to_the_same_extra_and_ignored_choices() -> None:
    assert (EXTRA, IGNORE) == (EXTRA_COLUMN, IGNORED_COLUMN)


@pytest.mark.parametrize("labels", [COLUMN_CHOICE_LABELS, COLUMN_READ_AS_LABELS])
def test_dropdown_and_table_use_the_same_words_for_fields(labels: dict[str, str]) -> None:
    assert {k: v for k, v in labels.items() if k in FIELD_LABELS} == FIELD_LABELS
    assert set(labels) == {*FIELD_LABELS, EXTRA_COLUMN, IGNORED_COLUMN}


@pytest.mark.parametrize("field", list(FIELD_LABELS))
def test_a_fields_label_is_its_swedish_alias_in_the_model(field: str) -> None:
    model = Agreement if field in ("kommun", "lpo") else Activity
    assert model.model_fields[field].alias == FIELD_LABELS[field]


@pytest.mark.parametrize(
    ("field", "shown"),
    [
        ("title", "Aktivitet"),
        ("due", "Slutdatum"),
        ("lpo", "Lokalpolisområde"),
        (EXTRA_COLUMN, "Extra kolumn (behålls som den skrevs)"),
        (IGNORED_COLUMN, "(läses inte in)"),
    ],
)
def test_the_upload_pages_table_says_what_a_header_was_read_as(field: str, shown: str) -> None:
    frame = column_mapping_table({"Rubrik": field})
    assert list(frame["Läses som"]) == [shown]


def test_the_dropdown_offers_the_fields_first_then_extra_and_ignore() -> None:
    assert list(COLUMN_CHOICE_LABELS)[:2] == ["title", "activity_key"]
    assert list(COLUMN_CHOICE_LABELS)[-2:] == [EXTRA_COLUMN, IGNORED_COLUMN]
    assert COLUMN_CHOICE_LABELS[EXTRA_COLUMN] == "Behåll som extra kolumn"
    assert COLUMN_CHOICE_LABELS[IGNORED_COLUMN] == "Läs inte in"
