"""`samverkan import --mapping`: the choices are applied, remembered for the kommun, and used
again by its next import (a given choice wins over a remembered one)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from samverkan import store
from samverkan.cli import main
from tests.conftest import make_activity_row, make_plan_workbook, store_snapshot

HEADERS = ("ID", "Fokusområde", "Aktivitet", "Kontakt", "Slutdatum", "Status", "Budget")
REMEMBERED = "kolumnvalen från förra uppladdningen används"


def write_plan(path: Path, kommun: str, *titles: str) -> Path:
    """A plan with an unknown column Kontakt (the owner) and Budget, for the kommun."""
    rows = [
        make_activity_row(
            ID=f"K{n}", Aktivitet=title, Kontakt=f"Kontakt {n}", Budget="5 000 kr",
            Slutdatum=dt.date(2024, 3 + n, 1), Kommun=kommun,
        )
        for n, title in enumerate(titles, start=1)
    ]  # fmt: skip
    path.write_bytes(make_plan_workbook(rows, headers=(*HEADERS, "Kommun")))
    return path


def write_mapping(path: Path, mapping: dict[str, str]) -> Path:
    path.write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    return path


def owners(db_path: Path, kommun: str, capsys: pytest.CaptureFixture[str]) -> dict[str, str | None]:
    capsys.readouterr()
    assert main(["status", "--db", str(db_path), "--kommun", kommun, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    return {a["title"]: a["owner"] for a in document["activities"]}


def remembered(db_path: Path, kommun: str) -> dict[str, str]:
    with store.open_store(db_path) as con:
        return store.fetch_column_mapping(con, kommun)


def test_a_mapping_file_is_applied_and_remembered_for_the_next_import(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = write_mapping(tmp_path / "map.json", {"Kontakt": "owner", "Budget": ""})
    first = write_plan(tmp_path / "v1.xlsx", "Höör", "Grannsamverkan")
    assert main(["import", str(first), "--db", str(db_path), "--mapping", str(mapping)]) == 0
    assert REMEMBERED not in capsys.readouterr().out
    assert remembered(db_path, "Höör") == {"Kontakt": "owner", "Budget": ""}
    assert owners(db_path, "Höör", capsys) == {"Grannsamverkan": "Kontakt 1"}

    second = write_plan(tmp_path / "v2.xlsx", "Höör", "Grannsamverkan", "Nattvandring")
    assert main(["import", str(second), "--db", str(db_path)]) == 0
    assert f"v2.xlsx: {REMEMBERED}." in capsys.readouterr().out
    assert owners(db_path, "Höör", capsys) == {
        "Grannsamverkan": "Kontakt 1",
        "Nattvandring": "Kontakt 2",
    }


@pytest.mark.parametrize(
    ("given", "owner", "kept"),
    [
        # nothing given: the remembered choice is used and stays
        (None, "Kontakt 1", {"Kontakt": "owner"}),
        # a given choice wins over the remembered one and is remembered instead
        ({"Kontakt": "extra"}, None, {"Kontakt": "extra"}),
        ({"Kontakt": ""}, None, {"Kontakt": ""}),
        # a choice for another column leaves the remembered one as it was
        ({"Budget": "comment"}, "Kontakt 1", {"Kontakt": "owner", "Budget": "comment"}),
    ],
)
def test_a_given_choice_wins_over_a_remembered_one(
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    given: dict[str, str] | None,
    owner: str | None,
    kept: dict[str, str],
) -> None:
    with store.open_store(db_path) as con:
        store.save_column_mapping(con, "Höör", {"Kontakt": "owner"})
    plan = write_plan(tmp_path / "plan.xlsx", "Höör", "Grannsamverkan")
    argv = ["import", str(plan), "--db", str(db_path)]
    if given is not None:
        argv += ["--mapping", str(write_mapping(tmp_path / "map.json", given))]
    assert main(argv) == 0
    assert owners(db_path, "Höör", capsys) == {"Grannsamverkan": owner}
    assert remembered(db_path, "Höör") == kept


def test_another_kommun_does_not_get_the_choices(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = write_mapping(tmp_path / "map.json", {"Kontakt": "owner"})
    hoor = write_plan(tmp_path / "hoor.xlsx", "Höör", "Grannsamverkan")
    assert main(["import", str(hoor), "--db", str(db_path), "--mapping", str(mapping)]) == 0
    lund = write_plan(tmp_path / "lund.xlsx", "Lund", "Trygghetsvandring")
    assert main(["import", str(lund), "--db", str(db_path)]) == 0
    assert REMEMBERED not in capsys.readouterr().out
    assert owners(db_path, "Lund", capsys) == {"Trygghetsvandring": None}
    assert remembered(db_path, "Lund") == {}


def test_a_refused_file_remembers_nothing(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with store.open_store(db_path):
        pass
    before = store_snapshot(db_path)
    mapping = write_mapping(tmp_path / "map.json", {"Kontakt": "owner"})
    plan = write_plan(tmp_path / "plan.xlsx", "Atlantis", "Grannsamverkan")
    assert main(["import", str(plan), "--db", str(db_path), "--mapping", str(mapping)]) == 2
    assert "ingen svensk kommun" in capsys.readouterr().err
    assert store_snapshot(db_path) == before


def test_the_same_file_again_changes_nothing_even_with_new_choices(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = write_plan(tmp_path / "plan.xlsx", "Höör", "Grannsamverkan")
    first = write_mapping(tmp_path / "first.json", {"Kontakt": "owner"})
    assert main(["import", str(plan), "--db", str(db_path), "--mapping", str(first)]) == 0
    before = store_snapshot(db_path)
    other = write_mapping(tmp_path / "other.json", {"Kontakt": "comment"})
    assert main(["import", str(plan), "--db", str(db_path), "--mapping", str(other)]) == 0
    assert "redan importerad" in capsys.readouterr().out
    assert store_snapshot(db_path) == before


def test_no_store_is_created_to_look_for_remembered_choices(tmp_path: Path) -> None:
    db_path = tmp_path / "saknas.duckdb"
    plan = write_plan(tmp_path / "plan.xlsx", "Atlantis", "Grannsamverkan")
    assert main(["import", str(plan), "--db", str(db_path)]) == 2
    assert not db_path.exists()


def test_import_says_which_columns_their_contents_decided_and_a_mapping_overrules_them(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        make_activity_row(ID=f"L{n}", Aktivitet=f"Aktivitet {n}", Kommun="Höör", Läge=status)
        for n, status in enumerate(("Pågår", "Klar", "Pågår"), start=1)
    ]
    headers = ("ID", "Aktivitet", "Slutdatum", "Kommun", "Läge")
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(make_plan_workbook(rows, headers=headers))
    assert main(["import", str(plan), "--db", str(db_path)]) == 0
    why = (
        "Kolumnen ”Läge” – Tolkad som Status: 3 av 3 värden är en status (t.ex. Pågår eller Klar)."
    )
    assert why in capsys.readouterr().out

    mapping = write_mapping(tmp_path / "map.json", {"Läge": "comment"})
    again = tmp_path / "plan-2.xlsx"
    again.write_bytes(make_plan_workbook(rows[:2], headers=headers))
    assert main(["import", str(again), "--db", str(db_path), "--mapping", str(mapping)]) == 0
    assert "Kolumnen ”Läge”" not in capsys.readouterr().out
