"""arrow_array: a column of Python values as Arrow, the same with or without pandas loaded."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from typing import Any

import pyarrow as pa
import pytest

from samverkan.store.connection import arrow_array

COLUMNS = [
    ([1, None, 3, 2**31 - 1, -(2**31)], pa.int32()),
    ([1, 2**40, None], pa.int64()),
    (["Höör", None, "", "ej offentlig – 'citat'", "a\nb"], pa.string()),
    ([dt.date(2024, 2, 29), None, dt.date(1999, 12, 31)], pa.date32()),
    ([True, False, None], pa.bool_()),
    ([1.5, None, -0.0, 1e300], pa.float64()),
    ([], pa.string()),
    ([], pa.int32()),
]


# DuckDB only: arrow_array feeds DuckDB's Arrow scan; PostgreSQL takes rows through COPY.
@pytest.mark.parametrize(("values", "type_"), COLUMNS, ids=lambda v: str(v)[:20])
def test_a_column_is_the_same_arrow_array_with_or_without_pandas(
    monkeypatch: pytest.MonkeyPatch, values: list[Any], type_: pa.DataType
) -> None:
    expected = pa.array(values, type=type_)
    monkeypatch.setitem(sys.modules, "pandas", sys.modules.get("pandas"))
    with_pandas = arrow_array(iter(values), type_)
    monkeypatch.delitem(sys.modules, "pandas")
    without = arrow_array(iter(values), type_)
    for made in (with_pandas, without):
        assert made.type == type_
        assert made.equals(expected)
        assert made.to_pylist() == values


def test_the_command_lines_import_never_loads_pandas(store_location: str) -> None:
    """Saving a plan in a process without pandas leaves it out (51 MB and 0.2 s)."""
    script = (
        "import sys, datetime as dt\n"
        "from samverkan import store\n"
        "from samverkan.confidentiality import carry_confidential_marks\n"
        "from samverkan.models import Activity, Agreement, ImportReport, ParsedAgreement\n"
        "plan = ParsedAgreement(agreement=Agreement(kommun='Lund', title='Plan',"
        " period_start=dt.date(2024, 1, 1), period_end=dt.date(2024, 12, 31)),"
        " activities=[Activity(activity_key='A1', title='Insats', sheet='Plan', row=2)])\n"
        "report = ImportReport(file_name='plan.xlsx', agreements=[plan])\n"
        f"with store.open_store({store_location!r}) as con:\n"
        "    store.save_import(con, report, b'fil', uploaded_by='t',"
        " carry_marks=carry_confidential_marks)\n"
        "    store.save_column_mappings(con, ['Lund'], {'Kontakt': 'owner'})\n"
        "print('pandas' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
