"""Remembered column choices: one question for every kommun, one statement for a whole file."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samverkan import store
from samverkan.excel.plan import ImportOptions
from samverkan.importing import pipeline
from samverkan.kommuner import KOMMUNER

FIELDS = ("owner", "working_group", "comment", "", "extra")
MAPPINGS = st.dictionaries(
    # Any header but one with NUL, which the store drops on both engines (test_engines.py).
    st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(FIELDS),
    min_size=1,
    max_size=6,
)


@pytest.fixture(scope="module")
def two_stores(module_store_location: Callable[[str], str]) -> tuple[str, str]:
    """Two stores of the module's engine, which each example empties before it writes."""
    return module_store_location("at_once"), module_store_location("one_by_one")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    saved=st.lists(
        st.tuples(st.lists(st.sampled_from(KOMMUNER[:8]), min_size=1, max_size=4), MAPPINGS),
        max_size=4,
    )
)
def test_mappings_saved_for_many_kommuner_read_back_as_saved_one_by_one(
    two_stores: tuple[str, str], saved: list[tuple[list[str], dict[str, str]]]
) -> None:
    """save_column_mappings for a file = save_column_mapping per kommun; fetch all = each."""
    at_once, one_by_one = two_stores
    for location in two_stores:
        with store.open_store(location) as con:
            con.execute("DELETE FROM column_mapping")
    with store.open_store(at_once) as con:
        for kommuner, mapping in saved:
            store.save_column_mappings(con, kommuner, mapping)
        everything = store.fetch_column_mappings(con)
        some = store.fetch_column_mappings(con, list(KOMMUNER[:3]))
    with store.open_store(one_by_one) as con:
        for kommuner, mapping in saved:
            for kommun in dict.fromkeys(kommuner):
                store.save_column_mapping(con, kommun, mapping)
        each = {k: store.fetch_column_mapping(con, k) for k in KOMMUNER[:8]}
    assert everything == {k: m for k, m in each.items() if m}
    assert some == {k: m for k, m in each.items() if m and k in KOMMUNER[:3]}
    for mapping in everything.values():
        assert list(mapping) == sorted(mapping)


def test_a_file_of_many_kommuner_remembers_its_choices_in_one_statement(
    empty_store: str,
) -> None:
    with store.open_store(empty_store) as con:
        store.save_column_mapping(con, "Lund", {"Kontakt": "owner", "Budget": ""})
        store.save_column_mappings(con, list(KOMMUNER), {"Kontakt": "working_group"})
        mappings = store.fetch_column_mappings(con)
    assert len(mappings) == len(KOMMUNER)
    assert mappings["Lund"] == {"Budget": "", "Kontakt": "working_group"}
    assert mappings["Höör"] == {"Kontakt": "working_group"}


def test_nothing_to_remember_writes_nothing(empty_store: str) -> None:
    with store.open_store(empty_store) as con:
        store.save_column_mappings(con, [], {"Kontakt": "owner"})
        store.save_column_mappings(con, ["Lund"], {})
        assert store.fetch_column_mappings(con) == {}
        assert store.fetch_column_mapping(con, "Lund") == {}


@pytest.mark.parametrize(
    ("kommun", "expected"),
    [
        (None, {"Höör": {"Kontakt": "owner"}, "Lund": {"Budget": ""}}),
        ("Höör", {"Höör": {"Kontakt": "owner"}}),
        ("Malmö", {}),
    ],
)
def test_the_import_asks_the_store_once_for_the_remembered_choices(
    monkeypatch: pytest.MonkeyPatch,
    empty_store: str,
    kommun: str | None,
    expected: dict[str, dict[str, str]],
) -> None:
    with store.open_store(empty_store) as con:
        store.save_column_mapping(con, "Höör", {"Kontakt": "owner"})
        store.save_column_mapping(con, "Lund", {"Budget": ""})
    asked: list[object] = []
    real = store.fetch_column_mappings

    def counted(con: store.Connection, kommuner: list[str] | None = None) -> object:
        asked.append(kommuner)
        return real(con, kommuner)

    monkeypatch.setattr(pipeline.store, "fetch_column_mappings", counted)
    monkeypatch.setattr(pipeline.store, "fetch_column_mapping", None)  # never one by one
    options = ImportOptions(kommun=kommun)
    assert pipeline._remembered_mappings(empty_store, options, 1.0) == expected
    assert len(asked) == 1
